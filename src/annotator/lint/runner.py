"""Runs the selected rules on an analysis and returns the findings the user should see.

Order of work: the ordinary rules run; their findings in style files and in files the
configuration exempts are dropped; the suppression comments silence theirs (and
remember which comments did); then the rules that judge the suppressions themselves
(unused-suppression) run, and their findings are silenced the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from fnmatch import fnmatchcase

from ..model import Analysis
from .context import Context, is_package_file
from .finding import Finding, Problem
from .noqa import Suppression, read_directives, scopes
from .registry import ALL_RULES, Rule, codes


@dataclass(frozen=True)
class FileIgnore:
    """Rules switched off for files matching a glob (`per-file-ignores`)."""

    pattern: str
    """A glob on the path relative to the paper's root: 'appendix/*.tex'."""
    codes: frozenset[str]
    """The codes it switches off."""


def lint(analysis: Analysis, selected: Iterable[str],
         file_ignores: Sequence[FileIgnore] = ()) -> list[Finding]:
    """The findings of the rules whose codes are `selected`, in reading order."""
    chosen = set(selected)
    rules = [rule for rule in ALL_RULES if rule.code in chosen]
    own_files = [(path, analysis.paper.files[path].text) for path in analysis.file_order
                 if path in analysis.paper.files and not is_package_file(path)]
    context = Context(analysis, codes=codes(), active=frozenset(chosen))
    directives = read_directives(own_files, context.location)
    suppressions, unmatched = scopes(directives)
    context = replace(context, directives=directives, suppressions=tuple(suppressions),
                      unmatched=tuple(unmatched))
    found = _drop_echoes(_run(context, [r for r in rules if not r.after_suppressions],
                              file_ignores))
    kept, used = _silence(found, suppressions)
    context = replace(context, used=frozenset(used))
    late = _run(context, [r for r in rules if r.after_suppressions], file_ignores)
    kept += _silence(late, suppressions)[0]
    order = {path: index for index, path in enumerate(analysis.file_order)}
    return sorted(kept, key=lambda f: (order.get(f.file, len(order)), f.file, f.line,
                                       f.column, f.code, f.message))


def _run(context: Context, rules: list[Rule], file_ignores: Sequence[FileIgnore]
         ) -> list[Finding]:
    findings: dict[tuple[str, str, int, str], Finding] = {}
    for rule in rules:
        for problem in rule.check(context):
            finding = _finding(context, rule, problem)
            if is_package_file(finding.file) or _ignored(finding, file_ignores):
                continue
            findings.setdefault((rule.code, finding.file, finding.location.offset,
                                 finding.message), finding)
    return list(findings.values())


ECHOED_BY = {"T002": frozenset({"D001", "D002"})}
"""Findings that only repeat another's cause: in `$p_data$` the unbraced script (T002)
also makes `p_d` and `ata` look like undefined symbols (D001); the T002 finding says what
to fix, the others would be noise that disappears with the fix."""


def _drop_echoes(findings: list[Finding]) -> list[Finding]:
    """The findings without those that overlap, on the same line, a finding that causes
    them (ECHOED_BY)."""
    causes = [f for f in findings if f.code in ECHOED_BY]
    return [f for f in findings
            if not any(f.code in ECHOED_BY[cause.code] and _overlap(f, cause)
                       for cause in causes)]


def _overlap(first: Finding, second: Finding) -> bool:
    """Whether two findings on one line cover a common column."""
    return (first.file == second.file and first.line == second.line
            and first.end_line == first.line and second.end_line == second.line
            and first.column < second.end_column and second.column < first.end_column)


def _finding(context: Context, rule: Rule, problem: Problem) -> Finding:
    start = problem.location
    end_offset = problem.end if problem.end is not None and problem.end > start.offset \
        else start.offset + 1
    end = context.location(start.file, end_offset)
    return Finding(code=rule.code, name=rule.name, severity=rule.severity,
                   message=problem.message, location=start, end_line=end.line,
                   end_column=end.column, symbol=problem.symbol, related=problem.related)


def _ignored(finding: Finding, file_ignores: Sequence[FileIgnore]) -> bool:
    return any(finding.code in ignore.codes and fnmatchcase(finding.file, ignore.pattern)
               for ignore in file_ignores)


def _silence(findings: list[Finding], suppressions: list[Suppression]
             ) -> tuple[list[Finding], set[tuple[int, str]]]:
    """The findings no suppression covers, and the suppressions that covered one."""
    kept: list[Finding] = []
    used: set[tuple[int, str]] = set()
    for finding in findings:
        covering = [s for s in suppressions
                    if s.covers(finding.file, finding.line, finding.code, finding.name)]
        used.update((s.directive, s.rule) for s in covering)
        if not covering:
            kept.append(finding)
    return kept, used
