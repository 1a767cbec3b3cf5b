r"""Validate the hand-written gold notation glossaries in benchmarks/gold/.

Each gold file (``dev/*.toml``, ``heldout/*.toml``) lists the key symbols of one
real paper with the paper's own defining phrase, file and line.  This script
checks that every file loads, has the keys the benchmark needs, and that every
definition phrase really is on the stated line of the stated file, so a program
can find it.  The phrase may be interrupted by LaTeX markup (for example
``the state $s \\in \\mathcal{S}$`` for the phrase "the state"), so a phrase whose
words appear in order on that line, or running into the next line, also passes;
such matches are counted as "loose". When the paper writes the defining words
through a macro (``\gls{latent_variable}`` rendered as 潜变量), ``definition`` holds
the rendered words and ``source_text`` the characters as typed; ``source_text`` is
what must be on the line.

Papers that are not on this machine (the corpus or /work/papers missing) are
checked for shape only and reported as such.

Usage:
    python benchmarks/gold/check_gold.py            # all gold files
    python benchmarks/gold/check_gold.py FILE...    # some of them
    python benchmarks/gold/check_gold.py --self-test  # the phrase matcher's own cases
Exit code 0 when every file passes, 1 otherwise.
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

GOLD_DIR = Path(__file__).resolve().parent
SPLITS = ("dev", "heldout")
PAPER_KEYS = ("paper", "source", "main", "root", "language")
KINDS = {"prose", "equation", "type", "table"}
LANGUAGES = {"en", "zh"}
# A word is a run of Latin letters/digits, or one CJK character (Chinese has no
# spaces, so "解码器参数" is matched character by character, in order).
WORD = re.compile(r"[A-Za-z0-9]+|[\u3400-\u9fff]")
SOURCE = re.compile(r"^(corpus:[\w.-]+|github:[\w.-]+/[\w.-]+@[0-9a-f]{40}:.+)$")


@dataclass
class Report:
    """What one gold file looks like, and what is wrong with it."""

    path: Path
    errors: list[str] = field(default_factory=list)
    symbols: int = 0
    defined: int = 0
    two_meanings: int = 0
    loose: int = 0
    on_disk: bool = True

    @property
    def undefined(self) -> int:
        return self.symbols - self.defined


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def squash(text: str) -> str:
    return " ".join(text.split()).lower()


def phrase_match(phrase: str, lines: list[str], line_no: int) -> str | None:
    """'exact', 'loose' or None: is the phrase at 1-based ``line_no`` (possibly running on)?"""
    if not 1 <= line_no <= len(lines):
        return None
    here = lines[line_no - 1]
    both = here + " " + (lines[line_no] if line_no < len(lines) else "")
    if squash(phrase) in squash(here):
        return "exact"
    wanted = words(phrase)
    if not wanted:
        return None
    # The phrase must start on the stated line: its first word is on that line.
    have = words(both)
    first_line_words = len(words(here))
    for start in range(first_line_words):
        if have[start : start + len(wanted)] == wanted:
            return "loose"
    # Words in order with markup between them: allow a few stray tokens
    # (math inside the phrase, e.g. "matrix $W^Q$ of" -> "matrix W Q of").
    for start in range(first_line_words):
        if have[start] != wanted[0]:
            continue
        i, j, skipped = 1, start + 1, 0
        while i < len(wanted) and j < len(have) and skipped <= 6:
            if have[j] == wanted[i]:
                i += 1
            else:
                skipped += 1
            j += 1
        if i == len(wanted):
            return "loose"
    return None


def read_lines(root: Path, rel: str, cache: dict[Path, list[str]]) -> list[str] | None:
    path = root / rel
    if path not in cache:
        if not path.is_file():
            return None
        cache[path] = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return cache[path]


def check_place(
    report: Report, where: str, entry: dict, root: Path, cache: dict[Path, list[str]]
) -> None:
    """One definition (or one meaning): phrase, file, line."""
    for key in ("definition", "file", "line"):
        if key not in entry:
            report.errors.append(f"{where}: missing '{key}'")
            return
    if not isinstance(entry["line"], int) or entry["line"] < 1:
        report.errors.append(f"{where}: 'line' must be a positive integer")
        return
    if not str(entry["definition"]).strip():
        report.errors.append(f"{where}: empty definition")
        return
    if not report.on_disk:
        return
    lines = read_lines(root, entry["file"], cache)
    if lines is None:
        report.errors.append(f"{where}: no file {entry['file']} under {root}")
        return
    # A definition written through a macro (the Chinese DL book writes its terms as
    # \gls{latent_variable}, shown as 潜变量) gives the rendered words in `definition`
    # and the characters as typed in `source_text`; the latter must be on the line.
    phrase = entry.get("source_text", entry["definition"])
    found = phrase_match(phrase, lines, entry["line"])
    if found is None:
        report.errors.append(f"{where}: {phrase!r} is not on {entry['file']}:{entry['line']}")
    elif found == "loose":
        report.loose += 1


def check_symbol(
    report: Report, index: int, sym: dict, root: Path, cache: dict[Path, list[str]]
) -> None:
    where = f"symbol {index + 1} ({sym.get('latex', '?')})"
    for key in ("latex", "defined", "right", "misleading"):
        if key not in sym:
            report.errors.append(f"{where}: missing '{key}'")
    if not isinstance(sym.get("defined"), bool):
        report.errors.append(f"{where}: 'defined' must be true or false")
        return
    for key in ("right", "misleading", "also"):
        value = sym.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            report.errors.append(f"{where}: '{key}' must be a list of strings")
    for key in ("right", "misleading"):
        for value in sym.get(key, []):
            if value != value.lower():
                report.errors.append(f"{where}: '{key}' entry {value!r} must be lowercase")
    meanings = sym.get("meaning")
    if not sym["defined"]:
        for key in ("definition", "file", "line", "kind", "meaning"):
            if key in sym:
                report.errors.append(f"{where}: undefined symbol must not have '{key}'")
        return
    report.defined += 1
    if meanings is not None:
        if not isinstance(meanings, list) or len(meanings) < 2:
            report.errors.append(f"{where}: 'meaning' needs two or more sub-tables")
            return
        report.two_meanings += 1
        for m_index, meaning in enumerate(meanings):
            m_where = f"{where} meaning {m_index + 1}"
            if not str(meaning.get("section", "")).strip():
                report.errors.append(f"{m_where}: missing 'section'")
            if meaning.get("kind", "prose") not in KINDS:
                report.errors.append(f"{m_where}: kind must be one of {sorted(KINDS)}")
            check_place(report, m_where, meaning, root, cache)
        return
    if sym.get("kind") not in KINDS:
        report.errors.append(f"{where}: kind must be one of {sorted(KINDS)}")
    check_place(report, where, sym, root, cache)


def check_file(path: Path) -> Report:
    report = Report(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        report.errors.append(f"does not load: {exc}")
        return report
    for key in PAPER_KEYS:
        if not str(data.get(key, "")).strip():
            report.errors.append(f"missing '{key}'")
    if report.errors:
        return report
    if data["paper"] != path.stem:
        report.errors.append(f"paper = {data['paper']!r} but the file is {path.name}")
    if data["language"] not in LANGUAGES:
        report.errors.append(f"language must be one of {sorted(LANGUAGES)}")
    if not SOURCE.match(data["source"]):
        report.errors.append(
            "source must be 'corpus:NAME' or 'github:owner/repo@<40-hex commit>:path'"
        )
    split = path.parent.name
    if split == "heldout" and not data["source"].startswith("github:"):
        report.errors.append("a held-out paper must come from github:, not the corpus")
    root = Path(data["root"])
    report.on_disk = root.is_dir()
    if report.on_disk and not (root / data["main"]).is_file():
        report.errors.append(f"main file {data['main']} is not under {root}")
    symbols = data.get("symbol", [])
    if not isinstance(symbols, list) or not symbols:
        report.errors.append("no [[symbol]] entries")
        return report
    report.symbols = len(symbols)
    seen: set[str] = set()
    cache: dict[Path, list[str]] = {}
    for index, sym in enumerate(symbols):
        latex = sym.get("latex", "")
        if latex in seen:
            report.errors.append(f"symbol {index + 1}: {latex!r} listed twice")
        seen.add(latex)
        check_symbol(report, index, sym, root, cache)
    return report


# Cases for phrase_match: (phrase, lines, line number, expected result).
TWO_LINES = ["yields the following lower", "bound on the mutual information"]
MATCH_CASES = [
    ("the expert policy", ["from the expert policy $\\pi_E$ and"], 1, "exact"),
    ("the state", ["given the state $s \\in \\mathcal{S}$"], 1, "exact"),
    ("a Fr\\'echet mean", ["given a Fr\\'echet mean $\\mu$"], 1, "exact"),
    ("data distribution", ["We call it the \\themebf{data distribution}"], 1, "exact"),
    ("the class of L-smooth convex", ["the class of \\(L\\)-smooth convex functions"], 1, "loose"),
    ("lower bound on the mutual", TWO_LINES, 1, "loose"),
    ("可见变量", ["我们有一系列可见变量$\\Vv$和"], 1, "exact"),
    ("a step-size parameter", ["Given an initial state"], 1, None),
    ("the state", ["the state"], 2, None),
    ("bound on the mutual", TWO_LINES, 1, None),
]


def self_test() -> int:
    """Check phrase_match against MATCH_CASES; print failures, return their count."""
    failures = 0
    for phrase, lines, line_no, expected in MATCH_CASES:
        got = phrase_match(phrase, lines, line_no)
        if got != expected:
            failures += 1
            print(f"phrase_match({phrase!r}, line {line_no}) = {got!r}, expected {expected!r}")
    print(f"self-test: {len(MATCH_CASES) - failures}/{len(MATCH_CASES)} cases pass")
    return failures


def gold_files(args: list[str]) -> list[Path]:
    if args:
        return [Path(a) for a in args]
    return sorted(p for split in SPLITS for p in (GOLD_DIR / split).glob("*.toml"))


def main(argv: list[str]) -> int:
    if argv == ["--self-test"]:
        return 1 if self_test() else 0
    reports = [check_file(path) for path in gold_files(argv)]
    print(f"{'split/paper':44} {'sym':>4} {'def':>4} {'undef':>6} {'two':>4} {'loose':>6}  status")
    totals = Report(Path("total"))
    for r in reports:
        share = f"{r.undefined}({100 * r.undefined // max(r.symbols, 1)}%)"
        status = "ok" if not r.errors else f"{len(r.errors)} error(s)"
        if not r.on_disk:
            status += " (paper not on this machine: shape only)"
        name = f"{r.path.parent.name}/{r.path.stem}"
        counts = f"{r.symbols:4} {r.defined:4} {share:>6} {r.two_meanings:4} {r.loose:6}"
        print(f"{name:44} {counts}  {status}")
        totals.symbols += r.symbols
        totals.defined += r.defined
        totals.two_meanings += r.two_meanings
        totals.loose += r.loose
    print(f"{'total':44} {totals.symbols:4} {totals.defined:4} {totals.undefined:6} "
          f"{totals.two_meanings:4} {totals.loose:6}")
    failed = [r for r in reports if r.errors]
    for r in failed:
        print(f"\n{r.path}:")
        for error in r.errors:
            print(f"  {error}")
    return 1 if failed or not reports else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
