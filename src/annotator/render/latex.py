"""A notation table an author can \\input into a paper, in three self-contained styles:

- `table`: a `longtable` with booktabs rules, exactly the text width, the symbol column
  shrinking a symbol too wide for it; goes where the table should appear.
- `nomencl`: `\\nomenclature` entries (in the document body; `\\printnomenclature` and
  makeindex make the list).
- `glossaries`: `\\newglossaryentry` definitions (in the preamble, after
  `\\makenoidxglossaries`; `\\gls{sym-x}` in the text).

The first lines of each file name the packages it needs, one `% \\usepackage{...}` per
line, so a script can build a preamble from them. Only the paper's own symbols with
something to say are listed; a description is the paper's own words, else the knowledge
base's meaning, cut short (the paper's words stay the paper's). Paper text is escaped
and paper math kept only through texsafe's allow-list (no `\\write18`, `\\input`,
catcode tricks), else shown as Unicode text. Chinese output (or any CJK text) needs
ctex and xelatex; the header says so.
"""

from __future__ import annotations

import re

from ..glossary import Glossary, GlossaryEntry
from ..model import Definition
from ..terminal import clean
from .common import label, segments
from .texsafe import (
    encode_math_unicode,
    encode_text,
    needs_cjk,
    packages_for,
    safe_math,
)
from .unicode import latex_to_unicode

STYLES = ("table", "nomencl", "glossaries")
MAX_DESCRIPTION = 80
"""Characters of a description shown (as read: formulas count their Unicode length)."""
BASE_PACKAGES = {"table": ("longtable", "booktabs", "array", "graphicx"),
                 "nomencl": ("nomencl", "graphicx"), "glossaries": ("glossaries", "graphicx")}
MATH_PACKAGES = ("amsmath", "amssymb")
SYMBOL_SHARE = 0.24
"""The symbol column's share of the line width (the rest is the description)."""


def render(glossary: Glossary, lang: str = "en", group_by: str | None = None,
           style: str = "table") -> str:
    """The glossary's own symbols as a LaTeX file of `style` (see STYLES)."""
    rows = [(entry, text) for entry in glossary.entries if entry.group == "symbols"
            for text in [description(entry, lang)] if text]
    symbols = [symbol_latex(entry) for entry, _ in rows]
    body = {"table": _table, "nomencl": _nomencl, "glossaries": _glossaries}[style](
        rows, symbols, lang)
    return "\n".join([*_header(glossary, lang, style, len(rows), body), *body]) + "\n"


# ----------------------------------------------------------------------------- content

def description(entry: GlossaryEntry, lang: str) -> str:
    """What the table says about a symbol, as LaTeX: the paper's first definition, else
    the knowledge base's chosen meaning (its first clause); '' for nothing to say."""
    if entry.definitions:
        return definition_latex(entry.definitions[0])
    match = entry.symbol.knowledge
    if match is not None and match.entry is not None and match.match != "convention":
        return prose_latex(first_clause(match.entry.meanings[match.meaning].text.get(lang)))
    return ""


def definition_latex(definition: Definition) -> str:
    """A definition as LaTeX: prose escaped, an equation as `$= ...$` or `$:= ...$`."""
    if definition.source == "equation":
        relation = "\\mathrel{:}=" if definition.cue == "defining-equation" else "="
        formula = safe_math(encode_math_unicode(definition.text))
        if formula is None:
            sign = "≔" if definition.cue == "defining-equation" else "="
            return encode_text(f"{sign} {latex_to_unicode(definition.text)}")
        return f"\\annotatorfit{{${relation} {formula}$}}"
    return prose_latex(definition.text)


def first_clause(text: str) -> str:
    """A knowledge meaning's first clause: 'Learning rate (step size): θ ← ...' ->
    'Learning rate (step size)'."""
    for match in _CLAUSE_END.finditer(text):
        before = text[:match.start()]
        if not before.lower().endswith(_ABBREVIATIONS):
            return before
    return text


_CLAUSE_END = re.compile(r"[:;.](?=\s)|[：；。]")
_ABBREVIATIONS = ("e.g", "i.e", "etc", "cf", "vs", "resp", "approx", "et al", "w.r.t", "a.k.a")


def prose_latex(text: str, limit: int = MAX_DESCRIPTION) -> str:
    """Prose with $...$ formulas as LaTeX, cut after about `limit` characters at a word
    boundary (never inside a formula), with an ellipsis where it was cut."""
    out: list[str] = []
    used = 0
    cut = False
    for kind, piece in segments(" ".join(clean(text).split())):
        if kind == "math":
            shown = latex_to_unicode(piece)
            if used + len(shown) > limit and out:
                cut = True
                break
            out.append(formula_latex(piece))
            used += len(shown)
            continue
        if used + len(piece) > limit:
            room = piece[:max(0, limit - used)]
            piece = room[:room.rfind(" ")] if " " in room else room
            cut = True
        out.append(encode_text(piece))
        used += len(piece)
        if cut:
            break
    result = "".join(out).strip()
    if cut:
        result = result.rstrip(" ,;:，；：") + "\\ldots{}"
    return result


def formula_latex(latex: str) -> str:
    """A formula from the paper: `$...$` through the allow-list, else its Unicode
    reading as text (inert, still readable)."""
    formula = safe_math(encode_math_unicode(latex))
    if formula is None:
        return encode_text(latex_to_unicode(latex))
    return f"${formula}$"


def symbol_latex(entry: GlossaryEntry) -> str:
    """The symbol as a formula (or its Unicode form when its LaTeX is not safe)."""
    formula = safe_math(encode_math_unicode(entry.symbol.latex))
    return f"${formula}$" if formula is not None else encode_text(entry.shown)


# ----------------------------------------------------------------------------- files

