"""Noun phrases in a sentence's working text: where a description starts and ends, whether
it names something ('the learning rate') or only says something about it ('is small'),
and whether it was cut mid-phrase ('the location of').

Every function reads the working text of text.py, where a formula is a ⟦n⟧ word.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .text import MARK_PATTERN
from .words import (
    ADJECTIVES,
    CLOSED_CLASS,
    DANGLING,
    DETERMINERS,
    ING_NOUNS,
    LABEL_NOUNS,
    MEASURES,
    NOT_IN_NOUN_PHRASE,
    ORDINAL_ENDS,
    PREDICATES,
    PRONOUNS,
    PROPERTY_WORDS,
    ZH_BREAKS,
    ZH_CLASSIFIERS,
    ZH_DANGLING_END,
    ZH_FUNCTION_WORDS,
    ZH_LEADING,
    ZH_LEADING_VERBS,
    ZH_PRONOUNS,
    ZH_TRAILING,
    ZH_TYPOGRAPHY,
    ZH_VERB_ENDINGS,
    ZH_VERBS,
)

MAX_DESCRIPTION_WORDS = 16
"""A description longer than this is cut back to the last complete noun phrase."""
PHRASE_BREAKS = frozenset({
    "near", "towards", "toward", "beyond", "upon", "against", "behind", "throughout",
    "until", "unless", "whereas", "although", "though", "off", "out", "up", "down"})
"""Prepositions and conjunctions the shared word lists lack, which no noun phrase right
before a formula runs through: "the actual jump time near $t$" does not name $t$."""
MAX_NOUN_PHRASE_WORDS = 6
"""How far back a noun phrase right before a symbol may reach ('the total number of items')."""

_SIZE_FORMULA = re.compile(rf"{MARK_PATTERN}(?:-dimensional|-dim)?")
_WORD = re.compile(r"\S+")
_LETTERS = re.compile(r"[^\W\d_]{2,}|[\u4e00-\u9fff]")
CJK = re.compile(r"[\u4e00-\u9fff]")
_CJK = CJK
# The end of a description: a clause or sentence boundary, another symbol's clause. A
# formula inside it does not end it ("a training set of $N$ examples").
END = re.compile(r"[.;:!?](?:\s|$)|[,，。；;:：!?！？]|\s+and\s+(?:let|we|assume|suppose)\b|"
                 r"\s+(?:where|whereas|while|which|that|"
                 r"if|so\s+that|such\s+that|i\.e\.|e\.g\.|respectively|and\s+by|with)\b|"
                 r"\s+and\s+(?:the\s+)?\u27e6|\s+\u27e6\d+\u27e7\s+(?:is|are|denotes?)\b|\(",
                 re.IGNORECASE)
_LIST_END = re.compile(r"[.;:]|\s+(?:respectively|where|which|that)\b|\(|\u27e6")
_LIST_ITEM = re.compile(r"[^,]+?(?=\s*,\s*(?:and\s+)?|\s+and\s+|$)")


def trim(sentence: str, start: int, end: int) -> tuple[int, int]:
    """Without surrounding spaces, quotes and trailing punctuation, nor 'respectively'.
    A phrase that stops mid-way ("the location of", "the smooth top-") is no description:
    the result is empty. A description of more than MAX_DESCRIPTION_WORDS words is cut
    back to the end of a complete phrase, never mid-phrase."""
    while start < end and sentence[start] in " \t\n\"'`":
        start += 1
    while end > start and sentence[end - 1] in " \t\n,.;:\"'`&":
        end -= 1
    end = _before_unopened(sentence, start, end)
    while end > start and sentence[end - 1] in " \t\n,.;:\"'`&":
        end -= 1
    text = sentence[start:end]
    for tail in (" respectively", " resp"):
        if text.lower().endswith(tail):
            end -= len(tail)
    words = list(_WORD.finditer(sentence, start, end))
    if len(words) > MAX_DESCRIPTION_WORDS:
        return start, _cut_back(words[:MAX_DESCRIPTION_WORDS], start)
    if words and _dangling(words[-1].group()):
        return start, start
    return start, end


def _before_unopened(sentence: str, start: int, end: int) -> int:
    """Where a closing parenthesis the description never opened ends it: "(where $s$ is
    the basis size), is constructed" describes s as "the basis size"."""
    depth = 0
    for position in range(start, end):
        if sentence[position] in "(（":
            depth += 1
        elif sentence[position] in ")）":
            if depth == 0:
                return position
            depth -= 1
    return end


