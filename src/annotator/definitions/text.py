"""A paragraph as the cue rules read it: text with a marker ⟦n⟧ for each inline formula,
split into sentences, with the way back from any character to its file and offset.

"where $\\eta$ is the learning rate" is read as "where ⟦3⟧ is the learning rate": a rule
sees a formula as one word, and a description found in the working text is mapped back
to the exact characters of the source (a description ending with a formula ends after
its closing `$`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..latexify import to_latex
from ..model import Analysis, Paragraph

MARK = "\u27e6{}\u27e7"
"""How an inline formula stands in a sentence while cues are matched: ⟦3⟧ is span 3."""
MARK_PATTERN = r"\u27e6(\d+)\u27e7"
MARK_RE = re.compile(MARK_PATTERN)

# A sentence ends at . ! ? before a capital or a formula, at a Chinese full stop, at a
# line break (table rows, algorithm lines). Abbreviations do not end one.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\u27e6])|(?<=[。！？；])|\n")
_ABBREVIATIONS = ("e.g.", "i.e.", "et al.", "Fig.", "Eq.", "Eqs.", "Sec.", "cf.", "vs.",
                  "resp.", "w.r.t.", "Tab.", "Alg.", "Thm.", "Def.", "approx.", "Eqn.",
                  "Ref.", "Refs.", "No.", "Prop.", "Lem.", "Cor.", "App.", "Ch.")


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of the working text and where it came from."""

    start: int
    end: int
    file: str
    offset: int
    math: int | None


@dataclass(frozen=True, slots=True)
class ParagraphText:
    """A paragraph's working text (formulas as ⟦n⟧) and the map back to the source."""

    text: str
    pieces: tuple[Piece, ...]
    paragraph: Paragraph
    starts: tuple[int, ...]
    """Each piece's start, for bisection."""

    def piece_at(self, index: int) -> Piece:
        position = bisect.bisect_right(self.starts, index) - 1
        return self.pieces[max(0, position)]

    def source(self, index: int) -> tuple[str, int]:
        """(file, offset) of the character at `index` of the working text (a formula's
        marker maps to the formula's start)."""
        piece = self.piece_at(index)
        if piece.math is not None:
            return piece.file, piece.offset
        return piece.file, piece.offset + max(0, index - piece.start)

    def source_end(self, end: int, analysis: Analysis) -> int:
        """The file offset just past text that ends at `end` in the working text; text
        ending with a formula ends after the formula's closing delimiter."""
        piece = self.piece_at(max(0, end - 1))
        if piece.math is None:
            return piece.offset + (end - piece.start)
        span = analysis.math[piece.math] if piece.math < len(analysis.math) else None
        return span.end + len(_closing(span.environment)) if span else piece.offset


def _closing(environment: str) -> str:
    return {"$": "$", "$$": "$$", "\\(": "\\)", "\\[": "\\]"}.get(environment, "")


def working_text(paragraph: Paragraph) -> ParagraphText:
    """The paragraph's text with ⟦n⟧ for each formula, and where each character came from."""
    text: list[str] = []
    pieces: list[Piece] = []
    position = 0
    parts = paragraph.parts
    for index, part in enumerate(parts):
        if part.math is not None:
            chunk = MARK.format(part.math)
            # a marker is a word of its own, except before a suffix ("the $i$-th input")
            # and after a Latin word it is glued to ("FC$k$ denotes a layer": FCk is
            # the subject, not k)
            before = text[-1][-1:] if text else ""
            if text and not before.isspace() and not (before.isascii() and before.isalpha()):
                text.append(" ")
                position += 1
            following = parts[index + 1].text[:1] if index + 1 < len(parts) else " "
            spacer = "" if following and following in "-'’" else " "
            pieces.append(Piece(position, position + len(chunk), part.file, part.offset,
                                part.math))
            text.append(chunk + spacer)
            position += len(chunk) + len(spacer)
        else:
            for chunk, offset in _squeezed(part.text):
                pieces.append(Piece(position, position + len(chunk), part.file,
                                    part.offset + offset, None))
                text.append(chunk)
                position += len(chunk)
    return ParagraphText("".join(text), tuple(pieces), paragraph,
                         tuple(p.start for p in pieces))


_SPACE_RUN = re.compile(r"\s{2,}")


def _squeezed(text: str) -> Iterator[tuple[str, int]]:
    """(chunk, offset in `text`) with every run of white space made one character (a line
    break where the run holds one): 20,000 `~ ` are one space to the rules, whose
    patterns would otherwise be tried at every one of them."""
    position = 0
    for run in _SPACE_RUN.finditer(text):
        if run.start() > position:
            yield text[position:run.start()], position
        yield ("\n" if "\n" in run.group() else " "), run.start()
        position = run.end()
    if position < len(text) or not text:
        yield text[position:], position


def sentences(whole: ParagraphText) -> Iterator[tuple[int, str]]:
    """(start, text) of each sentence of a paragraph's working text. Linear: each possible
    end is checked against the abbreviations by a bounded look-behind."""
    text = whole.text
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.start()
        if any(text.endswith(a, max(0, end - len(a)), end) for a in _ABBREVIATIONS):
            continue
        yield start, text[start:end]
        start = match.end()
    if start < len(text):
        yield start, text[start:]


def marks_in(text: str) -> list[int]:
    """The span indices of the markers in `text`, in order."""
    return [int(n) for n in MARK_RE.findall(text)]


def readable(text: str, analysis: Analysis) -> str:
    """A description with its formulas as $...$, in canonical LaTeX (author macros
    expanded: `$\\vx$` becomes `$\\boldsymbol{x}$`, which any renderer can show)."""
    def formula(match: re.Match[str]) -> str:
        span = int(match.group(1))
        if span < len(analysis.trees) and analysis.trees[span]:
            latex = to_latex(analysis.trees[span])
        else:
            latex = analysis.math[span].latex if span < len(analysis.math) else ""
        return f"${latex.strip()}$"
    return " ".join(MARK_RE.sub(formula, text).split())
