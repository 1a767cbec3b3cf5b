"""Findings for people and tools: text (`path:line:col: CODE name message`, optionally
with the source line and a caret, coloured on a terminal), GitHub workflow commands,
GitLab code quality, and the JSON contract of DESIGN section 5 (`{"schema_version": 1,
"findings": [...]}`; fields are only added).

Paths are relative to the working directory (`root` is the paper's folder from there,
see paths.py), so a terminal, an editor or a CI log can open them. Every text from the
paper (messages quote it) goes through `terminal.clean`.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from ..terminal import DEFAULT_WIDTH, clean, display_width, inert_json, one_line, paint
from .finding import Finding, Severity
from .paths import fingerprints, shown_path
from .registry import Rule

SCHEMA_VERSION = 1
SEVERITY_STYLES = {Severity.ERROR: "bold-red", Severity.WARNING: "bold-yellow",
                   Severity.INFO: "bold-blue"}
GITHUB_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning",
                   Severity.INFO: "notice"}
GITLAB_SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor",
                     Severity.INFO: "info"}
"""GitLab code quality severities: info, minor, major, critical, blocker."""


def render_text(findings: Sequence[Finding], root: str = "",
                sources: Mapping[str, str] | None = None, colour: bool = False,
                width: int = DEFAULT_WIDTH) -> str:
    """One line per finding, in reading order; with `sources` (file -> text), the
    flagged line under it with a caret under the flagged text."""
    lines = []
    for finding in findings:
        place = f"{shown_path(finding.file, root)}:{finding.line}:{finding.column}:"
        rule = f"{finding.code} {finding.name}"
        message = one_line(finding.message)
        if colour:
            place = paint(one_line(place), "bold")
            rule = paint(rule, SEVERITY_STYLES[finding.severity])
            lines.append(f"{place} {rule} {message}")
        else:
            lines.append(one_line(f"{place} {rule} {message}"))
        if sources is not None and finding.file in sources:
            lines.extend(source_excerpt(finding, sources[finding.file], colour, width))
    return "".join(line + "\n" for line in lines)


def source_excerpt(finding: Finding, text: str, colour: bool = False,
                   width: int = DEFAULT_WIDTH) -> list[str]:
    """The finding's line, numbered, and a caret line under the flagged text (to the end
    of the line when the finding spans lines). A line too long for `width` is cut to a
    window around the caret."""
    source_lines = text.splitlines()
    if not 1 <= finding.line <= len(source_lines):
        return []
    line = _visible(source_lines[finding.line - 1])
    start = max(0, min(finding.column - 1, len(line)))
    end = finding.end_column - 1 if finding.end_line == finding.line else len(line)
    end = max(start + 1, min(end, len(line)))
    number = str(finding.line)
    gutter = " " * len(number)
    room = max(20, width - len(number) - 4)
    line, start, end = _window(line, start, end, room)
    indent = " " * display_width(line[:start])
    caret = "^" * max(1, display_width(line[start:end]))
    if colour:
        caret = paint(caret, SEVERITY_STYLES[finding.severity])
        return [f"{paint(number, 'dim')} | {line}", f"{gutter} | {indent}{caret}"]
    caret = indent + caret
    return [f"{number} | {line}", f"{gutter} | {caret}"]


def _visible(line: str) -> str:
    """A source line safe to print, one character per column index: a tab is one space
    (as columns count it), a control character a '?'."""
    return "".join(" " if char == "\t" else (char if char.isprintable() else "?")
                   for char in line)


def _window(line: str, start: int, end: int, room: int) -> tuple[str, int, int]:
    """A slice of `line` of about `room` columns around [start, end), with … where cut."""
    if display_width(line) <= room:
        return line, start, end
    left = max(0, start - room // 3)
    right = min(len(line), max(end, left + room - 2))
    while right > left and display_width(line[left:right]) > room - 2:
        right -= 1
    cut = line[left:right]
    prefix = "…" if left > 0 else ""
    suffix = "…" if right < len(line) else ""
    shift = len(prefix) - left
    return prefix + cut + suffix, start + shift, min(end, right) + shift


def render_github(findings: Sequence[Finding], root: str = "") -> str:
    """GitHub Actions workflow commands (`::warning file=...,line=...::message`): each
    finding annotates its line in the pull request, without code scanning."""
    lines = []
    for finding in findings:
        properties = {"file": shown_path(finding.file, root), "line": finding.line,
                      "col": finding.column, "endLine": finding.end_line,
                      "endColumn": finding.end_column,
                      "title": f"{finding.code} {finding.name}"}
        shown = ",".join(f"{key}={_github_property(str(value))}"
                         for key, value in properties.items())
        lines.append(f"::{GITHUB_COMMANDS[finding.severity]} {shown}::"
                     f"{_github_data(clean(finding.message))}")
    return "".join(line + "\n" for line in lines)


def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(clean(text)).replace(":", "%3A").replace(",", "%2C")


def render_gitlab(findings: Sequence[Finding], root: str = "") -> str:
    """GitLab code quality report (the `codequality` artifact): a JSON array with one
    issue per finding, each with a fingerprint unique in the report."""
    issues = [{
        "description": f"{finding.code} {finding.name}: {finding.message}",
        "check_name": finding.name,
        "fingerprint": fingerprint,
        "severity": GITLAB_SEVERITIES[finding.severity],
        "location": {"path": shown_path(finding.file, root),
                     "positions": {"begin": {"line": finding.line, "column": finding.column},
                                   "end": {"line": finding.end_line,
                                           "column": finding.end_column}}},
    } for finding, fingerprint in zip(findings, fingerprints(findings), strict=True)]
    return json_text(issues)


def json_text(data: Any) -> str:
    """JSON as every lint output writes it; C1 controls and bidirectional overrides,
    which json.dumps leaves raw, are written as \\u escapes (the same string, but inert
    on a terminal)."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return inert_json(text) + "\n"


