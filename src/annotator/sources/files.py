"""Reading bytes from disk and standard input within the caps of limits.py.

Everything is bounded before it is read: a regular file by its size (fstat on the open
descriptor, so a file swapped after the check is still measured), a stream (standard
input, a FIFO given on the command line, `/dev/zero`) by reading at most one byte past
its cap. Inside a paper's folder only regular files are read: a FIFO named `x.tex` is
opened without blocking and skipped, so it cannot hang the run.
"""

from __future__ import annotations

import os
import stat
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from . import limits
from .archive import archive_kind, is_pdf
from .text import decode_name, looks_binary

_READ_FLAGS = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


class Refused(Exception):
    """A file that is not read, and why (shown as a warning naming the file)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a regular file no larger than `limit`; Refused otherwise (a FIFO,
    a device, a folder, a file too large, one that cannot be opened)."""
    try:
        descriptor = os.open(path, _READ_FLAGS | _NONBLOCK)
    except (OSError, ValueError) as exc:
        raise Refused(f"cannot read ({_reason(exc)})") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise Refused("not a regular file (a FIFO, device or socket); skipped")
        if info.st_size > limit:
            raise Refused(f"larger than {limits.size_text(limit)}; skipped")
        data = _read_upto(lambda n: os.read(descriptor, n), limit + 1)
    except OSError as exc:
        raise Refused(f"cannot read ({_reason(exc)})") from None
    finally:
        os.close(descriptor)
    if len(data) > limit:  # it grew while being read
        raise Refused(f"larger than {limits.size_text(limit)}; skipped")
    return data


def read_named_input(path: Path, shown: str) -> bytes:
    """What the user named on the command line: a regular file, or a stream (a FIFO such
    as `<(zcat paper.tex.gz)`, a device). Raises InputError naming `shown`."""
    try:
        descriptor = os.open(path, _READ_FLAGS)
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read: {_reason(exc)}", path=shown) from None
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise InputError("is a folder", path=shown)
        regular = stat.S_ISREG(info.st_mode)
        if regular and info.st_size > limits.MAX_INPUT_BYTES:
            raise InputError(f"larger than {limits.size_text(limits.MAX_INPUT_BYTES)}; "
                             "refused", path=shown)
        size = info.st_size if regular else None
        return read_stream(lambda n: os.read(descriptor, n), shown, size)
    except OSError as exc:
        raise InputError(f"cannot read: {_reason(exc)}", path=shown) from None
    finally:
        os.close(descriptor)


def read_stream(read: Callable[[int], bytes], shown: str, size: int | None = None) -> bytes:
    """All of a stream, within the cap its first bytes call for: an archive or a PDF may
    be up to MAX_INPUT_BYTES, LaTeX up to MAX_TEXT_FILE_BYTES, and binary data that is
    neither is refused after the probe (so `/dev/zero` costs 64 KiB). `size` is the
    file's size when known, checked before the rest is read."""
    probe = _read_upto(read, limits.PROBE_BYTES)
    container = archive_kind(probe) is not None or is_pdf(probe)
    if not container and looks_binary(probe):
        raise InputError("binary data, not LaTeX source, an archive or a PDF", path=shown)
    limit = limits.MAX_INPUT_BYTES if container else limits.MAX_TEXT_FILE_BYTES
    what = "an archive or PDF" if container else "a LaTeX file"
    if (size is not None and size > limit) or len(probe) > limit:
        raise InputError(f"larger than {limits.size_text(limit)}, the most read from "
                         f"{what}; refused", path=shown)
    if len(probe) < limits.PROBE_BYTES:
        return probe
    rest = _read_upto(read, limit + 1 - len(probe))
    if len(probe) + len(rest) > limit:
        raise InputError(f"more than {limits.size_text(limit)}, the most read from "
                         f"{what}; refused", path=shown)
    return probe + rest


def _read_upto(read: Callable[[int], bytes], count: int) -> bytes:
    """Up to `count` bytes (fewer only at the end of the stream)."""
    chunks: list[bytes] = []
    left = count
    while left > 0:
        chunk = read(min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ValueError):  # a NUL byte in the name
        return "the name holds a NUL character"
    return getattr(exc, "strerror", None) or str(exc)


# ------------------------------------------------------------------------- folders

@dataclass(frozen=True)
class FolderEntry:
    """A file found in a paper's folder: its path on disk and the name shown for it."""

    path: Path
    relative: str
    """'/'-separated, relative to the folder, always encodable (see text.decode_name)."""


@dataclass
class FolderWalk:
    """Files under a folder, breadth first, within MAX_FOLDER_DEPTH and MAX_MEMBERS;
    what was left out is in `skipped` as (relative path, reason)."""

    root: Path
    skip_dirs: frozenset[str]
    accept: Callable[[str], bool]

    def __post_init__(self) -> None:
        self.skipped: list[tuple[str, str]] = []

    def __iter__(self) -> Iterator[FolderEntry]:
        """Iterative, not recursive: a 1,200-level folder costs no stack."""
        queue: deque[tuple[Path, str, int]] = deque([(self.root, "", 0)])
        seen = 0
        while queue:
            folder, prefix, depth = queue.popleft()
            try:
                with os.scandir(folder) as listing:
                    items = sorted(listing, key=lambda item: item.name)
            except OSError as exc:
                self.skipped.append((prefix or ".", f"cannot list ({_reason(exc)})"))
                continue
            for item in items:
                name = decode_name(item.name)
                relative = f"{prefix}{name}"
                if _is_dir(item):
                    if name in self.skip_dirs or name.startswith("."):
                        continue
                    if depth + 1 > limits.MAX_FOLDER_DEPTH:
                        self.skipped.append((relative, f"deeper than {limits.MAX_FOLDER_DEPTH}"
                                                       " folders; not looked into"))
                        continue
                    queue.append((Path(item.path), relative + "/", depth + 1))
                    continue
                if not self.accept(name):
                    continue
                seen += 1
                if seen > limits.MAX_MEMBERS:
                    if seen == limits.MAX_MEMBERS + 1:
                        self.skipped.append((relative, f"more than {limits.MAX_MEMBERS} "
                                                       "LaTeX files in the folder; the rest "
                                                       "are skipped"))
                    continue
                yield FolderEntry(Path(item.path), relative)


def _is_dir(item: os.DirEntry[str]) -> bool:
    """A real folder (a link to a folder is not followed: it could leave the paper)."""
    try:
        return item.is_dir(follow_symlinks=False)
    except OSError:
        return False
