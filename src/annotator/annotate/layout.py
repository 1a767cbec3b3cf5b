"""Where the margin notes go on a page, and how big their type is. Numbers in, numbers
out; no PyMuPDF here.

The notes stand in a column on the page's outer side: the right of odd pages, the left of
even ones, as in a printed book. The paper's own margin is used when it is wide enough
for the column; otherwise every page is widened on its outer side by the same amount, so
the document keeps one page width (the original content does not move on a page widened
on the right; on the left it moves right by the added width). The type is chosen so that
the notes print at 6.5 pt or more when the widened page is scaled to fit A4 or Letter.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from .model import Box

COLUMN = 170.0
"""Width of the note column, in points, when the page is widened for it."""
MIN_COLUMN = 130.0
"""The paper's own margin is used when it leaves a column at least this wide."""
NARROWEST = 100.0
"""A page whose content leaves a narrower column than this (a wide figure) is widened
a little more than the others."""
GAP = 12.0
"""Space between the paper's content and the column."""
EDGE = 16.0
"""Space between the column and the page's edge."""
TOP = 36.0
"""Space above and below the column."""
PAPER_SIZES = ((595.28, 841.89), (612.0, 792.0))
"""A4 and Letter, in points: the notes must stay readable printed on either."""
MIN_PRINTED = 6.5
"""Smallest type size, in points, once printed scaled to fit the paper."""
MIN_TYPE = 7.0
"""Smallest type size on the page itself."""


@dataclass(frozen=True)
class Column:
    """The note column of one page."""

    side: str
    """'right' or 'left': the page's outer side."""
    widen: float
    """Points added to the page on that side (0: the paper's margin is used)."""
    rect: Box
    """The column in the widened page's coordinates."""
    shift: float
    """What to add to an x of the original page to find it on the widened page."""
    font_size: float
    """Type size of the notes, in points."""


def outer_side(page: int) -> str:
    """Odd pages are right-hand pages: their outer side is the right."""
    return "right" if page % 2 == 1 else "left"


def free_width(side: str, width: float, content: tuple[float, float] | None) -> float:
    """The width of the paper's margin on `side`, from its content's left and right
    edges (None: an empty page, all of it free)."""
    if content is None:
        return width / 2
    left, right = content
    return max(0.0, width - right) if side == "right" else max(0.0, left)


def widening(widths: list[float], contents: list[tuple[float, float] | None]) -> float:
    """How much every page is widened: none when the typical outer margin holds a column
    of MIN_COLUMN, else enough for a column of COLUMN next to the typical content."""
    free = [free_width(outer_side(number), width, content)
            for number, (width, content) in enumerate(zip(widths, contents, strict=True),
                                                      start=1)
            if content is not None]
    if not free:
        return 0.0
    typical = median(free)
    if typical >= GAP + MIN_COLUMN + EDGE:
        return 0.0
    return round(GAP + COLUMN + EDGE - typical, 1)


def plan_column(page: int, width: float, height: float, content: tuple[float, float] | None,
                widen: float) -> Column:
    """The column of page `page` (1-based) of the original size `width` × `height`. A page
    whose content reaches further into the margin than the others' (a wide figure) is
    widened a little more, so the notes never cover the paper."""
    side = outer_side(page)
    left, right = content if content is not None else (width / 2, width / 2)
    if side == "right":
        extra = max(0.0, NARROWEST + EDGE + GAP + right - width - widen)
        total = width + widen + extra
        x1 = total - EDGE
        x0 = max(right + GAP, x1 - COLUMN)
        shift = 0.0
    else:
        extra = max(0.0, NARROWEST + EDGE + GAP - left - widen)
        total = width + widen + extra
        shift = widen + extra
        x0 = EDGE
        x1 = min(left + shift - GAP, EDGE + COLUMN)
    return Column(side, widen + extra, (x0, TOP, x1, height - TOP), shift,
                  type_size(total, height))


def type_size(width: float, height: float) -> float:
    """The notes' type size for a page of `width` × `height`: MIN_PRINTED once scaled
    to fit the smaller of A4 and Letter, and never below MIN_TYPE."""
    scale = min(min(paper_w / width, paper_h / height, 1.0) for paper_w, paper_h in PAPER_SIZES)
    size = MIN_PRINTED / scale
    return max(MIN_TYPE, round(size + 0.049, 1))
