"""What the knowledge base says about each symbol, and which of its meanings fits here.

Levels, first that fits wins, and the match says which it was:
1. exact: the symbol's key is a form of an entry (`\\mathcal{L}`, `d_{\\text{model}}`);
2. alias: it is an alias (`\\varepsilon` for epsilon);
3. pattern: a template entry describes it (`\\hat{?x}`: an estimate of x);
4. base: a labelled symbol falls back on its base (`\\pi_\\theta` is π, subscripted);
5. convention: only the typography speaks (bold lowercase: a vector).

An entry matches only when one of its meanings applies: a meaning's `when` conditions
are checked on every use of the symbol (`\\sigma(z)` is applied, so a sigmoid; `\\sigma^2`
next to `\\mu` is a variance), the meaning most uses agree on is chosen, and the others
are kept as alternatives.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import TypeVar

from .agreement import STRONG, agreement, compatible, informative, only_a_kind
from .concepts import concept_for, entry_of
from .knowledge import (
    ALL_OF,
    FALLBACK_WORDING,
    TOPIC_WORDS,
    KnowledgeBase,
    condition_parts,
    form_key,
    shipped_topics,
)
from .latex_tables import GREEK
from .meaning_kinds import contradicts, definition_kind
from .model import (
    Analysis,
    Definition,
    Entry,
    KnowledgeMatch,
    Occurrence,
    Paragraph,
    Symbol,
    SymbolId,
    TemplateMeanings,
    Text,
)
from .normalize import key_of, latex_of
from .patterns import compile_pattern, match_whole, parse_formula
from .render.unicode import to_unicode
from .shapes import declared_kind

MIN_OWN_PROSE = 40
"""Characters of prose below which a formula's paragraph borrows its neighbours' topics."""
TOPIC_THRESHOLD = 3
"""Mentions in the prose (or one in the title) that make a paper about a topic."""
_WORD = re.compile(r"[a-z][a-z-]*")
T = TypeVar("T")


@lru_cache(maxsize=1)
def _topic_lexicon() -> tuple[dict[str, frozenset[str]], dict[str, tuple[str, ...]]]:
    """A topic's single English words, plurals folded (`_singular`) as a text's words are
    when counted, and its phrases and Chinese words, counted by substring. Built on first use:
    the topics are data (knowledge/topics.toml)."""
    single = {topic: frozenset(_singular(w) for w in words if w.isascii() and " " not in w)
              for topic, words in TOPIC_WORDS.items()}
    phrases = {topic: tuple(w for w in words if not w.isascii() or " " in w)
               for topic, words in TOPIC_WORDS.items()}
    return single, phrases


REASONS = {
    "defined": Text("the paper's own definition says so", "与本文自己的定义一致"),
    "applied": Text("used with an argument", "带参数使用"),
    "squared": Text("squared", "带平方"),
    "subscripted": Text("with a subscript", "带下标"),
    "labelled": Text("with a label (p_θ, W^Q)", "带标注（p_θ、W^Q）"),
    "conditional": Text("with a conditional argument (… | …)", "参数中有条件竖线 (… | …)"),
    "coefficient": Text("right after a number", "紧跟在数字之后"),
    "pair-indexed": Text("with two indices (δ_ij)", "带两个下标（δ_ij）"),
    "raised": Text("raised to a power", "带幂（上标）"),
    "drawn": Text("drawn from a distribution (… ∼ …)", "从某个分布中抽取（… ∼ …）"),
    "counted": Text("the end of a range (∑_{i=1}^{I}, 1, …, K)",
                    "作为范围的上限（∑_{i=1}^{I}、1, …, K）"),
    "parameter": Text("the parameter of a named distribution (Cat(π))",
                      "作为具名分布的参数（Cat(π)）"),
    "time-indexed": Text("indexed by time or iteration (X_t, θ_k)", "带时间或迭代下标（X_t、θ_k）"),
    "written": Text("written exactly this way (d_ff, W^Q)", "写法与此完全相同（d_ff、W^Q）"),
    "kind": Text("the paper's definition names only a kind of object",
                 "本文的定义只说明了对象的类别"),
    "script": Text("written only in other symbols' sub- or superscripts",
                   "只出现在其他符号的上下标中"),
    "base": Text("what the paper's own definition makes of its letter",
                 "与本文对其基础字母的定义一致"),
    "declared": Text("the paper declares it another kind of object than its usual meanings",
                     "本文声明的类型与其常见含义不符"),
}
_BASE_DETAIL = Text("{base} with the label {label}", "带标注 {label} 的 {base}")


@dataclass(frozen=True)
class Context:
    """What the conditions may look at: the paper's topics, and for each span its symbols
    and the topics of the prose around it (None: no prose known, the paper's topics
    count everywhere, as for a formula given to `annotator explain`)."""

    topics: frozenset[str] = frozenset()
    span_keys: tuple[frozenset[str], ...] = ()
    span_topics: tuple[frozenset[str], ...] | None = None
    section_topics: tuple[frozenset[str], ...] = ()
    """For each span, the topics of its section (words of its prose and title, and the
    symbols that point to a topic in its formulas)."""
    span_prose: tuple[str, ...] | None = None
    """For each span, the lowercased prose around it (what `says:` conditions read)."""


def topics_of(text: str, threshold: int = 1) -> set[str]:
    """Topics whose words occur at least `threshold` times in `text`; from a threshold of
    two on, as two different words of the topic: a causal-inference chapter that says
    "policy" four times (a public policy) is not about reinforcement learning, one that
    says "policy" and "reward" is."""
    lowered = text.lower()
    words = Counter(_singular(word) for word in _WORD.findall(lowered))
    found = set()
    topic_singles, topic_phrases = _topic_lexicon()
    for topic, singles in topic_singles.items():
        used = {w for w in singles if words[w]}
        count = sum(words[w] for w in used)
        distinct = len(used)
        if count < threshold or distinct < 2:
            said = [phrase for phrase in topic_phrases[topic] if phrase in lowered]
            count += sum(lowered.count(phrase) for phrase in said)
            distinct += len(said)
        if count >= threshold and (threshold < 2 or distinct >= 2):
            found.add(topic)
    return found


def _singular(word: str) -> str:
    """A plural folded onto its singular, so that "policy" and "policies" are one word."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def paper_topics(analysis: Analysis) -> tuple[str, ...]:
    """Topics the prose mentions at least TOPIC_THRESHOLD times (or the title once)."""
    prose = " ".join(_paragraph_text(p) for p in analysis.paragraphs)
    found = topics_of(prose, TOPIC_THRESHOLD) | topics_of(analysis.title)
    return tuple(topic for topic in TOPIC_WORDS if topic in found)


