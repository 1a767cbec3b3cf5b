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

from .canonical import CLAUSE_BREAKS, RELATIONS, canonical
from .formula_index import FormulaIndex, deep_signatures, formula_index
from .latexify import to_latex
from .mathparse import Atom, Command, Fenced, Node, Scripted
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
    per_span = analysis.recognised if len(analysis.recognised) == len(analysis.math) \
        else recognised_spans(analysis)
    texts = {path: source.text for path, source in analysis.paper.files.items()}
    found: list[KeyFormula] = []
    for span, recognised in zip(analysis.math, per_span, strict=True):
        fitting = [r for r in recognised if _fits(r, analysis.topics)]
        if fitting:
            found.extend(_rows_of(span, analysis.trees[span.index], fitting, texts, analysis))
    return tuple(found)


def recognised_spans(analysis: Analysis) -> tuple[tuple[Recognised, ...], ...]:
    """For each math span, the named formulas its display rows match (none for inline
    math): read once, by the topics of a section (a displayed SDE makes it about SDEs)
    and by key_formulas."""
    found: list[tuple[Recognised, ...]] = []
    for span in analysis.math:
        tree = analysis.trees[span.index] if span.index < len(analysis.trees) else None
        if not span.display or not tree:
            found.append(())
            continue
        try:
            found.append(tuple(_recognised(list(tree))))
        except RecursionError:  # a formula too deep to match: no key formula, no crash
            found.append(())
    return tuple(found)


def _fits(found: Recognised, topics: tuple[str, ...]) -> bool:
    """A field's formula is named only in a paper of that field (Template.topics)."""
    template = _templates_by_id().get(found.template)
    return template is None or not template.topics or bool(set(template.topics) & set(topics))


@lru_cache(maxsize=1)
def _templates_by_id() -> dict[str, Template]:
    from .recognise import templates

    return {template.id: template for template in templates()}


def _recognised(tree: list[Node]) -> list[Recognised]:
    """recognise() row by row, each row given only the patterns it can match
    (formula_index.py: the same matches as with every pattern, a fraction of the time),
    and no loose pattern (LOOSE). Without the source, bindings are in expanded LaTeX
    (`\\mathbf{Q}`, not the author's `\\mQ`, which no renderer knows)."""
    prepared = _prepared(formula_index())
    found: list[Recognised] = []
    for start, end in row_bounds(tree):
        row = tree[start:end]
        canon = canonical(list(row))
        present = deep_signatures(canon)
        long_row = len(canon) > LONG_ROW
        chosen = []
        for template, patterns in prepared:
            keep = [number for number, needed, repeats in patterns
                    if needed <= present and not (long_row and repeats)]
            if keep:
                chosen.append(_with_patterns(template, keep))
        if not chosen:
            continue
        for item in recognise(list(row), tuple(chosen), None):
            found.append(replace(item, start=item.start + start, end=item.end + start))
    return found


Prepared = tuple[tuple[Template, tuple[tuple[int, frozenset[str], bool], ...]], ...]


def _prepared(index: FormulaIndex) -> Prepared:
    """Each template with its patterns that are not loose, as (number, the signatures it
    needs, whether it repeats a placeholder): worked out once per index, not per row (a
    3,000-row align asked it 160,000 times)."""
    if _PREPARED and _PREPARED[0][0] is index:
        return _PREPARED[0][1]
    prepared = tuple(
        (template, tuple((number, frozenset(needed), _repeats(pattern))
                         for number, (pattern, needed)
                         in enumerate(zip(template.patterns, signatures, strict=True))
                         if not _loose(needed)))
        for template, signatures in zip(index.templates, index.signatures, strict=True))
    _PREPARED[:] = [(index, prepared)]
    return prepared


_PREPARED: list[tuple[FormulaIndex, Prepared]] = []
"""The last index prepared, kept with it (formula_index() returns one index per process)."""


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
        if best is None or not _names_the_row(best, tree[start:end], start):
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
            bindings=_oriented(_trusted(best.bindings)),
            also=_inside_parts(best, inside)))
    return out


_RELATIONS = RELATIONS | {"simeq", "to", "mapsto"}
"""What cuts a row into sides, one of which a named formula fills: the relations, and the
arrows of a map (`x \\mapsto \\sigma(Wx)`) and of a limit or an update."""
_CLAUSE_BREAKS = CLAUSE_BREAKS | {"text"}
"""What ends a row's first clause (`x_{t-1} = x_t - \\dots, \\quad z_t \\sim \\mathcal{N}(0, I)`:
the Euler-Maruyama step is the first)."""
_PREFIX_KINDS = frozenset({"bigop", "open", "close", "number", "word", "separator"})


