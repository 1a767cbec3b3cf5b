"""What the paper introduces, and what needs no introduction.

The definition rules ask three questions of every symbol: is it notation every reader
knows (`\\log`, `\\mathbb{R}`, a running index, `\\Delta W`)? Is it a decoration or an
instance of a defined symbol (`\\hat{\\theta}`, `\\varphi` for `\\phi`)? Does the text name
it on its own (`a stack of $N = 6$ layers`, `$\\Lambda = \\diag(\\lambda)$`)? The answers
are computed once per paper, in `Facts`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from functools import cached_property

from ...definitions import credible
from ...latex_tables import BIG_OPERATORS, GREEK, LIMIT_FUNCTIONS
from ...model import Analysis, Occurrence, Symbol
from ...normalize import key_of
from ..context import Context
from .consistency import VARIANT_LETTERS, expectation_style

CONVENTIONAL_ENTRIES = frozenset({"bold-one", "bold-zero", "identity-matrix", "infty",
                                  "letter-e", "indicator"})
"""Knowledge entries whose meaning every reader knows: 1, 0, I, ∞, e, 𝟙."""
CONVENTIONAL_KINDS = frozenset({"operator", "relation"})
_TYPICAL_FUNCTION_ROLES = frozenset({"function", "distribution"})
_CONVENTIONAL_ROLES = frozenset({"number-set", "index", "operator", "relation"})
_RANGE_START = re.compile(r"^\s*\{?\s*([A-Za-z])\s*(?:=|\\in\b|,|<|\\le|\\leq|\}|$)")
_BINDERS = (
    re.compile(r"\\forall\s*\{?\s*([A-Za-z])\b"),
    re.compile(r"(?<![\\A-Za-z])([A-Za-z])\s*=\s*[01]\s*,\s*(?:[A-Za-z0-9]\s*,\s*)?"
               r"\\(?:l|c)?dots"),
    re.compile(r"(?<![\\A-Za-z])([A-Za-z])\s*\\in\s*\[\s*[A-Za-z0-9]+\s*\]"),
)
_ASSIGNMENT = re.compile(
    r"\s*(?:[_^]\s*(?:\{(?:[^{}]|\{[^{}]*\})*\}|\\?[A-Za-z0-9*]+)\s*|')*"
    r"(?:(?:\\left)?\((?:[^()]|\([^()]*\))*(?:\\right)?\)\s*)?&?\s*"
    r"(?:=|:=|\\coloneqq|\\triangleq|\\defeq|\\doteq|\\equiv)")
_OPENING = re.compile(r"(?:\s|\\(?:displaystyle|textstyle|left|big|Big|bigl|Bigl)\b|"
                      r"\\label\s*\{[^{}]*\}|\\\{|\(|\[|\{)*")
_TYPEWRITER_COMMANDS = ("\\mathtt", "\\texttt")
_TYPEWRITER_OPEN = re.compile(r"\\(?:mathtt|texttt)\s*\{[^{}$]*$")
_MEMBERSHIP = re.compile(r"^\s*[^\s=<>]+\s*\\in\s*[^\s=<>]+\s*$")
_DIFFERENTIAL_CONTEXT = re.compile(r"\\int|\\frac\s*\{\s*d")
_LETTER_AFTER = re.compile(r"\s*(?:[A-Za-z]|\\[A-Za-z]+)")
_ASYMPTOTIC = frozenset({"Theta", "Omega", "omega"})
_GREEK_NAMES = GREEK
"""Greek letter names, as labels (`p_\\theta`) spell them."""
INDEX_LETTERS = frozenset({"i", "j", "t"})
"""Letters that are running indices or time in any ML paper (x_i, W_{ij}, h_t)."""
NORM_SUBSCRIPTS = frozenset({"0", "1", "2", "p", "q", "\\infty", "{\\infty}"})


class Placement:
    """Reading order of places in the paper: (math span index, offset), so that a
    definition and a use in different files can be compared."""

    def __init__(self, analysis: Analysis):
        self._starts: dict[str, list[int]] = {}
        self._indexes: dict[str, list[int]] = {}
        for span in analysis.math:
            self._starts.setdefault(span.location.file, []).append(span.location.offset)
            self._indexes.setdefault(span.location.file, []).append(span.index)
        self._sections = [span.section for span in analysis.math]

    def order(self, file: str, offset: int) -> tuple[int, int]:
        """(index of the last span starting at or before the offset, offset)."""
        starts = self._starts.get(file)
        if not starts:
            return (-1, offset)
        position = bisect_right(starts, offset) - 1
        return (self._indexes[file][max(position, 0)], offset)

    def section(self, span: int) -> int | None:
        return self._sections[span] if 0 <= span < len(self._sections) else None


class Facts:
    """What the definition rules need about the whole paper, computed once."""

    def __init__(self, context: Context):
        self.context = context

    @cached_property
    def bound(self) -> frozenset[str]:
        """Letters the paper binds as running indices: `\\sum_{i=1}`, `\\forall j`,
        `t = 1, \\dots, T`, `k \\in [K]`."""
        letters: set[str] = set()
        for symbol in self.context.analysis.symbols:
            if symbol.id.base not in BIG_OPERATORS and symbol.id.base not in LIMIT_FUNCTIONS:
                continue
            for occurrence in symbol.occurrences:
                for item in occurrence.sub.split(","):
                    match = _RANGE_START.match(item)
                    if match:
                        letters.add(match.group(1))
        for span in self.context.analysis.math:
            for binder in _BINDERS:
                letters.update(binder.findall(span.latex))
        return frozenset(letters)

    @cached_property
    def dimensions(self) -> frozenset[str]:
        """Letters used as the exponent of a number set (`$\\vv \\in \\R^n$`, `$\\R^{m \\times
        n}$`): the type statement itself says they are dimensions."""
        symbols = self.context.analysis.symbols
        typed = {o.span for s in symbols if s.role == "number-set" for o in s.occurrences}
        return frozenset(s.id.base for s in symbols
                         if len(s.id.base) == 1 and not s.id.font and s.id.sub is None
                         and any(o.in_script and o.span in typed for o in s.occurrences))

    @cached_property
    def siblings(self) -> dict[tuple[str, str, tuple[str, ...]], tuple[str, ...]]:
        """Keys of the labelled members of each family (`T_p`, `T_x` of the calligraphic T)."""
        found: dict[tuple[str, str, tuple[str, ...]], list[str]] = {}
        for symbol in self.context.analysis.symbols:
            if symbol.id.sub is not None:
                found.setdefault(_family(symbol), []).append(symbol.key)
        return {family: tuple(keys) for family, keys in found.items()}

    @cached_property
    def placement(self) -> Placement:
        return Placement(self.context.analysis)

    @cached_property
    def defined(self) -> frozenset[str]:
        """Keys of the symbols with at least one definition."""
        return frozenset(s.key for s in self.context.analysis.symbols
                         if credible(s.definitions))

    @cached_property
    def by_key(self) -> dict[str, Symbol]:
        return {s.key: s for s in self.context.analysis.symbols}

    @cached_property
    def conventional(self) -> frozenset[str]:
        """Keys of the symbols that need no definition."""
        return frozenset(s.key for s in self.context.analysis.symbols
                         if is_conventional(s, self))

    @cached_property
    def mentions(self) -> dict[str, frozenset[int]]:
        """For each symbol the text names on its own in a sentence, the inline formulas that
        do so: a formula whose only symbol (scripts and conventional notation aside) is
        this one (`the eigenvectors $\\{u_l\\}_{l=0}^{n-1}$`, `a stack of $N=6$ layers`), or
        a membership (`actions $a \\in \\mathcal{A}$`) naming it and its set."""
        analysis = self.context.analysis
        top: dict[int, set[str]] = {}
        for symbol in analysis.symbols:
            if symbol.key in self.conventional:
                continue
            for occurrence in symbol.occurrences:
                if not occurrence.in_script and not analysis.math[occurrence.span].display:
                    top.setdefault(occurrence.span, set()).add(symbol.key)
        found: dict[str, set[int]] = {}
        for span, head in self._assigned_heads().items():
            found.setdefault(head, set()).add(span)
        defined_spans = self._defined_spans()
        for span, head in self._applied_heads(top).items():
            described = (head, span) in defined_spans
            for key in top[span] if described else (head,):
                found.setdefault(key, set()).add(span)
        for span, keys in top.items():
            if len(keys) == 1 or (len(keys) == 2 and
                                  _MEMBERSHIP.match(analysis.math[span].latex)):
                for key in keys:
                    found.setdefault(key, set()).add(span)
        return {key: frozenset(spans) for key, spans in found.items()}

    def _assigned_heads(self) -> dict[int, str]:
        """Formulas that open with a symbol set equal to something (`$N = 6$`,
        `$\\Lambda = \\diag(\\lambda)$`, `R_T = \\sum_t ...`): the formula defines it, whether
        or not the definitions stage read it as a definition."""
        heads: dict[int, str] = {}
        for symbol in self.context.analysis.symbols:
            if symbol.key in self.conventional:
                continue
            for occurrence in symbol.occurrences:
                if occurrence.span in heads or occurrence.in_script \
                        or not _opens(self.context, occurrence):
                    continue
                text = self.context.text(occurrence.location.file)
                if _ASSIGNMENT.match(text, occurrence.end):
                    heads[occurrence.span] = symbol.key
        return heads

    def _defined_spans(self) -> set[tuple[str, int]]:
        """(key, span) of the formulas where a symbol's definition is attached: when that
        formula is `$F(V, K, q)$` in "where $F(V, K, q)$ denotes ...", the letters in it are
        the function's parameters."""
        placement = self.placement
        return {(symbol.key, placement.order(d.symbol_file or d.file, d.symbol_start)[0])
                for symbol in self.context.analysis.symbols
                for d in credible(symbol.definitions)}

    def _applied_heads(self, top: dict[int, set[str]]) -> dict[int, str]:
        """Inline formulas that open with a function applied to its arguments (`a reward
        $r(\\vs, a)$`, `let $\\phi(\\vs, a) \\in \\R^d$ be ...`): the sentence names the
        function, whose arguments are the formula's other symbols."""
        heads: dict[int, str] = {}
        for symbol in self.context.analysis.symbols:
            if symbol.key in self.conventional:
                continue
            for occurrence in symbol.occurrences:
                span = occurrence.span
                if occurrence.applied and not occurrence.in_script and span in top \
                        and span not in heads and _opens(self.context, occurrence):
                    heads[span] = symbol.key
        return heads


