"""The facts the scorer weighs about a candidate, as named features (name -> value).

Features are plain strings, so the trained model (scorer.py) is a table of weights by
name that any Python can read: the rule(s) that proposed the candidate, where the
sentence stands, the shape of the description (a determiner and a noun, its length, a
verb or a property word inside), how far it is from the symbol and what lies between,
and whether this is the symbol's first use.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..model import Analysis, Occurrence, Paragraph, Symbol, TemplateMeanings
from .rules.base import Hit, Rule
from .select import kind_only
from .text import MARK_RE
from .words import DETERMINERS, ING_NOUNS, PREDICATES, PROPERTY_WORDS

LEXICAL_HEADS = False
"""Head nouns as features ('desc-head:rate'): off, because SymLink's heads are physics
and economics words whose weights say nothing true of an ML paper ("values" is a bad
head there, "the queries, keys and values" a good one here); on the cross-validated
labelled ML papers they were worth 0.2 points of F0.5 (75.5 against 75.3)."""
_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORDS = re.compile(r"[^\W\d_][\w'-]*|[\u4e00-\u9fff]+")
_VERBISH = frozenset({"is", "are", "was", "were", "be", "been", "being", "has", "have",
                      "had", "can", "may", "will", "would", "should", "must", "does", "do"})
_MEASURE_HEADS = frozenset({"number", "size", "dimension", "length", "set", "vector",
                            "matrix", "function", "distribution", "parameter", "parameters",
                            "rate", "loss", "probability", "weight", "weights"})


@dataclass(frozen=True, slots=True)
class SentenceFacts:
    """What every candidate of one sentence shares, computed once: counting the
    sentence's formulas for each of its 60,000 candidates would be quadratic."""

    formulas: int
    """How many formulas (⟦n⟧) the sentence holds."""
    positions: dict[int, int]
    """Where each formula's marker starts."""
    word_starts: list[int]
    """Where each word starts, for how many words come before a formula."""


def sentence_facts(sentence: str) -> SentenceFacts:
    positions: dict[int, int] = {}
    for match in MARK_RE.finditer(sentence):
        positions.setdefault(int(match.group(1)), match.start())
    return SentenceFacts(len(positions), positions,
                         [m.start() for m in re.finditer(r"\S+", sentence)])


@dataclass(frozen=True, slots=True)
class ProseFacts:
    """What the features of one prose candidate are computed from."""

    sentence: str
    shared: SentenceFacts
    hit: Hit
    mark: int
    rule: Rule
    analysis: Analysis
    occurrence: Occurrence
    symbol: Symbol
    paragraph: Paragraph
    first_use: bool
    """The occurrence is in the formula where the symbol is first used."""
    first_in_section: bool
    """The occurrence is in the symbol's first formula of its section."""
    uses: int
    named: int
    """How many formulas of the sentence some rule describes."""
    explicit_elsewhere: bool
    """An explicit cue (where-is, let-be, ...) describes the same formula in the sentence,
    and this candidate's rule is not explicit."""


MAX_GAP = 400
"""What lies between a description and its formula is read up to this many characters
(a gap that long is "far" whatever it holds)."""