def _paragraph_text(paragraph: Paragraph) -> str:
    return " ".join(part.text for part in paragraph.parts if part.math is None)


def local_topics(analysis: Analysis) -> tuple[frozenset[str], ...]:
    """For each span, the topics named in its own paragraph: the m of `(y_1, ..., y_m)` is
    not Adam's moment just because the paper cites Adam elsewhere. A paragraph that is
    (nearly) only a formula borrows the topics of the paragraphs around it."""
    texts = [_paragraph_text(p) for p in analysis.paragraphs]
    paragraph_topics = [topics_of(text) for text in texts]
    return _per_span(analysis, texts, frozenset(),
                     lambda near: frozenset().union(*paragraph_topics[near]))


def local_prose(analysis: Analysis) -> tuple[str, ...]:
    """For each span, the lowercased prose of its paragraph (with the neighbouring
    paragraphs when it is (nearly) only a formula): what a `says:` condition reads, so δ
    is a failure probability where its sentence says "with probability at least 1 - δ"."""
    texts = [_paragraph_text(p).lower() for p in analysis.paragraphs]
    return _per_span(analysis, texts, "", lambda near: " ".join(texts[near]))


def _per_span(analysis: Analysis, texts: list[str], none: T,
              read: Callable[[slice], T]) -> tuple[T, ...]:
    """For each span, `read` of the paragraphs it is read with: its own, or with the one
    before and the one after when its own prose (`texts`, one per paragraph) is shorter
    than MIN_OWN_PROSE (a display with "where" around it); `none` for a span in no
    paragraph."""
    found = [none] * len(analysis.math)
    for index, paragraph in enumerate(analysis.paragraphs):
        short = len(texts[index].strip()) < MIN_OWN_PROSE
        value = read(slice(max(0, index - 1), index + 2) if short else slice(index, index + 1))
        for part in paragraph.parts:
            if part.math is not None and part.math < len(found):
                found[part.math] = value
    return tuple(found)


SECTION_THRESHOLD = 2
"""Mentions in one section's prose (or one in its title) that make the section about a
topic, whatever the rest of the paper is about."""


def section_topics(analysis: Analysis) -> tuple[frozenset[str], ...]:
    """For each span, the topics of its section: a paper's variational-inference section
    and its reinforcement-learning section each read their own field. A section is read
    with its subsections under the same top-level section, from its prose, its title,
    the symbols in its formulas that point to a topic (topics.toml `symbols`: ᾱ_t
    points to diffusion) and the named formulas it displays (topics.toml `formulas`: an
    SDE dX_t = f dt + g dW_t points to SDEs)."""
    owner = _top_sections(analysis)
    prose: dict[int | None, list[str]] = {}
    for paragraph in analysis.paragraphs:
        prose.setdefault(owner.get(paragraph.section), []).append(_paragraph_text(paragraph))
    symbols, formulas = _topic_symbols(), _topic_formulas()
    keys: dict[int | None, set[str]] = {}
    named_formulas: dict[int | None, set[str]] = {}
    for span in analysis.math:
        keys.setdefault(owner.get(span.section), set()).update(
            analysis.span_symbols[span.index])
        if span.index < len(analysis.recognised):
            named_formulas.setdefault(owner.get(span.section), set()).update(
                found.template for found in analysis.recognised[span.index])
    found: dict[int | None, frozenset[str]] = {}
    for section in (set(prose) | set(keys)) - {None}:  # outside any section: the paper's
        named = _section_prose_topics(prose.get(section, []))
        if section is not None and section < len(analysis.sections):
            named |= topics_of(analysis.sections[section].title)
        named |= {topic for topic, pointers in symbols.items() if pointers & keys.get(section,
                                                                                      set())}
        named |= {topic for topic, pointers in formulas.items()
                  if pointers & named_formulas.get(section, set())}
        found[section] = frozenset(named)
    return tuple(found.get(owner.get(span.section), frozenset()) for span in analysis.math)


