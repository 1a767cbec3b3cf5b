"""The glossary as one self-contained HTML page: math as MathML, a search box, print styles.

Nothing is fetched at view time: styles and script are inline, math is MathML (rendered
natively by current browsers; a page that finds MathML unsupported shows the Unicode
text instead). Everything from the paper is escaped: its prose with html.escape, its math
through latex2mathml and then an allow-list of MathML elements and attributes, because
latex2mathml copies `\\text{<script>}` through verbatim.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ElementTree
from functools import lru_cache

from ..glossary import Glossary, GlossaryEntry, ordered
from ..model import Definition
from ..terminal import clean
from .common import (
    MATCH_NAMES,
    areas_line,
    aside,
    colon,
    confidence_text,
    definition_shown,
    knowledge_line,
    label,
    scoped,
    segments,
    shape_or_role,
)
from .guide import html_section
from .key_formulas import html_section as key_formulas_section
from .text import plain
from .unicode import latex_to_unicode, styled

MATHML_NAMESPACE = "http://www.w3.org/1998/Math/MathML"
_ELEMENTS = frozenset({
    "math", "mrow", "mi", "mn", "mo", "mtext", "ms", "mspace", "msub", "msup", "msubsup",
    "mfrac", "msqrt", "mroot", "mover", "munder", "munderover", "mtable", "mtr", "mtd",
    "mstyle", "mpadded", "mphantom", "menclose", "merror", "semantics", "mfenced"})
_ATTRIBUTES = frozenset({
    "display", "mathvariant", "stretchy", "fence", "accent", "accentunder", "separator",
    "lspace", "rspace", "columnalign", "rowspacing", "columnspacing", "width", "height",
    "depth", "linethickness", "displaystyle", "scriptlevel", "notation", "movablelimits",
    "symmetric", "minsize", "maxsize", "largeop", "form", "open", "close", "separators"})
# Bidirectional overrides in a paper's text could make a page lie about what it says.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f]")

STYLE = """
:root { color-scheme: light dark; --muted: #666; --line: #ddd; --accent: #2451a6; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans", "PingFang SC",
       "Microsoft YaHei", sans-serif; max-width: 72rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
.meta, .where, .how, .code { color: var(--muted); font-size: .85rem; }
input[type=search] { width: 100%; font-size: 1rem; padding: .5rem; margin: 1rem 0;
       box-sizing: border-box; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .5rem;
         border-bottom: 1px solid var(--line); }
td.symbol { white-space: nowrap; font-size: 1.25rem; width: 8rem; }
td.symbol code { display: block; font-size: .75rem; color: var(--muted); }
figure.formula { margin: 1rem 0; padding: .25rem 1rem; border-left: 3px solid var(--accent); }
figure.formula .equation { font-size: 1.2rem; margin: .5rem 0; overflow-x: auto; }
table.parts { width: auto; } table.parts td.symbol { width: auto; }
#guide .area { margin-top: 1rem; } #guide .why { margin: .2rem 0 .5rem; }
.fallback { display: none; } html[data-mathml="no"] math { display: none; }
html[data-mathml="no"] .fallback { display: inline; }
.note { border-left: 3px solid var(--accent); padding-left: .6rem; }
.conf { display: inline-block; width: 2.4rem; height: .45rem; margin-left: .3rem;
        border: 1px solid var(--muted); border-radius: 2px; vertical-align: middle;
        background: linear-gradient(to right, var(--accent) var(--c), transparent var(--c)); }
.candidate { color: var(--muted); font-size: .85rem; }
@media print { input[type=search], .noprint { display: none; }
  body { max-width: none; margin: 0; font-size: 11px; } tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; } }