def _header(glossary: Glossary, lang: str, style: str, count: int, body: list[str]
            ) -> list[str]:
    text = "\n".join(body)
    chinese = lang == "zh" or needs_cjk(text)
    packages = [*(("ctex",) if chinese else ()), *BASE_PACKAGES[style], *MATH_PACKAGES,
                *sorted(packages_for(text))]
    lines = [f"% \\usepackage{{{package}}}" for package in packages]
    title = _comment(glossary.heading(lang))
    lines.append(f"% {label('glossary', 'en')} of {title}: {count} symbols, made by "
                 f"annotator from {_comment(glossary.main)}.")
    lines += [f"% {line}" for line in USAGE[style]]
    if chinese:
        lines.append("% Chinese text: compile with xelatex (ctex sets the CJK fonts).")
    return lines


USAGE = {
    "table": ("Load the packages above in the preamble and \\input this file where the table "
              "goes.", "longtable needs one-column mode: in a two-column paper, put "
              "\\onecolumn before it."),
    "nomencl": ("Preamble: the packages above and \\makenomenclature. Document: \\input this "
                "file right after \\begin{document}",
                "(its entries are written out with the first page), \\printnomenclature where "
                "the list goes.",
                "Build: latex, makeindex FILE.nlo -s nomencl.ist -o FILE.nls, latex."),
    "glossaries": ("Preamble: \\usepackage{glossaries}, \\makenoidxglossaries, then \\input "
                   "this file. Document: \\gls{sym-x}",
                   "prints a symbol; \\glsaddall and \\printnoidxglossaries print the list."),
}


def _comment(text: str) -> str:
    """Text safe inside a `%` comment: no line break (which would end the comment and
    let the rest run as TeX), no control character, no `^^` (TeX's character escape)."""
    return " ".join(clean(text).split()).replace("^^", "^ ^")


def _fit_macro() -> list[str]:
    """\\annotatorfit{$...$}: a formula as is when it fits the line (the column in the
    table), else scaled down to it, so no symbol or equation runs into the margin."""
    return ["\\ifdefined\\annotatorbox\\else\\newsavebox{\\annotatorbox}\\fi",
            "\\providecommand{\\annotatorfit}[1]{\\sbox{\\annotatorbox}{#1}%",
            "  \\ifdim\\wd\\annotatorbox>\\linewidth"
            "\\resizebox{\\linewidth}{!}{\\usebox{\\annotatorbox}}%",
            "  \\else\\usebox{\\annotatorbox}\\fi}"]


def _table(rows: list[tuple[GlossaryEntry, str]], symbols: list[str], lang: str) -> list[str]:
    symbol_width = f"\\dimexpr {SYMBOL_SHARE:.2f}\\linewidth-\\tabcolsep\\relax"
    text_width = f"\\dimexpr {1 - SYMBOL_SHARE:.2f}\\linewidth-\\tabcolsep\\relax"
    columns = (f"@{{}}>{{\\raggedright\\arraybackslash}}p{{{symbol_width}}}"
               f">{{\\raggedright\\arraybackslash}}p{{{text_width}}}@{{}}")
    head = f"{label('symbol', lang)} & {label('meaning', lang)} \\\\"
    lines = [*_fit_macro(), "\\begingroup", f"\\begin{{longtable}}{{{columns}}}",
             "\\toprule", head, "\\midrule", "\\endfirsthead",
             "\\toprule", head, "\\midrule", "\\endhead",
             "\\bottomrule", "\\endlastfoot"]
    lines += [f"\\annotatorfit{{{symbol}}} & {text} \\\\"
              for symbol, (_, text) in zip(symbols, rows, strict=True)]
    lines += ["\\end{longtable}", "\\endgroup"]
    return lines


def _nomencl(rows: list[tuple[GlossaryEntry, str]], symbols: list[str], lang: str
             ) -> list[str]:
    lines = _fit_macro()
    for number, (symbol, (_, text)) in enumerate(zip(symbols, rows, strict=True), 1):
        # The prefix keeps the paper's order (makeindex sorts by it, then the symbol).
        lines.append(f"\\nomenclature[a{number:04d}]{{{_makeindex(symbol)}}}"
                     f"{{{_makeindex(text)}}}")
    return lines


def _makeindex(text: str) -> str:
    """An argument of \\nomenclature as makeindex reads it: `!`, `@` and `|` are its
    own (level, sort key, page format), quoted with `%` (nomencl.ist); a backslash
    escapes the quote itself, so `\\|`, `\\!` and `\\%` are first written as names."""
    text = text.replace("\\%", "\\text{\\textpercent}").replace("\\|", "\\Vert{}")
    text = text.replace("\\!", "\\negthinspace{}").replace("\\@", "")
    return re.sub(r"[!@|]", lambda match: "%" + match.group(), text)


def _glossaries(rows: list[tuple[GlossaryEntry, str]], symbols: list[str], lang: str
                ) -> list[str]:
    lines = _fit_macro()
    used: set[str] = set()
    for number, (symbol, (entry, text)) in enumerate(zip(symbols, rows, strict=True), 1):
        identifier = _identifier(entry, used)
        lines.append(f"\\newglossaryentry{{{identifier}}}{{name={{{symbol}}}, "
                     f"description={{{text}}}, sort={{{number:04d}}}}}")
    return lines


def _identifier(entry: GlossaryEntry, used: set[str]) -> str:
    """A glossaries label from the key, unique in the file: bold:W^Q -> sym-bold-W-Q."""
    base = "sym-" + (re.sub(r"[^A-Za-z0-9]+", "-", entry.symbol.key).strip("-") or "symbol")
    identifier, number = base, 2
    while identifier in used:
        identifier, number = f"{base}-{number}", number + 1
    used.add(identifier)
    return identifier
