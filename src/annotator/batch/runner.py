"""Run a batch: plan it, do the papers on a process pool (or in this process, or on a
Dask cluster: dask_run.py), write each paper's files as its result arrives, then the
index and the census.

Layout of DIR:
    <name>.json (always) and <name>.<ext> for each other format asked for
    index.jsonl    one line per paper: name, source, status, message, counts,
                   signature, fingerprint, settings, seconds (this run's papers in their order,
                   then those of earlier runs into DIR that this one did not name)
    census.json, census.csv, census.md (census.parquet when pyarrow is installed):
                   the papers of this run

Every file goes through `output.write_output` (atomic: a killed run leaves whole files
or none). index.jsonl is appended to as papers finish, so a killed run resumes where it
stopped, and rewritten in the papers' order at the end.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..output import write_output
from . import census
from .plan import INDEX, Plan, plan, settings_digest
from .work import EXTENSIONS, Result, Settings, Task, run_task

IN_FLIGHT_PER_JOB = 4
"""Papers queued per worker: enough to keep it busy, few enough that 2.6 M papers are
not all submitted (and their results held) at once."""


@dataclass
class Summary:
    """What a batch did: counts for the closing line and the census written."""

    done: int = 0
    failed: int = 0
    skipped: int = 0
    failures: list[str] = field(default_factory=list)
    census: dict[str, Any] = field(default_factory=dict)


def default_jobs() -> int:
    """The CPUs this process may use (a container's limit, not the host's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def run_batch(sources: Iterable[str], out: Path, settings: Settings, *, jobs: int = 1,
              dask: str | None = None, progress: bool | None = None) -> Summary:
    """Do every paper of `sources` into `out` (see the module); returns the summary."""
    _prepare(out)
    digest = settings_digest(settings)
    work = plan(sources, out, settings, digest)
    summary = Summary(skipped=len(work.done))
    lines = {record["source"]: record for record in work.done}
    total = census.empty()  # the parts folded in as they come (never all held)
    bar = _progress(len(work.order), len(work.done), progress)

    def accept(result: Result) -> None:
        _write_result(result, out, settings)
        line = {**result.index_line(), "settings": digest}
        lines[result.source] = line
        _append_index(out, line)
        if result.status == "ok":
            summary.done += 1
            if result.census:  # on Dask the parts are merged on the cluster instead
                census.add(total, result.census)
        else:
            summary.failed += 1
            summary.failures.append(result.message)
        bar(result)

    try:
        if dask is not None:
            from .dask_run import run_on_dask

            census.add(total, run_on_dask(dask, work.todo, settings, jobs, accept))
        elif jobs <= 1 or len(work.todo) <= 1:
            for task in work.todo:
                accept(run_task(task, settings))
        else:
            for result in _pool(work.todo, settings, jobs):
                accept(result)
    finally:
        bar(None)
    for part in _earlier_parts(work, out):
        census.add(total, part)
    ordered = [lines[s] for s in work.order if s in lines] + work.earlier
    write_output("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in ordered),
                 str(out / INDEX))
    summary.census = census.finish(total)
    write_census(summary.census, out)
    return summary


def _prepare(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{out}: error: cannot make the output folder: "
                         f"{exc.strerror or exc}") from None
    if not out.is_dir():
        raise UsageError(f"{out}: error: not a folder")


def _write_result(result: Result, out: Path, settings: Settings) -> None:
    if result.status != "ok":  # the files of an earlier run are of another source now
        for name in settings.formats:
            (out / f"{result.name}.{EXTENSIONS[name]}").unlink(missing_ok=True)
        return
    for name, text in result.outputs.items():
        write_output(text, str(out / f"{result.name}.{EXTENSIONS[name]}"))
    result.outputs = {}  # written: do not hold every paper's text until the end


def _append_index(out: Path, line: dict[str, Any]) -> None:
    """One line at the end of index.jsonl, in one write (a reader never sees half)."""
    with open(out / INDEX, "a", encoding="utf-8") as stream:
        stream.write(json.dumps(line, ensure_ascii=False) + "\n")


def _earlier_parts(work: Plan, out: Path) -> Iterator[census.Part]:
    """The census parts of the papers done in an earlier run, from their JSON files."""
    for record in work.done:
        try:
            data = json.loads((out / f"{record['name']}.json").read_text(encoding="utf-8"))
            yield census.contribution(data, record["name"])
        except (OSError, ValueError, KeyError, TypeError):
            continue  # unreadable now: the census goes without it (a re-run redoes it)


def _pool(tasks: list[Task], settings: Settings, jobs: int) -> Iterator[Result]:
    """Results in the order they finish, from `jobs` worker processes.

    On Linux the workers are forked after the parent loaded the knowledge base and the
    pipeline's modules (work._knowledge): each starts with them in memory, shared until
    written. A worker that dies (killed for memory, a crash in C code) breaks the pool:
    the papers in flight fail with that message (a re-run retries them) and a new pool
    does the rest."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    from .. import api
    from .work import _knowledge

    _knowledge(settings.kb_files)
    api.analyze  # noqa: B018 - the modules the workers need, imported before the fork
    _preload()
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    queue = list(reversed(tasks))
    limit = jobs * IN_FLIGHT_PER_JOB
    while queue:
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=_worker_start,
                                 initargs=(settings.kb_files,)) as pool:
            pending = {}
            broken = False
            while (queue or pending) and not broken:
                while queue and len(pending) < limit:
                    task = queue.pop()
                    pending[pool.submit(run_task, task, settings)] = task
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    task = pending.pop(future)
                    try:
                        yield future.result()
                    except BrokenProcessPool:
                        broken = True
                        yield _died(task)
            if broken:
                for task in pending.values():
                    yield _died(task)


def _died(task: Task) -> Result:
    return Result(task.name, task.source, task.signature, "error",
                  f"{task.source}: error: the worker process died while reading it (out "
                  "of memory, or a crash); run the batch again to retry")


def _preload() -> None:
    """Import what every paper needs before the workers fork (they start with it)."""
    from .. import glossary, render  # noqa: F401
    from ..render import json as render_json  # noqa: F401


def _worker_start(kb_files: tuple[str, ...]) -> None:
    """A worker's start: the knowledge base (inherited when forked, else loaded), and the
    collector tuned as for a one-shot run (process.tune_gc): a worker lives for the batch."""
    from ..process import tune_gc
    from .work import _knowledge

    _knowledge(kb_files)
    tune_gc()


# ----------------------------------------------------------------------- census

def write_census(report: dict[str, Any], out: Path) -> None:
    """census.json (a symbol a line), census.csv, census.md, census.parquet (pyarrow)."""
    head = {k: v for k, v in report.items() if k != "symbols"}
    body = ",\n".join(json.dumps(row, ensure_ascii=False) for row in report["symbols"])
    text = json.dumps(head, ensure_ascii=False)[:-1] + ',\n"symbols": [\n' + body + "\n]}\n"
    write_output(text, str(out / "census.json"))
    write_output(census.render_csv(report), str(out / "census.csv"))
    write_output(census.render_markdown(report), str(out / "census.md"))
    _write_parquet(report, out)


def _write_parquet(report: dict[str, Any], out: Path) -> None:
    """census.parquet, only when pyarrow is installed (it is no dependency)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        return
    columns = list(zip(*census.csv_rows(report), strict=True)) or [()] * len(census.CSV_COLUMNS)
    table = pa.table({name: list(values) for name, values in
                      zip(census.CSV_COLUMNS, columns, strict=True)})
    import io

    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    write_output(buffer.getvalue(), str(out / "census.parquet"))


# --------------------------------------------------------------------- progress

def _progress(total: int, skipped: int, wanted: bool | None) -> Callable[[Result | None], None]:
    """A progress bar on stderr: tqdm's; without tqdm, a line redrawn in place. Shown
    when stderr is a terminal (or `wanted` is True); never when it is False."""
    if wanted is None:
        wanted = sys.stderr.isatty()
    if not wanted:
        return lambda result: None
    try:
        from tqdm import tqdm
    except ImportError:
        return _plain_progress(total, skipped)
    bar = tqdm(total=total, initial=skipped, unit="paper", file=sys.stderr,
               dynamic_ncols=True)
    failed = [0]

    def update(result: Result | None) -> None:
        if result is None:
            bar.close()
            return
        failed[0] += result.status != "ok"
        if failed[0]:
            bar.set_postfix(failed=failed[0], refresh=False)
        bar.update(1)
    return update


def _plain_progress(total: int, skipped: int) -> Callable[[Result | None], None]:
    count = [skipped]

    def update(result: Result | None) -> None:
        if result is None:
            sys.stderr.write("\n")
        else:
            count[0] += 1
            sys.stderr.write(f"\rannotator batch: {count[0]}/{total} papers")
        sys.stderr.flush()
    return update
