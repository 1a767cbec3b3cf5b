"""Opening a PDF and reading its text layer page by page, as glyphs with font and place.

Only this module talks to PyMuPDF (imported here, so only PDF input pays for it). Pages
are read one at a time and dropped: a document of hundreds of pages costs the memory of
one page's glyphs plus the text extracted so far. A PDF that cannot be used at all
(encrypted, damaged, no pages) raises InputError naming the file; a page that cannot be
read is skipped with a warning.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError
from ..terminal import clean
from .charmap import SKIP, Piece, piece
from .fonts import TEXT, FontRole, bare_name, font_role, glyph_class, prose_style

PROGRESS_EVERY = 25
"""Pages between two progress lines on stderr (only for documents longer than this)."""


class Glyph:
    """One character drawn on a page: what it is, in which font, where."""

    __slots__ = ("base", "bold", "char", "cls", "font", "line", "piece", "prose", "role", "size",
                 "x0", "x1", "y0", "y1")

    def __init__(self, char: str, role: FontRole, font: str, size: float, bbox: tuple,
                 base: float, line: int, prose: str):
        self.char = char
        self.role = role
        self.font = font
        """The font's name without subset tag."""
        self.size = size
        self.x0, self.y0, self.x1, self.y1 = bbox
        self.base = base
        """The baseline (the origin's y; y grows downwards)."""
        self.line = line
        """Number of the PyMuPDF line the glyph came in (columns are found from these)."""
        self.prose = prose
        """For a prose font: the alphabet it would be in math ('rm', 'bold', 'it', 'sf')."""
        self.bold = prose in ("bold", "bold-sf")
        self.piece: Piece = piece(char, role.style) if role.math else Piece(SKIP, char)
        self.cls = TEXT
        """fonts.MATH, AMBIGUOUS or TEXT; set once the paper's prose font is known."""

    @property
    def extension(self) -> bool:
        """True for TeX's extension font, whose glyphs hang below their origin."""
        return self.role.style == "ex"

    def __repr__(self) -> str:
        return f"Glyph({self.char!r} {self.font} {self.size:.1f} @{self.x0:.1f},{self.base:.1f})"


@dataclass
class Page:
    """One page's glyphs (not kept after the page is laid out)."""

    number: int
    """1-based page number."""
    width: float
    height: float
    glyphs: list[Glyph]
    line_boxes: list[tuple[float, float, float, float]]
    """The bounding box of each PyMuPDF line, by the number glyphs carry in `line`."""


@dataclass
class PdfReader:
    """Reads a PDF's pages in order and remembers which font is the prose font."""

    name: str
    """The PDF's name, for messages."""
    document: Any
    """The open pymupdf.Document."""
    quiet: bool = False
    warnings: list[tuple[int, str]] = field(default_factory=list)
    """(page, message) for pages that could not be read."""
    _fonts: Counter[str] = field(default_factory=Counter)
    page_count: int = 0
    """Pages in the document (kept: the document is closed after reading)."""

    def __post_init__(self) -> None:
        self.page_count = int(self.document.page_count)

    def pages(self) -> Iterator[Page]:
        """Every readable page, in order; progress on stderr for long documents."""
        total = self.page_count
        for index in range(total):
            if not self.quiet and total > PROGRESS_EVERY and index and index % PROGRESS_EVERY == 0:
                print(clean(f"annotator: {self.name}: page {index} of {total}"),
                      file=sys.stderr)
            page = self._read(index)
            if page is not None:
                yield page

    def _read(self, index: int) -> Page | None:
        import pymupdf

        flags = pymupdf.TEXT_MEDIABOX_CLIP | pymupdf.TEXT_CID_FOR_UNKNOWN_UNICODE \
            | pymupdf.TEXT_INHIBIT_SPACES
        try:
            page = self.document.load_page(index)
            raw = page.get_text("rawdict", flags=flags)
            width, height = float(page.rect.width), float(page.rect.height)
        except Exception as exc:  # MuPDF raises plain RuntimeErrors for damaged pages
            self.warnings.append((index + 1, f"page {index + 1} could not be read ({exc}); "
                                             "skipped"))
            return None
        glyphs, boxes = self._glyphs(raw)
        del raw, page
        self._classify(glyphs)
        return Page(index + 1, width, height, glyphs, boxes)

    def _glyphs(self, raw: dict) -> tuple[list[Glyph], list[tuple[float, float, float, float]]]:
        glyphs: list[Glyph] = []
        boxes: list[tuple[float, float, float, float]] = []
        roles: dict[str, FontRole] = {}
        for block in raw.get("blocks", ()):
            for line in block.get("lines", ()):
                if abs(line["dir"][1]) > 0.05 or line["dir"][0] <= 0:
                    continue  # rotated text: margin stamps, rotated table headers
                number = len(boxes)
                boxes.append(tuple(line["bbox"]))
                for span in line["spans"]:
                    font = span["font"]
                    role = roles.get(font)
                    if role is None:
                        role = roles[font] = font_role(font)
                    bare = bare_name(font)
                    prose = prose_style(font, span["flags"])
                    size = float(span["size"])
                    for char in span["chars"]:
                        text = char["c"]
                        if not text or (text.isspace() and role.style != "ex"):
                            continue
                        glyphs.append(Glyph(text, role, bare, size, char["bbox"],
                                            char["origin"][1], number, prose))
        return glyphs, boxes

    def _classify(self, glyphs: list[Glyph]) -> None:
        """MATH, AMBIGUOUS or TEXT per glyph. The prose font is the most used font that
        prose can be set in, counted over the pages read so far."""
        for glyph in glyphs:
            if not glyph.role.math or glyph.role.prose_capable:
                self._fonts[glyph.font] += 1
        body = self._fonts.most_common(1)[0][0] if self._fonts else ""
        body_is_tex_face = font_role(body).prose_capable
        for glyph in glyphs:
            glyph.cls = glyph_class(glyph.role, body_is_tex_face)


def open_pdf(source: str, data: bytes | None, name: str) -> Any:
    """The open document, or InputError for a PDF nothing can be read from."""
    import pymupdf

    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    try:
        if data is not None:
            document = pymupdf.open(stream=data, filetype="pdf")
        else:
            document = pymupdf.open(source, filetype="pdf")
    except Exception as exc:
        raise InputError(f"cannot read this PDF: the file is damaged or not a PDF ({exc})",
                         path=source) from None
    if document.needs_pass and not document.authenticate(""):
        document.close()
        raise InputError("this PDF is encrypted with a password, so its text cannot be read; "
                         "decrypt it first (for example `qpdf --decrypt`) or use the paper's "
                         "LaTeX source", path=source)
    if document.page_count == 0:
        document.close()
        raise InputError(f"this PDF has no pages ({name}); nothing to read", path=source)
    return document
