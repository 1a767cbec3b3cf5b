"""Math spans, prose paragraphs and section titles out of the expanded token stream.

Math: `$...$`, `$$...$$`, `\\(...\\)`, `\\[...\\]`, the display environments (equation, align,
gather, multline, eqnarray, flalign, alignat, math, displaymath, their starred forms, ...)
and `\\ensuremath{...}`. Inside math, `\\text{...}` is prose and `$...$` inside it is math
again: `$a \\text{ if $b > 0$}$` is one span with a and b. Labels are taken out of spans.

Prose: paragraphs as text pieces that keep their file offsets, with each inline formula
as a reference to its span, so the definition finder can read "where $d_k$ is the key
dimension" and point back at the source. Footnotes and captions are paragraphs of their own.
Each paragraph says where it stands (body, caption, footnote, algorithm, theorem, proof,
list, ...; and whether it is in the appendix), because a definition in a figure caption or
an `\\State` line is weaker evidence than one in the body text.

A `$` left open at a paragraph break, or an environment with no `\\end`, is closed where
TeX would have complained, with a warning naming where it was opened.

The math read is capped (MAX_MATH_SPANS, MAX_SPAN_CHARS, MAX_MATH_CHARS): reading
costs about 25 µs per character of math, so a macro that expands to a 200 KB formula, or
`\\input{b}` read 100 times, ends with a warning instead of minutes of work.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .lexer import (
    ACTIVE,
    ALIGN,
    BGROUP,
    CS,
    EGROUP,
    MATH,
    PAR,
    RAW_ENVIRONMENTS,
    SPACE,
    SUB,
    SUP,
    TEXT,
    Tok,
)
from .model import Diagnostic, MathSpan, Paragraph, ProsePart, Section
from .positions import Positions

MAX_MATH_SPANS = 20_000
"""Formulas read from one paper (the largest real papers have a few thousand); later ones
are not read."""
MAX_SPAN_CHARS = 200_000
"""Characters of one formula (a 2,000-row align is about 60,000); a longer one is kept
as a span but its symbols are not read."""
MAX_MATH_CHARS = 1_000_000
"""Characters of math read from one paper in all (about 25 s of work)."""

DISPLAY_ENVIRONMENTS = frozenset(
    name + star
    for name in ("equation", "align", "gather", "multline", "eqnarray", "flalign", "alignat",
                 "displaymath", "dmath", "dgroup", "IEEEeqnarray", "empheq", "xalignat",
                 "xxalignat")
    for star in ("", "*"))
INLINE_ENVIRONMENTS = frozenset({"math"})
# Display environments followed by arguments that are not math: \begin{alignat}{2}.
_ENVIRONMENT_ARGUMENTS = {"alignat": 1, "alignat*": 1, "xalignat": 1, "xalignat*": 1,
                          "xxalignat": 1, "IEEEeqnarray": 1, "IEEEeqnarray*": 1, "empheq": 1,
                          "empheq*": 1}
# Text-mode environments whose first arguments are not prose.
_TEXT_ENVIRONMENT_ARGUMENTS = {"tabular": 1, "tabular*": 2, "tabularx": 2, "tabulary": 2,
                               "array": 1, "minipage": 1, "wrapfigure": 2, "wraptable": 2,
                               "subfigure": 1, "multicols": 1, "thebibliography": 1,
                               "list": 2, "longtable": 1, "adjustbox": 1, "threeparttable": 0,
                               "tcolorbox": 0, "spacing": 1}
_NO_PROSE_ENVIRONMENTS = frozenset({"tikzpicture", "axis", "pgfpicture", "forest",
                                    "tikzcd", "semilogyaxis", "loglogaxis", "groupplot"})
SECTIONS = {"part": 0, "chapter": 0, "section": 1, "subsection": 2, "subsubsection": 3,
            "paragraph": 4, "subparagraph": 5}
TEXT_COMMANDS = frozenset({
    "text", "textrm", "textit", "textbf", "textsf", "texttt", "textnormal", "textup",
    "textsl", "textsc", "emph", "mbox", "hbox", "intertext", "shortintertext", "fbox",
    "textmd"})
# Environments that live inside math: their \end does not close the span.
INNER_ENVIRONMENTS = frozenset({
    "array", "aligned", "alignedat", "cases", "dcases", "rcases", "matrix", "pmatrix",
    "bmatrix", "vmatrix", "Vmatrix", "Bmatrix", "smallmatrix", "split", "gathered",
    "subarray", "multlined", "CD", "substack", "numcases", "subnumcases"})
_INLINE_LIKE = frozenset({"$", "\\(", "ensuremath", "math"})
# Text-mode commands followed by this many arguments that are not prose (optional
# [arguments] around them are skipped too): \cite{key}, \setlength{a}{b}, \textcolor{red}.
_SKIP_ARGUMENTS: dict[str, int] = {
    **dict.fromkeys((
        "cite", "citep", "citet", "citealp", "citealt", "citeauthor", "citeyear", "Cite",
        "Citep", "Citet", "parencite", "textcite", "autocite", "nocite", "ref", "eqref",
        "cref", "Cref", "autoref", "pageref", "label", "vref", "includegraphics",
        "bibliography", "bibliographystyle", "usepackage", "documentclass", "vspace",
        "hspace", "pagestyle", "thispagestyle", "theoremstyle", "hypersetup", "graphicspath",
        "captionsetup", "lstset", "tikzset", "pgfplotsset", "color", "newcounter",
        "icmlkeywords", "geometry", "email", "thanks", "cellcolor", "rowcolor",
        "arrayrulecolor", "urlstyle", "addbibresource", "tag", "glsadd", "includepdf",
        "affiliation", "keywords", "newlength", "enlargethispage", "scalebox", "textcolor",
        "colorbox", "raisebox", "icmlsetsymbol", "iclrfinalcopy"), 1),
    **dict.fromkeys((
        "setlength", "addtolength", "setcounter", "addtocounter", "PassOptionsToPackage",
        "newtheorem", "fontsize", "icmlaffiliation", "icmlcorrespondingauthor", "icmlauthor",
        "multicolumn", "multirow", "crefformat", "resizebox", "settowidth"), 2),
    **dict.fromkeys(("definecolor", "specialrule", "newacronym", "crefname", "Crefname"), 3),
    # algorithm2e's set-up: \SetKwInOut{Input}{Input} would read "InputInput"
    **dict.fromkeys(("SetKwInOut", "SetKwInput", "SetKw", "SetKwData", "SetKwFunction",
                     "SetKwHangingKw", "SetKwArray"), 2),
    **dict.fromkeys(("SetKwComment", "SetKwBlock", "SetKwRepeat"), 3),
    **dict.fromkeys(("SetKwProg", "SetKwFor"), 4),
    **dict.fromkeys(("SetKwIF",), 8),
    **dict.fromkeys(("SetKwSwitch",), 9),
    **dict.fromkeys(("SetAlCapFnt", "SetAlFnt", "SetAlCapNameFnt", "SetArgSty", "SetFuncSty",
                     "SetKwSty", "SetCommentSty", "SetDataSty"), 1),
}
_CHARACTER_COMMANDS = {"%": "%", "&": "&", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}",
                       "\\": "\n", " ": " ", ",": " ", ";": " ", ":": " ", "!": "", "/": "",
                       "-": "", "@": "", "ldots": "...", "dots": "...", "textendash": "–",
                       "textemdash": "—", "S": "§", "copyright": "©", "LaTeX": "LaTeX",
                       "TeX": "TeX", "quad": " ", "qquad": " ", "newline": " ",
                       "textasciitilde": "~", "textbackslash": "\\", "ss": "ß", "i": "ı",
                       "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "l": "ł", "L": "Ł",
                       "aa": "å", "AA": "Å", "textquoteright": "’", "textquoteleft": "‘",
                       "eg": "e.g.", "ie": "i.e.", "etal": "et al.", "wrt": "w.r.t."}
# Lines of an algorithm (algorithmic, algorithmicx, algorithm2e): each starts a new sentence.
_ALGORITHM_LINES = frozenset({
    "State", "STATE", "Statex", "Require", "REQUIRE", "Ensure", "ENSURE", "Return", "RETURN",
    "For", "FOR", "ForAll", "FORALL", "EndFor", "ENDFOR", "If", "IF", "ElsIf", "ELSIF", "Else",
    "ELSE", "EndIf", "ENDIF", "While", "WHILE", "EndWhile", "ENDWHILE", "Repeat", "REPEAT",
    "Until", "UNTIL", "Procedure", "EndProcedure", "Function", "EndFunction", "Comment",
    "COMMENT", "KwIn", "KwOut", "KwData", "KwResult", "KwRet", "Input", "Output", "Parameter",
    "Initialize", "Init", "Loop", "EndLoop"})
# The glossaries and acronym packages' references in prose: \gls{label} prints the entry.
_GLOSSARY_REFERENCES = frozenset({
    "gls", "Gls", "GLS", "glspl", "Glspl", "GLSpl", "glstext", "Glstext", "glsentryname",
    "Glsentryname", "glsentrytext", "glsname", "glsfirst", "Glsfirst", "acrshort", "acrlong",
    "acrfull", "Acrshort", "Acrlong", "Acrfull", "acs", "acl", "acf", "ac", "Ac", "acp",
    "Acp", "acsp", "aclp", "acfp", "glsxtrshort", "glsxtrlong", "glsxtrfull"})
_GLOSSARY_LONG = frozenset({"acrlong", "Acrlong", "acl", "aclp", "glsxtrlong", "acrfull",
                            "Acrfull", "acf", "acfp", "glsxtrfull", "glsfirst", "Glsfirst"})


def _key_values(text: str) -> dict[str, str]:
    """`name=样本, description=example` -> {'name': '样本', 'description': 'example'}."""
    found: dict[str, str] = {}
    for item in text.split(","):
        key, _, value = item.partition("=")
        if value:
            found.setdefault(key.strip().lower(), value.strip())
    return found


_BREAKING = frozenset({"section", "subsection", "subsubsection", "chapter", "paragraph",
                       "item", "bibitem", "maketitle", "par"})


@dataclass
class RawSpan:
    """A math span before symbol extraction: its expanded tokens and where it stands."""

    tokens: list[Tok]
    opener: Tok
    closer: Tok | None
    display: bool
    environment: str
    label: str | None = None
    section: int | None = None


@dataclass
class Extraction:
    """What the extractor found, in reading order."""

    spans: list[RawSpan] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    title: str = ""
    diagnostics: list[Diagnostic] = field(default_factory=list)


# Environments that say where a paragraph stands (`context` of model.Paragraph); theorem-like
# environments an author names (`\\newtheorem{thm}{Theorem}`) are classified by their title.
_CONTEXT_ENVIRONMENTS = {
    **dict.fromkeys(("algorithm", "algorithmic", "algorithm2e", "algorithmicx", "procedure",
                     "function"), "algorithm"),
    **dict.fromkeys(("theorem", "lemma", "proposition", "corollary", "claim", "conjecture",
                     "thm", "lem", "prop", "cor", "fact", "observation"), "theorem"),
    **dict.fromkeys(("definition", "defn", "assumption", "assump", "hypothesis", "axiom",
                     "notation", "problem", "setting"), "definition"),
    **dict.fromkeys(("proof", "proofsketch", "proof*"), "proof"),
    **dict.fromkeys(("remark", "example", "note", "rem", "exmp", "exercise"), "remark"),
    **dict.fromkeys(("tabular", "tabular*", "tabularx", "tabulary", "longtable", "table",
                     "table*"), "table"),
    **dict.fromkeys(("figure", "figure*", "wrapfigure", "subfigure", "minipage-figure"),
                    "caption"),
    **dict.fromkeys(("abstract",), "abstract"),
    **dict.fromkeys(("itemize", "enumerate", "description", "compactitem", "compactenum"),
                    "list"),
}
_TITLE_CONTEXTS = (("definition", "definition"), ("assumption", "definition"),
                   ("notation", "definition"), ("proof", "proof"), ("remark", "remark"),
                   ("example", "remark"), ("theorem", "theorem"), ("lemma", "theorem"),
                   ("proposition", "theorem"), ("corollary", "theorem"), ("claim", "theorem"),
                   ("conjecture", "theorem"), ("fact", "theorem"))
_APPENDIX_TITLES = ("appendix", "appendices", "supplementary", "supplemental")


def theorem_context(title: str) -> str | None:
    """The context of an author's theorem-like environment from its printed title:
    `\\newtheorem{asm}{Assumption}` is a 'definition' place, `{lem}{Lemma}` a 'theorem'."""
    lowered = title.lower()
    return next((context for word, context in _TITLE_CONTEXTS if word in lowered), None)


class _Paragraph:
    """A paragraph being built: merges neighbouring text pieces of the same file.

    The piece being extended is kept as a list of strings joined once, when the next
    formula or the paragraph's end comes: a sentence followed by 20,000 `~ ` must not
    copy the sentence 20,000 times."""

    __slots__ = ("_chunks", "_file", "_next", "_offset", "appendix", "context", "parts",
                 "section")

    def __init__(self, section: int | None, context: str = "body", appendix: bool = False):
        self.parts: list[ProsePart] = []
        self.section = section
        self.context = context
        self.appendix = appendix
        self._chunks: list[str] = []
        self._file = ""
        self._offset = 0
        self._next = -1
        """Offset just past the open piece's text, counted in its characters."""

    def add_text(self, text: str, token: Tok) -> None:
        if self._chunks and self._file == token.file and token.macro is None \
                and self._next == token.pos:
            self._chunks.append(text)
            self._next += len(text)
            return
        self._flush()
        self._chunks.append(text)
        self._file, self._offset = token.file, token.pos
        self._next = token.pos + len(text)

    def add_math(self, index: int, token: Tok) -> None:
        self._flush()
        self.parts.append(ProsePart("", token.file, token.pos, index))

    def _flush(self) -> None:
        if self._chunks:
            self.parts.append(ProsePart("".join(self._chunks), self._file, self._offset))
            self._chunks.clear()
            self._next = -1

    def finish(self) -> Paragraph | None:
        self._flush()
        if not any(p.math is not None or p.text.strip() for p in self.parts):
            return None
        return Paragraph(tuple(self.parts), self.section, self.context, self.appendix)


