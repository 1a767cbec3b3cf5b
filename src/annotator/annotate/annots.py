"""The annotations themselves, written as PDF objects: highlight notes (with their popup
windows) and links.

PyMuPDF's `add_highlight_annot` and `insert_link` cost one to five milliseconds each
(each call rescans the page's annotations and regenerates appearances), which is seconds
for a paper with a few hundred notes. The objects are simple, so they are written here
directly, and each page's /Annots array is set once. Every object is a plain PDF
annotation (ISO 32000 12.5): a Highlight with /Contents, /T (author "annotator") and a
Popup, or a Link with a /Dest; viewers show, hide and delete them like any other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .model import Box

NO_PRINT = 0
"""Annotation flags: shown on screen, not printed (the margin notes are for paper)."""
POPUP_FLAGS = 24
"""NoZoom and NoRotate, as viewers create popups."""


@dataclass
class AnnotationWriter:
    """Collects a document's new annotations page by page; `finish` attaches them."""

    document: Any
    title: str
    color: tuple[float, float, float]
    opacity: float
    added: dict[int, list[int]] = field(default_factory=dict)
    """Page index -> xrefs of the annotations to append to its /Annots."""
    _state: int = 0
    _count: int = 0

    def highlight(self, page: Any, box: Box, subject: str, contents: str, popup: Box) -> None:
        """A highlight on `box` (page coordinates) carrying `contents`, whose popup window
        opens at `popup`."""
        import pymupdf

        document = self.document
        x0, y0, x1, y1 = _pdf_rect(page, box)
        appearance = document.get_new_xref()
        document.update_object(appearance, (
            f"<< /Type /XObject /Subtype /Form /BBox [{x0:.2f} {y0:.2f} {x1:.2f} {y1:.2f}] "
            f"/Resources << /ExtGState << /H {self._graphics_state()} 0 R >> >> >>"))
        red, green, blue = self.color
        document.update_stream(appearance, (
            f"/H gs {red:.3f} {green:.3f} {blue:.3f} rg "
            f"{x0:.2f} {y0:.2f} {x1 - x0:.2f} {y1 - y0:.2f} re f").encode())
        annot, window = document.get_new_xref(), document.get_new_xref()
        self._count += 1
        px0, py0, px1, py1 = _pdf_rect(page, popup)
        document.update_object(annot, (
            f"<< /Type /Annot /Subtype /Highlight /P {page.xref} 0 R "
            f"/Rect [{x0:.2f} {y0:.2f} {x1:.2f} {y1:.2f}] "
            f"/QuadPoints [{x0:.2f} {y1:.2f} {x1:.2f} {y1:.2f} "
            f"{x0:.2f} {y0:.2f} {x1:.2f} {y0:.2f}] "
            f"/C [{red:.3f} {green:.3f} {blue:.3f}] /CA {self.opacity} /F {NO_PRINT} "
            f"/T {pymupdf.get_pdf_str(self.title)} /Subj {pymupdf.get_pdf_str(subject)} "
            f"/Contents {pymupdf.get_pdf_str(contents)} "
            f"/NM {pymupdf.get_pdf_str(f'{self.title}-{self._count}')} "
            f"/Popup {window} 0 R /AP << /N {appearance} 0 R >> >>"))
        document.update_object(window, (
            f"<< /Type /Annot /Subtype /Popup /P {page.xref} 0 R /Parent {annot} 0 R "
            f"/Rect [{px0:.2f} {py0:.2f} {px1:.2f} {py1:.2f}] /Open false /F {POPUP_FLAGS} >>"))
        self.added.setdefault(page.number, []).extend((annot, window))

    def link(self, page: Any, box: Box, target: Any, y: float) -> None:
        """A link on `box` (page coordinates) to `target` (a page), showing it from `y`
        (its page coordinates) down."""
        import pymupdf

        x0, y0, x1, y1 = _pdf_rect(page, box)
        top = (pymupdf.Point(0, y) * ~target.transformation_matrix).y
        link = self.document.get_new_xref()
        self.document.update_object(link, (
            f"<< /Type /Annot /Subtype /Link /Rect [{x0:.2f} {y0:.2f} {x1:.2f} {y1:.2f}] "
            f"/Border [0 0 0] /Dest [{target.xref} 0 R /XYZ null {top:.2f} null] >>"))
        self.added.setdefault(page.number, []).append(link)

    def finish(self) -> None:
        """Append the new annotations to each page's /Annots."""
        document = self.document
        for number, xrefs in self.added.items():
            page_xref = document[number].xref
            kind, value = document.xref_get_key(page_xref, "Annots")
            refs = " ".join(f"{xref} 0 R" for xref in xrefs)
            if kind == "array":
                document.xref_set_key(page_xref, "Annots", value[:-1].rstrip() + f" {refs}]")
            elif kind == "xref":
                array_xref = int(value.split()[0])
                old = document.xref_object(array_xref, compressed=True).strip()
                document.update_object(array_xref, old[:-1].rstrip() + f" {refs}]")
            else:
                document.xref_set_key(page_xref, "Annots", f"[{refs}]")

    def _graphics_state(self) -> int:
        """One shared graphics state: the highlight's opacity, multiplied like a marker."""
        if not self._state:
            self._state = self.document.get_new_xref()
            self.document.update_object(self._state, (
                f"<< /Type /ExtGState /ca {self.opacity} /CA {self.opacity} /BM /Multiply >>"))
        return self._state


def _pdf_rect(page: Any, box: Box) -> tuple[float, float, float, float]:
    """A box in the unrotated page's coordinates (y down; what PyMuPDF's text extraction
    gives, whatever the page's /Rotate) as a PDF rectangle (y up, in the MediaBox's
    space), normalised."""
    import pymupdf

    rect = pymupdf.Rect(box) * ~page.transformation_matrix
    rect.normalize()
    return rect.x0, rect.y0, rect.x1, rect.y1
