"""What a lint check reports: a Problem (from a check) and a Finding (for the user).

A check knows what is wrong and where; the runner adds which rule said so. That keeps a
rule's code and name in one place (registry.py) and the checks free of bookkeeping.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: the lint parser imports this module for --help
    from ..model import Location

FAIL_LEVELS = ("error", "warning", "info", "none")
"""--fail-on values: a severity, or none (never fail)."""


class Severity(enum.IntEnum):
    """How much a finding matters; `--fail-on` compares against it."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        """The lowercase name used on the command line and in every output."""
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        """'error' -> Severity.ERROR; raises KeyError for anything else."""
        return cls[text.strip().upper()]


@dataclass(frozen=True, slots=True)
class Related:
    """The other place a finding involves ("first defined at sections/method.tex:12")."""

    location: Location
    """Where that place is."""
    note: str
    """What is there, in a few words: 'first definition', 'majority spelling'."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing a check found, before the runner stamps it with its rule."""

    location: Location
    """Where the problem starts, in the original file."""
    message: str
    """One sentence; names the other place involved, if any, as file:line."""
    end: int | None = None
    """Offset just past the flagged text in the same file; None: the start alone."""
    symbol: str = ""
    """The key of the symbol or the name of the macro involved, if any."""
    related: tuple[Related, ...] = ()
    """Other places involved, for outputs that can link to them (SARIF)."""


@dataclass(frozen=True, slots=True)
class Finding:
    """A reported problem: the rule, the place (start and end) and the message."""

    code: str
    """The rule's stable code: 'N002'."""
    name: str
    """The rule's kebab-case name: 'mixed-variant'."""
    severity: Severity
    """The rule's severity."""
    message: str
    """What is wrong, in one sentence."""
    location: Location
    """Where it starts."""
    end_line: int
    """1-based line just past the flagged text."""
    end_column: int
    """1-based column just past the flagged text (exclusive, as SARIF's endColumn)."""
    symbol: str = ""
    """The symbol key or macro name involved, if any."""
    related: tuple[Related, ...] = ()
    """Other places involved."""

    @property
    def file(self) -> str:
        return self.location.file

    @property
    def line(self) -> int:
        return self.location.line

    @property
    def column(self) -> int:
        return self.location.column
