"""The glossary joined to the PDF's pages: where each symbol is used and where the
definition the notes quote stands.

Uses come from the PDF's own analysis: a symbol's key is the same whether it was read
from the source or from the PDF (`\\vx` in the source and a bold italic x in the PDF are
both `bold:x`), so a source glossary entry finds its PDF symbol by key.

The definition's page is found, most certain first:

1. the PDF's analysis found the same definition (the same words, or the same equation)
   for the same symbol: its page, on the glyphs of the symbol it describes;
2. the definition's words (formulas left out) appear in the PDF's text close to a use of
   the symbol ("where $\\theta$ denotes the parameters of the decoder");
3. the symbol has as many uses in the PDF as in the source: the use the definition is
   attached to in the source is the use with the same number in the PDF.

Otherwise the page is left unknown and no note claims one (a wrong page is worse than
none).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence

from ..glossary import Glossary
from ..model import Analysis, Definition, Symbol
from ..pdf import PdfGeometry
from ..render.unicode import latex_to_unicode
from .boxes import occurrence_box
from .model import Place, PlacedEntry, Use

NEAR = 400
"""A definition's words this many characters or fewer from a use of the symbol (in the
PDF's extracted text) belong to that use."""
MIN_WORDS = 8
"""Descriptions shorter than this many letters and digits ('the input') are too common
to be found by their words alone."""

_MATH = re.compile(r"\$[^$]*\$|\\\[.*?\\\]", re.DOTALL)


def place_entries(glossary: Glossary, pdf: Analysis, geometry: PdfGeometry,
                  source: Analysis | None) -> list[PlacedEntry]:
    """Every glossary entry with its uses and definition place in the PDF. `source` is
    the analysis the glossary was built from when it is not the PDF's own."""
    by_key = {symbol.key: symbol for symbol in pdf.symbols}
    text = _PdfText(pdf)
    placed = []
    for entry in glossary.entries:
        symbol = by_key.get(entry.symbol.key)
        uses = tuple(_uses(symbol, pdf, geometry)) if symbol is not None else ()
        places = tuple((_own_place(definition, uses) if source is None
                        else _joined_place(entry.symbol, definition, symbol, uses, text))
                       if uses else None
                       for definition in entry.definitions)
        placed.append(PlacedEntry(entry, uses, places))
    return placed


def _uses(symbol: Symbol, pdf: Analysis, geometry: PdfGeometry) -> Iterable[Use]:
    for occurrence in symbol.occurrences:
        span = pdf.math[occurrence.span]
        yield Use(page=span.location.line, offset=occurrence.location.offset,
                  box=occurrence_box(occurrence, span, geometry),
                  in_script=occurrence.in_script)


def _own_place(definition: Definition, uses: Sequence[Use], how: str = "pdf") -> Place:
    """A definition found in the PDF itself: its page (a PDF position's line is its page),
    on the use it describes when that use's glyphs are known."""
    use = _use_at(uses, definition.symbol_start)
    if use is not None and use.page == definition.line:
        return Place(use.page, use.box, use.offset, how)
    return Place(definition.line, None, definition.start, how)


def _use_at(uses: Sequence[Use], offset: int) -> Use | None:
    """The use starting at `offset`, else the last one starting before it."""
    starts = [use.offset for use in uses]
    index = bisect_left(starts, offset)
    if index < len(uses) and starts[index] == offset:
        return uses[index]
    return uses[index - 1] if index > 0 else None


def _joined_place(source_symbol: Symbol, definition: Definition, symbol: Symbol | None,
                  uses: Sequence[Use], text: _PdfText) -> Place | None:
    """Where the PDF shows a source definition (see the module's three ways)."""
    if symbol is not None:
        same = _same_definition(definition, symbol.definitions)
        if same is not None:
            return _own_place(same, uses, "pdf-definition")
    if definition.source == "prose":
        found = text.find_near(definition.text, uses)
        if found is not None:
            offset, use = found
            page = text.page_at(offset)
            box = use.box if use.page == page else None
            return Place(page, box, use.offset if box is not None else offset, "text")
    index = _occurrence_index(source_symbol, definition)
    if index is not None and len(source_symbol.occurrences) == len(uses):
        use = uses[index]
        return Place(use.page, use.box, use.offset, "occurrence")
    return None


def _same_definition(definition: Definition, found: Iterable[Definition]
                     ) -> Definition | None:
    """The PDF's own definition with the same words (or the same equation)."""
    wanted = _comparable(definition)
    if not wanted:
        return None
    for candidate in found:
        if candidate.source == definition.source and _comparable(candidate) == wanted:
            return candidate
    return None


def _comparable(definition: Definition) -> str:
    """Letters and digits of a definition, lowercased; an equation's as Unicode math, so
    the source's macros and the PDF's rebuilt LaTeX compare equal."""
    text = latex_to_unicode(definition.text) if definition.source == "equation" \
        else _MATH.sub(" ", definition.text)
    return "".join(char.lower() for char in text if char.isalnum())


def _occurrence_index(symbol: Symbol, definition: Definition) -> int | None:
    """Which of the symbol's source occurrences the definition is attached to."""
    file = definition.symbol_file or definition.file
    for index, occurrence in enumerate(symbol.occurrences):
        location = occurrence.location
        if location.file == file and location.offset <= definition.symbol_start \
                < max(occurrence.end, location.offset + 1):
            return index
    return None


class _PdfText:
    """The PDF's extracted text with formulas left out and only letters and digits kept
    (lowercased), so a source description can be found in it whatever the spacing, line
    breaks and hyphenation."""

    def __init__(self, pdf: Analysis):
        self.pdf = pdf
        text = pdf.paper.files[pdf.paper.main].text if pdf.paper.main in pdf.paper.files \
            else ""
        self.letters, self.offsets = _letters(text)

    def find_near(self, description: str, uses: Sequence[Use]) -> tuple[int, Use] | None:
        """The offset of the description in the PDF's text nearest to a use of the symbol,
        with that use, when one is within NEAR characters."""
        wanted = _letters(description)[0]
        if len(wanted) < MIN_WORDS:
            return None
        starts = [use.offset for use in uses]
        best: tuple[int, int, Use] | None = None
        position = self.letters.find(wanted)
        while position >= 0:
            offset = self.offsets[position]
            use = _nearest(uses, starts, offset)
            distance = abs(use.offset - offset)
            if distance <= NEAR and (best is None or distance < best[0]):
                best = (distance, offset, use)
            position = self.letters.find(wanted, position + 1)
        return (best[1], best[2]) if best is not None else None

    def page_at(self, offset: int) -> int:
        locate = self.pdf.locate
        return locate(self.pdf.paper.main, offset).line if locate is not None else 1


def _nearest(uses: Sequence[Use], starts: list[int], offset: int) -> Use:
    index = bisect_left(starts, offset)
    candidates = [uses[i] for i in (index - 1, index) if 0 <= i < len(uses)]
    return min(candidates, key=lambda use: abs(use.offset - offset))


def _letters(text: str) -> tuple[str, list[int]]:
    """The text's letters and digits outside formulas, lowercased, with each one's offset
    in the text."""
    kept: list[str] = []
    offsets: list[int] = []
    position = 0
    for formula in [*_MATH.finditer(text), None]:
        end = formula.start() if formula is not None else len(text)
        for offset in range(position, end):
            char = text[offset]
            if char.isalnum():
                kept.append(char.lower())
                offsets.append(offset)
        if formula is not None:
            position = formula.end()
    return "".join(kept), offsets