def _names_the_row(best: Recognised, row: list[Node], offset: int) -> bool:
    r"""Whether the row is the formula `best` names: the match lies in the row's first
    clause and fills a side of it, but for operators around it (an expectation, a sum,
    brackets). `x_{t-\Delta t} = x_t - \dots, \quad z_t \sim \mathcal{N}(0, I)` is an
    Euler-Maruyama step, not a Gaussian density; `\mathcal{L} = \mathbb{E}[\|s_\theta -
    y\|^2]` is a mean squared error."""
    start, end = best.start - offset, best.end - offset
    if best.nested and not _fills(best, row[start:end]):
        return False  # inside a fraction, root or script: `\exp(-\|z_i - z_j\|^2 / \sigma^2)`
    level = _outer(row)  # brackets are atoms here: `\mathcal{N}(x; \mu, \Sigma)` has a comma
    clause_end = next((i for i, node in enumerate(row)
                       if i > 0 and level[i] and _is(node, _CLAUSE_BREAKS)), len(row))
    if end > clause_end:
        return False
    cuts = [i for i, node in enumerate(row[:clause_end]) if level[i] and _is(node, _RELATIONS)]
    side_start = max((i + 1 for i in cuts if i < start), default=0)
    side_end = min((i for i in cuts if i >= end), default=clause_end)
    outside = row[side_start:start] + row[end:side_end]
    return all(_prefix(node) for node in outside)


def _fills(best: Recognised, owner: list[Node]) -> bool:
    r"""A match inside a node names it when the node is a bracket it (nearly) fills:
    `\mathbb{E}\left[\|\epsilon_\theta - \epsilon\|^2\right]`."""
    fences = [node for node in owner if isinstance(node, Fenced)]
    if not fences:
        return False
    inner = len(re.sub(r"\s+", "", to_latex(fences[-1].children)))
    return inner > 0 and len(re.sub(r"\s+", "", best.latex)) >= 0.75 * inner


def _outer(row: list[Node]) -> list[bool]:
    """For each node, whether it stands outside every bracket of the row."""
    depth, found = 0, []
    for node in row:
        if isinstance(node, Atom) and node.kind == "close":
            depth = max(0, depth - 1)
        found.append(depth == 0)
        if isinstance(node, Atom) and node.kind == "open":
            depth += 1
    return found


def _is(node: Node, names: frozenset[str]) -> bool:
    return isinstance(node, Atom) and node.kind not in ("letter", "number") and node.name in names


def _prefix(node: Node) -> bool:
    """What may stand beside a formula on its side: 𝔼, ∑, brackets, a number, a word
    ("where"), a full stop; not another term."""
    core = node.base if isinstance(node, Scripted) else node
    if isinstance(core, Command):
        return core.name == "frac"
    if not isinstance(core, Atom):
        return False
    if core.kind in _PREFIX_KINDS or core.name == ".":
        return True
    return core.name == "E" and (isinstance(node, Scripted) or core.font in ("bb", "rm", "cal"))


def _trusted(bindings: tuple[tuple[str, Text, str], ...]) -> tuple[tuple[str, Text, str], ...]:
    """The bindings a reader can trust; when one side of a target/prediction pair is not,
    neither is the other (which of the two it is was read from their order)."""
    kept = tuple(b for b in bindings if _clean_binding(b[2]))
    paired = {"the target", "the prediction"}
    if len({b[1].en for b in bindings} & paired) == 2 \
            and len({b[1].en for b in kept} & paired) < 2:
        kept = tuple(b for b in kept if b[1].en not in paired)
    return kept


_MODEL_OUTPUT = re.compile(r"\\theta|\\phi|\\hat|\\widehat|_\{?\\?theta")


def _oriented(bindings: tuple[tuple[str, Text, str], ...]) -> tuple[tuple[str, Text, str], ...]:
    r"""Target and prediction by what they are, not where they stand: in
    `\|\epsilon_\theta(x_t, t) - \epsilon\|^2` the model's output (a θ, a hat) comes first,
    and it is the prediction."""
    names = {role: name for role, name, _ in bindings}
    target = next((b for b in bindings if b[1].en == "the target"), None)
    prediction = next((b for b in bindings if b[1].en == "the prediction"), None)
    if target is None or prediction is None or not _MODEL_OUTPUT.search(target[2]) \
            or _MODEL_OUTPUT.search(prediction[2]):
        return bindings
    swapped = {target[0]: names[prediction[0]], prediction[0]: names[target[0]]}
    return tuple((role, swapped.get(role, name), latex) for role, name, latex in bindings)


_WORD_LABEL = re.compile(r"^(?:\\(?:mathrm|text|textrm|operatorname)\{)?[A-Za-z]{3,}\}?$")


def _clean_binding(latex: str) -> bool:
    r"""A role's binding a reader can trust: not cut at a separator (`x^{(i)};\theta`,
    `,\dots,x_{i-1}`), not the word label of a symbol (`model` of `p_{\mathrm{model}}`
    is no parameter)."""
    text = latex.strip()
    if not text or ";" in text or text[0] in ",.;:" or text[-1] in ",.;:" \
            or text.startswith(("\\ldots", "\\dots", "\\cdots", "…")):
        return False
    return _WORD_LABEL.match(text) is None


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
