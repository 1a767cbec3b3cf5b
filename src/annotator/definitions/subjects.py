"""Which symbols a formula names when prose describes it, read from its tree.

`$\\eta$`, `$p(x \\mid y)$`, `$x_1, \\dots, x_n$` name one symbol; `$W^Q, W^K \\in
\\mathbb{R}^{d \\times k}$` names two; `$f: \\mathcal{X} \\to \\mathcal{Y}$` names f;
`$\\nabla_x y$` and `$z_0 \\sim p(z)$` name nothing a noun phrase before them could be.
"""

from __future__ import annotations

import bisect
from collections import defaultdict

from ..mathparse import Atom, Command, Fenced, Node, Scripted, Text, balanced, closing
from ..model import Analysis, Occurrence, Symbol

RELATIONS = frozenset({"=", "in", "coloneqq", "defeq", "triangleq", "equiv", "sim", "le",
                       "ge", "leq", "geq", "<", ">", "approx", "subset", "subseteq", "propto"})
_ARROWS = frozenset({"to", "rightarrow", "mapsto", "longrightarrow"})
_OPERATOR_PARTS = frozenset({"nabla", "partial", "int", "iint", "oint", "sum", "prod",
                             "frac", "dfrac", "tfrac", "sqrt"})
_LIST_FILLERS = frozenset({",", ".", "(", ")", "ldots", "dots", "cdots", "dotsc"})
_NAMED_KINDS = ("variable", "function")

Item = tuple[Occurrence, Symbol]


class OccurrenceIndex:
    """The symbol occurrences of each span, in source order, found by bisection."""

    def __init__(self, analysis: Analysis):
        by_span: dict[int, list[Item]] = defaultdict(list)
        for symbol in analysis.symbols:
            for occurrence in symbol.occurrences:
                by_span[occurrence.span].append((occurrence, symbol))
        self.by_span: dict[int, list[Item]] = {}
        self._offsets: dict[int, list[int]] = {}
        for span, items in by_span.items():
            items.sort(key=lambda item: item[0].location.offset)
            self.by_span[span] = items
            self._offsets[span] = [o.location.offset for o, _ in items]

    def between(self, span: int, start: int, end: int) -> list[Item]:
        """Occurrences in `span` starting at an offset in [start, end]."""
        offsets = self._offsets.get(span)
        if not offsets:
            return []
        low = bisect.bisect_left(offsets, start)
        high = bisect.bisect_right(offsets, end)
        return self.by_span[span][low:high]

    def uses(self, span: int, key: str, start: int, end: int) -> bool:
        """True when the symbol `key` occurs in the span between offsets start and end."""
        return any(symbol.key == key for _, symbol in self.between(span, start, end))

    def at(self, span: int, start: int, end: int) -> Item | None:
        """The first main symbol whose occurrence starts within [start, end)."""
        for occurrence, symbol in self.between(span, start, end - 1):
            if not occurrence.in_script and symbol.id.kind in _NAMED_KINDS:
                return occurrence, symbol
        return None

    def main_symbols(self, span: int) -> list[Item]:
        return [(o, s) for o, s in self.by_span.get(span, [])
                if not o.in_script and s.id.kind in _NAMED_KINDS]


def subjects(index: OccurrenceIndex, span: int, analysis: Analysis) -> list[Item]:
    """The symbols a formula names when prose defines it: its only main symbol (also a
    list of one family, `$x_1, \\dots, x_n$`), or the symbols before its relation
    (`$x \\in \\mathbb{R}^d$`, `$W^Q, W^K \\in \\mathbb{R}^{d \\times k}$`, `$d_k = 64$`)
    when they are a comma list of single symbols."""
    items = index.main_symbols(span)
    tree = analysis.trees[span] if span < len(analysis.trees) else []
    if not items:
        return _lone_operator(index, span, tree)
    limit = left_of_relation(tree)
    if len({symbol.key for _, symbol in items}) == 1:
        # `$x_1, \dots, x_n$` and `$\eta > 0$` name their symbol; `$\nabla_x y$` does not
        head = [node for node in tree if limit is None or node.start < limit]
        return [items[0]] if all(_plain_part(node) for node in head) else []
    alternatives = _alternatives(tree)
    if len(alternatives) > 1:
        return [found for alternative in alternatives
                if (found := _single(alternative, items)) is not None]
    head = [n for n in tree if limit is None or n.start < limit]
    whole = _single(head, items)
    if whole is not None:
        same = _equal_symbol(tree, limit, items)
        # `$p(\theta \mid \alpha)$`, `$c(x, y) = ...$`: the applied symbol; "with $p_0 =
        # p_{\rm data}$ the data distribution": both sides of an equality of two symbols
        return [whole, same] if same is not None and same[1].key != whole[1].key else [whole]
    chosen: list[Item] = []
    for item in comma_items(head):  # `$W^Q, W^K \in ...$`, `$W_{hh}, W_{xh}, b_h$`
        found = _single(item, items)
        if found is None:
            return []
        chosen.append(found)
    return chosen


