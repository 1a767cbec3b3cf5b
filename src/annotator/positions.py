"""Offset <-> (line, column) in the original files: 1-based lines and columns everywhere.

Columns count code points, a tab counts as one: `\\theta` after a tab is at column 2.
Line ends are '\\n', '\\r\\n' or a lone '\\r', as TeX reads them.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from .model import Location

_LINE_END = re.compile(r"\r\n|\n|\r")


class LineIndex:
    """Maps offsets of one text to lines and columns in O(log lines)."""

    __slots__ = ("_starts", "path")

    def __init__(self, path: str, text: str):
        self.path = path
        self._starts = [0] + [m.end() for m in _LINE_END.finditer(text)]

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a 0-based offset."""
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    def location(self, offset: int) -> Location:
        """The Location of an offset."""
        line, column = self.line_col(offset)
        return Location(self.path, line, column, offset)

    def line_start(self, line: int) -> int:
        """Offset where a 1-based line starts."""
        return self._starts[max(0, min(line, len(self._starts)) - 1)]

    @property
    def line_count(self) -> int:
        return len(self._starts)


class Positions:
    """Line indexes for every file of a paper, built on first use."""

    __slots__ = ("_indexes", "_texts")

    def __init__(self, texts: dict[str, str]):
        self._texts = texts
        self._indexes: dict[str, LineIndex] = {}

    def index(self, path: str) -> LineIndex:
        found = self._indexes.get(path)
        if found is None:
            found = self._indexes[path] = LineIndex(path, self._texts.get(path, ""))
        return found

    def location(self, path: str, offset: int) -> Location:
        """The Location of an offset in a file of the paper."""
        return self.index(path).location(offset)
