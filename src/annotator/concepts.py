"""The knowledge base read as a dictionary of concepts: which usual meaning, of any entry,
names what a paper's own definition of a symbol names.

When none of a symbol's own meanings agrees with the paper, the glossary says so
("no usual meaning fits this paper's definition"). The reader may still not know the
paper's term: $\\Sigma_i$ defined as "the noise standard deviation" is no covariance
matrix, yet the knowledge base explains "standard deviation" under σ. This finds that
meaning, so the glossary can explain the term the paper uses, without claiming the
symbol usually means it.

A meaning names the concept only when everything its name says (its ideas beyond mere
kinds such as "matrix" or "number") is in the definition, the two agree strongly
(agreement.py), the definition writes the name's own words (synonyms are not enough:
"the weights" of a transport plan name no "Parameters θ"), and the name is the phrase's
head, not a modifier of it ("a metric space" is no distance). Between two different
concepts that say as much the answer is none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .agreement import (
    STRONG,
    WORDS_ASIDE,
    agreement,
    definition_head,
    head,
    ideas,
    named,
    singular,
    stem,
    vocabulary,
    without_accents,
)
from .knowledge import FALLBACK_WORDING, TERMS_FILE, KnowledgeBase
from .model import Entry, Meaning, Text
from .packaged import data_folder


@dataclass(frozen=True, slots=True)
class Concept:
    """One usual meaning of one entry, with what its name says."""

    entry: str
    """The entry's id."""
    meaning: int
    """The meaning's index in the entry."""
    core: frozenset[str]
    """The ideas its name says, kinds of object aside, in one language."""
    head: frozenset[str]
    """What its name's head says, kinds included ("Data matrix": the data and the matrix;
    "Support of a distribution": the support)."""
    order: int
    """Its place in the knowledge base: among equals, the earlier (more usual) wins."""
    name: str
    """The name as written, whose head a definition must write ("Transport plan
    (coupling)", or one of its names alone: "Transport plan", "coupling")."""


_INDEXES: dict[int, tuple[KnowledgeBase, dict[str, list[Concept]]]] = {}
"""id(knowledge base) -> (the base, idea -> the concepts whose name says it); built once
per base, when a symbol first needs it (most papers have a few such symbols)."""


def _index(kb: KnowledgeBase) -> dict[str, list[Concept]]:
    known = _INDEXES.get(id(kb))
    if known is not None and known[0] is kb:
        return known[1]
    kinds = _kinds()
    index: dict[str, list[Concept]] = {}
    order = 0
    # the entries first: among equals, what a symbol's entry says comes before a term
    for entry in (*kb.entries.values(), *terms().values()):
        if entry.kind == "convention":
            continue  # "a modified version of A" (a tilde) says how, not what
        for position, meaning in enumerate(entry.meanings):
            if FALLBACK_WORDING.search(meaning.text.en):
                continue  # "a scalar that the paper defines" names no concept
            for lang in ("en", "zh"):
                for name, said in _names(meaning.text.get(lang)):
                    core = ideas(_without_notation(said)) - kinds
                    if not _specific(core):
                        continue
                    concept = Concept(entry.id, position, core, ideas(_name_head(name)),
                                      order, name)
                    order += 1
                    for idea in core:
                        index.setdefault(idea, []).append(concept)
    if len(_INDEXES) >= _KEPT:
        del _INDEXES[next(iter(_INDEXES))]  # a long-lived process may load many bases
    _INDEXES[id(kb)] = (kb, index)
    return index


_KEPT = 4
"""How many bases' indexes are kept (each base is held with its index, so its id is
never reused while the index is)."""


def entry_of(kb: KnowledgeBase, entry_id: str) -> Entry:
    """A knowledge entry, or a term of knowledge/terms.toml (ids `term-...`)."""
    return kb.entries.get(entry_id) or terms()[entry_id]


