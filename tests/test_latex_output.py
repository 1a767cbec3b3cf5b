"""The LaTeX notation table: safe to \\input (paper math only through the allow-list,
paper text escaped), its packages named in its first lines, and it compiles: with
pdflatex on every corpus paper in each style (table, nomencl, glossaries), and in Chinese
with xelatex and ctex. The compile tests skip when the TeX tools are not installed."""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import annotator
from annotator.render.texsafe import encode_math_unicode, encode_text, safe_math
from conftest import CORPUS, ROOT, corpus_path, run_cli, write_tree

PAPERS = sorted(path.name for path in CORPUS.iterdir()
                if path.is_dir() and not path.name.startswith("gold")) if CORPUS.is_dir() else []
STYLES = ("table", "nomencl", "glossaries")
PACKAGE_LINE = re.compile(r"^% \\usepackage\{([^}]+)\}$")


# ----------------------------------------------------------------------------- safety

@pytest.mark.parametrize("formula", [
    r"\immediate\write18{rm -rf ~}", r"\input{/etc/passwd}", r"\openout1=x.tex",
    r"\catcode`\@=11", r"x^^5cinput{secret}", r"\def\x{y}\x", r"\csname input\endcsname",
    r"a & b", r"a \\ b", r"50% off", r"x}\end{longtable}", r"{x", r"\begin{verbatim}x",
    r"\string\input", r"\expandafter\x", r"\let\a\b", r"\usepackage{x}", r"$x$",
])
def test_unsafe_paper_math_is_refused(formula: str) -> None:
    assert safe_math(encode_math_unicode(formula)) is None


@pytest.mark.parametrize("formula, expected", [
    (r"\mathrm{step\_num}", r"\mathrm{step\_num}"),
    (r"\bm{W}^\top", r"\boldsymbol{W}^\top"),
    (r"a \coloneqq b", r"a \mathrel{:}= b"),
    (r"\softmax(z)", r"\operatorname{softmax}(z)"),
    (r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}",
     r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}"),
    (r"\text{a_b}", r"\text{a\_b}"),
    (r"x \label{eq:x}", "x"),
    ("β₁ + 𝒯 + 𝟙 + x′ + θ̂", r"\beta_{1} + \mathscr{T} + \mathbb{1} + x^{\prime} + \hat{\theta}"),
])
def test_safe_paper_math_is_kept_or_rewritten_to_amsmath(formula: str, expected: str) -> None:
    assert safe_math(encode_math_unicode(formula)) == expected


def test_paper_text_is_escaped_for_text_mode() -> None:
    assert encode_text("50% of {x} & $y$ #1 ~ ^ \\input") == (
        r"50\% of \{x\} \& \$y\$ \#1 \textasciitilde{} \textasciicircum{} "
        r"\textbackslash{}input")
    assert encode_text("x₁₂ Wᵀ ñ “q”") == r"x\ensuremath{_{12}} W\ensuremath{^{\top}} {\~n} ``q''"


HOSTILE = {
    "main.tex": "\\documentclass{article}\n\\title{Evil\\\\ \\immediate\\write18{touch pwned}}\n"
                "\\begin{document}\n"
                "Let $\\alpha$ be the rate \\immediate\\write18{touch pwned}, and\n"
                "let $x$ be the input, where $x = \\input{/etc/hostname} y$.\n"
                "We define $\\mathcal{Q} := \\catcode`\\@=11 z$.\n"
                "Let $b$ be 100% ^^5cinput & # done.\n"
                "\\end{document}\n",
}


def test_hostile_paper_gives_inert_latex(tmp_path: Path) -> None:
    paper = write_tree(tmp_path / "paper", HOSTILE)
    for style in STYLES:
        result = run_cli(["glossary", str(paper), "-f", "latex", "--latex-style", style, "-q"])
        assert result.code == 0, result.err
        rows = [line for line in result.out.splitlines()
                if line.startswith(("\\annotatorfit{", "\\nomenclature[", "\\newglossaryentry"))]
        assert len(rows) >= 3, result.out
        for row in rows:
            for word in ("\\write", "\\input", "\\catcode", "^^", "\\immediate", "#"):
                assert word not in row, (style, word, row)
            assert re.search(r"(?<!\\)%(?![!@|])", row) is None, row  # no comment


