"""`annotator annotate`: the paper's own PDF with its notation explained on every page.

Reads like every other consumer: the PDF's Analysis (and where its formulas are drawn,
`pdf.PdfGeometry`) and a Glossary, built from the LaTeX source when the user gave it,
else from the PDF. Produces the annotated PDF's bytes; only the CLI writes files.

join (glossary entries -> uses and definition places on the pages) -> pages (what each
page notes) -> margin / appendix (HTML laid out by PyMuPDF's Story) -> document (pages
widened, notes placed, popups and links added). Only `story.py` and `document.py` use
PyMuPDF, and only when they run.

The stages are imported when `plan` or `annotate` runs, not with the package: the CLI
imports `annotate.command` for `annotator annotate --help`, which needs none of them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..glossary import Glossary
    from ..model import Analysis
    from ..pdf import PdfGeometry
    from .model import PlacedEntry
    from .pages import PageNotes


def plan(glossary: Glossary, pdf: Analysis, geometry: PdfGeometry,
         source: Analysis | None) -> tuple[list[PlacedEntry], list[PageNotes]]:
    """Where every entry is used and defined on the pages, and each page's notes."""
    from .join import place_entries
    from .pages import plan_pages

    placed = place_entries(glossary, pdf, geometry, source)
    return placed, plan_pages(placed, geometry.page_count)


def annotate(pdf_data: bytes, pdf: Analysis, geometry: PdfGeometry, glossary: Glossary,
             source: Analysis | None, lang: str,
             report: Callable[[str], None] | None = None) -> bytes:
    """The annotated PDF's bytes. `pdf_data` is the PDF, `pdf` its Analysis;
    `glossary` was built from `source` when given, else from `pdf`."""
    from .document import write_annotated
    from .notes import word

    placed, pages = plan(glossary, pdf, geometry, source)
    if source is not None:
        name = Path(source.paper.source).resolve().name or source.paper.source
        provenance = word("with-source", lang, source=name)
    else:
        provenance = word("pdf-alone", lang)
    return write_annotated(pdf_data, glossary, placed, pages, lang, provenance, report)
