"""`annotator explain` output: text for a terminal, Markdown, JSON; English or Chinese."""

from __future__ import annotations

import json
from typing import Any

from ..explain import Explanation, FormulaLine
from ..match import meaning_reason
from ..model import KnowledgeMatch, Symbol, Text
from .json import knowledge_object
from .unicode import latex_to_unicode

LABELS = {
    "structure": Text("Structure", "结构"),
    "symbols": Text("Symbols", "符号"),
    "notation": Text("Notation", "记号"),
    "read": Text("read", "读作"),
    "also": Text("also", "也可能表示"),
    "because": Text("chosen because", "依据"),
    "unknown": Text("unknown: not in the knowledge base", "未知:知识库中没有这个符号"),
    "code": Text("code", "代码"),
    "math": Text("math", "数学含义"),
    "paper": Text("the paper", "论文中"),
}
MATCHES = {
    "exact": Text("exact form", "精确匹配"),
    "alias": Text("alias", "别名匹配"),
    "pattern": Text("template", "模板匹配"),
    "base": Text("by its base symbol", "按基础符号匹配"),
    "convention": Text("typographic convention only", "仅按排版惯例推断"),
}


def label(key: str, lang: str) -> str:
    return LABELS[key].get(lang)


def match_label(match: KnowledgeMatch, lang: str) -> str:
    text = MATCHES[match.match].get(lang)
    if match.match == "pattern" and match.pattern:
        text += f" {match.pattern}"
    return text


def symbol_lines(symbol: Symbol, lang: str, indent: str = "  ") -> list[str]:
    """A symbol's explanation as lines (shared by explain and the text glossary)."""
    shown = latex_to_unicode(symbol.latex)
    match = symbol.knowledge
    if match is None or match.entry is None:
        return [f"{indent}{shown:<6} {label('unknown', lang)}"]
    entry = match.entry
    name = entry.name.get(lang)
    lines = [f"{indent}{shown:<6} {name} · {label('read', lang)} {match.reading(lang)}"
             f"  [{match_label(match, lang)}]"]
    pad = indent + " " * 7
    detail = match.detail_zh if lang == "zh" else match.detail_en
    if detail:
        lines.append(pad + detail)
    meaning = entry.meanings[match.meaning]
    lines.append(pad + meaning.text.get(lang))
    if match.reason:
        lines.append(pad + f"({label('because', lang)}: {meaning_reason(match.reason).get(lang)})")
    code = meaning.code or entry.code
    if code:
        lines.append(pad + f"{label('code', lang)}: {code}")
    for index in match.alternatives[:2]:
        lines.append(pad + f"{label('also', lang)}: {entry.meanings[index].text.get(lang)}")
    return lines


def structure_lines(explanation: Explanation, lang: str) -> list[tuple[str, str]]:
    """(part, words) of the Structure section: the named formulas first (with their
    PyTorch counterpart), then the parts the notation templates read."""
    out = [(line.shown, line.text.get(lang)) for line in explanation.formulas]
    out += [(line.shown, line.text.get(lang)) for line in explanation.structure]
    return out


def _definitions(explanation: Explanation) -> dict[str, str]:
    return dict(explanation.definitions)


def render_text(explanation: Explanation, lang: str) -> str:
    lines = [f"{explanation.shown}    {explanation.latex}", ""]
    if explanation.formulas or explanation.structure:
        lines.append(label("structure", lang))
        for formula in explanation.formulas:
            lines.append(f"  {formula.shown}: {formula.text.get(lang)}")
            lines.append(f"  {' ' * 6}{label('code', lang)}: {formula.recognised.code}")
        for line in explanation.structure:
            lines.append(f"  {line.shown}: {line.text.get(lang)}")
        lines.append("")
    lines.append(label("symbols", lang))
    definitions = _definitions(explanation)
    for symbol in explanation.symbols:
        lines.extend(symbol_lines(symbol, lang))
        if symbol.key in definitions:
            lines.append(f"{' ' * 9}{label('paper', lang)}: {definitions[symbol.key]}")
    if explanation.notation:
        lines += ["", label("notation", lang)]
        for item in explanation.notation:
            lines.append(f"  {item.shown:<6} {item.entry.name.get(lang)}: "
                         f"{item.entry.meanings[0].text.get(lang)}")
    return "\n".join(lines) + "\n"


def render_markdown(explanation: Explanation, lang: str) -> str:
    lines = [f"### {explanation.shown}", "", f"`{explanation.latex}`", ""]
    if explanation.formulas or explanation.structure:
        lines += [f"**{label('structure', lang)}**", ""]
        lines += [f"- **{formula.shown}**: {formula.text.get(lang)} "
                  f"(`{formula.recognised.code}`)" for formula in explanation.formulas]
        lines += [f"- {line.shown}: {line.text.get(lang)}" for line in explanation.structure]
        lines.append("")
    lines += [f"**{label('symbols', lang)}**", ""]
    for symbol in explanation.symbols:
        shown = latex_to_unicode(symbol.latex)
        match = symbol.knowledge
        if match is None or match.entry is None:
            lines.append(f"- **{shown}** (`{symbol.latex}`): {label('unknown', lang)}")
            continue
        entry = match.entry
        meaning = entry.meanings[match.meaning]
        lines.append(f"- **{shown}** (`{symbol.latex}`), {entry.name.get(lang)} "
                     f"({label('read', lang)} {match.reading(lang)}): "
                     f"{meaning.text.get(lang)} *[{match_label(match, lang)}]*")
        if symbol.key in _definitions(explanation):
            lines.append(f"  {label('paper', lang)}: {_definitions(explanation)[symbol.key]}")
    if explanation.notation:
        lines += ["", f"**{label('notation', lang)}**", ""]
        lines += [f"- **{item.shown}**: {item.entry.name.get(lang)}"
                  for item in explanation.notation]
    return "\n".join(lines) + "\n"


def _formula_object(line: FormulaLine) -> dict[str, Any]:
    """A named formula in JSON: the template, its names, and who plays which role."""
    found = line.recognised
    return {"template": found.template, "name": {"en": found.name.en, "zh": found.name.zh},
            "area": found.area, "latex": found.latex, "unicode": line.shown,
            "summary": {"en": found.summary.en, "zh": found.summary.zh}, "code": found.code,
            "text": {"en": line.text.en, "zh": line.text.zh},
            "bindings": [{"role": role, "name": {"en": name.en, "zh": name.zh},
                          "latex": value, "unicode": latex_to_unicode(value)}
                         for role, name, value in found.bindings]}


def render_json(explanation: Explanation) -> str:
    data: dict[str, Any] = {
        "latex": explanation.latex,
        "unicode": explanation.shown,
        "structure": [{"latex": line.latex, "unicode": line.shown,
                       "text": {"en": line.text.en, "zh": line.text.zh},
                       "entry": line.entry, "pattern": line.pattern}
                      for line in explanation.structure],
        "symbols": [{"key": symbol.key, "latex": symbol.latex,
                     "unicode": latex_to_unicode(symbol.latex), "kind": symbol.id.kind,
                     "known": symbol.knowledge is not None,
                     "knowledge": knowledge_object(symbol.knowledge)
                     if symbol.knowledge is not None else None}
                    for symbol in explanation.symbols],
        "notation": [{"latex": item.latex, "unicode": item.shown, "entry": item.entry.id,
                      "name": {"en": item.entry.name.en, "zh": item.entry.name.zh}}
                     for item in explanation.notation],
        "formulas": [_formula_object(line) for line in explanation.formulas],
        "definitions": dict(explanation.definitions),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
