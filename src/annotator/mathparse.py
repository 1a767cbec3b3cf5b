"""One math span's tokens as a small tree: atoms with font and accents, scripts, fences,
fractions, and prose inside math.

This is not a full TeX math parser; it keeps what notation depends on:
`\\boldsymbol{W}^\\top` is a bold W atom with a superscript, `\\|x\\|_2` a norm fence with a
subscript, `\\mathrm{softmax}` one word, `\\text{ if } x > 0` prose with math inside.
Every node remembers the file and offsets of its tokens, and the outermost author macro
it came from, so that a symbol can be reported where the author wrote it.
"""

from __future__ import annotations

import re

from .latex_tables import (
    ACCENTS,
    BIG_OPERATORS,
    CONSTANT_LETTERLIKE,
    DIFFERENTIAL_COMMANDS,
    FENCE_KINDS,
    FONT_COMMANDS,
    FONT_ORDER,
    FONT_SWITCHES,
    GREEK,
    IGNORED,
    KNOWN_WORDS,
    LETTERLIKE,
    NAMED_FUNCTIONS,
    NOTABLE_OPERATORS,
    NOTABLE_RELATIONS,
    ORDINARY,
    SIZING,
    SKIP_ARGUMENT,
    TEXT_IN_MATH,
    TRANSPARENT,
    TWO_ARGUMENTS,
    UNICODE_GREEK,
    UPRIGHT_GREEK,
)
from .lexer import ACTIVE, ALIGN, BGROUP, CS, EGROUP, MATH, SPACE, SUB, SUP, TEXT, Tok

MAX_NESTING = 100
PLACEHOLDER_COMMAND = "annotatorplaceholder"
"""Patterns' ?name placeholders are read as \\annotatorplaceholder{name} (patterns.py)."""
"""Groups nested deeper than this are read flat: a pathological span must not recurse."""


class Node:
    """Anything in a formula; `file`, `start`, `end` locate its tokens in the source."""

    __slots__ = ("end", "file", "macro", "start")

    def __init__(self, file: str, start: int, end: int, macro: str | None = None):
        self.file = file
        self.start = start
        self.end = end
        self.macro = macro


class Atom(Node):
    """A single symbol: a letter, a digit run, a command, or an upright word.

    kind: 'letter' (Latin or Greek or letter-like), 'number', 'word' (an upright
    multi-letter name, or a known function written in italics), 'function' (\\log),
    'bigop' (\\sum), 'operator' (\\nabla, \\odot), 'relation' (\\sim, :=), 'open', 'close',
    'ordinary' (+, =, \\le, ...), 'separator' (&, \\\\), 'other' (an unknown command).
    """

    __slots__ = ("accent_commands", "accents", "font", "font_command", "italic_word", "kind",
                 "name")

    def __init__(self, kind: str, name: str, token: Tok, start: int | None = None,
                 end: int | None = None):
        super().__init__(token.file, token.pos if start is None else start,
                         token.end if end is None else end, token.macro)
        self.kind = kind
        self.name = name
        self.font = ""
        self.font_command = ""
        self.accents: tuple[str, ...] = ()
        self.accent_commands: tuple[str, ...] = ()
        self.italic_word = False

    def __repr__(self) -> str:
        font = f"{self.font}:" if self.font else ""
        accents = "".join(f"{a}:" for a in self.accents)
        return f"Atom({self.kind} {accents}{font}{self.name})"


class Group(Node):
    """Braced content, or the content of a script or a command argument."""

    __slots__ = ("children",)

    def __init__(self, children: list[Node], file: str, start: int, end: int):
        super().__init__(file, start, end)
        self.children = children

    def __repr__(self) -> str:
        return f"Group({self.children!r})"


class Scripted(Node):
    """A nucleus with a subscript and/or superscript and primes: x_i^2, W^Q, f''."""

    __slots__ = ("base", "primes", "sub", "sup")

    def __init__(self, base: Node, sub: Group | None, sup: Group | None, primes: int, end: int):
        super().__init__(base.file, base.start, end, base.macro)
        self.base = base
        self.sub = sub
        self.sup = sup
        self.primes = primes

    def __repr__(self) -> str:
        return f"Scripted({self.base!r}, _={self.sub!r}, ^={self.sup!r}, '={self.primes})"


class Fenced(Node):
    """Delimited content: (...), [...], \\|...\\|, |...|, \\langle...\\rangle, floor, ceil."""

    __slots__ = ("children", "kind", "left", "right")

    def __init__(self, kind: str, left: str, right: str, children: list[Node], file: str,
                 start: int, end: int, macro: str | None):
        super().__init__(file, start, end, macro)
        self.kind = kind
        self.left = left
        self.right = right
        self.children = children

    def __repr__(self) -> str:
        return f"Fenced({self.kind}, {self.children!r})"


