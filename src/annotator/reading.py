"""What every command that reads a paper shares: the knowledge base from `--kb`, the
paper named on the command line (source or PDF, through the public API), and the report
on stderr (main file, warnings).

Imported by `cli.py` and `lint/command.py` (and any other command); it imports neither,
so the command modules form no circle. Everything printed from the paper goes through
`terminal.one_line`: a file name or warning cannot carry escape sequences to the terminal
nor forge a line of its own.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .errors import UsageError
from .terminal import one_line

if TYPE_CHECKING:
    from .knowledge import KnowledgeBase
    from .model import Analysis, Diagnostic

MAX_WARNINGS_SHOWN = 20


def load_knowledge(args: argparse.Namespace) -> KnowledgeBase:
    """The knowledge base with the `--kb` files of the command line."""
    from .api import load_knowledge as load

    return load(tuple(getattr(args, "kb", ()) or ()))


def load_analysis(args: argparse.Namespace, kb: KnowledgeBase | None = None,
                  pdf_refused: str | None = None) -> Analysis:
    """Read and analyse the paper named on the command line (`args.paper`, `args.main`),
    reporting on stderr unless `args.quiet`; `kb` when the caller already loaded the
    knowledge base. With `pdf_refused`, a PDF is a usage error with that message (checked
    before anything is read from it)."""
    from .api import analyze, is_pdf_source
    from .sources import read_standard_input  # within the caps (docs/limits.md)

    kb = kb if kb is not None else load_knowledge(args)
    stdin = read_standard_input(sys.stdin.buffer) if args.paper == "-" else None
    if pdf_refused is not None and is_pdf_source(args.paper, stdin):
        raise UsageError(f"{args.paper}: error: {pdf_refused}")
    analysis = analyze(args.paper, main=args.main, data=stdin, knowledge=kb,
                       quiet=args.quiet)
    if not args.quiet:
        paper = analysis.paper
        print(one_line(f"annotator: main file: {paper.main} ({paper.main_reason})"),
              file=sys.stderr)
        report_diagnostics(analysis.diagnostics)
    return analysis


def report_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    """The first MAX_WARNINGS_SHOWN diagnostics on stderr, and how many more there are."""
    for diagnostic in diagnostics[:MAX_WARNINGS_SHOWN]:
        print(one_line(f"annotator: {diagnostic}"), file=sys.stderr)
    if len(diagnostics) > MAX_WARNINGS_SHOWN:
        print(f"annotator: ... and {len(diagnostics) - MAX_WARNINGS_SHOWN} more warnings "
              "(all of them are in the JSON output)", file=sys.stderr)


def confidence_argument(text: str) -> float:
    """--min-confidence: a number from 0 to 1 (argparse type)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1: {text}")
    return value