def _dangling(word: str) -> bool:
    word = word.strip("\"'`").lower()
    return word in DANGLING or word.endswith("-")


def _cut_back(words: list[re.Match[str]], start: int) -> int:
    """The end of the longest complete phrase among the first `words`: before the last
    function word ("the mean of the samples drawn from the prior of" -> "... the prior")."""
    for position in range(len(words) - 1, 0, -1):
        if not _dangling(words[position].group()) and not _dangling(words[position - 1].group()) \
                and (position + 1 == len(words) or _dangling(words[position + 1].group())):
            return words[position].end()
    return start


def is_complete(text: str) -> bool:
    """A phrase that does not stop mid-way: not empty, not ending with a function word
    or a hyphen, brackets balanced."""
    words = text.split()
    if not words:
        return False
    last = words[-1].strip("\"'`").lower()
    if last in DANGLING or last.endswith("-"):
        return False
    return text.count("(") == text.count(")") and text.count("[") == text.count("]")


def is_description(text: str) -> bool:
    """Words, not a number or another formula: 'the learning rate', not '0.1' or '⟦3⟧'."""
    if _CJK.search(text):
        return is_chinese_description(text)
    if not _LETTERS.search(text):
        return False
    tokens = text.split()
    first = tokens[0].lower() if tokens else ""
    second = tokens[1].lower() if len(tokens) > 1 else ""
    determiner_one = first == "one" and second and second not in CLOSED_CLASS \
        and second not in NOT_IN_NOUN_PHRASE  # "one input sequence", not "one can show"
    if first[:1].isdigit() or first.startswith("\u27e6") or (first in PRONOUNS
                                                             and not determiner_one):
        return False  # "2 as the beliefs are uncertain", "$F$ as a subgraph"
    if first in _CLAUSE_OPENERS:
        return False  # "to represent before and after we take a step": a clause, no name
    if tokens and is_instruction(tokens[0]):
        return False  # "Keep track of time $t$": an instruction of an algorithm or a list
    if first == "a" and second in ("priori", "posteriori", "fortiori"):
        return False  # "$y$ is a priori related to $x$": a Latin adverb, no article
    if first in ORDINAL_ENDS or first.startswith("-"):
        return False  # "the $r$ th component": what follows a formula's ordinal is no phrase
    if (first.endswith("ed") or first in _IRREGULAR_PARTICIPLES) and (
            not second or second in NOT_IN_NOUN_PHRASE or second in PHRASE_BREAKS
            or second.endswith("ly")):
        return False  # "denoted by", "mapped to a vertex", "conserved throughout GF"
    if first in ("isomorphic", "equivalent", "related", "associated", "connected",
                 "contained", "included", "adjacent", "orthogonal", "parallel"):
        return False
    if is_property(text):
        return False  # "continuously differentiable" says what it is like, not what it is
    # "all the static parameters" is a noun phrase; "$x$ are all positive" a predicate
    all_the = first == "all" and second in ("the", "our", "its", "their", "these") \
        and len(tokens) > 2 and tokens[2].lower() not in ("same", "other", "time")
    # "learned projection matrices" is a description; "learned" alone is a predicate
    return first not in PREDICATES or determiner_one or all_the \
        or (first in ("learned", "learnt") and len(tokens) > 1)


_IRREGULAR_PARTICIPLES = frozenset({
    "kept", "held", "taken", "given", "chosen", "drawn", "known", "made", "built", "shown",
    "written", "seen", "sent", "thrown", "grown", "hidden", "broken", "frozen"})
"""Past participles not in -ed ("set", "run", "found", "bound" are left out: they are
nouns too, "set of states", "bound on the loss")."""


def is_property(text: str) -> bool:
    """What a symbol is like rather than what it is: "continuously differentiable",
    "small", "positive", "drawn from ⟦2⟧", "fixed during training"."""
    tokens = [t.strip(",.;:()\"'`").lower() for t in text.split()]
    tokens = [t for t in tokens if t]
    if not tokens:
        return False
    # "one dimensional for simplicity", "three-dimensional", "real-valued": a shape (not
    # "three-dimensional vector", a noun phrase)
    size = 2 if len(tokens) > 1 and tokens[0] in _NUMBER_WORDS \
        and tokens[1] == "dimensional" else 1
    if tokens[size - 1].endswith(("dimensional", "-valued")) and (
            len(tokens) == size or tokens[size] in _AFTER_A_SHAPE):
        return True
    if tokens[0] in DETERMINERS:
        return False
    adverb_then_property = tokens[0].endswith("ly") and len(tokens) > 1 \
        and tokens[1] in PROPERTY_WORDS  # "continuously differentiable"
    return tokens[0] in PROPERTY_WORDS or adverb_then_property


