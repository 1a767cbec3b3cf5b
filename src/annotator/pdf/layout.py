"""A page's glyphs as visual lines in reading order: columns, then lines with their scripts.

PyMuPDF's own lines are not enough: it often splits a sub- or superscript, a fraction's
numerator or a display formula's limits into lines (even blocks) of their own, and it
reads a big delimiter of TeX's extension font as a line above the formula, because those
glyphs hang far below their origin. So lines are rebuilt here from baselines: glyphs on
one baseline form a row; rows are merged into the visual line of the most prominent row
near them (a smaller row within a script's reach, a stacked row of a display formula);
extension-font glyphs join the line they hang into. Two-column pages are found from the
gutter that no line crosses; reading order is band by band (a full-width line, like a
title or a wide figure, starts a new band), left column before right.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from .fonts import MATH
from .reader import Glyph, Page

ROW_TOLERANCE = 0.1
"""Glyphs whose baselines differ by less than this many font sizes share a row."""


@dataclass
class Line:
    """A visual line: glyphs left to right, with the baseline and size of its main row."""

    glyphs: list[Glyph]
    baseline: float
    size: float
    column: int
    """0 (left or only column), 1 (right column) or -1 (spans both columns)."""
    x0: float
    x1: float
    math_share: float = 0.0
    """Share of the main row's glyphs that are set in math-only fonts."""
    order: tuple[int, int, float] = (0, 0, 0.0)

    @property
    def top(self) -> float:
        return min(g.y0 for g in self.glyphs)

    @property
    def bottom(self) -> float:
        return max(g.y1 for g in self.glyphs)


@dataclass
class _Row:
    glyphs: list[Glyph] = field(default_factory=list)
    base: float = 0.0
    size: float = 0.0
    x0: float = 0.0
    x1: float = 0.0
    math_share: float = 0.0


def page_lines(page: Page) -> list[Line]:
    """The page's visual lines in reading order."""
    gutter = find_gutter(page.line_boxes, page.width)
    groups: dict[int, list[Glyph]] = {}
    for glyph in page.glyphs:
        groups.setdefault(_column(page.line_boxes[glyph.line], gutter), []).append(glyph)
    lines: list[Line] = []
    for column, glyphs in groups.items():
        lines.extend(_column_lines(glyphs, column))
    _order(lines)
    lines.sort(key=lambda line: line.order)
    return lines


def find_gutter(boxes: list[tuple[float, float, float, float]], width: float) -> float | None:
    """The x of the gap between two columns, or None for a one-column page: the place
    in the middle of the page that the fewest lines cross, when columns stand on both
    sides of it and almost nothing crosses it."""
    size = int(width) + 2
    if size < 10 or len(boxes) < 8:
        return None
    cover = [0] * (size + 1)
    for x0, _y0, x1, _y1 in boxes:
        start, end = max(0, int(x0) + 1), min(size, int(x1))
        if end > start:
            cover[start] += 1
            cover[end] -= 1
    running, coverage = 0, []
    for delta in cover[:size]:
        running += delta
        coverage.append(running)
    low, high = int(width * 0.3), int(width * 0.7)
    best = min(coverage[low:high])
    run = [x for x in range(low, high) if coverage[x] == best]
    middle = _longest_run_middle(run)
    left = sum(1 for b in boxes if b[2] <= middle)
    right = sum(1 for b in boxes if b[0] >= middle)
    if left < 4 or right < 4 or best > 0.15 * (left + right):
        return None
    return float(middle)


def _longest_run_middle(xs: list[int]) -> int:
    """The middle of the longest run of consecutive integers in sorted `xs`."""
    best_start, best_length, start = xs[0], 1, xs[0]
    for previous, current in pairwise(xs):
        if current != previous + 1:
            start = current
        if current - start + 1 > best_length:
            best_start, best_length = start, current - start + 1
    return best_start + best_length // 2


def _column(box: tuple[float, float, float, float], gutter: float | None) -> int:
    if gutter is None:
        return 0
    if box[2] <= gutter + 2:
        return 0
    if box[0] >= gutter - 2:
        return 1
    return -1


