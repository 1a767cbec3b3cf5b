"""Does a knowledge meaning say what the paper's own definition says?

The paper's words decide which usual meaning a reader is shown: π defined as "a policy"
must not be explained as the circle constant, φ defined as "解码器参数" (decoder
parameters) not as encoder parameters. A definition and a meaning are compared by their
ideas: English content words (singular, hyphenated parts too), the terms of
knowledge/vocabulary.toml (synonyms in both languages count as one idea), and for
Chinese the character pairs of what the vocabulary does not cover. They agree when they
share an idea that is not a mere kind of object ("matrix", "number", "set") and no pair
of contrasting ideas sets them apart ("encoder" / "decoder", "prior" / "posterior").

A meaning is compared by its head, the part before its explanation ("Policy: π(a | s) is
the probability ..." is compared as "Policy"), so the examples a meaning gives do not
make it agree with everything. A definition that names a container of something ("the set
of real images", "the number of layers", "真实图像的集合") agrees only with a meaning that
names the container too: a set of images is no image.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .packaged import data_folder

VOCABULARY_FILE = "vocabulary.toml"
_ENGLISH = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_MATH = re.compile(r"\$[^$]*\$")
_HEAD_END = re.compile(r"[:：;；(（]|,\s|，|\.\s|。|\s(?:e\.g\.|i\.e\.|such as|as in|like)\s")
_STOP = frozenset({
    "a", "an", "the", "of", "in", "on", "for", "to", "and", "or", "with", "by", "at", "from",
    "its", "our", "their", "this", "that", "these", "each", "every", "all", "some", "any",
    "one", "is", "are", "be", "as", "which", "it", "used", "given", "corresponding",
    "respective", "total", "new", "current", "usually", "often", "also", "e", "g", "i",
    "th", "s", "t", "generic", "paper", "defined", "model", "certain", "single",
    "running"})
_CJK_STOP = frozenset("的了是为在和与及或其中这那个一种等")
_CJK_STOP_PAIRS = frozenset({"论文", "定义", "引入", "设定", "通常", "表示", "使用", "一般",
                             "可以", "本文", "所有", "任意", "给定", "对应", "相应"})
"""Character pairs that half the knowledge base's Chinese texts share: no evidence."""
_CJK_WORD_PAIRS = frozenset({"中间", "中心", "中立", "中位", "中值", "等价", "个体", "和式"})
"""Words whose characters are otherwise function words (中 of 其中, 等 of 等等, 个 of 一个):
"中立" (neutral) and "中间结果" (an intermediate result) still say something."""


@dataclass(frozen=True)
class Vocabulary:
    terms: dict[str, str]
    """term (lowercase) -> idea id."""
    broader: dict[str, frozenset[str]]
    """idea id -> the broader ideas it implies (a posterior is a distribution)."""
    generic: frozenset[str]
    """Idea ids that only name a kind of object."""
    kinds: frozenset[str]
    """Idea ids that are generic when comparing, yet informative in a definition."""
    contrasts: tuple[tuple[str, str], ...]
    """Pairs of idea ids that exclude each other."""


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """knowledge/vocabulary.toml, read once."""
    import tomllib

    text = data_folder("annotator.knowledge_files").joinpath(VOCABULARY_FILE).read_text(
        encoding="utf-8")
    data = tomllib.loads(text)
    terms: dict[str, str] = {}
    for number, group in enumerate(data.get("synonyms", [])):
        for term in group:
            terms.setdefault(term.lower(), f"idea:{number}")
            # "step size" is also written "step-size": one idea either way
            terms.setdefault(term.lower().replace(" ", "-"), f"idea:{number}")
    generic = set()
    for term in data.get("generic", []):
        idea = terms.setdefault(term.lower(), f"term:{term.lower()}")
        generic.add(idea)
    kinds = {terms.setdefault(term.lower(), f"term:{term.lower()}")
             for term in data.get("kinds", [])}
    contrasts = []
    for first, second in data.get("contrasts", []):
        contrasts.append((terms.setdefault(first.lower(), f"term:{first.lower()}"),
                          terms.setdefault(second.lower(), f"term:{second.lower()}")))
    broader: dict[str, set[str]] = {}
    for narrow, wide in data.get("broader", []):
        broader.setdefault(terms.setdefault(narrow.lower(), f"term:{narrow.lower()}"),
                           set()).add(terms.setdefault(wide.lower(), f"term:{wide.lower()}"))
    return Vocabulary(terms, {k: frozenset(v) for k, v in broader.items()},
                      frozenset(generic), frozenset(kinds), tuple(contrasts))


