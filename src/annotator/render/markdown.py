"""The glossary as Markdown that renders on GitHub (math in $...$, one table per group).

GitHub's dollar math (as pandoc's) needs a span to start and end with a non-space
character, and a table cell ends at a bare `|`: so `|x|` is written `\\vert x\\vert`,
`\\|x\\|` `\\Vert x\\Vert`, and no span has an edge space. GitHub also drops the
backslash of `\\{` or `\\,` inside math (they look like Markdown escapes), so those are
written as their named twins (`\\lbrace`, `\\thinspace`); the paper's other escapes are
kept (`\\mathrm{step\\_num}`).

Nothing from the paper becomes HTML: text is backslash-escaped, `<` and `>` in math are
`\\lt` and `\\gt` (a Markdown viewer without math would otherwise see `<img onerror>` as
a tag), file names and macros are escaped or in code spans long enough for any backtick
they hold.
"""

from __future__ import annotations

import re

from ..glossary import Glossary, GlossaryEntry, ordered
from ..terminal import clean
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
from .guide import markdown_lines
from .key_formulas import markdown_lines as key_formula_lines

_TEXT_SPECIALS = frozenset("\\|*_`<>[]$~&#!")
# Control symbols GitHub would strip the backslash from, and the same TeX with a name.
_NAMED_TWINS = {"{": "\\lbrace", "}": "\\rbrace", "|": "\\Vert", ",": "\\thinspace",
                ":": "\\medspace", ">": "\\medspace", ";": "\\thickspace",
                "!": "\\negthinspace"}
_CHARACTER_TWINS = {"|": "\\vert", "<": "\\lt", ">": "\\gt"}
_SPACES = re.compile(r"\s+")
_TEX_TOKEN = re.compile(r"\\(?:[A-Za-z]+|.)|[\s\S]", re.DOTALL)


def math(latex: str) -> str:
    """A formula as a `$...$` span GitHub renders (see the module docstring)."""
    out: list[str] = []
    tokens = _TEX_TOKEN.findall(" ".join(clean(latex).split()))
    for index, token in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        if token.startswith("\\") and len(token) == 2 and token[1] in _NAMED_TWINS:
            out.append(_control_word(_NAMED_TWINS[token[1]], following))
        elif token in _CHARACTER_TWINS:
            out.append(_control_word(_CHARACTER_TWINS[token], following))
        elif token == "$":
            out.append("\\$")
        elif token == "`":
            out.append("\\grave{}")
        else:
            out.append(token)
    body = _trim("".join(out))
    return f"${body}$" if body else ""


def _control_word(word: str, following: str) -> str:
    """`\\vert` before a letter needs a space (`\\vert x`), before anything else none."""
    return word + " " if following[:1].isalpha() else word


def _trim(body: str) -> str:
    """No space at either edge; a trailing control space (`x\\ `) loses its backslash's
    reason to be, so it goes too."""
    body = body.strip()
    while body.endswith("\\") and not body.endswith("\\\\"):
        body = body[:-1].rstrip()
    return body


def text(prose: str) -> str:
    """Prose for Markdown: every character Markdown or HTML would act on escaped, line
    breaks and runs of spaces as one space."""
    return "".join("\\" + char if char in _TEXT_SPECIALS else char
                   for char in _SPACES.sub(" ", clean(prose)))


