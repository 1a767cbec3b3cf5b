"""English prose cues. Each rule reads one sentence of working text (text.py), where a
formula is ⟦n⟧, and proposes descriptions; the scorer decides which ones are shown."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..phrases import (
    PHRASE_BREAKS,
    description_end,
    ends_in_chinese,
    full_noun_phrase,
    is_complete,
    is_description,
    is_instruction,
    is_property,
    label_after_of,
    leading_verb,
    measure_first,
    noun_phrase_head,
    noun_phrase_start,
    noun_phrase_words,
    split_list,
    trim,
)
from ..text import MARK_PATTERN, marks_in
from ..words import (
    CLOSED_CLASS,
    COUNT_LEADS,
    DANGLING,
    DETERMINERS,
    NOT_IN_NOUN_PHRASE,
    NOTATION_NOUNS,
    ORDINAL_ENDS,
)
from .base import Case, Hit, Sentence, prose_rule

MARK = MARK_PATTERN
# one formula, or a list of them: "⟦1⟧, ⟦2⟧ and ⟦3⟧"
MARKS = rf"{MARK}(?:\s*,\s*{MARK})*(?:,?\s+(?:and|or)\s+{MARK})?"
# the longer verbs first: "is known as the bandwidth" is not "is" + "known as ...", nor
# "is called the gain" "is" + "called the gain"
VERBS = (r"(?:(?:is|are)\s+(?:known\s+as|referred\s+to\s+as|termed|defined\s+as|called|"
         r"given\s+by)|is|are|was|were|being|denotes?|denoted|represents?|stands?\s+for|"
         r"refers?\s+to|indicates?|corresponds?\s+to|describes?|means?|"
         r"measures?|captures?|controls?|holds?|contains?|encodes?)")
# "where $x_t$ is then the noisy sample": an adverb between the verb and the description
ADVERB = r"(?:(?:then|now|also|simply|thus|hence|therefore|again|just)\s+)?"
LEAD = r"(?:where|with|and|here|in\s+which|for\s+which|while|whereas|and\s+where|then)"


def _iterate(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Matches of a cue that ends with `(?P<rest>.*)`, each one found after the last
    formula list, so "⟦2⟧ and ⟦3⟧ denote" inside "⟦1⟧, ⟦2⟧ and ⟦3⟧ denote" is not read
    again."""
    position = 0
    while (match := pattern.search(text, position)) is not None:
        yield match
        position = match.end("marks")


def distribute(marks: list[int], sentence: str, rest_start: int) -> Iterator[Hit]:
    """The description after a cue verb, for one formula or, respectively, for several:
    "⟦1⟧, ⟦2⟧ and ⟦3⟧ denote the queries, keys and values"."""
    start, end = description_end(sentence, rest_start)
    if end <= start or not is_description(sentence[start:end]):
        return
    if len(marks) > 1:
        parts = split_list(sentence, start, end, len(marks))
        if parts is not None and any(_CLAUSE_ITEM.search(sentence, a, b) for a, b in parts):
            return  # "$B$ and $C$ are scalars and therefore the trace can be omitted"
        if parts is not None:
            for mark, (part_start, part_end) in zip(marks, parts, strict=True):
                if part_end > part_start:
                    yield Hit((mark,), part_start, part_end, respectively=True)
            return
    if _RESPECTIVELY.match(sentence, end):
        # "$W_Q, W_K, W_V \in \mathbb{R}^{d \times d}$ are the projections for the queries,
        # keys and values, respectively": one formula lists the symbols, so which item is
        # whose is not known here; the first item would be wrong for all but one of them
        return
    for mark in marks:
        yield Hit((mark,), start, end)


_CLAUSE_ITEM = re.compile(r"^\s*(?:therefore|thus|hence|so|then)\b|"
                          r"\b(?:is|are|be|been|can|may|must|will|should)\b", re.IGNORECASE)
"""An item of a split list that is a clause, not a noun phrase: the "and" joined two
clauses ("... are scalars and therefore the trace operator can be omitted")."""
_RESPECTIVELY = re.compile(r"[^.;:\u27e6]*?\brespectively\b")
"""A "respectively" of the same clause: not one after another formula ("Let $W$ be the
weight matrix, and let $x, y$ be the input and output, respectively")."""


def _after_cue(pattern: re.Pattern[str], sentence: Sentence) -> Iterator[Hit]:
    for match in _iterate(pattern, sentence.text):
        yield from distribute(subject_marks(match), sentence.text, match.start("rest"))


_SINGULAR_VERB = re.compile(r"\s*(?:is|was|denotes|represents|stands|refers|indicates|"
                            r"corresponds|describes|means|measures|captures|controls|holds|"
                            r"contains|encodes)\b", re.IGNORECASE)


def subject_marks(match: re.Match[str]) -> list[int]:
    """The formulas a cue's verb has as its subject. Before a singular verb a comma list
    is no subject: in "where $E = \\epsilon E_0$, $\\epsilon$ is the polarization" or
    "all terms in $V$, $\\mu$ is the smoothing parameter" only the last formula is (the
    others end the clause before); "$Q$, $K$ and $V$ are ..." keeps all three."""
    marks = marks_in(match.group("marks"))
    start = match.start("marks")
    if start > 0 and match.string[start - 1].isalpha():
        return []  # "FC$k$ denotes a fully connected layer": the word FCk is the subject
    joined = re.search(r"\b(?:and|or)\b", match.group("marks"))
    if len(marks) > 1 and not joined and _SINGULAR_VERB.match(
            match.string, match.end("marks")):
        return marks[-1:]
    return marks


_WHERE_IS = re.compile(
    rf"(?:(?:^|[\s,(;:]){LEAD}\s+(?P<between>(?:[^\W\d][\w-]*\s+){{0,4}}?)|^\s*|[,;:]\s+)"
    rf"(?P<marks>{MARKS})\s+{VERBS}\s+{ADVERB}(?P<rest>.*)", re.IGNORECASE | re.DOTALL)


@prose_rule("where-is", "en", "stated-after", explicit=True, cases=[
    Case("The update is $w - \\eta g$, where $\\eta$ is the learning rate.",
         (("eta", "the learning rate"),)),
    Case("Here $I$ is the total number of items.", (("I", "the total number of items"),)),
    # "with" completes "associated": the phrase does not end on it
    Case("Here $r$ is the reward associated with the action.",
         (("r", "the reward associated with the action"),)),
    Case("Here $\\mathrm{sg}[x] = x$ is the stop-gradient operator.",
         (("sg", "the stop-gradient operator"),)),
    Case("Here $\\Sigma[i]$ is the noise level of point $i$.",
         (("Sigma", "the noise level of point $i$"),)),
    Case("Here $\\mathbb{E}[\\log D(x)]$ is the loss of the discriminator.", ()),
    Case("We store $x$, where $\\theta$ is kept as a sample from the posterior.", ()),
    Case("Here $Q$, $K$ and $V$ denote the queries, keys and values.",
         (("Q", "the queries"), ("K", "keys"), ("V", "values"))),
    Case("where $E = \\epsilon E_0$, $\\epsilon$ is the polarization vector.",
         (("epsilon", "the polarization vector"),)),
    Case("Here $x_t$ is then the noisy sample at time $t$.",
         (("x", "the noisy sample at time $t$"),)),
    Case("Here $\\sigma^2$ is known as the bandwidth.", (("sigma", "the bandwidth"),)),
    Case("where $\\odot$ denotes the element-wise product.",
         (("odot", "the element-wise product"),)),
    Case("where $v$ is the speed at which the trap moves.", (("v", "the speed"),)),
    Case("where $\\eta$ is small.", ()),
    Case("where $\\eta$ is then small.", ()),
    Case("The difference of norms, $\\Delta$, is conserved throughout training.", ()),
    Case("where $\\epsilon$ is negligible compared to their size.", ()),
    Case("We show that $x$ is bounded.", ()),
    Case("Here $B$ and $C$ are scalars and therefore the trace can be omitted.", ()),
    Case("where the mean of $x$ is the centre of mass.", ()),
    Case("a point for which the difference between $B$ and $C$ is the smallest one.", ()),
    Case("Here the function $f$ is the encoder.", (("f", "the encoder"),)),
    # a parenthesis the description never opened ends it
    Case("The basis $U$ (where $s$ is the basis size), is built once.",
         (("s", "the basis size"),)),
])
def where_is(sentence: Sentence) -> Iterator[Hit]:
    """A formula after a lead word (where, with, here, and) or at the start of a clause,
    then a copula or a defining verb, then the description: "where $\\eta$ is the
    learning rate", "Here $Q$, $K$ and $V$ denote the queries, keys and values" (taken
    respectively), "Here $\\sigma^2$ is known as the bandwidth", "where $x_t$ is then the
    noisy sample" (an adverb after the verb is no part of the description). Not a
    formula that a preposition governs: in "for which the difference between $B$ and $C$
    is negligible" the subject is the difference."""
    for match in _iterate(_WHERE_IS, sentence.text):
        if _OBJECT_OF.search(match.group("between") or ""):
            continue
        yield from distribute(subject_marks(match), sentence.text, match.start("rest"))


