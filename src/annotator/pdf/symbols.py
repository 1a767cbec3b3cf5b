"""A PDF's formulas (reconstructed LaTeX) through the same stages as source math: lexer,
then formulas.paper_symbols (mathparse, tokenize, normalize). The tokens are moved to
where each formula stands in the extracted text, so occurrences point at pages and lines
and keys match the source's."""

from __future__ import annotations

from collections.abc import Callable

from ..formulas import PaperSymbols, paper_symbols
from ..lexer import Tok, lex
from ..model import Location, MathSpan


def formula_symbols(spans: list[MathSpan], name: str, text: str,
                    locate: Callable[[str, int], Location]) -> PaperSymbols:
    """Symbols of every span, as analysis.analyze finds them in source."""
    return paper_symbols((_placed_tokens(span, name) for span in spans), spans, locate,
                         {name: text})


def _placed_tokens(span: MathSpan, name: str) -> list[Tok]:
    """The span's LaTeX lexed, with positions moved from the formula to the text."""
    tokens = list(lex(span.latex, name))
    for token in tokens:
        token.pos += span.location.offset
        token.end += span.location.offset
    return tokens
