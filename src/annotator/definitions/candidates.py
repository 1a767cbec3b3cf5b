"""Every description the rules propose, as candidates with their facts and features.

A candidate is one symbol occurrence with one description: which rules proposed it, where
the description and its sentence are in the source, where the paragraph stands (body,
caption, algorithm, appendix, ...), its place in reading order, and the features the
scorer reads. Two rules proposing the same description for the same occurrence make one
candidate with both rule names ("where $x$ denotes the input": where-is and denotes).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..model import Analysis, Occurrence, Symbol
from . import features
from .phrases import CJK, trim
from .rules import MATH_RULES, PROSE_RULES
from .rules.base import Hit, Sentence
from .rules.english import properties as property_hits
from .rules.math import MathFacts, rows
from .select import kind_only
from .subjects import (
    OccurrenceIndex,
    count_shaped,
    defines,
    drawn,
    nameable,
    notation,
    subjects,
)
from .text import MARK_RE, ParagraphText, marks_in, readable, sentences, working_text
from .words import NOT_IN_NOUN_PHRASE, STATEMENT_NOUNS

_INTRODUCING_WORDS = ("where", "with", "let", "let's", "set", "setting", "define",
                      "defined as", "given by", "written as", "written", "is", "are", "be",
                      "namely", "i.e.", "denoted by", "denote", "其中", "令", "设", "记", "即")


@dataclass(frozen=True, slots=True)
class Candidate:
    """One proposed description of one symbol occurrence."""

    key: str
    occurrence: Occurrence
    rules: tuple[str, ...]
    source: str
    """'prose', 'equation' or 'type'."""
    text: str
    """The description for display (formulas as $canonical LaTeX$)."""
    file: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    context: str
    appendix: bool
    section: int | None
    order: tuple[int, int]
    """Reading order: (math span of the occurrence, offset of the description)."""
    features: dict[str, float] = field(default_factory=dict)
    working: str = ""
    """The description as the rules read it (⟦n⟧ for formulas), for features and tests."""


@dataclass(frozen=True, slots=True)
class Found:
    """Everything proposed for a paper: definition candidates and properties."""

    candidates: list[Candidate]
    properties: list[Candidate]


def generate(analysis: Analysis, usual: features.UsualMeanings | None = None) -> Found:
    """Run every rule over every paragraph and formula of the paper; with `usual`, each
    prose candidate also says whether it names one of its symbol's usual meanings."""
    index = OccurrenceIndex(analysis)
    merged: dict[tuple[str, int, int, int], Candidate] = {}
    found_properties: list[Candidate] = []
    introduced: set[int] = set()
    first_use = {symbol.key: symbol.first.span for symbol in analysis.symbols}
    section_first = _first_in_section(analysis)
    uses = {symbol.key: len(symbol.occurrences) for symbol in analysis.symbols}
    for paragraph in analysis.paragraphs:
        whole = working_text(paragraph)
        introduced |= _introduced_formulas(whole)
        for candidate in _prose_candidates(whole, analysis, index, first_use, uses,
                                           section_first):
            _merge(merged, candidate)
        found_properties.extend(_properties(whole, analysis, index))
    for candidate in _math_candidates(analysis, index, introduced):
        _merge(merged, candidate)
    candidates = sorted(merged.values(), key=lambda c: c.order)
    if usual is not None:
        candidates = [_with_usual(candidate, usual) for candidate in candidates]
    return Found(candidates, found_properties)


def _with_usual(candidate: Candidate, usual: features.UsualMeanings) -> Candidate:
    from dataclasses import replace
    if candidate.source != "prose":
        return candidate
    found = features.usual_feature(candidate.text, usual(candidate.key))
    if found is None:
        return candidate
    return replace(candidate, features={**candidate.features, found: 1.0})


def _merge(merged: dict[tuple[str, int, int, int], Candidate], candidate: Candidate) -> None:
    mark = (candidate.key, candidate.occurrence.location.offset, candidate.start, candidate.end)
    known = merged.get(mark)
    if known is None:
        merged[mark] = candidate
        return
    rules = tuple(dict.fromkeys((*known.rules, *candidate.rules)))
    merged[mark] = _with_rules(known, rules)


