"""What every glossary format shares: bilingual labels, punctuation and description pieces.

Chinese output uses full-width punctuation next to Chinese text (`通常含义：…`,
`实数（ℝ）`, `线性代数（2）、概率（2）`): `colon`, `aside` and `joined` give each
language its own.
"""

from __future__ import annotations

import re

from ..agreement import agree, head
from ..glossary import GlossaryEntry, definition_text
from ..knowledge import FALLBACK_WORDING
from ..model import Definition, Entry, KnowledgeMatch, Text

LABELS = {
    "glossary": Text("Notation glossary", "符号表"),
    "areas": Text("Math it draws on", "涉及的数学领域"),
    "made": Text("Made by annotator from", "由 annotator 生成，来源"),
    "symbols": Text("symbols", "个符号"),
    "formulas": Text("formulas", "个公式"),
    "paper": Text("In this paper", "论文中的定义"),
    "knowledge": Text("Usually", "通常含义"),
    "typography": Text("The typography suggests", "按排版惯例推断"),
    "no-definition": Text("not defined in the paper's words", "论文中没有文字定义"),
    "uses": Text("uses", "次使用"),
    "first": Text("first used", "首次出现"),
    "written": Text("written", "写作"),
    "related": Text("related", "相关符号"),
    "read": Text("read", "读作"),
    "code": Text("code", "代码"),
    "also": Text("also", "另见"),
    "in-section": Text("in", "见于"),
    "candidate": Text("candidate", "候选"),
    "confidence": Text("confidence", "置信度"),
    "symbol": Text("Symbol", "符号"),
    "first-use": Text("First use", "首次出现"),
    "meaning": Text("Meaning", "含义"),
    "search": Text("Search symbols, names, definitions…", "搜索符号、名称、定义……"),
    "shape": Text("shape", "形状"),
    "unknown": Text("not in the knowledge base", "知识库中没有"),
    "pdf-note": Text("Read from a PDF: lower fidelity than the LaTeX source; use the "
                     "arXiv source when you have it.",
                     "从 PDF 读取：精度低于 LaTeX 源码；如有 arXiv 源码请优先使用。"),
}
MATCH_NAMES = {
    "exact": Text("exact", "精确"), "alias": Text("alias", "别名"),
    "pattern": Text("template", "模板"), "base": Text("base symbol", "基础符号"),
    "convention": Text("typography only", "仅排版惯例"),
}
_MATH = re.compile(r"\$([^$]+)\$")


def label(key: str, lang: str) -> str:
    return LABELS[key].get(lang)


def colon(lang: str) -> str:
    """': ' in English, the full-width '：' in Chinese."""
    return "：" if lang == "zh" else ": "


def aside(text: str, lang: str, space: str = " ") -> str:
    """' (text)' in English, '（text）' in Chinese (no space before it); `space` is what
    goes before it in English (a no-break space keeps it on its word's line)."""
    return f"（{text}）" if lang == "zh" else f"{space}({text})"


def joined(items: list[str] | tuple[str, ...], lang: str) -> str:
    """A list: 'a, b, c' in English, 'a、b、c' in Chinese."""
    return ("、" if lang == "zh" else ", ").join(items)


def bracketed(text: str, lang: str) -> str:
    """' [text]' in English, '［text］' in Chinese (no space before it)."""
    return f"［{text}］" if lang == "zh" else f" [{text}]"


def areas_line(areas: tuple[tuple[str, Text, int], ...], lang: str, space: str = " ") -> str:
    """'linear algebra (2), probability (2)' / '线性代数（2）、概率（2）'; `space` goes
    between a name and its count (terminal.NO_BREAK_SPACE keeps them on one line)."""
    return joined([f"{name.get(lang)}{aside(str(count), lang, space)}"
                   for _, name, count in areas], lang)


def segments(text: str) -> list[tuple[str, str]]:
    """('text', ...) and ('math', latex) pieces of a description with $...$ in it."""
    pieces: list[tuple[str, str]] = []
    position = 0
    for match in _MATH.finditer(text):
        if match.start() > position:
            pieces.append(("text", text[position:match.start()]))
        pieces.append(("math", match.group(1)))
        position = match.end()
    if position < len(text):
        pieces.append(("text", text[position:]))
    return pieces


def primary_definition(entry: GlossaryEntry) -> Definition | None:
    return entry.definitions[0] if entry.definitions else None


def definition_shown(definition: Definition) -> str:
    """A definition as a $...$-bearing text: prose as is, equations as math."""
    text = definition_text(definition)
    if definition.source == "equation":
        return f"${text}$"
    return text


