"""Definitions read from formulas: type statements and defining equations.

A formula is read row by row (an align's rows) and within a row clause by clause
(`Q = XW^Q, \\quad K = XW^K`). Each rule yields `MathHit`s: the symbol occurrence it
defines and the right-hand side.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...latexify import to_latex
from ...mathparse import Atom, Command, Fenced, Group, Node, Scripted
from ...model import Analysis, Occurrence, Symbol
from ..subjects import RELATIONS, OccurrenceIndex, comma_items
from .base import Case, math_rule

DEFINING = frozenset({"coloneqq", "defeq", "triangleq", "eqqcolon"})
_ARROWS = frozenset({"to", "rightarrow", "mapsto", "longrightarrow"})
_BINDERS = frozenset({"forall", "exists", "quad", "qquad"})


@dataclass(frozen=True, slots=True)
class MathFacts:
    """What a math rule may read besides the row."""

    span: int
    index: OccurrenceIndex
    analysis: Analysis
    introduced: bool
    """Prose introduces the formula as a definition ("where $\\Lambda = ...$")."""


@dataclass(frozen=True, slots=True)
class MathHit:
    occurrence: Occurrence
    symbol: Symbol
    text: str
    """The right-hand side as canonical LaTeX ('\\in \\mathbb{R}^{d}' for a type)."""
    start: int
    end: int
    """Offsets of the right-hand side in the occurrence's file."""


def rows(tree: list[Node]) -> Iterator[list[Node]]:
    """An align's rows (split at \\\\), without the & markers."""
    row: list[Node] = []
    for node in tree:
        if isinstance(node, Atom) and node.kind == "separator":
            if node.name in ("\\", "cr", "newline") and row:
                yield row
                row = []
            continue
        row.append(node)
    if row:
        yield row


def clauses(row: list[Node]) -> list[list[Node]]:
    """A row split at top-level commas when every piece holds its own relation."""
    pieces: list[list[Node]] = [[]]
    depth = 0
    for node in row:
        depth += _depth_change(node)
        if isinstance(node, Atom) and node.name == "," and depth == 0:
            pieces.append([])
            continue
        pieces[-1].append(node)
    pieces = [piece for piece in pieces if piece]
    with_relation = [any(isinstance(n, Atom) and (n.name == "=" or n.name in DEFINING)
                         for n in piece) for piece in pieces]
    return pieces if len(pieces) > 1 and all(with_relation) else [row]


_BRACES_OPEN = frozenset({"\\{", "\\lbrace", "\\langle", "{", "lbrace", "langle"})
_BRACES_CLOSE = frozenset({"\\}", "\\rbrace", "\\rangle", "}", "rbrace", "rangle"})


def _depth_change(node: Node) -> int:
    """+1 at an opening bracket (also an unpaired `\\{` or `\\langle`), -1 at a closing one."""
    if not isinstance(node, Atom):
        return 0
    if node.kind == "open" or node.name in _BRACES_OPEN:
        return 1
    if node.kind == "close" or node.name in _BRACES_CLOSE:
        return -1
    return 0


@math_rule("type-in", cases=[
    Case("$x \\in \\mathbb{R}^{d}$ is the input.", (("x", "\\in \\mathbb{R}^{d}"),)),
    Case("Time is $t \\in [0, 1]$ here.", (("t", "\\in [0,1]"),)),
    Case("$x + y \\in A$ holds.", ()),
    Case("We need $m \\in \\Theta(T^2)$ samples.", ()),
    Case("If $d \\leq \\frac{C}{n}, \\ \\alpha \\in (0, 1]$ then.", (("alpha", "\\in (0,1]"),)),
    Case("For all $x \\in \\mathbb{S}^2 \\quad |f(x)| \\le 1$.",
         (("x", "\\in \\mathbb{S}^{2}"),)),
])
def type_in(row: list[Node], facts: MathFacts) -> Iterator[MathHit]:
    """`x, y \\in \\mathbb{R}^{d}`, `t \\in [0, 1]`: each symbol left of `\\in` is an element
    of the whole right side (a bracketed interval is not cut at its comma)."""
    for position, node in enumerate(row):
        if isinstance(node, Atom) and node.name == "in":
            yield from _typed(row, position, facts, "\\in ", arrows=False)


