"""One canonical key per symbol, decided with the whole paper in view.

Identity rules (each one a test case in tests/test_symbols.py):
- `x^{(i)}`, `x_i`, `x_1`, `x_N`: one symbol x; the scripts are a sample or component
  index. `x^2` is a power. Neither is part of the key.
- `\\boldsymbol{W}^\\top`, `\\mathbf{W}^T`, `\\bm{W}^{\\intercal}`: bold W, transposed; the
  transpose is not part of the identity, its spelling is kept as the occurrence's variant.
- `\\hat{\\theta}`, `\\theta^*`, `\\tilde{x}`, `\\bar{x}`: distinct from \\theta and x.
- `d_{\\text{model}}` = `d_{model}` (a multi-letter label is part of the name: d_model),
  `W^Q_i` is W^Q with a running index i.
- A single-letter subscript is a running index when the paper uses that letter as one
  (bound by a sum or a range, `i = 1, ..., n`, or always for i and j), or when the same
  symbol also has numeric indices (x_1 ... x_N); otherwise it names the symbol: `d_k`
  (the key dimension) stays d_k in a paper where k is never an index.
- A label that carries a running index is the label alone: `g_{\\phi_t}`, `g_{\\phi_1}`,
  `g_{\\phi_{T+1}}` are all g_phi; `W_{t_0}`, `W_{t_n}` are W at those times, like W_t. A
  bold Greek label is the plain one (`\\sigma_{\\bm{\\theta}}` is σ_θ).
- Roles: `p_\\theta`, `q_\\phi(z \\mid x)`, `\\mathcal{N}(0, I)`, what follows a `\\sim` are
  distributions (`role_of`).

Keys are compact and readable: `x`, `theta`, `bold:W`, `cal:L`, `bb:E`, `hat(theta)`,
`theta*`, `d_model`, `W^Q`, `p_theta`, `log`, `softmax`, `nabla`, `sum`, `norm`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from .latex_tables import (
    DISTRIBUTION_WORDS,
    GREEK,
    KNOWN_WORDS,
    NAMED_FUNCTIONS,
    TRANSPOSE_SPELLINGS,
)
from .latexify import accent_command, function_latex, letter_latex, to_latex, with_font
from .mathparse import Atom, Fenced, Node, Scripted, Text
from .model import Label, Location, Occurrence, Symbol, SymbolId
from .tokenize import RawSymbol

DEFAULT_INDEX_LETTERS = frozenset({"i", "j"})
"""Letters that are running indices in any paper (x_i, W_{ij})."""
TIME_LETTERS = frozenset({"t"})
"""x_t is a time step unless the paper says otherwise."""

_STRUCTURE_LATEX = {"norm": "\\|\\cdot\\|", "abs": "|\\cdot|",
                    "inner": "\\langle\\cdot,\\cdot\\rangle", "floor": "\\lfloor\\cdot\\rfloor",
                    "ceil": "\\lceil\\cdot\\rceil"}
_RELATION_LATEX = {"defeq": "\\stackrel{\\text{def}}{=}", "coloneqq": "\\coloneqq"}
_OPERATOR_LETTERS = frozenset({("bb", "E"), ("bb", "P"), ("bb", "V"), ("rm", "E"),
                               ("rm", "P"), ("bb", "1"), ("rm", "d")})
"""Letters that act as operators: their scripts are arguments, never part of the name."""
STAR_NAMES = frozenset({"*", "ast", "star"})
"""Spellings of the star that marks an optimum (`\\theta^*`, `\\pi^{\\star}`)."""
ORDINAL_SUFFIXES = frozenset({"th", "st", "nd", "rd"})
_DAGGER_NAMES = frozenset({"dagger", "+"})


@dataclass
class Evidence:
    """What the whole paper says about its scripts."""

    index_letters: set[str] = field(default_factory=set)
    """Letters used as running indices anywhere."""
    indexed: set[tuple[str, str, tuple[str, ...]]] = field(default_factory=set)
    """(font, base, accents) of symbols that also carry numeric or compound indices."""


@dataclass(frozen=True, slots=True)
class ScriptReading:
    """How a symbol's scripts were read."""

    sub: Label | None = None
    sup: Label | None = None
    mods: str = ""
    roles: tuple[str, ...] = ()
    sub_rest: str = ""
    sup_rest: str = ""
    variant: str = ""
    identity_end: int = -1
    """Offset where the identity part (nucleus + label scripts) ends, -1 for the nucleus."""


