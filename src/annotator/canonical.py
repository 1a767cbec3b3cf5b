"""Canonical form of a parsed formula, so that one template covers the ways papers write it.

Templates (knowledge/templates/*.toml) and the formulas they are matched against go through
the same rewriting, then patterns.py compares the trees. What is rewritten, with why:

- fonts are dropped: `\\mathbf{z}`, `\\bm{z}`, `\\vz` and `z` are the same letter to a
  template (the paper's spelling is kept in the bindings, read from the source);
- names: `\\operatorname{softmax}`, `\\mathrm{Softmax}`, `\\text{softmax}` are the word
  `softmax`; `\\ln` is `\\log`; `\\varepsilon` is `\\epsilon`; `\\top`, `\\intercal`, `T` one T;
- brackets: `( )`, `[ ]`, `\\{ \\}`, `\\left( \\right)`, `\\Big(` are one kind of fence;
- `\\exp(x)`, `\\exp\\{x\\}`, `\\exp x` are `e^{x}`; the argument of `\\log p(x) + 1` is
  `p(x)`, fenced, so it never runs to the end of the formula;
- `\\tfrac`, `\\dfrac`, `\\nicefrac`, `a/b` are `\\frac{a}{b}`;
- `\\sum_{j=1}^{n}`, `\\sum_j`, `\\sum` (and \\prod, \\max, \\min, 𝔼's subscript) lose their
  limits: templates say what is summed, not over which range;
- products are juxtaposition: `\\cdot`, `\\times`, `*`, `\\ast`, `\\odot`, `\\otimes`, `\\circ`
  go (`y\\cdot\\log p` is `y\\log p`, PyTorch's `0.5 * x` is `0.5x`); `:=`, `\\triangleq`,
  `\\leftarrow` are `=`;
- `\\mathbb{E}_{x\\sim p} \\log q(x)` without brackets is `E[\\log q(x)]`; `\\iint` is two
  integrals; `(\\cdot)_i^2` loses the index; `X^{(\\mathrm{train})\\top}` is the transpose of
  the labelled `X^{(\\mathrm{train})}`; `\\mathrm{head_1}` is head with subscript 1;
- alignment marks (`&`, `\\begin{aligned}`) go.

Every rewritten node keeps the file and offsets of what it came from, so a match can be
shown as the author wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .lexer import TEXT, Tok
from .mathparse import Atom, Command, Fenced, Group, Node, Scripted, Text, closing

_FRACTIONS = frozenset({"frac", "tfrac", "dfrac", "nicefrac", "cfrac", "sfrac"})
_NO_LIMITS = frozenset({"sum", "prod", "max", "min", "argmax", "argmin", "sup", "inf",
                        "E", "lim", "int", "iint", "oint", "softmax", "nabla"})
"""Operators whose scripts templates ignore (the range of a sum, the law under 𝔼)."""
_DROPPED = frozenset({"&", "begin", "end", "\\", "cr", "newline", "left",
                      "right", "middle", "displaystyle", "mathop", "limits", "nolimits"})
_ELEMENTWISE = frozenset({"ast", "*", "circ", "otimes", "odot", "star"})
_EQUALS = frozenset({"coloneqq", "defeq", "triangleq", "doteq", "eqqcolon", ":=",
                     "stackrel", "equiv", "leftarrow", "gets", "longleftarrow"})
"""Definitions and updates read as `=`: `\\theta \\leftarrow \\theta - \\eta g` is an update."""
_PRODUCTS = frozenset({"cdot", "times", "odot"})
"""Products written out, all dropped last: `x \\cdot \\Phi(x)`, `0.5 * x`, `\\gamma \\odot \\hat{x}`
and `\\gamma \\hat{x}` are one product to a template (the knowledge base still reads ⊙)."""
_NAMES = {"ln": "log", "varepsilon": "epsilon", "vartheta": "theta", "varphi": "phi",
          "varsigma": "sigma", "varrho": "rho", "varpi": "pi", "top": "T", "intercal": "T",
          "mid": "|", "vert": "|", "lvert": "|", "rvert": "|", "\\vert": "|",
          "\\mid": "|", "\\lvert": "|", "\\rvert": "|",
          "leq": "le", "geq": "ge", "neq": "ne", "lbrace": "{", "rbrace": "}",
          "operatorname*": "operatorname"}
_WORDS = {"expectation": "E", "ex": "E", "expect": "E", "mathbb{e}": "E", "mean": "E",
          "expect_": "E", "argmax": "argmax", "argmin": "argmin"}
"""Spelled-out names that are one thing to a template (lower-cased words)."""
_DLBOOK = re.compile(r"^(?:v|m|t|rv|rm|rvec|ten|s|e)([A-Za-z]|alpha|beta|gamma|delta|"
                     r"epsilon|theta|lambda|mu|nu|xi|pi|rho|sigma|tau|phi|chi|psi|omega|"
                     r"Alpha|Beta|Gamma|Delta|Theta|Lambda|Xi|Pi|Sigma|Phi|Psi|Omega)$")
"""The Deep Learning book's letter macros (`\\vx`, `\\mW`, `\\tA`, `\\rvx`, `\\valpha`)
when a formula is given without the paper that defines them."""
_DLBOOK_WORDS = {"E": "E", "Ls": "L", "KL": "kl", "softmax": "softmax",
                 "sigmoid": "sigmoid", "softplus": "softplus", "Var": "var", "Cov": "cov",
                 "Tr": "tr", "norm": "norm", "R": "R", "N": "N", "gN": "N", "sN": "N",
                 "standarderror": "se", "emp": "emp", "Ex": "E", "Exp": "E", "Expect": "E"}
_GREEK_MACRO = frozenset({"alpha", "beta", "gamma", "delta", "epsilon", "theta", "lambda",
                          "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "phi", "chi", "psi",
                          "omega", "Alpha", "Beta", "Gamma", "Delta", "Theta", "Lambda", "Xi",
                          "Pi", "Sigma", "Phi", "Psi", "Omega"})

# Where terms, sides and clauses end: one core, from which each stage names the set it
# cuts at (recognise.py, key_formulas.py, explain.py import these). The sets differ on
# purpose, each says why where it is built; the core is what they all share.
SIGNS = frozenset({"+", "-", "pm", "mp"})
"""What starts another term: `a + b`, `\\mu \\pm \\sigma`."""
COMPARISONS = frozenset({"=", "<", ">", "le", "ge", "approx"})
"""The relations every stage cuts a formula at: `L = -\\log p`, `\\|g\\| \\le c`."""
CLAUSE_BREAKS = frozenset({",", ";", "quad", "qquad"})
"""What ends a clause of a display: `x_t = f(x_{t-1}), \\quad z \\sim \\mathcal{N}(0, I)`."""
RELATIONS = COMPARISONS | {"propto", "leq", "geq", "equiv", "gets", "leftarrow", "coloneqq",
                           "triangleq", "defeq"}
"""The relations that make two sides, as the parser names them (`\\leq` is leq, `\\gets`
gets): for stages that read the tree before canonical form, which spells them le and =."""
TERM_BREAKS = SIGNS | COMPARISONS | CLAUSE_BREAKS | {"propto"}
"""What ends a term in canonical form: the expectation of `\\mathbb{E}_x \\log q(x) + c`
stops at the plus."""
_OTHER_SIDES = frozenset({"|", "\\|", "sim", "in", "to"})
"""What else stands between two sides in canonical form: `p \\| q`, `x \\sim p`, `f: X \\to Y`."""
_STOP_ARGUMENT = TERM_BREAKS | _OTHER_SIDES | {"ne"} | _PRODUCTS
"""What ends an unbracketed argument of \\log or \\exp: `\\log p(x) + 1` is log of p(x)."""
_APPLIED = frozenset({"exp", "log", "sin", "cos", "tan", "sinh", "cosh", "tanh"})
"""Functions whose unbracketed argument is fenced (`\\tanh x` is `\\tanh(x)`)."""
_OPEN = frozenset({"(", "[", "\\{", "{", "langle", "lbrack", "lparen"})
_CLOSE = frozenset({")", "]", "\\}", "}", "rangle", "rbrack", "rparen"})


class Bare(Atom):
    """A big operator (or 𝔼, max, ...) whose limits canonical form drops; it keeps them
    so a match can still say which letter is the range (`C` of `\\sum_{j=1}^{C}`)."""

    __slots__ = ("lower", "upper")

    def __init__(self, atom: Atom, lower: Group | None, upper: Group | None):
        super().__init__(atom.kind, atom.name, Tok(TEXT, atom.name, atom.file, atom.start,
                                                    atom.end, atom.macro))
        self.lower = lower
        self.upper = upper


def canonical(nodes: list[Node]) -> list[Node]:
    """The canonical form of a formula (see the module docstring)."""
    return [node for node, _ in canonical_with_origin(nodes)]


def canonical_with_origin(nodes: list[Node]) -> list[tuple[Node, tuple[int, int]]]:
    """Canonical nodes, each with the range of `nodes` it came from (start, end)."""
    items = [(_node(node), (index, index + 1)) for index, node in enumerate(nodes)]
    items = [(node, span) for node, span in items if node is not None]
    return _fences(_names(_spliced(items)))


def _inside_fence(items: Items) -> Items:
    """The passes that follow the grouping of brackets, on one bracket's content."""
    items = _expectations(_slashes(_applications(items)))
    return _constants_first([(node, span) for node, span in items
                             if not (isinstance(node, Atom) and node.name in _PRODUCTS)])


