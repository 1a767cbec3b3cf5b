"""The PDF reader's rules on hand-made glyphs: fonts, character codes, which glyphs are
math, and the LaTeX a formula's layout gives."""

from __future__ import annotations

import pytest

from annotator.pdf.charmap import BIGOP, CLOSE, OPEN, letter_latex, piece
from annotator.pdf.fonts import AMBIGUOUS, MATH, TEXT, font_role, glyph_class, prose_style
from annotator.pdf.layout import Line, find_gutter
from annotator.pdf.mathruns import split_line, text_of
from annotator.pdf.reader import Glyph
from annotator.pdf.texify import formula_latex

BASE = 100.0


class Pen:
    """Writes glyphs left to right, like TeX: advance widths, baselines, sizes."""

    def __init__(self, body_is_tex_face: bool = False):
        self.x = 0.0
        self.glyphs: list[Glyph] = []
        self.tex_body = body_is_tex_face

    def put(self, text: str, font: str, size: float = 10.0, rise: float = 0.0,
            width: float | None = None, gap: float = 0.0, at: float | None = None) -> Pen:
        self.x = self.x + gap if at is None else at
        role = font_role(font)
        for char in text:
            advance = width if width is not None else 0.55 * size
            glyph = Glyph(char, role, font, size, (self.x, BASE - rise - 0.75 * size,
                                                   self.x + advance, BASE - rise + 0.25 * size),
                          BASE - rise, 0, prose_style(font, 0))
            glyph.cls = glyph_class(role, self.tex_body)
            self.glyphs.append(glyph)
            self.x += advance
        return self

    def latex(self) -> str:
        return formula_latex(self.glyphs, BASE, 10.0)

    def line(self) -> Line:
        return Line(self.glyphs, BASE, 10.0, 0, self.glyphs[0].x0, self.glyphs[-1].x1)


@pytest.mark.parametrize(("name", "style", "math"), [
    ("ABCDEF+CMMI10", "it", True), ("CMMIB10", "bold-it", True), ("CMSY7", "cal", True),
    ("CMEX10", "ex", True), ("MSBM10", "bb", True), ("EUFM10", "frak", True),
    ("RSFS10", "scr", True), ("CMBX12", "bold", True), ("CMR10", "rm", True),
    ("LMMathItalic10-Regular", "it", True), ("LatinModernMath-Regular", "unicode", True),
    ("NimbusRomNo9L-Regu", "text", False), ("SFRM1095", "text", False)])
def test_font_roles(name: str, style: str, math: bool) -> None:
    role = font_role(name)
    assert (role.style, role.math) == (style, math)


def test_roman_is_ambiguous_only_in_papers_set_in_computer_modern() -> None:
    assert glyph_class(font_role("CMR10"), True) == AMBIGUOUS
    assert glyph_class(font_role("CMR10"), False) == MATH
    assert glyph_class(font_role("CMMI10"), True) == MATH
    assert glyph_class(font_role("NimbusRomNo9L-Regu"), False) == TEXT


@pytest.mark.parametrize(("char", "style", "latex"), [
    ("θ", "it", "\\theta"), ("ϵ", "it", "\\epsilon"), ("ε", "it", "\\varepsilon"),
    ("ϕ", "it", "\\phi"), ("φ", "it", "\\varphi"), ("µ", "bold-it", "\\boldsymbol{\\mu}"),
    ("x", "bold-it", "\\boldsymbol{x}"), ("L", "cal", "\\mathcal{L}"),
    ("E", "bb", "\\mathbb{E}"), ("W", "bold", "\\mathbf{W}"), ("g", "frak", "\\mathfrak{g}"),
    ("∆", "rm", "\\Delta"), ("𝒙", "unicode", "\\boldsymbol{x}"), ("𝜃", "unicode", "\\theta"),
    ("ℝ", "unicode", "\\mathbb{R}"), ("ℒ", "unicode", "\\mathcal{L}"),
    ("𝔼", "unicode", "\\mathbb{E}"), ("ℎ", "unicode", "h")])
def test_letters_and_their_alphabets(char: str, style: str, latex: str) -> None:
    assert letter_latex(piece(char, style)) == latex


