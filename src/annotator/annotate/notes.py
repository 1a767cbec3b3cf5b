"""What the notes say: the words of a margin line, a popup and an appendix entry, in
English or Chinese. Pure text; the layout modules decide where it goes.

A margin line is short: "θ — the parameters of the decoder (p. 3) · usually: all
trainable parameters of a model…", cut at a word (never inside one) so that it fits in a
few lines of the margin. A popup carries the whole entry, as the text glossary does, with
pages instead of files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..glossary import GlossaryEntry
from ..model import KnowledgeMatch, Text
from ..render.common import (
    MATCH_NAMES,
    definition_shown,
    knowledge_line,
    label,
    scoped,
    shape_or_role,
)
from ..render.text import plain
from .model import PlacedEntry

DEFINITION_CHARS = 72
"""A margin line quotes this many characters of the paper's definition at most ..."""
MEANING_CHARS = 56
"""... and of the usual meaning (half as many for Chinese, whose characters are wider)."""
ELLIPSIS = "…"

WORDS = {
    "usually": Text("usually", "通常"),
    "page": Text("p. {n}", "第 {n} 页"),
    "here": Text("Notation on this page", "本页符号"),
    "also-here": Text("Also used here", "本页还用到"),
    "more": Text("…{n} more in the glossary appendix (p. {page})",
                 "……另有 {n} 个符号,见附录符号表(第 {page} 页)"),
    "first-on": Text("first used on p. {n}", "首次出现在第 {n} 页"),
    "not-found": Text("not found on the PDF's pages", "在 PDF 页面上没有找到"),
    "link": Text("Click the symbol to go to its definition.", "点击符号可跳转到定义处。"),
    "link-appendix": Text("Click the symbol for its glossary entry.",
                          "点击符号可跳转到附录中的条目。"),
    "no-definition": Text("no definition found", "未找到定义"),
    "by-typography": Text("by typography", "按排版惯例"),
    "appendix": Text("Notation glossary", "符号表"),
    "appendix-note": Text(
        "Added by annotator: every symbol of the paper, in order of first use. Click a page "
        "number to go to that place in the paper.",
        "由 annotator 添加:论文中的全部符号,按首次出现的顺序排列。"
        "点击页码可跳转到论文中的对应位置。"),
    "pdf-alone": Text(
        "Read from the PDF alone (no --source): symbols, scripts and fonts were recovered from "
        "the PDF's layout and the authors' macros are lost. With the LaTeX source "
        "(annotator annotate PAPER.pdf --source SOURCE) the notes are more complete.",
        "仅从 PDF 读取(未提供 --source):符号、上下标和字体是从 PDF 的版面恢复的,作者的宏已丢失。"
        "提供 LaTeX 源码(annotator annotate PAPER.pdf --source SOURCE)时注释更完整。"),
    "with-source": Text("Read from the LaTeX source {source} and joined to this PDF.",
                        "从 LaTeX 源码 {source} 读取,并与本 PDF 对应。"),
}
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def word(key: str, lang: str, **values: object) -> str:
    """One of the notes' fixed phrases in `lang`, with its {fields} filled."""
    return WORDS[key].get(lang).format(**values)


def page_ref(page: int, lang: str) -> str:
    return word("page", lang, n=page)


@dataclass(frozen=True)
class MarginLine:
    """One symbol's line in a page's margin."""

    shown: str
    """The symbol in Unicode."""
    definition: str
    """The paper's definition, shortened; '' when the paper gives none."""
    page: int | None
    """The page of that definition, when known."""
    meaning: str
    """The usual meaning, shortened, with its 'usually' label; '' when none is known."""
    equation: bool = False
    """The definition is an equation ('= 𝒩(𝐳; 𝟎, 𝐈)'), written after the symbol."""


def margin_line(placed: PlacedEntry, lang: str) -> MarginLine:
    entry = placed.entry
    definition = ""
    if entry.definitions:
        definition = shorten(plain(definition_shown(entry.definitions[0])), DEFINITION_CHARS)
    page = placed.definition.page if placed.definition is not None and definition else None
    meaning = short_meaning(entry.symbol.knowledge, lang)
    if meaning:
        limit = MEANING_CHARS // 2 if lang == "zh" else MEANING_CHARS
        meaning = f"{word('usually', lang)}: {shorten(meaning, limit)}"
    equation = bool(entry.definitions) and entry.definitions[0].source == "equation"
    return MarginLine(entry.shown, definition, page, meaning, equation)


def short_meaning(match: KnowledgeMatch | None, lang: str) -> str:
    """The gist of the knowledge base's chosen meaning (see `gist`), '' without a match:
    a template's own reading of this symbol ('another s', 'an estimate of θ') when it has
    one; a typographic convention says that it is only that."""
    if match is None or match.entry is None or not match.entry.meanings:
        return ""
    detail = match.detail_zh if lang == "zh" else match.detail_en
    if match.match == "pattern" and detail:
        return gist(detail)
    meaning = gist(match.entry.meanings[match.meaning].text.get(lang))
    if match.match == "convention":
        return f"{meaning} ({word('by-typography', lang)})"
    return meaning