_LET = re.compile(rf"\b(?:let|Let|suppose|Suppose|assume|Assume)\s+(?P<marks>{MARKS})\s+"
                  r"(?:be|denotes?|represents?|is|are)\s+(?P<rest>.*)", re.DOTALL)


@prose_rule("let-be", "en", "stated-after", explicit=True, cases=[
    Case("Let $\\mathcal{D}$ be a training set of $N$ examples.",
         (("cal:D", "a training set of $N$ examples"),)),
    Case("Let $p \\in M$ be a point on a manifold and let $c$ be a curve.",
         (("p", "a point on a manifold"), ("c", "a curve"))),
    Case("Let $I$ be the set of players and $U$ be the utility function.",
         (("I", "the set of players"), ("U", "the utility function"))),
    Case("Let $\\Sigma$ be a (possibly sorted) signature.",
         (("Sigma", "a (possibly sorted) signature"),)),
    Case("Let $x$ be fixed.", ()),
    Case("We compare $x$ and $y$ be sure.", ()),
    # the "respectively" of the next clause is not this one's
    Case("Let $W \\in \\mathbb{R}^{m \\times n}$ be the weight matrix, and let $x, y$ be "
         "the input and the output respectively.", (("W", "the weight matrix"),)),
])
def let_be(sentence: Sentence) -> Iterator[Hit]:
    """"Let $X$ be ...", "Suppose $X$ is ...", "Assume $X$ denotes ...", and each formula
    the same "let" goes on to: "Let $I$ be the set of players and $U$ be the utility"."""
    yield from _going_on(_LET, _LET_AND, sentence)


def _going_on(cue: re.Pattern[str], going_on: re.Pattern[str], sentence: Sentence
              ) -> Iterator[Hit]:
    """The hits of `cue`, then of each clause the same cue goes on to without repeating
    its verb (`going_on`): "Let $I$ be ... and $U$ be ...", "we use $R$ to represent ...,
    and $r_t$ to represent ..."."""
    yield from _after_cue(cue, sentence)
    first = cue.search(sentence.text)
    if first is not None:
        for match in going_on.finditer(sentence.text, first.end("marks")):
            yield from distribute(marks_in(match.group("marks")), sentence.text,
                                  match.start("rest"))


# "... and $U$ be the utility": a formula with a bare "be" only follows a "let" earlier
_LET_AND = re.compile(rf"\band\s+(?P<marks>{MARKS})\s+be\s+(?P<rest>.*)", re.DOTALL)


_WITH_THE = re.compile(
    rf"(?:^|[\s,(;:])(?P<lead>with|where|and)\s+(?P<marks>{MARKS})\s+"
    r"(?P<rest>(?:the|a|an)\s.*)", re.IGNORECASE | re.DOTALL)
_WITH_OR_WHERE = re.compile(r"(?:^|[\s,(;:])(?:with|where)\s+\u27e6", re.IGNORECASE)


@prose_rule("with-the", "en", "stated-after", explicit=True, cases=[
    Case("Here $\\rho = N k^3$, with $N$ the number of atoms in the trap.",
         (("N", "the number of atoms in the trap"),)),
    Case("The rate is $G n$, with $G$ the coupling strength and $n$ the mean number of "
         "photons.", (("G", "the coupling strength"), ("n", "the mean number of photons"))),
    Case("where $\\sigma$ the cross section and $\\mu$ the dipole moment.",
         (("sigma", "the cross section"), ("mu", "the dipole moment"))),
    Case("We start with $x$ the same as before.", ()),
    Case("We compare $x$ and $y$ the next day.", ()),
])
def with_the(sentence: Sentence) -> Iterator[Hit]:
    """"with $N$ the number of atoms", "where $\\sigma$ the cross section" (the verb left
    out), and each "and $n$ the ..." that goes on from such a clause: the formula, then a
    determiner phrase that names it."""
    text = sentence.text
    for match in _iterate(_WITH_THE, text):
        if match.group("lead").lower() == "and" \
                and not _WITH_OR_WHERE.search(text, 0, match.start()):
            continue  # "compare $x$ and $y$ the next day": no "with $x$ the ..." before
        for hit in distribute(marks_in(match.group("marks")), text, match.start("rest")):
            if not _NOT_A_NAME.match(text[hit.start:hit.end]) \
                    and noun_phrase_head(text[hit.start:hit.end]):
                yield hit


_BY_THEN_DESCRIPTION = re.compile(
    rf"\b(?:denote\s+by|write|use|and\s+by|by)\s+(?P<marks>{MARKS})\s+(?:for\s+)?"
    r"(?P<rest>(?-i:the|a|an|one|our|its|each|every)\b.*)", re.IGNORECASE | re.DOTALL)
"""The description opens with a lowercase determiner: after "given by $$p(X) = ...$$" a
capital "The computation ..." is the next sentence."""


@prose_rule("denote-by", "en", "stated-after", explicit=True, cases=[
    Case("We denote by $f$ the network and by $\\ell$ the loss.",
         (("f", "the network"), ("ell", "the loss"))),
    Case("We write $X$ for the input matrix.", (("X", "the input matrix"),)),
    Case("We write $\\mathbf{X}$ for one input sequence.", (("bold:X", "one input sequence"),)),
    Case("We multiply by $x$ twice.", ()),
    Case("The likelihood is given by $$p(X) = \\sum_Z p(X, Z)$$ The computation is easy.", ()),
])
def denote_by(sentence: Sentence) -> Iterator[Hit]:
    """"We denote by $f$ the network", "we write $X$ for the input", "and by $\\ell$ the
    loss": the formula after by/write/use, then a noun phrase with a determiner."""
    yield from _after_cue(_BY_THEN_DESCRIPTION, sentence)


# "we use capital $R$", "use the letter $x$": how the symbol is written, no part of it
_HOW_WRITTEN = (r"(?:(?:the\s+)?(?:capital|lower-?case|upper-?case|bold|calligraphic|"
                r"italic|roman)?\s*(?:letters?|symbols?|notation)?\s*)?")
_USE_TO_DENOTE = re.compile(
    rf"\b(?:use|uses|using|used|choose|chose|introduce|adopt)\s+{_HOW_WRITTEN}"
    rf"(?P<marks>{MARKS})\s+to\s+"
    r"(?:denote|represent|indicate|describe|refer\s+to|stand\s+for|mean|express)\s+"
    r"(?P<rest>.*)", re.IGNORECASE | re.DOTALL)


@prose_rule("use-to-denote", "en", "stated-after", explicit=True, cases=[
    Case("Here, we use $\\theta$ to represent all the static parameters used in the model.",
         (("theta", "all the static parameters used in the model"),)),
    Case("We use $Q$, $K$ and $V$ to denote the queries, keys and values.",
         (("Q", "the queries"), ("K", "keys"), ("V", "values"))),
    Case("We use $n$ to refer to the number of samples.", (("n", "the number of samples"),)),
    Case("We often use $\\theta_{old}$ and $\\theta_{new}$ to represent before and after we "
         "take a step.", ()),
    Case("We use capital $R$ to represent the reward function, and lower-case $r_t$ to "
         "represent a single reward at time $t$.",
         (("R", "the reward function"), ("r", "a single reward at time $t$"))),
    Case("We use $x$ to show that the bound holds.", ()),
    Case("We use $x$ to denote.", ()),
])
def use_to_denote(sentence: Sentence) -> Iterator[Hit]:
    """"we use $\\theta$ to represent all the static parameters", "we use $Q$, $K$ and $V$
    to denote the queries, keys and values" (taken respectively): the formula after use,
    then "to denote" (represent, indicate, refer to), then the description; and each
    "and (lower-case) $r_t$ to represent ..." the same "use" goes on to."""
    yield from _going_on(_USE_TO_DENOTE, _USE_AND, sentence)


_USE_AND = re.compile(
    rf"\band\s+{_HOW_WRITTEN}(?P<marks>{MARKS})\s+to\s+(?:denote|represent|indicate|"
    r"describe|refer\s+to|stand\s+for)\s+(?P<rest>.*)", re.IGNORECASE | re.DOTALL)


_DEFINE_AS = re.compile(
    rf"\b(?:define|defines|denote|denotes|call|calls|refer\s+to|write)\s+(?P<marks>{MARKS})\s+"
    r"(?:as\s+|to\s+be\s+)?(?P<rest>(?:the|a|an|our|its)\b.*)", re.IGNORECASE | re.DOTALL)


