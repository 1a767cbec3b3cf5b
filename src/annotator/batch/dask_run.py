"""A batch on a Dask cluster (`--dask tcp://scheduler:8786`, or `--dask local` for a
LocalCluster on this machine): the `dask` extra, `pip install 'paper-annotator[dask]'`.

Each paper is a task (work.run_task, the same function the process pool runs); the
results come back to this process as they finish and are written in the same layout.
The census parts never leave the cluster one by one: they are merged there in a tree
(census.merge, FAN_IN parts per task), and only the merged census comes back.

The workers read the papers by the paths given, so on a cluster of several machines the
papers must be on a filesystem every worker mounts at the same path, and every worker
must have the same version of annotator installed (the settings digest in index.jsonl
names the version that wrote a glossary).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from ..errors import UsageError
from ..extras import DISTRIBUTION, installed
from . import census
from .work import Result, Settings, Task, run_task

FAN_IN = 16
"""Census parts merged per task of the reduction tree."""
WAVE = 20_000
"""Papers submitted at once: the scheduler holds a few tasks per paper, so 2.6 M papers
go in waves (each wave's census is merged on the cluster, the waves' here)."""
DASK_EXTRA = f"{DISTRIBUTION}[dask]"


def has_dask() -> bool:
    """True when dask.distributed can be imported."""
    return installed("distributed")


def run_on_dask(address: str, tasks: list[Task], settings: Settings, jobs: int,
                accept: Callable[[Result], None]) -> census.Part:
    """Run `tasks` on the cluster at `address` ('local': a LocalCluster of `jobs`
    single-threaded worker processes), handing each result to `accept` as it arrives;
    returns the census of these tasks, merged on the cluster."""
    if not has_dask():
        raise UsageError(f"--dask needs dask.distributed, which is not installed: "
                         f"pip install '{DASK_EXTRA}'")
    from distributed import Client, LocalCluster

    cluster = None
    if address == "local":
        # Processes, one thread each: the pipeline is pure Python (the GIL).
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    else:
        try:
            client = Client(address, timeout="30s")
        except OSError as exc:
            raise UsageError(f"--dask {address}: error: cannot reach the scheduler: "
                             f"{exc}") from None
    try:
        parts = [_run(client, tasks[start:start + WAVE], settings, accept,
                      own=cluster is not None)
                 for start in range(0, len(tasks), WAVE)]
        return census.merge(parts)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _run(client: Any, tasks: list[Task], settings: Settings,
         accept: Callable[[Result], None], own: bool) -> census.Part:
    from distributed import as_completed

    if not tasks:
        return census.empty()
    client.run(_worker_start, settings.kb_files, own)  # again for workers that joined
    results = client.map(run_task, tasks, settings=settings, pure=False)
    parts = client.map(_census_part, results, pure=False)
    light = client.map(_without_census, results, pure=False)
    task_of = {future.key: task for future, task in zip(light, tasks, strict=True)}
    del results  # the tasks' futures above hold the results on the cluster until used
    while len(parts) > 1:
        parts = [client.submit(census.merge, parts[i:i + FAN_IN], pure=False)
                 for i in range(0, len(parts), FAN_IN)]
    for future in as_completed(light):
        try:
            result = future.result()
        except Exception as exc:  # a worker lost: run_task itself never raises
            task = task_of[future.key]
            result = Result(task.name, task.source, task.signature, "error",
                            f"{task.source}: error: the Dask task failed: "
                            f"{type(exc).__name__}: {exc}")
        accept(result)
        future.release()
    try:
        return parts[0].result()
    except Exception:
        return census.empty()  # a part lost with its worker: those papers are failed


def _worker_start(kb_files: tuple[str, ...], own: bool) -> None:
    """On each worker before the papers: the knowledge base; on a LocalCluster of ours
    the collector too, as a pool worker has it (runner._worker_start). A running cluster's
    workers are not ours to tune: they may serve others after this batch."""
    if own:
        from .runner import _worker_start as start

        start(kb_files)
    else:
        from .work import _knowledge

        _knowledge(kb_files)


def _census_part(result: Result) -> census.Part:
    return result.census if result.status == "ok" else census.empty()


def _without_census(result: Result) -> Result:
    """What comes back to the client (a copy: the census part reads the original)."""
    return replace(result, census={})
