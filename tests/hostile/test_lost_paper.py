"""A paper is never lost silently: a problem in one file or one definition stays there,
the rest is read, the glossary says what was not read, and a paper of which nothing
could be read is an error (exit 2) that says where reading stopped and why."""

from __future__ import annotations

import json
from pathlib import Path

from hostile_support import paper, run_limited, some_math, write


def _glossary(folder: Path, *extra: str) -> tuple[int, dict | None, str]:
    run = run_limited(["glossary", str(folder), "-f", "json", *extra])
    run.assert_clean()
    return run.code, (json.loads(run.out) if run.code == 0 else None), run.err


def test_a_verbatim_command_in_a_macro_body_does_not_swallow_the_paper(tmp_path: Path) -> None:
    """The case of the issue: an unused \\src defined as \\lstinline[...] in a macro file
    made the rest of the paper verbatim: 0 symbols, 0 formulas, exit 0."""
    write(tmp_path, {
        "macros.tex": "\\newcommand{\\src}{\\lstinline[language=Python]}\n"
                      "\\newcommand{\\vx}{\\mathbf{x}}\n",
        "main.tex": paper("\\input{macros}\nLet $\\vx$ be the input. " + some_math()),
    })
    code, result, _err = _glossary(tmp_path)
    assert code == 0
    assert result is not None
    keys = {s["key"] for s in result["symbols"]}
    assert "bold:x" in keys and "alpha" in keys
    assert len(result["math"]) == 13


def test_a_verbatim_environment_in_a_macro_body_is_not_verbatim_there(tmp_path: Path) -> None:
    write(tmp_path, {"main.tex": paper(
        "\\newcommand{\\code}{\\begin{lstlisting}}\n\\newcommand{\\stopcode}{\\end{lstlisting}}\n"
        + some_math() + "\n\n\\code\n$not math$ in code\n\\stopcode\n\nThen $y$.")})
    code, result, _err = _glossary(tmp_path)
    assert code == 0 and result is not None
    assert len(result["math"]) == 13  # the listing's `$not math$` is code, the rest is read


def test_an_unclosed_macro_body_is_cut_at_the_next_definition(tmp_path: Path) -> None:
    write(tmp_path, {
        "macros.tex": "\\newcommand{\\broken}{\\mathbf{b}\n\\newcommand{\\vy}{\\mathbf{y}}\n",
        "main.tex": paper("\\input{macros}\nThe output $\\vy$. " + some_math()),
    })
    run = run_limited(["glossary", str(tmp_path)])
    run.assert_clean()
    assert run.code == 0
    assert "macros.tex:1:" in run.err and "never closed; read up to the next definition" in run.err
    assert "𝐲" in run.out  # \vy, defined after the broken one, still expands
    assert "Not read: macros.tex:1:" in run.out  # the glossary says what was not read


def test_an_unclosed_group_stays_in_its_file(tmp_path: Path) -> None:
    """A '{' never closed in an included file ends with that file: the main file's
    math after the \\input is read."""
    write(tmp_path, {
        "sec.tex": "\\newcommand{\\eat}[1]{}\n\\eat{ everything $q$ after this\n",
        "main.tex": paper("\\input{sec}\n\n" + some_math()),
    })
    code, result, err = _glossary(tmp_path)
    assert code == 0 and result is not None
    assert "sec.tex:2:" in err
    assert len(result["math"]) >= 12


def test_an_unclosed_verbatim_stays_in_its_file(tmp_path: Path) -> None:
    write(tmp_path, {
        "code.tex": "\\begin{verbatim}\nprint($1)\n",
        "main.tex": paper("\\input{code}\n\n" + some_math()),
    })
    code, result, err = _glossary(tmp_path)
    assert code == 0 and result is not None
    assert "code.tex:1:1" in err and "never ended" in err
    assert len(result["math"]) == 12


def test_nothing_read_from_a_paper_with_math_is_an_error_saying_where_and_why(
        tmp_path: Path) -> None:
    write(tmp_path, {"main.tex": paper("\\begin{comment}\nold text\n\n" + some_math())})
    run = run_limited(["glossary", str(tmp_path)])
    run.assert_clean()
    assert run.code == 2
    assert "no formula was read, but a plain scan of the files finds 12" in run.err
    assert "main.tex:3:1" in run.err and "\\begin{comment} is never ended" in run.err
    assert run.out == ""


def test_lint_of_a_lost_paper_is_an_error_too(tmp_path: Path) -> None:
    write(tmp_path, {"main.tex": paper("\\begin{comment}\n" + some_math())})
    run = run_limited(["lint", str(tmp_path), "-f", "json"])
    run.assert_clean()
    assert run.code == 2 and "no formula was read" in run.err


def test_most_of_the_math_lost_is_said_first_and_in_the_glossary(tmp_path: Path) -> None:
    """An \\iffalse never closed skips the rest of its file (as TeX does); the plain scan
    still sees the formulas after it, so the loss is said loudly."""
    write(tmp_path, {"main.tex": paper("The start $a$.\n\n\\iffalse\n\n" + some_math(30))})
    run = run_limited(["glossary", str(tmp_path)])
    run.assert_clean()
    assert run.code == 0
    first_warning = run.err.splitlines()[1]
    assert "most of the paper's math was not read: 1 of the 31 formulas a plain scan of " \
           "the files finds were read" in first_warning
    assert "\\iffalse is never closed" in first_warning
    assert "Not read: most of the paper's math was not read" in run.out


def test_a_main_file_without_math_points_at_the_files_with_math(tmp_path: Path) -> None:
    write(tmp_path, {"main.tex": paper("Only words here."),
                     "orphan.tex": some_math()})
    run = run_limited(["glossary", str(tmp_path)])
    run.assert_clean()
    assert run.code == 2
    assert "orphan.tex (12)" in run.err and "--main" in run.err


def test_a_paper_without_math_is_not_an_error(tmp_path: Path) -> None:
    write(tmp_path, {"main.tex": paper("Only words, and a price of \\$5.")})
    run = run_limited(["glossary", str(tmp_path)])
    run.assert_clean()
    assert run.code == 0 and "0 formulas" in run.out


def test_a_url_in_a_macro_body_keeps_its_percent_signs(tmp_path: Path) -> None:
    """Only verbatim is read again as commands in a macro body: a \\url's `%` is no
    comment there, so the body's braces stay balanced."""
    write(tmp_path, {"main.tex": paper("\\newcommand{\\site}{\\url{http://a.org/%20x#y}}\n"
                                       "\\newcommand{\\vx}{\\mathbf{x}}\n\\site{} and $\\vx$. "
                                       + some_math())})
    run = run_limited(["glossary", str(tmp_path), "-f", "json"])
    run.assert_clean()
    assert run.code == 0 and "never closed" not in run.err
    assert "bold:x" in {s["key"] for s in json.loads(run.out)["symbols"]}


def test_an_unclosed_macro_body_before_the_document_is_cut_at_its_line(tmp_path: Path) -> None:
    """Found by the fuzzer: the unclosed body of the last definition of the preamble
    swallowed `\\begin{document}` and the whole paper."""
    write(tmp_path, {"main.tex": "\\documentclass{article}\n\\newcommand{\\bad}{\\mathbf{b}\n"
                                 "\\begin{document}\n" + some_math() + "\n\\end{document}\n"})
    run = run_limited(["glossary", str(tmp_path), "-f", "json"])
    run.assert_clean()
    assert run.code == 0
    assert "main.tex:2:18: warning: unbalanced braces: this '{' is never closed; read up " \
           "to the end of its line" in run.err
    assert len(json.loads(run.out)["math"]) == 12
