"""What a definition rule is: a small named cue with a docstring and its own cases.

A prose rule reads one sentence of working text (formulas as ⟦n⟧ markers) and yields
`Hit`s: the formulas it describes and where the description is. A math rule reads one
row of a formula's tree and yields the symbol it defines and the right-hand side. Rules
only propose: every hit becomes a candidate that the scorer weighs and the selection
step shows or not. Each rule carries cases (`Case`): sentences where it must find a given
description for a given symbol, and sentences where it must find nothing, so that the
rules can be tested one by one (tests/test_definition_rules.py) and a meta-test checks
that every rule has both kinds and a docstring.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Hit:
    """A description a prose rule found in a sentence."""

    marks: tuple[int, ...]
    """The math spans (⟦n⟧) it describes: one, or several taken together."""
    start: int
    """Start of the description in the sentence."""
    end: int
    """End of the description in the sentence."""
    text: str | None = None
    """The description reworded for reading ("dimension of outputs" for "outputs of
    dimension $d$"), else None: the span as written."""
    respectively: bool = False
    """One item of a list distributed over several formulas ("$Q$, $K$ and $V$ denote the
    queries, keys and values")."""


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence as a prose rule sees it."""

    text: str
    """The working text: prose with ⟦n⟧ for each formula."""
    nameable: Callable[[int], bool]
    """Whether formula n names a single symbol (`$\\eta$`, `$p(x)$`, `$W \\in ...$`), so a
    noun phrase right before it can name it."""
    defines: Callable[[int], bool] = lambda span: False
    """Whether formula n is an equation that defines its one left-hand symbol
    (`$\\zeta(x) = \\log(1 + \\exp(x))$`), not an update of it (`$\\theta \\gets
    \\theta - \\eta g$`, `$\\theta_{t+1} = \\theta_t - ...$`)."""
    display: Callable[[int], bool] = lambda span: False
    """Whether formula n is displayed (`$$...$$`, an equation environment), not inline."""
    count_shaped: Callable[[int], bool] = lambda span: False
    """Whether formula n is one plain Latin letter, perhaps indexed (`$N$`, `$n_i$`): the
    shape of a count ("$N$ samples"), unlike `$\\mathbf{x}$` or `$\\theta$`."""
    drawn: Callable[[int], bool] = lambda span: False
    """Whether formula n draws one symbol from a distribution (`$u \\sim \\mathcal{U}(0,
    1)$`): a noun phrase before it may name the symbol or the distribution."""
    notation: Callable[[int], bool] = lambda span: True
    """Whether formula n is a symbol as notation (`$S$`, `$U \\in \\mathbb{R}^n$`), not a
    relation between symbols (`$G_1 \\cong G_2$`): "which we denote by" names only those."""

    def joinable(self, span: int) -> bool:
        """Whether formula n may stand inside a noun phrase ("$\\mathbb{R}^d$ 上的一族分布",
        "与 $\\theta$ 无关的常数"): inline and a term, not a display or an equation."""
        return not self.display(span) and not self.defines(span) and self.notation(span)


@dataclass(frozen=True, slots=True)
class Case:
    """A sentence a rule must read in a given way.

    `finds` lists (symbol key, description) pairs the rule must produce; an empty `finds`
    means the rule must produce nothing for that sentence."""

    sentence: str
    finds: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Rule:
    """A named cue: what it finds, in which language, and its cases."""

    name: str
    kind: str
    """'prose' (reads sentences) or 'math' (reads formula rows)."""
    language: str
    """'en', 'zh' or 'any'."""
    find: Callable[..., Iterator[Any]]
    cases: tuple[Case, ...]
    family: str = ""
    """The shape of cue it is, shared across languages so that what the scorer learnt
    of English cues carries over to their Chinese twins: 'stated-after' (where $X$ is
    ..., 其中 $X$ 表示 ...), 'copula', 'named-before', 'apposition', 'noun-before'."""
    explicit: bool = False
    """The cue states the meaning outright ("where $X$ is ...", "let $X$ be ..."), as
    opposed to a noun phrase next to a formula; lint's D003 compares only these."""

    @property
    def doc(self) -> str:
        return (self.find.__doc__ or "").strip()


PROSE_RULES: list[Rule] = []
MATH_RULES: list[Rule] = []


def prose_rule(name: str, language: str, family: str, cases: list[Case],
               explicit: bool = False) -> Callable[[Callable[[Sentence], Iterator[Hit]]],
                                                   Callable[[Sentence], Iterator[Hit]]]:
    """Register a prose rule under `name`."""
    def register(find: Callable[[Sentence], Iterator[Hit]]
                 ) -> Callable[[Sentence], Iterator[Hit]]:
        PROSE_RULES.append(Rule(name, "prose", language, find, tuple(cases), family,
                                explicit))
        return find
    return register


def math_rule(name: str, cases: list[Case]) -> Callable[[Callable[..., Iterator[Any]]],
                                                       Callable[..., Iterator[Any]]]:
    """Register a math rule under `name`."""
    def register(find: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
        MATH_RULES.append(Rule(name, "math", "any", find, tuple(cases)))
        return find
    return register


def rule_named(name: str) -> Rule | None:
    return next((r for r in (*PROSE_RULES, *MATH_RULES) if r.name == name), None)
