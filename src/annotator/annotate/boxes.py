"""Where a symbol's occurrence is drawn: the glyph boxes of the formula atoms its LaTeX
covers.

The PDF reader writes each formula back as LaTeX and keeps, for every atom, its range in
that LaTeX and its glyphs' box (`pdf.PdfGeometry`). An occurrence's range in the
extracted text, moved into its span's LaTeX, overlaps the atoms that drew it: in
`p_{\\theta}(\\boldsymbol{x})` the occurrence `p_{\\theta}` covers the atoms `p` and `\\theta`,
so its box is theirs together; `\\hat{\\theta}` covers the atom `\\theta` (the accent is
drawn on top of it).
"""

from __future__ import annotations

from ..model import MathSpan, Occurrence
from ..pdf import PdfGeometry
from .model import Box


def occurrence_box(occurrence: Occurrence, span: MathSpan, geometry: PdfGeometry
                   ) -> Box | None:
    """The box around the atoms the occurrence covers, or None when no atom is known
    there (a formula whose atoms were not kept)."""
    if occurrence.span >= len(geometry.math_boxes):
        return None
    start = occurrence.location.offset - span.location.offset
    end = max(occurrence.end - span.location.offset, start + 1)
    boxes = [b for b in geometry.math_boxes[occurrence.span] if b.start < end and b.end > start]
    if not boxes:
        return None
    return (min(b.x0 for b in boxes), min(b.y0 for b in boxes),
            max(b.x1 for b in boxes), max(b.y1 for b in boxes))


def overlaps(first: Box, second: Box) -> bool:
    """True when two boxes share some area."""
    return first[0] < second[2] and second[0] < first[2] and first[1] < second[3] \
        and second[1] < first[3]
