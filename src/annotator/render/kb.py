"""`annotator kb list|show|search` output."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from ..model import Entry, Text, fill_letter
from .unicode import latex_to_unicode

FIELDS = {
    "reading": Text("reading", "读音"), "math": Text("math", "数学含义"),
    "meanings": Text("usual meanings in papers", "论文中的常见含义"),
    "code": Text("code", "代码"), "area": Text("area", "数学领域"),
    "forms": Text("forms", "写法"), "see_also": Text("see also", "另见"),
    "patterns": Text("templates", "模板"), "when": Text("when", "条件"),
    "unless": Text("unless", "除非"),
}


def _shown(entry: Entry) -> str:
    return ", ".join(latex_to_unicode(form) for form in entry.forms[:3]) or entry.convention


def render_list(entries: list[Entry], lang: str) -> str:
    rows = [(entry.id, entry.family, _shown(entry), entry.name.get(lang)) for entry in entries]
    if not rows:
        return ""
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return "\n".join(f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c:<{widths[2]}}  {d}"
                     for a, b, c, d in rows) + "\n"


def render_entry(entry: Entry, lang: str) -> str:
    def field(key: str) -> str:
        return FIELDS[key].get(lang)

    lines = [f"{entry.name.get(lang)}  ({entry.id}, {entry.family})"]
    if entry.forms or entry.aliases:
        forms = ", ".join(f"{latex_to_unicode(f)} `{f}`" for f in entry.forms + entry.aliases)
        lines.append(f"  {field('forms')}: {forms}")
    lines.append(f"  {field('reading')}: {fill_letter(entry.reading.get(lang), '')}")
    lines.append(f"  {field('math')}: {entry.math.get(lang)}")
    lines.append(f"  {field('meanings')}:")
    for number, meaning in enumerate(entry.meanings, 1):
        when = f"  [{field('when')}: {', '.join(meaning.when)}]" if meaning.when else ""
        if meaning.unless:
            when += f"  [{field('unless')}: {', '.join(meaning.unless)}]"
        lines.append(f"    {number}. {meaning.text.get(lang)}{when}")
        if meaning.code:
            lines.append(f"       {field('code')}: {meaning.code}")
    if entry.code:
        lines.append(f"  {field('code')}: {entry.code}")
    for pattern in entry.patterns:
        lines.append(f"  {field('patterns')}: `{pattern.latex}`: {pattern.text.get(lang)}")
    lines.append(f"  {field('area')}: {entry.area}")
    if entry.see_also:
        lines.append(f"  {field('see_also')}: {', '.join(entry.see_also)}")
    return "\n".join(lines) + "\n"


def render_json(entries: list[Entry]) -> str:
    data: list[dict[str, Any]] = [asdict(entry) for entry in entries]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
