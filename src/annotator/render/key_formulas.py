"""The glossary's "Key formulas" in each format: every recognised display equation (or
row) with its label and place, its name, what it computes, and each part's role: in
HTML a table of the equation's parts (the text equivalent of an equation diagram), in
JSON the `formula` / `formulas` fields of each `math` item.

    softmax · eq:att · model.tex:41
       Attention(Q, K, V) = softmax(QKᵀ/√d_k)V
       Parts: QKᵀ/√d_k — the logits
"""

from __future__ import annotations

import re
from typing import Any

from ..key_formulas import KeyFormula
from ..model import Text
from ..recognise import Recognised
from ..terminal import clean, wrap
from .common import colon, joined
from .unicode import latex_to_unicode

LABELS = {
    "key-formulas": Text("Key formulas", "关键公式"),
    "key-intro": Text("The display equations a known formula template recognises, with the "
                      "role of each part.",
                      "能被已知公式模板识别的行间公式，以及各部分所起的作用。"),
    "parts": Text("Parts", "各部分"),
    "part": Text("Part", "部分"),
    "role": Text("Role", "作用"),
    "code": Text("PyTorch", "PyTorch"),
    "also": Text("Also inside", "其中还有"),
    "row": Text("row {row} of {rows}", "第 {row} 行（共 {rows} 行）"),
}
_ALIGNMENT = re.compile(r"(?<!\\)&|\\(?:nonumber|notag)\b")


def key_label(key: str, lang: str) -> str:
    return LABELS[key].get(lang)


def heading_parts(formula: KeyFormula, lang: str) -> list[str]:
    """'softmax', 'eq:att', 'row 2 of 3', 'model.tex:41'."""
    parts = [formula.name.get(lang)]
    if formula.label:
        parts.append(formula.label)
    if formula.rows > 1:
        parts.append(key_label("row", lang).format(row=formula.row + 1, rows=formula.rows))
    parts.append(f"{formula.file}:{formula.line}")
    return parts


def display_latex(formula: KeyFormula) -> str:
    """The row without its alignment marks (`&=` is `=`), for MathML or Unicode."""
    return " ".join(_ALIGNMENT.sub(" ", formula.latex).split())


def _role(role: Text, role_id: str, lang: str) -> str:
    """The role's name; its id (the template's placeholder) is for JSON only."""
    return role.get(lang)


# ------------------------------------------------------------------------ text

def text_lines(formulas: tuple[KeyFormula, ...], lang: str, width: int) -> list[str]:
    lines = [f"── {key_label('key-formulas', lang)} ──"]
    lines += wrap(key_label("key-intro", lang), width)
    for formula in formulas:
        lines += ["", *wrap(clean(" · ".join(heading_parts(formula, lang))), width, "", "  ")]
        lines += wrap(clean(latex_to_unicode(display_latex(formula))), width, "   ", "     ")
        lines += wrap(clean(formula.summary.get(lang)), width, "   ", "     ")
        parts = [f"{latex_to_unicode(latex)} — {_role(name, role_id, lang)}"
                 for role_id, name, latex in formula.bindings]
        if parts:
            lines += wrap(clean(f"{key_label('parts', lang)}{colon(lang)}"
                                f"{joined(parts, lang)}"), width, "   ", "     ")
        if formula.code:
            lines += wrap(clean(f"{key_label('code', lang)}{colon(lang)}{formula.code}"), width,
                          "   ", "     ")
        if formula.also:
            lines += wrap(clean(f"{key_label('also', lang)}{colon(lang)}"
                                f"{_also(formula.also, lang)}"), width, "   ", "     ")
    return lines


def _also(also: tuple[Recognised, ...], lang: str) -> str:
    return joined([f"{r.name.get(lang)} {latex_to_unicode(r.latex)}" for r in also], lang)


# ------------------------------------------------------------------------ Markdown

