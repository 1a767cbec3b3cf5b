"""Optional parts of the install, and the message when one is missing.

PDF input needs PyMuPDF, which is AGPL-3.0: it is the `pdf` extra
(`pip install 'paper-annotator[pdf]'`), so the core package, the pre-commit hook and
anything that embeds annotator carry no copyleft code unless they ask for it. Every
command that opens a PDF (glossary, annotate) calls `require_pdf` first, so a missing
extra is one clear line and exit 2, never an ImportError.
"""

from __future__ import annotations

import importlib.util

from .errors import InputError

DISTRIBUTION = "paper-annotator"
"""The name on PyPI (`annotator` there is another project); the command is `annotator`."""
PDF_EXTRA = f"{DISTRIBUTION}[pdf]"


def installed(module: str) -> bool:
    """True when `module` can be imported: found, not imported (the extras' packages are
    large, and a run that does not need them must not pay for them)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def has_pdf_support() -> bool:
    """True when PyMuPDF can be imported."""
    return installed("pymupdf")


def require_pdf(source: str) -> None:
    """InputError (exit 2) naming `source` when PDF support is not installed."""
    if not has_pdf_support():
        raise InputError(
            f"this is a PDF, and reading PDFs needs the optional PyMuPDF package (AGPL-3.0), "
            f"which is not installed: pip install '{PDF_EXTRA}' (or give the paper's LaTeX "
            "source: an arXiv tarball, a folder or a .tex file)", path=source)
