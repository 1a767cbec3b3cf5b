"""The document as one expanded token stream: includes followed, author macros expanded.

Reads the main file and every file it \\input's (\\include, \\subfile, \\import,
\\subimport, \\InputIfFileExists, and local packages loaded with \\usepackage), collects
macro definitions as TeX meets them, and replaces every call of an author macro by its
body, so that `\\be x \\ee` becomes an equation and `\\vx` becomes `\\bm{x}`.
Skipped: \\iffalse ... \\fi (and `\\newif` switches known to be false), everything after
\\end{document}, and the text of local packages (only their definitions are kept).

Expansion has a depth and a size budget: `\\def\\a{\\a\\a}` gives a warning and stops.
The budgets count tokens *and* characters, and are checked before a call's tokens are
made (one 9-argument call must not build 15 M tokens first). Reading is bounded too:
characters read from files in all (an included file counts each time), files open at
once, file reads.

A problem inside one file stays in that file: a group, a `\\def` argument or an
`\\iffalse` that is never closed stops at the end of the file it was opened in (so the
file's own `\\input{main}` cannot re-read the paper 2,000 times), and an unclosed
argument is cut at its paragraph's end (a macro body at the next definition) and the
rest is read again. A verbatim command in a macro body is read as a command, never as
the start of verbatim text.
"""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from . import sources
from .lexer import BGROUP, CS, EGROUP, PAR, PARAM, RAW, SPACE, TEXT, LexState, Tok, lex, split_text
from .macros import PROTECTED, ArgSpec, Macro, body_text, make_template, substitute
from .model import Diagnostic, Location, MacroDef, Paper
from .positions import Positions
from .sources.archive import name_problem
from .sources.latex import include_candidates

MAX_DEPTH = 40
"""Nested expansions allowed before a macro is declared recursive."""
MAX_EXPANDED_TOKENS = 200_000
"""Tokens all expansions together may produce before expansion stops (real papers:
under 10,000)."""
MAX_EXPANDED_CHARS = 250_000
"""Characters all expansions together may produce (real papers: under 20,000): a `\\def`
of 20 KB called 10,000 times is 1 token per call but 200 MB of text."""
MAX_FILE_READS = 2_000
"""Files read (an include counts each time) before further includes are refused."""
MAX_READ_CHARS = 8 * 1024 * 1024
"""Characters read from files in all, an included file counting each time it is read
(`\\input{b}` 2,000 times): about a minute of work at most."""
MAX_DOCUMENT_TOKENS = 1_000_000
"""Tokens of the document read in all (real papers: under 50,000; each costs about 10 µs
through the later stages); reading stops there, as at \\end{document}."""
MAX_INCLUDE_DEPTH = 32
"""Files open at once (an include chain; TeX itself allows 15)."""
MAX_GROUP_TOKENS = 200_000
"""Tokens one macro argument may hold: an unclosed brace must not swallow the paper."""
MAX_REREAD_TOKENS = 1_000_000
"""Tokens read again after unclosed arguments were cut (bounds the recovery's cost)."""

# \if... commands that are not TeX conditionals (they take arguments, or are symbols).
_NOT_CONDITIONALS = frozenset({
    "iff", "ifthenelse", "ifstrequal", "ifdefstring", "ifboolexpr", "ifblank", "ifnumcomp",
    "ifdef", "ifundef", "ifcsdef", "ifcsundef", "ifbool", "iftoggle", "ifdefempty",
    "ifstrempty", "ifnumequal", "ifdimequal", "ifdefined@", "ifnextchar", "ifmtarg",
    "ifempty", "ifcsempty", "ifdefvoid", "ifcsvoid", "ifinlist", "ifdefmacro",
})
_INCLUDE_ONE = frozenset({"input", "include", "subfile", "InputIfFileExists", "includeonly"})
_INCLUDE_TWO = frozenset({"import", "subimport", "inputfrom", "subinputfrom", "includefrom",
                          "subincludefrom"})
_PACKAGE = frozenset({"usepackage", "RequirePackage"})


@dataclass
class _OpenFile:
    path: str
    tokens: Iterator[Tok]
    quiet: bool
    """A local package: its definitions count, its text is not the paper."""
    warnings: list[tuple[int, str]]
    saved_pending: list[Tok]
    """Tokens that were waiting when this file was opened (the rest of a macro body that
    called \\input): they come after the file, as in TeX."""
    saved_frames: list[int]
    state: LexState
    """The lexer's state, kept to restart it (a verbatim command in a macro body)."""
    open_braces: list[Tok] = field(default_factory=list)
    """The file's own `{` not closed yet, in the order read (every token the file's lexer
    gives passes `_next` once, whatever then reads it): left over when the file closes,
    the first is a warning (`{\\bf the input.` never closed)."""
    stray_brace: Tok | None = None
    """The file's first `}` that closed no `{` of its own."""


# Definitions: an unclosed macro body is cut before the next one (macros.tex:
# `\\newcommand{\\src}{\\lstinline[...]` then `\\newcommand{\\vx}{...}` on the next line).
_DEFINING = frozenset({"newcommand", "renewcommand", "providecommand", "DeclareRobustCommand",
                       "def", "gdef", "edef", "xdef", "let", "DeclareMathOperator",
                       "DeclarePairedDelimiter", "DeclarePairedDelimiterX",
                       "NewDocumentCommand", "RenewDocumentCommand", "newenvironment",
                       "renewenvironment", "section", "subsection", "chapter"})


