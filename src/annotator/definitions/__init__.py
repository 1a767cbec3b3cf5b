"""Where the paper itself says what its symbols mean: candidates, a score, a choice.

1. Candidates (`candidates.py`): every cue rule (`rules/`: English and Chinese prose
   cues, type statements, defining equations; each a small named rule with its cases)
   proposes descriptions for symbol occurrences, with the sentence they came from, where
   it stands (body, caption, algorithm, appendix) and the features the scorer reads.
2. Score (`scorer.py`): a logistic model trained on SymLink and on sentences labelled
   from real papers (`training/train_definitions.py`) gives each prose candidate a
   confidence; formula candidates get their rule's measured precision.
3. Choice (`select.py`): the first credible definition in reading order is the one
   shown; other meanings in other sections are shown with their scope; the rest stay in
   the list (JSON, `--all-definitions`) with their confidence.

Properties ("$\\alpha_t$ is continuously differentiable") are kept apart, never shown as
what a symbol is. Every definition keeps the exact span of its description, of its
sentence and of the symbol occurrence it belongs to.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace

from ..model import Analysis, Definition, Location
from ..positions import Positions
from .candidates import Candidate, generate
from .features import UsualMeanings
from .scorer import load_model
from .select import Thresholds, choose

__all__ = ["attach_definitions", "credible", "default_thresholds", "reselect"]


def default_thresholds() -> Thresholds:
    model = load_model()
    return Thresholds(shown=model.threshold,
                      second_meaning=max(model.threshold, model.second_meaning))


def attach_definitions(analysis: Analysis, usual: UsualMeanings | None = None) -> Analysis:
    """The analysis with every symbol's `definitions` (scored, in display order) and
    `properties` filled; `usual` (from the knowledge base) lets the scorer weigh whether
    a description names one of the symbol's usual meanings."""
    locate = analysis.locate or _line_locator(analysis)
    model = load_model()
    found = generate(analysis, usual)
    by_key: dict[str, list[Definition]] = defaultdict(list)
    for candidate in found.candidates:
        by_key[candidate.key].append(
            _definition(candidate, model.score(candidate.features), locate))
    properties: dict[str, list[Definition]] = defaultdict(list)
    for candidate in found.properties:
        properties[candidate.key].append(_definition(candidate, 1.0, locate, "property"))
    thresholds = default_thresholds()
    symbols = tuple(replace(symbol, definitions=choose(by_key.get(symbol.key, ()), thresholds),
                            properties=tuple(properties.get(symbol.key, ())))
                    for symbol in analysis.symbols)
    return replace(analysis, symbols=symbols)


def reselect(definitions: tuple[Definition, ...], min_confidence: float
             ) -> tuple[Definition, ...]:
    """The same definitions chosen again at another threshold (--min-confidence)."""
    defaults = default_thresholds()
    return choose(definitions, Thresholds(min_confidence,
                                          max(min_confidence, defaults.second_meaning)))


def credible(definitions: tuple[Definition, ...]) -> tuple[Definition, ...]:
    """What lint's rules take as "the paper defines this symbol": prose confident enough
    to be shown (the glossary's default threshold), and every defining equation and
    type statement (`K = XW^K` defines K for a draft's author, even where the glossary
    prefers the paper's words)."""
    threshold = default_thresholds().shown
    return tuple(d for d in definitions
                 if d.shown or d.confidence >= threshold or d.source != "prose")


def _definition(candidate: Candidate, confidence: float,
                locate: Callable[[str, int], Location], source: str | None = None
                ) -> Definition:
    occurrence = candidate.occurrence
    return Definition(
        text=candidate.text, file=candidate.file, line=locate(candidate.file,
                                                              candidate.start).line,
        start=candidate.start, end=candidate.end, symbol_start=occurrence.location.offset,
        symbol_end=occurrence.end, source=source or candidate.source,
        symbol_file=occurrence.location.file, cue=candidate.rules[0],
        confidence=round(confidence, 3), sentence_start=candidate.sentence_start,
        sentence_end=candidate.sentence_end, context=candidate.context,
        appendix=candidate.appendix, section=candidate.section, rules=candidate.rules,
        span=occurrence.span, usual=candidate.features.get("usual:strong", 0.0) > 0)


def _line_locator(analysis: Analysis) -> Callable[[str, int], Location]:
    positions = Positions({path: source.text for path, source in analysis.paper.files.items()})
    return positions.location