_NUMBER_WORDS = frozenset({"one", "two", "three", "four", "five", "low", "high", "finite",
                           "infinite"})
_AFTER_A_SHAPE = frozenset({"for", "and", "or", "in", "with", "here", "as", "since", "so",
                            "because", "by", "throughout", "when", "if"})


def is_chinese_description(text: str, min_characters: int = 2) -> bool:
    """A Chinese noun phrase, not a function word: "学习率", not "其中", "每个", "& 给定".
    Items of a list taken respectively may be one character ("查询、键和值")."""
    core = text.strip(" &，,。；;：:、")
    if not core or "&" in core:
        return False
    if core in ZH_FUNCTION_WORDS or all(c in "的了是为在和与及" for c in core):
        return False
    if core.startswith(("每个", "其中", "给定", "对于", "如果", "我们")) and len(core) <= 4:
        return False
    return len(_CJK.findall(core)) >= min_characters


def description_end(sentence: str, start: int) -> tuple[int, int]:
    """The description that starts at `start`: up to the first clause boundary."""
    while start < len(sentence) and sentence[start].isspace():
        start += 1
    position = start
    while (boundary := END.search(sentence, position)) is not None \
            and (skip := _inner_parenthesis(sentence, start, boundary)
                 or _content_clause(sentence, start, boundary)
                 or _with_complement(sentence, start, boundary)) is not None:
        position = skip
    end = boundary.start() if boundary else len(sentence)
    if boundary is not None and _RELATIVE.match(boundary.group()):
        end = _before_preposition(sentence, start, end)
    return trim(sentence, start, end)


_RELATIVE = re.compile(r"\s+(?:which|whom|whose)\b", re.IGNORECASE)
_CONTENT_NOUN = re.compile(
    r"\b(?:probability|probabilities|likelihood|chance|odds|event|fact|indicator|"
    r"assumption|hypothesis|condition|proposition|statement|claim|belief|requirement|"
    r"guarantee|constraint|notion)\s*$", re.IGNORECASE)


_NEEDS_WITH = re.compile(r"\b(?:associated|equipped|endowed|paired|coupled|combined|"
                         r"consistent|correlated|aligned|compatible|identified|"
                         r"together)\s*$", re.IGNORECASE)


def _with_complement(sentence: str, start: int, boundary: re.Match[str]) -> int | None:
    """Where to go on looking for the end when "with" completes the word before it: "the
    Gaussian distribution associated with component $C_k$" cut at "with" would end on
    "associated". Else None."""
    if boundary.group().strip().lower() != "with" \
            or not _NEEDS_WITH.search(sentence, start, boundary.start()):
        return None
    return boundary.end()


def _content_clause(sentence: str, start: int, boundary: re.Match[str]) -> int | None:
    """Where to go on looking for the end when "that" opens the clause a noun needs:
    "the probability that no jump occurs in the interval" says which probability; cut at
    "that" it is only "the probability". Else None."""
    if boundary.group().strip().lower() != "that" \
            or not _CONTENT_NOUN.search(sentence, start, boundary.start()):
        return None
    return boundary.end()


_PREPOSITION_END = re.compile(r"\s+(?:at|in|on|for|by|with|to|from|of|under|over|through|"
                              r"into|during|along|across)\s*$", re.IGNORECASE)


def _before_preposition(sentence: str, start: int, end: int) -> int:
    """The end of a description before "at which", "in which", "for which": "the speed at
    which the trap moves" describes the speed (cut at "which" it would end on "at" and
    read as a phrase cut mid-way)."""
    found = _PREPOSITION_END.search(sentence, start, end)
    return found.start() if found is not None else end


_OPENING_WORDS = DETERMINERS | ADJECTIVES | DANGLING