class Expander:
    """Produces the expanded token stream of a paper; collects definitions on the way."""

    def __init__(self, paper: Paper):
        self.paper = paper
        self.texts: dict[str, str] = {}
        self.positions = Positions(self.texts)
        self.macros: dict[str, Macro] = {}
        self.environments: dict[str, Macro] = {}
        self.definitions: list[MacroDef] = []
        self.uses: Counter[str] = Counter()
        self.diagnostics: list[Diagnostic] = []
        self.file_order: list[str] = []
        self._files: list[_OpenFile] = []
        self._pending: list[Tok] = []
        self._frames: list[int] = []
        self._produced = 0
        self._expansion_stopped = False
        self._recursive: set[str] = set()
        self._conditionals: list[str] = []
        self._switches: dict[str, bool] = {}
        self._handlers = dict(_HANDLERS)
        self._closing_brace: Tok | None = None
        self._reads = 0
        self._read_chars = 0
        self._produced_chars = 0
        self._reread = 0
        self._barrier = 0
        """Files below this depth are not closed by _next: a group read inside a file
        ends with that file."""
        self._from_file: Tok | None = None
        """The last token taken from a file's lexer (not from pending tokens)."""
        self._refusals: dict[str, str] = {}
        self._finished = False

    # ----------------------------------------------------------------- reading

    def tokens(self) -> Iterator[Tok]:
        """The expanded tokens of the whole document, in reading order."""
        self._open(self.paper.main, quiet=False, at=None)
        next_token = self._next
        macros = self.macros
        handlers = self._handlers
        files = self._files
        yielded = 0
        while (token := next_token()) is not None:
            if token.kind == CS:
                name = token.text
                handler = handlers.get(name)
                if handler is not None:
                    if handler(self, token):
                        continue
                elif name.startswith("if") and name not in _NOT_CONDITIONALS:
                    if self._conditional(token):
                        continue
                elif name in macros and not (files and files[-1].quiet):
                    macro = macros[name]
                    produced = self._expand(token, macro)
                    if produced is not None:
                        if not macro.alias:
                            self._push_expansion(produced)
                            continue
                        if not produced:
                            continue
                        # \let to a primitive: the primitive, not a later redefinition of it
                        token = produced[0]
            if files and files[-1].quiet:
                continue
            yielded += 1
            if yielded > MAX_DOCUMENT_TOKENS:
                self._warn(token, f"the document passes {MAX_DOCUMENT_TOKENS} tokens here; "
                                  "the rest is not read")
                self._expansion_stopped = True  # nor are its braces' pairs
                self._finish()
                break
            yield token
        self._close_all_files()

    def _next(self) -> Tok | None:
        files = self._files
        while True:
            # A frame (one expansion) ends once all its tokens were taken and the last one
            # has been dealt with, i.e. when the next token is asked for.
            pending = self._pending
            frames = self._frames
            while frames and len(pending) <= frames[-1]:
                frames.pop()
            if pending:
                return pending.pop()
            if not files:
                return None
            token = next(files[-1].tokens, None)
            if token is not None:
                self._from_file = token
                if token.kind == BGROUP:
                    files[-1].open_braces.append(token)
                elif token.kind == EGROUP:
                    self._close_brace(files[-1], token)
                return token
            if len(files) <= self._barrier:
                return None  # a group opened in this file ends with it
            self._close_file()  # may hand back tokens that were waiting for the file

    def _push_back(self, token: Tok) -> None:
        self._pending.append(token)

    def _peek(self) -> Tok | None:
        token = self._next()
        if token is not None:
            self._push_back(token)
        return token

    def _skip_spaces(self) -> Tok | None:
        """The next token that is not a space (consumed)."""
        while (token := self._next()) is not None and token.kind == SPACE:
            pass
        return token

    def _read_group(self, opening: Tok, definition: bool = False) -> list[Tok]:
        """Tokens up to the brace matching `opening` (consumed, braces excluded); the
        closing brace is left in `self._closing_brace`. The group ends with the file it
        was opened in; an unclosed one is cut (see _cut_unclosed). In a `definition` body
        a verbatim command is read again as a command (`\\lstinline` in a macro)."""
        depth = 1
        found: list[Tok] = []
        self._closing_brace = opening
        barrier, self._barrier = self._barrier, len(self._files)
        try:
            while (token := self._next()) is not None:
                if token.kind == BGROUP:
                    depth += 1
                elif token.kind == EGROUP:
                    depth -= 1
                    if depth == 0:
                        self._closing_brace = token
                        return found
                elif token.kind == RAW and definition and token is self._from_file \
                        and token.text != "url":  # a \url's braces nest: it cannot swallow
                    self._reread_plain(token)
                    continue
                found.append(token)
                if len(found) > MAX_GROUP_TOKENS:
                    break
        finally:
            self._barrier = barrier
        return self._cut_unclosed(opening, found, definition)

    def _cut_unclosed(self, opening: Tok, found: list[Tok], definition: bool) -> list[Tok]:
        """An unclosed group is cut where the damage is smallest: an argument at its
        paragraph's end, a macro body at the end of its line (or the next definition,
        or the paragraph's end, whichever comes first: `\\newcommand{\\bad}{\\mathbf{b}`
        must not swallow the `\\begin{document}` on the next line); what follows the cut
        is read again. Returns the group's tokens."""
        line_end = -1
        if definition and opening.macro is None:
            line_end = self.texts.get(opening.file, "").find("\n", opening.pos)
        cut, where = None, ""
        for index, token in enumerate(found):
            if token.kind == PAR:
                cut, where = index, "the end of its paragraph"
            elif definition and token.kind == CS and token.text in _DEFINING:
                cut, where = index, "the next definition"
            elif 0 <= line_end < token.pos and token.file == opening.file \
                    and token.macro is None:
                cut, where = index, "the end of its line"
            if cut is not None:
                break
        if cut is None or self._reread + len(found) - cut > MAX_REREAD_TOKENS:
            self._warn(opening, "unbalanced braces: this '{' is never closed")
            return found
        self._reread += len(found) - cut
        self._pending.extend(reversed(found[cut:]))
        self._warn(opening, f"unbalanced braces: this '{{' is never closed; read up to {where}")
        return found[:cut]

    def _reread_plain(self, raw: Tok) -> None:
        """Lex the current file again from `raw`, its verbatim command read as a command:
        in a macro body `\\begin{lstlisting}` or `\\verb` only become verbatim where the
        macro is used, and lexing them as verbatim here swallows the paper."""
        current = self._files[-1]
        text = self.texts[current.path]
        current.warnings[:] = [w for w in current.warnings if w[0] != raw.pos]
        current.tokens = lex(text, current.path, current.state.at_letter, current.warnings,
                             start=raw.pos, plain_at=raw.pos, state=current.state)
        self._from_file = None

    def _read_argument(self, definition: bool = False) -> tuple[list[Tok], Tok | None]:
        """One undelimited argument: a braced group or a single token."""
        token = self._skip_spaces()
        if token is None:
            return [], None
        if token.kind == BGROUP:
            group = self._read_group(token, definition)
            return group, self._closing_brace
        if token.kind == TEXT:
            head, rest = split_text(token)
            if rest is not None:
                self._push_back(rest)
            return [head], head
        return [token], token

    def _read_optional(self) -> tuple[list[Tok] | None, Tok | None]:
        """An optional [argument], or (None, None) when the next token is not '['."""
        token = self._skip_spaces()
        if token is None:
            return None, None
        if token.kind != TEXT or not token.text.startswith("["):
            self._push_back(token)
            return None, None
        _bracket, rest = split_text(token)
        if rest is not None:
            self._push_back(rest)
        return self._read_until_char("]", token)

    def _read_until_char(self, char: str, opening: Tok) -> tuple[list[Tok], Tok | None]:
        """Tokens up to `char` at brace depth 0 (consumed, `char` excluded)."""
        depth = 0
        found: list[Tok] = []
        barrier, self._barrier = self._barrier, len(self._files)
        try:
            while (token := self._next()) is not None:
                if token.kind == BGROUP:
                    depth += 1
                elif token.kind == EGROUP:
                    depth -= 1
                elif token.kind == TEXT and depth == 0 and char in token.text:
                    cut = token.text.index(char)
                    before, after = token.text[:cut], token.text[cut + 1:]
                    if before:
                        found.append(_piece(token, before, 0))
                    if after:
                        self._push_back(_piece(token, after, cut + 1))
                    return found, token
                elif token.kind == PAR and char == "]":
                    self._push_back(token)
                    break
                found.append(token)
                if len(found) > MAX_GROUP_TOKENS:
                    break
        finally:
            self._barrier = barrier
        self._warn(opening, f"'{char}' expected but never found")
        return found, found[-1] if found else opening

    def _read_star(self) -> bool:
        """Consume an optional '*' right after a command name."""
        token = self._peek()
        if token is not None and token.kind == TEXT and token.text.startswith("*"):
            self._next()
            if len(token.text) > 1:
                self._push_back(_piece(token, token.text[1:], 1))
            return True
        return False

    def _read_name(self) -> tuple[str | None, Tok | None]:
        """A command name given as `\\name` or `{\\name}`."""
        token = self._skip_spaces()
        if token is None:
            return None, None
        if token.kind == CS:
            return token.text, token
        if token.kind == BGROUP:
            group = self._read_group(token)
            names = [t for t in group if t.kind == CS]
            return (names[0].text if names else None), token
        self._push_back(token)
        return None, token

    def _read_text_argument(self) -> str:
        """A braced argument as plain text (an environment or file name)."""
        group, _last = self._read_argument()
        return _plain(group)

    # --------------------------------------------------------------- expansion

    def _expand(self, call: Tok, macro: Macro) -> list[Tok] | None:
        """The tokens that replace `call`, or None to leave the call as it is."""
        if self._expansion_stopped or macro.name in self._recursive:
            return None
        if len(self._frames) >= MAX_DEPTH:
            self._recursive.add(macro.name)
            if not macro.from_package:
                self._warn(call, f"\\{macro.name} expands more than {MAX_DEPTH} levels deep "
                                 "(a recursive definition?); it is left unexpanded")
            return None
        read = self._read_call_arguments(macro, call)
        if read is None:
            return None
        args, last = read
        return self._instantiate(call, macro, macro.body, args, last)

    def _instantiate(self, call: Tok, macro: Macro, template: list[Tok | int],
                     args: list[list[Tok]], last: Tok | None, use: bool = True
                     ) -> list[Tok] | None:
        """The template's tokens for this call, or None once the budget is spent (the
        call is then left as it is); `use` is False for an environment's end (its
        \\begin counted the use)."""
        if not self._within_budget(call, macro, template, args):
            return None
        if call.macro is None:
            end = call.end
            if last is not None and last.file == call.file and last.macro is None \
                    and last.end > end:
                end = last.end
            origin = macro.name
        else:
            end, origin = call.end, call.macro
        if use:
            macro.uses += 1
            self.uses[macro.definition.name] += 1  # `env:proof` for an environment
        return substitute(macro, template, args, call.file, call.pos, end, origin)

    def _within_budget(self, call: Tok, macro: Macro, template: list[Tok | int],
                       args: list[list[Tok]]) -> bool:
        """Count what this call will produce, before producing it: tokens and characters
        against MAX_EXPANDED_TOKENS and MAX_EXPANDED_CHARS."""
        if self._expansion_stopped:
            return False
        sizes = [(len(arg), sum(len(t.text) for t in arg)) for arg in args]
        tokens = chars = 0
        for item in template:
            if isinstance(item, int):
                if item <= len(sizes):
                    tokens += sizes[item - 1][0]
                    chars += sizes[item - 1][1]
            else:
                tokens += 1
                chars += len(item.text)
        self._produced += tokens
        self._produced_chars += chars
        if self._produced <= MAX_EXPANDED_TOKENS and self._produced_chars <= MAX_EXPANDED_CHARS:
            return True
        self._expansion_stopped = True
        what = (f"{MAX_EXPANDED_TOKENS} tokens" if self._produced > MAX_EXPANDED_TOKENS
                else f"{MAX_EXPANDED_CHARS} characters")
        self._warn(call, f"macro expansion would produce more than {what} (at "
                         f"\\{macro.name}); expansion stops here and the rest of the paper is "
                         "read with its macros unexpanded")
        return False

    def _push_expansion(self, produced: list[Tok]) -> None:
        if produced:
            base = len(self._pending)
            self._pending.extend(reversed(produced))
            self._frames.append(base)

    def _read_call_arguments(self, macro: Macro, call: Tok
                             ) -> tuple[list[list[Tok]], Tok | None] | None:
        last: Tok | None = call
        for expected in macro.prefix:
            token = self._next()
            if token is not None and token.kind == TEXT and expected.kind == TEXT \
                    and token.text != expected.text and token.text.startswith(expected.text):
                self._push_back(_piece(token, token.text[len(expected.text):],
                                       len(expected.text)))
                continue
            if token is None or not token.same(expected):
                if token is not None:
                    self._push_back(token)
                self._warn(call, f"\\{macro.name} used without the text its \\def requires")
                return None
        args: list[list[Tok]] = []
        for kind, extra in macro.args:
            if kind == "m":
                arg, end = self._read_argument()
            elif kind == "o":
                value, end = self._read_optional()
                # A default is part of the definition: it takes the call's place.
                arg = value if value is not None else [
                    Tok(t.kind, t.text, call.file, call.pos, call.end, call.macro or macro.name)
                    for t in extra or ()]
            elif kind == "s":
                self._read_star()
                arg, end = [], None
            else:  # delimited \def argument
                arg, end = self._read_delimited(extra or (), call)
            args.append(arg)
            last = end or last
        return args, last

    def _read_delimited(self, delimiter: tuple[Tok, ...], call: Tok
                        ) -> tuple[list[Tok], Tok | None]:
        """A \\def argument that runs up to `delimiter` (tokens, compared character-wise)."""
        if len(delimiter) == 1 and delimiter[0].kind == TEXT and len(delimiter[0].text) == 1:
            return self._read_until_char(delimiter[0].text, call)
        found: list[Tok] = []
        depth = 0
        barrier, self._barrier = self._barrier, len(self._files)
        try:
            while (token := self._next()) is not None:
                if depth == 0 and delimiter and token.same(delimiter[0]):
                    return found, token
                if token.kind == BGROUP:
                    depth += 1
                elif token.kind == EGROUP:
                    depth -= 1
                found.append(token)
                if len(found) > MAX_GROUP_TOKENS or token.kind == PAR:
                    break
        finally:
            self._barrier = barrier
        self._warn(call, "delimited macro argument never ends")
        return found, found[-1] if found else call

    # ------------------------------------------------------------- definitions

    def _define(self, name: str | None, command: str, where: Tok, args: list[ArgSpec],
                body: list[Tok], nargs: int, *, prefix: tuple[Tok, ...] = (),
                environment: bool = False, end_body: list[Tok] | None = None,
                alias: bool = False, shown: list[Tok] | None = None) -> None:
        """Record a definition and make the macro (or environment) expand; `shown` is
        what the report gives as its body when `body` is built rather than read."""
        if not name:
            self._warn(where, f"\\{command} without a name; ignored")
            return
        default = next((extra for kind, extra in args if kind == "o"), None)
        definition = MacroDef(
            name=("env:" + name) if environment else name, command=command, nargs=nargs,
            default=None if default is None else body_text(list(default), self.texts),
            body=body_text(body if shown is None else shown, self.texts) + (
                "" if end_body is None else " | " + body_text(end_body, self.texts)),
            location=self._location(where))
        self.definitions.append(definition)
        if name in PROTECTED or "@" in name:
            return
        if self._in_package() and any(t.kind == CS and "@" in t.text for t in body):
            # A style file's machinery (\renewcommand\large{\@setfontsize\large...}) is not
            # notation, and expanding it in the paper would only loop.
            return
        table = self.environments if environment else self.macros
        if command.startswith("provide") and name in table:
            return
        if command == "newcommand" and name in table and not self._in_package():
            return  # LaTeX refuses to redefine with \newcommand: the first meaning stays
        table[name] = Macro(name=name, args=args, body=make_template(body, nargs),
                            definition=definition, prefix=prefix, alias=alias,
                            from_package=self._in_package(),
                            end_body=None if end_body is None else make_template(end_body, nargs))

    def _on_newcommand(self, token: Tok) -> bool:
        command = token.text
        self._read_star()
        name, _ = self._read_name()
        count, _ = self._read_optional()
        default, _ = self._read_optional()
        nargs = _int_of(count)
        body, _last = self._read_argument(definition=True)
        args: list[ArgSpec] = [("m", None)] * nargs
        if default is not None and nargs:
            args[0] = ("o", tuple(default))
        self._define(name, command, token, args, body, nargs)
        return True

    def _on_def(self, token: Tok) -> bool:
        name_token = self._skip_spaces()
        if name_token is None or name_token.kind != CS:
            if name_token is not None:
                self._push_back(name_token)
            self._warn(token, f"\\{token.text} without a command name; ignored")
            return True
        parameter_text: list[Tok] = []
        while (item := self._next()) is not None and item.kind != BGROUP:
            parameter_text.append(item)
            if len(parameter_text) > 64:
                break
        if item is None or item.kind != BGROUP:
            self._warn(token, f"\\{token.text}\\{name_token.text}: no body found")
            return True
        body = self._read_group(item, definition=True)
        prefix, args = _def_parameters(parameter_text)
        self._define(name_token.text, token.text, token, args, body, len(args), prefix=prefix)
        return True

    def _on_let(self, token: Tok) -> bool:
        name_token = self._skip_spaces()
        if name_token is None or name_token.kind != CS:
            if name_token is not None:
                self._push_back(name_token)
            return True
        target = self._skip_spaces()
        if target is not None and target.kind == TEXT and target.text.startswith("="):
            if len(target.text) > 1:
                target = _piece(target, target.text[1:], 1)
            else:
                target = self._skip_spaces()
        if target is None:
            return True
        existing = self.macros.get(target.text) if target.kind == CS else None
        if existing is not None:
            self.definitions.append(MacroDef(name_token.text, "let", existing.definition.nargs,
                                             existing.definition.default,
                                             existing.definition.body, self._location(token)))
            if name_token.text not in PROTECTED:
                self.macros[name_token.text] = Macro(
                    name=name_token.text, args=existing.args, body=existing.body,
                    definition=self.definitions[-1], prefix=existing.prefix,
                    alias=existing.alias)
            return True
        self._define(name_token.text, "let", token, [], [target], 0, alias=target.kind == CS)
        return True

    def _on_math_operator(self, token: Tok) -> bool:
        star = self._read_star()
        name, _ = self._read_name()
        text, _last = self._read_argument(definition=True)
        body = [_synthetic(CS, "operatorname", token)]
        if star:
            body.append(_synthetic(TEXT, "*", token))
        body += [_synthetic(BGROUP, "{", token), *text, _synthetic(EGROUP, "}", token)]
        self._define(name, token.text, token, [], body, 0, shown=text)
        return True

    def _on_paired_delimiter(self, token: Tok) -> bool:
        name, _ = self._read_name()
        count = None
        if token.text == "DeclarePairedDelimiterX":
            count, _ = self._read_optional()
        left, _ = self._read_argument(definition=True)
        right, _ = self._read_argument(definition=True)
        nargs = _int_of(count) if count is not None else 1
        if token.text == "DeclarePairedDelimiterX":
            inner, _ = self._read_argument(definition=True)
        else:
            inner = [_synthetic(PARAM, "#", token), _synthetic(TEXT, "1", token)]
        # \norm*{x} and \norm[\big]{x} read like \norm{x}: the size does not change the math.
        args: list[ArgSpec] = [("s", None), ("o", ())] + [("m", None)] * nargs
        body = [_synthetic(CS, "left", token), *left, *_shift_params(inner, 2),
                _synthetic(CS, "right", token), *right]
        self._define(name, token.text, token, args, body, nargs + 2)
        return True

    def _on_document_command(self, token: Tok) -> bool:
        name, _ = self._read_name()
        spec, _ = self._read_argument()
        body, _ = self._read_argument(definition=True)
        args = _xparse_args(spec)
        self._define(name, token.text, token, args, body, len(args))
        return True

    def _on_newenvironment(self, token: Tok) -> bool:
        self._read_star()
        name = self._read_text_argument()
        args: list[ArgSpec]
        if token.text.endswith("DocumentEnvironment"):
            spec, _ = self._read_argument()
            args = _xparse_args(spec)
        else:
            count, _ = self._read_optional()
            default, _ = self._read_optional()
            args = [("m", None)] * _int_of(count)
            if default is not None and args:
                args[0] = ("o", tuple(default))
        begin, _ = self._read_argument(definition=True)
        end, _ = self._read_argument(definition=True)
        self._define(name, token.text, token, args, begin, len(args), environment=True,
                     end_body=end)
        return True

    def _environment_name(self) -> tuple[str, list[Tok]] | None:
        """The `{name}` after `\\begin` or `\\end`, with the tokens read for it (given back
        when the environment is none of the author's: `\\begin{align}`); None, and
        nothing read, when no brace follows."""
        opening = self._skip_spaces()
        if opening is None or opening.kind != BGROUP:
            if opening is not None:
                self._push_back(opening)
            return None
        group = self._read_group(opening)
        return ("".join(t.text for t in group if t.kind == TEXT).strip(),
                [opening, *group, _closing(group, opening)])

    def _on_begin(self, token: Tok) -> bool:
        braced = self._environment_name()
        if braced is None:
            return False
        name, read_ahead = braced
        environment = self.environments.get(name)
        if environment is None or self._expansion_stopped:
            self._give_back(read_ahead)
            return False
        read = self._read_call_arguments(environment, token)
        if read is None:
            return True
        args, last = read
        produced = self._instantiate(token, environment, environment.body, args, last)
        if produced is not None:
            self._push_expansion(produced)
        return True

    def _on_end(self, token: Tok) -> bool:
        braced = self._environment_name()
        if braced is None:
            return False
        name, read_ahead = braced
        if name == "document":  # TeX reads nothing after it
            self._finish()
            self._give_back(read_ahead)
            return False
        environment = self.environments.get(name)
        produced = None
        if environment is not None and environment.end_body is not None:
            produced = self._instantiate(token, environment, environment.end_body, [], None,
                                         use=False)
        if produced is None:
            self._give_back(read_ahead)
            return False
        self._push_expansion(produced)
        return True

    def _give_back(self, tokens: list[Tok]) -> None:
        """Tokens read ahead for nothing (the `{name}` after a \\begin that is not an
        author environment) go back to be read again."""
        self._pending.extend(reversed(tokens))

    def _on_newif(self, token: Tok) -> bool:
        """\\newif\\iffoo: \\iffoo is false until \\footrue."""
        name_token = self._skip_spaces()
        if name_token is None or name_token.kind != CS or not name_token.text.startswith("if"):
            if name_token is not None:
                self._push_back(name_token)
            return True
        switch = name_token.text[2:]
        self._switches[switch] = False

        def setter(value: bool) -> Callable[[Expander, Tok], bool]:
            def set_switch(expander: Expander, _token: Tok) -> bool:
                expander._switches[switch] = value
                return True
            return set_switch

        self._handlers[switch + "true"] = setter(True)
        self._handlers[switch + "false"] = setter(False)
        return True

    # ------------------------------------------------------------ conditionals

    def _conditional(self, token: Tok) -> bool:
        """\\iffalse, \\iftrue and \\newif switches; other \\if... pass through."""
        name = token.text
        value: bool | None
        if name == "iffalse":
            value = False
        elif name == "iftrue":
            value = True
        else:
            value = self._switches.get(name[2:])
        if value is None:
            self._conditionals.append("unknown")
            return False
        if value:
            self._conditionals.append("true")
            return True
        if self._skip_branch(token):  # stopped at \else: read the false branch
            self._conditionals.append("else")
        return True

    def _skip_branch(self, start: Tok) -> bool:
        """Skip to the matching \\else (True) or \\fi (False)."""
        depth = 0
        barrier, self._barrier = self._barrier, len(self._files)
        try:
            while (token := self._next()) is not None:
                if token.kind != CS:
                    continue
                name = token.text
                if name.startswith("if") and name not in _NOT_CONDITIONALS:
                    depth += 1
                elif name == "fi":
                    if depth == 0:
                        return False
                    depth -= 1
                elif name == "else" and depth == 0:
                    return True
        finally:
            self._barrier = barrier
        self._warn(start, f"\\{start.text} is never closed by \\fi; the rest of "
                          f"{start.file} is skipped")
        return False

    def _on_else(self, token: Tok) -> bool:
        """After a true branch, skip the false one; an unknown test keeps both."""
        if not self._conditionals or self._conditionals[-1] == "unknown":
            return False
        if self._conditionals.pop() == "true":
            self._skip_branch(token)
        return True

    def _on_fi(self, token: Tok) -> bool:
        if self._conditionals:
            return self._conditionals.pop() != "unknown"
        return False

    # ---------------------------------------------------------------- includes

    def _on_include(self, token: Tok) -> bool:
        name = self._include_name(token)
        if token.text == "includeonly" or name is None:
            return True
        if token.text == "InputIfFileExists":
            then_branch, _ = self._read_argument()
            else_branch, _ = self._read_argument()
            if self._open_include(name, token, warn_missing=False):
                self._push_expansion(then_branch)  # LaTeX runs it just before the file
            else:
                self._push_expansion(else_branch)
            return True
        self._open_include(name, token)
        return True

    def _include_name(self, token: Tok) -> str | None:
        following = self._skip_spaces()
        if following is None:
            return None
        if following.kind == BGROUP:
            return _plain(self._read_group(following)) or None
        if following.kind == TEXT and token.text == "input":  # \input file.tex
            return following.text
        self._push_back(following)
        return None

    def _on_import(self, token: Tok) -> bool:
        self._read_star()
        folder = self._read_text_argument()
        name = self._read_text_argument()
        if token.text.startswith("sub") and self._files:
            folder = posixpath.join(posixpath.dirname(self._files[-1].path), folder)
        self._open_include(posixpath.join(folder, name), token)
        return True

    def _on_package(self, token: Tok) -> bool:
        self._read_optional()
        names = self._read_text_argument()
        for name in reversed([n.strip() for n in names.split(",") if n.strip()]):
            path = next((c for c in include_candidates(name + ".sty")
                         if sources.exists(self.paper, c)), None)
            if path is not None and all(f.path != path for f in self._files):
                self._open(path, quiet=True, at=token)
        self._read_optional()  # \usepackage{x}[2020/01/01]
        return True

    def _open_include(self, name: str, token: Tok, warn_missing: bool = True) -> bool:
        current = self._files[-1].path if self._files else ""
        shown = _shown_name(name)
        problem = name_problem(name)
        if problem:
            self._warn(token, f"refused \\{token.text}{{{shown}}}: {problem}")
            return False
        candidates = include_candidates(name, posixpath.dirname(current))
        if not candidates:
            self._warn(token, f"refused \\{token.text}{{{shown}}}: the path leaves the "
                              "paper's root")
            return False
        for candidate in candidates:
            if sources.exists(self.paper, candidate, self._refusals):
                if any(f.path == candidate for f in self._files):
                    self._warn(token, f"include loop: {candidate} is already being read; "
                                      "not read again")
                    return False
                return self._open(candidate, quiet=False, at=token)
        refused = next((self._refusals[c] for c in candidates if c in self._refusals), None)
        if refused is not None:
            self._warn(token, f"\\{token.text}{{{shown}}}: {refused}; skipped")
        elif warn_missing:
            self._warn(token, f"\\{token.text}{{{shown}}}: file not found in the paper; skipped")
        return False

    def _open(self, path: str, quiet: bool, at: Tok | None) -> bool:
        if self._finished:
            return False
        self._reads += 1
        if self._reads > MAX_FILE_READS:
            if at is not None:
                self._warn(at, f"more than {MAX_FILE_READS} file reads; {path} skipped")
            return False
        if len(self._files) >= MAX_INCLUDE_DEPTH:
            if at is not None:
                self._warn(at, f"more than {MAX_INCLUDE_DEPTH} files open at once (an include "
                               f"chain that deep is not a paper); {path} skipped")
            return False
        source = sources.fetch(self.paper, path)
        if source is None:
            return False
        if self._read_chars + len(source.text) > MAX_READ_CHARS:
            if at is not None:
                self._warn(at, f"{path} skipped: reading it would take the characters read "
                               f"from files past {MAX_READ_CHARS} (an included file counts "
                               "each time it is read)")
            return False
        self._read_chars += len(source.text)
        self.texts[path] = source.text
        if path not in self.file_order:
            self.file_order.append(path)
        warnings: list[tuple[int, str]] = []
        state = LexState(path.endswith((".sty", ".cls")))
        self._files.append(_OpenFile(path, lex(source.text, path, state.at_letter, warnings,
                                               state=state), quiet,
                                     warnings, self._pending, self._frames, state))
        self._pending = []
        self._frames = []
        return True

    @staticmethod
    def _close_brace(file: _OpenFile, token: Tok) -> None:
        if file.open_braces:
            file.open_braces.pop()
        elif file.stray_brace is None:
            file.stray_brace = token

    def _brace_warnings(self, closing: _OpenFile) -> None:
        """The file's braces that do not pair, said once each (TeX stops on both); an
        argument's unclosed `{` was already said where it was cut (_cut_unclosed)."""
        if closing.quiet or self._expansion_stopped:
            return
        said = {(d.location.file, d.location.offset) for d in self.diagnostics
                if d.location is not None and d.message.startswith("unbalanced braces")}
        if closing.stray_brace is not None:
            self._warn(closing.stray_brace, "unbalanced braces: this '}' closes no '{' of "
                                            "this file")
        unsaid = [t for t in closing.open_braces if (t.file, t.pos) not in said]
        if unsaid:
            more = len(closing.open_braces) - 1
            self._warn(unsaid[0], "unbalanced braces: this '{' is never closed in this file"
                       + (f" ({more + 1} unclosed in all)" if more > 0 else ""))

    def _close_file(self) -> None:
        self._brace_warnings(self._files[-1])
        closing = self._files.pop()
        for offset, message in closing.warnings:
            self.diagnostics.append(Diagnostic(message,
                                               self.positions.location(closing.path, offset)))
        closing.warnings.clear()
        if not self._finished:
            self._pending = closing.saved_pending + self._pending
            self._frames = closing.saved_frames

    def _close_all_files(self) -> None:
        while self._files:
            self._close_file()

    def _finish(self) -> None:
        """\\end{document}: stop reading every file."""
        self._finished = True
        self._pending.clear()
        self._frames.clear()
        self._close_all_files()

    def _on_string(self, token: Tok) -> bool:
        """\\string\\foo and \\noexpand\\foo: \\foo is typeset or kept, never expanded."""
        self._next()
        return True

    def _on_ifstar(self, token: Tok) -> bool:
        """`\\@ifstar{A}{B}`: A when a `*` follows (consumed), else B. A paper's
        `\\def\\norm{\\@ifstar{\\oldnorm}{\\oldnorm*}}` makes `\\norm{x}` the
        auto-sized norm; left alone, `@ifstar` would be read as a symbol."""
        starred, _ = self._read_argument()
        plain, _ = self._read_argument()
        while (following := self._peek()) is not None and following.kind == SPACE:
            self._next()
        self._push_expansion(starred if self._read_star() else plain)
        return True

    def _on_endinput(self, token: Tok) -> bool:
        """\\endinput: the rest of the current file is not read."""
        if self._files and token.macro is None and token.file == self._files[-1].path:
            self._pending.clear()
            self._frames.clear()
            self._files[-1].tokens = iter(())
        return True

    # ------------------------------------------------------------------ helpers

    def _location(self, token: Tok) -> Location:
        return self.positions.location(token.file, token.pos)

    def _in_package(self) -> bool:
        """True while reading a local style file (only its definitions count)."""
        return bool(self._files) and self._files[-1].quiet

    def _warn(self, token: Tok, message: str) -> None:
        if self._in_package():
            return  # a style file's internals are not the author's concern
        self.diagnostics.append(Diagnostic(message, self._location(token)))


