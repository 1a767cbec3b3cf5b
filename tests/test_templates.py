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


def test_rows_of_an_aligned_display_are_matched_one_by_one() -> None:
    latex = (r"\begin{aligned} h_0 &= U W_e + W_p \\ "
             r"P(u) &= \operatorname{softmax}(h_n W_e^T) \end{aligned}")
    nodes = parse_formula(latex)
    found = [r for r in recognise(nodes, TEMPLATES, {"<formula>": latex})
             if r.template == "softmax"]
    assert len(found) == 1 and found[0].latex == r"\operatorname{softmax}(h_n W_e^T)"
    row_break = next(i for i, n in enumerate(nodes) if getattr(n, "name", "") == "\\")
    assert row_break < found[0].start < found[0].end <= len(nodes)
    assert found[0].name.zh.startswith("softmax") and found[0].area == "machine-learning"


def test_templates_are_not_knowledge_entries_and_come_back_from_the_store() -> None:
    from annotator.knowledge import load
    from annotator.recognise import TEMPLATE_FOLDER

    kb = load()
    assert "softmax-derivative" not in kb.entries  # a template id, not an entry
    assert all(not entry.source.startswith(TEMPLATE_FOLDER) for entry in kb.entries.values())
    assert all(t.entry == "" or t.entry in kb.entries for t in TEMPLATES), \
        [t.entry for t in TEMPLATES if t.entry and t.entry not in kb.entries]
    from importlib import resources

    folder = resources.files("annotator.knowledge_files").joinpath(TEMPLATE_FOLDER)
    parsed = parse_templates([(f"{TEMPLATE_FOLDER}/{item.name}", item.read_text("utf-8"))
                              for item in sorted(folder.iterdir(), key=lambda i: i.name)
                              if item.name.endswith(".toml")])
    assert parsed == TEMPLATES  # whether read from the store or parsed, the same data


def test_the_api_accepts_a_knowledge_base_and_defaults_to_the_shipped_templates() -> None:
    from annotator.knowledge import load

    latex = r"\sigma(x) = \frac{1}{1+e^{-x}}"
    nodes = parse_formula(latex)
    assert [r.template for r in recognise(nodes, load())] == ["sigmoid"]
    assert [r.template for r in recognise(nodes)] == ["sigmoid"]
    found = recognise(nodes)[0]
    assert found.latex == r"\frac{1}{1+e^{-x}}"  # canonical LaTeX without the source
    assert found.bindings[0][0] == "x" and found.bindings[0][1].en == "the input (a logit)"
