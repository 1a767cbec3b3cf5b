"""Which of a symbol's candidate definitions a reader is shown, and in which order.

The line shown is where the paper introduces the symbol: the first credible definition
(confidence at or above the threshold) in reading order, body text before the appendix,
prose before footnotes, captions and algorithm lines. Only one description per mention
counts (the best-scored of the rules' readings of one sentence). A description that names
only a kind ("the parameter $\\mu$", "函数 $u$") is never shown: the symbol's type says
as much, and the paper usually says what it is later. Credible definitions
are grouped into meanings by their words; a second meaning is shown only when it is
stated outright ("where $X$ denotes ...", not a noun phrase in passing) in another
section ("$W$ is the image width" in Data, "$W_t$ is a Brownian motion" in Method): each
meaning then carries its section as scope. Without a credible
prose definition, a defining equation may be shown; otherwise nothing is, and the
glossary says that the paper does not define the symbol in words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..model import Definition
from .rules import PROSE_RULES
from .words import ZH_KINDS

EXPLICIT_RULES = frozenset(rule.name for rule in PROSE_RULES if rule.explicit)
_WEAK_PLACES = frozenset({"caption", "algorithm"})
"""In captions and algorithm lines only a definition stated outright is shown: "Take
action $A$" in an algorithm names no symbol; but an algorithm's line that names one of the
symbol's usual meanings ("Require: learning rate $\\eta$") is its input list."""

_TIERS = {"body": 0, "definition": 0, "table": 0, "list": 0, "abstract": 0, "theorem": 0,
          "remark": 1, "footnote": 1, "proof": 1, "caption": 2, "algorithm": 3}
"""How good a place is for introducing a symbol: lower first. The appendix adds 4."""
_GENERIC = frozenset({
    "the", "a", "an", "of", "in", "on", "for", "to", "and", "or", "with", "by", "at", "from",
    "its", "our", "their", "this", "each", "every", "all", "some", "any", "one", "is", "are",
    "be", "as", "that", "which", "number", "value", "values", "vector", "vectors", "matrix",
    "function", "set", "term", "quantity", "variable", "parameter", "parameters", "given",
    "corresponding", "respective", "total", "new", "current", "i", "th", "j", "k", "t"})
_WORD = re.compile(r"[a-z][a-z-]+|[\u4e00-\u9fff]")


@dataclass(frozen=True, slots=True)
class Thresholds:
    shown: float
    """Lowest confidence of a definition that is shown (--min-confidence)."""
    second_meaning: float
    """Lowest confidence of a second meaning shown beside the first."""


def _algorithm_input(definition: Definition) -> bool:
    """An algorithm line that names one of the symbol's usual meanings, not a step: "learning
    rate $\\eta$" of `\\Require`, not "Sample action $A$" or "Update $\\theta$"."""
    words = definition.text.lower().split()
    return definition.context == "algorithm" and definition.usual \
        and not (words and words[0] in _ALGORITHM_STEPS)


_ALGORITHM_STEPS = frozenset({
    "sample", "draw", "take", "initialize", "initialise", "init", "compute", "calculate",
    "update", "set", "select", "choose", "observe", "receive", "play", "return", "output",
    "evaluate", "optimize", "optimise", "get", "store", "append", "obtain", "perform",
    "execute", "estimate", "predict", "generate", "collect", "apply", "repeat", "let"})
"""Verbs an algorithm's step begins with."""


def place_rank(definition: Definition) -> int:
    """0 for body text, up to 3 for an algorithm line; +4 in the appendix."""
    return _TIERS.get(definition.context, 1) + (4 if definition.appendix else 0)


def choose(definitions: Sequence[Definition], thresholds: Thresholds
           ) -> tuple[Definition, ...]:
    """The definitions in display order, `shown` and `meaning` set: the shown ones first
    (one per meaning), then the others by confidence."""
    prose = _one_per_mention([d for d in definitions if d.source == "prose"])
    credible = sorted((d for d in prose if d.confidence >= thresholds.shown
                       and (d.context not in _WEAK_PLACES or _explicit(d)
                            or _algorithm_input(d))
                       and (d.context == "table" or not kind_only(d.text))),
                      key=_reading_key)
    meanings = _meanings(credible)
    shown: list[Definition] = []
    if meanings:
        first = meanings[0][0]
        shown.append(replace(first, shown=True, meaning=0))
        sections = {first.section}
        for number, members in enumerate(meanings[1:], start=1):
            lead = members[0]
            if lead.section not in sections and lead.confidence >= thresholds.second_meaning \
                    and _explicit(lead):
                shown.append(replace(lead, shown=True, meaning=number))
                sections.add(lead.section)
    else:
        equation = _shown_equation(definitions, thresholds)
        if equation is not None:
            shown.append(equation)
    taken = {_mark(d) for d in shown}
    meaning_of = {_mark(d): number for number, members in enumerate(meanings)
                  for d in members}
    rest = [replace(d, shown=False, meaning=meaning_of.get(_mark(d), 0))
            for d in definitions if _mark(d) not in taken]
    rest.sort(key=lambda d: (-d.confidence, _reading_key(d)))
    return (*shown, *rest)


