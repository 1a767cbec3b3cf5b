"""The reading guide, "Math you need for this paper": the math areas in the seeds' order of
priority, each with the concepts this paper uses (and where), and what to learn them from.

Only evidence counts. A symbol shows an area when its knowledge match has a basis
(`KnowledgeMatch.basis`): the paper's definition agrees with the meaning, or a condition
of the meaning held, or it is a specific notation's only reading (`\\mathbb{E}`,
`\\nabla`). A bare letter's default is a guess (`P` and `E` of a split `PE` are no
probability), so is a typographic convention (`x'` is no derivative) or a 'general'
match, and none of them counts. An entry whose meanings lie in different areas gets the
chosen meaning's area from knowledge/guide.toml (`I_n` is the identity matrix, linear
algebra, not mutual information). The formulas add what no knowledge entry says: a type
statement `W^Q \\in \\mathbb{R}^{d \\times d_k}` shows a matrix, `K^\\top` a transpose,
and a recognised named formula (softmax, cross-entropy) its template's area.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from .latex_tables import GREEK
from .model import Entry, KnowledgeMatch, MathSpan, Symbol, Text
from .render.unicode import latex_to_unicode

GUIDE_FILE = "guide.toml"
MAX_PLACES = 4
"""Places listed per concept; the count of uses says how many there are in all."""
MAX_SYMBOLS = 8
HEADLINE = 48
"""Characters of a meaning's first phrase used as a concept's name."""
_WRAPPER = re.compile(r"^\\(?:mathbf|boldsymbol|bm|bar|hat|tilde|dot|overline|widehat)\{(.+)\}$")
_ALTERNATIVES_END = re.compile(r"\s*[(（][^()（）]*[/、][^()（）]*[)）]\s*$")
_HEADLINE_END = re.compile(r"[:：;；，]|, |\.\s|\.$")


@dataclass(frozen=True)
class Resource:
    """A book, course or exercise the seeds name."""

    title: Text
    url: str = ""


@dataclass(frozen=True)
class AreaSpec:
    """One area of the guide as knowledge/guide.toml states it."""

    id: str
    covers: tuple[str, ...]
    """The knowledge base's area ids it gathers: 'probability' and 'statistics'."""
    name: Text
    why: Text
    resources: tuple[Resource, ...]


@dataclass(frozen=True)
class Structure:
    """A concept read from the formulas: `shape:matrix`, `script:transpose`."""

    id: str
    area: str
    evidence: str
    name: Text
    roles: tuple[str, ...] = ()
    """Only symbols of these roles (or with a matrix shape) show it: `\\psi^{-1}` is an
    inverse function, not a matrix inverse; empty: any symbol but a number set."""


@dataclass(frozen=True)
class GuideData:
    areas: tuple[AreaSpec, ...]
    resources: tuple[Resource, ...]
    structures: tuple[Structure, ...]
    meaning_areas: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Place:
    """Where a concept is used: a symbol's occurrence or a display equation."""

    file: str
    line: int
    label: str | None = None
    """The equation's \\label when the place is a labelled display."""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Shown:
    """A symbol or formula as each format shows it."""

    latex: str
    unicode: str


@dataclass(frozen=True)
class Concept:
    """One concept of an area that the paper uses."""

    id: str
    """The knowledge entry ('expectation', 'lambda#1' for one of its meanings), the
    structure ('matrix') or the formula template ('formula:softmax')."""
    name: Text
    source: str
    """'symbol' (a knowledge match), 'structure' or 'formula'."""
    symbols: tuple[Shown, ...]
    places: tuple[Place, ...]
    uses: int


@dataclass(frozen=True)
class GuideArea:
    """An area the paper draws on, with its concepts and the resources to learn it."""

    id: str
    name: Text
    why: Text
    concepts: tuple[Concept, ...]
    resources: tuple[Resource, ...]

    @property
    def uses(self) -> int:
        return sum(concept.uses for concept in self.concepts)


@dataclass(frozen=True)
class ReadingGuide:
    """The areas the paper draws on in the seeds' order; those it does not; resources for
    all of them."""

    areas: tuple[GuideArea, ...]
    unused: tuple[tuple[str, Text], ...]
    resources: tuple[Resource, ...]


@dataclass(frozen=True)
class FormulaUse:
    """A recognised named formula at a place, for the guide (glossary.py makes them)."""

    template: str
    name: Text
    area: str
    place: Place
    shown: Shown
    span: int = -1
    """Its math span, for the order of places."""


# ------------------------------------------------------------------------ data

_STORED = (GuideData, AreaSpec, Resource, Structure, Text)


