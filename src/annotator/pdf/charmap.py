"""One glyph of a math font as a piece of LaTeX: `θ` in CMMI is `\\theta`, `L` in CMSY is
`\\mathcal{L}`, code 0x58 in CMEX is `\\sum`, U+1D499 is `\\boldsymbol{x}`.

PyMuPDF returns Unicode where the font says what a glyph is; for TeX's extension font
(CMEX) it does not, so the glyph's code is read instead (asked for with
TEXT_CID_FOR_UNKNOWN_UNICODE): CMEX's code table is fixed by Knuth and the same in
every TeX distribution. MuPDF follows unicode-math for TeX's Greek variants: `ϵ`
(U+03F5) is `\\epsilon`, `ε` is `\\varepsilon`, `ϕ` is `\\phi`, `φ` is `\\varphi`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from ..latex_tables import NAMED_FUNCTIONS, UNICODE_GREEK

LETTER, DIGIT, OPEN, CLOSE, FENCE, OP, BIGOP, PUNCT, ACCENT, PRIME, SKIP = range(11)
"""Kinds of pieces."""


@dataclass(frozen=True, slots=True)
class Piece:
    """What one glyph is in math."""

    kind: int
    """LETTER, DIGIT, OPEN, CLOSE, FENCE, OP, BIGOP, PUNCT, ACCENT, PRIME or SKIP."""
    latex: str
    """The LaTeX of the glyph without its font: 'x', '\\theta', '\\sum', '(', 'hat'."""
    style: str = ""
    """For letters: the math alphabet ('it', 'rm', 'bold', 'bold-it', 'cal', 'bb', ...)."""


GREEK_NAMES: dict[str, str] = {
    **UNICODE_GREEK, "ϑ": "vartheta", "ϱ": "varrho", "ϖ": "varpi", "ϰ": "varkappa",
    "µ": "mu", "∆": "Delta", "Ω": "Omega", "ϒ": "Upsilon", "ϝ": "digamma",
}
"""Greek letters (and letter-like symbols) by code point, as LaTeX command names."""

_LETTERLIKE = {"ℓ": "ell", "ℏ": "hbar", "ı": "imath", "ȷ": "jmath", "℘": "wp", "ℵ": "aleph",
               "ℜ": "Re", "ℑ": "Im", "ð": "eth"}

_OPERATORS: dict[str, tuple[int, str]] = {
    "+": (OP, "+"), "−": (OP, "-"), "-": (OP, "-"), "=": (OP, "="), "<": (OP, "<"),
    ">": (OP, ">"), "/": (OP, "/"), "*": (OP, "*"), "∗": (OP, "\\ast"), "⋆": (OP, "\\star"),
    "·": (OP, "\\cdot"), "⋅": (OP, "\\cdot"), "×": (OP, "\\times"), "÷": (OP, "\\div"),
    "±": (OP, "\\pm"), "∓": (OP, "\\mp"), "◦": (OP, "\\circ"), "∘": (OP, "\\circ"),
    "•": (OP, "\\bullet"), "⊕": (OP, "\\oplus"), "⊖": (OP, "\\ominus"), "⊗": (OP, "\\otimes"),
    "⊘": (OP, "\\oslash"), "⊙": (OP, "\\odot"), "⊛": (OP, "\\circledast"), "∪": (OP, "\\cup"),
    "∩": (OP, "\\cap"), "∧": (OP, "\\wedge"), "∨": (OP, "\\vee"), "⊎": (OP, "\\uplus"),
    "⊔": (OP, "\\sqcup"), "⊓": (OP, "\\sqcap"), "\\": (OP, "\\setminus"), "∖": (OP, "\\setminus"),
    "†": (OP, "\\dagger"), "‡": (OP, "\\ddagger"), "≤": (OP, "\\le"), "≥": (OP, "\\ge"),
    "⩽": (OP, "\\leqslant"), "⩾": (OP, "\\geqslant"), "≠": (OP, "\\neq"), "≡": (OP, "\\equiv"),
    "∼": (OP, "\\sim"), "≈": (OP, "\\approx"), "≃": (OP, "\\simeq"), "≅": (OP, "\\cong"),
    "≍": (OP, "\\asymp"), "∝": (OP, "\\propto"), "≪": (OP, "\\ll"), "≫": (OP, "\\gg"),
    "≺": (OP, "\\prec"), "≻": (OP, "\\succ"), "⪯": (OP, "\\preceq"), "⪰": (OP, "\\succeq"),
    "≼": (OP, "\\preceq"), "≽": (OP, "\\succeq"), "≲": (OP, "\\lesssim"), "≳": (OP, "\\gtrsim"),
    "≜": (OP, "\\triangleq"), "≔": (OP, "\\coloneqq"), "⊂": (OP, "\\subset"),
    "⊃": (OP, "\\supset"), "⊆": (OP, "\\subseteq"), "⊇": (OP, "\\supseteq"),
    "⊊": (OP, "\\subsetneq"), "∈": (OP, "\\in"), "∉": (OP, "\\notin"), "∋": (OP, "\\ni"),
    "→": (OP, "\\to"), "←": (OP, "\\leftarrow"), "↔": (OP, "\\leftrightarrow"),
    "⇒": (OP, "\\Rightarrow"), "⇐": (OP, "\\Leftarrow"), "⇔": (OP, "\\Leftrightarrow"),
    "↦": (OP, "\\mapsto"), "⟶": (OP, "\\longrightarrow"), "⟹": (OP, "\\Longrightarrow"),
    "↑": (OP, "\\uparrow"), "↓": (OP, "\\downarrow"), "∀": (OP, "\\forall"),
    "∃": (OP, "\\exists"), "¬": (OP, "\\neg"), "∅": (OP, "\\emptyset"), "∞": (OP, "\\infty"),
    "∇": (OP, "\\nabla"), "∂": (OP, "\\partial"), "⊤": (OP, "\\top"), "⊥": (OP, "\\perp"),
    "⊢": (OP, "\\vdash"), "⊨": (OP, "\\models"), "△": (OP, "\\triangle"), "□": (OP, "\\Box"),
    "◁": (OP, "\\triangleleft"), "▷": (OP, "\\triangleright"), "√": (OP, "\\surd"),
    "…": (OP, "\\dots"), "⋯": (OP, "\\cdots"), "⋮": (OP, "\\vdots"), "⋱": (OP, "\\ddots"),
    "∣": (OP, "\\mid"), "∤": (OP, "\\nmid"), "!": (OP, "!"), "?": (OP, "?"),
    "∑": (BIGOP, "\\sum"), "∏": (BIGOP, "\\prod"), "∐": (BIGOP, "\\coprod"),
    "∫": (BIGOP, "\\int"), "∬": (BIGOP, "\\iint"), "∮": (BIGOP, "\\oint"),
    "⋃": (BIGOP, "\\bigcup"), "⋂": (BIGOP, "\\bigcap"), "⨁": (BIGOP, "\\bigoplus"),
    "⨂": (BIGOP, "\\bigotimes"), "⋁": (BIGOP, "\\bigvee"), "⋀": (BIGOP, "\\bigwedge"),
    "(": (OPEN, "("), ")": (CLOSE, ")"), "[": (OPEN, "["), "]": (CLOSE, "]"),
    "{": (OPEN, "\\{"), "}": (CLOSE, "\\}"), "⟨": (OPEN, "\\langle"), "⟩": (CLOSE, "\\rangle"),
    "〈": (OPEN, "\\langle"), "〉": (CLOSE, "\\rangle"), "⌊": (OPEN, "\\lfloor"),
    "⌋": (CLOSE, "\\rfloor"), "⌈": (OPEN, "\\lceil"), "⌉": (CLOSE, "\\rceil"),
    "|": (FENCE, "|"), "‖": (FENCE, "\\|"), "∥": (FENCE, "\\|"),
    ",": (PUNCT, ","), ".": (PUNCT, "."), ";": (PUNCT, ";"), ":": (PUNCT, ":"),
    "′": (PRIME, "'"), "″": (PRIME, "''"), "'": (PRIME, "'"), "’": (PRIME, "'"),
    "ˆ": (ACCENT, "hat"), "^": (ACCENT, "hat"), "˜": (ACCENT, "tilde"), "~": (ACCENT, "tilde"),
    "¯": (ACCENT, "bar"), "ˉ": (ACCENT, "bar"), "˙": (ACCENT, "dot"), "¨": (ACCENT, "ddot"),
    "ˇ": (ACCENT, "check"), "˘": (ACCENT, "breve"), "´": (ACCENT, "acute"),
    "`": (ACCENT, "grave"), "˚": (ACCENT, "mathring"), "⃗": (ACCENT, "vec"),
    " ": (SKIP, ""), "\u00a0": (SKIP, ""),
}

# TeX's extension font by code (Knuth, The TeXbook, appendix F): delimiters in sizes,
# the pieces tall delimiters are built of, big operators in text and display sizes, wide
# accents and radicals.
_CMEX_OPEN = {0x00: "(", 0x02: "[", 0x04: "\\lfloor", 0x06: "\\lceil", 0x08: "\\{",
              0x0A: "\\langle", 0x10: "(", 0x12: "(", 0x14: "[", 0x16: "\\lfloor",
              0x18: "\\lceil", 0x1A: "\\{", 0x1C: "\\langle", 0x20: "(", 0x22: "[",
              0x24: "\\lfloor", 0x26: "\\lceil", 0x28: "\\{", 0x2A: "\\langle", 0x30: "(",
              0x32: "[", 0x38: "\\{", 0x44: "\\langle", 0x68: "[", 0x6A: "\\lfloor",
              0x6C: "\\lceil", 0x6E: "\\{"}
_CMEX_CLOSE = {code + 1: {"(": ")", "[": "]", "\\lfloor": "\\rfloor", "\\lceil": "\\rceil",
                          "\\{": "\\}", "\\langle": "\\rangle"}[latex]
               for code, latex in _CMEX_OPEN.items()}
_CMEX_BIG = {0x46: "\\bigsqcup", 0x48: "\\oint", 0x4A: "\\bigodot", 0x4C: "\\bigoplus",
             0x4E: "\\bigotimes", 0x50: "\\sum", 0x51: "\\prod", 0x52: "\\int",
             0x53: "\\bigcup", 0x54: "\\bigcap", 0x55: "\\biguplus", 0x56: "\\bigwedge",
             0x57: "\\bigvee", 0x60: "\\coprod"}
_CMEX_BIG.update({code + 8: latex for code, latex in list(_CMEX_BIG.items())
                  if 0x50 <= code <= 0x57})  # display sizes of \sum ... \bigvee
_CMEX_BIG.update({0x47: "\\bigsqcup", 0x49: "\\oint", 0x4B: "\\bigodot", 0x4D: "\\bigoplus",
                  0x4F: "\\bigotimes", 0x61: "\\coprod"})
_CMEX_ACCENT = {0x62: "hat", 0x63: "hat", 0x64: "hat", 0x65: "tilde", 0x66: "tilde",
                0x67: "tilde"}
_CMEX_FENCE = {0x0C: "|", 0x0D: "\\|", 0x3F: "|", 0x77: "\\|"}
_CMEX_RADICAL = frozenset({0x70, 0x71, 0x72, 0x73, 0x74})

_ALPHABETS = {"ITALIC": "it", "BOLD": "bold", "BOLD ITALIC": "bold-it", "SCRIPT": "cal",
              "BOLD SCRIPT": "bold-cal", "FRAKTUR": "frak", "BOLD FRAKTUR": "frak",
              "DOUBLE-STRUCK": "bb", "SANS-SERIF": "sf", "SANS-SERIF BOLD": "bold-sf",
              "SANS-SERIF ITALIC": "sf", "SANS-SERIF BOLD ITALIC": "bold-sf",
              "MONOSPACE": "tt", "BLACK-LETTER": "frak", "PLANCK": "it"}
_LETTERLIKE_STYLE = {"DOUBLE-STRUCK": "bb", "SCRIPT": "cal", "BLACK-LETTER": "frak",
                     "PLANCK": "it"}
_SKIP = Piece(SKIP, "")


def piece(char: str, style: str) -> Piece:
    """The math piece of one glyph drawn in a font of `style` (fonts.FontRole.style)."""
    if style == "ex":
        return _extension(char)
    if style == "unicode" or (ord(char) >= 0x2100 and _math_alphanumeric(char)):
        found = _unicode_letter(char)
        if found is not None:
            return found
        if style == "unicode" and char.isascii() and char.isalpha():
            return Piece(LETTER, char, "rm")
    return _plain(char, style)


def _plain(char: str, style: str) -> Piece:
    """A glyph whose code point is an ordinary character; the font gives the alphabet."""
    if char.isascii() and char.isalpha():
        if style in ("cal", "bold-cal") and char.islower():
            return Piece(LETTER, char, "it")  # CMSY has no lowercase letters
        return Piece(LETTER, char, _letter_style(style))
    if char.isdigit() and char.isascii():
        return Piece(DIGIT, char, "bold" if "bold" in style else ("bb" if style == "bb" else ""))
    name = GREEK_NAMES.get(char) or _LETTERLIKE.get(char)
    if name is not None and name not in ("nabla", "partial", "infty"):
        return Piece(LETTER, "\\" + name, "bold-it" if "bold" in style else "it")
    found = _OPERATORS.get(char)
    if found is not None:
        return Piece(found[0], found[1])
    category = unicodedata.category(char)
    if category.startswith("Z") or category == "Cc":
        return _SKIP
    return Piece(OP, "")  # a glyph with no LaTeX we know: kept as a gap, not a symbol


def _letter_style(style: str) -> str:
    if style in ("cal", "bold-cal", "bb", "frak", "scr", "rm", "bold", "bold-it", "sf",
                 "bold-sf", "tt"):
        return style
    return "it" if style in ("it", "sym") else "text"


def _math_alphanumeric(char: str) -> bool:
    return 0x1D400 <= ord(char) <= 0x1D7FF or 0x2100 <= ord(char) <= 0x214F


def _unicode_letter(char: str) -> Piece | None:
    """U+1D400-1D7FF and the letter-like block: the alphabet is in the character's name."""
    try:
        name = unicodedata.name(char)
    except ValueError:
        return None
    plain = unicodedata.normalize("NFKC", char)
    if name.startswith("MATHEMATICAL "):
        words = name[len("MATHEMATICAL "):].split()
        cut = next((i for i, w in enumerate(words) if w in ("CAPITAL", "SMALL", "DIGIT")
                    or w in _GREEK_WORDS), len(words))
        style = _ALPHABETS.get(" ".join(words[:cut]), "it")
    else:
        style = next((s for prefix, s in _LETTERLIKE_STYLE.items() if name.startswith(prefix)),
                     "")
        if not style or char in _LETTERLIKE:
            return None
    if plain.isdigit():
        return Piece(DIGIT, plain, "bold" if "bold" in style else "")
    if plain.isascii() and plain.isalpha():
        return Piece(LETTER, plain, style)
    greek = GREEK_NAMES.get(plain)
    if greek in ("nabla", "partial"):
        return Piece(OP, "\\" + greek)
    if greek is not None:
        return Piece(LETTER, "\\" + greek, "bold-it" if "bold" in style else "it")
    return None


