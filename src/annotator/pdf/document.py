"""The PDF's read lines as one text, with the same records source input gets: math spans,
prose paragraphs that reference them, sections, and positions as page and line.

The extracted text is what `file` positions point into: one line per visual line of the
PDF, inline formulas written `$...$` and display lines `\\[...\\]` in the reconstructed
LaTeX, so a symbol's written form is read from it as from a source file. Paragraphs
follow the layout: a new one starts after a heading, at an indented line, after a wide
vertical gap or a change of type size; display formulas belong to the paragraph around
them (as in the source), and a word hyphenated at a line's end is joined again.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from ..model import Location, MathSpan, Paragraph, ProsePart, Section
from .lines import Piece, TextLine, line_string
from .structure import heading_title, is_section
from .texify import AtomBox

PARAGRAPH_GAP = 1.6
"""A baseline distance above this many font sizes (outside display math) starts a new
paragraph."""
INDENT = 0.8
"""A first line indented by this many font sizes starts a new paragraph."""


@dataclass
class PdfText:
    """The assembled text and the records that point into it."""

    name: str
    text: str = ""
    math: list[MathSpan] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    line_starts: list[int] = field(default_factory=list)
    line_places: list[tuple[int, int]] = field(default_factory=list)
    """(page, line on that page) of each line of the text."""
    math_boxes: list[tuple[AtomBox, ...]] = field(default_factory=list)
    """For each math span (same index): where its atoms are drawn on its page."""

    def locate(self, _file: str, offset: int) -> Location:
        """Offset in the text -> Location(file, line=page, column=line on that page,
        offset): a PDF's positions are pages and lines."""
        if not self.line_starts:
            return Location(self.name, 1, 1, offset)
        index = max(0, bisect_right(self.line_starts, offset) - 1)
        page, line = self.line_places[index]
        return Location(self.name, page, line, offset)


class _Builder:
    """Walks the lines once, writing the text and the records."""

    def __init__(self, name: str):
        self.out = PdfText(name)
        self.chunks: list[str] = []
        self.length = 0
        self.parts: list[ProsePart] = []
        self.section: int | None = None
        self.page_lines: dict[int, int] = {}
        self.previous: TextLine | None = None
        self.left_edges: dict[tuple[int, int], float] = {}
        self.line_text, self.line_start = "", 0

    def add(self, line: TextLine) -> None:
        text, starts = line_string(line)
        start = self.length
        self.line_text, self.line_start = text, start
        self.out.line_starts.append(start)
        number = self.page_lines[line.page] = self.page_lines.get(line.page, 0) + 1
        self.out.line_places.append((line.page, number))
        self.chunks.append(text + "\n")
        self.length += len(text) + 1
        if line.role in ("furniture", "number"):
            return
        if line.role in ("heading", "title"):
            self._heading(line, start)
            return
        if self._starts_paragraph(line):
            self.end_paragraph()
        for number, (position, piece) in enumerate(starts):
            self._piece(line, piece, start + position, first=number == 0)
        self.previous = line

    def _heading(self, line: TextLine, start: int) -> None:
        self.end_paragraph()
        if is_section(line):
            self.out.sections.append(Section(heading_title(line), line.level,
                                             self.out.locate(self.out.name, start)))
            self.section = len(self.out.sections) - 1
        if line.role == "title":
            for position, piece in line_string(line)[1]:
                if not piece.math:
                    self.parts.append(ProsePart(piece.text, self.out.name, start + position))
            self.end_paragraph()
        self.previous = None

    def _starts_paragraph(self, line: TextLine) -> bool:
        previous = self.previous
        if previous is None:
            return True
        if line.display or previous.display:
            return False
        if abs(line.size - previous.size) > 0.15 * previous.size:
            return True
        if line.page == previous.page and line.column == previous.column \
                and line.gap > PARAGRAPH_GAP:
            return True
        edge = self.left_edges.get((line.page, line.column))
        return edge is not None and line.x0 - edge > INDENT * line.size

    def _piece(self, line: TextLine, piece: Piece, offset: int, first: bool) -> None:
        key = (line.page, line.column)
        if not line.display:
            self.left_edges[key] = min(self.left_edges.get(key, line.x0), line.x0)
        if piece.math:
            self._math(line, piece, offset)
            return
        self._text(piece.text, offset, first=first)

    def _math(self, line: TextLine, piece: Piece, offset: int) -> None:
        index = len(self.out.math)
        self.out.math.append(MathSpan(
            index=index, location=self.out.locate(self.out.name, offset),
            end=offset + len(piece.text), display=line.display,
            environment="\\[" if line.display else "$", label=None, latex=piece.text,
            section=self.section))
        self.out.math_boxes.append(piece.boxes)
        self._space_before(offset)
        self.parts.append(ProsePart("", self.out.name, offset, index))

    def _space_before(self, offset: int) -> None:
        """Words around a formula keep their space, as in the source's prose."""
        last = self.parts[-1] if self.parts else None
        if last is not None and last.math is None and not last.text.endswith((" ", "-")):
            self.parts[-1] = ProsePart(last.text + " ", last.file, last.offset)

    def _text(self, text: str, offset: int, first: bool) -> None:
        last = self.parts[-1] if self.parts else None
        if last is not None and last.math is None and first and last.text.endswith("-") \
                and text[:1].islower() and len(last.text) > 1 and last.text[-2].isalpha():
            self.parts[-1] = ProsePart(last.text[:-1], last.file, last.offset)  # hyphenated
            self.parts.append(ProsePart(text, self.out.name, offset))
            return
        if last is not None and not last.text.endswith(" ") and self._spaced(offset):
            if last.math is None:
                self.parts[-1] = ProsePart(last.text + " ", last.file, last.offset)
            else:
                text = " " + text
                offset -= 1
        self.parts.append(ProsePart(text, self.out.name, offset))

    def _spaced(self, offset: int) -> bool:
        """True when a space (or a line end) stands before `offset` in the text."""
        inside = offset - self.line_start
        return inside <= 0 or self.line_text[inside - 1] == " "

    def end_paragraph(self) -> None:
        if any(p.math is not None or p.text.strip() for p in self.parts):
            self.out.paragraphs.append(Paragraph(tuple(self.parts), self.section))
        self.parts = []

    def finish(self) -> PdfText:
        self.end_paragraph()
        self.out.text = "".join(self.chunks)
        return self.out


def assemble(name: str, lines: list[TextLine]) -> PdfText:
    """The text, spans, paragraphs and sections of the lines (roles already set)."""
    builder = _Builder(name)
    for line in lines:
        builder.add(line)
    return builder.finish()

