"""The reading guide ("Math you need for this paper") and the evidence-based "Math it draws
on" line; "Key formulas" in every format."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator import api
from annotator.guide import (
    FormulaUse,
    Place,
    Shown,
    build_guide,
    evidence_area,
    guide_data,
    is_letter,
)
from annotator.knowledge import AREAS, load
from annotator.model import Text
from annotator.render.guide import text_lines as guide_text
from conftest import SAMPLES, corpus_path, run_cli, write_tree

SAMPLE = str(SAMPLES / "attention-note")
ZH_SAMPLE = str(SAMPLES / "zh-regression")
SEED_ORDER = ["linear-algebra", "probability", "calculus", "optimization",
              "information-theory", "numerical-computing", "discrete-math"]

SOFTMAX_PAPER = r"""\documentclass{article}
\begin{document}
\section{Model}
The scores $z \in \mathbb{R}^{C}$ are the logits and $W \in \mathbb{R}^{C \times d}$ a matrix.
\begin{align}
  p_i &= \frac{\exp(z_i)}{\sum_{j=1}^{C} \exp(z_j)} \label{eq:softmax} \\
  h &= W^\top x
\end{align}
\end{document}
"""


# ------------------------------------------------------------------------ data

def test_guide_areas_follow_the_seeds_priority_and_name_resources() -> None:
    data = guide_data()
    assert [area.id for area in data.areas] == SEED_ORDER
    assert data.areas[1].covers == ("probability", "statistics")
    for area in data.areas[:-1]:  # the seeds name no resource for discrete math
        assert area.resources, area.id
        assert all(r.title.en and r.title.zh for r in area.resources)
    titles = [r.title.en for area in data.areas for r in area.resources]
    assert any("Linear Algebra Done Right" in t for t in titles)
    assert any("Convex Optimization" in t for t in titles)
    assert any("Elements of Information Theory" in t for t in titles)


def test_meaning_areas_match_the_knowledge_base() -> None:
    """One area per meaning, in the entry's order: a test so a new meaning is not left
    with its neighbour's area."""
    kb = load()
    for entry_id, areas in guide_data().meaning_areas.items():
        entry = kb.entries.get(entry_id)
        assert entry is not None, entry_id
        assert len(areas) == len(entry.meanings), entry_id
        assert set(areas) <= set(AREAS) | {"none"}, entry_id


def test_the_guide_file_is_not_read_as_knowledge_entries() -> None:
    kb = load()
    assert not [e for e in kb.entries.values() if e.family == "guide"]


def test_letters_and_notations() -> None:
    kb = load()
    assert is_letter(kb.entries["letter-capital-p"])
    assert is_letter(kb.entries["lambda"])
    assert is_letter(kb.entries["bar-x"])
    assert not is_letter(kb.entries["mathbb-r"])
    assert not is_letter(kb.entries["expectation"])


# ------------------------------------------------------------------------ evidence

def _symbol(analysis, key):
    return next(s for s in analysis.symbols if s.key == key)


