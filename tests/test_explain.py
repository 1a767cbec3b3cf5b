"""`annotator explain` and `annotator kb`."""

from __future__ import annotations

import json

import pytest

from conftest import run_cli


def test_gradient_of_the_loss_in_words() -> None:
    result = run_cli(["explain", r"\nabla_\theta \mathcal{L}"])
    assert result.code == 0
    assert "the gradient of 𝓛" in result.out and "with respect to θ" in result.out
    assert "loss.backward()" in result.out
    chinese = run_cli(["explain", r"\nabla_\theta \mathcal{L}", "--lang", "zh"])
    assert "关于 θ" in chinese.out and "的梯度" in chinese.out and "西塔" in chinese.out


def test_expectation_and_kl_structure() -> None:
    result = run_cli(["explain", r"\mathbb{E}_{x\sim p}[\ell(x)]", "-f", "json"])
    data = json.loads(result.out)
    texts = [s["text"]["en"] for s in data["structure"]]
    assert any(t.startswith("the expectation of") for t in texts)
    result = run_cli(["explain", r"D_{\mathrm{KL}}(p \| q)", "-f", "json"])
    assert json.loads(result.out)["structure"][0]["entry"] == "kl-divergence"


def test_unknown_symbols_are_listed_as_unknown() -> None:
    result = run_cli(["explain", r"\operatorname{Blorp}(x)", "-f", "json"])
    symbols = {s["key"]: s for s in json.loads(result.out)["symbols"]}
    assert symbols["Blorp"]["known"] is False and symbols["Blorp"]["knowledge"] is None
    text = run_cli(["explain", r"\operatorname{Blorp}(x)"]).out
    assert "Blorp" in text and "unknown: not in the knowledge base" in text


def test_markdown_format() -> None:
    result = run_cli(["explain", r"\sigma(z)", "-f", "markdown"])
    assert result.out.startswith("### σ(z)")
    assert "**σ** (`\\sigma`)" in result.out


def test_topic_option() -> None:
    discount = run_cli(["explain", r"\gamma", "--topic", "rl"]).out
    assert "Discount factor" in discount


def test_empty_formula_is_a_usage_error() -> None:
    result = run_cli(["explain", "  "])
    assert result.code == 2 and "empty" in result.err


def test_kb_search_in_both_languages() -> None:
    chinese = run_cli(["kb", "search", "梯度"])
    assert chinese.code == 0 and "nabla" in chinese.out
    english = run_cli(["kb", "search", "gradient"])
    assert "nabla" in english.out
    assert run_cli(["kb", "search", "zzzznothing"]).code == 1


def test_kb_show_and_list() -> None:
    shown = run_cli(["kb", "show", "theta", "--lang", "zh"])
    assert shown.code == 0 and "西塔" in shown.out and "model.parameters()" in shown.out
    listed = run_cli(["kb", "list", "--family", "greek"])
    assert "theta" in listed.out and "sigmoid" not in listed.out
    data = json.loads(run_cli(["kb", "show", "softmax", "-f", "json"]).out)
    assert data[0]["id"] == "softmax"
    missing = run_cli(["kb", "show", "thetaa"])
    assert missing.code == 2 and "no entry 'thetaa'" in missing.err
    assert run_cli(["kb", "list", "--family", "cooking"]).code == 2


def test_convention_readings_name_the_symbols_own_letter(cli) -> None:
    result = cli(["explain", "\\mathbf{w}^* + \\hat{\\mathbf{z}} + \\mathcal{TC}"])
    assert "read w star" in result.out
    assert "read z hat" in result.out
    assert 'read calligraphic TC, or "script TC"' in result.out
    assert "convolution" not in result.out  # the star of w^* is no operator
    assert "reading: x hat" in cli(["kb", "show", "convention-hat"]).out


def test_z_is_a_latent_unless_a_softmax_reads_it(cli) -> None:
    assert "Latent variable" in cli(["explain", "z \\sim \\mathcal{N}(0, I)"]).out
    assert "Logits" in cli(["explain", "\\operatorname{softmax}(z)"]).out


# ------------------------------------------------------------- named formulas (issue 11)

