"""The command line: `annotator glossary|explain|kb|lint|rules|rule|annotate`.

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

from . import __version__
from .errors import InputError, UsageError
from .output import Exit, OutputError, write_output
from .reading import confidence_argument, load_analysis, load_knowledge
from .terminal import clean, one_line, output_width, use_colour

SHELLS = ("bash", "zsh", "tcsh")
COMMAND_HELP = {
    "glossary": "the notation glossary of a paper",
    "guide": "the math you need for a paper",
    "explain": "explain a formula or symbol",
    "kb": "browse the notation knowledge base",
    "lint": "check a draft's notation for consistency",
    "rules": "list the lint rules",
    "rule": "explain one lint rule",
    "annotate": "the paper's PDF with its notation explained on every page",
    "batch": "glossaries of many papers, an index and a notation census",
    "completion": "print a shell completion script",
}
"""Every sub-command and its one-line help, in the order `annotator --help` lists them.
Only the command being run has its parser built (and its module imported); the others
are these lines (tests/test_batch_startup.py checks they match the real parsers)."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    one_shot = argv is None  # the process's own command line, not a caller's call
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = _parser(_chosen(argv))
    if one_shot:
        from .process import tune_gc

        tune_gc()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return Exit.ERROR
    try:
        return int(args.run(args))
    except InputError as exc:  # one line, whatever file name it quotes
        print(one_line(f"annotator: {exc}"), file=sys.stderr)
        return Exit.ERROR
    except (UsageError, OutputError) as exc:  # may list several problems, one per line
        print(clean(f"annotator: {exc}"), file=sys.stderr)
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
        print(clean(f"annotator: internal error while reading {source}: "
                    f"{type(exc).__name__}: {exc} (run with --debug for details, and "
                    "please report it)"), file=sys.stderr)
        return Exit.ERROR


def _chosen(argv: Sequence[str]) -> str | None:
    """The sub-command `argv` runs (its first word that is not an option), or None when
    every parser must be built (no command yet, or one that is not known: argparse's
    message then lists them all)."""
    for word in argv:
        if word == "--":
            return None
        if not word.startswith("-"):
            return word if word in COMMAND_HELP else None
    return ""