def summary(findings: Sequence[Finding]) -> str:
    """'3 findings (1 error, 2 warnings)' or 'no findings'."""
    if not findings:
        return "no findings"
    counts = Counter(f.severity for f in findings)
    parts = [f"{counts[s]} {s.label}{'s' if counts[s] != 1 and s.label != 'info' else ''}"
             for s in sorted(counts, reverse=True)]
    total = len(findings)
    return f"{total} finding{'s' if total != 1 else ''} ({', '.join(parts)})"


def finding_object(finding: Finding, root: str = "") -> dict[str, Any]:
    """One finding of the JSON contract (`file` relative to the paper's root, `path` to
    the working directory)."""
    return {
        "code": finding.code,
        "name": finding.name,
        "message": finding.message,
        "severity": finding.severity.label,
        "file": finding.file,
        "path": shown_path(finding.file, root),
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "symbol": finding.symbol or None,
        "related": [{"file": r.location.file, "line": r.location.line,
                     "column": r.location.column, "note": r.note} for r in finding.related],
    }


def render_json(findings: Sequence[Finding], root: str = "") -> str:
    """The JSON contract, one object."""
    data = {"schema_version": SCHEMA_VERSION,
            "findings": [finding_object(f, root) for f in findings]}
    return json_text(data)


def render_rules(rules: Sequence[Rule]) -> str:
    """`annotator rules`: a table of every rule."""
    width = max(len(rule.name) for rule in rules)
    lines = [f"{'CODE':<5} {'NAME':<{width}} {'SEVERITY':<8} SUMMARY"]
    lines += [f"{r.code:<5} {r.name:<{width}} {r.severity.label:<8} {r.summary}" for r in rules]
    return "\n".join(lines) + "\n"


def rule_object(rule: Rule) -> dict[str, Any]:
    return {"code": rule.code, "name": rule.name, "summary": rule.summary,
            "severity": rule.severity.label, "family": rule.family,
            "documentation": rule.doc}


def render_rule(rule: Rule) -> str:
    """`annotator rule NAME`: the rule's documentation."""
    header = f"{rule.code} {rule.name} ({rule.severity.label}): {rule.summary}"
    return f"{header}\n\n{rule.doc}\n"

