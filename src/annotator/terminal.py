"""Text for a terminal: what is safe to print, how wide it is, how to wrap it, colour.

Paper text reaches the terminal (file names, prose, macro names in warnings), and a paper
can hold anything: `\\input{x^^[[2J}` or a file named with an escape sequence would
clear the screen, retitle the window or hide a line if printed as is. `clean` removes
control characters and escape sequences (keeping newlines and tabs) from everything that
goes to stdout or stderr.

Width: the terminal's (or `COLUMNS` when set, as `shutil.get_terminal_size` reads it);
output that goes to a file or a pipe is wrapped at DEFAULT_WIDTH. Display width counts a
CJK character as two columns and a combining accent as none (Unicode's East Asian Width
property, from the standard library), so Chinese lines fit too, and Chinese text, which
has no spaces, is broken between characters (never before ，。；：）or after （).

Colour: only on a terminal, never when `NO_COLOR` is set (https://no-color.org), always
when `FORCE_COLOR` is set to anything but "0" or "" (and NO_COLOR is not).
"""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
from collections.abc import Iterator
from typing import TextIO

DEFAULT_WIDTH = 100
"""Where text is wrapped when it goes to a file or a pipe (no terminal to ask)."""
MIN_WIDTH = 40
"""Narrower terminals are treated as this wide: a glossary line needs some room."""

# ESC [ ... final (CSI), ESC ] ... BEL or ESC \ (OSC), ESC P/X/^/_ ... ESC \ (DCS and
# friends), a lone ESC and the next character; then C0 (but tab and newline), DEL, C1,
# and the bidirectional overrides that can make a line read differently from its bytes.
_SEQUENCES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"
    r"|\x1b[\s\S]?"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
    r"|\x9d[^\x07\x9c]*[\x07\x9c]?")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """`text` without control characters and terminal escape sequences; newlines and
    tabs stay. A carriage return is dropped too (it would let a line overwrite itself)."""
    if text.isprintable():
        return text
    return _CONTROLS.sub("", _SEQUENCES.sub("", text))


def one_line(text: str) -> str:
    """`clean`, and a line break shown as the two characters `\\n`: a message that is one
    line stays one, whatever file name it quotes (`evil\\n...tex` cannot forge a line)."""
    return clean(text.replace("\r\n", "\n")).replace("\n", "\\n").replace("\t", " ")


_INVISIBLE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def inert_json(text: str) -> str:
    """JSON text with the characters json.dumps leaves raw but a terminal obeys (C1
    controls such as CSI, bidirectional overrides) written as \\u escapes: the same
    JSON value, safe to print."""
    return _INVISIBLE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def char_width(char: str) -> int:
    """Columns a character takes: 2 for wide CJK, 0 for combining marks, else 1."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Columns `text` takes on a terminal."""
    if text.isascii():
        return len(text)
    return sum(char_width(char) for char in text)


def pad(text: str, width: int) -> str:
    """`text` followed by spaces up to `width` columns (as str.ljust, in columns)."""
    return text + " " * max(0, width - display_width(text))


def output_width(stream: TextIO | None) -> int:
    """How wide to wrap text written to `stream`: COLUMNS when set, else the terminal's
    width when `stream` is one, else DEFAULT_WIDTH."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return max(MIN_WIDTH, int(columns))
    if stream is not None and _is_terminal(stream):
        return max(MIN_WIDTH, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns)
    return DEFAULT_WIDTH


def use_colour(stream: TextIO | None) -> bool:
    """Whether to colour text written to `stream` (see the module's docstring)."""
    if os.environ.get("NO_COLOR", ""):
        return False
    if os.environ.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    return stream is not None and _is_terminal(stream) and os.environ.get("TERM") != "dumb"


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


# ----------------------------------------------------------------------------- wrapping

_NO_LINE_START = frozenset("，。、；：！？）」』》〉】〕”’,.;:!?)]}%·…")
"""Punctuation that must not begin a line (kinsoku: 'ＡＢ，' never breaks before '，')."""
_NO_LINE_END = frozenset("（「『《〈【〔“‘([{")
"""Punctuation that must not end a line."""


NO_BREAK_SPACE = "\u00a0"


def wrap(text: str, width: int, indent: str = "", subsequent_indent: str | None = None
         ) -> list[str]:
    """`text` as lines of at most `width` columns where it can be: broken at spaces, and
    between CJK characters; a word longer than a line is kept whole, never split. A
    no-break space (U+00A0) holds two words together and is printed as a space.
    Punctuation that may not begin a line takes the character before it along (`定）`)."""
    later = indent if subsequent_indent is None else subsequent_indent
    lines: list[str] = []
    current: list[str] = []  # units of the line being filled; " " between words
    prefix = indent
    pending_space = False
    for unit in _units(text):
        if unit == " ":
            pending_space = bool(current)
            continue
        spaced = pending_space
        piece = [" ", unit] if spaced else [unit]
        pending_space = False
        if current and _width(prefix, current + piece) > width:
            carried = [] if spaced else _carry(current, unit)  # a space is a break point
            if current:
                lines.append(prefix + "".join(current))
                prefix = later
                current = [*carried, unit]
                continue
            current = carried  # nothing could stay: keep the line whole
        current.extend(piece)
    lines.append(prefix + "".join(current))
    return [line.rstrip().replace(NO_BREAK_SPACE, " ") for line in lines]


def _width(prefix: str, units: list[str]) -> int:
    return display_width(prefix) + sum(display_width(unit) for unit in units)


def _carry(current: list[str], unit: str) -> list[str]:
    """The units at the end of `current` that must move to the next line with `unit`
    (removed from `current`): the character before punctuation that may not begin a line,
    or an opening bracket that may not end one. None across a space."""
    carried: list[str] = []
    while current and current[-1] != " " and (
            (unit[0] in _NO_LINE_START and not carried)
            or current[-1][-1] in _NO_LINE_END):
        carried.insert(0, current.pop())
        unit = carried[0]
    while current and current[-1] == " ":
        current.pop()
    return carried


def _units(text: str) -> Iterator[str]:
    """Words (runs without spaces and without wide characters), single wide characters
    (a line may break around each), and " " for each run of white space."""
    word: list[str] = []
    in_space = False
    for char in text:
        if char.isspace() and char != NO_BREAK_SPACE:
            if word:
                yield "".join(word)
                word = []
            if not in_space:
                yield " "
            in_space = True
            continue
        in_space = False
        if char_width(char) == 2:
            if word:
                yield "".join(word)
                word = []
            yield char
        elif char_width(char) == 0 and not word:
            yield char  # a combining mark after a wide character stays with the text
        else:
            word.append(char)
    if word:
        yield "".join(word)


# ----------------------------------------------------------------------------- colour

STYLES = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33",
          "blue": "34", "magenta": "35", "cyan": "36", "bold-red": "1;31",
          "bold-yellow": "1;33", "bold-blue": "1;34", "bold-cyan": "1;36"}


def paint(text: str, style: str) -> str:
    """`text` in an SGR style (see STYLES), reset after it."""
    return f"\x1b[{STYLES[style]}m{text}\x1b[0m" if text else text