_GREEK_WORDS = frozenset({"ALPHA", "BETA", "GAMMA", "DELTA", "EPSILON", "ZETA", "ETA", "THETA",
                          "IOTA", "KAPPA", "LAMDA", "MU", "NU", "XI", "OMICRON", "PI", "RHO",
                          "SIGMA", "TAU", "UPSILON", "PHI", "CHI", "PSI", "OMEGA", "NABLA",
                          "PARTIAL", "FINAL"})


def _extension(char: str) -> Piece:
    """A glyph of TeX's extension font: by code when PyMuPDF gave the code, else by
    the Unicode character a ToUnicode map gave it."""
    code = ord(char)
    if code >= 0x80:
        return _plain(char, "sym")
    if code in _CMEX_OPEN:
        return Piece(OPEN, _CMEX_OPEN[code])
    if code in _CMEX_CLOSE:
        return Piece(CLOSE, _CMEX_CLOSE[code])
    if code in _CMEX_BIG:
        return Piece(BIGOP, _CMEX_BIG[code])
    if code in _CMEX_ACCENT:
        return Piece(ACCENT, _CMEX_ACCENT[code])
    if code in _CMEX_FENCE:
        return Piece(FENCE, _CMEX_FENCE[code])
    if code in _CMEX_RADICAL:
        return Piece(OP, "\\surd")
    return _SKIP  # the middle and bottom pieces of tall delimiters, arrow extensions


