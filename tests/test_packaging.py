"""What a user installs: the distribution (its name, licence metadata, the pdf extra), the
pre-commit hook, help on every option and shell completion."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tomllib

import pytest

import annotator
from annotator import extras
from annotator.cli import _parser
from conftest import ROOT, SAMPLES, run_cli

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_distribution_metadata() -> None:
    assert PROJECT["name"] == extras.DISTRIBUTION == "paper-annotator"
    assert PROJECT["license"] == "MIT"  # an SPDX expression, not the deprecated table
    assert all((ROOT / name).is_file() for name in PROJECT["license-files"])
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Typing :: Typed" in PROJECT["classifiers"]
    assert not any(c.startswith("License ::") for c in PROJECT["classifiers"])  # PEP 639
    assert PROJECT["scripts"] == {"annotator": "annotator.cli:main"}
    assert PROJECT["version"] == annotator.__version__


def test_pymupdf_is_only_in_the_pdf_extra() -> None:
    assert not any("pymupdf" in dependency.lower() for dependency in PROJECT["dependencies"])
    extra = PROJECT["optional-dependencies"]
    assert any(d.lower().startswith("pymupdf") for d in extra["pdf"])
    assert "paper-annotator[pdf]" in extra["test"]  # so the test suite runs the PDF tests


def test_latex_input_never_imports_pymupdf() -> None:
    code = ("import sys; from annotator.cli import main; "
            f"main(['glossary', {str(SAMPLES / 'attention-note')!r}, '-q', '-o', "
            "'-']); main(['lint', "
            f"{str(SAMPLES / 'clean-draft')!r}, '-q']); "
            "print('pymupdf' in sys.modules, 'fitz' in sys.modules, file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stderr.strip().splitlines()[-1] == "False False", result.stderr


def test_a_pdf_without_the_extra_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extras, "has_pdf_support", lambda: False)
    pdf = SAMPLES / "pdf-vae-note" / "main.pdf"
    result = run_cli(["glossary", str(pdf)])
    assert result.code == 2
    assert f"pip install '{extras.PDF_EXTRA}'" in result.err and str(pdf) in result.err
    assert "Traceback" not in result.err
    with pytest.raises(annotator.InputError, match="PyMuPDF"):
        annotator.read(pdf)


@pytest.mark.skipif(not os.environ.get("CI"), reason="CI installs the pdf extra")
def test_ci_runs_the_pdf_tests() -> None:
    assert extras.has_pdf_support()


def test_pre_commit_hook_installs_no_pdf_code() -> None:
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "entry: annotator lint" in hooks and "language: python" in hooks
    assert "additional_dependencies" not in hooks and "[pdf]" not in hooks


def test_readme_pins_the_tag_the_release_creates() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    pins = re.findall(r"^\s*rev: (\S+)", readme, re.MULTILINE)
    assert pins == [f"v{annotator.__version__}"]
    assert f"git tag v{annotator.__version__}" in readme or "git tag v$VERSION" in readme


def _actions(parser: argparse.ArgumentParser, path: str = "annotator"):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _actions(sub, f"{path} {name}")
        else:
            yield path, action


def test_every_option_has_help() -> None:
    missing = [f"{path} {action.option_strings or action.dest}"
               for path, action in _actions(_parser())
               if not action.help and action.dest not in ("help",)]
    assert not missing, missing


@pytest.mark.parametrize("shell", ["bash", "zsh", "tcsh"])
def test_shell_completion(shell: str) -> None:
    result = run_cli(["completion", shell])
    assert result.code == 0
    words = ("glossary", "lint", "completion") if shell == "tcsh" else (
        "glossary", "lint", "--latex-style", "--show-source", "--format")  # tcsh: commands
    for word in words:
        assert word in result.out, word
    if shell == "bash":
        syntax = subprocess.run(["bash", "-n"], input=result.out, text=True,
                                capture_output=True)
        assert syntax.returncode == 0, syntax.stderr
