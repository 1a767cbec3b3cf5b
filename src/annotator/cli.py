"""The command line: `annotator glossary|explain|kb|lint|rules|rule`.

Exit codes: 0 success (lint: clean), 1 lint findings at or above --fail-on, 2 bad input
or usage. Errors are one line on stderr naming the file and position; never a traceback
(run with --debug to see one). `-o FILE` is written by output.py: atomically for a
regular file, through for a device or FIFO, never replacing one.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__
from .errors import InputError, UsageError
from .knowledge import TOPIC_WORDS, KnowledgeBase
from .model import Analysis, Diagnostic
from .output import Exit, OutputError, write_output

MAX_WARNINGS_SHOWN = 20


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
    except UsageError as exc:
        print(f"annotator: {exc}", file=sys.stderr)
        return Exit.ERROR
    except (InputError, OutputError) as exc:
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
    glossary.add_argument("--format", "-f", default="text",
                          choices=("text", "markdown", "html", "json", "latex"),
                          help="text for the terminal (default), markdown (renders on "
                               "GitHub), html (one self-contained page), json (for scripts), "
                               "latex (a notation table to \\input)")
    glossary.add_argument("--group-by", choices=("role", "area"),
                          help="group entries by role or math area (default: order of first "
                               "use, the paper's symbols before standard notation)")
    glossary.add_argument("--output", "-o", metavar="FILE",
                          help="write to FILE (atomically) instead of standard output")
    glossary.add_argument("--min-confidence", type=_confidence, metavar="P",
                          help="show a paper's definition only when its confidence is at "
                               "least P (0-1; default: the threshold chosen on "
                               "cross-validation, see README)")
    glossary.add_argument("--all-definitions", action="store_true",
                          help="also list every candidate definition with its confidence")
    _add_knowledge_arguments(glossary)
    glossary.set_defaults(run=_run_glossary)

    explain = commands.add_parser(
        "explain", help="explain a formula or symbol",
        description="Explain a formula or symbol: each symbol's reading and meaning, and the "
                    "formula's structure in words where a template recognises it.")
    explain.add_argument("latex", metavar="LATEX", help="the formula, e.g. '\\nabla_\\theta "
                                                       "\\mathcal{L}' (quote it for the shell)")
    explain.add_argument("--format", "-f", choices=("text", "markdown", "json"), default="text")
    # TOPIC_WORDS reads the topics on first use: only when --topic is given or help shown
    explain.add_argument("--topic", action="append", default=[], choices=TOPIC_WORDS,
                         metavar="TOPIC",
                         help="what the formula is about, for symbols whose meaning depends "
                              "on it (\\gamma: discount in rl, scale in normalization); "
                              "repeatable; one of: %(choices)s")
    _add_knowledge_arguments(explain)
    explain.set_defaults(run=_run_explain)

    kb = commands.add_parser("kb", help="browse the notation knowledge base",
                             description="Browse the notation knowledge base.")
    kb_commands = kb.add_subparsers(dest="kb_command", metavar="KB_COMMAND", required=True)
    listing = kb_commands.add_parser("list", help="list entries")
    listing.add_argument("--family", help="only this family (greek, probability, ...)")
    show = kb_commands.add_parser("show", help="show one entry")
    show.add_argument("id", metavar="ID")
    search = kb_commands.add_parser("search", help="search entries in English or Chinese")
    search.add_argument("word", metavar="WORD")
    for sub in (listing, show, search):
        sub.add_argument("--format", "-f", choices=("text", "json"), default="text")
        _add_knowledge_arguments(sub)
        sub.set_defaults(run=_run_kb)

    from .lint.command import add_commands as add_lint_commands
    add_lint_commands(commands, _add_knowledge_arguments)
    return parser


def _confidence(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1: {text}")
    return value


def _add_knowledge_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--kb", action="append", default=[], metavar="FILE.toml",
                        help="add or override knowledge entries from FILE.toml (repeatable; "
                             "same format as the shipped knowledge/*.toml)")
    parser.add_argument("--lang", choices=("en", "zh"), default=_default_language(),
                        help="output language (default: zh when LANG is Chinese, else en)")
    parser.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)


def _default_language() -> str:
    return "zh" if os.environ.get("LANG", "").lower().startswith("zh") else "en"


def _add_paper_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paper", metavar="PAPER",
                        help="arXiv source (.tar.gz, .tar, .gz, .zip), a folder, a .tex file, "
                             "a PDF (lower fidelity), or - for standard input")
    parser.add_argument("--main", metavar="FILE",
                        help="the main .tex file inside an archive or folder (default: found "
                             "automatically)")
    parser.add_argument("--quiet", "-q", action="store_true",
                        help="do not print warnings about the input")


def load_analysis(args: argparse.Namespace, kb: KnowledgeBase | None = None,
                  pdf_refused: str | None = None) -> Analysis:
    """Read and analyse the paper named on the command line, reporting on stderr; `kb`
    when the caller already loaded the knowledge base. With `pdf_refused`, a PDF is a
    usage error with that message (checked before anything is read from it)."""
    from .analysis import analyze
    from .sources import is_pdf, load_paper, read_standard_input

    kb = kb if kb is not None else load_knowledge(args)
    stdin = read_standard_input(sys.stdin.buffer) if args.paper == "-" else None
    if _is_pdf_input(args.paper, stdin, is_pdf):
        if pdf_refused is not None:
            raise UsageError(f"{args.paper}: error: {pdf_refused}")
        from .pdf import analyze_pdf
        analysis = analyze_pdf(args.paper, stdin, kb, quiet=args.quiet)
    else:
        analysis = analyze(load_paper(args.paper, main=args.main, stdin=stdin), kb)
    if not args.quiet:
        paper = analysis.paper
        print(f"annotator: main file: {paper.main} ({paper.main_reason})", file=sys.stderr)
        report_diagnostics(analysis.diagnostics)
    return analysis


def _is_pdf_input(source: str, stdin: bytes | None, is_pdf: Callable[[bytes], bool]) -> bool:
    if stdin is not None:
        return is_pdf(stdin)
    path = Path(source)
    if not path.is_file():
        return False
    try:
        with path.open("rb") as stream:
            return is_pdf(stream.read(1024))
    except OSError:
        return False


def load_knowledge(args: argparse.Namespace) -> KnowledgeBase:
    from .knowledge import load
    return load(tuple(getattr(args, "kb", ()) or ()))


def report_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics[:MAX_WARNINGS_SHOWN]:
        print(f"annotator: {diagnostic}", file=sys.stderr)
    if len(diagnostics) > MAX_WARNINGS_SHOWN:
        print(f"annotator: ... and {len(diagnostics) - MAX_WARNINGS_SHOWN} more warnings "
              "(all of them are in the JSON output)", file=sys.stderr)


def _run_glossary(args: argparse.Namespace) -> int:
    from importlib import import_module

    from .glossary import build_glossary

    kb = load_knowledge(args)
    analysis = load_analysis(args, kb)
    glossary = build_glossary(analysis, kb, args.min_confidence, args.all_definitions)
    if args.format == "json":
        from .render.json import render as render_json
        output = render_json(analysis, glossary)
    else:
        renderer = import_module(f".render.{args.format}", __package__)
        output = renderer.render(glossary, args.lang, args.group_by)
    write_output(output, args.output)
    return Exit.OK


def _run_explain(args: argparse.Namespace) -> int:
    from .explain import explain
    from .render import explain as render

    if not args.latex.strip():
        raise UsageError("explain: the formula is empty")
    explanation = explain(args.latex, load_knowledge(args), tuple(args.topic))
    if args.format == "json":
        write_output(render.render_json(explanation), None)
    elif args.format == "markdown":
        write_output(render.render_markdown(explanation, args.lang), None)
    else:
        write_output(render.render_text(explanation, args.lang), None)
    return Exit.OK


def _run_kb(args: argparse.Namespace) -> int:
    from .render import kb as render

    kb = load_knowledge(args)
    if args.kb_command == "show":
        entry = kb.entry(args.id)
        if entry is None:
            close = [e.id for e in kb.search(args.id)][:5]
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise UsageError(f"kb show: no entry {args.id!r}{hint}")
        entries = [entry]
    elif args.kb_command == "search":
        entries = kb.search(args.word)
        if not entries:
            print(f"annotator: no entry mentions {args.word!r}", file=sys.stderr)
            return Exit.FINDINGS
    else:
        if args.family and args.family not in kb.families():
            raise UsageError(f"kb list: no family {args.family!r} (families: "
                             f"{', '.join(kb.families())})")
        entries = sorted((e for e in kb.entries.values()
                          if not args.family or e.family == args.family),
                         key=lambda e: (e.family, e.id))
    if args.format == "json":
        write_output(render.render_json(entries), None)
    elif args.kb_command == "show":
        write_output(render.render_entry(entries[0], args.lang), None)
    else:
        write_output(render.render_list(entries, args.lang), None)
    return Exit.OK
