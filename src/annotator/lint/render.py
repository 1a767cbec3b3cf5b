"""Findings as text (`file:line:col: CODE name message`) and as the JSON contract of
DESIGN section 5 (`{"schema_version": 1, "findings": [...]}`; fields are only added)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from .finding import Finding
from .registry import Rule

SCHEMA_VERSION = 1


def render_text(findings: Sequence[Finding]) -> str:
    """One line per finding, in reading order."""
    return "".join(f"{f.file}:{f.line}:{f.column}: {f.code} {f.name} {f.message}\n"
                   for f in findings)


def summary(findings: Sequence[Finding]) -> str:
    """'3 findings (1 error, 2 warnings)' or 'no findings'."""
    if not findings:
        return "no findings"
    counts = Counter(f.severity for f in findings)
    parts = [f"{counts[s]} {s.label}{'s' if counts[s] != 1 and s.label != 'info' else ''}"
             for s in sorted(counts, reverse=True)]
    total = len(findings)
    return f"{total} finding{'s' if total != 1 else ''} ({', '.join(parts)})"


def finding_object(finding: Finding) -> dict[str, Any]:
    """One finding of the JSON contract."""
    return {
        "code": finding.code,
        "name": finding.name,
        "message": finding.message,
        "severity": finding.severity.label,
        "file": finding.file,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "symbol": finding.symbol or None,
        "related": [{"file": r.location.file, "line": r.location.line,
                     "column": r.location.column, "note": r.note} for r in finding.related],
    }


def render_json(findings: Sequence[Finding]) -> str:
    """The JSON contract, one object."""
    data = {"schema_version": SCHEMA_VERSION,
            "findings": [finding_object(f) for f in findings]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


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

