"""Knowledge matching: each level, and meanings chosen from context."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator import knowledge
from annotator.analysis import analyze
from annotator.explain import explain
from annotator.sources import load_paper
from conftest import SAMPLES, run_cli, write_tree


@pytest.fixture(scope="module")
def kb() -> knowledge.KnowledgeBase:
    return knowledge.load()


def match_of(kb, latex: str, topics: tuple[str, ...] = ()):
    found = {s.key: s.knowledge for s in explain(latex, kb, topics).symbols}
    return found


def meaning(match) -> str:
    return match.entry.meanings[match.meaning].text.en


@pytest.mark.parametrize("latex,key,how,entry", [
    (r"\mathcal{L}", "cal:L", "exact", "mathcal-l"),
    (r"W^{Q}", "W^Q", "exact", "w-q"),
    (r"\bm{W}^{Q}", "bold:W^Q", "alias", "w-q"),  # the same notation in bold
    (r"\varepsilon", "varepsilon", "alias", "epsilon"),
    (r"\hat{y}", "hat(y)", "exact", None),
    (r"\hat{z}", "hat(z)", "pattern", "convention-hat"),
    (r"\pi_{\phi}(a \mid s)", "pi_phi", "base", "pi"),
    (r"\mathcal{K}", "cal:K", "convention", "convention-cal-upper"),
    (r"\mathfrak{A}", "frak:A", "convention", "convention-frak"),
])
def test_each_matching_level(kb, latex: str, key: str, how: str, entry: str | None) -> None:
    match = match_of(kb, latex)[key]
    assert match is not None and match.match == how
    if entry:
        assert match.id == entry


def test_pattern_match_fills_the_template(kb) -> None:
    match = match_of(kb, r"\hat{z}")["hat(z)"]
    assert "z" in match.detail_en and match.pattern == r"\hat{?x}"


def test_convention_match_says_so_in_the_output() -> None:
    result = run_cli(["explain", r"\mathbb{K}"])
    assert "typographic convention only" in result.out
    result = run_cli(["explain", r"\mathbb{K}", "--lang", "zh"])
    assert "仅按排版惯例推断" in result.out


def test_sigma_applied_is_the_sigmoid_and_squared_a_variance(kb) -> None:
    assert "sigmoid" in meaning(match_of(kb, r"\sigma(z)")["sigma"]).lower()
    variance = match_of(kb, r"\mathcal{N}(\mu, \sigma^2)")["sigma"]
    assert "variance" in meaning(variance).lower()
    assert variance.reason in ("squared", "with:\\mu")
    assert variance.alternatives  # the sigmoid is kept as an alternative


def test_pi_policy_and_constant(kb) -> None:
    assert "policy" in meaning(match_of(kb, r"\pi(a \mid s)")["pi"]).lower()
    assert "3.14" in meaning(match_of(kb, r"2\pi r")["pi"])


def test_gamma_depends_on_the_paper(kb, tmp_path: Path) -> None:
    rl = write_tree(tmp_path / "rl", {"main.tex": (
        "The agent follows a policy to maximise reward. The reward is discounted: "
        "$G = \\sum_t \\gamma^t r_t$ where the policy and the reward define the MDP.")})
    norm = write_tree(tmp_path / "norm", {"main.tex": (
        "We apply layer normalization. LayerNorm normalizes each token and the "
        "normalization is followed by $y = \\gamma \\hat{x} + \\beta$, a learned scale.")})
    discount = next(s for s in analyze(load_paper(str(rl)), kb).symbols if s.key == "gamma")
    scale = next(s for s in analyze(load_paper(str(norm)), kb).symbols if s.key == "gamma")
    assert "discount" in meaning(discount.knowledge).lower()
    assert discount.knowledge.reason == "topic:rl"
    assert "scale" in meaning(scale.knowledge).lower()
    assert scale.knowledge.reason == "topic:normalization"


def test_topic_must_hold_near_the_symbol(kb, tmp_path: Path) -> None:
    """The m of (y_1, ..., y_m) is not Adam's first moment because Adam is cited elsewhere."""
    paper = write_tree(tmp_path, {"main.tex": (
        "The decoder then generates an output sequence $(y_1, \\dots, y_m)$ of symbols, one "
        "element at a time.\n\n" + "We train with the Adam optimizer "
        "and a learning rate schedule; the optimizer uses momentum. " * 2)})
    m = next(s for s in analyze(load_paper(str(paper)), kb).symbols if s.key == "m")
    assert "adam" not in meaning(m.knowledge).lower()


def test_glossary_json_carries_knowledge() -> None:
    result = run_cli(["glossary", str(SAMPLES / "attention-note"), "-f", "json", "-q"])
    by_key = {s["key"]: s for s in result.json()["symbols"]}
    knowledge_of = by_key["cal:L"]["knowledge"]
    assert knowledge_of["id"] == "mathcal-l" and knowledge_of["match"] == "exact"
    assert knowledge_of["name"]["zh"] and knowledge_of["meaning"]["zh"]
    assert by_key["d_k"]["knowledge"]["id"] == "d-k"
    assert by_key["bold:W^Q"]["knowledge"]["id"] == "w-q"
