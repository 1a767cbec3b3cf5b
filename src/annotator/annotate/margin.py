"""A page's margin notes as HTML, cut to the column. When room runs out, the short
"also used here" list goes first, then the usual meaning of symbols the paper defines
(their definition stays), and if the notes still do not fit, the list ends with "…N
more in the glossary appendix" (a link there) instead of running off the page: the notes
that stay are chosen by priority (the paper's symbols with a definition first, standard
notation last) and shown in reading order.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from html import escape

from .markup import markup
from .model import PlacedEntry
from .notes import MarginLine, margin_line, page_ref, word
from .pages import PageNotes, priority
from .story import fits, measure

ALSO_MAX = 40
"""The 'also used here' list names at most this many symbols."""


@dataclass(frozen=True)
class MarginNotes:
    """What one page's column shows."""

    html: str
    css: str
    shown: tuple[PlacedEntry, ...]
    """The new symbols whose lines are in the column (ids e0, e1, ...; their page
    references p0, p1, ...)."""
    also: tuple[PlacedEntry, ...]
    """The symbols of the 'also used here' list (ids a0, a1, ...)."""
    more: int
    """New symbols left out for lack of room (their line links to the appendix: id
    'more')."""


def css(font_size: float, lang: str = "en") -> str:
    """The column's style; Chinese is never set in italics (a CJK font has none)."""
    small = font_size  # everything at the readable size; the colour says what it is
    slant = "normal" if lang == "zh" else "italic"
    return (
        "body {margin: 0; font-family: serif; color: #1f1f1f; "
        f"font-size: {font_size}pt; line-height: 1.18;}}"
        f"h1 {{font-size: {font_size}pt; font-weight: bold; color: #7a5200; margin: 0 0 3pt 0;}}"
        "div {margin: 0 0 2.6pt 0;}"
        ".s {color: #0b3a8c;}"  # never bold: 𝐱 (bold in Unicode) and x must differ
        ".p {color: #0b3a8c;}"
        f".u {{color: #5a5a5a; font-style: {slant};}}"
        f".also {{font-size: {small}pt; color: #444444; margin: 4pt 0 0 0;}}"
        f".more {{font-size: {small}pt; color: #7a5200; margin: 3pt 0 0 0;}}"
        f".note {{font-size: {small}pt; color: #7a5200; margin: 5pt 0 0 0;}}")


def margin_notes(notes: PageNotes, lang: str, width: float, height: float, font_size: float,
                 appendix_page: int | None, footer: str = "") -> MarginNotes:
    """The notes of a page, cut to a column of `width` × `height`."""
    style = css(font_size, lang)
    new = list(notes.new)
    also = list(notes.also[:ALSO_MAX])
    lines = [margin_line(entry, lang) for entry in new]
    html = _html(lines, also, 0, appendix_page, lang, footer)
    if fits(html, style, width, height):
        return MarginNotes(html, style, tuple(new), tuple(also), 0)
    html = _html(lines, [], 0, appendix_page, lang, footer)
    if fits(html, style, width, height):
        return MarginNotes(html, style, tuple(new), (), 0)
    lines = [_compact(line) for line in lines]  # the paper's words before the usual meaning
    html = _html(lines, [], 0, appendix_page, lang, footer)
    if fits(html, style, width, height):
        return MarginNotes(html, style, tuple(new), (), 0)
    keep = _fitting(new, lines, width, height, style, appendix_page, lang, footer)
    kept = [entry for entry in new if id(entry) in keep]
    kept_lines = [line for entry, line in zip(new, lines, strict=True) if id(entry) in keep]
    more = len(new) - len(kept)
    html = _html(kept_lines, [], more, appendix_page, lang, footer)
    return MarginNotes(html, style, tuple(kept), (), more)


def _compact(line: MarginLine) -> MarginLine:
    """A crowded page's line: a symbol the paper defines keeps only its definition."""
    return replace(line, meaning="") if line.definition else line


def _fitting(new: list[PlacedEntry], lines: list[MarginLine], width: float, height: float,
             style: str, appendix_page: int | None, lang: str, footer: str) -> set[int]:
    """The entries (by id()) to keep: as many as fit, by priority, then reading order."""
    _total, positions = measure(_html(lines, [], len(new), appendix_page, lang, footer),
                                style, width)
    fixed = _fixed_height(positions)
    heights = [_height(positions, index) for index in range(len(new))]
    order = sorted(range(len(new)), key=lambda i: (priority(new[i]), i))
    chosen: list[int] = []
    used = fixed
    for index in order:
        if used + heights[index] > height:
            break
        chosen.append(index)
        used += heights[index]
    while chosen:
        kept = sorted(chosen)
        html = _html([lines[i] for i in kept], [], len(new) - len(kept), appendix_page, lang,
                     footer)
        if fits(html, style, width, height):
            break
        chosen.pop()
    return {id(new[i]) for i in chosen}


def _height(positions: dict, index: int) -> float:
    box = positions.get(f"e{index}")
    return (box[3] - box[1]) + 3.0 if box is not None else 0.0


def _fixed_height(positions: dict) -> float:
    """Height of what every version of the column shows: header, 'more' line, footer."""
    total = 0.0
    for name in ("head", "more", "note"):
        box = positions.get(name)
        if box is not None:
            total += box[3] - box[1] + 5.0
    return total


def _html(lines: list[MarginLine], also: list[PlacedEntry], more: int,
          appendix_page: int | None, lang: str, footer: str) -> str:
    parts = []
    if lines:
        parts.append(f'<h1 id="head">{escape(word("here", lang))}</h1>')
    for index, line in enumerate(lines):
        parts.append(f'<div id="e{index}">{_line(line, index, lang)}</div>')
    if more:
        page = appendix_page if appendix_page is not None else 0
        parts.append(f'<p class="more" id="more">{escape(word("more", lang, n=more, page=page))}'
                     "</p>")
    if also:
        items = ", ".join(f'<span id="a{index}">{markup(entry.entry.shown)}</span>'
                          for index, entry in enumerate(also))
        parts.append(f'<p class="also" id="also">{escape(word("also-here", lang))}: {items}</p>')
    if footer:
        parts.append(f'<p class="note" id="note">{escape(footer)}</p>')
    return "<body>" + "".join(parts) + "</body>"


def _line(line: MarginLine, index: int, lang: str) -> str:
    """'θ — the parameters of the decoder (p. 3) · usually: …'"""
    out = [f'<span class="s">{markup(line.shown)}</span>']
    if line.definition:
        out.append((" " if line.equation else " — ") + markup(line.definition))
        if line.page is not None:
            out.append(f' <span class="p" id="p{index}">({escape(page_ref(line.page, lang))})'
                       "</span>")
    if line.meaning:
        out.append((" · " if line.definition else " — ") +
                   f'<span class="u">{markup(line.meaning)}</span>')
    if not line.definition and not line.meaning:
        out.append(f' — <span class="u">{escape(word("no-definition", lang))}</span>')
    return "".join(out)