def _inner_parenthesis(sentence: str, start: int, boundary: re.Match[str]) -> int | None:
    """Where to go on looking for the end when the boundary is a parenthesis inside the
    phrase: "a (possibly sorted) signature", "the (normalised) weight of ..." (the words
    before it do not yet name anything), else None. The description keeps the aside."""
    if boundary.group() != "(":
        return None
    words = [w.strip("\"'`").lower() for w in sentence[start:boundary.start()].split()]
    if not words or any(w not in _OPENING_WORDS for w in words):
        return None
    close = sentence.find(")", boundary.end())
    if close < 0 or "(" in sentence[boundary.end():close] or close - boundary.end() > 60:
        return None
    return close + 1


def split_list(sentence: str, start: int, end: int, count: int
               ) -> list[tuple[int, int]] | None:
    """`count` items of "A, B and C" (the text may run past the first comma)."""
    found = _LIST_END.search(sentence, start)
    stop = found.start() if found else len(sentence)
    items = [m for m in _LIST_ITEM.finditer(sentence[start:stop]) if m.group().strip()]
    if len(items) != count:
        return None
    result = []
    for item in items:
        text = re.sub(r"^\s*(?:and|or)\s+", "", item.group())
        item_start = start + item.start() + (len(item.group()) - len(text))
        result.append(trim(sentence, item_start, start + item.end()))
    return result


def noun_phrase_start(sentence: str, start: int, end: int, through_of: bool = False) -> int:
    """The start of the noun phrase that ends at `end` (a 'denoted'/'(...)' description
    starts at its noun phrase, not at the start of the clause); -1 when there is none
    ("The filtering operation can then be written as $y = ...$")."""
    words = list(_WORD.finditer(sentence, start, end))
    kept = noun_phrase_words([w.group() for w in words], through_of)
    if not kept:
        return -1
    return words[len(words) - kept].start()


def noun_phrase_words(words: list[str], through_of: bool = False) -> int:
    """How many of the last `words` make a noun phrase: 'the total number of items';
    `through_of` goes on past a determiner after "of" ('the loss of the model')."""
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
        if raw[:1] in "([":
            break  # "in our case (assigning $x$": the aside opens here, the phrase is in it
        if lowered == "of":
            before = words[position - 1].lower() if position else ""
            if count and before and before not in NOT_IN_NOUN_PHRASE:
                count += 1
                continue
            break
        if lowered == "that" and position and words[position - 1].lower() in ("such", "so"):
            break  # "such that observations $y$ are ...": a conjunction, no determiner
        if lowered in DETERMINERS:
            count += 1
            if through_of and position >= 2 and words[position - 1].lower() == "of" \
                    and words[position - 2].lower() not in CLOSED_CLASS \
                    and count < MAX_NOUN_PHRASE_WORDS:
                continue  # "the loss of the model": on through "of" to "the loss"
            break
        if count >= MAX_NOUN_PHRASE_WORDS:
            break
        if lowered in PHRASE_BREAKS:
            break  # "the jump near $t$": near is no noun
        if lowered in NOT_IN_NOUN_PHRASE and not (
                lowered not in CLOSED_CLASS and position > 0
                and words[position - 1].lower() in ("a", "an", "the", "each", "every", "our",
                                                    "its", "this", "their")):
            break  # "we set $x$" stops here; "a set $A$", "the update $u$" are nouns
        count += 1
    if count and words[len(words) - count].lower() == "of":
        count -= 1  # "... , of order $k$": no phrase before the "of"
    first = len(words) - count
    if count and first and words[first].lower() in ("least", "most") \
            and words[first - 1].lower() == "at":
        return 0  # "at least two examples $x_i$" counts the examples, it names none
    if count and first and words[first - 1].lower() in MODALS \
            and words[first].lower() not in DETERMINERS:
        count -= 1  # "we can transform $(x_1, x_2)$": after a modal comes a verb
    elif count > 1 and first and leading_verb(words[first - 1], words[first]):
        count -= 1  # "we test grid sizes $d$", "by transforming noise $z$": a verb first
    return count


SUBJECT_PRONOUNS = frozenset({"we", "i", "you", "they", "we're", "we've", "we'll", "we'd",
                              "you're", "they're", "i'm"})
"""Pronouns after which the next word is a verb, not a noun: "We test grid sizes $d$"."""
MODALS = frozenset({"can", "could", "may", "might", "will", "would", "shall", "should",
                    "must", "cannot"})
"""Auxiliaries a base verb follows: "we can transform $x$", "one may sample $z$"."""
_GERUND_LEADS = frozenset({"by", "for", "of", "after", "before", "when", "while", "without",
                           "from", "via", "in", "on", "upon"})