def test_a_newline_in_a_file_name_stays_in_its_comment(tmp_path: Path) -> None:
    name = "evil\n\\input{secret}\n\\immediate\\write18{x}.tex"
    (tmp_path / name).write_text("Let $x$ be the input.\n", encoding="utf-8")
    for style in STYLES:  # the folder's only file is its main file, named in the header
        result = run_cli(["glossary", str(tmp_path), "-f", "latex", "-q",
                          "--latex-style", style])
        assert result.code == 0, result.err
        lines = result.out.splitlines()
        assert next(line for line in lines if "evil" in line).startswith("% ")
        assert not any(line.startswith(("\\input", "\\immediate")) for line in lines)
        assert sum("secret" in line for line in lines) == 1  # one comment line names it


def test_packages_are_named_first_one_per_line() -> None:
    out = run_cli(["glossary", str(ROOT / "samples" / "attention-note"), "-f", "latex", "-q"]).out
    lines = out.splitlines()
    packages = [match.group(1) for match in map(PACKAGE_LINE.match, lines) if match]
    assert lines[:len(packages)] == [f"% \\usepackage{{{p}}}" for p in packages]
    assert {"longtable", "booktabs", "amsmath", "amssymb"} <= set(packages)
    zh = run_cli(["glossary", str(ROOT / "samples" / "zh-regression"), "-f", "latex",
                  "--lang", "zh", "-q"]).out
    assert zh.splitlines()[0] == "% \\usepackage{ctex}" and "xelatex" in zh


def test_table_lists_only_symbols_with_something_to_say() -> None:
    out = run_cli(["glossary", str(ROOT / "samples" / "attention-note"), "-f", "latex", "-q"]).out
    rows = [line for line in out.splitlines() if line.startswith("\\annotatorfit{")]
    assert rows and all(not line.endswith("&  \\\\") for line in rows)
    descriptions = [line.split(" & ", 1)[1] for line in rows]
    assert all(len(re.sub(r"\\[a-zA-Z]+|[{}$]", "", d)) < 200 for d in descriptions)


def test_nomencl_entries_survive_makeindex_specials() -> None:
    from annotator.render.latex import _makeindex

    assert _makeindex(r"$\|x\|$ and $a|b\!c$ @ 50\% !") == \
        r"$\Vert{}x\Vert{}$ and $a%|b\negthinspace{}c$ %@ 50\text{\textpercent} %!"


# ----------------------------------------------------------------------------- compiling
# Every corpus paper's table and nomenclature go into one document per language (they
# hold no labels, so papers can share one); glossaries entries have labels, so each
# paper checked in that style gets its own document. A build is LaTeX, makeindex,
# LaTeX, as nomencl needs.

ENGINES = {"en": "pdflatex", "zh": "xelatex"}
GLOSSARIES_PAPERS = ("samples/attention-note", "samples/zh-regression",
                     "transformer-attention-2017", "chebnet-graph-cnn")


@functools.cache
def _read(paper: str) -> annotator.Notation:
    """Each paper is read once for both languages and every style."""
    return annotator.read(_path(paper))


def _path(paper: str) -> Path:
    return ROOT / paper if paper.startswith("samples/") else corpus_path(paper)


def _require(lang: str) -> None:
    tools = [ENGINES[lang], "makeindex", "kpsewhich"]
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed")
    if lang == "zh":
        found = subprocess.run(["kpsewhich", "ctex.sty"], capture_output=True, text=True)
        if not found.stdout.strip():
            pytest.skip("ctex is not installed")


def _packages(texts: list[str]) -> str:
    """`\\usepackage` lines for what the files' first lines name, in their order."""
    packages: list[str] = []
    for text in texts:
        for match in map(PACKAGE_LINE.match, text.splitlines()):
            if match and match.group(1) not in packages:
                packages.append(match.group(1))
    return "".join(f"\\usepackage{{{package}}}\n" for package in packages)


