"""The reading guide ("Math you need for this paper") in each format: text, Markdown,
HTML and JSON; the glossary renderers append it, `annotator guide PAPER` prints it alone.

Per area, in the seeds' order of priority: why it matters, each concept the paper uses
with its symbols, how often and where (file:line, the equation's label), then what to
learn it from. In Chinese: `线性代数 · 33 次使用`, `符号：x、z`.
"""

from __future__ import annotations

from typing import Any

from ..glossary import Glossary
from ..guide import Concept, Place, ReadingGuide, Resource
from ..model import Text
from ..terminal import clean, wrap
from .common import aside, colon, joined

LABELS = {
    "guide": Text("Math you need for this paper", "读懂本文需要的数学"),
    "guide-intro": Text("The math areas in order of priority for ML work (linear algebra > "
                        "probability and statistics > calculus > optimisation > information "
                        "theory > numerical computing > discrete math), with the concepts "
                        "this paper uses and where.",
                        "按机器学习的学习优先级排列的数学领域（线性代数 > 概率统计 > 微积分 > "
                        "优化理论 > 信息论 > 数值计算 > 离散数学），以及本文用到的概念和出处。"),
    "why": Text("Why", "为什么重要"),
    "uses": Text("uses", "次使用"),
    "learn": Text("Learn it from", "学习资源"),
    "no-resource": Text("the roadmaps name no resource for this area",
                        "学习路线中未列出该领域的资源"),
    "unused": Text("Not drawn on", "本文未涉及"),
    "all": Text("For all areas", "综合资源"),
    "formula": Text("formula", "公式"),
    "empty": Text("No math area is shown by this paper's symbols or formulas.",
                  "本文的符号与公式没有显示出任何数学领域。"),
}


def guide_label(key: str, lang: str) -> str:
    return LABELS[key].get(lang)


def place_text(place: Place, lang: str = "en") -> str:
    """'model.tex:12' or 'model.tex:12 (eq:attention)' / 'model.tex:12（eq:attention）'."""
    return f"{place}" + (aside(place.label, lang) if place.label else "")


def _uses(count: int, lang: str) -> str:
    """'1 use', '5 uses'; '5 次使用'."""
    if lang == "en" and count == 1:
        return "1 use"
    return f"{count} {guide_label('uses', lang)}"


def _resource_text(resource: Resource, lang: str) -> str:
    title = resource.title.get(lang)
    return f"{title} <{resource.url}>" if resource.url else title


def _concept_symbols(concept: Concept, lang: str) -> str:
    return joined([s.unicode for s in concept.symbols], lang)


# ------------------------------------------------------------------------ text

def text_lines(guide: ReadingGuide, lang: str, width: int) -> list[str]:
    """The guide for a terminal, wrapped to `width`."""
    lines = [f"── {guide_label('guide', lang)} ──"]
    lines += wrap(guide_label("guide-intro", lang), width)
    if not guide.areas:
        lines += wrap(guide_label("empty", lang), width)
    for number, area in enumerate(guide.areas, 1):
        lines += ["", f"{number}. {area.name.get(lang)} · {_uses(area.uses, lang)}"]
        lines += wrap(f"{guide_label('why', lang)}{colon(lang)}{area.why.get(lang)}", width,
                      "   ", "     ")
        for concept in area.concepts:
            lines += wrap(clean(_concept_line(concept, lang)), width, "   · ", "       ")
        lines.append(f"   {guide_label('learn', lang)}{colon(lang).rstrip()}")
        for resource in area.resources:
            lines += wrap(_resource_text(resource, lang), width, "     - ", "       ")
        if not area.resources:
            lines.append(f"     - {guide_label('no-resource', lang)}")
    if guide.unused:
        lines += ["", *wrap(f"{guide_label('unused', lang)}{colon(lang)}"
                            f"{joined([name.get(lang) for _, name in guide.unused], lang)}",
                            width, "", "  ")]
    if guide.resources:
        lines += ["", f"{guide_label('all', lang)}{colon(lang).rstrip()}"]
        for resource in guide.resources:
            lines += wrap(_resource_text(resource, lang), width, "   - ", "     ")
    return lines


def _concept_line(concept: Concept, lang: str) -> str:
    """'Transpose: K · 5 uses · model.tex:38, model.tex:41'."""
    head = concept.name.get(lang)
    if concept.source == "formula":
        head += aside(guide_label("formula", lang), lang)
    parts = [head + (colon(lang) + _concept_symbols(concept, lang) if concept.symbols else "")]
    parts.append(_uses(concept.uses, lang))
    if concept.places:
        parts.append(joined([place_text(p, lang) for p in concept.places], lang))
    return " · ".join(parts)


# ------------------------------------------------------------------------ Markdown

