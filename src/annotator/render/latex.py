"""A notation table an author can \\input into a paper: a plain tabular, and the same
entries for the nomencl and glossaries packages (each used only when its package is loaded,
so the file compiles in any document)."""

from __future__ import annotations

import re

from ..glossary import Glossary, GlossaryEntry
from .common import definition_shown, label, segments

_SPECIALS = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
             "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
             "^": r"\textasciicircum{}"}


def escape(text: str) -> str:
    """Prose for LaTeX: its special characters escaped, its $...$ math kept."""
    out = []
    for kind, piece in segments(text):
        if kind == "math":
            out.append(f"${piece.strip()}$")
        else:
            out.append("".join(_SPECIALS.get(char, char) for char in piece))
    return " ".join("".join(out).split())


def meaning(entry: GlossaryEntry, lang: str) -> str:
    """The paper's own words, else the knowledge base's chosen meaning."""
    if entry.definitions:
        return escape(definition_shown(entry.definitions[0]))
    match = entry.symbol.knowledge
    if match is not None and match.entry is not None and match.match != "convention":
        return escape(match.entry.meanings[match.meaning].text.get(lang))
    return ""


def render(glossary: Glossary, lang: str = "en", group_by: str | None = None) -> str:
    entries = [e for e in glossary.entries if e.group == "symbols"]
    rows = [(e, meaning(e, lang)) for e in entries]
    lines = [
        f"% {label('glossary', lang)}: {glossary.title or glossary.main}",
        f"% {label('made', lang)} {glossary.main}. Use with \\input{{...}}.",
        "% 1. A plain table (no package needed).",
        "\\begin{tabular}{ll}",
        f"{label('symbol', lang)} & {label('meaning', lang)} \\\\",
        "\\hline",
    ]
    lines += [f"${e.symbol.latex}$ & {text} \\\\" for e, text in rows]
    lines += ["\\end{tabular}", "",
              "% 2. nomencl entries (used when \\usepackage{nomencl} is loaded).",
              "\\ifdefined\\nomenclature"]
    lines += [f"  \\nomenclature{{${e.symbol.latex}$}}{{{text}}}" for e, text in rows if text]
    lines += ["\\fi", "",
              "% 3. glossaries entries (used when \\usepackage{glossaries} is loaded;",
              "%    refer to them with \\gls{id}).",
              "\\ifdefined\\newglossaryentry"]
    for e, text in rows:
        if text:
            lines.append(f"  \\newglossaryentry{{{_identifier(e)}}}{{name={{${e.symbol.latex}$}},"
                         f" description={{{text}}}, sort={{{_identifier(e)}}}}}")
    lines.append("\\fi")
    return "\n".join(lines) + "\n"


def _identifier(entry: GlossaryEntry) -> str:
    """A glossaries label from the key: bold:W^Q -> sym-bold-W-Q."""
    return "sym-" + re.sub(r"[^A-Za-z0-9]+", "-", entry.symbol.key).strip("-")
