"""Many papers in one run: `annotator batch PAPERS... --out DIR`.

    plan.py      the papers, their output names, which are done already (resuming)
    work.py      one paper -> its rendered files, counts and census part (a worker's task)
    runner.py    the run: in this process, on a process pool, writing DIR as results come
    dask_run.py  the same tasks on a Dask cluster (the `dask` extra)
    census.py    the notation census: parts per paper, merged, reported
    command.py   the `batch` sub-command's arguments

The pipeline is the public API (api.analyze, api.build_glossary), in-process: a batch
pays the start-up (imports, knowledge base) once per worker instead of once per paper.
"""