def _constants_first(items: Items) -> Items:
    """In each product, numeric factors first: `x \\cdot \\frac{1}{2}[1 + ...]` is
    `\\frac{1}{2} x [1 + ...]`, as a template writes it (terms and sums stay in place)."""
    out: Items = []
    run: Items = []

    def flush() -> None:
        out.extend(sorted(run, key=lambda item: not _numeric(item[0])))  # stable
        run.clear()

    for item in items:
        node = item[0]
        core = node.base if isinstance(node, Scripted) else node
        if isinstance(core, Atom) and (core.kind in ("bigop", "relation", "separator")
                                       or core.name in _TERM_BREAKS_ALL):
            flush()
            out.append(item)
        else:
            run.append(item)
    flush()
    return out


_TERM_BREAKS_ALL = TERM_BREAKS | _OTHER_SIDES | {":", "."}
"""Where a run of factors ends, so numbers move first only within one product."""


def _numeric(node: Node) -> bool:
    """A number, or a fraction of numbers (`0.5`, `\\frac{1}{2}`)."""
    if isinstance(node, Atom):
        return node.kind == "number"
    if isinstance(node, Command) and node.name == "frac":
        return all(len(a.children) == 1 and _numeric(a.children[0]) for a in node.args)
    return False


def _list(nodes: list[Node]) -> list[Node]:
    return canonical(nodes)


