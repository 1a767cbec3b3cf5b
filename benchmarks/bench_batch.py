"""Many papers: whole-process time per paper beside the regex floor and the pylatexenc
walk, the share of start-up, batch throughput and peak memory.

    python benchmarks/bench_batch.py [--runs 3] [--jobs 2] [--corpus ../shared/corpus]

One interleaved run with the real interpreter (sys.executable -m annotator, as the
installed command runs it): for each round, each paper, the regex floor
(regex_scan.py), the pylatexenc walk (pylatexenc_walk.py) and `annotator glossary -f json`
run one after the other, so a busy machine slows all three alike; `annotator --version`
is timed in the same rounds. CPU time and peak memory come from wait4(2) (the child and
the processes it waited for). Every command writes its output to a file in a temporary
folder, never to a device.

Start-up share: 1 - (CPU of the same paper in an already started process, through the
API) / (CPU of the whole `annotator glossary` process). Throughput: papers per
CPU-second, for one process per paper, for `annotator batch --jobs N` (process pool)
and for `annotator batch --dask local` (LocalCluster of N workers, when dask is
installed). Goals (issue 15): --version under 0.1 s, a glossary at or below 0.5 x the
pylatexenc walk, batch throughput at least 1.6 x one process per paper.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus"
WARM_UP = HERE.parent / "samples" / "attention-note"
ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def measure(command: list[str]) -> tuple[float, float, float]:
    """(wall s, CPU s, peak RSS MB) of one run of `command`; fails loudly."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env=ENVIRONMENT)
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code not in (0,):
        raise SystemExit(f"failed ({code}): {' '.join(command)}\n{errors.decode()[-2000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def in_process(papers: list[str]) -> dict[str, float]:
    """CPU seconds per paper in one started process (API, knowledge loaded, warmed up)."""
    code = ("import json, sys, time\n"
            "from annotator import api\n"
            "from annotator.process import tune_gc\n"
            "from annotator.render.json import render\n"
            "kb = api.load_knowledge()\n"
            "tune_gc()  # as the command line and the batch workers do\n"
            "out = {}\n"
            "for path in sys.argv[1:]:  # the warm-up paper first, as a batch's first\n"
            "    start = time.process_time()\n"
            "    analysis = api.analyze(path, knowledge=kb)\n"
            "    render(analysis, api.build_glossary(analysis, kb))\n"
            "    out[path] = time.process_time() - start\n"
            "print(json.dumps(out))\n")
    # Each paper once, after a warm-up on another one (a sample): the caches a batch
    # fills on earlier papers help, those of the same paper's earlier run do not.
    done = subprocess.run([sys.executable, "-c", code, str(WARM_UP), *papers],
                          capture_output=True,
                          text=True, check=True, env=ENVIRONMENT)
    times = json.loads(done.stdout)
    del times[str(WARM_UP)]
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--copies", type=int, default=4,
                        help="the batch runs also take each paper this many times (copies "
                             "under other names), for a batch larger than the corpus")
    args = parser.parse_args()
    papers = sorted(str(p) for p in args.corpus.glob("*.tar.gz"))
    if not papers:
        print(f"no papers (*.tar.gz) in {args.corpus}", file=sys.stderr)
        return 2
    python = sys.executable
    scratch = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    output = str(scratch / "glossary.json")
    commands = {
        "regex": lambda p: [python, str(HERE / "regex_scan.py"), p],
        "walk": lambda p: [python, str(HERE / "pylatexenc_walk.py"), p],
        "annotator": lambda p: [python, "-m", "annotator", "glossary", p, "-f", "json",
                                "-q", "-o", output],
    }
    version = [python, "-m", "annotator", "--version"]
    runners = {"process pool": ["--jobs", str(args.jobs)]}
    if importlib.util.find_spec("distributed") is not None:
        runners["Dask LocalCluster"] = ["--jobs", str(args.jobs), "--dask", "local"]
    many = _copies(papers, scratch, args.copies) if args.copies > 1 else []
    batches = [(label, batch) for label in runners for batch in (papers, many) if batch]
    for paper in papers:  # warm-up: bytecode, the knowledge store, the page cache
        for make in commands.values():
            measure(make(paper))
    samples: dict[tuple[str, str], list[tuple[float, float, float]]] = {}
    versions = []
    batch_runs: dict[tuple[str, int], list[tuple[float, float, float]]] = {}
    for _ in range(args.runs):  # a round: every measurement once, so load hits all alike
        versions.append(measure(version))
        for paper in papers:
            for name, make in commands.items():
                samples.setdefault((name, paper), []).append(measure(make(paper)))
        for label, batch in batches:
            out = Path(tempfile.mkdtemp(prefix="batch-", dir=scratch))
            batch_runs.setdefault((label, len(batch)), []).append(measure(
                [python, "-m", "annotator", "batch", *batch, "--out", str(out),
                 "--no-progress", *runners[label]]))
    inside = in_process(papers)

    def med(name: str, paper: str, index: int) -> float:
        return statistics.median(s[index] for s in samples[(name, paper)])

    print(f"{len(papers)} papers, {args.runs} interleaved rounds, {python}")
    print(f"{'paper':30} {'regex s':>8} {'walk s':>8} {'annot s':>8} {'annot/walk':>10} "
          f"{'CPU s':>6} {'walk CPU':>8} {'in-proc':>7} {'start-up':>8} {'MB':>6}")
    ratios, cpu_ratios, shares = [], [], []
    for paper in papers:
        name = Path(paper).name.removesuffix(".tar.gz")
        ours, walk, regex = (med("annotator", paper, 0), med("walk", paper, 0),
                             med("regex", paper, 0))
        cpu, walk_cpu = med("annotator", paper, 1), med("walk", paper, 1)
        share = 1 - inside[paper] / cpu
        ratios.append(ours / walk)
        cpu_ratios.append(cpu / walk_cpu)
        shares.append(share)
        print(f"{name[:30]:30} {regex:8.3f} {walk:8.3f} {ours:8.3f} {ours / walk:10.2f} "
              f"{cpu:6.3f} {walk_cpu:8.3f} {inside[paper]:7.3f} {share:8.0%} "
              f"{max(s[2] for s in samples[('annotator', paper)]):6.1f}")
    version_s = statistics.median(v[0] for v in versions)
    version_cpu = statistics.median(v[1] for v in versions)
    per_process_cpu = sum(med("annotator", p, 1) for p in papers)
    print(f"\nannotator --version: median {version_s:.3f} s wall, {version_cpu:.3f} s CPU "
          f"(goal < 0.1 s: {'met' if version_s < 0.1 else 'NOT met'})")
    ratio = statistics.median(ratios)
    print(f"glossary / pylatexenc walk, whole process: median {ratio:.2f} x "
          f"(goal <= 0.5 x: {'met' if ratio <= 0.5 else 'NOT met'}), in CPU time "
          f"{statistics.median(cpu_ratios):.2f} x; "
          f"start-up share of a glossary's CPU: median {statistics.median(shares):.0%}")
    base_rate = len(papers) / per_process_cpu
    print(f"\nthroughput, papers per CPU-second ({len(papers)} papers):")
    print(f"  one process per paper      {base_rate:6.2f}  (CPU {per_process_cpu:.2f} s)")
    if "Dask LocalCluster" not in runners:
        print("  (dask not installed: no LocalCluster run)")
    inside_rate = len(papers) / sum(inside.values())
    print(f"  in one started process     {inside_rate:6.2f}  (the limit of a long batch: "
          f"{inside_rate / base_rate:.2f} x)")
    for label in runners:
        cpus = [_report(label, len(batch), batch_runs[(label, len(batch))], args, base_rate)
                for batch in (papers, many) if batch]
        if len(cpus) == 2:
            extra = (cpus[1] - cpus[0]) / (len(many) - len(papers))
            print(f"    {label}: each paper more costs {extra:.3f} CPU s "
                  f"({1 / extra:.2f} papers per CPU-second, {1 / extra / base_rate:.2f} x one "
                  f"process per paper); fixed cost {cpus[0] - extra * len(papers):.2f} CPU s")
    mean = sum(inside.values()) / len(inside)
    print(f"\narXiv scale (2.6 M papers) at these papers' mean: {2.6e6 * mean / 3600:,.0f} "
          f"core-hours in started workers, {2.6e6 * per_process_cpu / len(papers) / 3600:,.0f} "
          "as one process per paper")
    return 0


def _copies(papers: list[str], scratch: Path, copies: int) -> list[str]:
    """Each paper `copies` times under other names (hard links or copies)."""
    import shutil

    folder = scratch / "copies"
    folder.mkdir()
    made = []
    for index in range(copies):
        for paper in papers:
            target = folder / f"{index}-{Path(paper).name}"
            try:
                os.link(paper, target)
            except OSError:
                shutil.copyfile(paper, target)
            made.append(str(target))
    return made


def _report(label: str, count: int, runs: list[tuple[float, float, float]],
            args: argparse.Namespace, base_rate: float) -> float:
    """Print a batch's throughput from its runs; returns its median CPU seconds."""
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    rate = count / cpu
    print(f"  batch of {count:3}, {label:17} {rate:6.2f}  (CPU {cpu:.2f} s, wall "
          f"{wall:.2f} s, {args.jobs} workers, largest process {max(r[2] for r in runs):.0f} "
          f"MB) = {rate / base_rate:.2f} x one process per paper "
          f"(goal >= 1.6 x: {'met' if rate / base_rate >= 1.6 else 'NOT met'})")
    return cpu


if __name__ == "__main__":
    sys.exit(main())
