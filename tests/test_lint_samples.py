"""The shipped samples: a clean draft gives no finding at all, and the drafts with planted
problems give exactly the findings marked `% planted: RULE` on their lines."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from conftest import SAMPLES, run_cli
from lint_support import planted

PLANTED = SAMPLES / "lint-planted"
DRAFTS = sorted(path for path in PLANTED.iterdir() if path.is_dir())


def _findings(path: Path, *options: str) -> tuple[int, list[dict]]:
    result = run_cli(["lint", str(path), "-q", "-f", "json", *options])
    return result.code, result.json()["findings"]


def test_clean_draft_has_no_findings() -> None:
    result = run_cli(["lint", str(SAMPLES / "clean-draft"), "-q"])
    assert (result.code, result.out) == (0, "")


def test_attention_note_sample_is_clean_too() -> None:
    assert run_cli(["lint", str(SAMPLES / "attention-note"), "-q"]).out == ""


def test_there_are_planted_drafts_covering_every_rule() -> None:
    from annotator.lint.registry import ALL_RULES

    assert len(DRAFTS) >= 2
    rules = {rule for draft in DRAFTS for _file, _line, rule in planted(draft)}
    assert rules == {rule.name for rule in ALL_RULES}


@pytest.mark.parametrize("draft", DRAFTS, ids=lambda p: p.name)
def test_planted_problems_are_found_at_their_lines(draft: Path) -> None:
    code, findings = _findings(draft)
    got = {(f["file"], f["line"], f["name"]) for f in findings}
    expected = planted(draft)
    assert expected, f"{draft} has no planted markers"
    assert got - expected == set(), "findings nobody planted"
    assert expected - got == set(), "planted problems not found"
    assert code == 1


def test_a_planted_draft_as_an_arxiv_tarball(tmp_path: Path) -> None:
    draft = PLANTED / "contrastive-draft"
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for path in sorted(draft.rglob("*")):
            if path.is_file():
                archive.add(path, arcname=path.relative_to(draft).as_posix())
    tarball = tmp_path / "2401.00001.tar.gz"
    tarball.write_bytes(buffer.getvalue())
    from_tarball, from_folder = _findings(tarball)[1], _findings(draft)[1]
    # `path` is where the file is from the working directory: inside the archive there
    # is none but its name in the archive; everything else is the same.
    assert [f["path"] for f in from_tarball] == [f["file"] for f in from_folder]
    assert [{**f, "path": None} for f in from_tarball] == \
        [{**f, "path": None} for f in from_folder]


def test_policy_note_configuration_is_applied() -> None:
    draft = PLANTED / "policy-note"
    _code, with_config = _findings(draft)
    assert not any(f["name"] == "unused-macro" for f in with_config)
    _code, without = _findings(draft, "--no-config")
    unused = [(f["line"], f["message"].split()[0]) for f in without if f["name"] == "unused-macro"]
    assert unused == [(5, "\\va")]


def test_every_finding_names_the_other_place_involved() -> None:
    _code, findings = _findings(PLANTED / "contrastive-draft")
    for finding in findings:
        if finding["name"] in ("mixed-bold-style", "mixed-variant", "mixed-transpose",
                               "mixed-expectation", "conflicting-macro", "redefined-symbol",
                               "used-before-defined"):
            other = finding["related"][0]
            assert f"{other['file']}:{other['line']}" in finding["message"], finding