def kind_only(text: str) -> bool:
    """'the parameter', 'a function', 'matrices', '参数', '一个函数': a description that names
    only a kind of object (a notation table's "A vector" is shown all the same)."""
    if _CJK_CHAR.search(text):
        core = text.strip(" ，,。；;：:、")
        for lead in ("一个", "一种", "某个", "该"):
            core = core.removeprefix(lead)
        for quality in _ZH_QUALITIES:  # "一个有限值" (a finite value) is still only a value
            core = core.removeprefix(quality).removeprefix("的")
        return core in ZH_KINDS
    lowered = _WORD.findall(text.lower())
    words = [w for w in lowered if w not in _KIND_DETERMINERS]
    if words in (["value"], ["values"]) and lowered[0] in ("some", "any", "certain"):
        return True  # "for some value $k$"
    if len({w.rstrip("s") for w in words}) > 1 and len(words) == 2 \
            and words[0] in _QUALIFYING_KINDS:
        return False  # "parameter matrices": learnt matrices, more than a type
    return bool(words) and all(w in _KINDS for w in words)


_QUALIFYING_KINDS = frozenset({"parameter"})
"""A kind that says what another kind is for: "parameter matrices" are learnt."""


_KINDS = frozenset({"parameter", "parameters", "function", "functions", "variable",
                    "variables", "constant", "constants", "quantity", "quantities", "term",
                    "terms", "scalar", "scalars", "element", "elements", "number", "numbers",
                    "coefficient", "coefficients", "vector", "vectors", "matrix", "matrices",
                    "map", "mapping", "operator", "symbol", "notation", "form", "forms",
                    "expression", "expressions", "object", "objects", "sum", "point",
                    "points", "distribution", "distributions", "space", "range", "limit"})
"""("of the form $x$", "the sum $S$" say no more than "a number"; "values" do, as the
third of "the queries, keys and values, respectively".)"""
_KIND_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "its", "our", "their",
                               "some", "any", "each", "given", "certain", "new", "real",
                               "another"})
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
_ZH_QUALITIES = ("有限", "非负", "正", "负", "很小", "较小", "小", "很大", "较大", "大", "实")
"""Properties before a kind: 有限值 (a finite value), 正数 (a positive number), 小常数."""


def _mark(definition: Definition) -> tuple[str, int, int, int, str]:
    return (definition.file, definition.start, definition.end, definition.symbol_start,
            definition.source)


def _reading_key(definition: Definition) -> tuple[int, int, int]:
    return (place_rank(definition), definition.span, definition.symbol_start)



def _explicit(definition: Definition) -> bool:
    return any(rule in EXPLICIT_RULES for rule in definition.rules or (definition.cue,))


def _one_per_mention(prose: list[Definition]) -> list[Definition]:
    """The best-scored description of each symbol occurrence in each sentence: two rules
    reading one sentence differently ("the $N$ samples at each iteration") are one vote."""
    best: dict[tuple[str, int, int], Definition] = {}
    for definition in prose:
        mark = (definition.file, definition.sentence_start, definition.symbol_start)
        known = best.get(mark)
        if known is None or definition.confidence > known.confidence:
            best[mark] = definition
    return list(best.values())


def _meanings(credible: list[Definition]) -> list[list[Definition]]:
    """Definitions grouped by what they say, in reading order of each group's first."""
    groups: list[list[Definition]] = []
    for definition in credible:
        words = content_words(definition.text)
        for group in groups:
            if any(same_meaning(words, content_words(other.text)) for other in group):
                group.append(definition)
                break
        else:
            groups.append([definition])
    return groups


def content_words(text: str) -> frozenset[str]:
    """The words that carry a description's meaning, singular: 'the input images' ->
    {'input', 'image'}; Chinese by character."""
    words = set()
    for compound in _WORD.findall(text.lower()):
        for word in (compound, *compound.split("-")):  # "a sub-policy" is a policy
            if word in _GENERIC or len(word) < 2:
                continue
            if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
                word = word[:-1]
            words.add(word)
    return frozenset(words)


def same_meaning(first: frozenset[str], second: frozenset[str]) -> bool:
    """Two descriptions say the same when they share a content word (or either has none:
    'the value' adds nothing to 'the learning rate')."""
    if not first or not second:
        return True
    return bool(first & second)


def _shown_equation(definitions: Sequence[Definition], thresholds: Thresholds
                    ) -> Definition | None:
    equations = sorted((d for d in definitions if d.source == "equation"
                        and d.confidence >= thresholds.shown), key=_reading_key)
    return replace(equations[0], shown=True, meaning=0) if equations else None