# ------------------------------------------------------------------ one node at a time

def _node(node: Node) -> Node | None:
    """One node rewritten on its own; None when it goes (`\\cdot`, `&`)."""
    if isinstance(node, Atom):
        return _atom(node)
    if isinstance(node, Text):
        return _text(node)
    if isinstance(node, Group):
        group = Group(_list(node.children), node.file, node.start, node.end)
        return group
    if isinstance(node, Fenced):
        if node.kind == "abs" and not node.children:
            return _copy_atom(Atom("ordinary", "\\|", _token(node)), "ordinary", "\\|")
        kind = "paren" if node.kind in ("paren", "bracket", "brace") else node.kind
        return Fenced(kind, node.left if kind != "paren" else "(",
                      node.right if kind != "paren" else ")", _list(node.children),
                      node.file, node.start, node.end, node.macro)
    if isinstance(node, Scripted):
        return _scripted(node)
    if isinstance(node, Command):
        return _command(node)
    return node


def _atom(atom: Atom) -> Node | None:
    name = atom.name
    if atom.kind == "word" and "_" in name.strip("_"):
        head, _, tail = name.partition("_")  # \mathrm{head_1}: head with subscript 1
        base = _copy_atom(atom, "word", head.lower())
        index = _copy_atom(atom, "number" if tail.isdigit() else "letter", tail)
        return Scripted(base, Group([index], atom.file, atom.start, atom.end), None, 0,
                        atom.end)
    if atom.kind == "placeholder":
        return _copy_atom(atom, atom.kind, name)  # its font goes too: `\\mathbf{?x}` is ?x
    if name in _DROPPED or (atom.kind == "separator"):
        return None
    kind = atom.kind
    if atom.kind == "other":
        letter = _DLBOOK.match(name)
        if letter:
            name, kind = letter.group(1), "letter"
        elif name in _DLBOOK_WORDS:
            name, kind = _DLBOOK_WORDS[name], "word"
    if name in _ELEMENTWISE:
        name, kind = "odot", "operator"
    elif name in _EQUALS:
        name, kind = "=", "ordinary"
    name = _NAMES.get(name, name)
    if kind == "word" or (kind == "function" and name not in ("log", "exp")):
        name = _WORDS.get(name.lower(), name.lower())
        kind = "word" if name != "E" else "letter"
    if kind == "function" and name in ("log", "exp"):
        kind = "word"
    if kind == "fence" and name in ("|", "\\|"):
        kind = "ordinary"  # p || q and p \| q: the divergence's bars, not a fence
    return _copy_atom(atom, kind, name)


