"""Findings as SARIF 2.1.0, in the subset GitHub code scanning reads.

Every property GitHub lists as required is filled: `$schema`, `version`, `runs`, the
driver's `name` and `rules` (each with `id`, `shortDescription`, `fullDescription`,
`help`), and each result's `message`, `locations` (with `startLine`, `startColumn`,
`endLine`, `endColumn`) and `partialFingerprints` (unique in a log: see paths.py). Each
rule's documentation is inline (`help.markdown`), as there is no hosted page to point a
`helpUri` at. Paths are relative to the working
directory (the repository root in CI) under `%SRCROOT%`, so alerts land on the files.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..terminal import inert_json
from .finding import Finding, Severity
from .paths import fingerprints
from .registry import Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SOURCE_ROOT = "%SRCROOT%"
DESCRIPTION_LIMIT = 1024
"""GitHub's limit on shortDescription and fullDescription."""
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
PROBLEM_SEVERITY = {Severity.ERROR: "error", Severity.WARNING: "warning",
                    Severity.INFO: "recommendation"}
PRECISION = {"D": "medium"}
"""How often a rule's findings are right; rules not listed are 'high'. The definition
rules depend on recognising definitions in prose, hence medium."""


def render_sarif(findings: Sequence[Finding], rules: Sequence[Rule], root: str,
                 working_directory: Path) -> str:
    """The SARIF log. `root` is the paper's folder relative to the working directory
    ('' when it is the working directory or an archive), or an absolute path when the
    paper lies outside it."""
    index = {rule.code: position for position, rule in enumerate(rules)}
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "annotator", "semanticVersion": __version__, "version": __version__,
            "rules": [_descriptor(rule) for rule in rules]}},
        "invocations": [{"executionSuccessful": True,
                         "workingDirectory": {"uri": _directory_uri(working_directory)}}],
        "originalUriBaseIds": {SOURCE_ROOT: {"uri": _directory_uri(working_directory)}},
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index, root, fingerprint)
                    for f, fingerprint in zip(findings, fingerprints(findings), strict=True)],
    }
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return inert_json(json.dumps(log, ensure_ascii=False, indent=2)) + "\n"


def _directory_uri(path: Path) -> str:
    uri = path.resolve().as_uri()
    return uri if uri.endswith("/") else uri + "/"


def _descriptor(rule: Rule) -> dict[str, Any]:
    sections = rule.sections()
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": _limit(rule.summary)},
        "fullDescription": {"text": _limit(" ".join(sections.get("What it does", "").split())
                                           or rule.summary)},
        "help": {"text": rule.doc, "markdown": rule.doc},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": ["notation", rule.family.lower()],
                       "precision": PRECISION.get(rule.code[0], "high"),
                       "problem.severity": PROBLEM_SEVERITY[rule.severity]},
    }


def _limit(text: str) -> str:
    return text if len(text) <= DESCRIPTION_LIMIT else text[:DESCRIPTION_LIMIT - 1] + "…"


def _result(finding: Finding, index: dict[str, int], root: str, fingerprint: str
            ) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": index[finding.code],
        "level": LEVELS[finding.severity],
        "message": {"text": _linked_message(finding)},
        "locations": [{"physicalLocation": _physical(
            finding.file, root, finding.line, finding.column, finding.end_line,
            finding.end_column)}],
        "partialFingerprints": {"annotatorFinding/v1": fingerprint},
    }
    if finding.related:
        result["relatedLocations"] = [{
            "id": number,
            "physicalLocation": _physical(r.location.file, root, r.location.line,
                                          r.location.column, r.location.line,
                                          r.location.column + 1),
            "message": {"text": r.note}} for number, r in enumerate(finding.related, 1)]
    return result


def _physical(file: str, root: str, line: int, column: int, end_line: int,
              end_column: int) -> dict[str, Any]:
    return {"artifactLocation": _artifact(file, root),
            "region": {"startLine": line, "startColumn": column, "endLine": end_line,
                       "endColumn": max(end_column, column + 1 if end_line == line else 1)}}


def _artifact(file: str, root: str) -> dict[str, str]:
    if Path(root).is_absolute():
        return {"uri": (Path(root) / file).as_uri()}
    path = f"{root.rstrip('/')}/{file}" if root and root != "." else file
    return {"uri": quote(path, safe="/"), "uriBaseId": SOURCE_ROOT}


def _linked_message(finding: Finding) -> str:
    """The message, with the first related place turned into a SARIF link
    (`[sections/method.tex:12](1)`) that GitHub shows as a link to it."""
    message = finding.message
    if not finding.related:
        return message
    where = finding.related[0].location
    text = f"{where.file}:{where.line}"
    if text not in message:
        return message
    escaped = message.replace("[", "\\[").replace("]", "\\]")
    return escaped.replace(text, f"[{text}](1)", 1)
