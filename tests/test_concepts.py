"""The term a paper's definition names, explained from another entry (concepts.py) when
none of the symbol's own meanings fits: the line says both, and abstains when the term
is only a modifier of the phrase, a synonym the paper does not write, or two concepts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.analysis import analyze
from annotator.concepts import concept_for, entry_of
from annotator.knowledge import load
from annotator.render import json as json_render
from annotator.render.common import knowledge_line
from annotator.sources import load_paper
from conftest import write_tree


@pytest.fixture(scope="module")
def kb():  # type: ignore[no-untyped-def]
    return load(())


def _named(kb, definition: str) -> str:  # type: ignore[no-untyped-def]
    """The English name of the concept `definition` names, or ''."""
    found = concept_for([definition], kb)
    if found is None:
        return ""
    entry, meaning = found
    return entry_of(kb, entry).meanings[meaning].text.en


@pytest.mark.parametrize(("definition", "says"), [
    ("the noise standard deviation", "standard deviation"),
    ("a continuous time stochastic process", "stochastic process"),
    ("a distance between two points", "distance"),
    ("噪声的标准差", "standard deviation"),
    # terms of ML prose (knowledge/terms.toml), where no entry explains the term
    ("the data matrix", "data matrix"),
    ("a learned codebook", "codebook"),
    ("节点的特征矩阵", "feature matrix"),
    ("a metric space", "metric space"),  # the space, not its modifier "metric"
    ("a modified Bessel function", "bessel function"),  # no tilde's "modified version"
    # a name in parentheses at the end of a head is another name of the concept
    ("the coupling", "transport plan (coupling)"),
    ("the ELBO", "evidence lower bound"),
    ("the Poincare ball", "poincaré ball"),  # accents aside, and not a Euclidean "Ball"
    ("the hidden state", "hidden state"),  # "hidden" alone names it too: not a modifier
    # two meanings whose names say the same are one concept, not two
    ("the step size", "step size"),
    ("the bias of the estimator", "bias of an estimator"),  # not a layer's offset
    ("估计量的偏差", "bias of an estimator"),
])
def test_a_definition_names_a_concept(kb, definition: str, says: str) -> None:  # type: ignore[no-untyped-def]
    assert says in _named(kb, definition).lower()


@pytest.mark.parametrize("definition", [
    "a distance matrix",    # a matrix: the distance is only its modifier
    "query point",          # a point, not a query
    "query的长度",           # a length (长度), not a query
    "the dispersion of the noise",  # a dispersion, of the noise: no noise
    "the random variable supported on $S$",  # a variable, not its support
    "a sum of Dirac delta functions",  # a sum (in English and in Chinese names alike)
    "输入文本的第 $i$ 个语言标记",  # no word of "文本中的词" is written whole
    "the feature",          # "Input (feature) space": a parenthesis inside a name
    "a hyperparameter",     # a kind only
    "a random variable",    # a kind only
    "the weights",          # a synonym of parameters, not the word
    "the state-action pair",  # a state or an action: two concepts, no guess
])
def test_no_concept_where_the_phrase_does_not_name_one(kb, definition: str) -> None:  # type: ignore[no-untyped-def]
    assert _named(kb, definition) == ""


def test_the_glossary_line_says_no_usual_meaning_then_the_term(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Σ_i "the noise standard deviation": no meaning of capital sigma fits (a covariance,
    a sum), and the line explains the term from σ, in both languages and in the JSON."""
    text = ("\\section{Sampler}\nWe add noise at each step, where $\\Sigma_i$ is the noise "
            "standard deviation at step $i$.\n")
    write_tree(tmp_path, {"main.tex": text})
    analysis = analyze(load_paper(str(tmp_path)), kb)
    symbol = next(s for s in analysis.symbols if s.key.startswith("Sigma"))
    match = symbol.knowledge
    assert match is not None and match.basis == "general" and match.reason == "defined"
    line = knowledge_line(match, "en") or ""
    assert "no usual meaning fits" in line and "standard deviation" in line.lower()
    assert "covariance" not in line.lower()
    assert "标准差" in (knowledge_line(match, "zh") or "")
    found = json.loads(json_render.render(analysis))
    shown = next(s for s in found["symbols"] if s["key"] == symbol.key)["knowledge"]
    assert match.concept_entry is not None
    assert shown["concept"]["id"] == match.concept_entry.id and "Standard deviation" in \
        shown["concept"]["meaning"]["en"]


def test_a_symbol_whose_meaning_agrees_has_no_concept(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write_tree(tmp_path, {"main.tex": "\\section{M}\nHere $\\sigma$ is the standard deviation.\n"})
    symbol = next(s for s in analyze(load_paper(str(tmp_path)), kb).symbols if s.key == "sigma")
    assert symbol.knowledge is not None and symbol.knowledge.basis == "definition"
    assert symbol.knowledge.concept_entry is None


def test_every_term_is_a_named_bilingual_concept(kb) -> None:  # type: ignore[no-untyped-def]
    """Each term of knowledge/terms.toml opens with its name and a colon in both languages,
    and can be found: a term whose name says only a kind ("Hyperparameter") never is."""
    from annotator.concepts import _index, terms

    indexed = {c.entry for concepts in _index(kb).values() for c in concepts}
    for entry_id, entry in terms().items():
        text = entry.meanings[0].text
        assert ":" in text.en and "：" in text.zh, entry_id
        assert entry.name.en and entry.name.zh, entry_id
        assert entry_id in indexed, entry_id


@pytest.mark.parametrize("concept,shown", [
    ("Observations y: the observed data a model must explain",
     "Observations: the observed data a model must explain"),
    ("Kernel function k(x, x′) = ⟨φ(x), φ(x′)⟩: a similarity", "Kernel function: a similarity"),
    ("KL divergence D_KL(p ‖ q): how much q differs", "KL divergence: how much q differs"),
    ("Noise level σ_t: the standard deviation", "Noise level: the standard deviation"),
    ("观测值 y：模型必须解释的数据", "观测值：模型必须解释的数据"),
    ("Sequence: an ordered list x_1, …, x_n", "Sequence: an ordered list x_1, …, x_n"),
])
def test_a_concept_is_shown_without_the_other_entrys_symbol(concept: str, shown: str) -> None:
    """For 𝐗 "the observations", the term is "Observations", not "Observations y", which
    would tell the reader the symbol is y."""
    from annotator.render.common import without_its_symbol
    assert without_its_symbol(concept) == shown
