"""A formula's glyphs back to LaTeX, from their fonts, sizes and baselines.

The LaTeX only has to be what a reader would write for the notation: `p_{\\theta}`,
`\\mathbf{W}_{\\mathrm{enc}}`, `\\hat{\\boldsymbol{x}}`, `\\sum_{t=0}^{T-1}`,
`\\frac{1}{M}`, so that the normal pipeline (lexer, mathparse, tokenize, normalize)
gives a PDF's symbols the same keys as the source's. Layout rules, in font sizes:

- a smaller glyph raised from the baseline is a superscript, a lowered one a subscript;
  inside a script the same rule applies again (`\\pi_{\\theta_{\\mathrm{old}}}`);
- a glyph far above or below the baseline is a limit when it stands over or under a big
  operator (`\\sum`, `\\max`), else a fraction's numerator or denominator;
- a raised and a lowered group centred on each other, away from the previous symbol, are
  an inline fraction, not scripts;
- an accent glyph (ˆ, ˜, ¯, ˙, CMEX's wide hats) belongs to the symbol under it;
- touching upright letters are one word (`\\log`, `\\mathrm{clip}`); touching digits one
  number.

Where each symbol stands is kept too (`formula_latex_boxes`): every nucleus is written
between two private-use marks naming its atom while the LaTeX is built, and the marks are
taken out at the end, leaving the LaTeX range of each atom with its glyphs' box (`θ` in
`\\hat{\\theta}_{t}` is the range of `\\theta`, drawn where θ is drawn). `annotate` puts its
notes on those boxes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from ..latex_tables import LIMIT_FUNCTIONS
from .charmap import (
    ACCENT,
    BIGOP,
    DIGIT,
    LETTER,
    PRIME,
    SKIP,
    letter_latex,
    upright_word,
)
from .reader import Glyph

SCRIPT_RATIO = 0.85
"""A glyph smaller than this share of the base size may be a script."""
FAR = 0.85
"""A shift beyond this many sizes puts a glyph over or under the line: a limit or a
fraction part, not a script."""
STACK_SHIFT = 0.45
"""A base-size glyph shifted this much is a display fraction's numerator or denominator."""
GAP = 0.15
"""A visible gap, in font sizes."""

_UPRIGHT = frozenset({"rm", "bold", "sf", "bold-sf", "tt"})
PROSE_WORD = -1
"""Atom kind of prose-font letters inside a formula, until they are joined into a word."""
_LIMIT_WORDS = frozenset(f"\\{name}" for name in LIMIT_FUNCTIONS) | {"\\mathbb{E}"}
_OPEN_MARK = 0xF0000
"""Atom n's nucleus opens with chr(_OPEN_MARK + n) (Supplementary Private Use Area-A, which
no TeX font maps a glyph to) ..."""
_CLOSE_MARK = "\U0010FFFD"
"""... and closes with this mark (plane 16's last private-use character)."""
_MAX_MARKED = 0xFFFD
"""Atoms beyond this many in one formula get no box (a formula is never that long)."""


class AtomBox(NamedTuple):
    """Where one atom of a formula is: its LaTeX range and its glyphs' box on the page."""

    start: int
    """Offset of the atom's LaTeX in the formula's LaTeX."""
    end: int
    """Offset just past it."""
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Atom:
    """A nucleus: one symbol, word or number, with its box and what attaches to it."""

    latex: str
    kind: int
    x0: float
    x1: float
    base: float
    size: float
    extension: bool = False
    y0: float = 0.0
    y1: float = 0.0
    """Top and bottom of its glyphs' boxes (y grows downwards)."""
    ident: int = -1
    """Its number in the formula, for the marks that record where its LaTeX goes."""
    accents: list[str] = field(default_factory=list)
    sub: str = ""
    sup: str = ""
    level: str = ""
    """'' (on the baseline), 'sup', 'sub', 'above', 'below'."""
    alphabet: str = ""
    """For upright letters and numbers while they are joined: 'rm', 'bold', 'bb', ..."""

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


