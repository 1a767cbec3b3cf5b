"""Writing the annotated PDF with PyMuPDF: pages widened, margin notes placed, popups and
links on the symbols, the appendix appended. Returns bytes; the CLI writes the file.

The paper's page content is never rewritten. Widening changes only the page's MediaBox
(the content stream is untouched, so text extraction still finds the original text);
the margin notes are a form XObject drawn on top, in an optional content group
("annotator notes") that viewers with a layers panel can hide; popups and links are
ordinary annotations with the title "annotator", so they can be hidden or deleted like
any reviewer's comment. Popups are highlight annotations (shown on hover or click by
Acrobat, Preview, Okular and pdf.js; not printed) whose popup window opens in the margin;
the link on the same glyphs lies under them, for viewers that follow links on a click
(Chromium's), and the margin's page numbers are links too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .annots import AnnotationWriter
from .appendix import appendix_css, appendix_html
from .layout import Column, plan_column, type_size, widening
from .margin import MarginNotes, margin_notes
from .model import Box, Place, PlacedEntry
from .notes import popup_text
from .pages import PageNotes
from .story import StoryPages

TITLE = "annotator"
"""The author of every annotation this module adds (what a viewer shows as its author)."""
LAYER = "annotator notes"
HIGHLIGHT = (1.0, 0.83, 0.25)
HIGHLIGHT_OPACITY = 0.32
APPENDIX_MARGIN = 56.0
APPENDIX_TYPE = 9.0
POPUP_HEIGHT = 150.0
VIEW_ABOVE = 40.0
"""A link shows its target this many points below the top of the view."""
PROGRESS_EVERY = 25


@dataclass
class _Target:
    """Where links go once the pages are known."""

    body_pages: int
    appendix_entries: dict[int, tuple[int, float]]
    """Glossary entry number -> (page index, y) of its appendix entry."""

    def place(self, place: Place) -> tuple[int, float]:
        """(page index, y) showing a place, a little above it."""
        y = place.box[1] if place.box is not None else 0.0
        return place.page - 1, max(0.0, y - VIEW_ABOVE)

    def entry(self, number: int) -> tuple[int, float] | None:
        return self.appendix_entries.get(number)


class _Writer:
    """The document, where its links go, and the annotations being written."""

    def __init__(self, document: Any, target: _Target):
        self.document = document
        self.target = target
        self.annotations = AnnotationWriter(document, TITLE, HIGHLIGHT, HIGHLIGHT_OPACITY)

    def link(self, page: Any, box: Box, destination: tuple[int, float] | None) -> None:
        if destination is None:
            return
        index, y = destination
        self.annotations.link(page, box, self.document[index], y)

    def about(self, entry: PlacedEntry, number: int) -> tuple[int, float] | None:
        """Where a link about an entry goes: its definition in the paper, else its entry
        in the appendix."""
        if entry.definition is not None:
            return self.target.place(entry.definition)
        return self.target.entry(number)


def write_annotated(pdf: bytes, glossary: Any, placed: list[PlacedEntry],
                    pages: list[PageNotes], lang: str, provenance: str,
                    report: Callable[[str], None] | None = None) -> bytes:
    """The annotated PDF as bytes, from the PDF's bytes; `report` gets progress and
    warnings for stderr."""
    import pymupdf

    document = pymupdf.open(stream=pdf, filetype="pdf")
    try:
        return _annotate(document, glossary, placed, pages, lang, provenance, report)
    finally:
        document.close()


def _annotate(document: Any, glossary: Any, placed: list[PlacedEntry], pages: list[PageNotes],
              lang: str, provenance: str, report: Callable[[str], None] | None) -> bytes:
    count = document.page_count
    columns = _columns(document)
    scratch = StoryPages()
    appendix = _lay_out_appendix(scratch, glossary, placed, lang, provenance, document,
                                 columns[0])
    entries = {int(name[1:]): (count + number, box[1])
               for number, (_page, positions) in enumerate(appendix)
               for name, box in positions.items() if name.startswith("g")}
    margins = _lay_out_margins(scratch, document, pages, columns, lang, provenance, report)
    notes_pdf = scratch.finish()
    try:
        document.insert_pdf(notes_pdf, from_page=appendix[0][0], to_page=appendix[-1][0])
        _place_margins(document, columns, margins, notes_pdf)
    finally:
        notes_pdf.close()
    writer = _Writer(document, _Target(count, entries))
    for index in range(count):
        if report is not None and count > PROGRESS_EVERY and index \
                and index % PROGRESS_EVERY == 0:
            report(f"annotating page {index} of {count}")
        page = document[index]
        margin = margins[index]
        if margin is not None:
            _margin_links(writer, page, margin[0], margin[2], columns[index], placed)
        _marks(writer, page, pages[index], columns[index], placed, lang)
    _appendix_links(writer, appendix, placed)
    writer.annotations.finish()
    return pdf_bytes(document)


GARBAGE = 4
"""Unused objects dropped and duplicates merged (the notes' fonts reach the pages through
both the margin XObjects and the appendix pages)."""


def pdf_bytes(document: Any) -> bytes:
    """The document saved, compressed, as bytes. Written into a MuPDF buffer: PyMuPDF's
    `tobytes` hands MuPDF a Python stream that is called for every 64 bytes (seven times
    slower for a paper of a few megabytes)."""
    try:
        from pymupdf import mupdf

        pdf = mupdf.pdf_document_from_fz_document(document.this)
        buffer = mupdf.FzBuffer(1 << 20)
        output = mupdf.FzOutput(buffer)
        options = mupdf.PdfWriteOptions()
        options.do_garbage = GARBAGE
        options.do_compress = 1
        options.do_compress_fonts = 1
        options.do_use_objstms = 1  # the annotations' dictionaries, compressed together
        mupdf.pdf_write_document(pdf, output, options)
        output.fz_close_output()
        return bytes(buffer.fz_buffer_extract())
    except (AttributeError, TypeError):  # a PyMuPDF whose bindings differ
        return document.tobytes(garbage=GARBAGE, deflate=True, use_objstms=1)


def _columns(document: Any) -> list[Column]:
    """Every page's note column, from the pages' sizes and what they draw."""
    sizes = [(float(page.rect.width), float(page.rect.height)) for page in document]
    contents = [_content_extent(page) for page in document]
    widen = widening([width for width, _ in sizes], contents)
    return [plan_column(number, width, height, content, widen)
            for number, ((width, height), content)
            in enumerate(zip(sizes, contents, strict=True), start=1)]


def _lay_out_appendix(scratch: StoryPages, glossary: Any, placed: list[PlacedEntry], lang: str,
                      provenance: str, document: Any, first: Column
                      ) -> list[tuple[int, dict[str, Box]]]:
    """The appendix's pages in the scratch document: as wide as the widened first page."""
    size = (float(document[0].rect.width) + first.widen, float(document[0].rect.height))
    return scratch.flow(appendix_html(glossary, placed, lang, provenance),
                        appendix_css(max(APPENDIX_TYPE, type_size(*size))), size,
                        APPENDIX_MARGIN)