def leading_verb(before: str, first: str) -> bool:
    """Whether `first`, the first word of a noun phrase, is a verb because of the word
    `before` it: "We test grid sizes $d$" (after a subject pronoun), "by transforming
    noise $z$" (a gerund after a preposition)."""
    before, first = before.lower(), first.lower()
    if first in DETERMINERS:
        return False
    if before in SUBJECT_PRONOUNS or before in MODALS:
        return True
    if before in ("it", "he", "she") and first.endswith("s") and not first.endswith("ss"):
        return True  # "it chooses action $a_t$": a verb in -s after a singular pronoun
    if before == "to" and not _ADJECTIVE_SHAPED.search(first):
        return True  # "we need to draw samples $x$": an infinitive, not "to noisy image"
    return before in _GERUND_LEADS and first.endswith("ing") and first not in ING_NOUNS


_ADJECTIVE_SHAPED = re.compile(r"(?:y|al|ous|ive|ic|ed|ent|ant|ble|ful|less|ar|ary|ian|"
                               r"ing|ise|est|er)$|-")
"""Endings of words that are adjectives (or nouns used so) after "to": "to noisy image",
"to fixed point", "to lower bound", "to pre-trained model"; the bare verb of an infinitive
("to draw", "to fit", "to estimate") has none of them."""


def full_noun_phrase(phrase: str) -> bool:
    """A noun phrase that names something: a determiner and a noun, or two words, whose
    head is not an abbreviation ('the number of heads', 'voxel radius'; not 'UV', 'which')."""
    words = [w.strip(",.;:()\"'`") for w in phrase.split()]
    words = [w for w in words if w]
    if not words or words[0].lower() in PRONOUNS or any(w == "&" for w in words):
        return False
    head = words[-1]
    if head.isupper() and len(head) > 1:
        return False
    return len(words) >= 2


def is_instruction(word: str) -> bool:
    """A capitalised instruction verb ("Keep", "Compute") that opens a line or sentence."""
    return word[:1].isupper() and word.lower() in _IMPERATIVES


_IMPERATIVES = frozenset({"keep", "compute", "calculate", "initialize", "initialise",
                          "evaluate", "optimize", "optimise", "repeat", "perform", "execute",
                          "obtain", "collect", "apply", "choose", "select", "take", "find",
                          "track", "store", "append", "receive", "observe"})
"""Verbs that, capitalised at the start of a line or a sentence, give an instruction ("Keep
track of time $t$", "Compute the gradient $g$"); none of them starts a noun phrase."""
_CLAUSE_OPENERS = frozenset({"before", "after", "during", "while", "when", "whenever",
                             "until", "because", "since", "if", "unless", "although",
                             "though", "whether"})
"""Words that open a clause, never a noun phrase."""
_MEAN_COMPOUNDS = frozenset({"sample", "group", "class", "cluster", "component", "batch",
                             "posterior", "prior", "empirical", "running", "population",
                             "feature", "conditional", "marginal", "arm", "estimated"})
"""Words before "means" that make it a noun: "the sample means $\\bar{x}_i$"."""
_LY_WORDS = frozenset({"early", "family", "only", "daily", "weekly", "monthly", "yearly",
                       "hourly", "friendly", "supply", "assembly", "anomaly", "poly", "reply",
                       "italy", "july", "holy", "ugly", "lonely", "likely", "unlikely"})


_PROPERTY_HEADS = frozenset({
    "convex", "concave", "differentiable", "smooth", "continuous", "bounded", "invertible",
    "lipschitz", "integrable", "measurable", "monotone", "monotonic", "nonnegative",
    "non-negative", "nonpositive", "strongly-convex", "l-smooth", "top", "bottom",
    "independent", "iid", "i.i.d"})
"""Adjectives of properties that are never nouns, so never a phrase's head."""


def noun_phrase_head(phrase: str) -> bool:
    """The last word of a noun phrase looks like a noun: not 'same', 'solving', 'observed'."""
    words = [w.strip(",.;:()\"'`").lower() for w in phrase.split()]
    words = [w for w in words if w]
    if not words:
        return False
    head = words[-1]
    if head in ADJECTIVES or head in DETERMINERS or head in _PROPERTY_HEADS \
            or head.endswith(("ly", "ous", "ful")):
        return False  # "a convex, $L$-smooth function": "a convex" names nothing
    if head == "means" and len(words) >= 2 and words[-2] not in DETERMINERS \
            and words[-2] not in _MEAN_COMPOUNDS and not words[-2].endswith("s"):
        return False  # 'A "negative" distance means $d$': a verb after a singular noun
    if len(words) >= 2 and words[-2].endswith("ly") and words[-2] not in _LY_WORDS:
        return False  # "a sufficiently close" (approximation): an adverb's adjective ends it
    determined = words[0] in DETERMINERS
    if head.endswith("ing") and not determined and (head not in ING_NOUNS or len(words) == 1):
        return False  # solving $O_0$, using $x$, "(3) mapping $u$ from ..."
    return not (head.endswith("ed") and len(words) == 1 and head not in ("seed", "speed",
                                                                          "feed", "bed"))