def markdown_lines(guide: ReadingGuide, lang: str) -> list[str]:
    """The guide as a Markdown section (GitHub math for the symbols)."""
    from .markdown import code, math, text  # markdown imports this module

    lines = ["", f"## {text(guide_label('guide', lang))}", "", text(guide_label("guide-intro",
                                                                               lang))]
    if not guide.areas:
        lines += ["", text(guide_label("empty", lang))]
    for number, area in enumerate(guide.areas, 1):
        lines += ["", f"### {number}. {text(area.name.get(lang))} · {_uses(area.uses, lang)}",
                  "", f"*{text(guide_label('why', lang))}*{colon(lang)}{text(area.why.get(lang))}",
                  ""]
        for concept in area.concepts:
            name = text(concept.name.get(lang))
            if concept.source == "formula":
                name += text(aside(guide_label("formula", lang), lang))
            symbols = joined([math(s.latex) for s in concept.symbols], lang)
            places = joined([code(place_text(p, lang)) for p in concept.places], lang)
            lines.append(f"- **{name}**" + (f"{colon(lang)}{symbols}" if symbols else "")
                         + f" · {_uses(concept.uses, lang)}" + (f" · {places}" if places else ""))
        lines += ["", f"*{text(guide_label('learn', lang))}*{colon(lang)}"]
        lines += [f"- {text(r.title.get(lang))}" + (f" <{r.url}>" if r.url else "")
                  for r in area.resources] or [f"- {text(guide_label('no-resource', lang))}"]
    if guide.unused:
        lines += ["", f"*{text(guide_label('unused', lang))}*{colon(lang)}"
                      f"{text(joined([name.get(lang) for _, name in guide.unused], lang))}"]
    if guide.resources:
        lines += ["", f"*{text(guide_label('all', lang))}*{colon(lang)}", ""]
        lines += [f"- {text(r.title.get(lang))}" + (f" <{r.url}>" if r.url else "")
                  for r in guide.resources]
    return lines


# ------------------------------------------------------------------------ HTML

def html_section(guide: ReadingGuide, lang: str) -> str:
    """The guide as one <section id="guide">, symbols as MathML."""
    import html

    from .html import mathml  # html imports this module

    def esc(value: str) -> str:
        return html.escape(clean(value))

    parts = [f'<section id="guide"><h2>{esc(guide_label("guide", lang))}</h2>',
             f'<p class="meta">{esc(guide_label("guide-intro", lang))}</p>']
    if not guide.areas:
        parts.append(f"<p>{esc(guide_label('empty', lang))}</p>")
    for area in guide.areas:
        parts.append(f'<div class="area" data-area="{esc(area.id)}">'
                     f"<h3>{esc(area.name.get(lang))} <span class=\"meta\">· "
                     f"{esc(_uses(area.uses, lang))}</span></h3>"
                     f'<p class="why">{esc(area.why.get(lang))}</p><ul>')
        for concept in area.concepts:
            name = esc(concept.name.get(lang))
            if concept.source == "formula":
                name += esc(aside(guide_label("formula", lang), lang))
            symbols = joined([mathml(s.latex) for s in concept.symbols], lang)
            places = esc(joined([place_text(p, lang) for p in concept.places], lang))
            parts.append(f"<li><strong>{name}</strong>"
                         + (f"{colon(lang)}{symbols}" if symbols else "")
                         + f' <span class="where">· {esc(_uses(concept.uses, lang))} · '
                           f"{places}</span></li>")
        parts.append(f"</ul><p><em>{esc(guide_label('learn', lang))}</em>{colon(lang)}</p><ul>")
        parts += [f"<li>{_resource_html(r, lang)}</li>" for r in area.resources] or [
            f"<li>{esc(guide_label('no-resource', lang))}</li>"]
        parts.append("</ul></div>")
    if guide.unused:
        parts.append(f"<p><em>{esc(guide_label('unused', lang))}</em>{colon(lang)}"
                     f"{esc(joined([name.get(lang) for _, name in guide.unused], lang))}</p>")
    if guide.resources:
        parts.append(f"<p><em>{esc(guide_label('all', lang))}</em>{colon(lang)}</p><ul>")
        parts += [f"<li>{_resource_html(r, lang)}</li>" for r in guide.resources]
        parts.append("</ul>")
    parts.append("</section>")
    return "\n".join(parts)


def _resource_html(resource: Resource, lang: str) -> str:
    import html

    title = html.escape(resource.title.get(lang))
    if not resource.url:
        return title
    return f'<a href="{html.escape(resource.url)}">{title}</a>'


# ------------------------------------------------------------------------ LaTeX

