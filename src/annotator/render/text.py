"""The glossary for a terminal: each symbol with the paper's words and the usual meaning."""

from __future__ import annotations

import textwrap

from ..glossary import Glossary, GlossaryEntry, ordered
from .common import (
    MATCH_NAMES,
    confidence_text,
    definition_shown,
    knowledge_line,
    label,
    scoped,
    segments,
    shape_or_role,
)
from .unicode import latex_to_unicode

WIDTH = 100
INDENT = " " * 12


def plain(text: str) -> str:
    """A description with its $...$ formulas in Unicode."""
    return "".join(piece if kind == "text" else latex_to_unicode(piece)
                   for kind, piece in segments(text))


def render(glossary: Glossary, lang: str = "en", group_by: str | None = None) -> str:
    lines = [glossary.heading(lang)]
    files = len(glossary.files)
    more = f" (+{files - 1})" if files > 1 else ""
    lines.append(f"{label('glossary', lang)} · {len(glossary.entries)} {label('symbols', lang)}"
                 f" · {glossary.math_count} {label('formulas', lang)} · {glossary.main}{more}")
    if glossary.areas:
        areas = ", ".join(f"{name.get(lang)} ({count})" for _, name, count in glossary.areas)
        lines.append(f"{label('areas', lang)}: {areas}")
    if glossary.kind == "pdf":
        lines.append(label("pdf-note", lang))
    lines += [f"{glossary.not_read_label(lang)}: {line}" for line in glossary.skipped]
    for title, entries in ordered(glossary, group_by, lang):
        lines += ["", f"── {title} ──"]
        for entry in entries:
            lines.extend(entry_lines(entry, glossary, lang))
    return "\n".join(lines) + "\n"


def entry_lines(entry: GlossaryEntry, glossary: Glossary, lang: str) -> list[str]:
    symbol = entry.symbol
    first = symbol.first.location
    where = f"{first.file}:{first.line}"
    if entry.first_section:
        where += f" ({entry.first_section})"
    facts = [fact for fact in (shape_or_role(entry, lang),
                               f"{len(symbol.occurrences)} {label('uses', lang)}",
                               f"{label('first', lang)} {where}") if fact]
    lines = [f"{entry.shown:<11} " + " · ".join(facts)]
    if entry.macros:
        lines += _wrapped(f"{label('written', lang)} {', '.join(entry.macros)}")
    for number, definition in enumerate(entry.definitions):
        lines += _wrapped(f"{label('paper', lang)}{scoped(entry, number, lang)}: "
                          f"{plain(definition_shown(definition))}"
                          f"  ({definition.file}:{definition.line})")
    if not entry.definitions and entry.group == "symbols":
        lines += _wrapped(f"{label('paper', lang)}: {label('no-definition', lang)}")
    if glossary.all_definitions:
        for candidate in entry.candidates:
            lines += _wrapped(f"{label('candidate', lang)} ({confidence_text(candidate)}): "
                              f"{plain(definition_shown(candidate))}"
                              f"  ({candidate.file}:{candidate.line}, {candidate.cue})")
    knowledge = knowledge_line(symbol.knowledge, lang)
    if knowledge is not None and symbol.knowledge is not None:
        how = MATCH_NAMES[symbol.knowledge.match].get(lang)
        prefix = label("typography", lang) if symbol.knowledge.match == "convention" \
            else label("knowledge", lang)
        lines += _wrapped(f"{prefix}: {knowledge} [{how}]")
    if entry.related:
        shown = ", ".join(latex_to_unicode(_latex(glossary, key)) for key in entry.related)
        lines += _wrapped(f"{label('related', lang)}: {shown}")
    return lines


def _latex(glossary: Glossary, key: str) -> str:
    for entry in glossary.entries:
        if entry.symbol.key == key:
            return entry.symbol.latex
    return key


def _wrapped(text: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=INDENT, subsequent_indent=INDENT + "  ",
                         break_long_words=False, break_on_hyphens=False) or [INDENT]