def upright_word(letters: str) -> str:
    """LaTeX for an upright word in math: `\\log` for TeX's named functions, else
    `\\mathrm{clip}`; the pipeline gives both the same key."""
    if letters in NAMED_FUNCTIONS:
        return "\\" + letters
    return "\\mathrm{" + letters + "}"


FONT_COMMANDS = {"bold-it": "\\boldsymbol", "bold": "\\mathbf", "cal": "\\mathcal",
                 "bold-cal": "\\boldsymbol{\\mathcal", "bb": "\\mathbb", "frak": "\\mathfrak",
                 "scr": "\\mathscr", "sf": "\\mathsf", "bold-sf": "\\boldsymbol{\\mathsf",
                 "tt": "\\mathtt", "rm": "\\mathrm"}


def letter_latex(piece_: Piece) -> str:
    """A letter with its alphabet: `\\mathcal{L}`, `\\boldsymbol{\\theta}`, `x`."""
    command = FONT_COMMANDS.get(piece_.style, "")
    if piece_.latex.startswith("\\") and piece_.style == "rm":
        return piece_.latex  # upright Greek capitals are TeX's default
    if piece_.latex.startswith("\\") and piece_.style == "bold":
        command = "\\boldsymbol"
    if not command:
        return piece_.latex
    closing = "}}" if command.count("{") else "}"
    return command + "{" + piece_.latex + closing
