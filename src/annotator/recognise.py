"""Named formulas: which known formula (softmax, cross-entropy, Adam's update, ...) a
parsed formula, or a part of it, is, and which of the paper's letters plays which role.

    from annotator.recognise import recognise, templates
    found = recognise(parse_formula(r"p_i = \\frac{\\exp(z_i)}{\\sum_{j=1}^{C} \\exp(z_j)}"))
    found[0].name.en        # 'softmax'
    found[0].bindings       # (('z', Text('the logits', ...), 'z'), ...)

The templates are data (knowledge/templates/*.toml, one file per area): each has names,
a one-line explanation, the roles of its placeholders, a PyTorch counterpart, and
patterns in LaTeX with ?placeholders. A formula and the patterns are both brought to a
canonical form first (canonical.py: fonts, brackets, `\\exp`, fractions, limits of sums),
then compared by the one structural matcher, patterns.py. A stage: it imports no
orchestrator, and its data is read once per process, on first use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache, partial
from importlib import resources
from typing import Any

from .canonical import CLAUSE_BREAKS, COMPARISONS, SIGNS, Bare, canonical, canonical_with_origin
from .latexify import to_latex
from .mathparse import Atom, Command, Fenced, Group, Node, Scripted
from .model import Text
from .patterns import Found, compile_pattern, find_all_owned

TEMPLATE_FOLDER = "templates"
"""Where the templates live inside the knowledge folder; knowledge.py reads only the
folder's own *.toml files, so it never takes a template for a symbol entry."""
_FIELDS = frozenset({"id", "name", "area", "summary", "code", "entry", "patterns", "roles",
                     "distinct", "examples", "near_misses", "beats", "source", "single",
                     "exclude", "limit", "plain", "terms", "topics"})
AREAS = frozenset({"calculus", "discrete-math", "general", "information-theory",
                   "linear-algebra", "machine-learning", "numerical-computing",
                   "optimization", "probability", "statistics"})
"""The math areas of knowledge/*.toml."""


@dataclass(frozen=True)
class Role:
    """What a placeholder stands for: `z` is "the logits" (这里 z 是 logits)."""

    id: str
    name: Text


@dataclass(frozen=True)
class Template:
    """A named formula and the patterns that recognise it."""

    id: str
    name: Text
    area: str
    summary: Text
    """One line: what the formula computes and why."""
    code: str
    """The PyTorch counterpart."""
    entry: str
    """The knowledge-base entry about it, or ''."""
    patterns: tuple[str, ...]
    roles: tuple[Role, ...]
    distinct: tuple[tuple[str, str], ...]
    """Placeholder pairs that must bind different things (cross-entropy's p and q)."""
    single: tuple[str, ...]
    """Placeholders that must bind one symbol (L2's λ and w: not `\\frac{1}{n}`, not
    `y - Xw`), so a squared error is not read as a penalty."""
    limit: Text | None
    """The role of the upper limit of the first sum or product in a match (softmax's
    `\\sum_{j=1}^{C}`: the number of classes), bound under the role id `limit`."""
    terms: tuple[str, ...]
    """Placeholders that bind one term, no sign at the top (the scale σ of `μ + σ ε`)."""
    plain: tuple[str, ...]
    """Placeholders that bind one symbol without a subscript: momentum's coefficient μ,
    not an LSTM's forget gate f_t in `c_t = f_t c_{t-1} + i_t \\tilde{c}_t`."""
    exclude: tuple[tuple[str, tuple[str, ...]], ...]
    """Values a placeholder must not take: MSE's `\\frac{1}{?n}` with n = 2 is the ½ of a
    least-squares objective, not a mean."""
    beats: tuple[str, ...]
    """Templates this one replaces when both match the same part (entropy beats a
    cross-entropy of p with itself)."""
    examples: tuple[str, ...]
    near_misses: tuple[str, ...]
    source: str
    needs: tuple[tuple[str, ...], ...] = ()
    """For each pattern, the literal atoms, commands and fences it holds anywhere
    (`a:frac`...): a pattern is compiled and tried only on a formula that has them all,
    so a run compiles a few patterns, not three hundred."""
    topics: tuple[str, ...] = ()
    """Fields (topics.toml ids) a paper must be about for a display of it to be named so:
    `\\nabla_{x} \\log p_t(x)` in a diffusion paper is a score, no REINFORCE estimator.
    Empty: any paper. A formula given alone (`explain`) is never filtered."""