def _with_rules(candidate: Candidate, rules: tuple[str, ...]) -> Candidate:
    from dataclasses import replace
    return replace(candidate, rules=rules,
                   features=features.with_rules(candidate.features, rules))


def _first_in_section(analysis: Analysis) -> set[tuple[str, int]]:
    """(key, span) of each symbol's first formula in each section: where a symbol is
    (re)introduced ("$\\alpha$ is the learning rate" in one section, "$\\alpha$ denotes the
    mixing weight" in another)."""
    found: set[tuple[str, int]] = set()
    for symbol in analysis.symbols:
        seen: set[int | None] = set()
        for occurrence in symbol.occurrences:
            section = analysis.math[occurrence.span].section \
                if occurrence.span < len(analysis.math) else None
            if section not in seen:
                seen.add(section)
                found.add((symbol.key, occurrence.span))
    return found


def _introduced_formulas(whole: ParagraphText) -> set[int]:
    """Formulas that prose introduces as a definition: "where $\\Lambda = ...$", and a
    display after a colon ("The queries, keys and values are linear projections of the
    input: \\begin{align} Q = XW^Q ...")."""
    text = whole.text
    found = set()
    for match in MARK_RE.finditer(text):
        raw = text[max(0, match.start() - 40):match.start()].rstrip()
        if raw.endswith((":", "：")):
            found.add(int(match.group(1)))
            continue
        before = raw
        lowered = before.lower()
        if any(lowered.endswith(word) and (len(lowered) == len(word)
                                           or not lowered[-len(word) - 1].isalpha())
               for word in _INTRODUCING_WORDS):
            found.add(int(match.group(1)))
    return found


def _prose_candidates(whole: ParagraphText, analysis: Analysis, index: OccurrenceIndex,
                      first_use: dict[str, int], uses: dict[str, int],
                      section_first: set[tuple[str, int]]) -> Iterator[Candidate]:
    paragraph = whole.paragraph
    named: dict[int, bool] = {}
    defining: dict[int, bool] = {}

    def names_one(span: int) -> bool:  # asked by several rules for each formula
        if span not in named:
            named[span] = nameable(span, analysis)
        return named[span]

    def displayed(span: int) -> bool:
        return span < len(analysis.math) and analysis.math[span].display

    def defines_one(span: int) -> bool:
        if span not in defining:
            defining[span] = defines(index, span, analysis)
        return defining[span]

    for offset, text in sentences(whole):
        sentence = Sentence(text, names_one, defines_one, displayed,
                            lambda span: count_shaped(span, analysis),
                            lambda span: drawn(span, analysis),
                            lambda span: notation(span, analysis))
        hits = [(rule, hit) for rule in PROSE_RULES for hit in rule.find(sentence)
                # an English cue's description with Han characters in it read a Chinese
                # sentence ("在预先训练的StyleGAN $\\mathcal{S}$"): the Chinese rules read it
                if rule.language != "en" or not CJK.search(text, hit.start, hit.end)]
        shared = features.sentence_facts(text) if hits else None
        described = {mark for _, hit in hits for mark in hit.marks}
        explicit_marks = {mark for rule, hit in hits if rule.explicit for mark in hit.marks}
        for rule, plain in hits:
            hit = completed(text, plain, analysis)
            for mark in hit.marks:
                for occurrence, symbol in subjects(index, mark, analysis):
                    words = text[hit.start:hit.end]
                    if _a_power_of_a_number_set(occurrence, symbol) \
                            or _inverse_or_transpose(occurrence) \
                            or _describes_a_part(occurrence, symbol.key, words, index) \
                            or _names_a_statement(hit.text or words, mark, analysis):
                        continue
                    facts = features.ProseFacts(
                        sentence=text, shared=shared, hit=hit, mark=mark, rule=rule,
                        analysis=analysis,
                        occurrence=occurrence, symbol=symbol, paragraph=paragraph,
                        first_use=first_use[symbol.key] == occurrence.span,
                        first_in_section=(symbol.key, occurrence.span) in section_first,
                        uses=uses[symbol.key], named=len(described),
                        explicit_elsewhere=mark in explicit_marks and not rule.explicit)
                    yield _prose_candidate(whole, (offset, text), hit, rule.name, occurrence,
                                           symbol.key, analysis, features.prose(facts))


