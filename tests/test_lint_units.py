"""Pieces of the linter on their own: suppression comments, configuration lookup, the
shared-notation-file exemption, findings' positions and the text summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.errors import UsageError
from annotator.lint.config import find_config, load_config
from annotator.lint.finding import Severity
from annotator.lint.noqa import EVERY_RULE, comment_start, read_directives, scopes
from annotator.model import Location
from annotator.positions import LineIndex
from conftest import write_tree
from lint_support import lint_folder


def _directives(text: str, path: str = "main.tex"):
    index = LineIndex(path, text)
    return read_directives([(path, text)], lambda _p, offset: index.location(offset))


@pytest.mark.parametrize("line, start", [
    ("x % comment", 2), ("50\\% of it % real", 11), ("\\\\% after a line break", 2),
    ("no comment", -1), ("\\%", -1)])
def test_comment_start_skips_escaped_percent(line: str, start: int) -> None:
    assert comment_start(line) == start


def test_directives_parse_actions_and_rule_lists() -> None:
    text = ("a % annotator: ignore[mixed-variant, N003] because\n"
            "% annotator:disable=unused-macro,M002\n"
            "50\\% annotator: ignore[x] is prose, not a directive\n"
            "% annotator: enable\n"
            "% annotator: ignore-file\n"
            "% see the annotator: docs\n")
    found = _directives(text)
    assert [(d.action, d.rules, d.location.line, d.location.column) for d in found] == [
        ("ignore", ("mixed-variant", "n003"), 1, 3),
        ("disable", ("unused-macro", "m002"), 2, 1),
        ("enable", (), 4, 1),
        ("ignore-file", (), 5, 1)]


def test_scopes_of_line_range_and_file_directives() -> None:
    text = ("% annotator: disable=a,b\n"       # 1
            "x\n"                              # 2
            "% annotator: enable=a\n"          # 3
            "y % annotator: ignore[c]\n"       # 4
            "% annotator: enable=z\n"          # 5
            "% annotator: ignore-file[d]\n")   # 6
    suppressions, unmatched = scopes(_directives(text))
    ranges = {(s.rule, s.first_line, s.last_line if s.last_line < 1000 else "end")
              for s in suppressions}
    assert ranges == {("a", 1, 3), ("b", 1, "end"), ("c", 4, 4), ("d", 1, "end")}
    assert [(u.directive, u.rule) for u in unmatched] == [(3, "z")]
    bare = scopes(_directives("% annotator: enable\n"))[1]
    assert [u.rule for u in bare] == [EVERY_RULE]


def test_suppression_matches_code_or_name() -> None:
    suppressions, _ = scopes(_directives("x % annotator: ignore[n002]\n"))
    assert suppressions[0].covers("main.tex", 1, "N002", "mixed-variant")
    assert not suppressions[0].covers("main.tex", 2, "N002", "mixed-variant")
    assert not suppressions[0].covers("other.tex", 1, "N002", "mixed-variant")
    assert not suppressions[0].covers("main.tex", 1, "N003", "mixed-transpose")


def test_config_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    write_tree(tmp_path, {"annotator.toml": "select = ['D']\n",
                          "repo/.git/HEAD": "ref", "repo/paper/main.tex": "x"})
    assert find_config(str(tmp_path / "repo" / "paper")) is None
    write_tree(tmp_path, {"repo/pyproject.toml": "[project]\nname = 'x'\n"})
    assert find_config(str(tmp_path / "repo" / "paper" / "main.tex")) is None
    write_tree(tmp_path, {"repo/pyproject.toml": "[tool.annotator]\nignore = ['M']\n"})
    found = find_config(str(tmp_path / "repo" / "paper" / "main.tex"))
    assert found == (tmp_path / "repo" / "pyproject.toml").resolve()
    assert load_config(found).ignore == ("M",)
    write_tree(tmp_path, {"repo/paper/annotator.toml": "fail-on = 'error'\n"})
    assert find_config(str(tmp_path / "repo" / "paper")).name == "annotator.toml"


def test_config_values_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "annotator.toml"
    path.write_text("select = 'D, N'\nkb = ['lab.toml']\n[per-file-ignores]\n'a/*.tex' = 'M001'\n")
    config = load_config(path)
    assert config.select == ("D", "N")
    assert config.kb == (str(tmp_path / "lab.toml"),)
    assert config.per_file_ignores == {"a/*.tex": ("M001",)}
    path.write_text("main = 3\n")
    with pytest.raises(UsageError, match="main must be a string"):
        load_config(path)


def test_a_shared_notation_file_is_a_library(tmp_path: Path) -> None:
    library = "".join(f"\\newcommand{{\\n{chr(97 + i // 26)}{chr(97 + i % 26)}}}{{x_{i}}}\n"
                      for i in range(45))
    own = "\\newcommand{\\mine}{m}\n\\newcommand{\\used}{u}\n"
    write_tree(tmp_path, {"main.tex": "\\input{notation}\n\\input{own}\n$\\used + \\naa$\n",
                          "notation.tex": library, "own.tex": own})
    unused = [(f.file, f.symbol) for f in lint_folder(tmp_path, {"M001"})]
    assert unused == [("own.tex", "mine")]


def test_finding_positions_point_into_the_original_file(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tex": "\\input{sec}\n",
                          "sec.tex": "\tx\n\u00e9t\u00e9 $\\epsilon + \\epsilon + \\varepsilon$\n"})
    [finding] = lint_folder(tmp_path, {"N002"})
    assert (finding.file, finding.line, finding.column) == ("sec.tex", 2, 28)
    assert (finding.end_line, finding.end_column) == (2, 39)


def test_severity_order_and_parse() -> None:
    assert Severity.ERROR > Severity.WARNING > Severity.INFO
    assert Severity.parse(" Warning ") is Severity.WARNING
    assert Severity.INFO.label == "info"
    with pytest.raises(KeyError):
        Severity.parse("fatal")


def test_summary_counts_severities() -> None:
    from annotator.lint.finding import Finding
    from annotator.lint.render import summary

    at = Location("main.tex", 1, 1)
    make = lambda severity: Finding("X001", "x-y", severity, "m", at, 1, 2)  # noqa: E731
    assert summary([]) == "no findings"
    assert summary([make(Severity.ERROR), make(Severity.INFO), make(Severity.INFO)]) == \
        "3 findings (1 error, 2 info)"


def test_an_unbraced_script_is_not_also_reported_as_undefined_pieces(tmp_path: Path) -> None:
    # `$p_data$` reads as p_d followed by the letters a, t, a: the T002 finding says what
    # to fix; D001 on `p_d` and `ata` would only echo it.
    text = "The model is $p_data$. Then $\\lambda x + 1$ is computed.\n"
    write_tree(tmp_path, {"main.tex": text})
    found = [(f.code, f.column) for f in lint_folder(tmp_path, {"T002", "D001"})]
    assert ("T002", 16) in found
    assert [code for code, _ in found if code == "D001"] == ["D001", "D001"]  # \lambda, x
    assert all(column > 20 for code, column in found if code == "D001")


def test_a_greek_name_without_its_backslash_is_fixed_with_the_letter(tmp_path: Path) -> None:
    # `$n^alpha$` (a typo for n^\alpha): the fix is the Greek letter, not ^{alpha}
    write_tree(tmp_path, {"main.tex": "Then $n^alpha t$ grows and $p_data$ is fixed.\n"})
    messages = [f.message for f in lint_folder(tmp_path, {"T002"})]
    assert any("`^\\alpha` (the Greek letter)" in m for m in messages)
    assert any("`_{data}`" in m for m in messages)
