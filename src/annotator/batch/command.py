"""The `annotator batch` sub-command: its arguments and its run.

    annotator batch papers/*.tar.gz --out glossaries/ --format json,md --jobs 4
    annotator batch --from-list reading-list.txt --out out/ --dask local

Exit codes: 0 every paper done, 1 some papers failed (each named in index.jsonl and on
stderr), 2 bad usage (no papers, an unknown format, an unwritable DIR).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from ..errors import UsageError
from ..output import Exit
from .work import OUTPUT_FORMATS

MAX_FAILURES_SHOWN = 10


def add_command(commands: argparse._SubParsersAction,
                add_knowledge_arguments: Callable[..., None],
                confidence: Callable[[str], float],
                complete_files: Callable[[argparse.Action, str | None], None]) -> None:
    """Add `batch` to the CLI's subparsers (`complete_files` marks an argument that takes
    a file name for the completion scripts)."""
    batch = commands.add_parser(
        "batch", help="glossaries of many papers, an index and a notation census",
        description="The glossaries of many papers in one run, into DIR: DIR/<paper>.json "
                    "(and other formats), DIR/index.jsonl (one line per paper), and the "
                    "notation census of all of them (DIR/census.json, .csv, .md). A paper "
                    "that fails is recorded and the others go on; a re-run skips the "
                    "papers already done and unchanged. Exit 0 when every paper was done, "
                    "1 when some failed.")
    papers = batch.add_argument("papers", nargs="*", metavar="PAPER",
                                help="arXiv sources, folders, .tex files or PDFs")
    listing = batch.add_argument("--from-list", metavar="FILE", action="append", default=[],
                                 help="also the papers listed in FILE, one path a line "
                                      "(relative to FILE's folder; # comments)")
    out = batch.add_argument("--out", required=True, metavar="DIR",
                             help="the output folder (made if missing)")
    for action in (papers, listing, out):
        complete_files(action, None)
    batch.add_argument("--format", "-f", default="json", type=_formats,
                       metavar="FORMATS",
                       help="comma-separated: json (always written), md, html, txt, tex "
                            "(default: json)")
    batch.add_argument("--jobs", "-j", type=_positive, metavar="N",
                       help="worker processes (default: the CPUs available; 1 runs in "
                            "this process)")
    batch.add_argument("--dask", metavar="ADDRESS",
                       help="run on a Dask cluster: its scheduler's address "
                            "(tcp://host:8786), or 'local' for a LocalCluster of --jobs "
                            "workers (needs the dask extra)")
    batch.add_argument("--min-confidence", type=confidence, metavar="P",
                       help="show a paper's definition only when its confidence is at "
                            "least P (0-1)")
    progress = batch.add_mutually_exclusive_group()
    progress.add_argument("--progress", action="store_true", default=None,
                          help="show the progress bar even when stderr is not a terminal")
    progress.add_argument("--no-progress", dest="progress", action="store_false",
                          help="never show the progress bar")
    add_knowledge_arguments(batch)
    batch.set_defaults(run=run)


def _formats(text: str) -> tuple[str, ...]:
    names = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [name for name in names if name not in OUTPUT_FORMATS]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown format {unknown[0]!r} (choose from json, md, html, txt, tex)")
    chosen = ["json", *(OUTPUT_FORMATS[name] for name in names)]
    return tuple(dict.fromkeys(chosen))


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more: {text}")
    return value


def run(args: argparse.Namespace) -> int:
    from ..terminal import one_line
    from .plan import read_list
    from .runner import default_jobs, run_batch
    from .work import Settings, _knowledge

    papers = list(args.papers)
    for path in args.from_list:
        papers.extend(read_list(path))
    if not papers:
        raise UsageError("batch: no papers (name them, or give --from-list FILE)")
    settings = Settings(formats=args.format, lang=args.lang, kb_files=tuple(args.kb),
                        min_confidence=args.min_confidence)
    _knowledge(settings.kb_files)  # a bad --kb file is a usage error before any paper
    jobs = args.jobs or default_jobs()
    summary = run_batch(papers, Path(args.out), settings, jobs=jobs, dask=args.dask,
                        progress=args.progress)
    for message in summary.failures[:MAX_FAILURES_SHOWN]:
        print(one_line(f"annotator: {message}"), file=sys.stderr)
    if len(summary.failures) > MAX_FAILURES_SHOWN:
        print(f"annotator: ... and {len(summary.failures) - MAX_FAILURES_SHOWN} more "
              "failures (see index.jsonl)", file=sys.stderr)
    report = summary.census
    print(one_line(f"annotator: batch: {summary.done} done, {summary.failed} failed, "
                   f"{summary.skipped} already done; census of {report['papers']} papers, "
                   f"{len(report['symbols'])} symbols ({len(report['unknown'])} not in the "
                   f"knowledge base) in {args.out}"), file=sys.stderr)
    return Exit.FINDINGS if summary.failed else Exit.OK
