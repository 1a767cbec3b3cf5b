"""The Markdown glossary as GitHub renders it: parsed with markdown-it-py and its
dollar-math plugin set as GitHub's math (no space inside a span's edges, no digit after
the closing $), every formula must come out as a math node, none left as raw TeX in the
text, every table row must keep its four cells, and nothing from the paper may become
HTML."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

import annotator
from annotator.render.markdown import code, math, text
from conftest import CORPUS, ROOT, run_cli, write_tree

PAPERS = sorted(path.name for path in CORPUS.iterdir()
                if path.is_dir() and not path.name.startswith("gold")) if CORPUS.is_dir() else []
RAW_TEX = re.compile(r"\\[A-Za-z]+|\$")


@functools.cache
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    return parser.use(dollarmath_plugin, allow_space=False, allow_digits=False)


def _inline_tokens(markdown: str) -> list:
    tokens = []
    for token in _parser().parse(markdown):
        if token.type == "inline":
            tokens.extend(token.children or [])
    return tokens


def _check(markdown: str) -> int:
    """Every $...$ the renderer wrote is one math node; no raw TeX is left in text; each
    table row has four cells. Returns how many formulas there were."""
    tokens = _inline_tokens(markdown)
    formulas = [t.content for t in tokens if t.type == "math_inline"]
    leftovers = [t.content for t in tokens if t.type == "text" and RAW_TEX.search(t.content)
                 and "\\" not in t.content.replace("\\\\", "")]
    raw = [t.content for t in tokens if t.type == "text" and "$" in t.content]
    assert not raw, raw[:5]
    assert not leftovers, leftovers[:5]
    assert all(f == f.strip() for f in formulas)
    for line in markdown.splitlines():
        if line.startswith("| ") and not line.startswith("|---"):
            cells = _parser().parse(line + "\n|---|---|---|---|\n")
            assert sum(t.type == "th_open" for t in cells) == 4, line
    return len(formulas)


def _expected_spans(markdown: str) -> int:
    """How many spans the renderer wrote: `$` not escaped, in pairs."""
    return len(re.findall(r"(?<!\\)\$", markdown)) // 2


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_corpus_glossary_renders_its_math(paper: str, lang: str) -> None:
    markdown = _read(paper).render("markdown", lang=lang)
    assert _check(markdown) == _expected_spans(markdown) > 20


@functools.cache
def _read(paper: str) -> annotator.Notation:
    return annotator.read(CORPUS / paper)


def test_samples_render_their_math() -> None:
    for sample, lang in (("attention-note", "en"), ("zh-regression", "zh")):
        markdown = run_cli(["glossary", str(ROOT / "samples" / sample), "-f", "markdown",
                            "--lang", lang, "-q"]).out
        assert _check(markdown) == _expected_spans(markdown)


@pytest.mark.parametrize("latex, shown", [
    (r"\|x\|_2", r"$\Vert x\Vert_2$"),
    (r"|x|", r"$\vert x\vert$"),
    (r" x ", "$x$"),
    (r"\{x\}", r"$\lbrace x\rbrace$"),
    (r"a\,b", r"$a\thinspace b$"),
    (r"\mathrm{step\_num}", r"$\mathrm{step\_num}$"),
    (r"a < b", r"$a \lt b$"),
    (r"x\ ", "$x$"),
])
def test_math_spans_github_renders(latex: str, shown: str) -> None:
    assert math(latex) == shown
    assert [t.type for t in _inline_tokens(f"a {shown} b")].count("math_inline") == 1


def test_transformer_keeps_the_escape_in_step_num() -> None:
    markdown = _read("transformer-attention-2017").render("markdown") if PAPERS else \
        pytest.skip("shared corpus not available")
    assert r"\mathrm{step\_num}" in markdown and r"\mathrm{step_num}" not in markdown


def test_code_spans_hold_any_backticks() -> None:
    assert code("\\vx") == "`\\vx`"
    assert code("a`b") == "`` a`b ``"
    rendered = _parser().render(code("x`<img src=x onerror=alert(1)>") + "\n")
    assert "<img" not in rendered
    row = f"| {code('a|b', in_table=True)} | 2 | 3 | 4 |\n"
    table = _parser().parse("| a | b | c | d |\n|---|---|---|---|\n" + row)
    assert sum(t.type == "td_open" for t in table) == 4


HOSTILE = {
    "main.tex": "\\documentclass{article}\n\\title{<img src=x onerror=alert(1)>}\n"
                "\\newcommand{\\evil}{x}\n\\begin{document}\n"
                "Let $\\evil$ be the <script>alert(2)</script> input.\n"
                "Let $y = \\text{<img src=y onerror=alert(3)>}$ be it.\n"
                "Let $z$ be an [link](javascript:alert(4)) and *a* `b` ~~c~~ | d.\n"
                "\\input{<svg onload=alert(5)>}\n"
                "\\end{document}\n",
    "<svg onload=alert(5)>.tex": "where $w$ is the <b>weight</b>.\n",
}


def test_nothing_from_the_paper_becomes_html(tmp_path: Path) -> None:
    paper = write_tree(tmp_path / "paper", HOSTILE)
    result = run_cli(["glossary", str(paper), "-f", "markdown", "-q"])
    assert result.code == 0, result.err
    rendered = _parser().render(result.out)
    for tag in ("<img", "<script", "<svg", "<b>", "javascript:"):
        assert tag not in rendered, tag
    assert "onerror" not in re.sub(r"&[a-z]+;|\\", "", rendered.split(">", 1)[0])
    _check(result.out)


def test_text_escapes_markdown_and_html() -> None:
    shown = text("*a* _b_ <i>c</i> [d](e) `f` $g$ ~h~ & | \\")
    rendered = _parser().render(shown + "\n")
    assert "<em>" not in rendered and "<i>" not in rendered and "<a " not in rendered
    assert "<code>" not in rendered