def label_after_of(words: list[str]) -> bool:
    """Whether a phrase before a formula ends in "of" and a bare label noun: in "the
    probability of class $c$" or "an offspring of particle $A$" the formula names the
    class or the particle (c is no probability); "the number of samples $n$" (a plural)
    and "the speed of light $c$" (no label noun) name the whole."""
    return len(words) >= 3 and words[-2].lower() == "of" \
        and words[-1].lower() in LABEL_NOUNS


def measure_first(words: list[str]) -> str | None:
    """"outputs of dimension" -> "dimension of outputs"; the measure is of the nearest
    noun: "the projection of input sequence of length" -> "length of input sequence"."""
    if len(words) >= 3 and words[-2].lower() == "of" and words[-1].lower() in MEASURES:
        owner = words[:-2]
        inner = [i for i, word in enumerate(owner) if word.lower() == "of"]
        if inner and inner[-1] + 1 < len(owner):
            owner = owner[inner[-1] + 1:]
        return f"{words[-1]} of {' '.join(owner)}"
    return None


def ends_in_chinese(before: str) -> bool:
    stripped = before.rstrip()
    return bool(stripped) and "\u4e00" <= stripped[-1] <= "\u9fff"


def _zh_break(text: str) -> int:
    """Where the noun phrase starts after the last break word that leaves at least two
    characters before the formula (0: no break)."""
    best = 0
    for word in ZH_BREAKS:
        position = text.rfind(word)
        while position >= 0:
            after = position + len(word)
            if len(word) == 1 and (text[position:position + 2] in _ZH_WORDS_OF_BREAKS
                                   or text[max(0, position - 1):position + 1]
                                   in _ZH_WORDS_OF_BREAKS):
                position = text.rfind(word, 0, position)
                continue  # "有限训练集": 有 starts the word 有限 (finite), it is no verb
            if len(text) - after >= 1:
                best = max(best, after)
                break
            if len(word) > 1 and after == len(text) and word not in ZH_TRAILING:
                return after  # "这表明 $z$": the verb is right before the formula, no noun
            position = text.rfind(word, 0, position)
    return best


_ZH_WORDS_OF_BREAKS = frozenset({
    "有限", "有效", "有向", "有界", "有偏", "有理", "有噪", "地图", "地址", "并行", "并集",
    "来源", "在线", "和式", "被动", "将来", "会话", "了解", "着色", "从属", "由于", "自由",
    "小说", "学说", "假说", "做法", "再次", "边沿", "沿途"})
"""Words that start or end with a one-character break of ZH_BREAKS (有 have, 在 at, 由
by): the break is not read inside them ("有限训练集上的对应目标函数" is not cut to
"限训练集...", nor 自由 to 由)."""
_ZH_ADVERBIAL = ("情况下", "条件下", "前提下", "之下", "时", "之后", "之前", "以后", "以前")
"""Endings of a phrase that says when or under what, not what: "在强凸情况下是 $O(1/k)$"."""
_ZH_MEASURES = frozenset("步个次层维种类项组阶倍")
"""Measure words: right after a formula they count with it ("$k$ 步迭代后的误差", "第 $i$
类的边缘概率"), so what follows is no phrase of its own."""


# "三种张量 $Q$、$K$、$V$": a number and a classifier count the things, they name none
_ZH_COUNTED = re.compile(r"[一二三四五六七八九十两几多]+[种个组类项层维]")


_ZH_WORDS_OF_LEADS = frozenset({
    "设计", "设置", "设备", "设定", "记录", "记忆", "用户", "用途", "将来", "对象", "对称",
    "对数", "对角", "对应", "对比", "对偶", "对抗", "对话", "对齐", "对照", "把握", "令牌",
    "在线", "若干", "当前", "当中", "和式", "即时"})
