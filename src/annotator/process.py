"""Settings for a process that runs annotator and exits: the command line, a batch
worker. Imported by cli.py and batch/runner.py; imports nothing of annotator.

The garbage collector: a glossary makes millions of small objects (tokens, nodes,
occurrences) and almost no reference cycles, so the default threshold (a collection
every 700 allocations) scans the young objects thousands of times for a few cycles.
On three corpus papers in one process the collector took 8.7 % of the CPU time
(151 collections) with the default thresholds, 2.9 % (one) with these.
"""

from __future__ import annotations

import gc

GC_THRESHOLD = (50_000, 50, 100)
"""Young collections every 50 000 allocations; the older generations as rarely."""


def tune_gc() -> None:
    """Collect less often (GC_THRESHOLD), and freeze what exists now (modules, the
    parser, a worker's knowledge base) out of the collector's sight: it lives until exit.
    Not for a library caller's process, whose other objects are not ours to freeze."""
    gc.set_threshold(*GC_THRESHOLD)
    gc.freeze()
