"""Where the paper itself says what its symbols mean: prose cues, type statements and
defining equations, in English and Chinese.

Prose (source 'prose'), read sentence by sentence with each inline formula as a marker:
- "where $X$ is/denotes/represents ...", "$X$ denotes ...", "Here $I$ is ...";
- "let $X$ be ...", "we denote ... by $X$", "... is denoted by $X$", "..., denoted $X$";
- a noun phrase right before the symbol: "the learning rate $\\eta$", "a student $s$";
- "the number of heads ($h$)"; "$X$, the input, ...";
- "$Q$, $K$ and $V$ denote the queries, keys and values" (taken respectively);
- "其中 $X$ 表示 ...", "记 ... 为 $X$", "令 $X$ 为 ...", "$X$ 为 ...".
Math (sources 'type' and 'equation'): `x \\in \\mathbb{R}^{d}`,
`f: \\mathcal{X} \\to \\mathcal{Y}`; `A := ...`, `\\triangleq`, `\\coloneqq`,
`\\stackrel{\\text{def}}{=}`, and `\\mathcal{L}(\\theta) = ...` (a single symbol, possibly
applied, alone on the left of `=`, and not defined in terms of itself).

Every definition keeps the exact span of its description and of the symbol occurrence it
belongs to (offsets in the original file), so that a reader, the linter and the SymLink
benchmark can point at both.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from .latexify import to_latex
from .mathparse import Atom, Command, Fenced, Group, Node, Scripted, Text, balanced
from .model import Analysis, Definition, Location, Occurrence, Paragraph, Symbol
from .positions import Positions

MARK = "\u27e6{}\u27e7"
"""How an inline formula stands in a sentence while cues are matched: ⟦3⟧ is span 3."""
_MARK = r"\u27e6(\d+)\u27e7"
_MARKS = rf"{_MARK}(?:\s*,\s*{_MARK})*(?:,?\s+(?:and|or|及|和|与)\s+{_MARK})?"
_SIZE_FORMULA = re.compile(rf"{_MARK}(?:-dimensional|-dim)?")
MAX_DESCRIPTION_WORDS = 16
MAX_NOUN_PHRASE_WORDS = 6

_VERBS = (r"(?:is|are|was|were|denotes?|denoted|represents?|stands?\s+for|refers?\s+to|"
          r"indicates?|corresponds?\s+to|describes?|is\s+defined\s+as|are\s+defined\s+as|"
          r"is\s+called|are\s+called|means?|is\s+given\s+by|are\s+given\s+by|"
          r"measures?|captures?|controls?|holds?|contains?|encodes?)")
_LEAD = r"(?:where|with|and|here|in\s+which|for\s+which|while|whereas|and\s+where|then)"
# "where $X$ is ...", ", $X$ denotes ...", "Here $I$ is ...", or a sentence that starts
# with the symbol.
_SUBJECT_VERB = re.compile(
    rf"(?:(?:^|[\s,(;:]){_LEAD}\s+(?:[^\W\d][\w-]*\s+){{0,4}}?|^\s*|[,;:]\s+)"
    rf"(?P<marks>{_MARKS})\s+{_VERBS}\s+(?P<rest>.*)", re.IGNORECASE | re.DOTALL)
# "... $X$ is a/an/the ...", anywhere: a predication the reader takes as a description.
_IS_A = re.compile(rf"(?P<marks>{_MARKS})\s+(?:is|are)\s+(?P<rest>(?:the|a|an|one)\s.*)",
                   re.DOTALL)
# "... $X$ denotes ...", anywhere: the strong definitional verbs need no lead word.
_DENOTES = re.compile(
    rf"(?P<marks>{_MARKS})\s+(?:denotes?|represents?|stands?\s+for|refers?\s+to|"
    r"is\s+defined\s+as|are\s+defined\s+as|is\s+called|are\s+called)\s+(?P<rest>.*)",
    re.IGNORECASE | re.DOTALL)
# "We define $E$ as the set of ...", "If we call $\rho$ the density operator", "We denote
# $s_0$ as the voxel at origin".
_DEFINE_AS = re.compile(
    rf"\b(?:define|defines|denote|denotes|call|calls|refer\s+to|write)\s+(?P<marks>{_MARKS})\s+"
    r"(?:as\s+|to\s+be\s+)?(?P<rest>(?:the|a|an|our|its)\b.*)", re.IGNORECASE | re.DOTALL)
# "We define the probability of ... as $p(i)$", "... is given by $\hat v(\mu)$".
_AS_SYMBOL = re.compile(
    r"\b(?:define|defines|defined|call|called|name|named)\s+(?P<desc>[^\u27e6]+?)\s+as\s+"
    rf"(?P<marks>{_MARKS})", re.IGNORECASE | re.DOTALL)
_GIVEN_BY = re.compile(r"\s+(?:is|are)\s+(?:given|computed|obtained|defined)\s+(?:by|as)"
                       rf"\s*:?\s+(?P<marks>{_MARK})")
# A row of a notation table: "$x$ & the input \\".
_TABLE_ROW = re.compile(rf"^\s*(?P<marks>{_MARKS})\s*&\s*(?P<rest>[^&]+?)\s*(?:&|$)")
# "An MDP, $M$, can ...": a noun phrase, then the symbol between commas.
_COMMA_APPOSITION = re.compile(rf"\s*,\s*(?P<marks>{_MARK})\s*,")
_LET = re.compile(rf"\b(?:let|Let|suppose|Suppose|assume|Assume)\s+(?P<marks>{_MARKS})\s+"
                  r"(?:be|denotes?|represents?|is|are)\s+(?P<rest>.*)", re.DOTALL)
_DENOTE_BY = re.compile(
    r"\b(?:we|We|I)\s+(?:denote|write|use|call|represent)\s+(?P<desc>[^\u27e6,;]+?)\s+"
    rf"(?<!such\s)(?:by|as|with)\s+(?P<marks>{_MARKS})", re.DOTALL)
# "We denote by $f$ the network and by $\ell$ the loss", "we write $X$ for the input"
_BY_THEN_DESCRIPTION = re.compile(
    rf"\b(?:denote\s+by|write|use|and\s+by|by)\s+(?P<marks>{_MARKS})\s+(?:for\s+)?"
    r"(?P<rest>(?:the|a|an|our|its|each|every)\b.*)", re.IGNORECASE | re.DOTALL)
# The cues below are found by their anchor ("denoted by $X$", "($X$)", ...); the description
# is the clause before the anchor, up to the characters in each cue's stop set. (A pattern
# that began with the description, `[^.;:]+?`, would be tried from every position of the
# sentence: quadratic.)
_DENOTED = re.compile(r",?\s+(?:is\s+|are\s+)?(?:denoted|written|represented)\s+"
                      rf"(?:by\s+|as\s+)?(?P<marks>{_MARKS})")
_PARENTHESIS = re.compile(rf"\s*\(\s*(?P<marks>{_MARK})\s*\)")
_TRAILING_APPOSITION = re.compile(
    rf"(?P<marks>{_MARK}),\s+(?P<desc>(?:the|a|an|our|its)\s+[^,.;:()\u27e6]+?),")
_CHINESE = [
    re.compile(rf"(?:其中|这里|此处|式中)\s*(?P<marks>{_MARKS})\s*(?:分别)?(?:表示|代表|为|是|指|记为)"
               r"\s*(?P<rest>.*)", re.DOTALL),
    re.compile(rf"(?:令|设|记)\s*(?P<marks>{_MARKS})\s*(?:表示|为|是|代表)\s*(?P<rest>.*)",
               re.DOTALL),
    re.compile(rf"(?:^|[，,。；;])\s*(?P<marks>{_MARKS})\s*(?:表示|代表|为|是|指)\s*(?P<rest>.*)",
               re.DOTALL),
]
_CHINESE_DENOTE = re.compile(
    rf"(?:记|将|把|用)\s*(?P<desc>[^，,。；;\u27e6]+?)\s*(?:记为|记作|为|表示为)\s*(?P<marks>{_MARKS})")
_ANCHORED = (("denoted", _DENOTED, ".;:\u27e7"), ("given-by", _GIVEN_BY, ",.;:()\u27e7"),
             ("parenthesis", _PARENTHESIS, ".;:()\u27e7"),
             ("comma-apposition", _COMMA_APPOSITION, ",.;:()\u27e7"))
# The end of a description: a clause or sentence boundary, another symbol's clause. A
# formula inside it does not end it ("a training set of $N$ examples").
_END = re.compile(r"[.;:!?](?:\s|$)|[,，。；;:：!?！？]|\s+and\s+(?:let|we|assume|suppose)\b|"
                  r"\s+(?:where|whereas|while|which|that|"
                  r"if|so\s+that|such\s+that|i\.e\.|e\.g\.|respectively|and\s+by|with)\b|"
                  r"\s+and\s+(?:the\s+)?\u27e6|\s+\u27e6\d+\u27e7\s+(?:is|are|denotes?)\b|\(",
                  re.IGNORECASE)
# A predicate is not a description: "$x$ is drawn from $p$", "$\eta$ is small".
_PREDICATES = frozenset({
    "to", "in", "on", "by", "at", "as", "for", "from", "that", "than", "equal", "greater",
    "less", "larger", "smaller", "not", "then", "set", "shown", "given", "computed",
    "obtained", "defined", "drawn", "sampled", "chosen", "fixed", "initialized",
    "initialised", "updated", "assumed", "known", "replaced", "applied", "estimated",
    "evaluated", "calculated", "trained", "optimized", "optimised", "normalized",
    "normalised", "bounded", "distributed", "positive", "negative", "nonnegative",
    "non-negative", "small", "large", "zero", "nonzero", "one", "close", "independent",
    "identical", "invertible", "differentiable", "convex", "finite", "infinite", "unique",
    "same", "different", "constant", "used", "always", "often", "usually", "also",
    "typically", "generally", "similar", "proportional", "omitted", "dropped", "ignored",
    "fed", "passed", "added", "multiplied", "divided", "concatenated", "still", "now",
    "only", "either", "both", "all", "very", "much", "more", "learned", "learnt"})
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\u27e6])|(?<=[。！？；])|\n")
_ABBREVIATIONS = ("e.g.", "i.e.", "et al.", "Fig.", "Eq.", "Eqs.", "Sec.", "cf.", "vs.",
                  "resp.", "w.r.t.", "Tab.", "Alg.", "Thm.", "Def.", "approx.")

_DETERMINERS = frozenset({"a", "an", "the", "another", "each", "every", "our", "its",
                          "their", "this", "these", "that", "some", "any", "all", "both",
                          "his", "her", "one"})
# Words that cannot be in a noun phrase right before a symbol ("compute $x$", "to $y$").
_NOT_IN_NOUN_PHRASE = frozenset({
    "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does",
    "we", "i", "you", "it", "they", "he", "she", "which", "who", "whom", "whose", "where",
    "when", "while", "with", "without", "by", "to", "from", "in", "on", "at", "for", "into",
    "onto", "over", "under", "as", "than", "that", "and", "or", "but", "nor", "if", "then",
    "so", "thus", "hence", "since", "because", "let", "denote", "denotes", "denoted",
    "define", "defined", "defines", "use", "using", "used", "uses", "compute", "computes",
    "computed", "obtain", "obtains", "obtained", "get", "gets", "given", "give", "gives",
    "set", "sets", "take", "takes", "taking", "apply", "applies", "applied", "minimize",
    "minimise", "maximize", "maximise", "update", "updates", "updated", "call", "called",
    "write", "written", "choose", "chosen", "sample", "sampled", "draw", "drawn", "via",
    "between", "among", "across", "after", "before", "during", "through", "within",
    "equals", "equal", "increase", "decrease", "replace", "replaced", "plus", "minus",
    "times", "divided", "multiplied", "around", "about", "above", "below", "along", "per",
    "such", "also", "only", "not", "no", "can", "may", "must", "should", "will", "would",
    # verbs met right before a formula ("we employ $\\phi$", "excluding $a$ and $b$")
    "employ", "employs", "employed", "recover", "recovers", "recovered", "reduced", "copy",
    "copies", "copied", "including", "containing", "involving", "produced", "generated",
    "introduce", "introduces", "considers", "considered", "assumes", "assumed", "satisfy",
    "satisfies", "satisfying", "remain", "excluding",
    "could", "might", "shall", "whether", "how", "what", "both", "either", "neither",
    "respect", "wrt", "i.e", "e.g", "see", "eq", "eqs", "equation", "equations",
    "figure", "fig", "table", "section", "sec", "appendix", "theorem", "lemma", "algorithm",
    "proposition", "corollary", "definition", "chapter", "step", "line", "row", "column",
    "here", "there", "now", "finally", "first", "second", "similarly", "likewise", "namely",
    "simply", "just", "even", "all", "any", "some", "every", "each", "yields", "yield",
    "becomes", "become", "becoming", "remains", "consider", "considering",
    "suppose", "assume", "fix", "fixed", "choosing", "picking", "letting", "setting",
    # verbs that are rarely nouns: "layers produce outputs of dimension $d$"
    "produce", "produces", "generate", "generates", "contain", "contains", "include",
    "includes", "consist", "consists", "require", "requires", "predict", "predicts",
    "learn", "learns", "encode", "encodes", "decode", "decodes", "represent", "represents",
    "multiply", "multiplies", "add", "adds", "attend", "attends", "divide", "divides",
    "concatenate", "concatenates", "combine", "combines", "achieve", "achieves", "reach",
    "reaches", "improve", "improves", "reduce", "reduces", "ensure", "ensures", "allow",
    "allows", "enable", "enables", "make", "makes", "returns", "maps", "having",
    "like", "unlike", "enough", "versus", "vs",
})
# "outputs of dimension $d$": the symbol is the dimension; it reads "dimension of outputs".
_MEASURES = frozenset({"dimension", "dimensionality", "size", "length", "width", "height",
                       "depth", "rank", "order", "degree", "cardinality", "norm", "radius",
                       "diameter", "number", "count"})
# An inline equation right after these words defines its left side: "where $\\Lambda =
# \\mathrm{diag}(\\lambda)$", "is then defined as $\\hat{x} = U^\\top x$".
_INTRODUCING = re.compile(r"(?:\b(?:where|with|let|let's|set|setting|define|defined\s+as|"
                          r"given\s+by|written\s+as|written|is|are|be|namely|i\.e\.|"
                          r"denoted\s+by|denote)|其中|令|设|记|即)\s*:?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class _Piece:
    """A stretch of a paragraph's working text and where it came from."""

    start: int
    end: int
    file: str
    offset: int
    math: int | None


