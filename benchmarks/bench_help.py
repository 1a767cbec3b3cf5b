"""Start-up of the commands that should be lean: every sub-command's `--help`,
`annotator --version`, `annotator rules` and `annotator rule D003`, each in a fresh
process the way a shell runs it.

    python benchmarks/bench_help.py [--runs 7] [--src DIR ...]

`--src DIR` (repeatable) measures a checkout's `src/` folder instead of the installed
package; with several, their runs are interleaved (each command once per checkout in
turn), so a before/after comparison on a busy machine compares like with like:
`--src /tmp/before/src --src src`. Prints, per command and checkout, the median wall
time of the whole process, the median of `-X importtime`'s self times summed (what the
imports cost) and how many modules were imported; then whether any heavy module (the
knowledge base, the renderers, the pipeline, pylatexenc, PyMuPDF) was among them. Output
goes to a pipe, never to a file or device.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

COMMANDS: tuple[tuple[str, ...], ...] = (
    ("--version",), ("--help",),
    *((name, "--help") for name in ("glossary", "guide", "explain", "kb", "lint", "rules",
                                    "rule", "annotate", "batch", "completion")),
    ("rules",), ("rule", "D003"))
HEAVY = ("annotator.knowledge", "annotator.model", "annotator.analysis",
         "annotator.glossary", "annotator.definitions", "annotator.render",
         "annotator.pdf", "annotator.annotate.document", "pylatexenc", "latex2mathml",
         "fitz", "pymupdf")
"""Module prefixes no --help should import."""


def run_once(command: tuple[str, ...], src: str | None) -> tuple[float, float, list[str]]:
    """(wall s, summed import self time s, imported module names) of one process."""
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if src:
        environment["PYTHONPATH"] = src
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "annotator", *command],
                          env=environment, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"failed ({done.returncode}): annotator {' '.join(command)}\n"
                         f"{done.stderr[-2000:]}")
    self_us, modules = 0, []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, _, name = line.removeprefix("import time:").split("|")
        self_us += int(own)
        modules.append(name.strip())
    return wall, self_us / 1e6, modules


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--src", action="append", default=[],
                        help="a checkout's src/ folder to measure (repeatable)")
    args = parser.parse_args()
    sources: list[str | None] = list(args.src) or [None]
    samples: dict[tuple[tuple[str, ...], str | None], list[tuple[float, float]]] = {}
    loaded: dict[tuple[tuple[str, ...], str | None], list[str]] = {}
    for source in sources:  # warm-up: bytecode and the page cache
        for command in COMMANDS:
            run_once(command, source)
    for _ in range(args.runs):
        for command in COMMANDS:
            for source in sources:
                wall, imports, modules = run_once(command, source)
                samples.setdefault((command, source), []).append((wall, imports))
                loaded[(command, source)] = modules
    print(f"{args.runs} interleaved runs, {sys.executable}; medians")
    print(f"{'command':26} {'checkout':24} {'wall ms':>8} {'imports ms':>10} "
          f"{'modules':>7}  heavy")
    for command in COMMANDS:
        for source in sources:
            runs = samples[(command, source)]
            modules = loaded[(command, source)]
            heavy = sorted({m for m in modules for h in HEAVY
                            if m == h or m.startswith(h + ".")})
            shown = ", ".join(heavy[:4]) + (f" (+{len(heavy) - 4})" if len(heavy) > 4 else "")
            print(f"{' '.join(command)[:26]:26} {(source or 'installed')[-24:]:24} "
                  f"{statistics.median(r[0] for r in runs) * 1000:8.1f} "
                  f"{statistics.median(r[1] for r in runs) * 1000:10.1f} "
                  f"{len(modules):7}  {shown or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