def _copy_atom(atom: Atom, kind: str, name: str) -> Atom:
    """The atom with a new kind and name, without font, accents kept (`\\hat{y}` is a
    prediction, not y), except an estimate's hat on μ or σ (`\\hat{\\mu}_\\mathcal{B}` is the
    batch mean to a template)."""
    copy = Atom(kind, name, Tok(TEXT, name, atom.file, atom.start, atom.end, atom.macro))
    if name in ("mu", "sigma") and atom.accents in (("hat",), ("bar",)):
        return copy
    copy.accents = atom.accents
    copy.accent_commands = atom.accent_commands
    return copy


def _text(text: Text) -> Node:
    """`\\text{softmax}` is the word softmax; prose (`\\text{ if } x > 0`) stays prose."""
    words = text.words.strip()
    if not text.children and words and re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", words):
        name = _WORDS.get(words.lower(), words.lower()) if len(words) > 1 else words
        atom = Atom("word" if len(name) > 1 else "letter", name,
                    Tok(TEXT, name, text.file, text.start, text.end, text.macro))
        return atom
    return Text(text.command, text.words, _list(text.children),
                Tok(TEXT, text.words, text.file, text.start, text.end, text.macro), text.end)


def _scripted(node: Scripted) -> Node | None:
    if isinstance(node.base, Atom) and node.base.name in _MULTIPLE_INTEGRALS:
        one = Bare(_copy_atom(node.base, "bigop", "int"), node.sub, node.sup)
        return Group([one] * _MULTIPLE_INTEGRALS[node.base.name], node.file, node.start,
                     node.end)  # \iint_{D}: two integrals (spliced into the list)
    base = _node(node.base)
    if base is None:
        return None
    sup_children = node.sup.children if node.sup is not None else []
    if len(sup_children) > 1 and isinstance(sup_children[0], Atom) \
            and sup_children[0].name == "(" and closing(sup_children) < len(sup_children) - 1:
        cut = closing(sup_children) + 1  # X^{(train)\top}: the transpose of X^{(train)}
        label = Group(sup_children[:cut], node.file, node.sup.start, node.sup.end)  # type: ignore[union-attr]
        inner = Scripted(node.base, node.sub, label, node.primes, node.end)
        rest = Group(sup_children[cut:], node.file, node.start, node.end)
        return _scripted(Scripted(inner, None, rest, 0, node.end))
    if isinstance(base, Fenced) and base.kind == "paren" and node.sub is not None \
            and node.sup is not None:
        return Scripted(base, None, _script(node.sup), node.primes, node.end)  # (y - ŷ)_i^2
    if isinstance(base, Group) and len(base.children) == 1:
        base = base.children[0]  # {(a_i - \mu)}^2 is (a_i - \mu)^2
        if isinstance(base, Scripted) and base.sup is None and node.sub is None:
            return Scripted(base.base, base.sub, _script(node.sup), node.primes, node.end)
    if isinstance(base, Scripted) and base.sup is None and node.sub is None:
        return Scripted(base.base, base.sub, _script(node.sup), node.primes, node.end)
    if isinstance(base, Fenced) and base.kind == "norm" and node.sub is not None \
            and _words(node.sub.children) == "2":
        if node.sup is None:
            return base  # \|x\|_2 is the Euclidean norm, \|x\|
        return Scripted(base, None, _script(node.sup), node.primes, node.end)
    if isinstance(base, Atom) and base.name in _NO_LIMITS and (
            node.sup is None or base.name == "E" or base.kind in ("bigop", "word")):
        return Bare(base, node.sub, node.sup)  # \sum_{j=1}^{n}, \max_a, \mathbb{E}_{x\sim p}
    if isinstance(base, Atom) and base.name == "log" and node.sup is None:
        return base  # \log_2: the base of the logarithm is not the formula's shape
    sub = _script(node.sub)
    sup = _script(node.sup)
    if sup is not None and len(sup.children) == 1 and isinstance(sup.children[0], Atom) \
            and sup.children[0].name == "T":
        sup.children[0].kind = "letter"
    scripted = Scripted(base, sub, sup, node.primes, node.end)
    return scripted