def _shown_name(name: str, limit: int = 80) -> str:
    """An include's name as a message shows it: control characters visible, long names
    shortened (`\\input{a<NUL>b}`, a 300-character name)."""
    visible = "".join(char if char.isprintable() else repr(char)[1:-1] for char in name)
    return visible if len(visible) <= limit else visible[:limit] + "..."


def _plain(tokens: list[Tok]) -> str:
    """Tokens as the text they were written as (`math_commands.tex` has a SUB token)."""
    return "".join(("\\" + t.text) if t.kind == CS else t.text for t in tokens).strip()


def _piece(token: Tok, text: str, start: int) -> Tok:
    """Part of a TEXT token, `start` characters in."""
    if token.macro is not None:
        return Tok(TEXT, text, token.file, token.pos, token.end, token.macro)
    return Tok(TEXT, text, token.file, token.pos + start, token.pos + start + len(text))


def _synthetic(kind: int, text: str, where: Tok) -> Tok:
    return Tok(kind, text, where.file, where.pos, where.end, where.macro)


def _closing(group: list[Tok], opening: Tok) -> Tok:
    after = group[-1] if group else opening
    return Tok(EGROUP, "}", after.file, after.end, after.end + 1, after.macro)


def _int_of(tokens: list[Tok] | None) -> int:
    text = "".join(t.text for t in tokens or () if t.kind == TEXT).strip()
    return int(text) if text.isdigit() and int(text) <= 9 else 0


