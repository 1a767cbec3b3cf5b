"""TeX tokens out of one file's text, each with its file and offsets.

Why not pylatexenc's walker here: the expander needs a TeX-like token stream (control
sequences, braces, `#` parameters) whose every token remembers its place in the file it
came from, so that `\\vx` expanded to `\\bm{x}` still points at `sec/method.tex:12:5`.
Ordinary characters are kept in runs (one TEXT token for `queries and keys`), which
keeps prose cheap; math parsing splits the runs.

Comments (`% ...`, but not `\\%`), verbatim-like environments (verbatim, lstlisting,
minted, comment, ...), `\\verb|...|` and URL arguments never produce ordinary tokens:
they become a single RAW token the later stages skip.

Linear time on any input: every pattern is anchored at the current position and bounded
(`\\lstinline[` options are at most 200 characters), the end of the current line is found
once per line, and a search for `\\end{verbatim}` that failed is never repeated. A broken
inline verbatim (`\\verb|x` never closed on its line, or `\\lstinline[...]}` whose
"delimiter" is the `}` ending a macro body) is read as an ordinary command, with a
warning, so it cannot swallow the braces that follow it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

CS, TEXT, SPACE, PAR, BGROUP, EGROUP, MATH, ALIGN, PARAM, SUP, SUB, ACTIVE, RAW = range(13)
KIND_NAMES = ("CS", "TEXT", "SPACE", "PAR", "BGROUP", "EGROUP", "MATH", "ALIGN", "PARAM",
              "SUP", "SUB", "ACTIVE", "RAW")

_SPECIAL_KIND = {"{": BGROUP, "}": EGROUP, "$": MATH, "&": ALIGN, "#": PARAM, "^": SUP,
                 "_": SUB, "~": ACTIVE}

# Environments whose body TeX reads verbatim (or, for `comment`, skips).
RAW_ENVIRONMENTS = ("verbatim", "verbatim*", "Verbatim", "Verbatim*", "BVerbatim", "LVerbatim",
                    "lstlisting", "minted", "comment", "filecontents", "filecontents*", "alltt",
                    "spverbatim", "pycode", "sagesilent", "sageblock", "luacode", "luacode*",
                    "tcblisting", "dot2tex", "asy")

_RAW_ENV = "|".join(re.escape(name) for name in RAW_ENVIRONMENTS)
_TOKEN_PATTERN = r"""
 (?P<rawenv>\\begin[ \t]*\{(?P<envname>%(env)s)\})
