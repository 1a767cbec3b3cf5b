"""HTML laid out by PyMuPDF's Story into a scratch PDF: the margin notes and the
appendix are drawn there, then placed on the paper's pages.

The Story engine wraps lines, shapes text (θ̂: the hat sits on the theta) and takes every
character it cannot find in the chosen font from MuPDF's built-in fonts (Noto Sans Math
for 𝐱 and ℝ, Droid Sans Fallback, PyMuPDF's "cjk" font, for Chinese). All pages go into one
scratch document whose fonts are subset once at the end, so a font is embedded once and
only with the glyphs used. Elements with an `id` report where they landed; the links are
added there.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from .model import Box

TALL = 100_000.0
"""Height of the rectangle a story is measured in: taller than anything it holds."""
OVERRUN = 12.0
"""Points a placed column may reach below its rectangle (a last line's descent, a margin)
before it counts as overrun."""


@dataclass
class StoryPages:
    """The scratch document being written, one page at a time."""

    buffer: io.BytesIO = field(default_factory=io.BytesIO)
    writer: Any = None
    count: int = 0

    def __post_init__(self) -> None:
        import pymupdf

        self.writer = pymupdf.DocumentWriter(self.buffer)

    def draw(self, html: str, css: str, width: float, height: float) -> tuple[int, dict[str, Box]]:
        """One page of `width` × `height` with the story on it; its number in the scratch
        document and where each `id` landed. What does not fit is cut (callers measure
        first)."""
        import pymupdf

        story = pymupdf.Story(html=html, user_css=css)
        rect = pymupdf.Rect(0, 0, width, height)
        story.place(rect)
        positions = _positions(story)
        device = self.writer.begin_page(rect)
        story.draw(device)
        self.writer.end_page()
        self.count += 1
        return self.count - 1, positions

    def flow(self, html: str, css: str, size: tuple[float, float], margin: float,
             columns: int = 2, gutter: float = 18.0) -> list[tuple[int, dict[str, Box]]]:
        """As many pages of `size` as the story needs, set in `columns` columns inside
        `margin` (one column if MuPDF would overrun a column: a check run first); for
        each page its number in the scratch document and where each `id` on it landed."""
        import pymupdf

        if columns > 1:
            trial = pymupdf.DocumentWriter(io.BytesIO())
            _pages, overran = _flow(trial, html, css, size, margin, columns, gutter, 0)
            trial.close()
            if overran:
                columns = 1
        pages, _overran = _flow(self.writer, html, css, size, margin, columns, gutter,
                                self.count)
        self.count += len(pages)
        return pages

    def finish(self) -> Any:
        """The scratch document, open, its fonts subset to the glyphs drawn."""
        import pymupdf

        self.writer.close()
        document = pymupdf.open("pdf", self.buffer.getvalue())
        document.subset_fonts()
        repair_to_unicode(document)
        return document


def _flow(writer: Any, html: str, css: str, size: tuple[float, float], margin: float,
          columns: int, gutter: float, first: int
          ) -> tuple[list[tuple[int, dict[str, Box]]], bool]:
    """Write the story's pages; they are numbered from `first`. Also says whether a
    column was overrun: MuPDF sometimes places a column and a half in one column (at a
    break inside an indented block), which would hide text below the page."""
    import pymupdf

    story = pymupdf.Story(html=html, user_css=css)
    width, height = size
    column = (width - 2 * margin - (columns - 1) * gutter) / columns
    rects = [pymupdf.Rect(margin + index * (column + gutter), margin,
                          margin + index * (column + gutter) + column, height - margin)
             for index in range(columns)]
    pages: list[tuple[int, dict[str, Box]]] = []
    overran = False
    more = True
    while more:
        device = writer.begin_page(pymupdf.Rect(0, 0, width, height))
        positions: dict[str, Box] = {}
        for rect in rects:
            more, filled = story.place(rect)
            overran = overran or filled[3] > rect.y1 + OVERRUN
            positions.update(_positions(story))
            story.draw(device)
            if not more:
                break
        writer.end_page()
        pages.append((first + len(pages), positions))
    return pages, overran


def measure(html: str, css: str, width: float) -> tuple[float, dict[str, Box]]:
    """The height the story takes in a column of `width`, and where each `id` lands."""
    import pymupdf

    story = pymupdf.Story(html=html, user_css=css)
    _more, filled = story.place(pymupdf.Rect(0, 0, width, TALL))
    return float(filled[3]), _positions(story)


def fits(html: str, css: str, width: float, height: float) -> bool:
    """True when the whole story fits in `width` × `height`."""
    import pymupdf

    story = pymupdf.Story(html=html, user_css=css)
    more, _filled = story.place(pymupdf.Rect(0, 0, width, height))
    return not more


def _positions(story: Any) -> dict[str, Box]:
    """Where each element with an id landed in the last placed rectangle: the union of
    its pieces (an inline element reports one piece per word, and an empty one for the
    space before it)."""
    found: dict[str, Box] = {}

    def record(position: Any) -> None:
        if not position.id:
            return
        x0, y0, x1, y1 = position.rect
        if x1 <= x0 and position.id in found:
            return
        old = found.get(position.id)
        if old is None or old[2] <= old[0]:
            found[position.id] = (x0, y0, x1, y1)
        else:
            found[position.id] = (min(old[0], x0), min(old[1], y0), max(old[2], x1),
                                  max(old[3], y1))

    story.element_positions(record)
    return found


_CHAR = re.compile(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")
_RANGE = re.compile(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")
_SECTION = re.compile(r"begin(bfchar|bfrange)(.*?)end\1", re.DOTALL)
PER_SECTION = 100
"""A CMap section holds at most 100 mappings (Adobe technical note 5014)."""


def repair_to_unicode(document: Any) -> None:
    """Rewrite the ToUnicode CMaps MuPDF writes for characters beyond the BMP.

    MuPDF writes such a character's code point as bare hex (`<1d431>` for 𝐱) where a
    CMap needs UTF-16 (`<d835dc31>`), so copying or searching the notes' 𝐱 gave ᵃ. Each
    CMap with such an entry is rewritten as plain one-to-one mappings in UTF-16."""
    seen: set[int] = set()
    for page in document:
        for font in page.get_fonts():
            kind, value = document.xref_get_key(font[0], "ToUnicode")
            if kind != "xref":
                continue
            xref = int(value.split()[0])
            if xref in seen:
                continue
            seen.add(xref)
            cmap = document.xref_stream(xref).decode("latin-1")
            mappings = _mappings(cmap)
            if mappings is not None:
                document.update_stream(xref, _cmap(mappings).encode("latin-1"))


def _mappings(cmap: str) -> dict[int, str] | None:
    """Code -> text of a ToUnicode CMap, or None when it has no bare code point."""
    broken = False
    found: dict[int, str] = {}
    for section in _SECTION.finditer(cmap):
        if section.group(1) == "bfchar":
            for code, target in _CHAR.findall(section.group(2)):
                text, bad = _text(target)
                found[int(code, 16)] = text
                broken = broken or bad
            continue
        for low, high, target in _RANGE.findall(section.group(2)):
            text, bad = _text(target)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                found[code] = text[:-1] + chr(ord(text[-1]) + offset) if text else text
            broken = broken or bad
    return found if broken else None


def _text(hex_digits: str) -> tuple[str, bool]:
    """A CMap destination as text, and whether it was a bare code point."""
    if len(hex_digits) % 4:
        return chr(int(hex_digits, 16)), True
    units = bytes.fromhex(hex_digits)
    return units.decode("utf-16-be", errors="replace"), False


def _cmap(mappings: dict[int, str]) -> str:
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo <</Registry(Adobe)/Ordering(UCS)/Supplement 0>> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
    items = sorted(mappings.items())
    for start in range(0, len(items), PER_SECTION):
        chunk = items[start:start + PER_SECTION]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{code:04x}> <{text.encode('utf-16-be').hex()}>" for code, text in chunk]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines) + "\n"
