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


def _all_windows(pattern: tuple, nodes: list) -> list[tuple[int, int, tuple]]:
    """find_all without its shortcuts: every window of every list (the reference)."""
    from annotator.patterns import _lists, match_whole

    found = []
    for siblings in _lists(nodes):
        for start in range(len(siblings)):
            for end in range(len(siblings), start, -1):
                if match_whole(pattern, siblings[start:end]) is not None:
                    found.append((start, end, tuple(siblings[start:end])))
                    break
    return found


@settings(max_examples=60, deadline=None)
@given(st.lists(PIECES, max_size=14))
def test_pattern_search_shortcuts_find_what_the_full_search_finds(pieces: list[str]) -> None:
    """find_all skips lists lacking a pattern's literal symbols: never a real match."""
    from annotator.knowledge import load
    from annotator.patterns import compile_pattern, find_all, parse_formula

    nodes = parse_formula("".join(pieces))
    for pattern, _entry in load().patterns:
        compiled = compile_pattern(pattern.latex)
        fast = [(f.start, f.end, f.nodes) for f in find_all(compiled, nodes)]
        assert fast == _all_windows(compiled, nodes), pattern.latex
