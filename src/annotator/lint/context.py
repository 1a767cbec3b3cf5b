"""What every check reads: the analysis, positions in the original files, and (for the
check on suppressions) which suppression comments silenced something."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from ..model import Analysis, Location, MacroDef
from ..positions import Positions
from .noqa import Directive, Suppression, Unmatched

PACKAGE_SUFFIXES = (".sty", ".cls", ".clo", ".bst", ".def", ".cfg")
"""Files that are packages, not the author's draft: their macros and text are not linted
(`\\renewcommand{\\section}` in neurips_2019.sty is the class's business)."""


def is_package_file(path: str) -> bool:
    """True for a style or class file shipped next to the draft (neurips_2019.sty)."""
    return path.lower().endswith(PACKAGE_SUFFIXES)


@dataclass(frozen=True)
class Context:
    """The input of a check. Checks are functions of this and nothing else."""

    analysis: Analysis
    """The paper as the pipeline read it."""
    directives: tuple[Directive, ...] = ()
    """Every suppression comment in the paper, in file order."""
    suppressions: tuple[Suppression, ...] = ()
    """What the directives silence, rule by rule."""
    unmatched: tuple[Unmatched, ...] = ()
    """`enable` directives that close nothing."""
    used: frozenset[tuple[int, str]] = frozenset()
    """(directive index, rule as written) pairs that silenced at least one finding."""
    active: frozenset[str] = frozenset()
    """Codes of the rules that ran."""
    codes: dict[str, str] = field(default_factory=dict)
    """Every rule's code and name, lowercased, -> its code."""
    _positions: Positions = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        texts = {path: source.text for path, source in self.analysis.paper.files.items()}
        object.__setattr__(self, "_positions", Positions(texts))

    def text(self, path: str) -> str:
        """The decoded text of a file of the paper ('' when unknown)."""
        source = self.analysis.paper.files.get(path)
        return source.text if source is not None else ""

    def location(self, path: str, offset: int) -> Location:
        """The 1-based line and column of an offset in a file."""
        if self.analysis.locate is not None:
            return self.analysis.locate(path, offset)
        return self._positions.location(path, offset)

    @cached_property
    def macro_table(self) -> dict[str, list[MacroDef]]:
        """Every definition of each macro, in reading order."""
        table: dict[str, list[MacroDef]] = {}
        for definition in self.analysis.macros:
            table.setdefault(definition.name, []).append(definition)
        return table

    def macros_named(self, name: str) -> list[MacroDef]:
        """Every definition of a macro, in reading order."""
        return self.macro_table.get(name, [])

    def macro_uses(self, definition: MacroDef) -> int:
        """How often the macro (or `env:` environment) was expanded."""
        return self.analysis.macro_uses.get(definition.name, 0)