class Command(Node):
    """A command with math arguments: \\frac{a}{b}, \\sqrt[n]{x}, \\overset{a}{b}."""

    __slots__ = ("args", "name")

    def __init__(self, name: str, args: list[Group], token: Tok, end: int):
        super().__init__(token.file, token.pos, end, token.macro)
        self.name = name
        self.args = args

    def __repr__(self) -> str:
        return f"Command({self.name}, {self.args!r})"


class Text(Node):
    """Prose inside math (\\text{...}); `children` holds math nested inside it."""

    __slots__ = ("children", "command", "words")

    def __init__(self, command: str, words: str, children: list[Node], token: Tok, end: int):
        super().__init__(token.file, token.pos, end, token.macro)
        self.command = command
        self.words = words
        self.children = children

    def __repr__(self) -> str:
        return f"Text({self.words!r}, {self.children!r})"


def split_characters(tokens: list[Tok]) -> list[Tok]:
    """TEXT runs split into one token per character (math reads `QK` as Q times K)."""
    out: list[Tok] = []
    for token in tokens:
        if token.kind != TEXT or len(token.text) == 1:
            out.append(token)
            continue
        if token.macro is None:
            base = token.pos
            out.extend(Tok(TEXT, char, token.file, base + i, base + i + 1)
                       for i, char in enumerate(token.text))
        else:
            out.extend(Tok(TEXT, char, token.file, token.pos, token.end, token.macro)
                       for char in token.text)
    return out


def combine_fonts(outer: str, inner: str) -> str:
    """The font of `\\bm{\\mathsf{A}}` from its layers: 'bold' + 'sf' = 'bold-sf'.
    An inner family replaces an outer one; bold stays; bold + rm is just bold."""
    if not outer:
        return inner
    if not inner:
        return outer
    parts = set(outer.split("-")) | set(inner.split("-"))
    families = [f for f in FONT_ORDER[1:] if f in inner.split("-")] or \
               [f for f in FONT_ORDER[1:] if f in outer.split("-")]
    result = (["bold"] if "bold" in parts else []) + families[-1:]
    if result == ["bold", "rm"]:
        return "bold"
    if result == ["bold", "bb"]:
        return "bb"
    return "-".join(result)


