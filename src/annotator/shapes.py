"""What a type statement declares a symbol to be.

`$x \\in \\mathbb{R}^d$` makes x a vector with d entries, `$W \\in \\mathbb{R}^{n \\times d}$`
an n × d matrix, `$f: \\mathcal{X} \\to \\mathcal{Y}$` a function, `$t \\in [0, 1]$` a number.
The glossary shows the shape; the knowledge stage rules out usual meanings the
declaration contradicts (a T declared a map is no number of steps).
"""

from __future__ import annotations

from collections.abc import Iterable

from .mathparse import Atom, Node, Scripted
from .model import Definition, Text
from .patterns import parse_formula
from .render.unicode import latex_to_unicode, to_unicode


def shape_of(definition: Definition) -> Text | None:
    """What a type statement says: `\\in \\mathbb{R}^{n \\times d}` is an n × d matrix."""
    text = definition.text
    if definition.cue == "type-map":
        shown = latex_to_unicode(text.removeprefix(": ").strip())
        return Text(f"function {shown}", f"函数 {shown}")
    nodes = parse_formula(text.removeprefix("\\in").strip())
    if not nodes:
        return None
    head = nodes[0]
    base = head.base if isinstance(head, Scripted) else head
    shown = to_unicode(nodes)
    if isinstance(base, Atom) and base.font == "bb" and base.name in _NUMBER_SETS \
            and len(nodes) == 1:
        dims = _dimensions(head)
        kind = {"R": ("real", "实"), "C": ("complex", "复"), "N": ("natural", "自然数"),
                "Z": ("integer", "整数"), "Q": ("rational", "有理数")}[base.name]
        if not dims:
            return Text(f"{kind[0]} number ({shown})", f"{kind[1]}数（{shown}）"
                        if base.name in "RC" else f"{kind[1]}（{shown}）")
        if len(dims) == 1:
            return Text(f"vector in {shown} ({dims[0]} entries)",
                        f"{shown} 中的向量（{dims[0]} 维）")
        if len(dims) == 2:
            return Text(f"{dims[0]} × {dims[1]} matrix ({shown})",
                        f"{dims[0]} × {dims[1]} 矩阵（{shown}）")
        joined = " × ".join(dims)
        return Text(f"tensor of shape {joined} ({shown})", f"形状为 {joined} 的张量（{shown}）")
    return Text(f"element of {shown}", f"{shown} 中的元素")


def shape_kind(definition: Definition) -> str:
    """'vector', 'matrix' or 'tensor' for a type statement into ℝ with 1, 2 or more
    dimensions (`\\in \\mathbb{R}^{n \\times d}` is a matrix); '' otherwise."""
    if definition.cue == "type-map":
        return ""
    dims = _number_set_dimensions(_statement(definition))
    return "" if not dims else _SHAPES[min(dims, 3)]


def _dimensions(node: Node) -> list[str]:
    """`\\mathbb{R}^{n \\times d}` has the dimensions n and d; `\\mathbb{R}^{>0}`,
    `\\mathbb{R}^{+}` and `\\mathbb{R}^{*}` have none (a subset of the numbers)."""
    if not isinstance(node, Scripted) or node.sup is None or not node.sup.children:
        return []
    first = node.sup.children[0]
    if isinstance(first, Atom) and first.kind not in ("letter", "number", "word"):
        return []
    parts: list[list[Node]] = [[]]
    for child in node.sup.children:
        if isinstance(child, Atom) and child.name == "times":
            parts.append([])
        else:
            parts[-1].append(child)
    return [to_unicode(part) for part in parts if part]


_NUMBER_SETS = "RCNZQ"
_SHAPES = ("scalar", "vector", "matrix", "tensor")


def declared_kind(definitions: Iterable[Definition]) -> str:
    """'function', 'vector', 'matrix', 'tensor' or 'scalar': what the paper's type
    statements declare the symbol to be, when they agree; '' when there is none, they
    disagree (x ∈ ℝ in one section, x ∈ ℝ^d in another) or say only a set (x ∈ 𝒳)."""
    kinds = {_kind_of(d) for d in definitions if d.source == "type"}
    return kinds.pop() if len(kinds) == 1 else ""


def _kind_of(definition: Definition) -> str:
    if definition.cue == "type-map":
        return "function"
    nodes = _statement(definition)
    if len(nodes) > 1 and _interval(nodes):
        # t ∈ [0, 1] is a number, A ∈ [0, 1]^{n × n} a matrix, b ∈ {0, 1}^d a vector
        return _SHAPES[min(len(_dimensions(nodes[-1])), 3)]
    dims = _number_set_dimensions(nodes)
    return "" if dims is None else _SHAPES[min(dims, 3)]  # ℝ^{>0}: no dimensions, a number


def _statement(definition: Definition) -> list[Node]:
    """The set a type statement puts its symbol in: `\\in \\mathbb{R}^{d}` -> ℝ^d."""
    return parse_formula(definition.text.removeprefix("\\in").strip())


def _number_set_dimensions(nodes: list[Node]) -> int | None:
    """How many dimensions a power of a number set has (ℝ: 0, ℝ^{n × d}: 2); None when
    the set is not one (𝒳, [0, 1])."""
    if len(nodes) != 1:
        return None
    head = nodes[0]
    base = head.base if isinstance(head, Scripted) else head
    if not (isinstance(base, Atom) and base.font == "bb" and base.name in _NUMBER_SETS):
        return None
    return len(_dimensions(head))


def _interval(nodes: list[Node]) -> bool:
    """`[0, 1]`, `(0, 1)`, `\\{0, 1\\}`, perhaps raised to a shape: numbers between
    brackets."""
    first, last = nodes[0], nodes[-1]
    last = last.base if isinstance(last, Scripted) else last
    return isinstance(first, Atom) and first.name in ("[", "(", "\\{") \
        and isinstance(last, Atom) and last.name in ("]", ")", "\\}") \
        and any(isinstance(n, Atom) and n.name == "," for n in nodes)