def _lay_out_margins(scratch: StoryPages, document: Any, pages: list[PageNotes],
                     columns: list[Column], lang: str, provenance: str,
                     report: Callable[[str], None] | None
                     ) -> list[tuple[MarginNotes, int, dict[str, Box]] | None]:
    """Each page's column in the scratch document (None: nothing to note, or a rotated
    page, which keeps its popups)."""
    appendix_page = document.page_count + 1
    margins: list[tuple[MarginNotes, int, dict[str, Box]] | None] = []
    for notes, column in zip(pages, columns, strict=True):
        if not (notes.new or notes.also):
            margins.append(None)
            continue
        if not _upright(document[notes.page - 1]):
            if report is not None:
                report(f"page {notes.page} is rotated: its symbols get popups and links, "
                       "and their notes are in the appendix, but no margin column")
            margins.append(None)
            continue
        x0, y0, x1, y1 = column.rect
        footer = provenance if notes.page == 1 else ""
        shown = margin_notes(notes, lang, x1 - x0, y1 - y0, column.font_size, appendix_page,
                             footer)
        number, positions = scratch.draw(shown.html, shown.css, x1 - x0, y1 - y0)
        margins.append((shown, number, positions))
    return margins


def _place_margins(document: Any, columns: list[Column],
                   margins: list[tuple[MarginNotes, int, dict[str, Box]] | None],
                   notes_pdf: Any) -> None:
    """Widen the pages and draw their columns, in the optional content group."""
    import pymupdf

    layer = document.add_ocg(LAYER, on=True)
    for index, (column, margin) in enumerate(zip(columns, margins, strict=False)):
        page = document[index]
        _widen(page, column)
        if margin is not None:
            page.show_pdf_page(pymupdf.Rect(column.rect), notes_pdf, margin[1], oc=layer)


def _upright(page: Any) -> bool:
    """Rotated pages (a landscape table) keep their popups but get no margin column."""
    return int(page.rotation) % 360 == 0


def _content_extent(page: Any) -> tuple[float, float] | None:
    """Left and right edges of what the page draws (text, images, paths); None for an
    empty page. MuPDF's bounding-box device gives the union in one run of the page; when
    that union is the whole page (a page-sized background), the drawing log is read item
    by item instead, leaving page-sized items out (slower: one Python call per path)."""
    width = float(page.rect.width)
    union = _drawn_union(page)
    if union is not None and (union[2] - union[0]) < 0.98 * width:
        return max(union[0], 0.0), min(union[2], width)
    return _logged_extent(page)


def _drawn_union(page: Any) -> tuple[float, float, float, float] | None:
    """The union of everything the page draws, in page coordinates; None when empty or
    when this PyMuPDF cannot say."""
    try:
        from pymupdf import mupdf

        box = mupdf.FzRect(mupdf.FzRect.Fixed_EMPTY)
        device = mupdf.fz_new_bbox_device(box)
        mupdf.fz_run_page(page.this, device, mupdf.FzMatrix(), mupdf.FzCookie())
        mupdf.fz_close_device(device)
    except Exception:  # an older binding or a damaged page: use the drawing log
        return None
    if not box.x1 > box.x0:
        return None
    return box.x0, box.y0, box.x1, box.y1


