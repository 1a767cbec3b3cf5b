"""How often the knowledge meaning a reader is shown ("Usually: ...") is right for the
paper, and how often it misleads, against the gold glossaries (benchmarks/gold/).

    python benchmarks/meanings.py                  # the development papers
    python benchmarks/meanings.py --split heldout  # the held-out papers (measure only)
    python benchmarks/meanings.py --errors         # every misleading line (dev only!)

Each gold symbol lists words a right meaning for this paper contains (`right`) and words
that would mislead a reader of it (`misleading`). The line shown for a found symbol is:
- misleading: it contains a misleading word (checked first: a line that says both is
  still misleading);
- right: it contains a right word;
- generic: it says neither (a typographic reading, the general mathematical meaning);
- absent: nothing is shown.
Shares are of the found symbols; the last line gives them among the lines that state a
usual meaning (the general statements, which withhold one, left out). Both languages'
lines are read (English and Chinese).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from annotator.glossary import GlossaryEntry
from annotator.knowledge import load
from annotator.render.common import knowledge_line
from gold_glossary import GoldSymbol, entry_of, gold_papers, run


def shown_line(entry: GlossaryEntry, lang: str) -> str | None:
    return knowledge_line(entry.symbol.knowledge, lang)


def judge(entry: GlossaryEntry, symbol: GoldSymbol) -> str:
    lines = [line for lang in ("en", "zh") if (line := shown_line(entry, lang))]
    if not lines:
        return "absent"
    text = " ".join(lines).lower()
    if any(_says(text, word) for word in symbol.misleading):
        return "misleading"
    if any(_says(text, word) for word in symbol.right):
        return "right"
    return "generic"


def _says(text: str, word: str) -> bool:
    """A gold word in a shown line: English words from the start of a word ('mean' is not
    in 'meaning'... but 'mean' is in 'means'; 'densit' finds 'density'), Chinese anywhere."""
    if not word.isascii():
        return word in text
    return re.search(rf"(?<![a-z]){re.escape(word)}(?!ing\b)", text) is not None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "heldout", "all"), default="dev")
    parser.add_argument("--errors", action="store_true", help="print every misleading line")
    parser.add_argument("--verdicts", action="store_true",
                        help="print every symbol's verdict, one line each (to diff two runs)")
    parser.add_argument("--by-basis", action="store_true",
                        help="the verdicts by what chose the meaning (definition, condition, "
                             "default, typography, general)")
    args = parser.parse_args()
    splits = ("dev", "heldout") if args.split == "all" else (args.split,)
    kb = load(())
    totals: Counter[str] = Counter()
    by_basis: dict[str, Counter[str]] = {}
    print(f"{'paper':30} {'found':>5} {'right':>6} {'generic':>7} {'mislead':>7} "
          f"{'absent':>6}")
    for paper in gold_papers(splits):
        done = run(paper, kb)
        if done is None:
            continue
        counts: Counter[str] = Counter()
        for symbol in paper.symbols:
            entry = entry_of(done, symbol)
            if entry is None:
                continue
            verdict = judge(entry, symbol)
            counts["found"] += 1
            counts[verdict] += 1
            basis = entry.symbol.knowledge.basis if entry.symbol.knowledge else "none"
            by_basis.setdefault(basis, Counter()).update(("found", verdict))
            if basis not in ("general", "none"):  # a meaning was stated, not withheld
                counts["stated"] += 1
                counts[f"stated-{verdict}"] += 1
            if args.verdicts:
                print(f"  {paper.name} {symbol.latex}: {verdict} {shown_line(entry, 'en')!r}")
            if args.errors and verdict in ("misleading", "generic"):
                print(f"  {verdict.upper()} {symbol.latex}: {shown_line(entry, 'en')!r}"
                      f" / {shown_line(entry, 'zh')!r}"
                      f" [{entry.symbol.knowledge.match}, {basis}]  right={symbol.right} "
                      f"misleading={symbol.misleading}")
        totals.update(counts)
        print(_row(paper.name, counts))
    print(_row("all", totals))
    stated = totals["stated"] or 1
    print(f"\nof the {totals['stated']} lines that state a usual meaning (not the general "
          f"'no usual meaning fits' or 'varies between papers'): right "
          f"{totals['stated-right'] / stated:.2f}, misleading "
          f"{totals['stated-misleading'] / stated:.2f}")
    if args.by_basis:
        print("\nby basis")
        for basis, counts in sorted(by_basis.items()):
            print(_row(basis, counts))
    return 0


def _row(name: str, counts: Counter[str]) -> str:
    found = counts["found"] or 1
    return (f"{name:30} {counts['found']:5} {counts['right'] / found:6.2f} "
            f"{counts['generic'] / found:7.2f} {counts['misleading'] / found:7.2f} "
            f"{counts['absent'] / found:6.2f}")


if __name__ == "__main__":
    sys.exit(main())