@lru_cache(maxsize=8192)
def ideas(text: str) -> frozenset[str]:
    """The ideas a text names (see the module docstring); cached, as a knowledge meaning
    is compared with many definitions of a paper."""
    words = vocabulary()
    lowered = _MATH.sub(" ", without_accents(text.lower()))
    lowered += "".join(f" {first} {noun} , {second} {noun}"
                       for first, second, noun in _SHARED_NOUN.findall(lowered))
    found: set[str] = set()
    covered = lowered
    for term, idea in _terms_in(lowered):
        if _mentions(covered, term):
            # one Han character inside a longer word is a weak idea: 图 of 知识图谱 (a
            # knowledge graph) is no graph's edge 图的边, 头 of 头实体 (a head entity) no
            # attention head; weak ideas count as kinds when compared
            found.add(f"weak:{idea}" if len(term) == 1 and _inside_word(covered, term)
                      else idea)
            covered = covered.replace(term, " ")
    for word in _ENGLISH.findall(covered):
        for part in (word, *word.split("-")):
            if part in _STOP or len(part) < 2:
                continue
            one = singular(part)
            found.add(words.terms.get(one) or f"word:{stem(one)}")
    for run in _CJK_RUN.findall(covered):
        for index in range(len(run) - 1):
            pair = run[index:index + 2]
            if (not (set(pair) & _CJK_STOP) or pair in _CJK_WORD_PAIRS) \
                    and pair not in _CJK_STOP_PAIRS:
                found.add(f"pair:{pair}")
    for idea in list(found):
        found |= words.broader.get(idea, frozenset())
    return frozenset(found)


def without_accents(text: str) -> str:
    """'poincaré' -> 'poincare': papers write names both ways."""
    if text.isascii():
        return text
    return "".join(character for character in unicodedata.normalize("NFD", text)
                   if not unicodedata.combining(character))


_SHARED_NOUN = re.compile(r"\b([a-z]+) and ([a-z]+) ([a-z]{3,})")
"""Two modifiers sharing a noun: "the first and second moments" names the first moment
and the second moment."""


@lru_cache(maxsize=1)
def _longest_first() -> tuple[tuple[str, str], ...]:
    """The vocabulary's (term, idea) pairs, longest term first: sorted once, not per text."""
    return tuple(sorted(vocabulary().terms.items(), key=lambda item: -len(item[0])))


def _terms_in(text: str) -> list[tuple[str, str]]:
    """The vocabulary's (term, idea) pairs that may be in `text`, longest term first: those
    whose first two characters (or only one) are adjacent characters of it, since a term
    in the text starts with two of its characters; a text is checked against a few dozen
    terms, not against all of them."""
    starts = _by_start()
    candidates = {index for position in range(len(text))
                  for key in (text[position], text[position:position + 2])
                  for index in starts.get(key, ())}
    ordered = _longest_first()
    return [ordered[index] for index in sorted(candidates)]


@lru_cache(maxsize=1)
def _by_start() -> dict[str, tuple[int, ...]]:
    """The first two characters of a term (the one of a one-character term) -> the
    positions of those terms in _longest_first."""
    starts: dict[str, list[int]] = {}
    for index, (term, _) in enumerate(_longest_first()):
        starts.setdefault(term[:2], []).append(index)
    return {key: tuple(found) for key, found in starts.items()}


