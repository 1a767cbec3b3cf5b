"""A notation table an author can \\input into a paper: a plain tabular, and the same
entries for the nomencl and glossaries packages (each used only when its package is loaded,
so the file compiles in any document)."""

from __future__ import annotations

import re

from ..glossary import Glossary, GlossaryEntry
from ..model import Definition
from .common import label, segments

_SPECIALS = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
             "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
             "^": r"\textasciicircum{}"}


# Unicode math in the knowledge base's texts, written so that pdflatex accepts it.
_UNICODE = {"…": r"\ldots{}", "×": r"$\times$", "≔": r"$:=$", "∑": r"$\sum$",
            "∈": r"$\in$", "≈": r"$\approx$", "≤": r"$\le$", "≥": r"$\ge$",
            "→": r"$\to$", "←": r"$\leftarrow$", "−": "-", "–": "--", "—": "---",
            "·": r"$\cdot$", "∇": r"$\nabla$", "∂": r"$\partial$", "√": r"$\surd$",
            "‖": r"$\|$", "⟨": r"$\langle$", "⟩": r"$\rangle$", "∼": r"$\sim$",
            "∝": r"$\propto$", "≠": r"$\neq$", "±": r"$\pm$", "∞": r"$\infty$",
            "θ": r"$\theta$", "σ": r"$\sigma$", "μ": r"$\mu$", "λ": r"$\lambda$",
            "η": r"$\eta$", "π": r"$\pi$", "γ": r"$\gamma$", "ε": r"$\varepsilon$",
            "α": r"$\alpha$", "β": r"$\beta$", "ϕ": r"$\phi$", "φ": r"$\varphi$",
            "ᵀ": r"$^\top$", "²": r"$^2$", "⊙": r"$\odot$", "⊗": r"$\otimes$",
            "𝒟": r"$\mathcal{D}$", "𝓛": r"$\mathcal{L}$", "ℝ": r"$\mathbb{R}$",
            "𝔼": r"$\mathbb{E}$", "“": "``", "”": "''", "’": "'", "‘": "`"}


def escape(text: str) -> str:
    """Prose for LaTeX: its special characters escaped, Unicode math spelled in LaTeX,
    its $...$ math kept."""
    out = []
    for kind, piece in segments(text):
        if kind == "math":
            out.append(f"${piece.strip()}$")
        else:
            out.append("".join(_UNICODE.get(char, _SPECIALS.get(char, char))
                               for char in piece))
    return " ".join("".join(out).split())


def shown(definition: Definition) -> str:
    """A definition as LaTeX: prose escaped, an equation as `$:= ...$` or `$= ...$`."""
    if definition.source == "equation":
        relation = ":=" if definition.cue == "defining-equation" else "="
        return f"${relation} {definition.text}$"
    return escape(definition.text)


def meaning(entry: GlossaryEntry, lang: str) -> str:
    """The paper's own words, else the knowledge base's chosen meaning."""
    if entry.definitions:
        return shown(entry.definitions[0])
    match = entry.symbol.knowledge
    if match is not None and match.entry is not None and match.match != "convention":
        return escape(match.entry.meanings[match.meaning].text.get(lang))
    return ""


def render(glossary: Glossary, lang: str = "en", group_by: str | None = None) -> str:
    entries = [e for e in glossary.entries if e.group == "symbols"]
    rows = [(e, meaning(e, lang)) for e in entries]
    lines = [
        f"% {label('glossary', lang)}: {glossary.heading(lang)}",
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
