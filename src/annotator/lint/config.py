"""Lint configuration: `[tool.annotator]` in a pyproject.toml, or an annotator.toml.

Looked for in the draft's folder (a folder itself, the folder of a .tex file or of an
archive), then in each parent up to the repository root (a folder with `.git`); the
nearest file wins, and in one folder annotator.toml wins over pyproject.toml. A
pyproject.toml without a `[tool.annotator]` table is passed over.

    [tool.annotator]
    main = "paper.tex"                      # the main file, as --main
    select = ["D", "mixed-variant"]         # codes, names, families or "ALL"
    ignore = ["unused-macro"]
    fail-on = "warning"                     # error | warning | info | none
    kb = ["lab-notation.toml"]              # knowledge files, relative to this file
    [tool.annotator.per-file-ignores]       # globs relative to this file
    "paper/appendix/*.tex" = ["undefined-symbol"]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import UsageError
from .finding import FAIL_LEVELS

FILE_NAMES = ("annotator.toml", "pyproject.toml")
KEYS = frozenset({"main", "select", "ignore", "fail-on", "kb", "per-file-ignores"})


@dataclass(frozen=True)
class Config:
    """What a configuration file says; None or empty where it says nothing."""

    path: Path | None = None
    """The file it was read from."""
    main: str | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    kb: tuple[str, ...] = ()
    """Knowledge files, as paths resolved against the configuration file's folder."""
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)


def start_folder(paper: str) -> Path:
    """The folder the search starts in for a PAPER argument."""
    if paper == "-":
        return Path.cwd()
    path = Path(paper)
    return path if path.is_dir() else (path.parent if str(path.parent) else Path("."))


def find_config(paper: str) -> Path | None:
    """The nearest configuration file for this draft, or None."""
    folder = start_folder(paper).resolve()
    for candidate in (folder, *folder.parents):
        for name in FILE_NAMES:
            path = candidate / name
            if path.is_file() and (name != "pyproject.toml" or _has_table(path)):
                return path
        if (candidate / ".git").exists():
            return None
    return None


def _has_table(path: Path) -> bool:
    return "annotator" in _read(path).get("tool", {})


def _read(path: Path) -> dict[str, Any]:
    import tomllib  # only when a configuration file is there to read

    try:
        with path.open("rb") as stream:
            return tomllib.load(stream)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{path}: error: cannot read the configuration: {exc}") from exc


def load_config(path: Path) -> Config:
    """The configuration in a file; raises UsageError naming the file and key."""
    data = _read(path)
    table = data.get("tool", {}).get("annotator", {}) if path.name == "pyproject.toml" \
        else data
    if not isinstance(table, dict):
        raise UsageError(f"{path}: error: [tool.annotator] must be a table")
    unknown = sorted(k for k, v in table.items() if k not in KEYS and not isinstance(v, dict))
    if unknown:
        raise UsageError(f"{path}: error: unknown key {unknown[0]!r} (known keys: "
                         f"{', '.join(sorted(KEYS))})")
    fail_on = _string(table, "fail-on", path)
    if fail_on is not None and fail_on not in FAIL_LEVELS:
        raise UsageError(f"{path}: error: fail-on must be one of {', '.join(FAIL_LEVELS)}, "
                         f"not {fail_on!r}")
    select = table.get("select")
    return Config(
        path=path, main=_string(table, "main", path),
        select=None if select is None else _strings(table, "select", path),
        ignore=_strings(table, "ignore", path), fail_on=fail_on,
        kb=tuple(str(path.parent / name) for name in _strings(table, "kb", path)),
        per_file_ignores=_per_file(table, path))


def _string(table: dict[str, Any], key: str, path: Path) -> str | None:
    value = table.get(key)
    if value is not None and not isinstance(value, str):
        raise UsageError(f"{path}: error: {key} must be a string")
    return value


def _strings(table: dict[str, Any], key: str, path: Path) -> tuple[str, ...]:
    value = table.get(key, [])
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{path}: error: {key} must be a list of strings")
    return tuple(v.strip() for v in value if v.strip())


def _per_file(table: dict[str, Any], path: Path) -> dict[str, tuple[str, ...]]:
    value = table.get("per-file-ignores", {})
    if not isinstance(value, dict):
        raise UsageError(f"{path}: error: per-file-ignores must be a table of glob = [rules]")
    return {pattern: _strings(value, pattern, path) for pattern in value}