def _shift_params(tokens: list[Tok], by: int) -> list[Tok]:
    """`#1` becomes `#(1+by)`: the paired delimiter's own star and size come first."""
    shifted: list[Tok] = []
    previous_param = False
    for token in tokens:
        if previous_param and token.kind == TEXT and token.text[0].isdigit():
            number = int(token.text[0]) + by
            token = Tok(TEXT, str(number) + token.text[1:], token.file, token.pos, token.end,
                        token.macro)
        previous_param = token.kind == PARAM and not previous_param
        shifted.append(token)
    return shifted


def _def_parameters(parameter_text: list[Tok]) -> tuple[tuple[Tok, ...], list[ArgSpec]]:
    """The prefix and argument specs of a \\def parameter text such as `#1#2` or `(#1,#2)`."""
    pieces: list[Tok] = []
    for token in parameter_text:
        if token.kind == TEXT and len(token.text) > 1:
            pieces.extend(Tok(TEXT, char, token.file, token.pos + i, token.pos + i + 1)
                          for i, char in enumerate(token.text))
        elif token.kind != SPACE or pieces:
            pieces.append(token)
    prefix: list[Tok] = []
    args: list[ArgSpec] = []
    index = 0
    while index < len(pieces) and pieces[index].kind != PARAM:
        prefix.append(pieces[index])
        index += 1
    while index < len(pieces):
        if pieces[index].kind == PARAM:
            index += 2  # '#' and its digit
            delimiter: list[Tok] = []
            while index < len(pieces) and pieces[index].kind != PARAM:
                delimiter.append(pieces[index])
                index += 1
            args.append(("until", tuple(delimiter)) if delimiter else ("m", None))
        else:
            index += 1
    return tuple(prefix), args


