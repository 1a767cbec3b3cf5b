"""A hostile user's inputs to every command: each is one clear line naming the file (and
the place, where there is one), exit 2, no traceback, and no output file left behind."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest
from hostile_support import paper, run_limited, some_math

from conftest import SAMPLES

OK_PAPER = paper(some_math())


def _inputs(folder: Path) -> dict[str, tuple[Path, str]]:
    """name -> (the input, a word its message must hold)."""
    empty = folder / "empty.tex"
    empty.write_bytes(b"")
    binary = folder / "data.bin"
    binary.write_bytes(bytes(range(256)) * 8)
    no_tex = folder / "no-tex"
    no_tex.mkdir()
    (no_tex / "README.txt").write_text("notes\n")
    corrupt = folder / "corrupt.tar.gz"
    corrupt.write_bytes(b"\x1f\x8b\x08\x00" + b"not deflate data" * 4)
    return {"empty": (empty, "empty input"), "binary": (binary, "binary data"),
            "no .tex": (no_tex, "no .tex file"), "corrupt": (corrupt, "corrupt"),
            "missing": (folder / "missing.tex", "no such file")}


@pytest.mark.parametrize("command", ["glossary", "lint", "guide"])
@pytest.mark.parametrize("case", ["empty", "binary", "no .tex", "corrupt", "missing"])
def test_an_unreadable_paper_is_a_clear_error(tmp_path: Path, command: str,
                                              case: str) -> None:
    source, words = _inputs(tmp_path)[case]
    output = tmp_path / "out.txt"
    run = run_limited([command, str(source), "-o", str(output)])
    run.assert_clean()
    assert run.code == 2, run.err
    assert str(source) in run.err and words in run.err
    assert not output.exists()


@pytest.mark.parametrize("command", ["glossary", "lint"])
def test_an_unknown_format_is_a_usage_error(tmp_path: Path, command: str) -> None:
    source = tmp_path / "ok.tex"
    source.write_text(OK_PAPER)
    run = run_limited([command, str(source), "--format", "docx", "-o",
                       str(tmp_path / "out")])
    run.assert_clean()
    assert run.code == 2 and "invalid choice: 'docx'" in run.err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", ["glossary", "lint"])
def test_an_output_in_a_missing_folder_is_an_error(tmp_path: Path, command: str) -> None:
    source = tmp_path / "ok.tex"
    source.write_text(OK_PAPER)
    target = tmp_path / "nowhere" / "out.json"
    run = run_limited([command, str(source), "-f", "json", "-o", str(target)])
    run.assert_clean()
    assert run.code == 2 and str(target) in run.err and "does not exist" in run.err
    assert not target.parent.exists()


@pytest.mark.parametrize(("formula", "column", "words"), [
    ("\\frac{", 6, "this '{' is never closed"),
    ("a}{b", 2, "this '}' closes no '{'"),
    ("\\begin{align} x = 1", 1, "\\begin{align} is never ended"),
    ("x \\end{cases}", 3, "\\end{cases} ends no \\begin{cases}"),
    ("\\left( x", 1, "this \\left has no \\right"),
    ("x \\right)", 3, "this \\right has no \\left"),
])
def test_explain_of_an_unbalanced_formula_names_the_place(formula: str, column: int,
                                                          words: str) -> None:
    run = run_limited(["explain", formula])
    run.assert_clean()
    assert run.code == 2 and not run.out
    assert f"'{formula}'" in run.err and f"column {column}: {words}" in run.err


@pytest.mark.parametrize("formula", ["\\frac{a}{b}", "\\left\\{ x \\right.",
                                     "\\begin{pmatrix} a & b \\end{pmatrix}", "\\{x\\}",
                                     "\\mathbb{E}_{x \\sim p}[f(x)]"])
def test_explain_of_a_balanced_formula_is_read(formula: str) -> None:
    run = run_limited(["explain", formula])
    run.assert_clean()
    assert run.code == 0 and run.out


def test_annotate_of_a_non_pdf_writes_nothing(tmp_path: Path) -> None:
    for name, data in (("paper.tex", OK_PAPER.encode()), ("fake.pdf", b"not a pdf\n"),
                       ("archive.tar.gz", _archive())):
        source = tmp_path / name
        source.write_bytes(data)
        output = tmp_path / "annotated.pdf"
        run = run_limited(["annotate", str(source), "-o", str(output)])
        run.assert_clean()
        assert run.code == 2 and str(source) in run.err, run.err
        assert not output.exists()


def _archive() -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        tar.add(SAMPLES / "attention-note", arcname="attention-note")
    return buffer.getvalue()


@pytest.mark.parametrize(("body", "place", "words"), [
    ("Let $x$ be {the input.\n", "main.tex:2:12:", "this '{' is never closed in this file"),
    ("Let $x$ be the input.}\n", "main.tex:2:22:", "this '}' closes no '{' of this file"),
    ("\\begin{theorem} Let $x$ be the input.\n", "main.tex:2:1:",
     "\\begin{theorem} is never ended (no \\end{theorem}"),
    ("\\begin{theorem}\\begin{proof} $x$ \\end{theorem}\n", "main.tex:2:16:",
     "\\begin{proof} is never ended (\\end{theorem} at main.tex:2:34 comes first)"),
])
def test_unbalanced_latex_is_a_warning_with_its_place(tmp_path: Path, body: str, place: str,
                                                      words: str) -> None:
    """What can still be read is (README: exit 2 only when nothing usable is left), and
    the warning says where TeX would have stopped."""
    source = tmp_path / "main.tex"
    source.write_text("\\documentclass{article}\\begin{document}\n" + body +
                      "\\end{document}\n", encoding="utf-8")
    run = run_limited(["glossary", str(source), "-f", "json"])
    run.assert_clean()
    assert run.code == 0 and run.out
    assert f"{place} warning: unbalanced braces: {words}" in run.err or \
        f"{place} warning: {words}" in run.err, run.err


def test_balanced_latex_has_no_such_warning(tmp_path: Path) -> None:
    source = tmp_path / "main.tex"
    source.write_text("\\documentclass{article}\\newcommand{\\bt}{\\begin{theorem}}"
                      "\\newcommand{\\et}{\\end{theorem}}\\begin{document}\n"
                      "{\\bf Let} $\\{x\\}$ be \\bt the input\\et.\n"
                      "\\begin{itemize}\\item $y$\\end{itemize}\n\\end{document}\n")
    run = run_limited(["glossary", str(source), "-f", "json"])
    run.assert_clean()
    assert run.code == 0 and "unbalanced" not in run.err and "never ended" not in run.err
