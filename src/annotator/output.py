"""Where a command's output goes: standard output or `-o FILE`, and the exit codes.

Shared by every command (`cli.py` and `lint/command.py` both import it; it imports
neither). A regular file (or one that does not exist yet) is written atomically: a
temporary file in the same folder, renamed over the target, so a failed run never leaves
a half-written file. Anything else is written *through*, never replaced: `-o /dev/null`
run as root must leave the device alone, `-o fifo` feeds the reader, `-o link` writes
the file the link points to (the link stays). A write that fails (`-o /dev/full`, a full
disk, a read-only folder) is an `OutputError`: exit 2 with the path and the reason.
"""

from __future__ import annotations

import enum
import os
import stat
import sys
from pathlib import Path
from typing import IO, Any


class Exit(enum.IntEnum):
    OK = 0
    FINDINGS = 1
    ERROR = 2


class OutputError(Exception):
    """The output cannot be written; the CLI prints it and exits 2."""


def write_output(text: str | bytes, path: str | None) -> None:
    """Standard output when `path` is None or "-", else the file `path` (see the module).
    `bytes` (an annotated PDF) are written as they are; `str` as UTF-8 with LF endings."""
    if path is None or path == "-":
        _write_stdout(text)
        return
    if not path.strip():
        raise OutputError("error: the output file name is empty (-o '')")
    target = Path(os.path.realpath(path))  # a symlink's target, so the link itself stays
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise OutputError(f"{path}: error: cannot write: {exc.strerror}") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise OutputError(f"{path}: error: is a folder; name a file to write")
    if mode is not None and not stat.S_ISREG(mode):
        _write_through(text, path, target)
    else:
        _write_atomically(text, path, target)


def _write_stdout(text: str | bytes) -> None:
    try:
        if isinstance(text, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(text)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(text)
            sys.stdout.flush()
    except BrokenPipeError:  # `annotator ... | head`: the reader has what it wanted
        raise
    except OSError as exc:
        raise OutputError(f"<stdout>: error: cannot write: {exc.strerror or exc}") from None


def _write_through(text: str | bytes, shown: str, target: Path) -> None:
    """A device, FIFO or socket: open it for writing as a shell redirection would."""
    try:
        with _open(target, text) as stream:
            stream.write(text)
    except OSError as exc:
        raise OutputError(f"{shown}: error: cannot write: {exc.strerror or exc}") from None


def _open(target: Path | int, text: str | bytes) -> IO[Any]:
    """A stream to write `text` to: binary for bytes, UTF-8 text with LF endings else."""
    if isinstance(text, bytes):
        return open(target, "wb")
    return open(target, "w", encoding="utf-8", newline="\n")


def _write_atomically(text: str | bytes, shown: str, target: Path) -> None:
    folder = target.parent
    if not folder.is_dir():
        raise OutputError(f"{shown}: error: folder {folder} does not exist")
    import tempfile

    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                             dir=folder)
    except OSError as exc:
        raise OutputError(f"{shown}: error: cannot write in {folder}: "
                          f"{exc.strerror or exc}") from None
    try:
        with _open(handle, text) as stream:
            stream.write(text)
        os.chmod(temporary, _file_mode(target))  # mkstemp makes it private (0600)
        os.replace(temporary, target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"{shown}: error: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _file_mode(target: Path) -> int:
    """The mode a plain `open(target, "w")` would give: the old file's, or 0666 - umask."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
