"""The glossary as the JSON object of DESIGN section 5 (a contract: add, never rename)."""

from __future__ import annotations

from typing import Any

from ..glossary import Glossary, GlossaryEntry
from ..jsontext import dumps_indented
from ..match import meaning_reason
from ..model import Analysis, Definition, KnowledgeMatch, Symbol, Text
from ..terminal import inert_json
from .common import knowledge_line
from .guide import guide_object
from .key_formulas import formula_object

SCHEMA_VERSION = 1


def glossary_object(analysis: Analysis, glossary: Glossary | None = None) -> dict[str, Any]:
    """The contract object; extra fields are additions the contract allows."""
    sections = analysis.sections
    entries = {e.symbol.key: e for e in glossary.entries} if glossary is not None else {}
    formulas: dict[int, list[dict[str, Any]]] = {}
    for formula in glossary.key_formulas if glossary is not None else ():
        formulas.setdefault(formula.span, []).append(formula_object(formula))
    return {
        "schema_version": SCHEMA_VERSION,
        "paper": {
            "source": analysis.paper.source,
            "main": analysis.paper.main,
            "files": list(analysis.file_order),
            "title": analysis.title,
            "kind": analysis.paper.kind,
            "main_reason": analysis.paper.main_reason,
            # what "line" and "column" mean in this output
            "positions": "page-line" if analysis.paper.kind == "pdf" else "line-column",
            "topics": list(analysis.topics),
        },
        "areas": [{"id": area, "name": _bilingual(name), "symbols": count}
                  for area, name, count in (glossary.areas if glossary is not None else ())],
        "symbols": [_symbol(symbol, analysis, entries.get(symbol.key))
                    for symbol in analysis.symbols],
        "math": [{
            "file": span.location.file,
            "line": span.location.line,
            "column": span.location.column,
            "display": span.display,
            "environment": span.environment,
            "label": span.label,
            "latex": span.latex,
            "symbols": list(analysis.span_symbols[span.index]),
            "section": sections[span.section].title if span.section is not None else None,
            # the named formula a template recognises (the first row's, in a multi-row
            # display), and every recognised row in `formulas` (render/key_formulas.py)
            "formula": formulas[span.index][0] if span.index in formulas else None,
            "formulas": formulas.get(span.index, []),
        } for span in analysis.math],
        # "Math you need for this paper" (render/guide.py); null without a glossary
        "guide": guide_object(glossary.guide) if glossary is not None
        and glossary.guide is not None else None,
        "diagnostics": [{
            "severity": d.severity,
            "message": d.message,
            "file": d.location.file if d.location else None,
            "line": d.location.line if d.location else None,
            "column": d.location.column if d.location else None,
        } for d in analysis.diagnostics],
    }


def _symbol(symbol: Symbol, analysis: Analysis, entry: GlossaryEntry | None
            ) -> dict[str, Any]:
    first = symbol.first
    span = analysis.math[first.span]
    section = analysis.sections[span.section].title if span.section is not None else None
    extras: dict[str, Any] = {}
    if entry is not None:
        extras = {"unicode": entry.shown, "macros": list(entry.macros),
                  "shape": _bilingual(entry.shape) if entry.shape is not None else None,
                  "group": entry.group, "area": entry.area, "related": list(entry.related),
                  # the area its match is evidence of ('' for a letter's default, a guess)
                  "math_area": entry.math_area}
    return {
        "key": symbol.key,
        "latex": symbol.latex,
        # every spelling as written, indexed ones included (u_t, W_1): what a reader searches
        "forms": list(dict.fromkeys((*symbol.forms, *(entry.spellings if entry else ())))),
        "expanded_forms": list(symbol.expanded_forms),
        "occurrences": len(symbol.occurrences),
        "first": {"file": first.location.file, "line": first.location.line,
                  "column": first.location.column, "section": section},
        "definitions": [_definition(d, analysis) for d in symbol.definitions],
        "properties": [_definition(d, analysis) for d in symbol.properties],
        "knowledge": _knowledge(symbol.knowledge),
        "role": symbol.role,
        "kind": symbol.id.kind,
        **extras,
    }


def _definition(definition: Definition, analysis: Analysis) -> dict[str, Any]:
    """A definition: the contract's fields, then its confidence, its sentence, whether it
    is shown (the shown ones come first), which meaning it states and where it stands."""
    sentence = {"start": definition.sentence_start, "end": definition.sentence_end} \
        if definition.sentence_start >= 0 else None
    section = analysis.sections[definition.section].title \
        if definition.section is not None and definition.section < len(analysis.sections) \
        else None
    return {"text": definition.text, "file": definition.file, "line": definition.line,
            "start": definition.start, "end": definition.end,
            "symbol_start": definition.symbol_start, "symbol_end": definition.symbol_end,
            "source": definition.source, "cue": definition.cue,
            "confidence": definition.confidence, "sentence": sentence,
            "shown": definition.shown, "meaning": definition.meaning,
            "context": definition.context, "appendix": definition.appendix,
            "section": section, "rules": list(definition.rules),
            "symbol_file": definition.symbol_file or definition.file,
            "usual": definition.usual}


def _knowledge(match: KnowledgeMatch | None) -> dict[str, Any] | None:
    return None if match is None else knowledge_object(match)


def _bilingual(text: Text) -> dict[str, str]:
    return {"en": text.en, "zh": text.zh}


def knowledge_object(match: KnowledgeMatch) -> dict[str, Any]:
    """A knowledge match as JSON: the contract's id, name and match, and what a reader
    needs besides (reading, the chosen meaning and why, the alternatives, the code)."""
    found: dict[str, Any] = {"id": match.id, "name": {"en": match.name_en, "zh": match.name_zh},
                             "match": match.match}
    entry = match.entry
    if entry is None:
        return found
    chosen = entry.meanings[match.meaning]
    found.update({
        "reading": {"en": match.reading("en"), "zh": match.reading("zh")},
        "meaning": _bilingual(chosen.text),
        "reason": match.reason,
        # what chose the meaning: definition, condition, default, typography or general
        # (then `meaning` is not shown: no usual meaning fits, `shown` says what is)
        "basis": match.basis,
        "shown": {"en": knowledge_line(match, "en"), "zh": knowledge_line(match, "zh")},
        "reason_text": _bilingual(meaning_reason(match.reason)) if match.reason else None,
        "detail": {"en": match.detail_en, "zh": match.detail_zh} if match.detail_en else None,
        "pattern": match.pattern,
        "alternatives": [{**_bilingual(entry.meanings[i].text),
                          "when": list(entry.meanings[i].when),
                          "unless": list(entry.meanings[i].unless)}
                         for i in match.alternatives],
        "math": _bilingual(entry.math),
        "code": chosen.code or entry.code,
        "area": entry.area,
        "family": entry.family,
        "see_also": list(entry.see_also),
        # with `general`: the usual meaning, of another entry, that names the paper's term
        "concept": _concept(match),
    })
    return found


def _concept(match: KnowledgeMatch) -> dict[str, Any] | None:
    concept = match.concept_entry
    if concept is None:
        return None
    return {"id": concept.id, "name": _bilingual(concept.name),
            "meaning": _bilingual(concept.meanings[match.concept_meaning].text)}


def render(analysis: Analysis, glossary: Glossary | None = None) -> str:
    """The JSON text, UTF-8 characters kept readable."""
    text = dumps_indented(glossary_object(analysis, glossary))  # json.dumps(indent=2), faster
    return inert_json(text) + "\n"  # C1 controls from the paper as \u escapes: same JSON