@dataclass(frozen=True)
class Recognised:
    """A part of a formula that a template recognises."""

    template: str
    """The template's id."""
    name: Text
    area: str
    bindings: tuple[tuple[str, Text, str], ...]
    """(role id, role name, the paper's LaTeX bound to it), in the template's role order."""
    latex: str
    """The matched part, as the author wrote it when the source is known."""
    start: int
    """First top-level node (index into the list given to `recognise`) of the match."""
    end: int
    """One past the last top-level node holding the match."""
    summary: Text
    code: str
    nested: bool
    """True when the match is inside a node (a softmax inside a cross-entropy's brackets)."""


# ------------------------------------------------------------------------ loading

_STORED = (Template, Role, Text)
"""What the templates' store holds (knowledge_store.py can make nothing else)."""


@lru_cache(maxsize=1)
def templates() -> tuple[Template, ...]:
    """Every shipped template, read once per process: from the knowledge store (JSON
    with a checksum, knowledge_store.py) when the files are unchanged, else parsed (the
    TOML parser is imported only then) and stored for the next run."""
    from . import __version__
    from . import knowledge_store as store

    folder = resources.files("annotator.knowledge_files").joinpath(TEMPLATE_FOLDER)
    files = [(f"{TEMPLATE_FOLDER}/{item.name}", item.read_bytes())
             for item in sorted((item for item in folder.iterdir()
                                 if item.name.endswith(".toml")), key=lambda i: i.name)]
    key = store.files_key(__version__, _STORED, files)
    return store.cached(
        "templates", key, tuple[Template, ...], _STORED,
        lambda: parse_templates([(name, data.decode("utf-8")) for name, data in files]))


def parse_templates(files: Iterable[tuple[str, str]]) -> tuple[Template, ...]:
    """Templates from (name, TOML text) pairs; KnowledgeError naming the file and the
    template on any problem."""
    import tomllib

    found: list[Template] = []
    errors: list[str] = []
    seen: dict[str, str] = {}
    for name, text in files:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            errors.append(f"{name}: not valid TOML ({exc})")
            continue
        for position, raw in enumerate(data.get("template", []), 1):
            template = _parse_template(raw, f"{name}: template {position}", errors)
            if template is None:
                continue
            if template.id in seen:
                errors.append(f"{name}: template {template.id!r} already in {seen[template.id]}")
            seen[template.id] = name
            found.append(template)
    if errors:
        from .knowledge import KnowledgeError  # the knowledge stage's error, imported late

        raise KnowledgeError("invalid formula templates:\n  " + "\n  ".join(errors))
    return tuple(found)