CAPITAL_INDEX_LETTERS = frozenset("NTMLKDHIJ")
r"""Capitals that end a range of indices (`x_1, \dots, x_N`, `h_T`): a capital subscript
of an indexed family is an index only when it is one of these. `W_Q` beside `W_0` is
still the query matrix, not the Q-th W."""


def gather_evidence(raws: Iterable[RawSymbol], bound: Iterable[str]) -> Evidence:
    """Index letters and indexed families of a paper."""
    evidence = Evidence(index_letters=set(DEFAULT_INDEX_LETTERS) | TIME_LETTERS | set(bound))
    for raw in raws:
        if raw.kind != "variable" or raw.sub is None:
            continue
        items = split_items(raw.sub.children)
        if len(items) > 1 or any(is_numeric(item) or is_index_expression(item)
                                 or is_paren_index(item) or is_slice(item) for item in items):
            evidence.indexed.add((raw.font, raw.base, raw.accents))  # x_1, A_{i,j}, A_{i,:}
    return evidence


# ------------------------------------------------------------------ node helpers

def split_items(nodes: list[Node]) -> list[list[Node]]:
    """Comma-separated items of a script: `i,j` gives [[i], [j]]."""
    items: list[list[Node]] = [[]]
    for node in nodes:
        if isinstance(node, Atom) and node.kind == "ordinary" and node.name == ",":
            items.append([])
        elif not (isinstance(node, Atom) and node.kind == "separator"):
            items[-1].append(node)
    return [item for item in items if item]


def _atom(item: list[Node]) -> Atom | None:
    return item[0] if len(item) == 1 and isinstance(item[0], Atom) else None


def is_numeric(item: list[Node]) -> bool:
    """`1`, `12`, `-1`, `1/2`: numbers and signs only."""
    return all(isinstance(n, Atom) and (n.kind == "number" or n.name in ("-", "/", "."))
               for n in item) and any(isinstance(n, Atom) and n.kind == "number" for n in item)


def is_index_expression(item: list[Node]) -> bool:
    """`t-1`, `i+1`, `2i`, `n-k+1`: letters and numbers joined by + and -."""
    atoms = [n for n in item if isinstance(n, Atom)]
    if not atoms or len(atoms) != len(item):
        return False
    if not all((a.kind == "letter" and not a.font and len(a.name) == 1 and a.name.isascii())
               or a.kind == "number" or a.name in ("+", "-") for a in atoms):
        return False
    if any(a.name in ("+", "-") for a in atoms):
        return True
    return len(atoms) == 2 and atoms[0].kind == "number" and atoms[1].kind == "letter"


def is_slice(item: list[Node]) -> bool:
    """`:` in `A_{i,:}` (a whole row), or `\\cdot` in `A_{\\cdot,j}`."""
    return len(item) == 1 and isinstance(item[0], Atom) and item[0].name in (":", "cdot", "*")


def is_paren_index(item: list[Node]) -> bool:
    """`(i)`, `(t)`, `(l+1)`, `(1)`: the index of a sample, step or layer."""
    if len(item) == 1 and isinstance(item[0], Fenced) and item[0].kind == "paren":
        inner = item[0].children
    elif len(item) >= 3 and isinstance(item[0], Atom) and item[0].name == "(" \
            and isinstance(item[-1], Atom) and item[-1].name == ")":
        inner = item[1:-1]
    else:
        return False
    return bool(inner) and all(
        isinstance(n, Atom) and (n.kind in ("letter", "number") or n.name in ("+", "-", ","))
        for n in inner)


