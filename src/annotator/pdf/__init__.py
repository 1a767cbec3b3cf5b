"""PDF input: a notation glossary from a paper's PDF text layer."""

from __future__ import annotations

from ..errors import InputError
from ..knowledge import KnowledgeBase
from ..model import Analysis


def analyze_pdf(source: str, data: bytes | None, kb: KnowledgeBase | None,
                quiet: bool = False) -> Analysis:
    """The Analysis of a PDF (`data` for standard input, else read from `source`)."""
    raise InputError("PDF input is not available in this build yet", path=source)
