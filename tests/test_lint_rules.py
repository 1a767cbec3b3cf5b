"""Every rule against its case file (tests/lint_cases/RULE.tex): each `fail` case gets a
finding of the rule on exactly the lines marked `% expect`, each `pass` case none."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.lint.registry import ALL_RULES
from lint_support import Case, lint_folder, read_cases

CASES = [case for rule in ALL_RULES for case in read_cases(rule.name)]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.rule}:{c.line}:{c.kind}")
def test_case(case: Case, tmp_path: Path) -> None:
    findings = lint_folder(case.write(tmp_path))
    got = {(f.file, f.line) for f in findings if f.name == case.rule}
    shown = "\n".join(f"{f.file}:{f.line}:{f.column}: {f.code} {f.name} {f.message}"
                      for f in findings if f.name == case.rule)
    if case.kind == "pass":
        assert not got, f"{case.title}: unexpected findings\n{shown}"
    else:
        assert case.expected, f"{case.title}: a fail case needs a `% expect` line"
        assert got == case.expected, f"{case.title}: expected {sorted(case.expected)}\n{shown}"