def _section_prose_topics(paragraphs: list[str]) -> set[str]:
    """Topics a section's prose is about: mentioned SECTION_THRESHOLD times and in two of
    its paragraphs (or in its only paragraphs, for a short section). One aside in a long
    kernels chapter ("... the Ornstein-Uhlenbeck process, which describes Brownian
    motion") does not make the chapter about SDEs."""
    named = topics_of(" ".join(paragraphs), SECTION_THRESHOLD)
    if len(paragraphs) <= 2 or not named:
        return named
    counts = Counter(topic for text in paragraphs for topic in topics_of(text) & named)
    return {topic for topic in named if counts[topic] >= 2}


def _top_sections(analysis: Analysis) -> dict[int | None, int | None]:
    """Each section -> the top-level section it is in (itself when it is one)."""
    owner: dict[int | None, int | None] = {None: None}
    top: int | None = None
    top_level = min((s.level for s in analysis.sections), default=1)
    for index, section in enumerate(analysis.sections):
        if section.level <= top_level or top is None:
            top = index
        owner[index] = top
    return owner


@lru_cache(maxsize=1)
def _topic_symbols() -> dict[str, frozenset[str]]:
    return {topic.id: frozenset(topic.symbols) for topic in shipped_topics().values()
            if topic.symbols}


@lru_cache(maxsize=1)
def _topic_formulas() -> dict[str, frozenset[str]]:
    return {topic.id: frozenset(topic.formulas) for topic in shipped_topics().values()
            if topic.formulas}


def attach_knowledge(analysis: Analysis, kb: KnowledgeBase) -> Analysis:
    """The analysis with every symbol's `knowledge` filled where the base has something."""
    topics = paper_topics(analysis)
    context = Context(frozenset(topics), tuple(frozenset(k) for k in analysis.span_symbols),
                      local_topics(analysis), section_topics(analysis), local_prose(analysis))
    found = [match_symbol(symbol, kb, context) for symbol in analysis.symbols]
    by_key = {symbol.key: match for symbol, match in zip(analysis.symbols, found, strict=True)}
    symbols = tuple(_with_knowledge(symbol, _by_count(symbol, _as_its_base(symbol, match,
                                                                          by_key)))
                    for symbol, match in zip(analysis.symbols, found, strict=True))
    return replace(analysis, symbols=symbols, topics=topics)


_COUNT_CUES = frozenset({"count-of", "zh-count-of"})


def _by_count(symbol: Symbol, found: KnowledgeMatch | None) -> KnowledgeMatch | None:
    """Where the paper does not define a symbol in words but counts with it ("a sequence of
    $n$ tokens": number of tokens), the meaning that names what it counts is the one shown,
    with the count as its reason: n is the sequence length there, not "the dimension of a
    vector" because $x \\in \\mathbb{R}^{n \\times d}$. A count is too weak to be shown as a
    definition (dev: 7 right, 5 wrong); it only chooses among the meanings of the entry
    that already answers, and only one that shares what the count names."""
    if found is None or found.entry is None or found.basis not in ("default", "condition") \
            or any(d.shown and d.source == "prose" for d in symbol.definitions):
        return found
    counts = list(dict.fromkeys(d.text for d in symbol.definitions
                                if d.cue in _COUNT_CUES and d.source == "prose"))
    if not counts:
        return found
    # per meaning, its strongest agreement with a count and the first count that has it
    levels = [max(((agreement(count, meaning.text.get(lang)), -order, count)
                   for order, count in enumerate(counts) for lang in ("en", "zh")))
              for meaning in found.entry.meanings]
    best = max(level for level, _, _ in levels)
    if best < STRONG or levels[found.meaning][0] == best:
        return found
    chosen = next(index for index, (level, _, _) in enumerate(levels) if level == best)
    return replace(found, meaning=chosen, reason=f"says:{levels[chosen][2]}",
                   basis="condition")


def _as_its_base(symbol: Symbol, found: KnowledgeMatch | None,
                 by_key: dict[str, KnowledgeMatch | None]) -> KnowledgeMatch | None:
    """A labelled variant the paper does not define, matched through its base letter's
    entry, does not show a meaning the paper's own definition of that letter ruled out:
    where $v$ is "a vector of length $d$" (no value vector), $v_{chair}$ is no "value
    vector of one position" because the section is about attention. It shows the base's
    meaning when that one agrees with the base's definition, else only the plain
    statement (reason 'base')."""
    if found is None or found.match != "base" or symbol.definitions:
        return found
    base = by_key.get(found.pattern)
    if base is None or base.id != found.id or base.basis not in ("definition", "general") \
            or (base.meaning == found.meaning and base.basis == "definition"):
        return found
    if base.basis == "definition":
        return replace(found, meaning=base.meaning, reason="base", basis="condition")
    return replace(found, reason="base", basis="general")


_SURE_ROLES = frozenset({"function", "distribution", "operator", "scalar"})


