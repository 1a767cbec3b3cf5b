"""The glossary for a terminal: each symbol with the paper's words and the usual meaning.

Lines fit `width` columns (the CLI passes the terminal's width; CJK characters count
two), every text from the paper is cleaned of control characters, and with `colour` the
symbol, the section titles and the labels are highlighted (after cleaning, so a paper
cannot inject its own escape sequences).
"""

from __future__ import annotations

from ..glossary import Glossary, GlossaryEntry, ordered
from ..terminal import DEFAULT_WIDTH, NO_BREAK_SPACE, clean, display_width, pad, paint, wrap
from .common import (
    MATCH_NAMES,
    areas_line,
    aside,
    bracketed,
    colon,
    confidence_text,
    definition_shown,
    joined,
    knowledge_line,
    label,
    scoped,
    segments,
    shape_or_role,
)
from .guide import text_lines
from .key_formulas import text_lines as key_formula_lines
from .unicode import latex_to_unicode

SYMBOL_COLUMN = 11
INDENT = " " * (SYMBOL_COLUMN + 1)
WIDTH = DEFAULT_WIDTH
"""The width when none is given (output to a file or a pipe)."""


def plain(text: str) -> str:
    """A description with its $...$ formulas in Unicode."""
    return "".join(piece if kind == "text" else latex_to_unicode(piece)
                   for kind, piece in segments(text))


def render(glossary: Glossary, lang: str = "en", group_by: str | None = None,
           width: int = WIDTH, colour: bool = False) -> str:
    style = _Style(colour)
    lines = [style.title(_wrapped_head(glossary.heading(lang), width))]
    files = len(glossary.files)
    more = f" (+{files - 1})" if files > 1 else ""
    lines += wrap(f"{label('glossary', lang)} · {len(glossary.entries)} {label('symbols', lang)}"
                  f" · {glossary.math_count} {label('formulas', lang)} · "
                  f"{clean(glossary.main)}{more}", width)
    if glossary.areas:
        areas = areas_line(glossary.areas, lang, NO_BREAK_SPACE)
        lines += wrap(f"{label('areas', lang)}{colon(lang)}{areas}", width, "", "  ")
    if glossary.kind == "pdf":
        lines += wrap(label("pdf-note", lang), width)
    for line in glossary.skipped:
        lines += wrap(f"{glossary.not_read_label(lang)}{colon(lang)}{clean(line)}", width, "",
                      "  ")
    for title, entries in ordered(glossary, group_by, lang):
        lines += ["", style.heading(f"── {clean(title)} ──")]
        for entry in entries:
            lines.extend(entry_lines(entry, glossary, lang, width, style))
    extra = key_formula_lines(glossary.key_formulas, lang, width) \
        if glossary.key_formulas else []
    if glossary.guide is not None:
        extra += ["", *text_lines(glossary.guide, lang, width)] if extra \
            else text_lines(glossary.guide, lang, width)
    lines += ["", *(style.heading(line) if line.startswith("── ") else line
                    for line in extra)] if extra else []
    return "\n".join(lines) + "\n"


def _wrapped_head(title: str, width: int) -> str:
    return "\n".join(wrap(clean(title), width))


def entry_lines(entry: GlossaryEntry, glossary: Glossary, lang: str, width: int = WIDTH,
                style: _Style | None = None) -> list[str]:
    """One symbol: its first line (symbol, role or shape, uses, first use), then the
    author's spellings, the paper's words, the knowledge base's meaning, related symbols,
    each wrapped to `width` under the symbol column."""
    style = style or _Style(False)
    symbol = entry.symbol
    first = symbol.first.location
    where = f"{first.file}:{first.line}"
    if entry.first_section:  # a section title may hold math: "Balancing $G$ and $D$"
        where += aside(plain(entry.first_section), lang)
    facts = [fact for fact in (shape_or_role(entry, lang),
                               f"{len(symbol.occurrences)} {label('uses', lang)}",
                               f"{label('first', lang)} {where}") if fact]
    shown = clean(entry.shown)
    column = max(SYMBOL_COLUMN, display_width(shown))  # a long symbol pushes the facts
    lines = wrap(clean(" · ".join(facts)), width, " " * (column + 1), INDENT + "  ")
    lines[0] = style.symbol(pad(shown, column)) + " " + lines[0][column + 1:]
    if entry.macros:
        lines += _wrapped(f"{label('written', lang)} {joined(entry.macros, lang)}", width)
    # The paper's own words: each shown definition with its scope and place.
    for number, definition in enumerate(entry.definitions):
        place = aside(f"{definition.file}:{definition.line}", lang)
        lines += _wrapped(f"{label('paper', lang)}{plain(scoped(entry, number, lang))}"
                          f"{colon(lang)}{plain(definition_shown(definition))}{place}", width,
                          label("paper", lang), style)
    if not entry.definitions and entry.group == "symbols":
        lines += _wrapped(f"{label('paper', lang)}{colon(lang)}{label('no-definition', lang)}",
                          width, label("paper", lang), style)
    if glossary.all_definitions:
        for candidate in entry.candidates:
            place = aside(f"{candidate.file}:{candidate.line}, {candidate.cue}", lang)
            lines += _wrapped(f"{label('candidate', lang)}"
                              f"{aside(confidence_text(candidate), lang)}{colon(lang)}"
                              f"{plain(definition_shown(candidate))}{place}", width)
    knowledge = knowledge_line(symbol.knowledge, lang)
    if knowledge is not None and symbol.knowledge is not None:
        how = MATCH_NAMES[symbol.knowledge.match].get(lang)
        prefix = label("typography", lang) if symbol.knowledge.match == "convention" \
            else label("knowledge", lang)
        lines += _wrapped(f"{prefix}{colon(lang)}{knowledge}{bracketed(how, lang)}", width,
                          prefix, style)
    if entry.related:
        shown_related = [latex_to_unicode(_latex(glossary, key)) for key in entry.related]
        lines += _wrapped(f"{label('related', lang)}{colon(lang)}"
                          f"{joined(shown_related, lang)}", width)
    return lines


def _latex(glossary: Glossary, key: str) -> str:
    for entry in glossary.entries:
        if entry.symbol.key == key:
            return entry.symbol.latex
    return key


def _wrapped(text: str, width: int, highlighted: str = "", style: _Style | None = None
             ) -> list[str]:
    """`text` wrapped under the symbol column, later lines indented two more; the
    `highlighted` label it starts with is coloured when `style` has colour."""
    lines = wrap(clean(text), width, INDENT, INDENT + "  ") or [INDENT]
    if highlighted and style is not None and style.colour \
            and lines[0].startswith(INDENT + highlighted):
        lines[0] = INDENT + style.label(highlighted) + lines[0][len(INDENT + highlighted):]
    return lines


class _Style:
    """Colour for the terminal, or none: each method returns its text unchanged when
    colour is off."""

    def __init__(self, colour: bool) -> None:
        self.colour = colour

    def _paint(self, text: str, style: str) -> str:
        return paint(text, style) if self.colour else text

    def title(self, text: str) -> str:
        return self._paint(text, "bold")

    def heading(self, text: str) -> str:
        return self._paint(text, "bold-cyan")

    def symbol(self, text: str) -> str:
        return self._paint(text, "bold")

    def label(self, text: str) -> str:
        return self._paint(text, "green")