@dataclass
class _Sentence:
    """A paragraph as text with ⟦n⟧ markers for its formulas, and the map back."""

    text: str
    pieces: list[_Piece]

    def source(self, index: int) -> tuple[str, int]:
        """(file, offset) of the character at `index` of the working text."""
        for piece in self.pieces:
            if piece.start <= index < piece.end:
                if piece.math is not None:
                    return piece.file, piece.offset
                return piece.file, piece.offset + (index - piece.start)
        last = self.pieces[-1]
        return last.file, last.offset + max(0, index - last.start)


@dataclass(frozen=True)
class _Found:
    """A description found in prose, for the formula(s) it describes."""

    spans: tuple[int, ...]
    start: int
    end: int
    cue: str
    sentence: _Sentence
    text: str | None = None
    """The description reworded for reading ("dimension of outputs"), else the span."""


def attach_definitions(analysis: Analysis) -> Analysis:
    """The analysis with every symbol's `definitions` filled."""
    locate = analysis.locate or _line_locator(analysis)
    index = _OccurrenceIndex(analysis)
    found: dict[str, list[Definition]] = defaultdict(list)
    introduced: set[int] = set()
    for paragraph in analysis.paragraphs:
        introduced |= introduced_formulas(paragraph)
        for hit in prose_definitions(paragraph, analysis):
            for definition in _resolve(hit, index, analysis, locate):
                found[definition[0]].append(definition[1])
    for span_index, tree in enumerate(analysis.trees):
        for key, definition in math_definitions(span_index, tree, index, analysis, locate,
                                                span_index in introduced):
            found[key].append(definition)
    symbols = tuple(replace(symbol, definitions=_ordered(found.get(symbol.key, [])))
                    for symbol in analysis.symbols)
    return replace(analysis, symbols=symbols)


