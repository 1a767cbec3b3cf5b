"""Paper text and paper math made safe to \\input into someone else's LaTeX document.

Two jobs:

- **Math through an allow-list.** A formula from the paper is TeX: `\\immediate\\write18`,
  `\\input`, `\\openout`, `\\catcode`, `^^5c` (TeX's own spelling of a backslash), a stray
  `&` or `\\\\` that ends a table cell, a `%` that comments out the rest of the line or
  an unbalanced `}` would all reach the user's document. `safe_math` keeps a formula
  only when every command is in SAFE_COMMANDS (pure typesetting: letters, fonts,
  accents, operators, relations, delimiters, spacing), `&` and `\\\\` appear only inside an
  allowed matrix-like environment, braces balance and no `#`, `%`, `$` or `^^` is
  left; a few commands are rewritten to their amsmath/amssymb twins (`\\bm` ->
  `\\boldsymbol`, `\\coloneqq` -> `\\mathrel{:}=`, `\\softmax` -> `\\operatorname{softmax}`).
  Anything else gives None, and the caller shows the formula as Unicode text instead.
- **Characters pdflatex accepts.** β₁, 𝒯, 𝟙, ′, θ̂ (a combining hat) become `\\beta`,
  `_{1}`, `\\mathscr{T}`, `\\mathbb{1}`, `'`, `\\hat{\\theta}` (in math), or their text-mode
  spellings (pylatexenc's table) in prose; CJK text is kept (it needs ctex and xelatex:
  `needs_cjk`).

`packages_for(latex)` names the packages a converted text needs beyond amsmath and
amssymb (`\\mathscr` needs mathrsfs).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..latex_tables import GREEK, KNOWN_WORDS, NAMED_FUNCTIONS

# ----------------------------------------------------------------------------- math

SAFE_COMMANDS = frozenset({
    # letters
    *(name for name in GREEK if not name.startswith("var") or name in (
        "varepsilon", "vartheta", "varpi", "varrho", "varsigma", "varphi", "varkappa",
        "varGamma", "varDelta", "varTheta", "varLambda", "varXi", "varPi", "varSigma",
        "varUpsilon", "varPhi", "varPsi", "varOmega")),
    "ell", "hbar", "imath", "jmath", "aleph", "beth", "gimel", "wp", "Re", "Im", "mho",
    "eth", "Bbbk", "infty", "emptyset", "varnothing", "partial", "nabla", "prime", "backprime",
    # fonts and text
    "mathbf", "mathcal", "mathbb", "boldsymbol", "mathrm", "mathsf", "mathit", "mathtt",
    "mathfrak", "mathscr", "mathnormal", "operatorname", "text", "textrm", "textit",
    "textbf", "textsf", "texttt", "textnormal", "mbox", "pmb",
    # accents
    "hat", "widehat", "tilde", "widetilde", "bar", "overline", "underline", "vec", "dot",
    "ddot", "dddot", "breve", "check", "acute", "grave", "mathring", "overrightarrow",
    "overleftarrow", "underbrace", "overbrace",
    # structure
    "frac", "dfrac", "tfrac", "cfrac", "sqrt", "binom", "dbinom", "tbinom", "left", "right",
    "middle", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr",
    "Biggl", "Biggr", "bigm", "Bigm", "stackrel", "overset", "underset", "substack",
    "limits", "nolimits", "displaystyle", "textstyle", "scriptstyle", "scriptscriptstyle",
    "mathop", "mathrel", "mathbin", "mathord", "mathopen", "mathclose", "mathpunct",
    "mathinner", "phantom", "hphantom", "vphantom", "mathstrut", "quad", "qquad", "enspace",
    "thinspace", "medspace", "thickspace", "negthinspace", "negmedspace", "negthickspace",
    "begin", "end", "not",
    # big operators and named functions
    "sum", "prod", "coprod", "int", "iint", "iiint", "oint", "bigcup", "bigcap",
    "bigoplus", "bigotimes", "bigodot", "bigvee", "bigwedge", "bigsqcup", "biguplus",
    "log", "ln", "lg", "exp", "sin", "cos", "tan", "cot", "sec", "csc", "sinh", "cosh",
    "tanh", "coth", "arcsin", "arccos", "arctan", "arg", "deg", "dim", "hom", "ker", "det",
    "gcd", "Pr", "bmod", "pmod", "pod", "min", "max", "sup", "inf", "lim", "limsup",
    "liminf", "injlim", "projlim", "varliminf", "varlimsup",
    # operators, relations, arrows, delimiters, dots
    "odot", "otimes", "oplus", "ominus", "oslash", "circledast", "circ", "ast", "star",
    "dagger", "ddagger", "wedge", "vee", "setminus", "smallsetminus", "triangle",
    "bigtriangleup", "bigtriangledown", "Box", "square", "blacksquare", "Diamond", "sqcup",
    "sqcap", "uplus", "amalg", "wr", "ltimes", "rtimes", "boxplus", "boxtimes", "boxminus",
    "sim", "propto", "varpropto", "approx", "approxeq", "triangleq", "equiv", "perp",
    "models", "vdash", "dashv", "vDash", "mapsto", "longmapsto", "simeq", "cong", "asymp",
    "doteq", "ll", "gg", "lll", "ggg", "prec", "succ", "preceq", "succeq", "lesssim",
    "gtrsim", "lessgtr", "le", "ge", "leq", "geq", "leqslant", "geqslant", "neq", "ne",
    "ngeq", "nleq", "nless", "ngtr", "in", "notin", "ni", "subset", "subseteq", "supset",
    "supseteq", "subsetneq", "supsetneq", "sqsubseteq", "sqsupseteq", "cup", "cap", "to",
    "rightarrow", "leftarrow", "Rightarrow", "Leftarrow", "leftrightarrow", "Leftrightarrow",
    "iff", "implies", "impliedby", "longrightarrow", "longleftarrow", "Longrightarrow",
    "Longleftarrow", "longleftrightarrow", "Longleftrightarrow", "hookrightarrow",
    "hookleftarrow", "uparrow", "downarrow", "updownarrow", "Uparrow", "Downarrow",
    "nearrow", "searrow", "swarrow", "nwarrow", "rightharpoonup", "rightleftharpoons",
    "leftrightarrows", "leadsto", "rightsquigarrow", "Lleftarrow", "forall", "exists",
    "nexists", "neg", "lnot", "land", "lor", "cdot", "cdotp", "ldotp", "centerdot", "times",
    "div", "pm", "mp", "bullet", "cdots", "ldots", "dots", "vdots", "ddots", "dotsc",
    "dotsb", "dotsm", "dotsi", "dotso", "mid", "nmid", "parallel", "nparallel", "colon",
    "vert", "Vert", "lvert", "rvert", "lVert", "rVert", "langle", "rangle", "lfloor",
    "rfloor", "lceil", "rceil", "lbrace", "rbrace", "lbrack", "rbrack", "backslash",
    "angle", "measuredangle", "therefore", "because", "checkmark", "top", "bot", "intercal",
    "vartriangle", "blacktriangle", "lhd", "rhd", "unlhd", "unrhd", "surd", "flat", "sharp",
    "natural", "clubsuit", "diamondsuit", "heartsuit", "spadesuit", "lozenge", "complement",
    "triangleleft", "triangleright", "bowtie", "Join", "diamond", "bigcirc", "S", "P",
})
"""Typesetting only, all defined by LaTeX with amsmath and amssymb (and mathrsfs for
\\mathscr). No command here reads, writes, defines or changes catcodes."""

TEXT_COMMANDS = frozenset({"text", "textrm", "textit", "textbf", "textsf", "texttt",
                           "textnormal", "mbox"})
"""Commands whose argument is text mode: `_` and `^` are escaped there."""
DROPPED = frozenset({"nonumber", "notag", "allowbreak", "nobreak", "relax"})
DROPPED_WITH_ARGUMENT = frozenset({"label", "tag", "color", "hspace", "vspace"})
"""Commands that do not change what a formula means; left out (with their argument)."""

SAFE_SYMBOLS = frozenset(",;:!> {}|_#%&$")
"""Control symbols allowed: spacing (`\\,`), escaped specials (`\\_`, `\\%`, `\\{`)."""

ENVIRONMENTS = frozenset({"matrix", "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix",
                          "smallmatrix", "cases", "aligned", "gathered", "split", "array"})
"""Environments a formula may hold; `&` and `\\\\` are allowed only inside one."""

REWRITES = {
    "bm": "\\boldsymbol", "boldmath": "\\boldsymbol", "mathbbm": "\\mathbb",
    "mathds": "\\mathbb", "mathbold": "\\mathbf", "coloneqq": "\\mathrel{:}=",
    "coloneq": "\\mathrel{:}=", "eqqcolon": "=\\mathrel{:}", "defeq": "\\triangleq",
    "lt": "<", "gt": ">", "omicron": "o", "Perp": "\\perp\\!\\!\\!\\perp",
    "independent": "\\perp\\!\\!\\!\\perp", "argmax": "\\operatorname*{arg\\,max}",
    "argmin": "\\operatorname*{arg\\,min}", "dag": "\\dagger", "ddag": "\\ddagger",
    "llbracket": "[\\![", "rrbracket": "]\\!]", "R": "\\mathbb{R}", "E": "\\mathbb{E}",
    "hdots": "\\cdots", "iddots": "\\ddots", "tr": "\\operatorname{tr}",
    "Tr": "\\operatorname{Tr}", "diag": "\\operatorname{diag}",
    "sgn": "\\operatorname{sgn}", "mod": "\\bmod",
    **{"up" + name: "\\" + name for name in GREEK if name.islower()},
}
"""Commands from packages the table does not load, as amsmath/amssymb TeX."""

PACKAGES = {"mathscr": "mathrsfs"}
"""Commands that need a package beyond amsmath and amssymb."""

_TOKEN = re.compile(r"\\(?:[A-Za-z]+\*?|.)|\^\^|[\s\S]", re.DOTALL)
_FORBIDDEN_CHARACTERS = frozenset("#%$\x7f")


def safe_math(latex: str) -> str | None:
    """`latex` (the inside of a formula) as TeX that only typesets, or None when it
    holds anything else (see the module docstring)."""
    return _safe_math(latex)


@lru_cache(maxsize=4096)
def _safe_math(latex: str) -> str | None:
    tokens = _TOKEN.findall(" ".join(latex.split()))
    out: list[str] = []
    depth = 0
    environments: list[str] = []
    text_groups: list[int] = []  # brace depths at which a \text{...} argument opened
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        in_text = bool(text_groups)
        if token == "{":
            depth += 1
            out.append(token)
            continue
        if token == "}":
            depth -= 1
            if depth < 0:
                return None
            if text_groups and text_groups[-1] == depth + 1:
                text_groups.pop()
            out.append(token)
            continue
        if token.startswith("\\") and len(token) > 1:
            converted = _command(token, tokens, index, environments, in_text)
            if converted is None:
                return None
            text, consumed = converted
            index += consumed
            if token[1:] in TEXT_COMMANDS and \
                    index < len(tokens) and tokens[index] == "{":
                text_groups.append(depth + 1)
            out.append(text)
            continue
        if token in _FORBIDDEN_CHARACTERS or token == "^^" or token == "\\":
            return None
        if token == "&" and not environments:
            return None
        if in_text and token in "_^~":
            out.append({"_": "\\_", "^": "\\^{}", "~": "~"}[token])
            continue
        if not token.isascii():
            out.append(unicode_math(token) if not in_text else unicode_text(token))
            continue
        if not token.isprintable() and not token.isspace():
            return None
        out.append(token)
    if depth != 0 or environments:
        return None
    return "".join(out).strip() or None


def _command(token: str, tokens: list[str], index: int, environments: list[str],
             in_text: bool) -> tuple[str, int] | None:
    """A control sequence as safe TeX and how many tokens after it it consumed, or None."""
    name = token[1:]
    if len(name) == 1 or (len(name) == 2 and name.endswith("*")):
        if name == "\\":
            return ("\\\\", 0) if environments else None
        return (token, 0) if name in SAFE_SYMBOLS else None
    star = name.endswith("*")
    bare = name.rstrip("*")
    if bare in DROPPED:
        return "", 0
    if bare in DROPPED_WITH_ARGUMENT:
        skipped = _group_length(tokens, index)
        return ("", skipped) if skipped else None
    if bare in ("begin", "end"):
        environment = _braced_word(tokens, index)
        if environment is None or environment[0].rstrip("*") not in ENVIRONMENTS:
            return None
        word, consumed = environment
        if bare == "begin":
            environments.append(word)
        elif not environments or environments.pop() != word:
            return None
        return f"\\{bare}{{{word}}}", consumed
    if bare in REWRITES and not star:
        return REWRITES[bare], 0
    if bare in SAFE_COMMANDS:
        return token, 0
    if not star and (bare in NAMED_FUNCTIONS or bare in KNOWN_WORDS) and bare.isalpha():
        return f"\\operatorname{{{bare}}}", 0
    return None


def _group_length(tokens: list[str], index: int) -> int:
    """How many tokens the balanced `{...}` at `index` takes (0: none there)."""
    if index >= len(tokens) or tokens[index] != "{":
        return 0
    depth = 0
    for position in range(index, len(tokens)):
        depth += {"{": 1, "}": -1}.get(tokens[position], 0)
        if depth == 0:
            return position - index + 1
    return 0


def _braced_word(tokens: list[str], index: int) -> tuple[str, int] | None:
    """`{name}` right after \\begin or \\end: the name and the tokens it took."""
    if index >= len(tokens) or tokens[index] != "{":
        return None
    word = []
    position = index + 1
    while position < len(tokens) and tokens[position] != "}":
        if not (tokens[position].isalpha() or tokens[position] == "*"):
            return None
        word.append(tokens[position])
        position += 1
    if position >= len(tokens):
        return None
    return "".join(word), position - index + 1


def packages_for(latex: str) -> set[str]:
    """Packages beyond amsmath/amssymb that `latex` (already converted) needs."""
    return {package for command, package in PACKAGES.items() if f"\\{command}" in latex}


# ----------------------------------------------------------------------------- characters

_SCRIPTS = {
    **{c: ("^", d) for c, d in zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ", "0123456789+-=()ni", strict=True)},
    "ᵀ": ("^", "\\top"), "ᵗ": ("^", "t"), "′": ("^", "\\prime"), "″": ("^", "\\prime\\prime"),
    **{c: ("_", d) for c, d in zip("₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓₕ",
                                   "0123456789+-=()aeijklmnoprstuvxh", strict=True)},
}
_COMBINING = {"\u0302": ("hat", "^"), "\u0303": ("tilde", "~"), "\u0304": ("bar", "="),
              "\u0305": ("bar", "="), "\u0307": ("dot", "."), "\u0308": ("ddot", '"'),
              "\u20d7": ("vec", None), "\u0301": ("acute", "'"), "\u0300": ("grave", "`"),
              "\u0306": ("breve", "u"), "\u030c": ("check", "v"), "\u030a": ("mathring", "r"),
              "\u0332": ("underline", None), "\u20db": ("dddot", None)}
_ALPHABET_FONTS = (("BOLD ITALIC", "\\boldsymbol"), ("BOLD SCRIPT", "\\mathcal"),
                   ("BOLD FRAKTUR", "\\mathfrak"), ("SANS-SERIF BOLD ITALIC", "\\mathsf"),
                   ("SANS-SERIF BOLD", "\\mathsf"), ("SANS-SERIF ITALIC", "\\mathsf"),
                   ("SANS-SERIF", "\\mathsf"), ("DOUBLE-STRUCK", "\\mathbb"),
                   ("SCRIPT", "\\mathscr"), ("FRAKTUR", "\\mathfrak"),
                   ("MONOSPACE", "\\mathtt"), ("BOLD", "\\mathbf"), ("ITALIC", ""))
_MATH_SYMBOLS = {"·": "\\cdot", "×": "\\times", "÷": "\\div", "−": "-", "–": "-",
                 "…": "\\ldots", "⋯": "\\cdots", "‖": "\\Vert", "∣": "\\mid", "′": "'",
                 "≔": "\\mathrel{:}=", "≝": "\\triangleq", "∼": "\\sim", "∗": "*",
                 "⊺": "\\intercal", "∅": "\\varnothing", "ℏ": "\\hbar", "ı": "\\imath",
                 "ȷ": "\\jmath", "°": "^{\\circ}", "±": "\\pm", "∓": "\\mp",
                 "\u00a0": "~", "⫫": "\\perp\\!\\!\\!\\perp"}


def _letter_name(name: str) -> str | None:
    """'SMALL X' -> 'x', 'CAPITAL THETA' -> '\\Theta', 'DIGIT ONE' -> '1'."""
    words = name.split()
    if len(words) == 2 and words[0] in ("SMALL", "CAPITAL"):
        letter = words[1]
        if len(letter) == 1:
            return letter.lower() if words[0] == "SMALL" else letter
        greek = letter.lower() if words[0] == "SMALL" else letter.capitalize()
        greek = {"lamda": "lambda", "Lamda": "Lambda", "final sigma": "varsigma"}.get(
            greek, greek)
        return "\\" + greek if greek in GREEK else None
    if len(words) == 2 and words[0] == "DIGIT":
        digits = {"ZERO": "0", "ONE": "1", "TWO": "2", "THREE": "3", "FOUR": "4",
                  "FIVE": "5", "SIX": "6", "SEVEN": "7", "EIGHT": "8", "NINE": "9"}
        return digits.get(words[1])
    return None


@lru_cache(maxsize=2048)
def unicode_math(char: str) -> str:
    """One non-ASCII character as math-mode LaTeX (`\\text{?}` when nothing fits)."""
    if char in _MATH_SYMBOLS:
        return _MATH_SYMBOLS[char]
    if char in _SCRIPTS:
        mark, body = _SCRIPTS[char]
        return f"{mark}{{{body}}}"
    name = unicodedata.name(char, "")
    if name.startswith("MATHEMATICAL "):
        rest = name.removeprefix("MATHEMATICAL ")
        for style, command in _ALPHABET_FONTS:
            if rest.startswith(style + " "):
                letter = _letter_name(rest.removeprefix(style + " "))
                if letter is not None:
                    return f"{command}{{{letter}}}" if command else letter
    if name.startswith(("GREEK SMALL LETTER ", "GREEK CAPITAL LETTER ")):
        letter = _letter_name(name.removeprefix("GREEK ").replace(" LETTER", ""))
        if letter is not None:
            return letter
    if name.startswith(("DOUBLE-STRUCK CAPITAL ", "SCRIPT CAPITAL ", "SCRIPT SMALL ",
                        "BLACK-LETTER CAPITAL ")):
        font = {"DOUBLE-STRUCK": "\\mathbb", "SCRIPT": "\\mathscr",
                "BLACK-LETTER": "\\mathfrak"}[name.split()[0]]
        return f"{font}{{{name.split()[-1]}}}" if "CAPITAL" in name else \
            name.split()[-1].lower()
    encoded = _pylatexenc(char)
    if encoded.startswith("\\ensuremath{") and encoded.endswith("}"):
        inner = encoded[len("\\ensuremath{"):-1]
        return inner if _safe_math(inner) is not None else "\\text{?}"
    return f"\\text{{{encoded}}}" if encoded != "?" else "\\text{?}"


def _pylatexenc(char: str) -> str:
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    encoder = _encoder(UnicodeToLatexEncoder)
    text = encoder.unicode_to_latex(char)
    return "?" if "?" in text and char != "?" else text


@lru_cache(maxsize=1)
def _encoder(kind: type) -> object:
    return kind(non_ascii_only=True, unknown_char_policy="replace",
                unknown_char_warning=False, replacement_latex_protection="braces-all")


def is_cjk(char: str) -> bool:
    """Characters that need a CJK font (ctex): ideographs, kana, hangul, full-width forms."""
    return unicodedata.east_asian_width(char) in ("W", "F") and not \
        unicodedata.name(char, "").startswith(("MATHEMATICAL", "BLACK"))


def needs_cjk(text: str) -> bool:
    return any(not char.isascii() and is_cjk(char) for char in text)


@lru_cache(maxsize=4096)
def unicode_text(char: str) -> str:
    """One non-ASCII character as text-mode LaTeX; CJK is kept as is (ctex sets it)."""
    if is_cjk(char):
        return char
    if char in _SCRIPTS:
        return f"\\ensuremath{{{unicode_math(char)}}}"
    text_symbols = {"“": "``", "”": "''", "‘": "`", "’": "'", "–": "--", "—": "---",
                    "…": "\\ldots{}", "\u00a0": "~", "−": "\\ensuremath{-}",
                    "·": "\\ensuremath{\\cdot}", "×": "\\ensuremath{\\times}"}
    if char in text_symbols:
        return text_symbols[char]
    math = unicode_math(char)
    if not math.startswith("\\text{"):
        return f"\\ensuremath{{{math}}}"
    return math[len("\\text{"):-1]


def encode_text(text: str) -> str:
    """Prose as text-mode LaTeX: specials escaped, Unicode spelled in LaTeX, a
    combining accent on the character before it, runs of scripts merged (x₁₂ -> x_{12})."""
    out: list[str] = []
    for unit in _units(text):
        out.append(_encode_text_unit(unit))
    return "".join(out)


_SPECIALS = {"\\": "\\textbackslash{}", "&": "\\&", "%": "\\%", "$": "\\$", "#": "\\#",
             "_": "\\_", "{": "\\{", "}": "\\}", "~": "\\textasciitilde{}",
             "^": "\\textasciicircum{}", "<": "\\textless{}", ">": "\\textgreater{}",
             "|": "\\textbar{}", '"': "''"}


def _encode_text_unit(unit: str) -> str:
    if len(unit) == 1:
        if unit.isascii():
            if not unit.isprintable():
                return " " if unit.isspace() else ""
            return _SPECIALS.get(unit, unit)
        if unicodedata.category(unit) in ("Cc", "Cf", "Zl", "Zp"):
            return " " if unit in "\u2028\u2029" else ""
        return unicode_text(unit)
    if unit[0] in _SCRIPTS:  # a run of sub- or superscripts
        return "\\ensuremath{" + _scripts_math(unit) + "}"
    base, marks = unit[0], unit[1:]
    math = unicode_math(base) if not base.isascii() else base
    if base.isascii() and base.isalpha() and all(_COMBINING[m][1] for m in marks):
        result = base
        for mark in marks:
            result = f"\\{_COMBINING[mark][1]}{{{result}}}"
        return result
    result = math if math and not math.startswith("\\text{") else base
    for mark in marks:
        result = f"\\{_COMBINING[mark][0]}{{{result}}}"
    return f"\\ensuremath{{{result}}}"


def _units(text: str) -> list[str]:
    """Characters, with combining accents attached to their base and runs of
    same-kind scripts grouped."""
    units: list[str] = []
    for char in text:
        if char in _COMBINING and units and units[-1][0] not in _SCRIPTS:
            units[-1] += char
        elif unicodedata.combining(char) and char not in _COMBINING:
            continue  # an accent with no LaTeX twin: the base letter alone
        elif char in _SCRIPTS and units and units[-1][0] in _SCRIPTS and \
                _SCRIPTS[units[-1][0]][0] == _SCRIPTS[char][0]:
            units[-1] += char
        else:
            units.append(char)
    return units


def _scripts_math(run: str) -> str:
    mark = _SCRIPTS[run[0]][0]
    return mark + "{" + "".join(_SCRIPTS[char][1] for char in run) + "}"


def encode_math_unicode(latex: str) -> str:
    """Math with its non-ASCII characters spelled in LaTeX (for safe_math's input)."""
    if latex.isascii():
        return latex
    out: list[str] = []
    for unit in _units(latex):
        if unit.isascii():
            out.append(unit)
        elif unit[0] in _SCRIPTS:
            out.append(_scripts_math(unit))
        elif len(unit) > 1:
            result = unicode_math(unit[0]) if not unit[0].isascii() else unit[0]
            for mark in unit[1:]:
                result = f"\\{_COMBINING[mark][0]}{{{result}}}"
            out.append(result)
        else:
            out.append(unicode_math(unit) if not is_cjk(unit) else f"\\text{{{unit}}}")
    return " ".join("".join(out).split()) if out else latex