def test_extension_font_is_read_by_code() -> None:
    assert (piece("X", "ex").kind, piece("X", "ex").latex) == (BIGOP, "\\sum")
    assert piece("P", "ex").latex == "\\sum" and piece("Q", "ex").latex == "\\prod"
    assert (piece("\x00", "ex").kind, piece("\x01", "ex").kind) == (OPEN, CLOSE)
    assert piece("b", "ex").latex == "hat"  # \widehat
    assert piece("∑", "ex").latex == "\\sum"  # a ToUnicode map gave the character


def test_scripts_and_nested_scripts() -> None:
    pen = Pen().put("x", "CMMI10").put("i", "CMMI7", 7, rise=-1.5).put("2", "CMR7", 7, rise=4,
                                                                      at=5.5)
    assert pen.latex() == "x_{i}^{2}"
    pen = Pen().put("π", "CMMI10").put("θ", "CMMI7", 7, rise=-1.5)
    pen.put("old", "CMR5", 5, rise=-2.6, width=2.5)
    assert pen.latex() == "\\pi_{\\theta_{\\mathrm{old}}}"
    pen = Pen().put("W", "CMBX10").put("enc", "CMR7", 7, rise=-1.5, width=3.5)
    assert pen.latex() == "\\mathbf{W}_{\\mathrm{enc}}"


def test_limits_fractions_and_accents() -> None:
    pen = Pen().put("X", "CMEX10", width=14).put("i", "CMMI7", 7, rise=-12, width=3, at=3)
    pen.put("=1", "CMR7", 7, rise=-12, width=3)
    pen.put("n", "CMMI7", 7, rise=13, width=4, at=5).put("x", "CMMI10", at=16)
    assert pen.latex() == "\\sum_{i=1}^{n} x"
    pen = Pen().put("a", "CMMI10").put("1", "CMR7", 7, rise=4, width=4, gap=3)
    pen.put("M", "CMMI7", 7, rise=-4, width=4, at=pen.x - 4)
    assert pen.latex() == "a \\frac{1}{M}"
    pen = Pen().put("V", "CMMI10", width=6).put("ˆ", "CMR10", width=5, rise=2.5, at=1.5)
    assert pen.latex() == "\\hat{V}"


def test_roman_glyphs_join_the_formula_they_touch() -> None:
    """In a Computer Modern paper `=`, `1` and `tanh(` touching math are math; `Let` and
    the sentence's period are prose."""
    pen = Pen(body_is_tex_face=True).put("Let", "CMR10").put("D", "CMSY10", gap=3)
    pen.put("=", "CMR10", gap=4).put("1", "CMR10", gap=4).put(".", "CMR10")
    pen.put("tanh", "CMR10", gap=4).put("(", "CMR10").put("x", "CMMI10").put(")", "CMR10")
    parts = split_line(pen.line())
    kinds = [(segment.math, text_of(segment.glyphs, 10)) for segment in parts.segments]
    assert kinds == [(False, "Let"), (True, "D = 1"), (False, "."), (True, "tanh(x)")]


def test_display_line_and_equation_number() -> None:
    pen = Pen().put("z", "CMMIB10").put("=", "CMR10", gap=3).put("µ", "CMMIB10", gap=3)
    pen.put("(3)", "NimbusRomNo9L-Regu", gap=200)
    parts = split_line(pen.line())
    assert parts.display and parts.number == "(3)"
    assert formula_latex(parts.segments[0].glyphs, BASE, 10) == \
        "\\boldsymbol{z} = \\boldsymbol{\\mu}"


def test_two_column_gutter() -> None:
    left = [(50.0, y, 290.0, y + 10) for y in range(0, 600, 12)]
    right = [(310.0, y, 550.0, y + 10) for y in range(0, 600, 12)]
    gutter = find_gutter(left + right + [(100.0, 700.0, 500.0, 712.0)], 612)
    assert gutter is not None and 290 <= gutter <= 310
    assert find_gutter([(50.0, y, 550.0, y + 10) for y in range(0, 600, 12)], 612) is None
