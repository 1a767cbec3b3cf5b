"""The author's macros a glossary entry says a symbol is written with."""

from __future__ import annotations

import annotator

_PAPER = rb"""\documentclass{article}
\newcommand{\stheta}{s_\theta}
\newcommand{\vtheta}{\boldsymbol{\theta}}
\begin{document}
The score network $\stheta$ has parameters $\theta$, and $\vtheta$ is a vector.
\end{document}
"""


def test_a_macro_that_wraps_a_symbol_as_a_script_is_not_its_spelling() -> None:
    kb = annotator.load_knowledge()
    analysis = annotator.analyze("main.tex", data=_PAPER, knowledge=kb)
    entries = {entry.symbol.latex: entry for entry in annotator.build_glossary(
        analysis, kb).entries}
    score = next(entry for latex, entry in entries.items() if latex.startswith("s_"))
    assert score.macros == ("\\stheta",)
    assert "\\stheta" not in entries["\\theta"].macros  # s_θ's macro is no way to write θ
    bold = next(entry for latex, entry in entries.items() if "theta" in latex
                and "bold" in latex)
    assert bold.macros == ("\\vtheta",)
