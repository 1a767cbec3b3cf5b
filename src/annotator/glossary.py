"""The glossary: what a reading group needs about each symbol, independent of format.

One entry per symbol: how it is written (rendered, and the author's macros), the paper's
own definition(s) with their place, the knowledge base's explanation, the role and shape
when known (a vector in ℝ^d, an n × d matrix, a function 𝒳 → 𝒴), how often and where it
is first used, and related symbols (θ, θ̂, θ*). Ordered by first use, or grouped by role
or by math area. The header names the paper and the math areas it draws on, so a reader
knows what to brush up on first.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from .coverage import losses
from .definitions import reselect
from .guide import (
    FormulaUse,
    Place,
    ReadingGuide,
    Shown,
    build_guide,
    evidence_area,
    structure_areas,
)
from .key_formulas import KeyFormula, key_formulas
from .knowledge import AREAS, KnowledgeBase
from .latex_tables import NAMED_FUNCTIONS
from .model import Analysis, Definition, Symbol, Text
from .render.unicode import latex_to_unicode
from .shapes import shape_kind, shape_of

GROUPS = ("symbols", "notation")
"""'symbols': the paper's own quantities; 'notation': standard operators and functions."""
ROLE_ORDER = ("set", "number-set", "matrix", "tensor", "vector", "scalar", "function",
              "distribution", "index", "", "operator", "relation")
ROLE_NAMES = {
    "set": Text("Sets and spaces", "集合与空间"), "number-set": Text("Number sets", "数集"),
    "matrix": Text("Matrices", "矩阵"), "tensor": Text("Tensors", "张量"),
    "vector": Text("Vectors", "向量"), "scalar": Text("Scalars", "标量"),
    "function": Text("Functions", "函数"), "index": Text("Indices", "下标与索引"),
    "distribution": Text("Distributions", "概率分布"),
    "": Text("Other symbols", "其他符号"), "operator": Text("Operators", "运算符"),
    "relation": Text("Relations", "关系符号"),
}
ROLE_LABELS = {
    "set": Text("set", "集合"), "number-set": Text("number set", "数集"),
    "matrix": Text("matrix", "矩阵"), "tensor": Text("tensor", "张量"),
    "vector": Text("vector", "向量"), "scalar": Text("scalar", "标量"),
    "function": Text("function", "函数"), "index": Text("index", "索引"),
    "distribution": Text("distribution", "分布"),
    "operator": Text("operator", "运算符"), "relation": Text("relation", "关系"),
}
MAX_RELATED = 6


@dataclass(frozen=True)
class GlossaryEntry:
    """Everything the glossary says about one symbol."""

    symbol: Symbol
    shown: str
    """The symbol in Unicode: 𝐱, θ̂, d_model."""
    macros: tuple[str, ...]
    """The author's own spellings that are macros: \\vx, \\dmodel."""
    spellings: tuple[str, ...]
    """Every distinct spelling as written, scripts included (`u_t`, `W_1`, `f_{i,t}`,
    `\\vx^{(i)}`), in order of first use: what a reader may search for."""
    definitions: tuple[Definition, ...]
    """The paper's definitions shown to a reader: one per meaning, the one that introduces
    the symbol first (definitions/select.py); empty when none is credible enough."""
    scopes: tuple[str | None, ...]
    """For each shown definition, the section it holds in when the symbol has several
    meanings (else None)."""
    candidates: tuple[Definition, ...]
    """The other candidates, most confident first (shown with --all-definitions)."""
    shape: Text | None
    """From a type statement: 'vector in ℝ^{d}', 'n × d matrix', 'function 𝒳 → 𝒴'."""
    shape_source: Definition | None
    role: Text | None
    group: str
    first_section: str | None
    related: tuple[str, ...]
    """Keys of related symbols in the glossary."""
    area: str
    """The math area of its knowledge entry, or ''."""
    math_area: str = ""
    """The math area its knowledge match is evidence of (guide.evidence_area): '' for a
    bare letter's default, a typographic guess or a 'general' match; the chosen meaning's
    area when an entry's meanings lie in different areas (`I_n` is linear algebra)."""
    shape_kind: str = ""
    """'vector', 'matrix' or 'tensor' when a type statement gives its shape, else ''."""

    def __repr__(self) -> str:  # short, for notebooks (the symbol holds every occurrence)
        return f"<GlossaryEntry {self.shown} ({self.symbol.key}): {len(self.definitions)} " \
               "definitions>"