def _with_knowledge(symbol: Symbol, found: KnowledgeMatch | None) -> Symbol:
    """The symbol with its knowledge; a calligraphic capital's typographic role "set" (a
    guess from the font) gives way to what its own entry says it is, when a meaning of
    the entry is shown: 𝓛 the loss is a function, 𝓓_KL a divergence, not sets."""
    role = symbol.role
    if role == "set" and found is not None and found.entry is not None \
            and found.match in ("exact", "alias") \
            and found.basis in ("definition", "condition", "default") \
            and found.entry.role in _SURE_ROLES:
        role = found.entry.role
    return replace(symbol, knowledge=found, role=role)


def match_symbol(symbol: Symbol, kb: KnowledgeBase, context: Context) -> KnowledgeMatch | None:
    """The best knowledge for a symbol, or None when the base knows nothing of it.

    The first entry that knows the symbol answers, unless the paper's definition agrees
    with none of its meanings: then a later entry whose meaning the definition agrees with
    answers instead (`\\bar{W}_t` "a Brownian motion running backward in time" is no
    "version of W with a bar", but it is the letter W's Brownian motion); if none does,
    the first entry's plain statement stands."""
    defined = [d.text for d in symbol.definitions
               if d.shown and d.source == "prose" and informative(d.text)]
    first: KnowledgeMatch | None = None
    for how, entry_id, detail, pattern in candidates(symbol.id, symbol.key, kb,
                                                     undecorated=bool(defined)):
        bare = how == "undecorated"  # only ever shown when the definition agrees
        found = _match_entry(kb.entries[entry_id], "base" if bare else how, detail, pattern,
                             symbol, context, defined)
        if found is None or (bare and found.basis != "definition"):
            continue
        if first is None:
            first = found
            if not (defined and found.basis == "general" and found.reason in ("defined", "kind")):
                return found
        elif found.basis == "definition":
            return found
    if first is not None and first.basis == "general" and first.reason == "defined":
        # Σ_i "the noise standard deviation": no meaning of Σ, but the term is σ's (the
        # first definition shown, the one a reader reads as what the symbol is)
        concept = concept_for(defined[:1], kb, exclude=first.id)
        if concept is not None:
            first = replace(first, concept_entry=entry_of(kb, concept[0]),
                            concept_meaning=concept[1])
    return first


def _match_entry(entry: Entry, how: str, detail: Text | None, pattern: str, symbol: Symbol,
                 context: Context, defined: list[str]) -> KnowledgeMatch | None:
    """What one candidate entry says of the symbol, or None when no meaning applies."""
    unless = _ruled_out(entry, symbol, context, how)
    contradicted = _contradicted(entry, symbol)
    ruled_out = unless | contradicted
    chosen = choose_meaning(entry, symbol, context, how, ruled_out)
    # every meaning that applies contradicts the paper's type statement (C declared a map
    # X × X → ℝ, the letter's meanings all numbers or sets): the paper's own words may
    # still agree with one, else only the plain statement is shown
    declared_only = chosen is None and bool(contradicted)
    if declared_only:
        ruled_out = unless
        chosen = choose_meaning(entry, symbol, context, how, ruled_out)
    if chosen is None:
        return None
    meaning, alternatives, reason = chosen
    # P_{drop} is not "a matrix P": a word label makes a new quantity, unless the paper's
    # definition agrees with one of the letter's meanings (d_{model} "the dimension of
    # outputs" is the letter d's dimension)
    word_label = how == "base" and not reason and _word_label(symbol.id)
    if word_label and not defined:
        return None
    applicable = _applicable(entry, symbol, context, how, ruled_out)
    # d_{ff}, W^Q written exactly as the knowledge writes them: the notation itself is
    # evidence, as a condition that held would be, for a kind-only definition to allow
    written = how == "exact" and (symbol.id.sub is not None or symbol.id.sup is not None)
    meaning, reason, basis = _evidence(entry, how, meaning, reason, defined, applicable,
                                       abstain=context.span_topics is not None,
                                       written=written, contradicted=contradicted)
    if word_label and basis != "definition":
        return None
    if declared_only and basis != "definition":
        named = any(not only_a_kind(text) for text in defined)  # more than "a function"
        return _plain(entry, how, detail, pattern, symbol, (meaning, alternatives, reason),
                      "defined" if named else "declared")
    if basis == "default" and context.span_topics is not None \
            and entry.id.startswith("letter-") and _only_in_scripts(symbol) \
            and not _INDEX.search(entry.meanings[meaning].text.en):
        # the b of X^{(b)}: a Latin letter the paper only ever writes as a label or index
        # of other symbols is no bias of its own (a Greek one is a parameter: the θ of
        # p_θ and s_θ is what they are parametrised by)
        basis, reason = "general", "script"
    return KnowledgeMatch(
        id=entry.id, name_en=entry.name.en, name_zh=entry.name.zh, match=how,
        meaning=meaning, alternatives=alternatives, reason=reason,
        detail_en=detail.en if detail else "", detail_zh=detail.zh if detail else "",
        pattern=pattern, entry=entry, letter=symbol.id.base, basis=basis)