_MULTIPLE_INTEGRALS = {"iint": 2, "iiint": 3}


def _script(group: Group | None) -> Group | None:
    if group is None:
        return None
    children = _list(group.children)
    if _words(children) in ("KL", "kl"):  # D_{KL} written in italic letters
        children = [_copy_atom(children[0], "word", "kl")]  # type: ignore[arg-type]
    return Group(children, group.file, group.start, group.end)


def _words(nodes: list[Node]) -> str:
    """The letters, words and digits of a plain script, joined ('' when anything else)."""
    if not all(isinstance(n, Atom) and n.kind in ("letter", "word", "number") for n in nodes):
        return ""
    return "".join(n.name for n in nodes)  # type: ignore[attr-defined]


def _token(node: Node) -> Tok:
    return Tok(TEXT, "", node.file, node.start, node.end, node.macro)


def _command(node: Command) -> Node | None:
    args = [Group(_list(a.children), a.file, a.start, a.end) for a in node.args]
    name = node.name
    if name.startswith("accent:") and len(args) == 1 and len(args[0].children) == 1:
        inner = args[0].children[0]  # \widehat{m_t} is \hat{m}_t
        if isinstance(inner, Scripted) and isinstance(inner.base, Atom):
            base = _copy_atom(inner.base, inner.base.kind, inner.base.name)
            base.accents = (name.split(":", 1)[1], *inner.base.accents)
            return Scripted(base, inner.sub, inner.sup, inner.primes, inner.end)
    if name in _FRACTIONS and len(args) == 2:
        name = "frac"
        digits = _words(args[0].children)
        if len(digits) == 2 and digits.isdigit() and node.args[0].end - node.args[0].start == 2:
            return _two_digit_fraction(node, args)
    if name in ("operatorname", "mathop", "operatorname*") and len(args) == 1:
        inner = args[0].children
        return inner[0] if len(inner) == 1 else Group(inner, node.file, node.start, node.end)
    if name in ("stackrel", "overset") and len(args) == 2 and len(args[1].children) == 1 \
            and isinstance(args[1].children[0], Atom) and args[1].children[0].name == "=":
        return args[1].children[0]  # \overset{\text{def}}{=} is =
    return Command(name, args, Tok(TEXT, name, node.file, node.start, node.end, node.macro),
                   node.end)


def _two_digit_fraction(node: Command, args: list[Group]) -> Group:
    """`\\frac12 x` (read as a fraction of 12 over x): one half, then x. Braces group
    nothing in a list, so the Group is spliced into its siblings."""
    digit = args[0].children[0]
    assert isinstance(digit, Atom)
    halves = [Group([_copy_atom(digit, "number", char)], digit.file, digit.start, digit.end)
              for char in digit.name]
    frac = Command("frac", halves, _token(node), node.end)
    return Group([frac, *args[1].children], node.file, node.start, node.end)


# ------------------------------------------------------------------ across siblings

Items = list[tuple[Node, tuple[int, int]]]


def _spliced(items: Items) -> Items:
    r"""Braces in a list group nothing: `{\sum_x u(x) \log v(x)}` is its content."""
    out: Items = []
    for node, span in items:
        if isinstance(node, Group):
            out.extend((child, span) for child in node.children)
        else:
            out.append((node, span))
    return out


def _names(items: Items) -> Items:
    r"""`KL(p \| q)` in italic letters K, L before a bracket is the word KL."""
    out: Items = []
    for node, span in items:
        if out and isinstance(node, Atom) and node.name == "L" and node.kind == "letter" \
                and isinstance(out[-1][0], Atom) and out[-1][0].name == "K":  # type: ignore[attr-defined]
            _, first = out.pop()
            out.append((_copy_atom(node, "word", "kl"), (first[0], span[1])))
            continue
        out.append((node, span))
    return out