@prose_rule("define-as", "en", "stated-after", explicit=True, cases=[
    Case("We define $E$ as the set of matched patterns.",
         (("E", "the set of matched patterns"),)),
    Case("If we call $\\rho$ the density operator, then it is positive.",
         (("rho", "the density operator"),)),
    Case("We define $E$ as follows.", ()),
])
def define_as(sentence: Sentence) -> Iterator[Hit]:
    """"We define $E$ as the set of ...", "If we call $\\rho$ the density operator", "We
    denote $s_0$ as the voxel at origin"."""
    yield from _after_cue(_DEFINE_AS, sentence)


_DENOTES = re.compile(
    rf"(?P<marks>{MARKS})\s+(?:denotes?|represents?|stands?\s+for|refers?\s+to|"
    r"is\s+defined\s+as|are\s+defined\s+as|is\s+called|are\s+called|"
    r"(?:is|are)\s+used\s+to\s+(?:denote|represent|indicate)|"
    r"(?:is|are)\s+(?:known|referred\s+to|termed)\s+as)\s+(?P<rest>.*)",
    re.IGNORECASE | re.DOTALL)


@prose_rule("denotes", "en", "stated-after", explicit=True, cases=[
    Case("$\\theta$ denotes the parameters of the model.",
         (("theta", "the parameters of the model"),)),
    Case("In the update, $G(\\mu, \\Sigma)$ denotes a Gaussian kernel.",
         (("G", "a Gaussian kernel"),)),
    Case("The factor $\\kappa$ is known as the coupling constant.",
         (("kappa", "the coupling constant"),)),
    Case("The symbol $\\mathcal{D}$ is used to denote the training data.",
         (("cal:D", "the training data"),)),
    Case("This $x$ denotes nothing of interest to $y$ at all since.", ()),
    Case("We write FC$k$ denotes a fully connected layer with $k$ units.", ()),
])
def denotes(sentence: Sentence) -> Iterator[Hit]:
    """"$X$ denotes ...", "$X$ represents ...", "$X$ stands for ...", "$X$ is known as
    ...", anywhere in a
    sentence: the strong definitional verbs need no lead word. The subject may carry
    its arguments: "$G(\\mu,\\Sigma)$ denotes a Gaussian kernel"."""
    for hit in _after_cue(_DENOTES, sentence):
        if not sentence.text[hit.start:hit.end].lower().startswith("nothing"):
            yield hit


_WHICH_IS = re.compile(
    rf"(?P<marks>{MARKS})\s*,\s+which\s+(?:(?:(?:can|may|could|should|will)\s+be|is|are)\s+"
    r"(?:understood|interpreted|seen|viewed|regarded|thought\s+of)\s+as|"
    rf"{VERBS})\s+{ADVERB}(?P<rest>.*)", re.IGNORECASE | re.DOTALL)
_OBJECT_OF = re.compile(r"\b(?:of|in|on|to|for|from|by|with|over|at|into|than|between)\s+$",
                        re.IGNORECASE)


@prose_rule("which-is", "en", "stated-after", explicit=True, cases=[
    Case("We also use $z$, which is the latent code of the image.",
         (("z", "the latent code of the image"),)),
    Case("Another quantity is $\\epsilon$, which can be understood as the unit Gaussian "
         "noise used during sampling.",
         (("epsilon", "the unit Gaussian noise used during sampling"),)),
    Case("Let $c$, which represents the context vector, be fixed.",
         (("c", "the context vector"),)),
    # the relative clause of a phrase that ends in the formula describes the phrase
    Case("We take the gradient of $f$, which is the direction of steepest ascent.", ()),
    Case("The map $g$, which is smooth, is fixed.", ()),
])
def which_is(sentence: Sentence) -> Iterator[Hit]:
    """"$z$, which is the latent code", "$\\epsilon$, which can be understood as the
    noise": a relative clause right after the formula names it, unless the formula ends a
    prepositional phrase ("the gradient of $f$, which is ..." says what the gradient is)."""
    text = sentence.text
    for match in _iterate(_WHICH_IS, text):
        if _OBJECT_OF.search(text, 0, match.start("marks")):
            continue
        for hit in distribute(subject_marks(match), text, match.start("rest")):
            description = text[hit.start:hit.end]
            if noun_phrase_head(description) and not _NOT_A_NAME.match(description) \
                    and not is_property(description):
                yield hit  # not "$x$ is one dimensional for simplicity": a shape


# "is the same as before", "is the following": a comparison or a pointer, not a name
_NOT_A_NAME = re.compile(r"(?:the|a|an)\s+(?:same|following|above|below|former|latter|case|"
                         r"result|reason|one|only)\b", re.IGNORECASE)
_IS_A = re.compile(rf"(?P<marks>{MARKS})\s+(?:is|are)\s+{ADVERB}(?P<rest>(?:the|a|an|one)\s.*)",
                   re.DOTALL)


@prose_rule("is-a", "en", "copula", cases=[
    Case("Recall that $\\pi$ is a policy over actions.", (("pi", "a policy over actions"),)),
    Case("The sample $x_t$ is then the noisy input.", (("x", "the noisy input"),)),
    Case("Then $x$ is the same as before.", ()),
    Case("Observations $y$ are a priori related to the state by $y = Hx$.", ()),
    Case("We see that the mean of $x$ is the centre of mass.", ()),
    Case("We assume that $x$ is one dimensional for simplicity.", ()),
])
def is_a(sentence: Sentence) -> Iterator[Hit]:
    """"... $X$ is a/an/the ...", anywhere: a predication the reader takes as a
    description, weaker than "where $X$ is" ("then $x$ is the solution of ...", "$x_t$ is
    then the noisy sample")."""
    for match in _iterate(_IS_A, sentence.text):
        if _OBJECT_OF.search(sentence.text, 0, match.start("marks")):
            continue  # "the mean of $x$ is the centre of mass" says what the mean is
        for hit in distribute(subject_marks(match), sentence.text, match.start("rest")):
            description = sentence.text[hit.start:hit.end]
            if noun_phrase_head(description) and not _NOT_A_NAME.match(description) \
                    and not is_property(description):
                yield hit  # not "$x$ is one dimensional for simplicity": a shape


_DENOTE_DESCRIPTION_BY = re.compile(
    r"\b(?:we|We|I)\s+(?P<verb>denote|write|use|call|represent)\s+"
    r"(?P<desc>(?:[^\u27e6,;]|\u27e6\d+\u27e7)+?)\s+"
    rf"(?<!such\s)(?P<preposition>by|as|with)\s+(?P<marks>{MARKS})", re.DOTALL)


@prose_rule("denote-description-by", "en", "named-before", explicit=True, cases=[
    Case("We denote the number of layers by $L$.", (("L", "the number of layers"),)),
    Case("We use such as $x$ here.", ()),
    # "use ... with" is a setting, "write ... with" a way of writing: no name
    Case("In this experiment we use the same balanced teacher with $\\hat{d} = 5$.", ()),
    Case("We denote the number of layers with $L$.", (("L", "the number of layers"),)),
    # a formula inside the description is part of it
    Case("We denote the marginal distribution over $\\mathcal{X}$ as $\\mathcal{P}$.",
         (("cal:P", "the marginal distribution over $\\mathcal{X}$"),)),
    Case("We denote $x$ by $y$ here.", ()),
    Case("We use the notation $J$ to denote the jumps defined by $Z$.", ()),
])
def denote_description_by(sentence: Sentence) -> Iterator[Hit]:
    """"We denote the number of layers by $L$", "we write the input as $X$": the
    description between the verb and by/as/with ("with" only after denote/represent:
    "we use the same teacher with $\\hat{d} = 5$" sets the teacher, it names nothing)."""
    for match in _DENOTE_DESCRIPTION_BY.finditer(sentence.text):
        if match.group("preposition") == "with" \
                and match.group("verb") not in ("denote", "represent"):
            continue  # "we use the same teacher with $\\hat{d} = 5$": a setting
        if _NOTATION_VERB.search(match.group("desc")):
            continue  # "we use the notation $J$ to denote the jumps defined by $Z$"
        yield from _before(sentence, match, match.start("desc"), match.end("desc"))


_NOTATION_VERB = re.compile(r"\b(?:denote[sd]?|represent(?:s|ed)?|write|written|defined|"
                            r"is|are)\b", re.IGNORECASE)


_DEFINE_DESCRIPTION_AS = re.compile(
    r"\b(?:define|defines|defined|call|called|name|named)\s+(?P<desc>[^\u27e6]+?)"
    # the arguments it is defined for: "the equivariance error for a signal $f$ as ..."
    r"(?:\s+(?:for|of|on|over|between)\s+[^.;:\u27e6]*\u27e6[^.;:]*?)?"
    rf"\s+as\s+(?P<marks>{MARKS})", re.IGNORECASE | re.DOTALL)


