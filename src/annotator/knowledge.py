"""The notation knowledge base: bilingual entries loaded from TOML, validated, indexed.

The shipped files are `knowledge/*.toml` (installed as `annotator.knowledge_files`);
users add or override entries with `--kb FILE.toml`. The format is documented in
docs/knowledge-format.md. Every form is indexed by the key the tokenizer gives it, so
`\\mathbf{x}`, `\\bm{x}` and `\\boldsymbol{x}` in the data all find the paper's `\\vx`.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import __version__
from . import knowledge_store as store
from .errors import InputError
from .formulas import formula_symbols
from .latexify import to_latex
from .mathparse import Node
from .model import Entry, Meaning, Pattern, Text, Topic
from .packaged import data_folder

KINDS = frozenset({"symbol", "operator", "function", "relation", "convention", "area"})
ROLES = frozenset({"scalar", "vector", "matrix", "tensor", "set", "function", "operator",
                   "distribution", "constant", "index", "parameter", "relation"})
AREAS = ("linear-algebra", "probability", "statistics", "calculus", "optimization",
         "information-theory", "numerical-computing", "discrete-math", "machine-learning",
         "general")
CONVENTIONS = frozenset({
    "bold-lower", "bold-upper", "bold-greek", "cal-upper", "bb-upper", "frak", "scr",
    "sf-upper", "hat", "tilde", "bar", "dot", "vec", "star", "prime", "sample-index",
    "time-index", "component-index", "transpose", "inverse", "pseudo-inverse", "power",
    "greek-lower", "latin-lower", "latin-upper"})
CONDITIONS = frozenset({"applied", "squared", "subscripted", "labelled", "conditional",
                        "coefficient", "pair-indexed", "raised", "drawn", "counted",
                        "parameter", "time-indexed"})
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TOPIC_FILE = "topics.toml"
VOCABULARY_FILE = "vocabulary.toml"
"""Not entries: the words agreement.py compares definitions with meanings by."""
TERMS_FILE = "terms.toml"
"""Not entries: the terms of ML prose concepts.py explains when a paper's definition
names one (no symbol is matched to a term)."""
GUIDE_FILE = "guide.toml"
"""Not entries: the reading guide's areas, resources and meaning areas (guide.py)."""
"""The shipped file whose `[[topic]]` tables define the topics `topic:` conditions name."""
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
FALLBACK_WORDING = re.compile(r"\bthat the paper (?:defines|introduces)\b|"
                              r"\bwhose role the paper sets\b")
"""How an entry's last, unconditioned meaning is worded: the letter as the paper's own
quantity ("A scalar that the paper introduces"), not a usual meaning of it."""
_PLACEHOLDER = re.compile(r"\?([a-z][a-z0-9]*)")
_FILLER = re.compile(r"\{([a-z][a-z0-9]*)\}")


@dataclass
class KnowledgeBase:
    """Entries with their indexes: normalized form key -> entry id."""

    entries: dict[str, Entry] = field(default_factory=dict)
    forms: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    conventions: dict[str, str] = field(default_factory=dict)
    patterns: list[tuple[Pattern, str]] = field(default_factory=list)
    topics: dict[str, Topic] = field(default_factory=dict)
    """The fields a meaning's `topic:` condition may name (knowledge/topics.toml)."""

    def entry(self, entry_id: str) -> Entry | None:
        return self.entries.get(entry_id)

    def families(self) -> list[str]:
        return sorted({e.family for e in self.entries.values()})

    def search(self, word: str) -> list[Entry]:
        """Entries mentioning `word` in either language, best first: id and name, then
        forms and readings, then meanings and the math text."""
        needle = word.strip().lower()
        if not needle:
            return []
        ranked: list[tuple[int, str, Entry]] = []
        for entry in self.entries.values():
            rank = _search_rank(entry, needle)
            if rank is not None:
                ranked.append((rank, entry.id, entry))
        return [entry for _, _, entry in sorted(ranked)]