class Parser:
    """Recursive descent over a span's tokens (see the module docstring)."""

    def __init__(self, tokens: list[Tok]):
        self.tokens = split_characters(tokens)
        self.index = 0
        self.depth = 0
        self.last_end = 0

    # ---------------------------------------------------------------- helpers

    def _peek(self) -> Tok | None:
        tokens, index = self.tokens, self.index
        while index < len(tokens) and tokens[index].kind == SPACE:
            index += 1
        return tokens[index] if index < len(tokens) else None

    def _next(self) -> Tok | None:
        tokens = self.tokens
        while self.index < len(tokens) and tokens[self.index].kind == SPACE:
            self.index += 1
        if self.index >= len(tokens):
            return None
        token = tokens[self.index]
        self.index += 1
        return token

    def _skip_star(self) -> None:
        token = self._peek()
        if token is not None and token.kind == TEXT and token.text == "*":
            self._next()

    def _argument(self, font: str = "", font_command: str = "") -> Group:
        """One argument: a braced group or a single token, parsed as math."""
        token = self._next()
        if token is None:
            return Group([], "", 0, 0)
        if token.kind == BGROUP:
            children = self.parse_list(font, font_command, closing=EGROUP)
            end = self.tokens[self.index - 1].end if self.index else token.end
            return Group(children, token.file, token.pos, end)
        self.index -= 1
        node = self._atom(font, font_command)
        if node is None:
            return Group([], token.file, token.pos, token.end)
        return Group([node], node.file, node.start, node.end)

    def _raw_argument(self) -> list[Tok]:
        """A braced argument's tokens, unparsed (skipped or read as text). `self.last_end`
        is then the end of the argument, closing brace included."""
        token = self._next()
        if token is None:
            return []
        self.last_end = token.end
        if token.kind != BGROUP:
            return [token]
        depth, found = 1, []
        while self.index < len(self.tokens):
            token = self.tokens[self.index]
            self.index += 1
            if token.kind == BGROUP:
                depth += 1
            elif token.kind == EGROUP:
                depth -= 1
                if depth == 0:
                    self.last_end = token.end
                    break
            found.append(token)
        return found

    def _optional(self) -> list[Tok] | None:
        token = self._peek()
        if token is None or token.kind != TEXT or token.text != "[":
            return None
        self._next()
        found: list[Tok] = []
        depth = 0
        while (token := self._next()) is not None:
            if token.kind == BGROUP:
                depth += 1
            elif token.kind == EGROUP:
                depth -= 1
            elif token.kind == TEXT and token.text == "]" and depth == 0:
                break
            found.append(token)
        return found

    # ---------------------------------------------------------------- parsing

    def parse(self) -> list[Node]:
        """The whole span."""
        nodes = self.parse_list("", "", closing=None)
        while self.index < len(self.tokens):  # a stray '}' stopped the list: read on
            self.index += 1
            nodes.extend(self.parse_list("", "", closing=None))
        return nodes

    def parse_list(self, font: str, font_command: str, closing: int | None,
                   right: bool = False) -> list[Node]:
        """Nodes up to `closing` (consumed) or, with `right`, up to \\right (not consumed)."""
        self.depth += 1
        nodes: list[Node] = []
        try:
            while (token := self._peek()) is not None:
                if token.kind == EGROUP:
                    self._next()
                    if closing == EGROUP:
                        break
                    continue
                if right and token.kind == CS and token.text == "right":
                    break
                if token.kind == CS and token.text in TEXT_FONT_SWITCHES:
                    self._skip_group_rest()  # {\sffamily Note}: the rest of the group is text
                    continue
                if token.kind == CS and token.text in FONT_SWITCHES:
                    self._next()
                    following = self._peek()
                    if following is None or following.kind != BGROUP:
                        font = combine_fonts(font, FONT_SWITCHES[token.text])
                        font_command = token.text
                        continue
                    # \rm{data} reads like \mathrm{data}
                    switched = self._font_argument(token, font, font_command,
                                                   FONT_SWITCHES[token.text])
                    if switched is not None:
                        nodes.append(self._scripts(switched))
                    continue
                node = self._atom(font, font_command)
                if node is None:
                    continue
                nodes.append(self._scripts(node))
        finally:
            self.depth -= 1
        return _merge_words(_pair_fences(_merge_defines(_merge_upright(nodes))))

    def _skip_group_rest(self) -> None:
        """Skip to the end of the current group (its closing brace is left for the caller)."""
        depth = 0
        while self.index < len(self.tokens):
            kind = self.tokens[self.index].kind
            if kind == EGROUP and depth == 0:
                return
            depth += 1 if kind == BGROUP else -1 if kind == EGROUP else 0
            self.index += 1

    def _scripts(self, node: Node) -> Node:
        """Attach _ ^ and primes that follow `node`."""
        sub: Group | None = None
        sup: Group | None = None
        primes = 0
        end = node.end
        while (token := self._peek()) is not None:
            if token.kind == SUB and sub is None:
                self._next()
                sub = self._argument()
                end = max(end, sub.end)
            elif token.kind == SUP and sup is None:
                self._next()
                sup = self._argument()
                end = max(end, sup.end)
            elif token.kind == TEXT and token.text == "'" and sup is None:
                self._next()
                primes += 1
                end = max(end, token.end)
            else:
                break
        if sub is None and sup is None and primes == 0:
            return node
        return Scripted(node, sub, sup, primes, end)

    def _atom(self, font: str, font_command: str) -> Node | None:
        token = self._next()
        if token is None:
            return None
        kind = token.kind
        if kind == TEXT:
            return self._character(token, font, font_command)
        if kind == CS:
            return self._command(token, font, font_command)
        if kind == BGROUP:
            if self.depth > MAX_NESTING:
                return None
            children = self.parse_list(font, font_command, closing=EGROUP)
            end = self.tokens[self.index - 1].end
            if len(children) == 1 and isinstance(children[0], Atom | Scripted):
                return children[0]  # {x} reads as x
            return Group(children, token.file, token.pos, end)
        if kind == ALIGN:
            return Atom("separator", "&", token)
        if kind in (SUB, SUP):  # a script with no nucleus: x{}_i, or {}^{(i)}
            self.index -= 1
            empty = Atom("ordinary", "", token, token.pos, token.pos)
            return empty
        return None

    def _character(self, token: Tok, font: str, font_command: str) -> Node | None:
        char = token.text
        if char.isdigit():
            end = token.end
            name = char
            while self.index < len(self.tokens):
                following = self.tokens[self.index]
                if following.kind == TEXT and (following.text.isdigit() or (
                        following.text == "." and self.index + 1 < len(self.tokens)
                        and self.tokens[self.index + 1].text.isdigit())):
                    name += following.text
                    end = following.end
                    self.index += 1
                else:
                    break
            atom = Atom("number", name, token, token.pos, end)
            atom.font, atom.font_command = font, font_command
            return atom
        if char.isalpha():
            greek = UNICODE_GREEK.get(char)
            if greek in ("nabla", "partial"):
                return Atom("operator", greek, token)
            atom = Atom("letter", greek or char, token)
            atom.font, atom.font_command = font, font_command
            return atom
        if char in "([":
            return Atom("open", char, token)
        if char in ")]":
            return Atom("close", char, token)
        if char == "|":
            return Atom("ordinary", "|", token)
        if char in UNICODE_GREEK:
            return Atom("letter", UNICODE_GREEK[char], token)
        return Atom("ordinary", char, token)

    def _command(self, token: Tok, font: str, font_command: str) -> Node | None:
        name = token.text
        if name == PLACEHOLDER_COMMAND:  # a ?name of a knowledge-base pattern
            raw = self._raw_argument()
            placeholder = Atom("placeholder", "".join(t.text for t in raw), token, token.pos,
                               self.last_end)
            placeholder.font, placeholder.font_command = font, font_command
            return placeholder
        if name in GREEK or name in UPRIGHT_GREEK or name in LETTERLIKE:
            atom = Atom("letter", UPRIGHT_GREEK.get(name, name), token)
            if name in CONSTANT_LETTERLIKE:
                atom.kind = "ordinary"
            atom.font, atom.font_command = font, font_command
            return atom
        if name in FONT_COMMANDS:
            return self._font_argument(token, font, font_command)
        if name in DIFFERENTIAL_COMMANDS:  # \dd x (physics): the upright d of \mathrm{d}x
            atom = Atom("letter", "d", token)
            atom.font, atom.font_command = "rm", name
            return atom
        if name in ACCENTS:
            return self._accent(token, font, font_command)
        if name in ("operatorname", "operatornamewithlimits"):
            self._skip_star()
            if self._single_letter_ahead():
                # \operatorname{E} is an upright E, \operatorname*{\mathbb{E}} (the body
                # of \DeclareMathOperator*{\Exp}{\mathbb{E}}) a blackboard E: letters in
                # a font, keyed like \mathrm{E} and \mathbb{E}, not a word named "E".
                return self._font_argument(token, font, font_command, meaning="rm")
            return self._word_argument(token, "word")
        if name in TEXT_IN_MATH:
            return self._text(token)
        if name == "arg":
            following = self._peek()
            if following is not None and following.kind == CS and following.text in (
                    "max", "min"):
                self._next()
                return Atom("function", "arg" + following.text, token, token.pos,
                            following.end)
            return Atom("function", name, token)
        if name in NAMED_FUNCTIONS:
            return Atom("function", name, token)
        if name in BIG_OPERATORS:
            return Atom("bigop", name, token)
        if name in NOTABLE_OPERATORS:
            return Atom("operator", name, token)
        if name in NOTABLE_RELATIONS:
            return Atom("relation", name, token)
        if name == "left":
            return self._left_right(token)
        if name in ("begin", "end"):
            self._environment_marker(name)
            return Atom("separator", name, token)
        if name in TWO_ARGUMENTS or name in ("sqrt", "xrightarrow", "xleftarrow"):
            return self._with_arguments(token)
        if name in TRANSPARENT:
            if name in ("underbrace", "overbrace", "underbracket", "overbracket"):
                inner = self._argument(font, font_command)
                return Command(name, [inner], token, inner.end)
            inner = self._argument(font, font_command)
            if len(inner.children) == 1:
                return inner.children[0]
            return inner
        if name in SKIP_ARGUMENT:
            self._optional()
            for _ in range(SKIP_ARGUMENT[name]):
                self._raw_argument()
            if name in ("textcolor", "colorbox"):
                return self._argument(font, font_command)
            return None
        if name in SIZING:
            return None
        if name in ("quad", "qquad"):
            # kept, as a gap between clauses: `\forall x \in \mathbb{S}^2 \quad |f(x)| \to 0`
            # types x by the sphere alone (canonical.CLAUSE_BREAKS)
            return Atom("ordinary", name, token)
        if name in IGNORED:
            return Atom("separator", name, token) if name in ("\\", "cr", "newline") else None
        if name in ORDINARY:
            if name in ("|", "Vert", "lVert", "rVert", "vert", "lvert", "rvert", "langle",
                        "rangle", "lfloor", "rfloor", "lceil", "rceil", "{", "}", "lbrace",
                        "rbrace"):
                return Atom("fence", "\\" + name, token)
            return Atom("ordinary", name, token)
        if name in ("not", "cancelto"):
            return None
        if len(name) == 1 and not name.isalpha():
            return Atom("ordinary", name, token)
        return Atom("other", name, token)

    def _font_argument(self, token: Tok, font: str, font_command: str,
                       meaning: str | None = None) -> Node | None:
        meaning = FONT_COMMANDS[token.text] if meaning is None else meaning
        new_font = combine_fonts(font, meaning)
        command = token.text if meaning == "bold" or not font_command else font_command
        if token.text in ("textbf", "textrm", "textnormal", "textup", "textsf", "texttt",
                          "textit"):
            # \textnormal{a} (the DL book's random variable): a single letter in a text font.
            start = self.index
            raw = self._raw_argument()
            if any(t.kind == MATH for t in raw):
                self.index = start  # \textrm{if $j \le d$}: words around math, as \text
                return self._text(token)
            letters = [t for t in split_characters(raw) if t.kind == TEXT]
            if len(letters) == 1 and letters[0].text.isalpha():
                end = self.last_end if token.macro is None else token.end
                atom = Atom("letter", letters[0].text, token, token.pos, end)
                atom.font, atom.font_command = new_font, command
                atom.macro = token.macro
                return atom
            if raw and all(t.kind in (TEXT, SPACE, ACTIVE)
                           or (t.kind == CS and t.text in TEXT_SPACES) for t in raw):
                # \textbf{Neural\ network:} is words, whatever spacing commands it holds
                words = " ".join("".join(" " if t.kind in (CS, ACTIVE) else t.text
                                         for t in raw).split())
                end = self.last_end if token.macro is None else token.end
                return Text(token.text, words, [], token, max(end, token.end))
            nested = Parser(raw)
            nested.depth = self.depth + 1
            children = nested.parse_list(new_font, command, closing=None)
            return Group(children, token.file, token.pos, token.end)
        group = self._argument(new_font, command)
        if new_font.split("-")[-1] in ("rm", "tt") or token.text in ("mathup",):
            merged = _merge_upright(group.children)
            group.children = merged
        elif new_font.split("-")[-1] in NAME_FONTS:
            group.children = _merge_capitals(group.children)
        if len(group.children) == 1:
            only = group.children[0]
            if only.file == token.file and token.macro is None and only.macro is None:
                only.start = token.pos  # `\mathrm{det}` as written, command included
                only.end = max(only.end, group.end)
            elif only.file == token.file and token.macro is not None and only.macro is None \
                    and token.pos <= only.start < token.end:
                # `\mc{T}` with \mc -> \mathcal{#1}: \mathcal stands for the whole call and
                # T for its argument; the symbol is written `\mc{T}`, not `T`
                only.start, only.end = token.pos, max(only.end, token.end)
            return only
        return group

    def _accent(self, token: Tok, font: str, font_command: str) -> Node | None:
        inner = self._argument(font, font_command)
        accent = ACCENTS[token.text]
        targets = inner.children
        if len(targets) == 1 and isinstance(targets[0], Atom):
            atom = targets[0]
            atom.accents = (accent, *atom.accents)
            atom.accent_commands = (token.text, *atom.accent_commands)
            atom.start = min(atom.start, token.pos) if atom.file == token.file else token.pos
            atom.end = max(atom.end, inner.end)
            if token.macro is not None:
                atom.macro = token.macro
            return atom
        # \hat{x_i}, \bar{\mathbf{x}}^{(i)} inside the accent, or \widehat{xy}: keep the
        # structure; the tokenizer puts the accent on the nucleus.
        return Command("accent:" + accent, [inner], token, inner.end)

    def _single_letter_ahead(self) -> bool:
        r"""Whether the next argument is one letter, alone or in one font command:
        `{E}`, `{\mathbb{E}}`."""
        start = self.index
        raw = self._raw_argument()
        self.index = start
        fonts = [t for t in raw if t.kind == CS]
        letters = [t for t in split_characters(raw) if t.kind == TEXT]
        others = [t for t in raw if t.kind not in (CS, TEXT, BGROUP, EGROUP)]
        return (len(letters) == 1 and letters[0].text.isalpha() and not others
                and len(fonts) <= 1 and all(t.text in FONT_COMMANDS for t in fonts))

    def _word_argument(self, token: Tok, kind: str) -> Node:
        raw = self._raw_argument()
        # \operatorname{rank_{stable}} is the name rank_stable
        word = "".join("_" if t.kind == SUB else t.text for t in raw
                       if t.kind in (TEXT, SUB))
        word = word.replace(" ", "")
        end = self.last_end if token.macro is None else token.end
        atom = Atom(kind, word, token, token.pos, max(end, token.end))
        atom.font = "rm"
        atom.font_command = token.text
        return atom

    def _text(self, token: Tok) -> Node:
        raw = self._raw_argument()
        words: list[str] = []
        children: list[Node] = []
        index = 0
        while index < len(raw):
            item = raw[index]
            if item.kind == MATH:  # math again inside the text: $...$
                closing = next((j for j in range(index + 1, len(raw)) if raw[j].kind == MATH),
                               len(raw))
                nested = Parser(raw[index + 1:closing])
                nested.depth = self.depth + 1
                children.extend(nested.parse())
                words.append(" ")
                index = closing + 1
                continue
            if item.kind in (TEXT, SPACE):
                words.append(item.text)
            elif item.kind == CS and item.text in ("_",):
                words.append("_")
            index += 1
        end = self.last_end if token.macro is None else token.end
        return Text(token.text, "".join(words).strip(), children, token, max(end, token.end))

    def _left_right(self, token: Tok) -> Node:
        left = self._delimiter()
        children = self.parse_list("", "", closing=None, right=True)
        end = token.end
        right = ""
        following = self._peek()
        if following is not None and following.kind == CS and following.text == "right":
            self._next()
            right = self._delimiter()
            end = self.tokens[self.index - 1].end
        elif self.index:
            end = self.tokens[self.index - 1].end
        kind = FENCE_KINDS.get(left, FENCE_KINDS.get(right, "plain"))
        if left == "." and right in ("\\|", "\\Vert", "\\rVert"):
            kind = "plain"
        return Fenced(kind, left, right, children, token.file, token.pos,
                      end if token.file == self.tokens[self.index - 1].file else token.end,
                      token.macro)

    def _delimiter(self) -> str:
        token = self._next()
        if token is None:
            return ""
        if token.kind == CS:
            return "\\" + token.text
        return token.text

    def _environment_marker(self, which: str) -> None:
        raw = self._raw_argument()
        name = "".join(t.text for t in raw if t.kind == TEXT)
        if which == "begin" and name in _SPEC_ARGUMENTS:
            self._optional()
            for _ in range(_SPEC_ARGUMENTS[name]):
                self._raw_argument()

    def _with_arguments(self, token: Tok) -> Node:
        name = token.text
        args: list[Group] = []
        optional = self._optional()
        if optional is not None:
            nested = Parser(optional)
            nested.depth = self.depth + 1
            children = nested.parse_list("", "", closing=None)
            args.append(Group(children, token.file, token.pos, token.end))
        count = 1 if name in ("sqrt", "xrightarrow", "xleftarrow") else 2
        for _ in range(count):
            args.append(self._argument())
        end = max([token.end] + [a.end for a in args if a.file == token.file])
        if name in ("overset", "stackrel") and len(args) >= 2 and _is_equals(args[-1]):
            return Atom("relation", "defeq", token, token.pos, end)
        return Command(name, args, token, end)


