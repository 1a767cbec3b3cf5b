"""`annotator lint` output for people and tools: paths from the working directory, the
source line with a caret, GitHub workflow commands, GitLab code quality, fingerprints
unique in a run, per-file-ignores relative to the configuration file."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from annotator.lint.finding import Finding, Severity
from annotator.lint.paths import fingerprints
from annotator.lint.render import render_github, source_excerpt
from annotator.model import Location
from conftest import run_cli, write_tree

DRAFT = {
    "main.tex": "\\documentclass{article}\n\\begin{document}\n\\input{sec/method}\n"
                "\\end{document}\n",
    "sec/method.tex": "Let $x \\in \\mathbb{R}^d$ be the input, where $d$ is its size.\n"
                      "The noise is $\\varepsilon$, $\\varepsilon_1$, $\\varepsilon_2$.\n"
                      "\tThe noisy input is $x + \\epsilon$, and again $\\varepsilon$.\n"
                      "A second $\\epsilon$ here: $\\varepsilon_3$.\n",
}


@pytest.fixture
def draft(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    return write_tree(tmp_path / "paper", DRAFT)


def test_paths_are_relative_to_the_working_directory(draft: Path) -> None:
    out = run_cli(["lint", "paper", "-q"]).out
    assert out.startswith("paper/sec/method.tex:3:26: N002")
    inside = run_cli(["lint", str(draft / "main.tex"), "-q"]).out
    assert inside == out
    data = run_cli(["lint", "paper", "-q", "-f", "json"]).json()["findings"][0]
    assert (data["file"], data["path"]) == ("sec/method.tex", "paper/sec/method.tex")


def test_show_source_puts_a_caret_under_the_flagged_text(draft: Path) -> None:
    out = run_cli(["lint", "paper", "-q", "--show-source"]).out.splitlines()
    head, source, caret = out[:3]
    column = int(head.split(":")[2])
    assert source.startswith("3 | ") and caret.startswith("  | ")
    flagged = source[4:][column - 1:column - 1 + caret[4:].count("^")]
    assert flagged == "\\epsilon", (source, caret)
    assert "\t" not in source  # a tab is shown as one space, as columns count it


def test_show_source_handles_wide_characters_and_long_lines() -> None:
    text = "中文说明 $\\varepsilon$ end\n" + "x " * 400 + "$\\varepsilon$ " + "y " * 400
    finding = Finding("N002", "mixed-variant", Severity.WARNING, "m",
                      Location("a.tex", 1, 7), end_line=1, end_column=18)
    source, caret = source_excerpt(finding, text)
    assert caret.index("^") - 4 == 2 * 4 + 2  # four CJK characters (2 columns) and " $"
    long = Finding("N002", "mixed-variant", Severity.WARNING, "m",
                   Location("a.tex", 2, 802), end_line=2, end_column=813)
    source, caret = source_excerpt(long, text, width=80)
    assert len(source) <= 82 and "…" in source
    start = caret.index("^")
    assert source[start:start + caret.count("^")] == "\\varepsilon"


def test_github_workflow_commands(draft: Path) -> None:
    out = run_cli(["lint", "paper", "-q", "-f", "github"]).out.splitlines()
    assert out and all(re.match(r"^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,"
                                r"endLine=\d+,endColumn=\d+,title=[A-Z]\d{3} [a-z-]+::.+$",
                                line) for line in out)
    assert out[0].startswith("::warning file=paper/sec/method.tex,line=3,col=26,")


def test_github_commands_escape_what_they_carry() -> None:
    finding = Finding("N002", "mixed-variant", Severity.ERROR, "50% of a\nb, c: d",
                      Location("we,ird:name.tex", 1, 1), end_line=1, end_column=2)
    line = render_github([finding]).strip()
    assert line.endswith("::50%25 of a%0Ab, c: d")
    assert "file=we%2Cird%3Aname.tex," in line


def test_gitlab_code_quality(draft: Path) -> None:
    report = json.loads(run_cli(["lint", "paper", "-q", "-f", "gitlab"]).out)
    assert len(report) >= 2
    for issue in report:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert issue["location"]["path"].startswith("paper/")
        assert issue["location"]["positions"]["begin"]["line"] >= 1
    assert len({issue["fingerprint"] for issue in report}) == len(report)


def test_fingerprints_are_unique_and_stable(draft: Path) -> None:
    log = json.loads(run_cli(["lint", "paper", "-q", "-f", "sarif"]).out)
    results = log["runs"][0]["results"]
    prints = [r["partialFingerprints"]["annotatorFinding/v1"] for r in results]
    same_rule = [r for r in results if r["ruleId"] == "N002"]
    assert len(same_rule) >= 2  # two findings of one rule in one file ...
    assert len(set(prints)) == len(prints)  # ... and still a fingerprint each
    # Moving every line down keeps them; the first keeps what earlier versions gave it.
    (draft / "sec" / "method.tex").write_text("\n\n" + DRAFT["sec/method.tex"])
    moved = json.loads(run_cli(["lint", "paper", "-q", "-f", "sarif"]).out)["runs"][0]["results"]
    assert [r["partialFingerprints"]["annotatorFinding/v1"] for r in moved] == prints
    assert all(len(value) == 32 for value in prints)


def test_fingerprint_of_a_first_finding_is_the_old_one() -> None:
    finding = Finding("N002", "mixed-variant", Severity.WARNING, "written 2 ways",
                      Location("a.tex", 1, 1), end_line=1, end_column=2, symbol="eps")
    old = hashlib.sha256("\0".join(("N002", "a.tex", "eps", "written # ways")).encode()) \
        .hexdigest()[:32]
    twice = fingerprints([finding, finding])
    assert twice[0] == old and twice[1] != old


def test_per_file_ignores_are_relative_to_the_configuration(draft: Path) -> None:
    (draft.parent / "annotator.toml").write_text(
        "[per-file-ignores]\n'paper/sec/*.tex' = ['mixed-variant']\n")
    (draft.parent / ".git").mkdir()
    result = run_cli(["lint", "paper", "-q"])
    assert "N002" not in result.out
    (draft.parent / "annotator.toml").write_text(
        "[per-file-ignores]\n'sec/*.tex' = ['mixed-variant']\n")
    wrong = run_cli(["lint", "paper", "-q"])
    assert wrong.code == 2
    assert "'sec/*.tex' matches no file of the paper" in wrong.err
    assert "annotator.toml" in wrong.err


def test_lint_has_no_language_option(draft: Path) -> None:
    result = run_cli(["lint", "paper", "--lang", "zh"])
    assert result.code == 2 and "--lang" in result.err