@math_rule("type-map", cases=[
    Case("A map $f: \\mathcal{X} \\to \\mathcal{Y}$ is given.",
     (("f", ": \\mathcal{X}\\to\\mathcal{Y}"),)),
    Case("The field $u_t: \\mathbb{R}^d \\times [0,1] \\to \\mathbb{R}^d$ moves mass.",
     (("u", ": \\mathbb{R}^{d}\\times[0,1]\\to\\mathbb{R}^{d}"),)),
    Case("$a : b$ is a ratio.", ()),
])
def type_map(row: list[Node], facts: MathFacts) -> Iterator[MathHit]:
    """`f: \\mathcal{X} \\to \\mathcal{Y}`: a signature, the whole of it."""
    for position, node in enumerate(row):
        if isinstance(node, Atom) and node.name in (":", "colon") and any(
                isinstance(n, Atom) and n.name in _ARROWS for n in row[position + 1:]):
            yield from _typed(row, position, facts, ": ", arrows=True)


def _typed(row: list[Node], position: int, facts: MathFacts, prefix: str, arrows: bool
           ) -> Iterator[MathHit]:
    left, right = _side_before(row, position), _side_after(row, position, arrows)
    if not left or not right or _asymptotic(right):
        return  # `m \in \Theta(T^2)` says how m grows, not what it is
    text = prefix + to_latex(right)
    for item in comma_items(left):
        if len(item) > 1 or isinstance(item[0], (Command, Fenced, Group)):
            continue  # `\frac{C}{n^\alpha}, \alpha \in (0, 1]` types α, not the C inside
        subject = facts.index.at(facts.span, item[0].start, item[-1].end + 1)
        if subject is not None:
            occurrence, symbol = subject
            yield MathHit(occurrence, symbol, text, right[0].start, right[-1].end)


_ASYMPTOTIC = frozenset({"O", "Theta", "Omega", "o", "omega"})


def _asymptotic(side: list[Node]) -> bool:
    """`\\Theta(T^2)`, `\\mathcal{O}(n)`, `\\tilde{O}(1)`: a growth class, not a type."""
    head = side[0].base if isinstance(side[0], Scripted) else side[0]
    return isinstance(head, Atom) and head.name in _ASYMPTOTIC and len(side) > 1


def _side_before(row: list[Node], position: int) -> list[Node]:
    """The nodes just left of a relation, back to the previous relation or separator."""
    side: list[Node] = []
    for node in reversed(row[:position]):
        if isinstance(node, Atom) and (node.name in RELATIONS or node.kind == "separator"
                                       or node.name in _BINDERS):
            break
        side.insert(0, node)
    return side


def _side_after(row: list[Node], position: int, arrows: bool) -> list[Node]:
    """The nodes right of a relation, up to the next relation, a top-level comma-clause or
    a separator: `[0, 1]` and `\\mathbb{R}^d \\times [0,1] \\to \\mathbb{R}^d` stay whole."""
    side: list[Node] = []
    depth = 0
    for node in row[position + 1:]:
        change = _depth_change(node)
        if depth == 0 and isinstance(node, Atom) and (
                node.name in RELATIONS or node.kind == "separator"
                or node.name in (",", ";", ".", "quad", "qquad")
                or (not arrows and node.name in _ARROWS)) and change == 0:
            break
        if depth + change < 0:
            break
        depth += change
        side.append(node)
    return side


@math_rule("defining-equation", cases=[
    Case("Let $A := B^\\top B$ be the Gram matrix.", (("A", "B^{\\top}B"),)),
    Case("Set $\\phi \\triangleq \\psi + 1$.", (("phi", "\\psi+1"),)),
    Case("Here $a + b := c$.", ()),
])
def defining_equation(row: list[Node], facts: MathFacts) -> Iterator[MathHit]:
    """`A := B`, `A \\triangleq B`, `A \\coloneqq B`, `\\stackrel{\\text{def}}{=}`: an explicit
    definition of the single symbol on the left."""
    for clause in clauses(row):
        hit = _equation(clause, facts, defining=True)
        if hit is not None:
            yield hit


