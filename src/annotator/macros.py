"""Author macros: what a definition means, and how a call is replaced by its body.

Covers \\newcommand, \\renewcommand, \\providecommand (argument count and optional-argument
default), \\def with `#1` parameters (delimited ones too: `\\def\\pair(#1,#2){...}`), \\let,
\\DeclareMathOperator(*), \\DeclarePairedDelimiter(X), xparse's \\NewDocumentCommand, and
\\newenvironment. Reading the tokens of a definition is the expander's job (expand.py);
this module holds the result and performs substitution.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .lexer import PARAM, TEXT, Tok
from .model import MacroDef

# How one argument is read: 'm' mandatory, 'o' optional [..] with a default,
# 's' an optional star, ('until', tokens) a \def argument delimited by tokens.
ArgSpec = tuple[str, tuple[Tok, ...] | None]

# Macros that must never be expanded, even when a style file redefines them: the later
# stages read them as structure (a .sty doing \renewcommand\section{\@startsection...}
# would otherwise hide every section title).
PROTECTED = frozenset({
    "begin", "end", "section", "subsection", "subsubsection", "paragraph", "subparagraph",
    "chapter", "part", "label", "ref", "eqref", "cref", "Cref", "autoref", "pageref",
    "cite", "citep", "citet", "caption", "title", "author", "footnote", "item", "input",
    "include", "usepackage", "RequirePackage", "documentclass", "newcommand",
    "renewcommand", "providecommand", "def", "let", "maketitle", "bibliography",
    "appendix", "tag", "text", "mbox", "ensuremath", "left", "right", "icmltitle",
    "footnotetext", "marginpar", "bibitem", "thanks",
})


@dataclass
class Macro:
    """A macro's meaning: its arguments and its body as a template.

    `body` mixes tokens and ints: an int n stands for argument #n.
    """

    name: str
    args: list[ArgSpec]
    body: list[Tok | int]
    definition: MacroDef
    end_body: list[Tok | int] | None = None
    """For environments: what \\end{name} becomes."""
    prefix: tuple[Tok, ...] = ()
    """For \\def with text before #1 (`\\def\\pair(#1,#2)`): tokens that must follow the name."""
    alias: bool = False
    """\\let to a primitive: the body is the target, emitted without further expansion."""
    from_package: bool = False
    """Defined in a local style file, not by the author in the paper."""
    uses: int = field(default=0)


def make_template(tokens: list[Tok], nargs: int) -> list[Tok | int]:
    """A body with `#n` turned into argument numbers and `##` into `#`."""
    template: list[Tok | int] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.kind == PARAM and index + 1 < len(tokens):
            following = tokens[index + 1]
            if following.kind == PARAM:
                template.append(following)
                index += 2
                continue
            if following.kind == TEXT and following.text[0].isdigit():
                number = int(following.text[0])
                if 1 <= number <= max(nargs, 1):
                    template.append(number)
                    if len(following.text) > 1:
                        template.append(Tok(TEXT, following.text[1:], following.file,
                                            following.pos + 1, following.end))
                    index += 2
                    continue
        template.append(token)
        index += 1
    return template


def substitute(macro: Macro, template: list[Tok | int], args: list[list[Tok]],
               file: str, pos: int, end: int, origin: str) -> list[Tok]:
    """The tokens a call produces: body tokens take the call's place and remember the
    author macro `origin`; argument tokens keep their own places."""
    produced: list[Tok] = []
    append = produced.append
    for item in template:
        if isinstance(item, int):
            if item <= len(args):
                produced.extend(args[item - 1])
        else:
            append(Tok(item.kind, item.text, file, pos, end, origin))
    return produced


def body_text(tokens: list[Tok], texts: dict[str, str]) -> str:
    """The source text of a definition's body, for reports."""
    if not tokens:
        return ""
    first, last = tokens[0], tokens[-1]
    if first.file == last.file and first.macro is None and last.macro is None:
        text = texts.get(first.file)
        if text is not None:
            return text[first.pos:last.end]
    return "".join(("\\" + t.text) if t.kind == 0 else t.text for t in tokens)