@lru_cache(maxsize=1)
def guide_data() -> GuideData:
    """knowledge/guide.toml, read once per run: from a store beside the knowledge base's
    (knowledge_store.py) while the file is unchanged, so a run parses no TOML (importing
    tomllib and parsing cost more than the rest of the guide)."""
    from . import __version__
    from . import knowledge_store as store

    raw = resources.files("annotator.knowledge_files").joinpath(GUIDE_FILE).read_bytes()
    key = store.files_key(__version__, _STORED, [(GUIDE_FILE, raw)])

    def parse() -> GuideData:
        import tomllib

        return parse_guide(tomllib.loads(raw.decode("utf-8")))

    return store.cached("guide", key, GuideData, _STORED, parse)


def parse_guide(data: dict[str, Any]) -> GuideData:
    areas = tuple(AreaSpec(id=raw["id"], covers=tuple(raw["covers"]), name=_text(raw["name"]),
                           why=_text(raw["why"]),
                           resources=tuple(_resource(r) for r in raw.get("resource", ())))
                  for raw in data["area"])
    structures = tuple(Structure(raw["id"], raw["area"], raw["evidence"], _text(raw["name"]),
                                 tuple(raw.get("roles", ())))
                       for raw in data.get("structure", ()))
    meaning_areas = {key: tuple(value) for key, value in data.get("meaning-areas", {}).items()}
    return GuideData(areas, tuple(_resource(r) for r in data.get("resource", ())),
                     structures, meaning_areas)


def _text(raw: dict[str, str]) -> Text:
    return Text(raw["en"], raw["zh"])


def _resource(raw: dict[str, Any]) -> Resource:
    return Resource(_text(raw["title"]), raw.get("url", ""))


# ------------------------------------------------------------------------ evidence

def evidence_area(match: KnowledgeMatch | None) -> str:
    """The knowledge base's area a symbol's match shows, or '' when the match is no
    evidence (see the module docstring): `\\mathbb{E}` gives 'probability', a lone `P`
    by default nothing, `\\lambda` read as an eigenvalue 'linear-algebra'."""
    if match is None or match.entry is None:
        return ""
    entry = match.entry
    if match.basis in ("typography", "general", "") or entry.kind == "convention":
        return ""
    if match.basis == "default" and is_letter(entry):
        return ""
    area = _meaning_area(entry, match.meaning)
    return "" if area == "none" else area


def _meaning_area(entry: Entry, meaning: int) -> str:
    areas = guide_data().meaning_areas.get(entry.id)
    if areas and meaning < len(areas):
        return areas[meaning]
    return entry.area


def is_letter(entry: Entry) -> bool:
    """An entry for a bare letter (`d`, `P`, `\\lambda`, `\\mathbf{U}`, `\\bar{x}`), whose
    default meaning is only the most common use of the letter; `\\mathbb{R}` or `\\mathcal{G}`
    are notations of their own."""
    if entry.kind != "symbol" or not entry.forms:
        return False
    return all(_letter_form(form) for form in entry.forms)


def _letter_form(form: str) -> bool:
    """`x`, `\\lambda`, `\\mathbf{U}`, `\\bar{x}`: a letter, bold or accented."""
    while (wrapped := _WRAPPER.match(form)) is not None:
        form = wrapped.group(1)
    return (len(form) == 1 and form.isalpha()) or (form.startswith("\\")
                                                   and form[1:] in GREEK)


# ------------------------------------------------------------------------ building

def build_guide(symbols: Sequence[Symbol], math: Sequence[MathSpan],
                shape_kinds: Mapping[str, str], formulas: Iterable[FormulaUse] = ()
                ) -> ReadingGuide:
    """The guide of a paper: `shape_kinds` maps a symbol's key to 'vector', 'matrix' or
    'tensor' when a type statement gives its shape; `formulas` are the recognised named
    formulas."""
    data = guide_data()
    found: dict[str, dict[str, _Gathering]] = {}  # KB area -> concept id -> gathering
    for symbol in symbols:
        _gather_symbol(symbol, math, found)
    for structure in data.structures:
        for symbol in symbols:
            if _shows(structure, symbol, shape_kinds):
                gathering = found.setdefault(structure.area, {}).setdefault(
                    structure.id, _Gathering(structure.name, "structure"))
                kind, _, value = structure.evidence.partition(":")
                # a transpose is used where K^T is written, not wherever K is
                gathering.add(symbol, math, value if kind == "script" else "")
    for use in formulas:
        gathering = found.setdefault(use.area, {}).setdefault(
            "formula:" + use.template,
            _Gathering(Text(_capital(use.name.en), use.name.zh), "formula"))
        gathering.add_formula(use)
    areas: list[GuideArea] = []
    unused: list[tuple[str, Text]] = []
    for spec in data.areas:
        concepts = [gathering.concept(concept_id) for area in spec.covers
                    for concept_id, gathering in found.get(area, {}).items()]
        if not concepts:
            unused.append((spec.id, spec.name))
            continue
        concepts.sort(key=lambda concept: -concept.uses)  # stable: then order of first use
        areas.append(GuideArea(spec.id, spec.name, spec.why, tuple(concepts), spec.resources))
    return ReadingGuide(tuple(areas), tuple(unused), data.resources)


