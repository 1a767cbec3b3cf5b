"""The paper's words decide which knowledge meaning is shown (issue 10): agreement of a
definition with a meaning, in English and Chinese, and the choice it makes."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.agreement import agree, compatible, informative, only_a_kind
from annotator.analysis import analyze
from annotator.knowledge import load
from annotator.render.common import knowledge_line
from annotator.sources import load_paper
from conftest import write_tree


@pytest.mark.parametrize("definition,meaning,expected", [
    ("a policy", "Policy: π(a | s) is the probability of taking action a", True),
    ("the expert policy", "Policy: π(a | s)", True),
    ("the velocity field", "Vector field u_t(x): the velocity", True),
    ("positive definite covariance function", "Kernel function k(x, x′) = ⟨φ(x), φ(x′)⟩", True),
    # a definition naming a whole is no meaning naming a part of it
    ("a one-dimensional function or sequence", "Token u_i of a text sequence", False),
    ("a one-dimensional function or sequence", "文本序列中的词元 u_i，取自词表 𝒱", False),
    ("the Gaussian distribution", "Mean μ of a Gaussian distribution", False),
    ("the decoder parameters", "Parameters φ of the decoder", True),
    ("解码器参数", "解码器的参数 φ", True),
    ("数据", "数据样本 x_0 及其在扩散过程中逐步加噪后的版本 x_t", True),
    ("协方差函数", "核函数 k(x, x′)：两个输入之间的相似度", True),
    ("the learning rate", "Step size of gradient descent", True),
    ("the normalization constant", "Normalising constant of a density", True),
    ("a stack of N identical layers", "Number of stacked identical layers", True),
    ("the true posterior", "A probability distribution or density", True),
    ("策略", "策略：在状态 s 下选择动作的概率", True),
    ("学习率", "步长：梯度下降每一步的大小", True),
    # disagreements: other ideas, contrasting ideas, only a kind in common
    ("the parameters of the decoder", "Encoder parameters φ of q_φ(z | x)", False),
    ("解码器参数", "编码器参数：VAE 编码器 q_φ 的参数", False),
    ("the prior", "the approximate posterior", False),
    ("time", "Temperature: logits are divided by τ", False),
    ("the number of layers", "Number of training examples", False),
    ("parameter matrices", "Query projection matrix of attention", False),
    # sharing only a kind agrees only when the meaning says nothing more
    ("a proposal distribution", "Variational distribution (approximate posterior) q(z | x)",
     False),
    ("a probability distribution", "Probability distribution π(x): the prior", True),
    ("a probability distribution", "Policy: π(a | s) is the probability of an action", False),
    ("关系嵌入维度", "卷积核大小 k：卷积层或池化层的 k × k 窗口", False),  # two sizes
    # one Han character inside a word is weak: a head entity is no attention head
    ("头实体", "注意力头的个数（原始 Transformer 中 h = 8）", False),
    ("知识图谱的具体实体", "图的边 e：一对相连的节点", False),
    ("random seeds", "Outcome ω ∈ Ω of a random experiment", False),
    ("the dimension of values", "Value dimension per attention head", True),
    ("the model dimension", "Hidden size of the model (embedding dimension)", True),
    # the gloss after the head counts, by the vocabulary's terms only
    ("a sequence of variances", "Noise schedule β_t: the variance of the noise added", True),
    ("random initial momentum", "State distribution ρ: the initial-state distribution", False),
    ("上滑动一个尺寸", "一阶矩估计 m_t：梯度的指数滑动平均", False),
    ("some probability", "Policy: π(a | s) is the probability of an action", False),
    # vocabulary: both languages, a narrower idea names the broader one
    ("编码网络", "编码器 E：把输入映射为编码的网络", True),
    ("some measure of similarity between objects", "Kernel function κ(x, x′)", True),
    ("the corresponding unnormalized weight", "Importance weight w_i of a sample", True),
    ("一个边界值", "间隔 γ：正确三元组与破坏三元组得分至少相差的距离", True),
    # a head naming alternatives agrees when one of them says nothing more
    ("概率质量函数", "概率分布或事件的概率：如 P(y | x)", True),
    ("the probability mass function", "Probability distribution or probability of an event",
     True),
    ("a proposal distribution", "Policy or probability of an action", False),
    # ... with the modifiers the alternatives share
    ("distribution", "Measure or distribution μ of optimal transport: its mass moves", False),
    ("分布", "最优传输中的测度或分布 μ：其质量被搬运", False),
    # the gloss after a name's own formula counts, not one explaining an example
    ("a proposal distribution", "Second distribution q(x): an approximating or proposal "
     "distribution compared with p", True),
    ("一个距离度量", "Length scale ℓ of a kernel, as in k(x, x′) = exp(−‖x − x′‖²/(2ℓ²)): the "
     "distance over which the function varies", False),
    # a datum is data; a network says how a quantity is computed, not what it is
    ("the clean datum", "Data sample x_0 and its noisy versions x_t", True),
    # a term written with a hyphen is the same term; two modifiers may share one noun
    ("the fixed step-size", "Learning rate: the step size of gradient descent", True),
    ("the respective first and second moments", "First-moment estimate m_t of Adam", True),
    ("the first and last layers", "First-moment estimate m_t of Adam", False),
    # a running index is an index: the paper's "index of a movie" is one
    ("the index assigned to a particular movie", "Running index (first one): i = 1, …, n",
     True),
    ("the number of movies", "Running index (first one): i = 1, …, n", False),
    # a parenthesis of words is part of the name; one offering an alternative is not
    ("the embedding size", "Hidden size of the model (embedding dimension), often called "
     "hidden_size", True),
    ("the Gram matrix", "Kernel matrix (Gram matrix): K_ij = k(x_i, x_j)", True),
    ("a sequence", "Input data matrix: one example per row (or an input sequence)", False),
    # a name written with or without its accents is one name
    ("the Poincare ball", "Poincaré ball: a model of hyperbolic space", True),
    # a compound term is its own idea: a class's score is no standard score
    ("a score", "Standard score z = (x − μ)/σ: how many standard deviations x lies", False),
    ("the z-score of each feature", "Standard score z = (x − μ)/σ", True),
])
def test_agreement(definition: str, meaning: str, expected: bool) -> None:
    assert agree(definition, meaning) is expected


def test_a_network_names_only_a_kind_which_a_score_network_is() -> None:
    assert only_a_kind("a neural network") and only_a_kind("一个神经网络")
    assert not only_a_kind("the score network")
    assert compatible("a neural network", "Score network s_θ(x, t): a network trained ...")
    assert not compatible("a neural network", "Noise schedule β_t: the variance ...")


def test_a_definition_that_names_only_a_kind_is_not_evidence() -> None:
    assert not informative("a vector") and not informative("any point")
    assert informative("the expert policy")
    # a distribution is a kind, yet a definition naming one rules out a number
    assert informative("a probability distribution")


@pytest.fixture(scope="module")
def kb():  # type: ignore[no-untyped-def]
    return load(())


def _knowledge(kb, tmp_path: Path, text: str, key: str, lang: str = "en"):  # type: ignore[no-untyped-def]
    write_tree(tmp_path, {"main.tex": text})
    symbol = next(s for s in analyze(load_paper(str(tmp_path)), kb).symbols if s.key == key)
    return symbol.knowledge, knowledge_line(symbol.knowledge, lang) or ""


def test_the_papers_definition_chooses_the_meaning(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    match, line = _knowledge(kb, tmp_path, "\\section{Method}\nWe act with $\\pi$, where "
                             "$\\pi$ denotes a policy over actions.\n", "pi")
    assert match.basis == "definition" and "policy" in line.lower()
    assert "3.14" not in line and "circle" not in line.lower()


def test_a_meaning_that_contradicts_the_paper_is_never_shown(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    match, line = _knowledge(kb, tmp_path, "\\section{Model}\nThe loss uses $\\pi$, where "
                             "$\\pi$ is the total cost of a shipment route.\n", "pi")
    assert match.basis == "general"
    assert "policy" not in line.lower() and "3.14" not in line


def test_chinese_definitions_choose_too(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    match, line = _knowledge(kb, tmp_path, "\\section{方法}\n其中 $\\pi$ 表示智能体的策略。\n",
                             "pi", "zh")
    assert match.basis == "definition" and "策略" in line


def test_a_general_line_does_not_name_the_meaning_it_withholds(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    match, line = _knowledge(kb, tmp_path, "\\section{方法}\n设 $I(X; Y)$ 为真实图像的集合。\n",
                             "I", "zh")
    assert match.basis == "general"
    assert "互信息" not in line  # the reading 'X 与 Y 的互信息' would say it anyway
    assert "图像" not in line  # a set of images is no image


def test_an_image_height_is_the_height_meaning(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = ("\\section{Data}\nImages have height $H$ and width $W$, where $H$ is the height "
            "in pixels and $W$ the width.\n")
    for key, word in (("H", "height"), ("W", "width")):
        match, line = _knowledge(kb, tmp_path, text, key)
        assert match.basis == "definition" and word in line.lower()
        assert "entropy" not in line.lower() and "weight" not in line.lower()


def test_a_general_line_reads_the_letter_not_a_formula(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # H's entry reads "H of X, the entropy of X": a tariff is no entropy
    text = "\\section{Data}\nRoutes are priced by $H$, where $H$ is the tariff per route.\n"
    for lang in ("en", "zh"):
        match, line = _knowledge(kb, tmp_path, text, "H", lang)
        assert match.basis == "general"
        assert line.startswith("H") and "of X" not in line and "熵" not in line


def test_the_name_of_another_meaning_does_not_head_the_chosen_one(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # calligraphic L's entry is named "loss"; defined as a Lagrangian it is not headed so
    match, line = _knowledge(kb, tmp_path, "\\section{Method}\nLet $\\mathcal{L}$ be the "
                             "Lagrangian of the constrained problem.\n", "cal:L")
    assert match.basis == "definition" and "lagrangian" in line.lower()
    assert not line.lower().startswith("loss")


def test_a_decorated_symbol_takes_the_agreeing_letter_meaning(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # W-bar's own template ("a version of W with a bar") disagrees with the paper; the
    # letter W's Brownian motion agrees, and says which letter it is built on
    text = ("\\section{Reverse SDE}\nHere $\\bar{W}_t$ is a Brownian motion running backward "
            "in time.\n")
    match, line = _knowledge(kb, tmp_path, text, "bar(W)")
    assert match.basis == "definition" and match.match == "base"
    assert "brownian" in line.lower() and "built on W" in line
    _, chinese = _knowledge(kb, tmp_path, text, "bar(W)", "zh")
    assert "布朗" in chinese and "由 W 变化而来" in chinese


def test_an_upright_letter_takes_the_italic_letters_agreeing_meaning(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """\\mathrm{C} is the Deep Learning book's upright random variable; defined as a
    covariance, the italic C's covariance meaning is shown (with no "C, built on C")."""
    text = "\\section{Method}\nHere $\\mathrm{C}$ is the covariance of the ensemble.\n"
    match, line = _knowledge(kb, tmp_path, text, "rm:C")
    assert match.basis == "definition" and "covariance" in line.lower()
    assert "built on" not in line


