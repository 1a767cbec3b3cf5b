"""Definitions (D): every symbol the paper introduces is defined, once, before it is used.

These rules read `Symbol.definitions`, the paper's own words about its symbols (prose
cues, defining equations, type statements), and the knowledge base for the notation
that needs no definition (`\\log`, `\\pi`, `\\mathbb{R}`, `\\sum`, running indices).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...definitions import credible
from ...model import Analysis, Definition, Location, Occurrence, Symbol
from ..context import Context, is_package_file
from ..finding import Problem, Related
from .common import own_occurrences, place
from .introduced import Facts, Placement, derived_from_defined

MIN_EARLY_USES = 2
"""A symbol used once before its definition is usually named in passing (an abstract-like
preview, an exercise); two uses mean the reader already works with it."""
LATE_SPANS = 15
"""A definition this many formulas after the first use is 'well after' it, even in the
same section."""
_DEFINITIONAL = re.compile(r":=|\\coloneq|\\eqqcolon|\\triangleq|\\defeq|\\doteq|"
                           r"\\(?:stackrel|overset)\s*\{\s*\\(?:text|mathrm)\s*\{\s*def")
"""A formula that defines something: the letters it binds (`d(x, y) := ...`) are its
parameters, not uses of the paper's x and y."""


def undefined_symbol(context: Context) -> Iterator[Problem]:
    """## What it does
    Finds symbols the paper uses but never defines: not in words ("where $x$ is the
    input", "let $\\eta$ be the learning rate"), not by a defining equation
    (`\\mathcal{L}(\\theta) \\coloneqq ...`), not by a type statement
    (`x \\in \\mathbb{R}^d`).

    ## Why is this bad?
    A reader who meets $\\mathcal{R}$ without a word about it has to guess. Reviewers
    ask for a notation table when this happens often, and a symbol that is clear to the
    authors (who wrote it) is the one they forget to define.

    ## Example
    ```latex
    We maximise $J(\\theta) = \\mathbb{E}_{\\tau}[\\mathcal{R}(\\tau)]$.
    ```

    ## Use instead
    ```latex
    We maximise $J(\\theta) = \\mathbb{E}_{\\tau}[\\mathcal{R}(\\tau)]$, where $\\theta$
    are the policy parameters, $\\tau$ is a trajectory and $\\mathcal{R}(\\tau)$ is its
    return.
    ```

    ## Known problems
    Notation every reader knows needs no definition and is not reported: operators and
    named functions (`\\log`, `\\sum`, `\\nabla`), number sets (`\\mathbb{R}`), running
    indices (`\\sum_{i=1}^n`, `\\forall j`), constants (`\\pi` as a number, `e`,
    `\\infty`, `\\mathbf{0}`, `\\mathbf{I}`), and decorations of a defined symbol
    (`\\hat{\\theta}` once `\\theta` is defined). A symbol the text names on its own in
    a sentence (`the eigenvectors $\\{u_l\\}$`, `a stack of $N=6$ layers`, `actions
    $a \\in \\mathcal{A}$`) is taken as introduced there even without a recognised
    cue, so an undefined symbol that is only ever mentioned that way is missed. A
    definition the cues do not recognise, for a symbol used only inside larger
    formulas, counts as missing: suppress the finding on that line.
    """
    facts = Facts(context)
    for symbol in context.analysis.symbols:
        if credible(symbol.definitions) or symbol.key in facts.conventional \
                or symbol.key in facts.mentions or derived_from_defined(symbol, facts):
            continue
        uses = own_occurrences(symbol)
        if not uses:
            continue
        first = uses[0]
        count = len(uses)
        yield Problem(first.location,
                      f"`{first.form}` is used here{_times(count)} but never defined nor "
                      f"named on its own in the text: say what it is in words, by a "
                      f"defining equation or by its type", end=first.end, symbol=symbol.key)


def _times(count: int) -> str:
    return "" if count == 1 else f" and {count - 1} more time{'s' if count > 2 else ''}"


def used_before_defined(context: Context) -> Iterator[Problem]:
    """## What it does
    Finds symbols whose first use comes well before their first definition: in an
    earlier section, or at least 15 formulas earlier.

    ## Why is this bad?
    A reader meets the symbol, finds no explanation, and either stops to search for it
    or reads on with a guess. Definitions belong at (or before) the first use; a
    forward reference ("defined in Section 4") at least tells the reader where to look.

    ## Example
    ```latex
    \\section{Introduction}
    Our bound scales as $O(\\sqrt{d / n})$ ...
    \\section{Method}
    Let $d$ be the input dimension and $n$ the number of samples.
    ```

    ## Use instead
    ```latex
    \\section{Introduction}
    For $n$ samples of dimension $d$, our bound scales as $O(\\sqrt{d / n})$ ...
    ```

    ## Known problems
    Uses before the first sectioning command (title, abstract) are not counted: an
    abstract names its quantities informally. Nor is a first use inside a formula that
    defines something else (`d(x, y) := ...`: its x and y are parameters), a symbol named
    on its own in a sentence before its definition (`the offset $k$`), or a symbol used
    only once before it. A symbol reused with a new local meaning
    in a later proof is compared with its first definition only.
    """
    facts = Facts(context)
    placement = facts.placement
    for symbol in context.analysis.symbols:
        if not credible(symbol.definitions) or symbol.key in facts.conventional \
                or derived_from_defined(symbol, facts):
            continue
        first_use = _first_counted_use(symbol, context.analysis)
        if first_use is None or _DEFINITIONAL.search(context.analysis.math[first_use.span].latex):
            continue
        definition, order = _first_definition(symbol, placement)
        use_order = (first_use.span, first_use.location.offset)
        mention = _first_mention(symbol, facts)
        if mention is not None and mention <= order:
            order = mention
        if order <= use_order or not _well_before(use_order[0], order[0], placement) \
                or _uses_before(symbol, order) < MIN_EARLY_USES:
            continue
        defined_at = _definition_location(context, definition)
        yield Problem(first_use.location,
                      f"`{first_use.form}` is used here but defined only later, at "
                      f"{place(defined_at)}: define it at its first use, or say where "
                      f"its definition is", end=first_use.end, symbol=symbol.key,
                      related=(Related(defined_at, "first definition"),))


