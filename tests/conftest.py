"""Shared helpers: write small papers to disk, run the CLI, find the shared corpus."""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.analysis import analyze
from annotator.cli import main
from annotator.model import Analysis
from annotator.sources import load_paper

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
CORPUS = Path(os.environ.get("ANNOTATOR_CORPUS") or ROOT.parent / "shared" / "corpus").resolve()
"""The shared corpus: ../shared/corpus beside the checkout (as CI lays it out), or the
folder ANNOTATOR_CORPUS names (a worktree elsewhere)."""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current output (review the diff!)")


@pytest.fixture(autouse=True)
def _plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts from the same terminal settings: no COLUMNS (text is wrapped at
    the default width), no FORCE_COLOR or NO_COLOR; a test that needs one sets it."""
    for name in ("COLUMNS", "FORCE_COLOR", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)


def write_tree(folder: Path, files: dict[str, str | bytes]) -> Path:
    """Write `files` (relative path -> text or bytes) under `folder`."""
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


def analyze_text(text: str, tmp_path: Path, extra: dict[str, str] | None = None) -> Analysis:
    """Analyse a one-file paper (plus extra files next to it)."""
    write_tree(tmp_path, {"main.tex": text, **(extra or {})})
    return analyze(load_paper(str(tmp_path)))


class CliResult:
    def __init__(self, code: int, out: str, err: str):
        self.code = code
        self.out = out
        self.err = err

    def json(self) -> dict:
        return json.loads(self.out)


def run_cli(args: list[str], stdin: bytes = b"",
            monkeypatch: pytest.MonkeyPatch | None = None) -> CliResult:
    """Run `annotator ARGS` in-process, capturing stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdout, sys.stderr, sys.stdin
    sys.stdout, sys.stderr = out, err
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin))
    try:
        code = main(args)
    finally:
        sys.stdout, sys.stderr, sys.stdin = old
    return CliResult(code, out.getvalue(), err.getvalue())


@pytest.fixture
def cli() -> Callable[..., CliResult]:
    return run_cli


def corpus_path(*parts: str) -> Path:
    """A path in the shared corpus; the test is skipped when the corpus is absent."""
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared corpus not available ({path})")
    return path