def _letters_run(item: list[Node]) -> str | None:
    """`model` written as italic letters (d_{model}): the word, or None."""
    atoms = [n for n in item if isinstance(n, Atom)]
    if len(item) < 2 or len(atoms) != len(item):
        return None
    if all(a.kind == "letter" and not a.font and len(a.name) == 1 and a.name.isascii()
           for a in atoms):
        return "".join(a.name for a in atoms)
    return None


def _word(item: list[Node]) -> str | None:
    """A word given as \\text{enc}, \\mathrm{KL}, an upright word, or italic letters."""
    atom = _atom(item)
    if atom is not None and atom.kind in ("word", "function"):
        return atom.name
    if len(item) == 1 and isinstance(item[0], Text) and item[0].words \
            and " " not in item[0].words:
        return item[0].words
    return _letters_run(item)


def _key_of_nodes(nodes: list[Node]) -> str:
    """Compact key text of script content: `model`, `theta`, `{theta_0}`, `Q`."""
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, Atom):
            text = node.name
            if node.font:
                text = f"{node.font}:{text}"
            for accent in reversed(node.accents):
                text = f"{accent}({text})"
            parts.append(text)
        elif isinstance(node, Text):
            parts.append(node.words)
        elif isinstance(node, Scripted):
            inner = _key_of_nodes([node.base])
            if node.sub is not None:
                inner += "_" + _key_of_nodes(node.sub.children)
            if node.sup is not None:
                inner += "^" + _key_of_nodes(node.sup.children)
            parts.append(inner)
        else:
            parts.append(to_latex([node]))
    text = "".join(parts) if all(len(p) == 1 for p in parts) else ",".join(parts)
    simple = text.replace(":", "").isalnum() or text.isalnum()
    return text if simple else "{" + text + "}"


def make_label(item: list[Node]) -> Label:
    """A label from a script item; multi-letter words are upright (`\\mathrm{model}`). A
    Greek parameter names the same thing in bold or not: `\\sigma_{\\bm{\\theta}}` is σ_θ."""
    atom = _atom(item)
    if atom is not None and atom.kind == "letter" and atom.font == "bold" \
            and not atom.accents and atom.name in GREEK and atom.name[0].islower():
        return Label(atom.name, "\\" + atom.name)
    word = _word(item)
    if word is not None and len(word) > 1:
        return Label(word, "\\mathrm{" + word + "}")
    return Label(_key_of_nodes(item), to_latex(item))


def _join_labels(labels: list[Label]) -> Label | None:
    if not labels:
        return None
    if len(labels) == 1:
        return labels[0]
    return Label(",".join(label.key for label in labels),
                 ",".join(label.latex for label in labels))


# ------------------------------------------------------------ script classification

def read_scripts(raw: RawSymbol, evidence: Evidence) -> ScriptReading:
    """Which parts of a symbol's scripts name it, and what the rest are."""
    # Scripts of operators and of named functions are ranges and arguments (\max_x, \log_2);
    # a paper's own upright word takes labels and indices like a letter (\mathrm{head}_i).
    own_word = raw.kind == "function" and raw.base not in NAMED_FUNCTIONS \
        and raw.base not in KNOWN_WORDS
    operator_like = (raw.kind != "variable" and not own_word) \
        or (raw.font, raw.base) in _OPERATOR_LETTERS
    if operator_like:
        roles = tuple(r for r, s in (("range", raw.sub), ("argument", raw.sup)) if s is not None)
        mods = "'" * raw.primes
        return ScriptReading(mods=mods, roles=roles,
                             sub_rest=to_latex(raw.sub.children) if raw.sub else "",
                             sup_rest=to_latex(raw.sup.children) if raw.sup else "")
    sub_labels, sub_rest, roles = _read_subscript(raw, evidence)
    sup_label, mods, sup_rest, sup_roles, variant = _read_superscript(raw, evidence)
    identity_end = raw.end
    if sub_labels and raw.sub is not None:
        identity_end = max(identity_end, raw.sub.end)
    if (sup_label is not None or mods.strip("'")) and raw.sup is not None:
        identity_end = max(identity_end, raw.sup.end)
    return ScriptReading(sub=_join_labels(sub_labels), sup=sup_label,
                         mods=mods + "'" * raw.primes, roles=roles + sup_roles,
                         sub_rest=sub_rest, sup_rest=sup_rest, variant=variant,
                         identity_end=identity_end)


