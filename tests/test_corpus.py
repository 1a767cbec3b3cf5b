"""The real papers in ../shared/corpus (skipped when the corpus is absent)."""

from __future__ import annotations

import pytest

from annotator.analysis import analyze
from annotator.sources import load_paper
from conftest import corpus_path, run_cli

PAPERS = ["transformer-attention-2017", "icl-as-gd-revisited", "gan-tutorial-nips2016",
          "directed-info-gail", "policy-gradient-nn-bandit", "hyperbolic-normalizing-flows",
          "chebnet-graph-cnn", "automatic-gradient-descent"]
MAIN = {"policy-gradient-nn-bandit": "neurips_2019.tex"}


@pytest.mark.parametrize("name", PAPERS)
@pytest.mark.parametrize("as_tarball", [True, False])
def test_every_paper_processes_cleanly(name: str, as_tarball: bool) -> None:
    source = corpus_path(name + (".tar.gz" if as_tarball else ""))
    result = run_cli(["glossary", str(source), "-f", "json"])
    assert result.code == 0, result.err
    assert "internal error" not in result.err
    data = result.json()
    assert data["symbols"] and data["math"]
    if name in MAIN:
        assert data["paper"]["main"].endswith(MAIN[name])


def test_dlbook_folder_processes() -> None:
    result = run_cli(["glossary", str(corpus_path("dlbook-math-commands")), "-f", "json"])
    assert result.code == 0
    assert result.json()["paper"]["main"] == "notation_example.tex"


@pytest.mark.parametrize("name,expected", [
    # Regex counts of the \input-ed files' math (see benchmarks/README.md for LaTeXML).
    ("transformer-attention-2017", 138),
    ("hyperbolic-normalizing-flows", 564),
])
def test_span_counts(name: str, expected: int) -> None:
    analysis = analyze(load_paper(str(corpus_path(name))))
    assert len(analysis.math) == expected


def test_transformer_symbols_read_as_a_reader_would() -> None:
    analysis = analyze(load_paper(str(corpus_path("transformer-attention-2017.tar.gz"))))
    found = {s.key: s for s in analysis.symbols}
    assert {"d_model", "d_k", "d_v", "d_ff", "W^Q", "W^K", "W^V", "W^O", "Q", "K", "V",
            "softmax", "Attention", "MultiHead", "Concat", "FFN", "pos", "P_drop",
            "epsilon_ls"} <= set(found)
    assert found["d_model"].forms == ("\\dmodel", "d_{model}")
    # labels are not symbols of their own; running indices are
    assert "model" not in found and "ff" not in found and "f" not in found
    assert not analysis.diagnostics


def test_no_paper_warns_about_itself_needlessly() -> None:
    for name in PAPERS:
        analysis = analyze(load_paper(str(corpus_path(name)), main=MAIN.get(name)))
        messages = [str(d) for d in analysis.diagnostics]
        # Only genuine problems of the sources may be reported.
        assert all("internal" not in m for m in messages), messages