def formula_latex(glyphs: list[Glyph], baseline: float, size: float) -> str:
    """The LaTeX of one formula whose main baseline and size are given."""
    return formula_latex_boxes(glyphs, baseline, size)[0]


def formula_latex_boxes(glyphs: list[Glyph], baseline: float, size: float
                        ) -> tuple[str, tuple[AtomBox, ...]]:
    """The LaTeX of one formula and where each of its atoms is drawn."""
    atoms = _atoms(glyphs)
    for number, atom in enumerate(atoms):
        atom.ident = number if number < _MAX_MARKED else -1
    marked = _layout(_attach_accents(atoms), baseline, size)
    return _unmark(marked, atoms)


def _unmark(marked: str, atoms: list[Atom]) -> tuple[str, tuple[AtomBox, ...]]:
    """The LaTeX without its marks, and each marked atom's range in it with its box."""
    out: list[str] = []
    boxes: list[AtomBox] = []
    length = 0
    opened: list[tuple[int, int]] = []  # (atom, start) of nuclei not yet closed
    for char in marked:
        code = ord(char)
        if _OPEN_MARK <= code < _OPEN_MARK + _MAX_MARKED:
            opened.append((code - _OPEN_MARK, length))
        elif char == _CLOSE_MARK:
            if opened:
                number, start = opened.pop()
                atom = atoms[number]
                boxes.append(AtomBox(start, length, atom.x0, atom.y0, atom.x1, atom.y1))
        else:
            out.append(char)
            length += 1
    return "".join(out), tuple(sorted(boxes))


def _plain(latex: str) -> str:
    """LaTeX with the atom marks taken out, for the checks that read written LaTeX."""
    if not any(ord(c) >= _OPEN_MARK for c in latex):
        return latex
    return "".join(c for c in latex if ord(c) < _OPEN_MARK)


# ----------------------------------------------------------------- glyphs -> atoms

def _atoms(glyphs: list[Glyph]) -> list[Atom]:
    """Glyphs as atoms: words and numbers joined, prose words as \\text{...}."""
    atoms: list[Atom] = []
    for glyph in glyphs:
        piece = glyph.piece
        if glyph.role.math and piece.kind == SKIP:
            continue
        # Scripts above and below interleave in x order: look back a few atoms.
        previous = next((a for a in reversed(atoms[-6:]) if _continues(a, glyph)), None)
        if previous is not None:
            _extend(previous, glyph)
            continue
        atoms.append(_atom(glyph))
    for atom in atoms:
        _finish_word(atom)
    return atoms


def _atom(glyph: Glyph) -> Atom:
    piece = glyph.piece
    if not glyph.role.math:
        latex, kind = _unmarkable(glyph.char), PROSE_WORD  # joined into \text{...} later
        atom = Atom(latex, kind, glyph.x0, glyph.x1, glyph.base, glyph.size, y0=glyph.y0,
                    y1=glyph.y1)
        atom.alphabet = glyph.prose
        return atom
    if piece.kind == LETTER:
        latex = piece.latex if piece.style in _UPRIGHT and not piece.latex.startswith("\\") \
            else letter_latex(piece)
        kind = LETTER
    else:
        latex, kind = piece.latex, piece.kind
    atom = Atom(_unmarkable(latex), kind, glyph.x0, glyph.x1, glyph.base, glyph.size,
                glyph.extension, y0=glyph.y0, y1=glyph.y1)
    if (kind == LETTER and piece.style in _UPRIGHT and not piece.latex.startswith("\\")) \
            or kind == DIGIT:
        atom.alphabet = piece.style
    return atom


def _unmarkable(text: str) -> str:
    """A glyph's text without characters that would read as marks (a PDF may map a glyph
    to any code point)."""
    if not any(ord(c) >= _OPEN_MARK for c in text):
        return text
    return "".join(c for c in text if ord(c) < _OPEN_MARK)


