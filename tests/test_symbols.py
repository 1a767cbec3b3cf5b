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


def test_a_greek_letter_above_a_count_is_an_exponent_not_a_label() -> None:
    """`t_n \\propto n^\\beta`: n raised to β (a rate), where V^π is V labelled by π."""
    found = symbols(r"t_n \propto n^\beta + k^\gamma + V^\pi")
    assert "n^beta" not in found and "k^gamma" not in found
    assert found["n"][0].script_roles == ("power",) and "beta" in found
    assert "V^pi" in found


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
    # inside a pair of bars too: the word epoch, not the letters e, p, o, c, h
    inside = symbols(r"|d_{att}(epoch) - d_{att}(0)|")
    assert "epoch" in inside and not {"e", "p", "o", "c", "h"} & set(inside)
    assert {"x", "y"} <= set(symbols(r"\|x y\|"))  # two letters stay a product


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


# ------------------------------------------------ symbols a reader recognises (issue 10)

@pytest.mark.parametrize("latex,expected", [
    (r"\textbf{Neural network: } f_\theta(x)", ["f_theta", "theta", "x"]),
    (r"\textbf{Neural\ network:} f", ["f"]),           # spacing commands inside: still words
    (r"\textbf{Step~1:}\ x", ["x"]),
    (r"\text{Input: } x, \text{Output: } y", ["x", "y"]),
    (r"\mbox{\sffamily Input} x", ["x"]),              # a capitalised word is prose
    (r"{\sffamily Note:} x + {\itshape W} + y", ["x", "y"]),  # a text switch: text follows
    (r"\text{MLP}(x) + \text{Enc}(x) + \text{head}_i", ["MLP", "x", "Enc", "head", "i"]),
    (r"\textbf{W}x", ["bold:W", "x"]),                # one bold letter is still a symbol
])
def test_text_inside_math_is_not_a_symbol(latex: str, expected: list[str]) -> None:
    assert keys(latex) == expected


def test_text_labels_produce_no_lint_findings(tmp_path) -> None:
    from conftest import run_cli, write_tree
    write_tree(tmp_path, {"main.tex": "\\documentclass{article}\\begin{document}\n"
                          "Let $x$ be the input.\n"
                          "\\[ \\textbf{Neural network: } x \\quad \\text{Output: } x "
                          "\\quad {\\sffamily\\itshape Note} \\]\n\\end{document}\n"})
    result = run_cli(["lint", str(tmp_path), "--format", "json"])
    words = {f["symbol"] for f in result.json()["findings"] if f.get("symbol")}
    assert not words & {"Neural", "network", "Output", "Note", "\\sffamily", "\\itshape"}, words


@pytest.mark.parametrize("latex,family", [
    (r"g_{\phi_t}(x) + g_{\phi_1}(x) + g_{\phi_{T+1}}(x)", "g_phi"),   # phi at step t, 1, T+1
    (r"W_t + W_{t_0} + W_{t_n} + W_{t_{n-1}}", "W"),                   # W at the times t_k
    (r"p_{X_t}(x) + p_{X_1}(x) + p_{X_{t+h}}(x)", "p_X"),              # the density of X_t
    (r"\sigma_\theta + \sigma_{\theta} + \sigma_{\bm{\theta}} + \sigma_{\theta_t}", "sigma_theta"),
])
def test_a_label_with_a_running_index_is_one_family(latex: str, family: str) -> None:
    found = symbols(latex)
    owners = [key for key in found if key.split("_")[0] == family.split("_")[0]]
    assert owners == [family], list(found)


def test_a_label_with_a_name_keeps_its_name() -> None:
    assert keys(r"\pi_{\theta_{\mathrm{old}}}")[0] == "pi_{theta_rm:old}"
    assert keys(r"d_{\text{model}}") == ["d_model"]


