"""What identifies a paper's bytes between runs of a batch.

`signature`: the size and modification time of the file, or of every file of a folder
(stat only: cheap enough to check 2.6 M papers before starting, in the process that
plans the batch). `fingerprint`: the sha256 of the bytes (every file of a folder, by
relative path), computed by the worker that reads the paper anyway, so the bytes are in
the page cache and the hashing is spread over the workers.

A re-run skips a paper whose signature is unchanged (make and rsync decide the same
way); index.jsonl keeps both, the fingerprint saying which bytes a glossary was made
from.

`read_signatures`: a `.tex` file's signature is that file alone, but the paper also
reads what it includes from the file's folder (`\\input{sections/method}`, a local
`.sty`): the worker records the signature of every file the Expander read
(`Analysis.file_order`), and `files_unchanged` checks them all before a paper is skipped,
so an edited `sections/method.tex` makes its paper stale.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

CHUNK = 1 << 20


def _files(path: Path) -> list[Path]:
    return sorted(p for p in path.rglob("*") if p.is_file())


def signature(source: str) -> str:
    """`size:mtime_ns` of a file; for a folder, a digest of each file's relative path,
    size and mtime; "" when it cannot be read (the worker then reports why)."""
    path = Path(source)
    try:
        if not path.is_dir():
            info = path.stat()
            return f"{info.st_size}:{info.st_mtime_ns}"
        digest = hashlib.sha256()
        for file in _files(path):
            info = file.stat()
            digest.update(f"{file.relative_to(path).as_posix()}\0{info.st_size}\0"
                          f"{info.st_mtime_ns}\0".encode())
        return "folder:" + digest.hexdigest()[:32]
    except OSError:
        return ""


def _file_signature(path: Path) -> str:
    info = path.stat()
    return f"{info.st_size}:{info.st_mtime_ns}"


def paper_root(source: str) -> Path:
    """The folder a paper's relative file names are in: the folder itself, or a file's
    folder (as sources.load_paper reads them)."""
    path = Path(source)
    return path if path.is_dir() else path.parent


def read_signatures(source: str, files: Iterable[str], started_ns: int) -> dict[str, str]:
    """Relative path -> `size:mtime_ns` of each file the paper read, from its root. A
    file modified at or after `started_ns` (the worker's clock before it read anything)
    or gone is recorded as "": it may have changed while it was read, so the paper is
    never skipped on it."""
    root = paper_root(source)
    signatures = {}
    for name in files:
        try:
            info = (root / name).stat()
        except (OSError, ValueError):
            signatures[name] = ""
            continue
        fresh = info.st_mtime_ns < started_ns
        signatures[name] = f"{info.st_size}:{info.st_mtime_ns}" if fresh else ""
    return signatures


def files_unchanged(source: str, recorded: Mapping[str, Any]) -> bool:
    """Whether every file `read_signatures` recorded still has its signature."""
    root = paper_root(source)
    for name, recorded_signature in recorded.items():
        if not isinstance(recorded_signature, str) or not recorded_signature \
                or os.path.isabs(name):
            return False
        try:
            if _file_signature(root / name) != recorded_signature:
                return False
        except (OSError, ValueError):
            return False
    return True


def fingerprint(source: str) -> str:
    """sha256 of the paper's bytes (a folder: each file's relative path and bytes, in
    order); "" when it cannot be read."""
    digest = hashlib.sha256()
    path = Path(source)
    try:
        if path.is_dir():
            for file in _files(path):
                digest.update(file.relative_to(path).as_posix().encode() + b"\0")
                _hash_file(digest, file)
        else:
            _hash_file(digest, path)
    except OSError:
        return ""
    return digest.hexdigest()


def _hash_file(digest: Any, path: Path) -> None:
    with open(path, "rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    digest.update(b"\0")
