"""Suppression comments: `% annotator: ignore[...]` and friends.

The lexer drops comments, so they are read here from the decoded files themselves:

    x = \\varepsilon  % annotator: ignore[mixed-variant]      this line
    % annotator: disable=unused-macro                          from here ...
    % annotator: enable=unused-macro                           ... to here
    % annotator: ignore-file[undefined-symbol]                 this whole file

A list holds rule names or codes (`mixed-variant`, `N002`), separated by commas; no list
means every rule. `[...]` and `=...` are both accepted after every action. A `disable`
without its `enable` lasts to the end of the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..model import Location

ACTIONS = ("ignore", "ignore-file", "disable", "enable")
EVERY_RULE = "*"
_MARK = "annotator:"
_DIRECTIVE = re.compile(
    r"%+[ \t]*annotator:[ \t]*(?P<action>[A-Za-z-]*)[ \t]*"
    r"(?:\[(?P<bracket>[^\]\n]*)\]|=[ \t]*(?P<equals>[\w-]+(?:[ \t]*,[ \t]*[\w-]+)*))?")
_END_OF_FILE = 1 << 30


@dataclass(frozen=True, slots=True)
class Directive:
    """One `% annotator: ...` comment."""

    index: int
    """Its position among the paper's directives (file order, then line)."""
    action: str
    """'ignore', 'ignore-file', 'disable', 'enable', or what was written when unknown."""
    rules: tuple[str, ...]
    """The rule names or codes as written, lowercased; empty: every rule."""
    location: Location
    """Where the comment's '%' is."""
    end: int
    """Offset just past the directive text."""

    @property
    def known(self) -> bool:
        return self.action in ACTIONS


@dataclass(frozen=True, slots=True)
class Suppression:
    """What one directive silences for one of its rules: a rule on a range of lines."""

    directive: int
    """Index of the directive that says so."""
    rule: str
    """A rule name or code as written (lowercased), or EVERY_RULE."""
    file: str
    """The file it applies to."""
    first_line: int
    """First line silenced."""
    last_line: int
    """Last line silenced (inclusive)."""

    def covers(self, file: str, line: int, code: str, name: str) -> bool:
        """True when a finding of rule (code, name) at file:line is silenced by this."""
        return file == self.file and self.first_line <= line <= self.last_line and \
            self.rule in (EVERY_RULE, code.lower(), name)


@dataclass(frozen=True, slots=True)
class Unmatched:
    """An `enable` that closes nothing, reported by the unused-suppression rule."""

    directive: int
    """Index of the enable directive."""
    rule: str
    """The rule it names, or EVERY_RULE."""


def comment_start(line: str) -> int:
    """Index of the '%' that starts a comment on a line, or -1 (`\\%` is a percent sign)."""
    index = 0
    while index < len(line):
        char = line[index]
        if char == "\\":
            index += 2
            continue
        if char == "%":
            return index
        index += 1
    return -1


def read_directives(files: Iterable[tuple[str, str]],
                    locate: Callable[[str, int], Location]) -> tuple[Directive, ...]:
    """Every directive in the given (path, text) files, in order."""
    found: list[Directive] = []
    for path, text in files:
        if _MARK not in text:
            continue
        for offset, line in _lines(text):
            start = comment_start(line)
            if start < 0 or _MARK not in line[start:]:
                continue
            match = _DIRECTIVE.match(line, start)
            if match is None:
                continue
            found.append(Directive(
                index=len(found), action=match["action"].lower(),
                rules=_names(match["bracket"] if match["bracket"] is not None
                             else match["equals"]),
                location=locate(path, offset + start), end=offset + match.end()))
    return tuple(found)


def _lines(text: str) -> Iterator[tuple[int, str]]:
    offset = 0
    for line in text.splitlines(keepends=True):
        yield offset, line.rstrip("\r\n")
        offset += len(line)


def _names(listed: str | None) -> tuple[str, ...]:
    if not listed:
        return ()
    return tuple(dict.fromkeys(n.strip().lower() for n in listed.split(",") if n.strip()))


def scopes(directives: tuple[Directive, ...]) -> tuple[list[Suppression], list[Unmatched]]:
    """The line ranges the directives silence, and the `enable`s that close nothing."""
    suppressions: list[Suppression] = []
    unmatched: list[Unmatched] = []
    open_ranges: dict[tuple[str, str], Directive] = {}  # (file, rule) -> its disable
    for directive in directives:
        file, line = directive.location.file, directive.location.line
        rules = directive.rules or (EVERY_RULE,)
        if directive.action == "ignore":
            suppressions += [Suppression(directive.index, r, file, line, line) for r in rules]
        elif directive.action == "ignore-file":
            suppressions += [Suppression(directive.index, r, file, 1, _END_OF_FILE)
                             for r in rules]
        elif directive.action == "disable":
            for rule in rules:
                open_ranges.setdefault((file, rule), directive)
        elif directive.action == "enable":
            closing = [(f, r) for f, r in open_ranges if f == file and
                       (not directive.rules or r in directive.rules)]
            for key in closing:
                opened = open_ranges.pop(key)
                suppressions.append(Suppression(opened.index, key[1], file,
                                                opened.location.line, line))
            unmatched += [Unmatched(directive.index, r) for r in rules
                          if directive.rules and (file, r) not in closing]
            if not directive.rules and not closing:
                unmatched.append(Unmatched(directive.index, EVERY_RULE))
    for (file, rule), opened in open_ranges.items():
        suppressions.append(Suppression(opened.index, rule, file, opened.location.line,
                                        _END_OF_FILE))
    return suppressions, unmatched
