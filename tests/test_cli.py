"""The glossary command: the JSON contract, atomic output, exit codes."""

from __future__ import annotations

from pathlib import Path

from conftest import SAMPLES, run_cli

SAMPLE = str(SAMPLES / "attention-note")


def test_json_contract_fields() -> None:
    result = run_cli(["glossary", SAMPLE, "-f", "json", "-q"])
    assert result.code == 0 and result.err == ""
    data = result.json()
    assert data["schema_version"] == 1
    assert data["paper"]["main"] == "main.tex"
    assert data["paper"]["files"][:2] == ["main.tex", "macros.tex"]
    assert data["paper"]["source"] == SAMPLE
    for symbol in data["symbols"]:
        assert {"key", "latex", "forms", "occurrences", "first", "definitions", "knowledge",
                "role"} <= set(symbol)
        assert {"file", "line", "column"} <= set(symbol["first"])
        assert isinstance(symbol["occurrences"], int) and symbol["occurrences"] >= 1
    for span in data["math"]:
        assert {"file", "line", "column", "display", "environment", "label", "latex",
                "symbols"} <= set(span)
    by_key = {s["key"]: s for s in data["symbols"]}
    assert by_key["d_model"]["forms"] == ["\\dmodel"]
    assert by_key["bold:W^Q"]["latex"] == "\\boldsymbol{W}^{Q}"
    assert by_key["bold:x"]["role"] == "vector"
    assert by_key["cal:D"]["first"] == {"file": "sections/setup.tex", "line": 4, "column": 6,
                                        "section": "Setup"}
    labelled = [m for m in data["math"] if m["label"]]
    assert [m["label"] for m in labelled] == ["eq:objective", "eq:attention"]
    attention = labelled[1]
    assert attention["environment"] == "equation" and attention["display"]
    assert attention["latex"].startswith("\\attn{\\mQ}")
    assert {"Attention", "bold:Q", "softmax", "d_k"} <= set(attention["symbols"])


def test_text_format_lists_every_symbol() -> None:
    result = run_cli(["glossary", SAMPLE, "-q"])
    assert result.code == 0
    assert "A Short Note on Scaled Dot-Product Attention" in result.out
    assert "d_model" in result.out and "\\dmodel" in result.out


def test_output_file_is_written_atomically(tmp_path: Path) -> None:
    target = tmp_path / "glossary.json"
    result = run_cli(["glossary", SAMPLE, "-f", "json", "-q", "-o", str(target)])
    assert result.code == 0 and result.out == ""
    assert target.read_text().startswith("{")
    # A failing run leaves the old file untouched and no temporary file behind.
    result = run_cli(["glossary", str(tmp_path / "missing"), "-f", "json", "-o", str(target)])
    assert result.code == 2
    assert target.read_text().startswith("{")
    assert [p.name for p in tmp_path.iterdir()] == ["glossary.json"]


def test_output_into_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli(["glossary", SAMPLE, "-o", str(tmp_path / "no" / "such" / "x.json")])
    assert result.code == 2
    assert "does not exist" in result.err


def test_usage_errors_exit_2() -> None:
    assert run_cli([]).code == 2
    assert run_cli(["glossary"]).code == 2
    assert run_cli(["glossary", SAMPLE, "--format", "pdf"]).code == 2


def test_warnings_go_to_stderr_and_quiet_silences_them(tmp_path: Path) -> None:
    (tmp_path / "main.tex").write_text("\\input{gone} $x$")
    loud = run_cli(["glossary", str(tmp_path), "-f", "json"])
    assert "main.tex:1:1: warning: \\input{gone}: file not found" in loud.err
    assert loud.json()["diagnostics"][0]["line"] == 1
    quiet = run_cli(["glossary", str(tmp_path), "-f", "json", "-q"])
    assert quiet.err == ""


def test_module_entry_point() -> None:
    import subprocess
    import sys
    done = subprocess.run([sys.executable, "-m", "annotator", "--version"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout.startswith("annotator ")
