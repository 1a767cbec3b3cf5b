"""Fuzzing: generated LaTeX papers through `glossary` in every format and `lint` in every
format, in process. Every run must end with exit 0, 1 (lint findings) or 2 with a
message naming the file; never a traceback, an "internal error", unparseable JSON or a
run longer than RUN_LIMIT_S.

The papers are built from pieces real papers have (macro definitions, sections,
inline and display math with scripts, fonts, fractions, fences, includes, verbatim,
comments, \\iffalse, Chinese prose) and from broken ones (unclosed braces, `$` and
environments, verbatim commands in macro bodies, recursive and amplifying macros,
include loops).

Budget: FUZZ_EXAMPLES examples (default 25, a few seconds in CI); a longer local run:

    ANNOTATOR_FUZZ_EXAMPLES=2000 python -m pytest tests/hostile/test_fuzz.py

With ANNOTATOR_FUZZ_STATS=FILE the run's statistics (examples, CLI runs, exit codes,
failures) are written to FILE as JSON.
"""

from __future__ import annotations

import json
import os
import signal
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import run_cli

FUZZ_EXAMPLES = int(os.environ.get("ANNOTATOR_FUZZ_EXAMPLES", "25"))
RUN_LIMIT_S = 20
"""One CLI run in process (SIGALRM): a hang is a failure, not a stuck test session."""
GLOSSARY_FORMATS = ("text", "markdown", "html", "json", "latex")
LINT_FORMATS = ("text", "json", "sarif")
STATS: Counter[str] = Counter()

# ------------------------------------------------------------------ strategies

LETTERS = st.sampled_from([*"xyzabWQKVhnmdi", "\\alpha", "\\theta", "\\sigma", "\\mathcal{L}",
                           "\\ell", "\\pi"])
MACROS = ["\\vx", "\\mW", "\\R", "\\norm", "\\E", "\\loss", "\\bad", "\\rec", "\\src"]


def _math(depth: int = 0) -> st.SearchStrategy[str]:
    atom = st.one_of(LETTERS, st.sampled_from(MACROS[:6]), st.integers(0, 99).map(str))
    if depth >= 3:
        return atom
    inner = st.deferred(lambda: _math(depth + 1))
    return st.one_of(
        atom,
        st.tuples(atom, inner).map(lambda p: f"{p[0]}_{{{p[1]}}}"),
        st.tuples(atom, inner).map(lambda p: f"{p[0]}^{{{p[1]}}}"),
        st.tuples(inner, inner).map(lambda p: f"\\frac{{{p[0]}}}{{{p[1]}}}"),
        st.tuples(st.sampled_from(["\\mathbf", "\\bm", "\\hat", "\\tilde", "\\mathbb"]),
                  atom).map(lambda p: f"{p[0]}{{{p[1]}}}"),
        inner.map(lambda m: f"\\left( {m} \\right)"),
        inner.map(lambda m: f"\\sum_{{i=1}}^{{n}} {m}"),
        st.lists(inner, min_size=2, max_size=4).map(
            lambda ms: st_join(ms, [" + ", " = ", " \\in ", " - ", " \\cdot "])),
        inner.map(lambda m: f"{m} \\text{{ if $x > 0$}}"),
    )


def st_join(parts: list[str], separators: list[str]) -> str:
    return "".join(part + separators[i % len(separators)] for i, part in
                   enumerate(parts))[:-2]


DEFINITIONS = st.sampled_from([
    "\\newcommand{\\vx}{\\mathbf{x}}", "\\newcommand{\\mW}{\\mathbf{W}}",
    "\\newcommand{\\R}{\\mathbb{R}}", "\\newcommand{\\norm}[1]{\\left\\|#1\\right\\|}",
    "\\DeclareMathOperator{\\E}{\\mathbb{E}}", "\\def\\loss{\\mathcal{L}}",
    "\\newcommand{\\bad}{\\mathbf{b}",  # unclosed body
    "\\def\\rec{\\rec\\rec}",  # recursive
    "\\newcommand{\\src}{\\lstinline[language=Python]}",  # verbatim in a body
    "\\newcommand{\\code}{\\begin{lstlisting}}", "\\def\\amp{xxxxxxxxxxxxxxxxxxxxxxxx}",
    "\\def\\amq{\\amp\\amp\\amp\\amp\\amp\\amp\\amp\\amp}", "\\newif\\ifdraft",
    "\\DeclarePairedDelimiter{\\abs}{\\lvert}{\\rvert}", "\\let\\eps\\epsilon",
])

WORDS = st.sampled_from(["the", "input", "where", "denotes", "is", "let", "be", "we",
                         "define", "as", "learning rate", "其中", "表示", "输入", "令",
                         "respectively", "and", "matrix", "vector", "of", "dimension"])


def _prose() -> st.SearchStrategy[str]:
    return st.lists(WORDS, min_size=1, max_size=8).map(" ".join)