def _opens(context: Context, occurrence: Occurrence) -> bool:
    """The occurrence is the first thing in its formula, style commands and an opening
    brace or parenthesis aside (`$\\displaystyle \\sigma(x)$`, `$\\{\\sigma_i(\\mM)\\}$`)."""
    span = context.analysis.math[occurrence.span]
    if occurrence.location.file != span.location.file:
        return False
    before = context.text(span.location.file)[span.location.offset:occurrence.location.offset]
    return _OPENING.fullmatch(before) is not None


def is_conventional(symbol: Symbol, facts: Facts) -> bool:
    """Notation a reader knows without being told: operators, relations and named
    functions, number sets, running indices, and the constants of the knowledge base."""
    sid = symbol.id
    if sid.kind != "variable" or symbol.role in _CONVENTIONAL_ROLES:
        return True
    occurrences = symbol.occurrences
    if all(o.in_script for o in occurrences):
        return True  # only ever a script: an index, or part of another symbol's name
    plain_letter = len(sid.base) == 1 and not sid.font and not sid.accents \
        and sid.sub is None and sid.sup is None
    if plain_letter and (sid.base in facts.bound or sid.base in INDEX_LETTERS
                         or sid.base in facts.dimensions):
        return True
    if sid.font == "tt" or all(_typewriter(facts.context, o) for o in occurrences):
        return True  # \mathtt{fan\_in}: a name from the code, spelt as in the code
    if sid.base in _ASYMPTOTIC and not sid.font and all(o.applied for o in occurrences):
        return True  # \Theta(n^2), \Omega(\sqrt{T}): asymptotic notation, like O(n)
    if sid.base == "Delta" and not sid.font and sid.sub is None and sid.sup is None \
            and all(_prefixes(facts.context, o) for o in occurrences):
        return True  # \Delta W, \Delta \vf: the change of what follows
    if sid.base == "ell" and all(o.sub.strip() in NORM_SUBSCRIPTS for o in occurrences):
        return True  # \ell_2, \ell_p: a norm
    if plain_letter and sid.base == "d" and all(_differential(facts.context, o)
                                                 for o in occurrences):
        return True
    if expectation_style(facts.context, symbol, occurrences[0]):
        return True  # E_{x \sim p}[...], \mathbb{E}: an expectation, in any spelling
    match = symbol.knowledge
    entry = match.entry if match is not None else None
    if entry is None or match is None or match.match not in ("exact", "alias"):
        return False
    if entry.kind in CONVENTIONAL_KINDS or entry.id in CONVENTIONAL_ENTRIES:
        return True
    if entry.kind == "function" and entry.role in _TYPICAL_FUNCTION_ROLES:
        return True
    return entry.id == "pi" and not any(o.applied or o.sub for o in occurrences)


