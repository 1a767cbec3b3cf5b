"""The knowledge base: every shipped file valid, complete in both languages, forms stable
under the tokenizer; user files add and override, with clear errors."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from annotator import knowledge
from annotator.formulas import formula_symbols as analyze_formula
from annotator.knowledge import KnowledgeError, form_key
from conftest import corpus_path, run_cli

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")  # Han ideographs


@pytest.fixture(scope="module")
def kb() -> knowledge.KnowledgeBase:
    return knowledge.load()


def test_shipped_base_is_large_and_bilingual(kb: knowledge.KnowledgeBase) -> None:
    assert len(kb.entries) >= 300
    for entry in kb.entries.values():
        for text in [entry.name, entry.reading, entry.math] + [m.text for m in entry.meanings]:
            assert text.en.strip() and text.zh.strip(), entry.id
        # Chinese texts are Chinese (a reading may be a formula: LeakyReLU(x)).
        for text in [entry.math] + [m.text for m in entry.meanings]:
            assert CJK.search(text.zh), (entry.id, text.zh)


def test_every_family_file_is_present(kb: knowledge.KnowledgeBase) -> None:
    assert set(kb.families()) == {
        "greek", "fonts-and-conventions", "operators", "calculus", "linear-algebra",
        "probability", "information-theory", "optimization", "machine-learning", "formulas",
        "dlbook", "topics"}


def test_forms_are_stable_under_normalization(kb: knowledge.KnowledgeBase) -> None:
    """A form's key, written back as canonical LaTeX and read again, is the same key."""
    for entry in kb.entries.values():
        for form in entry.forms + entry.aliases:
            key = form_key(form)
            assert key is not None, (entry.id, form)
            if key.startswith("sym:"):
                continue
            _, symbols = analyze_formula(form)
            canonical = next(s for s in symbols if s.key == key).latex
            assert form_key(canonical) == key, (entry.id, form, canonical)


def test_no_form_is_claimed_twice(kb: knowledge.KnowledgeBase) -> None:
    owners: dict[str, str] = {}
    for entry in kb.entries.values():
        for form in entry.forms + entry.aliases:
            key = form_key(form)
            assert owners.setdefault(key, entry.id) == entry.id, (key, entry.id, owners[key])


def test_every_area_and_convention_has_an_entry(kb: knowledge.KnowledgeBase) -> None:
    assert {e.id for e in kb.entries.values() if e.kind == "area"} >= {
        f"area-{area}" for area in knowledge.AREAS if area != "general"}
    assert set(kb.conventions) == knowledge.CONVENTIONS


@pytest.mark.parametrize("latex", [
    # seed 000: the Greek table and the conventions
    r"\alpha", r"\beta", r"\gamma", r"\delta", r"\Delta", r"\epsilon", r"\theta", r"\eta",
    r"\lambda", r"\mu", r"\sigma", r"\Sigma", r"\Pi", r"\nabla", r"\partial", r"\mathcal{L}",
    r"\mathbb{E}",
    # seed 002 and 003
    r"\det", r"\operatorname{tr}", r"\operatorname{softmax}", r"\tanh", r"\operatorname{erf}",
    r"\operatorname{GELU}", r"\operatorname{GLU}", r"\operatorname{Swish}",
    r"\operatorname{SwiGLU}", r"\operatorname{LayerNorm}", r"\operatorname{RMSNorm}",
    r"\operatorname{PPL}", r"D_{\mathrm{KL}}",
    # the DL book
    r"\mathbb{R}", r"\operatorname{Var}", r"\operatorname{Cov}", r"\operatorname{Tr}",
    r"\operatorname{sign}", r"\mathcal{D}", r"\mathbf{1}", r"\boldsymbol{I}",
    # what an ML reader meets next
    r"\mathcal{N}", r"\mathcal{O}", r"\odot", r"\otimes", r"\oplus", r"\sim", r"\propto",
    r"\approx", r"\triangleq", r"\arg\max", r"\pi", r"\tau", r"W^{Q}", r"d_k",
    r"d_{\text{model}}", r"\|\cdot\|", r"\langle\cdot,\cdot\rangle", r"\mathbb{1}",
])
def test_notation_is_covered(kb: knowledge.KnowledgeBase, latex: str) -> None:
    key = form_key(latex)
    assert key in kb.forms or key in kb.aliases, latex