def _read_subscript(raw: RawSymbol, evidence: Evidence
                    ) -> tuple[list[Label], str, tuple[str, ...]]:
    if raw.sub is None:
        return [], "", ()
    labels: list[Label] = []
    rest: list[list[Node]] = []
    roles: list[str] = []
    family_indexed = (raw.font, raw.base, raw.accents) in evidence.indexed
    for item in split_items(raw.sub.children):
        inner = _indexed_label(item, evidence)
        if inner is not None:  # g_{\phi_t}: the label phi, at step t; W_{t_0}: W at time t_0
            label, index = inner
            if label is not None:
                labels.append(make_label(label))
            rest.append(index)
            roles.append("index")
            continue
        kind = _subscript_item_kind(item, family_indexed, evidence, raw.font)
        if kind == "label":
            labels.append(make_label(item))
        else:
            rest.append(item)
            roles.append(kind)
    rest_latex = ",".join(to_latex(item) for item in rest)
    return labels, rest_latex, tuple(dict.fromkeys(roles))


def _indexed_label(item: list[Node], evidence: Evidence
                   ) -> tuple[list[Node] | None, list[Node]] | None:
    """A subscript item that itself carries a running index: (its label, the indexed part).

    `g_{\\phi_t}`, `g_{\\phi_1}`, `g_{\\phi_{T+1}}` are all g_phi (label phi, index t, 1,
    T+1); `W_{t_0}`, `W_{t_n}` are W at the times t_0, t_n: one family with W_t (no label).
    None when the item is anything else (`\\theta_{\\mathrm{old}}` keeps its whole name)."""
    if len(item) != 1 or not isinstance(item[0], Scripted):
        return None
    node = item[0]
    base = node.base
    if node.sup is not None or node.primes or node.sub is None \
            or not isinstance(base, Atom) or base.kind != "letter":
        return None
    inner = split_items(node.sub.children)
    if not inner or not all(_running_index(part, evidence) for part in inner):
        return None
    if _plain_index_letter(base, evidence):
        return None, item  # W_{t_0}: the time t_0 is an index of W, like t in W_t
    return [base], node.sub.children


def _running_index(item: list[Node], evidence: Evidence) -> bool:
    """`1`, `t`, `t-1`, `T+1`, `(i)`, `N`: a position in a sequence, never a name."""
    if is_numeric(item) or is_index_expression(item) or is_paren_index(item):
        return True
    atom = _atom(item)
    if atom is None or atom.kind != "letter" or atom.font or atom.accents:
        return False
    # a lone lowercase letter two levels down is a position (t_n, \\phi_k), never a name
    return (len(atom.name) == 1 and atom.name.islower() and atom.name.isascii()) \
        or atom.name in CAPITAL_INDEX_LETTERS


def _plain_index_letter(atom: Atom, evidence: Evidence) -> bool:
    return atom.kind == "letter" and not atom.font and not atom.accents \
        and len(atom.name) == 1 and atom.name in evidence.index_letters