def _parse_template(raw: Any, where: str, errors: list[str]) -> Template | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
        errors.append(f"{where}: needs an id")
        return None
    where = f"{where} ({raw['id']})"
    problems = [f"unknown field {key!r}" for key in sorted(set(raw) - _FIELDS)]
    if raw.get("area") not in AREAS:
        problems.append(f"area must be one of {', '.join(sorted(AREAS))}")
    patterns = tuple(raw.get("patterns", ()))
    if not patterns or not all(isinstance(p, str) and "?" in p for p in patterns):
        problems.append("patterns must be LaTeX strings with ?placeholders")
    roles = raw.get("roles", {})
    names = {name for p in patterns for name in _placeholders(p)}
    if not isinstance(roles, dict) or set(roles) != names:
        problems.append(f"roles must name every placeholder ({', '.join(sorted(names))})")
        roles = {}
    texts = {key: raw.get(key) for key in ("name", "summary")}
    if "limit" in raw:
        texts["limit"] = raw["limit"]
    for key, value in [*texts.items(), *((f"roles.{k}", v) for k, v in roles.items())]:
        if not (isinstance(value, dict) and value.get("en") and value.get("zh")):
            problems.append(f"{key} needs en and zh")
    if problems:
        errors.extend(f"{where}: {problem}" for problem in problems)
        return None
    return Template(
        needs=tuple(tuple(sorted(_deep_signature(list(compiled(p))))) for p in patterns),
        id=raw["id"], name=_text(raw["name"]), area=raw["area"],
        summary=_text(raw["summary"]), code=raw.get("code", ""), entry=raw.get("entry", ""),
        patterns=patterns, roles=tuple(Role(k, _text(v)) for k, v in roles.items()),
        distinct=tuple(tuple(pair) for pair in raw.get("distinct", ())),  # type: ignore[misc]
        single=tuple(raw.get("single", ())), beats=tuple(raw.get("beats", ())),
        plain=tuple(raw.get("plain", ())), terms=tuple(raw.get("terms", ())),
        exclude=tuple((k, tuple(v)) for k, v in raw.get("exclude", {}).items()),
        limit=_text(raw["limit"]) if "limit" in raw else None,
        examples=tuple(raw.get("examples", ())),
        near_misses=tuple(raw.get("near_misses", ())), source=raw.get("source", ""),
        topics=tuple(raw.get("topics", ())))


def _deep_signature(nodes: list[Node]) -> set[str]:
    """Every literal atom, command and fence kind in `nodes`, at any depth."""
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, Atom):
            if node.kind != "placeholder":
                found.add("a:" + node.name)
        elif isinstance(node, Command):
            found.add("c:" + node.name)
            for argument in node.args:
                found |= _deep_signature(argument.children)
        elif isinstance(node, Fenced):
            found.add("f:" + node.kind)
            found |= _deep_signature(node.children)
        elif isinstance(node, Group):
            found |= _deep_signature(node.children)
        elif isinstance(node, Scripted):
            found |= _deep_signature([node.base])
            for script in (node.sub, node.sup):
                if script is not None:
                    found |= _deep_signature(script.children)
    return found


def _text(value: dict[str, str]) -> Text:
    return Text(value["en"], value["zh"])


def _placeholders(pattern: str) -> list[str]:
    return re.findall(r"\?([a-z][a-z0-9]*)", pattern)


@lru_cache(maxsize=4096)
def compiled(pattern: str) -> tuple[Node, ...]:
    """A pattern's canonical tree (compiled once per process)."""
    return tuple(canonical(list(compile_pattern(pattern))))


# ------------------------------------------------------------------------ matching

def recognise(nodes: list[Node], kb_or_templates: Any = None,
              source: Mapping[str, str] | None = None) -> list[Recognised]:
    """Every part of `nodes` (a parsed formula, e.g. `mathparse.parse_math` of a display
    equation) that a template recognises, in order of position, the longest first.

    `kb_or_templates`: the templates to use (default, or a KnowledgeBase: the shipped
    ones). `source`: file name -> text, to show matches as the author wrote them (the
    nodes' offsets index it); without it, canonical LaTeX. Rows of an aligned display
    (`a &= b \\\\ &= c`) are matched one by one."""
    chosen = kb_or_templates if isinstance(kb_or_templates, tuple) else templates()
    found: list[Recognised] = []
    for offset, row in _rows(nodes):
        found.extend(_recognise_row(row, offset, chosen, source))
    return _without_beaten(found, {t.id: t for t in chosen})


_DIGIT_FRACTION = re.compile(r"\\([dtc]?frac)\s*(\d)\s*(\d)")


