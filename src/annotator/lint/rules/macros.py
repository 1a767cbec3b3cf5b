"""Macros (M): the author's \\newcommand and \\def definitions."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from ...macros import PROTECTED
from ...model import MacroDef
from ..context import Context, is_package_file
from ..finding import Problem, Related
from .common import place

RENEWING = frozenset({"renewcommand", "RenewDocumentCommand", "renewenvironment",
                      "RenewDocumentEnvironment"})
"""Commands that change an existing command: LaTeX itself may be the one using it."""
LIBRARY_MIN_MACROS = 40
"""A file defining at least this many macros, most of them unused, is a shared notation
file (the Deep Learning book's math_commands.tex): its unused macros are not reported."""
LIBRARY_UNUSED_SHARE = 0.5
_NOT_AUTHOR_NAMES = frozenset({"csname", "expandafter", "endcsname", "noexpand"})
_LATEX_HOOKS = frozenset({"baselinestretch", "arraystretch", "bibname", "refname",
                          "abstractname", "contentsname", "figurename", "tablename",
                          "appendixname", "proofname", "labelitemi", "labelitemii",
                          "labelenumi", "labelenumii", "footnoterule", "UrlFont",
                          "floatpagefraction", "topfraction", "bottomfraction",
                          "textfraction", "dbltopfraction", "dblfloatpagefraction"})
"""Names LaTeX or a package reads by itself: defining them is configuration, not notation."""
_HOOK_PREFIXES = ("the", "cref", "Cref")
"""`\\thesection`, `\\crefrangeconjunction`: read by LaTeX and cleveref, not by the text."""
_BODY_SHOWN = 40


def _author_macro(definition: MacroDef) -> bool:
    """A definition the author wrote in the draft and that names a macro of their own."""
    name = definition.name.removeprefix("env:")
    return not (is_package_file(definition.location.file) or not name.isalpha()
                or name in PROTECTED or name in _NOT_AUTHOR_NAMES or name in _LATEX_HOOKS
                or name.startswith(_HOOK_PREFIXES))


def unused_macro(context: Context) -> Iterator[Problem]:
    """## What it does
    Finds macros and environments the draft defines (`\\newcommand`, `\\def`,
    `\\DeclareMathOperator`, `\\newenvironment`, ...) and never uses.

    ## Why is this bad?
    A notation macro nobody calls is usually a leftover of an earlier notation: a
    reader of the source (a co-author, an editor) takes it for the paper's notation,
    and the next person to use it revives a symbol the text no longer defines.

    ## Example
    ```latex
    \\newcommand{\\vq}{\\bm{q}}
    \\newcommand{\\vm}{\\bm{m}}   % from the first draft; the paper now writes \\vk
    ```

    ## Use instead
    ```latex
    \\newcommand{\\vq}{\\bm{q}}
    ```

    ## Known problems
    `\\renewcommand`, hooks LaTeX and its packages read by themselves
    (`\\baselinestretch`, `\\the...`, `\\cref...`) and control symbols (`\\[`) are not
    reported, nor are macros of style files. A shared notation file (at least 40
    definitions, most of them unused, like the Deep Learning book's `math_commands.tex`)
    is taken as a library and its unused macros are not reported one by one. A macro
    used only in the bibliography (`.bib`, `.bbl`) counts as used.
    """
    analysis = context.analysis
    candidates = [d for d in analysis.macros
                  if _author_macro(d) and d.command not in RENEWING]
    unused = [d for d in candidates if not context.macro_uses(d)]
    libraries = _library_files(candidates, unused)
    bibliography = "".join(f.text for path, f in analysis.paper.files.items()
                           if path.lower().endswith((".bib", ".bbl")))
    reported: set[str] = set()
    for definition in unused:
        name = definition.name
        if definition.location.file in libraries or name in reported \
                or "\\" + name in bibliography:
            continue
        reported.add(name)
        start, end = _name_span(context, definition)
        shown = name.replace("env:", "environment ") if name.startswith("env:") else "\\" + name
        yield Problem(context.location(definition.location.file, start),
                      f"{shown} is defined here but never used; remove it, or use it",
                      end=end, symbol=name)


def _library_files(candidates: list[MacroDef], unused: list[MacroDef]) -> set[str]:
    defined = Counter(d.location.file for d in candidates)
    idle = Counter(d.location.file for d in unused)
    return {path for path, count in defined.items()
            if count >= LIBRARY_MIN_MACROS and idle[path] >= LIBRARY_UNUSED_SHARE * count}


def _name_span(context: Context, definition: MacroDef) -> tuple[int, int]:
    """Offsets of the macro's name in its definition (`\\vx` in `\\newcommand{\\vx}`)."""
    text = context.text(definition.location.file)
    start = definition.location.offset
    name = definition.name
    needle = "{" + name[4:] + "}" if name.startswith("env:") else "\\" + name
    found = text.find(needle, start, start + 300)
    if found < 0:
        return start, start
    if name.startswith("env:"):
        return found + 1, found + len(needle) - 1
    return found, found + len(needle)


def conflicting_macro(context: Context) -> Iterator[Problem]:
    """## What it does
    Finds a macro defined twice with different meanings: two `\\def`s or
    `\\newcommand`s of one name in different files, a `\\renewcommand` that changes a
    macro the draft defined earlier, or a `\\providecommand` that does nothing because
    the macro already exists.

    ## Why is this bad?
    Every use after the second definition means something else than the uses before
    it, silently. This is how a copied notation file clobbers a paper's own macro
    (`\\vs` for a bold s in `math_commands.tex`, "vs." in the paper) and how one author's
    edit changes another author's formulas.

    ## Example
    ```latex
    % macros.tex
    \\newcommand{\\R}{\\mathbb{R}}
    % sections/method.tex
    \\renewcommand{\\R}{\\mathcal{R}}   % the reward set
    ```

    ## Use instead
    ```latex
    % macros.tex
    \\newcommand{\\R}{\\mathbb{R}}
    \\newcommand{\\Rset}{\\mathcal{R}}   % the reward set
    ```

    ## Known problems
    Redefinitions in style files, and `\\renewcommand` of a command a package or LaTeX
    defines (`\\paragraph`), are customisation and not reported. Two definitions with
    the same body (up to spaces and an outer pair of braces) are not a conflict.
    """
    latest: dict[str, MacroDef] = {}
    for definition in context.analysis.macros:
        name = definition.name
        previous = latest.get(name)
        if not _author_macro(definition):
            if not is_package_file(definition.location.file):
                continue
            latest[name] = definition
            continue
        if previous is None or is_package_file(previous.location.file) \
                or previous.location == definition.location or _same(previous, definition):
            if previous is None or not definition.command.startswith("provide"):
                latest[name] = definition
            continue
        yield _conflict(context, previous, definition)
        if not definition.command.startswith("provide") and definition.command != "newcommand":
            latest[name] = definition


def _conflict(context: Context, previous: MacroDef, definition: MacroDef) -> Problem:
    name = definition.name
    shown = ("environment " + name[4:]) if name.startswith("env:") else "\\" + name
    before = f"`{_shown_body(previous)}` at {place(previous.location)}"
    if definition.command.startswith("provide"):
        message = (f"{shown} is already defined as {before}, so this \\{definition.command} "
                   f"has no effect and `{_shown_body(definition)}` is never used")
    elif definition.command == "newcommand":
        message = (f"{shown} is defined again here as `{_shown_body(definition)}`; it was "
                   f"{before}, and LaTeX refuses to \\newcommand an existing command")
    else:
        message = (f"{shown} is redefined here as `{_shown_body(definition)}`; it was "
                   f"{before}: its uses before and after this line mean different things")
    start, end = _name_span(context, definition)
    return Problem(context.location(definition.location.file, start), message, end=end,
                   symbol=name, related=(Related(previous.location, "earlier definition"),))


def _same(first: MacroDef, second: MacroDef) -> bool:
    return (first.nargs, first.default, _normal_body(first.body)) == \
        (second.nargs, second.default, _normal_body(second.body))


def _normal_body(body: str) -> str:
    text = re.sub(r"\s+", " ", body).strip()
    while text.startswith("{") and text.endswith("}") and _balanced(text[1:-1]):
        text = text[1:-1].strip()
    return text


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _shown_body(definition: MacroDef) -> str:
    body = _normal_body(definition.body)
    return body if len(body) <= _BODY_SHOWN else body[:_BODY_SHOWN - 1] + "…"
