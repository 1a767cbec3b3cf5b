"""`annotator lint` on the command line: formats, exit codes, rule selection, suppressions,
configuration, and every kind of input the glossary reads."""

from __future__ import annotations

import io
import re
import tarfile
from pathlib import Path

import pytest

from annotator.lint.command import sarif_root
from conftest import run_cli, write_tree

DRAFT = {
    "main.tex": "\\documentclass{article}\n\\input{macros}\n\\begin{document}\n"
                "\\input{sections/method}\n\\end{document}\n",
    "macros.tex": "\\newcommand{\\vx}{\\bm{x}}\n\\newcommand{\\unused}{u}\n",
    "sections/method.tex": (
        "\\section{Method}\n"
        "Let $\\vx \\in \\mathbb{R}^d$ be the input, where $d$ is its dimension.\n"
        "The noise is $\\epsilon$, and the output is $\\vx + \\epsilon$.\n"
        "The noisy input is $\\vx + \\varepsilon$.\n"),
}
"""Two findings: \\unused (macros.tex:2, info) and \\varepsilon (sections/method.tex:4)."""
TEXT_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<code>[A-Z]\d{3}) "
                       r"(?P<name>[a-z-]+) (?P<message>.+)$")


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "draft", DRAFT)


def test_text_format_is_file_line_col_code_name_message(draft: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(draft.parent)  # paths are relative to the working directory
    result = run_cli(["lint", "draft", "-q"])
    assert result.code == 1
    lines = result.out.splitlines()
    parsed = [TEXT_LINE.match(line) for line in lines]
    assert all(parsed), lines
    assert [(m["file"], m["line"], m["code"], m["name"]) for m in parsed] == [
        ("draft/macros.tex", "2", "M001", "unused-macro"),
        ("draft/sections/method.tex", "4", "N002", "mixed-variant")]
    variant = parsed[1]
    assert variant["column"] == "27"
    assert "first at sections/method.tex:3" in variant["message"]
    assert result.err == ""


def test_summary_and_input_warnings_go_to_stderr(draft: Path) -> None:
    result = run_cli(["lint", str(draft)])
    assert "main file: main.tex" in result.err
    assert "2 findings (1 warning, 1 info)" in result.err
    assert result.out.count("\n") == 2


def test_json_contract(draft: Path) -> None:
    result = run_cli(["lint", str(draft), "-q", "--format", "json"])
    assert result.code == 1
    data = result.json()
    assert data["schema_version"] == 1
    fields = {"code", "name", "message", "severity", "file", "line", "column", "end_line",
              "end_column", "symbol"}
    for finding in data["findings"]:
        assert fields <= set(finding)
    variant = data["findings"][1]
    assert variant["code"] == "N002" and variant["severity"] == "warning"
    assert (variant["file"], variant["line"], variant["column"]) == ("sections/method.tex", 4, 27)
    assert (variant["end_line"], variant["end_column"]) == (4, 38)  # just past \varepsilon
    assert variant["symbol"] == "varepsilon"
    assert variant["related"][0]["file"] == "sections/method.tex"
    assert variant["related"][0]["line"] == 3


def test_clean_draft_exits_0_with_empty_findings(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tex": "Let $x$ be the input, where $x \\in \\mathbb{R}$.\n"})
    result = run_cli(["lint", str(tmp_path), "-q", "-f", "json"])
    assert result.code == 0
    assert result.json() == {"schema_version": 1, "findings": []}


def test_fail_on_compares_severities(draft: Path) -> None:
    assert run_cli(["lint", str(draft), "-q", "--fail-on", "warning"]).code == 1
    assert run_cli(["lint", str(draft), "-q", "--fail-on", "error"]).code == 0
    assert run_cli(["lint", str(draft), "-q", "--fail-on", "none"]).code == 0
    only_info = run_cli(["lint", str(draft), "-q", "--select", "unused-macro",
                         "--fail-on", "warning"])
    assert only_info.code == 0 and "M001" in only_info.out


def test_select_and_ignore_by_code_name_and_family(draft: Path) -> None:
    def codes(*options: str) -> list[str]:
        out = run_cli(["lint", str(draft), "-q", *options]).out
        return [m["code"] for m in map(TEXT_LINE.match, out.splitlines()) if m]

    assert codes("--select", "N002") == ["N002"]
    assert codes("--select", "mixed-variant,unused-macro") == ["M001", "N002"]
    assert codes("--select", "M") == ["M001"]
    assert codes("--ignore", "N") == ["M001"]
    assert codes("--ignore", "M001", "--ignore", "mixed-variant") == []


@pytest.mark.parametrize("options", [["--select", "no-such-rule"], ["--ignore", "X9"],
                                     ["--format", "xml"], ["--fail-on", "fatal"]])
def test_usage_errors_exit_2(draft: Path, options: list[str]) -> None:
    result = run_cli(["lint", str(draft), *options])
    assert result.code == 2


def test_bad_input_exits_2(tmp_path: Path) -> None:
    assert run_cli(["lint", str(tmp_path / "missing")]).code == 2
    (tmp_path / "empty").mkdir()
    assert run_cli(["lint", str(tmp_path / "empty")]).code == 2


def test_a_pdf_is_refused_before_it_is_read() -> None:
    pdf = Path(__file__).parent.parent / "samples" / "pdf-vae-note" / "main.pdf"
    result = run_cli(["lint", str(pdf)])
    assert result.code == 2
    assert "lint reads LaTeX sources, not a PDF" in result.err
    assert "main file" not in result.err  # refused before the PDF was analysed


def test_suppressions_on_a_line_a_range_and_a_file(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "main.tex": "\\documentclass{article}\n\\input{macros}\n\\input{other}\n"
                    "\\begin{document}\n"
                    "The noise is $\\epsilon$, $\\epsilon$, $\\epsilon$, $\\epsilon$,\n"
                    " $\\epsilon$.\n"
                    "Now $\\varepsilon$. % annotator: ignore[mixed-variant]\n"
                    "% annotator: disable=N002\n"
                    "Again $\\varepsilon$ and\n$\\varepsilon$.\n"
                    "% annotator: enable=N002\n"
                    "Finally $\\varepsilon$.\n"
                    "\\end{document}\n",
        "macros.tex": "% annotator: ignore-file[unused-macro]\n\\newcommand{\\a}{a}\n",
        "other.tex": "\\newcommand{\\b}{b}\n",
    })
    result = run_cli(["lint", str(tmp_path), "-q", "-f", "json"])
    found = [(f["file"], f["line"], f["name"]) for f in result.json()["findings"]]
    assert found == [("main.tex", 12, "mixed-variant"), ("other.tex", 1, "unused-macro")]


def test_unused_suppressions_are_reported_only_for_rules_that_ran(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path, {"main.tex": "Let $x$ be it. % annotator: ignore[italic-operator]\n"})
    monkeypatch.chdir(tmp_path)
    reported = run_cli(["lint", ".", "-q"])
    assert "S001 unused-suppression" in reported.out and reported.out.startswith("main.tex:1:")
    quiet = run_cli(["lint", str(tmp_path), "-q", "--ignore", "italic-operator"])
    assert quiet.code == 0 and quiet.out == ""


def test_configuration_in_annotator_toml(draft: Path) -> None:
    (draft / "annotator.toml").write_text('ignore = ["unused-macro"]\nfail-on = "error"\n')
    result = run_cli(["lint", str(draft), "-q"])
    assert result.code == 0  # the mixed-variant warning is below fail-on
    assert "N002" in result.out and "M001" not in result.out
    assert "M001" in run_cli(["lint", str(draft), "-q", "--no-config"]).out
    assert run_cli(["lint", str(draft), "-q", "--fail-on", "warning"]).code == 1


def test_configuration_in_pyproject_found_from_a_parent_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path, {
        "pyproject.toml": "[project]\nname = 'paper'\n\n[tool.annotator]\n"
                          "select = ['M']\nmain = 'paper.tex'\n"
                          "[tool.annotator.per-file-ignores]\n"
                          "'draft/appendix/*.tex' = ['M001']\n",
        "draft/paper.tex": "\\documentclass{article}\n\\newcommand{\\a}{a}\n"
                           "\\input{appendix/proofs}\n\\begin{document}\n"
                           "$\\epsilon + \\varepsilon$\n\\end{document}\n",
        "draft/appendix/proofs.tex": "\\newcommand{\\b}{b}\n",
        "draft/notes.tex": "\\documentclass{article}\n\\begin{document}\nx\n\\end{document}\n",
    })
    monkeypatch.chdir(tmp_path)
    result = run_cli(["lint", "draft"])
    assert "main file: paper.tex" in result.err
    assert [m["code"] for m in map(TEXT_LINE.match, result.out.splitlines())] == ["M001"]
    assert result.out.startswith("draft/paper.tex:2:")


