"""The data passed between pipeline stages: plain frozen dataclasses, nothing else.

Offsets are 0-based code-point offsets into the decoded text of a file; lines and
columns are 1-based. Every stage reads these and returns new ones; none mutates them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One decoded text file of the paper."""

    path: str
    """Path relative to the paper's root, with '/' separators (inside an archive: the member)."""
    text: str
    """The decoded text (BOM removed, line endings kept as written)."""
    encoding: str = "utf-8"
    """How the bytes were decoded: 'utf-8' or 'latin-1' (the fallback, with a warning)."""


@dataclass(frozen=True, slots=True)
class Location:
    """A place in the paper as written."""

    file: str
    """Path relative to the paper's root."""
    line: int
    """1-based line."""
    column: int
    """1-based column, counted in code points (a tab counts as one)."""
    offset: int = 0
    """0-based code-point offset into the file's text."""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A warning or error about the input, shown on stderr and kept in the analysis."""

    message: str
    """What happened, in one sentence."""
    location: Location | None = None
    """Where, when known."""
    severity: str = "warning"
    """'warning' (the run goes on) or 'error' (nothing usable at that place)."""

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.severity}: {self.message}"


@dataclass(frozen=True, slots=True)
class Paper:
    """The input after reading: its text files and which one is the main file."""

    source: str
    """What the user named: a path, or '-' for standard input."""
    main: str
    """The main file's path (relative to the root)."""
    files: dict[str, SourceFile]
    """Every text file found, by relative path."""
    main_reason: str = ""
    """Why this file was chosen as the main file, for the user."""
    diagnostics: tuple[Diagnostic, ...] = ()
    """Problems met while reading (refused archive members, undecodable files, ...)."""
    kind: str = "latex"
    """'latex' for source input, 'pdf' for a PDF's text layer."""
    root: str | None = None
    """A folder on disk where files the paper includes but that were not preloaded may be
    read on demand (a single .tex file's folder); None for archives and standard input."""


@dataclass(frozen=True, slots=True)
class MacroDef:
    """One macro definition found in the paper (\\newcommand, \\def, \\let, ...)."""

    name: str
    """The macro's name without the backslash ('vx'); environments are 'env:name'."""
    command: str
    """The defining command as written: 'newcommand', 'renewcommand', 'def', 'let', ..."""
    nargs: int
    """Number of arguments, the optional one included."""
    default: str | None
    """Default of the optional first argument, None when there is none."""
    body: str
    """The replacement text as written."""
    location: Location
    """Where the definition is."""


@dataclass(frozen=True, slots=True)
class Section:
    """A sectioning command, for 'first used in section ...'."""

    title: str
    """The title as plain text."""
    level: int
    """0 chapter, 1 section, 2 subsection, 3 subsubsection, 4 paragraph."""
    location: Location
    """Where the command is."""


@dataclass(frozen=True, slots=True)
class MathSpan:
    """One piece of math: an inline formula or a display environment."""

    index: int
    """Position of the span in reading order, from 0."""
    location: Location
    """Where the math content starts (just after the opening delimiter)."""
    end: int
    """Offset in the same file just past the content (before the closing delimiter)."""
    display: bool
    """True for display math ($$, \\[, equation, align, ...)."""
    environment: str
    """The environment ('align*') or delimiter ('$', '$$', '\\(', '\\[', 'ensuremath')."""
    label: str | None
    """The first \\label inside the span, if any."""
    latex: str
    """The math as written in the source (author macros not expanded)."""
    section: int | None = None
    """Index into Analysis.sections of the section the span is in, if any."""


