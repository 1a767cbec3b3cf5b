"""Formula templates (knowledge/templates/*.toml): each recognises its own examples and
none of its near misses; the data is complete (names, roles, areas in both languages)."""

from __future__ import annotations

import pytest

from annotator.knowledge import KnowledgeError
from annotator.patterns import parse_formula
from annotator.recognise import (
    AREAS,
    parse_templates,
    primary,
    recognise,
    recognise_latex,
    templates,
)

TEMPLATES = templates()


def _names(latex: str) -> set[str]:
    return {r.template for r in recognise_latex(latex, TEMPLATES)}


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_each_template_recognises_its_examples(template) -> None:
    assert len(template.examples) >= 2, "a template lists at least two variants"
    missed = [example for example in template.examples if template.id not in _names(example)]
    assert not missed, f"{template.id} does not recognise {missed}"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_no_template_recognises_its_near_misses(template) -> None:
    assert template.near_misses, "a template lists near misses"
    wrong = [miss for miss in template.near_misses if template.id in _names(miss)]
    assert not wrong, f"{template.id} recognises its near misses {wrong}"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_each_template_is_complete(template) -> None:
    assert template.area in AREAS
    assert template.name.en and template.name.zh and template.summary.zh
    assert template.code, "every template names its PyTorch counterpart"
    assert all(role.name.en and role.name.zh for role in template.roles)


def test_a_template_without_roles_for_its_placeholders_is_an_error() -> None:
    bad = """[[template]]
id = "broken"
area = "machine-learning"
name = { en = "x", zh = "x" }
summary = { en = "x", zh = "x" }
patterns = ['?a + ?b']
roles.a = { en = "a", zh = "a" }
"""
    with pytest.raises(KnowledgeError, match=r"broken.*roles must name every placeholder"):
        parse_templates([("bad.toml", bad)])


def test_bindings_map_the_papers_letters_onto_roles() -> None:
    latex = r"y_k = \exp(a_k)/\sum_{j}\exp(a_j)"
    found = primary(recognise(parse_formula(latex), TEMPLATES, {"<formula>": latex}))
    assert found is not None and found.template == "softmax"
    roles = {role: value for role, _name, value in found.bindings}
    assert roles["z"] == "a" and roles["i"] == "k"
    assert found.latex == r"\exp(a_k)/\sum_{j}\exp(a_j)"
    assert (found.start, found.end) == (2, len(parse_formula(latex)))
