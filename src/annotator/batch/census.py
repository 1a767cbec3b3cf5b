"""The notation census of a batch: which symbols papers use, what they say they mean,
and which the knowledge base does not know yet.

A paper's part (`contribution`) is taken from its glossary JSON object, so a paper done
in an earlier run counts from its DIR/<name>.json as well as a fresh one. Parts are
combined by `merge`, which is associative and commutative (counts add, example lists
are the smallest names, definition variants are keyed by their normalized text): a
process pool merges them in any order and a Dask cluster in a tree, with the same
census. `finish` turns the merged data into the report: per symbol key, how many papers
use it, the knowledge entry matched, the papers' own definitions clustered (`the
learning rate` and `step size (learning rate)` share the words that matter), ranked by
paper count; the symbols no entry matches are listed apart, the evidence to grow the
knowledge base from.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

EXAMPLES = 5
"""Papers named per symbol (the first by name): enough to go and read them."""
MAX_VARIANTS = 64
"""Distinct definition texts kept per symbol (the most frequent): at arXiv scale `x` is
defined a million ways and the census must stay small."""
DEFINITIONS_PER_PAPER = 2
"""A paper's shown definitions of one symbol that count (its first meanings)."""

Part = dict[str, Any]
"""{"papers": n, "names": [...], "symbols": {key: {...}}}: JSON data all the way, so a
part travels between processes and machines as it is."""


def empty() -> Part:
    return {"papers": 0, "names": [], "symbols": {}}


def contribution(data: dict[str, Any], name: str = "") -> Part:
    """One paper's part, from its glossary JSON object (render/json.py)."""
    symbols: dict[str, Any] = {}
    for symbol in data["symbols"]:
        knowledge = symbol.get("knowledge")
        meaning = (knowledge.get("meaning") or knowledge.get("name") or {}) if knowledge else {}
        texts = [d["text"] for d in symbol["definitions"] if d["shown"]][:DEFINITIONS_PER_PAPER]
        variants = {}
        for text in texts:
            norm = normalize(text)
            if norm:
                variants.setdefault(norm, {"text": text, "papers": 1})
        symbols[symbol["key"]] = {
            "papers": 1,
            "examples": [name] if name else [],
            "occurrences": symbol["occurrences"],
            "latex": {symbol["latex"]: 1},
            "unicode": symbol.get("unicode") or symbol["latex"],
            "kind": symbol["kind"],
            "role": {symbol["role"]: 1} if symbol["role"] else {},
            "knowledge": {knowledge["id"]: 1} if knowledge else {},
            # how it matched (exact, alias, pattern, base, convention): only by a
            # typographic convention ('a bold lower-case letter') is not yet knowing it
            "matches": {knowledge["match"]: 1} if knowledge else {},
            "meanings": {knowledge["id"]: {meaning.get("en", ""): 1}} if knowledge else {},
            "definitions": variants,
        }
    return {"papers": 1, "names": [name] if name else [], "symbols": symbols}


def merge(parts: list[Part]) -> Part:
    """The parts combined (see the module: any order, any grouping, the same result)."""
    total = empty()
    for part in parts:
        add(total, part)
    return total


def add(total: Part, part: Part) -> None:
    """Fold `part` into `total` (changed in place; `part` is left as it is)."""
    total["papers"] += part["papers"]
    total["names"].extend(part["names"])  # sorted once, by finish
    symbols = total["symbols"]
    for key, value in part["symbols"].items():
        symbols[key] = _merge_symbol(symbols[key], value) if key in symbols \
            else _copy(value)


def _copy(value: dict[str, Any]) -> dict[str, Any]:
    return {**value, "examples": list(value["examples"]), "latex": dict(value["latex"]),
            "role": dict(value["role"]), "knowledge": dict(value["knowledge"]),
            "matches": dict(value["matches"]),
            "meanings": {k: dict(v) for k, v in value["meanings"].items()},
            "definitions": {k: dict(v) for k, v in value["definitions"].items()}}


