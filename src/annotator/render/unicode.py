"""Math as Unicode text, for terminals and plain text: 𝐱, 𝓛, ℝⁿ, θ̂, ∇_θ, d_model.

Letters take the Unicode mathematical alphabets (bold, script, double-struck, fraktur,
sans-serif, monospace), Greek letters and operators their own characters, accents
combining marks; digits and simple letters in scripts become Unicode sub/superscripts
where those exist (x², xᵢ), otherwise `_{...}`. pylatexenc's table fills in the rest.
"""

from __future__ import annotations

from functools import lru_cache

from ..mathparse import Atom, Command, Fenced, Group, Node, Scripted, Text

_GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "varkappa": "ϰ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "omicron": "ο", "pi": "π",
    "varpi": "ϖ", "rho": "ρ", "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ",
    "upsilon": "υ", "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "digamma": "ϝ", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ",
    "Pi": "Π", "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    "ell": "ℓ", "hbar": "ℏ", "imath": "ı", "jmath": "ȷ", "aleph": "ℵ", "wp": "℘", "Re": "ℜ",
    "Im": "ℑ", "infty": "∞", "emptyset": "∅", "varnothing": "∅", "beth": "ℶ", "mho": "℧",
}
_SYMBOLS = {
    "nabla": "∇", "partial": "∂", "sum": "∑", "prod": "∏", "coprod": "∐", "int": "∫",
    "iint": "∬", "iiint": "∭", "oint": "∮", "bigcup": "⋃", "bigcap": "⋂", "bigoplus": "⨁",
    "bigotimes": "⨂", "bigodot": "⨀", "bigvee": "⋁", "bigwedge": "⋀", "odot": "⊙",
    "otimes": "⊗", "oplus": "⊕", "ominus": "⊖", "oslash": "⊘", "circ": "∘", "ast": "∗",
    "star": "⋆", "dagger": "†", "ddagger": "‡", "wedge": "∧", "vee": "∨", "setminus": "∖",
    "sim": "∼", "propto": "∝", "approx": "≈", "triangleq": "≜", "coloneqq": "≔",
    "defeq": "≝", "equiv": "≡", "perp": "⊥", "models": "⊨", "vdash": "⊢", "mapsto": "↦",
    "simeq": "≃", "cong": "≅", "asymp": "≍", "doteq": "≐", "ll": "≪", "gg": "≫", "prec": "≺",
    "succ": "≻", "preceq": "⪯", "succeq": "⪰", "lesssim": "≲", "gtrsim": "≳", "le": "≤",
    "leq": "≤", "ge": "≥", "geq": "≥", "neq": "≠", "ne": "≠", "in": "∈", "notin": "∉",
    "ni": "∋", "subset": "⊂", "subseteq": "⊆", "supset": "⊃", "supseteq": "⊇", "cup": "∪",
    "cap": "∩", "to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←",
    "Rightarrow": "⇒", "Leftarrow": "⇐", "leftrightarrow": "↔", "Leftrightarrow": "⇔",
    "iff": "⇔", "implies": "⟹", "longrightarrow": "⟶", "forall": "∀", "exists": "∃",
    "nexists": "∄", "neg": "¬", "lnot": "¬", "land": "∧", "lor": "∨", "cdot": "·",
    "times": "×", "div": "÷", "pm": "±", "mp": "∓", "bullet": "•", "cdots": "⋯",
    "ldots": "…", "dots": "…", "vdots": "⋮", "ddots": "⋱", "mid": "∣", "parallel": "∥",
    "langle": "⟨", "rangle": "⟩", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉",
    "|": "‖", "Vert": "‖", "lVert": "‖", "rVert": "‖", "vert": "|", "lvert": "|",
    "rvert": "|", "{": "{", "}": "}", "top": "⊤", "intercal": "⊺", "bot": "⊥",
    "prime": "′", "angle": "∠", "colon": ":", "lbrace": "{", "rbrace": "}", "uplus": "⊎",
    "sqcup": "⊔", "triangle": "△", "Box": "□", "square": "□", "Diamond": "◇",
    "independent": "⫫", "Perp": "⫫", "leadsto": "⇝", "rightsquigarrow": "⇝",
    "hookrightarrow": "↪", "uparrow": "↑", "downarrow": "↓", "therefore": "∴",
}
_ACCENTS = {"hat": "\u0302", "tilde": "\u0303", "bar": "\u0304", "vec": "\u20d7",
            "dot": "\u0307", "ddot": "\u0308", "check": "\u030c", "breve": "\u0306",
            "acute": "\u0301", "grave": "\u0300", "ring": "\u030a", "underline": "\u0332",
            "dddot": "\u20db"}