def _typewriter(context: Context, occurrence: Occurrence) -> bool:
    """Written in typewriter type: `\\mathtt{fan\\_in}`, `\\mathtt{channels_{in}}`."""
    if occurrence.form.startswith(_TYPEWRITER_COMMANDS):
        return True
    text = context.text(occurrence.location.file)
    start = occurrence.location.offset
    return bool(_TYPEWRITER_OPEN.search(text, max(0, start - 40), start))


def _prefixes(context: Context, occurrence: Occurrence) -> bool:
    """The occurrence is directly followed by a symbol (`\\Delta W`), not by a script or
    an argument."""
    text = context.text(occurrence.location.file)
    return not occurrence.in_script and not occurrence.applied and not occurrence.sub \
        and not occurrence.sup and bool(_LETTER_AFTER.match(text, occurrence.end))


def _differential(context: Context, occurrence: Occurrence) -> bool:
    """`d` in `\\int f(x)\\, dx` or `\\frac{dy}{dx}`: followed by a variable, in a formula
    with an integral or a derivative."""
    text = context.text(occurrence.location.file)
    span = context.analysis.math[occurrence.span]
    return bool(_LETTER_AFTER.match(text, occurrence.end)) and \
        bool(_DIFFERENTIAL_CONTEXT.search(span.latex))