@lru_cache(maxsize=1)
def terms() -> dict[str, Entry]:
    """knowledge/terms.toml as entries of kind 'term' (ids `term-<id>`), read once: never
    matched to a symbol, only named by a paper's definition."""
    import tomllib

    text = data_folder("annotator.knowledge_files").joinpath(TERMS_FILE).read_text(
        encoding="utf-8")
    found: dict[str, Entry] = {}
    for item in tomllib.loads(text).get("term", []):
        meaning = Text(item["en"], item["zh"])
        name = Text(head(meaning.en), head(meaning.zh))
        entry_id = f"term-{item['id']}"
        found[entry_id] = Entry(id=entry_id, kind="term", family="terms", name=name,
                                reading=name, math=Text("", ""), area="machine-learning",
                                meanings=(Meaning(meaning),))
    return found


_WORD_AFTER = re.compile(r"[A-Za-z]{2,}|[\u4e00-\u9fff]")


def _names(meaning: str) -> list[tuple[str, str]]:
    """(name as written, what it says) of each name a meaning gives: its head, and when
    the head ends in a parenthesis of words (notation aside), the head without it and the
    parenthesis alone, as other names of one concept: "Transport plan (coupling) π" is
    also the "coupling", "Evidence lower bound (ELBO)" the "ELBO". A parenthesis inside
    the head is part of the one name: "Input (feature) space" is no "feature"."""
    names = [(named(meaning), named(meaning))]
    for aside in WORDS_ASIDE.finditer(meaning):
        before = meaning[:aside.start()]
        if head(before).strip() != before.strip():
            break  # past the head: an aside of the explanation
        after = named(meaning[aside.end():])  # the rest of the head
        if not _WORD_AFTER.search(_without_notation(after)):
            names += [(before, before + after), (aside.group(1), aside.group(1))]
    return names


def _kinds() -> frozenset[str]:
    words = vocabulary()
    return words.generic | words.kinds


def _specific(core: frozenset[str]) -> bool:
    """Whether a name says enough to be a concept: a term of the vocabulary or an
    English word; Han character pairs only two at a time (a single pair such as 参数 of
    超参数 is part of too many words)."""
    pairs = sum(1 for idea in core if idea.startswith("pair:"))
    weak = all(idea.startswith(("pair:", "weak:")) for idea in core)
    return bool(core) and (not weak or pairs >= 2)


def concept_for(definitions: list[str], kb: KnowledgeBase, exclude: str = ""
                ) -> tuple[str, int] | None:
    """(entry id, meaning index) of the one concept the definitions name, or None:
    none, or two different concepts that say as much (no guess between them). `exclude`
    is the symbol's own entry, whose meanings were already found not to agree."""
    index = _index(kb)
    kinds = _kinds()
    best: dict[tuple[str, int], tuple[int, bool, int]] = {}
    for definition in definitions:
        phrase = definition_head(definition)
        said = ideas(phrase) - kinds
        # "a metric space" is a space, "query point" a point: a concept its modifiers
        # alone name (a distance, a query) is not what the phrase names
        before_head = ideas(_without_head(phrase))
        written = _literal(phrase)
        head_word = written - _literal(_without_head(phrase))
        found = {id(concept): concept for idea in said for concept in index.get(idea, ())}
        # a meaning whose name, in either language, a modifier of the phrase says is out,
        # unless its name writes the phrase's head word too: "the hidden state" is a
        # "Hidden state" although "hidden" alone names the same idea
        modifiers = {(c.entry, c.meaning) for c in found.values() if c.head <= before_head
                     and not _names_head_word(entry_of(kb, c.entry).meanings[c.meaning],
                                              head_word)}
        for concept in found.values():
            if concept.entry == exclude or not concept.core <= said \
                    or (concept.entry, concept.meaning) in modifiers:
                continue
            meaning = entry_of(kb, concept.entry).meanings[concept.meaning]
            text = meaning.text
            if max(agreement(definition, text.get(lang)) for lang in ("en", "zh")) < STRONG \
                    or not _written_in(_name_head(concept.name), written):
                continue
            key = (concept.entry, concept.meaning)
            # the most specific name first; among equals, a meaning that holds without
            # conditions ("Standard deviation σ", not "σ_φ of a model"), then the
            # knowledge base's order
            rank = (len(concept.core), not meaning.when, -concept.order)
            best[key] = max(best.get(key, rank), rank)
    if not best:
        return None
    top = max(rank[0] for rank in best.values())
    chosen = sorted((key for key, rank in best.items() if rank[0] == top),
                    key=lambda key: best[key], reverse=True)
    names = {_name(kb, key) for key in chosen}
    if len(names) > 1:
        return None  # "the state-action pair": a state or an action, no one concept
    return chosen[0]