@dataclass(frozen=True, slots=True)
class ProsePart:
    """A piece of a paragraph: text as written, or a reference to an inline math span."""

    text: str
    """Plain text (commands stripped); empty for a math reference."""
    file: str
    """File the piece comes from."""
    offset: int
    """Offset of the piece's first character in that file."""
    math: int | None = None
    """Index of the math span this piece stands for, or None for text."""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of prose with its inline math, in reading order."""

    parts: tuple[ProsePart, ...]
    """Text pieces and math references."""
    section: int | None = None
    """Index into Analysis.sections, if any."""
    context: str = "body"
    """Where the paragraph stands: 'body', 'caption', 'footnote', 'algorithm', 'theorem'
    (theorem, lemma, proposition, corollary, claim), 'definition' (definition, assumption),
    'proof', 'remark', 'table', 'abstract' or 'list' (an item of itemize/enumerate)."""
    appendix: bool = False
    """After `\\appendix` (or in a section titled Appendix / Supplementary material)."""


@dataclass(frozen=True, slots=True)
class Label:
    """A sub- or superscript that is part of a symbol's identity (d_model, W^Q, p_theta)."""

    key: str
    """Compact form used in keys: 'model', 'Q', 'theta', '{theta_0}'."""
    latex: str
    """Canonical LaTeX: '\\mathrm{model}', 'Q', '\\theta'."""


@dataclass(frozen=True, slots=True)
class SymbolId:
    """The identity of a symbol: what stays the same across its uses.

    Running indices, powers, transposes and inverses are not part of it:
    x_i, x^{(i)}, x_1 and x^2 are all the symbol x; W^\\top is W.
    """

    base: str
    """'x', 'W', a letter-like command name without backslash ('theta', 'ell'),
    an operator ('nabla', 'sum', 'norm') or a function name ('log', 'softmax')."""
    kind: str = "variable"
    """'variable', 'operator', 'function' or 'relation'."""
    font: str = ""
    """'', 'bold', 'cal', 'bb', 'frak', 'scr', 'rm', 'sf', 'tt', or a '-'-joined combination."""
    accents: tuple[str, ...] = ()
    """Accents, outermost first: ('hat',), ('bar', 'tilde')."""
    sub: Label | None = None
    """A subscript label that names the symbol (d_model), not a running index."""
    sup: Label | None = None
    """A superscript label (W^Q)."""
    mods: str = ""
    """Identity modifiers: '*' (optimum), "'" (prime), '**', "''"."""


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One use of a symbol inside a math span."""

    key: str
    """The symbol's canonical key."""
    span: int
    """Index of the math span."""
    location: Location
    """Where the symbol starts in the source."""
    end: int
    """Offset just past the symbol's identity part (same file as location)."""
    form: str
    """The spelling as written, author macro included: '\\vx', '\\bm{x}', 'd_{\\text{model}}'."""
    expanded: str
    """The spelling after macro expansion: '\\bm{x}'."""
    sub: str = ""
    """The rest of the subscript as LaTeX (a running index, an operator's range), if any."""
    sup: str = ""
    """The rest of the superscript as LaTeX (a power, '(i)', '\\top'), if any."""
    script_roles: tuple[str, ...] = ()
    """What the scripts were read as: 'index', 'sample-index', 'power', 'transpose',
    'inverse', 'pseudo-inverse', 'range', 'argument'."""
    variant: str = ""
    """Typesetting variant worth keeping: the bold command ('mathbf', 'bm', 'boldsymbol'),
    the transpose spelling ('^T', '^\\top'), 'italic-word' for log written in italics."""
    applied: bool = False
    """Followed directly by a parenthesised argument: f(x), \\sigma(z)."""
    in_script: bool = False
    """Appears inside another symbol's sub- or superscript."""
    after_number: bool = False
    """Directly follows a number: 2\\pi."""
    argument: str = ""
    """When applied, the LaTeX of its parenthesised argument: `a \\mid s` in \\pi(a \\mid s)."""
    script: str = ""
    """'sub' or 'sup' when it stands in another symbol's subscript or superscript."""
    drawn: bool = False
    """Directly followed by `\\sim`: it is drawn from a distribution (`\\epsilon \\sim
    \\mathcal{N}(0, I)`), stronger evidence of a random quantity than sharing a formula
    with 𝒩 (`x + \\epsilon s_\\theta(x) + \\sqrt{2\\epsilon} z, z \\sim \\mathcal{N}`)."""
    parameter_of: str = ""
    """The named distribution whose argument holds it: `Cat` for π in `\\mathrm{Cat}(\\pi)`,
    `Bern` for p in `\\mathrm{Bern}(p)`; a parameter, not a constant or a matrix."""
    counted: bool = False
    """It ends a range: the upper limit of a big operator (`\\sum_{i=1}^{I}`) or the last
    item after dots (`i = 1, \\ldots, I`, `\\{1, \\dots, K\\}`); a count."""
    before: str = ""
    """The key of the symbol written right after it, if one is: `t` for the Δ of `\\Delta
    t` (an increment, not the Laplacian of `\\Delta f`)."""