def _line_locator(analysis: Analysis) -> Callable[[str, int], Location]:
    positions = Positions({path: source.text for path, source in analysis.paper.files.items()})
    return positions.location


def _ordered(definitions: list[Definition]) -> tuple[Definition, ...]:
    seen: set[tuple[str, int, int, int]] = set()
    unique = []
    for definition in sorted(definitions, key=lambda d: (d.file, d.start)):
        mark = (definition.file, definition.start, definition.end, definition.symbol_start)
        if mark not in seen:
            seen.add(mark)
            unique.append(definition)
    return tuple(unique)


# ------------------------------------------------------------------------ prose

def working_text(paragraph: Paragraph) -> _Sentence:
    """The paragraph's text with ⟦n⟧ for each formula, and where each character came from."""
    text: list[str] = []
    pieces: list[_Piece] = []
    position = 0
    parts = paragraph.parts
    for index, part in enumerate(parts):
        if part.math is not None:
            chunk = MARK.format(part.math)
            # a marker is a word of its own, except before a suffix: "the $i$-th input"
            if text and not text[-1][-1:].isspace():
                text.append(" ")
                position += 1
            following = parts[index + 1].text[:1] if index + 1 < len(parts) else " "
            spacer = "" if following in "-'’" and following else " "
            pieces.append(_Piece(position, position + len(chunk), part.file, part.offset,
                                 part.math))
            text.append(chunk + spacer)
            position += len(chunk) + len(spacer)
        else:
            pieces.append(_Piece(position, position + len(part.text), part.file, part.offset,
                                 None))
            text.append(part.text)
            position += len(part.text)
    return _Sentence("".join(text), pieces)


def introduced_formulas(paragraph: Paragraph) -> set[int]:
    """Inline formulas that prose introduces as a definition: "where $\\Lambda = ...$"."""
    whole = working_text(paragraph)
    return {int(match.group(1)) for match in re.finditer(_MARK, whole.text)
            if _INTRODUCING.search(whole.text[max(0, match.start() - 40):match.start()])}


def sentences(whole: _Sentence) -> Iterator[tuple[int, str]]:
    """(start, text) of each sentence of a paragraph's working text."""
    text = whole.text
    start = 0
    for match in _SENTENCE.finditer(text):
        if any(text[:match.start()].endswith(a) for a in _ABBREVIATIONS):
            continue
        yield start, text[start:match.start()]
        start = match.end()
    if start < len(text):
        yield start, text[start:]


def prose_definitions(paragraph: Paragraph, analysis: Analysis) -> Iterator[_Found]:
    """Every description the paragraph's cues point at."""
    whole = working_text(paragraph)
    taken: set[tuple[int, ...]] = set()
    for offset, sentence in sentences(whole):
        for found in _sentence_definitions(sentence, offset, whole, analysis):
            if found.spans not in taken or found.cue != "noun-phrase":
                taken.add(found.spans)
                yield found


