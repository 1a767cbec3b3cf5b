"""The rules themselves: codes, names, documentation, case files, docs/rules.md, and the
pre-commit hook definition."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from annotator.lint.docs import rules_markdown
from annotator.lint.registry import ALL_RULES, FAMILIES, SECTIONS, find_rule, resolve
from conftest import ROOT, run_cli
from lint_support import CASES, read_cases

CODE = re.compile(r"^[A-Z]\d{3}$")
KEBAB = re.compile(r"^[a-z]+(?:-[a-z]+)+$")
ISSUE_RULES = {"undefined-symbol", "used-before-defined", "redefined-symbol", "mixed-bold-style",
               "mixed-variant", "mixed-transpose", "mixed-expectation", "italic-operator",
               "unused-macro", "conflicting-macro", "unused-suppression"}


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.name)
def test_rule_has_a_stable_code_a_kebab_name_and_a_family(rule) -> None:
    assert CODE.match(rule.code), rule.code
    assert KEBAB.match(rule.name), rule.name
    assert rule.code[0] in FAMILIES
    assert rule.summary and "\n" not in rule.summary and len(rule.summary) <= 100


def test_codes_and_names_are_unique() -> None:
    codes = [rule.code for rule in ALL_RULES]
    names = [rule.name for rule in ALL_RULES]
    assert len(set(codes)) == len(codes)
    assert len(set(names)) == len(names)


def test_every_rule_of_the_issue_exists() -> None:
    assert {rule.name for rule in ALL_RULES} >= ISSUE_RULES


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.name)
def test_rule_documentation_is_complete(rule) -> None:
    sections = rule.sections()
    assert list(sections) == list(SECTIONS), rule.name
    for heading in ("What it does", "Why is this bad?", "Known problems"):
        assert len(sections[heading].split()) >= 12, f"{rule.name}: {heading!r} is too short"
    for heading in ("Example", "Use instead"):
        assert sections[heading].startswith("```latex"), f"{rule.name}: {heading!r}"
        assert sections[heading].rstrip().endswith("```"), f"{rule.name}: {heading!r}"


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.name)
def test_every_rule_has_failing_and_passing_cases(rule) -> None:
    cases = read_cases(rule.name)
    kinds = {case.kind for case in cases}
    assert kinds == {"fail", "pass"}, f"{CASES / (rule.name + '.tex')}: needs both kinds"
    for case in cases:
        assert (case.kind == "fail") == bool(case.expected), case.title


def test_no_case_file_without_a_rule() -> None:
    names = {rule.name for rule in ALL_RULES}
    assert {path.stem for path in CASES.glob("*.tex")} <= names


def test_lookup_by_code_name_and_family() -> None:
    assert find_rule("n002") is find_rule("mixed-variant") is find_rule("MIXED-VARIANT")
    assert resolve(["D"], "--select") == {"D001", "D002", "D003"}
    assert resolve(["ALL"], "--select") == {rule.code for rule in ALL_RULES}
    assert resolve(["mixed-variant", "T001"], "--select") == {"N002", "T001"}


def test_docs_rules_md_is_up_to_date() -> None:
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == rules_markdown(), \
        "docs/rules.md is stale: run `python -m annotator.lint.docs > docs/rules.md`"


def test_rules_and_rule_commands_show_the_documentation() -> None:
    listing = run_cli(["rules"])
    assert listing.code == 0
    for rule in ALL_RULES:
        assert f"{rule.code}  {rule.name}" in listing.out or \
            re.search(rf"^{rule.code}\s+{rule.name}\s", listing.out, re.MULTILINE)
    shown = run_cli(["rule", "mixed-variant"])
    assert shown.code == 0
    assert "N002 mixed-variant" in shown.out
    for heading in SECTIONS:
        assert f"## {heading}" in shown.out
    assert run_cli(["rule", "N002"]).out == shown.out
    assert run_cli(["rule", "-f", "json", "n002"]).json()["name"] == "mixed-variant"
    unknown = run_cli(["rule", "mixd-variant"])
    assert unknown.code == 2 and "did you mean mixed-variant" in unknown.err


def _hooks() -> list[dict[str, str]]:
    """The hook list of .pre-commit-hooks.yaml (a flat YAML list of mappings)."""
    hooks: list[dict[str, str]] = []
    for line in (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = re.match(r"^(- |  )(\w[\w-]*):\s*(.*)$", line)
        assert item, f"unexpected line in .pre-commit-hooks.yaml: {line!r}"
        if item.group(1) == "- ":
            hooks.append({})
        hooks[-1][item.group(2)] = item.group(3).strip().strip("'\"")
    return hooks


def test_pre_commit_hook_runs_the_linter() -> None:
    hooks = _hooks()
    assert [hook["id"] for hook in hooks] == ["annotator-lint"]
    hook = hooks[0]
    assert hook["entry"] == "annotator lint" and hook["language"] == "python"
    assert hook["pass_filenames"] == "false"
    assert re.search(hook["files"], "paper/sections/method.tex")
    assert re.search(hook["files"], "annotator.toml")
    assert not re.search(hook["files"], "figures/plot.png")
    assert shutil.which("annotator") or (ROOT / "src" / "annotator" / "cli.py").exists()
    args = hook["args"].strip("[]").split(",")
    assert run_cli(["lint", *[a.strip() for a in args], "--help"]).code == 0


def test_case_directory_is_documented() -> None:
    assert (CASES / "README.md").exists()
    assert Path(CASES).is_dir()