@dataclass(frozen=True, slots=True)
class Definition:
    """Where the paper itself says what a symbol means."""

    text: str
    """The description, as plain text."""
    file: str
    """File of the description."""
    line: int
    """1-based line of the description's start."""
    start: int
    """Offset of the description's start in file."""
    end: int
    """Offset just past the description's end."""
    symbol_start: int
    """Offset of the symbol occurrence the description belongs to."""
    symbol_end: int
    """Offset just past that occurrence."""
    source: str
    """'prose', 'equation' or 'type'."""
    symbol_file: str = ""
    """File of the symbol occurrence (usually the same as file)."""
    cue: str = ""
    """The rule that found it ('where-is', 'let-be', 'type-in', 'defining-equation', ...);
    the first of `rules` when several did."""
    confidence: float = 1.0
    """How likely it is the paper's definition of the symbol (0-1): the trained scorer's
    probability for prose, the rule's measured precision for formulas."""
    sentence_start: int = -1
    """Offset in `file` of the sentence the description came from (-1: not known)."""
    sentence_end: int = -1
    """Offset in `file` just past that sentence."""
    context: str = "body"
    """Where its sentence stands (Paragraph.context): 'body', 'caption', 'algorithm', ..."""
    appendix: bool = False
    """The sentence is in the appendix."""
    section: int | None = None
    """Index into Analysis.sections of the section it is in."""
    shown: bool = False
    """Chosen to be shown at the default confidence threshold (definitions/select.py)."""
    meaning: int = 0
    """Which of the symbol's distinct meanings it states (0 the first in reading order)."""
    rules: tuple[str, ...] = ()
    """Every rule that proposed this description (for a formula, 'introduced' too when the
    prose introduces it: "where $\\Lambda = ...$", a display after a colon)."""
    span: int = -1
    """The math span of the symbol occurrence: its place in reading order."""
    usual: bool = False
    """The description says one of the symbol's usual meanings in the knowledge base
    ("learning rate" of η): evidence beside the cue, which lets an algorithm's input line
    ("Require: learning rate $\\eta$") be shown."""


class TemplateMeanings(tuple[str, ...]):
    """What a symbol's decoration usually says (`\\bar{f}`: "the mean of f", `x^*`: "the
    optimal value"), when the knowledge base knows nothing else of it: a description that
    says as much is confirmed ("the optimal solution" of w*), one that says something else
    ("the teacher network" of f̄) is not contradicted."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Text:
    """A text in both languages."""

    en: str
    """English."""
    zh: str
    """Chinese."""

    def get(self, lang: str) -> str:
        """The text in `lang` ('en' or 'zh')."""
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True, slots=True)
class Meaning:
    """One usual meaning of a knowledge entry, and when it applies."""

    text: Text
    """The meaning, one or two sentences."""
    when: tuple[str, ...] = ()
    """Context conditions, any of which makes it apply ('applied', 'topic:rl', ...);
    empty: it always applies."""
    code: str = ""
    """The PyTorch/NumPy counterpart for this meaning, if it differs from the entry's."""
    unless: tuple[str, ...] = ()
    """Conditions any of which, holding for some use of the symbol, rule the meaning out:
    the circle constant π is never the parameter of `\\mathrm{Cat}(\\pi)`, the identity
    matrix I never the count of `\\sum_{i=1}^{I}`."""