PIECE = st.one_of(
    _prose(),
    _math().map(lambda m: f"${m}$"),
    _math().map(lambda m: f"\\({m}\\)"),
    _math().map(lambda m: f"\n\\begin{{equation}}\n{m}\n\\label{{eq:a}}\n\\end{{equation}}\n"),
    st.lists(_math(2), min_size=1, max_size=4).map(
        lambda ms: "\n\\begin{align}\n" + " \\\\\n".join(f"{m} &= {m}" for m in ms)
        + "\n\\end{align}\n"),
    _prose().map(lambda t: f"\n\\section{{{t}}}\n"),
    st.sampled_from([
        "\\input{sec}", "\\input{missing}", "\\input{main}", "% a comment $x$\n",
        "\\verb|$x$|", "\\verb|unclosed", "\\begin{verbatim}\n$v$\n\\end{verbatim}",
        "\\begin{comment}\n$c$\n", "\\iffalse $f$ \\fi", "\\iffalse", "{", "}", "$", "$$",
        "\\begin{equation}", "\\end{itemize}", "\\ifdraft $d$ \\fi", "\\rec", "\\amq",
        "\\src", "\\code x \\end{lstlisting}", "\\bad", "\\url{http://a.b/%20#x}",
        "\\footnote{with $f_n$}", "\\item[$x$] text", "\\title{On $\\beta$-VAE}",
        "\n\n", "~", "\\\\", "&", "#", "^", "_", "é", "\u00a0", "\t",
    ]),
)


@st.composite
def papers(draw: st.DrawFn) -> dict[str, str]:
    definitions = draw(st.lists(DEFINITIONS, max_size=6))
    body = draw(st.lists(PIECE, max_size=25))
    section = draw(st.lists(PIECE, max_size=10))
    document = draw(st.booleans())
    main = "\n".join(definitions) + "\n"
    if document:
        main = "\\documentclass{article}\n" + main + "\\begin{document}\n"
    main += " ".join(body)
    if document and draw(st.booleans()):
        main += "\n\\end{document}\n"
    return {"main.tex": main, "sec.tex": " ".join(section)}


# ------------------------------------------------------------------------ runs

class _Hang(Exception):
    pass


def _alarm(_signum: int, _frame: object) -> None:
    raise _Hang


def _runs(folder: Path) -> Iterator[tuple[list[str], str]]:
    for output in GLOSSARY_FORMATS:
        yield ["glossary", str(folder), "-f", output], output
    for output in LINT_FORMATS:
        yield ["lint", str(folder), "-f", output], output


def _problems(folder: Path) -> list[str]:
    """What went wrong when the CLI read the paper in `folder`, in every format."""
    problems: list[str] = []
    previous = signal.signal(signal.SIGALRM, _alarm)
    try:
        for args, output in _runs(folder):
            STATS["runs"] += 1
            signal.alarm(RUN_LIMIT_S)
            try:
                result = run_cli(args)
            except _Hang:
                problems.append(f"{' '.join(args)}: still running after {RUN_LIMIT_S} s")
                continue
            finally:
                signal.alarm(0)
            STATS[f"exit {result.code}"] += 1
            problems += _check(args, output, result.code, result.out, result.err)
    finally:
        signal.signal(signal.SIGALRM, previous)
    return problems


def _check(args: list[str], output: str, code: int, out: str, err: str) -> list[str]:
    shown = " ".join(args[:1] + args[2:])
    if "internal error" in err or "Traceback" in err:
        return [f"{shown}: {err.strip()[-400:]}"]
    if code not in (0, 1, 2) or (code == 1 and args[0] != "lint"):
        return [f"{shown}: exit {code}"]
    if code == 2:
        if "error:" not in err:
            return [f"{shown}: exit 2 without a message: {err!r}"]
        reason = err.split("error:", 1)[1].split(",")[0].split("(")[0].strip()
        STATS[f"exit 2: {' '.join(reason.split()[:6])}"] += 1
        return []
    if not out and not (args[0] == "lint" and output == "text" and code == 0):
        return [f"{shown}: exit {code} and no output"]  # (a clean lint says nothing)
    if output in ("json", "sarif"):
        try:
            json.loads(out)
        except ValueError as exc:
            return [f"{shown}: output is not JSON ({exc})"]
    return []


@pytest.fixture(scope="module", autouse=True)
def _statistics() -> Iterator[None]:
    yield
    destination = os.environ.get("ANNOTATOR_FUZZ_STATS")
    if destination:
        Path(destination).write_text(json.dumps(dict(STATS), indent=2, sort_keys=True))


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=FUZZ_EXAMPLES <= 25,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(papers())
def test_generated_papers_through_every_command_and_format(files: dict[str, str]) -> None:
    STATS["examples"] += 1
    with tempfile.TemporaryDirectory(prefix="annotator-fuzz-") as folder:
        for name, text in files.items():
            (Path(folder) / name).write_text(text, encoding="utf-8")
        problems = _problems(Path(folder))
    if problems:
        STATS["failing examples"] += 1
    assert not problems, "\n".join(problems)