def _subscript_item_kind(item: list[Node], family_indexed: bool, evidence: Evidence,
                         font: str) -> str:
    if font == "bb":  # \mathbb{R}_{+}, \mathbb{R}_{\ge 0}: a restriction, not a name
        return "label" if _word(item) else "argument"
    if is_numeric(item) or is_index_expression(item) or is_paren_index(item) or is_slice(item):
        return "index"
    atom = _atom(item)
    if atom is not None and atom.kind == "letter" and not atom.accents:
        name = atom.name
        if atom.font or len(name) > 1:  # \ell_{\mathcal{D}}, p_{\theta}, \pi_{\phi}
            return "label"
        if name.islower():
            return "index" if name in evidence.index_letters or family_indexed else "label"
        return "index" if family_indexed and name in CAPITAL_INDEX_LETTERS else "label"
    word = _word(item)
    if word is not None:
        letters = _letters_run(item)
        if letters is not None and all(c in evidence.index_letters for c in letters):
            return "index"  # W_{ij}
        return "label"
    if len(item) == 1 and isinstance(item[0], Scripted | Atom):
        return "label"  # \theta_{t_0}-like names, accented letters
    return "argument"


def _read_superscript(raw: RawSymbol, evidence: Evidence
                      ) -> tuple[Label | None, str, str, tuple[str, ...], str]:
    """(label, mods, rest, roles, variant) of a superscript."""
    if raw.sup is None:
        return None, "", "", (), ""
    nodes = list(raw.sup.children)
    roles: list[str] = []
    mods = ""
    variant = ""
    # Peel off stars, primes, transposes and daggers wherever they stand: ^{*}, ^{(i)\top}.
    kept: list[Node] = []
    for node in nodes:
        spelling = to_latex([node])
        if isinstance(node, Atom) and node.name in STAR_NAMES:
            mods += "*"
        elif isinstance(node, Atom) and node.name == "prime":
            mods += "'"
        elif spelling in TRANSPOSE_SPELLINGS and not (
                spelling == "T" and raw.font == "" and raw.base == "T"):
            roles.append("transpose")
            variant = "^" + spelling
        elif isinstance(node, Atom) and node.name in _DAGGER_NAMES:
            roles.append("pseudo-inverse")
        else:
            kept.append(node)
    if _is_minus(kept) and "transpose" in roles:  # W^{-\top}
        roles.append("inverse")
        kept = []
    if not kept:
        return None, mods, "", tuple(roles), variant
    kind = _superscript_kind(kept, raw, evidence)
    if kind == "label":
        return make_label(kept), mods, "", tuple(roles), variant
    roles.append(kind)
    return None, mods, to_latex(kept), tuple(roles), variant


def _is_minus(nodes: list[Node]) -> bool:
    return len(nodes) == 1 and isinstance(nodes[0], Atom) and nodes[0].name == "-"


_COUNT_BASES = frozenset("nmk")
r"""Italic letters that count (n samples, m features, k steps): a Greek letter above one
is an exponent (`t_n \propto n^\beta`), where above another letter it labels it (V^π)."""


def _superscript_kind(item: list[Node], raw: RawSymbol, evidence: Evidence) -> str:
    if raw.font == "bb" or raw.base == "e":  # \mathbb{R}^{n \times d}; e^{x}
        return "power"
    if len(item) == 2 and isinstance(item[0], Atom) and item[0].name == "-" \
            and isinstance(item[1], Atom) and item[1].name == "1":
        return "inverse"
    if is_paren_index(item):
        return "sample-index"
    if is_numeric(item):
        return "power"
    if (_word(item) or "") in ORDINAL_SUFFIXES:
        return "ordinal"  # the j^{th} column: j itself
    atom = _atom(item)
    if atom is not None and atom.kind == "letter" and not atom.accents:
        name = atom.name
        if name in GREEK and not atom.font and raw.base in _COUNT_BASES and not raw.font \
                and not raw.accents:
            return "power"  # n^\alpha, k^\gamma: a count raised to a rate, not a labelled n
        if atom.font or name in GREEK or len(name) > 1:  # V^{\pi}, x^{\mathrm{adv}}
            return "label"
        if name.isupper():  # W^Q, W^K, W^V
            return "label"
        return "index" if name in evidence.index_letters - TIME_LETTERS else "power"
    word = _word(item)
    if word is not None and _letters_run(item) is None:
        return "label"  # x^{\text{adv}}
    if word is not None and len(word) > 2:
        return "label"  # x^{adv}
    return "power"