@dataclass(frozen=True, slots=True)
class Pattern:
    """A templated notation: LaTeX with ?placeholders, and its reading in words."""

    latex: str
    """The template: '\\nabla_{?x} ?f'."""
    text: Text
    """Its reading, with {x}-style fillers: 'the gradient of {f} with respect to {x}'."""
    placeholders: tuple[str, ...] = ()
    """The placeholder names, in order of appearance."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One knowledge-base entry (docs/knowledge-format.md)."""

    id: str
    """Unique id: 'theta', 'kl-divergence'."""
    kind: str
    """'symbol', 'operator', 'function', 'relation', 'convention' or 'area'."""
    family: str
    """The file's stem: 'greek', 'probability', ..."""
    name: Text
    """Its name: theta / 西塔."""
    reading: Text
    """How it is read aloud."""
    math: Text
    """Its mathematical meaning."""
    area: str
    """The math area it belongs to ('linear-algebra', ...)."""
    meanings: tuple[Meaning, ...]
    """The usual meanings in ML papers, ranked."""
    forms: tuple[str, ...] = ()
    """LaTeX spellings it matches exactly."""
    aliases: tuple[str, ...] = ()
    """Other spellings of the same notation."""
    patterns: tuple[Pattern, ...] = ()
    """Templates it explains."""
    role: str = ""
    """What kind of object it usually is ('parameter', 'matrix', ...)."""
    code: str = ""
    """The PyTorch (or NumPy) counterpart."""
    see_also: tuple[str, ...] = ()
    """Ids of related entries."""
    convention: str = ""
    """For convention entries: which typographic convention ('bold-lower', ...)."""
    source: str = ""
    """The file it came from (for messages)."""


@dataclass(frozen=True, slots=True)
class Topic:
    """A field a paper, or one section of it, can be about (`[[topic]]` in
    knowledge/topics.toml): a meaning with `when = ["topic:ID"]` needs it."""

    id: str
    """'rl', 'diffusion', ...: what a `topic:` condition names."""
    name: Text
    """Its name, for reasons shown to the reader: reinforcement learning / 强化学习."""
    words: tuple[str, ...]
    """Lowercase words and phrases (English and Chinese) whose use shows the topic."""
    symbols: tuple[str, ...] = ()
    """Keys (knowledge.form_key) of symbols that point to the topic (ᾱ for diffusion)."""
    formulas: tuple[str, ...] = ()
    """Ids of formula templates (knowledge/templates) whose display points to the topic:
    a section that writes `dX_t = f(X_t, t)dt + g(t)dW_t` is about SDEs."""
    source: str = ""
    """The file it came from (for messages)."""


LETTER_FILLER = "{x}"
"""Where a typographic convention's reading takes the symbol's letter: 'bold {x}'."""


def fill_letter(reading: str, letter: str) -> str:
    """A reading with its `{x}` replaced by the letter ('x' when none is known, as in
    `annotator kb show`)."""
    return reading.replace(LETTER_FILLER, letter or "x")


@dataclass(frozen=True, slots=True)
class KnowledgeMatch:
    """A knowledge-base entry matched to a symbol, and how."""

    id: str
    """The entry's id."""
    name_en: str
    """English name."""
    name_zh: str
    """Chinese name."""
    match: str
    """How it matched: 'exact', 'alias', 'pattern', 'convention'."""
    meaning: int = 0
    """Index of the chosen meaning in the entry's ranked meanings."""
    alternatives: tuple[int, ...] = ()
    """Indices of the other meanings that could apply."""
    reason: str = ""
    """Why this meaning was chosen (the context condition that held), if any."""
    detail_en: str = ""
    """For a pattern or base match: what the template says of this symbol, in English
    ('an estimate of x')."""
    detail_zh: str = ""
    """The same in Chinese."""
    pattern: str = ""
    """The template that matched ('\\hat{?x}'), or the base key for a base match."""
    entry: Entry | None = None
    """The matched entry itself, so renderers need not look it up again."""
    letter: str = ""
    """The symbol's plain letter as read aloud ('theta' for \\hat{\\boldsymbol{\\theta}},
    'w' for \\mathbf{w}^*), which fills a typographic convention's reading: '{x} hat' is
    read 'theta hat'."""
    basis: str = ""
    """Why this meaning is shown: 'definition' (it agrees with the paper's own definition),
    'condition' (a `when` condition held: the topic, a neighbouring symbol, the use),
    'default' (the entry's only meaning), 'typography' (a convention), or 'general': no
    meaning has the evidence to be shown, so only a plain statement is (render/common.py)."""
    concept_entry: Entry | None = None
    """For a 'general' match whose meanings disagree with the paper's definition: the
    entry (or term of knowledge/terms.toml) whose meaning names what the definition names
    (concepts.py), or None."""
    concept_meaning: int = 0
    """That meaning's index in the concept's entry."""

    def reading(self, lang: str) -> str:
        """How to read the symbol aloud, in `lang`."""
        if self.entry is None:
            return ""
        return fill_letter(self.entry.reading.get(lang), self.letter)