def _is_equals(group: Group) -> bool:
    return len(group.children) == 1 and isinstance(group.children[0], Atom) \
        and group.children[0].name == "="


_SPEC_ARGUMENTS = {"array": 1, "subarray": 1, "tabular": 1, "alignedat": 1, "alignat": 1,
                   "matrix*": 1, "pmatrix*": 1, "bmatrix*": 1, "blockarray": 1, "BMAT": 2}
"""Math environments whose arguments are layout, not math: the column spec of
`\\begin{array}{cc}`, easybmat's `\\begin{BMAT}{cc}{cc}` (columns, rows)."""

TEXT_FONT_SWITCHES = frozenset({"sffamily", "ttfamily", "itshape", "slshape", "scshape",
                                "upshape", "normalfont", "mdseries", "em", "sl", "sc"})
r"""Text-font switches: in math they leave the letters alone, so an author who writes
`{\sffamily Note}` in a formula means text; the rest of the group is skipped."""

TEXT_SPACES = frozenset({" ", ",", ";", ":", "!", "quad", "qquad", "enspace", "thinspace",
                         "-", "/", "&", "%", "#", "newline", "\\"})
"""Commands that are only spacing or punctuation in text: `\\textbf{Step\\ 1:}` is words."""

NAME_FONTS = ("cal", "scr", "frak", "bb")
r"""Fonts in which a run of capitals is one name: `\mathcal{TC}` (a set of trajectories),
`\mathbb{RP}^n` (projective space), never the product of two letters."""