def _sentence_definitions(sentence: str, offset: int, whole: _Sentence, analysis: Analysis
                          ) -> Iterator[_Found]:
    explicit: set[int] = set()
    for cue, pattern in (("table-row", _TABLE_ROW), ("where-is", _SUBJECT_VERB),
                         ("let-be", _LET), ("denote-by", _BY_THEN_DESCRIPTION),
                         ("define-as", _DEFINE_AS), ("denotes", _DENOTES), ("is-a", _IS_A)):
        for match in _iterate(pattern, sentence):
            marks = _marks(match.group("marks"))
            if explicit.intersection(marks):
                continue  # ", $K$ and $V$ denote ..." inside "$Q$, $K$ and $V$ denote ..."
            explicit.update(marks)
            if cue == "table-row":
                # the whole cell: "The target associated with ⟦3⟧ for supervised learning"
                yield from _table_cell(marks, sentence, match, offset, whole)
                continue
            yield from _distribute(marks, sentence, match.start("rest"), offset, whole, cue)
    for cue, match, start, end in _description_matches(sentence):
        marks = _marks(match.group("marks"))
        start, end = _trim(sentence, start, end)
        if end <= start or not _is_description(sentence[start:end]):
            continue
        if cue in ("denoted", "parenthesis", "comma-apposition", "given-by"):
            start = _noun_phrase_start(sentence, start, end)
            if start < 0 or start >= end or not _noun_phrase_head(sentence[start:end]):
                continue
            if cue in ("parenthesis", "given-by") and not _full_noun_phrase(sentence[start:end]):
                continue
        explicit.update(marks)
        yield _Found(tuple(marks), offset + start, offset + end, cue, whole)
    for pattern in _CHINESE:
        for match in _iterate(pattern, sentence):
            marks = _marks(match.group("marks"))
            explicit.update(marks)
            yield from _distribute(marks, sentence, match.start("rest"), offset, whole,
                                   "zh-cue")
    yield from _noun_phrases(sentence, offset, whole, explicit, analysis)


def _description_matches(sentence: str) -> Iterator[tuple[str, re.Match[str], int, int]]:
    """(cue, match, description start, description end) of the cues whose description
    comes before the symbol."""
    for cue, pattern in (("denote-by", _DENOTE_BY), ("define-as", _AS_SYMBOL),
                         ("apposition", _TRAILING_APPOSITION), ("zh-denote", _CHINESE_DENOTE)):
        for match in pattern.finditer(sentence):
            yield cue, match, match.start("desc"), match.end("desc")
    for cue, pattern, stops in _ANCHORED:
        for match in pattern.finditer(sentence):
            end = match.start()
            start = max(sentence.rfind(stop, 0, end) for stop in stops) + 1
            yield cue, match, start, end


def _iterate(pattern: re.Pattern[str], sentence: str) -> Iterator[re.Match[str]]:
    """Matches of a cue that ends with `(?P<rest>.*)`, each one found after the last."""
    position = 0
    while (match := pattern.search(sentence, position)) is not None:
        yield match
        position = match.start("marks") + 1


def _marks(text: str) -> list[int]:
    return [int(n) for n in re.findall(_MARK, text)]


def _distribute(marks: list[int], sentence: str, rest_start: int, offset: int,
                whole: _Sentence, cue: str) -> Iterator[_Found]:
    """The description after a cue verb, for one symbol or, respectively, for several:
    "$Q$, $K$ and $V$ denote the queries, keys and values"."""
    start, end = _description_end(sentence, rest_start)
    if end <= start or not _is_description(sentence[start:end]):
        return
    if len(marks) > 1:
        parts = _split_list(sentence, start, end, len(marks))
        if parts is not None:
            for mark, (part_start, part_end) in zip(marks, parts, strict=True):
                yield _Found((mark,), offset + part_start, offset + part_end, cue + "-each",
                             whole)
            return
    for mark in marks:
        yield _Found((mark,), offset + start, offset + end, cue, whole)


def _table_cell(marks: list[int], sentence: str, match: re.Match[str], offset: int,
                whole: _Sentence) -> Iterator[_Found]:
    start, end = _trim(sentence, match.start("rest"), match.end("rest"))
    if end > start and _is_description(sentence[start:end]):
        for mark in marks:
            yield _Found((mark,), offset + start, offset + end, "table-row", whole)


def _description_end(sentence: str, start: int) -> tuple[int, int]:
    """The description that starts at `start`: up to the first clause boundary."""
    while start < len(sentence) and sentence[start].isspace():
        start += 1
    # a list of k items needs its commas: "the queries, keys and values"
    boundary = _END.search(sentence, start)
    end = boundary.start() if boundary else len(sentence)
    return _trim(sentence, start, end)


def _split_list(sentence: str, start: int, end: int, count: int
                ) -> list[tuple[int, int]] | None:
    """`count` items of "A, B and C" (the text may run past the first comma)."""
    stop = _list_end(sentence, start)
    items = [m for m in re.finditer(r"[^,]+?(?=\s*,\s*(?:and\s+)?|\s+and\s+|$)",
                                    sentence[start:stop]) if m.group().strip()]
    cleaned = [re.sub(r"^\s*(?:and|or)\s+", "", item.group()) for item in items]
    if len(items) != count:
        return None
    result = []
    for item, text in zip(items, cleaned, strict=True):
        item_start = start + item.start() + (len(item.group()) - len(text))
        result.append(_trim(sentence, item_start, start + item.end()))
    return result


def _list_end(sentence: str, start: int) -> int:
    boundary = re.compile(r"[.;:]|\s+(?:respectively|where|which|that)\b|\(|\u27e6")
    found = boundary.search(sentence, start)
    return found.start() if found else len(sentence)


def _trim(sentence: str, start: int, end: int) -> tuple[int, int]:
    """Without surrounding spaces, quotes and trailing punctuation, nor 'respectively'."""
    while start < end and sentence[start] in " \t\n\"'`":
        start += 1
    while end > start and sentence[end - 1] in " \t\n,.;:\"'`":
        end -= 1
    text = sentence[start:end]
    for tail in (" respectively", " resp"):
        if text.lower().endswith(tail):
            end -= len(tail)
    words = sentence[start:end].split()
    if len(words) > MAX_DESCRIPTION_WORDS:
        end = start + len(" ".join(words[:MAX_DESCRIPTION_WORDS]))
    return start, end


def _is_description(text: str) -> bool:
    """Words, not a number or another formula: 'the learning rate', not '0.1' or '⟦3⟧'."""
    words = re.findall(r"[^\W\d_]{2,}|[\u4e00-\u9fff]", text)
    if not words:
        return False
    tokens = text.split()
    first = tokens[0].lower() if tokens else ""
    second = tokens[1].lower() if len(tokens) > 1 else ""
    if first[:1].isdigit() or first.startswith("\u27e6") or first in _PRONOUNS:
        return False  # "2 as the beliefs are uncertain", "$F$ as a subgraph"
    if first.endswith("ed") and (not second or second in _NOT_IN_NOUN_PHRASE
                                 or second.endswith("ly")):
        return False  # "denoted by", "mapped to a vertex", "selected uniformly from"
    if first in ("isomorphic", "equivalent", "related", "associated", "connected",
                 "contained", "included", "adjacent", "orthogonal", "parallel"):
        return False
    # "learned projection matrices" is a description; "learned" alone is a predicate
    return first not in _PREDICATES or (first in ("learned", "learnt") and len(tokens) > 1)