class _Stream:
    """Tokens with push-back."""

    __slots__ = ("_ahead", "_tokens", "last_closing")

    def __init__(self, tokens: Iterable[Tok]):
        self._tokens: Iterator[Tok] = iter(tokens)
        self._ahead: list[Tok] = []
        self.last_closing: Tok | None = None
        """The closing brace of the last group read."""

    def next(self) -> Tok | None:
        if self._ahead:
            return self._ahead.pop()
        return next(self._tokens, None)

    def back(self, token: Tok) -> None:
        self._ahead.append(token)

    def peek(self) -> Tok | None:
        token = self.next()
        if token is not None:
            self._ahead.append(token)
        return token

    def skip_spaces(self) -> Tok | None:
        while (token := self.next()) is not None and token.kind == SPACE:
            pass
        return token

    def opening_brace(self) -> Tok | None:
        """The next token but spaces when it opens a group (`{` of `\\ensuremath{x}`), else
        None, with the token that came instead put back."""
        token = self.skip_spaces()
        if token is None or token.kind == BGROUP:
            return token
        self.back(token)
        return None

    def group(self) -> list[Tok] | None:
        """The next braced group's tokens (braces excluded), or None when there is none."""
        if self.opening_brace() is None:
            return None
        depth, found = 1, []
        while (token := self.next()) is not None:
            if token.kind == BGROUP:
                depth += 1
            elif token.kind == EGROUP:
                depth -= 1
                if depth == 0:
                    self.last_closing = token
                    return found
            elif token.kind == PAR and depth == 1 and len(found) > 2000:
                break
            found.append(token)
        return found

    def optional(self) -> list[Tok] | None:
        """A [bracketed] argument's tokens, or None."""
        token = self.skip_spaces()
        if token is None:
            return None
        if token.kind != TEXT or not token.text.startswith("["):
            self.back(token)
            return None
        found: list[Tok] = []
        if len(token.text) > 1:
            token = Tok(TEXT, token.text[1:], token.file, token.pos + 1, token.end, token.macro)
        else:
            token = self.next()
        depth = 0
        while token is not None:
            if token.kind == BGROUP:
                depth += 1
            elif token.kind == EGROUP:
                depth -= 1
            elif token.kind == TEXT and depth == 0 and "]" in token.text:
                cut = token.text.index("]")
                if cut:
                    found.append(Tok(TEXT, token.text[:cut], token.file, token.pos,
                                     token.pos + cut, token.macro))
                if cut + 1 < len(token.text):
                    self.back(Tok(TEXT, token.text[cut + 1:], token.file, token.pos + cut + 1,
                                  token.end, token.macro))
                return found
            elif token.kind == PAR:
                self.back(token)
                return found
            found.append(token)
            token = self.next()
        return found


