"""The public Python API: read a paper, get its analysis, glossary and findings, render
them; the command line gives the same output; short reprs for notebooks; typed."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import annotator
from conftest import ROOT, run_cli

SAMPLE = ROOT / "samples" / "attention-note"
SRC = ROOT / "src" / "annotator"


def test_read_render_and_lint() -> None:
    paper = annotator.read(SAMPLE)
    assert paper.glossary.entries and paper.analysis.symbols
    assert paper.glossary.title == "A Short Note on Scaled Dot-Product Attention"
    for format in annotator.api.FORMATS:
        assert paper.render(format)
    assert paper.render("markdown", lang="zh").startswith("# 符号表：")
    assert paper.lint() == []  # the sample is clean
    draft = annotator.read(ROOT / "samples" / "lint-planted" / "contrastive-draft")
    codes = {finding.code for finding in draft.lint()}
    assert {"N003", "M002"} <= codes
    assert "N003" not in {finding.code for finding in draft.lint(ignore=["N"])}


def test_the_command_line_gives_what_the_api_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("COLUMNS", raising=False)
    paper = annotator.read("samples/attention-note")
    for format in ("text", "markdown", "latex", "json"):
        cli = run_cli(["glossary", "samples/attention-note", "-f", format, "-q"]).out
        assert cli == paper.render(format), format


def test_analyze_glossary_render_step_by_step() -> None:
    kb = annotator.load_knowledge()
    analysis = annotator.analyze(SAMPLE, knowledge=kb)
    glossary = annotator.build_glossary(analysis, kb)
    text = annotator.render_glossary(analysis, glossary, "text", width=60)
    assert max(len(line) for line in text.splitlines() if len(line.split()) > 2) <= 60
    data = (SAMPLE / "sections" / "setup.tex").read_bytes()
    alone = annotator.analyze("setup.tex", data=data)
    assert alone.paper.source == "setup.tex" and alone.symbols


def test_errors_are_the_cli_errors() -> None:
    with pytest.raises(annotator.InputError, match="no such file"):
        annotator.read("/no/such/paper")
    paper = annotator.read(SAMPLE)
    with pytest.raises(annotator.UsageError, match="format must be one of"):
        paper.render("docx")
    with pytest.raises(annotator.UsageError, match="lang"):
        paper.render("text", lang="fr")
    with pytest.raises(annotator.UsageError, match="no rule"):
        paper.lint(select=["nonsense"])


def test_short_reprs_and_html_for_notebooks() -> None:
    paper = annotator.read(SAMPLE)
    shown = repr(paper)
    assert shown.startswith("<Notation 'A Short Note") and len(shown) < 200
    for value in (paper.glossary, paper.analysis, paper.glossary.entries[0],
                  paper.analysis.symbols[0]):
        assert len(repr(value)) < 200, type(value)
    page = paper._repr_html_()
    assert page.startswith('<div class="annotator-glossary">')
    assert "<script" not in page and "<html" not in page and "<math" in page
    assert ".annotator-glossary td" in page  # styles scoped to the fragment


def test_import_annotator_is_light() -> None:
    code = ("import sys, annotator; print(sorted(m for m in sys.modules "
            "if m.startswith(('annotator.', 'pymupdf', 'pylatexenc', 'latex2mathml'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_typed_and_exported() -> None:
    assert (SRC / "py.typed").is_file()
    for name in annotator.__all__:
        assert getattr(annotator, name) is not None
    assert "read" in dir(annotator)
    annotator.analyze(SAMPLE)  # importing the stages (annotator.glossary, ...) hides nothing
    assert callable(annotator.build_glossary) and callable(annotator.render_glossary)


def _imports(path: Path) -> set[str]:
    """Modules a source file imports, resolved relative to the annotator package."""
    package = path.relative_to(SRC.parent).with_suffix("").parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[:len(package) - node.level + 1]
            found.add(".".join((*base, node.module)) if node.module else ".".join(base))
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_no_import_circle_between_the_command_modules() -> None:
    lint_command = _imports(SRC / "lint" / "command.py")
    assert "annotator.cli" not in lint_command
    assert "annotator.reading" in lint_command and "annotator.output" in lint_command
    assert "annotator.cli" not in _imports(SRC / "reading.py")
    assert "annotator.lint.command" not in _imports(SRC / "reading.py")
    assert "annotator.reading" in _imports(SRC / "cli.py")