def knowledge_line(match: KnowledgeMatch | None, lang: str) -> str | None:
    """'cross-entropy · read … — meaning' for the chosen meaning, in `lang`."""
    if match is None or match.entry is None:
        return None
    meaning = shown_meaning(match, lang)
    detail = "" if match.basis == "general" else match.detail_zh if lang == "zh" \
        else match.detail_en
    head = shown_name(match, lang)
    if detail:
        head += aside(detail, lang)
    return f"{head}{colon(lang)}{meaning}"


GENERAL_DEFINED = Text("no usual meaning fits this paper's definition",
                       "常见含义与本文的定义都不相符")
GENERAL_UNSUPPORTED = Text("varies between papers; nothing here says which meaning applies",
                           "含义因论文而异，本文没有说明")
GENERAL_KIND = Text("the paper names only its kind; nothing here says which usual meaning "
                    "applies", "本文只说明了它的类别，无法判断适用哪种常见含义")
GENERAL_DECLARED = Text("no usual meaning fits what the paper declares it to be",
                        "常见含义与本文声明的类型都不相符")
GENERAL_SCRIPT = Text("only a label or index of other symbols here",
                      "在本文中只作为其他符号的标注或下标")
_GENERAL_BY_REASON = {"defined": GENERAL_DEFINED, "script": GENERAL_SCRIPT,
                      "kind": GENERAL_KIND, "declared": GENERAL_DECLARED}
"""The plain statement a 'general' match shows, by why no usual meaning is shown."""
_PARENTHESIS_END = re.compile(r"\s*[(（][^()（）]*[)）]\s*$")
_ALTERNATIVES_END = re.compile(r"\s*[(（][^()（）]*[/、][^()（）]*[)）]\s*$")
# where a meaning turns to its alternatives: "Number of layers (N = 6), or the sequence
# length." keeps "Number of layers (N = 6)"
_ALTERNATIVE = re.compile(r";\s|；|,\s+or\s|，或|, e\.g\.|；或|;\s+or\s|\s\(or\s|，例如|"
                          r"(?<=[^\s(]),\s+(?:a|an)\s|、或|\sor\s+(?:a|an)\s")


def shown_name(match: KnowledgeMatch, lang: str) -> str:
    """The entry's name as shown with the chosen meaning: without the list of meanings it
    can have ('c (class / constant / code)' is 'c'); with a meaning chosen by evidence,
    without the default's gloss ('b (bias)' is 'b' when b is a behaviour policy); for a
    'general' match only how the symbol is read."""
    entry = match.entry
    if entry is None:
        return match.name_zh if lang == "zh" else match.name_en
    name = entry.name.get(lang)
    if match.basis == "general" or (
            len(entry.meanings) > 1
            and FALLBACK_WORDING.search(entry.meanings[match.meaning].text.en)
            and not _says_only_the_letter(entry.name.en, match.letter, entry.family == "greek")):
        # "O: a set or matrix that the paper defines" is not headed "big-O notation"
        return _letter_reading(match, lang)
    cut = _PARENTHESIS_END if match.basis in ("definition", "condition") else _ALTERNATIVES_END
    if any(_names_another_meaning(cut.sub("", entry.name.get(language)) or entry.name.get(language),
                                  match, language) for language in ("en", "zh")):
        # 𝓛 shown as a Lagrangian is not headed "loss": the name says another meaning (in
        # either language: "张量积 / 克罗内克积" heads no Hadamard product, though the
        # Chinese heads of the meanings do not say "克罗内克")
        return _letter_reading(match, lang)
    return cut.sub("", name) or name


def _names_another_meaning(name: str, match: KnowledgeMatch, lang: str) -> bool:
    """Whether an entry's name says one of its meanings other than the chosen one, compared
    by what each meaning names, not by its gloss ("the objective ..." is no loss)."""
    heads = [head(meaning.text.get(lang)) for meaning in match.entry.meanings]
    return not agree(name, heads[match.meaning]) and any(agree(name, named) for named in heads)




def _letter_reading(match: KnowledgeMatch, lang: str) -> str:
    """How the symbol is read, when the entry's name would say a meaning not shown."""
    entry = match.entry
    reading = re.split(r"[,;，；]", match.reading(lang))[0].strip()
    english = re.split(r"[,;]", match.reading("en"))[0].strip()
    # "PIE", "GAM-uh" help a reader; a Latin letter's reading is the letter itself,
    # and a reading that says a meaning ("H of X", "X 的熵") says what was not shown;
    # the English reading decides for both languages ("西塔星" reads "theta star")
    if entry is not None and _says_only_the_letter(english, match.letter,
                                                   entry.family == "greek") and not any(
            agree(reading, meaning.text.get(lang)) for meaning in entry.meanings):
        return reading
    return match.letter