def _noun_phrase_start(sentence: str, start: int, end: int) -> int:
    """The start of the noun phrase that ends at `end` (a 'denoted'/'(...)' description
    starts at its noun phrase, not at the start of the clause); -1 when there is none
    ("The filtering operation can then be written as $y = ...$")."""
    words = list(re.finditer(r"\S+", sentence[start:end]))
    kept = _noun_phrase_words([w.group() for w in words])
    if not kept:
        return -1
    return start + words[len(words) - kept].start()


def _noun_phrase_words(words: list[str]) -> int:
    """How many of the last `words` make a noun phrase: 'the total number of items'."""
    count = 0
    for position in range(len(words) - 1, -1, -1):
        raw = words[position]
        if count and raw[-1:] in ",.;:()\"":
            break  # "the embedding layers, produce outputs": a clause boundary
        word = raw.strip(",.;:()\"'`")
        lowered = word.lower()
        if count and _SIZE_FORMULA.fullmatch(word) and (
                "-" in word or words[position + 1].lower() in ("dimensional", "dim")):
            count += 1  # "a $D$ dimensional input $x$", "an $n$-dimensional vector $v$"
            continue
        if not word or not re.fullmatch(r"[^\W\d_][\w-]*", word):
            break
        if lowered == "of":
            before = words[position - 1].lower() if position else ""
            if count and before and before not in _NOT_IN_NOUN_PHRASE:
                count += 1
                continue
            break
        if lowered in _DETERMINERS:
            count += 1
            break
        if lowered in _NOT_IN_NOUN_PHRASE or count >= MAX_NOUN_PHRASE_WORDS:
            break
        count += 1
    if count and words[len(words) - count].lower() == "of":
        count -= 1  # "... , of order $k$": no phrase before the "of"
    return count


_ADJECTIVES = frozenset({
    "same", "different", "other", "such", "single", "given", "certain", "particular",
    "specific", "new", "old", "first", "second", "third", "last", "next", "previous",
    "following", "corresponding", "respective", "several", "various", "many", "few", "whole",
    "entire", "above", "below", "outside", "inside", "vs", "versus", "more", "less", "most",
    "least", "high", "low", "large", "small", "big", "positive", "negative", "real",
    "finite", "infinite", "true", "false", "possible", "available", "known", "unknown",
    "fixed", "random", "total", "normal", "general", "final", "initial", "original",
    "optimal", "minimal", "maximal", "global", "local", "additional", "individual",
    "typical", "arbitrary", "generic", "standard", "simple", "common", "constant", "own",
    "former", "latter", "above-mentioned", "aforementioned", "actual", "exact", "overall",
    "observed", "respectively", "then", "thus", "also", "each", "every", "any", "some"})
# -ing words that are nouns ("the embedding $E$"), not verbs ("solving $O_0$").
_ING_NOUNS = frozenset({
    "embedding", "encoding", "mapping", "padding", "spacing", "setting", "string",
    "ordering", "ranking", "rating", "coupling", "detuning", "splitting", "broadening",
    "scattering", "smoothing", "pooling", "weighting", "scaling", "binning", "labeling",
    "labelling", "matching", "clustering", "coloring", "colouring", "rounding", "offering",
    "building", "drawing", "ring", "thing", "king", "meaning", "training", "learning",
    "heading", "saving", "bracketing", "forcing", "damping", "tiling"})


_PRONOUNS = frozenset({"which", "this", "that", "these", "those", "it", "they", "we",
                       "what", "who", "one"})


def _full_noun_phrase(phrase: str) -> bool:
    """A noun phrase that names something: a determiner and a noun, or two words, whose
    head is not an abbreviation ('the number of heads', 'voxel radius'; not 'UV', 'which')."""
    words = [w.strip(",.;:()\"'`") for w in phrase.split()]
    words = [w for w in words if w]
    if not words or words[0].lower() in _PRONOUNS or any(w == "&" for w in words):
        return False
    head = words[-1]
    if head.isupper() and len(head) > 1:
        return False
    return len(words) >= 2


def _noun_phrase_head(phrase: str) -> bool:
    """The last word of a noun phrase looks like a noun: not 'same', 'solving', 'observed'."""
    words = [w.strip(",.;:()\"'`").lower() for w in phrase.split()]
    words = [w for w in words if w]
    if not words:
        return False
    head = words[-1]
    if head in _ADJECTIVES or head in _DETERMINERS or head.endswith(("ly", "ous", "ful")):
        return False
    determined = words[0] in _DETERMINERS
    if head.endswith("ing") and not determined and (head not in _ING_NOUNS or len(words) == 1):
        return False  # solving $O_0$, using $x$, "(3) mapping $u$ from ..."
    return not (head.endswith("ed") and len(words) == 1 and head not in ("seed", "speed",
                                                                          "feed", "bed"))


def _noun_phrases(sentence: str, offset: int, whole: _Sentence, explicit: set[int],
                  analysis: Analysis) -> Iterator[_Found]:
    """"the learning rate $\\eta$", "a student $s$": the noun phrase right before a symbol."""
    for match in re.finditer(_MARKS, sentence):
        marks = [m for m in _marks(match.group()) if m not in explicit
                 and _nameable(m, analysis)]
        if not marks:
            continue
        before = sentence[:match.start()]
        if sentence[match.end():match.end() + 1] == "-":
            continue  # "the $k$-NN graph", "$K$-localized": the formula is part of a word
        if _ends_in_chinese(before):
            chinese = _chinese_noun_phrase(before)
            if chinese is not None:
                start, end = chinese
                yield _Found(tuple(marks), offset + start, offset + end, "noun-phrase", whole)
            continue
        if not before.endswith(" ") or before.rstrip().endswith((",", ";", ":", "(", ")")):
            continue
        words = list(re.finditer(r"\S+", before))
        count = _noun_phrase_words([w.group() for w in words])
        if count == 0:
            continue
        original = [w.group() for w in words[-count:]]
        phrase_words = [w.lower() for w in original]
        if all(w in _DETERMINERS for w in phrase_words) or \
                not _noun_phrase_head(" ".join(phrase_words)):
            continue
        start = words[-count].start()
        end = words[-1].end()
        if not phrase_words[-1].endswith("s"):
            marks = marks[:1]  # "State feature $s$, $\\eta > 0$": only the first is named
        yield _Found(tuple(marks), offset + start, offset + end, "noun-phrase", whole,
                     _measure_first(original))


