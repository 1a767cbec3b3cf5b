"""Math spans: every delimiter and environment, labels, positions, recovery."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import analyze_text


def spans(text: str, tmp_path: Path) -> list[tuple[str, bool, str]]:
    return [(m.environment, m.display, m.latex) for m in analyze_text(text, tmp_path).math]


@pytest.mark.parametrize("source,expected", [
    ("$a$", [("$", False, "a")]),
    ("$$a$$", [("$$", True, "a")]),
    (r"\(a\)", [("\\(", False, "a")]),
    (r"\[a\]", [("\\[", True, "a")]),
    (r"\begin{equation}a\end{equation}", [("equation", True, "a")]),
    (r"\begin{equation*}a\end{equation*}", [("equation*", True, "a")]),
    (r"\begin{align}a &= b \\ c &= d\end{align}", [("align", True, r"a &= b \\ c &= d")]),
    (r"\begin{align*}a\end{align*}", [("align*", True, "a")]),
    (r"\begin{gather}a\end{gather}", [("gather", True, "a")]),
    (r"\begin{multline}a\end{multline}", [("multline", True, "a")]),
    (r"\begin{eqnarray}a\end{eqnarray}", [("eqnarray", True, "a")]),
    (r"\begin{flalign}a\end{flalign}", [("flalign", True, "a")]),
    (r"\begin{alignat}{2}a &= b\end{alignat}", [("alignat", True, "a &= b")]),
    (r"\begin{math}a\end{math}", [("math", False, "a")]),
    (r"\begin{displaymath}a\end{displaymath}", [("displaymath", True, "a")]),
    (r"text \ensuremath{a} text", [("ensuremath", False, "a")]),
])
def test_every_delimiter(tmp_path: Path, source: str, expected: list) -> None:
    assert spans(source, tmp_path) == expected


def test_labels_and_inner_environments(tmp_path: Path) -> None:
    text = ("\\begin{equation}\\label{eq:loss} L = \\begin{cases} a & b \\\\ c & d"
            "\\end{cases} \\nonumber\\end{equation}")
    analysis = analyze_text(text, tmp_path)
    assert len(analysis.math) == 1
    assert analysis.math[0].label == "eq:loss"
    assert {s.key for s in analysis.symbols} == {"L", "a", "b", "c", "d"}


def test_text_inside_math_and_math_inside_text(tmp_path: Path) -> None:
    analysis = analyze_text(r"$f(x) = 1 \text{ if $x > \tau$ and } g \mbox{ otherwise}$",
                            tmp_path)
    assert len(analysis.math) == 1
    assert [s.key for s in analysis.symbols] == ["f", "x", "tau", "g"]


def test_positions_are_original_file_line_column(tmp_path: Path) -> None:
    text = "\\documentclass{article}\n\\begin{document}\n\tTab $\\alpha$ and é $\\beta$\n" \
           "\\begin{equation}\n  \\gamma\n\\end{equation}\n\\end{document}\n"
    analysis = analyze_text(text.replace("\n", "\r\n"), tmp_path)
    (a, b, c) = analysis.math
    assert (a.location.line, a.location.column) == (3, 7)
    assert (b.location.line, b.location.column) == (3, 22)
    assert (c.location.line, c.location.column) == (4, 17) and c.latex == "\\gamma"
    gamma = next(s for s in analysis.symbols if s.key == "gamma")
    assert (gamma.first.location.line, gamma.first.location.column) == (5, 3)


def test_positions_through_macros_point_at_the_call(tmp_path: Path) -> None:
    analysis = analyze_text("\\newcommand{\\vx}{\\bm{x}}\n\n  $\\vx$", tmp_path)
    first = analysis.symbols[0].first.location
    assert (first.file, first.line, first.column) == ("main.tex", 3, 4)


def test_unclosed_dollar_is_closed_at_the_paragraph(tmp_path: Path) -> None:
    analysis = analyze_text("Text $a + b\n\nNext paragraph $c$.", tmp_path)
    assert [m.latex.strip() for m in analysis.math] == ["a + b", "c"]
    assert any("main.tex:1:6" in str(d) and "missing $" in d.message
               for d in analysis.diagnostics)


def test_missing_end_is_closed_with_a_warning(tmp_path: Path) -> None:
    text = "\\begin{equation}\na = b\n\\section{Next}\nThen $c$."
    analysis = analyze_text(text, tmp_path)
    assert [m.environment for m in analysis.math] == ["equation", "$"]
    assert any("missing \\end{equation}" in d.message for d in analysis.diagnostics)
    assert [s.title for s in analysis.sections] == ["Next"]


def test_unbalanced_braces_do_not_swallow_the_paper(tmp_path: Path) -> None:
    analysis = analyze_text("\\newcommand{\\f}[1]{#1}\n\\f{ $a$ \n\n$b$", tmp_path)
    assert {s.key for s in analysis.symbols} == {"a", "b"}
    assert any("never closed" in d.message for d in analysis.diagnostics)


def test_sections_paragraphs_and_title(tmp_path: Path) -> None:
    text = ("\\title{On $\\beta$-VAEs\\thanks{x}}\\begin{document}\\section{Intro}"
            "Where $x$ is the input.\\footnote{Also $y$.}\n\n\\subsection*{More}$z$")
    analysis = analyze_text(text, tmp_path)
    assert analysis.title == "On $\\beta$-VAEs"
    assert [(s.title, s.level) for s in analysis.sections] == [("Intro", 1), ("More", 2)]
    texts = ["".join(p.text if p.math is None else f"<{p.math}>" for p in para.parts)
             for para in analysis.paragraphs]
    assert "Where <1> is the input." in texts
    assert "Also <2>." in texts


def test_align_row_count_in_spans(tmp_path: Path) -> None:
    analysis = analyze_text("\\begin{align}a\\\\b\\\\c\\end{align}$d$", tmp_path)
    assert len(analysis.math) == 2


def test_glossary_entries_are_read_as_their_words(tmp_path: Path) -> None:
    """\\gls{label} prints the entry's name: the prose must read it, not the label."""
    analysis = analyze_text(
        "\\newglossaryentry{lr}{name=learning rate, description={step size}}\n"
        "\\newacronym{sgd}{SGD}{stochastic gradient descent}\n\\begin{document}\n"
        "We tune the \\gls{lr} $\\eta$ of \\acrlong{sgd} and use \\Gls{lr}s.\n"
        "\\end{document}\n", tmp_path)
    text = "".join(part.text for p in analysis.paragraphs for part in p.parts)
    assert "the learning rate" in text and "stochastic gradient descent" in text
    assert "Learning rate" in text and "{lr}" not in text


def test_a_description_label_is_a_notation_row(tmp_path: Path) -> None:
    """`\\item[$E$] 知识图谱实体集合`: the label's math closes in the label (it once ran
    to the end of the line, making every Han character a symbol), and the item's text is
    its definition, as in a notation table."""
    analysis = analyze_text("\\begin{description}\n\\item[$E$] 知识图谱实体集合\n"
                            "\\item[$x$] the input of the model\n\\end{description}\n",
                            tmp_path)
    assert [span.latex for span in analysis.math] == ["E", "x"]
    assert not analysis.diagnostics
    shown = {s.key: next(d.text for d in s.definitions if d.shown) for s in analysis.symbols}
    assert shown == {"E": "知识图谱实体集合", "x": "the input of the model"}