_DOUBLE_BAR = re.compile(r"(?<!\\)\|\|")


def formula_text(latex: str) -> str:
    """A formula given as text, with `\\frac12` spelled `\\frac{1}{2}` (mathparse reads
    `^{-\\frac12}` as running past the closing brace) and `||x||` as `\\|x\\|` (the
    norm of blogs and library docs, which mathparse would read as two absolute values)."""
    return _DOUBLE_BAR.sub(r"\\|", _DIGIT_FRACTION.sub(r"\\\1{\2}{\3}", latex))


def recognise_latex(latex: str, kb_or_templates: Any = None) -> list[Recognised]:
    """`recognise` of a formula given as text (explain, tests, benchmarks)."""
    from .patterns import parse_formula

    text = formula_text(latex)
    return recognise(parse_formula(text), kb_or_templates, {"<formula>": text})


def _rows(nodes: list[Node]) -> list[tuple[int, list[Node]]]:
    """The rows of a display, each with its offset in `nodes`: split at `\\\\`."""
    rows: list[tuple[int, list[Node]]] = []
    start = 0
    for index, node in enumerate([*nodes, None]):
        if node is None or (isinstance(node, Atom) and node.kind == "separator"
                            and node.name in ("\\", "cr", "newline")):
            if index > start:
                rows.append((start, nodes[start:index]))
            start = index + 1
    return rows


def _recognise_row(row: list[Node], offset: int, chosen: tuple[Template, ...],
                   source: Mapping[str, str] | None) -> list[Recognised]:
    items = canonical_with_origin(row)
    canon = [node for node, _ in items]
    present = _deep_signature(canon)
    found: dict[tuple[str, int, int, str], Recognised] = {}
    for template in chosen:
        needs = template.needs or tuple(() for _ in template.patterns)
        for pattern, need in sorted(zip(template.patterns, needs, strict=True),
                                    key=lambda pair: len(pair[0]), reverse=True):
            if not present.issuperset(need):
                continue  # a literal of the pattern is nowhere in the formula
            tree = compiled(pattern)
            accept = partial(_accepts, template, tree)
            for match, owner in find_all_owned(tree, canon, accept):
                bound = {name: list(value) for name, value in match.bindings}
                first, last = items[owner[0]][1][0], items[owner[1] - 1][1][1]
                nested = (owner[1] - owner[0] == 1 and match.nodes != (canon[owner[0]],))
                whole = not nested and (match.start, match.end) == owner
                if whole and _ends_with_equals(tree):
                    last = len(row)  # `\mathrm{MultiHead}(Q, K, V) = ...`: the whole equation
                latex = _shown(list(match.nodes), source) if nested or not whole \
                    else _shown(row[first:last], source, original=True)
                key = (template.id, offset + first, offset + last, latex)
                if key in found:
                    continue
                bindings = tuple((role.id, role.name, _shown(bound[role.id], source))
                                 for role in template.roles if role.id in bound)
                upper = _upper_limit(list(match.nodes)) if template.limit else None
                if upper is not None and template.limit is not None:
                    bindings += (("limit", template.limit, _shown(upper, source)),)
                found[key] = Recognised(
                    template=template.id, name=template.name, area=template.area,
                    bindings=bindings,
                    latex=latex, start=offset + first, end=offset + last,
                    summary=template.summary, code=template.code, nested=nested)
    return sorted(found.values(), key=lambda r: (r.start, -(r.end - r.start), r.nested,
                                                   -len(r.latex)))