def code(literal: str, in_table: bool = False) -> str:
    """A code span for any text: fenced with more backticks than it holds in a row; in a
    table a `|` is escaped even there (GFM splits cells before it reads code spans)."""
    literal = " ".join(clean(literal).split())
    longest = max((len(run) for run in re.findall(r"`+", literal)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if literal.startswith("`") or literal.endswith("`") or longest else ""
    if in_table:
        literal = literal.replace("|", "\\|")
    return f"{fence}{padding}{literal}{padding}{fence}"


def inline(description: str) -> str:
    """A description with $...$ formulas: text escaped, math as spans, edges kept."""
    return "".join(math(piece) if kind == "math" else text(piece)
                   for kind, piece in segments(description))


def cell(description: str) -> str:
    """`inline` for a whole table cell: no space at its edges."""
    return " ".join(inline(description).split())


def render(glossary: Glossary, lang: str = "en", group_by: str | None = None) -> str:
    title = glossary.heading(lang)
    lines = [f"# {label('glossary', lang)}{colon(lang)}{cell(title)}", ""]
    files = len(glossary.files)
    more = f" (+{files - 1})" if files > 1 else ""
    counts = joined([f"{len(glossary.entries)} {label('symbols', lang)}",
                     f"{glossary.math_count} {label('formulas', lang)}"], lang)
    made = f"{label('made', lang)} {code(glossary.main)}{more}{colon(lang)}{counts}"
    lines.append(f"*{made}{'。' if lang == 'zh' else '.'}*")
    if glossary.areas:
        # The colon stays outside the bold: CommonMark does not close `**` between
        # punctuation and a CJK letter (`**领域：**机器` stays literal).
        lines += ["", f"**{label('areas', lang)}**{colon(lang)}"
                      f"{text(areas_line(glossary.areas, lang))}"]
    if glossary.kind == "pdf":
        lines += ["", f"> {label('pdf-note', lang)}"]
    if glossary.skipped:
        lines += ["", *(f"> **{glossary.not_read_label(lang)}**{colon(lang)}{text(line)}  "
                        for line in glossary.skipped)]
    for heading, entries in ordered(glossary, group_by, lang):
        lines += ["", f"## {text(heading)}", "",
                  f"| {label('symbol', lang)} | {label('paper', lang)} | "
                  f"{label('knowledge', lang)} | {label('first-use', lang)} |",
                  "|---|---|---|---|"]
        lines.extend(_row(entry, lang, glossary.all_definitions) for entry in entries)
    if glossary.key_formulas:
        lines += key_formula_lines(glossary.key_formulas, lang)
    if glossary.guide is not None:
        lines += markdown_lines(glossary.guide, lang)
    return "\n".join(lines) + "\n"


def _row(entry: GlossaryEntry, lang: str, all_definitions: bool = False) -> str:
    symbol = entry.symbol
    shown = math(symbol.latex)
    if entry.macros:
        shown += " " + ", ".join(code(macro, in_table=True) for macro in entry.macros)
    first = symbol.first.location
    where = text(f"{first.file}:{first.line}")
    if entry.first_section:  # a section title may hold math: "Can one balance $G$ and $D$?"
        where += inline(aside(entry.first_section, lang))
    facts = " · ".join(f for f in (shape_or_role(entry, lang),
                                   f"{len(symbol.occurrences)} {label('uses', lang)}") if f)
    return (f"| {shown} | {_paper_cell(entry, lang, all_definitions)} | "
            f"{_knowledge_cell(entry, lang)} | {cell(facts)}<br>{where} |")


def _paper_cell(entry: GlossaryEntry, lang: str, all_definitions: bool = False) -> str:
    """The paper's own words: each shown definition with its scope and place (and with
    `all_definitions`, every candidate with its confidence)."""
    lines = [f"{cell(definition_shown(d))}{inline(scoped(entry, n, lang))}"
             f"{text(aside(f'{d.file}:{d.line}', lang))}"
             for n, d in enumerate(entry.definitions)]
    if not lines:
        lines.append(f"*{label('no-definition', lang)}*")
    if all_definitions:
        lines += [f"*{text(label('candidate', lang))} {confidence_text(d)}{colon(lang).rstrip()}*"
                  f"{'' if lang == 'zh' else ' '}{cell(definition_shown(d))}"
                  f"{text(aside(f'{d.file}:{d.line}', lang))}" for d in entry.candidates]
    return "<br>".join(lines)


def _knowledge_cell(entry: GlossaryEntry, lang: str) -> str:
    match = entry.symbol.knowledge
    line = knowledge_line(match, lang)
    if line is None or match is None:
        return f"*{label('unknown', lang)}*"
    prefix = f"{label('typography', lang)}{colon(lang)}" if match.match == "convention" else ""
    how = bracketed(MATCH_NAMES[match.match].get(lang), lang)
    return f"{text(prefix)}{cell(line)} *{text(how.strip())}*"
