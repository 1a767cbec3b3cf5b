"""The glossary as Markdown that renders on GitHub (math in $...$, one table per group)."""

from __future__ import annotations

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


def cell(text: str) -> str:
    """Text for a table cell: pipes and line breaks escaped, math kept as $...$ with its
    bars written as \\vert / \\Vert so they do not split the cell."""
    out = []
    for kind, piece in segments(text):
        if kind == "math":
            piece = piece.replace("\\|", "\\Vert ").replace("|", "\\vert ")
            out.append(f"${piece.strip()}$")
        else:
            out.append(_escape(piece))
    return " ".join("".join(out).split())


def _escape(text: str) -> str:
    for char in ("\\", "|", "*", "_", "`", "<", ">", "[", "]"):
        text = text.replace(char, "\\" + char)
    return text


def render(glossary: Glossary, lang: str = "en", group_by: str | None = None) -> str:
    title = glossary.heading(lang)
    lines = [f"# {label('glossary', lang)}: {cell(title)}", ""]
    files = len(glossary.files)
    more = f" (+{files - 1})" if files > 1 else ""
    lines.append(f"*{label('made', lang)} `{glossary.main}`{more}: {len(glossary.entries)} "
                 f"{label('symbols', lang)}, {glossary.math_count} {label('formulas', lang)}.*")
    if glossary.areas:
        areas = ", ".join(f"{name.get(lang)} ({count})" for _, name, count in glossary.areas)
        lines += ["", f"**{label('areas', lang)}:** {areas}"]
    if glossary.kind == "pdf":
        lines += ["", f"> {label('pdf-note', lang)}"]
    if glossary.skipped:
        lines += ["", *(f"> **{glossary.not_read_label(lang)}:** {_escape(line)}  "
                        for line in glossary.skipped)]
    for heading, entries in ordered(glossary, group_by, lang):
        lines += ["", f"## {heading}", "",
                  f"| {label('symbol', lang)} | {label('paper', lang)} | "
                  f"{label('knowledge', lang)} | {label('first-use', lang)} |",
                  "|---|---|---|---|"]
        lines.extend(_row(entry, lang, glossary.all_definitions) for entry in entries)
    return "\n".join(lines) + "\n"


def _row(entry: GlossaryEntry, lang: str, all_definitions: bool = False) -> str:
    symbol = entry.symbol
    shown = f"${symbol.latex}$".replace("|", "\\vert ")
    if entry.macros:
        shown += " `" + "`, `".join(entry.macros) + "`"
    if entry.definitions:
        paper = "<br>".join(f"{cell(definition_shown(d))}{cell(scoped(entry, n, lang))} "
                            f"({d.file}:{d.line})" for n, d in enumerate(entry.definitions))
    else:
        paper = f"*{label('no-definition', lang)}*"
    if all_definitions:
        paper += "".join(f"<br>*{label('candidate', lang)} {confidence_text(d)}:* "
                         f"{cell(definition_shown(d))} ({d.file}:{d.line})"
                         for d in entry.candidates)
    match = symbol.knowledge
    line = knowledge_line(match, lang)
    if line is None or match is None:
        knowledge = f"*{label('unknown', lang)}*"
    else:
        prefix = f"{label('typography', lang)}: " if match.match == "convention" else ""
        knowledge = f"{prefix}{cell(line)} *[{MATCH_NAMES[match.match].get(lang)}]*"
    first = symbol.first.location
    where = f"{first.file}:{first.line}"
    if entry.first_section:
        where += f" ({cell(entry.first_section)})"
    facts = " · ".join(f for f in (shape_or_role(entry, lang),
                                   f"{len(symbol.occurrences)} {label('uses', lang)}") if f)
    return f"| {shown} | {paper} | {knowledge} | {cell(facts)}<br>{where} |"
