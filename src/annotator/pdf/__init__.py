"""PDF input: a notation glossary from a paper's PDF text layer.

reader (PyMuPDF: glyphs with font, size, baseline) -> layout (columns, lines with their
scripts) -> mathruns (which glyphs are math) -> texify (formulas back to LaTeX) -> lines
-> structure (headings, title, page furniture) -> document (one text, spans, paragraphs,
page-line positions) -> symbols (the normal lexer/mathparse/tokenize/normalize) ->
analysis.finish (knowledge base, definitions), exactly as for source input.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..knowledge import KnowledgeBase
from ..model import Analysis, Diagnostic, Paper, SourceFile
from .document import PdfText, assemble
from .lines import TextLine, read_page
from .reader import PdfReader, open_pdf
from .structure import classify
from .symbols import formula_symbols
from .texify import AtomBox

LOWER_FIDELITY = (
    "PDF input is lower fidelity than the LaTeX source: symbols, scripts and fonts are "
    "recovered from the PDF's fonts and layout, and author macros are lost; when the arXiv "
    "source (the tarball, a folder or the .tex files) is available, read that instead")


@dataclass(frozen=True)
class PdfGeometry:
    """Where the Analysis's formulas are drawn, for consumers that write on the PDF."""

    math_boxes: tuple[tuple[AtomBox, ...], ...]
    """For each math span of the Analysis (same index), its atoms: the LaTeX range of each
    in the span's `latex` and its box on the span's page (`location.line`), in PyMuPDF's
    page coordinates (points, origin top left of the page's rectangle)."""
    page_count: int


def analyze_pdf(source: str, data: bytes | None, kb: KnowledgeBase | None,
                quiet: bool = False) -> Analysis:
    """The Analysis of a PDF (`data` for standard input, else read from `source`).
    Raises InputError (exit 2) only when nothing usable is in the file."""
    return analyze_pdf_geometry(source, data, kb, quiet)[0]


def analyze_pdf_geometry(source: str, data: bytes | None, kb: KnowledgeBase | None,
                         quiet: bool = False) -> tuple[Analysis, PdfGeometry]:
    """The Analysis of a PDF and where its formulas' atoms are drawn."""
    from ..analysis import finish  # the orchestrator imports the matching stages
    from ..sources.text import decode_name  # names shown must be encodable

    name = "stdin.pdf" if data is not None and source == "-" else decode_name(Path(source).name)
    if data is None and decode_name(source) != source:
        # PyMuPDF cannot open a name that is not UTF-8 (`caf\xe9.pdf`): hand it the bytes
        from ..sources.files import read_named_input
        data = read_named_input(Path(source), decode_name(source))
    reader, lines = _read_lines(source, data, name, quiet)
    title = classify(lines)
    text = assemble(name, lines)
    found = formula_symbols(text.math, name, text.text, text.locate)
    diagnostics = [Diagnostic(LOWER_FIDELITY), *found.diagnostics,
                   *(Diagnostic(message, text.locate(name, _page_offset(text, page)))
                     for page, message in reader.warnings)]
    if not text.math:
        diagnostics.append(Diagnostic("no math was found in the PDF's text layer"))
    paper = Paper(source=decode_name(source), main=name, files={name: SourceFile(name, text.text)},
                  main_reason=f"the text layer of a {reader.page_count}-page PDF",
                  kind="pdf")
    analysis = Analysis(
        paper=paper, file_order=(name,), macros=(), macro_uses={}, math=tuple(text.math),
        paragraphs=tuple(text.paragraphs), sections=tuple(text.sections),
        symbols=tuple(found.symbols),
        span_symbols=tuple(tuple(keys) for keys in found.span_keys), title=title,
        locate=text.locate, diagnostics=tuple(diagnostics), trees=tuple(found.trees))
    return finish(analysis, kb), PdfGeometry(tuple(text.math_boxes), reader.page_count)


def _read_lines(source: str, data: bytes | None, name: str, quiet: bool
                ) -> tuple[PdfReader, list[TextLine]]:
    """Every page's lines, page by page (no page is kept), or InputError when the file
    holds nothing usable."""
    document = open_pdf(source, data, name)
    reader = PdfReader(name, document, quiet=quiet)
    lines: list[TextLine] = []
    pages = 0
    try:
        for page in reader.pages():
            pages += 1
            lines.extend(read_page(page))
    finally:
        document.close()
    _check_usable(source, name, reader, pages, lines)
    return reader, lines


def _check_usable(source: str, name: str, reader: PdfReader, pages: int,
                  lines: list[TextLine]) -> None:
    """InputError when no page could be read or no page has text."""
    if pages == 0:
        detail = reader.warnings[0][1] if reader.warnings else "no page could be read"
        raise InputError(f"no page of this PDF could be read ({detail})", path=source)
    if not any(line.pieces for line in lines):
        raise InputError(
            f"no text layer found in {name} ({reader.page_count} pages): it looks like a "
            "scanned PDF or a PDF of images; OCR is not supported, so nothing was found. "
            "Use the paper's LaTeX source or a PDF with text", path=source)


def _page_offset(text: PdfText, page: int) -> int:
    """The offset of the first line at or after `page`, for a page's warning."""
    for start, (line_page, _line) in zip(text.line_starts, text.line_places, strict=True):
        if line_page >= page:
            return start
    return len(text.text)