@pytest.mark.parametrize("latex,differentials,variables", [
    (r"\int f(x)\,dx", 1, 0),
    (r"\int_{\mathbb{R}^d} p(x)\, dx", 1, 1),         # the d of R^d is a dimension
    (r"dX_t = f(X_t, t)\,dt + g(t)\,dW_t", 3, 0),     # an SDE: dX, dt, dW
    (r"\frac{dy}{dx} + \frac{d}{dt} x_t", 4, 0),
    (r"\int \mathrm{d}x + \dd x", 2, 0),              # \dd of the physics package
    (r"x \in \mathbb{R}^d,\; d = 512", 0, 2),         # no calculus: d is a dimension
    (r"\frac{d}{2}", 0, 1),
    (r"\int\int_A p(x,y)dxdy", 2, 0),               # two differentials written together
    (r"p(z)dz = q(z)dx", 2, 0),                      # glued to one letter, apart from the last
    (r"P(Y \in dy) \approx f_Y(y)|dy|", 2, 0),
    (r"r\,dr\,d\theta", 2, 0),
    (r"\pi_n(dx_{1:n})", 1, 0),                        # a measure's differential
    (r"O(nd) + O(dk)", 0, 2),                          # a product, an order: dimensions
    (r"d = 2d", 0, 2),
])
def test_differentials_are_not_the_variable_d(latex: str, differentials: int,
                                              variables: int) -> None:
    found = symbols(latex)
    assert len(found.get("rm:d", [])) == differentials, list(found)
    assert len(found.get("d", [])) == variables, list(found)


@pytest.mark.parametrize("latex,canonical", [
    (r"\left\Vert x\right\Vert", r"\Vert x\Vert"),
    (r"\lVert x \rVert_2", r"\lVert x\rVert_{2}"),
    (r"\langle q, k\rangle", r"\langle q,k\rangle"),
    (r"\left\lvert z\right\rvert", r"\lvert z\rvert"),
])
def test_canonical_latex_never_glues_a_command_to_a_letter(latex: str, canonical: str) -> None:
    from annotator.latexify import to_latex
    from annotator.patterns import parse_formula
    assert to_latex(parse_formula(latex)) == canonical


def test_an_expanded_macro_never_shows_a_glued_command(tmp_path) -> None:
    from conftest import run_cli, write_tree
    write_tree(tmp_path, {"main.tex": "\\documentclass{article}\n"
                          "\\newcommand{\\norm}[1]{\\left\\Vert#1\\right\\Vert}\n"
                          "\\begin{document}\nWe define $r := \\norm{x}$ where $x$ is a "
                          "point and $\\norm{x - y}$ is a distance.\n\\end{document}\n"})
    for fmt in ("json", "markdown", "text"):
        out = run_cli(["glossary", str(tmp_path), "-f", fmt]).out
        assert "Vertx" not in out and "Vert x-" not in out, fmt


def test_types_and_shapes_are_whole(tmp_path) -> None:
    from conftest import analyze_text
    analysis = analyze_text("\\documentclass{article}\\begin{document}\n"
                            "Let $t \\in [0,1]$ and $u_t: \\mathbb{R}^d \\times [0,1] \\to "
                            "\\mathbb{R}^d$, and $s \\in (0, T], n \\in \\mathbb{N}$.\n"
                            "\\end{document}\n", tmp_path)
    types = {s.key: [d.text for d in s.definitions if d.source == "type"]
             for s in analysis.symbols}
    assert types["t"] == ["\\in [0,1]"]
    assert types["u"] == [": \\mathbb{R}^{d}\\times[0,1]\\to\\mathbb{R}^{d}"]
    assert types["s"] == ["\\in (0,T]"] and types["n"] == ["\\in \\mathbb{N}"]


@pytest.mark.parametrize("latex,key,role", [
    (r"x \sim p_\theta", "p_theta", "distribution"),
    (r"q_\phi(z \mid x)", "q_phi", "distribution"),
    (r"p(x) = \int p(x, z)\,dz", "p", "distribution"),
    (r"\epsilon \sim \mathcal{N}(0, I)", "cal:N", "distribution"),
    (r"\operatorname{Bernoulli}(\rho)", "Bernoulli", "distribution"),
    (r"a \sim \pi(\cdot \mid s)", "pi", "distribution"),
    (r"p = 0.1", "p", "scalar"),                      # a probability value, not a density
    (r"\mathcal{N}(v)", "cal:N", "function"),         # a neighbourhood, not a Gaussian
    (r"(x, y) \sim \mathcal{D}", "cal:D", "set"),     # drawn from a dataset: still a set
])
def test_a_distribution_is_labelled_a_distribution(latex: str, key: str, role: str) -> None:
    _, found = analyze_formula(latex)
    assert {s.key: s.role for s in found}[key] == role


def test_a_set_type_is_whole(tmp_path) -> None:
    from conftest import analyze_text
    analysis = analyze_text("\\documentclass{article}\\begin{document}\n"
                            "Let $a \\in \\{0, \\ldots, s - 1\\}$ be a shift.\n\\end{document}\n",
                            tmp_path)
    types = {s.key: [d.text for d in s.definitions if d.source == "type"]
             for s in analysis.symbols}
    assert types["a"] == ["\\in \\{0,\\ldots,s-1\\}"]