@prose_rule("define-description-as", "en", "named-before", explicit=True, cases=[
    Case("We define the probability of an edge as $p(i)$.",
         (("p", "the probability of an edge"),)),
    Case("We define it as $p$.", ()),
    Case("We define the equivariance error for a signal $f$ and a rotation $g$ as $E(f, g)$.",
         (("E", "the equivariance error"),)),
])
def define_description_as(sentence: Sentence) -> Iterator[Hit]:
    """"We define the probability of ... as $p(i)$", "called the gain as $G$" (not a
    description that holds a verb: "is called Wiener process, is denoted as $W_t$" is
    called-denoted's)."""
    for match in _DEFINE_DESCRIPTION_AS.finditer(sentence.text):
        if _CLAUSE_VERB.search(match.group("desc")):
            continue
        yield from _before(sentence, match, match.start("desc"), match.end("desc"))


_CLAUSE_VERB = re.compile(r"\b(?:is|are|was|were|be|been)\b", re.IGNORECASE)
_CALLED_DENOTED = re.compile(
    r"\b(?:is|are)\s+(?:called|named|termed|known\s+as|referred\s+to\s+as)\s+"
    r"(?P<desc>[^\u27e6;:]+?)\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:is\s+|are\s+)?"
    rf"(?:denoted|written|represented)\s+(?:by\s+|as\s+)?(?P<marks>{MARKS})",
    re.IGNORECASE | re.DOTALL)


@prose_rule("called-denoted", "en", "named-before", explicit=True, cases=[
    Case("The limit is called the score function and is denoted by $s$.",
         (("s", "the score function"),)),
    Case("The random walk is called Wiener process (or Brownian motion), is denoted as "
         "$W_t$, and has four properties.", (("W", "Wiener process (or Brownian motion)"),)),
    Case("Such a map is called smooth and is denoted by $f$ below.", ()),
])
def called_denoted(sentence: Sentence) -> Iterator[Hit]:
    """"... is called the score function and is denoted by $s$", "is called Wiener
    process (or ...), is denoted as $W_t$": the name between "called" and the verb of
    notation is the formula's."""
    yield from _called(sentence, _CALLED_DENOTED, whole=False)


def _called(sentence: Sentence, pattern: re.Pattern[str], whole: bool) -> Iterator[Hit]:
    """The name a "called ..." pattern holds (its `desc` group) when it is a complete noun
    phrase without a verb of its own (`whole`: with a determiner or two words)."""
    for match in pattern.finditer(sentence.text):
        start, end = trim(sentence.text, match.start("desc"), match.end("desc"))
        description = sentence.text[start:end]
        if end > start and is_description(description) and is_complete(description) \
                and (not whole or full_noun_phrase(description)) \
                and noun_phrase_head(description) and not _CLAUSE_VERB.search(description):
            yield Hit(tuple(marks_in(match.group("marks"))), start, end)


_CALLED_COMMA = re.compile(
    r"\b(?:called|named|termed|known\s+as|referred\s+to\s+as|we\s+call)\s+"
    rf"(?P<desc>[^\u27e6;:,.()]+?)\s*,\s+(?P<marks>{MARKS})(?=\s*(?:[.;:)]|,\s|$))",
    re.IGNORECASE)


@prose_rule("called-comma", "en", "named-before", explicit=True, cases=[
    Case("The fraction above is called the Hastings ratio, $H$.",
         (("H", "the Hastings ratio"),)),
    Case("This bound is known as the evidence lower bound, $\\mathcal{L}$, and we "
         "maximise it.", (("cal:L", "the evidence lower bound"),)),
    # the formula is not the name's when more follows it, or the name is no noun phrase
    Case("It is called smooth, $f$ being differentiable.", ()),
    Case("It is called the ratio, $H = a / b$ in short.", ()),
])
def called_comma(sentence: Sentence) -> Iterator[Hit]:
    """"... is called the Hastings ratio, $H$.": the name after called / known as / we
    call, a comma, and the formula that ends the clause."""
    yield from _called(sentence, _CALLED_COMMA, whole=True)


_TRAILING_APPOSITION = re.compile(
    rf"(?P<marks>{MARK})\s*,\s+(?P<desc>(?:the|a|an|our|its)\s+[^,.;:()\u27e6]+?)\s*,")


@prose_rule("apposition", "en", "apposition", cases=[
    Case("Then $X$, the input matrix, is multiplied by the weights.",
         (("X", "the input matrix"),)),
    Case("Then $X$, as shown, is large.", ()),
])
def apposition(sentence: Sentence) -> Iterator[Hit]:
    """"$X$, the input matrix, is ...": a determiner phrase between commas after the
    formula."""
    for match in _TRAILING_APPOSITION.finditer(sentence.text):
        yield from _before(sentence, match, match.start("desc"), match.end("desc"))


def _before(sentence: Sentence, match: re.Match[str], start: int, end: int) -> Iterator[Hit]:
    start, end = trim(sentence.text, start, end)
    if end > start and is_description(sentence.text[start:end]):
        yield Hit(tuple(marks_in(match.group("marks"))), start, end)


# The anchored cues: the description is the noun phrase that ends at the anchor
# ("denoted by $X$", "($X$)", ...), up to the characters in each cue's stop set. (A
# pattern that began with the description, `[^.;:]+?`, would be tried from every
# position of the sentence: quadratic.)
_DENOTED = re.compile(r",?\s+(?:is\s+|are\s+)?(?:denoted|written|represented)\s+"
                      rf"(?:by\s+|as\s+)?(?P<marks>{MARKS})")
_GIVEN_BY = re.compile(r"\s+(?:(?:is|are)(?:\s+then)?|(?:can|may|will|could)\s+(?:then\s+)?be)\s+"
                       r"(?:given|computed|obtained|defined|written|represented|expressed|"
                       r"calculated|determined|approximated|modell?ed)\s+"
                       rf"(?:by|as)(?:\s+follows)?\s*:?\s+(?P<marks>{MARK})")
_PARENTHESIS = re.compile(rf"\s*\(\s*(?P<marks>{MARK})\s*\)")
_COMMA_APPOSITION = re.compile(rf"\s*,\s*(?P<marks>{MARK})\s*,")


def _after_preposition(text: str, start: int) -> bool:
    """"In practice, $M$, ...": the phrase is a preposition's object, not a name."""
    before = text[max(0, start - 40):start].split()
    return bool(before) and before[-1].lower() in _PREPOSITIONS


_PREPOSITIONS = frozenset({"in", "on", "at", "for", "from", "with", "by", "to", "into",
                           "under", "over", "through", "during", "after", "before", "via"})


CLAUSE_WINDOW = 400
"""How far back from its anchor a description's clause is looked for (a noun phrase is a
few words; a longer look back would make every anchor cost the whole sentence)."""


def _anchored(sentence: Sentence, pattern: re.Pattern[str], stops: str,
              full_phrase: bool, subject: bool = False) -> Iterator[Hit]:
    """The noun phrase that ends where `pattern` matches. A subject (`subject`: "The
    loss of the model is $L$") runs on through "of the"; a phrase right before its
    formula names the nearest head ("the tangent space of another point $z$")."""
    text = sentence.text
    for match in pattern.finditer(text):
        end = match.start()
        window = max(0, end - CLAUSE_WINDOW)
        clause = max(max(text.rfind(stop, window, end) for stop in stops) + 1, window)
        clause, end = trim(text, clause, end)
        relative = _RELATIVE_BEFORE.search(text[clause:end]) if end > clause else None
        if relative is not None:
            # "The rate at which noise is added, $g(t)$": the phrase is the rate, not the
            # noise; the clause after "at which" is part of it
            opening = clause + relative.start()
            head = noun_phrase_start(text, clause, opening, subject)
            if head >= 0 and noun_phrase_head(text[head:opening]) \
                    and is_description(text[head:opening]) \
                    and not _after_preposition(text, head):
                yield Hit(tuple(marks_in(match.group("marks"))), head, end)
            continue
        start = noun_phrase_start(text, clause, end, subject) if end > clause else -1
        if start < 0 or start >= end or not noun_phrase_head(text[start:end]) \
                or not is_description(text[start:end]) or _after_preposition(text, start):
            continue
        if full_phrase and not full_noun_phrase(text[start:end]):
            continue
        if text.count("(", start, end) != text.count(")", start, end):
            continue  # "Wiener process (or process of Brownian motion), denoted $W_t$"
        yield Hit(tuple(marks_in(match.group("marks"))), start, end)


_RELATIVE_BEFORE = re.compile(
    r"\s+(?:at|in|by|with|for|on|from|under|to|of)\s+which\s+(?:\S+\s+){0,5}\S+$",
    re.IGNORECASE)
