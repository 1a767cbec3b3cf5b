"""A page as text lines: prose pieces and formulas (as LaTeX), with what the later stages
need to know about each line (size, boldness, position). Glyphs are dropped here, so a
long document keeps only its text."""

from __future__ import annotations

from dataclasses import dataclass

from .fonts import MATH
from .layout import Line, page_lines
from .mathruns import split_line, text_of
from .reader import Page
from .texify import AtomBox, formula_latex_boxes

_NO_SPACE_BEFORE = frozenset(",.;:)]}!?'’-–”")


@dataclass(slots=True)
class Piece:
    """A piece of a text line: prose, or a formula's LaTeX."""

    math: bool
    text: str
    boxes: tuple[AtomBox, ...] = ()
    """For a formula: where each of its atoms is drawn (ranges in `text`)."""


@dataclass(slots=True)
class TextLine:
    """One visual line of the PDF, read."""

    page: int
    pieces: list[Piece]
    display: bool = False
    number: str = ""
    """Equation number at the right end, if any."""
    size: float = 0.0
    bold: bool = False
    """Every prose glyph of the line is bold (a heading candidate)."""
    x0: float = 0.0
    baseline: float = 0.0
    column: int = 0
    zone: str = ""
    """'top' or 'bottom' for lines in the page's margins (running heads, page numbers)."""
    role: str = "text"
    """'text', 'display', 'heading', 'title', 'furniture' (headers, footers, page numbers),
    'number' (an equation number on a line of its own); set by structure.py."""
    level: int = 1
    """For headings: 1 section, 2 subsection, 3 subsubsection."""
    gap: float = 0.0
    """Distance from the previous line's baseline in the same column, in font sizes
    (0 for the first line of a column)."""

    @property
    def prose(self) -> str:
        """The line's prose only, formulas left out."""
        return " ".join(p.text for p in self.pieces if not p.math).strip()


def read_page(page: Page) -> list[TextLine]:
    """The page's lines in reading order, with their formulas as LaTeX."""
    lines = page_lines(page)
    margins: dict[int, tuple[float, float]] = {}
    for line in lines:
        left, right = margins.get(line.column, (line.x0, line.x1))
        margins[line.column] = (min(left, line.x0), max(right, line.x1))
    out: list[TextLine] = []
    previous: dict[int, Line] = {}
    for line in lines:
        out.append(_read_line(line, page, previous.get(line.column), margins[line.column]))
        previous[line.column] = line
    return out


def _read_line(line: Line, page: Page, previous: Line | None,
               margins: tuple[float, float]) -> TextLine:
    parts = split_line(line, margins)
    pieces: list[Piece] = []
    for segment in parts.segments:
        if segment.math:
            latex, boxes = formula_latex_boxes(segment.glyphs, line.baseline, line.size)
            if latex:
                pieces.append(Piece(True, latex, boxes))
        else:
            text = text_of(segment.glyphs, line.size).strip()
            if text:
                pieces.append(Piece(False, text))
    prose = [g for g in line.glyphs if g.cls != MATH]
    zone = "top" if line.baseline < page.height * 0.08 else \
        "bottom" if line.baseline > page.height * 0.92 else ""
    gap = (line.baseline - previous.baseline) / line.size if previous is not None else 0.0
    return TextLine(page=page.number, pieces=pieces, display=parts.display, number=parts.number,
                    size=round(line.size, 1), bold=bool(prose) and all(g.bold for g in prose),
                    x0=line.x0, baseline=line.baseline, column=line.column, zone=zone, gap=gap)


def line_string(line: TextLine) -> tuple[str, list[tuple[int, Piece]]]:
    """The line as written into the extracted text (`$...$` around inline formulas,
    `\\[...\\]` around a display), and where each piece's content starts in it."""
    out: list[str] = []
    starts: list[tuple[int, Piece]] = []
    length = 0
    for piece in line.pieces:
        if out and not (not piece.math and piece.text[:1] in _NO_SPACE_BEFORE):
            out.append(" ")
            length += 1
        opener, closer = ("\\[", "\\]") if piece.math and line.display else \
            ("$", "$") if piece.math else ("", "")
        starts.append((length + len(opener), piece))
        written = opener + piece.text + closer
        out.append(written)
        length += len(written)
    if line.number:
        out.append(" " + line.number)
    return "".join(out), starts