def _search_rank(entry: Entry, needle: str) -> int | None:
    if needle == entry.id or needle in (entry.name.en.lower(), entry.name.zh):
        return 0
    if needle in entry.id or needle in entry.name.en.lower() or needle in entry.name.zh:
        return 1
    if any(needle == f.lower() or needle == f.lower().lstrip("\\") for f in
           entry.forms + entry.aliases):
        return 1
    if needle in entry.reading.en.lower() or needle in entry.reading.zh:
        return 2
    texts = [entry.math.en, entry.math.zh] + [t for m in entry.meanings
                                               for t in (m.text.en, m.text.zh)]
    if any(needle in text.lower() for text in texts):
        return 3
    return None


class KnowledgeError(InputError):
    """A knowledge file that cannot be used: the message names the file and the entry."""


class _ShippedTopicWords(Mapping[str, tuple[str, ...]]):
    """topic id -> its words, from the shipped topics.toml. Read on first use (from the
    knowledge base's cache), so importing this module reads no file: `annotator --help`
    and a command-line choice list stay cheap."""

    def __getitem__(self, topic: str) -> tuple[str, ...]:
        return shipped_topics()[topic].words

    def __iter__(self) -> Iterator[str]:
        return iter(shipped_topics())

    def __len__(self) -> int:
        return len(shipped_topics())


TOPIC_WORDS: Mapping[str, tuple[str, ...]] = _ShippedTopicWords()
"""What a paper's prose says when it is about a topic (lowercase, matched as words)."""


def shipped_topics() -> dict[str, Topic]:
    """The topics of the shipped knowledge base, in the order topics.toml lists them."""
    return _shipped().topics


# ------------------------------------------------------------------------ loading

def shipped_files() -> list[tuple[str, str]]:
    """(name, text) of every shipped knowledge file."""
    return [(item.name, item.read_text(encoding="utf-8")) for item in _shipped_items()]


def _shipped_items() -> list[Any]:
    """The shipped knowledge files (importlib Traversables), by name: one list for the
    base and for its store's key, so the two never disagree on what the base is made of."""
    folder = data_folder("annotator.knowledge_files")
    return sorted((item for item in folder.iterdir()
                   if item.name.endswith(".toml")
                   and item.name not in (VOCABULARY_FILE, GUIDE_FILE, TERMS_FILE)),
                  key=lambda item: item.name)


def load(extra: list[str] | tuple[str, ...] = ()) -> KnowledgeBase:
    """The shipped knowledge base plus the user's files (later entries override earlier
    ones with the same id). Raises KnowledgeError on any problem."""
    base = _shipped()
    if not extra:
        return base
    entries = dict(base.entries)
    errors: list[str] = []
    for path in extra:
        for entry in _read_user_file(path, errors):
            entries[entry.id] = entry
    if errors:
        raise KnowledgeError("invalid knowledge file:\n  " + "\n  ".join(errors))
    return build(entries, user_files=tuple(extra), topics=base.topics)


_STORED = (KnowledgeBase, Entry, Meaning, Pattern, Text, Topic)
"""What the precompiled store holds (knowledge_store.py can make nothing else)."""


@lru_cache(maxsize=1)
def _shipped() -> KnowledgeBase:
    """The shipped knowledge base, from its precompiled store when the files are unchanged.

    Building it parses about 350 KB of TOML and normalizes every form through the
    tokenizer (0.2 s); the store (knowledge_store.py: JSON with a checksum, never a
    pickle) makes that once per version of the data. The store is a convenience: when
    it is missing, damaged, stale or not private it is rebuilt, or simply skipped."""
    raw_files = _shipped_bytes()
    key = _store_key(raw_files)
    path = store.cache_folder() / f"knowledge-{key[:24]}.store"
    try:
        return _from_store(store.loads(store.read_file(path), key, _STORED))
    except store.StoreError:
        pass
    base = _build_shipped([(name, data.decode("utf-8")) for name, data in raw_files])
    # A field the store cannot hold (StoreError): the base is simply built each time.
    with contextlib.suppress(store.StoreError):
        store.write_file(path, store.dumps(_to_store(base), key, _STORED))
    return base


def shipped_key() -> str:
    """What the shipped knowledge base is made of (its store's key): a batch records it,
    so an edited knowledge file makes earlier glossaries stale."""
    return _store_key(_shipped_bytes())


def _shipped_bytes() -> list[tuple[str, bytes]]:
    """(name, bytes) of every shipped knowledge file: the store's key hashes the bytes
    (decoding and re-encoding 350 KB to hash it cost more than loading the store)."""
    return [(item.name, item.read_bytes()) for item in _shipped_items()]