|(?P<verb>\\(?:verb|lstinline|Verb)\*?(?:\[[^\]\n]{0,200}\])?(?P<delim>[^A-Za-z\s}]))
|(?P<mint>\\mintinline[ \t]*(?:\[[^\]\n]{0,200}\])?\{[^}\n]{0,200}\}(?P<mdelim>[^A-Za-z\s}]))
|(?P<url>\\(?:url|path|nolinkurl|href)[ \t]*\{)
|(?P<cs>\\(?:%(letters)s|[^A-Za-z]|$))
|(?P<text>[^\\{}$&#^_~%%\s]+)
|(?P<ws>\s+)
|(?P<comment>%%[^\n\r]*)
|(?P<special>[{}$&#^_~])
"""
# The same without the verbatim branches: a verbatim command the expander found in a macro
# body is read again from its backslash as an ordinary command (expand.py).
_PLAIN_PATTERN = "\n|".join(line for line in _TOKEN_PATTERN.split("\n|")
                            if not line.lstrip().startswith(("(?P<rawenv>", "(?P<verb>",
                                                             "(?P<mint>")))
_TOKEN = re.compile(_TOKEN_PATTERN % {"env": _RAW_ENV, "letters": "[A-Za-z]+"}, re.X)
_TOKEN_AT = re.compile(_TOKEN_PATTERN % {"env": _RAW_ENV, "letters": "[A-Za-z@]+"}, re.X)
_PLAIN = re.compile(_PLAIN_PATTERN % {"env": _RAW_ENV, "letters": "[A-Za-z]+"}, re.X)
_PLAIN_AT = re.compile(_PLAIN_PATTERN % {"env": _RAW_ENV, "letters": "[A-Za-z@]+"}, re.X)
_NEWLINE = re.compile(r"\r\n|\r|\n")
_LINE_END = re.compile(r"[\r\n]")
_LETTERS = re.compile(r"[A-Za-z]+")


class LexState:
    """What a lexer of one file knows that a restarted lexer must keep: whether `@` is a
    letter (after \\makeatletter), where the current line ends, and the verbatim
    environments already known to have no `\\end` after some offset."""

    __slots__ = ("at_letter", "line_end", "line_from", "unclosed")

    def __init__(self, at_letter: bool = False):
        self.at_letter = at_letter
        self.line_from = self.line_end = -1
        """No line break in text[line_from:line_end]; one at line_end (or the end)."""
        self.unclosed: dict[str, int] = {}

    def end_of_line(self, text: str, offset: int) -> int:
        """Where the line holding `offset` ends, found once per line."""
        if not self.line_from <= offset <= self.line_end:
            found = _LINE_END.search(text, offset)
            self.line_from, self.line_end = offset, (found.start() if found else len(text))
        return self.line_end


class Tok:
    """A token: its kind, text, and where it stands in the document as written.

    For a token produced by expanding an author macro, `file`/`pos`/`end` are the
    macro call in the document (`\\vx` or `\\norm{v}`) and `macro` is that macro's
    name; tokens of the macro's arguments keep their own places.
    """

    __slots__ = ("end", "file", "kind", "macro", "pos", "text")

    def __init__(self, kind: int, text: str, file: str, pos: int, end: int,
                 macro: str | None = None):
        self.kind = kind
        self.text = text
        self.file = file
        self.pos = pos
        self.end = end
        self.macro = macro

    def __repr__(self) -> str:
        return f"Tok({KIND_NAMES[self.kind]}, {self.text!r}, {self.file}:{self.pos})"

    def same(self, other: Tok) -> bool:
        """Same kind and text (TeX's notion of token equality)."""
        return self.kind == other.kind and self.text == other.text


def lex(text: str, file: str, at_letter: bool = False,
        warnings: list[tuple[int, str]] | None = None, *, start: int = 0,
        plain_at: int = -1, state: LexState | None = None) -> Iterator[Tok]:
    """Tokens of `text` from offset `start`. `at_letter` makes '@' a letter (in .sty files
    and after \\makeatletter). At offset `plain_at` no verbatim is recognised (the expander
    re-reads a macro body's `\\begin{verbatim}` as a command). `state` carries what a
    restarted lexer must keep (see LexState). Problems (an unterminated verbatim) are
    appended to `warnings`."""
    if state is None:
        state = LexState(at_letter)
    pos = start
    length = len(text)
    after_word = False  # TeX skips the spaces after a control word
    after_comment = False  # ... and the end of line that ends a comment
    while pos < length:
        if pos == plain_at:
            match = (_PLAIN_AT if state.at_letter else _PLAIN).match(text, pos)
        else:
            match = (_TOKEN_AT if state.at_letter else _TOKEN).match(text, pos)
        if match is None:  # cannot happen: every character matches some branch
            pos += 1
            continue
        group = match.lastgroup
        end = match.end()
        if group == "text":
            after_word = after_comment = False
            yield Tok(TEXT, match.group(), file, pos, end)
        elif group == "ws":
            token = _whitespace(match.group(), file, pos, end, after_word, after_comment)
            if token is not None:
                yield token
            after_comment = False
        elif group == "cs":
            name = match.group()[1:]
            after_comment = False
            if name == "makeatletter":
                state.at_letter = True
            elif name == "makeatother" and not at_letter:
                state.at_letter = False
            after_word = name[:1].isalpha() or name[:1] == "@"
            if name == "":  # a lone backslash at the very end
                after_word = False
                name = " "
            yield Tok(CS, name, file, pos, end)
        elif group == "special":
            after_word = after_comment = False
            char = match.group()
            yield Tok(_SPECIAL_KIND[char], char, file, pos, end)
        elif group == "comment":
            after_comment = True
        else:
            token = _raw(group, match, text, file, pos, warnings, state)
            after_word = token.kind == CS  # a broken \\verb read as a command
            after_comment = False
            yield token
            end = token.end
        pos = end


def _whitespace(space: str, file: str, pos: int, end: int, after_word: bool,
                after_comment: bool) -> Tok | None:
    newlines = len(_NEWLINE.findall(space))
    if after_comment and newlines:
        newlines -= 1  # the comment's own end of line
    if newlines >= 2:
        return Tok(PAR, "\n\n", file, pos, end)
    if after_word or (after_comment and newlines == 0):
        return None
    return Tok(SPACE, " ", file, pos, end)


def _raw(group: str | None, match: re.Match[str], text: str, file: str, pos: int,
         warnings: list[tuple[int, str]] | None, state: LexState) -> Tok:
    """A RAW token for a verbatim-like region; its text names what it was. A broken
    inline verbatim is the command alone (a CS token), so the rest is read normally."""
    if group == "rawenv":
        return _raw_environment(match, text, file, pos, warnings, state)
    if group in ("verb", "mint"):
        delim = match.group("delim" if group == "verb" else "mdelim")
        closer = "}" if delim == "{" else delim
        stop = text.find(closer, match.end(), state.end_of_line(text, match.end()))
        if stop < 0:
            name = _LETTERS.match(text, pos + 1)
            name_end = name.end() if name else pos + 1
            if warnings is not None:
                warnings.append((pos, f"\\{text[pos + 1:name_end]} is not closed on its line; "
                                      "read as a command"))
            return Tok(CS, text[pos + 1:name_end], file, pos, name_end)
        return Tok(RAW, "verb", file, pos, stop + 1)
    # \url{...}: the argument is verbatim (it may hold % and #); braces still nest.
    depth = 1
    index = match.end()
    while index < len(text) and depth:
        char = text[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == "\n" and text.startswith("\n", index + 1):
            break
        index += 1
    return Tok(RAW, "url", file, pos, index)


def _raw_environment(match: re.Match[str], text: str, file: str, pos: int,
                     warnings: list[tuple[int, str]] | None, state: LexState) -> Tok:
    name = match.group("envname")
    known_unclosed = state.unclosed.get(name)
    found = None
    if known_unclosed is None or match.end() < known_unclosed:
        closing = re.compile(r"\\end[ \t]*\{" + re.escape(name) + r"\}")
        found = closing.search(text, match.end())
    if found is None:
        state.unclosed[name] = min(match.end(), known_unclosed or match.end())
        if warnings is not None:
            warnings.append((pos, f"\\begin{{{name}}} is never ended; the rest of the "
                                  "file is read as verbatim"))
        return Tok(RAW, name, file, pos, len(text))
    return Tok(RAW, name, file, pos, found.end())


def split_text(token: Tok) -> tuple[Tok, Tok | None]:
    """The first character of a TEXT token as its own token, and the rest (or None).
    TeX reads an undelimited macro argument as one character: `\\frac12`."""
    if token.kind != TEXT or len(token.text) == 1:
        return token, None
    first = token.text[0]
    if token.macro is None:
        head = Tok(TEXT, first, token.file, token.pos, token.pos + 1)
        rest = Tok(TEXT, token.text[1:], token.file, token.pos + 1, token.end)
    else:  # a macro's body: every piece keeps the call's place
        head = Tok(TEXT, first, token.file, token.pos, token.end, token.macro)
        rest = Tok(TEXT, token.text[1:], token.file, token.pos, token.end, token.macro)
    return head, rest