def _structure(latex: str, *extra: str) -> list[dict]:
    data = json.loads(run_cli(["explain", latex, "-f", "json", *extra]).out)
    return data


def test_structure_names_the_formula_and_maps_letters_onto_roles() -> None:
    latex = r"p_i = \frac{\exp(z_i)}{\sum_{j=1}^{C} \exp(z_j)}"
    english = run_cli(["explain", latex, "--lang", "en"]).out
    assert "softmax — turns a vector of scores" in english
    assert "here z plays the logits" in english and "C the number of classes" in english
    assert "torch.nn.functional.softmax" in english
    chinese = run_cli(["explain", latex, "--lang", "zh"]).out
    assert "softmax 函数" in chinese and "这里 z 是 logits" in chinese and "C 是类别数" in chinese
    formulas = _structure(latex)["formulas"]
    assert formulas[0]["template"] == "softmax" and formulas[0]["area"] == "machine-learning"
    roles = {b["role"]: b["latex"] for b in formulas[0]["bindings"]}
    assert roles == {"z": "z", "i": "i", "j": "j", "limit": "C"}


def test_a_formula_inside_a_larger_one_is_named_too() -> None:
    latex = r"\mathcal{L} = -\sum_{c} y_c \log \frac{e^{z_c}}{\sum_j e^{z_j}}"
    named = [f["template"] for f in _structure(latex)["formulas"]]
    assert named[0] == "cross-entropy" and "softmax" in named


@pytest.mark.parametrize("latex", [
    r"\sum_{i=1}^{n} x_i",                     # a plain sum
    r"\frac{1}{n}\sum_{i=1}^{n} x_i^2",        # a mean of squares, not RMS nor MSE
    r"\|\mathbf{x}\|^2 = \mathbf{x}^\top\mathbf{x}",  # a squared norm, not least squares
    r"z = \frac{x - \mu}{\sigma}",             # a z-score, not LayerNorm
    r"e^{i\theta} = \cos\theta + i\sin\theta",
])
def test_formulas_that_only_look_similar_are_not_named(latex: str) -> None:
    assert _structure(latex)["formulas"] == []


def test_a_squared_norm_as_a_penalty_is_not_a_squared_error() -> None:
    named = [f["template"] for f in _structure(r"\lambda\|\mathbf{w}\|_2^2")["formulas"]]
    assert "mean-squared-error" not in named and "least-squares" not in named


def test_aligned_rows_keep_their_left_hand_side() -> None:
    latex = r"\begin{aligned} H(u,v) &= E_u[-\log v(x)] \\ &= -\sum_x u(x) \log v(x) \end{aligned}"
    data = _structure(latex)
    assert data["formulas"][0]["template"] == "cross-entropy"
    assert all(not line["unicode"].startswith(("=", "&")) for line in data["structure"])


def test_dropout_star_is_element_wise_not_a_convolution() -> None:
    text = run_cli(["explain", r"\tilde{y} = r \ast y"]).out
    assert "dropout" in text and "convolution" not in text


def test_mu_plus_sigma_times_noise_groups_the_product() -> None:
    data = _structure(r"z = \mu + \sigma \odot \epsilon")
    assert data["formulas"][0]["template"] == "reparameterization"
    parts = [line["unicode"] for line in data["structure"]]
    assert "σ⊙ϵ" in parts and not any(p.startswith(("μ+σ", "+")) for p in parts)


def test_log_argument_stops_at_the_next_term() -> None:
    texts = [line["text"]["en"] for line in _structure(r"\log p(x) + \frac{1}{2}\|x\|^2")
             ["structure"]]
    assert "the (natural) logarithm of p(x)" in texts
    assert not any("logarithm of p(x)+" in text for text in texts)


def test_an_index_next_to_exp_is_not_the_imaginary_unit() -> None:
    text = run_cli(["explain", r"\frac{\exp(z_i)}{\sum_j \exp(z_j)}"]).out
    assert "Running index" in text and "Imaginary unit" not in text
    assert "Imaginary unit" in run_cli(["explain", r"e^{i\theta}"]).out


