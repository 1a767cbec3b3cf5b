"""Shared by the lint tests: the rule case files, and running the linter on a folder."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from annotator.analysis import analyze
from annotator.knowledge import KnowledgeBase, load
from annotator.lint.finding import Finding
from annotator.lint.registry import ALL_RULES
from annotator.lint.runner import lint
from annotator.sources import load_paper

CASES = Path(__file__).resolve().parent / "lint_cases"
_CASE = re.compile(r"^%% case (fail|pass): (.+)$")
_FILE = re.compile(r"^%% file: (\S+)$")
_EXPECT = re.compile(r"% expect\s*$")
PLANTED = re.compile(r"% planted: ([\w, -]+?)\s*$")


@dataclass
class Case:
    """One case of a rule's case file."""

    rule: str
    kind: str
    title: str
    line: int
    """Line of the `%% case` header in the case file, for messages."""
    files: dict[str, list[str]] = field(default_factory=dict)

    @property
    def expected(self) -> set[tuple[str, int]]:
        """(file, line) of every line marked `% expect`."""
        return {(name, number) for name, lines in self.files.items()
                for number, text in enumerate(lines, 1) if _EXPECT.search(text)}

    def write(self, folder: Path) -> Path:
        for name, lines in self.files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return folder


def read_cases(rule: str) -> list[Case]:
    """The cases of one rule's file (empty when the file is missing)."""
    path = CASES / f"{rule}.tex"
    if not path.exists():
        return []
    cases: list[Case] = []
    current = "main.tex"
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        header = _CASE.match(text)
        if header:
            cases.append(Case(rule, header.group(1), header.group(2), number,
                              {"main.tex": []}))
            current = "main.tex"
        elif (named := _FILE.match(text)) and cases:
            current = named.group(1)
            cases[-1].files.setdefault(current, [])
        elif cases:
            cases[-1].files[current].append(text)
    return cases


@cache
def knowledge() -> KnowledgeBase:
    return load()


def lint_folder(folder: Path, selected: set[str] | None = None,
                main: str | None = None) -> list[Finding]:
    """Every finding of the selected rules (default: all) on a draft folder or file."""
    analysis = analyze(load_paper(str(folder), main=main), knowledge())
    return lint(analysis, selected or {rule.code for rule in ALL_RULES})


def planted(folder: Path) -> set[tuple[str, int, str]]:
    """(file, line, rule) of every `% planted: rule, rule` marker under a sample folder."""
    found = set()
    for path in sorted(folder.rglob("*.tex")):
        relative = path.relative_to(folder).as_posix()
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = PLANTED.search(text)
            if match:
                found |= {(relative, number, rule.strip())
                          for rule in match.group(1).split(",") if rule.strip()}
    return found