"""A short relative clause a preposition opens, ending the phrase: "the rate at which
noise is added"."""


@prose_rule("denoted", "en", "named-before", explicit=True, cases=[
    Case("The number of layers, denoted $L$, is fixed.", (("L", "The number of layers"),)),
    Case("The hidden states are denoted by $h_t$.", (("h", "The hidden states"),)),
    Case("Solving it, denoted $O_0$, is hard.", ()),
    Case("The walk is Wiener process (or process of Brownian motion), denoted $W_t$.", ()),
])
def denoted(sentence: Sentence) -> Iterator[Hit]:
    """"the number of layers, denoted $L$", "the hidden states are denoted by $h_t$": the
    noun phrase before denoted/written/represented."""
    yield from _anchored(sentence, _DENOTED, ".;:\u27e7", full_phrase=False, subject=True)


_WHICH_WE_DENOTE = re.compile(
    r",?\s+(?:which|that)\s+(?:we|I)\s+(?:will\s+|shall\s+)?(?:simply\s+)?"
    r"(?:denote|write|call|represent|refer\s+to)\s+(?:it\s+)?(?:by\s+|as\s+|with\s+)?"
    rf"(?P<marks>{MARKS})", re.IGNORECASE)


@prose_rule("which-we-denote", "en", "named-before", explicit=True, cases=[
    Case("We consider the set of all states, which we denote as $S$.",
         (("S", "the set of all states"),)),
    Case("The matrix that we denote by $M$ is square.", (("M", "The matrix"),)),
    Case("It depends on the step, which we write $h$.", (("h", "the step"),)),
    # the phrase before the comma is a clause, not a noun phrase
    Case("It grows quickly, which we denote by $g$.", ()),
    # a relation between symbols is a statement, not the notation of the phrase
    Case("An isomorphism exists between the two graphs, which we denote by $G_1 \\cong "
         "G_2$.", ()),
])
def which_we_denote(sentence: Sentence) -> Iterator[Hit]:
    """"the set of all states, which we denote as $S$", "the matrix that we denote by
    $M$": the noun phrase a relative clause of notation follows."""
    text = sentence.text
    for match in _WHICH_WE_DENOTE.finditer(text):
        window = max(0, match.start() - CLAUSE_WINDOW)
        clause = max(max(text.rfind(stop, window, match.start()) for stop in ",.;:()\u27e7")
                     + 1, window)
        clause, end = trim(text, clause, match.start())
        start = noun_phrase_start(text, clause, end, through_of=True) if end > clause else -1
        while start > clause and text[clause:start].rstrip().lower().endswith(" of"):
            # "the set of all states": "all states" is the object of the phrase's "of"
            earlier = noun_phrase_start(text, clause, text.rindex(" of", clause, start),
                                        through_of=True)
            if earlier < 0:
                break
            start = earlier
        phrase = text[start:end] if 0 <= start < end else ""
        marks = tuple(marks_in(match.group("marks")))
        if phrase and noun_phrase_head(phrase) and is_description(phrase) \
                and full_noun_phrase(phrase) and all(sentence.notation(m) for m in marks):
            yield Hit(marks, start, end)


@prose_rule("given-by", "en", "named-before", cases=[
    Case("The training loss is defined as $\\mathcal{L} = \\sum_i \\ell_i$.",
         (("cal:L", "The training loss"),)),
    Case("The output is given by $y = Wx$.", (("y", "The output"),)),
    Case("The interaction potential can be written as: $$V(r) = -C r^{-6}$$",
         (("V", "The interaction potential"),)),
    Case("The expected value is calculated as follows: $$E = \\sum_i p_i x_i$$",
         (("E", "The expected value"),)),
    Case("It is given by $y = Wx$.", ()),
    Case("It can be written as follows: $$y = Wx$$", ()),
    Case("Euler method can be expressed as follows: $$y_n = y_{n-1} + h f$$", ()),
    Case("The update rule is given by $\\theta' = \\theta - g$.", ()),
])
def given_by(sentence: Sentence) -> Iterator[Hit]:
    """"The training loss is defined as $\\mathcal{L} = ...$", "the output is given by
    $y = ...$", "the potential can be written as: $$V(r) = ...$$", "the expected value
    is calculated as follows:" (also when the formula is the display that follows): the
    noun phrase names the formula's left-hand side; a procedure does not ("Euler method
    can be expressed as $$y_n = ...$$" says how y is computed, not what y is)."""
    for hit in _anchored(sentence, _GIVEN_BY, ",.;:()\u27e7", full_phrase=True, subject=True):
        words = sentence.text[hit.start:hit.end].lower().split()
        if not words or words[-1] not in _PROCEDURES:
            yield hit


_PROCEDURES = frozenset({"method", "methods", "algorithm", "algorithms", "scheme", "schemes",
                         "rule", "rules", "procedure", "procedures", "iteration",
                         "iterations", "recursion", "recurrence", "discretization",
                         "discretisation", "approach", "step", "steps", "update",
                         "updates"})
"""Heads that name how something is computed, not a quantity: "the update rule is given
by $\theta_{t+1} = ...$" names no θ."""


@prose_rule("parenthesis", "en", "apposition", cases=[
    Case("Each layer uses the number of heads ($h$) from the base model.",
         (("h", "the number of heads"),)),
    Case("This is computed as in ($x$).", ()),
])
def parenthesis(sentence: Sentence) -> Iterator[Hit]:
    """"the number of heads ($h$)": a noun phrase with the formula in parentheses after it."""
    yield from _anchored(sentence, _PARENTHESIS, ".;:()\u27e7", full_phrase=True)


@prose_rule("comma-apposition", "en", "apposition", cases=[
    Case("An MDP, $M$, can be decomposed into subtasks.", (("M", "An MDP"),)),
    Case("In practice, $M$, can be large.", ()),
    # a relative clause opened by a preposition belongs to the phrase before it
    Case("The rate at which noise is added, $g(t)$, is a hyperparameter.",
         (("g", "The rate at which noise is added"),)),
    Case("The point at which the curve peaks, $t^*$, is found by search.",
         (("t*", "The point at which the curve peaks"),)),
])
def comma_apposition(sentence: Sentence) -> Iterator[Hit]:
    """"An MDP, $M$, can be ...": a noun phrase, then the formula between commas."""
    yield from _anchored(sentence, _COMMA_APPOSITION, ",.;:()\u27e7", full_phrase=False)


_DEFINED_AS = re.compile(rf",?\s+defined\s+as\s*:?\s+(?P<marks>{MARK})")


@prose_rule("defined-as-equation", "en", "named-before", cases=[
    Case("We introduce the signal-to-noise ratio defined as $\\mathrm{SNR}(\\sigma) = "
         "1 / \\sigma^2$.", (("SNR", "the signal-to-noise ratio"),)),
    Case("The margin, defined as $m = y f(x)$, is positive.", (("m", "The margin"),)),
    Case("We use the signal-to-noise ratio defined as $\\text{SNR}(t) = 1 / t^2$.",
         (("SNR", "the signal-to-noise ratio"),)),
    Case("A process defined as $x$ above.", ()),
])
def defined_as_equation(sentence: Sentence) -> Iterator[Hit]:
    """"the signal-to-noise ratio defined as $\\mathrm{SNR}(\\sigma) = 1/\\sigma^2$": a
    noun phrase, then "defined as" without a verb before it, then an equation that defines
    its left-hand side (given-by reads the same with "is defined as")."""
    for hit in _anchored(sentence, _DEFINED_AS, ",.;:()\u27e7", full_phrase=True,
                         subject=True):
        if all(sentence.defines(mark) for mark in hit.marks):
            yield hit


# a plural noun, perhaps after one or two modifiers: "users", "time steps"
_PLURAL = r"(?P<noun>(?:[a-z][a-z-]+\s+){0,2}?[a-z][a-z-]*[^\Wsu]s)\b"
_COUNT = re.compile(rf"\b(?P<lead>{'|'.join(sorted(COUNT_LEADS))})\s+(?P<marks>{MARK})\s+"
                    + _PLURAL, re.IGNORECASE)
_COUNT_AND = re.compile(rf",?\s+and\s+(?P<marks>{MARK})\s+" + _PLURAL, re.IGNORECASE)