@pytest.mark.parametrize("content, message", [
    ("selct = ['D']\n", "unknown key 'selct'"),
    ("fail-on = 'fatal'\n", "fail-on must be one of"),
    ("select = 3\n", "select must be a list of strings"),
    ("select = ['Q']\n", "no rule or rule family 'Q'"),
    ("select = [\n", "cannot read the configuration"),
])
def test_bad_configuration_is_a_usage_error(draft: Path, content: str, message: str) -> None:
    (draft / "annotator.toml").write_text(content)
    result = run_cli(["lint", str(draft), "-q"])
    assert result.code == 2
    assert message in result.err and "annotator.toml" in result.err


def test_explicit_config_file(draft: Path, tmp_path: Path) -> None:
    config = tmp_path / "lint.toml"
    config.write_text('select = ["N002"]\n')
    result = run_cli(["lint", str(draft), "-q", "--config", str(config)])
    assert [m["code"] for m in map(TEXT_LINE.match, result.out.splitlines())] == ["N002"]
    assert run_cli(["lint", str(draft), "--config", str(tmp_path / "none.toml")]).code == 2


def _tarball(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_tarball_tex_file_and_stdin_give_the_same_findings(
        draft: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = tmp_path / "draft.tar.gz"
    archive.write_bytes(_tarball(DRAFT))
    monkeypatch.chdir(draft)  # where the folder's paths are the archive's
    from_folder = run_cli(["lint", str(draft), "-q"]).out
    assert run_cli(["lint", str(archive), "-q"]).out == from_folder
    assert run_cli(["lint", str(draft / "main.tex"), "-q"]).out == from_folder
    assert run_cli(["lint", "-", "-q"], stdin=archive.read_bytes()).out == from_folder


def test_output_file(draft: Path, tmp_path: Path) -> None:
    target = tmp_path / "lint.json"
    result = run_cli(["lint", str(draft), "-q", "-f", "json", "-o", str(target)])
    assert result.code == 1 and result.out == ""
    assert '"schema_version": 1' in target.read_text()


def _check_sarif(log: dict) -> None:
    """The properties GitHub code scanning requires (docs: "SARIF support for code
    scanning"), and the SARIF 2.1.0 shapes they must have."""
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    assert len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "annotator" and re.match(r"^\d+\.\d+\.\d+", driver["semanticVersion"])
    rules = driver["rules"]
    ids = [rule["id"] for rule in rules]
    assert len(set(ids)) == len(ids)
    for rule in rules:
        for key in ("shortDescription", "fullDescription", "help"):
            assert rule[key]["text"] and len(rule[key]["text"]) <= (1024 if key != "help"
                                                                    else 100_000)
        assert rule["defaultConfiguration"]["level"] in ("note", "warning", "error")
        assert rule["properties"]["precision"] in ("very-high", "high", "medium", "low")
        assert rule["properties"]["problem.severity"] in ("error", "warning", "recommendation")
    assert run["invocations"][0]["executionSuccessful"] is True
    base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base.startswith("file:///") and base.endswith("/")
    for result in run["results"]:
        assert result["ruleId"] == ids[result["ruleIndex"]]
        assert result["level"] in ("note", "warning", "error")
        assert result["message"]["text"]
        assert 1 <= len(result["locations"]) <= 10
        assert result["partialFingerprints"]
        for location in result["locations"] + result.get("relatedLocations", []):
            physical = location["physicalLocation"]
            uri = physical["artifactLocation"]["uri"]
            assert uri and not uri.startswith("/") and ".." not in uri.split("/")
            region = physical["region"]
            for key in ("startLine", "startColumn", "endLine", "endColumn"):
                assert isinstance(region[key], int) and region[key] >= 1
            assert (region["endLine"], region["endColumn"]) > (region["startLine"],
                                                               region["startColumn"])


def test_sarif_output(draft: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(draft.parent)
    result = run_cli(["lint", "draft", "-q", "-f", "sarif"])
    assert result.code == 1
    log = result.json()
    _check_sarif(log)
    results = log["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["M001", "N002"]
    variant = results[1]
    location = variant["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "draft/sections/method.tex",
                                            "uriBaseId": "%SRCROOT%"}
    assert location["region"]["startLine"] == 4 and location["region"]["startColumn"] == 27
    assert variant["level"] == "warning" and results[0]["level"] == "note"
    assert "[sections/method.tex:3](1)" in variant["message"]["text"]
    assert variant["relatedLocations"][0]["id"] == 1


def test_sarif_with_no_findings_still_lists_the_rules(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path, {"main.tex": "Let $x$ be the input.\n"})
    monkeypatch.chdir(tmp_path)
    log = run_cli(["lint", ".", "-q", "-f", "sarif", "--select", "N"]).json()
    _check_sarif(log)
    assert log["runs"][0]["results"] == []
    assert [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]] == \
        ["N001", "N002", "N003", "N004"]


def test_sarif_paths_are_relative_to_the_working_directory(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path, {"repo/paper/main.tex": "x", "elsewhere/main.tex": "x"})
    monkeypatch.chdir(tmp_path / "repo")
    assert sarif_root("paper") == "paper"
    assert sarif_root("paper/main.tex") == "paper"
    assert sarif_root(".") == ""
    assert sarif_root("-") == ""
    assert sarif_root("paper.tar.gz") == ""
    assert sarif_root(str(tmp_path / "elsewhere")) == str((tmp_path / "elsewhere").resolve())
