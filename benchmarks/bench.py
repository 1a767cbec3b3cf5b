"""Wall time and peak memory of `annotator glossary` per corpus paper, beside a baseline
measured in the same run (a pylatexenc walk of the whole document).

    python benchmarks/bench.py [--runs 5] [--corpus ../shared/corpus]

Each measurement is a whole process (start-up and imports included), the way a user runs
it: with compiled bytecode (PYTHONDONTWRITEBYTECODE is cleared for the children, as an
installed package has .pyc files) and after one warm-up run of each command (which also
fills annotator's knowledge-base cache, as any earlier run would have). Peak memory is the
child's maximum resident set size from wait4(2). Prints a table and the medians; targets:
median under 0.5 s and 200 MB per paper, not slower than the baseline.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus"
PAPERS = ["transformer-attention-2017", "icl-as-gd-revisited", "gan-tutorial-nips2016",
          "directed-info-gail", "policy-gradient-nn-bandit", "hyperbolic-normalizing-flows",
          "chebnet-graph-cnn", "automatic-gradient-descent"]


ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def measure(command: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one run of `command`."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env=ENVIRONMENT)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return elapsed, usage.ru_maxrss / 1024


def median_of(command: list[str], runs: int) -> tuple[float, float]:
    measure(command)  # warm-up: bytecode and caches, as for a user's second run
    samples = [measure(command) for _ in range(runs)]
    return statistics.median(s[0] for s in samples), max(s[1] for s in samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    python = sys.executable
    rows = []
    print(f"{'paper':32} {'annotator s':>12} {'MB':>7} {'baseline s':>11} {'MB':>7} {'ratio':>6}")
    for name in PAPERS:
        tarball = str(args.corpus / f"{name}.tar.gz")
        ours = median_of([python, "-m", "annotator", "glossary", tarball, "-f", "json",
                           "-q"], args.runs)
        base = median_of([python, str(HERE / "pylatexenc_walk.py"), tarball], args.runs)
        rows.append((name, ours, base))
        print(f"{name:32} {ours[0]:12.3f} {ours[1]:7.1f} {base[0]:11.3f} {base[1]:7.1f} "
              f"{ours[0] / base[0]:6.2f}")
    times = [r[1][0] for r in rows]
    memory = [r[1][1] for r in rows]
    baseline = [r[2][0] for r in rows]
    print(f"\nmedian wall time: annotator {statistics.median(times):.3f} s, "
          f"baseline {statistics.median(baseline):.3f} s; "
          f"peak memory: median {statistics.median(memory):.1f} MB, max {max(memory):.1f} MB")
    slower = [r[0] for r in rows if r[1][0] > r[2][0]]
    print("slower than the baseline on: " + (", ".join(slower) if slower else "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