def derived_from_defined(symbol: Symbol, facts: Facts) -> bool:
    """An accent, star or prime on a defined symbol (`\\hat{\\theta}`, `\\theta^*`,
    `x'`), or the components of a defined bold vector (`x_i` of `\\mathbf{x}`): the
    knowledge base explains the decoration, the paper explained the symbol."""
    sid = symbol.id
    if sid.accents or sid.mods:
        for key in _undecorated_keys(symbol):
            if key in facts.defined:
                return True
    twin = _other_glyph(sid.base)
    twin_key = key_of(replace(sid, base=twin)) if twin else ""
    if twin_key in facts.defined or twin_key in facts.mentions:
        return True  # \\varphi for a defined \\phi: mixed-variant reports the glyph
    if sid.sup is not None and sid.sub is None and len(sid.sup.key) == 1 \
            and symbol.key.split("^")[0] in facts.defined:
        return True  # L^K once L is defined: a power (or a named variant) of it
    if sid.sub is not None and _symbol_label(sid.sub.key) and \
            any(key in facts.defined for key in facts.siblings.get(_family(symbol), ())):
        return True  # \mathcal{T}_{\mathbf{x}} once \mathcal{T}_p is defined: one family
    if not sid.font and sid.kind == "variable":
        bold = facts.by_key.get("bold:" + symbol.key)
        if bold is not None and bold.key in facts.defined and \
                all(o.sub or o.in_script for o in symbol.occurrences):
            return True
    return False


def _family(symbol: Symbol) -> tuple[str, str, tuple[str, ...]]:
    return (symbol.id.base, symbol.id.font, symbol.id.accents)


def _symbol_label(key: str) -> bool:
    """A label that is itself a symbol (`p`, `bold:x`, `cal:G`), not a word (`model`)."""
    name = key.split(":")[-1]
    return len(name) == 1 or name in _GREEK_NAMES


def _other_glyph(base: str) -> str:
    """`varphi` for `phi` and back; '' for a letter with one glyph."""
    if base in VARIANT_LETTERS:
        return VARIANT_LETTERS[base]
    return next((v for v, plain in VARIANT_LETTERS.items() if plain == base), "")


def _undecorated_keys(symbol: Symbol) -> list[str]:
    key = symbol.key.rstrip("*'")
    keys = [key]
    while "(" in key and key.endswith(")"):
        key = key[key.index("(") + 1:-1]
        keys.append(key)
    return keys