_RELATIVE = re.compile(
    r"\s+(?:that|which)\s+(?!(?:is|are|was|were|has|have|had|can|could|may|might|must|"
    r"should|will|would|we|i|you|they|it)\b)[a-z]+s\b", re.IGNORECASE)
"""A relative clause that says what a thing does: "that simulates", "which maps" (a verb
in -s); not a property ("that is smooth") nor what someone does with it ("that we use")."""
_RELATIVE_END = re.compile(
    r"[,;:.!?]|\s+(?:where|and|while|whereas)\s|\u27e6\d+\u27e7\s+(?:is|are)\b")
_RELATIVE_WORDS = 12


def completed(sentence: str, hit: Hit, analysis: Analysis) -> Hit:
    """A description that names only a kind, with what completes it: the relative clause
    that says what it does ("where $f$ is a function that simulates the SDE" is "a
    function that simulates the SDE"), or the "of" phrase after its formula ("the space
    $\\mathcal{P}(\\mathcal{X})$ of probability distributions over $\\mathcal{X}$" is "the
    space of probability distributions over $\\mathcal{X}$"). "a function" or "the space"
    alone names a kind only, so it would not be shown."""
    if hit.text is not None:
        return hit
    clause = _RELATIVE.match(sentence, hit.end)
    # "another network that seeks to predict $x_0$": a bare noun says little, its
    # relative clause what this one does
    if not kind_only(sentence[hit.start:hit.end]) and (
            clause is None or len(sentence[hit.start:hit.end].split()) > 2):
        return hit
    after = _OF_AFTER_FORMULA.match(sentence, hit.end)
    if after is not None and int(after.group(1)) not in hit.marks:
        after = None
    found = clause or after
    if found is None:
        return hit
    rest = found.end()
    stop = _RELATIVE_END.search(sentence, rest)
    end = stop.start() if stop else len(sentence)
    end = trim(sentence, rest, end)[1]
    if end <= rest or len(sentence[hit.end:end].split()) > _RELATIVE_WORDS:
        return hit
    if clause is not None:
        return replace(hit, end=end)
    words = [word.lower() for word in MARK_RE.sub(" ", sentence[rest:end]).split()]
    if not words or len(words) > _OBJECT_WORDS \
            or any(word in _NOT_IN_OBJECT and word not in _OBJECT_LINKS for word in words):
        return hit  # "the parameter $\\theta$ of the model has a prior": a clause goes on
    text = f"{sentence[hit.start:hit.end]} of {sentence[rest:end]}"
    return replace(hit, end=end, text=readable(text, analysis))


_OF_AFTER_FORMULA = re.compile(r"\s*\u27e6(\d+)\u27e7\s+of\s+")
_OBJECT_WORDS = 6
_OBJECT_LINKS = frozenset({"of", "over", "on", "in", "for", "with", "from", "the", "a", "an",
                           "all", "each", "its", "their", "our", "set", "sets", "samples",
                           "inputs", "outputs", "steps"})
"""Words an "of" object may hold though the word lists stop a noun phrase at them:
"probability distributions over the space $\\mathcal{X}$", "... over the set"."""
_NOT_IN_OBJECT = NOT_IN_NOUN_PHRASE | {"has", "have", "had", "changes", "evolves", "varies",
                                       "moves", "grows", "decays", "tends", "lies", "lives"}
"""Words that end an "of" object, verbs in -s a noun phrase would not hold among them
("the distribution $p_t$ of the particle changes in time")."""


