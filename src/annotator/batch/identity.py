"""What identifies a paper's bytes between runs of a batch.

`signature`: the size and modification time of the file, or of every file of a folder
(stat only: cheap enough to check 2.6 M papers before starting, in the process that
plans the batch). `fingerprint`: the sha256 of the bytes (every file of a folder, by
relative path), computed by the worker that reads the paper anyway, so the bytes are in
the page cache and the hashing is spread over the workers.

A re-run skips a paper whose signature is unchanged (make and rsync decide the same
way); index.jsonl keeps both, the fingerprint saying which bytes a glossary was made
from.
"""

from __future__ import annotations

import hashlib
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