@dataclass(frozen=True, slots=True)
class Symbol:
    """One symbol of the paper, all its uses together."""

    key: str
    """Canonical key."""
    id: SymbolId
    """Its parsed identity."""
    latex: str
    """Canonical LaTeX."""
    forms: tuple[str, ...]
    """Spellings as written, most frequent first."""
    expanded_forms: tuple[str, ...]
    """Spellings after macro expansion."""
    occurrences: tuple[Occurrence, ...]
    """Every use, in reading order."""
    role: str
    """What the typography says: 'vector', 'matrix', 'set', 'function', 'operator', 'index',
    'number-set', 'scalar', 'tensor', 'relation', 'distribution' (p_θ, 𝒩(μ, σ²)), or ''
    when it says nothing."""
    definitions: tuple[Definition, ...] = ()
    """The paper's own words about it (filled by the definitions stage)."""
    knowledge: KnowledgeMatch | None = None
    """The knowledge-base match (filled by the matching stage)."""
    properties: tuple[Definition, ...] = ()
    """What the paper says the symbol is like, not what it is ("$\\alpha_t$ is continuously
    differentiable"): never shown as its definition (source 'property')."""

    @property
    def first(self) -> Occurrence:
        """The first use in reading order."""
        return self.occurrences[0]

    def __repr__(self) -> str:  # short: a notebook shows it, occurrences can be thousands
        return (f"<Symbol {self.key}: {len(self.occurrences)} uses, "
                f"{len(self.definitions)} definitions>")


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the pipeline learnt about a paper: what glossary, lint and renderers read."""

    paper: Paper
    """The input."""
    file_order: tuple[str, ...]
    """Files in the order they were read (main first, then includes as met)."""
    macros: tuple[MacroDef, ...]
    """Every macro definition, in reading order."""
    macro_uses: dict[str, int]
    """How often each author macro was expanded, by its MacroDef name (`vx`,
    `env:proofsketch`)."""
    math: tuple[MathSpan, ...]
    """Every math span in reading order."""
    paragraphs: tuple[Paragraph, ...]
    """Prose paragraphs in reading order."""
    sections: tuple[Section, ...]
    """Sectioning commands in reading order."""
    symbols: tuple[Symbol, ...]
    """Symbols in order of first use."""
    span_symbols: tuple[tuple[str, ...], ...]
    """For each math span, the keys of the symbols in it (first-use order, no repeats)."""
    title: str = ""
    """The paper's \\title as plain text, if any."""
    topics: tuple[str, ...] = ()
    """Topics the prose is about (knowledge.TOPIC_WORDS), for context-dependent meanings."""
    recognised: tuple[tuple[Any, ...], ...] = field(default=(), compare=False, repr=False)
    """For each math span, the named formulas (recognise.Recognised) its display rows
    match, found once for the topics of its section and for the key formulas."""
    trees: tuple[list[Any], ...] = field(default=(), compare=False, repr=False)
    """Each math span's parsed tree (mathparse nodes), for stages that read structure
    (type statements, defining equations)."""
    locate: Callable[[str, int], Location] | None = field(default=None, compare=False)
    """Offset in a file -> Location, for stages that report new positions (definitions).
    None: 1-based line and column in the file's text. A PDF's analysis maps offsets in
    its extracted text to page and line instead."""
    diagnostics: tuple[Diagnostic, ...] = field(default=())
    """Everything worth telling the user about the input."""

    def __repr__(self) -> str:  # short: the whole analysis of a paper is megabytes
        return (f"<Analysis {self.paper.source}: {len(self.symbols)} symbols, "
                f"{len(self.math)} formulas, {len(self.file_order)} files>")