def _logged_extent(page: Any) -> tuple[float, float] | None:
    rect = page.rect
    area = rect.width * rect.height
    left, right = None, None
    for kind, (x0, y0, x1, y1) in page.get_bboxlog():
        if kind.startswith(("clip", "ignore")) or x1 <= x0:
            continue
        if (x1 - x0) * (y1 - y0) > 0.8 * area:
            continue
        x0, x1 = max(x0, 0.0), min(x1, float(rect.width))
        if x1 <= x0:
            continue
        left = x0 if left is None else min(left, x0)
        right = x1 if right is None else max(right, x1)
    return (left, right) if left is not None and right is not None else None


def _widen(page: Any, column: Column) -> None:
    """Add `column.widen` points on the column's side by moving the MediaBox edge (the
    visible box becomes the old CropBox widened)."""
    import pymupdf

    if column.widen <= 0 or not _upright(page):
        return
    media, crop = page.mediabox, page.cropbox
    # PyMuPDF gives the CropBox with y downwards inside the MediaBox; the PDF's is upwards.
    x0, x1 = crop.x0, crop.x1
    y0, y1 = media.y1 - crop.y1 + media.y0, media.y1 - crop.y0 + media.y0
    if column.side == "right":
        x1 += column.widen
    else:
        x0 -= column.widen
    page.set_mediabox(pymupdf.Rect(x0, y0, x1, y1))


def _moved(box: Box, dx: float, dy: float) -> Box:
    return (box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy)


def _margin_links(writer: _Writer, page: Any, shown: MarginNotes, positions: dict[str, Box],
                  column: Column, placed: list[PlacedEntry]) -> None:
    numbers = {id(entry): number for number, entry in enumerate(placed)}
    dx, dy = column.rect[0], column.rect[1]
    for index, entry in enumerate(shown.shown):
        box = positions.get(f"p{index}")
        if box is not None and entry.definition is not None:
            writer.link(page, _moved(box, dx, dy), writer.target.place(entry.definition))
    for index, entry in enumerate(shown.also):
        box = positions.get(f"a{index}")
        if box is not None:
            writer.link(page, _moved(box, dx, dy), writer.about(entry, numbers[id(entry)]))
    box = positions.get("more")
    if box is not None:
        writer.link(page, _moved(box, dx, dy), (writer.target.body_pages, 0.0))


def _marks(writer: _Writer, page: Any, notes: PageNotes, column: Column,
           placed: list[PlacedEntry], lang: str) -> None:
    """A link and a popup on the first use of each symbol on the page: the links first,
    under the popups (see the module); larger boxes before smaller ones, so a symbol
    inside another's box (θ in p_θ) stays reachable on top."""
    numbers = {id(entry): number for number, entry in enumerate(placed)}
    marks = sorted(notes.marks, key=lambda mark: -_area(mark[1].box))
    dx = column.shift if _upright(page) else 0.0
    boxes = [_moved(use.box, dx, 0.0) for _entry, use in marks if use.box is not None]
    for (entry, _use), box in zip(marks, boxes, strict=True):
        writer.link(page, box, writer.about(entry, numbers[id(entry)]))
    for (entry, _use), box in zip(marks, boxes, strict=True):
        writer.annotations.highlight(page, box, entry.entry.shown, popup_text(entry, lang),
                                     _popup_window(page, box, column))


def _popup_window(page: Any, box: Box, column: Column) -> Box:
    """Where a popup opens: in the margin column beside the symbol; on a rotated page
    (no column), just right of the symbol."""
    if _upright(page):
        x0, top, x1, bottom = column.rect
        y = min(max(box[1], top), bottom - POPUP_HEIGHT)
        return (x0, y, x1, y + POPUP_HEIGHT)
    return (box[2] + 4, box[1], box[2] + 4 + 180, box[1] + POPUP_HEIGHT)


def _area(box: Box | None) -> float:
    return (box[2] - box[0]) * (box[3] - box[1]) if box is not None else 0.0


def _appendix_links(writer: _Writer, appendix: list[tuple[int, dict[str, Box]]],
                    placed: list[PlacedEntry]) -> None:
    """The appendix's page numbers link to the first use and to the definition."""
    for number, (_scratch_page, positions) in enumerate(appendix):
        page = writer.document[writer.target.body_pages + number]
        for name, box in positions.items():
            kind, numbers = name[:1], name[1:].split("-")
            if kind not in ("f", "d") or not all(n.isdigit() for n in numbers):
                continue
            entry = placed[int(numbers[0])]
            if kind == "f" and entry.first is not None:
                first = entry.first
                writer.link(page, box, writer.target.place(Place(first.page, first.box)))
            elif kind == "d" and len(numbers) == 2 and int(numbers[1]) < len(entry.places):
                place = entry.places[int(numbers[1])]
                if place is not None:
                    writer.link(page, box, writer.target.place(place))

