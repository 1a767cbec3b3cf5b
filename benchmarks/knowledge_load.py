"""How long loading the shipped knowledge base takes, cold (no store on disk: the TOML is
parsed and every form normalized, then the store is written) and warm (the store is
read back), each in a fresh process, the way a run of `annotator` meets it.

    python benchmarks/knowledge_load.py [--runs 9] [--src DIR ...]

`--src DIR` (repeatable) measures a checkout's `src/` folder instead of the installed
package; with several, their runs are interleaved (one cold and one warm run of each in
turn), so a before/after comparison on a busy machine compares like with like:
`--src /tmp/before/src --src src`. Each cold run gets its own empty `XDG_CACHE_HOME`, so
no run reads a store another made. Prints the medians of the load itself
(`knowledge.load()`, timed inside the child), of the imports before it, and of the
whole process.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = """
import json, sys, time
started = time.perf_counter()
from annotator import knowledge
imported = time.perf_counter()
knowledge.load()
done = time.perf_counter()
print(json.dumps({"import": imported - started, "load": done - imported}))
"""


def run_child(cache: str, src: str | None) -> tuple[float, float, float]:
    """(import s, load s, whole process s) of one child."""
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    environment["XDG_CACHE_HOME"] = cache
    if src:
        environment["PYTHONPATH"] = src
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CHILD], env=environment, check=True,
                          capture_output=True, text=True)
    wall = time.perf_counter() - started
    times = json.loads(done.stdout)
    return times["import"], times["load"], wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--src", action="append", default=[],
                        help="a checkout's src/ folder to measure (repeatable)")
    args = parser.parse_args()
    sources: list[str | None] = list(args.src) or [None]
    samples: dict[tuple[str | None, str], list[tuple[float, float, float]]] = {
        (src, kind): [] for src in sources for kind in ("cold", "warm")}
    stores: dict[str | None, list[str]] = {}
    for src in sources:
        run_child(tempfile.mkdtemp(prefix="kb-bench-"), src)  # bytecode compiled once
    for _ in range(args.runs):
        for src in sources:
            cache = tempfile.mkdtemp(prefix="kb-bench-")
            samples[(src, "cold")].append(run_child(cache, src))
            samples[(src, "warm")].append(run_child(cache, src))
            stores[src] = sorted(p.name for p in (Path(cache) / "annotator").iterdir())
    print(f"{'source':28} {'':5} {'load ms':>9} {'(min)':>7} {'import ms':>10} "
          f"{'process ms':>11}   (median of {args.runs}; the minimum is the least disturbed "
          "by other load)")
    for (src, kind), runs in samples.items():
        load = statistics.median(s[1] for s in runs) * 1000
        fastest = min(s[1] for s in runs) * 1000
        imports = statistics.median(s[0] for s in runs) * 1000
        wall = statistics.median(s[2] for s in runs) * 1000
        print(f"{(src or 'installed')[-28:]:28} {kind:5} {load:9.1f} {fastest:7.1f} "
              f"{imports:10.1f} {wall:11.1f}")
    for src, names in stores.items():
        print(f"{src or 'installed'}: store {', '.join(names) or '(none written)'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