"""Words that start with a one-character lead of ZH_LEADING (设 let, 对 for, 当 when): the
lead is not cut from them ("设计矩阵" is a design matrix, not "计矩阵")."""
_ZH_NOUNS_OF_VERBS = frozenset({
    "训练集", "学习率", "学习器", "生成器", "估计量", "估计值", "估计器", "预测值", "预测器",
    "输出层", "输出值", "计算图", "计算量", "优化器", "采样器", "定义域", "选择器", "构造器"})
"""Nouns that start with a verb of ZH_LEADING_VERBS: the verb is not cut from them
("训练集上的经验分布" is no "集上的经验分布")."""
_ZH_COMPLEMENTS = ("好的", "完的", "过的", "到的", "出的", "得的")
"""What a verb takes before 的 to modify a noun: "训练好的编码器" (a trained encoder) keeps
its verb, like "训练的总步数"."""
_ZH_CLASSIFIER_OBJECT = re.compile(r"(?<![第另其任每这那同哪的])"
                                   r"(?:一个|一些|一组|一种|某个|某些)(?!.*的)")
"""A classifier inside the phrase, not first, with no 的 after it: what comes before it
is a verb and the classifier opens its object ("随机采一个时刻 $t$": 一个时刻). Not an
ordinal or another (第一个, 另一个), nor one of something (经验分布的一个组成部分), nor a
classifier inside a modifier ("具有一个参数的分布")."""


def _object_after_verb(text: str) -> int:
    """Where the object of a verb before a classifier starts (0: nowhere)."""
    found = _ZH_CLASSIFIER_OBJECT.search(text, 1)
    return found.start() if found else 0


_ZH_RESULTATIVE = frozenset("成为作")
"""The second character of a verb like 表示成, 视为, 记作, left at a phrase's start when
the verb is cut there."""


def chinese_noun_phrase(before: str, joinable: Callable[[int], bool] = lambda span: False,
                        apart: Callable[[int], bool] = lambda span: False
                        ) -> tuple[int, int] | None:
    """"训练集 $\\mathcal{D}$", "最优解 $w^*$", "通过经验 $E$" (经验): the Chinese noun
    phrase right before a formula, after the last punctuation, verb, adverb or
    preposition (ZH_BREAKS), without a leading verb or classifier ("返回一个函数 $f$" is
    函数); None when what is left is not a noun phrase ("最常见的 $k$", "其他的 $i$").
    A phrase that goes on from the formula before it takes that formula in where
    `joinable` says it may (an inline term, not an equation); after a formula that stands
    `apart` (a display) the phrase starts a sentence of its own."""
    stripped = before.rstrip()
    start = max(stripped.rfind(mark) for mark in _ZH_PHRASE_MARKS) + 1
    previous = _formula_ending(stripped[:start])
    after_formula = previous is not None and not apart(previous)
    while start < len(stripped) and stripped[start].isspace():
        start += 1  # "$\hat p$ 替代真实分布 $p$": the space after a formula is no word
    text = stripped[start:]
    if after_formula and text[:1] in _ZH_MEASURES:
        return None  # "$k$ 步迭代后的误差量级是 $O$": the phrase began with the count
    cut = _zh_break(text)
    phrase_start, text = start + cut, text[cut:]
    glued = after_formula and cut == 0
    counted = _object_after_verb(text)
    phrase_start, text = phrase_start + counted, text[counted:]
    changed = True
    while changed:
        changed = False
        for lead in ZH_LEADING:
            if text.startswith(lead) and len(text) > len(lead) \
                    and text[:2] not in _ZH_WORDS_OF_LEADS:
                text, phrase_start, changed = text[len(lead):], phrase_start + len(lead), True
        if text[:1] in _ZH_RESULTATIVE and text[1:].startswith(ZH_CLASSIFIERS):
            # "表示成一个向量 $x$": 成 ends the verb 表示成, the phrase is 一个向量
            text, phrase_start, changed = text[1:], phrase_start + 1, True
        for lead in (*ZH_LEADING_VERBS, *ZH_CLASSIFIERS):
            rest = text[len(lead):]
            # "返回一个函数", "预测条件概率分布"; not "训练集" (a training set), nor
            # "训练的总步数" (the verb modifies the noun through 的)
            if text.startswith(lead) and not rest.startswith(("的", *_ZH_COMPLEMENTS)) \
                    and text[:len(lead) + 1] not in _ZH_NOUNS_OF_VERBS and (
                    len(rest) >= 3 or rest.startswith(ZH_CLASSIFIERS)
                    or (lead in ZH_CLASSIFIERS and len(rest) >= 1)):
                text, phrase_start, changed = rest, phrase_start + len(lead), True
    while (text and text[-1] in " \t") or any(text.endswith(t) and len(text) > len(t)
                                              for t in ZH_TRAILING):
        tail = next((t for t in ZH_TRAILING if text.endswith(t)), text[-1])
        text = text[:-len(tail)]
    leading = len(text) - len(text.lstrip())
    text = text.strip()
    phrase_start += leading
    counted = _ZH_COUNTED.match(text)
    if counted is not None and len(text) > counted.end():
        phrase_start, text = phrase_start + counted.end(), text[counted.end():]
    if not text or len(text) > 12 or text.endswith(("第", "的", "成", "出", "到", *_ZH_ADVERBIAL)) \
            or text.endswith((*ZH_VERB_ENDINGS, *ZH_PRONOUNS)) or any(v in text for v in ZH_VERBS):
        return None  # "最常见的 $k$" is a modifier, "拆分成 $n$" a verb: not a noun
    if not is_chinese_description(text) or not _zh_noun_shaped(text):
        return None
    if glued and phrase_start == start and not text.startswith("的"):
        return _through_formula(stripped, start, phrase_start + len(text),
                                joinable(previous) if previous is not None else False)
    return phrase_start, phrase_start + len(text)