def _store_key(files: list[tuple[str, bytes]]) -> str:
    """What the store was made from: the version, the store's schema, every file."""
    digest = hashlib.sha256(f"{__version__}\0{store.schema(_STORED)}\0".encode())
    for name, data in files:
        digest.update(name.encode() + b"\0" + data + b"\0")
    return digest.hexdigest()


def _to_store(base: KnowledgeBase) -> Any:
    """The base as store data: every field of KnowledgeBase, whatever they are (a field
    of a type the store cannot hold raises StoreError: the base is then built each run)."""
    return store.encode(base, _STORED)


def _from_store(data: Any) -> KnowledgeBase:
    """The base from store data, its references checked (StoreError when one is off)."""
    decode = store.decoder(KnowledgeBase, _STORED)
    if decode is None:
        raise store.StoreError("no decoder for the knowledge base")
    try:
        base = decode(data)
    except (KeyError, IndexError, TypeError, ValueError):
        raise store.StoreError("damaged payload") from None
    ids = base.entries.keys()
    if any(entry_id != entry.id for entry_id, entry in base.entries.items()) \
            or any(value not in ids for table in (base.forms, base.aliases, base.conventions)
                   for value in table.values()) \
            or any(entry_id not in ids for _pattern, entry_id in base.patterns) \
            or any(topic_id != topic.id for topic_id, topic in base.topics.items()):
        raise store.StoreError("damaged index")
    return base


def _build_shipped(files: list[tuple[str, str]]) -> KnowledgeBase:
    entries: dict[str, Entry] = {}
    topics: dict[str, Topic] = {}
    errors: list[str] = []
    for name, text in files:
        found, file_topics = parse_document(name, text, errors, shipped=True)
        for entry in found:
            if entry.id in entries:
                errors.append(f"{name}: entry {entry.id!r}: id already used in "
                              f"{entries[entry.id].source}")
            entries[entry.id] = entry
        topics.update((topic.id, topic) for topic in file_topics)
    if errors:
        raise KnowledgeError("the shipped knowledge base is invalid:\n  " + "\n  ".join(errors))
    return build(entries, topics=topics)


def _read_user_file(path: str, errors: list[str]) -> list[Entry]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        errors.append(f"{path}: no such file")
        return []
    except (OSError, UnicodeDecodeError) as exc:
        errors.append(f"{path}: cannot read ({exc})")
        return []
    return parse_file(path, text, errors)


def parse_file(name: str, text: str, errors: list[str]) -> list[Entry]:
    """The entries of one TOML file; problems are appended to `errors`."""
    return parse_document(name, text, errors)[0]


def parse_document(name: str, text: str, errors: list[str], *, shipped: bool = False
                   ) -> tuple[list[Entry], list[Topic]]:
    """The entries and topics of one TOML file; problems are appended to `errors`.
    Topics (`[[topic]]`) are read only from the shipped topics.toml: matching detects the
    shipped topics, so a topic elsewhere could never hold."""
    import tomllib  # only when the cache is cold or the user passes --kb

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        errors.append(f"{name}: not valid TOML ({exc})")
        return [], []
    topics: list[Topic] = []
    if "topic" in data:
        if not shipped or name != TOPIC_FILE:
            errors.append(f"{name}: [[topic]] tables belong in the shipped {TOPIC_FILE}; "
                          "a meaning can name its topics with when = [\"topic:ID\"]")
        else:
            topics = _parse_topics(name, data["topic"], errors)
    unknown = sorted(set(data) - {"entry", "topic"})
    errors += [f"{name}: unknown table {key!r} (a file holds [[entry]] and, in "
               f"{TOPIC_FILE}, [[topic]])" for key in unknown]
    return _parse_entries(name, data, errors), topics


def _parse_entries(name: str, data: dict[str, Any], errors: list[str]) -> list[Entry]:
    family = Path(name).stem
    raw_entries = data.get("entry", [])
    if not isinstance(raw_entries, list):
        errors.append(f"{name}: 'entry' must be an array of tables ([[entry]])")
        return []
    found: list[Entry] = []
    seen: set[str] = set()
    for position, raw in enumerate(raw_entries, 1):
        entry = _parse_entry(raw, name, family, position, errors)
        if entry is None:
            continue
        if entry.id in seen:
            errors.append(f"{name}: entry {entry.id!r}: id used twice in this file")
        seen.add(entry.id)
        found.append(entry)
    return found


