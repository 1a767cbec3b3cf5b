"""Running annotator on a hostile input under limits: a CPU-time limit and an
address-space cap set in the child (resource.setrlimit), and a wall-clock limit for a
child that hangs asleep, so a hang is a failure after TIME_LIMIT_S of computing (or
WALL_FACTOR times that asleep) and a blow-up is a MemoryError the CLI must report as a
clear message, never a crash.

The limits are measured in the test process, not asserted on timings: a run that takes
longer than the limit is killed and the test fails saying so.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

TIME_LIMIT_S = 10.0
WALL_FACTOR = 4
"""A child that sleeps (a hang on a FIFO) is killed after this many times the limit of
wall time; one that computes is stopped by its CPU limit."""
"""Wall time one run may take (most take under 2 s; the margin is for a shared machine)."""
MEMORY_LIMIT_MB = 512
"""Address space of the child (RLIMIT_AS); a normal run fits in 150 MB."""
PEAK_RSS_LIMIT_MB = 300
"""Resident memory one run may reach (its maximum RSS, from wait4)."""


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float
    peak_mb: float

    def assert_clean(self) -> None:
        """No traceback and no "internal error": every failure is a message."""
        assert "Traceback" not in self.err, self.err
        assert "internal error" not in self.err, self.err


def run_limited(args: Sequence[str], *, stdin: bytes | Callable[[], bytes] = b"",
                cwd: Path | None = None, env: dict[str, str] | None = None,
                time_limit: float = TIME_LIMIT_S, memory_mb: int = MEMORY_LIMIT_MB,
                python: Sequence[str] = ("-m", "annotator")) -> Run:
    """Run `python -m annotator ARGS` (or `python PYTHON...`) in a child with the limits;
    fails the test when the child is killed by the time limit or exceeds PEAK_RSS."""
    limit = memory_mb * 1024 * 1024

    def set_limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        # the time limit counts the child's own CPU seconds, so a busy machine (other
        # jobs on the two cores) does not fail a run that is merely slow to be scheduled
        seconds = max(1, int(time_limit))
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))

    environment = dict(os.environ if env is None else env)
    environment.setdefault("XDG_CACHE_HOME", str(_cache_home()))
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, *python, *args], stdin=subprocess.PIPE,
                                   stdout=out, stderr=err, cwd=cwd, env=environment,
                                   preexec_fn=set_limits)
        killer = threading.Timer(time_limit * WALL_FACTOR, process.kill)  # a hang sleeping
        killer.start()
        feeder = threading.Thread(target=_feed, args=(process, stdin), daemon=True)
        feeder.start()
        try:
            _pid, status, usage = os.wait4(process.pid, 0)
        finally:
            killer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        feeder.join(timeout=5)
        out.seek(0)
        err.seek(0)
        run = Run(process.returncode, out.read().decode("utf-8", "replace"),
                  err.read().decode("utf-8", "replace"), seconds, usage.ru_maxrss / 1024)
    cpu = usage.ru_utime + usage.ru_stime
    if process.returncode in (-signal.SIGKILL, -signal.SIGXCPU) and (
            cpu >= time_limit - 0.5 or seconds >= time_limit * WALL_FACTOR):
        pytest.fail(f"annotator {' '.join(args)} ran past the {time_limit:.0f} s limit "
                    f"({cpu:.1f} s of CPU, {seconds:.1f} s in all; stderr: {run.err[-500:]})")
    assert run.peak_mb < PEAK_RSS_LIMIT_MB, f"peak memory {run.peak_mb:.0f} MB"
    return run


def _feed(process: subprocess.Popen[bytes], stdin: bytes | Callable[[], bytes]) -> None:
    """Write standard input; a callable is called again and again (an endless stream)
    until the child stops reading."""
    assert process.stdin is not None
    try:
        if callable(stdin):
            while True:
                process.stdin.write(stdin())
        else:
            process.stdin.write(stdin)
    except (BrokenPipeError, OSError, ValueError):
        pass  # the child stopped reading: what an endless stream is for
    finally:
        with contextlib.suppress(OSError):
            process.stdin.close()


_CACHE: list[Path] = []


def _cache_home() -> Path:
    """One private cache folder for the whole session (the knowledge store is built once)."""
    if not _CACHE:
        _CACHE.append(Path(tempfile.mkdtemp(prefix="annotator-hostile-cache-")))
    return _CACHE[0]


def write(folder: Path, files: dict[str, str | bytes]) -> Path:
    """Write a small paper under `folder` (relative path -> text or bytes)."""
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


PAPER_START = "\\documentclass{article}\n\\begin{document}\n"
PAPER_END = "\\end{document}\n"


def paper(body: str) -> str:
    return PAPER_START + body + "\n" + PAPER_END


def some_math(count: int = 12) -> str:
    """A paragraph with `count` formulas, each with a symbol of its own."""
    return " ".join(f"where $x_{{{i}}} + \\alpha_{{{i}}}$ is a term." for i in range(count))