def _fences(items: Items) -> Items:
    """Flat brackets `( ... )` (the parser leaves unsized ones flat) as one fence, with
    the scripts of the closing bracket (`(z)_i`) on the fence."""
    out: Items = []
    stack: list[int] = []
    for node, span in items:
        core = node.base if isinstance(node, Scripted) else node
        if isinstance(core, Atom) and core.name in _OPEN and core is node:
            stack.append(len(out))
            out.append((node, span))
            continue
        if isinstance(core, Atom) and core.name in _CLOSE and stack:
            start = stack.pop()
            opening, first = out[start]
            inside = [n for n, _ in _inside_fence(out[start + 1:])]
            fence: Node = Fenced("paren", "(", ")", inside, opening.file, opening.start,
                                 core.end, opening.macro)
            if isinstance(node, Scripted):  # (z)_i; (y - ŷ)_i^2 loses its index
                sub = node.sub if node.sup is None else None
                fence = Scripted(fence, sub, node.sup, node.primes, node.end)
            del out[start:]
            out.append((fence, (first[0], span[1])))
            continue
        out.append((node, span))
    return _inside_fence(out)


def _walk(items: Items, rewrite: Callable[[Items, int, Items], int | None]) -> Items:
    """`items` left to right, each node kept, unless `rewrite(items, index, out)` takes the
    one at `index`: it then appends what the node (with those after it, or those `out`
    ends with) becomes to `out`, and returns the index after what it took."""
    out: Items = []
    index = 0
    while index < len(items):
        after = rewrite(items, index, out)
        if after is None:
            out.append(items[index])
            index += 1
        else:
            index = after
    return out


def _fence_after(out: Items, items: Items, index: int, end: int, inner: list[Node],
                 file: str) -> int:
    """The node at `index`, then `inner` (what `items[index + 1:end]` hold) as one bracket
    after it: `\\log x y` is `\\log(x y)`. Returns `end`."""
    node, span = items[index]
    out.append((node, span))
    out.append((Fenced("paren", "(", ")", inner, file, items[index + 1][0].start,
                       items[end - 1][0].end, node.macro),
                (items[index + 1][1][0], items[end - 1][1][1])))
    return end


def _applications(items: Items) -> Items:
    """`\\exp(x)` and `\\exp x` as `e^{x}`; `\\log x y` as `\\log(x y)` up to a sign or a
    relation, so the logarithm's argument is one node."""
    return _walk(items, _application)


def _application(items: Items, index: int, out: Items) -> int | None:
    node, span = items[index]
    if not (isinstance(node, Atom) and node.kind == "word" and node.name in _APPLIED):
        return None
    taken = _argument(items, index + 1)
    if taken <= index + 1:
        return None
    argument = [n for n, _ in items[index + 1:taken]]
    inner = argument
    if len(argument) == 1 and isinstance(argument[0], Fenced) and argument[0].kind == "paren":
        inner = argument[0].children
    if node.name != "exp":
        return _fence_after(out, items, index, taken, inner, node.file)
    last = argument[-1]
    e = Atom("letter", "e", Tok(TEXT, "e", node.file, node.start, node.end, node.macro))
    power = Group(inner, node.file, node.start, last.end)
    out.append((Scripted(e, None, power, 0, last.end), (span[0], items[taken - 1][1][1])))
    return taken


def _expectations(items: Items) -> Items:
    """`\\mathbb{E}_{x\\sim p} \\log q(x)` (no brackets) as `E[\\log q(x)]`: the expectation
    of everything up to the next sign, relation or comma."""
    return _walk(items, _expectation)


def _expectation(items: Items, index: int, out: Items) -> int | None:
    node = items[index][0]
    following = items[index + 1][0] if index + 1 < len(items) else None
    if not (isinstance(node, Atom) and node.name == "E" and node.kind == "letter"
            and following is not None and not isinstance(following, Fenced)):
        return None
    end = index + 1
    while end < len(items) and not _term_break(items[end][0]):
        end += 1
    if end == index + 1:
        return None
    inner = [n for n, _ in items[index + 1:end]]
    return _fence_after(out, items, index, end, inner, inner[0].file)


def _term_break(node: Node) -> bool:
    core = node.base if isinstance(node, Scripted) else node
    return isinstance(core, Atom) and core.kind not in ("letter", "word") and (
        core.name in TERM_BREAKS or core.kind == "relation")