# --------------------------------------------------------------------- keys

def symbol_id(raw: RawSymbol, reading: ScriptReading) -> SymbolId:
    return SymbolId(base=raw.base, kind=raw.kind, font=raw.font, accents=raw.accents,
                    sub=reading.sub, sup=reading.sup, mods=reading.mods)


def key_of(sid: SymbolId) -> str:
    """The compact key: `bold:W`, `hat(theta)`, `d_model`, `W^Q`, `theta*`."""
    core = f"{sid.font}:{sid.base}" if sid.font else sid.base
    for accent in reversed(sid.accents):
        core = f"{accent}({core})"
    if sid.sub is not None:
        core += "_" + sid.sub.key
    if sid.sup is not None:
        core += "^" + sid.sup.key
    return core + sid.mods


def latex_of(sid: SymbolId) -> str:
    """Canonical LaTeX: `\\boldsymbol{W}`, `\\hat{\\theta}`, `d_{\\mathrm{model}}`, `W^{Q}`."""
    if sid.kind == "operator" and sid.base in _STRUCTURE_LATEX:
        return _STRUCTURE_LATEX[sid.base]
    if sid.kind == "relation":
        core = _RELATION_LATEX.get(sid.base, "\\" + sid.base)
    elif sid.kind == "operator":
        core = "\\" + sid.base
    elif sid.kind == "function":
        core = function_latex(sid.base)
    else:
        core = with_font(letter_latex(sid.base, sid.font), sid.font)
    for accent in reversed(sid.accents):
        core = "\\" + accent_command(accent) + "{" + core + "}"
    primes = sid.mods.count("'")
    stars = sid.mods.replace("'", "")
    core += "'" * primes
    if sid.sub is not None:
        core += "_{" + sid.sub.latex + "}"
    superscript = (sid.sup.latex if sid.sup is not None else "") + stars
    if superscript:
        core += "^{" + superscript + "}"
    return core


DENSITY_LETTERS = frozenset({"p", "q", "P"})
"""Letters that name a distribution once labelled or applied: p_θ, q_φ(z | x), P(x)."""
SAMPLED_LETTERS = frozenset({"pi", "mu", "nu", "rho"})
"""Letters that are a distribution when something is drawn from them: a ∼ π, x ∼ μ."""


def role_of(sid: SymbolId, occurrences: list[Occurrence], sampled: bool = False) -> str:
    """What the typography (and the way it is used) says the symbol is. `sampled`: the
    symbol stands right after a `\\sim` somewhere (x ∼ p)."""
    if sid.kind == "function":
        return "distribution" if sid.base in DISTRIBUTION_WORDS else "function"
    if sid.kind in ("operator", "relation"):
        return sid.kind
    base, font = sid.base, sid.font
    if font == "bb":
        if base in "RNZCQ" and len(base) == 1:
            return "number-set"
        return "operator" if base in ("E", "P", "V", "1") else "set"
    if "bold" in font:
        if "sf" in font:
            return "tensor"
        if base.isdigit() or base[:1].islower():
            return "vector"
        return "matrix"
    if _distribution(sid, occurrences, sampled):
        return "distribution"
    if occurrences and sum(o.applied for o in occurrences) * 2 >= len(occurrences):
        return "function"  # f(x), \mathcal{L}(\theta): used with an argument
    if font == "cal" and base[:1].isupper():
        return "set"
    if sid.sub is None and sid.sup is None and len(base) == 1 and base.islower() \
            and occurrences and all(o.script == "sub" for o in occurrences):
        return "index"  # only ever a subscript: x_i (the d of \\mathbb{R}^d is a size)
    if len(base) == 1 and base.isascii() and base.islower() and not font:
        return "scalar"
    return ""


