"""Typesetting (T): math that prints differently from what the author meant."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...latex_tables import GREEK, KNOWN_WORDS, NAMED_FUNCTIONS
from ...model import Location, MathSpan
from ..context import Context, is_package_file
from ..finding import Problem
from ..noqa import comment_start
from .common import author_macro, own_occurrences
from .consistency import bold_command

LATEX_OPERATORS = frozenset({
    "log", "ln", "lg", "exp", "sin", "cos", "tan", "cot", "sec", "csc", "sinh", "cosh",
    "tanh", "coth", "arcsin", "arccos", "arctan", "arg", "deg", "dim", "hom", "ker", "det",
    "gcd", "Pr", "min", "max", "sup", "inf", "lim", "limsup", "liminf"})
"""Operator names LaTeX itself defines (\\log, \\max, ...)."""
_ARG_OPERATORS = {"argmax": "\\arg\\max", "argmin": "\\arg\\min"}
_NOT_BOLD_BY_MATHBF = frozenset({n for n in GREEK if n[:1].islower()} | {"ell"})
"""Letters \\mathbf leaves as they are: lowercase Greek (and \\ell) come from the math
italic font, which \\mathbf does not switch."""
_BOLD_GREEK_PACKAGES = re.compile(r"\\usepackage\s*(?:\[[^\]]*\])?\s*\{[^}]*unicode-math")
_SKIPPED_ARGUMENTS = re.compile(
    r"\\(?:label|ref|eqref|[cC]ref|autoref|pageref|cite[a-zA-Z]*|includegraphics|url|href|"
    r"hyperref|tag\*?|text[a-z]*|mbox|hbox|begin|end|operatorname\*?)\s*"
    r"(?:\[[^\]]*\]\s*)?\{[^{}]*\}")
_UNBRACED = re.compile(r"(?<!\\)([_^])[ \t]*([A-Za-z])([A-Za-z]{2,})(?![A-Za-z_^'])")


def italic_operator(context: Context) -> Iterator[Problem]:
    """## What it does
    Finds function and operator names written as plain letters, which TeX sets in
    italics as a product of variables: `log`, `exp`, `softmax`, `argmax`, `tr`, `det`,
    `max`, `sin` and the other names annotator knows.

    ## Why is this bad?
    `$log(x)$` prints as the product l·o·g·(x) with italic letters and the wrong spacing;
    readers and screen readers see three variables. Upright operator names are the
    convention every style guide and journal asks for.

    ## Example
    ```latex
    $p = softmax(W h)$ and $L = -log\\, p_y$
    ```

    ## Use instead
    ```latex
    \\DeclareMathOperator{\\softmax}{softmax}
    $p = \\softmax(W h)$ and $L = -\\log p_y$
    ```

    ## Known problems
    Words inside sub- and superscripts (`x_{max}`) are labels, not operators, and are
    not reported. A name annotator does not know as a function (`pos`, `lrate`) is not
    reported either. A name that comes from a macro is reported once, at the macro's
    definition.
    """
    reported: set[str] = set()
    for symbol in context.analysis.symbols:
        base = symbol.id.base
        if base not in KNOWN_WORDS and base not in NAMED_FUNCTIONS:
            continue
        for occurrence in own_occurrences(symbol):
            if "italic-word" not in occurrence.variant.split() or occurrence.in_script:
                continue
            message = (f"is set in italics, as a product of the letters {', '.join(base)}; "
                       f"write {operator_spelling(base)}")
            macro = author_macro(context, occurrence.form)
            if macro is None:
                yield Problem(occurrence.location, f"`{occurrence.form}` {message}",
                              end=occurrence.end, symbol=symbol.key)
            elif macro.name not in reported and not is_package_file(macro.location.file):
                reported.add(macro.name)
                yield Problem(macro.location, f"the body of \\{macro.name} {message}",
                              symbol=symbol.key)


def operator_spelling(name: str) -> str:
    """How to write an operator name upright: `\\log`, `\\arg\\max`, `\\operatorname{tr}`."""
    if name in LATEX_OPERATORS:
        return "\\" + name
    if name in _ARG_OPERATORS:
        return _ARG_OPERATORS[name]
    return "\\operatorname{" + name + "} (or a \\DeclareMathOperator)"


def unbraced_script(context: Context) -> Iterator[Problem]:
    """## What it does
    Finds a sub- or superscript of several letters written without braces: `p_data`,
    `x_max`, `x^adv`. TeX takes only the first letter as the script. A Greek letter's
    name without its backslash (`n^alpha`) is reported the same way, with `^\\alpha` as
    the fix.

    ## Why is this bad?
    `$p_data$` prints as p_d followed by the italic product a·t·a: the reader sees a
    subscript d and three new variables. The formula compiles without a warning, so the
    mistake survives to the camera-ready version.

    ## Example
    ```latex
    the data distribution $p_data$ and the largest step $\\eta_max$
    ```

    ## Use instead
    ```latex
    the data distribution $p_{\\text{data}}$ and the largest step $\\eta_{\\max}$
    ```

    ## Known problems
    Letters after a one-letter script are read as a product when another script follows
    them (`q_ik_i` is q_i k_i) or when the script is the transpose `^T` (`U^Tx`); two
    letters (`x_ij`) are also left alone, since `W_hx` is a legitimate product.
    """
    for span in context.analysis.math:
        if is_package_file(span.location.file):
            continue
        text = context.text(span.location.file)
        source = _math_source(text, span)
        for match in _UNBRACED.finditer(source):
            mark, first, rest = match.group(1), match.group(2), match.group(3)
            if mark == "^" and first == "T":
                continue
            start = span.location.offset + match.start()
            kind = "subscript" if mark == "_" else "superscript"
            fix = (f"write `{mark}\\{first}{rest}` (the Greek letter)"
                   if first + rest in GREEK else
                   f"write `{mark}{{{first}{rest}}}` (or `{mark}{{\\text{{{first}{rest}}}}}` "
                   "for a word)")
            yield Problem(
                context.location(span.location.file, start),
                f"`{match.group(0)}` makes only `{first}` the {kind} and sets `{rest}` as "
                f"italic letters after it; {fix}",
                end=span.location.offset + match.end())


def _math_source(text: str, span: MathSpan) -> str:
    """The span's source with comments and non-math arguments (labels, references, text)
    blanked out, offsets kept."""
    source = text[span.location.offset:span.end]
    source = _SKIPPED_ARGUMENTS.sub(lambda m: " " * len(m.group(0)), source)
    lines = source.split("\n")
    for index, line in enumerate(lines):
        start = comment_start(line)
        if start >= 0:
            lines[index] = line[:start] + " " * (len(line) - start)
    return "\n".join(lines)


def mathbf_greek(context: Context) -> Iterator[Problem]:
    """## What it does
    Finds `\\mathbf` applied to a lowercase Greek letter (or `\\ell`):
    `\\mathbf{\\theta}`, `\\mathbf{\\mu}`.

    ## Why is this bad?
    `\\mathbf` switches the font of Latin letters, digits and uppercase Greek only. A
    lowercase Greek letter comes from the math italic font, so `\\mathbf{\\theta}`
    prints a plain θ: the vector the author meant is indistinguishable from a scalar θ.

    ## Example
    ```latex
    \\newcommand{\\vtheta}{\\mathbf{\\theta}}
    the parameters $\\vtheta \\in \\mathbb{R}^p$
    ```

    ## Use instead
    ```latex
    \\newcommand{\\vtheta}{\\bm{\\theta}}   % or \\boldsymbol{\\theta}
    the parameters $\\vtheta \\in \\mathbb{R}^p$
    ```

    ## Known problems
    With `unicode-math`, `\\mathbf{\\theta}` is bold; papers that load it are not
    checked. A macro whose body holds the `\\mathbf` is reported once, at its
    definition.
    """
    analysis = context.analysis
    if any(_BOLD_GREEK_PACKAGES.search(f.text) for f in analysis.paper.files.values()):
        return
    reported: set[str] = set()
    for symbol in analysis.symbols:
        if symbol.id.base not in _NOT_BOLD_BY_MATHBF:
            continue
        for occurrence in own_occurrences(symbol):
            if bold_command(occurrence) != "mathbf":
                continue
            where = author_macro(context, occurrence.form)
            if where is None:
                yield _mathbf_problem(occurrence.location, occurrence.end, occurrence.form,
                                      symbol.id.base, symbol.key)
            elif where.name not in reported and not is_package_file(where.location.file):
                reported.add(where.name)
                yield _mathbf_problem(where.location, None, "\\" + where.name,
                                      symbol.id.base, symbol.key)


def _mathbf_problem(location: Location, end: int | None, form: str, base: str,
                    key: str) -> Problem:
    return Problem(location, f"`{form}` prints a plain, non-bold \\{base}: \\mathbf does not "
                             f"change lowercase Greek letters; write \\bm{{\\{base}}} or "
                             f"\\boldsymbol{{\\{base}}}", end=end, symbol=key)
