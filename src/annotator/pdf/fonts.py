"""What a PDF font name says about its glyphs: math or prose, and in which math alphabet.

TeX's math fonts are the best evidence a PDF keeps of the markup: a glyph in CMMI is a
math italic letter, a capital in CMSY is `\\mathcal`, one in MSBM is `\\mathbb`, CMMIB is
`\\boldsymbol`, CMBX in math is `\\mathbf`, EUFM is `\\mathfrak`. The same roles exist
in Latin Modern (LMMathItalic, LMMathSymbols, ...), in txfonts/newtx, and in Unicode
math fonts (unicode-math, XeLaTeX), where the alphabet is in the code point instead.

A roman font (CMR) holds math's digits, brackets and `\\log`, but in a paper set in
Computer Modern it is also the prose font: then its glyphs are *ambiguous* and the line
around them decides (see mathruns.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MATH, AMBIGUOUS, TEXT = 0, 1, 2
"""How sure a glyph's font makes us that it is math."""

_SUBSET = re.compile(r"^[A-Z]{6}\+")


@dataclass(frozen=True, slots=True)
class FontRole:
    """What a font is for."""

    style: str
    """The math alphabet: 'it' (math italic), 'bold-it' (\\boldsymbol), 'rm', 'bold'
    (\\mathbf), 'cal', 'bold-cal', 'bb', 'frak', 'scr', 'sf', 'bold-sf', 'tt', 'sym'
    (operators and relations), 'ex' (TeX's extension font: codes, not characters),
    'unicode' (a Unicode math font: the code point says) or 'text' (prose)."""
    math: bool
    """True when the font is only ever used for math."""
    prose_capable: bool = False
    """True for a TeX roman/bold/italic/sans/typewriter face that math borrows but that
    is also a prose font in papers set in Computer Modern or Latin Modern."""


_TEXT = FontRole("text", False)

# Order matters: the first pattern that matches the bare name (no subset prefix) wins.
_PATTERNS: tuple[tuple[re.Pattern[str], FontRole], ...] = tuple(
    (re.compile(pattern, re.I), role) for pattern, role in (
        (r"^(CMEX|LMMathExtension|txex|TXEX|rtxex|NewTXEX|ntxexx?|EUEX)", FontRole("ex", True)),
        (r"^(CMMIB|LMMathItalic\d*-Bold|NewTXBMI|txbmi|rtxbmi|ntxbmi)", FontRole("bold-it", True)),
        (r"^(CMMI|LMMathItalic|NewTXMI|txmi|rtxmi|ntxmi|EURM)", FontRole("it", True)),
        (r"^(CMBSY|LMMathSymbols\d*-Bold|txbsy|ntxbsy)", FontRole("bold-cal", True)),
        (r"^(CMSY|LMMathSymbols|txsy|rtxsy|NewTXSY|ntxsy|txsys)", FontRole("cal", True)),
        (r"^(MSBM|BBOLD|bbm|dsrom|DSRom|txmsb)", FontRole("bb", True)),
        (r"^(MSAM|txmsa|STMARY|wasy)", FontRole("sym", True)),
        (r"^(EUFB)", FontRole("frak", True)),
        (r"^(EUFM|EUFR)", FontRole("frak", True)),
        (r"^(EUSM|EUSB)", FontRole("cal", True)),
        (r"^(RSFS|rsfso|Calligra|ZapfChancery)", FontRole("scr", True)),
        (r"^(StandardSymL|StandardSymbolsPS|Symbol$|SymbolMT|rpsyr|UniversalMath)",
         FontRole("unicode", True)),
        (r"Math", FontRole("unicode", True)),  # LatinModernMath, STIXTwoMath, Cambria Math
        (r"^(CMSSBX|LMSans\d*-Bold)", FontRole("bold-sf", True, True)),
        (r"^(CMSS|LMSans)", FontRole("sf", True, True)),
        (r"^(CMTT|CMSLTT|LMMono)", FontRole("tt", True, True)),
        (r"^(CMBX|CMB\d|LMRoman\d*-Bold|LMRomanDemi)", FontRole("bold", True, True)),
        (r"^(CMTI|LMRoman\d*-Italic)", FontRole("it", True, True)),
        (r"^(CMR\d|CMSL\d|LMRoman\d*-Regular|LMRomanSlant)", FontRole("rm", True, True)),
    ))


def bare_name(name: str) -> str:
    """The font's name without the subset tag (`ABCDEF+CMMI10` -> `CMMI10`)."""
    return _SUBSET.sub("", name)


def font_role(name: str) -> FontRole:
    """The role of a font, from its name alone."""
    bare = bare_name(name)
    for pattern, role in _PATTERNS:
        if pattern.search(bare):
            return role
    return _TEXT


def glyph_class(role: FontRole, body_prose_capable: bool) -> int:
    """MATH, AMBIGUOUS or TEXT for glyphs of a font, given whether the paper's prose is
    set in a TeX face that math also uses (Computer Modern, Latin Modern)."""
    if not role.math:
        return TEXT
    if role.prose_capable and body_prose_capable:
        return AMBIGUOUS
    return MATH


def prose_style(name: str, flags: int) -> str:
    """The alphabet a prose font stands for when a formula borrows it (`\\textnormal{a}`,
    `\\operatorname{diag}` set in the text font, `\\textbf{x}`): 'rm', 'bold', 'it', 'sf',
    'bold-sf' or 'tt'."""
    bare = bare_name(name).lower()
    bold = is_bold_text(name, flags)
    if flags & 8 or any(w in bare for w in ("mono", "courier", "sftt", "cmtt", "typewriter")):
        return "tt"
    if any(w in bare for w in ("sans", "sfss", "sfsx", "sfsi", "helvet", "arial")):
        return "bold-sf" if bold else "sf"
    if bold:
        return "bold"
    if flags & 2 or any(w in bare for w in ("ital", "oblique", "sfti", "sfsl", "-it")):
        return "it"
    return "rm"


def is_bold_text(name: str, flags: int) -> bool:
    """A prose font's bold weight (headings): flag bit 4, or the name says so."""
    bare = bare_name(name).lower()
    return bool(flags & 16) or any(w in bare for w in ("bold", "medi", "black", "heavy",
                                                        "semibold", "-bd", "bx", "demi"))
