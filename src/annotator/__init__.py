"""annotator: reads a paper's math and explains its notation.

    import annotator
    paper = annotator.read("paper.tar.gz")
    print(paper.render("markdown"))

The API is `annotator.api` (read, Notation, analyze, build_glossary, render_glossary,
lint_analysis, load_knowledge), re-exported here. It is imported on first use, so
`import annotator` (and the command line) stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:  # what type checkers see; at run time the names load on first use
    from .api import (
        Notation,
        analyze,
        build_glossary,
        is_pdf_source,
        lint_analysis,
        load_knowledge,
        read,
        render_glossary,
    )
    from .errors import InputError, UsageError

_API = frozenset({"Notation", "analyze", "build_glossary", "is_pdf_source", "lint_analysis",
                  "load_knowledge", "read", "render_glossary", "InputError", "UsageError"})

__all__ = ["InputError", "Notation", "UsageError", "__version__", "analyze", "build_glossary",
           "is_pdf_source", "lint_analysis", "load_knowledge", "read", "render_glossary"]


def __getattr__(name: str) -> Any:
    if name in _API:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'annotator' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_API})
