"""The lint commands (`annotator lint`, `annotator rules`, `annotator rule NAME`).

Registered by cli.py through `add_commands`; the lint package owns everything else. It
reads the paper through `reading.py` and writes through `output.py`, as cli.py does, so
the two command modules never import each other. The rules, config and renderers are
imported only when a lint command runs: every other command builds this parser too.
Exit codes: 0 no finding at or above --fail-on, 1 some, 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UsageError
from ..output import Exit, write_output
from .finding import FAIL_LEVELS
from .paths import display_root, paper_folder

if TYPE_CHECKING:
    from ..model import Analysis
    from .config import Config
    from .finding import Finding
    from .runner import FileIgnore

DEFAULT_FAIL_ON = "info"
"""By default any finding fails the run: exit 0 means the draft is clean."""
FORMATS = ("text", "json", "sarif", "github", "gitlab")


def add_commands(commands: argparse._SubParsersAction,
                 add_knowledge_arguments: Callable[..., None]) -> None:
    """Add `lint`, `rules` and `rule` to the CLI's subparsers."""
    checker = commands.add_parser(
        "lint", help="check a draft's notation for consistency",
        description="Check a draft's notation: undefined and redefined symbols, mixed "
                    "spellings of one symbol, italic operator names, unused and "
                    "conflicting macros. Exit 0 when clean, 1 with findings at or above "
                    "--fail-on, 2 on bad input or usage.")
    checker.add_argument("paper", metavar="PAPER",
                         help="a draft folder, a .tex file, an arXiv-style archive, or - for "
                              "standard input")
    checker.add_argument("--main", metavar="FILE",
                         help="the main .tex file inside a folder or archive (default: found "
                              "automatically)")
    checker.add_argument("--quiet", "-q", action="store_true",
                         help="print neither warnings about the input nor the summary")
    checker.add_argument("--format", "-f", choices=FORMATS, default="text",
                         help="text: path:line:col: CODE name message (default); json: the "
                              "findings object; sarif: SARIF 2.1.0 for code scanning; "
                              "github: workflow commands that annotate a pull request; "
                              "gitlab: a code quality report")
    checker.add_argument("--show-source", action="store_true",
                         help="text: print each finding's source line with a caret under "
                              "the flagged text")
    checker.add_argument("--output", "-o", metavar="FILE",
                         help="write to FILE instead of standard output (a regular file is "
                              "replaced atomically)")
    checker.add_argument("--select", action="append", default=[], metavar="RULES",
                         help="only these rules: comma-separated codes, names, families (D, N, "
                              "T, M, S) or ALL; repeatable (default: the configuration's, "
                              "else ALL)")
    checker.add_argument("--ignore", action="append", default=[], metavar="RULES",
                         help="leave these rules out (codes, names or families); repeatable")
    checker.add_argument("--fail-on", choices=FAIL_LEVELS, default=None,
                         help="exit 1 when a finding has this severity or a higher one "
                              f"(default: {DEFAULT_FAIL_ON}, any finding; none: always 0)")
    checker.add_argument("--config", metavar="FILE",
                         help="read this annotator.toml or pyproject.toml instead of "
                              "searching next to the draft")
    checker.add_argument("--no-config", action="store_true",
                         help="read no configuration file")
    add_knowledge_arguments(checker, lang=False)  # findings are in English only
    checker.set_defaults(run=run_lint)

    listing = commands.add_parser("rules", help="list the lint rules",
                                  description="List every lint rule: code, name, severity "
                                              "and summary.")
    listing.add_argument("--format", "-f", choices=("text", "json"), default="text",
                         help="text for the terminal (default) or json")
    listing.set_defaults(run=run_rules)

    single = commands.add_parser("rule", help="explain one lint rule",
                                 description="Show a lint rule's documentation.")
    single.add_argument("rule", metavar="NAME", help="a rule's name or code")
    single.add_argument("--format", "-f", choices=("text", "json"), default="text",
                        help="text for the terminal (default) or json")
    single.set_defaults(run=run_rule)


def run_lint(args: argparse.Namespace) -> int:
    """`annotator lint PAPER`."""
    from ..reading import load_analysis
    from .render import summary
    from .runner import lint

    config = _config(args)
    if args.main is None:
        args.main = config.main
    args.kb = [*config.kb, *args.kb]
    selected = _selected(args, config)
    fail_on = args.fail_on or config.fail_on or DEFAULT_FAIL_ON
    analysis = load_analysis(args, pdf_refused="lint reads LaTeX sources, not a PDF")
    findings = lint(analysis, selected, _file_ignores(args.paper, config, analysis))
    write_output(_render(args, analysis, findings, selected), args.output)
    if not args.quiet:
        print(f"annotator: {summary(findings)}", file=sys.stderr)
    return Exit.FINDINGS if _fails(findings, fail_on) else Exit.OK