def _continues(atom: Atom, glyph: Glyph) -> bool:
    """True when `glyph` extends `atom` into a word or a number."""
    if abs(glyph.base - atom.base) > 0.1 * atom.size or abs(glyph.size - atom.size) > 0.05 \
            or not -0.15 * atom.size < glyph.x0 - atom.x1 < 0.12 * atom.size:
        return False
    piece = glyph.piece
    if atom.kind == PROSE_WORD:
        return not glyph.role.math
    if atom.kind == DIGIT and glyph.role.math:
        decimal_point = piece.latex == "."  # \mathbf{0.93} is one bold number, not bold 0
        return (piece.kind == DIGIT and piece.style == atom.alphabet) or decimal_point
    if atom.kind == LETTER and atom.alphabet in _UPRIGHT and glyph.role.math:
        return piece.kind == LETTER and piece.style == atom.alphabet \
            and not piece.latex.startswith("\\")
    return False


def _extend(atom: Atom, glyph: Glyph) -> None:
    atom.latex += _unmarkable(glyph.char if atom.kind == PROSE_WORD else glyph.piece.latex)
    atom.x1 = max(atom.x1, glyph.x1)
    atom.y0, atom.y1 = min(atom.y0, glyph.y0), max(atom.y1, glyph.y1)


def _finish_word(atom: Atom) -> None:
    """Give a word or number its font command, now that all its letters are known."""
    style = atom.alphabet
    if atom.kind == PROSE_WORD:
        atom.latex = _prose_in_math(atom.latex, style)
        atom.kind = LETTER
    elif atom.kind == DIGIT and style in ("bold", "bb"):
        atom.latex = ("\\mathbf{" if style == "bold" else "\\mathbb{") + atom.latex + "}"
    elif atom.kind == LETTER and style:
        atom.latex = _upright(atom.latex, style)


def _prose_in_math(text: str, style: str) -> str:
    """A prose-font word inside a formula: a lone letter is a symbol in the alphabet of
    its font (`\\textbf{x}` is \\mathbf{x}, `\\textnormal{a}` is \\mathrm{a}, an italic
    letter a plain math letter), anything else is `\\text{...}`."""
    if len(text) == 1 and text.isalpha():
        return text if style == "it" else _upright(text, style)
    return "\\text{" + text + "}"


def _upright(letters: str, style: str) -> str:
    if style == "rm":
        return upright_word(letters) if len(letters) > 1 else "\\mathrm{" + letters + "}"
    command = {"bold": "\\mathbf", "sf": "\\mathsf", "bold-sf": "\\boldsymbol{\\mathsf",
               "tt": "\\mathtt"}[style]
    closing = "}}" if "{" in command else "}"
    if style == "bold" and 1 < len(letters) < 3 and not letters.isupper():
        return "".join(command + "{" + letter + closing for letter in letters)  # Wx: W, x
    return command + "{" + letters + closing


def _attach_accents(atoms: list[Atom]) -> list[Atom]:
    """Every accent onto the symbol it stands over."""
    kept = [a for a in atoms if a.kind != ACCENT]
    for accent in (a for a in atoms if a.kind == ACCENT):
        under = [a for a in kept if a.x0 - 0.15 * a.size <= accent.center <= a.x1 + 0.15 * a.size
                 and accent.base <= a.base + 0.1 * a.size]
        if under:
            target = min(under, key=lambda a: abs(a.center - accent.center))
            target.accents.append(accent.latex)
    return kept


# ------------------------------------------------------------------ layout

def _layout(atoms: list[Atom], baseline: float, size: float) -> str:
    """LaTeX of atoms around one baseline (recursive for scripts and stacked parts)."""
    for atom in atoms:
        atom.level = _level(atom, baseline, size)
    base = sorted((a for a in atoms if not a.level), key=lambda a: a.x0)
    _relation_bars(base, size)
    items: list[tuple[float, float, str]] = []  # (x0, x1, latex)
    stacked = _limits(_clusters([a for a in atoms if a.level in ("above", "below")], size),
                      base)
    scripts = _clusters([a for a in atoms if a.level in ("sup", "sub")], size)
    base = _adopt_nested_scripts(base, scripts, size)
    _fractions(stacked, scripts, base, size, items)
    for cluster in stacked:  # neither limits nor fraction parts: read in line
        items.append((min(a.x0 for a in cluster), max(a.x1 for a in cluster),
                      "{" + _sublayout(cluster) + "}"))
    for cluster in scripts:
        _attach_script(cluster, base, items, size)
    for atom in base:
        items.append((atom.x0, atom.x1, _nucleus(atom)))
    items.sort(key=lambda item: item[0])
    return _join(items, size)