_SUPER_FROM, _SUPER_TO = "0123456789+-=()niTt*′⊤", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵀᵗ*′ᵀ"
_SUB_FROM, _SUB_TO = "0123456789+-=()aeijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"
_ALPHABETS = {  # (first capital, first small) code points of each mathematical alphabet
    "bold": (0x1D400, 0x1D41A), "bold-it": (0x1D468, 0x1D482), "cal": (0x1D4D0, 0x1D4EA),
    "scr": (0x1D49C, 0x1D4B6), "frak": (0x1D504, 0x1D51E), "bb": (0x1D538, 0x1D552),
    "sf": (0x1D5A0, 0x1D5BA), "bold-sf": (0x1D5D4, 0x1D5EE), "tt": (0x1D670, 0x1D68A),
}
# Letters the alphabets leave out: they live in the Letterlike Symbols block.
_HOLES = {("scr", "B"): "ℬ", ("scr", "E"): "ℰ", ("scr", "F"): "ℱ", ("scr", "H"): "ℋ",
          ("scr", "I"): "ℐ", ("scr", "L"): "ℒ", ("scr", "M"): "ℳ", ("scr", "R"): "ℛ",
          ("scr", "e"): "ℯ", ("scr", "g"): "ℊ", ("scr", "o"): "ℴ", ("frak", "C"): "ℭ",
          ("frak", "H"): "ℌ", ("frak", "I"): "ℑ", ("frak", "R"): "ℜ", ("frak", "Z"): "ℨ",
          ("bb", "C"): "ℂ", ("bb", "H"): "ℍ", ("bb", "N"): "ℕ", ("bb", "P"): "ℙ",
          ("bb", "Q"): "ℚ", ("bb", "R"): "ℝ", ("bb", "Z"): "ℤ"}
_BOLD_DIGITS, _BB_DIGITS = 0x1D7CE, 0x1D7D8
_BOLD_GREEK = {name: chr(0x1D6C2 + i) for i, name in enumerate((
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
    "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "varsigma", "sigma", "tau", "upsilon",
    "varphi", "chi", "psi", "omega"))}
_FUNCTION_NAMES = {"argmax": "arg max", "argmin": "arg min"}


def styled(char: str, font: str) -> str:
    """One letter or digit in a mathematical alphabet: styled('x', 'bold') = '𝐱'."""
    font = {"bold-rm": "bold", "rm": "", "": ""}.get(font, font)
    if not font or len(char) != 1:
        return char
    if (font, char) in _HOLES:
        return _HOLES[(font, char)]
    if char.isdigit():
        if "bold" in font:
            return chr(_BOLD_DIGITS + int(char))
        if font == "bb":
            return chr(_BB_DIGITS + int(char))
        return char
    if not ("A" <= char <= "Z" or "a" <= char <= "z"):
        return char
    family = font if font in _ALPHABETS else ("bold" if "bold" in font else "")
    if not family:
        return char
    capital, small = _ALPHABETS[family]
    return chr(capital + ord(char) - 65) if char.isupper() else chr(small + ord(char) - 97)


def letter(name: str, font: str = "") -> str:
    """A letter-like name in a font: letter('theta', 'bold') = '𝛉'."""
    if name in _GREEK:
        if "bold" in font and name in _BOLD_GREEK:
            return _BOLD_GREEK[name]
        return _GREEK[name]
    if len(name) == 1:
        return styled(name, font)
    if name.isascii() and name.isupper():
        return "".join(styled(c, font) for c in name)  # \mathcal{TC}: 𝒯𝒞
    return name


def with_accents(text: str, accents: tuple[str, ...]) -> str:
    """A combining accent on a single character (θ̂), else hat(x+y); innermost first."""
    for accent in reversed(accents):
        mark = _ACCENTS.get(accent)
        text = text + mark if mark and len(text) == 1 else f"{accent}({text})"
    return text


def script(text: str, superscript: bool) -> str:
    """x² and xᵢ where Unicode has every character, else ^{...} / _{...}."""
    source, target = (_SUPER_FROM, _SUPER_TO) if superscript else (_SUB_FROM, _SUB_TO)
    if text and all(char in source for char in text):
        return text.translate(str.maketrans(source, target))
    mark = "^" if superscript else "_"
    return mark + (text if len(text) == 1 or text.isalnum() else "{" + text + "}")


