"""Which notes each page gets: the margin lists the symbols first used or defined on the
page (in reading order), then, shorter, the others used there; the popup of each symbol
used on the page goes on its first use there. No PyMuPDF here.

A symbol's popup prefers a use that is not inside another symbol's script: on a page
with `p_\\theta(x)` and, later, `\\theta` alone, θ's note goes on the lone θ, away from
the note on p_θ.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import PlacedEntry, Use


@dataclass(frozen=True)
class PageNotes:
    """The notes of one page."""

    page: int
    """1-based page."""
    new: tuple[PlacedEntry, ...]
    """Symbols first used or defined on this page, in reading order."""
    also: tuple[PlacedEntry, ...]
    """Other symbols used on this page, in order of their first use on it."""
    marks: tuple[tuple[PlacedEntry, Use], ...]
    """Each symbol used on the page with the use its popup goes on (one whose glyphs are
    known)."""


def plan_pages(placed: list[PlacedEntry], page_count: int) -> list[PageNotes]:
    """The notes of every page, from 1 to page_count (pages without symbols get empty
    notes)."""
    new: dict[int, list[tuple[int, PlacedEntry]]] = {}
    used: dict[int, list[tuple[int, PlacedEntry]]] = {}
    marks: dict[int, list[tuple[PlacedEntry, Use]]] = {}
    for entry in placed:
        first = entry.first
        if first is None:
            continue
        introduced = {first.page: first.offset}
        definition = entry.definition
        if definition is not None and definition.page not in introduced:
            introduced[definition.page] = definition.offset
        for page, offset in introduced.items():
            new.setdefault(page, []).append((offset, entry))
        for page, uses in _uses_by_page(entry.uses).items():
            if page not in introduced:
                used.setdefault(page, []).append((uses[0].offset, entry))
            mark = _mark_use(uses)
            if mark is not None:
                marks.setdefault(page, []).append((entry, mark))
    return [PageNotes(page, _in_order(new.get(page, [])), _in_order(used.get(page, [])),
                      tuple(marks.get(page, [])))
            for page in range(1, page_count + 1)]


def _uses_by_page(uses: tuple[Use, ...]) -> dict[int, list[Use]]:
    pages: dict[int, list[Use]] = {}
    for use in uses:
        pages.setdefault(use.page, []).append(use)
    return pages


def _mark_use(uses: list[Use]) -> Use | None:
    """The first use on the page with known glyphs, preferring one outside a script."""
    boxed = [use for use in uses if use.box is not None]
    return next((use for use in boxed if not use.in_script), boxed[0] if boxed else None)


def _in_order(items: list[tuple[int, PlacedEntry]]) -> tuple[PlacedEntry, ...]:
    return tuple(entry for _, entry in sorted(items, key=lambda item: item[0]))


def priority(entry: PlacedEntry) -> int:
    """Which notes a full margin keeps first: the paper's own symbols with a definition,
    then its other symbols, then standard notation (∑, log, ∼)."""
    if entry.entry.group != "symbols":
        return 2
    return 0 if entry.entry.definitions else 1
