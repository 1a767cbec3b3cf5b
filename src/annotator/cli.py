"""The command line: `annotator glossary|explain|kb|lint|rules|rule`.

Exit codes: 0 success (lint: clean), 1 lint findings at or above --fail-on, 2 bad input
or usage. Errors are one line on stderr naming the file and position; never a traceback
(run with --debug to see one). `-o FILE` writes atomically: a failed run leaves no file.
"""

from __future__ import annotations

import argparse
import enum
import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__
from .errors import InputError, UsageError
from .model import Analysis, Diagnostic

MAX_WARNINGS_SHOWN = 20


class Exit(enum.IntEnum):
    OK = 0
    FINDINGS = 1
    ERROR = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return Exit.ERROR
    try:
        return int(args.run(args))
    except (InputError, UsageError) as exc:
        print(f"annotator: {exc}", file=sys.stderr)
        return Exit.ERROR
    except KeyboardInterrupt:
        print("annotator: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return Exit.OK
    except Exception as exc:  # a bug: one line, the traceback only on request
        if args.debug:
            traceback.print_exc()
        source = getattr(args, "paper", None) or getattr(args, "latex", "")
        print(f"annotator: internal error while reading {source}: {type(exc).__name__}: "
              f"{exc} (run with --debug for details, and please report it)", file=sys.stderr)
        return Exit.ERROR


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Reads a paper's math (arXiv source tarball, folder, .tex or PDF) and "
                    "explains its notation.")
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    parser.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    glossary = commands.add_parser(
        "glossary", help="the notation glossary of a paper",
        description="The notation glossary of a paper: every symbol, how it is written, "
                    "where it is first used, and what it means.")
    _add_paper_arguments(glossary)
    glossary.add_argument("--format", "-f", choices=("json", "text"), default="text",
                          help="output format (default: text)")
    glossary.add_argument("--output", "-o", metavar="FILE",
                          help="write to FILE (atomically) instead of standard output")
    glossary.set_defaults(run=_run_glossary)
    return parser


def _add_paper_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paper", metavar="PAPER",
                        help="arXiv source (.tar.gz, .tar, .gz, .zip), a folder, a .tex file, "
                             "or - for standard input")
    parser.add_argument("--main", metavar="FILE",
                        help="the main .tex file inside an archive or folder (default: found "
                             "automatically)")
    parser.add_argument("--quiet", "-q", action="store_true",
                        help="do not print warnings about the input")
    parser.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)


def load_analysis(args: argparse.Namespace) -> Analysis:
    """Read and analyse the paper named on the command line, reporting on stderr."""
    from .analysis import analyze
    from .sources import load_paper

    stdin = sys.stdin.buffer.read() if args.paper == "-" else None
    paper = load_paper(args.paper, main=args.main, stdin=stdin)
    if not args.quiet:
        print(f"annotator: main file: {paper.main} ({paper.main_reason})", file=sys.stderr)
    analysis = analyze(paper)
    if not args.quiet:
        report_diagnostics(analysis.diagnostics)
    return analysis


def report_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics[:MAX_WARNINGS_SHOWN]:
        print(f"annotator: {diagnostic}", file=sys.stderr)
    if len(diagnostics) > MAX_WARNINGS_SHOWN:
        print(f"annotator: ... and {len(diagnostics) - MAX_WARNINGS_SHOWN} more warnings "
              "(all of them are in the JSON output)", file=sys.stderr)


def _run_glossary(args: argparse.Namespace) -> int:
    analysis = load_analysis(args)
    renderers: dict[str, Callable[[Analysis], str]] = {
        "json": _render_json,
        "text": _render_text,
    }
    output = renderers[args.format](analysis)
    write_output(output, args.output)
    return Exit.OK


def _render_json(analysis: Analysis) -> str:
    from .render.json import render
    return render(analysis)


def _render_text(analysis: Analysis) -> str:
    from .render.text import render
    return render(analysis)


def write_output(text: str, path: str | None) -> None:
    """Standard output, or FILE written atomically (a temporary file renamed over it)."""
    if path is None or path == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"{path}: error: folder {folder} does not exist")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                         dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
