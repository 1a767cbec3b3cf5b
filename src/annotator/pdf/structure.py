"""What each line of a PDF is: prose, a display formula, a heading, the title, or page
furniture (running heads, page numbers) that belongs to no paragraph.

Headings are what LaTeX makes them: a short bold or larger line, usually numbered
(`2.1 Policies and values`); the number gives the level. Running heads and page numbers
sit in the top or bottom margin and repeat from page to page.
"""

from __future__ import annotations

import re
from collections import Counter

from .lines import TextLine

_SECTION_NUMBER = re.compile(r"^((?:\d+|[A-Z])(?:\.\d+)*)\.?\s+(?=\S)")
_PAGE_NUMBER = re.compile(r"^(page\s+)?(\d+|[ivxlc]+)(\s+of\s+\d+)?$", re.I)
_NOT_SECTIONS = frozenset({"abstract", "contents", "notation"})
MAX_HEADING_WORDS = 14
TITLE_WINDOW = 12
"""The title is among this many first lines of the first page."""


def body_size(lines: list[TextLine]) -> float:
    """The size of most of the prose."""
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[line.size] += len(line.prose)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def classify(lines: list[TextLine]) -> str:
    """Set every line's role (and a heading's level); returns the title."""
    body = body_size(lines)
    furniture = _running_heads(lines)
    title = _title(lines, body)
    for line in lines:
        if line.role == "title":
            continue
        if line.display:
            line.role = "display"
        elif not line.pieces and line.number:
            line.role = "number"
        elif line.zone and _is_furniture(line, furniture):
            line.role = "furniture"
        elif _is_heading(line, body):
            line.role = "heading"
            line.level = _level(line, body)
    return title


def _is_furniture(line: TextLine, running_heads: set[str]) -> bool:
    """A page number, or a running head (for a line in the page's margins)."""
    if _furniture_key(line) in running_heads:
        return True
    return bool(_PAGE_NUMBER.match(line.prose)) and not any(p.math for p in line.pieces)


def _furniture_key(line: TextLine) -> str:
    return re.sub(r"\d+", "#", line.prose.lower())


def _running_heads(lines: list[TextLine]) -> set[str]:
    """Margin texts that come back on several pages."""
    pages: dict[str, set[int]] = {}
    for line in lines:
        if line.zone and line.prose:
            pages.setdefault(_furniture_key(line), set()).add(line.page)
    return {key for key, found in pages.items() if len(found) >= 3}


def _is_heading(line: TextLine, body: float) -> bool:
    text = line.prose
    if not text or len(text.split()) > MAX_HEADING_WORDS or not text[0].isalnum():
        return False
    if text.endswith((".", ",", ";", ":")) and not _SECTION_NUMBER.match(text + " x"):
        return False
    larger = line.size >= body * 1.1
    numbered = _SECTION_NUMBER.match(text) is not None
    return (line.bold and (numbered or larger or line.size >= body * 0.95)) or \
        (larger and numbered)


def _level(line: TextLine, body: float) -> int:
    found = _SECTION_NUMBER.match(line.prose)
    if found is not None:
        return min(3, found.group(1).count(".") + 1)
    return 1 if line.size >= body * 1.15 else 2


def heading_title(line: TextLine) -> str:
    """A heading without its number: `2.1 Policies and values` -> `Policies and values`."""
    text = " ".join(p.text if not p.math else f"${p.text}$" for p in line.pieces)
    return _SECTION_NUMBER.sub("", text, count=1).strip()


def is_section(line: TextLine) -> bool:
    """Headings that are sections of the paper (not 'Abstract' or 'Contents')."""
    return line.role == "heading" and heading_title(line).lower() not in _NOT_SECTIONS


def _title(lines: list[TextLine], body: float) -> str:
    """The largest prose among the first lines of the first page, if larger than the body
    text."""
    first_page = lines[0].page if lines else 0
    candidates = [line for line in lines[:TITLE_WINDOW]
                  if line.page == first_page and not line.display and line.prose
                  and not line.zone]
    if not candidates:
        return ""
    largest = max(line.size for line in candidates)
    if largest < body * 1.2:
        return ""
    title = [line for line in candidates if line.size == largest]
    for line in title:
        line.role = "title"
    return " ".join(line.prose for line in title)
