"""Which glyphs of a line are math, and how the line splits into prose and formulas.

A glyph in a math-only font (CMMI, CMSY, MSBM, ...) is math. A glyph in a font that
prose may also use (CMR in a paper set in Computer Modern) is decided by its
neighbours, the way a reader would: digits, brackets and `=` touching a formula belong to
it; a raised or lowered smaller word right after a math glyph is its script
(`W_{\\mathrm{enc}}`, `h^{(l)}_{\\text{FT}}`); an upright `log` next to a formula is `\\log`.
TeX sets math commas and periods in the math italic font, so a roman comma or period is
always prose. A line that is nearly all math is a display formula; a parenthesised number
at its right end is the equation number, not math.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..latex_tables import KNOWN_WORDS, NAMED_FUNCTIONS
from .charmap import ACCENT, GREEK_NAMES, LETTER, OP, OPEN
from .fonts import AMBIGUOUS, MATH, TEXT
from .layout import Line
from .reader import Glyph

WORD_GAP = 0.15
"""A gap wider than this many font sizes separates words."""
TOUCH = 0.35
"""A roman digit or bracket this close (in font sizes) to math belongs to it."""
RELATION_TOUCH = 0.6
"""The same for `=` and `+` and whatever stands next to them: TeX puts a thick space
around relations, as wide as a word space."""
SPLIT_GAP = 1.2
"""A gap this wide (in font sizes) ends an inline formula: table columns, \\quad."""
DISPLAY_SHARE = 0.8
"""A line whose glyphs are at least this share math is a display formula."""

_EQUATION_NUMBER = re.compile(r"^\(([A-Z]?\d+(\.\d+)*[a-z]?|[ivx]+|\*+)\)$")
_JOINERS = frozenset("=+()[]!<>/|")
_RELATIONS = frozenset("=+<>")
_BETWEEN_ONLY = frozenset(";:")


@dataclass
class Segment:
    """A run of a line: prose, or a formula."""

    math: bool
    glyphs: list[Glyph]


@dataclass
class LineParts:
    """A line split into prose and math, with what kind of line it is."""

    segments: list[Segment]
    display: bool = False
    """The line is (part of) a display formula."""
    number: str = ""
    """The equation number at its right end ('(3)'), if any."""


def split_line(line: Line, margins: tuple[float, float] | None = None) -> LineParts:
    """Decide every glyph, then cut the line into segments. `margins` are the left and
    right edges of the line's column: a short all-math line flush with the left edge is
    an inline formula that happened to fill a line, not a display."""
    glyphs = line.glyphs
    _decide(glyphs, line)
    number, body = _equation_number(glyphs, line.size)
    math_count = sum(g.cls == MATH for g in body)
    if body and math_count >= DISPLAY_SHARE * len(body) and (math_count >= 2 or number) \
            and (number or not _flush_left_and_short(line, margins)):
        return LineParts([Segment(True, body)], display=True, number=number)
    if not body and number:
        return LineParts([], number=number)
    return LineParts(_segments(glyphs), number="")


def _flush_left_and_short(line: Line, margins: tuple[float, float] | None) -> bool:
    if margins is None:
        return False
    left, right = margins
    return line.x0 - left < 0.5 * line.size and line.x1 - line.x0 < 0.6 * (right - left)


def _decide(glyphs: list[Glyph], line: Line) -> None:
    """Turn every AMBIGUOUS glyph into MATH or TEXT, and pull prose-font scripts of math
    symbols (\\text{FT} under h) into the formula."""
    for glyph in glyphs:
        if glyph.cls == AMBIGUOUS and GREEK_NAMES.get(glyph.char) and not glyph.char.islower():
            glyph.cls = MATH  # an upright Greek capital is never prose in these papers
    words = _words(glyphs, line.size)
    changed = True
    while changed:
        changed = False
        for index, word in enumerate(words):
            if word[0].cls == MATH or not _joins(words, index, line):
                continue
            for glyph in word:
                glyph.cls = MATH
            changed = True
    for glyph in glyphs:
        if glyph.cls == AMBIGUOUS:
            glyph.cls = TEXT


def _words(glyphs: list[Glyph], size: float) -> list[list[Glyph]]:
    """Runs of letters, or of digits, of one class that touch each other on one baseline;
    every other character is a word of its own (`tanh(` is `tanh` and `(`)."""
    words: list[list[Glyph]] = []
    for glyph in glyphs:
        last = words[-1][-1] if words else None
        if last is not None and last.cls == glyph.cls and glyph.x0 - last.x1 < WORD_GAP * size \
                and abs(glyph.base - last.base) < 0.1 * size and glyph.size == last.size \
                and _category(glyph.char) == _category(last.char) != "other":
            words[-1].append(glyph)
        else:
            words.append([glyph])
    return words


def _category(char: str) -> str:
    return "letter" if char.isalpha() else "digit" if char.isdigit() else "other"


def _joins(words: list[list[Glyph]], index: int, line: Line) -> bool:
    """True when a non-math word belongs to the formula next to it."""
    word = words[index]
    before = words[index - 1] if index else None
    after = words[index + 1] if index + 1 < len(words) else None
    left = _touches(before[-1], word[0], line.size) if before else False
    right = _touches(word[-1], after[0], line.size) if after else False
    text = "".join(g.char for g in word)
    if _is_script(word, line) and (left or right):
        return True
    if text.isalpha() and after is not None and after[0].cls == MATH \
            and after[0].piece.kind == OPEN and after[0].x0 - word[-1].x1 < 0.05 * line.size:
        return True  # diag(a): a word applied to a formula's argument
    if len(word) == 1 and text.isalpha() and _beside_relation(before, after, word, line.size):
        return True  # a \perp b: letters on both sides of a relation
    if len(word) == 1 and word[0].char.isalpha() and left and right \
            and word[0].x0 - before[-1].x1 < 0.2 * line.size \
            and after[0].x0 - word[0].x1 < 0.2 * line.size:
        return True  # f(X): a letter inside a formula's brackets
    if len(word) == 1 and word[0].char.isalpha() and after is not None \
            and after[0].cls == MATH and _is_script(after, line) \
            and after[0].x0 - word[0].x1 < 0.1 * line.size:
        return True  # a letter carrying a math script is a math symbol
    if word[0].cls != AMBIGUOUS:
        return False
    if all(g.piece.kind == ACCENT for g in word):
        return any(g.cls == MATH and g.x0 <= (word[0].x0 + word[-1].x1) / 2 <= g.x1
                   for g in line.glyphs)
    if all(c in _JOINERS or c.isdigit() for c in text):
        return left or right
    if all(c in _BETWEEN_ONLY for c in text):
        return left and right
    if text.isalpha() and (text in NAMED_FUNCTIONS or text in KNOWN_WORDS):
        return right or (left and after is not None and after[0].cls == MATH)
    # \mathbf{W}: a lone bold letter is not prose
    return len(word) == 1 and word[0].piece.kind == LETTER and word[0].piece.style == "bold"


def _beside_relation(before: list[Glyph] | None, after: list[Glyph] | None,
                     word: list[Glyph], size: float) -> bool:
    """True when a relation or operator glyph stands right next to a lone letter."""
    for neighbour, gap in ((before, word[0].x0 - before[-1].x1 if before else 0.0),
                           (after, after[0].x0 - word[-1].x1 if after else 0.0)):
        if neighbour is None:
            continue
        glyph = neighbour[-1] if neighbour is before else neighbour[0]
        if glyph.cls == MATH and glyph.piece.kind == OP and glyph.piece.latex \
                and gap < RELATION_TOUCH * size:
            return True
    return False


def _touches(first: Glyph, second: Glyph, size: float) -> bool:
    """True when one of two neighbours is math and the other stands close enough to it."""
    math, other = (first, second) if first.cls == MATH else (second, first)
    if math.cls != MATH or other.cls == MATH:
        return False
    reach = RELATION_TOUCH if (math.piece.kind == OP and math.piece.latex) \
        or other.char in _RELATIONS else TOUCH
    return second.x0 - first.x1 < reach * size


def _is_script(word: list[Glyph], line: Line) -> bool:
    """A smaller word raised or lowered from the line's baseline."""
    glyph = word[0]
    return glyph.size < 0.85 * line.size and abs(line.baseline - glyph.base) > 0.1 * line.size


