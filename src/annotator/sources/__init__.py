"""Reading the input: archives, folders, single .tex files and standard input.

This package is the only place that reads files. `load_paper` returns a Paper whose
`files` hold every text file found; `fetch` gives the expander a file it includes
(read on demand from disk next to a single .tex file). Every read is bounded by the caps
of `limits.py` before it starts (see files.py), and every name is made encodable
(text.decode_name) where it enters, so no writer meets an undecodable file name.
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from ..model import Diagnostic, Paper, SourceFile
from . import limits
from .archive import archive_kind, is_pdf, name_problem, read_archive
from .files import FolderWalk, Refused, read_named_input, read_regular, read_stream
from .latex import choose_main, normalize_member
from .text import decode, decode_name

_SKIPPED_DIRS = frozenset({".git", ".svn", ".hg", "node_modules", "__pycache__", ".venv"})
_PRELOADED_SUFFIXES = (".tex", ".sty", ".cls", ".ltx", ".latex", ".def")
_ARCHIVE_SUFFIXES = (".tar.gz", ".tgz", ".tar", ".zip", ".gz", ".tar.bz2", ".tar.xz")
MAX_REASONS_SHOWN = 5
"""Refusal reasons repeated in the error when nothing usable is left."""


def load_paper(source: str, main: str | None = None, stdin: bytes | None = None) -> Paper:
    """Read the paper named by `source` ('-' reads `stdin`). Raises InputError when nothing
    usable is there."""
    if source == "-":
        return _from_bytes(stdin if stdin is not None else b"", "-", "stdin.tex", main, None)
    shown = decode_name(source)
    path = Path(source)
    try:
        if path.is_dir():
            return _from_folder(path, shown, main)
        if not path.exists():
            raise InputError("no such file or folder", path=shown)
    except (OSError, ValueError):
        raise InputError("not a usable file name", path=shown) from None
    data = read_named_input(path, shown)
    return _from_bytes(data, shown, decode_name(path.name), main, str(path.parent))


def read_standard_input(stream: BinaryIO) -> bytes:
    """Standard input, within the same caps as a file named on the command line."""
    return read_stream(stream.read, "<stdin>")


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
    if name.lower().endswith(_ARCHIVE_SUFFIXES):
        diagnostics.append(Diagnostic(f"{name}: named like an archive but holds text; "
                                      "read as LaTeX"))
    files = {name: decoded}
    if main is not None and folder is None:
        main = None  # standard input is one file: --main cannot name another
    if main is None:
        reason = "standard input" if source == "-" else "the file named on the command line"
        return Paper(source=source, main=name, files=files, main_reason=reason,
                     diagnostics=tuple(diagnostics), root=folder)
    return _paper(source, files, main, diagnostics, root=folder)


def _from_folder(path: Path, source: str, main: str | None) -> Paper:
    raw: dict[str, bytes] = {}
    diagnostics: list[Diagnostic] = []
    total = 0
    root = path.resolve()
    walk = FolderWalk(path, _SKIPPED_DIRS, lambda name: name.lower().endswith(_PRELOADED_SUFFIXES))
    for entry in walk:
        relative = entry.relative
        problem = name_problem(relative)
        if problem:
            diagnostics.append(Diagnostic(f"{relative}: {problem}; skipped"))
            continue
        if entry.path.is_symlink():
            problem = _link_problem(entry.path, root)
            if problem:
                diagnostics.append(Diagnostic(f"{relative}: {problem}; skipped"))
                continue
        try:
            data = read_regular(entry.path, limits.MAX_TEXT_FILE_BYTES)
        except Refused as refused:
            diagnostics.append(Diagnostic(f"{relative}: {refused.reason}"))
            continue
        if total + len(data) > limits.MAX_TEXT_TOTAL_BYTES:
            diagnostics.append(Diagnostic(
                f"{relative}: the folder's LaTeX files exceed "
                f"{limits.size_text(limits.MAX_TEXT_TOTAL_BYTES)}; skipped"))
            continue
        total += len(data)
        raw[relative] = data
    diagnostics += [Diagnostic(f"{relative}: {reason}") for relative, reason in walk.skipped]
    files = _decode_all(raw, diagnostics)
    if not files:
        raise InputError(_with_reasons("no .tex file found in this folder", diagnostics),
                         path=source)
    return _paper(source, files, main, diagnostics, root=str(root))


def _link_problem(link: Path, root: Path) -> str | None:
    """Why a symlink in the paper's folder is not followed: it leaves the folder, or it
    is a loop (`a.tex -> b.tex -> a.tex`). None when it may be read."""
    try:
        target = link.resolve(strict=True)
    except RuntimeError:  # Python 3.11 reports a loop this way
        return "link loop"
    except OSError as exc:
        return "link loop" if exc.errno == errno.ELOOP else "link to nothing"
    return None if _inside(target, root) else "link leaves the folder"


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
        raise InputError(_with_reasons("no readable .tex file in the archive", diagnostics),
                         path=source)
    main_path, reason = choose_main(files, main, source)
    return Paper(source=source, main=main_path, files=files, main_reason=reason,
                 diagnostics=tuple(diagnostics), root=root)


def _with_reasons(message: str, diagnostics: list[Diagnostic]) -> str:
    """The error, with the reasons files were refused (they are why nothing is left)."""
    if not diagnostics:
        return message
    shown = "; ".join(d.message for d in diagnostics[:MAX_REASONS_SHOWN])
    more = len(diagnostics) - MAX_REASONS_SHOWN
    return f"{message} ({shown}{f'; and {more} more' if more > 0 else ''})"


def fetch(paper: Paper, path: str, refusals: dict[str, str] | None = None
          ) -> SourceFile | None:
    """A file of the paper by relative path, read from disk on demand when the paper has a
    root folder. Never reads outside that folder, nor anything but a regular file within
    the size cap; why a file on disk was not read goes to `refusals`."""
    found = paper.files.get(path)
    if found is not None or paper.root is None:
        return found
    relative = normalize_member(path)
    if relative is None or name_problem(relative):
        return None
    root = Path(paper.root).resolve()
    try:
        full = (root / relative).resolve()
        if not _inside(full, root) or not full.exists():
            return None
        data = read_regular(full, limits.MAX_TEXT_FILE_BYTES)
    except Refused as refused:
        if refusals is not None:
            refusals[path] = refused.reason
        return None
    except (OSError, ValueError, RuntimeError):  # RuntimeError: a symlink loop (3.11)
        return None
    decoded, _warning = decode(relative, data)
    if decoded is not None:
        paper.files[relative] = decoded
    elif refusals is not None:
        refusals[path] = "binary data, not a text file"
    return decoded


def exists(paper: Paper, path: str, refusals: dict[str, str] | None = None) -> bool:
    """True when `fetch` would find the file."""
    return fetch(paper, path, refusals) is not None


__all__ = ["exists", "fetch", "is_pdf", "load_paper", "read_standard_input"]