def _parse_topics(name: str, raw_topics: Any, errors: list[str]) -> list[Topic]:
    """`[[topic]]` tables: id, name (en, zh), words (en and zh lists), optional symbols
    and formulas (template ids)."""
    if not isinstance(raw_topics, list):
        errors.append(f"{name}: 'topic' must be an array of tables ([[topic]])")
        return []
    topics: list[Topic] = []
    for position, raw in enumerate(raw_topics, 1):
        topic_id = raw.get("id") if isinstance(raw, dict) else None
        label = f"{name}: topic {topic_id!r}" if isinstance(topic_id, str) else \
            f"{name}: topic #{position}"
        if not isinstance(raw, dict) or not isinstance(topic_id, str) \
                or not _ID.match(topic_id):
            errors.append(f"{label}: 'id' must be lowercase words joined by '-'")
            continue
        problems: list[str] = []
        title = _text(raw.get("name"), "name", problems)
        words = raw.get("words")
        lists = [words.get(lang) if isinstance(words, dict) else None for lang in ("en", "zh")]
        if not all(isinstance(v, list) and v and all(isinstance(w, str) and w.strip() == w
                                                     and w and w == w.lower() for w in v)
                   for v in lists):
            problems.append("'words' needs non-empty en and zh lists of lowercase words")
            lists = [[], []]
        if lists[1] and not all(_CJK.search(word) for word in lists[1]):
            problems.append("'words.zh' holds only Chinese words")
        symbols = _strings(raw.get("symbols", []), "symbols", problems)
        keys = tuple(form_key(symbol) for symbol in symbols)
        problems += [f"symbol {symbol!r} is not one symbol" for symbol, key in
                     zip(symbols, keys, strict=True) if key is None]
        formulas = _strings(raw.get("formulas", []), "formulas", problems)
        problems += [f"formula template id {formula!r} is not lowercase words joined by '-'"
                     for formula in formulas if not _ID.match(formula)]
        problems += [f"unknown field {key!r}" for key in
                     sorted(set(raw) - {"id", "name", "words", "symbols", "formulas"})]
        if any(topic.id == topic_id for topic in topics):
            problems.append("id used twice in this file")
        if problems:
            errors.extend(f"{label}: {problem}" for problem in problems)
            continue
        topics.append(Topic(topic_id, title, tuple(lists[0]) + tuple(lists[1]),
                            tuple(k for k in keys if k), tuple(formulas), name))
    return topics


def _parse_entry(raw: Any, name: str, family: str, position: int, errors: list[str]
                 ) -> Entry | None:
    label = f"{name}: entry #{position}"
    if not isinstance(raw, dict):
        errors.append(f"{label}: not a table")
        return None
    entry_id = raw.get("id")
    if not isinstance(entry_id, str) or not _ID.match(entry_id):
        errors.append(f"{label}: 'id' must be lowercase words joined by '-' "
                      f"(got {entry_id!r})")
        return None
    label = f"{name}: entry {entry_id!r}"
    problems: list[str] = []
    kind = raw.get("kind", "symbol")
    if kind not in KINDS:
        problems.append(f"'kind' must be one of {', '.join(sorted(KINDS))} (got {kind!r})")
    texts = {key: _text(raw.get(key), key, problems) for key in ("name", "reading", "math")}
    problems += [f"reading: {{{used}}} is not a filler readings know (only {{x}}, the letter)"
                 for language in ("en", "zh")
                 for used in _FILLER.findall(getattr(texts["reading"], language)) if used != "x"]
    area = raw.get("area", "")
    if area not in AREAS:
        problems.append(f"'area' must be one of {', '.join(AREAS)} (got {area!r})")
    role = raw.get("role", "")
    if role and role not in ROLES:
        problems.append(f"'role' must be one of {', '.join(sorted(ROLES))} (got {role!r})")
    meanings = tuple(_meaning(m, i, problems) for i, m in enumerate(raw.get("meanings", []), 1))
    if not meanings:
        problems.append("at least one [[entry.meanings]] is needed")
    forms = _strings(raw.get("forms", []), "forms", problems)
    aliases = _strings(raw.get("aliases", []), "aliases", problems)
    convention = raw.get("convention", "")
    if kind == "convention" and convention not in CONVENTIONS:
        problems.append(f"'convention' must be one of {', '.join(sorted(CONVENTIONS))} "
                        f"(got {convention!r})")
    if kind not in ("convention", "area") and not forms and not raw.get("patterns"):
        problems.append("an entry of this kind needs 'forms' or 'patterns'")
    patterns = tuple(_pattern(p, i, problems) for i, p in enumerate(raw.get("patterns", []), 1))
    see_also = _strings(raw.get("see_also", []), "see_also", problems)
    code = raw.get("code", "")
    if not isinstance(code, str):
        problems.append("'code' must be a string")
    known = {"id", "kind", "forms", "aliases", "patterns", "role", "area", "name", "reading",
             "math", "code", "see_also", "meanings", "convention"}
    problems += [f"unknown field {key!r}" for key in sorted(set(raw) - known)]
    if problems:
        errors.extend(f"{label}: {problem}" for problem in problems)
        return None
    return Entry(id=entry_id, kind=kind, family=family, name=texts["name"],
                 reading=texts["reading"], math=texts["math"], area=area, meanings=meanings,
                 forms=forms, aliases=aliases, patterns=patterns, role=role, code=code,
                 see_also=see_also, convention=convention, source=name)


