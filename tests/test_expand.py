"""Macros, includes and skipped regions."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from annotator.analysis import analyze
from annotator.expand import Expander
from annotator.lexer import CS
from annotator.sources import load_paper
from conftest import analyze_text, write_tree


def expanded_math(text: str, tmp_path: Path, extra: dict[str, str] | None = None) -> list[str]:
    """The symbols' expanded forms, per span, for a paper made of `text`."""
    analysis = analyze_text(text, tmp_path, extra)
    by_key = {s.key: s for s in analysis.symbols}
    return [[by_key[k].latex for k in keys] for keys in analysis.span_symbols]


def keys(text: str, tmp_path: Path, extra: dict[str, str] | None = None) -> list[str]:
    return [s.key for s in analyze_text(text, tmp_path, extra).symbols]


@pytest.mark.parametrize("definition,use,expected", [
    (r"\newcommand{\vx}{\bm{x}}", r"$\vx$", ["bold:x"]),
    (r"\newcommand\vx{\bm{x}}", r"$\vx$", ["bold:x"]),
    (r"\newcommand*{\vx}{\bm{x}}", r"$\vx$", ["bold:x"]),
    (r"\newcommand{\pair}[2]{(#1, #2)}", r"$\pair{a}{\beta}$", ["a", "beta"]),
    (r"\newcommand{\grad}[2][\theta]{\nabla_{#1} #2}", r"$\grad{f}$", ["nabla", "theta", "f"]),
    (r"\newcommand{\grad}[2][\theta]{\nabla_{#1} #2}", r"$\grad[w]{f}$", ["nabla", "w", "f"]),
    (r"\providecommand{\R}{\mathbb{R}}", r"$\R$", ["bb:R"]),
    (r"\def\vy{\mathbf{y}}", r"$\vy$", ["bold:y"]),
    (r"\def\sq#1{#1^2}", r"$\sq{z}$", ["z"]),
    (r"\def\pair(#1,#2){\langle #1, #2\rangle}", r"$\pair(u,v)$", ["inner", "u", "v"]),
    (r"\let\eps\epsilon", r"$\eps$", ["epsilon"]),
    (r"\DeclareMathOperator{\Tr}{Tr}", r"$\Tr(A)$", ["Tr", "A"]),
    (r"\DeclareMathOperator*{\argmax}{arg\,max}", r"$\argmax_x f$", ["argmax", "x", "f"]),
    (r"\DeclarePairedDelimiter{\norm}{\lVert}{\rVert}", r"$\norm{v}_2 + \norm*{w}$",
     ["norm", "v", "w"]),
    (r"\NewDocumentCommand{\KL}{m m}{D_{\mathrm{KL}}(#1 \| #2)}", r"$\KL{p}{q}$",
     ["D_KL", "p", "q"]),
    (r"\newcommand{\vx}{\bm{x}}\newcommand{\vxi}{\vx_i}", r"$\vxi$", ["bold:x", "i"]),
])
def test_macro_definitions(tmp_path: Path, definition: str, use: str, expected: list[str]
                           ) -> None:
    assert keys(definition + "\n" + use, tmp_path) == expected


def test_forms_remember_the_author_macro(tmp_path: Path) -> None:
    analysis = analyze_text(r"\newcommand{\vx}{\bm{x}} $\vx$ and $\bm{x}$ and $\vx_i$",
                            tmp_path)
    symbol = next(s for s in analysis.symbols if s.key == "bold:x")
    assert symbol.forms == (r"\vx", r"\bm{x}")
    assert symbol.expanded_forms == (r"\bm{x}",)
    assert symbol.latex == r"\boldsymbol{x}"


def test_renewcommand_changes_meaning_and_newcommand_does_not(tmp_path: Path) -> None:
    text = (r"\newcommand{\a}{x}\newcommand{\a}{y} $\a$ "
            r"\renewcommand{\a}{z} $\a$")
    assert keys(text, tmp_path) == ["x", "z"]
    analysis = analyze_text(text, tmp_path)
    assert [(m.name, m.command) for m in analysis.macros] == [
        ("a", "newcommand"), ("a", "newcommand"), ("a", "renewcommand")]


def test_let_keeps_the_meaning_at_the_time(tmp_path: Path) -> None:
    text = r"\let\oldphi\phi \renewcommand{\phi}{\varphi} $\oldphi + \phi$"
    assert keys(text, tmp_path) == ["phi", "varphi"]