def _adopt_nested_scripts(base: list[Atom], scripts: list[list[Atom]], size: float
                          ) -> list[Atom]:
    """A small glyph near the baseline that touches a script is that script's own script
    (the `1:t` of `\\mathbb{E}_{c^{1:t}}`), not a symbol on the baseline. Returns the
    atoms left on the baseline."""
    kept = []
    for atom in base:
        host = None
        if atom.size < SCRIPT_RATIO * size and not atom.extension:
            host = next((cluster for cluster in scripts for other in cluster
                         if -0.05 * size < atom.x0 - other.x1 < 0.2 * size
                         or -0.05 * size < other.x0 - atom.x1 < 0.2 * size), None)
        if host is None:
            kept.append(atom)
        else:
            atom.level = host[0].level
            host.append(atom)
            host.sort(key=lambda a: a.x0)
    return kept


def _relation_bars(base: list[Atom], size: float) -> None:
    """A `|` with a relation's space on both sides is `\\mid` (p(x | z)); a bar that
    touches its neighbours is a fence (|x|)."""
    for before, bar, after in zip(base, base[1:], base[2:], strict=False):
        if bar.latex == "|" and bar.x0 - before.x1 > 0.2 * size \
                and after.x0 - bar.x1 > 0.2 * size:
            bar.latex = "\\mid"


def _level(atom: Atom, baseline: float, size: float) -> str:
    if atom.extension:
        return ""
    shift = (baseline - atom.base) / size
    if atom.size < SCRIPT_RATIO * size:
        if abs(shift) > FAR:
            return "above" if shift > 0 else "below"
        if shift > 0.12:
            return "sup"
        if shift < -0.08:
            return "sub"
        return ""
    if abs(shift) > STACK_SHIFT:
        return "above" if shift > 0 else "below"
    return ""


def _clusters(atoms: list[Atom], size: float) -> list[list[Atom]]:
    """Atoms of one level that follow each other closely, left to right."""
    clusters: list[list[Atom]] = []
    for atom in sorted(atoms, key=lambda a: a.x0):
        for cluster in clusters:
            last = cluster[-1]
            if last.level == atom.level and atom.x0 - last.x1 < 0.5 * size \
                    and abs(atom.base - last.base) < 0.3 * max(atom.size, last.size):
                cluster.append(atom)
                break
        else:
            clusters.append([atom])
    return clusters


def _limits(stacked: list[list[Atom]], base: list[Atom]) -> list[list[Atom]]:
    """Clusters over or under a big operator or \\max become its limits; the rest are
    returned."""
    rest = []
    for cluster in stacked:
        x0, x1 = min(a.x0 for a in cluster), max(a.x1 for a in cluster)
        hosts = [a for a in base if (a.kind == BIGOP or a.latex in _LIMIT_WORDS)
                 and a.x0 < x1 and a.x1 > x0]
        if not hosts:
            rest.append(cluster)
            continue
        host = min(hosts, key=lambda a: abs(a.center - (x0 + x1) / 2))
        below = cluster[0].level == "below"
        latex = _sublayout(cluster)
        if below:
            host.sub = latex
        else:
            host.sup = latex
    return rest