@dataclass(frozen=True)
class Glossary:
    title: str
    source: str
    main: str
    files: tuple[str, ...]
    kind: str
    areas: tuple[tuple[str, Text, int], ...]
    """(area id, name, symbols that show it), most first: counted on evidence only
    (GlossaryEntry.math_area, and shapes or transposes for linear algebra)."""
    entries: tuple[GlossaryEntry, ...]
    math_count: int
    notes: tuple[str, ...]
    """Warnings worth printing in the glossary itself (PDF input is lower fidelity)."""
    all_definitions: bool = False
    """Show every candidate definition with its confidence (--all-definitions)."""

    guide: ReadingGuide | None = None
    """"Math you need for this paper" (guide.py)."""
    key_formulas: tuple[KeyFormula, ...] = ()
    """The display equations (and rows) a formula template recognises (key_formulas.py)."""

    skipped: tuple[str, ...] = ()
    """What of the paper was not read (a missing \\input, an unclosed environment, math
    the reading lost), one line each; empty when everything was read."""

    def not_read_label(self, lang: str) -> str:
        return _NOT_READ.get(lang)

    def heading(self, lang: str) -> str:
        """The paper's title; without a `\\title`, the main file marked as not being one
        (a file name shown as a title reads as if the paper were called `main.tex`)."""
        return self.title or _UNTITLED.get(lang).format(main=self.main)

    def __repr__(self) -> str:  # short, for notebooks: the entries are printed by render
        return (f"<Glossary {self.title or self.main!r}: {len(self.entries)} symbols, "
                f"{self.math_count} formulas>")


_UNTITLED = Text("{main} (no \\title)", "{main}（无 \\title）")
_NOT_READ = Text("Not read", "未读取")


def build_glossary(analysis: Analysis, kb: KnowledgeBase | None,
                   min_confidence: float | None = None, all_definitions: bool = False
                   ) -> Glossary:
    """The glossary of an analysed paper (with knowledge attached when `kb` was used);
    `min_confidence` replaces the default threshold for showing a paper's definition."""
    entries = [_entry(symbol, analysis, min_confidence) for symbol in analysis.symbols]
    entries = _with_related(entries)
    notes = tuple(d.message for d in analysis.diagnostics if "lower fidelity" in d.message)
    shapes = {e.symbol.key: e.shape_kind for e in entries if e.shape_kind}
    formulas = key_formulas(analysis)
    guide = build_guide(analysis.symbols, analysis.math, shapes,
                        [_formula_use(formula) for formula in formulas])
    return Glossary(title=analysis.title, source=analysis.paper.source,
                    main=analysis.paper.main, files=analysis.file_order,
                    kind=analysis.paper.kind, areas=_areas(entries, kb, shapes),
                    entries=tuple(entries), math_count=len(analysis.math), notes=notes,
                    all_definitions=all_definitions, skipped=losses(analysis.diagnostics),
                    guide=guide, key_formulas=formulas)


def _formula_use(formula: KeyFormula) -> FormulaUse:
    return FormulaUse(formula.template, formula.name, formula.area,
                      Place(formula.file, formula.line, formula.label),
                      Shown(formula.part, latex_to_unicode(formula.part)), formula.span)


def _entry(symbol: Symbol, analysis: Analysis, min_confidence: float | None
           ) -> GlossaryEntry:
    definitions = symbol.definitions if min_confidence is None \
        else reselect(symbol.definitions, min_confidence)
    shown = tuple(d for d in definitions if d.shown)
    scopes = tuple(analysis.sections[d.section].title if len(shown) > 1 and d.section is not None
                   else None for d in shown)
    candidates = tuple(d for d in definitions if not d.shown and d.source != "type")
    types = [d for d in definitions if d.source == "type"]
    shape = shape_of(types[0]) if types else None
    first = symbol.first
    span = analysis.math[first.span] if first.span < len(analysis.math) else None
    section = analysis.sections[span.section].title \
        if span is not None and span.section is not None else None
    # a macro that only ever wraps the symbol as another's script is that other symbol's
    # spelling: `\\stheta` (s_θ) is not how θ is written, nor `\\Wt` (W_t) how t is
    spelled = {o.form for o in symbol.occurrences if not o.in_script}
    macros = tuple(f for f in symbol.forms if f.startswith("\\") and f not in
                   symbol.expanded_forms and not _standard_spelling(f) and f in spelled)
    knowledge = symbol.knowledge
    area = knowledge.entry.area if knowledge and knowledge.entry else ""
    return GlossaryEntry(
        symbol=symbol, shown=latex_to_unicode(symbol.latex), macros=macros,
        spellings=spellings_of(symbol),
        definitions=shown, scopes=scopes, candidates=candidates, shape=shape,
        shape_source=types[0] if types else None,
        role=ROLE_LABELS.get(symbol.role), group=_group(symbol), first_section=section,
        related=(), area=area, math_area=evidence_area(knowledge),
        shape_kind=shape_kind(types[0]) if types else "")