def latex_lines(guide: ReadingGuide, title: str, lang: str) -> list[str]:
    """The guide as a LaTeX fragment to \\input (`annotator guide -f latex`): a section
    with one subsection per area; the paper's symbols through texsafe's allow-list, every
    text escaped. The first lines name the packages it needs."""
    from .latex import formula_latex
    from .texsafe import encode_text, needs_cjk, packages_for

    def item(concept: Concept) -> str:
        name = encode_text(concept.name.get(lang))
        symbols = joined([formula_latex(s.latex) for s in concept.symbols], lang)
        places = encode_text(joined([place_text(p, lang) for p in concept.places], lang))
        return (f"\\item \\textbf{{{name}}}" + (encode_text(colon(lang)) + symbols
                                                 if symbols else "")
                + f" --- {encode_text(_uses(concept.uses, lang))}"
                + (f"; {places}" if places else ""))

    body = [f"\\section*{{{encode_text(guide_label('guide', lang))}}}",
            encode_text(guide_label("guide-intro", lang))]
    if not guide.areas:
        body.append(encode_text(guide_label("empty", lang)))
    for number, area in enumerate(guide.areas, 1):
        body += ["", f"\\subsection*{{{number}. {encode_text(area.name.get(lang))}}}",
                 f"\\textit{{{encode_text(guide_label('why', lang))}}}"
                 f"{encode_text(colon(lang))}{encode_text(area.why.get(lang))}",
                 "\\begin{itemize}", *(item(c) for c in area.concepts), "\\end{itemize}",
                 f"\\textit{{{encode_text(guide_label('learn', lang))}}}{encode_text(colon(lang))}",
                 "\\begin{itemize}",
                 *(f"\\item {encode_text(_resource_text(r, lang))}" for r in area.resources),
                 *([] if area.resources else
                   [f"\\item {encode_text(guide_label('no-resource', lang))}"]),
                 "\\end{itemize}"]
    if guide.unused:
        body += ["", f"\\textit{{{encode_text(guide_label('unused', lang))}}}"
                     f"{encode_text(colon(lang))}"
                     f"{encode_text(joined([name.get(lang) for _, name in guide.unused], lang))}"]
    if guide.resources:
        body += ["", f"\\textit{{{encode_text(guide_label('all', lang))}}}"
                     f"{encode_text(colon(lang))}", "\\begin{itemize}",
                 *(f"\\item {encode_text(_resource_text(r, lang))}" for r in guide.resources),
                 "\\end{itemize}"]
    text = "\n".join(body)
    chinese = lang == "zh" or needs_cjk(text)
    packages = [*(("ctex",) if chinese else ()), "amsmath", "amssymb",
                *sorted(packages_for(text))]
    header = [f"% \\usepackage{{{package}}}" for package in dict.fromkeys(packages)]
    header.append(f"% {LABELS['guide'].en} of "
                  f"{' '.join(clean(title).split()).replace('^^', '^ ^')}, made by annotator. "
                  "\\input it where the guide goes.")
    if chinese:
        header.append("% Chinese text: compile with xelatex (ctex sets the CJK fonts).")
    return [*header, *body]


# ------------------------------------------------------------------------ JSON

def guide_object(guide: ReadingGuide) -> dict[str, Any]:
    """The guide as the glossary JSON's `guide` field (an addition to the contract)."""
    return {
        "areas": [{
            "id": area.id, "name": _bilingual(area.name), "why": _bilingual(area.why),
            "uses": area.uses,
            "concepts": [{
                "id": concept.id, "name": _bilingual(concept.name), "source": concept.source,
                "symbols": [s.latex for s in concept.symbols], "uses": concept.uses,
                "places": [{"file": p.file, "line": p.line, "label": p.label}
                           for p in concept.places]} for concept in area.concepts],
            "resources": [_resource_object(r) for r in area.resources],
        } for area in guide.areas],
        "unused": [{"id": area_id, "name": _bilingual(name)} for area_id, name in guide.unused],
        "resources": [_resource_object(r) for r in guide.resources],
    }


def _bilingual(text: Text) -> dict[str, str]:
    return {"en": text.en, "zh": text.zh}


def _resource_object(resource: Resource) -> dict[str, Any]:
    return {"title": _bilingual(resource.title), "url": resource.url or None}


# ------------------------------------------------------------------------ alone

def render(glossary: Glossary, format: str = "text", lang: str = "en",
           width: int | None = None) -> str:
    """The guide alone (`annotator guide PAPER`): headed by the paper's title."""
    guide = glossary.guide
    if guide is None:  # a glossary built by hand, without the guide
        guide = ReadingGuide((), (), ())
    title = glossary.heading(lang)
    if format == "json":
        import json

        from ..terminal import inert_json

        body = {"schema_version": 1, "paper": {"source": glossary.source, "main": glossary.main,
                                               "title": glossary.title},
                "guide": guide_object(guide)}
        return inert_json(json.dumps(body, ensure_ascii=False, indent=2)) + "\n"
    if format == "latex":
        return "\n".join(latex_lines(guide, title, lang)) + "\n"
    if format == "markdown":
        from .markdown import text

        return "\n".join([f"# {text(title)}", *markdown_lines(guide, lang)]) + "\n"
    if format == "html":
        import html

        from .html import STYLE

        return clean("\n".join([
            "<!DOCTYPE html>", f'<html lang="{"zh-CN" if lang == "zh" else "en"}">', "<head>",
            '<meta charset="utf-8">',
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'\">",
            f"<title>{html.escape(guide_label('guide', lang))}: {html.escape(title)}</title>",
            f"<style>{STYLE}</style>", "</head>", "<body>", f"<h1>{html.escape(title)}</h1>",
            html_section(guide, lang), "</body>", "</html>"])) + "\n"
    from ..terminal import DEFAULT_WIDTH

    return "\n".join([*wrap(clean(title), width or DEFAULT_WIDTH),
                      *text_lines(guide, lang, width or DEFAULT_WIDTH)]) + "\n"
