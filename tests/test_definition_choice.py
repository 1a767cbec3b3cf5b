"""Which candidate definitions a reader is shown (definitions/select.py)."""

from __future__ import annotations

from pathlib import Path

from annotator.analysis import analyze
from annotator.knowledge import load
from annotator.sources import load_paper
from conftest import write_tree

ALGORITHM = r"""\documentclass{article}
\usepackage{algorithmic}
\begin{document}
\section{Method}
We train the policy with the update below.
\begin{algorithmic}
\REQUIRE learning rate $\eta$, initial weights $w$
\STATE Initialize $\theta$
\STATE Update $\mu \leftarrow \mu - \eta g$
\end{algorithmic}
\end{document}
"""


def _shown(tmp_path: Path, text: str) -> dict[str, str]:
    write_tree(tmp_path, {"main.tex": text})
    analysis = analyze(load_paper(str(tmp_path)), load(()))
    return {s.key: next((d.text for d in s.definitions if d.shown and d.source == "prose"), "")
            for s in analysis.symbols}


def test_an_algorithm_input_that_names_a_usual_meaning_is_shown(tmp_path: Path) -> None:
    """"Require: learning rate $\\eta$" is η's input line; a step ("Initialize $\\theta$",
    "Update $\\mu$") names no symbol, and neither does an input the knowledge does not
    confirm."""
    shown = _shown(tmp_path, ALGORITHM)
    assert shown["eta"] == "learning rate"
    assert shown.get("theta", "") == "" and shown.get("mu", "") == ""