_ZH_LEADING = ("给定", "对于", "其中", "这里", "设", "令", "记", "用", "由", "将", "把", "对",
               "在", "和", "与", "及", "以及", "而", "且", "即", "则", "若", "当")
_ZH_TRAILING = ("为", "是", "记为", "记作", "即")
_ZH_VERBS = ("表示", "代表", "满足", "等于", "定义", "可逆", "属于", "服从", "使得", "得到",
             "计算", "更新", "按", "是", "为")


def _ends_in_chinese(before: str) -> bool:
    stripped = before.rstrip()
    return bool(stripped) and "\u4e00" <= stripped[-1] <= "\u9fff"


def _chinese_noun_phrase(before: str) -> tuple[int, int] | None:
    """"训练集 $\\mathcal{D}$", "最优解 $w^*$", "模型的预测为 $\\hat{y}$": the Chinese noun
    phrase right before a formula, or None when the text there is not Chinese."""
    stripped = before.rstrip()
    start = max(stripped.rfind(mark) for mark in "，,。；;：:、（(\u27e7") + 1
    phrase_start, phrase_end = start, len(stripped)
    text = stripped[phrase_start:phrase_end]
    changed = True
    while changed:
        changed = False
        for lead in _ZH_LEADING:
            if text.startswith(lead) and len(text) > len(lead):
                text, phrase_start, changed = text[len(lead):], phrase_start + len(lead), True
        for tail in _ZH_TRAILING:
            if text.endswith(tail) and len(text) > len(tail):
                text, phrase_end, changed = text[:-len(tail)], phrase_end - len(tail), True
    text = text.strip()
    if not text or len(text) > 16 or text.endswith("第") or any(v in text for v in _ZH_VERBS):
        return None
    if not re.search(r"[\u4e00-\u9fff]{2,}", text):
        return None
    return phrase_start, phrase_end


def _measure_first(words: list[str]) -> str | None:
    """"outputs of dimension" -> "dimension of outputs"."""
    if len(words) >= 3 and words[-2].lower() == "of" and words[-1].lower() in _MEASURES:
        return f"{words[-1]} of {' '.join(words[:-2])}"
    return None


def _family_list(tree: list[Node]) -> bool:
    """`(x_1, \\ldots, x_n)` or `x_1, x_2`: a list of one family of symbols."""
    nodes = tree[0].children if len(tree) == 1 and isinstance(tree[0], Fenced) \
        and tree[0].kind == "paren" else tree
    names: set[tuple[str, str]] = set()
    for node in nodes:
        base = node.base if isinstance(node, Scripted) else node
        if isinstance(base, Atom) and base.name in (",", ".", "(", ")", "ldots", "dots",
                                                   "cdots"):
            continue
        if not (isinstance(base, Atom) and base.kind == "letter"):
            return False
        names.add((base.name, base.font))
    return len(names) == 1 and any(n for n in nodes if isinstance(n, Scripted))


def _nameable(span: int, analysis: Analysis) -> bool:
    """The formula is a single symbol (`$\\eta$`, `$W_i$`), perhaps applied
    (`$p(x \\mid y)$`), not an expression: a noun phrase before it names it."""
    if span >= len(analysis.trees):
        return False
    tree = [n for n in analysis.trees[span] if not (isinstance(n, Atom)
                                                     and n.kind == "separator")]
    if tree and _family_list(tree):
        return True
    if not tree or not _symbol_node(tree[0]):
        return False
    if len(tree) == 1 or _applied_item(tree):
        return True
    # "a vertex $w \\in A$", "a feature space $\\mathcal{X} = \\{x_1, ...\\}$"; not "a
    # base distribution $z_0 \\sim p(z)$", where the phrase names the distribution
    limit = _left_of_relation(tree)
    if limit is not None and any(isinstance(n, Atom) and n.name == "sim" and n.start == limit
                                 for n in tree):
        return False
    left = [n for n in tree if limit is not None and n.start < limit]
    return bool(left) and (len(left) == 1 or _applied_item(left))


def _symbol_node(node: Node) -> bool:
    base = node.base if isinstance(node, Scripted) else node
    return (isinstance(base, Atom) and base.kind in ("letter", "word", "other")) or (
        isinstance(base, Atom) and base.kind == "number" and bool(base.font))


def _applied_item(item: list[Node]) -> bool:
    """`p(x)`: a symbol followed only by its parenthesised argument."""
    rest = item[1:]
    if len(rest) == 1 and isinstance(rest[0], Fenced) and rest[0].kind == "paren":
        return True
    return len(rest) >= 2 and isinstance(rest[0], Atom) and rest[0].name == "(" \
        and isinstance(rest[-1], Atom) and rest[-1].name == ")" and balanced(rest)


# -------------------------------------------------------------- occurrences

class _OccurrenceIndex:
    """The symbol occurrences of each span, in order."""

    def __init__(self, analysis: Analysis):
        self.by_span: dict[int, list[tuple[Occurrence, Symbol]]] = defaultdict(list)
        for symbol in analysis.symbols:
            for occurrence in symbol.occurrences:
                self.by_span[occurrence.span].append((occurrence, symbol))
        for items in self.by_span.values():
            items.sort(key=lambda item: item[0].location.offset)

    def subjects(self, span: int, analysis: Analysis) -> list[tuple[Occurrence, Symbol]]:
        """The symbols a formula names when prose defines it: its only main symbol (also a
        list of one family, `$x_1, \\dots, x_n$`), or the symbols before its relation
        (`$x \\in \\mathbb{R}^d$`, `$W^Q, W^K \\in \\mathbb{R}^{d \\times k}$`, `$d_k = 64$`)
        when they are a comma list of single symbols."""
        items = [(o, s) for o, s in self.by_span.get(span, []) if not o.in_script
                 and s.id.kind in ("variable", "function")]
        if not items:
            return []
        tree = analysis.trees[span] if span < len(analysis.trees) else []
        limit = _left_of_relation(tree)
        if len({symbol.key for _, symbol in items}) == 1:
            # `$x_1, \\dots, x_n$` and `$\\eta > 0$` name their symbol; `$\\nabla_x y$`
            # is a gradient, not y
            head = [node for node in tree if limit is None or node.start < limit]
            return [items[0]] if all(_plain_part(node) for node in head) else []
        alternatives = _alternatives(tree)
        if len(alternatives) > 1:
            return [found for alternative in alternatives
                    if (found := self._single(alternative, items)) is not None]
        if limit is None:
            return []
        chosen: list[tuple[Occurrence, Symbol]] = []
        for item in _comma_items([n for n in tree if n.start < limit]):
            found = self._single(item, items)
            if found is None:
                return []
            chosen.append(found)
        return chosen

    @staticmethod
    def _single(item: list[Node], items: list[tuple[Occurrence, Symbol]]
                ) -> tuple[Occurrence, Symbol] | None:
        """The symbol `item` is, when it is one symbol, possibly applied (`p(x)`)."""
        if not (len(item) == 1 or (_symbol_node(item[0]) and _applied_item(item))):
            return None
        return next(((o, s) for o, s in items
                     if item[0].start <= o.location.offset <= item[0].end), None)

    def uses(self, span: int, key: str, start: int, end: int) -> bool:
        """True when the symbol `key` occurs in the span between offsets start and end."""
        return any(symbol.key == key and start <= occurrence.location.offset <= end
                   for occurrence, symbol in self.by_span.get(span, []))

    def at(self, span: int, start: int, end: int) -> tuple[Occurrence, Symbol] | None:
        """The first main symbol whose occurrence starts within [start, end)."""
        for occurrence, symbol in self.by_span.get(span, []):
            if start <= occurrence.location.offset < end and not occurrence.in_script \
                    and symbol.id.kind in ("variable", "function"):
                return occurrence, symbol
        return None


