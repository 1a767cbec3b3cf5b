"""Symbol identity: one canonical key per symbol (the rules of issue 2, one case each)."""

from __future__ import annotations

import pytest

from annotator.analysis import analyze_formula


def symbols(latex: str) -> dict[str, list]:
    """key -> occurrences of a formula."""
    _, found = analyze_formula(latex)
    return {s.key: list(s.occurrences) for s in found}


def keys(latex: str) -> list[str]:
    return [s.key for s in analyze_formula(latex)[1]]


def test_gradient_with_subscript_and_calligraphic_loss() -> None:
    found = symbols(r"\nabla_\theta \mathcal{L}")
    assert list(found) == ["nabla", "theta", "cal:L"]
    assert found["nabla"][0].sub == r"\theta"
    assert found["theta"][0].in_script


def test_expectation_with_subscript() -> None:
    found = symbols(r"\mathbb{E}_{x\sim p}[\ell]")
    assert list(found) == ["bb:E", "x", "sim", "p", "ell"]
    assert found["bb:E"][0].sub == r"x\sim p"


def test_indices_are_one_family_and_powers_are_not_symbols() -> None:
    found = symbols(r"x^{(i)} + x_i + x_1 + x_N + x^2")
    assert [o.script_roles for o in found["x"]] == [("sample-index",), ("index",), ("index",),
                                                    ("index",), ("power",)]
    assert "x_N" not in found and "x_1" not in found


@pytest.mark.parametrize("latex,variant", [
    (r"\boldsymbol{W}^\top", r"boldsymbol ^\top"),
    (r"\mathbf{W}^T", "mathbf ^T"),
    (r"\bm{W}^{\intercal}", r"bm ^\intercal"),
    (r"\mathbf{W}^{\mathsf{T}}", r"mathbf ^\mathsf{T}"),
])
def test_bold_transposed_is_the_same_symbol(latex: str, variant: str) -> None:
    found = symbols(latex)
    assert list(found) == ["bold:W"]
    assert found["bold:W"][0].script_roles == ("transpose",)
    assert found["bold:W"][0].variant == variant


def test_accents_and_stars_make_related_but_distinct_symbols() -> None:
    assert keys(r"\hat{\theta}, \theta^*, \tilde{x}, \bar{x}, \theta, x, \widehat{x}") == [
        "hat(theta)", "theta*", "tilde(x)", "bar(x)", "theta", "x", "hat(x)"]


def test_multi_letter_labels_are_part_of_the_name() -> None:
    assert keys(r"d_{\text{model}} + d_{model} + d_{\mathrm{model}}") == ["d_model"]
    found = symbols(r"W^Q_i")
    assert list(found) == ["W^Q", "i"]
    assert found["W^Q"][0].script_roles == ("index",)


def test_single_letter_subscript_names_unless_it_is_an_index() -> None:
    # k is never an index here: d_k is the key dimension, not the k-th d.
    assert keys(r"d_k, d_v") == ["d_k", "d_v"]
    # k is bound by the sum: x_k is the k-th x.
    assert keys(r"\sum_{k=1}^{K} x_k") == ["sum", "k", "K", "x"]
    # numeric indices make the family indexed: x_n is the n-th x.
    assert keys(r"x_1, \ldots, x_n") == ["x", "n"]


def test_operators_and_functions_are_not_variables() -> None:
    _, found = analyze_formula(
        r"\log \exp \operatorname{softmax}(z) \arg\max \sum \prod \int \partial \|x\|_2 + 3")
    kinds = {s.key: s.id.kind for s in found}
    assert kinds == {"log": "function", "exp": "function", "softmax": "function",
                     "argmax": "function", "sum": "operator", "prod": "operator",
                     "int": "operator", "partial": "operator", "norm": "operator",
                     "z": "variable", "x": "variable"}


def test_numbers_are_not_symbols() -> None:
    assert keys(r"2 + 3.5 \cdot 10^{-4}") == []


def test_parameter_subscripts() -> None:
    assert keys(r"p_\theta(x) + \pi_\phi(a \mid s) + q_{\phi}") == [
        "p_theta", "theta", "x", "pi_phi", "phi", "a", "s", "q_phi"]


def test_labels_in_other_forms() -> None:
    assert keys(r"D_{\mathrm{KL}}(p \| q)") == ["D_KL", "p", "q"]
    assert keys(r"\mathcal{D}_{\text{train}}, W_{ij}, h_{t-1}") == ["cal:D_train", "W", "i",
                                                                    "j", "h", "t"]


def test_italic_words() -> None:
    found = symbols(r"softmax(x) + log p + FFN(x) + pos + QK^T")
    assert found["softmax"][0].variant == "italic-word"
    assert {"softmax", "log", "FFN", "pos", "Q", "K"} <= set(found)


def test_canonical_latex() -> None:
    _, found = analyze_formula(r"\bm{x}, \hat{\theta}, d_{model}, W^Q, \theta^*, \|v\|")
    assert [s.latex for s in found] == [r"\boldsymbol{x}", r"\hat{\theta}",
                                        r"d_{\mathrm{model}}", "W^{Q}", r"\theta^{*}",
                                        r"\|\cdot\|", "v"]


@pytest.mark.parametrize("latex,expected", [
    (r"\operatorname{E}[x]", ["rm:E", "x"]),              # an upright E, not a word "E"
    (r"\operatorname*{\mathbb{E}}_{x} f", ["bb:E", "x", "f"]),
    (r"\operatorname{softmax}(z)", ["softmax", "z"]),     # a word stays a word
    (r"\mathcal{TC}_i + \mathbb{RP}^n", ["cal:TC", "i", "bb:RP", "n"]),
    (r"AB", ["A", "B"]),                                  # plain capitals are a product
    (r"y = 1 \textrm{ if $j \le d$}", ["y", "j", "d"]),  # words around math: no "if"
    (r"W_Q + W_0 + x_1 + x_N", ["W_Q", "W", "x", "N"]),   # Q is a label, N an index
    (r"\begin{BMAT}{cc}{cc} I & 0 \\ A & c \end{BMAT}", ["I", "A", "c"]),  # specs: no c
])
def test_operator_names_capital_names_and_text_around_math(latex: str,
                                                           expected: list[str]) -> None:
    assert keys(latex) == expected