def _plain(entry: Entry, how: str, detail: Text | None, pattern: str, symbol: Symbol,
           chosen: tuple[int, tuple[int, ...], str], reason: str) -> KnowledgeMatch:
    """The entry's plain statement ('general'): it knows the symbol, none of its usual
    meanings is shown."""
    return KnowledgeMatch(
        id=entry.id, name_en=entry.name.en, name_zh=entry.name.zh, match=how,
        meaning=chosen[0], alternatives=chosen[1], reason=reason,
        detail_en=detail.en if detail else "", detail_zh=detail.zh if detail else "",
        pattern=pattern, entry=entry, letter=symbol.id.base, basis="general")


_INDEX = re.compile(r"\bindex\b|\bindices\b|\bcount\b|\bnumber of\b", re.IGNORECASE)
"""A meaning a letter written only in scripts can have: an index or a count."""


def _only_in_scripts(symbol: Symbol) -> bool:
    return bool(symbol.occurrences) and all(o.in_script for o in symbol.occurrences)


def _applicable(entry: Entry, symbol: Symbol, context: Context, how: str,
                ruled_out: frozenset[int]) -> set[int]:
    """Meanings not ruled out, with no condition or one that holds for some use of the
    symbol."""
    return {index for index, candidate in enumerate(entry.meanings)
            if index not in ruled_out
            and (not candidate.when or any(holds(condition, symbol, occurrence, context, how)
                                           for condition in candidate.when
                                           for occurrence in symbol.occurrences))}


def _evidence(entry: Entry, how: str, meaning: int, reason: str, defined: list[str],
              applicable: set[int], abstain: bool, written: bool = False,
              contradicted: frozenset[int] = frozenset()) -> tuple[int, str, str]:
    """(meaning, reason, basis): the paper's own definition decides first: a meaning that
    disagrees with it is never shown (π defined as "a policy" is no circle constant), and
    when none agrees only a plain statement is ('general'). Without a definition, a
    specific meaning is shown only when its condition held (a topic, a neighbouring
    symbol, the way it is used); otherwise the entry's default, its unconditioned and
    most general meaning. `abstain` is False for a formula given alone (`annotator
    explain`), which has no definition to disagree with. `written`: the symbol is written
    exactly as a labelled knowledge form (d_{ff}), which a kind-only definition may
    confirm as a condition that held would."""
    if how == "convention":
        return meaning, reason, "typography"
    if defined:
        # a meaning of another kind than the paper declared agrees with no definition:
        # "An output matrix" is no "Number of classes C: ... has C outputs"
        levels = {index: max(agreement(text, candidate.text.get(lang))
                             for text in defined for lang in ("en", "zh"))
                  for index, candidate in enumerate(entry.meanings)
                  if index not in contradicted}
        best = max(levels.values(), default=0)
        # a meaning that shares what the definition names beats one that only says
        # nothing more: "样本数量" is the sample size, not merely "a number of items"
        agreeing = [index for index, level in levels.items() if level and level == best]
        if agreeing:
            # among the meanings the definition agrees with, one whose condition holds
            # (or that has none): "a dispersion parameter" is a standard deviation, not
            # the noise level of a diffusion paper
            fitting = [index for index in agreeing if index == meaning
                       or index in applicable] or agreeing
            chosen = meaning if meaning in fitting else fitting[0]
            return chosen, "defined", "definition"
        if (reason or written) and all(only_a_kind(text) for text in defined) and any(
                compatible(text, entry.meanings[meaning].text.en)
                or compatible(text, entry.meanings[meaning].text.zh) for text in defined):
            # "$s_\theta$ is a neural network" in a diffusion section: the field says
            # which network, the definition only allows it (agreement.compatible)
            return meaning, reason or "written", "condition"
        if abstain:
            # "a random variable" of Z names only a kind, which some usual meanings are:
            # that is no disagreement, only no evidence ("no usual meaning fits" would
            # tell the reader the paper's Z is unusual)
            kind = all(only_a_kind(text) for text in defined) and any(
                compatible(text, candidate.text.get(lang)) for text in defined
                for candidate in entry.meanings for lang in ("en", "zh"))
            return meaning, "kind" if kind else "defined", "general"
    if reason:
        return meaning, reason, "condition"
    if how == "base" and abstain:
        # d_θ, T_μ: the letter's default says nothing sure of a labelled variant of it
        return meaning, reason, "general"
    return meaning, reason, "default"


def usual_lookup(analysis: Analysis, kb: KnowledgeBase) -> Callable[[str], tuple[str, ...]]:
    """A symbol's key -> its usual meanings (`usual_meanings`), each symbol looked up
    once: what the definitions stage weighs its candidates against."""
    by_key = {symbol.key: symbol for symbol in analysis.symbols}

    @cache
    def lookup(key: str) -> tuple[str, ...]:
        symbol = by_key.get(key)
        return usual_meanings(symbol, kb) if symbol is not None else ()
    return lookup


