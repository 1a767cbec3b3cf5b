"""Field meanings chosen by a section's topic, and conditions joined with ' & ' (issue 10):
an optimal-transport section's π is a transport plan, a knowledge-graph thesis's h a head
entity, a Hamiltonian Monte Carlo paper's U a potential energy; ε is the entropic
regularisation only where the OT section also writes its cost or kernel."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.analysis import analyze
from annotator.knowledge import condition_problem, load
from annotator.render.common import knowledge_line
from annotator.sources import load_paper
from conftest import write_tree


@pytest.fixture(scope="module")
def kb():  # type: ignore[no-untyped-def]
    return load(())


def _line(kb, tmp_path: Path, text: str, key: str, lang: str = "en") -> str:  # type: ignore[no-untyped-def]
    write_tree(tmp_path, {"main.tex": text})
    analysis = analyze(load_paper(str(tmp_path)), kb)
    symbol = next(s for s in analysis.symbols if s.key == key)
    return knowledge_line(symbol.knowledge, lang) or ""


def _section_topics(kb, folder: Path, text: str) -> tuple[frozenset[str], ...]:  # type: ignore[no-untyped-def]
    """Each span's section topics in a paper of one file."""
    from annotator.match import section_topics

    write_tree(folder, {"main.tex": text})
    return section_topics(analyze(load_paper(str(folder)), kb))


OT = ("\\section{Optimal transport}\nWe study entropic regularization of optimal transport "
      "with Sinkhorn iterations. ")


