"""The glossary appendix added after the paper's pages: the same content as the text
glossary (every symbol, its shape, uses, the paper's definitions, the usual meaning, the
author's macros, related symbols), with PDF pages instead of source lines. Its ids say
where the links go: `g{i}` is entry i (the target of "…N more" and of symbols without a
definition), `f{i}` its first-use page, `d{i}-{j}` the page of its j-th definition.
"""

from __future__ import annotations

from html import escape

from ..glossary import Glossary, ordered
from ..render.common import label, scoped
from ..render.unicode import latex_to_unicode
from .markup import markup
from .model import PlacedEntry
from .notes import appendix_facts, definition_parts, knowledge_text, page_ref, word


def appendix_css(font_size: float) -> str:
    return (
        "body {margin: 0; font-family: serif; color: #1f1f1f; "
        f"font-size: {font_size}pt; line-height: 1.25;}}"
        f"h1 {{font-size: {font_size * 1.6:.1f}pt; margin: 0 0 4pt 0;}}"
        f"h2 {{font-size: {font_size * 1.15:.1f}pt; margin: 10pt 0 4pt 0; color: #7a5200;}}"
        ".meta {color: #444444; margin: 0 0 3pt 0;}"
        "div.g {margin: 0 0 5pt 0;}"
        ".s {color: #0b3a8c;}"  # never bold: 𝐱 (bold in Unicode) and x must differ
        ".l {color: #0b3a8c;}"
        ".k {color: #555555;}")


def appendix_html(glossary: Glossary, placed: list[PlacedEntry], lang: str,
                  provenance: str) -> str:
    """The appendix as one HTML story."""
    index = {entry.key: number for number, entry in enumerate(placed)}
    parts = [f"<h1>{escape(word('appendix', lang))}</h1>"]
    title = glossary.title or glossary.main
    parts.append(f'<p class="meta">{escape(title)} · {len(glossary.entries)} '
                 f'{escape(label("symbols", lang))} · {glossary.math_count} '
                 f'{escape(label("formulas", lang))}</p>')
    if glossary.areas:
        areas = ", ".join(f"{name.get(lang)} ({count})" for _, name, count in glossary.areas)
        parts.append(f'<p class="meta">{escape(label("areas", lang))}: {escape(areas)}</p>')
    parts.append(f'<p class="meta">{escape(provenance)}</p>')
    parts.append(f'<p class="meta">{escape(word("appendix-note", lang))}</p>')
    for title, entries in ordered(glossary, None, lang):
        parts.append(f"<h2>{escape(title)}</h2>")
        for entry in entries:
            number = index[entry.symbol.key]
            parts.append(_entry(placed[number], number, glossary, lang))
    return "<body>" + "".join(parts) + "</body>"


def _entry(placed: PlacedEntry, number: int, glossary: Glossary, lang: str) -> str:
    entry = placed.entry
    facts = [markup(fact) for fact in appendix_facts(placed, lang)]
    first = placed.first
    if first is not None:
        facts.append(f'{escape(label("first", lang))} <span class="l" id="f{number}">'
                     f'{escape(page_ref(first.page, lang))}</span>')
    else:
        facts.append(escape(word("not-found", lang)))
    lines = [f'<span class="s">{markup(entry.shown)}</span> · ' + " · ".join(facts)]
    if entry.macros:
        lines.append(escape(f"{label('written', lang)} {', '.join(entry.macros)}"))
    for index, (text, _where) in enumerate(definition_parts(placed, lang)):
        place = placed.places[index] if index < len(placed.places) else None
        link = ""
        if place is not None:  # ids d{entry}-{definition}
            link = (f' <span class="l" id="d{number}-{index}">'
                    f'({escape(page_ref(place.page, lang))})</span>')
        lines.append(f"{escape(label('paper', lang) + scoped(entry, index, lang))}: "
                     f"{markup(text)}{link}")
    if not entry.definitions and entry.group == "symbols":
        lines.append(escape(f"{label('paper', lang)}: {label('no-definition', lang)}"))
    knowledge = knowledge_text(entry, lang)
    if knowledge:
        lines.append(f'<span class="k">{markup(knowledge)}</span>')
    if entry.related:
        names = {e.symbol.key: e.symbol.latex for e in glossary.entries}
        related = ", ".join(latex_to_unicode(names.get(key, key)) for key in entry.related)
        lines.append(markup(f"{label('related', lang)}: {related}"))
    # Lines, not indented paragraphs: MuPDF's Story loses text at a column break inside an
    # indented block (it places two columns' worth in one); entries are told apart by
    # their coloured symbol and the space between them.
    return f'<div class="g" id="g{number}">' + "<br>".join(lines) + "</div>"