def environment_name(tokens: list[Tok]) -> str:
    return "".join(t.text for t in tokens if t.kind in (TEXT, SPACE)).strip()


class Extractor:
    """Walks the expanded tokens once; see the module docstring."""

    def __init__(self, tokens: Iterable[Tok], positions: Positions, texts: dict[str, str]):
        self.stream = _Stream(tokens)
        self.positions = positions
        self.texts = texts
        self.result = Extraction()
        self._paragraph = _Paragraph(None)
        self._held: list[_Paragraph] = []
        self._closers: list[str | None] = []
        self._section: int | None = None
        self._no_prose = 0
        self._contexts: list[tuple[str, str]] = []
        self._environments: list[tuple[str, Tok]] = []
        """Text environments begun and not yet ended (not `document`, not math), to say
        which `\\begin{theorem}` is never ended."""
        """(environment, context) of the open environments that say where prose stands."""
        self._theorem_names: dict[str, str] = {}
        self._glossary: dict[str, tuple[str, str]] = {}
        """The glossaries package's entries: label -> (name or short form, long form)."""
        """Author theorem-like environments and their context (\\newtheorem)."""
        self._appendix = False
        self._math_chars = 0
        self._capped: set[str] = set()

    def run(self) -> Extraction:
        stream = self.stream
        while (token := stream.next()) is not None:
            self._text_token(token)
        self._end_paragraph()
        while self._held:
            self._paragraph = self._held.pop()
            self._end_paragraph()
        for name, token in self._environments:
            self._warn(token, f"\\begin{{{name}}} is never ended (no \\end{{{name}}} "
                              "before the end of the document)")
        return self.result

    # ------------------------------------------------------------- text mode

    def _text_token(self, token: Tok) -> None:
        kind = token.kind
        if kind in (TEXT, SPACE):
            if not self._no_prose:
                self._paragraph.add_text(token.text, token)
        elif kind == MATH:
            self._dollar(token)
        elif kind == CS:
            self._command(token)
        elif kind == PAR:
            self._end_paragraph()
        elif kind == BGROUP:
            self._closers.append(None)
        elif kind == EGROUP:
            self._close_group()
        elif kind == ACTIVE:
            if not self._no_prose:
                self._paragraph.add_text(" ", token)
        elif kind in (SUB, SUP) and not self._no_prose:
            self._paragraph.add_text(token.text, token)  # `_` in prose is a TeX error; keep it
        elif kind == ALIGN and not self._no_prose:
            # a table cell boundary: notation tables read "$x$ & the input \\"
            self._paragraph.add_text("&", token)

    def _close_group(self) -> None:
        if not self._closers:
            return
        action = self._closers.pop()
        if action == "paragraph":  # end of a footnote or caption
            self._end_paragraph()
            if self._held:
                self._paragraph = self._held.pop()

    def _command(self, token: Tok) -> None:
        name = token.text
        if name == "(":
            self._math(token, "\\(", display=False)
        elif name == "[":
            self._math(token, "\\[", display=True)
        elif name == "begin":
            self._begin(token)
        elif name == "end":
            self._end(token)
        elif name == "ensuremath":
            self._ensuremath(token)
        elif name in SECTIONS:
            self._section_title(token, SECTIONS[name])
        elif name in ("title", "icmltitle"):
            self._title(token)
        elif name in ("footnote", "caption", "footnotetext", "marginpar", "subcaption"):
            self.stream.optional()
            self._nested_paragraph("footnote" if name in ("footnote", "footnotetext")
                                   else "caption")
        elif name == "appendix":
            self._end_paragraph()
            self._appendix = True
            self._paragraph = self._new_paragraph()
        elif name in ("newtheorem", "declaretheorem"):
            self._theorem_definition(name)
        elif name in ("newglossaryentry", "newacronym", "newabbreviation"):
            self._glossary_definition(name)
        elif name in _GLOSSARY_REFERENCES:
            self._glossary_reference(token, name)
        elif name in _ALGORITHM_LINES:
            self._end_paragraph()  # each \State or \KwIn line is a sentence of its own
        elif name in ("item", "bibitem", "par", "maketitle"):
            self._end_paragraph()
            if name == "item":
                self._item_label()
            elif name == "bibitem":
                self.stream.optional()
                self.stream.group()
        elif name in _SKIP_ARGUMENTS:
            self._skip_arguments(_SKIP_ARGUMENTS[name])
        elif name in _CHARACTER_COMMANDS:
            if not self._no_prose:
                self._paragraph.add_text(_CHARACTER_COMMANDS[name], token)
        elif name in ("'", "`", '"', "^", "~", "=", ".", "u", "v", "H", "c", "k", "r", "b", "d"):
            self._accented_letter(token)

    def _skip_arguments(self, count: int) -> None:
        stream = self.stream
        stream.optional()
        for _ in range(count):
            if stream.group() is None:
                break
            stream.optional()

    def _accented_letter(self, token: Tok) -> None:
        """\\'e, \\"{o}: keep the letter so names stay words."""
        following = self.stream.next()
        if following is None:
            return
        if following.kind == BGROUP:
            group = [following]
            while (inner := self.stream.next()) is not None and inner.kind != EGROUP:
                group.append(inner)
            letters = "".join(t.text for t in group[1:] if t.kind == TEXT)
        elif following.kind == TEXT:
            letters = following.text
        else:
            self.stream.back(following)
            return
        if not self._no_prose:
            self._paragraph.add_text(letters, token)

    def _item_label(self) -> None:
        label = self.stream.optional()
        if label and any(t.kind == MATH for t in label):
            # \item[$x$] the input: the label is part of the item's sentence. Pushed back
            # to be read in order: a `$` read from here would take its math from the
            # stream after the label (`$] the input...`), never closing it
            solid = [t for t in label if t.kind != SPACE]
            if solid[0].kind == MATH and solid[-1].kind == MATH and not any(
                    t.kind == TEXT for t in _outside_math(solid)):
                # `\item[$E$] the entity set` is a row of a notation list, read like a
                # notation table's `$E$ & the entity set`
                last = solid[-1]
                self.stream.back(Tok(ALIGN, "&", last.file, last.end, last.end, last.macro))
            for inner in reversed(label):
                self.stream.back(inner)

    def _glossary_definition(self, command: str) -> None:
        """`\\newglossaryentry{example}{name=样本, description=...}`,
        `\\newacronym{lr}{LR}{learning rate}`: what `\\gls{example}` prints."""
        stream = self.stream
        stream.optional()
        label = stream.group()
        if label is None:
            return
        key = self._plain_text(label)
        if command == "newglossaryentry":
            fields = stream.group() or []
            values = _key_values(self._plain_text(fields))
            shown = values.get("name") or values.get("text") or key
            self._glossary[key] = (shown, values.get("first", shown))
        else:
            short = self._plain_text(stream.group() or [])
            long = self._plain_text(stream.group() or [])
            self._glossary[key] = (short or key, long or short or key)

    def _glossary_reference(self, token: Tok, command: str) -> None:
        """`\\gls{example}` in prose is the entry's name (样本), `\\acrlong{lr}` its long
        form, `\\glspl{...}` the plural, `\\Gls{...}` capitalised: the words the reader
        sees, so that "\\gls{example} $x$" is read "样本 $x$"."""
        stream = self.stream
        stream.optional()
        label = stream.group()
        stream.optional()
        if label is None or self._no_prose:
            return
        key = self._plain_text(label)
        short, long = self._glossary.get(key, (key.replace("_", " "), key.replace("_", " ")))
        text = long if command in _GLOSSARY_LONG else short
        if command.rstrip("*").endswith("pl") and text.isascii():
            text += "s"
        if command[:1].isupper():
            text = text[:1].upper() + text[1:]
        self._paragraph.add_text(text, token)

    def _theorem_definition(self, command: str) -> None:
        """`\\newtheorem{thm}{Theorem}`, `\\newtheorem{lem}[thm]{Lemma}`,
        `\\declaretheorem[name=Assumption]{asm}`: remember which context `thm` is."""
        stream = self.stream
        if command == "declaretheorem":
            options = stream.optional() or []
            group = stream.group()
            title = "".join(t.text for t in options)
        else:
            star = stream.skip_spaces()
            if star is not None and not (star.kind == TEXT and star.text == "*"):
                stream.back(star)
            group = stream.group()
            stream.optional()
            title_group = stream.group() or []
            stream.optional()
            title = "".join(t.text for t in title_group)
        if group is None:
            return
        context = theorem_context(title) or theorem_context(environment_name(group))
        if context is not None:
            self._theorem_names[environment_name(group)] = context

    def _nested_paragraph(self, context: str) -> None:
        if self.stream.opening_brace() is None:
            return
        self._held.append(self._paragraph)
        self._paragraph = _Paragraph(self._section, context, self._appendix)
        self._closers.append("paragraph")

    def _end_paragraph(self) -> None:
        finished = self._paragraph.finish()
        if finished is not None:
            self.result.paragraphs.append(finished)
        self._paragraph = self._new_paragraph()

    def _inside(self, context: str) -> bool:
        return any(open_context == context for _, open_context in self._contexts)

    def _new_paragraph(self) -> _Paragraph:
        context = self._contexts[-1][1] if self._contexts else "body"
        return _Paragraph(self._section, context, self._appendix)

    def _section_title(self, token: Tok, level: int) -> None:
        stream = self.stream
        star = stream.peek()
        if star is not None and star.kind == TEXT and star.text.startswith("*"):
            stream.next()
            if len(star.text) > 1:
                stream.back(Tok(TEXT, star.text[1:], star.file, star.pos + 1, star.end,
                                star.macro))
        stream.optional()
        group = stream.group()
        self._end_paragraph()
        if group is None:
            return
        title = self._plain_text(group)
        self.result.sections.append(
            Section(title, level, self.positions.location(token.file, token.pos)))
        self._section = len(self.result.sections) - 1
        if level <= 1 and title.lower().startswith(_APPENDIX_TITLES):
            self._appendix = True
        self._paragraph = self._new_paragraph()
        if any(t.kind == MATH or (t.kind == CS and t.text in ("(", "ensuremath"))
               for t in group):
            # `\subsection{The discriminator's cost, $J^{(D)}$}`: its math is the paper's
            # (the coverage scan found it missing); read the title again as a paragraph
            self.stream.back(Tok(PAR, "\n\n", token.file, token.end, token.end))
            for item in reversed(group):
                self.stream.back(item)

    def _title(self, token: Tok) -> None:
        self.stream.optional()
        group = self.stream.group()
        if group is None:
            return
        if not self.result.title:
            self.result.title = self._plain_text(group)
        # The title's math is math of the paper ($\\beta$-VAE): read the group again as text,
        # as a paragraph of its own.
        self._end_paragraph()
        self.stream.back(Tok(PAR, "\n\n", token.file, token.end, token.end))
        for item in reversed(group):
            self.stream.back(item)

    def _plain_text(self, tokens: list[Tok]) -> str:
        """A title as plain text; its math is kept as written ($\\beta$-VAE)."""
        out: list[str] = []
        skip_next_group = False
        depth = 0
        in_math = False
        for token in tokens:
            if token.kind == MATH:
                in_math = not in_math
            if token.kind == CS and in_math and depth >= 0:
                out.append("\\" + token.text)
                continue
            if token.kind == CS:
                if token.text in ("thanks", "footnote", "label", "footnotemark", "vspace"):
                    skip_next_group = True
                elif token.text in _CHARACTER_COMMANDS:
                    out.append(_CHARACTER_COMMANDS[token.text])
                elif not token.text.isalpha():
                    out.append(" ")
                continue
            if token.kind == BGROUP:
                depth += 1
                if skip_next_group and depth == 1:
                    skip_next_group = False
                    depth = -1000  # skip until this group closes
                continue
            if token.kind == EGROUP:
                depth = 0 if depth < 0 else depth - 1
                continue
            if depth < 0:
                continue
            out.append(token.text if token.kind != ACTIVE else " ")
        return " ".join("".join(out).split())

    def _begin(self, token: Tok) -> None:
        group = self.stream.group()
        if group is None:
            return
        name = environment_name(group)
        if name in RAW_ENVIRONMENTS:
            self._skip_verbatim(token, name)
            return
        if name in DISPLAY_ENVIRONMENTS or name in INLINE_ENVIRONMENTS:
            for _ in range(_ENVIRONMENT_ARGUMENTS.get(name, 0)):
                self.stream.group()  # \begin{alignat}{2}: the 2 is not math
            closing = self.stream.last_closing
            self._math(token, name, display=name not in INLINE_ENVIRONMENTS,
                       opener_end=closing.end if closing is not None else token.end)
            return
        if name in ("thebibliography", "references"):
            self._end_paragraph()
        if name != "document":
            self._environments.append((name, token))
        if name in _NO_PROSE_ENVIRONMENTS:
            self._no_prose += 1
        context = self._theorem_names.get(name) or _CONTEXT_ENVIRONMENTS.get(name)
        if context is not None and not (context == "table" and self._inside("caption")):
            self._end_paragraph()
            self._contexts.append((name, context))
        self.stream.optional()
        for _ in range(_TEXT_ENVIRONMENT_ARGUMENTS.get(name, 0)):
            self.stream.group()
        if name not in ("document", "center", "flushleft", "flushright", "small", "footnotesize",
                        "quote", "quotation"):
            self._end_paragraph()

    def _skip_verbatim(self, token: Tok, name: str) -> None:
        """`\\begin{lstlisting}` that reached text mode as commands (a macro defined as
        `\\newcommand{\\code}{\\begin{lstlisting}}`, which the lexer reads as commands
        in the definition): what follows up to its `\\end` is code, not prose or math."""
        stream = self.stream
        while (inner := stream.next()) is not None:
            if inner.kind == CS and inner.text == "end":
                group = stream.group()
                if group is not None and environment_name(group) == name:
                    return
        self._warn(token, f"\\begin{{{name}}} is never ended; the rest is skipped as code")

    def _end(self, token: Tok) -> None:
        group = self.stream.group()
        name = environment_name(group) if group else ""
        self._end_environment(name, token)
        if name in _NO_PROSE_ENVIRONMENTS and self._no_prose:
            self._no_prose -= 1
        if self._contexts and self._contexts[-1][0] == name:
            self._end_paragraph()
            self._contexts.pop()
        if name in DISPLAY_ENVIRONMENTS or name in INLINE_ENVIRONMENTS:
            self._warn(token, f"\\end{{{name}}} without a matching \\begin{{{name}}}")
            return
        if name not in ("document", "center", "flushleft", "flushright", "small", "footnotesize",
                        "quote", "quotation"):
            self._end_paragraph()

    def _end_environment(self, name: str, token: Tok) -> None:
        """`\\end{name}` ends the innermost open `name`; those begun inside it and still
        open were never ended (TeX stops there: `\\begin{proof}` ... `\\end{theorem}`).
        An `\\end` of no open environment is left alone: an author environment's
        `\\begin` was expanded away, its `\\end` may not be."""
        open_names = [open_name for open_name, _ in self._environments]
        if name not in open_names:
            return
        index = len(open_names) - 1 - open_names[::-1].index(name)
        for inner, begun in self._environments[index + 1:]:
            where = self.positions.location(token.file, token.pos)
            self._warn(begun, f"\\begin{{{inner}}} is never ended (\\end{{{name}}} at "
                              f"{where} comes first)")
        del self._environments[index:]

    def _dollar(self, token: Tok) -> None:
        following = self.stream.next()
        if following is not None and following.kind == MATH and following.file == token.file \
                and following.pos == token.end and following.macro == token.macro:
            self._math(token, "$$", display=True, opener_end=following.end)
            return
        if following is not None:
            self.stream.back(following)
        self._math(token, "$", display=False)

    def _ensuremath(self, token: Tok) -> None:
        opening = self.stream.opening_brace()
        if opening is None:
            return
        self._math(token, "ensuremath", display=False, opener_end=opening.end)

    # ------------------------------------------------------------- math mode

    def _math(self, opener: Tok, environment: str, display: bool,
              opener_end: int | None = None) -> None:
        tokens, closer, label = self._collect_math(opener, environment)
        if len(self.result.spans) >= MAX_MATH_SPANS:
            self._cap_once(opener, "spans", f"more than {MAX_MATH_SPANS} formulas; the "
                                            "rest of the paper's math is not read")
            return
        chars = sum(len(t.text) for t in tokens)
        if chars > MAX_SPAN_CHARS:
            self._warn(opener, f"a formula of {chars} characters (more than {MAX_SPAN_CHARS});"
                               " its symbols are not read")
            tokens = []
        elif self._math_chars + chars > MAX_MATH_CHARS:
            self._cap_once(opener, "chars", f"the paper's math passes {MAX_MATH_CHARS} "
                                            "characters here; the symbols of later formulas "
                                            "are not read")
            tokens = []
        self._math_chars += chars
        span = RawSpan(tokens, opener, closer, display, environment, label, self._section)
        if opener_end is not None and opener.macro is None:
            span.opener = Tok(opener.kind, opener.text, opener.file, opener.pos, opener_end)
        index = len(self.result.spans)
        self.result.spans.append(span)
        if not self._no_prose:
            # Display math too: it belongs to the sentence around it ("..., where $x$ is").
            self._paragraph.add_math(index, opener)

    def _collect_math(self, opener: Tok, environment: str
                      ) -> tuple[list[Tok], Tok | None, str | None]:
        """Tokens up to the closing delimiter; \\label and \\tag taken out.

        Returns the tokens, the closing token (None when the math was never closed) and
        the first label."""
        stream = self.stream
        tokens: list[Tok] = []
        label: str | None = None
        text_depths: list[int] = []  # brace depths at which \text{...} groups opened
        inner: list[str] = []  # environments opened inside this span (aligned, cases, ...)
        depth = 0
        text_command_seen = False
        while (token := stream.next()) is not None:
            kind = token.kind
            if text_depths:  # prose inside math: only the braces matter, $ nests math
                if kind == BGROUP:
                    depth += 1
                elif kind == EGROUP:
                    depth -= 1
                    if depth < text_depths[-1]:
                        text_depths.pop()
                tokens.append(token)
                continue
            if kind == CS:
                name = token.text
                if name in ("label", "tag"):
                    group = stream.group()
                    if name == "label" and group is not None and label is None:
                        label = "".join(t.text for t in group).strip()
                    continue
                if name in ("nonumber", "notag"):
                    continue
                if (environment, name) in (("\\(", ")"), ("\\[", "]")):
                    return tokens, token, label
                if name == "end":
                    done, closer = self._math_end(token, opener, environment, inner)
                    if done:
                        return tokens, closer, label
                    continue
                if name == "begin":
                    if self._math_begin(token, opener, environment, tokens, inner):
                        return tokens, None, label
                    continue
                if name in _BREAKING and (name != "item" or environment in _INLINE_LIKE):
                    self._unclosed(opener, environment, token)
                    stream.back(token)
                    return tokens, None, label
                text_command_seen = name in TEXT_COMMANDS
                tokens.append(token)
                continue
            if kind == MATH:
                if environment == "$":
                    return tokens, token, label
                if environment == "$$":
                    following = stream.next()  # the second $ of the closing $$
                    if following is not None and following.kind != MATH:
                        stream.back(following)
                    return tokens, token, label
                tokens.append(token)  # a stray $ in an environment: TeX would complain
                continue
            if kind == PAR:
                if environment in _INLINE_LIKE or environment in ("$$", "\\["):
                    self._unclosed(opener, environment, token)
                    return tokens, None, label
                continue
            if kind == BGROUP:
                depth += 1
                if text_command_seen:
                    text_depths.append(depth)
            elif kind == EGROUP:
                depth -= 1
                if environment == "ensuremath" and depth < 0:
                    return tokens, token, label
            if kind != SPACE:
                text_command_seen = False
            tokens.append(token)
        self._unclosed(opener, environment, None)
        return tokens, None, label

    def _math_begin(self, token: Tok, opener: Tok, environment: str,
                    tokens: list[Tok], inner: list[str]) -> bool:
        """At \\begin inside math. True when it cannot be inside this span (a display
        environment or a sectioning break): the span ends before it."""
        stream = self.stream
        group = stream.group()
        if group is None:
            tokens.append(token)
            return False
        name = environment_name(group)
        if name in DISPLAY_ENVIRONMENTS or (environment in _INLINE_LIKE
                                            and name not in INNER_ENVIRONMENTS):
            self._unclosed(opener, environment, token)
            self._give_back(token, group)
            return True
        tokens.extend((token, _opening_brace(token), *group, _closing_brace(group, token)))
        inner.append(name)
        return False

    def _math_end(self, token: Tok, opener: Tok, environment: str, inner: list[str]
                  ) -> tuple[bool, Tok | None]:
        """At \\end inside math: (True, closer) when it ends this span, (False, None) for
        an environment opened inside it (\\end{aligned})."""
        group = self.stream.group() or []
        name = environment_name(group)
        if inner and name == inner[-1]:
            inner.pop()
            return False, None
        if name == environment:
            return True, _closing_brace(group, token)
        if name in INNER_ENVIRONMENTS:
            return False, None
        if name in DISPLAY_ENVIRONMENTS or name in INLINE_ENVIRONMENTS:
            self._warn(token, f"\\end{{{name}}} closes math opened as {environment}")
            return True, _closing_brace(group, token)
        # \\end{itemize} or \\end{document} with math still open: close it, let text mode
        # see the \\end.
        self._unclosed(opener, environment, token)
        self._give_back(token, group)
        return True, None

    def _give_back(self, begin_or_end: Tok, group: list[Tok]) -> None:
        """Put `\\begin{name}` / `\\end{name}` back for text mode to read."""
        stream = self.stream
        stream.back(_closing_brace(group, begin_or_end))
        for item in reversed(group):
            stream.back(item)
        stream.back(_opening_brace(begin_or_end))
        stream.back(begin_or_end)

    def _unclosed(self, opener: Tok, environment: str, at: Tok | None) -> None:
        where = "the end of the document" if at is None else \
            str(self.positions.location(at.file, at.pos))
        closing = {"$": "$", "$$": "$$", "\\(": "\\)", "\\[": "\\]",
                   "ensuremath": "}"}.get(environment, f"\\end{{{environment}}}")
        self._warn(opener, f"math opened here is never closed (missing {closing}); "
                           f"closed at {where}")

    def _warn(self, token: Tok, message: str) -> None:
        self.result.diagnostics.append(
            Diagnostic(message, self.positions.location(token.file, token.pos)))

    def _cap_once(self, token: Tok, cap: str, message: str) -> None:
        if cap not in self._capped:
            self._capped.add(cap)
            self._warn(token, message)

    # ------------------------------------------------------------ the spans

    def spans(self) -> list[MathSpan]:
        """The spans as MathSpan records (locations and source text)."""
        return [self._math_span(index, raw) for index, raw in enumerate(self.result.spans)]

    def _math_span(self, index: int, raw: RawSpan) -> MathSpan:
        opener, closer = raw.opener, raw.closer
        start = opener.end
        text = self.texts.get(opener.file, "")
        if closer is not None and closer.file == opener.file and closer.macro is None:
            end = closer.pos
        elif raw.tokens and raw.tokens[-1].file == opener.file:
            end = raw.tokens[-1].end
        else:
            end = start
        if closer is not None and raw.environment not in ("$", "$$", "\\(", "\\[", "ensuremath") \
                and closer.macro is None:
            end = _begin_of_end(text, end)
        if end < start:
            written = text[opener.pos:opener.end]
            end = start
        else:
            written = text[start:end]
        return MathSpan(index=index, location=self.positions.location(opener.file, start),
                        end=end, display=raw.display, environment=raw.environment,
                        label=raw.label, latex=written.strip() if raw.display else written,
                        section=raw.section)


def _begin_of_end(text: str, brace: int) -> int:
    """For an environment closed at `}` of `\\end{align}`, the offset of that `\\end`."""
    found = text.rfind("\\end", 0, brace)
    return found if found >= 0 else brace


def _opening_brace(where: Tok) -> Tok:
    return Tok(BGROUP, "{", where.file, where.end, where.end + 1, where.macro)


def _closing_brace(group: list[Tok], where: Tok) -> Tok:
    after = group[-1] if group else where
    return Tok(EGROUP, "}", after.file, after.end, after.end + 1, after.macro)


def extract(tokens: Iterable[Tok], positions: Positions, texts: dict[str, str]
            ) -> tuple[Extraction, list[MathSpan]]:
    """Run the extractor over an expanded token stream."""
    extractor = Extractor(tokens, positions, texts)
    result = extractor.run()
    return result, extractor.spans()


def _outside_math(tokens: list[Tok]) -> list[Tok]:
    """The tokens of a label that stand between its formulas: `$x$ and $y$` has `and`."""
    outside, inside = [], False
    for token in tokens:
        if token.kind == MATH:
            inside = not inside
        elif not inside:
            outside.append(token)
    return outside