def _distribution(sid: SymbolId, occurrences: list[Occurrence], sampled: bool) -> bool:
    """p_θ, q_φ(z | x), p(x), 𝒩(μ, σ²), π(a | s), or whatever follows a `\\sim`: a
    distribution (or its density), not a scalar or a plain function."""
    if "bold" in sid.font:
        return False
    applied = [o for o in occurrences if o.applied]
    if sid.font == "cal" and sid.base in ("N", "U"):  # 𝒩(0, I); 𝒩(v) is a neighbourhood
        return sampled or any("," in o.argument or ";" in o.argument for o in applied)
    if sid.font or sid.base not in DENSITY_LETTERS | SAMPLED_LETTERS:
        return False  # (x, y) ∼ 𝒟 is drawn from a dataset: 𝒟 stays a set; s_θ(x | y) a score
    if sampled or any("|" in o.argument or "\\mid" in o.argument for o in applied):
        return True  # x ∼ π, π(a | s), p(x | z)
    return sid.base in DENSITY_LETTERS and (sid.sub is not None or sid.sup is not None
                                            or len(applied) * 2 >= len(occurrences) > 0)


# --------------------------------------------------------------- the stage

def expanded_form(raw: RawSymbol, reading: ScriptReading) -> str:
    """The symbol as written after macro expansion, with the author's own commands."""
    if raw.kind == "operator" and raw.base in _STRUCTURE_LATEX:
        return _STRUCTURE_LATEX[raw.base]
    if raw.kind == "variable":
        core = letter_latex(raw.base, raw.font)
        if raw.font and raw.font_command:
            core = "\\" + raw.font_command + "{" + core + "}"
        elif raw.font:
            core = with_font(core, raw.font)
    else:
        core = latex_of(SymbolId(raw.base, raw.kind))
    for command in reversed(raw.accent_commands):
        core = command + "{" + core + "}"
    if reading.sub is not None:
        core += "_{" + reading.sub.latex + "}"
    superscript = (reading.sup.latex if reading.sup is not None else "") + \
        reading.mods.replace("'", "")
    if superscript:
        core += "^{" + superscript + "}"
    return core + "'" * reading.mods.count("'")


def written_form(raw: RawSymbol, reading: ScriptReading, text: str, expanded: str) -> str:
    """The spelling in the source: `\\vx`, `\\bm{x}`, `d_{\\text{model}}`, `W^Q`."""
    end = reading.identity_end if reading.identity_end >= 0 else raw.end
    if raw.kind == "operator" and raw.base in _STRUCTURE_LATEX:
        return expanded
    written = text[raw.start:end] if 0 <= raw.start < end <= len(text) else ""
    if not written or len(written) > 80 or "\n\n" in written:
        return expanded
    return " ".join(written.split())


def _with_next_keys(built: list[tuple[RawSymbol, Occurrence]]) -> list[Occurrence]:
    """Each occurrence with the key of the symbol written right after it (`\\Delta t`)."""
    starting = {(raw.file, raw.start): occurrence.key for raw, occurrence in built
                if not raw.in_script}
    return [replace(occurrence, before=starting.get((raw.file, raw.next_start), ""))
            if raw.next_start >= 0 and not raw.in_script else occurrence
            for raw, occurrence in built]