def test_environment_macros(tmp_path: Path) -> None:
    text = (r"\newcommand{\be}{\begin{equation}}\newcommand{\ee}{\end{equation}}"
            r"\newenvironment{eq}{\begin{align}}{\end{align}}"
            "\n\\be a \\ee\n\\begin{eq} b \\end{eq}\n")
    analysis = analyze_text(text, tmp_path)
    assert [(m.environment, m.display) for m in analysis.math] == [("equation", True),
                                                                    ("align", True)]
    assert [s.key for s in analysis.symbols] == ["a", "b"]


def test_recursive_macro_warns_and_stops(tmp_path: Path) -> None:
    started = time.perf_counter()
    analysis = analyze_text("\\def\\a{\\a\\a}\n$\\a + x$\n\\def\\b{x\\b}\n$\\b$", tmp_path)
    assert time.perf_counter() - started < 30  # a hang would never get here
    messages = [str(d) for d in analysis.diagnostics]
    assert any("\\a expands more than" in m and "main.tex:2:2" in m for m in messages)
    assert any("\\b expands more than" in m for m in messages)
    assert "x" in {s.key for s in analysis.symbols}


def test_exponential_macro_hits_the_size_budget(tmp_path: Path) -> None:
    text = "\\def\\a{xxxxxxxxxx}" + "".join(
        f"\\def\\{c}{{\\{p}\\{p}\\{p}\\{p}\\{p}\\{p}\\{p}\\{p}\\{p}\\{p}}}"
        for p, c in zip("abcdef", "bcdefg", strict=True)) + "\n$\\g$"
    analysis = analyze_text(text, tmp_path)
    assert any("expansion stops here" in d.message for d in analysis.diagnostics)


def test_dlbook_math_commands_expand(tmp_path: Path) -> None:
    from conftest import corpus_path
    commands = corpus_path("dlbook-math-commands", "math_commands.tex").read_text()
    text = ("\\documentclass{article}\\input{math_commands}\\begin{document}"
            r"$\vx, \mW, \sR, \E_{\rvx}[\vx], \KL(p\|q), \Var(x), \tA, \gG, \ra, \rvx$"
            "\\end{document}")
    analysis = analyze_text(text, tmp_path, {"math_commands.tex": commands})
    found = {s.key: s for s in analysis.symbols}
    assert {"bold:x", "bold:W", "bb:R", "bb:E", "D_KL", "Var", "bold-sf:A", "cal:G",
            "rm:a"} <= set(found)
    assert found["bold:x"].forms == (r"\vx", r"\rvx")
    assert found["bold:W"].forms == (r"\mW",)
    assert found["D_KL"].forms == (r"\KL",)
    assert not analysis.diagnostics


# ------------------------------------------------------------------- includes

def test_every_include_command(tmp_path: Path) -> None:
    files = {
        "main.tex": ("\\documentclass{article}\\begin{document}\n"
                     "\\input{a}\\input b.tex \\include{c}\\subfile{d.tex}\n"
                     "\\import{sub/}{e}\\InputIfFileExists{f}{}{}\n"
                     "\\InputIfFileExists{missing}{}{$z$}\n\\end{document}"),
        "a.tex": "$a$", "b.tex": "$b$", "c.tex": "$c$", "d.tex": "$d$",
        "sub/e.tex": "$e$ \\subimport{deeper/}{g}", "sub/deeper/g.tex": "$g$", "f.tex": "$f$",
    }
    write_tree(tmp_path, files)
    analysis = analyze(load_paper(str(tmp_path)))
    assert [s.key for s in analysis.symbols] == list("abcdegfz")
    assert analysis.file_order[:3] == ("main.tex", "a.tex", "b.tex")
    assert not analysis.diagnostics


def test_input_from_a_macro_body_comes_before_the_rest_of_the_body(tmp_path: Path) -> None:
    text = "\\newcommand{\\both}{\\input{a}$y$}\\both"
    assert keys(text, tmp_path, {"a.tex": "$x$"}) == ["x", "y"]


def test_missing_include_loop_and_escape_are_warnings(tmp_path: Path) -> None:
    outside = tmp_path / "outside.tex"
    outside.write_text("$leak$")
    paper = tmp_path / "paper"
    write_tree(paper, {"main.tex": "\\input{gone}\\input{loop}\\input{../outside}$x$",
                       "loop.tex": "$y$\\input{loop}"})
    analysis = analyze(load_paper(str(paper)))
    messages = [str(d) for d in analysis.diagnostics]
    assert any("main.tex:1:1" in m and "\\input{gone}: file not found" in m for m in messages)
    assert any("include loop: loop.tex" in m for m in messages)
    assert any("path leaves the paper's root" in m for m in messages)
    assert [s.key for s in analysis.symbols] == ["y", "x"]