def _build(folder: Path, engine: str) -> str:
    """Build doc.tex; the log, after checking the build succeeded."""
    command = [engine, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape",
               "doc.tex"]
    first = subprocess.run([engine, "-draftmode", *command[1:]], cwd=folder,
                           capture_output=True, timeout=600)
    if first.returncode == 0 and (folder / "doc.nlo").exists():
        subprocess.run(["makeindex", "-q", "doc.nlo", "-s", "nomencl.ist", "-o", "doc.nls"],
                       cwd=folder, capture_output=True, timeout=60)
    second = subprocess.run(command, cwd=folder, capture_output=True, timeout=600) \
        if first.returncode == 0 else first
    log = (folder / "doc.log").read_text(encoding="utf-8", errors="replace")
    errors = [line for line in log.splitlines() if line.startswith("!")]
    assert second.returncode == 0, errors[:5] or log[-2000:]
    return log


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_corpus_paper_table_and_nomenclature_compile(lang: str, tmp_path: Path) -> None:
    """pdflatex for English, xelatex with ctex for Chinese; the tables fit the text
    width and makeindex keeps every nomenclature entry."""
    _require(lang)
    # The Chinese sample's English table still quotes its Chinese definitions, so it
    # names ctex and needs xelatex: it is built with the Chinese ones.
    samples = ["samples/attention-note"] + (["samples/zh-regression"] if lang == "zh" else [])
    papers = [*samples, *PAPERS]
    tables, nomenclatures = [], []
    for number, paper in enumerate(papers):
        notation = _read(paper)
        tables.append(notation.render("latex", lang=lang))
        nomenclatures.append(notation.render("latex", lang=lang, latex_style="nomencl"))
        (tmp_path / f"table{number}.tex").write_text(tables[-1], encoding="utf-8")
        (tmp_path / f"nomencl{number}.tex").write_text(nomenclatures[-1], encoding="utf-8")
    # nomencl entries are written out with the page they are on: right after
    # \begin{document}, as the files' first lines advise, they go with the first page.
    inputs = "".join(f"\\input{{nomencl{number}}}\n" for number in range(len(papers)))
    inputs += "".join(f"\\section*{{{number}}}\\input{{table{number}}}\n"
                      for number in range(len(papers)))
    (tmp_path / "doc.tex").write_text(
        "\\documentclass{article}\n" + _packages(tables + nomenclatures)
        + "\\makenomenclature\n\\begin{document}\n" + inputs
        + "\\printnomenclature\n\\end{document}\n", encoding="utf-8")
    log = _build(tmp_path, ENGINES[lang])
    tables_log = log[log.find("(./table0.tex"):log.find("(./doc.nls")]
    overfull = [float(width) for width in re.findall(r"Overfull \\hbox \(([\d.]+)pt",
                                                     tables_log)]
    assert max(overfull, default=0) < 1, overfull  # every table fits the text width
    written = sum(text.count("\\nomenclature[") for text in nomenclatures)
    report = (tmp_path / "doc.ilg").read_text(encoding="utf-8")
    assert f"({written} entries accepted, 0 rejected)" in report  # no makeindex special
    assert written > 100 * (len(papers) > 2)


@pytest.mark.parametrize("paper", GLOSSARIES_PAPERS)
def test_glossaries_entries_compile_in_the_preamble(paper: str, tmp_path: Path) -> None:
    lang = "zh" if "zh-" in paper else "en"
    _require(lang)
    text = _read(paper).render("latex", lang=lang, latex_style="glossaries")
    (tmp_path / "entries.tex").write_text(text, encoding="utf-8")
    (tmp_path / "doc.tex").write_text(
        "\\documentclass{article}\n" + _packages([text]) + "\\makenoidxglossaries\n"
        "\\input{entries}\n\\begin{document}\nFirst \\gls{"
        + re.search(r"\\newglossaryentry\{([^}]+)\}", text).group(1)
        + "}.\n\\glsaddall\\printnoidxglossaries\n\\end{document}\n", encoding="utf-8")
    log = _build(tmp_path, ENGINES[lang])
    assert "Glossary entry" not in log or "undefined" not in log
