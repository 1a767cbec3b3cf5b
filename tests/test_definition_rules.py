"""Every definition rule on its own cases: what it must find, and where it must find
nothing. A meta-test checks that every rule has both kinds of case and a docstring."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.definitions.rules import MATH_RULES, PROSE_RULES, Case, Rule, Sentence
from annotator.definitions.rules.math import MathFacts, rows
from annotator.definitions.subjects import (
    OccurrenceIndex,
    count_shaped,
    defines,
    drawn,
    nameable,
    notation,
    subjects,
)
from annotator.definitions.text import readable, sentences, working_text
from annotator.model import Analysis
from conftest import analyze_text

RULES = [*PROSE_RULES, *MATH_RULES]
CASES = [(rule, case) for rule in RULES for case in rule.cases]


def found_by(rule: Rule, analysis: Analysis) -> set[tuple[str, str]]:
    """(symbol key, description) pairs the rule alone proposes in the paper."""
    index = OccurrenceIndex(analysis)
    found: set[tuple[str, str]] = set()
    if rule.kind == "math":
        for span, tree in enumerate(analysis.trees):
            for row in rows(tree):
                for hit in rule.find(row, MathFacts(span, index, analysis, False)):
                    found.add((hit.symbol.key, hit.text))
        return found
    for paragraph in analysis.paragraphs:
        whole = working_text(paragraph)
        for _, text in sentences(whole):
            sentence = Sentence(text, lambda span: nameable(span, analysis),
                                lambda span: defines(index, span, analysis),
                                lambda span: analysis.math[span].display,
                                lambda span: count_shaped(span, analysis),
                                lambda span: drawn(span, analysis),
                                lambda span: notation(span, analysis))
            for hit in rule.find(sentence):
                description = hit.text or readable(text[hit.start:hit.end], analysis)
                for mark in hit.marks:
                    for _, symbol in subjects(index, mark, analysis):
                        found.add((symbol.key, description))
    return found


@pytest.mark.parametrize("rule,case", CASES,
                         ids=[f"{r.name}:{i}" for r in RULES for i, _ in enumerate(r.cases)])
def test_rule_case(rule: Rule, case: Case, tmp_path: Path) -> None:
    found = found_by(rule, analyze_text(case.sentence, tmp_path))
    if case.finds:
        assert set(case.finds) <= found, f"{rule.name} on {case.sentence!r}: {found}"
    else:
        assert not found, f"{rule.name} must find nothing in {case.sentence!r}: {found}"


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_rule_has_cases_and_a_docstring(rule: Rule) -> None:
    assert len(rule.doc) > 30, f"{rule.name}: no docstring"
    assert "$" in rule.doc or "`" in rule.doc, f"{rule.name}: the docstring shows no example"
    assert any(case.finds for case in rule.cases), f"{rule.name}: no passing case"
    assert any(not case.finds for case in rule.cases), f"{rule.name}: no failing case"


def test_rule_names_are_unique() -> None:
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("formula,names", [
    ("0 < \\beta_1 < \\cdots < \\beta_T \\ll 1", True),  # "a sequence of variances ..."
    ("\\eta_1 \\ge \\eta_2 \\ge \\dots", True),
    ("0 < x < y", False),  # two symbols in order: no one name
    ("0 < \\beta < 1", False),  # a bound on one symbol, no family
    ("\\zeta(x) = \\log(1 + \\exp(x))", True),
])
def test_which_formulas_a_noun_phrase_can_name(formula: str, names: bool,
                                               tmp_path: Path) -> None:
    analysis = analyze_text(f"A sequence ${formula}$ here.", tmp_path)
    assert nameable(0, analysis) is names


@pytest.mark.parametrize("formula,defining", [
    ("\\zeta(x) = \\log(1 + \\exp(x))", True),
    ("x^+ = \\max(0, x)", True),  # x^+ is not x: no recursion
    ("\\theta_{t+1} = \\theta_t - \\eta g_t", False),  # an update of θ
    ("d = 64", False),  # a value
    ("x \\le y", False),  # a relation
])
def test_which_equations_define_their_left_symbol(formula: str, defining: bool,
                                                  tmp_path: Path) -> None:
    analysis = analyze_text(f"Then ${formula}$ here.", tmp_path)
    assert defines(OccurrenceIndex(analysis), 0, analysis) is defining


def test_a_statement_in_a_chinese_list_takes_no_description(tmp_path: Path) -> None:
    """"其中 $z \\sim P(z)$, $\\epsilon$ 是一个小的扰动": ε is the perturbation, z is not."""
    rule = next(r for r in PROSE_RULES if r.name == "zh-where")
    found = found_by(rule, analyze_text("其中 $z \\sim P(z)$, $\\epsilon$ 是一个小的扰动。",
                                        tmp_path))
    assert ("epsilon", "一个小的扰动") in found
    assert not any(key == "z" for key, _ in found)


def test_a_description_of_a_part_is_not_the_symbols(tmp_path: Path) -> None:
    """"where $x_{t,i}$ is the $i$-th dimension of $x_t$" defines an entry of x, not x."""
    from annotator.definitions.candidates import generate
    analysis = analyze_text("Each frame $x_t$ is a vector, where $x_{t,i}$ is the $i$-th "
                            "dimension of $x_t$.\n", tmp_path)
    texts = [c.text for c in generate(analysis).candidates if c.key == "x"]
    assert not any("dimension of" in text for text in texts), texts


def test_what_is_said_of_an_inverse_is_not_said_of_the_symbol(tmp_path: Path) -> None:
    """"the inverse $\\mathbf{T}^{-1}$", "where $\\Sigma^{-1}$ is the precision matrix":
    neither describes T or Σ, while "$\\Sigma$ is the covariance" does."""
    from annotator.definitions.candidates import generate
    analysis = analyze_text("We need the inverse $\\mathbf{T}^{-1}$ of the map. Here "
                            "$\\Sigma^{-1}$ is the precision matrix and $\\Sigma$ is the "
                            "covariance.\n", tmp_path)
    texts = {(c.key, c.text) for c in generate(analysis).candidates}
    assert not any(key == "bold:T" for key, _ in texts), texts
    assert ("Sigma", "the precision matrix") not in texts
    assert ("Sigma", "the covariance") in texts
