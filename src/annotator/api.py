"""The public Python API: read a paper, get its analysis, glossary or lint findings, render.

    import annotator

    paper = annotator.read("2401.01234.tar.gz")   # a folder, a .tex, an archive, a PDF*
    paper                                          # a notebook shows the glossary table
    paper.glossary.entries[0].shown                # '𝐱'
    text = paper.render("markdown", lang="zh")     # text, markdown, html, json, latex
    findings = paper.lint(ignore=["unused-macro"])

Step by step: `analyze` (-> Analysis), `build_glossary` (-> Glossary), `render_glossary`
(-> str), `lint_analysis` (-> findings). (`annotator.glossary`, `annotator.render` and
`annotator.lint` are the modules that do the work, hence the longer names.)

(*) PDF input needs the `pdf` extra. Everything here is what the command line uses
(`cli.py` and `reading.py` call these functions), so the two never disagree.
Errors: `InputError` for a paper that cannot be read (the CLI's exit 2), `UsageError`
for impossible arguments (an unknown rule, format or language).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from importlib import import_module
from typing import TYPE_CHECKING

from .errors import InputError, UsageError

if TYPE_CHECKING:
    from .glossary import Glossary
    from .knowledge import KnowledgeBase
    from .lint.finding import Finding
    from .model import Analysis

FORMATS = ("text", "markdown", "html", "json", "latex")
LANGUAGES = ("en", "zh")
GROUPINGS = (None, "role", "area")
LATEX_STYLES = ("table", "nomencl", "glossaries")

Source = str | os.PathLike[str]


def load_knowledge(files: Iterable[Source] = ()) -> KnowledgeBase:
    """The shipped knowledge base plus `files` (TOML in the format of knowledge/*.toml;
    an entry with an existing id replaces it). Raises UsageError naming a bad file."""
    from .knowledge import load

    return load(tuple(os.fspath(path) for path in files))


def is_pdf_source(source: Source, data: bytes | None = None) -> bool:
    """Whether `source` (or `data`, when given) is a PDF, by its `%PDF-` header."""
    from .sources import is_pdf

    if data is not None:
        return is_pdf(data)
    path = os.fspath(source)
    if path == "-" or not os.path.isfile(path):
        return False
    try:
        with open(path, "rb") as stream:
            return is_pdf(stream.read(1024))
    except OSError:
        return False


def analyze(source: Source, *, main: str | None = None, data: bytes | None = None,
            knowledge: KnowledgeBase | None = None, quiet: bool = True) -> Analysis:
    """Everything the pipeline learns about a paper: math spans, symbols, the paper's
    own definitions and, with `knowledge`, each symbol's usual meaning.

    `source` is a folder, a `.tex` file, an arXiv archive or a PDF; with `data`, the
    paper is those bytes (any of those kinds) and `source` only names it ('-' for
    standard input). `main` chooses the main file of a folder or archive. Problems with
    the input are in `Analysis.diagnostics`."""
    from .analysis import analyze as analyze_paper
    from .sources import load_paper

    name = os.fspath(source)
    if is_pdf_source(name, data):
        from .extras import require_pdf

        require_pdf(name)
        from .pdf import analyze_pdf

        return analyze_pdf(name, data, knowledge, quiet=quiet)
    paper = load_paper("-" if data is not None else name, main=main, stdin=data)
    if data is not None and name != "-":
        paper = replace(paper, source=name)
    return analyze_paper(paper, knowledge)


def build_glossary(analysis: Analysis, knowledge: KnowledgeBase | None = None, *,
                   min_confidence: float | None = None, all_definitions: bool = False
                   ) -> Glossary:
    """The format-independent glossary of an analysed paper. A paper's definition is
    shown when its confidence reaches `min_confidence` (default: the threshold chosen on
    cross-validation); `all_definitions` also lists every candidate."""
    from .glossary import build_glossary as build

    return build(analysis, knowledge, min_confidence, all_definitions)


def render_glossary(analysis: Analysis, glossary: Glossary, format: str = "text", *,
           lang: str = "en", group_by: str | None = None, width: int | None = None,
           colour: bool = False, latex_style: str = "table") -> str:
    """The glossary as `format` (text, markdown, html, json, latex) in `lang` (en, zh).
    `group_by` is None (order of first use), 'role' or 'area'; `width` and `colour` are
    for text (default width: terminal.DEFAULT_WIDTH); `latex_style` is table, nomencl or
    glossaries."""
    _check_choice("format", format, FORMATS)
    _check_choice("lang", lang, LANGUAGES)
    _check_choice("group_by", group_by, GROUPINGS)
    _check_choice("latex_style", latex_style, LATEX_STYLES)
    if format == "json":
        from .render.json import render as render_json

        return render_json(analysis, glossary)
    if format == "text":
        from .render.text import render as render_text
        from .terminal import DEFAULT_WIDTH

        return render_text(glossary, lang, group_by, width=width or DEFAULT_WIDTH,
                           colour=colour)
    if format == "latex":
        from .render.latex import render as render_latex

        return render_latex(glossary, lang, group_by, style=latex_style)
    renderer = import_module(f".render.{format}", __package__)
    return str(renderer.render(glossary, lang, group_by))


def lint_analysis(analysis: Analysis, select: Iterable[str] = ("ALL",),
                  ignore: Iterable[str] = ()) -> list[Finding]:
    """The lint findings for an analysed LaTeX paper: rules chosen by codes (`N002`),
    names (`mixed-variant`), families (`N`) or `ALL`."""
    from .lint.registry import resolve
    from .lint.runner import lint as run_lint

    if analysis.paper.kind == "pdf":
        raise UsageError(f"{analysis.paper.source}: error: lint reads LaTeX sources, not a PDF")
    selected = resolve(list(select), "select") - resolve(list(ignore), "ignore")
    return run_lint(analysis, selected)


def _check_choice(name: str, value: str | None, choices: tuple[str | None, ...]) -> None:
    if value not in choices:
        shown = ", ".join(repr(c) for c in choices)
        raise UsageError(f"{name} must be one of {shown}, not {value!r}")


@dataclass(frozen=True, repr=False)
class Notation:
    """A paper read and explained: its analysis, its glossary and the knowledge base
    used. `render()` gives any output format; in a notebook it shows as a table."""

    analysis: Analysis
    glossary: Glossary
    knowledge: KnowledgeBase | None = field(default=None, compare=False)

    def render(self, format: str = "text", *, lang: str = "en", group_by: str | None = None,
               width: int | None = None, latex_style: str = "table") -> str:
        """The glossary as text, markdown, html, json or latex (see `render_glossary`)."""
        return render_glossary(self.analysis, self.glossary, format, lang=lang, group_by=group_by,
                      width=width, latex_style=latex_style)

    def lint(self, select: Iterable[str] = ("ALL",), ignore: Iterable[str] = ()
             ) -> list[Finding]:
        """The notation lint findings (see `lint_analysis`)."""
        return lint_analysis(self.analysis, select, ignore)

    @property
    def diagnostics(self) -> tuple[str, ...]:
        """The problems met in the input, as the CLI prints them."""
        return tuple(str(d) for d in self.analysis.diagnostics)

    def __repr__(self) -> str:
        glossary = self.glossary
        title = glossary.title or glossary.main
        files = len(glossary.files)
        more = f" (+{files - 1} files)" if files > 1 else ""
        return (f"<Notation {title!r}: {len(glossary.entries)} symbols, "
                f"{glossary.math_count} formulas, {glossary.main}{more}>")

    def _repr_html_(self) -> str:
        """The glossary as an HTML table for Jupyter (styles scoped to the table)."""
        from .render.html import render_fragment

        return render_fragment(self.glossary, "en")


def read(source: Source, *, main: str | None = None, data: bytes | None = None,
         knowledge_files: Iterable[Source] = (), min_confidence: float | None = None
         ) -> Notation:
    """Read a paper and explain its notation: `analyze` with the knowledge base (plus
    `knowledge_files`), then `build_glossary`. Raises InputError when nothing usable is
    in it."""
    knowledge = load_knowledge(knowledge_files)
    analysis = analyze(source, main=main, data=data, knowledge=knowledge)
    glossary = build_glossary(analysis, knowledge, min_confidence=min_confidence)
    return Notation(analysis, glossary, knowledge)


__all__ = ["FORMATS", "InputError", "Notation", "UsageError", "analyze", "build_glossary",
           "is_pdf_source", "lint_analysis", "load_knowledge", "read", "render_glossary"]