def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser: every sub-command's when `only` is None, else `only`'s in
    full and the others as their help line ("" builds none in full: --version, --help)."""
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Reads a paper's math (arXiv source tarball, folder, .tex or PDF) and "
                    "explains its notation.")
    parser.add_argument("--version", action="version", version=f"annotator {__version__}",
                        help="print the version and exit")
    parser.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    built: set[str] = set()
    for name, add in _BUILDERS:
        if only is None or only in name:
            add(commands)
            built.update(name)
        for command in name:
            if command not in built:  # a placeholder: listed in --help, never run
                commands.add_parser(command, help=COMMAND_HELP[command], add_help=False)
    return parser


def _add_glossary(commands: argparse._SubParsersAction) -> None:
    glossary = commands.add_parser(
        "glossary", help=COMMAND_HELP["glossary"],
        description="The notation glossary of a paper: every symbol, how it is written, "
                    "where it is first used, and what it means.")
    _add_paper_arguments(glossary)
    glossary.add_argument("--format", "-f", default="text",
                          choices=("text", "markdown", "html", "json", "latex"),
                          help="text for the terminal (default), markdown (renders on "
                               "GitHub), html (one self-contained page), json (for scripts), "
                               "latex (a notation table to \\input)")
    glossary.add_argument("--latex-style", choices=("table", "nomencl", "glossaries"),
                          default="table",
                          help="with --format latex: a longtable to \\input where it goes "
                               "(default), nomencl entries (document body), or glossaries "
                               "entries (preamble)")
    glossary.add_argument("--group-by", choices=("role", "area"),
                          help="group entries by role or math area (default: order of first "
                               "use, the paper's symbols before standard notation)")
    _add_output_argument(glossary)
    glossary.add_argument("--min-confidence", type=confidence_argument, metavar="P",
                          help="show a paper's definition only when its confidence is at "
                               "least P (0-1; default: the threshold chosen on "
                               "cross-validation, see README)")
    glossary.add_argument("--all-definitions", action="store_true",
                          help="also list every candidate definition with its confidence")
    _add_knowledge_arguments(glossary)
    glossary.set_defaults(run=_run_glossary)


def _add_guide(commands: argparse._SubParsersAction) -> None:
    guide = commands.add_parser(
        "guide", help=COMMAND_HELP["guide"],
        description="Math you need for this paper: the math areas in order of priority "
                    "(linear algebra, probability and statistics, calculus, optimisation, "
                    "information theory, numerical computing, discrete math), the concepts "
                    "the paper uses with their symbols and places, and what to learn each "
                    "area from. The glossary ends with the same guide.")
    _add_paper_arguments(guide)
    guide.add_argument("--format", "-f", default="text",
                       choices=("text", "markdown", "html", "json", "latex"),
                       help="text for the terminal (default), markdown, html (one page), "
                            "json (the glossary JSON's `guide` field) or latex (a section "
                            "to \\input)")
    _add_output_argument(guide)
    _add_knowledge_arguments(guide)
    guide.set_defaults(run=_run_guide)


def _add_explain(commands: argparse._SubParsersAction) -> None:
    from .topic_ids import TopicIds

    explain = commands.add_parser(
        "explain", help=COMMAND_HELP["explain"],
        description="Explain a formula or symbol: each symbol's reading and meaning, and the "
                    "formula's structure in words where a template recognises it.")
    explain.add_argument("latex", metavar="LATEX", help="the formula, e.g. '\\nabla_\\theta "
                                                       "\\mathcal{L}' (quote it for the shell)")
    explain.add_argument("--format", "-f", choices=("text", "markdown", "json"), default="text",
                         help="text for the terminal (default), markdown, or json with both "
                              "languages")
    # the topic ids are read on first use (topics.toml alone, not the knowledge base):
    # only when --topic is given or help shown
    explain.add_argument("--topic", action="append", default=[], choices=TopicIds(),
                         metavar="TOPIC",
                         help="what the formula is about, for symbols whose meaning depends "
                              "on it (\\gamma: discount in rl, scale in normalization); "
                              "repeatable; one of: %(choices)s")
    paper = explain.add_argument("--paper", metavar="PAPER",
                                 help="read the formula in this paper (folder, .tex, arXiv "
                                      "archive or PDF): its macros are expanded and its own "
                                      "definitions of the symbols shown")
    _complete_files(paper, "tex")
    _add_knowledge_arguments(explain)
    explain.set_defaults(run=_run_explain)


def _add_kb(commands: argparse._SubParsersAction) -> None:
    kb = commands.add_parser("kb", help=COMMAND_HELP["kb"],
                             description="Browse the notation knowledge base.")
    kb_commands = kb.add_subparsers(dest="kb_command", metavar="KB_COMMAND", required=True)
    listing = kb_commands.add_parser("list", help="list entries",
                                     description="List the knowledge base's entries.")
    listing.add_argument("--family", help="only this family (greek, probability, ...)")
    show = kb_commands.add_parser("show", help="show one entry",
                                  description="Show one knowledge base entry.")
    show.add_argument("id", metavar="ID", help="the entry's id, e.g. kl-divergence")
    search = kb_commands.add_parser("search", help="search entries in English or Chinese",
                                    description="Search the entries' names, readings and "
                                                "meanings, in English or Chinese.")
    search.add_argument("word", metavar="WORD", help="a word to look for, e.g. gradient or 梯度")
    for sub in (listing, show, search):
        sub.add_argument("--format", "-f", choices=("text", "json"), default="text",
                         help="text for the terminal (default) or json")
        _add_knowledge_arguments(sub)
        sub.set_defaults(run=_run_kb)


def _add_lint(commands: argparse._SubParsersAction) -> None:
    from .lint.command import add_commands

    add_commands(commands, _add_knowledge_arguments)


def _add_annotate(commands: argparse._SubParsersAction) -> None:
    from .annotate.command import add_command

    add_command(commands, _add_knowledge_arguments)


def _add_batch(commands: argparse._SubParsersAction) -> None:
    from .batch.command import add_command

    add_command(commands, _add_knowledge_arguments, confidence_argument, _complete_files)


def _add_completion(commands: argparse._SubParsersAction) -> None:
    completion = commands.add_parser(
        "completion", help=COMMAND_HELP["completion"],
        description="Print a completion script for annotator's commands and options. "
                    "bash: annotator completion bash > ~/.local/share/bash-completion/"
                    "completions/annotator; zsh: annotator completion zsh > "
                    "\"${fpath[1]}/_annotator\"; tcsh: eval `annotator completion tcsh`.")
    completion.add_argument("shell", choices=SHELLS, help="the shell to complete in")
    completion.set_defaults(run=_run_completion)


_BUILDERS: tuple[tuple[tuple[str, ...], Callable[[argparse._SubParsersAction], None]], ...] = (
    (("glossary",), _add_glossary), (("guide",), _add_guide), (("explain",), _add_explain),
    (("kb",), _add_kb),
    (("lint", "rules", "rule"), _add_lint), (("annotate",), _add_annotate),
    (("batch",), _add_batch), (("completion",), _add_completion))
"""Who builds each sub-command's parser (lint's module adds three)."""


def _add_knowledge_arguments(parser: argparse.ArgumentParser, lang: bool = True) -> None:
    option = parser.add_argument("--kb", action="append", default=[], metavar="FILE.toml",
                                 help="add or override knowledge entries from FILE.toml "
                                      "(repeatable; same format as the shipped "
                                      "knowledge/*.toml)")
    _complete_files(option, "toml")
    if lang:
        parser.add_argument("--lang", choices=("en", "zh"), default=_default_language(),
                            help="output language (default: zh when LANG is Chinese, "
                                 "else en)")
    parser.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)


def _default_language() -> str:
    return "zh" if os.environ.get("LANG", "").lower().startswith("zh") else "en"


def _add_paper_arguments(parser: argparse.ArgumentParser) -> None:
    paper = parser.add_argument(
        "paper", metavar="PAPER",
        help="arXiv source (.tar.gz, .tar, .gz, .zip), a folder, a .tex file, a PDF (lower "
             "fidelity; needs the pdf extra), or - for standard input")
    _complete_files(paper, None)
    main = parser.add_argument("--main", metavar="FILE",
                               help="the main .tex file inside an archive or folder "
                                    "(default: found automatically)")
    _complete_files(main, "tex")
    parser.add_argument("--quiet", "-q", action="store_true",
                        help="do not print warnings about the input")


def _add_output_argument(parser: argparse.ArgumentParser) -> None:
    output = parser.add_argument("--output", "-o", metavar="FILE",
                                 help="write to FILE instead of standard output (a regular "
                                      "file is replaced atomically)")
    _complete_files(output, None)


def _complete_files(action: argparse.Action, extension: str | None) -> None:
    """Tell the completion scripts (shtab) that this option takes a file name."""
    if extension is None:
        action.complete = {"bash": "_shtab_compgen_files", "zsh": "_files",  # type: ignore[attr-defined]
                           "tcsh": "f"}
    else:
        action.complete = {"bash": "_shtab_compgen_files",  # type: ignore[attr-defined]
                           "zsh": f"_files -g '*.{extension}'", "tcsh": "f"}


def _run_completion(args: argparse.Namespace) -> int:
    import shtab

    write_output(shtab.complete(_parser(), shell=args.shell), None)
    return Exit.OK


def _run_glossary(args: argparse.Namespace) -> int:
    from . import api

    kb = load_knowledge(args)
    analysis = load_analysis(args, kb)
    glossary = api.build_glossary(analysis, kb, min_confidence=args.min_confidence,
                                  all_definitions=args.all_definitions)
    stream = sys.stdout if args.output in (None, "-") else None
    text = args.format == "text"
    output = api.render_glossary(analysis, glossary, args.format,
                                 lang=args.lang, group_by=args.group_by,
                                 width=output_width(stream),
                                 colour=text and use_colour(stream),
                                 latex_style=args.latex_style)
    write_output(output, args.output)
    return Exit.OK


def _run_guide(args: argparse.Namespace) -> int:
    from . import api
    from .render.guide import render as render_guide

    kb = load_knowledge(args)
    analysis = load_analysis(args, kb)
    glossary = api.build_glossary(analysis, kb)
    stream = sys.stdout if args.output in (None, "-") else None
    write_output(render_guide(glossary, args.format, args.lang, output_width(stream)),
                 args.output)
    return Exit.OK


def _run_explain(args: argparse.Namespace) -> int:
    from .explain import explain, formula_problem
    from .render import explain as render

    if not args.latex.strip():
        raise UsageError("explain: the formula is empty")
    problem = formula_problem(args.latex)
    if problem is not None:
        raise UsageError(f"explain: error: the formula '{args.latex}' cannot be read: "
                         f"{problem}")
    kb = load_knowledge(args)
    latex, topics, definitions = args.latex, tuple(args.topic), None
    if args.paper:
        from .explain import paper_context

        context = paper_context(args.paper, args.latex, kb)
        latex, definitions = context.latex, context.definitions
        topics = topics or context.topics
    explanation = explain(latex, kb, topics, definitions)
    if args.format == "json":
        write_output(render.render_json(explanation), None)
    elif args.format == "markdown":
        write_output(clean(render.render_markdown(explanation, args.lang)), None)
    else:
        write_output(clean(render.render_text(explanation, args.lang)), None)
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
            print(clean(f"annotator: no entry mentions {args.word!r}"), file=sys.stderr)
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
        write_output(clean(render.render_entry(entries[0], args.lang)), None)
    else:
        write_output(clean(render.render_list(entries, args.lang)), None)
    return Exit.OK