def _merge_symbol(into: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    into["papers"] += other["papers"]
    into["occurrences"] += other["occurrences"]
    into["examples"] = sorted({*into["examples"], *other["examples"]})[:EXAMPLES]
    into["unicode"] = min(into["unicode"], other["unicode"])
    into["kind"] = min(into["kind"], other["kind"])
    for table in ("latex", "role", "knowledge", "matches"):
        _add_counts(into[table], other[table])
    for entry, meanings in other["meanings"].items():
        _add_counts(into["meanings"].setdefault(entry, {}), meanings)
    variants = into["definitions"]
    for norm, variant in other["definitions"].items():
        if norm in variants:
            variants[norm]["papers"] += variant["papers"]
            variants[norm]["text"] = min(variants[norm]["text"], variant["text"])
        else:
            variants[norm] = dict(variant)
    if len(variants) > MAX_VARIANTS:
        kept = sorted(variants.items(), key=lambda item: (-item[1]["papers"], item[0]))
        into["definitions"] = dict(kept[:MAX_VARIANTS])
    return into


def _add_counts(into: dict[str, int], other: dict[str, int]) -> None:
    for key, count in other.items():
        into[key] = into.get(key, 0) + count


# ------------------------------------------------------------------ definitions

_MATH = re.compile(r"\$[^$]*\$|\\\(.*?\\\)")
_COMMAND = re.compile(r"\\[a-zA-Z]+\*?")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_FILLER = frozenset(("a", "an", "the", "of", "is", "are", "be", "by", "to", "for", "in", "on",
    "at", "as", "and", "or", "we", "our", "which", "that", "this", "its", "their", "denote",
    "denotes", "denoted", "represent", "represents", "representing", "called", "given", "let",
    "where", "with", "used", "use"))


def normalize(text: str) -> str:
    """The words of a definition that say what it means, in order: `$\\eta$ is the
    learning rate` and `the learning-rate` both give `learning rate`."""
    text = _COMMAND.sub(" ", _MATH.sub(" ", text)).lower()
    words = [_singular(w) for w in _WORD.findall(text) if w not in _FILLER]
    return " ".join(words)


def _singular(word: str) -> str:
    """'weights' -> 'weight' ('loss', 'bias' stay): plurals are not other meanings."""
    return word[:-1] if len(word) > 3 and word.endswith("s") \
        and not word.endswith(("ss", "us", "is")) else word


def clusters(variants: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Definition variants grouped when their word sets overlap by half or more
    (Jaccard): `learning rate` and `step size learning rate` are one meaning, `number of
    layers` another. Largest first; each shows its most common text."""
    ordered = sorted(variants.items(), key=lambda item: (-item[1]["papers"], item[0]))
    groups: list[dict[str, Any]] = []
    for norm, variant in ordered:
        words = set(norm.split())
        for group in groups:
            if _jaccard(words, group["words"]) >= 0.5:
                group["papers"] += variant["papers"]
                group["variants"].append(variant["text"])
                break
        else:
            groups.append({"text": variant["text"], "papers": variant["papers"],
                           "variants": [variant["text"]], "words": words})
    for group in groups:
        del group["words"]
    groups.sort(key=lambda group: (-group["papers"], group["text"]))
    return groups


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


# ----------------------------------------------------------------------- report

def finish(total: Part) -> dict[str, Any]:
    """The census as written to census.json: symbols ranked by paper count (then key),
    and the unknown ones (no knowledge entry matched in any paper) ranked the same way."""
    rows = []
    for key, value in total["symbols"].items():
        known = Counter(value["knowledge"]).most_common()
        entry = min(known, key=lambda item: (-item[1], item[0]))[0] if known else None
        rows.append({
            "key": key,
            "latex": _most_common(value["latex"]),
            "unicode": value["unicode"],
            "kind": value["kind"],
            "role": _most_common(value["role"]) if value["role"] else "",
            "papers": value["papers"],
            "share": round(value["papers"] / total["papers"], 4) if total["papers"] else 0.0,
            "occurrences": value["occurrences"],
            "examples": value["examples"],
            "knowledge": entry,
            # the meaning the papers' contexts chose most often for this entry
            "knowledge_meaning": _most_common(value["meanings"][entry])
            if entry and value["meanings"].get(entry) else "",
            "knowledge_entries": dict(sorted(value["knowledge"].items())),
            "matches": dict(sorted(value["matches"].items())),
            "definitions": clusters(value["definitions"]),
        })
    rows.sort(key=lambda row: (-row["papers"], row["key"]))
    unknown = [row["key"] for row in rows if row["knowledge"] is None]
    by_convention = [row["key"] for row in rows
                     if row["matches"] and set(row["matches"]) == {"convention"}]
    return {"census_version": 1, "papers": total["papers"],
            "paper_names": sorted(total["names"]),
            "symbols": rows, "unknown": unknown, "convention_only": by_convention}


def _most_common(counts: dict[str, int]) -> str:
    return min(counts.items(), key=lambda item: (-item[1], item[0]))[0]


CSV_COLUMNS = ("key", "latex", "unicode", "kind", "role", "papers", "share", "occurrences",
               "knowledge", "match", "knowledge_meaning", "definition", "definition_papers",
               "definition_clusters", "examples")


def csv_rows(report: dict[str, Any]) -> list[list[Any]]:
    """One row per symbol for census.csv (and census.parquet): the top definition only."""
    rows = []
    for row in report["symbols"]:
        top = row["definitions"][0] if row["definitions"] else {"text": "", "papers": 0}
        match = _most_common(row["matches"]) if row["matches"] else ""
        rows.append([row["key"], row["latex"], row["unicode"], row["kind"], row["role"],
                     row["papers"], row["share"], row["occurrences"], row["knowledge"] or "",
                     match, row["knowledge_meaning"], top["text"], top["papers"],
                     len(row["definitions"]), " ".join(row["examples"])])
    return rows


def render_csv(report: dict[str, Any]) -> str:
    import csv
    import io

    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_rows(report))
    return stream.getvalue()


TOP = 50
"""Rows in each table of census.md (census.json and .csv have them all)."""


def render_markdown(report: dict[str, Any]) -> str:
    """census.md: the most used symbols, then the unknown ones with what papers say."""
    papers = report["papers"]
    symbols = report["symbols"]
    unknown = [row for row in symbols if row["knowledge"] is None]
    lines = [f"# Notation census of {papers} papers", "",
             f"{len(symbols)} symbol keys; {len(unknown)} of them match no knowledge entry "
             f"in any paper, {len(report['convention_only'])} only a typographic "
             "convention. Full data: census.json, census.csv.", "",
             f"## Most used symbols (top {min(TOP, len(symbols))})", "",
             "| symbol | key | papers | knowledge entry | meaning | papers' own definitions |",
             "|---|---|---:|---|---|---|"]
    lines += [_row(row, papers) for row in symbols[:TOP]]
    lines += ["", f"## Not in the knowledge base yet (top {min(TOP, len(unknown))}, by papers)",
              "", "Candidates for new entries: the papers' definitions are the evidence.", "",
              "| symbol | key | papers | kind | papers' own definitions | examples |",
              "|---|---|---:|---|---|---|"]
    for row in unknown[:TOP]:
        lines.append(_candidate(row))
    weak = [row for row in symbols if row["key"] in set(report["convention_only"])]
    lines += ["", f"## Known only by a typographic convention (top {min(TOP, len(weak))})", "",
              "An entry says what the typeface means (a bold letter is a vector), not what "
              "the symbol is.", "",
              "| symbol | key | papers | kind | papers' own definitions | examples |",
              "|---|---|---:|---|---|---|"]
    lines += [_candidate(row) for row in weak[:TOP]]
    return "\n".join(lines) + "\n"


def _candidate(row: dict[str, Any]) -> str:
    return (f"| {_cell(row['unicode'])} | `{_code(row['key'])}` | {row['papers']} | "
            f"{row['kind']} | {_cell(_definitions(row))} | "
            f"{_cell(', '.join(row['examples']))} |")


def _row(row: dict[str, Any], papers: int) -> str:
    entry = f"`{row['knowledge']}`" if row["knowledge"] else "—"
    return (f"| {_cell(row['unicode'])} | `{_code(row['key'])}` | {row['papers']}/{papers} | "
            f"{entry} | {_cell(row['knowledge_meaning'])} | {_cell(_definitions(row))} |")


def _definitions(row: dict[str, Any]) -> str:
    shown = [f"{group['text']} ({group['papers']})" for group in row["definitions"][:3]]
    return "; ".join(shown) or "—"


def _cell(text: str) -> str:
    """Markdown table cell text: one line, no pipe breaking the table, no raw HTML."""
    text = " ".join(text.split()).replace("|", "\\|").replace("<", "&lt;")
    return text if len(text) <= 120 else text[:117] + "..."


def _code(text: str) -> str:
    return text.replace("`", "'").replace("|", "\\|")
