"""Reading the input: archives, folders, single .tex files and standard input.

This package is the only place that reads files. `load_paper` returns a Paper whose
`files` hold every text file found; `fetch` gives the expander a file it includes
(read on demand from disk next to a single .tex file).
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import InputError
from ..model import Diagnostic, Paper, SourceFile
from .archive import MAX_MEMBER_BYTES, MAX_MEMBERS, MAX_TOTAL_BYTES, archive_kind, read_archive
from .latex import choose_main, normalize_member
from .text import decode

PDF_MAGIC = b"%PDF-"
_SKIPPED_DIRS = frozenset({".git", ".svn", ".hg", "node_modules", "__pycache__", ".venv"})
_PRELOADED_SUFFIXES = (".tex", ".sty", ".cls", ".ltx", ".latex", ".def")


def load_paper(source: str, main: str | None = None, stdin: bytes | None = None) -> Paper:
    """Read the paper named by `source` ('-' reads `stdin`). Raises InputError when nothing
    usable is there."""
    if source == "-":
        return _from_bytes(stdin if stdin is not None else b"", "-", "stdin.tex", main, None)
    path = Path(source)
    if path.is_dir():
        return _from_folder(path, source, main)
    if not path.exists():
        raise InputError("no such file or folder", path=source)
    try:
        size = path.stat().st_size
        if size > MAX_TOTAL_BYTES:
            raise InputError(f"larger than {MAX_TOTAL_BYTES // (1024 * 1024)} MiB; refused",
                             path=source)
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=source) from None
    return _from_bytes(data, source, path.name, main, str(path.parent))


def is_pdf(data: bytes) -> bool:
    """True for PDF data (the magic may follow a few bytes of junk, as readers allow)."""
    return PDF_MAGIC in data[:1024]


def _from_bytes(data: bytes, source: str, name: str, main: str | None,
                folder: str | None) -> Paper:
    if not data.strip():
        raise InputError("empty input", path=source)
    if is_pdf(data):
        raise InputError("this is a PDF; PDF input is read by the PDF reader", path=source)
    if archive_kind(data) is not None:
        contents = read_archive(data, source)
        diagnostics = list(contents.diagnostics)
        files = _decode_all(contents.files, diagnostics)
        return _paper(source, files, main, diagnostics, root=None)
    decoded, warning = decode(name, data)
    diagnostics = [warning] if warning else []
    if decoded is None:
        raise InputError("binary data, not LaTeX source or an archive", path=source)
    files = {name: decoded}
    if main is not None and folder is None:
        main = None  # standard input is one file: --main cannot name another
    return _paper(source, files, main or name, diagnostics, root=folder)


def _from_folder(path: Path, source: str, main: str | None) -> Paper:
    raw: dict[str, bytes] = {}
    diagnostics: list[Diagnostic] = []
    total = 0
    root = path.resolve()
    for current, dirs, names in os.walk(path):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS and not d.startswith("."))
        for name in sorted(names):
            if not name.lower().endswith(_PRELOADED_SUFFIXES):
                continue
            full = Path(current) / name
            relative = full.relative_to(path).as_posix()
            if full.is_symlink() and not _inside(full.resolve(), root):
                diagnostics.append(Diagnostic(f"{relative}: link leaves the folder; skipped"))
                continue
            try:
                size = full.stat().st_size
            except OSError:
                continue
            if size > MAX_MEMBER_BYTES or total + size > MAX_TOTAL_BYTES or len(raw) >= MAX_MEMBERS:
                diagnostics.append(Diagnostic(f"{relative}: over the size limits; skipped"))
                continue
            try:
                raw[relative] = full.read_bytes()
            except OSError as exc:
                diagnostics.append(Diagnostic(f"{relative}: cannot read ({exc.strerror})"))
                continue
            total += size
    files = _decode_all(raw, diagnostics)
    if not files:
        raise InputError("no .tex file found in this folder", path=source)
    return _paper(source, files, main, diagnostics, root=str(root))


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _decode_all(raw: dict[str, bytes], diagnostics: list[Diagnostic]) -> dict[str, SourceFile]:
    files: dict[str, SourceFile] = {}
    for name in sorted(raw):
        decoded, warning = decode(name, raw[name])
        if warning:
            diagnostics.append(warning)
        if decoded is not None:
            files[name] = decoded
    return files


def _paper(source: str, files: dict[str, SourceFile], main: str | None,
           diagnostics: list[Diagnostic], root: str | None) -> Paper:
    if not files:
        raise InputError("no readable .tex file in the archive", path=source)
    main_path, reason = choose_main(files, main, source)
    return Paper(source=source, main=main_path, files=files, main_reason=reason,
                 diagnostics=tuple(diagnostics), root=root)


def fetch(paper: Paper, path: str) -> SourceFile | None:
    """A file of the paper by relative path, read from disk on demand when the paper has a
    root folder. Never reads outside that folder."""
    found = paper.files.get(path)
    if found is not None or paper.root is None:
        return found
    relative = normalize_member(path)
    if relative is None:
        return None
    root = Path(paper.root).resolve()
    full = (root / relative).resolve()
    if not _inside(full, root) or not full.is_file():
        return None
    try:
        if full.stat().st_size > MAX_MEMBER_BYTES:
            return None
        decoded, _warning = decode(relative, full.read_bytes())
    except OSError:
        return None
    if decoded is not None:
        paper.files[relative] = decoded
    return decoded


def exists(paper: Paper, path: str) -> bool:
    """True when `fetch` would find the file."""
    return fetch(paper, path) is not None


__all__ = ["exists", "fetch", "is_pdf", "load_paper"]