@prose_rule("count-of", "en", "count", cases=[
    Case("If we have $n$ users and $m$ movies, $Y$ has shape $n \\times m$.",
         (("n", "number of users"), ("m", "number of movies"))),
    Case("After $T$ time steps, the regret is measured.", (("T", "number of time steps"),)),
    Case("The sampler performs $K$ sweeps with $L$ particles.",
         (("K", "number of sweeps"), ("L", "number of particles"))),
    Case("The derivative with respect to $t$ gives the rate.", ()),
    Case("We compare with $\\theta$ samples.", ()),
    Case("For small values of $d$ the two mechanisms agree.", ()),
    Case("By independence of the $z_k$ variables, the bound holds.", ()),
    Case("After $x$ is drawn, we stop.", ()),
])
def count_of(sentence: Sentence) -> Iterator[Hit]:
    """"if we have $n$ users", "after $T$ time steps", "performs $K$ sweeps with $L$
    particles": a plain letter between a word that takes a count and a plural noun counts
    that noun, so it is "number of users" (a Greek or bold symbol is no count, and a verb
    after the formula, "$t$ gives", is no plural)."""
    text = sentence.text
    for match in _COUNT.finditer(text):
        while match is not None:  # "$n$ users and $m$ movies": the next count goes on
            mark = marks_in(match.group("marks"))[0]
            words = match.group("noun").split()
            if not sentence.count_shaped(mark) or words[-1].lower() in _NOT_COUNTED \
                    or any(word.lower() in _NOT_IN_COUNTED for word in words):
                break
            yield Hit((mark,), match.start("noun"), match.end("noun"),
                      text="number of " + " ".join(words))
            match = _COUNT_AND.match(text, match.end())


_NOT_IN_COUNTED = CLOSED_CLASS | DETERMINERS | frozenset(
    {"two", "three", "four", "five", "many", "several", "few", "more", "most", "other"})
"""No part of a counted noun: "for small values of $d_k$ the two mechanisms" counts none."""
_NOT_COUNTED = frozenset({"values", "coordinates", "axis", "entries", "terms", "always",
                          "yields", "gives", "makes", "takes", "goes", "does", "plays"})
"""Plurals after a letter that it does not count: "of $x$ values", "with $y$ coordinates"
(a variable named by its values), and verbs in -s after a subject ("$t$ gives")."""


_KIND_AFTER = re.compile(
    rf"\b(?P<det>the|a|an|this|our|its)\s+(?P<marks>{MARK})\s*-?\s*"
    r"(?P<noun>space|simplex|norm|ball|sphere|manifold|distance|divergence|loss|kernel|"
    r"metric|embedding|operator|transform|distribution|objective|estimator|regulari[sz]er|"
    r"penalty|projection)\b(?!\s+(?:of|between|from|on|over)\b)", re.IGNORECASE)


@prose_rule("kind-after", "en", "named-after", cases=[
    Case("A categorical variable is a point of the $\\Delta^{k-1}$ simplex.",
         (("Delta", "the $\\Delta^{k-1}$ simplex"),)),
    Case("The codes live in the $\\mathcal{W}$ space.",
         (("cal:W", "the $\\mathcal{W}$ space"),)),
    Case("We minimise the $\\ell_2$ loss.", (("ell", "the $\\ell_{2}$ loss"),)),
    # the noun names something of the formula, not the formula
    Case("We take the $x$ distance between the two points.", ()),
    Case("We compute the $\\ell_2$ norm of $x$.", ()),
    Case("The $k$ nearest neighbours vote.", ()),
])
def kind_after(sentence: Sentence) -> Iterator[Hit]:
    """"the $\\Delta^{k-1}$ simplex", "the $\\mathcal{W}$ space", "the $\\ell_2$ loss": a
    formula between a determiner and a noun of a space, a norm, a distance or a loss is
    that space, norm or loss (not "the $\\ell_2$ norm of $x$": that is a value of it)."""
    for match in _KIND_AFTER.finditer(sentence.text):
        mark = marks_in(match.group("marks"))[0]
        if sentence.nameable(mark):
            yield Hit((mark,), match.start("det"), match.end("noun"))


_VALUE_OF = re.compile(rf"\s+of\s+(?P<marks>{MARK})")


@prose_rule("value-of", "en", "noun-before", cases=[
    Case("We use a planning horizon of $m = 6$ in all runs.", (("m", "a planning horizon"),)),
    Case(r"Each node has a restart probability of $\gamma$.",
         (("gamma", "a restart probability"),)),
    Case("We take it out of $f$ twice.", ()),
])
def value_of(sentence: Sentence) -> Iterator[Hit]:
    r""""a planning horizon of $m = 6$", "a restart probability of $\gamma$": an indefinite
    noun phrase naming the quantity the formula gives a value to (not "the gradient of
    $f$", where the formula is the argument)."""
    yield from _anchored(sentence, _VALUE_OF, ",.;:()\u27e7", full_phrase=True)


# the formula ends the clause: "... is $\sigma_o$." but not "is $x$ computed by ..."
_NOUN_IS = re.compile(rf"\s+(?:is|are)\s*:?\s+(?P<marks>{MARK})(?=\s*(?:[.,;:]|$|where\b))")


@prose_rule("noun-is", "en", "copula", cases=[
    Case(r"In this game, the opportunistic strategy is $\sigma_o$.",
         (("sigma_o", "the opportunistic strategy"),)),
    Case(r"The loss of the model is $L = \sum_i \ell_i$.", (("L", "The loss of the model"),)),
    Case("The reason is $x$.", ()),
])
def noun_is(sentence: Sentence) -> Iterator[Hit]:
    r""""The opportunistic type's strategy is $\sigma_o$", "the loss is $L = ...$": a
    noun phrase, then is/are, then the formula that names it."""
    for hit in _anchored(sentence, _NOUN_IS, ",.;:()\u27e7", full_phrase=True, subject=True):
        head = sentence.text[hit.start:hit.end].split()[-1].lower()
        if head not in ("reason", "result", "answer", "case", "idea", "problem", "point"):
            yield hit


_COMMA_BEFORE = re.compile(rf",\s+(?P<marks>{MARKS})")


@prose_rule("comma-before", "en", "apposition", cases=[
    Case("We tune the step size, $\\eta$.", (("eta", "the step size"),)),
    Case("In practice, $x$ grows.", ()),
])
def comma_before(sentence: Sentence) -> Iterator[Hit]:
    """"we tune the step size, $\\eta$": a noun phrase, a comma, then the formula(s) it
    names (weaker than an apposition closed by a second comma)."""
    yield from _anchored(sentence, _COMMA_BEFORE, ",.;:()\u27e7", full_phrase=True)


_LOOSE_END = re.compile(r"[,.;:()!?\u27e7]")
_NOUN_TOO = frozenset({"set", "sets", "sample", "samples", "step", "steps", "update",
                       "updates", "input", "inputs", "output", "outputs", "draw", "fix"})
"""Heads the word lists call verbs that are nouns after an article: "one answer set $A$"."""
_STOPPERS = (CLOSED_CLASS - DETERMINERS) | PHRASE_BREAKS
_LATIN_WORD = re.compile(r"[a-z\u00e0-\u024f][a-z\u00e0-\u024f'-]*")