def _column_lines(glyphs: list[Glyph], column: int) -> list[Line]:
    """Lines of one column: rows by baseline, merged around the most prominent rows."""
    hanging = [g for g in glyphs if g.extension]
    rows = _rows([g for g in glyphs if not g.extension])
    rows.sort(key=lambda r: (-round(r.size), -len(r.glyphs)))
    lines: list[Line] = []
    for row in rows:
        target = _host(lines, row)
        if target is None:
            lines.append(Line(list(row.glyphs), row.base, row.size, column, row.x0, row.x1,
                              row.math_share))
        else:
            target.glyphs.extend(row.glyphs)
            target.x0, target.x1 = min(target.x0, row.x0), max(target.x1, row.x1)
    for glyph in hanging:
        _hang(lines, glyph, column)
    for line in lines:
        line.glyphs.sort(key=lambda g: (g.x0, g.base))
    return lines


def _rows(glyphs: list[Glyph]) -> list[_Row]:
    """Glyphs grouped by baseline."""
    rows: list[_Row] = []
    for glyph in sorted(glyphs, key=lambda g: g.base):
        row = rows[-1] if rows else None
        if row is None or glyph.base - row.base > ROW_TOLERANCE * max(row.size, glyph.size):
            row = _Row(base=glyph.base, size=glyph.size, x0=glyph.x0, x1=glyph.x1)
            rows.append(row)
        row.glyphs.append(glyph)
        row.size = max(row.size, glyph.size)
        row.x0, row.x1 = min(row.x0, glyph.x0), max(row.x1, glyph.x1)
    for row in rows:
        row.math_share = sum(g.cls == MATH for g in row.glyphs) / len(row.glyphs)
    return rows


def _host(lines: list[Line], row: _Row) -> Line | None:
    """The line a row belongs to, if any: the nearest one within reach."""
    best, best_score = None, 0.0
    for line in lines:
        size = line.size
        offset = row.base - line.baseline  # positive: the row is lower
        near = row.x0 <= line.x1 + size and row.x1 >= line.x0 - size
        if not near:
            continue
        mathy = line.math_share >= 0.3 or row.math_share >= 0.5
        inside = line.x0 <= (row.x0 + row.x1) / 2 <= line.x1
        if row.size < 0.85 * size:  # a script, a limit, a small fraction
            reach = (-0.75 * size <= offset <= 0.6 * size) or \
                (mathy and inside and abs(offset) <= 1.6 * size)
        else:
            reach = abs(offset) <= 0.25 * size or (mathy and abs(offset) <= 0.8 * size)
        if reach and (best is None or abs(offset) / size < best_score):
            best, best_score = line, abs(offset) / size
    return best


def _hang(lines: list[Line], glyph: Glyph, column: int) -> None:
    """An extension-font glyph (big delimiter or operator) joins the line it hangs into:
    its origin is near its top, so the line's baseline is below the origin."""
    size = glyph.size
    best, best_score = None, 0.0
    for line in lines:
        offset = line.baseline - glyph.base
        if not -0.3 * size <= offset <= 3 * size:
            continue
        if glyph.x0 > line.x1 + 2 * size or glyph.x1 < line.x0 - 2 * size:
            continue
        score = abs(offset - 0.7 * size)
        if best is None or score < best_score:
            best, best_score = line, score
    if best is None:
        lines.append(Line([glyph], glyph.base + 0.7 * size, size, column, glyph.x0, glyph.x1,
                          1.0))
        return
    best.glyphs.append(glyph)
    best.x0, best.x1 = min(best.x0, glyph.x0), max(best.x1, glyph.x1)


def _order(lines: list[Line]) -> None:
    """Reading order: a full-width line closes a band; in a band, the left column's
    lines come before the right column's."""
    spanning = sorted(line.baseline for line in lines if line.column < 0)
    for line in lines:
        if line.column < 0:
            band = spanning.index(line.baseline) + 1
        else:
            band = sum(1 for y in spanning if y < line.baseline)
        line.order = (band, line.column, line.baseline)