def _fractions(stacked: list[list[Atom]], scripts: list[list[Atom]], base: list[Atom],
               size: float, items: list[tuple[float, float, str]]) -> None:
    """Pairs of an upper and a lower cluster standing on each other become \\frac items
    (taken out of their lists); script pairs only when centred and apart from the symbol
    before them."""
    for uppers, lowers, strict in ((stacked, stacked, False), (scripts, scripts, True)):
        for upper in [c for c in uppers if c[0].level in ("above", "sup")]:
            lower = _partner(upper, [c for c in lowers if c[0].level in ("below", "sub")],
                             base, size, strict)
            if lower is None:
                continue
            uppers.remove(upper)
            lowers.remove(lower)
            x0 = min(upper[0].x0, lower[0].x0)
            x1 = max(upper[-1].x1, lower[-1].x1)
            items.append((x0, x1, "\\frac{" + _sublayout(upper) + "}{" + _sublayout(lower) +
                          "}"))


def _partner(upper: list[Atom], lowers: list[list[Atom]], base: list[Atom], size: float,
             strict: bool) -> list[Atom] | None:
    ux0, ux1 = upper[0].x0, max(a.x1 for a in upper)
    if all(a.kind == PRIME for a in upper):
        return None
    for lower in lowers:
        lx0, lx1 = lower[0].x0, max(a.x1 for a in lower)
        if lx0 >= ux1 or ux0 >= lx1:
            continue
        if not strict:
            return lower
        if abs((ux0 + ux1) / 2 - (lx0 + lx1) / 2) > 0.3 * size:
            continue
        before = [a for a in base if a.x1 <= min(ux0, lx0) + 0.05 * size]
        if not before or min(ux0, lx0) - max(a.x1 for a in before) > 0.1 * size:
            return lower
    return None


def _attach_script(cluster: list[Atom], base: list[Atom], items: list[tuple[float, float, str]],
                   size: float) -> None:
    """A script cluster onto the nearest nucleus before it."""
    start = cluster[0].x0
    before = [a for a in base if a.x0 < start + 0.05 * size]
    sup = cluster[0].level == "sup"
    latex = _script_text(cluster)
    if not before:
        items.append((start, max(a.x1 for a in cluster),
                      "{}" + ("^{" if sup else "_{") + latex + "}"))
        return
    host = max(before, key=lambda a: a.x1)
    if sup:
        host.sup = host.sup + latex if host.sup else latex
    else:
        host.sub = host.sub + latex if host.sub else latex


def _script_text(cluster: list[Atom]) -> str:
    if all(a.kind == PRIME for a in cluster):
        return "'" * len(cluster)
    return _sublayout(cluster)


def _sublayout(cluster: list[Atom]) -> str:
    """A cluster laid out around its own baseline: that of its largest atoms."""
    size = max(a.size for a in cluster)
    main = [a for a in cluster if a.size == size]
    baseline = sorted(a.base for a in main)[len(main) // 2]
    for atom in cluster:
        atom.level = ""
    return _layout(cluster, baseline, size)


def _nucleus(atom: Atom) -> str:
    latex = atom.latex
    if latex and atom.ident >= 0:
        latex = chr(_OPEN_MARK + atom.ident) + latex + _CLOSE_MARK
    for accent in atom.accents:
        latex = "\\" + accent + "{" + latex + "}"
    if atom.sub:
        latex += "_{" + atom.sub + "}"
    if atom.sup:
        latex += atom.sup if set(atom.sup) == {"'"} else "^{" + atom.sup + "}"
    return latex


def _join(items: list[tuple[float, float, str]], size: float) -> str:
    """Items left to right; a space where the page shows a gap or TeX needs one."""
    out: list[str] = []
    previous_end: float | None = None
    for x0, x1, latex in items:
        if not latex:
            continue
        if out:
            gap = previous_end is not None and x0 - previous_end > GAP * size
            plain = _plain(latex)
            if gap or (_ends_with_control_word(_plain(out[-1])) and plain[:1].isalpha()):
                out.append(" ")
        out.append(latex)
        previous_end = x1 if previous_end is None else max(previous_end, x1)
    return "".join(out)


def _ends_with_control_word(latex: str) -> bool:
    stripped = latex.rstrip("'")
    index = len(stripped)
    while index and stripped[index - 1].isalpha():
        index -= 1
    return index < len(stripped) and index > 0 and stripped[index - 1] == "\\"
