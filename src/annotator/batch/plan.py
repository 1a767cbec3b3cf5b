"""What a batch has to do: the papers, their output names, and which are already done.

Names: a paper's output stem is its file or folder name without the archive suffix
(`2401.01234.tar.gz` -> `2401.01234`, `drafts/ms/` -> `ms`). Two papers with the same
name (`a/main.tex`, `b/main.tex`) get `main` and `main-<6 hex of its path>`, and a paper
keeps the name index.jsonl recorded for it, so a re-run writes over the same files
whatever the order of the arguments.

Resuming: index.jsonl records each paper's source, status, signature (size and mtime:
identity.py) and fingerprint (sha256 of its bytes), the signature of every file it read
(`files`: a .tex file's `\\input`s) and the batch's settings digest. A paper is skipped
when its last line says "ok" with the same signature, the same signatures of the files
it read, the same settings, and its output files are there; anything else (a failure, a
changed source or included file, other formats or another version of annotator) is done
again. A line without `files` (written before they were recorded) is done again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import UsageError
from .identity import files_unchanged, fingerprint, signature
from .work import EXTENSIONS, Settings, Task

INDEX = "index.jsonl"
RESERVED = frozenset({"census", "index"})
"""Output stems a paper never gets: DIR/census.json is the census (and index.json would
read as the index): a paper called census.tar.gz is written as census-<hash>.json."""
SUFFIXES = (".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".tar", ".zip", ".gz", ".tex", ".pdf")


def read_list(path: str) -> list[str]:
    """The papers of a --from-list file: one path a line, blank lines and # comments
    skipped, relative paths taken from the list's folder."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: error: cannot read the list: "
                         f"{getattr(exc, 'strerror', None) or exc}") from None
    folder = Path(path).parent
    papers = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            papers.append(line if os.path.isabs(line) else str(folder / line))
    return papers


def stem(source: str) -> str:
    """`x/2401.01234.tar.gz` -> `2401.01234`; a folder keeps its name."""
    name = Path(source.rstrip("/\\")).name or "paper"
    lowered = name.lower()
    for suffix in SUFFIXES:
        if lowered.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            break
    safe = "".join(c if c.isalnum() or c in "-_.+" else "_" for c in name).strip(".")
    return safe or "paper"


def settings_digest(settings: Settings) -> str:
    """What the outputs depend on besides the paper: version, formats, language,
    threshold, the knowledge files (shipped and --kb) by content."""
    from .. import __version__
    from ..knowledge import shipped_key

    digest = hashlib.sha256(json.dumps(
        [__version__, sorted(settings.formats), settings.lang, settings.min_confidence,
         shipped_key()]).encode())
    for path in settings.kb_files:
        digest.update(fingerprint(path).encode())
    return digest.hexdigest()[:16]


def read_index(out: Path) -> dict[str, dict[str, Any]]:
    """The last line recorded for each source (a later line is a later run); lines that
    are not JSON objects (a run killed mid-write) are ignored."""
    lines: dict[str, dict[str, Any]] = {}
    try:
        text = (out / INDEX).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return lines
    for line in text.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and isinstance(record.get("source"), str):
            lines[record["source"]] = record
    return lines


@dataclass
class Plan:
    todo: list[Task]
    done: list[dict[str, Any]]
    """index lines of the papers skipped (already done, unchanged)."""
    order: list[str]
    """Every source, in the order given (index.jsonl is written in this order)."""
    earlier: list[dict[str, Any]]
    """index lines of papers of earlier runs that are not in this one: kept in
    index.jsonl (their files are still in DIR), left out of this run's census."""


def plan(sources: Iterable[str], out: Path, settings: Settings, digest: str) -> Plan:
    """The tasks to run and the papers already done (see the module)."""
    previous = read_index(out)
    order = list(dict.fromkeys(sources))  # a paper named twice is done once
    # every name index.jsonl knows stays its paper's, in this run or not
    taken = set(RESERVED) | {record["name"] for record in previous.values()
                             if isinstance(record.get("name"), str)}
    todo, done = [], []
    for source in order:
        record = previous.get(source)
        name = record["name"] if record and isinstance(record.get("name"), str) \
            and record["name"] not in RESERVED else _unique(source, taken)
        taken.add(name)
        stat = signature(source)
        if record and record.get("status") == "ok" and record.get("signature") == stat \
                and stat and record.get("settings") == digest \
                and all((out / f"{name}.{EXTENSIONS[f]}").is_file() for f in settings.formats) \
                and isinstance(record.get("files"), dict) \
                and files_unchanged(source, record["files"]):
            done.append(record)
        else:
            todo.append(Task(name, source, stat))
    chosen = set(order)
    earlier = [record for source, record in previous.items() if source not in chosen]
    return Plan(todo, done, order, earlier)


def _unique(source: str, taken: set[str]) -> str:
    name = stem(source)
    if name not in taken:
        return name
    tag = hashlib.sha256(os.path.abspath(source).encode()).hexdigest()
    for width in (6, 12, 64):
        candidate = f"{name}-{tag[:width]}"
        if candidate not in taken:
            return candidate
    index = 2
    while f"{name}-{index}" in taken:
        index += 1
    return f"{name}-{index}"