def _accepts(template: Template, pattern: tuple[Node, ...], match: Found,
             siblings: list[Node]) -> bool:
    """A match that meets the template's conditions; an equation's match takes its
    whole right-hand side (`L = D - A` is not in `x = y - z + 1`), and one that starts
    with a minus starts a side (`-\\log p_y`, not the second term of `\\log q - \\log p`)."""
    after = siblings[match.end] if match.end < len(siblings) else None
    if after is not None and not _ends_with_equals(pattern) \
            and any(isinstance(n, Atom) and n.name == "=" for n in pattern) \
            and not (isinstance(after, Atom) and after.kind != "letter"
                     and after.name in _ENDS_SIDE):
        return False
    before = siblings[match.start - 1] if match.start > 0 else None
    starts_side = before is None or (isinstance(before, Atom) and (
        (before.kind != "letter" and before.name in _ENDS_SIDE | {"(", "["})
        or before.kind == "bigop"))
    if not starts_side and isinstance(pattern[0], Atom) and pattern[0].name == "-":
        return False  # `a - \\log p`: a difference, not a loss that starts with a minus
    ends_side = after is None or (isinstance(after, Atom) and after.kind != "letter"
                                  and after.name in _ENDS_SIDE)
    if any(isinstance(n, Atom) and n.name == "+" for n in pattern) \
            and not (starts_side and ends_side):
        return False  # `x + \\eta g + \\sqrt{2\\eta}\\epsilon`: a sum template is a whole side
    return _acceptable(template, pattern, {k: list(v) for k, v in match.bindings})


_ENDS_SIDE = COMPARISONS | CLAUSE_BREAKS | {"propto", "in", "sim", "ne", ":", ".", "|", "mid"}
"""What may follow the right-hand side of an equation a template matches (and precede a
template that starts with a minus): a relation or a clause break, never a sign (`L = D - A`
is not in `x = y - z + 1`)."""


def _acceptable(template: Template, pattern: tuple[Node, ...],
                bound: dict[str, list[Node]]) -> bool:
    r"""The template's own conditions on a match: distinct pairs, single symbols, and
    placeholders at the pattern's edges that are one term (in `J + \lambda \|w\|^2` the
    coefficient of the penalty is λ, not `J + λ`; in `x - \eta \nabla f(x), t \ge 0` the
    loss is f(x), not `f(x), t`)."""
    if any(_same(bound.get(a), bound.get(b)) or _same_function(bound.get(a), bound.get(b))
           for a, b in template.distinct):
        return False
    if any(name in bound and not _one_symbol(bound[name]) for name in template.single):
        return False
    if any(name in bound and to_latex(bound[name]) in values
           for name, values in template.exclude):
        return False
    if any(name in bound and any(isinstance(n, Atom) and n.kind not in ("letter", "word")
                                 and n.name in _TERM_BREAKS for n in bound[name])
           for name in template.terms):
        return False
    if any(name in bound and not (_one_symbol(bound[name]) and not (
            isinstance(bound[name][0], Scripted) and bound[name][0].sub is not None))
           for name in template.plain):
        return False
    for edge in (pattern[0], pattern[-1]) if pattern else ():
        if isinstance(edge, Atom) and edge.kind == "placeholder" and any(
                isinstance(n, Atom) and n.kind not in ("letter", "word") and n.name in _TERM_BREAKS
                for n in bound[edge.name]):
            return False
    return True


_TERM_BREAKS = SIGNS | COMPARISONS | {","}
"""What a one-term placeholder's value must not hold (`J + \\lambda`, `f(x), t`). Narrower
than canonical.TERM_BREAKS (no `;`, `\\quad`, `\\propto`): the `terms` condition and the
edge placeholders have always checked these, and a wider set could turn down matches
that pass today."""


def _one_symbol(nodes: list[Node]) -> bool:
    r"""One letter with its scripts and accents (`\lambda`, `w_j`, `\mathbf{W}^{(l)}`), or
    a fraction of such (`\frac{\lambda}{2}`)."""
    if len(nodes) != 1:
        return False
    node = nodes[0]
    if isinstance(node, Command) and node.name == "frac":  # \frac{\lambda}{2}, not \frac{1}{n}
        top = node.args[0].children
        return _one_symbol(top) and not (isinstance(top[0], Atom) and top[0].kind == "number") \
            and _one_symbol(node.args[1].children)
    core = node.base if isinstance(node, Scripted) else node
    return isinstance(core, Atom) and core.kind in ("letter", "number", "placeholder")