def _file_ignores(paper: str, config: Config, analysis: Analysis) -> list[FileIgnore]:
    """`per-file-ignores` as rules off for files of the paper. Globs are relative to the
    configuration file's folder (`paper/appendix/*.tex` from the repository root); for an
    archive or standard input, whose files are not on disk, relative to the paper's own
    root. A glob that matches no file of the paper is an error: it would silently do
    nothing."""
    from glob import escape
    from os.path import relpath

    from .registry import resolve
    from .runner import FileIgnore

    if not config.per_file_ignores or config.path is None:
        return []
    folder = paper_folder(paper)
    base = config.path.resolve().parent
    names = {}
    for file in analysis.paper.files:
        names[file] = file if folder is None else \
            Path(relpath((folder / file).resolve(), base)).as_posix()
    ignores = []
    for pattern, rules in config.per_file_ignores.items():
        codes = frozenset(resolve(rules, f"{config.path}: error: per-file-ignores"))
        matched = [file for file, name in names.items() if _glob_matches(name, pattern)]
        if not matched:
            where = "the paper's root" if folder is None else f"{config.path.parent}"
            raise UsageError(f"{config.path}: error: per-file-ignores: {pattern!r} matches "
                             f"no file of the paper (globs are relative to {where})")
        ignores += [FileIgnore(escape(file), codes) for file in matched]
    return ignores


def _glob_matches(name: str, pattern: str) -> bool:
    """fnmatch on the relative path; a leading './' in the pattern is allowed."""
    from fnmatch import fnmatchcase

    return fnmatchcase(name, pattern.removeprefix("./"))


def _config(args: argparse.Namespace) -> Config:
    from .config import Config, find_config, load_config

    if args.no_config:
        return Config()
    if args.config:
        path = Path(args.config)
        if not path.is_file():
            raise UsageError(f"{args.config}: error: configuration file not found")
        return load_config(path)
    found = find_config(args.paper)
    return load_config(found) if found is not None else Config()


def _selected(args: argparse.Namespace, config: Config) -> set[str]:
    from .registry import resolve

    source = f"{config.path}: error: " if config.path else ""
    chosen = _split(args.select) or list(config.select or ()) or ["ALL"]
    option = "--select" if args.select else f"{source}select"
    selected = resolve(chosen, option)
    selected -= resolve(list(config.ignore), f"{source}ignore")
    selected -= resolve(_split(args.ignore), "--ignore")
    return selected


def _split(values: list[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _fails(findings: list[Finding], fail_on: str) -> bool:
    from .finding import Severity

    if fail_on == "none":
        return False
    threshold = Severity.parse(fail_on)
    return any(finding.severity >= threshold for finding in findings)


def _render(args: argparse.Namespace, analysis: Analysis, findings: list[Finding],
            selected: set[str]) -> str:
    from ..terminal import output_width, use_colour
    from .registry import ALL_RULES
    from .render import render_github, render_gitlab, render_json, render_text

    root = display_root(args.paper)
    if args.format == "json":
        return render_json(findings, root)
    if args.format == "sarif":
        from .sarif import render_sarif
        rules = [rule for rule in ALL_RULES if rule.code in selected]
        return render_sarif(findings, rules, root, Path.cwd())
    if args.format == "github":
        return render_github(findings, root)
    if args.format == "gitlab":
        return render_gitlab(findings, root)
    stream = sys.stdout if args.output in (None, "-") else None
    sources = {path: source.text for path, source in analysis.paper.files.items()} \
        if args.show_source else None
    return render_text(findings, root, sources, colour=use_colour(stream),
                       width=output_width(stream))


def sarif_root(paper: str) -> str:
    """The paper's folder as SARIF paths need it (see paths.display_root)."""
    return display_root(paper)


def run_rules(args: argparse.Namespace) -> int:
    """`annotator rules`."""
    from .registry import ALL_RULES
    from .render import render_rules, rule_object

    if args.format == "json":
        import json
        text = json.dumps([rule_object(r) for r in ALL_RULES], ensure_ascii=False, indent=2)
        write_output(text + "\n", None)
    else:
        write_output(render_rules(ALL_RULES), None)
    return Exit.OK


def run_rule(args: argparse.Namespace) -> int:
    """`annotator rule NAME`."""
    from .registry import ALL_RULES, find_rule
    from .render import render_rule, rule_object

    rule = find_rule(args.rule)
    if rule is None:
        import difflib

        names = [r.name for r in ALL_RULES]
        close = difflib.get_close_matches(args.rule.lower(), names, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else " (see `annotator rules`)"
        raise UsageError(f"rule: no rule {args.rule!r}{hint}")
    if args.format == "json":
        import json
        write_output(json.dumps(rule_object(rule), ensure_ascii=False, indent=2) + "\n", None)
    else:
        write_output(render_rule(rule), None)
    return Exit.OK