_NUMBER_SETS = frozenset("RNZCQ")


def _a_power_of_a_number_set(subject: Occurrence, symbol: Symbol) -> bool:
    """"the manifold $\\mathbb{R}^n$", "an input $\\mathbb{R}^{d}$": a description of a
    power of ℝ (ℕ, ℤ, ℂ, ℚ) describes that space, not the number set, whose meaning is
    fixed."""
    return symbol.id.font == "bb" and symbol.id.base in _NUMBER_SETS \
        and not symbol.id.sub and not symbol.id.sup and bool(subject.sup)


_INVERSES = frozenset({"-1", "\\top", "\\intercal", "\\mathsf{T}", "\\dagger"})


def _inverse_or_transpose(subject: Occurrence) -> bool:
    """What is said of `$\\mathbf{T}^{-1}$` or `$W^\\top$` is not said of T or W: "the
    inverse $\\mathbf{T}^{-1}$", "where $\\Sigma^{-1}$ is the precision matrix"."""
    return subject.sup.replace(" ", "").removeprefix("{").removesuffix("}") in _INVERSES


def _describes_a_part(subject: Occurrence, key: str, description: str,
                      index: OccurrenceIndex) -> bool:
    """A description that holds the same symbol written otherwise describes a part of it:
    "where $x_{t,i}$ is the $i$-th dimension of $x_t$" says what an entry of x is, not
    what x is. (The same spelling again is a restatement: "some measure of similarity
    $\\kappa(x, x')$".)"""
    written = (subject.form, subject.sub, subject.sup)
    return any(symbol.key == key and (occurrence.form, occurrence.sub, occurrence.sup) != written
               for span in _owners_in(description)
               for occurrence, symbol in index.by_span.get(span, []))


_NOT_OWNER = re.compile(r"\b(?:at|from|to|with|towards|near)\s+(?:the\s+)?\u27e6(\d+)\u27e7")


def _owners_in(description: str) -> list[int]:
    """The formulas of a description that may own what it describes ("of $x_t$", "in
    $Z_n$", "$x_t$ 的"): all but those after a preposition of place or time ("the weight
    matrix of a layer initialized at $W_0$": W_0 is where W starts, W is no part of it)."""
    starting = {int(found.group(1)) for found in _NOT_OWNER.finditer(description)}
    return [span for span in marks_in(description) if span not in starting]


_STATEMENT_NOUNS = STATEMENT_NOUNS | {
    "relationship", "assumption", "factorization", "factorisation", "criterion",
    "requirement", "equality", "statement", "sde", "ode", "pde"}
"""Nouns that name a statement. Not "bound", "estimate", "approximation" or "limit": "the
lower bound $\\mathcal{L} = ...$" and "the estimate $\\hat\\mu = ...$" name their left side."""
_CASE_NOUNS = frozenset({"case", "cases", "scenario", "scenarios", "subcase"})
r"""Nouns that name a situation, whatever the formula after them: "in the case $n = 1$",
"for a multivariate case $\mathbf{T}: \mathbb{R}^d \to \mathbb{R}^d$" say what holds
there, not what the symbol is."""
_ZH_STATEMENT_NOUNS = ("条件", "约束", "方程", "不等式", "等式", "假设", "关系", "更新", "公式",
                       "递推", "分解", "展开", "性质")
_RELATION = re.compile(r"(?<![\\a-zA-Z])(?:=|<|>)|\\(?:le|leq|ge|geq|sim|approx|propto|"
                       r"coloneqq|triangleq|equiv|ll|gg)(?![a-zA-Z])")
_LAST_WORD = re.compile(r"([A-Za-z]+)\W*$")