def _ends_with_equals(pattern: tuple[Node, ...]) -> bool:
    """A pattern that names the formula by its left-hand side (`I(?x;?y)=`)."""
    return bool(pattern) and isinstance(pattern[-1], Atom) and pattern[-1].name == "="


def _upper_limit(nodes: list[Node]) -> list[Node] | None:
    """The upper limit of the innermost sum or product among `nodes` (the last one, into
    fractions and brackets): `C` of `\\frac{e^{z_i}}{\\sum_{j=1}^{C} e^{z_j}}`, the number of
    classes M of `\\sum_{i=1}^{N}\\sum_{c=1}^{M} y_{ic} \\log p_{ic}`."""
    for node in reversed(nodes):
        if isinstance(node, Bare) and node.kind == "bigop" and node.upper is not None:
            return node.upper.children
        inner: list[list[Node]] = []
        if isinstance(node, Command):
            inner = [argument.children for argument in node.args]
        elif isinstance(node, Fenced | Group):
            inner = [node.children]
        elif isinstance(node, Scripted):
            inner = [[node.base]] + [g.children for g in (node.sub, node.sup) if g is not None]
        for children in inner:
            found = _upper_limit(children)
            if found is not None:
                return found
    return None


def _same_function(a: list[Node] | None, b: list[Node] | None) -> bool:
    """`p(x, y)` and `p(y|x)`: one distribution at two arguments (a conditional entropy,
    not a cross-entropy of two distributions); `p_{data}(x)` and `p_{model}(x)` differ."""
    if not a or not b or len(a) < 2 or len(b) < 2:
        return False
    heads = [nodes[:-1] for nodes in (a, b) if isinstance(nodes[-1], Fenced)]
    if len(heads) != 2 or to_latex(heads[0]) != to_latex(heads[1]):
        return False
    # a named function makes a distribution of each argument: softmax(z) and softmax(w)
    # are two distributions (the KL divergence of two softmaxes)
    return not any(isinstance(node, Command) or (isinstance(node, Atom) and node.kind == "word")
                   for node in heads[0])


def _same(a: list[Node] | None, b: list[Node] | None) -> bool:
    return a is not None and b is not None and to_latex(a) == to_latex(b)


def _shown(nodes: list[Node], source: Mapping[str, str] | None, original: bool = False
           ) -> str:
    """The nodes' LaTeX: sliced from the source when their offsets index it (no macro
    in between), else canonical LaTeX."""
    if source and nodes and all(n.macro is None and n.file in source for n in nodes) \
            and len({n.file for n in nodes}) == 1:
        text = source[nodes[0].file]
        start, end = min(n.start for n in nodes), max(n.end for n in nodes)
        if 0 <= start < end <= len(text):
            return text[start:end].strip()
    return to_latex(nodes)


def _without_beaten(found: list[Recognised], by_id: dict[str, Template]) -> list[Recognised]:
    """Drop a match that another template `beats` on the same or a larger part, and one
    inside a larger match of the same template (the sum inside `KL = \\sum p \\log(p/q)`)."""
    out = []
    for item in found:
        beaten = any((item.template in by_id[other.template].beats
                      or (other.template == item.template and len(other.latex) > len(item.latex)))
                     and other.start <= item.start and item.end <= other.end
                     and len(other.latex) >= len(item.latex)
                     for other in found if other is not item)
        if not beaten:
            out.append(item)
    return out


def primary(found: list[Recognised]) -> Recognised | None:
    """The formula's own name: the match covering the most of it (a cross-entropy over
    the softmax inside it), the first on a tie."""
    if not found:
        return None
    return max(found, key=lambda r: (r.end - r.start, not r.nested, len(r.latex)))