def test_a_decorated_symbol_no_letter_meaning_fits_stays_general(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # the bare letter is tried only for agreement: a paper's y-bar that is a shipment route
    # is neither an average of y nor y's usual output or target
    text = "\\section{Method}\nHere $\\bar{y}$ is the shipment route of the courier.\n"
    match, line = _knowledge(kb, tmp_path, text, "bar(y)")
    assert match.basis == "general" and match.match == "pattern"
    assert "output" not in line.lower() and "target" not in line.lower()


@pytest.mark.parametrize(("definition", "meaning", "expected"), [
    ("the set of real images", "Image I: an input picture", False),
    ("真实图像的集合", "图像 I：输入的图片", False),
    ("the number of layers", "Layer index l of a network", False),
    ("the number of layers", "Number of layers N: the depth of the network", True),
    ("the set of states", "State space of an MDP: the set of all states", True),
    ("样本的数量", "样本数 N：数据集的大小", True),
])
def test_a_container_agrees_only_with_a_container(definition: str, meaning: str,
                                                  expected: bool) -> None:
    assert agree(definition, meaning) is expected


def test_sharing_what_the_definition_names_beats_saying_nothing_more() -> None:
    from annotator.agreement import STRONG, WEAK, agreement
    assert agreement("样本数量", "元素个数：下标的范围") == WEAK
    assert agreement("样本数量", "样本量或批大小 n：抽取的样本个数") == STRONG
    assert agreement("样本数量", "噪声 n：随机扰动") == 0


@pytest.mark.parametrize(("text", "key", "word"), [
    # ε-greedy: an RL paragraph that says "greedy", with no Q in ε's formula
    ("\\section{Agent}\nThe agent learns a policy from the reward of each episode. It acts "
     "greedily with exploration probability $\\epsilon$, a greedy policy otherwise.\n",
     "epsilon", "exploration"),
    # an RL paragraph that names Adam too: ε-greedy's ε, not Adam's
    ("\\section{Agent}\nThe agent learns a policy from the reward of each episode, trained "
     "with Adam; it acts greedily, and we anneal $\\epsilon$ to 0.01.\n",
     "epsilon", "exploration"),
    # an exploration noise drawn from a Gaussian is noise
    ("\\section{Agent}\nThe agent learns a policy from the reward of each episode. For "
     "exploration we add noise $\\epsilon \\sim \\mathcal{N}(0, \\sigma^2)$ to the action.\n",
     "epsilon", "gaussian noise"),
    # PPO's ε is its clipping parameter, even written alone
    ("\\section{Training}\nWe train the policy with Proximal Policy Optimization and "
     "$\\epsilon = 0.2$.\n", "epsilon", "clip"),
    # Adam's ε keeps the division stable
    ("\\section{Training}\nWe use Adam with $\\epsilon = 10^{-8}$ and a batch of 32.\n",
     "epsilon", "numerical stability"),
    # α of Metropolis-Hastings is the acceptance probability
    ("\\section{Sampler}\nWe run Markov chain Monte Carlo (MCMC) with a Metropolis step: "
     "a draw from the proposal distribution is accepted with probability $\\alpha$.\n",
     "alpha", "acceptance"),
])
def test_the_field_and_the_words_around_choose_the_meaning(kb, tmp_path: Path, text: str,  # type: ignore[no-untyped-def]
                                                           key: str, word: str) -> None:
    match, line = _knowledge(kb, tmp_path, text, key)
    assert match.basis in ("condition", "definition") and word in line.lower(), line


def test_a_plain_r_raised_to_a_shape_is_the_real_numbers(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    match, line = _knowledge(kb, tmp_path, "\\section{Model}\nFor a query $Q \\in "
                             "R^{n \\times d}$ we compute the output.\n", "R")
    assert match.basis == "condition" and "real" in line.lower()


def test_a_fallback_meaning_is_not_headed_by_another_meanings_name(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # big-O's entry ends with "a set or matrix that the paper defines": an O used so is
    # headed by its letter, not "big-O notation"
    _, line = _knowledge(kb, tmp_path, "\\section{Data}\nEach label is one of $P$, $N$ "
                         "or $O$.\n", "O")
    assert "paper defines" in line and not line.lower().startswith("big")
    _, chinese = _knowledge(kb, tmp_path, "\\section{Data}\nEach label is one of $P$, $N$ "
                            "or $O$.\n", "O", "zh")
    assert not chinese.startswith("大 O")


def test_a_word_made_of_function_characters_still_says_something() -> None:
    # 中 is dropped as the 中 of 其中, but 中立 (neutral) is a word: "$O$ 为中立" is a
    # definition, so big-O's usual meanings do not stand unchallenged
    assert informative("中立")
    assert not agree("中立", "大 O 记号：渐近复杂度")


def test_a_kind_only_definition_confirms_a_labelled_form_as_written(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`d_{ff}` is the knowledge's own form: "the dimensionality" allows its meaning, as a
    condition that held would; the bare letter d defined only by a kind stays general."""
    text = ("\\section{Model}\nThe block maps $x$ to $\\max(0, xW_1)W_2$, where $d_{ff}$ is "
            "the dimensionality.\n")
    match, line = _knowledge(kb, tmp_path / "a", text, "d_ff")
    assert match.basis == "condition" and match.reason == "written"
    assert "feed-forward" in line.lower()
    plain = ("\\section{Model}\nThe block maps $x$ to $\\max(0, xW_1)W_2$, where $d$ is the "
             "dimensionality.\n")
    match, _ = _knowledge(kb, tmp_path / "b", plain, "d")
    assert match.basis != "condition"


def test_a_word_label_takes_the_letters_meaning_only_on_agreement(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """d_{out} "the dimension of outputs" is the letter d's dimension; P_{drop} "the dropout
    rate" says nothing of the letter P's meanings, so none of them is shown."""
    text = "\\section{Model}\nHere $d_{out}$ is the dimension of outputs.\n"
    match, line = _knowledge(kb, tmp_path / "a", text, "d_out")
    assert match.basis == "definition" and "dimension" in line.lower()
    drop = "\\section{Model}\nHere $P_{drop}$ is the dropout rate.\n"
    match, line = _knowledge(kb, tmp_path / "b", drop, "P_drop")
    assert match is None or match.basis != "definition"
    assert "probability distribution" not in line.lower()


def test_a_kind_only_definition_is_no_evidence_not_a_disagreement(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Z "a random variable" is one of the kinds Z's usual meanings are: the line says that
    nothing chooses among them, not that none fits; "the total cost of a shipment" of π
    disagrees."""
    text = "\\section{Model}\nHere $Z$ is a random variable.\n"
    match, line = _knowledge(kb, tmp_path / "a", text, "Z")
    assert match.basis == "general" and match.reason == "kind"
    assert "no usual meaning fits" not in line and "only its kind" in line
    _, chinese = _knowledge(kb, tmp_path / "a", text, "Z", "zh")
    assert "类别" in chinese
    cost = "\\section{Model}\nHere $\\pi$ is the total cost of a shipment route.\n"
    match, line = _knowledge(kb, tmp_path / "b", cost, "pi")
    assert match.reason == "defined" and "no usual meaning fits" in line