def _bucket(value: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if value <= edge:
            return str(edge)
    return f"{edges[-1]}+"


UsualMeanings = Callable[[str], Sequence[str]]
"""A symbol's key -> the usual meanings the knowledge base knows for it (both languages);
empty when it knows none."""


def usual_feature(description: str, usual: Sequence[str]) -> str | None:
    """Whether a description says one of the symbol's usual meanings: "the learning rate"
    of η is 'usual:strong' (a field's name for the letter), "a scalar" of η at most
    'usual:weak', "the number of atoms" 'usual:none'; None when nothing is known of the
    symbol (most of SymLink's physics)."""
    from ..agreement import STRONG, agreement

    if not usual:
        return None
    level = max(agreement(description, meaning) for meaning in usual)
    if not level and isinstance(usual, TemplateMeanings):
        return None  # a bar's "mean of f" does not contradict "the teacher network"
    return "usual:strong" if level == STRONG else "usual:weak" if level else "usual:none"


def with_rules(features: dict[str, float], rules: tuple[str, ...]) -> dict[str, float]:
    """The features of a candidate several rules proposed."""
    from .rules import rule_named

    merged = {k: v for k, v in features.items() if not k.startswith(("rule:", "family:"))}
    for rule in rules:
        merged[f"rule:{rule}"] = 1.0
        found = rule_named(rule)
        if found is not None and found.family:
            merged[f"family:{found.family}"] = 1.0
    merged["rules:many"] = 1.0 if len(rules) > 1 else 0.0
    return merged


def prose(facts: ProseFacts) -> dict[str, float]:
    """Features of a prose candidate."""
    found: dict[str, float] = {"bias:prose": 1.0, f"rule:{facts.rule.name}": 1.0,
                               f"family:{facts.rule.family}": 1.0}
    if facts.rule.explicit:
        found["explicit"] = 1.0
    if facts.hit.respectively:
        found["respectively"] = 1.0
    if facts.explicit_elsewhere:
        found["explicit-elsewhere"] = 1.0
    found[f"context:{facts.paragraph.context}"] = 1.0
    if facts.paragraph.appendix:
        found["appendix"] = 1.0
    found.update(description(facts.sentence[facts.hit.start:facts.hit.end]))
    found.update(_relation(facts))
    found.update(_symbol(facts))
    return found


def description(text: str) -> dict[str, float]:
    """The shape of a description: 'the learning rate' (determiner + noun) scores as a
    name, 'continuously differentiable' as a property, 'each iteration' as a fragment."""
    found: dict[str, float] = {}
    if kind_only(text):
        found["desc:kind-only"] = 1.0  # 'the parameter', '参数': a kind, not what it is
    if _CJK.search(text):
        found["desc:zh"] = 1.0
        characters = len(_CJK.findall(text))
        found[f"desc:zh-chars:{_bucket(characters, (2, 4, 8))}"] = 1.0
        # a Chinese word is about two characters: the length features carry over
        found[f"desc:words:{_bucket((characters + 1) // 2, (1, 2, 3, 5, 8, 12))}"] = 1.0
        if "的" in text:
            found["desc:zh-de"] = 1.0
        return found
    words = [w.strip(",.;:()\"'`").lower() for w in text.split()]
    words = [w for w in words if w]
    if not words:
        return {"desc:empty": 1.0}
    first, head = words[0], words[-1]
    found[f"desc:words:{_bucket(len(words), (1, 2, 3, 5, 8, 12))}"] = 1.0
    found[f"desc-first:{first}"] = 1.0
    if LEXICAL_HEADS:
        found[f"desc-head:{_singular(head)}"] = 1.0
    if first in ("the",):
        found["desc:the"] = 1.0
    elif first in ("a", "an"):
        found["desc:a"] = 1.0
    elif first in DETERMINERS:
        found["desc:determiner"] = 1.0
    if first in PREDICATES:
        found["desc:first-predicate"] = 1.0
    if any(w in PROPERTY_WORDS for w in words):
        found["desc:property-word"] = 1.0
    if any(w in _VERBISH for w in words[1:]):
        found["desc:verb"] = 1.0
    if any(w.endswith("ing") and w not in ING_NOUNS for w in words[1:]):
        found["desc:ing"] = 1.0
    if MARK_RE.search(text):
        found["desc:formula"] = 1.0
    if MARK_RE.fullmatch(text.split()[-1]):
        found["desc:ends-formula"] = 1.0
    if any(c.isdigit() for c in MARK_RE.sub("", text)):
        found["desc:digit"] = 1.0
    if "of" in words[1:]:
        found["desc:of"] = 1.0
    if head.endswith("s") and not head.endswith("ss"):
        found["desc:plural"] = 1.0
    if head in _MEASURE_HEADS:
        found["desc:common-head"] = 1.0
    raw_head = text.split()[-1].strip(",.;:()\"'`")
    if raw_head.isupper() and len(raw_head) > 1:
        found["desc:acronym-head"] = 1.0
    if text[:1].isupper():
        found["desc:capital"] = 1.0
    return found


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") \
        else word


def _relation(facts: ProseFacts) -> dict[str, float]:
    """Where the description stands from the symbol's formula and what is between."""
    marker = f"\u27e6{facts.mark}\u27e7"
    position = facts.shared.positions.get(facts.mark, -1)
    found: dict[str, float] = {}
    if position < 0:
        return found
    start, end = facts.hit.start, facts.hit.end
    found[f"sentence-formulas:{_bucket(facts.shared.formulas, (1, 2, 4))}"] = 1.0
    found[f"sentence-named:{_bucket(facts.named, (1, 2, 4))}"] = 1.0
    if facts.hit.respectively:
        # one item of "⟦1⟧, ⟦2⟧ and ⟦3⟧ denote A, B and C": what lies between an item and
        # its formula is the rest of the two lists, not a sign of anything
        found["after"] = 1.0
        return found
    if end <= position:
        between = facts.sentence[max(end, position - MAX_GAP):position]
        found["before"] = 1.0
    else:
        after = position + len(marker)
        between = facts.sentence[after:min(start, after + MAX_GAP)]
        found["after"] = 1.0
    gap = len(between.strip())
    found[f"gap:{_bucket(gap, (0, 3, 12, 30))}"] = 1.0
    gap_words = [w.lower() for w in _WORDS.findall(MARK_RE.sub(" ", between))]
    if len(gap_words) <= 3:
        found["gap-text:" + " ".join(gap_words)] = 1.0
    for word in gap_words[:6]:
        found[f"gap-word:{word}"] = 1.0
    before_description = _WORDS.findall(facts.sentence[max(0, start - 30):start])
    if before_description:
        found[f"word-before:{before_description[-1].lower()}"] = 1.0
    after_formula = _WORDS.findall(facts.sentence[position + len(marker):
                                                  position + len(marker) + 20])
    if after_formula:
        found[f"word-after-formula:{after_formula[0].lower()}"] = 1.0
    others = len(MARK_RE.findall(between))
    if others:
        found[f"gap-formulas:{_bucket(others, (1, 2))}"] = 1.0
    if "," in between:
        found["gap:comma"] = 1.0
    if "(" in between or ")" in between:
        found["gap:paren"] = 1.0
    words = bisect.bisect_left(facts.shared.word_starts, position)
    found["symbol-early" if words <= 3 else "symbol-late"] = 1.0
    return found


def _symbol(facts: ProseFacts) -> dict[str, float]:
    found: dict[str, float] = {}
    if facts.first_use:
        found["first-use"] = 1.0
    if facts.first_in_section:
        found["first-in-section"] = 1.0
    found[f"uses:{_bucket(facts.uses, (1, 3, 10))}"] = 1.0
    symbol = facts.symbol
    if symbol.id.kind == "function" or facts.occurrence.applied:
        found["symbol:applied"] = 1.0
    if symbol.id.font:
        found["symbol:font"] = 1.0
    if len(symbol.id.base) > 1 and symbol.id.base.isalpha() and symbol.id.kind == "variable" \
            and symbol.id.base.lower() == symbol.id.base and not _greek(symbol.id.base):
        found["symbol:word"] = 1.0
    span = facts.analysis.math[facts.mark] if facts.mark < len(facts.analysis.math) else None
    if span is not None and span.display:
        found["formula:display"] = 1.0
    keys = facts.analysis.span_symbols[facts.mark] if facts.mark < len(
        facts.analysis.span_symbols) else ()
    found[f"formula-symbols:{_bucket(len(keys), (1, 2, 4))}"] = 1.0
    return found


_GREEK = frozenset({"alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta",
                    "theta", "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "pi",
                    "rho", "sigma", "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega",
                    "ell"})


def _greek(name: str) -> bool:
    return name.lower() in _GREEK


def math(rule: str, display: bool, introduced: bool) -> dict[str, float]:
    """Features of a type statement or defining equation (scored by rule priors)."""
    found = {"bias:math": 1.0, f"rule:{rule}": 1.0}
    if display:
        found["formula:display"] = 1.0
    if introduced:
        found["introduced"] = 1.0
    return found