def _equation_number(glyphs: list[Glyph], size: float) -> tuple[str, list[Glyph]]:
    """A '(12)' at the right end of a line, apart from the rest: (number, the rest)."""
    for start in range(len(glyphs) - 1, max(-1, len(glyphs) - 9), -1):
        if glyphs[start].char != "(":
            continue
        tail = glyphs[start:]
        text = "".join(g.char for g in tail)
        if not _EQUATION_NUMBER.match(text):
            return "", glyphs
        if start and tail[0].x0 - glyphs[start - 1].x1 < size:
            return "", glyphs
        return text, glyphs[:start]
    return "", glyphs


def _segments(glyphs: list[Glyph]) -> list[Segment]:
    """Maximal runs of math glyphs (text glyphs end them) and of text glyphs."""
    segments: list[Segment] = []
    for glyph in glyphs:
        math = glyph.cls == MATH
        if segments and segments[-1].math == math and not (
                math and glyph.x0 - max(g.x1 for g in segments[-1].glyphs) > SPLIT_GAP * glyph.size
                and glyph.size >= 0.85 * segments[-1].glyphs[0].size):
            segments[-1].glyphs.append(glyph)
        else:
            segments.append(Segment(math, [glyph]))
    return segments


def text_of(glyphs: list[Glyph], size: float) -> str:
    """Prose glyphs as text, with a space wherever the gap is a word gap."""
    out: list[str] = []
    previous: Glyph | None = None
    for glyph in glyphs:
        if previous is not None and glyph.x0 - previous.x1 > WORD_GAP * size:
            out.append(" ")
        out.append(glyph.char)
        previous = glyph
    return "".join(out)