def markdown_lines(formulas: tuple[KeyFormula, ...], lang: str) -> list[str]:
    from .markdown import code, math, text  # markdown imports this module

    lines = ["", f"## {text(key_label('key-formulas', lang))}", "",
             text(key_label("key-intro", lang))]
    for formula in formulas:
        head = heading_parts(formula, lang)
        places = " · ".join(code(part) for part in head[1:])
        lines += ["", f"**{text(head[0])}** · {places}", "", math(display_latex(formula)), "",
                  text(formula.summary.get(lang))]
        if formula.bindings:
            lines.append("")
            lines += [f"- {math(latex)}{colon(lang)}{text(_role(name, role_id, lang))}"
                      for role_id, name, latex in formula.bindings]
        if formula.code:
            lines.append(f"- {text(key_label('code', lang))}{colon(lang)}{code(formula.code)}")
        if formula.also:
            lines.append(f"- {text(key_label('also', lang))}{colon(lang)}" + joined(
                [f"{text(r.name.get(lang))} {math(r.latex)}" for r in formula.also], lang))
    return lines


# ------------------------------------------------------------------------ HTML

def html_section(formulas: tuple[KeyFormula, ...], lang: str) -> str:
    """One <figure> per formula: the equation, then a table of its labelled parts."""
    import html

    from .html import mathml  # html imports this module

    def esc(value: str) -> str:
        return html.escape(clean(value))

    parts = [f'<section id="key-formulas"><h2>{esc(key_label("key-formulas", lang))}</h2>',
             f'<p class="meta">{esc(key_label("key-intro", lang))}</p>']
    for formula in formulas:
        head = heading_parts(formula, lang)
        described = "; ".join(f"{latex} — {name.get(lang)}"
                              for _, name, latex in formula.bindings)
        parts.append(
            f'<figure class="formula" data-template="{esc(formula.template)}" '
            f'aria-label="{esc(head[0] + ": " + described)}">'
            f"<figcaption><strong>{esc(head[0])}</strong> "
            f'<span class="where">· {esc(" · ".join(head[1:]))}</span></figcaption>'
            f'<div class="equation">{mathml(display_latex(formula))}</div>'
            f"<p>{esc(formula.summary.get(lang))}</p>")
        if formula.bindings:
            parts.append(f'<table class="parts"><tr><th>{esc(key_label("part", lang))}</th>'
                         f"<th>{esc(key_label('role', lang))}</th></tr>")
            parts += [f'<tr><td class="symbol">{mathml(latex)}</td>'
                      f"<td>{esc(_role(name, role_id, lang))}</td></tr>"
                      for role_id, name, latex in formula.bindings]
            parts.append("</table>")
        if formula.code:
            parts.append(f'<p class="code">{esc(key_label("code", lang))}{colon(lang)}'
                         f"<code>{esc(formula.code)}</code></p>")
        if formula.also:
            parts.append(f'<p class="meta">{esc(key_label("also", lang))}{colon(lang)}'
                         + joined([f"{esc(r.name.get(lang))} {mathml(r.latex)}"
                                   for r in formula.also], lang) + "</p>")
        parts.append("</figure>")
    parts.append("</section>")
    return "\n".join(parts)


# ------------------------------------------------------------------------ JSON

def formula_object(formula: KeyFormula) -> dict[str, Any]:
    """DESIGN section 5's `formula`: id, name, bindings (placeholder -> LaTeX), and what a
    reader needs besides (the row, its label, each role's name, the matched part)."""
    return {
        "id": formula.template,
        "name": {"en": formula.name.en, "zh": formula.name.zh},
        "bindings": {role_id: latex for role_id, _, latex in formula.bindings},
        "roles": [{"id": role_id, "name": {"en": name.en, "zh": name.zh}, "latex": latex}
                  for role_id, name, latex in formula.bindings],
        "area": formula.area,
        "summary": {"en": formula.summary.en, "zh": formula.summary.zh},
        "code": formula.code,
        "part": formula.part,
        "row": formula.row,
        "rows": formula.rows,
        "label": formula.label,
        "file": formula.file,
        "line": formula.line,
        "latex": formula.latex,
        "source": formula.source,
        "also": [{"id": r.template, "name": {"en": r.name.en, "zh": r.name.zh},
                  "latex": r.latex} for r in formula.also],
    }
