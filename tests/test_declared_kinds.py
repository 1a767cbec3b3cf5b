"""A usual meaning never contradicts what the paper's type statement declares (issue 10):
T declared `T: \\mathcal{Z} \\to \\mathcal{X}` is a map, no number of steps; X declared
in ℝ^d a vector, no data matrix. A meaning whose head names no kind is never ruled out."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.analysis import analyze
from annotator.knowledge import load
from annotator.meaning_kinds import contradicts, head_kinds
from annotator.model import Definition, Text
from annotator.render.common import knowledge_line
from annotator.shapes import declared_kind
from annotator.sources import load_paper
from conftest import write_tree


@pytest.mark.parametrize("en,zh,kinds", [
    ("Number of steps: the horizon (t = 1, …, T).", "总步数：时域长度。", {"count"}),
    ("Input data matrix: a batch of inputs, one per row.", "输入数据矩阵：每行一个样本。",
     {"matrix"}),
    ("Velocity (vector) field u_t(x): where the flow moves x.", "速度场 u_t(x)：", {"function",
                                                                              "vector"}),
    ("Latent variable: the unobserved code.", "潜变量：未观测的编码。", set()),
    ("Probability of an event: as in P(A).", "事件的概率：如 P(A)。", set()),
])
def test_a_meaning_head_names_its_kind(en: str, zh: str, kinds: set[str]) -> None:
    assert head_kinds(Text(en, zh)) == kinds


@pytest.mark.parametrize("declared,en,contradicted", [
    ("function", "Number of steps: the horizon.", True),
    ("function", "Map T(·) that the paper defines: a transformation.", False),
    ("function", "Latent variable: the unobserved code.", False),   # names no kind
    ("vector", "Input data matrix: a batch of inputs.", True),
    ("vector", "Input vector: the features of one example.", False),
    ("matrix", "Input vector: the features of one example.", True),
    ("scalar", "Number of items n.", False),
    ("scalar", "Weight matrix W of a layer.", True),
    ("", "Number of steps: the horizon.", False),                  # nothing declared
])
def test_a_declaration_contradicts_a_meaning_of_another_kind(declared: str, en: str,
                                                            contradicted: bool) -> None:
    assert contradicts(declared, Text(en, "")) is contradicted


def _type(text: str, cue: str = "type-in") -> Definition:
    return Definition(text, "main.tex", 1, 0, 0, 0, 0, "type", cue=cue)


@pytest.mark.parametrize("definitions,kind", [
    ([_type(": \\mathcal{Z} \\to \\mathcal{X}", "type-map")], "function"),
    ([_type("\\in \\mathbb{R}^{d}")], "vector"),
    ([_type("\\in \\mathbb{R}^{n \\times d}")], "matrix"),
    ([_type("\\in \\mathbb{R}")], "scalar"),
    ([_type("\\in [0, 1]")], "scalar"),
    ([_type("\\in \\mathcal{X}")], ""),                             # a set says no kind
    ([_type("\\in \\mathbb{R}"), _type("\\in \\mathbb{R}^{d}")], ""),  # they disagree
    ([], ""),
])
def test_the_declared_kind_is_what_the_type_statements_agree_on(
        definitions: list[Definition], kind: str) -> None:
    assert declared_kind(definitions) == kind


@pytest.fixture(scope="module")
def kb():  # type: ignore[no-untyped-def]
    return load(())


def _line(kb, tmp_path: Path, text: str, key: str) -> str:  # type: ignore[no-untyped-def]
    write_tree(tmp_path, {"main.tex": text})
    analysis = analyze(load_paper(str(tmp_path)), kb)
    symbol = next(s for s in analysis.symbols if s.key == key)
    return knowledge_line(symbol.knowledge, "en") or ""


def test_a_map_declared_so_is_no_number_of_steps(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = ("\\section{Normalizing flows}\nThe flow is a map\n$$T: Z \\rightarrow X$$\n"
            "and we write $T$ for it; the density of $x = T$ applied to noise follows.\n")
    line = _line(kb, tmp_path, text, "T")
    assert "number of steps" not in line.lower()
    assert "map" in line.lower(), line


def test_without_a_declaration_t_is_still_a_number_of_steps(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = "\\section{Training}\nWe train for $T$ steps and stop.\n"
    assert "number of steps" in _line(kb, tmp_path, text, "T").lower()


def test_a_vector_declared_so_is_no_data_matrix(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = ("\\section{Flows}\nTake $\\mathbf{X} \\in \\mathbb{R}^d$ and map "
            "$\\mathbf{X}$ to noise.\n")
    assert "matrix" not in _line(kb, tmp_path, text, "bold:X").lower()


def test_a_bold_symbol_is_no_single_number(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Bold type makes 𝛑 a vector even without a type statement: no circle constant."""
    text = ("\\section{Mixtures}\nThe weights $\\boldsymbol{\\pi}$ sum to one, and we update "
            "$\\boldsymbol{\\pi}$ after each step.\n")
    line = _line(kb, tmp_path, text, "bold:pi")
    assert "3.14" not in line and "circle" not in line.lower(), line
    assert "circle" in _line(kb, tmp_path / "plain", "\\section{Area}\nThe area is $\\pi r^2$.\n",
                             "pi").lower()


@pytest.mark.parametrize("definitions,kind", [
    (["An output matrix"], "matrix"),
    (["the filter parameter matrix for the current layer"], "matrix"),
    (["the number of samples"], "scalar"),
    (["词向量表示"], ""),               # a representation: 向量 is no head noun here
    (["a Gaussian zero-mean white noise"], ""),
    (["An output matrix", "the number of outputs"], ""),   # two kinds: no decision
])
def test_a_definition_names_the_kind_of_its_head_noun(definitions: list[str], kind: str) -> None:
    from annotator.meaning_kinds import definition_kind
    assert definition_kind(definitions) == kind


def test_a_matrix_in_the_papers_words_is_no_count(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """"$C$ is an output matrix": not "Number of classes C: ... has C outputs", which the
    word "outputs" in its gloss would otherwise agree with."""
    text = ("\\section{State-space models}\nThe model is $y = Cx$, where $C$ is an output "
            "matrix.\n")
    line = _line(kb, tmp_path, text, "C")
    assert "number of classes" not in line.lower(), line