@math_rule("equation", cases=[
    Case("\\begin{equation}\\mathcal{L}(\\theta) = -\\sum_i \\log p(y_i)\\end{equation}",
     (("cal:L", "-\\sum_{i}\\log p(y_{i})"),)),
    Case("\\begin{equation}\\theta_{t+1} = \\theta_t - \\eta g_t\\end{equation}", ()),
    Case("\\begin{equation}T_0(x) = 1\\end{equation}", ()),
])
def equation(row: list[Node], facts: MathFacts) -> Iterator[MathHit]:
    """`\\mathcal{L}(\\theta) = ...` alone on the left of the first `=` of a display row (or
    of an inline formula prose introduces: "where $\\Lambda = ...$"): a definition, unless
    it is an update rule (`\\theta_{t+1} = \\theta_t - ...`), a special case (`T_0(x) = 1`),
    a value (`n = 1`) or a step of a derivation (`a = b = c`)."""
    for clause in clauses(row):
        hit = _equation(clause, facts, defining=False)
        if hit is not None:
            yield hit


def _equation(row: list[Node], facts: MathFacts, defining: bool) -> MathHit | None:
    relations = [(i, n) for i, n in enumerate(row)
                 if isinstance(n, Atom) and (n.name in DEFINING or n.name == "=")]
    if not relations:
        return None
    position, relation = relations[0]
    if (relation.name in DEFINING) != defining:
        return None
    left = row[:position]
    right = _until_next(row[position + 1:])
    if not left or not right or not _single_symbol_side(left):
        return None
    if not defining and not (facts.introduced or _plain_definition(left, row, facts)):
        return None
    subject = facts.index.at(facts.span, left[0].start, left[0].end + 1)
    if subject is None:
        return None
    occurrence, symbol = subject
    if not defining:
        if facts.index.uses(facts.span, symbol.key, right[0].start, right[-1].end):
            return None  # an update rule, θ_{t+1} = θ_t − η∇L, does not define θ
        if _special_case(occurrence) or _just_a_number(right):
            return None  # T_0(x) = 1 is one case of T; "where $n = 1$" sets a value
    return MathHit(occurrence, symbol, to_latex(right), right[0].start, right[-1].end)


def _special_case(occurrence: Occurrence) -> bool:
    """`T_0(x)`, `x^{(1)}`: the left side is one member of an indexed family."""
    return any(role in ("index", "sample-index") for role in occurrence.script_roles)


def _just_a_number(nodes: list[Node]) -> bool:
    return all(isinstance(n, Atom) and (n.kind == "number" or n.name in ("-", ".", ","))
               for n in nodes)


def _until_next(nodes: list[Node]) -> list[Node]:
    """The right side of a definition, up to a following relation or a trailing comma."""
    side: list[Node] = []
    for node in nodes:
        if isinstance(node, Atom) and (node.name in RELATIONS or node.name in DEFINING):
            break
        side.append(node)
    while side and isinstance(side[-1], Atom) and side[-1].name in (",", ".", ";"):
        side.pop()
    return side


def _single_symbol_side(left: list[Node]) -> bool:
    """`\\mathcal{L}`, `f(x)`, `\\mathcal{L}(\\theta)`, `h_t`: one symbol, maybe applied."""
    nodes = [n for n in left if not (isinstance(n, Atom) and n.kind == "separator")]
    if not nodes:
        return False
    head = nodes[0].base if isinstance(nodes[0], Scripted) else nodes[0]
    if not (isinstance(head, Atom) and head.kind in ("letter", "word", "function")):
        return False
    rest = nodes[1:]
    if not rest:
        return True
    return (len(rest) == 1 and isinstance(rest[0], Fenced | Group)) or (
        isinstance(rest[0], Atom) and rest[0].name == "(" and isinstance(rest[-1], Atom)
        and rest[-1].name == ")")


def _plain_definition(left: list[Node], row: list[Node], facts: MathFacts) -> bool:
    """A plain `=` defines its left side only as the first relation of a display row, or
    when the left side is applied (`f(x) = ...`): `a = b = c` in a derivation does not."""
    equals = sum(1 for n in row if isinstance(n, Atom) and n.name == "=")
    if equals > 1:
        return False
    return len(left) > 1 or facts.analysis.math[facts.span].display