"""

SCRIPT = """
(function () {
  var box = document.getElementById('search');
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr[data-search]'));
  function apply() {
    var words = box.value.toLowerCase().split(/\\s+/).filter(Boolean);
    rows.forEach(function (row) {
      var text = row.getAttribute('data-search');
      row.hidden = !words.every(function (w) { return text.indexOf(w) >= 0; });
    });
    document.querySelectorAll('section').forEach(function (section) {
      if (!section.querySelector('tr[data-search]')) return;  // key formulas, the guide
      section.hidden = !section.querySelector('tr[data-search]:not([hidden])');
    });
  }
  box.addEventListener('input', apply);
  var probe = document.querySelector('math');
  document.documentElement.setAttribute('data-mathml',
      !probe || probe.getBoundingClientRect().width > 0 ? 'yes' : 'no');
  var query = /[#&]q=([^&]*)/.exec(location.hash);
  if (query) { box.value = decodeURIComponent(query[1]); apply(); }
})();
"""


@lru_cache(maxsize=4096)
def mathml(latex: str) -> str:
    """Safe MathML for a LaTeX formula, or the LaTeX itself, escaped, when it cannot be."""
    from latex2mathml.converter import convert

    text = _BIDI.sub("", latex)
    try:
        converted = convert(text)
        root = ElementTree.fromstring(converted)
    except Exception:  # latex2mathml's parser on odd input, or output that is not XML
        return f"<code>{html.escape(text)}</code>"
    _sanitize(root)
    ElementTree.register_namespace("", MATHML_NAMESPACE)
    serialized = ElementTree.tostring(root, encoding="unicode", short_empty_elements=False)
    shown = html.escape(latex_to_unicode(text))
    return f'{serialized}<span class="fallback">{shown}</span>'


# MathML Core (what Chromium renders) ignores mathvariant other than "normal": styled
# letters are written as Unicode mathematical alphanumerics instead (𝒙 for bold-italic x).
_VARIANT_FONTS = {"bold": "bold", "bold-italic": "bold-it", "double-struck": "bb",
                  "script": "scr", "bold-script": "cal", "fraktur": "frak",
                  "sans-serif": "sf", "bold-sans-serif": "bold-sf", "monospace": "tt"}


def _sanitize(element: ElementTree.Element) -> None:
    """Only MathML elements and presentation attributes survive; anything else (a
    `<script>` from `\\text{}`) is dropped, its text kept as text."""
    variant = element.attrib.get("mathvariant")
    if variant in _VARIANT_FONTS and element.text and element.tag.endswith(("mi", "mn")):
        element.text = "".join(styled(char, _VARIANT_FONTS[variant]) for char in element.text)
        element.attrib.pop("mathvariant")
    for child in list(element):
        name = child.tag.split("}")[-1]
        if name not in _ELEMENTS:
            text = "".join(child.itertext())
            index = list(element).index(child)
            element.remove(child)
            if index == 0:
                element.text = (element.text or "") + text + (child.tail or "")
            else:
                previous = element[index - 1]
                previous.tail = (previous.tail or "") + text + (child.tail or "")
            continue
        _sanitize(child)
    for attribute in list(element.attrib):
        if attribute.split("}")[-1] not in _ATTRIBUTES:
            del element.attrib[attribute]


def rich(text: str) -> str:
    """Prose with $...$ formulas: escaped text and MathML."""
    out = []
    for kind, piece in segments(text):
        out.append(html.escape(_BIDI.sub("", piece)) if kind == "text" else mathml(piece))
    return "".join(out)


def render(glossary: Glossary, lang: str = "en", group_by: str | None = None) -> str:
    title = glossary.heading(lang)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}" data-mathml="yes">',
        "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">",
        f"<title>{html.escape(label('glossary', lang))}: {html.escape(title)}</title>",
        f"<style>{STYLE}</style>", "</head>", "<body>",
        f"<h1>{rich(title)}</h1>",
        f'<p class="meta">{html.escape(label("glossary", lang))} · '
        f"{len(glossary.entries)} {html.escape(label('symbols', lang))} · "
        f"{glossary.math_count} {html.escape(label('formulas', lang))} · "
        f"{html.escape(label('made', lang))} <code>{html.escape(glossary.main)}</code></p>",
    ]
    if glossary.areas:
        areas = html.escape(areas_line(glossary.areas, lang))
        parts.append(f"<p><strong>{html.escape(label('areas', lang))}</strong>"
                     f"{colon(lang)}{areas}</p>")
    if glossary.kind == "pdf":
        parts.append(f'<p class="note">{html.escape(label("pdf-note", lang))}</p>')
    parts += [f'<p class="note"><strong>{html.escape(glossary.not_read_label(lang))}:</strong> '
              f"{html.escape(line)}</p>" for line in glossary.skipped]
    parts.append(f'<input type="search" id="search" class="noprint" '
                 f'placeholder="{html.escape(label("search", lang))}" autocomplete="off">')
    parts += _sections(glossary, lang, group_by)
    if glossary.key_formulas:
        parts.append(key_formulas_section(glossary.key_formulas, lang))
    if glossary.guide is not None:
        parts.append(html_section(glossary.guide, lang))
    parts += [f"<script>{SCRIPT}</script>", "</body>", "</html>"]
    return clean("\n".join(parts)) + "\n"  # no control character from the paper


def _sections(glossary: Glossary, lang: str, group_by: str | None) -> list[str]:
    """One <section> with a table per group of entries."""
    parts = []
    for heading, entries in ordered(glossary, group_by, lang):
        parts.append(f"<section><h2>{html.escape(heading)}</h2><table>")
        parts.append(f"<tr><th>{html.escape(label('symbol', lang))}</th>"
                     f"<th>{html.escape(label('paper', lang))}</th>"
                     f"<th>{html.escape(label('knowledge', lang))}</th>"
                     f"<th>{html.escape(label('first-use', lang))}</th></tr>")
        parts.extend(_row(entry, lang, glossary.all_definitions) for entry in entries)
        parts.append("</table></section>")
    return parts


FRAGMENT_STYLE = """
.annotator-glossary table { border-collapse: collapse; }
.annotator-glossary th, .annotator-glossary td { text-align: left; vertical-align: top;
  padding: .3rem .5rem; border-bottom: 1px solid #ddd; }
.annotator-glossary .where, .annotator-glossary .how, .annotator-glossary .code {
  color: #666; font-size: .85em; }
.annotator-glossary td.symbol code { display: block; font-size: .75em; color: #666; }
.annotator-glossary .fallback { display: none; }
"""


def render_fragment(glossary: Glossary, lang: str = "en", group_by: str | None = None) -> str:
    """The glossary's tables as one <div> for a notebook (Jupyter's _repr_html_): no
    page, no script, styles scoped to the div so the notebook's own stay as they are."""
    title = glossary.heading(lang)
    parts = ['<div class="annotator-glossary">', f"<style>{FRAGMENT_STYLE}</style>",
             f"<p><strong>{rich(title)}</strong> · {len(glossary.entries)} "
             f"{html.escape(label('symbols', lang))} · {glossary.math_count} "
             f"{html.escape(label('formulas', lang))} · <code>{html.escape(glossary.main)}"
             "</code></p>"]
    if glossary.kind == "pdf":
        parts.append(f"<p>{html.escape(label('pdf-note', lang))}</p>")
    parts += _sections(glossary, lang, group_by)
    parts.append("</div>")
    return clean("\n".join(parts)) + "\n"


def _row(entry: GlossaryEntry, lang: str, all_definitions: bool = False) -> str:
    symbol = entry.symbol
    written = ", ".join(entry.macros)
    paper = _paper_cell(entry, lang, all_definitions)
    knowledge = _knowledge_cell(entry, lang)
    first = symbol.first.location
    where = html.escape(f"{first.file}:{first.line}")
    if entry.first_section:  # a section title may hold math: "Balancing $G$ and $D$"
        where += rich(aside(entry.first_section, lang))
    facts = [shape_or_role(entry, lang), f"{len(symbol.occurrences)} {label('uses', lang)}"]
    return (f'<tr data-search="{html.escape(_search_text(entry, written, facts))}">'
            f'<td class="symbol">{mathml(symbol.latex)}'
            f"<code>{html.escape(written or symbol.latex)}</code></td>"
            f"<td>{paper}</td><td>{knowledge}</td>"
            f'<td class="where">{html.escape(" · ".join(f for f in facts if f))}<br>'
            f"{where}</td></tr>")


def _paper_cell(entry: GlossaryEntry, lang: str, all_definitions: bool = False) -> str:
    lines = []
    for number, definition in enumerate(entry.definitions):
        lines.append(f"{rich(definition_shown(definition))}"
                     f"{rich(scoped(entry, number, lang))} {_meter(definition, lang)}"
                     f'<span class="where">({html.escape(definition.file)}:'
                     f"{definition.line})</span>")
    if not lines:
        lines.append(f'<span class="how">{html.escape(label("no-definition", lang))}</span>')
    if all_definitions:
        lines += [f'<span class="candidate">{html.escape(label("candidate", lang))} '
                  f"{_meter(candidate, lang)} {rich(definition_shown(candidate))} "
                  f"({html.escape(candidate.file)}:{candidate.line})</span>"
                  for candidate in entry.candidates]
    return "<br>".join(lines)


def _meter(definition: Definition, lang: str) -> str:
    """The confidence as a small bar (and its number for screen readers and printing)."""
    percent = round(100 * definition.confidence)
    title = f"{label('confidence', lang)} {confidence_text(definition)}"
    return (f'<span class="conf" style="--c:{percent}%" title="{html.escape(title)}" '
            f'role="img" aria-label="{html.escape(title)}"></span> ')


def _knowledge_cell(entry: GlossaryEntry, lang: str) -> str:
    match = entry.symbol.knowledge
    line = knowledge_line(match, lang)
    if line is None or match is None or match.entry is None:
        return f'<span class="how">{html.escape(label("unknown", lang))}</span>'
    reading = match.reading(lang)
    how = MATCH_NAMES[match.match].get(lang)
    prefix = (html.escape(label("typography", lang)) + ": ") if match.match == "convention" \
        else ""
    code = match.entry.meanings[match.meaning].code or match.entry.code
    code_html = f'<br><span class="code"><code>{html.escape(code)}</code></span>' \
        if code else ""
    return (f"{prefix}{html.escape(_BIDI.sub('', line))}<br>"
            f'<span class="how">{html.escape(label("read", lang))} {html.escape(reading)}'
            f" · {html.escape(how)}</span>{code_html}")


def _search_text(entry: GlossaryEntry, written: str, facts: list[str]) -> str:
    """What the search box matches: the symbol's spellings, the paper's words, and the
    knowledge base's names and meaning in both languages (search 梯度 or gradient)."""
    symbol = entry.symbol
    words = [symbol.key, symbol.latex, entry.shown, written, *entry.spellings, *facts]
    words += [plain(definition_shown(d)) for d in entry.definitions]
    match = symbol.knowledge
    if match is not None and match.entry is not None:
        words += [knowledge_line(match, "en") or "", knowledge_line(match, "zh") or ""]
    return _BIDI.sub("", " ".join(words)).lower()
