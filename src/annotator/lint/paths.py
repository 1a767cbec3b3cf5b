"""Where a draft's files are on disk, for output that people and tools follow.

Findings name files relative to the paper's root (`sections/method.tex`); a terminal,
an editor or a CI log needs them relative to the working directory
(`paper/sections/method.tex`). And the same (stable) fingerprint for a finding across
runs, unique within one run, for code scanning and GitLab code quality.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from pathlib import Path

from .finding import Finding


def paper_folder(paper: str) -> Path | None:
    """The folder on disk holding the paper's files: the folder itself, a .tex file's
    folder; None for an archive or standard input (their files are not on disk)."""
    if paper == "-":
        return None
    path = Path(paper)
    if path.is_dir():
        return path
    if path.suffix.lower() == ".tex":
        return path.parent
    return None


def display_root(paper: str, working_directory: Path | None = None) -> str:
    """The paper's folder relative to the working directory ('' when it is the working
    directory, an archive or standard input), or absolute when it lies outside it."""
    folder = paper_folder(paper)
    if folder is None:
        return ""
    absolute = folder.resolve()
    cwd = (working_directory or Path.cwd()).resolve()
    relative = os.path.relpath(absolute, cwd)
    if relative == ".":
        return ""
    if relative.startswith(".."):
        return str(absolute)
    return Path(relative).as_posix()


def shown_path(file: str, root: str) -> str:
    """A finding's file as the user can open it from the working directory."""
    if not root:
        return file
    if Path(root).is_absolute():
        return str(Path(root) / file)
    return f"{root.rstrip('/')}/{file}"


def fingerprints(findings: Sequence[Finding]) -> list[str]:
    """One fingerprint per finding, in order: stable across edits that only move lines
    (rule, file, symbol and the message without its numbers), and unique in the run (the
    n-th finding with the same key gets n in its fingerprint; the first keeps the
    fingerprint earlier versions gave it, so existing alerts stay matched)."""
    seen: dict[str, int] = {}
    result = []
    for finding in findings:
        key = "\0".join((finding.code, finding.file, finding.symbol,
                         re.sub(r"\d+", "#", finding.message)))
        count = seen.get(key, 0)
        seen[key] = count + 1
        text = key if count == 0 else f"{key}\0{count}"
        result.append(hashlib.sha256(text.encode("utf-8")).hexdigest()[:32])
    return result