def test_local_package_definitions(tmp_path: Path) -> None:
    files = {"main.tex": "\\documentclass{article}\\usepackage{amsmath,notation}"
                         "\\begin{document}$\\vx$\\end{document}",
             "notation.sty": "\\ProvidesPackage{notation}\n\\newcommand{\\vx}{\\bm{x}}\n"
                             "Some text $q$ in a package is not the paper.\n"
                             "\\def\\@internal{\\@foo}\n"}
    write_tree(tmp_path, files)
    analysis = analyze(load_paper(str(tmp_path)))
    assert [s.key for s in analysis.symbols] == ["bold:x"]


# ------------------------------------------------------------ skipped regions

@pytest.mark.parametrize("region", [
    "% $a$ in a comment",
    "\\iffalse $a$ \\fi",
    "\\iffalse \\ifx\\x\\y $a$ \\fi $a$ \\fi",
    "\\begin{comment} $a$ \\end{comment}",
    "\\begin{verbatim} $a$ \\end{verbatim}",
    "\\begin{lstlisting}[language=Python] x = '$a$' \\end{lstlisting}",
    "\\begin{minted}{python} x = '$a$' \\end{minted}",
    "\\verb|$a$|",
    "\\url{http://example.com/$a$%20}",
    "\\newif\\ifdraft \\ifdraft $a$ \\fi",
])
def test_regions_that_are_not_math(tmp_path: Path, region: str) -> None:
    assert keys(region + "\n$b$", tmp_path) == ["b"]


def test_escaped_percent_is_not_a_comment(tmp_path: Path) -> None:
    assert keys("50\\% of $x$ % not $y$", tmp_path) == ["x"]


def test_iffalse_else_and_switches(tmp_path: Path) -> None:
    text = ("\\iffalse $a$ \\else $b$ \\fi "
            "\\newif\\iffinal \\finaltrue \\iffinal $c$ \\else $d$ \\fi")
    assert keys(text, tmp_path) == ["b", "c"]


def test_nothing_after_end_document(tmp_path: Path) -> None:
    text = "\\documentclass{article}\\begin{document}$a$\\end{document}\n$b$ junk {"
    assert keys(text, tmp_path) == ["a"]


def test_expander_tokens_keep_their_files(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tex": "\\newcommand{\\m}{\\alpha}\\input{s}", "s.tex": "$\\m$"})
    tokens = [t for t in Expander(load_paper(str(tmp_path))).tokens() if t.kind == CS]
    alpha = next(t for t in tokens if t.text == "alpha")
    assert (alpha.file, alpha.pos, alpha.end, alpha.macro) == ("s.tex", 1, 3, "m")


def test_declared_operator_body_and_environment_uses_are_reported_by_name(tmp_path) -> None:
    analysis = analyze_text(
        "\\DeclareMathOperator*{\\Exp}{\\mathbb{E}}\n"
        "\\newenvironment{sketch}{\\textbf{Sketch.}}{}\n"
        "$\\Exp_x f$\n\\begin{sketch} Easy. \\end{sketch}\n", tmp_path)
    bodies = {m.name: m.body for m in analysis.macros}
    assert bodies["Exp"] == "\\mathbb{E}"
    assert analysis.macro_uses["env:sketch"] == 1 and "sketch" not in analysis.macro_uses
    assert [s.key for s in analysis.symbols][:1] == ["bb:E"]


def test_a_font_macro_with_an_argument_is_written_as_called(tmp_path) -> None:
    # \mc{T}_o: \mathcal comes from the macro, T from its argument; the written form is the
    # whole call, never a slice such as `T}_o`.
    analysis = analyze_text("\\newcommand{\\mc}[1]{\\mathcal{#1}}\n$\\mc{T}_o + \\mc{X}$\n",
                            tmp_path)
    forms = {s.key: s.forms for s in analysis.symbols}
    assert forms == {"cal:T_o": ("\\mc{T}_o",), "cal:X": ("\\mc{X}",)}


def test_ifstar_chooses_its_branch(tmp_path: Path) -> None:
    """`\\def\\norm{\\@ifstar{\\oldnorm}{\\oldnorm*}}` (an auto-sized norm): `\\@ifstar`
    is read, never left as a symbol `@ifstar`."""
    preamble = ("\\DeclarePairedDelimiter\\norm{\\lVert}{\\rVert}\n\\makeatletter\n"
                "\\let\\oldnorm\\norm\n\\def\\norm{\\@ifstar{\\oldnorm}{\\oldnorm*}}\n"
                "\\makeatother\n")
    found = keys(preamble + "$\\norm{x} + \\norm*{y}$\n", tmp_path)
    assert not any("ifstar" in key for key in found), found
    assert "x" in found and "y" in found
