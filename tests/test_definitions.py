"""The paper's own definitions: each cue, the exact spans, and the provenance."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SAMPLES, analyze_text, run_cli


def definitions(text: str, tmp_path: Path) -> dict[str, list]:
    analysis = analyze_text(text, tmp_path)
    return {s.key: list(s.definitions) for s in analysis.symbols if s.definitions}


def proposed(text: str, tmp_path: Path) -> dict[str, list[str]]:
    """key -> the texts of every prose candidate, shown or not."""
    return {key: [d.text for d in found if d.source == "prose"]
            for key, found in definitions(text, tmp_path).items()}


def described(text: str, tmp_path: Path) -> dict[str, str]:
    """key -> the text of the prose definition a reader is shown."""
    return {key: next((d.text for d in found if d.source == "prose" and d.shown), "")
            for key, found in definitions(text, tmp_path).items()}


@pytest.mark.parametrize("text,key,expected", [
    ("The update is $w - \\eta g$, where $\\eta$ is the learning rate.", "eta",
     "the learning rate"),
    ("where $W$ denotes the weight matrix of the layer.", "W", "the weight matrix of the layer"),
    ("Here $I$ is the total number of items.", "I", "the total number of items"),
    ("Let $\\mathcal{D}$ be a training set of $N$ examples.", "cal:D",
     "a training set of $N$ examples"),
    ("We denote the number of layers by $L$.", "L", "the number of layers"),
    ("We denote by $f$ the network and by $\\ell$ the loss.", "ell", "the loss"),
    ("We write $X$ for the input matrix.", "X", "the input matrix"),
    ("We define $E$ as the set of matched patterns.", "E", "the set of matched patterns"),
    ("$\\theta$ denotes the parameters of the model.", "theta", "the parameters of the model"),
    ("We train with the learning rate $\\eta$ and batch size $B$.", "eta", "the learning rate"),
    ("Each layer uses the number of heads ($h$) from the base model.", "h",
     "the number of heads"),
    ("An MDP, $M$, can be decomposed into subtasks.", "M", "An MDP"),
    ("Given a $D$ dimensional input $x$, we map it.", "x", "a $D$ dimensional input"),
    ("Take an $n$-dimensional vector $v$.", "v", "an $n$-dimensional vector"),
    ("Let $p \\in M$ be a point on a manifold and let $c$ be a curve.", "p",
     "a point on a manifold"),
    ("It maps to the tangent space of another point $z$.", "z", "another point"),
    ("其中 $\\eta$ 表示学习率。", "eta", "学习率"),
    ("记全部特征组成的矩阵为 $X$。", "X", "全部特征组成的矩阵"),
    ("令 $w$ 为待学习的权重向量。", "w", "待学习的权重向量"),
    ("$n$ 为样本数量。", "n", "样本数量"),
    ("给定训练集 $\\mathcal{D}$,我们训练模型。", "cal:D", "训练集"),
])
def test_prose_cues(tmp_path: Path, text: str, key: str, expected: str) -> None:
    """Every cue proposes its description (whether it is shown is the scorer's call)."""
    assert expected in proposed(text, tmp_path)[key]


@pytest.mark.parametrize("text,key,expected", [
    ("The update is $w - \\eta g$, where $\\eta$ is the learning rate.", "eta",
     "the learning rate"),
    ("Let $\\mathcal{D}$ be a training set of $N$ examples.", "cal:D",
     "a training set of $N$ examples"),
    ("We denote the number of layers by $L$.", "L", "the number of layers"),
    ("其中 $\\eta$ 表示学习率。", "eta", "学习率"),
])
def test_explicit_definitions_are_shown(tmp_path: Path, text: str, key: str,
                                        expected: str) -> None:
    assert described(text, tmp_path)[key] == expected


def test_respectively(tmp_path: Path) -> None:
    found = described("Here $Q$, $K$ and $V$ denote the queries, keys and values.", tmp_path)
    assert (found["Q"], found["K"], found["V"]) == ("the queries", "keys", "values")


def test_where_clause_after_a_display(tmp_path: Path) -> None:
    text = ("\\begin{equation} y = \\sigma(Wx + b) \\end{equation}\n"
            "where $W$ is the weight matrix and $b$ is the bias vector.")
    found = described(text, tmp_path)
    assert found["W"] == "the weight matrix" and found["b"] == "the bias vector"


def test_notation_table_rows(tmp_path: Path) -> None:
    text = ("\\begin{tabular}{ll} $a$ & A scalar \\\\ $\\bm{a}$ & A vector \\\\"
            " $\\bm{A}$ & A matrix \\\\ \\end{tabular}")
    found = described(text, tmp_path)
    assert found == {"a": "A scalar", "bold:a": "A vector", "bold:A": "A matrix"}


def test_notation_table_cells_alternatives_and_compound_formulas(tmp_path: Path) -> None:
    # The DL book's notation table: the whole cell is the description, "or" names two
    # symbols, and a gradient's row describes the gradient, not y.
    text = ("\\begin{tabular}{ll}\n"
            "$y \\text{ or } \\bm{y}$ & The target associated with $\\bm{x}$ for learning \\\\\n"
            "$\\nabla_{\\bm{x}} g$ & Gradient of $g$ with respect to $\\bm{x}$ \\\\\n"
            "\\end{tabular}")
    found = described(text, tmp_path)
    assert found["y"] == found["bold:y"] == \
        "The target associated with $\\boldsymbol{x}$ for learning"
    assert not found.get("g")


@pytest.mark.parametrize("text", [
    "The gradient is $x$ computed by backpropagation.",
    "where $x$ is drawn from $p$.",
    "where $\\eta$ is small.",
    "and solving $O_0$ solves the whole problem.",
    "the same $S$ as before",
    "We obtain $z$ after the update.",
    "The real interval including $a$ and $b$.",
    "To do so we employ $\\phi$ twice.",
    "Then (3) mapping $u$ from the tangent space.",
    "We sample from a simple base distribution $z_0 \\sim p(z)$ first.",
])
def test_not_definitions(tmp_path: Path, text: str) -> None:
    found = described(text, tmp_path)
    assert not any(found.values()), found


def test_type_statements(tmp_path: Path) -> None:
    found = definitions("Let $x \\in \\mathbb{R}^{d}$ and $W, V \\in \\mathbb{R}^{n \\times d}$"
                        " and a map $f: \\mathcal{X} \\to \\mathcal{Y}$.", tmp_path)
    types = {key: [d.text for d in value if d.source == "type"] for key, value in found.items()}
    assert types["x"] == ["\\in \\mathbb{R}^{d}"]
    assert types["W"] == types["V"] == ["\\in \\mathbb{R}^{n\\times d}"]
    assert types["f"] == [": \\mathcal{X}\\to\\mathcal{Y}"]


def test_defining_equations(tmp_path: Path) -> None:
    text = ("$$\\mathcal{L}(\\theta) = -\\sum_i \\log p_\\theta(x_i)$$\n"
            "$A \\coloneqq B C$ and $D \\triangleq E + F$, "
            "$$\\theta_{t+1} = \\theta_t - \\eta g_t$$ and $a = b = c$.")
    found = definitions(text, tmp_path)
    equations = {key: [(d.cue, d.text) for d in value if d.source == "equation"]
                 for key, value in found.items()}
    assert equations["cal:L"][0][0] == "equation"
    assert equations["A"] == [("defining-equation", "BC")]
    assert equations["D"] == [("defining-equation", "E+F")]
    assert not equations.get("theta") and not equations.get("a")


def test_spans_point_at_the_source(tmp_path: Path) -> None:
    text = "Intro.\n\nThe update uses $\\eta$, where $\\eta$ is the learning rate.\n"
    analysis = analyze_text(text, tmp_path)
    eta = next(s for s in analysis.symbols if s.key == "eta")
    definition = eta.definitions[0]
    assert text[definition.start:definition.end] == "the learning rate"
    assert text[definition.symbol_start:definition.symbol_end] == "\\eta"
    assert definition.symbol_start == text.index("\\eta", text.index("where"))
    assert definition.line == 3 and definition.source == "prose"
    assert definition.cue == "where-is"


def test_spans_through_includes_and_macros(tmp_path: Path) -> None:
    analysis = analyze_text("\\newcommand{\\lr}{\\eta}\\input{sec}", tmp_path,
                            {"sec.tex": "where $\\lr$ denotes the step size"})
    eta = next(s for s in analysis.symbols if s.key == "eta")
    definition = eta.definitions[0]
    source = (tmp_path / "sec.tex").read_text()
    assert definition.file == "sec.tex"
    assert source[definition.start:definition.end] == "the step size"
    assert source[definition.symbol_start:definition.symbol_end] == "\\lr"


def test_knowledge_is_never_presented_as_the_papers_own() -> None:
    data = run_cli(["glossary", str(SAMPLES / "attention-note"), "-f", "json", "-q"]).json()
    for symbol in data["symbols"]:
        for definition in symbol["definitions"]:
            assert definition["source"] in ("prose", "equation", "type")
            assert definition["file"].endswith(".tex")
    softmax = next(s for s in data["symbols"] if s["key"] == "softmax")
    assert softmax["definitions"] == [] and softmax["knowledge"]["id"] == "softmax"
