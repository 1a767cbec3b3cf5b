"""Symbols out of a parsed formula, before the paper-wide decisions of normalize.py.

Emits one RawSymbol per use of a variable (x, \\theta, \\mathbf{W}, \\mathcal{L}), named
function (\\log, \\operatorname{softmax}), operator (\\nabla, \\sum, \\odot, a norm
\\|x\\|) or notable relation (\\sim, :=). Numbers, punctuation and ordinary relations
(=, <, \\in) are not symbols. The scripts stay unclassified here: whether `k` in `d_k`
is a running index or part of the name depends on the whole paper.

Also collects the letters the formula binds (`\\sum_{i=1}`, `\\forall j`, `t = 1, \\dots, T`),
which is that evidence.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from .latex_tables import DISTRIBUTION_WORDS, KNOWN_WORDS, LIMIT_FUNCTIONS
from .latexify import to_latex
from .mathparse import Atom, Command, Fenced, Group, Node, Scripted, Text, adjacent

STRUCTURE_OPERATORS = frozenset({"norm", "abs", "inner", "floor", "ceil"})


@dataclass(slots=True)
class RawSymbol:
    """One use of a symbol with its scripts still as parsed."""

    kind: str
    """'variable', 'function', 'operator' or 'relation'."""
    base: str
    font: str
    font_command: str
    accents: tuple[str, ...]
    accent_commands: tuple[str, ...]
    sub: Group | None
    sup: Group | None
    primes: int
    file: str
    start: int
    end: int
    """End of the nucleus (accent and font included, scripts not)."""
    macro: str | None
    span: int
    applied: bool = False
    in_script: bool = False
    after_number: bool = False
    italic_word: bool = False
    parent: int = -1
    """Index (in the same FormulaSymbols) of the symbol whose script holds this one."""
    script: str = ""
    """'sub' or 'sup' when inside a script of `parent`."""
    run: str = ""
    """In a script, the run of italic letters this letter belongs to (`ff` in d_{ff})."""
    argument: str = ""
    """When applied, the LaTeX of its parenthesised argument: `a \\mid s` in \\pi(a \\mid s)."""
    after_sim: bool = False
    """Right after `\\sim`: what something is sampled from (`x \\sim p_\\theta`)."""
    before_sim: bool = False
    """Right before `\\sim`: what is sampled (`\\epsilon \\sim \\mathcal{N}(0, I)`)."""
    parameter_of: str = ""
    """Inside the argument of a named distribution: `Cat` for π in `\\mathrm{Cat}(\\pi)`."""
    counted: bool = False
    """The upper limit of a big operator (`\\sum_{i=1}^{I}`) or the item after dots
    (`1, \\ldots, K`)."""
    next_start: int = -1
    """Where the node right after it starts (-1: none, or an argument's parenthesis): the
    t of `\\Delta t` starts there."""


@dataclass
class FormulaSymbols:
    """What one span contributes."""

    symbols: list[RawSymbol] = field(default_factory=list)
    bound: set[str] = field(default_factory=set)
    differentials: set[int] = field(default_factory=set)
    """ids of the italic `d` atoms that are differentials (`\\int f\\,dx`, `dW_t`)."""


def symbols_of(nodes: list[Node], span: int) -> FormulaSymbols:
    """The symbols used in one span's tree."""
    found = FormulaSymbols(differentials=differentials(nodes))
    _walk(nodes, span, False, found, -1, "")
    _collect_ranges(nodes, found.bound)
    return found


def _walk(nodes: list[Node], span: int, in_script: bool, found: FormulaSymbols,
          parent: int, script: str) -> None:
    runs = _letter_runs(nodes) if in_script else {}
    parameters = _distribution_arguments(nodes)
    for index, node in enumerate(nodes):
        following = nodes[index + 1] if index + 1 < len(nodes) else None
        previous = nodes[index - 1] if index else None
        if isinstance(node, Scripted):
            base, sub, sup, primes = node.base, node.sub, node.sup, node.primes
        else:
            base, sub, sup, primes = node, None, None, 0
        context = (following, previous, in_script, _argument_after(nodes, index + 1))
        emitted = len(found.symbols)
        if isinstance(base, Atom):
            _emit_atom(base, sub, sup, primes, span, context, found)
            if sub is not None and base.kind in ("bigop", "function") and \
                    (base.kind == "bigop" or base.name in LIMIT_FUNCTIONS):
                _bound_from_range(sub.children, found.bound)
        elif isinstance(base, Fenced):
            if base.kind in STRUCTURE_OPERATORS:
                found.symbols.append(RawSymbol(
                    "operator", base.kind, "", "", (), (), sub, sup, primes, base.file,
                    base.start, base.start + max(1, len(base.left)), base.macro, span,
                    in_script=in_script))
            _walk(base.children, span, in_script, found, parent, script)
        elif isinstance(base, Group):
            _walk(base.children, span, in_script, found, parent, script)
        elif isinstance(base, Command):
            _walk_command(base, node, span, in_script, found, parent, script)
        elif isinstance(base, Text):
            _emit_text(base, sub, sup, span, context, found)
            _walk(base.children, span, in_script, found, parent, script)
        for position in range(emitted, len(found.symbols)):
            if found.symbols[position].parent < 0 and parent >= 0:
                found.symbols[position].parent = parent
                found.symbols[position].script = script
            if index in parameters and not found.symbols[position].parameter_of:
                found.symbols[position].parameter_of = parameters[index]
        ends_list = _after_dots(nodes, index)
        if len(found.symbols) > emitted and sub is None and sup is None and ends_list:
            found.symbols[emitted].counted = True  # the K of 1, ..., K (not x_n of x_1, ..., x_n)
        if index in runs and len(found.symbols) > emitted:
            found.symbols[emitted].run = runs[index]
        owner = emitted if len(found.symbols) > emitted and isinstance(base, Atom | Fenced) \
            else parent
        if sub is not None:
            before = len(found.symbols)
            _walk(sub.children, span, True, found, owner, "sub")
            if len(found.symbols) == before + 1 and len(sub.children) == 1 and ends_list:
                found.symbols[before].counted = True  # the n of x_1, ..., x_n
        bigop = isinstance(base, Atom) and base.kind == "bigop"
        # a big operator's superscript is its upper limit, never an operation: the T of
        # \sum_{t=1}^{T} or \int_0^T is the horizon, not a transpose
        if sup is not None and (bigop or not is_operation_script(sup)):
            before = len(found.symbols)
            _walk(sup.children, span, True, found, owner, "sup")
            if bigop and base.name not in _INTEGRALS and len(found.symbols) > before:
                found.symbols[before].counted = True  # the I of \sum_{i=1}^{I}


def _distribution_arguments(nodes: list[Node]) -> dict[int, str]:
    """Positions of the nodes inside a named distribution's parentheses, and its name:
    in `\\mathrm{Cat}(\\pi)` the π (and everything else up to the closing parenthesis)."""
    found: dict[int, str] = {}
    for index, node in enumerate(nodes):
        base = node.base if isinstance(node, Scripted) else node
        name = base.words if isinstance(base, Text) else base.name if isinstance(
            base, Atom) and base.kind in ("function", "word") else ""
        if name not in DISTRIBUTION_WORDS or index + 1 >= len(nodes):
            continue
        following = nodes[index + 1]
        if isinstance(following, Fenced) and following.kind == "paren":
            if not any(_separates_parameters(child) for child in following.children):
                found[index + 1] = name
        elif isinstance(following, Atom) and following.kind == "open" and following.name == "(":
            found.update(_parameter_positions(nodes, index + 1, name))
    return found


def _parameter_positions(nodes: list[Node], start: int, name: str) -> dict[int, str]:
    """The positions inside the parentheses opening at `start` that hold parameters: all of
    them, or those after a `;` or `|` (`\\mathrm{Bern}(x; \\mu)`: μ, not x)."""
    inside: list[int] = []
    depth = 0
    for end in range(start, len(nodes)):
        item = nodes[end]
        if isinstance(item, Atom) and item.kind in ("open", "close"):
            depth += 1 if item.kind == "open" else -1
            if depth == 0:
                break
        if depth == 1 and _separates_parameters(item):
            inside = []
        elif end > start:
            inside.append(end)
    return dict.fromkeys(inside, name)


def _separates_parameters(node: Node) -> bool:
    return isinstance(node, Atom) and node.name in (";", "|", "mid")


_INTEGRALS = frozenset({"int", "iint", "iiint", "oint"})
"""Big operators whose upper limit ends an interval, not a count: the T of \\int_0^T."""
_DOTS = frozenset({"ldots", "dots", "cdots", "dotsc", "dotsb", "dotso"})


def _after_dots(nodes: list[Node], index: int) -> bool:
    """The node ends a list after dots: the K of `1, \\ldots, K` or `\\{1, \\dots, K\\}`."""
    previous = nodes[max(0, index - 2):index]
    names = [node.name if isinstance(node, Atom) else "" for node in previous]
    return (len(names) == 2 and names[0] in _DOTS and names[1] == ",") \
        or (bool(names) and names[-1] in _DOTS)


def is_operation_script(group: Group) -> bool:
    """A superscript that is an operation, not a symbol: ^T, ^\\top, ^{-1}, ^*, ^\\prime."""
    items = [n for n in group.children if not (isinstance(n, Atom) and n.name in ("-", "+"))]
    if len(items) != 1 or not isinstance(items[0], Atom):
        return False
    atom = items[0]
    return atom.name in ("T", "top", "intercal", "*", "ast", "star", "prime", "dagger") \
        and (atom.name != "T" or atom.font in ("", "sf", "rm", "tt", "bold"))


def _letter_runs(nodes: list[Node]) -> dict[int, str]:
    """In a script, adjacent italic letters (`ff` in d_{ff}, `ij` in W_{ij}): for the
    first letter of each run of two or more, the run's text. Normalization keeps the
    letters of a run only when they are all running indices."""
    runs: dict[int, str] = {}
    index = 0
    while index < len(nodes):
        end = index
        while end < len(nodes) and _is_plain_letter(nodes[end]) and (
                end == index or adjacent(nodes[end - 1], nodes[end])):
            end += 1
        if end - index >= 2:
            text = "".join(node.name for node in nodes[index:end] if isinstance(node, Atom))
            for position in range(index, end):
                runs[position] = text
        index = max(end, index + 1)
    return runs


def _is_plain_letter(node: Node) -> bool:
    return isinstance(node, Atom) and node.kind == "letter" and not node.font \
        and not node.accents and len(node.name) == 1 and node.name.isascii()


def _walk_command(command: Command, node: Node, span: int, in_script: bool,
                  found: FormulaSymbols, parent: int, script: str) -> None:
    if command.name.startswith("accent:") and len(command.args) == 1:
        # \hat{x_i}, \bar{\mathbf{x}}^{(i)}: the accent belongs to the nucleus inside
        accent = command.name.split(":", 1)[1]
        inner = command.args[0].children
        if isinstance(node, Scripted) and len(inner) == 1:
            inner = [Scripted(inner[0], node.sub, node.sup, node.primes, node.end)]
        before = len(found.symbols)
        _walk(inner, span, in_script, found, parent, script)
        if len(found.symbols) > before:
            first = found.symbols[before]
            first.accents = (accent, *first.accents)
            first.accent_commands = ("\\" + accent, *first.accent_commands)
            first.start = min(first.start, command.start) if first.file == command.file \
                else first.start
        return
    for argument in command.args:
        _walk(argument.children, span, in_script, found, parent, script)


Context = tuple[Node | None, Node | None, bool, str]
"""(the node after, the node before, inside a script, the argument's LaTeX if applied)"""


def _emit_atom(atom: Atom, sub: Group | None, sup: Group | None, primes: int, span: int,
               context: Context, found: FormulaSymbols) -> None:
    kind = _symbol_kind(atom)
    if kind is None:
        return
    following, previous, in_script, argument = context
    font = atom.font if kind == "variable" else ""
    if id(atom) in found.differentials:
        font = "rm"  # the italic d of dx is the differential \mathrm{d}, not a variable d
    found.symbols.append(RawSymbol(
        kind=kind, base="\\" + atom.name if atom.kind == "other" else atom.name,
        font=font,
        font_command=atom.font_command, accents=atom.accents,
        accent_commands=tuple("\\" + c for c in atom.accent_commands), sub=sub, sup=sup,
        primes=primes, file=atom.file, start=atom.start, end=atom.end, macro=atom.macro,
        span=span, applied=_is_argument(following), in_script=in_script,
        after_number=isinstance(previous, Atom) and previous.kind == "number",
        italic_word=atom.italic_word, argument=argument,
        after_sim=isinstance(previous, Atom) and previous.name == "sim",
        before_sim=isinstance(following, Atom) and following.name == "sim",
        next_start=following.start if following is not None
        and following.file == atom.file and not _is_argument(following) else -1))


def _emit_text(text: Text, sub: Group | None, sup: Group | None, span: int,
               context: Context, found: FormulaSymbols) -> None:
    """\\text{softmax}(x) is the function softmax; \\textnormal{x} an upright x;
    \\text{ if } x > 0 is prose."""
    words = text.words
    following, _previous, in_script, argument = context
    if not words or " " in words or not words.replace("-", "").isalpha() or in_script:
        return
    applied = _is_argument(following)
    if _prose_word(words) and not applied and sub is None and sup is None \
            and words not in KNOWN_WORDS:
        return  # \text{where}, \text{if}, \textbf{Input}: prose inside math
    single = len(words) == 1
    found.symbols.append(RawSymbol(
        kind="variable" if single else "function", base=words, font="rm" if single else "",
        font_command=text.command, accents=(), accent_commands=(), sub=sub, sup=sup, primes=0,
        file=text.file, start=text.start, end=text.end, macro=text.macro, span=span,
        applied=_is_argument(following), in_script=in_script, argument=argument))


def _prose_word(words: str) -> bool:
    """A word of prose rather than a name: lowercase (`where`) or capitalised like the
    start of a sentence (`Input`, `Output`). Names are known words, applied (`\\text{Enc}(x)`),
    scripted (`\\text{head}_i`), CamelCase (`MultiHead`) or capitals (`MLP`, `BLEU`)."""
    return len(words) > 1 and words[1:].islower() and (words[0].islower()
                                                       or words[0].isupper())


def _symbol_kind(atom: Atom) -> str | None:
    kind = atom.kind
    if kind == "letter":
        return "variable"
    if kind == "number":
        # \mathbf{1}, \mathbb{1}: the ones vector, the indicator. \mathbf{19.38} in a
        # results table is an emphasised number, not a symbol.
        return "variable" if atom.font in ("bold", "bb", "bold-sf") and len(atom.name) == 1 \
            else None
    if kind in ("word", "function"):
        return "function"
    if kind in ("bigop", "operator"):
        return "operator"
    if kind == "relation":
        return "relation"
    if kind == "other":
        # A command no table knows, left after expansion: the paper's own notation whose
        # definition is missing (an \\input file not in the archive): \\Xstvec.
        return "variable"
    return None


# ---------------------------------------------------------------- differentials

INTEGRALS = frozenset({"int", "iint", "iiint", "oint", "idotsint"})
FRACTIONS = frozenset({"frac", "dfrac", "tfrac", "cfrac"})


def differentials(nodes: list[Node]) -> set[int]:
    """The italic `d` atoms of a formula that are differentials: a `d` before a variable in
    a formula with an integral (`\\int p(x)\\,dx`) or with `dt` (the SDE `dX_t = f\\,dt +
    g\\,dW_t`), and the `d`s of a derivative `\\frac{dy}{dx}`. A `d` in a script
    (`\\mathbb{R}^d`) or alone (`d = 512`) stays a variable."""
    lists = list(_node_lists(nodes))
    calculus = any(_integral(node) or _dt_at(row, index)
                   for row in lists for index, node in enumerate(row))
    found: set[int] = set()
    for row in lists:
        for index, node in enumerate(row):
            if _plain_d(node) and _variable_like(row, index + 1) \
                    and (calculus or _glued_differential(row, index)):
                found.add(id(node))
            if isinstance(node, Command) and node.name in FRACTIONS and len(node.args) >= 2:
                top, bottom = node.args[-2].children, node.args[-1].children
                if top and bottom and _plain_d(top[0]) and _plain_d(bottom[0]) \
                        and _variable_like(bottom, 1):
                    found.update((id(top[0]), id(bottom[0])))  # dy/dx, d/dt
    return found


def _glued_differential(row: list[Node], index: int) -> bool:
    """A `d` glued to the one letter after it and standing apart from the letter before:
    `p(z)dz = q(z)dx`, `P(Y \\in dy)`, `r\\,dr\\,d\\theta`, a small area `$dy$`. A product
    of dimension and count stays one (`O(nd)` has d glued to n; `O(dk)` is read as a
    product too), and so does a word-like run (`dxy`)."""
    after = row[index + 1]
    if not adjacent(row[index], after.base if isinstance(after, Scripted) else after):
        return False
    previous = row[index - 1] if index else None
    if previous is not None and _letter_node(previous) and adjacent(previous, row[index]):
        return False
    following = row[index + 2] if index + 2 < len(row) else None
    if following is not None and _letter_node(following) and not _plain_d(following) \
            and adjacent(after, following):
        return False
    return not (_atom_named(previous, "(") and index >= 2 and _big_o(row[index - 2]))


_ORDERS = frozenset({"O", "o", "Theta", "Omega"})
"""Asymptotic orders: the d of `O(dk)` is a dimension, the d of `\\pi(dx)` a measure's."""


def _big_o(node: Node) -> bool:
    base = node.base if isinstance(node, Scripted) else node
    return isinstance(base, Atom) and base.name in _ORDERS


def _letter_node(node: Node) -> bool:
    base = node.base if isinstance(node, Scripted) else node
    return isinstance(base, Atom) and base.kind in ("letter", "number")


def _atom_named(node: Node | None, name: str) -> bool:
    return isinstance(node, Atom) and node.name == name


def _node_lists(nodes: list[Node]) -> Iterator[list[Node]]:
    """Every list of sibling nodes of a tree, scripts left out."""
    yield nodes
    for node in nodes:
        base = node.base if isinstance(node, Scripted) else node
        if isinstance(base, Group | Fenced):
            yield from _node_lists(base.children)
        elif isinstance(base, Command):
            for argument in base.args:
                yield from _node_lists(argument.children)
        elif isinstance(base, Text):
            yield from _node_lists(base.children)


def _integral(node: Node) -> bool:
    base = node.base if isinstance(node, Scripted) else node
    return isinstance(base, Atom) and base.kind == "bigop" and base.name in INTEGRALS


def _plain_d(node: Node) -> bool:
    return isinstance(node, Atom) and node.kind == "letter" and node.name == "d" \
        and not node.font and not node.accents


def _variable_like(row: list[Node], index: int) -> bool:
    """A letter (any font, Greek too), scripted or not, at `row[index]`: the x of dx."""
    if index >= len(row):
        return False
    node = row[index]
    base = node.base if isinstance(node, Scripted) else node
    return isinstance(base, Atom) and base.kind == "letter"


def _dt_at(row: list[Node], index: int) -> bool:
    """`dt` written together (no space): the differential of time."""
    if index + 1 >= len(row) or not _plain_d(row[index]):
        return False
    following = row[index + 1]
    base = following.base if isinstance(following, Scripted) else following
    return isinstance(base, Atom) and base.kind == "letter" and base.name == "t" \
        and not base.font and adjacent(row[index], base)


def _is_argument(node: Node | None) -> bool:
    """True when `node` opens a parenthesised argument: f(x), \\sigma\\left(z\\right)."""
    if isinstance(node, Atom):
        return node.kind == "open" and node.name == "("
    if isinstance(node, Fenced):
        return node.kind == "paren"
    return False


def _argument_after(nodes: list[Node], start: int) -> str:
    """The LaTeX inside the parentheses that open at `start`, or '' when none do."""
    if start >= len(nodes):
        return ""
    first = nodes[start]
    if isinstance(first, Fenced) and first.kind == "paren":
        return to_latex(first.children)[:200]
    if not (isinstance(first, Atom) and first.kind == "open" and first.name == "("):
        return ""
    depth = 0
    for end in range(start, len(nodes)):
        node = nodes[end]
        if isinstance(node, Atom) and node.kind == "open":
            depth += 1
        elif isinstance(node, Atom) and node.kind == "close":
            depth -= 1
            if depth == 0:
                return to_latex(nodes[start + 1:end])[:200]
    return ""


def _bound_from_range(nodes: list[Node], bound: set[str]) -> None:
    """Letters bound by `\\sum_{i=1}`, `\\sum_{i,j}`, `\\max_{k \\in S}`, `\\sum_i`."""
    letters = [n for n in nodes if isinstance(n, Atom)]
    if not letters:
        return
    for position, atom in enumerate(letters):
        if atom.kind != "letter" or atom.font or len(atom.name) != 1:
            continue
        following = letters[position + 1] if position + 1 < len(letters) else None
        leading = position == 0 or (letters[position - 1].kind == "ordinary"
                                    and letters[position - 1].name == ",")
        if leading and (following is None or following.name in ("=", "in", ",", "<", "le",
                                                                 "leq", "neq", "ne")):
            bound.add(atom.name)


def _starts_range(following: list[Atom]) -> bool:
    """After a letter: `= 1,` / `= 1 \\dots` (i = 1, ..., n) or `\\in [` / `\\in \\{`."""
    if len(following) < 2:
        return False
    if following[0].name == "=" and following[1].kind == "number":
        return len(following) < 3 or following[2].name in (",", "ldots", "dots", "cdots")
    return following[0].name == "in" and following[1].name in ("[", "\\{", "\\lbrace")


def _collect_ranges(nodes: list[Node], bound: set[str]) -> None:
    """`\\forall i`, `i = 1, \\dots, n`, `i \\in [n]`, `t = 1, 2, \\ldots` bind letters."""
    atoms = [n for n in nodes if isinstance(n, Atom)]
    for position, atom in enumerate(atoms):
        if atom.kind != "letter" or atom.font or len(atom.name) != 1 or not atom.name.isascii():
            continue
        previous = atoms[position - 1] if position else None
        if (previous is not None and previous.name == "forall") \
                or _starts_range(atoms[position + 1:position + 4]):
            bound.add(atom.name)
    for node in nodes:
        children: list[Node] = []
        if isinstance(node, Group | Fenced):
            children = node.children
        elif isinstance(node, Scripted) and isinstance(node.base, Group | Fenced):
            children = node.base.children
        elif isinstance(node, Command):
            for argument in node.args:
                _collect_ranges(argument.children, bound)
        if children:
            _collect_ranges(children, bound)
