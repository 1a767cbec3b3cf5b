"""Random LaTeX-like text never crashes or hangs the pipeline."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.analysis import analyze, analyze_formula
from annotator.coverage import NothingRead
from annotator.model import Analysis, Paper, SourceFile

PIECES = st.sampled_from([
    "$", "$$", "{", "}", "\\", "\\(", "\\)", "\\[", "\\]", "_", "^", "&", "#", "#1", "%",
    "\n", "\n\n", " ", "x", "\\alpha", "\\mathbf{", "\\hat", "\\frac", "\\left(", "\\right)",
    "\\begin{equation}", "\\end{equation}", "\\begin{align}", "\\end{align}", "\\text{",
    "\\newcommand{\\a}{", "\\newcommand{\\b}[1]{#1", "\\def\\c#1{", "\\a", "\\b", "\\c",
    "\\let\\d\\a", "\\iffalse", "\\fi", "\\else", "\\input{", "main", "\\verb|", "|",
    "\\begin{verbatim}", "\\end{verbatim}", "\\label{", "\\section{", "W^\\top", "x_i",
    "\\sum_{i=1}^n", "\\|", "\\DeclarePairedDelimiter{\\n}{\\lVert}{\\rVert}", "\\n{",
    "\\ensuremath{", "\\end{document}", "\\begin{document}", "[", "]", "(", ")", "'", "é",
])


@settings(max_examples=300, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=60))
def test_random_latex_never_crashes(pieces: list[str]) -> None:
    analysis = _analyze("".join(pieces))
    if analysis is None:
        return
    for symbol in analysis.symbols:
        assert symbol.key and symbol.occurrences
    for span in analysis.math:
        assert span.location.line >= 1 and span.location.column >= 1


@settings(max_examples=300, deadline=5000)
@given(st.lists(PIECES, max_size=40))
def test_random_formula_never_crashes(pieces: list[str]) -> None:
    analyze_formula("".join(pieces))


@settings(max_examples=100, deadline=5000)
@given(st.text(max_size=300))
def test_arbitrary_unicode_never_crashes(text: str) -> None:
    _analyze(text)


def _analyze(text: str) -> Analysis | None:
    """The analysis, or None when the text holds math but no formula could be read (an
    error with a message, the one failure allowed)."""
    paper = Paper(source="random", main="main.tex", files={"main.tex": SourceFile("main.tex",
                                                                                  text)})
    try:
        return analyze(paper)
    except NothingRead as error:
        assert "no formula was read" in error.message
        return None