def _uses_before(symbol: Symbol, order: tuple[int, int]) -> int:
    return sum(1 for o in own_occurrences(symbol) if (o.span, o.location.offset) < order)


def _first_mention(symbol: Symbol, facts: Facts) -> tuple[int, int] | None:
    """Where the text first names the symbol on its own (`$k$`, `$N = 6$`): the sentence
    around it usually introduces it, with a recognised cue or not."""
    spans = facts.mentions.get(symbol.key, frozenset())
    for occurrence in symbol.occurrences:
        if occurrence.span in spans and not occurrence.in_script:
            return (occurrence.span, occurrence.location.offset)
    return None


def _first_counted_use(symbol: Symbol, analysis: Analysis) -> Occurrence | None:
    for occurrence in own_occurrences(symbol):
        if analysis.math[occurrence.span].section is not None:
            return occurrence
    return None


def _first_definition(symbol: Symbol, placement: Placement
                      ) -> tuple[Definition, tuple[int, int]]:
    ordered = sorted(credible(symbol.definitions),
                     key=lambda d: placement.order(d.symbol_file or d.file, d.symbol_start))
    first = ordered[0]
    return first, placement.order(first.symbol_file or first.file, first.symbol_start)


def _well_before(use_span: int, definition_span: int, placement: Placement) -> bool:
    if definition_span - use_span >= LATE_SPANS:
        return True
    use_section = placement.section(use_span)
    definition_section = placement.section(definition_span)
    return use_section is not None and definition_section is not None \
        and definition_section > use_section


def _definition_location(context: Context, definition: Definition) -> Location:
    return context.location(definition.symbol_file or definition.file, definition.symbol_start)


def redefined_symbol(context: Context) -> Iterator[Problem]:
    """## What it does
    Finds a symbol the paper defines twice in words with two different meanings:
    "$\\alpha$ is the learning rate" in one section and "$\\alpha$ denotes the mixing
    weight" in another.

    ## Why is this bad?
    One letter for two quantities makes every later formula ambiguous: the reader must
    work out from context which $\\alpha$ is meant, and a formula that combines both
    cannot be written at all.

    ## Example
    ```latex
    where $\\alpha$ is the learning rate ...
    ... the loss mixes both terms, where $\\alpha$ denotes the mixing weight.
    ```

    ## Use instead
    ```latex
    where $\\eta$ is the learning rate ...
    ... the loss mixes both terms, where $\\alpha$ denotes the mixing weight.
    ```

    ## Known problems
    It reads the same decision the glossary shows (definitions/select.py): a second
    meaning counts only when the definitions scorer is confident in both descriptions and
    the second is stated in another section. Meanings are compared by their words: two
    descriptions differ when they share no content word (articles and generic words such
    as "number", "value", "vector" do not count), so "the input image" and "an input" are
    one meaning, while a paraphrase with no common word ("the step size" for "the
    learning rate") is reported. Only the symbol written the same way both times is
    compared: `W_Q` and `W`, or `x_{s,i}` and `x`, may be different instances. Running
    indices and other conventional notation are never reported.
    """
    facts = Facts(context)
    for symbol in context.analysis.symbols:
        if symbol.key in facts.conventional:
            continue
        shown = [d for d in symbol.definitions if d.shown and d.source == "prose"
                 and not is_package_file(d.file)]
        if len(shown) < 2:
            continue
        first, later = shown[0], shown[1]
        if _written(symbol, later) != _written(symbol, first):
            continue
        at = _definition_location(context, later)
        before = _definition_location(context, first)
        yield Problem(at, f"`{symbol.forms[0]}` is defined here as \"{_short(later)}\" but "
                          f"at {place(before)} as \"{_short(first)}\": use another symbol "
                          f"for the second meaning", end=later.symbol_end, symbol=symbol.key,
                      related=(Related(before, "first definition"),))


def _written(symbol: Symbol, definition: Definition) -> tuple[str, str] | None:
    """The scripts of the occurrence a definition belongs to: (sub, sup)."""
    file = definition.symbol_file or definition.file
    for occurrence in symbol.occurrences:
        if occurrence.location.file == file and \
                occurrence.location.offset <= definition.symbol_start < occurrence.end + 1:
            return occurrence.sub, occurrence.sup
    return None


def _short(definition: Definition, limit: int = 60) -> str:
    text = " ".join(definition.text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