def _equal_symbol(tree: list[Node], limit: int | None, items: list[Item]) -> Item | None:
    """The symbol right of a plain `=` when it is all the right side holds: the
    p_{\\rm data} of `$p_0 = p_{\\rm data}$` (not `$d = 64$`, not `$y = Wx$`)."""
    position = _relation_at(tree, limit, frozenset({"="}))
    if position is None:
        return None
    right = tree[position + 1:]
    found = _single(right, items) if right else None
    if found is not None and found[0].end < right[0].end:
        return None  # `$t_n = n^\beta$`: a power of n, not n itself
    if found is None or any(symbol.key == found[1].key and occurrence.location.offset < limit
                            for occurrence, symbol in items) \
            or any(symbol.key != found[1].key and occurrence.location.offset > limit
                   for occurrence, symbol in items):
        # `$\mathrm{sg}[x] = x$`: x is the argument, not the name; `H = U(\theta) + K(\rho)`
        # is a sum, no second name
        return None
    return found


def _relation_at(tree: list[Node], limit: int | None, names: frozenset[str]) -> int | None:
    """The index in `tree` of the formula's first relation when it is one of `names`
    (`=` of `$p_0 = p_{\\rm data}$`, `:=` of `$x^+ := \\max(0, x)$`), else None."""
    if limit is None:
        return None
    position = next(i for i, node in enumerate(tree) if node.start == limit)
    node = tree[position]
    return position if isinstance(node, Atom) and node.name in names else None


def _lone_operator(index: OccurrenceIndex, span: int, tree: list[Node]) -> list[Item]:
    """A formula that is one operator and nothing else names it: "where $\\odot$ denotes
    the element-wise product", "$\\otimes$是哈达玛积"."""
    if len(tree) != 1 or not isinstance(tree[0], Atom):
        return []
    return [(o, s) for o, s in index.by_span.get(span, []) if s.id.kind == "operator"][:1]


_DEFINING = frozenset({"=", "coloneqq", "defeq", "triangleq", "equiv"})


def defines(index: OccurrenceIndex, span: int, analysis: Analysis) -> bool:
    """Whether the formula defines its one left-hand symbol by an expression:
    `$\\zeta(x) = \\log(1 + \\exp(x))$`, `$H(\\mathrm{x}) = \\mathbb{E}[I(x)]$`; not a
    value (`$d = 64$`), not an update or a recursion that uses the symbol again
    (`$\\theta_{t+1} = \\theta_t - \\eta g_t$`), not a relation (`$x \\le y$`)."""
    tree = analysis.trees[span] if span < len(analysis.trees) else []
    limit = left_of_relation(tree)
    position = _relation_at(tree, limit, _DEFINING)
    if position is None:
        return False
    left, right = tree[:position], tree[position + 1:]
    found = _single(left, index.main_symbols(span))
    if found is None or not right or all(isinstance(n, Atom) and n.kind == "number"
                                         for n in right):
        return False
    if _marked(left[0]):
        return True  # `$x^+ = \\max(0, x)$`, `$w^* = \\arg\\min_w L(w)$`: x^+ is not x
    key = found[1].key
    after = right[0].start
    return not any(symbol.key == key for occurrence, symbol in index.by_span.get(span, [])
                   if occurrence.location.offset >= after)


_MARKS = frozenset({"+", "-", "*", "ast", "star", "dagger", "prime"})


def _marked(node: Node) -> bool:
    """A symbol with a marking superscript or a prime: x^+, w^*, f'."""
    if not isinstance(node, Scripted):
        return False
    if node.primes:
        return True
    parts = node.sup.children if node.sup is not None else []
    return len(parts) == 1 and isinstance(parts[0], Atom) and parts[0].name in _MARKS


def _single(item: list[Node], items: list[Item]) -> Item | None:
    """The symbol `item` is, when it is one symbol, possibly applied (`p(x)`)."""
    applied = bool(item) and applied_item(item)
    # `$\text{SNR}(\sigma) = 1/\sigma^2$`: a word in text font, applied, is an operator
    named = bool(item) and ((symbol_node(item[0]) and (len(item) == 1 or applied))
                            or (_text_operator(item[0]) and applied))
    if not named:
        return None  # `$\|\varepsilon - \hat\epsilon\|^2$` is no name for ε
    return next(((o, s) for o, s in items
                 if item[0].start <= o.location.offset <= item[0].end), None)