_OPERATOR_PARTS = frozenset({"nabla", "partial", "int", "iint", "oint", "sum", "prod",
                             "frac", "dfrac", "tfrac", "sqrt"})


def _plain_part(node: Node) -> bool:
    """Whether a part of a formula leaves the formula naming its symbol: not a gradient,
    derivative, integral, sum or fraction around it (`$\\nabla_x y$` is no name for y,
    while `$x_1, \\dots, x_n$`, `$f(\\cdot)$` and `$\\{x_i\\}_{i=1}^n$` name x, f)."""
    base = node.base if isinstance(node, Scripted) else node
    if isinstance(base, Command):
        return base.name not in _OPERATOR_PARTS
    return not (isinstance(base, Atom) and base.name in _OPERATOR_PARTS)


def _alternatives(tree: list[Node]) -> list[list[Node]]:
    """A formula's parts around `\\text{ or }`: the notation table's
    `y^{(i)} \\text{ or } \\vy^{(i)}` names two symbols with one description."""
    parts: list[list[Node]] = [[]]
    for node in tree:
        if isinstance(node, Text) and node.words.strip() == "or" and not node.children:
            parts.append([])
        else:
            parts[-1].append(node)
    return [part for part in parts if part]


_RELATIONS = frozenset({"=", "in", "coloneqq", "defeq", "triangleq", "equiv", "sim", "le",
                        "ge", "leq", "geq", "<", ">", "approx", "subset", "subseteq"})


def _left_of_relation(tree: list[Node]) -> int | None:
    for node in tree:
        if isinstance(node, Atom) and node.name in _RELATIONS:
            return node.start
    return None


def _resolve(found: _Found, index: _OccurrenceIndex, analysis: Analysis,
             locate: Callable[[str, int], Location]) -> Iterator[tuple[str, Definition]]:
    sentence = found.sentence
    file, start = sentence.source(found.start)
    end = _source_end(sentence, found.end, analysis)
    text = found.text or _readable(sentence.text[found.start:found.end], analysis)
    for span in found.spans:
        for occurrence, symbol in index.subjects(span, analysis):
            yield symbol.key, Definition(
                text=text, file=file, line=locate(file, start).line, start=start, end=end,
                symbol_start=occurrence.location.offset, symbol_end=occurrence.end,
                source="prose", symbol_file=occurrence.location.file, cue=found.cue)


def _source_end(sentence: _Sentence, end: int, analysis: Analysis) -> int:
    """The file offset just past a description that ends at `end` in the working text; a
    description ending with a formula ends after the formula's closing delimiter."""
    for piece in sentence.pieces:
        if piece.start < end <= piece.end:
            if piece.math is None:
                return piece.offset + (end - piece.start)
            span = analysis.math[piece.math] if piece.math < len(analysis.math) else None
            return span.end + len(_closing(span.environment)) if span else piece.offset
    last = sentence.pieces[-1]
    return last.offset + max(0, end - last.start)


def _closing(environment: str) -> str:
    return {"$": "$", "$$": "$$", "\\(": "\\)", "\\[": "\\]"}.get(environment, "")


def _readable(text: str, analysis: Analysis) -> str:
    """The description with its formulas as $...$, in canonical LaTeX (author macros
    expanded: `$\\vx$` becomes `$\\boldsymbol{x}$`, which any renderer can show)."""
    def formula(match: re.Match[str]) -> str:
        span = int(match.group(1))
        if span < len(analysis.trees) and analysis.trees[span]:
            latex = to_latex(analysis.trees[span])
        else:
            latex = analysis.math[span].latex if span < len(analysis.math) else ""
        return f"${latex.strip()}$"
    return " ".join(re.sub(_MARK, formula, text).split())


# --------------------------------------------------------------------- math

def math_definitions(span: int, tree: list[Node], index: _OccurrenceIndex,
                     analysis: Analysis, locate: Callable[[str, int], Location],
                     introduced: bool = False) -> Iterator[tuple[str, Definition]]:
    """Type statements and defining equations in one formula, row by row, and within a row
    clause by clause (`Q = XW^Q, \\quad K = XW^K`)."""
    for row in _rows(tree):
        yield from _type_statements(span, row, index, locate)
        for clause in _clauses(row):
            yield from _defining_equation(span, clause, index, analysis, locate, introduced)


def _rows(tree: list[Node]) -> Iterator[list[Node]]:
    """An align's rows (split at \\\\), without the & markers."""
    row: list[Node] = []
    for node in tree:
        if isinstance(node, Atom) and node.kind == "separator":
            if node.name in ("\\", "cr", "newline") and row:
                yield row
                row = []
            continue
        row.append(node)
    if row:
        yield row


def _type_statements(span: int, row: list[Node], index: _OccurrenceIndex,
                     locate: Callable[[str, int], Location]) -> Iterator[tuple[str, Definition]]:
    """`x, y \\in \\mathbb{R}^{d}` and `f: \\mathcal{X} \\to \\mathcal{Y}`."""
    for position, node in enumerate(row):
        if not isinstance(node, Atom):
            continue
        if node.name == "in":
            left, right = _side_before(row, position), _side_after(row, position)
            cue = "type-in"
        elif node.name in (":", "colon") and _has_arrow(row, position):
            left, right = _side_before(row, position), _side_after(row, position, arrows=True)
            cue = "type-map"
        else:
            continue
        if not right or not left:
            continue
        described = right[0].start, right[-1].end
        text = ("\\in " if cue == "type-in" else ": ") + to_latex(right)
        for item in _comma_items(left):
            subject = index.at(span, item[0].start, item[-1].end + 1)
            if subject is None or len(item) > 1:
                continue
            occurrence, symbol = subject
            file = occurrence.location.file
            yield symbol.key, Definition(
                text=text, file=file, line=locate(file, described[0]).line,
                start=described[0], end=described[1], symbol_start=occurrence.location.offset,
                symbol_end=occurrence.end, source="type", symbol_file=file, cue=cue)


