"""Templated notation: knowledge-base patterns with ?placeholders, matched against formulas.

`\\nabla_{?x} ?f` matches `\\nabla_\\theta \\mathcal{L}` with x = θ and f = 𝓛. A placeholder
matches one node (a symbol with its scripts, a group, a fence), or, at the end of a list
or before the next literal, a run of nodes. Matching is structural on the trees of
mathparse, so spacing and equivalent spellings (`\\bm`/`\\mathbf`) do not matter.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from .latexify import to_latex
from .lexer import TEXT, Tok, lex
from .mathparse import (
    PLACEHOLDER_COMMAND,
    Atom,
    Command,
    Fenced,
    Group,
    Node,
    Scripted,
    Text,
    balanced,
)
from .mathparse import parse_math as _parse

_PLACEHOLDER = re.compile(r"\?([a-z][a-z0-9]*)")
MAX_STEPS = 20_000
"""Node comparisons one match may take: a pathological formula must not stall explain."""
MAX_SEARCH_STEPS = 100_000
"""Node comparisons one search (`find_all`: every window of every list) may take in all:
`x_i + x_i + ...` with 50 terms has 11,000 windows, and 20,000 steps each took 47 s."""

Bindings = dict[str, list[Node]]


@dataclass(frozen=True)
class Found:
    """Where a pattern matched: the list it matched in, the window, and the bindings."""

    start: int
    end: int
    nodes: tuple[Node, ...]
    bindings: tuple[tuple[str, tuple[Node, ...]], ...]


@lru_cache(maxsize=4096)
def compile_pattern(latex: str) -> tuple[Node, ...]:
    """The tree of a pattern, its ?name placeholders as placeholder atoms."""
    text = _PLACEHOLDER.sub(lambda m: "\\" + PLACEHOLDER_COMMAND + "{" + m.group(1) + "}",
                            latex)
    return tuple(_parse(list(lex(text, "<pattern>"))))


def is_placeholder(node: Node) -> bool:
    return isinstance(node, Atom) and node.kind == "placeholder"


class _Budget:
    __slots__ = ("steps",)

    def __init__(self) -> None:
        self.steps = 0

    def spend(self) -> bool:
        self.steps += 1
        return self.steps <= MAX_STEPS


def match_whole(pattern: tuple[Node, ...], target: list[Node]) -> Bindings | None:
    """Bindings when `pattern` matches all of `target`, else None."""
    return _match_list(list(pattern), target, {}, _Budget())


def find_all(pattern: tuple[Node, ...], nodes: list[Node],
             accept: Callable[[Found, list[Node]], bool] | None = None) -> Iterator[Found]:
    """Every place in `nodes` (and lists nested in it) where `pattern` matches a window
    of consecutive nodes; the longest window at each start. A list that lacks one of the
    pattern's literal symbols (the `=` of `?a = ?b`) is not searched, and the whole
    search stops after MAX_SEARCH_STEPS comparisons. A match `accept` refuses gives way
    to the next shorter window at the same start (`\\log p(x) + 1`: the log of p(x));
    it is given the match and the list it is in."""
    for found, _owner in find_all_owned(pattern, nodes, accept):
        yield found


def find_all_owned(pattern: tuple[Node, ...], nodes: list[Node],
                   accept: Callable[[Found, list[Node]], bool] | None = None
                   ) -> Iterator[tuple[Found, tuple[int, int]]]:
    """`find_all`, each match with the range of top-level `nodes` that holds it: the
    window itself at the top, else the one top-level node it is nested in (a softmax
    inside the brackets of a cross-entropy is held by those brackets)."""
    needed = _signatures(pattern)
    spent = 0
    for siblings, owner in _owned_lists(nodes):
        if not needed <= _signatures(siblings):
            continue
        first, last = pattern[0], pattern[-1]
        for start in range(len(siblings)):
            if not _may_match(first, siblings[start]):
                continue  # a literal first node fits no window starting here
            for end in range(len(siblings), start, -1):
                if end - start > 1 and not _may_match(last, siblings[end - 1]):
                    continue
                budget = _Budget()
                bindings = _match_list(list(pattern), siblings[start:end], {}, budget)
                spent += budget.steps
                if bindings is not None:
                    found = Found(start, end, tuple(siblings[start:end]),
                                  tuple((k, tuple(v)) for k, v in bindings.items()))
                    if accept is not None and not accept(found, siblings):
                        continue
                    yield found, (start, end) if owner < 0 else (owner, owner + 1)
                    break
                if spent > MAX_SEARCH_STEPS:
                    return


def _may_match(pattern: Node, target: Node) -> bool:
    """Whether a pattern node can match `target` at all (placeholders free): a window
    whose first or last node cannot is not tried (this prunes most of a long formula)."""
    if is_placeholder(pattern) and not pattern.accents and not pattern.font:  # type: ignore[attr-defined]
        return True
    return _match_node(pattern, target, {}, _Budget()) is not None


def _signatures(nodes: tuple[Node, ...] | list[Node]) -> set[str]:
    """What a node at the top of a list must be for a pattern node to match it: the
    atom's name, the command's name, the fence's kind (a scripted node: its base's).
    Placeholders, groups and text say nothing."""
    found: set[str] = set()
    for node in nodes:
        while isinstance(node, Scripted):
            node = node.base
        if isinstance(node, Atom) and not is_placeholder(node):
            found.add("a:" + node.name)
        elif isinstance(node, Command):
            found.add("c:" + node.name)
        elif isinstance(node, Fenced):
            found.add("f:" + node.kind)
    return found


def _owned_lists(nodes: list[Node]) -> Iterator[tuple[list[Node], int]]:
    """`nodes` (owner -1) and every list inside it, with the top-level node holding it."""
    yield nodes, -1
    for index, node in enumerate(nodes):
        for child in _child_lists(node):
            for inner in _lists(child):
                yield inner, index


def _lists(nodes: list[Node]) -> Iterator[list[Node]]:
    """`nodes` and every node list inside it (groups, fences, scripts, arguments)."""
    yield nodes
    for node in nodes:
        for child in _child_lists(node):
            yield from _lists(child)


def _child_lists(node: Node) -> Iterator[list[Node]]:
    if isinstance(node, Group | Fenced | Text):
        yield node.children
    elif isinstance(node, Scripted):
        yield [node.base]
        if node.sub is not None:
            yield node.sub.children
        if node.sup is not None:
            yield node.sup.children
    elif isinstance(node, Command):
        for argument in node.args:
            yield argument.children


def _match_list(pattern: list[Node], target: list[Node], bindings: Bindings,
                budget: _Budget) -> Bindings | None:
    if not budget.spend():
        return None
    if not pattern:
        return bindings if not target else None
    head = pattern[0]
    if is_placeholder(head) and not head.accents and not head.font:  # type: ignore[attr-defined]
        name = head.name  # type: ignore[attr-defined]
        if len(pattern) == 1:
            return _bind(bindings, name, target) if target else None
        stop = next((i for i, n in enumerate(target) if isinstance(n, Atom)
                     and n.name in _STOPPERS), len(target))
        for cut in range(1, min(max(stop, 1), len(target)) + 1):  # a run never holds `=`
            bound = _bind(bindings, name, target[:cut])
            if bound is None:
                continue
            result = _match_list(pattern[1:], target[cut:], bound, budget)
            if result is not None:
                return result
        return None
    if not target:
        return None
    bound = _match_node(head, target[0], bindings, budget)
    if bound is None:
        return None
    return _match_list(pattern[1:], target[1:], bound, budget)


_STOPPERS = frozenset({"=", "<", ">", "le", "ge", "leq", "geq", "neq", "ne", "in", "notin",
                       "subset", "subseteq", "to", "rightarrow", "approx", "equiv", "coloneqq",
                       "defeq", "triangleq", "&", "\\", "cr", "newline"})


def _bind(bindings: Bindings, name: str, nodes: list[Node]) -> Bindings | None:
    """Bind a placeholder; one that appears twice must match the same thing. A value never
    leaves its brackets (`\\log ?x` in `[\\log p]` is not `p]`) nor runs across a relation
    (`\\log x = y` is the logarithm of x, not of `x = y`)."""
    if len(nodes) > 1 and (not balanced(nodes) or any(
            isinstance(n, Atom) and n.name in _STOPPERS for n in nodes)):
        return None
    if name in bindings:
        bound = bindings[name]
        if len(bound) != len(nodes):
            return None
        return bindings if _latex_of(bound) == _latex_of(nodes) else None
    return {**bindings, name: list(nodes)}


_LATEX: dict[tuple[int, ...], tuple[tuple[Node, ...], str]] = {}


def _latex_of(nodes: list[Node]) -> str:
    """to_latex of a placeholder's value, remembered (a repeated placeholder is compared
    at every cut of every window; the nodes are kept with the text, so an id is never
    reused for other nodes while it is remembered)."""
    key = tuple(map(id, nodes))
    hit = _LATEX.get(key)
    if hit is None:
        if len(_LATEX) > 50_000:
            _LATEX.clear()
        hit = _LATEX[key] = (tuple(nodes), to_latex(nodes))
    return hit[1]


def _children(node: Node) -> list[Node]:
    return node.children if isinstance(node, Group) else [node]


def _match_node(pattern: Node, target: Node, bindings: Bindings, budget: _Budget
                ) -> Bindings | None:
    if not budget.spend():
        return None
    if is_placeholder(pattern):
        assert isinstance(pattern, Atom)
        inner = _strip(pattern, target)
        return None if inner is None else _bind(bindings, pattern.name, [inner])
    if isinstance(pattern, Group):
        return _match_list(pattern.children, _children(target), bindings, budget)
    if isinstance(pattern, Atom):
        return bindings if isinstance(target, Atom) and _same_atom(pattern, target) else None
    if isinstance(pattern, Scripted):
        if not isinstance(target, Scripted) or pattern.primes != target.primes:
            return None
        bound = _match_node(pattern.base, target.base, bindings, budget)
        for mine, theirs in ((pattern.sub, target.sub), (pattern.sup, target.sup)):
            if bound is None:
                return None
            if (mine is None) != (theirs is None):
                return None
            if mine is not None and theirs is not None:
                bound = _match_list(mine.children, theirs.children, bound, budget)
        return bound
    if isinstance(pattern, Fenced):
        if not isinstance(target, Fenced) or pattern.kind != target.kind:
            return None
        return _match_list(pattern.children, target.children, bindings, budget)
    if isinstance(pattern, Command):
        if not isinstance(target, Command) or pattern.name != target.name \
                or len(pattern.args) != len(target.args):
            return None
        bound: Bindings | None = bindings
        for mine, theirs in zip(pattern.args, target.args, strict=True):
            if bound is None:
                return None
            bound = _match_list(mine.children, theirs.children, bound, budget)
        return bound
    if isinstance(pattern, Text):
        return bindings if isinstance(target, Text) and pattern.words == target.words else None
    return None


def _strip(placeholder: Atom, target: Node) -> Node | None:
    """What a placeholder written with accents or a font binds: `\\hat{?x}` against
    `\\hat{\\theta}` binds θ; against `x` it does not match."""
    if not placeholder.accents and not placeholder.font:
        return target
    if not isinstance(target, Atom):
        return None
    count = len(placeholder.accents)
    if target.accents[:count] != placeholder.accents:
        return None
    if placeholder.font and ("bold" in placeholder.font) != ("bold" in target.font):
        return None
    stripped = Atom(target.kind, target.name, _token_of(target))
    stripped.accents = target.accents[count:]
    stripped.accent_commands = target.accent_commands[count:]
    stripped.font = "" if placeholder.font else target.font
    stripped.font_command = "" if placeholder.font else target.font_command
    stripped.italic_word = target.italic_word
    return stripped


def _token_of(atom: Atom) -> Tok:
    return Tok(TEXT, atom.name, atom.file, atom.start, atom.end, atom.macro)


def _same_atom(pattern: Atom, target: Atom) -> bool:
    if pattern.name != target.name:
        return False
    if pattern.font != target.font and "bold" not in (pattern.font + target.font):
        return False
    if ("bold" in pattern.font) != ("bold" in target.font):
        return False
    kinds = {pattern.kind, target.kind}
    return len(kinds) == 1 or kinds <= {"word", "function"} or kinds <= {"fence", "ordinary"}


def parse_formula(latex: str) -> list[Node]:
    """A formula's tree (for matching against patterns)."""
    return _parse(list(lex(latex, "<formula>")))