def _text(value: Any, key: str, problems: list[str]) -> Text:
    if not isinstance(value, dict) or not all(isinstance(value.get(lang), str)
                                              and value.get(lang, "").strip()
                                              for lang in ("en", "zh")):
        problems.append(f"'{key}' needs non-empty en and zh texts")
        return Text("", "")
    return Text(value["en"].strip(), value["zh"].strip())


def _strings(value: Any, key: str, problems: list[str]) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(f"'{key}' must be a list of non-empty strings")
        return ()
    return tuple(v.strip() for v in value)


def _meaning(value: Any, index: int, problems: list[str]) -> Meaning:
    if not isinstance(value, dict):
        problems.append(f"meaning #{index} is not a table")
        return Meaning(Text("", ""))
    text = _text(value, f"meaning #{index}", problems)
    when = _strings(value.get("when", []), f"meaning #{index} 'when'", problems)
    unless = _strings(value.get("unless", []), f"meaning #{index} 'unless'", problems)
    for condition in when + unless:
        problem = condition_problem(condition)
        if problem:
            problems.append(f"meaning #{index}: {problem}")
    code = value.get("code", "")
    problems += [f"meaning #{index}: unknown field {key!r}"
                 for key in sorted(set(value) - {"en", "zh", "when", "unless", "code"})]
    return Meaning(text, when, code if isinstance(code, str) else "", unless)


ALL_OF = " & "
"""Joins conditions that must all hold: `topic:optimal-transport & with:C` (ε is the
entropic regularisation where an OT section writes the cost C, not any ε there)."""


def condition_parts(condition: str) -> list[str]:
    """The conditions a `when` item joins with ` & ` (one, mostly)."""
    return [part.strip() for part in condition.split(ALL_OF)]


def condition_problem(condition: str) -> str | None:
    """Why a `when` condition is not understood, or None."""
    if ALL_OF in condition:
        problems = [p for part in condition_parts(condition) if (p := condition_problem(part))]
        return problems[0] if problems else None
    if condition in CONDITIONS:
        return None
    if condition.startswith("topic:"):
        # which topics exist is known once every file is read: build() checks the name
        return None if _ID.match(condition[6:]) else f"bad topic name {condition[6:]!r}"
    if condition.startswith(("with:", "before:")):
        latex = condition.split(":", 1)[1]
        return None if form_key(latex) else \
            f"'{condition.split(':')[0]}:' needs one symbol in LaTeX (got {latex!r})"
    if condition.startswith("argument:"):
        return None if condition[9:].strip() else "'argument:' needs the LaTeX to look for"
    if condition.startswith("says:"):
        phrases = condition[5:].split("|")
        return None if all(len(p.strip()) >= 2 for p in phrases) else \
            ("'says:' needs phrases of two characters or more, separated by | "
             f"(got {condition[5:]!r})")
    return (f"unknown condition {condition!r} (known: {', '.join(sorted(CONDITIONS))}, "
            "topic:NAME, with:LATEX, before:LATEX, says:PHRASE|PHRASE, argument:LATEX; "
            "join with ' & ' for all of them)")