def to_unicode(nodes: list[Node]) -> str:
    out: list[str] = []
    previous_word = False
    for node in nodes:
        part = _node(node)
        word = _is_word(node)
        if out and part and (word or previous_word) and out[-1][-1:].isalnum() \
                and part[:1].isalnum():
            out.append(" ")  # log p, not logp; but QKᵀ stays a product
        out.append(part)
        previous_word = word
    return "".join(out)


def _is_word(node: Node) -> bool:
    base = node.base if isinstance(node, Scripted) else node
    return (isinstance(base, Atom) and base.kind in ("word", "function")) \
        or isinstance(base, Text)


def _node(node: Node) -> str:
    if isinstance(node, Atom):
        return _atom(node)
    if isinstance(node, Scripted):
        text = _node(node.base) + "′" * node.primes
        if node.sub is not None:
            text += script(to_unicode(node.sub.children), superscript=False)
        if node.sup is not None:
            text += script(to_unicode(node.sup.children), superscript=True)
        return text
    if isinstance(node, Group):
        return to_unicode(node.children)
    if isinstance(node, Fenced):
        left = {"\\|": "‖", "\\lVert": "‖", "\\Vert": "‖", "\\langle": "⟨", "\\lfloor": "⌊",
                "\\lceil": "⌈", "\\{": "{", "\\lbrace": "{", "\\lvert": "|", "\\vert": "|",
                ".": ""}.get(node.left, node.left)
        right = {"\\|": "‖", "\\rVert": "‖", "\\Vert": "‖", "\\rangle": "⟩",
                 "\\rfloor": "⌋", "\\rceil": "⌉", "\\}": "}", "\\rbrace": "}",
                 "\\rvert": "|", "\\vert": "|", ".": ""}.get(node.right, node.right)
        return left + to_unicode(node.children) + right
    if isinstance(node, Command):
        return _command(node)
    if isinstance(node, Text):
        return node.words + (" " + to_unicode(node.children) if node.children else "")
    return ""


def _atom(atom: Atom) -> str:
    kind = atom.kind
    if kind == "letter":
        return with_accents(letter(atom.name, atom.font), atom.accents)
    if kind == "number":
        return "".join(styled(c, atom.font) for c in atom.name)
    if kind in ("word", "function"):
        return _FUNCTION_NAMES.get(atom.name, atom.name)
    if kind == "placeholder":
        return "□"
    if atom.name in ("quad", "qquad"):  # kept by mathparse as a clause break: a wide space
        return "\u2003" if atom.name == "quad" else "\u2003\u2003"
    if atom.name == "|":  # a bare bar; `\|` (named "\\|") is the double bar
        return "|"
    if atom.name in _SYMBOLS:
        return _SYMBOLS[atom.name]
    if atom.name.startswith("\\") and atom.name[1:] in _SYMBOLS:
        return _SYMBOLS[atom.name[1:]]
    if atom.name in _GREEK:  # the constants read as ordinary symbols: ∞, ∅ (\varnothing)
        return _GREEK[atom.name]
    if kind in ("separator",):
        return ""
    if len(atom.name) > 1 and atom.kind == "other":
        return _pylatexenc("\\" + atom.name)
    return atom.name


def _command(command: Command) -> str:
    args = [to_unicode(a.children) for a in command.args]
    name = command.name
    if name.startswith("accent:"):
        return with_accents(args[0], (name.split(":", 1)[1],))
    if name in ("frac", "dfrac", "tfrac", "cfrac") and len(args) == 2:
        return f"{_wrap(args[0])}/{_wrap(args[1])}"
    if name == "sqrt":
        return ("∛" if args[:1] == ["3"] else "√") + _wrap(args[-1])
    if name in ("binom", "dbinom", "tbinom") and len(args) == 2:
        return f"C({args[0]}, {args[1]})"
    return " ".join(args)


def _wrap(text: str) -> str:
    return text if len(text) <= 1 or text.isalnum() else f"({text})"


@lru_cache(maxsize=512)
def _pylatexenc(latex: str) -> str:
    from pylatexenc.latex2text import LatexNodes2Text
    try:
        return LatexNodes2Text(math_mode="text").latex_to_text(latex).strip() or latex
    except Exception:  # pylatexenc's parser on odd input: show the LaTeX itself
        return latex


@lru_cache(maxsize=4096)
def latex_to_unicode(latex: str) -> str:
    """A formula or symbol as Unicode text."""
    from ..patterns import parse_formula
    return to_unicode(parse_formula(latex))