def _text_operator(node: Node) -> bool:
    """`\\text{SNR}`: one word set in text font, which the symbol stage reads as an
    operator name when it is applied (`\\text{SNR}(\\sigma)`)."""
    return isinstance(node, Text) and not node.children and node.words.isalpha()


def _plain_part(node: Node) -> bool:
    """Whether a part of a formula leaves the formula naming its symbol: not a gradient,
    derivative, integral, sum or fraction around it."""
    base = node.base if isinstance(node, Scripted) else node
    if isinstance(base, Command):
        return base.name not in _OPERATOR_PARTS
    if isinstance(base, Fenced) and base.kind in _MEASURING_FENCES:
        return False  # "$\|Q\|_F$ denotes the Frobenius norm": a norm of Q, not Q
    return not (isinstance(base, Atom) and base.name in _OPERATOR_PARTS)


_MEASURING_FENCES = frozenset({"norm", "abs", "inner", "floor", "ceil"})
"""Fences that make a new quantity of what they hold: a norm, an absolute value or size
(`|S|`, the number of elements of S), an inner product, a rounding."""


def _alternatives(tree: list[Node]) -> list[list[Node]]:
    """A formula's parts around `\\text{ or }`: the notation table's
    `y^{(i)} \\text{ or } \\vy^{(i)}` names two symbols with one description."""
    parts: list[list[Node]] = [[]]
    for node in tree:
        if isinstance(node, Text) and node.words.strip() == "or" and not node.children:
            parts.append([])
        else:
            parts[-1].append(node)
    return [part for part in parts if part]


def left_of_relation(tree: list[Node]) -> int | None:
    """Where the formula's first relation starts: `=`, `\\in`, `\\sim`, ..., or the colon
    of a signature `f: \\mathcal{X} \\to \\mathcal{Y}`."""
    for position, node in enumerate(tree):
        if not isinstance(node, Atom):
            continue
        if node.name in RELATIONS:
            return node.start
        if node.name in (":", "colon") and any(isinstance(n, Atom) and n.name in _ARROWS
                                               for n in tree[position + 1:]):
            return node.start
    return None


def comma_items(nodes: list[Node]) -> list[list[Node]]:
    items: list[list[Node]] = [[]]
    for node in nodes:
        if isinstance(node, Atom) and node.name == ",":
            items.append([])
        else:
            items[-1].append(node)
    return [item for item in items if item]


def family_list(tree: list[Node]) -> bool:
    """`(x_1, \\ldots, x_n)` or `x_1, x_2`: a list of one family of symbols."""
    nodes = tree[0].children if len(tree) == 1 and isinstance(tree[0], Fenced) \
        and tree[0].kind == "paren" else tree
    names: set[tuple[str, str]] = set()
    for node in nodes:
        base = node.base if isinstance(node, Scripted) else node
        if isinstance(base, Atom) and base.name in _LIST_FILLERS:
            continue
        if not (isinstance(base, Atom) and base.kind == "letter"):
            return False
        names.add((base.name, base.font))
    return len(names) == 1 and any(n for n in nodes if isinstance(n, Scripted))


_ORDER = frozenset({"<", ">", "le", "ge", "leq", "geq", "ll", "gg", "lt", "gt"})


def ordered_family(tree: list[Node]) -> bool:
    """`0 < \\beta_1 < \\cdots < \\beta_T \\ll 1`: bounds and one family in order, as
    after "a sequence of variances"; not `x < y`, two symbols compared."""
    members = []
    for node in tree:
        base = node.base if isinstance(node, Scripted) else node
        if isinstance(base, Atom) and (base.name in _ORDER or base.kind == "number"
                                       or base.name in _LIST_FILLERS):
            continue
        if not (isinstance(node, Scripted) and node.sub is not None
                and isinstance(base, Atom) and base.kind == "letter"):
            return False
        members.append((base.name, base.font))
    return len(members) >= 2 and len(set(members)) == 1 and any(
        isinstance(n, Atom) and n.name in _ORDER for n in tree)


def nameable(span: int, analysis: Analysis) -> bool:
    """The formula is a single symbol (`$\\eta$`, `$W_i$`), perhaps applied
    (`$p(x \\mid y)$`) or typed (`$w \\in A$`, `$f: \\mathcal{X} \\to \\mathcal{Y}$`), not an
    expression: a noun phrase before it names it."""
    if span >= len(analysis.trees):
        return False
    tree = [n for n in analysis.trees[span] if not (isinstance(n, Atom)
                                                     and n.kind == "separator")]
    if tree and (family_list(tree) or ordered_family(tree)):
        return True
    if not tree or not symbol_node(tree[0]):
        return False
    if len(tree) == 1 or applied_item(tree):
        return True
    # "a vertex $w \in A$", "a feature space $\mathcal{X} = \{x_1, ...\}$"; not "a base
    # distribution $z_0 \sim p(z)$", where the phrase names the distribution (`drawn`)
    if _draw_start(tree) is not None:
        return False
    limit = left_of_relation(tree)
    left = [n for n in tree if limit is not None and n.start < limit]
    return bool(left) and (len(left) == 1 or applied_item(left))


