"""Golden files: the glossary of each shipped sample in every format, checked byte for byte.

After a deliberate change to the output, run `python -m pytest tests/test_golden.py
--update-golden` and review `git diff tests/golden/` before committing.
"""

from __future__ import annotations

import difflib

import pytest

from conftest import ROOT, run_cli

GOLDEN = ROOT / "tests" / "golden"
CASES = [("attention-note", "en"), ("zh-regression", "zh")]
FORMATS = {"text": "txt", "markdown": "md", "html": "html", "json": "json", "latex": "tex"}


@pytest.mark.parametrize("sample,lang", CASES)
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_sample_glossary(sample: str, lang: str, fmt: str, request: pytest.FixtureRequest,
                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the JSON names its source as given on the command line
    result = run_cli(["glossary", f"samples/{sample}", "-f", fmt, "--lang", lang, "-q"])
    assert result.code == 0, result.err
    golden = GOLDEN / f"{sample}.{lang}.{FORMATS[fmt]}"
    if request.config.getoption("--update-golden"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(result.out, encoding="utf-8")
        return
    expected = golden.read_text(encoding="utf-8")
    if result.out != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), result.out.splitlines(True),
                                            str(golden), "current output", n=2))
        pytest.fail(f"{golden.name} differs (run with --update-golden if intended):\n"
                    + diff[:4000])


def test_group_by_role_and_area() -> None:
    sample = str(ROOT / "samples" / "attention-note")
    by_role = run_cli(["glossary", sample, "--group-by", "role", "-q"]).out
    assert by_role.index("── Matrices ──") < by_role.index("── Vectors ──")
    by_area = run_cli(["glossary", sample, "--group-by", "area", "-q", "--lang", "zh"]).out
    assert "── 机器学习记号 ──" in by_area