_ZH_PHRASE_MARKS = "，,。；;：:、（()）&`'\"“”‘’\u27e7.!?！？「」『』《》—"
r"""What a Chinese noun phrase never reaches across: punctuation, quotes and corner
brackets ("「沿着」向量场 $u_t$" is 向量场), a dash ("SDE——只要令扩散系数 $\sigma$"), a formula."""
_ZH_RELATION_WORDS = ("与", "和", "同", "跟", "对")
r"""Prepositions a phrase keeps before its inner formula: "与 $\theta$ 无关的常数 $C$"."""


def _formula_ending(text: str) -> int | None:
    """The number of the formula ⟦n⟧ that `text` ends with, if it does."""
    found = re.search(r"\u27e6(\d+)\u27e7$", text)
    return int(found.group(1)) if found else None


def _through_formula(text: str, start: int, end: int, joinable: bool
                     ) -> tuple[int, int] | None:
    r"""A phrase right after a formula, with no break between: it goes on from that formula
    ("$\mathbb{R}^d$ 上的一族分布 $p_t$", "$t=1$ 时刻的端点 $X_1$", "与 $\theta$ 无关的常数
    $C$"), so the formula is part of it; without a 的 what follows a formula is a verb or
    a count ("从 $p$ 输运为 $\delta_z$", "$\theta^*$ 必有 $s$"): no noun phrase.
    After an equation the phrase is the noun after its last 的."""
    formula_start = text.rfind("\u27e6", 0, start)
    if "的" not in text[start:end] or formula_start < 0:
        return None
    if not joinable:  # "$t=1$ 时刻的端点 $X_1$": an equation is no part of a name, the
        head = text.rindex("的", start, end) + 1  # noun after its last 的 is (端点)
        return (head, end) if end - head >= 2 else None
    before = text[:formula_start].rstrip()
    if before.endswith(_ZH_RELATION_WORDS):
        formula_start = len(before) - 1
    return formula_start, end


def after_formula_particle(text: str, found: tuple[int, int]) -> tuple[int, int]:
    """A Chinese phrase that opens on the 的 right after a formula starts after it: in
    "事件 $x$ 的自信息", "组件 $i$ 的先验概率" the name is 自信息, 先验概率."""
    start, end = found
    if text[start] != "的" or not text[:start].rstrip().endswith("\u27e7"):
        return found
    start += 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


def _zh_noun_shaped(text: str) -> bool:
    """Whether a Chinese phrase can be a noun phrase: not cut after a preposition ("作用于",
    "坐标由"), not a bare verb ("最小化", "通过"), not about the typeface ("大写字母"), not
    starting with a pronoun ("它的一个可能取值") or a closing bracket."""
    if text[-1] in ZH_DANGLING_END or text in ZH_TYPOGRAPHY:
        return False
    if text in ZH_LEADING_VERBS or text in ZH_BREAKS:
        return False
    return not text.startswith((*ZH_PRONOUNS, ")", "）", "]", "】", "到"))