def _has_arrow(row: list[Node], position: int) -> bool:
    return any(isinstance(n, Atom) and n.name in ("to", "rightarrow", "mapsto")
               for n in row[position + 1:])


def _side_before(row: list[Node], position: int) -> list[Node]:
    """The nodes just left of a relation, back to the previous relation or separator."""
    side: list[Node] = []
    for node in reversed(row[:position]):
        if isinstance(node, Atom) and (node.name in _RELATIONS or node.kind == "separator"
                                       or node.name in ("forall", "exists", "quad")):
            break
        side.insert(0, node)
    return side


_BRACES = ("\\{", "\\lbrace", "\\langle", "\\}", "\\rbrace", "\\rangle")
"""Unpaired set braces and angle brackets: the first three open, the others close."""


def _side_after(row: list[Node], position: int, arrows: bool = False) -> list[Node]:
    """The nodes right of a relation, up to the next relation, comma-clause or separator;
    a comma inside brackets is part of the type: `t \\in [0,1]`, `\\mathbb{R}^d \\times [0,1]`."""
    side: list[Node] = []
    depth = 0
    for node in row[position + 1:]:
        if isinstance(node, Atom) and (node.kind in ("open", "close") or node.name in _BRACES):
            opening = node.kind == "open" or node.name in _BRACES[:3]
            depth = max(0, depth + (1 if opening else -1))
        elif isinstance(node, Atom) and (node.name in _RELATIONS or node.kind == "separator"
                                         or (node.name in (",", ";", ".") and not depth)):
            break
        side.append(node)
    return side


def _comma_items(nodes: list[Node]) -> list[list[Node]]:
    items: list[list[Node]] = [[]]
    for node in nodes:
        if isinstance(node, Atom) and node.name == ",":
            items.append([])
        else:
            items[-1].append(node)
    return [item for item in items if item]


_DEFINING = frozenset({"coloneqq", "defeq", "triangleq"})


def _clauses(row: list[Node]) -> list[list[Node]]:
    """A row split at top-level commas when every piece holds its own relation."""
    pieces: list[list[Node]] = [[]]
    depth = 0
    for node in row:
        if isinstance(node, Atom) and node.kind == "open":
            depth += 1
        elif isinstance(node, Atom) and node.kind == "close":
            depth -= 1
        if isinstance(node, Atom) and node.name == "," and depth == 0:
            pieces.append([])
            continue
        pieces[-1].append(node)
    pieces = [piece for piece in pieces if piece]
    with_relation = [any(isinstance(n, Atom) and (n.name == "=" or n.name in _DEFINING)
                         for n in piece) for piece in pieces]
    return pieces if len(pieces) > 1 and all(with_relation) else [row]


def _defining_equation(span: int, row: list[Node], index: _OccurrenceIndex, analysis: Analysis,
                       locate: Callable[[str, int], Location], introduced: bool = False
                       ) -> Iterator[tuple[str, Definition]]:
    """`A := B`, `A \\triangleq B`, and `\\mathcal{L}(\\theta) = B` with a single symbol
    (applied or not) alone on the left."""
    relations = [(i, n) for i, n in enumerate(row)
                 if isinstance(n, Atom) and (n.name in _DEFINING or n.name == "=")]
    if not relations:
        return
    position, relation = relations[0]
    left = row[:position]
    right = _until_next(row[position + 1:])
    if not left or not right or not _single_symbol_side(left):
        return
    if relation.name == "=" and not (introduced or _plain_definition(left, row, span,
                                                                      analysis)):
        return
    subject = index.at(span, left[0].start, left[0].end + 1)
    if subject is None:
        return
    occurrence, symbol = subject
    if relation.name == "=" and index.uses(span, symbol.key, right[0].start, right[-1].end):
        return  # an update rule, θ_{t+1} = θ_t − η∇L, does not define θ
    if relation.name == "=" and (_special_case(occurrence) or _just_a_number(right)):
        return  # T_0(x) = 1 is one case of T; "where $n = 1$" sets a value
    file = occurrence.location.file
    cue = "defining-equation" if relation.name in _DEFINING else "equation"
    yield symbol.key, Definition(
        text=to_latex(right), file=file, line=locate(file, right[0].start).line,
        start=right[0].start, end=right[-1].end, symbol_start=occurrence.location.offset,
        symbol_end=occurrence.end, source="equation", symbol_file=file, cue=cue)


def _special_case(occurrence: Occurrence) -> bool:
    """`T_0(x)`, `x^{(1)}`: the left side is one member of an indexed family."""
    return any(role in ("index", "sample-index") for role in occurrence.script_roles)


def _just_a_number(nodes: list[Node]) -> bool:
    return all(isinstance(n, Atom) and (n.kind == "number" or n.name in ("-", ".", ","))
               for n in nodes)


def _until_next(nodes: list[Node]) -> list[Node]:
    """The right side of a definition, up to a following relation or a trailing comma."""
    side: list[Node] = []
    for node in nodes:
        if isinstance(node, Atom) and (node.name in _RELATIONS or node.name in _DEFINING):
            break
        side.append(node)
    while side and isinstance(side[-1], Atom) and side[-1].name in (",", ".", ";"):
        side.pop()
    return side


def _single_symbol_side(left: list[Node]) -> bool:
    """`\\mathcal{L}`, `f(x)`, `\\mathcal{L}(\\theta)`, `h_t`: one symbol, maybe applied."""
    nodes = [n for n in left if not (isinstance(n, Atom) and n.kind == "separator")]
    if not nodes:
        return False
    head = nodes[0].base if isinstance(nodes[0], Scripted) else nodes[0]
    if not (isinstance(head, Atom) and head.kind in ("letter", "word", "function")):
        return False
    rest = nodes[1:]
    if not rest:
        return True
    return (len(rest) == 1 and isinstance(rest[0], Fenced | Group)) or (
        isinstance(rest[0], Atom) and rest[0].name == "(" and isinstance(rest[-1], Atom)
        and rest[-1].name == ")")


def _plain_definition(left: list[Node], row: list[Node], span: int, analysis: Analysis) -> bool:
    """A plain `=` defines its left side only as the first relation of a display row, or
    when the left side is applied (`f(x) = ...`): `a = b = c` in a derivation does not."""
    equals = sum(1 for n in row if isinstance(n, Atom) and n.name == "=")
    if equals > 1:
        return False
    applied = len(left) > 1
    return applied or analysis.math[span].display