def usual_meanings(symbol: Symbol, kb: KnowledgeBase) -> tuple[str, ...]:
    """What the knowledge base says a symbol usually means, in both languages: every
    meaning of the entries that know it (its letter's included: `W^Q` is also W), not
    a typeface's convention nor an entry's fallback ("a scalar that the paper
    introduces"), which any description would agree with. When only a decoration's
    template knows the symbol, they come as TemplateMeanings, which may confirm a
    description but not contradict it: `\\bar{f}_2` "the teacher network" is no
    disagreement with "the mean of f", which only says what bars often mean."""
    found = [(kb.entries[entry_id].kind == "convention", text)
             for how, entry_id, _, _ in candidates(symbol.id, symbol.key, kb)
             if how != "convention"
             for meaning in kb.entries[entry_id].meanings
             if not FALLBACK_WORDING.search(meaning.text.en)
             for text in (meaning.text.en, meaning.text.zh)]
    texts = tuple(text for _, text in found)
    if texts and all(template for template, _ in found):
        return TemplateMeanings(texts)
    return texts


def candidates(sid: SymbolId, key: str, kb: KnowledgeBase, undecorated: bool = False
               ) -> Iterator[tuple[str, str, Text | None, str]]:
    """(how, entry id, filled template text, pattern) in the order they are tried;
    `undecorated` adds the bare letter's entry after the base's (`\\bar{W}_t` -> W),
    matched as a base ('undecorated' only tells `match_symbol` to require agreement)."""
    if key in kb.forms:
        yield "exact", kb.forms[key], None, ""
    if key in kb.aliases:
        yield "alias", kb.aliases[key], None, ""
    if "bold" in sid.font:
        # \bm{W}^Q is W^Q set in bold: the same notation in another typeface
        plain = key_of(replace(sid, font=sid.font.replace("bold", "").strip("-")))
        entry_id = kb.forms.get(plain) or kb.aliases.get(plain)
        if entry_id is not None:
            yield "alias", entry_id, None, plain
    yield from _pattern_candidates(sid, kb)
    yield from _base_candidates(sid, key, kb)
    if undecorated:
        yield from _undecorated_candidates(sid, key, kb)
    for convention in conventions_of(sid):
        if convention in kb.conventions:
            yield "convention", kb.conventions[convention], None, convention


def _pattern_candidates(sid: SymbolId, kb: KnowledgeBase
                        ) -> Iterator[tuple[str, str, Text | None, str]]:
    """Templates that describe the symbol as a whole: `\\hat{?x}`, `?x^{*}`, `\\bar{?x}`."""
    target = parse_formula(latex_of(sid))
    for pattern, entry_id in kb.patterns:
        compiled = compile_pattern(pattern.latex)
        if len(compiled) != 1 or not pattern.placeholders:
            continue  # a formula-level template: for `annotator explain`
        bindings = match_whole(compiled, target)
        if bindings is None:
            continue
        filled = fill(pattern.text, {name: to_unicode(nodes) for name, nodes in bindings.items()})
        yield "pattern", entry_id, filled, pattern.latex


def _base_candidates(sid: SymbolId, key: str, kb: KnowledgeBase
                     ) -> Iterator[tuple[str, str, Text | None, str]]:
    """`\\pi_\\theta` -> π, `p_{\\rm data}` -> p, `W^Q` -> W: the base symbol's entry."""
    if sid.sub is None and sid.sup is None and not sid.mods:
        return
    base = replace(sid, sub=None, sup=None, mods="")
    base_key = key_of(base)
    entry_id = kb.forms.get(base_key) or kb.aliases.get(base_key)
    if entry_id is None or base_key == key:
        return
    label = ", ".join(to_unicode(parse_formula(label.latex)) for label in (sid.sub, sid.sup)
                      if label is not None)
    detail = fill(_BASE_DETAIL, {"base": to_unicode(parse_formula(latex_of(base))),
                                 "label": label or sid.mods})
    yield "base", entry_id, detail, base_key


_UNDECORATED_DETAIL = Text("{symbol}, built on {base}", "{symbol}，由 {base} 变化而来")


def _undecorated_candidates(sid: SymbolId, key: str, kb: KnowledgeBase
                            ) -> Iterator[tuple[str, str, Text | None, str]]:
    """`\\bar{W}_t` -> W, `\\vec{w}` -> w, `\\hat{r}` -> r, `\\mathrm{C}` -> C: the bare
    (italic) letter's entry, for a decorated or upright symbol whose own entry disagrees
    with what the paper says it is."""
    upright = sid.font == "rm"  # \mathrm{C} "the covariance": the italic C's meanings
    if not sid.accents and not upright:
        return
    bare = replace(sid, sub=None, sup=None, mods="", accents=(),
                   font="" if upright else sid.font)
    bare_key = key_of(bare)
    entry_id = kb.forms.get(bare_key) or kb.aliases.get(bare_key)
    if entry_id is None or bare_key == key:
        return
    symbol, letter = (to_unicode(parse_formula(latex_of(s))) for s in (sid, bare))
    # an upright C reads as C: "C, built on C" would say nothing
    detail = fill(_UNDECORATED_DETAIL, {"symbol": symbol, "base": letter}) \
        if symbol != letter else None
    yield "undecorated", entry_id, detail, bare_key


def _word_label(sid: SymbolId) -> bool:
    """A label that is a word (`drop`, `pos`, `train`), not a parameter (θ, φ), a symbol
    (\\infty) or a letter."""
    return any(label is not None and label.latex.startswith("\\mathrm{")
               for label in (sid.sub, sid.sup))