def test_evidence_areas(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tex": r"""\documentclass{article}\begin{document}
Let $I_n$ denote the identity matrix. The positional encoding is $PE$.
We write $\mathbb{E}[x]$ and $x'$ and $\lambda$ for the eigenvalue of $A$.
\end{document}"""})
    notation = api.read(str(tmp_path))
    analysis = notation.analysis
    identity = _symbol(analysis, "I_n")
    assert identity.knowledge is not None and identity.knowledge.id == "identity-matrix"
    assert evidence_area(identity.knowledge) == "linear-algebra"  # not information theory
    for letter in ("P", "E"):  # a split PE: letter defaults are no evidence
        assert evidence_area(_symbol(analysis, letter).knowledge) == ""
    assert evidence_area(_symbol(analysis, "bb:E").knowledge) == "probability"
    assert evidence_area(_symbol(analysis, "x'").knowledge) == ""  # typography only
    areas = {area for area, _, _ in notation.glossary.areas}
    assert "information-theory" not in areas


# ------------------------------------------------------------------------ the guide

def test_guide_on_the_sample() -> None:
    notation = api.read(SAMPLE)
    guide = notation.glossary.guide
    assert guide is not None
    ids = [area.id for area in guide.areas]
    assert ids == sorted(ids, key=SEED_ORDER.index)  # the seeds' order
    linear = guide.areas[0]
    assert linear.id == "linear-algebra"
    concepts = {c.id: c for c in linear.concepts}
    assert {"matrix", "transpose", "mathbb-r"} <= set(concepts)
    matrices = {s.latex for s in concepts["matrix"].symbols}
    assert {"\\boldsymbol{W}^{Q}", "\\boldsymbol{W}^{K}"} <= matrices
    transpose = concepts["transpose"]
    assert {s.latex for s in transpose.symbols} >= {"\\boldsymbol{K}"}
    assert transpose.places[0].file.startswith("sections/")
    # every concept counts the uses it lists
    assert linear.uses == sum(c.uses for c in linear.concepts)
    assert {area_id for area_id, _ in guide.unused} == set(SEED_ORDER) - set(ids)


def test_math_line_counts_only_evidence() -> None:
    """The line counts what the guide shows: the sample's Q, K, V matrices make linear
    algebra, not ℝ alone."""
    glossary = api.read(SAMPLE).glossary
    counts = {area: count for area, _, count in glossary.areas}
    assert counts["linear-algebra"] >= 5
    assert "statistics" not in counts  # a hat is a typographic guess


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json", "latex"])
def test_guide_command_in_both_languages(fmt: str) -> None:
    en = run_cli(["guide", SAMPLE, "-f", fmt, "-q", "--lang", "en"])
    zh = run_cli(["guide", ZH_SAMPLE, "-f", fmt, "-q", "--lang", "zh"])
    assert en.code == 0 and zh.code == 0, en.err + zh.err
    if fmt == "json":
        areas = [a["id"] for a in en.json()["guide"]["areas"]]
        assert areas[0] == "linear-algebra"
        assert zh.json()["guide"]["areas"][0]["name"]["zh"] == "线性代数"
        return
    if fmt == "latex":
        assert en.out.startswith("% \\usepackage{amsmath}")
        assert "\\subsection*{1. Linear algebra}" in en.out
        assert "$\\boldsymbol{W}^{Q}$" in en.out
        assert "% \\usepackage{ctex}" in zh.out and "\\subsection*{1. 线性代数}" in zh.out
        return
    assert "Math you need for this paper" in en.out and "Linear algebra" in en.out
    assert "Linear Algebra Done Right" in en.out
    assert "读懂本文需要的数学" in zh.out and "线性代数" in zh.out and "学习资源" in zh.out
    assert "Symbols of the paper" not in en.out  # the guide alone


def test_glossary_formats_end_with_the_guide() -> None:
    notation = api.read(SAMPLE)
    markdown = notation.render("markdown")
    assert "## Math you need for this paper" in markdown
    assert "### 1. Linear algebra" in markdown
    page = notation.render("html")
    assert '<section id="guide">' in page and 'data-area="linear-algebra"' in page
    data = api.render_glossary(notation.analysis, notation.glossary, "json")
    assert '"guide": {' in data and '"areas": [' in data


def test_guide_on_a_transformer_paper() -> None:
    """Attention Is All You Need: its W^Q, W^K, W^V matrices and K^T are linear algebra
    (not ℝ alone), and P, E of `PE_{(pos, 2i)}` are no probability."""
    paper = corpus_path("transformer-attention-2017.tar.gz")
    glossary = api.read(str(paper)).glossary
    assert glossary.guide is not None
    areas = {area.id: area for area in glossary.guide.areas}
    linear = {c.id: c for c in areas["linear-algebra"].concepts}
    assert "matrix" in linear and "transpose" in linear
    assert {"W^{Q}", "W^{K}", "W^{V}"} <= {s.latex for s in linear["matrix"].symbols}
    assert "probability" not in areas
    assert "probability" not in {area for area, _, _ in glossary.areas}


def test_guide_on_a_graph_paper() -> None:
    """ChebNet: I_n is the identity matrix (linear algebra), the Laplacian's eigenvalues
    λ are linear algebra, the graph 𝒢 = (𝒱, ℰ) discrete math; nothing is information
    theory."""
    paper = corpus_path("chebnet-graph-cnn.tar.gz")
    glossary = api.read(str(paper)).glossary
    assert glossary.guide is not None
    areas = {area.id: area for area in glossary.guide.areas}
    assert "information-theory" not in areas
    linear = {c.id for c in areas["linear-algebra"].concepts}
    assert {"identity-matrix", "lambda#1", "capital-lambda#0"} <= linear
    discrete = {c.id for c in areas["discrete-math"].concepts}
    assert {"mathcal-g#0", "mathcal-v#0", "mathcal-e#0"} <= discrete


# ------------------------------------------------------------------------ key formulas

def test_key_formulas_per_row(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tex": SOFTMAX_PAPER})
    notation = api.read(str(tmp_path))
    formulas = notation.glossary.key_formulas
    assert [(f.template, f.row, f.rows, f.label) for f in formulas] == [
        ("softmax", 0, 2, "eq:softmax")]
    softmax = formulas[0]
    assert softmax.line == 6 and softmax.file == "main.tex"
    roles = {role_id: latex for role_id, _, latex in softmax.bindings}
    assert roles["z"] == "z" and roles["j"] == "j"
    data = notation.render("json")
    import json

    math = [m for m in json.loads(data)["math"] if m["display"]]
    assert math[0]["formula"]["id"] == "softmax"
    assert math[0]["formula"]["name"]["zh"].startswith("softmax")
    assert math[0]["formula"]["bindings"]["z"] == "z"
    assert [f["row"] for f in math[0]["formulas"]] == [0]
    inline = [m for m in json.loads(data)["math"] if not m["display"]]
    assert all(m["formula"] is None and m["formulas"] == [] for m in inline)


def test_key_formulas_in_markdown_and_html(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tex": SOFTMAX_PAPER})
    notation = api.read(str(tmp_path))
    markdown = notation.render("markdown")
    assert "## Key formulas" in markdown
    assert "**softmax** · `eq:softmax` · `row 1 of 2` · `main.tex:6`" in markdown
    assert "- $z$: the logits" in markdown
    zh = notation.render("markdown", lang="zh")
    assert "## 关键公式" in zh and "第 1 行（共 2 行）" in zh
    page = notation.render("html")
    assert '<figure class="formula" data-template="softmax"' in page
    assert '<table class="parts">' in page and "the logits" in page
    text = notation.render("text")
    assert "── Key formulas ──" in text and "Parts: z — the logits" in text


def test_recognised_formulas_are_guide_concepts(tmp_path: Path) -> None:
    """A recognised formula of a guide area is one of its concepts, at its place; a
    template of ML notation (softmax) is not a math area of the guide."""
    write_tree(tmp_path, {"main.tex": SOFTMAX_PAPER})
    analysis = api.read(str(tmp_path)).analysis
    use = FormulaUse("cross-entropy", Text("cross-entropy", "交叉熵"), "information-theory",
                     Place("main.tex", 6, "eq:ce"), Shown("H(p, q)", "H(p, q)"), 1)
    guide = build_guide(analysis.symbols, analysis.math, {}, [use])
    areas = {area.id: area for area in guide.areas}
    concept = areas["information-theory"].concepts[0]
    assert (concept.id, concept.source, concept.uses) == ("formula:cross-entropy", "formula", 1)
    assert [str(p) for p in concept.places] == ["main.tex:6"]
    text = "\n".join(guide_text(guide, "en", 100))
    assert "Cross-entropy" in text or "cross-entropy (formula)" in text
    assert "main.tex:6 (eq:ce)" in text
    glossary = api.read(str(tmp_path)).glossary
    assert glossary.guide is not None
    assert "formula:softmax" not in {c.id for a in glossary.guide.areas for c in a.concepts}


def test_key_formulas_on_the_transformer() -> None:
    paper = corpus_path("transformer-attention-2017.tar.gz")
    formulas = api.read(str(paper)).glossary.key_formulas
    attention = [f for f in formulas if f.file == "model_architecture.tex" and f.line == 41]
    assert attention, [(f.file, f.line, f.template) for f in formulas]
    assert attention[0].template == "scaled-dot-product-attention"
    assert {(role, latex) for role, _, latex in attention[0].bindings} >= {
        ("q", "Q"), ("k", "K"), ("v", "V")}
    assert attention[0].latex.startswith("\\mathrm{Attention}(Q,K,V)=")


def test_named_formulas_inside_a_part_are_listed(tmp_path: Path) -> None:
    """A softmax that is an argument of the KL divergence is listed with it; the KL
    divergence is the row's name."""
    write_tree(tmp_path, {"main.tex": r"""\documentclass{article}\begin{document}
\begin{equation}\label{eq:kl}
  L = D_{\mathrm{KL}}(\mathrm{softmax}(z) \| \mathrm{softmax}(w))
\end{equation}
\end{document}"""})
    formulas = api.read(str(tmp_path)).glossary.key_formulas
    assert [(f.template, f.label) for f in formulas] == [("kl-divergence", "eq:kl")]
    assert [r.template for r in formulas[0].also] == ["softmax"]
    roles = dict((role, latex) for role, _, latex in formulas[0].bindings)
    assert roles == {"p": "\\mathrm{softmax}(z)", "q": "\\mathrm{softmax}(w)"}


def test_the_formula_index_changes_no_match() -> None:
    """Key formulas give each row only the patterns whose atoms, commands and fences it
    holds: the same matches as recognise() with every pattern but the loose ones (the
    samples have no row longer than LONG_ROW)."""
    from annotator.formula_index import build_index, formula_index
    from annotator.key_formulas import _loose, _recognised, _with_patterns
    from annotator.recognise import recognise, templates

    index = formula_index()
    assert index == build_index(templates())  # the stored index is the built one
    strict = tuple(_with_patterns(t, [n for n, needed in enumerate(s) if not _loose(needed)])
                   for t, s in zip(index.templates, index.signatures, strict=True))
    strict = tuple(t for t in strict if t.patterns)
    checked = 0
    for sample in ("attention-note", "zh-regression"):
        analysis = api.read(str(SAMPLES / sample)).analysis
        for span in analysis.math:
            if span.display:
                tree = list(analysis.trees[span.index])
                assert _recognised(tree) == recognise(tree, strict, None), span.location
                checked += 1
    assert checked >= 5


def test_no_role_is_played_by_punctuation(tmp_path: Path) -> None:
    """hyperbolic-normalizing-flows' `h(x) = z = concat(z_1, z_2).` was read as
    multi-head attention with the full stop as its output projection: such a match is no
    key formula."""
    from annotator.key_formulas import _rows_of
    from annotator.recognise import Recognised

    write_tree(tmp_path, {"main.tex": "\\begin{equation}\\label{eq:c} h = z.\\end{equation}"})
    analysis = api.read(str(tmp_path)).analysis
    span = next(s for s in analysis.math if s.display)
    tree = list(analysis.trees[span.index])
    texts = {path: f.text for path, f in analysis.paper.files.items()}

    def fake(output: str) -> Recognised:
        return Recognised("multi-head-attention", Text("multi-head attention", "多头注意力"),
                          "machine-learning", (("h", Text("the heads", "头"), "z"),
                                               ("o", Text("the output projection", "输出投影"),
                                                output)),
                          "z.", 0, len(tree), Text("", ""), "", False)

    assert _rows_of(span, tree, [fake(".")], texts, analysis) == []
    kept = _rows_of(span, tree, [fake("W^{O}")], texts, analysis)
    assert [(f.template, f.label) for f in kept] == [("multi-head-attention", "eq:c")]


def _key_formulas(tmp_path: Path, body: str) -> list[str]:
    write_tree(tmp_path, {"main.tex": "\\documentclass{article}\\begin{document}\n" + body
                          + "\n\\end{document}\n"})
    return [f.template for f in api.read(str(tmp_path)).glossary.key_formulas]


def test_a_formula_in_a_side_clause_does_not_name_the_row(tmp_path: Path) -> None:
    """An Euler-Maruyama step with its noise `z_t \\sim \\mathcal{N}(0, I)` after a comma
    is no Gaussian density; a squared distance inside an exponential is no least squares."""
    assert _key_formulas(tmp_path, r"""\begin{equation}
x_{t+1} = x_t - f(x_t) \Delta t + g \sqrt{\Delta t} z_t, \quad z_t \sim \mathcal{N}(0, I).
\end{equation}
\begin{equation} W_{ij} = \exp\left(-\frac{\|z_i - z_j\|_2^2}{\sigma^2}\right)
\end{equation}""") == []


def test_a_formula_that_fills_a_side_names_it(tmp_path: Path) -> None:
    assert _key_formulas(tmp_path, r"""\begin{equation}
\mathcal{L}(\theta) = \mathbb{E}_{t}\mathbb{E}_{x_0}
  \left[\|\epsilon_\theta(x_t, t) - \epsilon\|^2\right],
\end{equation}""") == ["mean-squared-error"]


def test_a_fields_formula_needs_the_field(tmp_path: Path) -> None:
    """∇ log p weighted by g(t)^2 in a diffusion paper is a score, no REINFORCE."""
    sde = r"""We train a diffusion model with denoising score matching; the reverse process
and the score network are described below; a diffusion model samples images.
\begin{equation} dx = -g(t)^2 \nabla_{x} \log p_t(x \mid y) dt \end{equation}"""
    assert "policy-gradient" not in _key_formulas(tmp_path, sde)
    rl = r"""A policy gradient agent maximises the reward of its policy; the reward and the
agent's policy are updated by reinforcement learning.
\begin{equation} g = \nabla_\theta \log \pi_\theta(a \mid s) G \end{equation}"""
    assert _key_formulas(tmp_path, rl) == ["policy-gradient"]
