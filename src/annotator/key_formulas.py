"""Key formulas: each display equation of a paper, and each row of a multi-row display,
that a formula template recognises (recognise.py), with its label, its place, its name
and which of the paper's symbols plays which role.

    \\begin{align}
      A &= \\mathrm{softmax}(QK^\\top / \\sqrt{d_k}) V \\label{eq:att} \\\\
      p_i &= \\frac{\\exp(z_i)}{\\sum_j \\exp(z_j)}
    \\end{align}

gives two key formulas, one per row: the first labelled eq:att, the second at its own
line. A row's label is the `\\label` written in that row (the tree keeps none, so it is
read from the source between the row's separators). A stage: it reads an Analysis and
returns data; the glossary attaches it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

from .canonical import canonical
from .formula_index import deep_signatures, formula_index
from .latexify import to_latex
from .mathparse import Atom, Node
from .model import Analysis, MathSpan, Text
from .recognise import Recognised, Template, primary, recognise

_LABEL = re.compile(r"\\label\s*\{([^{}]*)\}")
_ROW_BREAKS = frozenset({"\\", "cr", "newline"})
_PUNCTUATION = re.compile(r"[\s.,;:!?]*")
"""A binding that is only punctuation: no role of a formula is a full stop (`concat(z_1,
z_2).` read as multi-head attention with `.` as its output projection)."""
_PLACEHOLDER = re.compile(r"\?([a-z][a-z0-9]*)")


@dataclass(frozen=True)
class KeyFormula:
    """One recognised display equation or row of a display."""

    span: int
    """Index of the math span (Analysis.math)."""
    row: int
    """The row of the display, from 0 (0 for a one-row display)."""
    rows: int
    """How many rows the display has."""
    file: str
    line: int
    label: str | None
    """The row's own `\\label`, or the display's when it has one row."""
    latex: str
    """The row after macro expansion (`&` alignment kept), as renderers show it."""
    source: str
    """The row as the author wrote it, without its `\\label` ('' when not known)."""
    template: str
    name: Text
    area: str
    summary: Text
    code: str
    part: str
    """The part of the row the template matched (the whole right-hand side, or a softmax
    inside a cross-entropy)."""
    bindings: tuple[tuple[str, Text, str], ...]
    """(role id, role name, the paper's LaTeX), in the template's role order."""
    also: tuple[Recognised, ...] = ()
    """Other templates recognised inside the same row (a softmax inside the loss)."""


def key_formulas(analysis: Analysis) -> tuple[KeyFormula, ...]:
    """Every recognised display row of the paper, in reading order."""
    if not analysis.trees:
        return ()
    texts = {path: source.text for path, source in analysis.paper.files.items()}
    found: list[KeyFormula] = []
    for span in analysis.math:
        if not span.display or span.index >= len(analysis.trees):
            continue
        tree = analysis.trees[span.index]
        if not tree:
            continue
        try:
            recognised = _recognised(list(tree))
        except RecursionError:  # a formula too deep to match: no key formula, no crash
            continue
        if recognised:
            found.extend(_rows_of(span, tree, recognised, texts, analysis))
    return tuple(found)


def _recognised(tree: list[Node]) -> list[Recognised]:
    """recognise() row by row, each row given only the patterns it can match
    (formula_index.py: the same matches as with every pattern, a fraction of the time),
    and no loose pattern (LOOSE). Without the source, bindings are in expanded LaTeX
    (`\\mathbf{Q}`, not the author's `\\mQ`, which no renderer knows)."""
    index = formula_index()
    found: list[Recognised] = []
    for start, end in row_bounds(tree):
        row = tree[start:end]
        canon = canonical(list(row))
        present = deep_signatures(canon)
        long_row = len(canon) > LONG_ROW
        chosen = []
        for template, signatures in zip(index.templates, index.signatures, strict=True):
            keep = [number for number, (pattern, needed)
                    in enumerate(zip(template.patterns, signatures, strict=True))
                    if set(needed) <= present and not _loose(needed)
                    and not (long_row and _repeats(pattern))]
            if keep:
                chosen.append(_with_patterns(template, keep))
        if not chosen:
            continue
        for item in recognise(list(row), tuple(chosen), None):
            found.append(replace(item, start=item.start + start, end=item.end + start))
    return found


LONG_ROW = 20
"""Top-level nodes beyond which a row is not tried against a pattern that repeats a
placeholder (`?t = ?t - ?e \\nabla ?l`): matching one costs the most (each window
compares every candidate twice), and no such match on the corpus was on a row of more
than 17 nodes, while the rows longer than 20 (proof steps) took 0.5 s of 0.8 s for none."""


@lru_cache(maxsize=4096)
def _repeats(pattern: str) -> bool:
    names = _PLACEHOLDER.findall(pattern)
    return len(names) != len(set(names))


def _with_patterns(template: Template, keep: list[int]) -> Template:
    """The template with only the patterns numbered `keep` (and what is said per
    pattern, `needs`, kept in step)."""
    needs = template.needs
    return replace(template, patterns=tuple(template.patterns[n] for n in keep),
                   needs=tuple(needs[n] for n in keep) if needs else ())


def _loose(needed: tuple[str, ...]) -> bool:
    """Only loose literals, wherever they stand (`fence:paren>a:,` is a comma)."""
    return {signature.rpartition(">")[2] for signature in needed} <= LOOSE


LOOSE = frozenset({"a:=", "a:+", "a:-", "a:,", "a:0", "a:1", "a:2", "f:paren"})
"""A pattern whose every literal is one of these (`?v = ?m ?v + ?g`, `?l = ?d - ?a`,
`?q(?s, ?a) - ?v(?s)`) is too loose to name a paper's equation: on the corpus every such
match was wrong (`\\lambda_1 L_1(\\pi, q) - \\lambda_2 H(\\pi)` read as an advantage,
`\\theta_{t+1} = \\theta_t - \\eta` as a graph Laplacian), and they cost the most time.
`annotator explain`, which reads one formula, still uses them."""


def _rows_of(span: MathSpan, tree: list[Node], recognised: list[Recognised],
             texts: Mapping[str, str], analysis: Analysis) -> list[KeyFormula]:
    bounds = row_bounds(tree)
    out: list[KeyFormula] = []
    for number, (start, end) in enumerate(bounds):
        inside = [r for r in recognised if start <= r.start and r.end <= end
                  and not any(_PUNCTUATION.fullmatch(latex) for _, _, latex in r.bindings)]
        best = primary(inside)
        if best is None:
            continue
        row_text = _row_source(span, tree, start, end, bounds, texts)
        labels = _LABEL.findall(row_text) if row_text is not None else []
        label = labels[0] if labels else span.label if len(bounds) == 1 else None
        file, line = _place(span, tree[start], texts, analysis)
        written = _LABEL.sub("", row_text).strip() if row_text is not None else ""
        out.append(KeyFormula(
            span=span.index, row=number, rows=len(bounds), file=file, line=line, label=label,
            latex=to_latex(_shown_nodes(tree[start:end])), source=" ".join(written.split()),
            template=best.template, name=best.name,
            area=best.area, summary=best.summary, code=best.code, part=best.latex,
            bindings=best.bindings, also=_inside_parts(best, inside)))
    return out


def _inside_parts(best: Recognised, inside: list[Recognised]) -> tuple[Recognised, ...]:
    """The other named formulas within a part the row's formula binds: the softmax that
    is a cross-entropy's q. A match elsewhere in the row is no part of that formula (a
    `\\theta_{t+1} = \\theta_t - \\eta` inside an SGD step is no graph Laplacian)."""
    found: dict[str, Recognised] = {}
    for other in inside:
        if other.template == best.template or other.template in found:
            continue
        if other.latex and any(other.latex in latex for _, _, latex in best.bindings):
            found[other.template] = other
    return tuple(found.values())


def _shown_nodes(row: list[Node]) -> list[Node]:
    """The row without the markers of an inner environment (`\\begin{split}` inside an
    align is a separator atom), which are no part of the formula a reader sees."""
    return [node for node in row if not (isinstance(node, Atom) and node.kind == "separator"
                                         and node.name in ("begin", "end"))]


def row_bounds(tree: list[Node]) -> list[tuple[int, int]]:
    """(first node, one past the last) of each row: the display split at `\\\\`."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for index, node in enumerate([*tree, None]):
        if node is None or (isinstance(node, Atom) and node.kind == "separator"
                            and node.name in _ROW_BREAKS):
            if index > start:
                bounds.append((start, index))
            start = index + 1
    return bounds


def _row_source(span: MathSpan, tree: list[Node], start: int, end: int,
                bounds: list[tuple[int, int]], texts: Mapping[str, str]) -> str | None:
    """The row's source: from the separator before it (or the span's start) to the one
    after it (or the span's end), when its nodes come from the span's file."""
    text = texts.get(span.location.file)
    if text is None or tree[start].file != span.location.file:
        return None
    first = tree[start - 1].end if start > 0 else span.location.offset
    last = tree[end].start if end < len(tree) else span.end
    if not 0 <= first <= last <= len(text) or last - first > 20_000:
        return None
    return text[first:last]


def _place(span: MathSpan, node: Node, texts: Mapping[str, str], analysis: Analysis
           ) -> tuple[str, int]:
    """The row's file and line: its first node's, when it is in the span's file."""
    if node.file != span.location.file or node.file not in texts:
        return span.location.file, span.location.line
    if analysis.locate is not None:
        return node.file, analysis.locate(node.file, node.start).line
    return node.file, texts[node.file].count("\n", 0, node.start) + 1