_TYPOGRAPHIC_WORDS = frozenset({"capital", "calligraphic", "blackboard-bold", "blackboard",
                                "bold", "script", "fraktur", "star", "hat", "bar", "tilde",
                                "prime", "dot", "check"})


def _says_only_the_letter(reading: str, letter: str, pronounced: bool) -> bool:
    """A reading that only says how the letter is written or pronounced: 'capital SIG-muh',
    'calligraphic X', 'theta star', and a Greek letter's pronunciation ('PIE'); not the
    reading of a formula ('H of X', 'div F', 'theta M L E')."""
    if pronounced:
        return not re.search(r"\bof\b|的|\(", reading)
    words = [word for word in reading.split() if word.lower() not in _TYPOGRAPHIC_WORDS]
    return len(words) <= 1 and all(word.lower() == letter.lower() for word in words)


def shown_meaning(match: KnowledgeMatch, lang: str) -> str:
    """The meaning shown: the chosen one, up to where it turns to alternatives when the
    entry has several meanings; for a 'general' match, a plain statement that the usual
    meanings do not fit this paper (or that nothing says which applies)."""
    entry = match.entry
    if entry is None:
        return ""
    if match.basis == "general":
        general = _GENERAL_BY_REASON.get(match.reason, GENERAL_UNSUPPORTED).get(lang)
        if match.concept_entry is None:
            return general
        # "no usual meaning fits ...; the term the paper uses: Standard deviation σ: ..."
        concept = _without_alternatives(match.concept_entry, match.concept_meaning, lang)
        return f"{general}{CONCEPT_LEAD.get(lang)}{without_its_symbol(concept)}"
    return _without_alternatives(entry, match.meaning, lang)


_HEAD_SYMBOL = re.compile(r"\s+(?:[A-Za-z\u0370-\u03ff\U0001d400-\U0001d7ff][\u0300-\u036f]?"
                          r"(?:[_^](?:[A-Za-z0-9]+|\{[^{}]*\})|[′'*ᵢₜ⁰-⁹₀-₉ᵀ])*"
                          r"(?:\([^()]*\))?|\(.*\)|=.*)"
                          r"(?=\s*(?:[:：(（=]|$))")
"""A formula closing a concept's head: the y of "Observations y", the k(x, x′) of "Kernel
function k(x, x′)", the "D_KL(p ‖ q)" of a divergence."""


def without_its_symbol(concept: str) -> str:
    """A concept as the term the paper uses, without the other entry's own symbol: for
    𝐗 "the observations", "Observations: the observed data ..." (not "Observations y:"),
    which would tell the reader the symbol is y."""
    for mark in (":", "："):
        head, found, rest = concept.partition(mark)
        if found:
            bare = _HEAD_SYMBOL.sub("", head).rstrip()
            return f"{bare}{found}{rest}" if bare else concept
    return concept


CONCEPT_LEAD = Text("; the term the paper uses: ", "；论文所用的术语：")
"""Between the plain statement and the concept a 'general' match explains (concepts.py)."""


def _without_alternatives(entry: Entry, meaning: int, lang: str) -> str:
    """A meaning up to where it turns to alternatives, when the entry has several."""
    text = entry.meanings[meaning].text.get(lang)
    if len(entry.meanings) > 1:
        cut = _first_alternative(text)
        if cut > 0:
            text = text[:cut].rstrip(" ,，") + ("。" if lang == "zh" else ".")
    return text


def _first_alternative(text: str) -> int:
    """Where a meaning turns to its alternatives, outside brackets; -1 when it does not."""
    for found in _ALTERNATIVE.finditer(text):
        before = text[:found.start()]
        if before.count("(") + before.count("（") == before.count(")") + before.count("）"):
            return found.start()
    return -1


def shape_or_role(entry: GlossaryEntry, lang: str) -> str:
    if entry.shape is not None:
        return entry.shape.get(lang)
    return entry.role.get(lang) if entry.role is not None else ""


def scoped(entry: GlossaryEntry, index: int, lang: str) -> str:
    """' (in Method)' after a shown definition when the symbol has several meanings, each
    holding in its own section; '' otherwise."""
    scope = entry.scopes[index] if index < len(entry.scopes) else None
    if not scope:
        return ""
    return f" ({label('in-section', lang)} {scope})" if lang == "en" \
        else f"（{label('in-section', lang)}“{scope}”）"


def confidence_text(definition: Definition) -> str:
    return f"{definition.confidence:.2f}"


def location(definition: Definition) -> str:
    return f"{definition.file}:{definition.line}"