def _gather_symbol(symbol: Symbol, math: Sequence[MathSpan],
                   found: dict[str, dict[str, _Gathering]]) -> None:
    match = symbol.knowledge
    area = evidence_area(match)
    if not area or match is None or match.entry is None:
        return
    entry = match.entry
    if entry.id in guide_data().meaning_areas:
        concept_id = f"{entry.id}#{match.meaning}"
        name = _headline(entry.meanings[match.meaning].text, entry.name)
    else:
        concept_id = entry.id
        name = Text(_capital(_ALTERNATIVES_END.sub("", entry.name.en) or entry.name.en),
                    _ALTERNATIVES_END.sub("", entry.name.zh) or entry.name.zh)
    found.setdefault(area, {}).setdefault(concept_id, _Gathering(name, "symbol")).add(
        symbol, math)


def _headline(meaning: Text, fallback: Text) -> Text:
    """A meaning's first phrase: 'Eigenvalue' of "Eigenvalue: λ_i is the i-th ..."."""
    return Text(_capital(_first_phrase(meaning.en) or fallback.en),
                _first_phrase(meaning.zh) or fallback.zh)


def _capital(name: str) -> str:
    """'Real numbers' beside 'Eigenvalue': every English concept name starts upper case."""
    return name[:1].upper() + name[1:]


def _first_phrase(text: str) -> str:
    """Up to the first ':', ';', ',' or full stop outside brackets; a phrase longer than
    HEADLINE words is cut at a word and marked with '…'."""
    depth = 0
    end = len(text)
    for index, char in enumerate(text):
        depth += char in "([（"
        depth -= char in ")]）"
        if depth == 0 and _HEADLINE_END.match(text, index):
            end = index
            break
    phrase = text[:end].strip()
    if len(phrase) <= HEADLINE:
        return phrase
    cut = phrase.rfind(" ", 0, HEADLINE)
    return (phrase[:cut] if cut > HEADLINE // 2 else phrase[:HEADLINE]).rstrip() + "…"


def _shows(structure: Structure, symbol: Symbol, shape_kinds: Mapping[str, str]) -> bool:
    kind, _, value = structure.evidence.partition(":")
    if kind == "shape":
        return shape_kinds.get(symbol.key) == value
    if kind == "script":
        if symbol.id.font == "bb" or (structure.roles and symbol.role not in structure.roles
                                      and shape_kinds.get(symbol.key) != "matrix"):
            return False  # \\mathbb{R}^+ is no pseudo-inverse
        return any(value in occurrence.script_roles for occurrence in symbol.occurrences)
    return False


class _Gathering:
    """A concept's symbols, places and uses as they are found."""

    def __init__(self, name: Text, source: str) -> None:
        self.name = name
        self.source = source
        self.symbols: dict[str, Shown] = {}
        self.places: dict[tuple[str, int], tuple[int, Place]] = {}
        """(file, line) -> (math span index, place): listed in reading order."""
        self.uses = 0

    def add(self, symbol: Symbol, math: Sequence[MathSpan], script_role: str = "") -> None:
        """The symbol's uses; with `script_role`, only those with that script ('transpose')."""
        if len(self.symbols) < MAX_SYMBOLS:
            self.symbols.setdefault(symbol.key, Shown(symbol.latex,
                                                      latex_to_unicode(symbol.latex)))
        occurrences = [o for o in symbol.occurrences
                       if not script_role or script_role in o.script_roles]
        self.uses += len(occurrences)
        for occurrence in occurrences[:MAX_PLACES * 4]:  # enough for the first places
            span = math[occurrence.span] if occurrence.span < len(math) else None
            label = span.label if span is not None and span.display else None
            where = (occurrence.location.file, occurrence.location.line)
            self.places.setdefault(where, (occurrence.span, Place(*where, label)))

    def add_formula(self, use: FormulaUse) -> None:
        self.uses += 1
        self.places.setdefault((use.place.file, use.place.line), (use.span, use.place))

    def concept(self, concept_id: str) -> Concept:
        first = sorted(self.places.values(), key=lambda item: (item[0], item[1].line))
        return Concept(concept_id, self.name, self.source, tuple(self.symbols.values()),
                       tuple(place for _, place in first[:MAX_PLACES]), self.uses)


def structure_areas(symbol: Symbol, shape_kinds: Mapping[str, str]) -> set[str]:
    """The areas a symbol's structure shows: linear algebra for a stated matrix shape or
    a transpose."""
    return {structure.area for structure in guide_data().structures
            if _shows(structure, symbol, shape_kinds)}