@pytest.mark.parametrize("latex", [
    r"x_{t+1} = x_t - \eta \nabla f(x_t), \quad t \ge 0",
    r"\mathrm{MultiHead}(Q,K,V) = \mathrm{Concat}(\mathrm{head}_1,\ldots,\mathrm{head}_h)W^O",
    r"z = \mu + \sigma \odot \epsilon, \quad \epsilon \sim \mathcal{N}(0, I)",
])
def test_no_structure_line_starts_or_ends_with_punctuation(latex: str) -> None:
    data = _structure(latex)
    parts = [f["unicode"] for f in data["formulas"]] + [s["unicode"] for s in data["structure"]]
    assert parts
    for part in parts:
        assert part[0] not in "+=,.;:⊙∗" and part[-1] not in "+-=,.;:⊙∗", part
    sgd = data["formulas"][0]["bindings"] if "x_{t+1}" in latex else []
    assert all(b["latex"] != r"f(x_t), t" for b in sgd)


def test_explain_with_a_paper_expands_its_macros_and_shows_its_definitions() -> None:
    from conftest import SAMPLES

    paper = str(SAMPLES / "attention-note")
    text = run_cli(["explain", r"\mQ \vk^\top", "--paper", paper]).out
    assert r"\boldsymbol{Q}\boldsymbol{k}^{\top}" in text  # the paper's \mQ and \vk
    assert "the paper: key" in text
    chinese = run_cli(["explain", r"\vk", "--paper", paper, "--lang", "zh"]).out
    assert "论文中: key" in chinese
    attention = run_cli(["explain", r"\mathrm{softmax}(\mQ\mK^\top/\sqrt{d})\mV",
                         "--paper", paper]).out
    assert "scaled dot-product attention" in attention
    assert "𝐐 (“𝐗𝐖^Q”) plays the queries" in attention  # the role, in the paper's words


def test_explain_with_a_missing_paper_is_a_clear_error() -> None:
    result = run_cli(["explain", "x", "--paper", "/nonexistent/paper.tex"])
    assert result.code == 2 and "Traceback" not in result.err
    assert "/nonexistent/paper.tex" in result.err


def test_an_update_reads_its_whole_right_hand_side() -> None:
    latex = (r"\begin{aligned} \theta &\leftarrow \theta - \eta g \\ "
             r"&= \theta - \eta \nabla L \end{aligned}")
    data = _structure(latex)
    texts = [line["text"]["en"] for line in data["structure"]]
    assert any(text.endswith("is updated to θ-ηg") for text in texts), texts
    assert data["formulas"][0]["template"] == "sgd-update"


def test_a_wide_accent_over_a_scripted_letter_is_read() -> None:
    result = run_cli(["explain", r"\theta_t \leftarrow \theta_{t-1} - \gamma \widehat{m_t}/\big("
                                 r"\sqrt{\widehat{v_t}} + \epsilon \big)", "-f", "json"])
    assert result.code == 0, result.err
    assert json.loads(result.out)["formulas"][0]["template"] == "adam-update"


def test_the_deep_learning_books_macros_are_read_without_a_paper() -> None:
    from annotator.explain import dlbook_macros

    assert dlbook_macros(r"\KL(P \| Q) + \mu \vx \mW \to \vb{x}") == \
        r"D_{\mathrm{KL}} (P \| Q) + \mu \boldsymbol{x} \boldsymbol{W} \to \vb{x}"
    data = _structure(r"\softmax(\vz)_i = \frac{\exp(z_i)}{\sum_j \exp(z_j)}")
    assert data["formulas"][0]["template"] == "softmax"
    assert "\\" not in data["unicode"]  # \vz shown as the bold z it stands for


def test_a_quad_reads_as_a_space_and_ends_a_clause() -> None:
    """`\\quad` separates two clauses: shown as a space, never as the word "quad"."""
    result = run_cli(["explain", r"x_{t+1} = x_t - \eta g_t, \quad g_t = \nabla f(x_t)"])
    assert result.code == 0
    assert "quad" not in result.out.replace("\\quad", "")
    assert "gradient descent update" in result.out