MAX_SPELLINGS = 24
"""A symbol indexed a thousand ways (x_1 ... x_n) lists its first spellings only."""


def spellings_of(symbol: Symbol) -> tuple[str, ...]:
    """Each use as written: the form with its own sub- and superscripts."""
    found: dict[str, None] = {}
    for occurrence in symbol.occurrences:
        written = occurrence.form + _script("_", occurrence.sub) + _script("^", occurrence.sup)
        found.setdefault(written, None)
        if len(found) >= MAX_SPELLINGS:
            break
    return tuple(found)


def _script(mark: str, text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    return f"{mark}{text}" if len(text) == 1 or (text.startswith("\\") and text.isalpha()) \
        else f"{mark}{{{text}}}"


def _standard_spelling(form: str) -> bool:
    """`\\mathbf{x}` or `\\theta` are not author macros; `\\vx` is."""
    return "{" in form or form[1:] in NAMED_FUNCTIONS or form.count("\\") > 1


def _group(symbol: Symbol) -> str:
    """Standard operators and functions (∑, ∇, log, max, ∼) go below the paper's symbols."""
    kind = symbol.id.kind
    if kind in ("operator", "relation"):
        return "notation"
    if kind == "function" and (symbol.id.base in NAMED_FUNCTIONS or not symbol.definitions):
        return "notation"
    if symbol.id.font == "bb" and symbol.id.base in ("R", "N", "Z", "C", "Q", "E", "P"):
        return "notation"
    return "symbols"


def _with_related(entries: list[GlossaryEntry]) -> list[GlossaryEntry]:
    """θ, θ̂ and θ* are related; so are x, 𝐱 and x_model: same letter."""
    by_base: dict[str, list[str]] = {}
    for entry in entries:
        if entry.symbol.id.kind == "variable":
            by_base.setdefault(entry.symbol.id.base, []).append(entry.symbol.key)
    related = []
    for entry in entries:
        keys = [k for k in by_base.get(entry.symbol.id.base, []) if k != entry.symbol.key]
        related.append(replace(entry, related=tuple(keys[:MAX_RELATED])))
    return related


def _areas(entries: list[GlossaryEntry], kb: KnowledgeBase | None,
           shapes: dict[str, str]) -> tuple[tuple[str, Text, int], ...]:
    """Each area with the symbols that show it: its evidence area, and linear algebra for a
    stated shape or a transpose (`W^Q \\in \\mathbb{R}^{d \\times d_k}`, `K^\\top`)."""
    counts: Counter[str] = Counter()
    for entry in entries:
        shown = {entry.math_area} | structure_areas(entry.symbol, shapes)
        counts.update(area for area in shown if area and area != "general")
    found = []
    for area, count in counts.most_common():
        entry = kb.entries.get(f"area-{area}") if kb is not None else None
        name = entry.name if entry is not None else Text(area.replace("-", " "), area)
        found.append((area, name, count))
    found.sort(key=lambda item: (-item[2], AREAS.index(item[0]) if item[0] in AREAS else 99))
    return tuple(found)


def ordered(glossary: Glossary, group_by: str | None, lang: str
            ) -> list[tuple[str, list[GlossaryEntry]]]:
    """Sections of entries: by first use (the paper's symbols, then standard notation), by
    role, or by math area."""
    entries = list(glossary.entries)
    if group_by == "role":
        sections = []
        for role in ROLE_ORDER:
            members = [e for e in entries if e.symbol.role == role]
            if members:
                sections.append((ROLE_NAMES[role].get(lang), members))
        return sections
    if group_by == "area":
        names = {area: name.get(lang) for area, name, _ in glossary.areas}
        listed = [a for a, _, _ in glossary.areas]
        sections = []
        for area in [*listed, ""]:
            members = [e for e in entries if (e.math_area if e.math_area in listed else "")
                       == area]
            if members:
                title = names.get(area) or Text("Other", "其他").get(lang)
                sections.append((title, members))
        return sections
    titles = {"symbols": Text("Symbols of the paper", "论文中的符号"),
              "notation": Text("Standard notation", "通用记号")}
    return [(titles[group].get(lang), [e for e in entries if e.group == group])
            for group in GROUPS if any(e.group == group for e in entries)]


def definition_text(definition: Definition) -> str:
    """A definition's text for display: prose as written, an equation as '= ...'."""
    if definition.source == "equation":
        return "= " + definition.text if definition.cue == "equation" else "≔ " + definition.text
    return definition.text