def _xparse_args(spec: list[Tok]) -> list[ArgSpec]:
    """Argument specs from an xparse signature: m, o, O{default}, s (others read as m)."""
    letters = "".join(t.text for t in spec if t.kind == TEXT).replace(" ", "")
    args: list[ArgSpec] = []
    index = 0
    groups = iter(_groups(spec))
    while index < len(letters):
        letter = letters[index]
        if letter == "O":
            args.append(("o", tuple(next(groups, []))))
        elif letter == "o":
            args.append(("o", ()))
        elif letter == "s":
            args.append(("s", None))
        elif letter in "mrRvdDeEtb":
            args.append(("m", None))
        index += 1
    return args


def _groups(tokens: list[Tok]) -> list[list[Tok]]:
    groups: list[list[Tok]] = []
    depth = 0
    for token in tokens:
        if token.kind == BGROUP:
            depth += 1
            if depth == 1:
                groups.append([])
                continue
        elif token.kind == EGROUP:
            depth -= 1
            if depth == 0:
                continue
        if depth >= 1:
            groups[-1].append(token)
    return groups


_HANDLERS: dict[str, Callable[[Expander, Tok], bool]] = {
    **dict.fromkeys(("newcommand", "renewcommand", "providecommand", "DeclareRobustCommand"),
                    Expander._on_newcommand),
    **dict.fromkeys(("def", "gdef", "edef", "xdef"), Expander._on_def),
    "let": Expander._on_let,
    "DeclareMathOperator": Expander._on_math_operator,
    **dict.fromkeys(("DeclarePairedDelimiter", "DeclarePairedDelimiterX"),
                    Expander._on_paired_delimiter),
    **dict.fromkeys(("NewDocumentCommand", "RenewDocumentCommand", "ProvideDocumentCommand",
                     "DeclareDocumentCommand"), Expander._on_document_command),
    **dict.fromkeys(("newenvironment", "renewenvironment", "provideenvironment",
                     "NewDocumentEnvironment", "RenewDocumentEnvironment"),
                    Expander._on_newenvironment),
    "begin": Expander._on_begin,
    "end": Expander._on_end,
    "newif": Expander._on_newif,
    "else": Expander._on_else,
    "fi": Expander._on_fi,
    **dict.fromkeys(_INCLUDE_ONE, Expander._on_include),
    **dict.fromkeys(_INCLUDE_TWO, Expander._on_import),
    **dict.fromkeys(_PACKAGE, Expander._on_package),
    "endinput": Expander._on_endinput,
    "@ifstar": Expander._on_ifstar,
    **dict.fromkeys(("string", "noexpand"), Expander._on_string),
}