def test_an_optimal_transport_section_reads_pi_as_a_transport_plan(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    line = _line(kb, tmp_path, OT + "We minimise $\\langle C, \\pi \\rangle$ over $\\pi$.\n",
                 "pi")
    assert "transport plan" in line.lower() and "3.14" not in line


def test_all_of_the_joined_conditions_must_hold(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with_cost = _line(kb, tmp_path / "a", OT + "The cost is $\\langle C, \\pi\\rangle + "
                      "\\varepsilon H(\\pi)$.\n", "varepsilon")
    assert "entropic regularisation" in with_cost.lower()
    alone = _line(kb, tmp_path / "b", OT + "Take any $\\varepsilon > 0$.\n", "varepsilon")
    assert "entropic" not in alone.lower()


def test_a_knowledge_graph_paper_reads_h_r_t_as_a_fact(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = ("\\section{知识图谱}\n知识图谱中的每个事实是一个三元组 $(h, r, t)$，"
            "TransE 要求头实体与尾实体满足 $h + r \\approx t$。\n")
    assert "头实体" in _line(kb, tmp_path / "h", text, "h", "zh")
    assert "尾实体" in _line(kb, tmp_path / "t", text, "t", "zh")


def test_hamiltonian_monte_carlo_energies(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = ("\\section{Hamiltonian Monte Carlo}\nHamiltonian dynamics simulate "
            "$H(\\theta, \\rho) = U(\\theta) + K(\\rho)$ with a leapfrog integrator.\n")
    assert "potential energy" in _line(kb, tmp_path / "u", text, "U").lower()
    assert "kinetic energy" in _line(kb, tmp_path / "k", text, "K").lower()


@pytest.mark.parametrize("condition,fine", [
    ("topic:optimal-transport & with:C", True),
    ("topic:optimal-transport & applied", True),
    ("topic:optimal-transport & nonsense", False),
])
def test_joined_conditions_are_checked_part_by_part(condition: str, fine: bool) -> None:
    assert (condition_problem(condition) is None) is fine


def test_one_aside_does_not_make_a_long_section_about_a_field(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    kernels = ("\\section{Kernels}\nA kernel $k$ measures similarity.\n\n"
               "The squared exponential kernel has a length scale $\\ell$.\n\n"
               "With this kernel we get the Ornstein-Uhlenbeck process, which describes "
               "Brownian motion.\n\nThe kernel matrix $K$ is positive definite.\n")
    assert all("sde" not in topics for topics in _section_topics(kb, tmp_path / "a", kernels))
    sde = ("\\section{SDEs}\nWe integrate the SDE with Brownian motion $W_t$.\n\n"
           "The drift $f$ is smooth.\n\nThe Brownian motion is simulated with "
           "Euler-Maruyama steps $\\Delta t$.\n")
    assert all("sde" in topics for topics in _section_topics(kb, tmp_path / "b", sde))


def test_a_denoising_task_is_no_diffusion_model(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The Deep Learning book's tasks T include denoising (去噪): its x is an input, not a
    diffusion model's noisy sample; denoising diffusion still is diffusion."""
    tasks = ("\\section{任务}\n去噪：算法的输入是损坏的样本 $\\tilde{x}$，输出干净的样本 $x$。\n\n"
             "去噪任务需要预测 $p(x \\mid \\tilde{x})$。\n\n去噪也可以看作密度估计。\n")
    assert all("diffusion" not in topics for topics in _section_topics(kb, tmp_path / "a", tasks))
    ddpm = ("\\section{Model}\nWe train a denoising diffusion model on $x_0$.\n\n"
            "The denoising diffusion objective weighs each step $t$.\n\n"
            "Sampling runs the denoising diffusion chain backwards.\n")
    assert all("diffusion" in topics for topics in _section_topics(kb, tmp_path / "b", ddpm))


def test_a_letter_beside_s_is_no_action_outside_reinforcement_learning(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    scaling = "\\section{Scaling}\nThe loss follows $L = a_i s^{-\\alpha}$ for model size $s$.\n"
    assert "action" not in _line(kb, tmp_path / "a", scaling, "a").lower()
    rl = ("\\section{Policy}\nThe agent draws $a \\sim \\pi(\\cdot \\mid s)$ and "
          "receives a reward.\n")
    assert "action" in _line(kb, tmp_path / "b", rl, "a").lower()


def test_a_gaussian_process_length_scale(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = ("\\section{Gaussian processes}\nA Gaussian process uses the kernel function "
            "$k(x, x') = \\exp(-\\|x - x'\\|^2 / (2\\ell^2))$ with length scale $\\ell$.\n")
    assert "length scale" in _line(kb, tmp_path, text, "ell").lower()


def test_a_letter_drawn_from_a_gaussian_is_noise_one_beside_it_is_not(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    drawn = "\\section{Setup}\nWe set $y = f(x) + n$ with $n \\sim \\mathcal{N}(0, 1)$.\n"
    assert "noise" in _line(kb, tmp_path / "a", drawn, "n").lower()
    # a step n beside a noise z drawn from 𝒩 is no noise itself
    beside = ("\\section{Setup}\nWe iterate $x_{k+1} = x_k + n g_k + z$, "
              "$z \\sim \\mathcal{N}(0, 1)$.\n")
    assert "noise" not in _line(kb, tmp_path / "b", beside, "n").lower()


def test_a_definition_naming_only_a_kind_lets_the_field_choose(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = ("\\section{Score-based diffusion}\nA diffusion model adds noise and learns to "
            "denoise with a score model. Its score $s_\\theta(x, t)$ is a neural network.\n")
    assert "score network" in _line(kb, tmp_path, text, "s_theta").lower()


def test_a_displayed_sde_makes_its_section_about_sdes(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sde = ("\\section{Dynamics}\nThe state evolves as\n\\begin{equation}\n"
           "dX_t = f(X_t, t)\\,dt + g(t)\\,dW_t\n\\end{equation}\nwith $W_t$ as above.\n")
    assert "wiener" in _line(kb, tmp_path / "a", sde, "W").lower()
    # the same letters in an ordinary equation say nothing of the field
    plain = ("\\section{Dynamics}\nThe state evolves as\n\\begin{equation}\n"
             "X_t = f(X_t, t) + g(t) W_t\n\\end{equation}\nwith $W_t$ as above.\n")
    assert "wiener" not in _line(kb, tmp_path / "b", plain, "W").lower()


def test_topics_point_only_to_formula_templates_that_exist_and_name_any_paper() -> None:
    from annotator.knowledge import shipped_topics
    from annotator.recognise import templates

    known = {template.id: template for template in templates()}
    for topic in shipped_topics().values():
        for formula in topic.formulas:
            assert formula in known, (topic.id, formula)
            assert not known[formula].topics, (topic.id, formula)  # a loose field template


def test_a_calligraphic_loss_is_a_function_not_a_set(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write_tree(tmp_path, {"main.tex": "\\section{Training}\nWe minimise the loss function "
                          "$\\mathcal{L}$ over the data.\n"})
    symbols = {s.key: s for s in analyze(load_paper(str(tmp_path)), kb).symbols}
    assert symbols["cal:L"].role == "function"
    write_tree(tmp_path / "b", {"main.tex": "Let $\\mathcal{X}$ be the input space.\n"})
    symbols = {s.key: s for s in analyze(load_paper(str(tmp_path / "b")), kb).symbols}
    assert symbols["cal:X"].role == "set"


def test_a_fields_letter_must_be_written_as_its_meaning_is(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    field = ("\\section{Diffusion}\nA diffusion model learns to reverse a forward process "
             "with denoising score matching. ")
    spacing = _line(kb, tmp_path / "a", field + "The grid spacing is $\\delta = 1/N$.\n", "delta")
    assert "dirac" not in spacing.lower(), spacing
    mass = _line(kb, tmp_path / "b", field + "The data is $\\frac{1}{n}\\sum_i \\delta_{x_i}$.\n",
                 "delta_x")
    assert "dirac" in mass.lower()


def test_a_use_that_contradicts_the_default_rules_it_out(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # `unless`: π inside Cat(π) is a vector of probabilities, not the circle constant
    mixture = "\\section{Model}\nEach $c_n \\sim \\mathrm{Cat}(\\pi)$ picks a cluster.\n"
    line = _line(kb, tmp_path / "a", mixture, "pi").lower()
    assert "3.14" not in line and "categorical" in line
    # written bare and alone, π keeps the usual constant
    alone = "\\section{Model}\nThe area is $A = \\pi r^2$.\n"
    assert "3.14" in _line(kb, tmp_path / "b", alone, "pi")
    # the I that ends a sum counts; it is no identity matrix
    counted = "\\section{Model}\nWe sum $\\sum_{i=1}^{I} x_i$ over the clusters.\n"
    line = _line(kb, tmp_path / "c", counted, "I").lower()
    assert "identity" not in line and "number of items" in line
    # a quantity indexed by time is no data matrix
    evolving = "\\section{Dynamics}\nThen $\\dot{X}_t = -X_t$ for all times.\n"
    line = _line(kb, tmp_path / "d", evolving, "X").lower()
    assert "data matrix" not in line and "trajectory" in line


@pytest.mark.parametrize("formula,letter,expected", [
    ("\\sum_{k=1}^{K} a_k", "K", True),             # the upper limit of a big operator
    ("k = 1, \\ldots, K", "K", True),                # the item after dots
    ("\\{1, \\dots, N\\}", "N", True),
    ("x_1, \\ldots, x_n", "x", False),               # the last member of a family
    ("x_1, \\ldots, x_n", "n", True),               # ... whose index counts them
    ("K + 1", "K", False),
    ("\\sum_{t=1}^{T} x_t", "T", True),          # a big operator's T is its limit, no transpose
    ("\\int_0^T f(t) dt", "T", False),             # an integral's ends an interval, no count
])
def test_counted(formula: str, letter: str, expected: bool) -> None:
    from annotator.patterns import parse_formula
    from annotator.tokenize import symbols_of

    found = [raw for raw in symbols_of(parse_formula(formula), 0).symbols if raw.base == letter]
    assert found and any(raw.counted for raw in found) is expected


@pytest.mark.parametrize("formula,letter,expected", [
    ("\\mathrm{Cat}(\\pi)", "pi", "Cat"),
    ("\\text{Bernoulli}(p)", "p", "Bernoulli"),
    ("\\mathrm{Bern}(x; \\mu)", "mu", "Bern"),       # after the `;`: the parameter
    ("\\mathrm{Bern}(x; \\mu)", "x", ""),            # before it: the variable
    ("\\mathrm{Dir}\\left(\\alpha\\right)", "alpha", "Dir"),
    ("f(\\pi)", "pi", ""),                           # no named distribution
])
def test_parameter_of(formula: str, letter: str, expected: str) -> None:
    from annotator.patterns import parse_formula
    from annotator.tokenize import symbols_of

    found = [raw for raw in symbols_of(parse_formula(formula), 0).symbols if raw.base == letter]
    assert found and found[-1].parameter_of == expected


def test_unless_conditions_are_checked(kb) -> None:  # type: ignore[no-untyped-def]
    from annotator.knowledge import parse_document

    errors: list[str] = []
    parse_document("extra.toml", """
[[entry]]
id = "my-letter"
kind = "symbol"
forms = ['\\varkappa']
area = "general"
name = { en = "kappa", zh = "卡帕" }
reading = { en = "KAP-uh", zh = "卡帕" }
math = { en = "A constant.", zh = "常数。" }

[[entry.meanings]]
en = "A constant."
zh = "常数。"
unless = ["sometimes"]
""", errors)
    assert any("unknown condition 'sometimes'" in error for error in errors)
    assert condition_problem("counted") is None and condition_problem("parameter") is None


def test_a_letter_written_before_a_variable_is_its_increment(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # `before:`: the Δ of Δt is a time step, even in an SDE section where Δf is a Laplacian
    sde = ("\\section{SDE}\nWe simulate the stochastic differential equation with "
           "Brownian motion and its Fokker-Planck equation. ")
    stepped = sde + "Each step is $x_{t+\\Delta t} = x_t + f\\,\\Delta t$.\n"
    step = _line(kb, tmp_path / "a", stepped, "Delta").lower()
    assert "increment" in step and "laplace" not in step, step
    laplacian = _line(kb, tmp_path / "b", sde + "Then $\\partial_t p = \\Delta p$.\n",
                      "Delta").lower()
    assert "laplace" in laplacian, laplacian
    perturb = "\\section{Model}\nWe perturb $\\theta + \\delta\\theta$.\n"
    perturbed = _line(kb, tmp_path / "c", perturb, "delta").lower()
    assert "increment" in perturbed or "change" in perturbed, perturbed


def test_a_labelled_calligraphic_loss_stays_a_loss(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # 𝓛_{\text{DSM}}: the label names a term of the objective; it is no set or space
    line = _line(kb, tmp_path, "\\section{Training}\nWe minimise "
                 "$\\mathcal{L}_{\\mathrm{DSM}}(\\theta)$ over $\\theta$.\n", "cal:L_DSM").lower()
    assert "loss" in line and "set, space" not in line, line


def test_before_needs_one_symbol() -> None:
    assert condition_problem("before:t") is None
    assert condition_problem("before:x + y") is not None


def test_a_continuous_time_papers_t_is_its_final_time(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sde = ("\\section{Diffusion}\nA diffusion model reverses a forward stochastic differential "
           "equation with score matching. ")
    final = _line(kb, tmp_path / "a", sde + "For $t \\in [0, T]$ let $\\int_0^T g(t)^2 dt$ be "
                  "finite.\n", "T").lower()
    assert "final time" in final, final
    steps = _line(kb, tmp_path / "b", sde + "The loss is $\\sum_{t=1}^{T} L_t$.\n", "T").lower()
    assert "number of steps" in steps, steps


_SDE = ("\\section{Stochastic differential equations}\nA stochastic differential equation (SDE) "
        "is driven by a Brownian motion; the SDE has a drift term. ")
_ATT = "\\section{Attention}\nThe Transformer uses self-attention in every attention layer. "
_RL = ("\\section{Reinforcement learning}\nIn reinforcement learning an agent maximises the "
       "reward of its policy. ")
_VIS = "\\section{Images}\nEach image is processed by a convolutional network, pixel by pixel. "
_CKA = (_ATT + "\\subsection{CKA}\nThe CKA of two representations uses the Hilbert-Schmidt "
        "independence criterion of the kernel matrices $\\mathbf{K}_{ij} = k(\\mathbf{x}_i, "
        "\\mathbf{x}_j)$ and $\\mathbf{L}_{ij} = l(\\mathbf{x}_i, \\mathbf{x}_j)$.")


@pytest.mark.parametrize("text,key,expected", [
    # a paragraph about embeddings: E is the embedding matrix, e_i one of its vectors
    ("Each road gets a learned embedding: the embedding matrix is $E \\in \\mathbb{R}^{n "
     "\\times d}$ and $e_i$ is the embedding of road $i$.", "E", "embedding matrix"),
    ("Each road gets a learned embedding: the embedding matrix is $E \\in \\mathbb{R}^{n "
     "\\times d}$ and $e_i$ is the embedding of road $i$.", "e", "embedding vector"),
    # statistics: f is a density where the paragraph says so
    ("Let the samples have probability density $f(x)$ on $\\mathbb{R}$.", "f", "density"),
    # a Markov chain's π
    ("The chain has the stationary distribution $\\pi$, with $\\pi P = \\pi$.", "pi",
     "stationary"),
    # a diffusion paper's bold x is its data, not an input feature vector
    ("\\section{Diffusion}\nA diffusion model adds noise to the data $\\mathbf{x}$ with "
     "denoising score matching.", "bold:x", "data sample"),
    # the words around a letter name the usual meaning a definition can agree with
    ("Given the observed data $y$, the posterior is $p(\\theta \\mid y)$.", "y", "observations"),
    ("The training set $S$ holds $n$ examples drawn from $D$.", "S", "training set"),
    ("We compare two items by their cosine similarity $S(a, b)$.", "S", "similarity"),
    ("A data augmentation $\\mathcal{T}$ is applied to each image.", "cal:T", "transformation"),
    ("A random index set $\\mathcal{I}$ of $N$ indices is sampled.", "cal:I", "index set"),
    ("The correlation matrix $C$ of the roads is computed from their speeds.", "C",
     "correlation matrix"),
    ("We combine them with the element-wise product $a \\otimes b$.", "otimes",
     "element-wise"),
    ("We fit a low-rank factorisation of rank $k$, $Y \\approx UV^\\top$.", "k", "rank k"),
    ("The base point is the origin $o$ of the ball.", "o", "origin"),
    ("A sliding window of size $w$ moves over the series.", "w", "window size"),
    ("We learn a predictor $f$ with $\\hat{y} = f(x)$.", "f", "predictor"),
    ("Draw a random number $u \\sim Unif[0, 1]$, uniformly.", "u", "uniform"),
    ("The Kalman filter observes $y = Hx + v$ through the observation operator.", "H",
     "observation operator"),
    ("The Kalman update is $x' = x + K(y - Hx)$.", "K", "kalman gain"),
    ("The controller drives the system dynamics $x_{t+1} = f(x_t, u_t)$.", "x", "state"),
    ("The controller drives the system dynamics $x_{t+1} = f(x_t, u_t)$.", "u",
     "control input"),
    ("We factorise the rating matrix as $X \\approx U V^\\top$.", "U", "factor matrix"),
    ("We factorise the rating matrix as $X \\approx U V^\\top$.", "V", "factor matrix"),
    ("The singular value decomposition is $A = U \\Sigma V^\\top$.", "U", "singular"),
    ("The logits are scaled by the temperature, $\\exp(z_i / T)$.", "T", "temperature"),
    # the step size of Langevin dynamics (fresh paper: a diffusion tutorial's γ)
    ("Langevin dynamics takes $x_{k+1} = x_k + \\gamma \\nabla \\log p(x_k) + \\sqrt{2\\gamma}"
     "\\epsilon_k$ with step size $\\gamma$.", "gamma", "step size"),
    # an SDE's G beside dW_t is its diffusion matrix, not a GAN's generator
    (_SDE + "We write $dX_t = f(X_t, t)\\,dt + G(X_t, t)\\,dW_t$.", "G", "diffusion matrix"),
    ("\\section{GAN}\nA generative adversarial network trains a generator $G(z)$ against a "
     "discriminator $D$.", "G", "generator"),
    # a drift is applied, a Brownian motion carries its time
    (_SDE + "The drift is $b(X_t, t)$ in $dX_t = b(X_t, t)\\,dt + dW_t$.", "b", "drift"),
    (_SDE + "Let $B_t$ be a Brownian motion.", "B", "brownian motion"),
    # the trained score network s_{θ*} of a diffusion paper
    ("\\section{Score-based diffusion}\nA diffusion model learns the score by denoising score "
     "matching; the trained network is $s_{\\theta^*}(x, t)$ and the transition density is "
     "$p_{t|s}(x_t | x_s)$.", "s_{theta^{*}}", "score network"),
    (_RL + "The transition kernel $\\mathbb{P}(s' \\mid s, a)$ gives the next state.", "bb:P",
     "transition kernel"),
    (_RL + "The Bellman operator is $\\mathcal{T}^\\pi Q = r + \\gamma P^\\pi Q$.", "cal:T^pi",
     "bellman operator"),
    (_ATT + "We compute $\\operatorname{softmax}(QK^\\top / \\sqrt{d})V$.", "K", "key matrix"),
    (_ATT + "The attention output is $\\operatorname{softmax}(QK^\\top)V$, with values $V = XW^V$.",
     "V", "value matrix"),
    (_ATT + "The score of query $q_i$ and key $k_j$ is $q_i^\\top k_j$.", "k", "key vector"),
    # CKA's kernel matrices in an attention paper: K_ij = k(x_i, x_j)
    (_CKA, "bold:K", "kernel matrix"),
    (_CKA, "k", "kernel function"),
    ("\\section{Graphs}\nA graph convolutional network (GCN) filters a graph signal with the graph "
     "Laplacian $\\mathbf{L} = \\mathbf{D} - \\mathbf{A}$ of the adjacency matrix.", "bold:L",
     "laplacian"),
    ("\\section{Layer normalization}\nLayer normalization computes "
     "$\\hat{x} = (x - \\mu)/\\sigma$.", "hat(x)", "normalised"),
    (_RL + "The agent receives an observation $o_t$ and picks an action $a_t$.", "o",
     "observation"),
    (_VIS + "The output size is $o = \\lfloor (i + 2p - k)/s \\rfloor + 1$ for kernel size $k$ and "
     "stride $s$.", "o", "output size"),
    (_VIS + "We add a padding $p$ of zeros on each border of the image.", "p", "padding"),
    ("Rotary embeddings multiply by $e^{i\\theta}$.", "i", "imaginary"),
    (_ATT + "The mask is added to the scores, $\\operatorname{softmax}(QK^\\top + M)$.", "M",
     "attention mask"),
    # H, W and C named apart in a caption of a vision-language paper
    (_VIS + "Here $H$, $W$ and $C$ are height, width and channels of the image.", "W", "width"),
    (_VIS + "Here $H$, $W$ and $C$ are height, width and channels of the image.", "H", "height"),
    ("PPO clips the ratio to $[1 - \\epsilon, 1 + \\epsilon]$ in proximal policy optimization.",
     "epsilon", "clipping"),
    (_RL + "The value of a state is $V(s)$.", "V", "state-value"),
    # a robot-control RL survey: u_t ∈ 𝒰 are the controls (actions), not a distribution
    (_RL + "The states $\\mathbf{x}_t \\in \\boldsymbol{\\mathcal{X}}$ and actions "
     "$\\mathbf{u}_t \\in \\boldsymbol{\\mathcal{U}}$ of a system.", "bold-cal:U", "control"),
])
def test_meanings_named_by_the_paragraphs_words(kb, tmp_path: Path, text: str, key: str,  # type: ignore[no-untyped-def]
                                                 expected: str) -> None:
    assert expected in _line(kb, tmp_path, text + "\n", key).lower()


def test_an_embedding_e_needs_the_word(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    line = _line(kb, tmp_path, "The basis vector $e_i$ has a one at $i$.\n", "e").lower()
    assert "embedding" not in line and "basis" in line, line


def test_an_i_subscripted_by_its_size_is_the_identity_matrix(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A + I_N adds self-loops; I_t of a video is no identity matrix."""
    gcn = "\\section{Graph convolution}\nWe add self-loops, $\\tilde{A} = A + I_N$.\n"
    assert "identity matrix" in _line(kb, tmp_path / "a", gcn, "I_N").lower()
    video = "\\section{Video}\nEach frame $I_t$ is processed by the encoder.\n"
    assert "identity" not in _line(kb, tmp_path / "b", video, "I").lower()


@pytest.mark.parametrize("text,key,unexpected", [
    # a letter the words around do not name keeps its own meaning
    ("The output $y = f(x)$ of the network is its prediction.", "y", "observations"),
    ("The Transformer $\\mathcal{T}$ maps tokens to vectors.", "cal:T", "transformation"),
    ("We rank the items with a top-$k$ ranking.", "k", "rank k"),
    ("The vector $u$ points along the gradient.", "u", "uniform"),
    ("The network maps $x$ to $u = Wx$.", "u", "control"),
    ("We factorise the rating matrix as $X \\approx U V^\\top$.", "U", "singular"),
    ("The map sends $x$ to $T(x) = \\exp(x)$.", "T", "temperature"),
    ("The Hessian $H = \\nabla^2 f$ is positive definite.", "H", "observation"),
    ("The attention keys $K = XW^K$ meet the queries $Q$.", "K", "kalman"),
    # fresh papers: a use the meaning's notation does not fit
    (_SDE + "The reverse process $X^{(b)}_t$ solves $dX^{(b)}_t = -f\\,dt + g\\,dW_t$.", "b",
     "drift"),
    (_SDE + "For every measurable set $B \\subset C[0, 1]$ the two laws agree.", "B", "brownian"),
    (_RL + "\\section{Mutual information}\nThe joint law of $X$ and $T$ is $\\mathbb{P}_{XT}$, the "
     "mutual information $I(X;T)=\\int \\log \\frac{d\\mathbb{P}_{XT}}{d\\mathbb{P}_X \\otimes "
     "\\mathbb{P}_T} d\\mathbb{P}_{XT}$.", "bb:P", "transition"),
    (_RL + "The marginal is $\\mathbb{P}_X = \\int_{\\mathcal{T}} d\\mathbb{P}_{XT}$.", "cal:T",
     "bellman"),
    (_CKA, "bold:K", "key matrix"),
    (_CKA, "bold:L", "laplacian"),
    (_CKA, "k", "key vector"),
    (_ATT + "The contrastive loss is $-\\log \\frac{\\exp(L_i^\\top V_i \\beta)}{\\sum_j "
     "\\exp(L_i^\\top V_j \\beta)}$.", "V", "value matrix"),
    ("\\section{Layer normalization}\nWe use layer normalization. The empirical measure of $n$ "
     "samples is $\\hat{\\mathbb{P}}^{(n)}$.", "hat(bb:P)", "normalised"),
    (_VIS + "The test gives a $p$-value of $p = 0.25$.", "p", "padding"),
    ("The contrastive loss is $-\\log \\frac{\\exp(s_i)}{\\sum_j \\exp(s_j)}$ for each $i$.", "i",
     "imaginary"),
    (_ATT + "We minimise $\\sum_{m=1}^{M} \\lambda_m L_m$ over the datasets.", "M", "mask"),
    # "suppose" holds the letters ppo
    ("Suppose the observation noise is Gaussian, $y = Hx + \\varepsilon$.", "varepsilon", "ppo"),
    # a number drawn for a random action is uniform, not a control space
    (_RL + "With probability $\\epsilon$ take a random action: draw $u \\sim \\mathcal{U}[0, 1]$.",
     "cal:U", "control"),
])
def test_meanings_the_paragraphs_words_do_not_name(kb, tmp_path: Path, text: str, key: str,  # type: ignore[no-untyped-def]
                                                   unexpected: str) -> None:
    assert unexpected not in _line(kb, tmp_path, text + "\n", key).lower()


def test_a_letter_written_only_in_scripts_is_a_label(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The b of X^{(b)} is no bias; an index letter keeps its index meaning."""
    text = "\\section{Method}\nEach batch $X^{(b)}$ is normalised over $x_i$.\n"
    line = _line(kb, tmp_path / "a", text, "b").lower()
    assert "bias" not in line and "label or index" in line, line
    assert "index" in _line(kb, tmp_path / "b", text, "i").lower()
    # a Greek letter in scripts is what a symbol is parametrised by: θ of p_θ
    greek = "\\section{Model}\nThe model $p_\\theta$ and the network $s_\\theta$.\n"
    assert "label or index" not in _line(kb, tmp_path / "d", greek, "theta").lower()
    # written on its own too, b keeps its usual meaning
    alone = text + "The offset $b$ is added.\n"
    assert "label or index" not in _line(kb, tmp_path / "c", alone, "b").lower()


ATTENTION_WORDS = ("\\section{Attention}\nSelf-attention compares each query with every key "
                   "and averages the values. ")


def test_a_labelled_variant_keeps_to_what_the_paper_made_its_letter(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """$v$ is "a vector of length $d$" here: $v_{chair}$, which the paper does not define,
    is no value vector of attention, however much the section speaks of values."""
    defined = ATTENTION_WORDS + ("We convert each word $w$ into a vector $v$ of length $d$. "
                                 "For the word chair we write $v_{chair}$.\n")
    line = _line(kb, tmp_path / "a", defined, "v_chair")
    assert line and "value vector" not in line.lower()
    # without the paper's word on v, the section's field still decides
    bare = ATTENTION_WORDS + "For the word chair we write $v_{chair}$ and $v$.\n"
    assert "value vector" in _line(kb, tmp_path / "b", bare, "v_chair").lower()


def test_a_uniform_initialisation_makes_no_embedding_matrix(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """GPT-1 writes $h_0 = UW_e + W_p$; a U beside a W elsewhere is a uniform distribution
    ("$W_{i,j} \\sim U(-1/\\sqrt{m}, 1/\\sqrt{m})$"), and W is no embedding matrix there."""
    init = ("We initialise the weights of a layer with $m$ inputs as "
            "$W_{i,j} \\sim U(-1/\\sqrt{m}, 1/\\sqrt{m})$.\n")
    assert "embedding" not in _line(kb, tmp_path / "a", init, "W").lower()
    tokens = ("The token embedding of the context is $h_0 = U W + W_p$, where $U$ holds the "
              "one-hot vectors of the vocabulary.\n")
    assert "embedding matrix" in _line(kb, tmp_path / "b", tokens, "W").lower()


def test_unfortunately_in_chinese_is_no_bandit_regret(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """遗憾的是 (unfortunately) opens sentences of any Chinese text; the Deep Learning
    book's optimisation chapter says it three times and was read as about bandits."""
    text = ("\\section{优化}\n遗憾的是，目前没有共识。令人遗憾的是，代价更高。"
            "遗憾的是，结合各个最佳的部分不能保证得到最佳解 $\\theta$。\n")
    assert not any("bandits" in topics for topics in _section_topics(kb, tmp_path / "a", text))
    bandit = ("\\section{多臂老虎机}\n我们分析累积遗憾 $R_T$，并给出置信上界 $U_t$。"
              "多臂老虎机的累积遗憾随 $T$ 增长。\n")
    assert any("bandits" in topics for topics in _section_topics(kb, tmp_path / "b", bandit))


def test_a_vision_paper_s_is_a_stride_only_beside_a_convolution(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    vision = ("\\section{Image classification}\nWe train an image classifier on pixels of "
              "natural images for object detection and image segmentation. ")
    adam = vision + "At each step Adam updates $s \\gets \\beta s + (1 - \\beta) g^2$.\n"
    assert "stride" not in _line(kb, tmp_path / "a", adam, "s").lower()
    conv = vision + "Each convolution layer moves its kernel with stride $s$.\n"
    assert "stride" in _line(kb, tmp_path / "b", conv, "s").lower()


def test_what_the_paper_counts_chooses_the_meaning(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """"the input sequence of $n$ tokens" does not define n in words, but it counts tokens:
    n is the sequence length, not the dimension of a vector, though $x \\in \\mathbb{R}^{n
    \\times d}$ has n as a dimension."""
    text = ("\\section{Attention}\nSelf-attention compares each query with every key. "
            "Here $x \\in \\mathbb{R}^{n \\times d}$ is the input sequence of $n$ tokens, "
            "each of dimension $d$.\n")
    line = _line(kb, tmp_path / "a", text, "n")
    assert "sequence length" in line.lower(), line