def build_symbols(raws: list[RawSymbol], evidence: Evidence,
                  locate: Callable[[str, int], Location], texts: dict[str, str]
                  ) -> tuple[list[Symbol], list[list[str]]]:
    """Occurrences grouped into symbols in order of first use; and each span's keys."""
    by_key: dict[str, list[Occurrence]] = {}
    ids: dict[str, SymbolId] = {}
    expanded_forms: dict[str, Counter[str]] = {}
    span_keys: dict[int, list[str]] = {}
    sampled: set[str] = set()
    readings = [read_scripts(raw, evidence) for raw in raws]
    built: list[tuple[RawSymbol, Occurrence]] = []
    for raw, reading in zip(raws, readings, strict=True):
        if _part_of_a_name(raw, raws, readings, evidence):
            continue
        sid = symbol_id(raw, reading)
        key = key_of(sid)
        expanded = expanded_form(raw, reading)
        form = written_form(raw, reading, texts.get(raw.file, ""), expanded)
        location = locate(raw.file, raw.start)
        end = reading.identity_end if reading.identity_end >= 0 else raw.end
        occurrence = Occurrence(
            key=key, span=raw.span, location=location, end=end, form=form, expanded=expanded,
            sub=reading.sub_rest, sup=reading.sup_rest, script_roles=reading.roles,
            variant=_variant(raw, reading), applied=raw.applied, in_script=raw.in_script,
            after_number=raw.after_number, argument=raw.argument, script=raw.script,
            drawn=raw.before_sim, parameter_of=raw.parameter_of, counted=raw.counted)
        built.append((raw, occurrence))
        ids.setdefault(key, sid)
        if raw.after_sim:
            sampled.add(key)
        expanded_forms.setdefault(key, Counter())[expanded] += 1
        keys = span_keys.setdefault(raw.span, [])
        if key not in keys:
            keys.append(key)
    for occurrence in _with_next_keys(built):
        by_key.setdefault(occurrence.key, []).append(occurrence)
    symbols = []
    for key, occurrences in by_key.items():
        occurrences.sort(key=lambda o: (o.span, o.location.offset))
        sid = ids[key]
        if sid.kind == "function" and not _is_function(sid.base, occurrences):
            sid = replace(sid, kind="variable")  # `pos`, \mathrm{head}: a named quantity
        forms = Counter(o.form for o in occurrences)
        symbols.append(Symbol(
            key=key, id=sid, latex=latex_of(sid),
            forms=tuple(f for f, _ in forms.most_common()),
            expanded_forms=tuple(f for f, _ in expanded_forms[key].most_common()),
            occurrences=tuple(occurrences), role=role_of(sid, occurrences, key in sampled)))
    symbols.sort(key=lambda s: (s.first.span, s.first.location.offset))
    span_count = max(span_keys) + 1 if span_keys else 0
    return symbols, [span_keys.get(i, []) for i in range(span_count)]


def _is_function(name: str, occurrences: list[Occurrence]) -> bool:
    """A word is a function when it is a known one or is applied somewhere: f(x)."""
    return name in NAMED_FUNCTIONS or name in KNOWN_WORDS or any(o.applied for o in occurrences)


def _part_of_a_name(raw: RawSymbol, raws: list[RawSymbol], readings: list[ScriptReading],
                    evidence: Evidence) -> bool:
    """True for a letter that only spells part of another symbol's name: `k` in `d_k`,
    `Q` in `W^Q`, the letters of `d_{ff}` or `PE_{pos}`. Greek and font letters inside a
    name stay symbols of their own: the theta of `p_\\theta` is the paper's theta."""
    if raw.parent < 0:
        return False
    plain = raw.kind == "variable" and not raw.font and not raw.accents \
        and len(raw.base) == 1 and raw.base.isascii()
    word = raw.kind == "function" and raw.base not in NAMED_FUNCTIONS  # \mathrm{KL}, drop
    if not (plain or word):
        return False
    if raw.run and not all(letter in evidence.index_letters for letter in raw.run):
        return True
    parent = readings[raw.parent]
    label = parent.sub if raw.script == "sub" else parent.sup
    return label is not None


def _variant(raw: RawSymbol, reading: ScriptReading) -> str:
    parts = []
    if "bold" in raw.font and raw.font_command:
        parts.append(raw.font_command)
    if reading.variant:
        parts.append(reading.variant)
    if raw.italic_word:
        parts.append("italic-word")
    return " ".join(parts)

