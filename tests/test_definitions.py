"""The paper's own definitions: each cue, the exact spans, and the provenance."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.model import Analysis
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
    # a power of a number set is a space: the phrase says nothing of ℝ itself
    "We work on the manifold $\\mathbb{R}^n$ throughout.",
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


@pytest.mark.parametrize("text,key,expected", [
    # a sentence that introduces the display that defines the symbol
    ("The training loss is defined as\n\\begin{equation}\\mathcal{L}(\\theta) = "
     "\\sum_i \\ell_i(\\theta)\\end{equation}\nand we minimise it.", "cal:L",
     "The training loss"),
    # a noun phrase before a signature
    ("We learn a mapping $f: \\mathcal{X} \\to \\mathcal{Y}$ from data.", "f", "a mapping"),
    # an author's operator gets its own definition
    ("\\DeclareMathOperator{\\divv}{div}\nHere $\\divv$ denotes the divergence of a vector "
     "field.", "div", "the divergence of a vector field"),
    # every member of a listed family
    ("$h_1, \\ldots, h_d$ are the coefficients of the filter.", "h",
     "the coefficients of the filter"),
    # a symbol with its arguments as the subject
    ("Here $G(\\mu, \\Sigma)$ denotes a Gaussian kernel.", "G", "a Gaussian kernel"),
    # Chinese: respectively, and a noun phrase that stops at its boundary
    ("其中 $\\alpha_t$ 和 $\\sigma_t$ 分别为信号系数和噪声系数。", "sigma", "噪声系数"),
    ("速度场 $u_t$ 把概率质量从噪声移到数据。", "u", "速度场"),
])
def test_cues_the_issue_asked_for(tmp_path: Path, text: str, key: str, expected: str) -> None:
    assert expected in proposed(text, tmp_path)[key]


def test_properties_are_kept_apart(tmp_path: Path) -> None:
    analysis = analyze_text("Here $\\alpha_t$ is continuously differentiable, and "
                            "$\\alpha_t$ denotes the noise schedule.", tmp_path)
    alpha = next(s for s in analysis.symbols if s.key == "alpha")
    assert [p.text for p in alpha.properties] == ["continuously differentiable"]
    assert all("differentiable" not in d.text for d in alpha.definitions)
    assert alpha.definitions[0].text == "the noise schedule"


@pytest.mark.parametrize("shape", ["one dimensional for simplicity", "three-dimensional",
                                   "real-valued"])
def test_a_shape_is_a_property_not_a_definition(tmp_path: Path, shape: str) -> None:
    """"we assume that both $z$ and $x$ are one dimensional": what x is like."""
    analysis = analyze_text(f"We assume that $x$ is {shape}, where $x$ is the input.",
                            tmp_path)
    x = next(s for s in analysis.symbols if s.key == "x")
    assert all("dimensional" not in d.text and "valued" not in d.text
               for d in x.definitions)


def test_algorithm_lines_and_captions_show_only_stated_definitions(tmp_path: Path) -> None:
    found = described("\\begin{algorithm}\\begin{algorithmic}\\State Initialize $\\theta$ "
                      "\\State Take action $A$\\end{algorithmic}\\end{algorithm}\n"
                      "\\begin{figure}\\caption{The toy example $z$.}\\end{figure}", tmp_path)
    assert not any(found.values()), found


def test_the_first_definition_in_reading_order_is_shown(tmp_path: Path) -> None:
    text = ("\\section{Setup}\nLet $x$ be the data point.\n"
            "\\appendix\\section{Proofs}\nHere $x$ is the toy input of the figure.\n")
    analysis = analyze_text(text, tmp_path)
    x = next(s for s in analysis.symbols if s.key == "x")
    shown = [d for d in x.definitions if d.shown]
    assert shown[0].text == "the data point" and not shown[0].appendix
    assert all(0.0 <= d.confidence <= 1.0 for d in x.definitions)
    assert shown[0].sentence_start <= shown[0].start < shown[0].end <= shown[0].sentence_end


def test_min_confidence_and_all_definitions(tmp_path: Path) -> None:
    write = tmp_path / "main.tex"
    write.write_text("Let $x$ be the data point. The toy value $x$ appears here.\n")
    strict = run_cli(["glossary", str(tmp_path), "-q", "--min-confidence", "1"])
    assert "not defined in the paper's words" in strict.out
    every = run_cli(["glossary", str(tmp_path), "-q", "--all-definitions"])
    assert "the data point" in every.out and "candidate (" in every.out
    bad = run_cli(["glossary", str(tmp_path), "-q", "--min-confidence", "2"])
    assert bad.code == 2


def test_forms_list_every_spelling_as_written() -> None:
    data = run_cli(["glossary", str(SAMPLES / "attention-note"), "-f", "json", "-q"]).json()
    forms = {s["key"]: s["forms"] for s in data["symbols"]}
    assert forms["bold:x"][:2] == ["\\vx", "\\vx^{(i)}"]  # the macro and the indexed use


@pytest.mark.parametrize("text,key,named", [
    # a statement noun before a relation names the statement, not its symbols
    ("The process starts from the initial condition $x_0 = x \\sim p$ and moves on.", "x",
     False),
    ("We impose the constraint $w \\le 1$ throughout.", "w", False),
    ("这里使用约束条件 $w \\le 1$。", "w", False),
    # a case names the situation, whatever formula follows
    ("For a multivariate case $$T: \\mathbb{R}^d \\to \\mathbb{R}^d$$ it holds.", "T", False),
    # a noun of a quantity names the left-hand side
    ("We minimise the loss $L = \\sum_i \\ell_i$ over the data.", "L", True),
    ("the evidence lower bound $B = \\log p - \\mathrm{KL}$ is maximised.", "B", True),
])
def test_a_statement_noun_names_no_symbol_of_its_statement(text: str, key: str, named: bool,
                                                          tmp_path: Path) -> None:
    texts = proposed(text, tmp_path).get(key, [])
    assert any(t for t in texts) is named, texts


@pytest.mark.parametrize("text,key", [
    ("The bound holds for some value $k$ of the constant.", "k"),
    ("Inputs are of the form $x$ throughout.", "x"),
    ("We need at least two examples $z$ here.", "z"),
])
def test_a_bare_kind_or_a_count_is_not_shown_as_a_definition(text: str, key: str,
                                                              tmp_path: Path) -> None:
    assert described(text, tmp_path).get(key, "") == ""


def test_a_formula_listing_symbols_respectively_gives_none_the_first_item(tmp_path: Path
                                                                         ) -> None:
    text = ("where $W_{Q}, W_{K}, W_{V} \\in \\mathbb{R}^{d \\times d}$ are the projection "
            "matrices for the queries, keys, and values, respectively.")
    found = described(text, tmp_path)
    assert not any("queries" in found.get(key, "") for key in ("W_K", "W_V")), found


def test_a_starting_value_in_a_description_is_no_owner(tmp_path: Path) -> None:
    text = ("Let $W \\in \\mathbb{R}^{m \\times n}$ be the weight matrix of a linear layer "
            "initialized at $W_0$.")
    assert described(text, tmp_path).get("W", "").startswith("the weight matrix")
    part = "Here $x_{t,i}$ is the $i$-th entry of $x_t$."
    assert described(part, tmp_path / "b").get("x", "") == ""


def test_a_property_adjective_is_no_noun_phrase(tmp_path: Path) -> None:
    # "a convex, $L$-smooth function": "a convex" names nothing
    assert described("Let $f$ be a convex, $L$-smooth function.", tmp_path).get("L", "") == ""


@pytest.mark.parametrize("text,expected", [
    ("a parameter", True), ("the sum", True), ("the learning rate", False),
    ("a point", True), ("the distribution", True), ("a range", True), ("the limit", True),
    ("a proposal distribution", False),
    # a kind that says what another is for: learnt matrices
    ("parameter matrices", False), ("the parameter vector", False), ("matrix elements", True),
    ("一个函数", True), ("一个有限值", True), ("正数", True), ("小常数", True),
    ("正系数", False), ("学习率", False), ("大模型", False),
])
def test_a_description_naming_only_a_kind(text: str, expected: bool) -> None:
    """A kind, even with a property before it ("一个有限值", a finite value), says what
    type a symbol has, not what it stands for: it is not shown as the definition."""
    from annotator.definitions.select import kind_only

    assert kind_only(text) is expected


def test_a_description_naming_a_usual_meaning_is_weighed_as_one(tmp_path: Path) -> None:
    """The scorer reads whether a candidate says one of its symbol's usual meanings
    (`usual:strong`: η "the learning rate"), says none (`usual:none`: η "the number of
    atoms"), or whether nothing is known of the symbol (no feature)."""
    from annotator.definitions.candidates import generate
    from annotator.definitions.features import usual_feature
    from annotator.knowledge import load
    from annotator.match import usual_lookup

    analysis = analyze_text("The update is $w - \\eta g$, where $\\eta$ is the learning rate, "
                            "and $\\mu$ is the number of atoms in the trap.", tmp_path)
    usual = usual_lookup(analysis, load(()))
    found = generate(analysis, usual)
    features = {c.key: c.features for c in found.candidates if c.source == "prose"}
    assert features["eta"].get("usual:strong") == 1.0
    assert "usual:none" in features["mu"]
    assert usual_feature("the learning rate", ()) is None
    # an entry's fallback ("a scalar that the paper introduces") is no usual meaning
    assert usual("eta") and not any("that the paper" in text for text in usual("eta"))


def first_shown(analysis: Analysis) -> dict[str, str]:
    """Each symbol's first shown definition ('' when none is shown)."""
    return {s.key: next((d.text for d in s.definitions if d.shown), "")
            for s in analysis.symbols}


def test_a_kind_keeps_the_relative_clause_that_says_what_it_does(tmp_path: Path) -> None:
    """"a function that simulates the SDE" is shown whole ("a function" alone names only a
    kind, which is never shown); a property ("that is smooth") or what the authors do with
    it ("which we learn") does not extend it."""
    analysis = analyze_text("Then $x_0 = f(x_T)$, where $f$ is a function that simulates the "
                            "reverse SDE. Here $g$ is a function that is smooth, and $h$ is "
                            "a map which we learn.", tmp_path)
    shown = first_shown(analysis)
    assert shown["f"] == "a function that simulates the reverse SDE"
    assert shown.get("g", "") == "" and shown.get("h", "") == ""


def test_a_bare_noun_keeps_the_relative_clause_that_says_what_it_does(tmp_path: Path) -> None:
    """"another network that seeks to predict $x_0$" says which network; a longer phrase
    ("the denoising network of the model") stands as it is."""
    analysis = analyze_text("Here $\\hat{x}_\\theta$ is another network that seeks to predict "
                            "$x_0$ from $x_t$, and $\\epsilon_\\theta$ is the denoising network of "
                            "the model that predicts noise.", tmp_path)
    shown = first_shown(analysis)
    assert shown["hat(x)_theta"] == "another network that seeks to predict $x_{0}$ from $x_{t}$"
    assert shown["epsilon_theta"].startswith("the denoising network")
    assert "predicts noise" not in shown["epsilon_theta"]


def test_a_kind_keeps_the_of_phrase_after_its_formula(tmp_path: Path) -> None:
    """"the space $\\mathcal{P}$ of probability distributions over $\\mathcal{X}$" is "the
    space of probability distributions over ..."; an "of" phrase that runs into a verb
    ("of the model has a prior") is no part of it."""
    analysis = analyze_text("We work on the space $\\mathcal{P}$ of probability distributions "
                            "over the domain $\\mathcal{X}$. Here the parameter $\\theta$ of the "
                            "model has a prior density.", tmp_path)
    shown = first_shown(analysis)
    assert shown["cal:P"].startswith("the space of probability distributions over the domain")
    assert shown.get("theta", "") == ""


def test_a_decorations_template_is_no_usual_meaning(tmp_path: Path) -> None:
    """What a decoration usually means (a bar's "the mean of f", a star's "the optimal
    value") may confirm a description ("the optimal value" of w*) but not contradict one
    ("the teacher network" of `\\bar{f}_2`); `\\hat{\\theta}`'s own entry still can."""
    from annotator.definitions.features import usual_feature
    from annotator.knowledge import load
    from annotator.match import usual_meanings
    from annotator.model import TemplateMeanings

    analysis = analyze_text("The teacher network $\\bar{f}_2$ copies $\\vec{U}$, $w^*$ and "
                            "$\\hat{\\theta}$.", tmp_path)
    kb = load(())
    usual = {s.key: usual_meanings(s, kb) for s in analysis.symbols}
    assert isinstance(usual["bar(f)"], TemplateMeanings)
    assert usual_feature("the teacher network", usual["bar(f)"]) is None
    assert usual_feature("the optimal value", usual["w*"]) == "usual:strong"
    assert not isinstance(usual["hat(theta)"], TemplateMeanings)
    assert usual_feature("the number of atoms", usual["hat(theta)"]) == "usual:none"