def conventions_of(sid: SymbolId) -> list[str]:
    """The typographic conventions a symbol's identity shows, most specific first."""
    found: list[str] = []
    found += [accent for accent in sid.accents if accent in ("hat", "tilde", "bar", "dot",
                                                                "vec")]
    if "*" in sid.mods:
        found.append("star")
    if "'" in sid.mods:
        found.append("prime")
    base, font = sid.base, sid.font
    greek = base in GREEK
    if "bold" in font and "sf" in font:
        found.append("sf-upper")  # the DL book's tensors; a plain \\mathsf{S} is anything
    elif "bold" in font:
        found.append("bold-greek" if greek else "bold-upper" if base[:1].isupper()
                     else "bold-lower")
    elif font == "cal" and base[:1].isupper():
        found.append("cal-upper")
    elif font == "bb":
        found.append("bb-upper")
    elif font in ("frak", "scr"):
        found.append(font)
    elif not font and sid.kind == "variable":
        if greek:
            found.append("greek-lower" if base[:1].islower() else "latin-upper")
        elif len(base) == 1:
            found.append("latin-lower" if base.islower() else "latin-upper")
    return found


def fill(text: Text, values: dict[str, str]) -> Text:
    """A template's text with its {placeholders} replaced."""
    def substitute(template: str) -> str:
        return re.sub(r"\{([a-z][a-z0-9]*)\}", lambda m: values.get(m.group(1), m.group(0)),
                      template)
    return Text(substitute(text.en), substitute(text.zh))


# -------------------------------------------------------------------- meanings

def choose_meaning(entry: Entry, symbol: Symbol, context: Context, how: str = "exact",
                   ruled_out: frozenset[int] | None = None
                   ) -> tuple[int, tuple[int, ...], str] | None:
    """(chosen meaning, the other meanings, the reason) or None when none applies.

    Each use picks the first meaning whose conditions hold (or that has none); the
    meaning most uses picked wins, ties going to the better-ranked one."""
    votes: Counter[int] = Counter()
    reasons: dict[int, str] = {}
    if ruled_out is None:
        ruled_out = _ruled_out(entry, symbol, context, how)
    for occurrence in symbol.occurrences:
        picked = _meaning_for(entry, symbol, occurrence, context, how, ruled_out)
        if picked is not None:
            index, reason = picked
            votes[index] += 1
            reasons.setdefault(index, reason)
    if not votes:
        return None
    chosen = max(votes, key=lambda i: (votes[i], -i))
    held = [i for i in sorted(votes) if i != chosen]
    others = [i for i in range(len(entry.meanings)) if i != chosen and i not in held]
    return chosen, tuple(held + others), reasons.get(chosen, "")


def _meaning_for(entry: Entry, symbol: Symbol, occurrence: Occurrence, context: Context,
                 how: str, ruled_out: frozenset[int]) -> tuple[int, str] | None:
    """The first meaning, not ruled out, whose conditions hold for this use."""
    for index, meaning in enumerate(entry.meanings):
        if index in ruled_out:
            continue
        if not meaning.when:
            return index, ""
        for condition in meaning.when:
            if holds(condition, symbol, occurrence, context, how):
                return index, condition
    return None


def _ruled_out(entry: Entry, symbol: Symbol, context: Context, how: str) -> frozenset[int]:
    """The meanings one of whose `unless` conditions holds for some use of the symbol: π
    written `\\mathrm{Cat}(\\pi)` anywhere is a parameter, whatever its other uses look like."""
    return frozenset(index for index, meaning in enumerate(entry.meanings)
                     if any(holds(condition, symbol, occurrence, context, how)
                            for condition in meaning.unless
                            for occurrence in symbol.occurrences))


def _contradicted(entry: Entry, symbol: Symbol) -> frozenset[int]:
    """The meanings the paper's type statement contradicts: T declared `T: \\mathcal{Z}
    \\to \\mathcal{X}` is no number of steps, X declared in ℝ^d no data matrix; without
    one, the bold type: `\\boldsymbol{\\pi}` is no circle constant."""
    stated = {kind for kind in (_declared(symbol.definitions), _said_kind(symbol.definitions))
              if kind}
    if len(stated) > 1:
        # a W typed as a map in one section and defined as "the filter parameter matrix"
        # in another: two meanings, neither rules out the other's
        return frozenset()
    declared = stated.pop() if stated else "array" if "bold" in symbol.id.font else ""
    if not declared:
        return frozenset()
    return frozenset(index for index, meaning in enumerate(entry.meanings)
                     if contradicts(declared, meaning.text))


@lru_cache(maxsize=4096)
def _declared(definitions: tuple[Definition, ...]) -> str:
    return declared_kind(definitions)


@lru_cache(maxsize=4096)
def _said_kind(definitions: tuple[Definition, ...]) -> str:
    """The kind the paper's shown definitions name, when they name one and agree: "An
    output matrix" makes C a matrix, "the number of samples" n a number."""
    return definition_kind([d.text for d in definitions if d.shown and d.source == "prose"])