@prose_rule("noun-phrase-loose", "en", "noun-before", cases=[
    Case("We obtain one answer set $I_U$ for each program.", (("I_U", "one answer set"),)),
    Case("We use a matrix of size $n$ here.", (("n", "size of a matrix"),)),
    Case("We then compute $x$ twice.", ()),
    Case("Draw the jump near $t$ again.", ()),
    Case("The update uses $\\eta$ twice.", ()),
    Case("The encoder is a stack of $N = 6$ identical layers.", ()),
    Case("We keep the top-$k$ entries.", ()),
    Case("It predicts the top $k$ steps ahead.", ()),
    Case("We find vectors $U$ and $V$.", ()),
    Case("The models consist of functions $f$ and $g$.", ()),
    Case("It is a sufficiently close $q$ to the target.", ()),
    Case("We need at least two examples $x_i$ here.", ()),
    Case("We test grid sizes $d \\in \\{200, 400\\}$.", (("d", "grid sizes"),)),
    # "or" names the same thing twice: the determiner before it is shared
    Case("We sample from a complicated density or probability mass function $\\pi$.",
         (("pi", "a complicated density or probability mass function"),)),
    Case("We fix the model and learning rate $\\eta$.", (("eta", "learning rate"),)),
    Case("Then generate a random number $u \\sim \\mathcal{U}(0, 1)$ and accept.",
         (("u", "a random number"),)),
    Case("We start from a base distribution $z_0 \\sim p(z)$ here.", ()),
    Case("For brevity, we employ the shorthand $\\Theta := (A, B, C)$.", ()),
    Case("The tuple holds, with $k$th matrix $W_k$ in it, all weights.", ()),
    Case("We treat $X$ as an offspring of particle $A$ at iteration $n$.",
         (("A", "particle"),)),
    # an adjective is no head: "our usual $X$" is the usual X, not a description of it
    Case("Unlike our usual $X$, this one is transposed.", ()),
    Case("You should explore longer (or the larger $\\gamma$ is, the longer).", ()),
    Case("Other times, we're plotting hypothesis $h$ with our inputs.", ()),
    Case("Keep track of time $t$ while looping.", ()),
    # a verb in -s after "it" opens no phrase: not "chooses action"
    Case("The model sees data: it chooses action $a_t$ and gets a reward.", ()),
    Case("We can assign the most probable $Z$ given $X$.", ()),
    # after "to" a bare verb is an infinitive: not "draw samples"; "noisy" is no verb
    Case("We need to draw samples $x$ from the data.", ()),
    Case("It maps noise to noisy image $y$ at step $t$.", (("y", "noisy image"),)),
])
def noun_phrase_loose(sentence: Sentence) -> Iterator[Hit]:
    """The words right before a formula that names one symbol, up to a determiner or a
    word that is never in a noun phrase ("one answer set $I_U$", "the set $E$ of edges"),
    even when one of them is often a verb: a weak cue, left to the scorer."""
    text = sentence.text
    for match in _FORMULAS.finditer(text):
        marks, drawn = _named_marks(sentence, match.group())
        before = text[max(0, match.start() - 200):match.start()]
        if not marks or text[match.end():match.end() + 1] == "-" or not before.endswith(" ") \
                or before.rstrip().endswith("-"):
            continue  # "the top-$k$ entries": the formula is part of a word
        if _TIMES.match(text, match.end()):
            continue  # "going right $n$ times in a row": a count of times, no name
        words = list(re.finditer(r"\S+", before))
        kept = _loose_words(words)
        verbs = [i for i, word in enumerate(kept[:-1])
                 if word.group().lower() in NOT_IN_NOUN_PHRASE
                 and word.group().lower() not in _NOUN_TOO | {"or"}]
        if verbs:  # "find vectors $U$", "the models consist of functions $f$": a verb
            verb = kept[verbs[-1]].group()  # ends the clause; the phrase is what follows it
            kept = kept[verbs[-1] + 1:]
            if len(kept) > 1 and leading_verb(verb, kept[0].group()):
                kept = kept[1:]  # "we're plotting hypothesis $h$": a verb after a subject
        elif len(kept) > 1 and len(words) > len(kept) and leading_verb(
                words[len(words) - len(kept) - 1].group(), kept[0].group()):
            kept = kept[1:]  # "We test grid sizes $d$", "by transforming noise $z$"
        if kept and kept[0].group().lower() in _PREPOSITIONS | {"of"} | ORDINAL_ENDS:
            continue  # "consist of functions $f$", "with $k$ th matrix $W_k$": no phrase
        if kept and kept[0].group().lower() in ("least", "most") and len(words) > len(kept) \
                and words[len(words) - len(kept) - 1].group().lower() == "at":
            continue  # "at least two examples $x_i$" counts them, it names none
        if kept and is_instruction(kept[0].group()):
            continue  # "Keep track of time $t$": an instruction, no name
        if not kept or kept[-1].group().lower() in DETERMINERS or (
                kept[0].group().lower() not in DETERMINERS and len(kept) < 2):
            continue  # "we then compute $x$": one bare word is no noun phrase
        head = kept[-1].group().lower()
        if head in DANGLING:
            continue  # "a stack of $N = 6$ layers": the phrase goes on after the formula
        if len(kept) > 1 and kept[-2].group().lower() in ("most", "more"):
            continue  # "the most probable $Z$": an adjective, the noun is the formula
        if (head in NOT_IN_NOUN_PHRASE and head not in _NOUN_TOO) \
                or not noun_phrase_head(" ".join(w.group() for w in kept)):
            continue  # "The update uses $\\eta$": a verb is no head
        if drawn and _names_a_distribution(head):
            continue  # "a base distribution $z_0 \\sim p(z)$" names p, not z_0
        if head in NOTATION_NOUNS:
            continue  # "the shorthand $\\Theta := ...$" says how it is written
        if _bare_value([w.group().lower() for w in kept]):
            continue  # "assumes the value $A_{ii}$": a value, of nothing named
        shift = max(0, match.start() - 200)
        if label_after_of([w.group() for w in kept]):
            kept = kept[-1:]  # "the probability of class $c$": c is a class
        # "a matrix of size $n$": $n$ is the size of a matrix (as the noun-phrase rule
        # reads it: the two proposals of one span are one candidate with one text)
        yield Hit(tuple(marks[:1]), shift + kept[0].start(), shift + kept[-1].end(),
                  measure_first([w.group() for w in kept]))


def _bare_value(words: list[str]) -> bool:
    """"the value", "a value", "values": a phrase that says only that a formula is a value
    ("$Z$ assumes the value $A_{ii}$"), of nothing it names."""
    return bool(words) and words[-1] in ("value", "values") \
        and all(word in DETERMINERS for word in words[:-1])


def _named_marks(sentence: Sentence, formulas: str) -> tuple[list[int], bool]:
    """The formulas a noun phrase before them could name, and whether those are draws
    (`$u \\sim \\mathcal{U}(0, 1)$`, named only when the phrase names no distribution)."""
    marks = marks_in(formulas)
    named = [m for m in marks if sentence.nameable(m)]
    if named:
        return named, False
    return [m for m in marks if sentence.drawn(m)][:1], True


_DISTRIBUTION_NOUNS = frozenset({
    "distribution", "distributions", "prior", "priors", "posterior", "posteriors", "density",
    "densities", "likelihood", "proposal", "proposals", "law", "measure", "kernel",
    "family", "model", "gaussian", "normal", "uniform", "mixture"})
"""Heads of a noun phrase that names the distribution of a draw, not the drawn symbol:
"the prior $z \\sim p(z)$", "a Gaussian $x \\sim \\mathcal{N}$"."""


def _names_a_distribution(head: str) -> bool:
    return head.strip("\"'`,").lower() in _DISTRIBUTION_NOUNS


def _loose_words(words: list[re.Match[str]]) -> list[re.Match[str]]:
    """The words of the loose noun phrase that ends `words`: back to a determiner, a
    stopper or five words; across an "or" when the phrase before it has the determiner
    both share ("a complicated density or probability mass function")."""
    kept: list[re.Match[str]] = []
    for position in range(len(words) - 1, -1, -1):
        raw = words[position].group()
        lowered = raw.strip("\"'`").lower()
        if lowered == "or" and kept and kept[0].group().lower() not in DETERMINERS:
            before = _loose_words(words[:position])
            if before and before[0].group().lower() in DETERMINERS and len(before) <= 4:
                return [*before, words[position], *kept]
        if _LOOSE_END.search(raw) or lowered in _STOPPERS \
                or not _LATIN_WORD.fullmatch(lowered) or len(kept) >= 5:
            break
        kept.insert(0, words[position])
        if lowered in DETERMINERS:
            break
    return kept


_TABLE_ROW = re.compile(rf"^\s*(?P<marks>{MARKS})\s*&\s*(?P<rest>[^&]+?)\s*(?:&|$)")


@prose_rule("table-row", "any", "stated-after", explicit=True, cases=[
    Case("\\begin{tabular}{ll} $x$ & the input \\\\ $y$ & the label \\end{tabular}",
         (("x", "the input"), ("y", "the label"))),
    Case("\\begin{tabular}{ll} $x$ & 0.5 \\\\ \\end{tabular}", ()),
])
def table_row(sentence: Sentence) -> Iterator[Hit]:
    """A row of a notation table: "$x$ & the input \\\\" (the whole cell)."""
    match = _TABLE_ROW.match(sentence.text)
    if match is None:
        return
    start, end = trim(sentence.text, match.start("rest"), match.end("rest"))
    if end > start and is_description(sentence.text[start:end]):
        for mark in marks_in(match.group("marks")):
            yield Hit((mark,), start, end)


_COLON_ITEM = re.compile(rf"(?:^|[;；:：]|(?<=\S)[,，]|\b(?:where|with|here)\b|其中)\s*"
                         rf"(?P<marks>{MARK})\s*[:：]\s*(?P<rest>[^;；]+)")
_COLON_ITEM_END = re.compile(r"[;；。]|[,，]\s*\u27e6|(?<!\d)\.(?!\d)"
                             r"|[,，]?\s+and\s+(?:[^\W\d]+\s+){0,3}\u27e6")
"""Where a colon item's description stops: "$Z$: source random variable and density
$p(z)$" describes Z up to "and", the rest names p."""


