"""Was the paper's math read? The formulas found, compared with a cheap scan of the files.

The scan does not share code with the lexer, the expander or the extractor: it looks
for math delimiters (`$`, `$$`, `\\(`, `\\[`, display environments) in the text of
each file read, after blanking comments, macro definitions (to the end of their line),
`\\iffalse ... \\fi`, verbatim and comment environments and what follows
`\\end{document}`. So when a stage loses the paper (a
`\\newcommand{\\src}{\\lstinline[...]}` read as verbatim swallowed everything after it,
"0 symbols, 0 formulas") the scan still counts the formulas that were there, and:

- nothing read while the scan finds math is an error (`NothingRead`, exit 2) that says
  where reading stopped and the warning most likely to say why;
- most of the math lost (fewer than half of the scan's formulas read, at least
  MIN_LOST of them) is a warning at the head of the diagnostics and in the glossary;
- a file that lost most of its math is a warning naming the file.

The scan is approximate (a `$` in a `\\texttt` counts), so it only ever speaks about
large differences; it costs one pass of a few regular expressions over each file.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .errors import InputError
from .lexer import RAW_ENVIRONMENTS
from .model import Diagnostic, Location, MathSpan
from .positions import Positions

MIN_LOST = 10
"""Formulas that must be missing before the check says anything."""
LOST_SHARE = 0.5
"""The share of the scan's formulas below which "most of the math" was lost."""

_DISPLAY = ("equation", "align", "gather", "multline", "eqnarray", "flalign", "alignat",
            "displaymath", "dmath", "math", "xalignat", "IEEEeqnarray", "empheq")
# Linear: every alternative starts with a distinct literal and has no repetition.
_MATH = re.compile(r"\\\(|\\\[|\$\$|\$|\\begin\{(?:" + "|".join(_DISPLAY) + r")\*?\}")
_COMMENT = re.compile(r"(?<!\\)%[^\n]*")
_ESCAPED = re.compile(r"\\[$%\\]")
# A definition's body is math only where the macro is used: `\newcommand{\R}{$\mathbb{R}$}`.
_DEFINITION = re.compile(r"\\(?:(?:re)?newcommand|providecommand|[gex]?def|DeclareMathOperator"
                         r"|DeclareRobustCommand|(?:re)?newenvironment|NewDocumentCommand"
                         r"|DeclarePairedDelimiterX?)(?![A-Za-z])[^\n]*")
# Warnings that say reading went wrong from some point on.
_SWALLOWING = ("never closed", "never ended", "unbalanced", "stops here", "not read",
               "never ends", "is skipped", "math was not read", "formulas a plain scan")
# ... and those that say some part of the paper was left out (the glossary lists them).
_LEFT_OUT = (*_SWALLOWING, "skipped", "refused", "not looked into")
MAX_LOSSES_SHOWN = 5
"""Lines of "not read" a glossary shows (the rest are counted; all are in the JSON)."""
_END_DOCUMENT = "\\end{document}"
_SKIPPED_SUFFIXES = (".sty", ".cls", ".def", ".cfg", ".clo")


class NothingRead(InputError):
    """The LaTeX holds math but no formula was read: an error, never an empty glossary."""


@dataclass(frozen=True)
class FileScan:
    """What the scan found in one file: the offsets where formulas open."""

    path: str
    openings: tuple[int, ...]


def scan_file(path: str, text: str, is_main: bool) -> FileScan:
    """The offsets of the formulas a plain scan sees in `text`."""
    cleaned = _blank_unread(text, is_main)
    openings: list[int] = []
    in_single = in_double = False
    for match in _MATH.finditer(cleaned):
        token = match.group()
        if token == "$":
            if not in_single and not in_double:
                openings.append(match.start())
            in_single = not in_single
        elif token == "$$":
            if not in_double and not in_single:
                openings.append(match.start())
            in_double = not in_double
        else:
            openings.append(match.start())
    return FileScan(path, tuple(openings))


def _blank_unread(text: str, is_main: bool) -> str:
    """`text` with what TeX does not typeset replaced by spaces (offsets kept)."""
    text = _ESCAPED.sub("  ", text)
    text = _COMMENT.sub(lambda m: " " * len(m.group()), text)
    text = _DEFINITION.sub(lambda m: " " * len(m.group()), text)
    if is_main:
        end = text.find(_END_DOCUMENT)
        if end >= 0:
            text = text[:end] + " " * (len(text) - end)
    text = _blank_between(text, "\\iffalse", "\\fi")
    for name in RAW_ENVIRONMENTS:
        text = _blank_between(text, f"\\begin{{{name}}}", f"\\end{{{name}}}")
    return text


def _blank_between(text: str, opening: str, closing: str) -> str:
    """Blank every `opening ... closing` region. An unclosed one is left as it is: TeX
    would stop with an error there, so what follows is what the author meant to be read
    (and what the check must count when a stage swallowed it). Linear: each search
    starts where the previous region ended."""
    if opening not in text:
        return text
    pieces: list[str] = []
    position = 0
    while (start := text.find(opening, position)) >= 0:
        stop = text.find(closing, start + len(opening))
        if stop < 0:
            break
        stop += len(closing)
        pieces.append(text[position:start])
        pieces.append(re.sub(r"[^\n]", " ", text[start:stop]))
        position = stop
    pieces.append(text[position:])
    return "".join(pieces)


