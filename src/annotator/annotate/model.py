"""What annotate decides before it writes anything: where each glossary symbol is used
and defined on the PDF's pages. Plain frozen dataclasses; no PyMuPDF here."""

from __future__ import annotations

from dataclasses import dataclass

from ..glossary import GlossaryEntry

Box = tuple[float, float, float, float]
"""x0, y0, x1, y1 in the page's coordinates as the PDF reader gave them (points, origin at
the top left of the unwidened page)."""


@dataclass(frozen=True, slots=True)
class Use:
    """One use of a symbol on a page of the PDF."""

    page: int
    """1-based page."""
    offset: int
    """Offset of the use in the PDF's extracted text: reading order across the paper."""
    box: Box | None
    """The glyphs of the symbol, when the reader kept them."""
    in_script: bool = False
    """It stands in another symbol's script (θ in p_θ): a poorer place for its note."""


@dataclass(frozen=True, slots=True)
class Place:
    """A place in the PDF a link can point at."""

    page: int
    """1-based page."""
    box: Box | None = None
    """What to show at the top of the view (a glyph box), or None for the page's top."""
    offset: int = -1
    """Offset in the PDF's extracted text, for ordering notes on the page; -1 unknown."""
    how: str = ""
    """How the place was found ('pdf-definition', 'text', 'occurrence', 'pdf'): benchmarks
    and tests read it; nothing is shown to the reader."""


@dataclass(frozen=True, slots=True)
class PlacedEntry:
    """A glossary entry with its uses and definition found on the PDF's pages."""

    entry: GlossaryEntry
    uses: tuple[Use, ...]
    """Every use found in the PDF, in reading order (empty: not found on the pages)."""
    places: tuple[Place | None, ...] = ()
    """Where the PDF shows each of the entry's shown definitions (None: not found)."""

    @property
    def definition(self) -> Place | None:
        """Where the PDF shows the definition the notes quote (the entry's first)."""
        return self.places[0] if self.places else None

    @property
    def key(self) -> str:
        return self.entry.symbol.key

    @property
    def first(self) -> Use | None:
        """The first use in the PDF."""
        return self.uses[0] if self.uses else None

    def pages(self) -> list[int]:
        """The pages it is used on, in order."""
        return sorted({use.page for use in self.uses})