_IRREGULAR = {"matrices": "matrix", "vertices": "vertex", "indices": "index",
              "simplices": "simplex", "appendices": "appendix", "analyses": "analysis",
              "hypotheses": "hypothesis", "bases": "basis", "datum": "data"}


def singular(word: str) -> str:
    """'matrices' -> 'matrix', 'layers' -> 'layer', 'loss' stays."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") \
        else word


_BRITISH = ((re.compile(r"is(ation|ing|ed|e|es)$"), r"iz\1"), (re.compile(r"our$"), "or"),
            (re.compile(r"ours$"), "ors"))
_SUFFIXES = ("izations", "ization", "izing", "ized", "ize", "ations", "ation", "ings", "ing",
             "ed", "es", "s")


def stem(word: str) -> str:
    """A rough English stem, British spelling folded into American: 'normalising',
    'normalization' and 'normalized' are all 'normal'; 'behaviour' is 'behavior'."""
    for pattern, replacement in _BRITISH:
        word = pattern.sub(replacement, word)
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[:-len(suffix)]
    return word


def _mentions(text: str, term: str) -> bool:
    """Whether `term` (or its plural in s) is in `text` as a word of its own: what
    `(?<![a-z])term s?(?![a-z])` matches, without compiling a pattern per term (a run
    met a few hundred terms, and compiling them was a tenth of a small paper's time)."""
    if term not in text:  # the test of nearly every term
        return False
    if not term.isascii():
        return True
    start = text.find(term)
    while start >= 0:
        end = start + len(term)
        if (start == 0 or text[start - 1] not in _LOWER) and (
                end == len(text) or text[end] not in _LOWER
                or (text[end] == "s" and (end + 1 == len(text) or text[end + 1] not in _LOWER))):
            return True
        start = text.find(term, start + 1)
    return False


_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")


WORDS_ASIDE = re.compile(r"[(（](?!or\s|或)([A-Za-z][A-Za-z\s-]*|[\u4e00-\u9fff]+)[)）]")
"""A parenthesis of words only: another name, part of the name it stands in (not an
alternative, "(or an input sequence)", which the shown line leaves out)."""


def head(meaning: str) -> str:
    """What a meaning says before explaining it: 'Policy: π(a | s) is ...' -> 'Policy'."""
    found = _HEAD_END.search(meaning)
    return meaning[:found.start()] if found else meaning


_MODIFIER = re.compile(r"\s(?:at|in|on|for|with|from|over|by|to|that|which|where|when|used|"
                       r"such|under|via|after|before|between|across|per)\s", re.IGNORECASE)


def named(meaning: str) -> str:
    """The head with the names a parenthesis of words adds: 'Kernel matrix (Gram matrix):
    ...' names the Gram matrix too, 'Input (feature) space, ...' the feature space."""
    return head(WORDS_ASIDE.sub(r" \1 ", meaning))


def definition_head(definition: str) -> str:
    """A definition without its modifiers: "the state-action pair at time $t$" is
    compared as "the state-action pair" (its "time" says when, not what)."""
    found = _MODIFIER.search(definition)
    return definition[:found.start()] if found else definition


def informative(definition: str) -> bool:
    """Whether a definition says more than a kind of object: "a vector", "any point", "the
    output" leave the usual meanings to decide."""
    return bool(ideas(definition_head(definition)) - vocabulary().generic)


def _inside_word(text: str, character: str) -> bool:
    """Whether every mention of a Han character in `text` touches another Han character."""
    for found in re.finditer(re.escape(character), text):
        before = text[found.start() - 1] if found.start() else ""
        after = text[found.end()] if found.end() < len(text) else ""
        if not (_CJK_RUN.match(before or " ") or _CJK_RUN.match(after or " ")):
            return False
    return True


_GLOSS_START = re.compile(r"[a-z\u4e00-\u9fff]", re.IGNORECASE)
_COLON = re.compile(r"^[^.;。；:：]*?[:：]")
"""The colon that ends a meaning's name, the name's own formula included: 'Second
distribution q(x): an approximating or proposal distribution ...'."""
_EXAMPLES = re.compile(r",\s|，|\s(?:e\.g\.|i\.e\.|such as|as in|like)\s|如")
"""Before the colon, an example or an aside: what follows the colon explains the example,
not the name."""


def gloss(meaning: str) -> str:
    """The words that explain a meaning's head, when they start in words, not in math:
    'Noise schedule β_t: the variance of the noise added at step t, ...' -> 'the variance
    of the noise added at step t'; 'Policy: π(a | s) is ...' has none."""
    colon = _COLON.search(meaning)
    if colon is None or _EXAMPLES.search(meaning[:colon.end()]):
        return ""  # 'Length scale ℓ of a kernel, as in k(x, x′) = …: the distance …'
    rest = meaning[colon.end():].lstrip()
    if not rest or not _GLOSS_START.match(rest):
        return ""
    return head(rest)


def _contradicts(said: frozenset[str], usual: frozenset[str]) -> bool:
    for first, second in vocabulary().contrasts:
        if (first in said and second not in said and second in usual and first not in usual) \
                or (second in said and first not in said and first in usual
                    and second not in usual):
            return True
    return False


def agree(definition: str, meaning: str) -> bool:
    """True when the meaning's head, or the gloss that explains it, says what the
    definition's head says (module docstring)."""
    return agreement(definition, meaning) > 0


STRONG, WEAK = 2, 1


def agreement(definition: str, meaning: str) -> int:
    """How a meaning agrees with a definition: STRONG when they share an idea beyond a
    kind of object, WEAK when they share only a kind and the meaning says nothing more
    ("样本数量", a number of samples, is weakly "元素个数", a number of items, and
    strongly "样本量或批大小"), 0 when they do not agree."""
    said = ideas(definition_head(definition))
    usual = ideas(named(meaning))
    words = vocabulary()
    if _contradicts(said, usual):
        return 0
    container = _container(definition)
    if container is not None and not (ideas(container) & (usual | ideas(gloss(meaning)))):
        return 0  # "the set of real images" is a set, not an image
    shared = said & usual
    kinds = words.generic | words.kinds | {i for i in shared if i.startswith("weak:")}
    if shared - kinds and not _names_the_whole(shared - kinds, definition, meaning):
        return STRONG
    # the gloss is weaker evidence: only a term of the vocabulary counts ("variance"),
    # not a loose word ("initial") or a pair of Han characters (滑动 of 滑动平均)
    explained = ideas(definition_head(gloss(meaning)))
    curated = {i for i in said & explained - kinds if i.startswith(("idea:", "term:"))}
    if curated and not _contradicts(said, explained):
        return STRONG  # "a sequence of variances" is the "noise schedule: the variance of ..."
    # Sharing only a kind agrees when the meaning says nothing more: "the true posterior"
    # is "a probability distribution or density", but "a proposal distribution" is no
    # "variational distribution (approximate posterior)".
    # (the meaning's modifiers aside: "value dimension per attention head" says no more
    # than "the dimension of values")
    # A head naming alternatives ("Probability distribution or probability of an event",
    # "概率分布或事件的概率") agrees when one alternative says nothing more.
    return WEAK if shared and any(
        not (ideas(definition_head(alternative)) - kinds - said)
        for alternative in alternatives(head(meaning))) else 0


_OF = re.compile(r"\s+of\s+", re.IGNORECASE)


def _names_the_whole(shared: set[str], definition: str, meaning: str) -> bool:
    """The definition names a thing and the meaning a part of it: "a one-dimensional
    function or sequence" is no "Token u_i of a text sequence", "the Gaussian
    distribution" no "Mean μ of a Gaussian distribution". True when the definition says
    nothing of the part the meaning names (before its "of", after its last 的) and every
    shared idea is, in the definition, in what it names."""
    whole = _whole_of(named(meaning))
    if whole is None or ideas(whole) & ideas(definition):
        return False  # "解码器参数" is the "解码器的参数": the definition names the part too
    named_whole = _whole_of(definition_head(definition))
    return shared <= ideas(definition_head(definition) if named_whole is None else named_whole)


def _whole_of(phrase: str) -> str | None:
    """What a phrase names when it names a part of something: before its "of" ("Token u_i
    of a text sequence": the token), after its last 的 ("文本序列中的词元": 词元); None
    when it has neither."""
    if _OF.search(phrase):
        return _OF.split(phrase, maxsplit=1)[0]
    first = _ZH_AND.split(phrase, maxsplit=1)[0]  # "数据样本 x_0 及其……的版本": 数据样本
    if "的" in first:
        return first.rsplit("的", 1)[1]
    return None


_ZH_AND = re.compile(r"及其|以及|及|和|与|或|、|，")


_CONTAINER_EN = re.compile(r"^(?:(?:a|an|the|our|its|their|this|some)\s+)?(?:finite\s+|total\s+)?"
                           r"(set|collection|family|number|count)\s+of\s", re.IGNORECASE)
_CONTAINER_ZH = re.compile(r"的(集合|数量|个数|数目)$")


def _container(definition: str) -> str | None:
    """The word a definition names a container of something by: "the set of real images"
    is a set and "the number of layers" a number, whatever they hold ("真实图像的集合" is a
    集合); None when the definition names the thing itself."""
    text = _MATH.sub(" ", definition).strip()
    found = _CONTAINER_EN.match(text) or _CONTAINER_ZH.search(text)
    return found.group(1).lower() if found else None


_ALTERNATIVES = re.compile(r"\s+or\s+|或|\s/\s")
_AFTER_SYMBOL = re.compile(r"\s[^\sA-Za-z0-9\u4e00-\u9fff(（\-][^\s]*(\s.*)$")


def alternatives(name: str) -> list[str]:
    """The alternatives a meaning's name offers, each with the modifiers they share:
    "Probability distribution or probability of an event" -> both as written; "Measure
    or distribution μ of optimal transport" -> "Measure of optimal transport" too (what
    follows the symbol qualifies both); "最优传输中的测度或分布" -> "最优传输中的分布" too
    (what precedes the last 的 qualifies both)."""
    parts = [part.strip() for part in _ALTERNATIVES.split(name) if part.strip()]
    if len(parts) < 2:
        return parts
    shared_after = _AFTER_SYMBOL.search(parts[-1])
    if shared_after is not None:
        parts = [part + shared_after.group(1) for part in parts[:-1]] + parts[-1:]
    if "的" in parts[0]:
        prefix = parts[0][:parts[0].rindex("的") + 1]
        parts = parts[:1] + [part if "的" in part else prefix + part for part in parts[1:]]
    return parts


def only_a_kind(definition: str) -> bool:
    """Whether a definition names only a kind of object ("a neural network", "一个随机变量"):
    it says how the symbol is computed or what type it has, not what it stands for."""
    words = vocabulary()
    said = ideas(definition_head(definition))
    return bool(said) and not (said - words.generic - words.kinds)


def compatible(definition: str, meaning: str) -> bool:
    """Whether a meaning is one of the kind a kind-only definition names: "a neural
    network" is compatible with "Score network s_θ(x, t): ..." (a score network is a
    network), not with "Noise schedule β_t" (no network). Evidence from elsewhere (the
    field) must choose the meaning; this only checks that the definition allows it."""
    words = vocabulary()
    said = ideas(definition_head(definition)) - words.generic
    usual = ideas(named(meaning))
    # a narrower kind is met by its broader one: a neural network is a network
    return bool(said) and all(
        idea in usual or (words.broader.get(idea, frozenset()) - words.generic) & usual
        for idea in said) and not _contradicts(said, usual)
