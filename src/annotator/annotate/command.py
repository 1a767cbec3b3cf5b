"""The `annotate` command: registered by cli.py through `add_command`.

`annotator annotate PAPER.pdf [--source SOURCE] -o ANNOTATED.pdf [--lang en|zh]`. Bad
input (not a PDF, a damaged or encrypted one, a source that cannot be read, an output
that would replace the input) exits 2 with a message and writes nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UsageError
from ..reading import confidence_argument

if TYPE_CHECKING:
    from ..glossary import Glossary
    from ..knowledge import KnowledgeBase
    from ..model import Analysis

SAME_PAPER = 0.5
"""Below this share of the source's symbols found in the PDF, the two are probably not
the same paper: say so."""


def add_command(commands: argparse._SubParsersAction,
                add_knowledge_arguments: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add `annotate` to the CLI's subparsers."""
    annotate = commands.add_parser(
        "annotate", help="the paper's PDF with its notation explained on every page",
        description="Write a copy of the paper's PDF with its notation explained: margin "
                    "notes on every page (the symbols first used or defined there), a note "
                    "and a link on each symbol's first use on a page, and a glossary "
                    "appendix. The input PDF is never changed.")
    annotate.add_argument("paper", metavar="PAPER.pdf",
                          help="the paper's PDF (or - for standard input)")
    annotate.add_argument("--source", metavar="SOURCE",
                          help="the paper's LaTeX source (arXiv .tar.gz, a folder or a .tex): "
                               "the glossary is read from it (more complete than from the PDF) "
                               "and joined to the PDF's symbols")
    annotate.add_argument("--main", metavar="FILE",
                          help="the main .tex file inside SOURCE (default: found automatically)")
    annotate.add_argument("--output", "-o", metavar="ANNOTATED.pdf", required=True,
                          help="the PDF to write (atomically; never the input itself)")
    annotate.add_argument("--quiet", "-q", action="store_true",
                          help="do not print warnings or progress")
    annotate.add_argument("--min-confidence", type=confidence_argument, metavar="P",
                          help="quote a paper's definition only when its confidence is at "
                               "least P (0-1; default: the glossary's threshold)")
    add_knowledge_arguments(annotate)
    annotate.set_defaults(run=run_annotate)


def run_annotate(args: argparse.Namespace) -> int:
    # Imported here, not with the module: `annotator annotate --help` builds the parser
    # and needs none of the pipeline (tests/test_batch_startup.py).
    from ..extras import require_pdf
    from ..output import Exit, write_output
    from ..reading import load_knowledge, report_diagnostics

    require_pdf(args.paper)
    _check_output(args.paper, args.output)
    _check_pdf(args.paper)
    from ..sources import is_pdf, read_standard_input  # within the caps (docs/limits.md)

    data = read_standard_input(sys.stdin.buffer) if args.paper == "-" \
        else _read_pdf(args.paper)
    if not is_pdf(data):
        raise UsageError(f"{args.paper}: error: not a PDF (no %PDF- header); annotate writes "
                         "notes on the paper's PDF: give the PDF, and the LaTeX as --source")
    # the pipeline only now: a missing or wrong file is refused before it is imported
    from ..glossary import build_glossary
    from ..pdf import LOWER_FIDELITY, analyze_pdf_geometry

    kb = load_knowledge(args)
    source = _source_analysis(args, kb) if args.source else None  # a bad source fails fast
    pdf, geometry = analyze_pdf_geometry(args.paper, data, kb, quiet=args.quiet)
    if not args.quiet:
        shown = [d for d in pdf.diagnostics if source is None or d.message != LOWER_FIDELITY]
        report_diagnostics(shown)
        if source is None:
            _say("no --source: the glossary is read from the PDF alone (lower fidelity)")
    glossary = build_glossary(source if source is not None else pdf, kb, args.min_confidence)
    if source is not None and not args.quiet:
        _check_same_paper(glossary, pdf, args)
    from . import annotate

    output = annotate(data, pdf, geometry, glossary, source, args.lang,
                      None if args.quiet else _say)
    write_output(output, args.output)
    if not args.quiet:
        _say(f"wrote {args.output}: {_summary(output, geometry.page_count, glossary)}")
    return Exit.OK


def _summary(output: bytes, pages: int, glossary: Glossary) -> str:
    """'14 pages with notes on 45 symbols, glossary appendix on pages 15-16'."""
    import pymupdf

    with pymupdf.open(stream=output, filetype="pdf") as document:
        total = document.page_count
    count = len(glossary.entries)
    where = f"page {total}" if total == pages + 1 else f"pages {pages + 1}-{total}"
    return (f"{pages} page{'s' if pages != 1 else ''} with notes on {count} "
            f"symbol{'s' if count != 1 else ''}, glossary appendix on {where}")


def _say(message: str) -> None:
    print(f"annotator: {message}", file=sys.stderr)


def _check_output(paper: str, output: str) -> None:
    """The output must not be the input (the input is never touched), nor a terminal."""
    if output == "-" and sys.stdout.isatty():
        raise UsageError("-o -: standard output is a terminal; name a file, or pipe the PDF "
                         "into one")
    if paper == "-" or not output.strip() or output == "-":
        return
    try:
        same = Path(paper).exists() and Path(output).exists() and \
            os.path.samefile(paper, output)
    except OSError:
        same = False
    if same:
        raise UsageError(f"{output}: error: this is the input PDF; annotate never changes its "
                         "input, so name another file with -o")


def _read_pdf(path: str) -> bytes:
    """The bytes of the PDF file at `path` (read once, for both the analysis and the
    annotated copy), or InputError; within the caps of docs/limits.md (a FIFO or
    `/dev/zero` named as the PDF cannot hang or fill memory)."""
    from ..errors import InputError
    from ..sources.files import read_named_input

    if not os.path.lexists(path):
        raise InputError("file not found", path=path)
    return read_named_input(Path(path), path)


def _check_pdf(paper: str) -> None:
    """A folder is named where the PDF belongs (before anything is read)."""
    if paper != "-" and Path(paper).is_dir():
        raise UsageError(f"{paper}: error: is a folder; annotate reads the paper's PDF "
                         "(give the folder as --source)")


def _source_analysis(args: argparse.Namespace, kb: KnowledgeBase) -> Analysis:
    from ..analysis import analyze
    from ..reading import report_diagnostics
    from ..sources import is_pdf, load_paper

    path = Path(args.source)
    if path.is_file():
        with path.open("rb") as stream:
            if is_pdf(stream.read(1024)):
                raise UsageError(f"{args.source}: error: --source is a PDF; give the paper's "
                                 "LaTeX source (arXiv .tar.gz, a folder or a .tex)")
    if args.source == "-":
        raise UsageError("--source -: standard input is not supported here; name the source")
    analysis = analyze(load_paper(args.source, main=args.main), kb)
    if not args.quiet:
        paper = analysis.paper
        _say(f"source: main file: {paper.main} ({paper.main_reason})")
        report_diagnostics(analysis.diagnostics)
    return analysis


def _check_same_paper(glossary: Glossary, pdf: Analysis, args: argparse.Namespace) -> None:
    """Warn when the source's symbols are mostly missing from the PDF."""
    entries = glossary.entries
    keys = {symbol.key for symbol in pdf.symbols}
    found = sum(1 for entry in entries if entry.symbol.key in keys)
    if entries and found < SAME_PAPER * len(entries):
        _say(f"warning: only {found} of the {len(entries)} symbols of {args.source} were found "
             f"in {args.paper}: are they the same paper? Notes are added only where a symbol "
             "was found")