def test_dlbook_notation_page_is_covered(kb: knowledge.KnowledgeBase) -> None:
    """Every symbol of the Deep Learning book's notation page has knowledge beyond a bare
    typographic convention."""
    from annotator.analysis import analyze
    from annotator.sources import load_paper
    analysis = analyze(load_paper(str(corpus_path("dlbook-math-commands"))), kb)
    weak = [s.key for s in analysis.symbols if s.knowledge is None
            or s.knowledge.match == "convention"]
    share = 1 - len(weak) / len(analysis.symbols)
    assert share >= 0.85, weak


# ---------------------------------------------------------------- user files

def user_file(tmp_path: Path, text: str, name: str = "lab.toml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


ENTRY = """
[[entry]]
id = "{id}"
kind = "symbol"
forms = ['{form}']
area = "machine-learning"
name = {{ en = "{name}", zh = "奖励集合" }}
reading = {{ en = "script R", zh = "花体 R" }}
math = {{ en = "A set.", zh = "一个集合。" }}
[[entry.meanings]]
en = "{meaning}"
zh = "我们实验室的奖励集合。"
"""


def test_user_file_adds_an_entry(tmp_path: Path) -> None:
    path = user_file(tmp_path, ENTRY.format(id="lab-reward-set", form="\\mathscr{R}",
                                            name="reward set", meaning="Our reward set."))
    kb = knowledge.load((path,))
    assert kb.entries["lab-reward-set"].source == path
    assert kb.forms[form_key(r"\mathscr{R}")] == "lab-reward-set"


def test_user_file_overrides_an_entry_by_id(tmp_path: Path) -> None:
    path = user_file(tmp_path, ENTRY.format(id="mathcal-r", form="\\mathcal{R}",
                                            name="reward set", meaning="Our reward set."))
    kb = knowledge.load((path,))
    assert kb.entries["mathcal-r"].meanings[0].text.en == "Our reward set."
    result = run_cli(["explain", r"\mathcal{R}", "--kb", path])
    assert "Our reward set." in result.out


@pytest.mark.parametrize("text,message", [
    ("[[entry]\nid=", "lab.toml: not valid TOML"),
    (ENTRY.format(id="x-1", form="\\mathcal{R}", name="r", meaning="m"),
     "form '\\\\mathcal{R}' is already claimed by entry 'mathcal-r'"),
    (ENTRY.format(id="Bad Id", form="q", name="r", meaning="m"), "'id' must be lowercase"),
    (ENTRY.format(id="lab-a", form="\\mathscr{A}", name="r", meaning="m")
     .replace('zh = "我们实验室的奖励集合。"', 'zh = ""'), "entry 'lab-a': 'meaning #1' needs"),
    (ENTRY.format(id="lab-b", form="\\mathscr{B}", name="r", meaning="m") + 'colour = "red"\n',
     "entry 'lab-b': meaning #1: unknown field 'colour'"),
    (ENTRY.format(id="lab-c", form="\\mathscr{C}", name="r", meaning="m")
     + 'when = ["topic:cooking"]\n', "unknown topic 'cooking'"),
    (ENTRY.format(id="lab-d", form="x + y", name="r", meaning="m"),
     "form 'x + y' is not one symbol"),
])
def test_user_file_errors_name_the_file_and_entry(tmp_path: Path, text: str,
                                                  message: str) -> None:
    path = user_file(tmp_path, text)
    with pytest.raises(KnowledgeError) as caught:
        knowledge.load((path,))
    assert message in str(caught.value)
    assert "lab.toml" in str(caught.value)
    result = run_cli(["explain", "x", "--kb", path])
    assert result.code == 2 and "lab.toml" in result.err and "Traceback" not in result.err


def test_missing_user_file(tmp_path: Path) -> None:
    result = run_cli(["kb", "list", "--kb", str(tmp_path / "none.toml")])
    assert result.code == 2 and "none.toml: no such file" in result.err


# ---------------------------------------------------------------- stage imports

SOURCE = Path(knowledge.__file__).parent


def _imports(path: Path) -> set[str]:
    """Modules of the package that a file imports, at the top or inside a function."""
    package = path.relative_to(SOURCE).with_suffix("").parts[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(package[:len(package) - node.level + 1])
            target = ".".join(base + ([node.module] if node.module else []))
            found.add(target)
            found.update(f"{target}.{alias.name}".lstrip(".") for alias in node.names)
    return {name.lstrip(".") for name in found}


def test_the_knowledge_stage_never_imports_the_orchestrator() -> None:
    """analysis -> match -> knowledge must not lead back to analysis: knowledge normalises
    its forms with the math stages (formulas, normalize, ...), which import no later stage."""
    graph = {str(p.relative_to(SOURCE).with_suffix("")).replace("/", "."): _imports(p)
             for p in SOURCE.rglob("*.py")}
    seen: set[str] = set()
    todo = ["knowledge"]
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        todo += [m for m in graph.get(module, ()) if m in graph]
    assert "analysis" not in seen and "match" not in seen, sorted(seen)
    assert {"formulas", "normalize", "tokenize", "mathparse", "lexer"} <= seen


# ---------------------------------------------------------------- topics

def test_topics_are_data_in_both_languages(kb: knowledge.KnowledgeBase) -> None:
    assert list(knowledge.TOPIC_WORDS) == list(kb.topics)
    assert {"rl", "attention", "graph", "diffusion", "sde", "flow-matching", "normalizing-flows",
            "variational",
            "bandits", "optimization-theory", "nlp", "vision"} <= set(kb.topics)
    for topic in kb.topics.values():
        assert topic.name.en and CJK.search(topic.name.zh), topic.id
        chinese = [w for w in topic.words if CJK.search(w)]
        assert chinese and len(chinese) < len(topic.words), topic.id
        # a single Han character matches inside unrelated words (图 in 如图, "as in figure")
        assert all(len(w) >= 2 for w in chinese), (topic.id, chinese)


@pytest.mark.parametrize("text,topic", [
    ("We train a denoising diffusion model with a cosine noise schedule; the score "
     "network predicts the noise, and the reverse process samples images.", "diffusion"),
    ("The forward SDE is driven by a Brownian motion W_t; its drift and diffusion "
     "coefficient define the Fokker-Planck equation.", "sde"),
    ("Flow matching regresses a velocity field along a probability path.", "flow-matching"),
    ("A normalizing flow stacks invertible coupling layers; the change of variables gives "
     "the log-likelihood through a Jacobian determinant.", "normalizing-flows"),
    ("We maximise the ELBO of the variational posterior with importance sampling.",
     "variational"),
    ("A multi-armed bandit: the regret of UCB after T rounds, arm by arm.", "bandits"),
    ("我们训练一个扩散模型：去噪网络在反向过程中预测噪声。", "diffusion"),
    ("策略梯度方法最大化智能体的累计奖励。", "rl"),
])
def test_topic_words_find_the_field(text: str, topic: str) -> None:
    from annotator.match import topics_of
    assert topic in topics_of(text), topics_of(text)


def test_figure_references_are_not_a_graph_topic() -> None:
    from annotator.match import topics_of
    assert "graph" not in topics_of("如图 1 所示，图 2 给出了结果，见图 3。")


def test_a_repeated_word_alone_makes_no_section_topic() -> None:
    """A causal-inference chapter that says "policy" and "policies" four times (a public
    policy) is not about reinforcement learning; "policy" and "reward" are two words of
    the field. One mention is enough where one is asked for (a paragraph's own topics)."""
    from annotator.match import topics_of
    causal = ("A policy question asks what a policy would change. Policies that set the "
              "driving age are a policy lever.")
    assert "rl" not in topics_of(causal, 2)
    assert "rl" in topics_of("The policy maximises the expected reward.", 2)
    assert "rl" in topics_of("We follow the policy.", 1)


def test_a_topic_condition_must_name_a_shipped_topic(tmp_path: Path) -> None:
    path = user_file(tmp_path, ENTRY.format(id="lab-t", form="\\mathscr{T}", name="r",
                                            meaning="m") + 'when = ["topic:diffusion"]\n')
    assert knowledge.load((path,)).entries["lab-t"].meanings[0].when == ("topic:diffusion",)
    topic = '[[topic]]\nid = "cooking"\nname = { en = "c", zh = "烹饪" }\n' \
            'words = { en = ["pan"], zh = ["炒锅"] }\n'
    with pytest.raises(KnowledgeError, match=r"\[\[topic\]\] tables belong in the shipped"):
        knowledge.load((user_file(tmp_path, topic, "topics.toml"),))


# ---------------------------------------------------------------- meanings

PAPER_MARKERS = re.compile(r"GPT-?\d|BERT\b|LLaMA")
"""Names of single papers or models: an example from one, never a default meaning."""


def test_defaults_and_math_name_no_single_paper(kb: knowledge.KnowledgeBase) -> None:
    """The meaning without a condition is what a reader of any paper gets, and `math` is
    the general fallback: neither may be an example from one paper (GPT-1's corpus)."""
    for entry in kb.entries.values():
        if entry.family == "formulas":
            continue  # named formulas (SwiGLU) say where they come from
        defaults = [m.text for m in entry.meanings if not m.when]
        for text in [entry.math, *defaults]:
            for language in (text.en, text.zh):
                assert not PAPER_MARKERS.search(language), (entry.id, language)


def test_the_default_meaning_comes_last(kb: knowledge.KnowledgeBase) -> None:
    """A meaning after the unconditional one could never be chosen."""
    for entry in kb.entries.values():
        unconditional = [i for i, m in enumerate(entry.meanings) if not m.when]
        assert unconditional in ([], [len(entry.meanings) - 1]), entry.id


@pytest.mark.parametrize("latex", [
    r"\mathcal{D}_{\mathrm{KL}}", r"D_{\text{KL}}", r"\mathrm{KL}", r"\operatorname{KL}",
    r"\mathbb{D}_{\mathrm{KL}}", r"\mathrm{D}_{\mathrm{KL}}", r"\mathcal{KL}", r"D_{KL}",
])
def test_kl_divergence_in_every_spelling(kb: knowledge.KnowledgeBase, latex: str) -> None:
    key = form_key(latex)
    assert (kb.forms.get(key) or kb.aliases.get(key)) == "kl-divergence", (latex, key)


@pytest.mark.parametrize("latex,entry_id", [
    (r"\operatorname{ELBO}", "elbo"), (r"\operatorname{EUBO}", "eubo"),
    (r"q_{\phi}", "q-phi"), (r"s_\theta", "s-theta"), (r"\epsilon_\theta", "epsilon-theta"),
    (r"\bar{\alpha}", "bar-alpha"), (r"\operatorname{ESS}", "effective-sample-size"),
    (r"\hat{m}", "hat-m"), (r"\hat{v}", "hat-v"), (r"\mathcal{N}", "normal-distribution"),
    (r"\mathcal{U}", "uniform-distribution"), (r"\operatorname{Bernoulli}", "bernoulli"),
    (r"\operatorname{Cat}", "categorical"), (r"\operatorname{div}", "divergence-op"),
    (r"\varnothing", "emptyset"), (r"D_f", "f-divergence"),
])
def test_new_notation_is_covered(kb: knowledge.KnowledgeBase, latex: str, entry_id: str) -> None:
    key = form_key(latex)
    assert (kb.forms.get(key) or kb.aliases.get(key)) == entry_id, (latex, key)


def test_chinese_texts_use_full_width_punctuation(kb: knowledge.KnowledgeBase) -> None:
    """，；：（） next to Chinese, as Chinese typesetting has it; ASCII stays inside formulas
    (N(μ, σ²), x_{1:T}) and LaTeX. Fix with `python tests/zh_punctuation.py`."""
    from zh_punctuation import problems
    texts = [(entry.id, text.zh) for entry in kb.entries.values()
             for text in (entry.name, entry.reading, entry.math,
                          *(m.text for m in entry.meanings), *(p.text for p in entry.patterns))]
    texts += [(topic.id, topic.name.zh) for topic in kb.topics.values()]
    wrong = [(where, zh) for where, zh in texts if problems(zh)]
    assert not wrong, wrong[:5]


@pytest.mark.parametrize("text,fixed", [
    ("角度,或一般的参数。", "角度，或一般的参数。"),
    ("方差 σ²(标准差的平方),如 N(μ, σ²)。", "方差 σ²（标准差的平方），如 N(μ, σ²)。"),
    ("Adam 的衰减率:β₁ 用于一阶矩;β₂ 用于二阶矩", "Adam 的衰减率：β₁ 用于一阶矩；β₂ 用于二阶矩"),
    ("密度 N(x; μ, Σ) 与 x_{1:T} 序列, f: A → B", "密度 N(x; μ, Σ) 与 x_{1:T} 序列，f: A → B"),
    ("取值于 (0, 1):$\\sigma(x)$,如", "取值于 (0, 1)：$\\sigma(x)$，如"),
    ("学习率(lr) 与步长", "学习率（lr）与步长"),
])
def test_punctuation_conversion_keeps_formulas(text: str, fixed: str) -> None:
    from zh_punctuation import convert, problems
    assert convert(text) == fixed
    assert problems(fixed) == []


SDE_PAPER = r"""\documentclass{article}\begin{document}
\section{Stochastic differential equations}
The forward process is the stochastic differential equation (SDE)
\[ dX_t = f(X_t, t)\,dt + g(t)\,dW_t , \]
where the drift $f$ and the diffusion coefficient $g$ are fixed, and $W_t$ is a Brownian
motion. The noise level $\sigma_t$ grows with $t$, and a denoising diffusion model learns
the score; the probability flow ODE has the same marginals as the SDE.
\section{Flow matching}
Flow matching regresses a velocity field: the vector field $u_t(x)$ generates a flow
$\psi_t$ along a probability path $p_t$ that starts at a Dirac point mass $\delta_{z}$,
and the normalizing flow is trained on the vector field directly.
\end{document}
"""

PLAIN_PAPER = r"""\documentclass{article}\begin{document}
A linear layer computes $y = W x + b$ with input $x$, then $h = \sigma(y)$; we train
$W$ and $b$ with a learning rate and report the accuracy of $u$, a vector.
\end{document}
"""


def _meanings(tmp_path: Path, text: str, kb: knowledge.KnowledgeBase) -> dict[str, str]:
    from annotator.analysis import analyze
    from annotator.sources import load_paper
    (tmp_path / "main.tex").write_text(text, encoding="utf-8")
    analysis = analyze(load_paper(str(tmp_path)), kb)
    return {s.key: s.knowledge.entry.meanings[s.knowledge.meaning].text.en
            for s in analysis.symbols if s.knowledge is not None and s.knowledge.entry}


@pytest.mark.parametrize("key,right,wrong", [
    ("W", "Wiener", "weight"),
    ("f", "Drift", "model"),
    ("g", "Diffusion coefficient", "gradient"),
    ("sigma", "Noise level", "singular value"),
    ("u", "vector field", "GPT-1"),
    ("psi", "flow", "digamma"),
    ("delta_z", "point mass", "Kronecker"),
])
def test_field_meanings_follow_the_field(tmp_path: Path, kb: knowledge.KnowledgeBase,
                                         key: str, right: str, wrong: str) -> None:
    meaning = _meanings(tmp_path, SDE_PAPER, kb)[key]
    assert right.lower() in meaning.lower() and wrong.lower() not in meaning.lower(), meaning


def test_without_a_field_the_general_meaning_is_shown(tmp_path: Path,
                                                      kb: knowledge.KnowledgeBase) -> None:
    meanings = _meanings(tmp_path, PLAIN_PAPER, kb)
    assert "weight matrix" in meanings["W"].lower() and "GPT" not in meanings["W"]
    assert "GPT" not in meanings["u"] and "Wiener" not in meanings["W"]


# ---------------------------------------------------------------- one idea per meaning

def _names_something(head: str) -> bool:
    return bool(CJK.search(head) or re.search(r"[A-Za-z]{3,}", head))


def test_every_meaning_starts_with_what_it_names(kb: knowledge.KnowledgeBase) -> None:
    """A paper's definition is compared with a meaning's head, the text before its first
    ':' or '(' (agreement.head): in both languages the head names the thing, as in
    '加权函数 λ(t)：去噪损失中…', not '（多头）注意力的…', whose head is empty."""
    from annotator.agreement import head
    empty = [(entry.id, index, text) for entry in kb.entries.values()
             if entry.family not in ("formulas", "topics")
             for index, meaning in enumerate(entry.meanings)
             for text in (meaning.text.en, meaning.text.zh) if not _names_something(head(text))]
    assert not empty, empty[:5]


@pytest.mark.parametrize("entry_id,words", [
    ("alpha", ["learning rate", "学习率", "step size"]),
    ("beta", ["momentum", "regression", "adam", "动量"]),
    ("gamma", ["discount", "折扣", "focal"]),
    ("delta", ["perturbation", "failure", "dirac", "kronecker", "huber"]),
    ("capital-delta", ["change", "increment", "laplac", "simplex", "变化"]),
    ("letter-c", ["class", "类别"]),
    ("lambda", ["regularis", "weight decay", "lagrange", "eigen", "正则"]),
    ("epsilon", ["noise", "label smoothing", "噪声"]),
    ("letter-capital-w", ["gpt", "embedding", "wiener"]),
    ("letter-u", ["token", "gpt", "vector field"]),
    ("letter-h", ["hidden", "head", "隐藏"]),
    ("letter-capital-d", ["dimension", "dataset", "discriminator", "维数"]),
])
def test_defaults_name_no_field(kb: knowledge.KnowledgeBase, entry_id: str,
                                words: list[str]) -> None:
    """The meaning a reader gets without evidence names no one field's use (issue 10):
    α's default is no learning rate, c's no class index, Δ's no change."""
    default = kb.entries[entry_id].meanings[-1].text
    text = f"{default.en} {default.zh}".lower()
    assert not [word for word in words if word in text], (entry_id, default.en)


@pytest.mark.parametrize("latex,key,topics,words", [
    # a δ beside a log is as often a step or a tolerance: the failure probability needs
    # the sentence to say "with probability" (test_a_says_condition_reads_the_sentence)
    (r"\sqrt{\log(1/\delta)}", "delta", (), "usually small"),
    (r"\operatorname{clip}(r, 1 - \epsilon, 1 + \epsilon)", "epsilon", (), "ppo"),
    (r"\operatorname{clip}(r, 1 - \epsilon, 1 + \epsilon)", "r", (), "probability ratio"),
    (r"\operatorname{softmax}(QK^\top)", "Q", (), "query"),
    (r"\sigma_\phi(x)", "sigma_phi", (), "standard deviation"),
    (r"x \in \mathbb{R}^n", "n", (), "dimension"),
    (r"\Delta W = BA", "Delta", (), "change"),
    (r"D(p \| q)", "D", (), "divergence"),
    (r"\log D(x) + \log(1 - D(G(z)))", "D", (), "discriminator"),
    (r"y = x \odot \exp(s(u)) + t(u)", "s", (), "scale"),
    (r"y = x \odot \exp(s(u)) + t(u)", "t", (), "translation"),
    (r"q(x_t \mid x_{t-1})", "q", ("diffusion",), "forward"),
    (r"\alpha", "alpha", (), "scalar coefficient"),
    (r"c", "c", (), "constant or vector"),
])
def test_specific_meanings_need_evidence(kb: knowledge.KnowledgeBase, latex: str, key: str,
                                         topics: tuple[str, ...], words: str) -> None:
    """A field's meaning is chosen from a neighbouring symbol, the way the letter is used
    or the paragraph's topic; without any, the general default (a bare α is a scalar
    coefficient, not a learning rate)."""
    from annotator.explain import explain
    found = {s.key: s.knowledge for s in explain(latex, kb, topics).symbols}
    match = found[key]
    assert match is not None and match.entry is not None, found.keys()
    assert words in match.entry.meanings[match.meaning].text.en.lower(), \
        match.entry.meanings[match.meaning].text.en


def test_a_says_condition_reads_the_sentence(kb: knowledge.KnowledgeBase,
                                             tmp_path: Path) -> None:
    """`says:` holds where the prose around the formula has one of its phrases: δ is a
    failure probability in "with probability at least $1 - \\delta$", not in a step."""
    from annotator.analysis import analyze
    from annotator.sources import load_paper

    def delta_meaning(text: str) -> str:
        (tmp_path / "main.tex").write_text(text, encoding="utf-8")
        symbol = next(s for s in analyze(load_paper(str(tmp_path)), kb).symbols
                      if s.key == "delta")
        assert symbol.knowledge is not None and symbol.knowledge.entry is not None
        return symbol.knowledge.entry.meanings[symbol.knowledge.meaning].text.en.lower()

    assert "failure probability" in delta_meaning(
        "With probability at least $1 - \\delta$, the error is below "
        "$\\sqrt{\\log(1/\\delta)/n}$.\n")
    assert "failure probability" not in delta_meaning(
        "We move each point by $\\delta$ and take $\\log \\delta$ as the scale.\n")
    assert "failure probability" in delta_meaning(
        "以至少 $1 - \\delta$ 的概率成立。\n")


def test_a_says_condition_needs_real_phrases() -> None:
    assert knowledge.condition_problem("says:with probability|概率至少") is None
    assert "two characters" in (knowledge.condition_problem("says:a|with probability") or "")


@pytest.mark.parametrize("latex,meaning", [
    (r"\delta_{ij} = 1", "kronecker"),
    (r"\delta_{i,j}", "kronecker"),
    (r"I(X; Y) = H(X) - H(X \mid Y)", "mutual information"),
    (r"I(X \to Y)", "mutual information"),
])
def test_structural_conditions(kb: knowledge.KnowledgeBase, latex: str, meaning: str) -> None:
    """`pair-indexed` (δ_ij has two indices) and `argument:` (I(X; Y) has two variables)."""
    from annotator.explain import explain
    key = "delta" if "delta" in latex else "I"
    match = {s.key: s.knowledge for s in explain(latex, kb).symbols}[key]
    assert match is not None and match.entry is not None
    assert meaning in match.entry.meanings[match.meaning].text.en.lower()


@pytest.mark.parametrize("latex,meaning", [
    (r"\frac{1}{N} \sum_j \delta_{x_j}", "kronecker"),   # a Dirac mass at each sample
    (r"I(x) = -\log P(x)", "mutual information"),       # one outcome: no mutual information
])
def test_structural_conditions_do_not_overreach(kb: knowledge.KnowledgeBase, latex: str,
                                                meaning: str) -> None:
    from annotator.explain import explain
    found = {s.key: s.knowledge for s in explain(latex, kb).symbols}
    match = next(m for key, m in found.items() if key.startswith("delta") or key == "I")
    assert match is None or match.entry is None or \
        meaning not in match.entry.meanings[match.meaning].text.en.lower()


@pytest.mark.parametrize("latex,euler", [
    (r"e^{-x^2}", True), (r"e^{-1}", True), (r"e_i^\top A", False), (r"e^{(i)}", False),
    (r"e = (h, r, t)", False),
])
def test_e_is_eulers_number_when_raised(kb: knowledge.KnowledgeBase, latex: str,
                                        euler: bool) -> None:
    """`raised`: a power, not a transpose or a sample index; a bare e names no constant."""
    from annotator.explain import explain
    match = next(s.knowledge for s in explain(latex, kb).symbols if s.key.startswith("e"))
    assert match is not None and match.entry is not None
    text = match.entry.meanings[match.meaning].text.en
    assert ("Euler" in text) is euler, text
