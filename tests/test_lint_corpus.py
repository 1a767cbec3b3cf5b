"""The linter on the real papers of the shared corpus (skipped when it is absent): every
paper is read without error, the problems we verified by reading the sources are found,
and the patterns we verified to be fine are left alone."""

from __future__ import annotations

from functools import cache

import pytest

from conftest import CORPUS, corpus_path, run_cli

PAPERS = {
    "transformer-attention-2017.tar.gz": None,
    "icl-as-gd-revisited.tar.gz": None,
    "gan-tutorial-nips2016.tar.gz": None,
    "directed-info-gail.tar.gz": None,
    "policy-gradient-nn-bandit.tar.gz": "neurips_2019.tex",
    "hyperbolic-normalizing-flows.tar.gz": None,
    "chebnet-graph-cnn.tar.gz": None,
    "automatic-gradient-descent.tar.gz": None,
    "dlbook-math-commands": None,
}


@cache
def findings(paper: str) -> tuple[tuple[str, int, str, str], ...]:
    """(file, line, rule name, message) of every finding, all rules."""
    path = corpus_path(paper)
    options = ["--main", PAPERS[paper]] if PAPERS[paper] else []
    result = run_cli(["lint", str(path), "-q", "--no-config", "-f", "json", *options])
    assert result.code in (0, 1), result.err
    return tuple((f["file"], f["line"], f["name"], f["message"])
                 for f in result.json()["findings"])


def has(paper: str, file: str, line: int, rule: str) -> bool:
    return any(f[:3] == (file, line, rule) for f in findings(paper))


@pytest.mark.parametrize("paper", sorted(PAPERS))
def test_every_paper_is_linted_and_nothing_points_into_a_style_file(paper: str) -> None:
    for file, line, _rule, message in findings(paper):
        assert not file.endswith((".sty", ".cls")), (file, line, message)
        assert line >= 1 and message


def test_verified_problems_are_found() -> None:
    if not CORPUS.exists():
        pytest.skip("shared corpus not available")
    # `$p_data$` typesets as p_d followed by a·t·a.
    assert has("gan-tutorial-nips2016.tar.gz", "solutions.tex", 154, "unbraced-script")
    # The Deep Learning book's notation file defines \rvu twice (the first should be \rvi).
    assert has("dlbook-math-commands", "math_commands.tex", 118, "conflicting-macro")
    # The paper's \vs ("vs.") clobbers math_commands.tex's bold s.
    assert has("hyperbolic-normalizing-flows.tar.gz", "main.tex", 46, "conflicting-macro")
    # math_commands.tex's \rg replaces the paper's own highlighting macro \rg.
    assert has("icl-as-gd-revisited.tar.gz", "math_commands.tex", 78, "conflicting-macro")
    # PE_{(pos,2i)} = sin(...) and O(log_k(n)) in italics.
    assert has("transformer-attention-2017.tar.gz", "model_architecture.tex", 149,
               "italic-operator")
    assert has("transformer-attention-2017.tar.gz", "why_self_attention.tex", 29,
               "italic-operator")
    # \expectation (a \DeclareMathOperator* of \mathbb{E}) next to a plain \sE.
    assert has("policy-gradient-nn-bandit.tar.gz", "background.tex", 44, "mixed-expectation")
    # Leftover macros of the transformer paper's preamble.
    assert has("transformer-attention-2017.tar.gz", "ms.tex", 45, "unused-macro")


def test_verified_non_problems_are_left_alone() -> None:
    if not CORPUS.exists():
        pytest.skip("shared corpus not available")
    # A shared notation file: hundreds of unused macros are not reported one by one.
    for paper in ("icl-as-gd-revisited.tar.gz", "gan-tutorial-nips2016.tar.gz",
                  "directed-info-gail.tar.gz", "dlbook-math-commands"):
        assert not any(f[0] == "math_commands.tex" and f[2] == "unused-macro"
                       for f in findings(paper)), paper
    # \textbf{x} and \mathbf{x} print the same letter; \va and \rva are two notations.
    for paper in ("hyperbolic-normalizing-flows.tar.gz", "dlbook-math-commands",
                  "icl-as-gd-revisited.tar.gz"):
        assert not any(f[2] == "mixed-bold-style" for f in findings(paper)), paper
    # \lambda_{max} is a label, not the operator; q_ik_i and U^Tx are products.
    chebnet = findings("chebnet-graph-cnn.tar.gz")
    assert not any(f[2] in ("italic-operator", "unbraced-script") for f in chebnet)
    assert not any(f[2] == "unbraced-script" for f in findings("transformer-attention-2017.tar.gz"))
    # The \[ and \] the DL book's example redefines are used, even though never "called".
    assert not any(f[2] == "unused-macro" and "\\[" in f[3]
                   for f in findings("dlbook-math-commands"))