def _merge_capitals(nodes: list[Node]) -> list[Node]:
    r"""Two to four plain capitals as one letter-like name: `\mathcal{TC}` is cal:TC."""
    if not 2 <= len(nodes) <= 4 or not all(
            isinstance(n, Atom) and n.kind == "letter" and n.name.isupper() and n.name.isascii()
            and not n.accents for n in nodes):
        return nodes
    first = nodes[0]
    assert isinstance(first, Atom)
    first.name = "".join(n.name for n in nodes if isinstance(n, Atom))
    first.end = max(n.end for n in nodes)
    return [first]


def _merge_upright(nodes: list[Node]) -> list[Node]:
    """Upright letters run together into words: `\\mathrm{softmax}`, `{\\rm data}`,
    `\\mathrm{head_i}` (the word takes its last letter's script), `\\mathtt{fan\\_in}`."""
    merged: list[Node] = []
    for node in nodes:
        previous = merged[-1] if merged else None
        if _upright_letter(node) and _upright_word_end(previous, node):
            assert isinstance(previous, Atom) and isinstance(node, Atom)
            previous.kind = "word"
            previous.name += node.name
            previous.end = max(previous.end, node.end)
            continue
        if isinstance(node, Atom) and node.name == "_" and _upright_letter(previous):
            previous.kind = "word"  # fan\_in: the underscore joins the word
            previous.name += "_"
            previous.end = max(previous.end, node.end)
            continue
        if isinstance(node, Scripted) and _upright_letter(node.base) \
                and _upright_word_end(previous, node.base):
            assert isinstance(previous, Atom)
            # \mathrm{head_i}: the run 'head' takes the script of its last letter
            previous.kind = "word"
            previous.name += node.base.name
            previous.end = max(previous.end, node.base.end)
            merged[-1] = Scripted(previous, node.sub, node.sup, node.primes, node.end)
            continue
        merged.append(node)
    return merged