def notation(span: int, analysis: Analysis) -> bool:
    """The formula is a symbol as notation, perhaps applied, listed or typed (`$S$`,
    `$p(u, v)$`, `$U \\in \\mathbb{R}^{N \\times s}$`), not a statement of a relation
    between symbols (`$G_1 \\cong G_2$`, `$a \\le b$`): what "which we denote by" names."""
    if not nameable(span, analysis):
        return False
    tree = analysis.trees[span]
    limit = left_of_relation(tree)
    return limit is None or _relation_at(tree, limit, _TYPE_RELATIONS) is not None


_TYPE_RELATIONS = frozenset({"in", ":", "colon", "subset", "subseteq"})


def drawn(span: int, analysis: Analysis) -> bool:
    """The formula draws one symbol from a distribution: `$u \\sim \\mathcal{U}(0, 1)$`,
    `$\\epsilon_t \\sim \\mathcal{N}(0, I)$`. A noun phrase before it names the symbol
    ("a random number $u \\sim ...$") or the distribution ("a base distribution $z_0
    \\sim p(z)$"): the rules tell the two apart by the phrase, so `nameable` says no."""
    if span >= len(analysis.trees):
        return False
    tree = analysis.trees[span]
    limit = _draw_start(tree)
    if limit is None:
        return False
    left = [n for n in tree if n.start < limit]
    return bool(left) and symbol_node(left[0]) and (len(left) == 1 or applied_item(left))


def _draw_start(tree: list[Node]) -> int | None:
    """Where `\\sim` starts when it is the formula's first relation (`z_0 \\sim p(z)`)."""
    limit = left_of_relation(tree)
    if limit is not None and any(isinstance(n, Atom) and n.name == "sim" and n.start == limit
                                 for n in tree):
        return limit
    return None


def count_shaped(span: int, analysis: Analysis) -> bool:
    """The formula is one plain Latin letter, perhaps with a subscript: `$N$`, `$n_i$`,
    `$T$`; not `$\\mathbf{x}$`, `$\\theta$` or `$x^2$`. Counts are written so."""
    tree = analysis.trees[span] if span < len(analysis.trees) else []
    if len(tree) != 1:
        return False
    node = tree[0]
    if isinstance(node, Scripted):
        if node.sup is not None or node.primes:
            return False
        node = node.base
    return isinstance(node, Atom) and node.kind == "letter" and not node.font \
        and not node.accents and len(node.name) == 1 and node.name.isascii()


def symbol_node(node: Node) -> bool:
    base = node.base if isinstance(node, Scripted) else node
    return (isinstance(base, Atom) and base.kind in ("letter", "word", "other")) or (
        isinstance(base, Atom) and base.kind == "number" and bool(base.font))


def applied_item(item: list[Node]) -> bool:
    """`p(x)`, `\\mathrm{sg}[x]`, `\\Sigma[i]`: a symbol followed only by its argument in
    parentheses or brackets."""
    rest = item[1:]
    if len(rest) == 1 and isinstance(rest[0], Fenced) and rest[0].kind == "paren":
        return True
    if len(rest) < 2 or not (isinstance(rest[0], Atom) and isinstance(rest[-1], Atom)):
        return False
    pair = (rest[0].name, rest[-1].name)
    if pair == ("(", ")"):
        return balanced(rest)
    # the first bracket closes at the end: `[x]`, `[i-1]`, not `[a] + b[c]`
    return pair == ("[", "]") and closing(rest) == len(rest) - 1 \
        and not _bracket_operator(item[0])


_BRACKET_OPERATORS = frozenset({"E", "P", "Pr", "Var", "Cov", "V", "Corr", "Ent", "KL"})


def _bracket_operator(node: Node) -> bool:
    """`\\mathbb{E}[\\log D(x)]`, `\\mathrm{Var}[X]`: an expectation or probability whose
    bracket holds an expression; "$\\mathbb{E}[\\cdot]$ is the loss" names the expression."""
    base = node.base if isinstance(node, Scripted) else node
    return isinstance(base, Atom) and (base.font == "bb" or (
        base.name in _BRACKET_OPERATORS and base.kind == "word"))