_ENGLISH_WORD = re.compile(r"[a-z]{3,}")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_NOT_WORDS = frozenset({"the", "and", "for", "with", "its", "their"})


def _literal(text: str) -> frozenset[str]:
    """The words a text writes, synonyms aside: English stems (accents dropped: a
    "Poincare ball" writes "Poincaré"), Chinese character pairs."""
    lowered = _MATH.sub(" ", without_accents(text.lower()))
    words = {stem(singular(word)) for word in _ENGLISH_WORD.findall(lowered)
             if word not in _NOT_WORDS}
    for run in _HAN_RUN.findall(lowered):
        words.update(run[index:index + 2] for index in range(len(run) - 1)
                     if not set(run[index:index + 2]) & set("的了是为在和与及或"))
    return frozenset(words)


def _written_in(name: str, written: frozenset[str]) -> bool:
    words = _literal(name)
    return bool(words) and words <= written


def _name_head(meaning: str) -> str:
    """What a concept's name says it is, as written: its head, before "of" ("Support of
    a distribution" is a support), after the last 的 ("分布的支撑集" is a 支撑集). The
    definition must write all of it: "the angular velocity" is no "Velocity field" (the
    vocabulary makes velocity a synonym), "the internal activation" no "Activation
    function", "small time" no "Time variable"."""
    name = head(meaning).partition(" of ")[0]
    return name.rpartition("的")[2]


_MATH = re.compile(r"\$[^$]*\$")
_LAST_WORD = re.compile(r"\s*[A-Za-z][\w-]*[^\w]*$")


def _without_head(phrase: str) -> str:
    """A noun phrase without its head: the last word ("a metric space" -> "a metric"),
    the last before "of" ("the dispersion of the noise" -> "the of the noise"), in
    Chinese the last two characters ("query的长度" -> "query的")."""
    text = _MATH.sub(" ", phrase).rstrip(" .,;:)）")
    if text and "\u4e00" <= text[-1] <= "\u9fff":
        return text[:-2]
    before, of, after = text.partition(" of ")
    words = before.split()
    trailing: list[str] = []
    while len(words) > 1 and words[-1].endswith("ed"):
        trailing.insert(0, words.pop())  # "the random variable supported": a variable
    found = _LAST_WORD.search(" ".join(words))
    kept = " ".join(words)[:found.start()] if found else ""
    return " ".join([kept, *trailing]) + of + after


_NOTATION = re.compile(r"\S*[_^(){}‖|=∈→]\S*")
"""A word of a name written in math: the D_KL of "KL divergence D_KL(p ‖ q)"."""


def _without_notation(name: str) -> str:
    """A name without the notation it writes: "KL divergence D_KL(p ‖ q)" names the KL
    divergence, and the "kl" of its D_KL is no word a definition must write again."""
    return _NOTATION.sub(" ", name)


def _names_head_word(meaning: Meaning, head_word: frozenset[str]) -> bool:
    """Whether one of a meaning's names, in either language, writes the phrase's head
    word: "a proposal density" is a "Proposal distribution (proposal density)"."""
    return any(_literal(_name_head(name)) & head_word
               for lang in ("en", "zh") for name, _ in _names(meaning.text.get(lang)))


def _name(kb: KnowledgeBase, key: tuple[str, int]) -> frozenset[str]:
    """What a concept's name's head says in English, kinds aside: two meanings saying the
    same are one ("Step size γ of an iterative update" and "Step size h"; "Learning rate
    (step size) hyperparameter" and "Learning rate")."""
    entry_id, meaning = key
    return ideas(_name_head(entry_of(kb, entry_id).meanings[meaning].text.en)) - _kinds()