def _upright_letter(node: Node | None) -> bool:
    return isinstance(node, Atom) and node.kind in ("letter", "word") and not node.accents \
        and node.font in ("rm", "tt") and node.name.isascii() and node.name[:1].isalpha()


def _upright_word_end(previous: Node | None, node: Node) -> bool:
    """`node` continues the upright word `previous` (same font, no space between)."""
    return _upright_letter(previous) and isinstance(node, Atom) and len(node.name) == 1 \
        and previous.font == node.font and adjacent(previous, node)  # type: ignore[union-attr]


def _merge_words(nodes: list[Node]) -> list[Node]:
    """Italic letter runs that are names, not products, become one word (italic_word):
    a known function (`softmax(x)`, `log p`), a run joined by `\\_` (`step\\_num`),
    three or more letters not all index letters (`pos`, `lrate`; not `ijk`), four or
    more capitals (`BLEU`), or capitals right before '(' (`FFN(x)`). `QK^T` stays Q, K."""
    result: list[Node] = []
    index = 0
    count = len(nodes)
    while index < count:
        node = nodes[index]
        if not _plain_letter(node):
            result.append(node)
            index += 1
            continue
        run, joined = _letter_run(nodes, index)
        last = nodes[run]
        letters = "".join(_letter_of(n) for n in nodes[index:run + 1])
        following = nodes[run + 1] if run + 1 < count else None
        if _is_name(letters, joined, _is_open_paren(following)):
            tail = last.base if isinstance(last, Scripted) else last
            word = Atom("word", letters, Tok(TEXT, letters, node.file, node.start, tail.end,
                                             node.macro))
            word.italic_word = True
            if isinstance(last, Scripted):
                result.append(Scripted(word, last.sub, last.sup, last.primes, last.end))
            else:
                result.append(word)
        else:
            result.extend(nodes[index:run + 1])
        index = run + 1
    return result