def _names_a_statement(description: str, mark: int, analysis: Analysis) -> bool:
    """A noun that names a statement, before a formula that is one, names the statement,
    not a symbol of it: "the initial condition $x_0 = x \\sim p$" says nothing of what x
    is, nor "the constraint $w \\le 1$" of w. ("the loss $\\mathcal{L} = ...$" names
    its left-hand side: a loss is no statement.)"""
    stripped = description.strip().rstrip("$").strip()
    last = _LAST_WORD.search(stripped)
    if last is not None and last.group(1).lower() in _CASE_NOUNS:
        return True  # "For a multivariate case $$\mathbf{T}: \mathbb{R}^d \to \mathbb{R}^d$$"
    if mark >= len(analysis.math) or not _RELATION.search(analysis.math[mark].latex):
        return False
    if stripped.endswith(_ZH_STATEMENT_NOUNS):
        return True
    if last is None:
        return False
    word = last.group(1).lower()
    return word in _STATEMENT_NOUNS or (word.endswith("s") and word[:-1] in _STATEMENT_NOUNS)


def _prose_candidate(whole: ParagraphText, sentence: tuple[int, str], hit: Hit, rule: str,
                     occurrence: Occurrence, key: str, analysis: Analysis,
                     scored: dict[str, float]) -> Candidate:
    offset, sentence_text = sentence
    paragraph = whole.paragraph
    working = sentence_text[hit.start:hit.end]
    file, start = whole.source(offset + hit.start)
    end = whole.source_end(offset + hit.end, analysis)
    sentence_file, sentence_start = whole.source(offset)
    sentence_end = whole.source_end(offset + _stripped_length(sentence_text), analysis)
    if sentence_file != file:
        sentence_start, sentence_end = start, end
    text = hit.text or readable(working, analysis)
    return Candidate(
        key=key, occurrence=occurrence, rules=(rule,), source="prose", text=text, file=file,
        start=start, end=end, sentence_start=sentence_start, sentence_end=sentence_end,
        context=paragraph.context, appendix=paragraph.appendix, section=paragraph.section,
        order=(occurrence.span, start), features=scored, working=working)


@lru_cache(maxsize=64)
def _stripped_length(sentence: str) -> int:
    """The sentence's length without trailing white space (once per sentence, not once
    per candidate)."""
    return len(sentence.rstrip())


def _properties(whole: ParagraphText, analysis: Analysis, index: OccurrenceIndex
                ) -> Iterator[Candidate]:
    for offset, text in sentences(whole):
        sentence = Sentence(text, lambda span: nameable(span, analysis))
        for hit in property_hits(sentence):
            for occurrence, symbol in subjects(index, hit.marks[0], analysis):
                yield _prose_candidate(whole, (offset, text), hit, "property", occurrence,
                                       symbol.key, analysis, {})


def _math_candidates(analysis: Analysis, index: OccurrenceIndex, introduced: set[int]
                     ) -> Iterator[Candidate]:
    sections = {span.index: span.section for span in analysis.math}
    places = _span_places(analysis)
    for span, tree in enumerate(analysis.trees):
        context, appendix = places.get(span, ("body", False))
        facts = MathFacts(span, index, analysis, span in introduced)
        display = analysis.math[span].display if span < len(analysis.math) else False
        for row in rows(tree):
            for rule in MATH_RULES:
                for hit in rule.find(row, facts):
                    source = "type" if rule.name.startswith("type-") else "equation"
                    file = hit.occurrence.location.file
                    yield Candidate(
                        key=hit.symbol.key, occurrence=hit.occurrence,
                        rules=(rule.name, "introduced") if facts.introduced else (rule.name,),
                        source=source, text=hit.text, file=file, start=hit.start,
                        end=hit.end, sentence_start=hit.occurrence.location.offset,
                        sentence_end=hit.end, context=context, appendix=appendix,
                        section=sections.get(span), order=(span, hit.start),
                        features=features.math(rule.name, display, facts.introduced))


def _span_places(analysis: Analysis) -> dict[int, tuple[str, bool]]:
    """Where each formula stands: the context of the paragraph that refers to it."""
    places: dict[int, tuple[str, bool]] = {}
    for paragraph in analysis.paragraphs:
        for part in paragraph.parts:
            if part.math is not None:
                places[part.math] = (paragraph.context, paragraph.appendix)
    return places
