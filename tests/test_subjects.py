"""Which symbols of a formula a prose description names (definitions/subjects.py)."""

from __future__ import annotations

from pathlib import Path

from conftest import analyze_text


def _shown(text: str, tmp_path: Path) -> dict[str, str]:
    analysis = analyze_text(text, tmp_path)
    return {s.key: next((d.text for d in s.definitions if d.shown and d.source == "prose"), "")
            for s in analysis.symbols}


def test_both_sides_of_an_equality_of_two_symbols_are_named(tmp_path: Path) -> None:
    """"with $p_0 = p_{\\rm data}$ the data distribution": p_0 and p_data are both it."""
    shown = _shown("The process starts from data, with $p_0 = p_{\\mathrm{data}}$ the data "
                   "distribution.", tmp_path / "a")
    assert shown["p"] == shown["p_data"] == "the data distribution"


def test_an_argument_or_an_expression_on_the_right_is_not_named(tmp_path: Path) -> None:
    """`sg[x] = x` defines the operator, not its argument; `y = Wx` and `d = 64` name only
    their left side."""
    shown = _shown("Here $\\mathrm{sg}[x] = x$ is the stop-gradient operator, $y = Wx$ is the "
                   "output and $d = 64$ is the width.", tmp_path / "b")
    assert shown.get("x", "") == "" and shown.get("W", "") == ""
    assert shown["y"] == "the output" and shown["d"] == "the width"


def test_a_power_on_the_right_is_no_second_name(tmp_path: Path) -> None:
    """"there exists a sequence $t_n = n^\\beta$": a sequence t_n, not n."""
    shown = _shown("For each $n$ there exists a sequence $t_n = n^\\beta$ such that it holds.",
                   tmp_path / "p")
    assert shown["t_n"] == "a sequence" and shown.get("n", "") == ""


def test_a_sum_on_the_right_is_no_second_name(tmp_path: Path) -> None:
    shown = _shown("Hamiltonian dynamics simulate $H(\\theta, \\rho) = U(\\theta) + K(\\rho)$ "
                   "with a leapfrog integrator.", tmp_path / "c")
    assert shown.get("U", "") == "" and shown.get("K", "") == ""


def test_a_norm_or_size_of_a_symbol_is_not_the_symbol(tmp_path: Path) -> None:
    """`$\\|Q\\|_F$` is the norm of Q, `$|S|$` the size of S: what prose says of them is
    not what Q or S is; the plain symbol still is named."""
    shown = _shown("Let $\\|Q\\|_F$ denote the Frobenius norm of the update, and $|S|$ is "
                   "the number of states. Here $\\eta$ is the learning rate.", tmp_path / "d")
    assert shown.get("Q", "") == "" and shown.get("S", "") == ""
    assert shown["eta"] == "the learning rate"