def _letter_run(nodes: list[Node], index: int) -> tuple[int, bool]:
    """Index of the last node of the letter run starting at `index` (a scripted letter
    ends it: PE_{pos}), and whether `\\_` joined it."""
    run = index
    joined = False
    while run + 1 < len(nodes) and not isinstance(nodes[run], Scripted):
        following = nodes[run + 1]
        if not adjacent(nodes[run], following):
            break
        if _plain_letter(following) or (isinstance(following, Scripted)
                                        and _plain_letter(following.base)):
            run += 1
        elif isinstance(following, Atom) and following.name == "_" and run + 2 < len(nodes) \
                and _plain_letter(nodes[run + 2]) and adjacent(following, nodes[run + 2]):
            joined = True
            run += 2
        else:
            break
    return run, joined


def adjacent(first: Node, second: Node) -> bool:
    """True when `second` follows `first` with no space: in the same file, or both from the
    same call of an author macro (`\\newcommand{\\parents}{Pa}`)."""
    if first.file != second.file:
        return False
    if first.macro is not None and second.macro == first.macro and second.start == first.start:
        return True
    return second.start == first.end


def _is_name(letters: str, joined: bool, before_argument: bool) -> bool:
    letters_only = letters.replace("_", "")
    if len(letters_only) < 2:
        return False
    if letters in KNOWN_WORDS or joined:
        return True
    if _DIFFERENTIALS.fullmatch(letters_only):
        return False  # `\int\int_A p(x, y) dxdy`: two differentials, no word
    if letters_only.isupper():
        return before_argument or len(letters_only) >= 4
    return len(letters_only) >= 3 and not set(letters_only) <= set("ijklmn")


