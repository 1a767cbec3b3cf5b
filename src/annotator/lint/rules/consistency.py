"""Notation consistency (N): one quantity, one spelling, across the whole paper."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace

from ...definitions import credible
from ...model import Occurrence, Symbol
from ...normalize import key_of
from ..context import Context
from ..finding import Problem
from .common import (
    Use,
    author_macro,
    content_words,
    deliberate,
    minority_problems,
    own_occurrences,
)

BOLD_PREFIX = "bold"
BOLD_STYLES = {"mathbf": "\\mathbf", "textbf": "\\mathbf", "bf": "\\mathbf",
               "bfseries": "\\mathbf", "mathbfup": "\\mathbf"}
"""Bold commands that print the same upright bold letter count as one style; the others
(\\bm, \\boldsymbol, \\pmb, \\mathbfit) are each their own."""
VARIANT_LETTERS = {"varepsilon": "epsilon", "varphi": "phi", "vartheta": "theta",
                   "varrho": "rho", "varkappa": "kappa"}
"""Greek letters with a second glyph TeX offers for the same letter."""
TRANSPOSE_STYLES = {
    "T": "^T", "\\top": "^\\top", "\\intercal": "^\\intercal", "\\bot": "^\\bot",
    "\\mathsf{T}": "^{\\mathsf{T}}", "\\textsf{T}": "^{\\mathsf{T}}", "\\sf T": "^{\\mathsf{T}}",
    "\\mathsf{\\scriptscriptstyle T}": "^{\\mathsf{T}}", "\\mkern-1.5mu\\mathsf{T}":
    "^{\\mathsf{T}}", "\\mathrm{T}": "^{\\mathrm{T}}", "\\text{T}": "^{\\mathrm{T}}",
    "\\textrm{T}": "^{\\mathrm{T}}", "\\rm T": "^{\\mathrm{T}}",
    "\\mathrm{\\scriptscriptstyle T}": "^{\\mathrm{T}}", "\\mathtt{T}": "^{\\mathtt{T}}",
    "\\mathbf{T}": "^{\\mathbf{T}}", "\\scriptscriptstyle\\top": "^\\top",
}
"""Transpose spellings grouped by what they look like on the page."""
_MATRIX_ROLES = frozenset({"vector", "matrix", "tensor"})
_OPERATOR_WRAPPER = re.compile(r"\\(?:mathop|operatorname\*?|DeclareMathOperator\*?)\s*\{?\s*$")
_MACRO_CALL = re.compile(r"\\([A-Za-z@]+)")
_BRACKET_AFTER = re.compile(
    r"\s*(?:_\s*(?:\{(?:[^{}]|\{[^{}]*\})*\}|\\?[A-Za-z0-9]+)\s*)?"
    r"(?:\\(?:limits|nolimits)\s*)?(?:_\s*(?:\{(?:[^{}]|\{[^{}]*\})*\}|\\?[A-Za-z0-9]+)\s*)?"
    r"(?:\\(?:left|[bB]igg?l?)\s*)?\[")


def mixed_bold_style(context: Context) -> Iterator[Problem]:
    """## What it does
    Finds a bold symbol typeset with different bold commands in different places:
    `\\mathbf{x}` in one section, `\\bm{x}` or `\\boldsymbol{x}` in another.

    ## Why is this bad?
    `\\mathbf` gives an upright bold letter, `\\bm` and `\\boldsymbol` an italic bold one,
    so a reader sees two different glyphs and may take them for two different objects.
    Mixed commands also show that the notation is not defined in one place, so the next
    edit will drift further.

    ## Example
    ```latex
    The input $\\mathbf{x} \\in \\mathbb{R}^d$ is encoded as ...
    ... and the decoder reconstructs $\\bm{x}$ from $\\bm{z}$.
    ```

    ## Use instead
    ```latex
    \\newcommand{\\vx}{\\bm{x}}   % one macro, used everywhere
    The input $\\vx \\in \\mathbb{R}^d$ is encoded as ...
    ... and the decoder reconstructs $\\vx$ from $\\vz$.
    ```

    ## Known problems
    `\\bm` and `\\boldsymbol` look the same in most fonts; mixing them is still
    reported, since one symbol should have one spelling in the source. `\\textbf` and
    `{\\bf x}` print the same upright bold letter as `\\mathbf` and count as it. When
    every style comes from the author's own macros (`\\va` for a bold italic a and
    `\\rva` for an upright one, as the Deep Learning book's notation does), the two are
    taken as two notations on purpose. The paper's most frequent command is taken as
    the intended one (on a tie, the first used).
    """
    for symbol in context.analysis.symbols:
        if not symbol.id.font.startswith(BOLD_PREFIX):
            continue
        name = "bold " + symbol.key.removeprefix(BOLD_PREFIX + ":")
        uses = [Use(o.location, o.end, BOLD_STYLES.get(command, "\\" + command), o.form,
                    symbol.key, (o.span, o.location.offset), _macro_name(context, o.form))
                for o in own_occurrences(symbol) if (command := bold_command(o))]
        if not deliberate(uses):
            yield from minority_problems(uses, name, "use one bold command for one symbol "
                                                     "(a macro such as \\vx keeps it so)")


def _macro_name(context: Context, form: str) -> str:
    definition = author_macro(context, form)
    return definition.name if definition is not None else ""


def bold_command(occurrence: Occurrence) -> str:
    """The bold command of a use ('mathbf', 'bm', 'boldsymbol'), '' when unknown."""
    for part in occurrence.variant.split():
        if not part.startswith("^") and part != "italic-word":
            return part
    return ""


def mixed_variant(context: Context) -> Iterator[Problem]:
    """## What it does
    Finds a Greek letter written with both of its glyphs: `\\epsilon` and
    `\\varepsilon`, `\\phi` and `\\varphi`, `\\theta` and `\\vartheta`, `\\rho` and
    `\\varrho`, `\\kappa` and `\\varkappa`, with the same accents and labels.

    ## Why is this bad?
    ϵ and ε (or φ and ϕ) look different on the page. A reader has to guess whether the
    paper means one quantity or two, and usually the answer is one: the second glyph
    crept in from a copied formula or a co-author's macros.

    ## Example
    ```latex
    The noise is $\\epsilon \\sim \\mathcal{N}(0, I)$ ...
    ... and the denoiser predicts $\\varepsilon$ from $x_t$.
    ```

    ## Use instead
    ```latex
    The noise is $\\epsilon \\sim \\mathcal{N}(0, I)$ ...
    ... and the denoiser predicts $\\epsilon$ from $x_t$.
    ```

    ## Known problems
    When both glyphs are defined in words as two different quantities ("where
    $\\varphi$ is the feature map" and "$\\phi$ the phase"), or each is written only
    through its own macro, they are taken to be deliberate and not reported; two glyphs
    for two quantities are still hard to tell apart when read aloud.
    """
    families: dict[str, list[Symbol]] = defaultdict(list)
    for symbol in context.analysis.symbols:
        family = _plain_variant_key(symbol)
        if family is not None:
            families[family].append(symbol)
    for family, symbols in families.items():
        glyphs = {symbol.id.base for symbol in symbols}
        if len(glyphs) < 2 or _defined_apart(symbols):
            continue
        uses = [Use(o.location, o.end, "\\" + symbol.id.base, o.form, symbol.key,
                    (o.span, o.location.offset), _macro_name(context, o.form))
                for symbol in symbols for o in own_occurrences(symbol)]
        if not deliberate(uses):
            yield from minority_problems(uses, family, "use one glyph for one quantity")


def _plain_variant_key(symbol: Symbol) -> str | None:
    """The key with its letter in the plain glyph (`hat(varepsilon)` -> `hat(epsilon)`),
    or None for a symbol with no second glyph."""
    base = symbol.id.base
    plain = VARIANT_LETTERS.get(base, base)
    if plain not in VARIANT_LETTERS.values() or symbol.id.kind != "variable":
        return None
    return key_of(replace(symbol.id, base=plain))


def _defined_apart(symbols: list[Symbol]) -> bool:
    """Every glyph has its own definition in the paper, and no two of them share a word:
    two quantities, on purpose ("$\\phi$ the phase", "$\\varphi$ the feature map")."""
    if not all(credible(symbol.definitions) for symbol in symbols):
        return False
    words = [set().union(*(content_words(d.text) for d in credible(s.definitions)))
             for s in symbols]
    return all(not (a & b) for index, a in enumerate(words) for b in words[index + 1:])


def mixed_transpose(context: Context) -> Iterator[Problem]:
    """## What it does
    Finds transposes written in more than one way in one paper: `^T`, `^\\top`,
    `^\\intercal`, `^{\\mathsf{T}}`, `^{\\mathrm{T}}`.

    ## Why is this bad?
    Each spelling gives a different glyph (T, ⊤, ⊺, sans-serif T). Mixed, they look like
    different operations, and an italic `^T` is easily read as a power when the paper
    also has a horizon or sequence length called T.

    ## Example
    ```latex
    $\\mathbf{W}^\\top \\mathbf{x}$ in Section 2, and later
    $\\mathbf{x}^T \\mathbf{A} \\mathbf{x}$.
    ```

    ## Use instead
    ```latex
    \\newcommand{\\T}{^\\top}
    $\\mathbf{W}\\T \\mathbf{x}$ ... $\\mathbf{x}\\T \\mathbf{A} \\mathbf{x}$.
    ```

    ## Known problems
    An italic `^T` on a symbol that is not bold is not counted when the paper also uses
    a variable T: `\\gamma^T` is then as likely a power as a transpose.
    """
    analysis = context.analysis
    has_variable_t = any(s.key == "T" and s.id.kind == "variable" for s in analysis.symbols)
    uses = []
    for symbol in analysis.symbols:
        for occurrence in own_occurrences(symbol):
            style = _transpose_style(occurrence)
            if not style or (style == "^T" and has_variable_t
                             and symbol.role not in _MATRIX_ROLES):
                continue
            start, end = _superscript_span(context.text(occurrence.location.file),
                                           occurrence.end)
            location = context.location(occurrence.location.file, start) \
                if start >= 0 else occurrence.location
            uses.append(Use(location, end if start >= 0 else occurrence.end, style,
                            occurrence.form + style, symbol.key,
                            (occurrence.span, occurrence.location.offset)))
    yield from minority_problems(uses, "the transpose",
                                 "write every transpose the same way "
                                 "(\\newcommand{\\T}{^\\top} keeps it so)")


def _transpose_style(occurrence: Occurrence) -> str:
    if "transpose" not in occurrence.script_roles:
        return ""
    for part in occurrence.variant.split():
        if part.startswith("^"):
            spelling = part[1:]
            return TRANSPOSE_STYLES.get(spelling, "^{" + spelling + "}")
    return ""


def _superscript_span(text: str, offset: int) -> tuple[int, int]:
    """(start, end) of the superscript that follows `offset` within a few characters, or
    (-1, -1): `^\\top`, `^{\\mathsf{T}}`, `^T` after `\\mathbf{W}` or after `W_{ij}`."""
    window = text[offset:offset + 60]
    match = re.match(r"(?:\s*_\s*(?:\{(?:[^{}]|\{[^{}]*\})*\}|\\?[A-Za-z0-9]+))?\s*(\^)",
                     window)
    if match is None:
        return -1, -1
    start = offset + match.start(1)
    rest = re.match(r"\^\s*(\{(?:[^{}]|\{[^{}]*\})*\}|\\[A-Za-z]+|.)", text[start:start + 60])
    return start, start + (rest.end() if rest else 1)


def mixed_expectation(context: Context) -> Iterator[Problem]:
    """## What it does
    Finds expectations written in more than one way: italic `E[...]`,
    `\\mathbb{E}[...]`, an operator-style `\\mathop{\\mathbb{E}}` (or a
    `\\DeclareMathOperator`), `\\mathrm{E}`, `\\operatorname{E}`.

    ## Why is this bad?
    The forms typeset differently: an italic E looks like a variable (energy, edges), and
    `\\mathop{\\mathbb{E}}_{x}` puts its subscript below the E in displays while
    `\\mathbb{E}_{x}` puts it beside. A reader sees two operators where there is one.

    ## Example
    ```latex
    \\newcommand{\\E}{\\mathbb{E}}
    \\DeclareMathOperator*{\\Exp}{\\mathbb{E}}
    $\\E_{x \\sim p}[f(x)]$ ... $\\Exp_{z \\sim q}[g(z)]$
    ```

    ## Use instead
    ```latex
    \\newcommand{\\E}{\\mathbb{E}}
    $\\E_{x \\sim p}[f(x)]$ ... $\\E_{z \\sim q}[g(z)]$
    ```

    ## Known problems
    An italic E counts as an expectation only when brackets follow it (`E[x]`,
    `E_{x \\sim p}\\left[ ... \\right]`) or its subscript samples (`E_{x \\sim p}`);
    `E(x)` and a set of edges E are left alone.
    """
    uses = []
    for symbol in context.analysis.symbols:
        for occurrence in own_occurrences(symbol):
            style = expectation_style(context, symbol, occurrence)
            if style:
                uses.append(Use(occurrence.location, occurrence.end, style, occurrence.form,
                                symbol.key, (occurrence.span, occurrence.location.offset)))
    yield from minority_problems(uses, "the expectation",
                                 "write every expectation the same way "
                                 "(one macro, such as \\newcommand{\\E}{\\mathbb{E}})")


def expectation_style(context: Context, symbol: Symbol, occurrence: Occurrence) -> str:
    """How a use of an E writes the expectation ('\\mathbb{E}', 'E', ...), or '' when it is
    not one. A subscript (`E_{s}[...]`) does not change the style."""
    sid = symbol.id
    if sid.base != "E" or sid.kind != "variable" or sid.sup or sid.accents or sid.mods:
        return ""
    font = sid.font
    operator = _operator_style(context, occurrence)
    if font == "bb":
        return "\\mathop{\\mathbb{E}}" if operator else "\\mathbb{E}"
    if font == "rm":
        written_as_operator = operator or occurrence.expanded.startswith("\\operatorname")
        return "\\operatorname{E}" if written_as_operator else "\\mathrm{E}"
    if font:
        return ""
    if operator:
        return "\\operatorname{E}"
    text = context.text(occurrence.location.file)
    if "\\sim" in occurrence.sub or _BRACKET_AFTER.match(text, occurrence.end):
        return "E"
    return ""


def _operator_style(context: Context, occurrence: Occurrence) -> bool:
    """Typeset as an operator: wrapped in \\mathop / \\operatorname, or by a macro declared
    with \\DeclareMathOperator or whose body does so."""
    text = context.text(occurrence.location.file)
    start = occurrence.location.offset
    if _OPERATOR_WRAPPER.search(text, max(0, start - 40), start):
        return True
    call = _MACRO_CALL.match(occurrence.form)
    return call is not None and _macro_is_operator(context, call.group(1), depth=3)


def _macro_is_operator(context: Context, name: str, depth: int) -> bool:
    definitions = context.macros_named(name)
    if not definitions or depth == 0:
        return False
    definition = definitions[-1]
    if definition.command.startswith("DeclareMathOperator") or \
            re.search(r"\\(?:mathop|operatorname)\b", definition.body):
        return True
    inner = _MACRO_CALL.match(definition.body.strip().lstrip("{"))
    return inner is not None and _macro_is_operator(context, inner.group(1), depth - 1)