def holds(condition: str, symbol: Symbol, occurrence: Occurrence, context: Context,
          how: str = "exact") -> bool:
    """Whether a `when` condition holds for one use of a symbol."""
    if ALL_OF in condition:
        return all(holds(part, symbol, occurrence, context, how)
                   for part in condition_parts(condition))
    if condition == "applied":  # f(x), or a map the paper declared (T: Z -> X)
        return occurrence.applied or _declared(symbol.definitions) == "function"
    if condition == "squared":
        return occurrence.sup.strip("{} ") == "2"
    if condition == "subscripted":
        return bool(occurrence.sub) or (how == "base" and symbol.id.sub is not None)
    if condition == "labelled":  # p_\theta, q_\phi, W^Q: a label names it, an index would not
        return symbol.id.sub is not None or symbol.id.sup is not None
    if condition == "conditional":
        return "|" in occurrence.argument or "\\mid" in occurrence.argument
    if condition == "coefficient":
        return occurrence.after_number
    if condition == "drawn":
        return occurrence.drawn
    if condition == "counted":  # the I of \sum_{i=1}^{I}, the K of 1, ..., K
        return occurrence.counted
    if condition == "parameter":  # the π of \mathrm{Cat}(\pi)
        return bool(occurrence.parameter_of)
    if condition == "time-indexed":  # X_t, x_{t+1}, θ_k: a process or an iterate
        return _TIME_INDEX.match(occurrence.sub) is not None
    if condition == "raised":  # e^{x}: a power, not e_i^\top, e^{(i)} or e^*
        sup = occurrence.sup.strip("{} ")
        return bool(sup) and sup not in _NOT_POWERS and not sup.startswith("(")
    if condition == "pair-indexed":
        return _PAIR_INDEX.match(occurrence.sub) is not None
    if condition.startswith("argument:"):
        return occurrence.applied and condition[9:] in occurrence.argument
    if condition.startswith("topic:"):
        return _about(condition[6:], occurrence.span, context)
    if condition.startswith("says:"):
        return _says(condition[5:], occurrence.span, context)
    if condition.startswith("before:"):  # the Δ of Δt: an increment
        return bool(occurrence.before) and occurrence.before == form_key(condition[7:])
    if condition.startswith("with:"):
        wanted = form_key(condition[5:])
        keys = context.span_keys[occurrence.span] if occurrence.span < len(
            context.span_keys) else frozenset()
        return wanted is not None and wanted in keys
    return False


_NOT_POWERS = frozenset({"\\top", "T", "\\intercal", "\\mathsf{T}", "*", "\\ast", "\\star",
                         "'", "\\prime", "\\dagger", "+", "-"})
_TIME_INDEX = re.compile(r"^\{?\s*[tsk](?:\s*[+-]\s*1|_\{?[0-9a-z]\}?)?\s*\}?$")
"""A time or iteration index: t, s, k, t+1, k-1, t_0, t_n (not i, j: those count items)."""
_PAIR_INDEX = re.compile(r"^\{?\s*[a-zA-Z]'?\s*,?\s*[a-zA-Z]'?\s*\}?$")
"""Two single-letter indices: δ_{ij}, δ_{i,j}, δ_{kl} (not δ_{x_j}, a Dirac mass at x_j)."""


def _says(phrases: str, span: int, context: Context) -> bool:
    """`says:with probability|概率至少`: one of the phrases is in the prose around the
    formula. A formula given alone (no prose known) has nothing to say."""
    prose = context.span_prose
    if prose is None or span >= len(prose):
        return False
    return any(phrase in prose[span] for phrase in phrases.lower().split("|") if phrase)


def _about(topic: str, span: int, context: Context) -> bool:
    """A topic holds at a formula when its section is about it, or when the paper is and
    the formula's own paragraph names it (a paper that cites REINFORCE once is not about
    reinforcement learning in its other sections)."""
    sections = context.section_topics
    if span < len(sections) and topic in sections[span]:
        return True
    if topic not in context.topics:
        return False
    local = context.span_topics
    return local is None or (span < len(local) and topic in local[span])


def meaning_reason(condition: str) -> Text:
    """A condition as words, for output: 'used with an argument'."""
    if ALL_OF in condition:
        parts = [meaning_reason(part) for part in condition_parts(condition)]
        return Text(" and ".join(p.en for p in parts), "，且".join(p.zh for p in parts))
    if condition in REASONS:
        return REASONS[condition]
    if condition.startswith("topic:"):
        known = shipped_topics().get(condition[6:])
        name = known.name if known is not None else Text(condition[6:], condition[6:])
        return Text(f"the paper is about {name.en}", f"论文涉及{name.zh}")
    if condition.startswith("argument:"):
        return Text(f"its argument has {condition[9:]}", f"参数中有 {condition[9:]}")
    if condition.startswith("says:"):
        said = " / ".join(f"“{p}”" for p in condition[5:].split("|") if p)
        return Text(f"the text around it says {said}", f"上下文中有 {said}")
    if condition.startswith("before:"):
        shown = to_unicode(parse_formula(condition[7:]))
        return Text(f"written before {shown}", f"写在 {shown} 之前")
    if condition.startswith("with:"):
        shown = to_unicode(parse_formula(condition[5:]))
        return Text(f"{shown} appears in the same formula", f"同一公式中出现 {shown}")
    return Text(condition, condition)