@prose_rule("colon-item", "any", "stated-after", explicit=True, cases=[
    Case("\\begin{itemize} \\item $Z$: source random variable and density $p(z)$ \\end{itemize}",
         (("Z", "source random variable"),)),
    Case("Notation: $\\eta$: learning rate; $\\beta$ : momentum of the update.",
         (("eta", "learning rate"), ("beta", "momentum of the update"))),
    Case("where $m$：样本数量。", (("m", "样本数量"),)),
    Case("\\item $\\Pi$: is the transport plan. It moves mass.", (("Pi", "the transport plan"),)),
    Case("\\item $D(x;\\theta_d)$: a multilayer perceptron with parameter $\\theta_d$. It "
         "outputs a scalar.", (("D", "a multilayer perceptron with parameter $\\theta_{d}$"),)),
    Case("\\item $f$: $\\mathbb{R} \\to \\mathbb{R}$", ()),
    Case("\\item $x$: we sample it from the data.", ()),
    Case("\\item $W$: 0.5", ()),
    Case("The map $T$: it sends noise to data.", ()),
])
def colon_item(sentence: Sentence) -> Iterator[Hit]:
    """A formula, a colon and a noun phrase, as notation lists write them: "\\item $Z$:
    source random variable", "$\\eta$: learning rate; $\\beta$: momentum", "$m$：样本数量".
    Only at the start of an item or a clause (after ";", a comma, where, 其中): in "the map
    $T$: it sends ..." the colon introduces a sentence about T."""
    text = sentence.text
    for match in _COLON_ITEM.finditer(text):
        if match.start("marks") > 0 and text[match.start("marks") - 1].isalpha():
            continue  # "FC$k$: ..." the word FCk is the subject
        rest = match.start("rest")
        copula = _COLON_COPULA.match(text, rest)
        if copula:
            rest = copula.end()  # "$\Pi$: is the transportation plan"
        stop = _COLON_ITEM_END.search(text, rest, match.end("rest") + 1)
        start, end = trim(text, rest, stop.start() if stop else match.end("rest"))
        if end > start and is_description(text[start:end]):
            yield Hit(tuple(marks_in(match.group("marks"))), start, end)


_COLON_COPULA = re.compile(r"(?:is|are|denotes?|represents?)\s+(?=the\b|an?\b)")


_FORMULAS = re.compile(MARKS)
NOUN_PHRASE_WINDOW = 160
"""Characters looked at before a formula for its noun phrase (six words and a few
formulas: "a $D$ dimensional input $x$")."""


@prose_rule("noun-phrase", "en", "noun-before", cases=[
    Case("We train with the learning rate $\\eta$ and batch size $B$.",
         (("eta", "the learning rate"), ("B", "batch size"))),
    Case("Given a $D$ dimensional input $x$, we map it.", (("x", "a $D$ dimensional input"),)),
    Case("It maps to the tangent space of another point $z$.", (("z", "another point"),)),
    Case("The layers produce outputs of dimension $d$.", (("d", "dimension of outputs"),)),
    Case("We map the projection of input sequence of length $n$ to keys.",
         (("n", "length of input sequence"),)),
    Case("We optimise a loss comprising training sequences of length $k$.",
         (("k", "length of training sequences"),)),
    Case("We add Gaussian noise $\\epsilon \\sim \\mathcal{N}(0, I)$ to the input.",
         (("epsilon", "Gaussian noise"),)),
    Case("We place the prior $z \\sim \\mathcal{N}(0, I)$ on the code.", ()),
    Case("We then compute $x$ and use the smooth top-$k$ operator.", ()),
    Case("Draw the jump near $t$ again.", ()),
    # the phrase before an opening parenthesis is not the one inside it
    Case("By the lemma, in our case (assigning $x = 9n/64$) the bounds hold.", ()),
    Case("It depends on the click-through rates (CTRs) $\\rho$ of the ads.",
         (("rho", "the click-through rates (CTRs)"),)),
    Case("It depends on the rates (see above) $\\rho$ of the ads.", ()),
    Case("Samples are written with a serif $x$ here.", ()),
    Case("We pick an operator $H$ such that observations $y$ are related to $x$.",
         (("y", "observations"),)),
    Case("A variable $Z$ which assumes the value $A_{ii}$ with probability $p_i$.",
         (("Z", "A variable"),)),
    Case("A picture is obtained by transforming noise $z$ by a network.", (("z", "noise"),)),
    Case("Let $Z$ be a set of independent $\\mathcal{N}(0, I)$ variables.", ()),
    Case("The tuple holds, with $k$th matrix $W_k$ in it, all weights.", ()),
    Case("We compute the probability of class $c$ for every input.", (("c", "class"),)),
    Case("We fix the number of samples $n$ first.", (("n", "the number of samples"),)),
    Case("Going right $n$ times in a row is unlikely.", ()),
    # a verb between a subject and its object formula names nothing
    Case('A "negative" distance means $d$ points away from $\\theta$.', ()),
    Case("We compare the sample means $m_i$ of the arms.", (("m", "the sample means"),)),
    Case("If we give it $x = 0.5$, our model believes $y = 1$ with high confidence.", ()),
    # after a modal the next word is a verb
    Case("For example, we can transform $(x_1, x_2)$ to $(r, \\theta)$.", ()),
    Case("One may sample noise $z$ first.", (("z", "noise"),)),
    Case("We can assign the most probable $Z$ given $X$.", ()),
])
def noun_phrase(sentence: Sentence) -> Iterator[Hit]:
    """"the learning rate $\\eta$", "a student $s$", "outputs of dimension $d$" (read
    "dimension of outputs"): the noun phrase right before a formula that names one
    symbol. Not a formula glued to a word ("the $k$-NN graph", "top-$k$")."""
    text = sentence.text
    for match in _FORMULAS.finditer(text):
        marks, drawn = _named_marks(sentence, match.group())
        if not marks:
            continue
        window = max(0, match.start() - NOUN_PHRASE_WINDOW)
        before = text[window:match.start()]
        if text[match.end():match.end() + 1] == "-" or before.rstrip().endswith("-") \
                or _TIMES.match(text, match.end()):
            continue  # "the $k$-NN graph", "top-$k$", "repeat it $n$ times": no name
        if ends_in_chinese(before):
            continue  # the Chinese rules read "训练集 $\mathcal{D}$"
        # "the click through rates (CTRs) $\\rho$": an acronym between the name and its
        # formula is the name's; any other parenthesis ends the phrase
        acronym = _ACRONYM_BEFORE.search(before)
        end = window + acronym.end("abbr") + 1 if acronym else None
        if acronym:
            before = before[:acronym.start()] + " "
        if not before.endswith(" ") or before.rstrip().endswith((",", ";", ":", "(", ")")):
            continue
        words = list(re.finditer(r"\S+", before))
        count = noun_phrase_words([w.group() for w in words])
        if count == 0:
            continue
        original = [w.group() for w in words[-count:]]
        lowered = [w.lower() for w in original]
        if all(w in DETERMINERS for w in lowered) or not noun_phrase_head(" ".join(lowered)) \
                or lowered[0] in ORDINAL_ENDS or (len(lowered) > 1 and lowered[-2] in
                                                  ("most", "more")):
            continue  # "with $k$th matrix $W_k$": the phrase starts mid-word
        if drawn and _names_a_distribution(lowered[-1]):
            continue  # "the prior $z \\sim \\mathcal{N}(0, I)$" names the distribution
        if lowered[-1] in NOTATION_NOUNS:
            continue  # "written with a serif $x$": how the symbol is written
        if _bare_value(lowered):
            continue  # "which assumes the value $A_{ii}$" names nothing
        if not lowered[-1].endswith("s"):
            marks = marks[:1]  # "State feature $s$, $\\eta > 0$": only the first is named
        if label_after_of(original):
            yield Hit(tuple(marks), window + words[-1].start(), window + words[-1].end())
            continue  # "an offspring of particle $A$": A is a particle
        yield Hit(tuple(marks), window + words[-count].start(),
                  end or window + words[-1].end(), measure_first(original))


_TIMES = re.compile(r"\s*(?:times|fold)\b", re.IGNORECASE)
"""After a formula, a count of repetitions: "$n$ times", "$k$ fold"."""
_ACRONYM_BEFORE = re.compile(r"\s\((?P<abbr>[A-Z][A-Za-z0-9-]{1,11})\)\s+$")
"""An acronym in parentheses right before a formula: "(CTRs)", "(WE)", "(KL)"."""


_IS_PROPERTY = re.compile(rf"(?P<marks>{MARKS})\s+(?:is|are)\s+(?:assumed\s+to\s+be\s+)?"
                          r"(?P<rest>[^\u27e6]*)", re.DOTALL)


def properties(sentence: Sentence) -> Iterator[Hit]:
    """"$\\alpha_t$ is continuously differentiable", "$\\eta$ is small", "$x$ is drawn
    from $p$": what a symbol is like, kept apart from what it is (never shown as its
    definition)."""
    for match in _iterate(_IS_PROPERTY, sentence.text):
        start, end = description_end(sentence.text, match.start("rest"))
        if end > start and is_property(sentence.text[start:end]):
            for mark in marks_in(match.group("marks")):
                yield Hit((mark,), start, end)