def _pattern(value: Any, index: int, problems: list[str]) -> Pattern:
    if not isinstance(value, dict) or not isinstance(value.get("latex"), str):
        problems.append(f"pattern #{index} needs 'latex'")
        return Pattern("", Text("", ""))
    text = _text(value, f"pattern #{index}", problems)
    placeholders = tuple(dict.fromkeys(_PLACEHOLDER.findall(value["latex"])))
    problems += [f"pattern #{index}: unknown field {key!r}"
                 for key in sorted(set(value) - {"latex", "en", "zh"})]
    for language in ("en", "zh"):
        for used in _FILLER.findall(getattr(text, language)):
            if used not in placeholders:
                problems.append(f"pattern #{index}: {{{used}}} in its {language} text is not a "
                                f"placeholder of {value['latex']!r}")
    return Pattern(value["latex"], text, placeholders)


# ------------------------------------------------------------------------ indexes

@lru_cache(maxsize=4096)
def form_key(latex: str) -> str | None:
    """The key a form normalizes to: the key of its one symbol, or for notation that is
    not a glossary symbol (`\\in`, `\\to`, `\\cdot`) a 'sym:' key of its canonical LaTeX.
    None when the LaTeX holds more than one symbol."""
    nodes, symbols = formula_symbols(latex)
    main = [s for s in symbols if not all(o.in_script for o in s.occurrences)]
    if len(main) == 1:
        return main[0].key
    if not symbols and nodes:
        return notation_key(nodes)
    return None


def _unknown_topics(entries: Iterable[Entry], topics: dict[str, Topic]) -> list[str]:
    known = ", ".join(topics) or "none"
    return [f"{entry.source}: entry {entry.id!r}: meaning #{index}: unknown topic "
            f"{condition[6:]!r} (known: {known})"
            for entry in entries for index, meaning in enumerate(entry.meanings, 1)
            for item in meaning.when + meaning.unless for condition in condition_parts(item)
            if condition.startswith("topic:") and condition[6:] not in topics]


def notation_key(nodes: list[Node]) -> str:
    """The key of notation that holds no symbol: `\\in`, `\\{\\cdot\\}`, `\\sqrt`."""
    return "sym:" + "".join(to_latex(nodes).split())


def build(entries: dict[str, Entry], user_files: tuple[str, ...] = (),
          topics: dict[str, Topic] | None = None) -> KnowledgeBase:
    """Index entries by normalized form; raise KnowledgeError on conflicts and on
    `topic:` conditions that name no topic."""
    base = KnowledgeBase(entries=entries, topics=dict(topics or {}))
    errors: list[str] = []
    errors += _unknown_topics(entries.values(), base.topics)
    claimed: dict[str, tuple[str, str]] = {}
    for entry in entries.values():
        for table, spellings in ((base.forms, entry.forms), (base.aliases, entry.aliases)):
            for spelling in spellings:
                key = form_key(spelling)
                where = f"{entry.source}: entry {entry.id!r}"
                if key is None:
                    errors.append(f"{where}: form {spelling!r} is not one symbol; write it "
                                  "as a pattern with ?placeholders")
                    continue
                if key in claimed and claimed[key][0] != entry.id:
                    other_id, other_form = claimed[key]
                    hint = (f"; to change its meaning, override entry {other_id!r} with "
                            "the same id" if entry.source in user_files else "")
                    errors.append(f"{where}: form {spelling!r} is already claimed by entry "
                                  f"{other_id!r} ({other_form!r}, "
                                  f"{entries[other_id].source}){hint}")
                    continue
                claimed[key] = (entry.id, spelling)
                table[key] = entry.id
        if entry.convention:
            base.conventions[entry.convention] = entry.id
        base.patterns.extend((pattern, entry.id) for pattern in entry.patterns)
        errors += [f"{entry.source}: entry {entry.id!r}: see_also {target!r} is not an entry"
                   for target in entry.see_also if target not in entries]
    if errors:
        raise KnowledgeError("invalid knowledge base:\n  " + "\n  ".join(errors))
    return base