def _argument(items: Items, start: int) -> int:
    r"""Where the argument of a function starting at `start` ends (exclusive): a fence is
    the whole argument; otherwise factors up to a sign, relation, comma, big operator or
    the end of a function's bracket (`\log p(x) q(x)` is the log of p(x))."""
    if start >= len(items):
        return start
    first = items[start][0]
    if isinstance(first, Fenced) and first.kind == "paren":
        return start + 1
    end = start
    if isinstance(first, Atom) and first.kind == "bigop":
        end += 1  # \log \prod_i p(x_i): the product is the argument
    while end < len(items):
        node = items[end][0]
        core = node.base if isinstance(node, Scripted) else node
        if isinstance(core, Atom) and ((core.name in _STOP_ARGUMENT and core.kind not in
                                        ("word", "letter")) or core.kind in ("relation", "bigop")
                                       or (core.kind == "word" and core.name in _APPLIED)):
            break
        if isinstance(core, Text) or (end > start and _differential(items, end)):
            break
        end += 1
        if isinstance(node, Command) and node.name == "frac":
            break  # \log \frac{p(x)}{q(x)} dx: the logarithm is of the fraction
        if isinstance(node, Fenced | Scripted) and isinstance(core, Fenced) and end - 1 > start \
                and _applied(items[end - 2][0]):
            break  # \log \pi(a|s) G_t: the logarithm is of \pi(a|s), G_t multiplies it
    return end


def _differential(items: Items, index: int) -> bool:
    """`d x` (or `\\mathrm{d}x`) at `index`: an integral's differential, never part of
    an argument."""
    node = items[index][0]
    return isinstance(node, Atom) and node.kind == "letter" and node.name == "d" \
        and not node.accents and index + 1 < len(items) \
        and isinstance(items[index + 1][0], Atom | Scripted)


def _slashes(items: Items) -> Items:
    """`a / b` as `\\frac{a}{b}`: the node before the slash over the node after it (a
    big operator after it takes its summand: `1/\\sum_j e^{z_j}`)."""
    return _walk(items, _slash)


def _slash(items: Items, index: int, out: Items) -> int | None:
    node = items[index][0]
    if not (isinstance(node, Atom) and node.name == "/" and out and index + 1 < len(items)):
        return None
    taken = _factors_before(out)
    top_span = (out[-taken][1][0], out[-1][1][1])
    tops = [n for n, _ in out[-taken:]]
    del out[-taken:]
    top = tops[0] if len(tops) == 1 else Group(tops, tops[0].file, tops[0].start, tops[-1].end)
    end = index + 2
    below = items[index + 1][0]
    if isinstance(below, Atom) and below.kind == "bigop":
        end = _argument(items, index + 2)
        end = max(end, index + 2)
    while end < len(items) and isinstance(items[end][0], Fenced) \
            and items[end][0].kind in ("norm", "abs"):  # type: ignore[attr-defined]
        end += 1  # u^T v / \|u\| \|v\|: over the product of the norms
    bottom = [n for n, _ in items[index + 1:end]]
    frac = Command("frac", [_group([top]), _group(bottom)],
                   Tok(TEXT, "frac", top.file, top.start, bottom[-1].end, top.macro),
                   bottom[-1].end)
    out.append((frac, (top_span[0], items[end - 1][1][1])))
    return end


def _factors_before(out: Items) -> int:
    """How many nodes at the end of `out` a slash divides: the product written before it,
    back to a sign, relation, comma or big operator (`q \\cdot k_+ / \\tau` is
    (q·k₊)/τ, `\\mathrm{sim}(z_i, z_j)/\\tau` the whole similarity over τ)."""
    taken = 0
    for node, _ in reversed(out):
        core = node.base if isinstance(node, Scripted) else node
        if isinstance(core, Atom) and core.kind not in ("word", "letter") and (
                core.name in _STOP_ARGUMENT - _PRODUCTS - {"odot"}
                or core.kind in ("relation", "bigop")):
            break
        if isinstance(core, Text):
            break
        taken += 1
    return max(taken, 1)


def _applied(node: Node) -> bool:
    """A node that a following bracket is the argument of: `f`, `p_\\theta`, `\\mathrm{sim}`."""
    core = node.base if isinstance(node, Scripted) else node
    return isinstance(core, Atom) and core.kind in ("letter", "word", "placeholder")


def _group(nodes: list[Node]) -> Group:
    if len(nodes) == 1 and isinstance(nodes[0], Group):
        nodes = nodes[0].children
    nodes = [n for n in nodes if not (isinstance(n, Atom) and n.name in _PRODUCTS)]
    if len(nodes) == 1 and isinstance(nodes[0], Fenced) and nodes[0].kind == "paren":
        nodes = nodes[0].children  # (a+b)/c is \frac{a+b}{c}
    return Group(nodes, nodes[0].file if nodes else "", nodes[0].start if nodes else 0,
                 nodes[-1].end if nodes else 0)
