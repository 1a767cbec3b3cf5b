"""`annotator explain` and `annotator kb`."""

from __future__ import annotations

import json

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