def check(texts: Mapping[str, str], read: Sequence[str], main: str,
          spans: Sequence[MathSpan], diagnostics: Sequence[Diagnostic],
          positions: Positions, unread: Mapping[str, str] | None = None) -> list[Diagnostic]:
    """Warnings about math the scan saw but the reading lost (see the module docstring);
    raises NothingRead when no formula was read at all although the scan found some.
    `read` are the files read in order, `unread` the paper's other .tex files (when no
    formula was read from the main file, they may hold the paper)."""
    scans = [scan_file(path, texts[path], path == main) for path in read
             if not path.endswith(_SKIPPED_SUFFIXES) and path in texts]
    if not spans:
        _nothing_read(scans, main, diagnostics, positions, unread or {})
        return []
    missing = {scan.path: _missing(scan, spans) for scan in scans}
    expected = sum(len(scan.openings) for scan in scans)
    lost = sum(len(offsets) for offsets in missing.values())
    warnings: list[Diagnostic] = []
    if lost >= MIN_LOST and expected - lost < LOST_SHARE * expected:
        worst = max(scans, key=lambda scan: len(missing[scan.path]))
        where, why = _where_lost(worst, missing[worst.path], diagnostics, positions)
        warnings.append(Diagnostic(
            f"most of the paper's math was not read: {expected - lost} of the {expected} "
            f"formulas a plain scan of the files finds were read; reading lost the math "
            f"from {where} on{why}. The glossary is incomplete"))
    for scan in scans:
        gone = missing[scan.path]
        count = len(scan.openings)
        if len(gone) >= MIN_LOST and count - len(gone) < LOST_SHARE * count \
                and not (warnings and scan.path in warnings[0].message):
            where, why = _where_lost(scan, gone, diagnostics, positions)
            warnings.append(Diagnostic(
                f"{scan.path}: {count - len(gone)} of the {count} formulas a plain scan "
                f"finds in it were read; the math from {where} on is missing{why}"))
    return warnings


OPENER_SLACK = 64
"""How far before a formula's content its opening may start (`\\begin{IEEEeqnarray}{rCl}`)."""


def _missing(scan: FileScan, spans: Sequence[MathSpan]) -> list[int]:
    """The scan's openings in that file that no formula read covers. An opening inside a
    formula read counts as read: `$a \\text{ if $x > 0$}$` is one formula to the reader
    and two to the scan."""
    extents = sorted((span.end, span.location.offset) for span in spans
                     if span.location.file == scan.path)
    ends = [end for end, _start in extents]
    gone = []
    for offset in scan.openings:
        index = bisect_left(ends, offset)
        if index == len(extents) or extents[index][1] - OPENER_SLACK > offset:
            gone.append(offset)
    return gone


def _nothing_read(scans: Iterable[FileScan], main: str, diagnostics: Sequence[Diagnostic],
                  positions: Positions, unread: Mapping[str, str]) -> None:
    scans = list(scans)
    seen = [scan for scan in scans if scan.openings]
    if seen:
        first = seen[0]
        where = positions.location(first.path, first.openings[0])
        count = sum(len(scan.openings) for scan in seen)
        cause = _likely_cause(where, diagnostics)
        raise NothingRead(
            f"no formula was read, but a plain scan of the files finds {count} (the first "
            f"at {where}); reading stopped before it" +
            (f": {cause}" if cause else "") +
            ". Nothing is shown rather than an empty glossary", path=main)
    elsewhere = sorted(((len(scan_file(path, text, False).openings), path)
                        for path, text in unread.items()), reverse=True)
    elsewhere = [(count, path) for count, path in elsewhere if count][:3]
    if elsewhere:
        listing = ", ".join(f"{path} ({count})" for count, path in elsewhere)
        raise NothingRead(
            f"no formula in {main} or the files it includes; other files of the paper hold "
            f"math ({listing}): name the main file with --main", path=main)


def _where_lost(scan: FileScan, gone: Sequence[int], diagnostics: Sequence[Diagnostic],
                positions: Positions) -> tuple[Location, str]:
    """Where the file's math stops being read (the first formula missing after the last
    one read there, else the first missing) and, as ' (likely cause: ...)', the warning
    before it."""
    missing = set(gone)
    read = [offset for offset in scan.openings if offset not in missing]
    after = [offset for offset in gone if not read or offset > read[-1]] or list(gone)
    where = positions.location(scan.path, after[0])
    cause = _likely_cause(where, diagnostics)
    return where, f" (likely cause: {cause})" if cause else ""


def _likely_cause(where: Location, diagnostics: Sequence[Diagnostic]) -> str:
    """The warning most likely to explain lost math: one saying reading went wrong
    (never closed, never ended, ...) placed before `where` in its file, else any warning
    placed before it there, else one saying reading went wrong in another file."""
    before = [d for d in diagnostics if d.location is not None
              and d.location.file == where.file and d.location.offset <= where.offset]
    elsewhere = [d for d in diagnostics if d.location is not None
                 and d.location.file != where.file]
    for candidates in ([d for d in before if _swallowing(d)], before,
                       [d for d in elsewhere if _swallowing(d)]):
        if candidates:
            return str(candidates[-1])
    return ""


def _swallowing(diagnostic: Diagnostic) -> bool:
    return any(words in diagnostic.message for words in _SWALLOWING)


def losses(diagnostics: Sequence[Diagnostic]) -> tuple[str, ...]:
    """What of the paper was not read, one line per warning that says so (the coverage
    warnings come first in the diagnostics), at most MAX_LOSSES_SHOWN and a count."""
    lost = [" ".join((f"{d.location}: {d.message}" if d.location else d.message).split())
            for d in diagnostics if any(words in d.message for words in _LEFT_OUT)]
    if len(lost) > MAX_LOSSES_SHOWN:
        more = len(lost) - MAX_LOSSES_SHOWN
        lost = [*lost[:MAX_LOSSES_SHOWN], f"... and {more} more (all warnings are in the "
                                          "JSON output)"]
    return tuple(lost)