_DIFFERENTIALS = re.compile(r"(?:d[a-ce-z]){2,}")
"""Differentials written together: dxdy, dtdx, dxdydz."""


def _is_open_paren(node: Node | None) -> bool:
    return (isinstance(node, Atom) and node.kind == "open" and node.name == "(") or (
        isinstance(node, Fenced) and node.kind == "paren")


def _plain_letter(node: Node) -> bool:
    """An italic Latin letter with no font, accent or script."""
    return isinstance(node, Atom) and node.kind == "letter" and not node.font \
        and not node.accents and len(node.name) == 1 and node.name.isascii()


def _merge_defines(nodes: list[Node]) -> list[Node]:
    """`:=` and `\\vcentcolon=` (the \\defeq of many papers) are one relation: defined as."""
    result: list[Node] = []
    for node in nodes:
        previous = result[-1] if result else None
        if isinstance(node, Atom) and node.name == "=" and isinstance(previous, Atom) \
                and previous.name in (":", "vcentcolon", "colon") and adjacent(previous, node):
            merged = Atom("relation", "coloneqq", Tok(TEXT, ":=", previous.file, previous.start,
                                                      node.end, previous.macro))
            result[-1] = merged
            continue
        result.append(node)
    return result


def _letter_of(node: Node) -> str:
    base = node.base if isinstance(node, Scripted) else node
    return base.name if isinstance(base, Atom) else ""



def _pair_fences(nodes: list[Node]) -> list[Node]:
    """`\\|x\\|`, `\\lVert x \\rVert`, `\\langle x, y \\rangle`, `\\lfloor x \\rfloor`
    written without \\left/\\right become Fenced nodes."""
    bars = [n for n in nodes if isinstance(n, Atom) and n.name in ("|", "\\vert")]
    if not any(isinstance(n, Atom) and n.kind == "fence" for n in nodes) and not bars:
        return nodes
    pairs = {"\\lVert": "\\rVert", "\\langle": "\\rangle", "\\lfloor": "\\rfloor",
             "\\lceil": "\\rceil", "\\lvert": "\\rvert", "\\|": "\\|", "\\Vert": "\\Vert"}
    if bars and len(bars) % 2 == 0:
        # |x| and \vert x \vert: an even number of bars at one level pair up as absolute
        # values; a single bar is a conditional (p(a | s)) or a set-builder bar.
        for bar in bars:
            bar.kind = "fence"
        pairs.update({"|": "|", "\\vert": "\\vert"})
    result: list[Node] = []
    index = 0
    while index < len(nodes):
        node = nodes[index]
        base = node.base if isinstance(node, Scripted) else node
        if isinstance(base, Atom) and base.kind == "fence" and base.name in pairs \
                and node is base:
            closing = pairs[base.name]
            for end in range(index + 1, len(nodes)):
                candidate = nodes[end]
                candidate_base = candidate.base if isinstance(candidate, Scripted) else candidate
                if isinstance(candidate_base, Atom) and candidate_base.kind == "fence" \
                        and candidate_base.name == closing \
                        and balanced(nodes[index + 1:end]):
                    # the words inside are read as words too: |d_{att}(epoch) - d_{att}(0)|
                    # holds the word epoch, not the letters e, p, o, c, h
                    fenced = Fenced(FENCE_KINDS.get(base.name, "plain"), base.name, closing,
                                    _merge_words(nodes[index + 1:end]), base.file, base.start,
                                    candidate.end, base.macro)
                    if isinstance(candidate, Scripted):
                        result.append(Scripted(fenced, candidate.sub, candidate.sup,
                                               candidate.primes, candidate.end))
                    else:
                        result.append(fenced)
                    index = end + 1
                    break
            else:
                result.append(node)
                index += 1
            continue
        result.append(node)
        index += 1
    return result


def closing(nodes: list[Node]) -> int:
    """Index of the bracket closing the one that opens `nodes` (len(nodes) when none)."""
    depth = 0
    for index, node in enumerate(nodes):
        if isinstance(node, Atom) and node.kind == "open":
            depth += 1
        elif isinstance(node, Atom) and node.kind == "close":
            depth -= 1
            if depth == 0:
                return index
    return len(nodes)


def balanced(nodes: list[Node]) -> bool:
    """No parenthesis opened or closed across the pair: in `p(a|b) + p(c|d)` the two bars
    are not an absolute value."""
    depth = 0
    for node in nodes:
        if isinstance(node, Atom) and node.kind == "open":
            depth += 1
        elif isinstance(node, Atom) and node.kind == "close":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def parse_math(tokens: list[Tok]) -> list[Node]:
    """The tree of one span's expanded tokens."""
    return Parser(tokens).parse()