def popup_text(placed: PlacedEntry, lang: str) -> str:
    """The whole entry, for the note on the symbol itself."""
    entry = placed.entry
    head = entry.shown
    facts = [fact for fact in (shape_or_role(entry, lang), _uses(placed, lang)) if fact]
    lines = [head + (" · " + " · ".join(facts) if facts else "")]
    lines += _definition_lines(placed, lang)
    knowledge = knowledge_text(entry, lang)
    if knowledge:
        lines.append(knowledge)
    if entry.macros:
        lines.append(f"{label('written', lang)} {', '.join(entry.macros)}")
    lines.append(word("link", lang) if placed.definition is not None
                 else word("link-appendix", lang))
    return "\n".join(lines)


def _uses(placed: PlacedEntry, lang: str) -> str:
    first = placed.first
    if first is None:
        return word("not-found", lang)
    count = len(placed.entry.symbol.occurrences)  # the glossary's count, as in its text
    return f"{count} {label('uses', lang)} · {word('first-on', lang, n=first.page)}"


def _definition_lines(placed: PlacedEntry, lang: str) -> list[str]:
    """'In this paper (in Method): … (p. 3)' for each shown definition, as the text
    glossary writes them, with the PDF's page instead of the source line."""
    entry = placed.entry
    if not entry.definitions:
        return [word("no-definition", lang)]
    return [f"{label('paper', lang)}{scoped(entry, number, lang)}: {text}{where}"
            for number, (text, where) in enumerate(definition_parts(placed, lang))]


def definition_parts(placed: PlacedEntry, lang: str) -> list[tuple[str, str]]:
    """Each shown definition as (its text in Unicode, ' (p. N)' or '')."""
    parts = []
    for number, definition in enumerate(placed.entry.definitions):
        place = placed.places[number] if number < len(placed.places) else None
        where = f" ({page_ref(place.page, lang)})" if place is not None else ""
        parts.append((plain(definition_shown(definition)), where))
    return parts


def appendix_facts(placed: PlacedEntry, lang: str) -> list[str]:
    """Shape or role and the number of uses, for the appendix entry's first line (its
    first-use page is a link, added by the appendix)."""
    entry = placed.entry
    facts = [shape_or_role(entry, lang), f"{len(entry.symbol.occurrences)} {label('uses', lang)}"]
    return [fact for fact in facts if fact]


def knowledge_text(entry: GlossaryEntry, lang: str) -> str:
    """'Usually: name: meaning [how it matched]', or ''."""
    match = entry.symbol.knowledge
    knowledge = knowledge_line(match, lang)
    if knowledge is None or match is None:
        return ""
    prefix = label("typography", lang) if match.match == "convention" else label("knowledge", lang)
    return f"{prefix}: {knowledge} [{MATCH_NAMES[match.match].get(lang)}]"


_ASIDE = re.compile(r"\s*[(（][^()（）]*[)）]")
_GIST_END = re.compile(r", e\.g\.|; |: |\. |, or |, as | — |, where |, which | = | ∼ ")
_GIST_END_ZH = re.compile(r"[,;:\u3002\uff0c\uff1b\uff1a]")
"""Chinese meanings break at any comma, semicolon or colon (ASCII or full width)."""


def gist(meaning: str) -> str:
    """The head of a knowledge meaning: its asides in parentheses dropped, then up to the
    first clause break. 'Variational (approximate posterior) distribution, e.g. the VAE
    encoder' -> 'variational distribution'; 'A dimension: the number of features' -> 'a
    dimension'. Lowercased unless it starts with an acronym (KL, GPT)."""
    text = meaning
    while True:
        shorter = _ASIDE.sub("", text)
        if shorter == text:
            break
        text = shorter
    match = (_GIST_END_ZH if _CJK.search(text) else _GIST_END).search(text)
    head = text[:match.start()] if match is not None and match.start() >= 2 else text
    head = head.strip().rstrip(".=:,; ")
    if not head:
        return meaning
    first = head.split(" ", 1)[0]
    if first[:1].isupper() and (len(first) == 1 or first[1:].islower()):
        head = head[0].lower() + head[1:]
    return head


def shorten(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters at a word boundary, with '…' when cut.
    Chinese may be cut between any two characters; a Latin word or a formula never is."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = limit - len(ELLIPSIS)
    position = cut
    while position > 0 and not _boundary(text, position):
        position -= 1
    if position == 0:  # one word longer than the limit: keep it whole
        position = cut
        while position < len(text) and not _boundary(text, position):
            position += 1
        if position >= len(text):
            return text
    return text[:position].rstrip(" ,;:·—-–") + ELLIPSIS


def _boundary(text: str, position: int) -> bool:
    """True when `text` may be cut before `position`: at a space, or next to a Chinese
    character."""
    before, after = text[position - 1], text[position]
    return before == " " or after == " " or bool(_CJK.match(before)) or bool(_CJK.match(after))
