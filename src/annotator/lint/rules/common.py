"""Helpers the rule families share: occurrences in the author's own files, and the
"one style wins, the others are reported" logic of the mixed-* rules."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ...model import Location, MacroDef, Occurrence, Symbol
from ..context import Context, is_package_file
from ..finding import Problem, Related

_MACRO_CALL = re.compile(r"\\([A-Za-z@]+)")
_WORD = re.compile(r"[a-z][a-z-]{2,}")
_STOP_WORDS = frozenset({
    "the", "and", "for", "with", "that", "this", "these", "those", "which", "are", "its",
    "from", "our", "each", "all", "any", "one", "two", "their", "there", "here", "where",
    "when", "then", "than", "into", "onto", "over", "under", "denote", "denotes", "denoted",
    "represent", "represents", "representing", "defined", "define", "defines", "given", "let",
    "use", "used", "using", "called", "refer", "refers", "simply", "also", "such", "some",
    "other", "same", "both", "number", "size", "value", "values", "set", "vector", "matrix",
    "function", "scalar", "term", "point", "map", "constant", "tensor", "variable", "element",
    "quantity", "portion", "part", "one-hot", "real", "positive", "corresponding",
})
"""Words that say nothing about which quantity a description means."""


def place(location: Location) -> str:
    """'sections/method.tex:12': how a message names another place."""
    return f"{location.file}:{location.line}"


def own_occurrences(symbol: Symbol) -> list[Occurrence]:
    """The uses written in the draft itself (a class file's math is not the author's)."""
    return [o for o in symbol.occurrences if not is_package_file(o.location.file)]


@dataclass(frozen=True, slots=True)
class Use:
    """One use of a notation in a given style (`\\mathbf` for a bold x, `^\\top` for a
    transpose)."""

    location: Location
    """Where the use starts."""
    end: int
    """Offset just past the flagged text."""
    style: str
    """The style, as shown to the user: '\\mathbf', '^\\top', '\\varepsilon'."""
    form: str
    """The use as written: '\\mathbf{x}', '\\vx'."""
    symbol: str = ""
    """The key of the symbol involved."""
    order: tuple[int, int] = (0, 0)
    """Reading order: (math span, offset)."""
    macro: str = ""
    """The author macro it was written with (`vx` for `\\vx`), '' for a direct use."""


def author_macro(context: Context, form: str) -> MacroDef | None:
    """The author macro a use was written with (`\\vx` in `\\vx^\\top`), or None for a
    use written out (`\\bm{x}`)."""
    match = _MACRO_CALL.match(form)
    if match is None:
        return None
    definitions = context.macros_named(match.group(1))
    return definitions[-1] if definitions else None


def deliberate(uses: Iterable[Use]) -> bool:
    """Every style is written only through the author's own macros (`\\va` for a bold
    italic a, `\\rva` for an upright one, as the Deep Learning book does): two macros
    are two notations on purpose, not a slip."""
    return all(use.macro for use in uses)


def minority_problems(uses: Iterable[Use], what: str, advice: str) -> Iterator[Problem]:
    """One problem per use whose style is not the paper's usual one.

    The usual style is the most frequent; on a tie, the one used first. `what` names the
    notation ('bold x', 'the transpose'); `advice` ends the message.
    """
    ordered = sorted(uses, key=lambda u: u.order)
    if not ordered:
        return
    counts = Counter(use.style for use in ordered)
    if len(counts) < 2:
        return
    first_seen = {style: index for index, style in
                  reversed(list(enumerate(u.style for u in ordered)))}
    usual = min(counts, key=lambda style: (-counts[style], first_seen[style]))
    example = next(use for use in ordered if use.style == usual)
    others = counts[usual]
    for use in ordered:
        if use.style == usual:
            continue
        message = (f"{what} is written {use.style} here but {usual} in {others} other "
                   f"place{'s' if others != 1 else ''} (first at {place(example.location)}, "
                   f"`{example.form}`); {advice}")
        yield Problem(use.location, message, end=use.end, symbol=use.symbol,
                      related=(Related(example.location, f"{usual} is used here"),))


def content_words(text: str) -> set[str]:
    """The words of a description that carry its meaning, folded to their stem."""
    words = set()
    for word in _WORD.findall(text.lower()):
        if word in _STOP_WORDS:
            continue
        words.add(word[:-1] if word.endswith("s") and len(word) > 4 else word)
    return words
