"""How often the "In this paper" line a reader is shown is the paper's real definition,
measured against the gold glossaries written by reading the papers (benchmarks/gold/).

    python benchmarks/definitions.py                 # the development papers
    python benchmarks/definitions.py --split heldout # the held-out papers (measure only)
    python benchmarks/definitions.py --errors        # every wrong line (dev only!)
    python benchmarks/definitions.py --unseen        # each dev paper scored by a model
                                                     # trained without its labels

Per paper, for the gold symbols:
- found: the symbol has an entry in the glossary;
- shown-definition precision: of the found symbols where something is shown or where the
  paper says nothing, the share where the first line shown is the paper's definition (the
  first meaning in reading order), or nothing is shown where the paper defines nothing;
- definition recall: of the found symbols the paper defines, the share whose first shown
  line is right;
- listed: the share whose right definition is among all candidates (shown or not).
A shown line is right when it says what the gold phrase says (gold_glossary.py:
`same_description`; an equation when it is the defining equation at the gold line).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from annotator.definitions import default_thresholds
from annotator.definitions.select import Thresholds, choose
from annotator.glossary import GlossaryEntry
from annotator.knowledge import load
from annotator.model import Definition
from gold_glossary import GoldMeaning, GoldSymbol, entry_of, gold_papers, run, same_description

SECOND_THRESHOLDS = (0.45, 0.5, 0.6, 0.7, 0.8, 0.9)


def right(definition: Definition, meaning: GoldMeaning) -> bool:
    if meaning.kind == "equation" or definition.source == "equation":
        return definition.source == "equation" and definition.file == meaning.file \
            and abs(definition.line - meaning.line) <= 1
    return any(same_description(definition.text, phrase)
               for phrase in (meaning.definition, *meaning.also))


def judge(entry: GlossaryEntry, symbol: GoldSymbol) -> str:
    """'tp' right line shown, 'fp' wrong line shown, 'tn' nothing shown and nothing to
    show, 'fn' nothing shown though the paper defines it."""
    shown = entry.definitions[0] if entry.definitions else None
    if not symbol.defined:
        return "tn" if shown is None else "fp"
    if shown is None:
        return "fn"
    return "tp" if right(shown, symbol.meanings[0]) else "fp"


def listed(entry: GlossaryEntry, symbol: GoldSymbol) -> bool:
    every = (*entry.definitions, *entry.candidates)
    return any(right(d, m) for d in every for m in symbol.meanings)


def second_meanings(entry: GlossaryEntry, symbol: GoldSymbol, threshold: float) -> str:
    """What a second shown meaning would be at `threshold`: 'right' (the gold's second
    meaning), 'wrong' (shown where the gold has one meaning, or not the second),
    'missed' (the gold has two, none shown) or '' (nothing to say)."""
    first = default_thresholds().shown
    chosen = choose(entry.symbol.definitions, Thresholds(first, max(first, threshold)))
    shown = [d for d in chosen if d.shown]
    if len(symbol.meanings) < 2:
        return "wrong" if len(shown) > 1 else ""
    if len(shown) < 2:
        return "missed"
    return "right" if right(shown[1], symbol.meanings[1]) else "wrong"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "heldout", "all"), default="dev")
    parser.add_argument("--errors", action="store_true", help="print every wrong line")
    parser.add_argument("--unseen", action="store_true",
                        help="score each paper with a scorer trained without its own labels "
                             "(needs the training extra: scikit-learn)")
    parser.add_argument("--rule-precision", action="store_true",
                        help="the share of each formula rule's candidates that are right "
                             "(training/train_definitions.py's RULE_PRIORS)")
    parser.add_argument("--second-meanings", action="store_true",
                        help="how second meanings would fare at several thresholds")
    args = parser.parse_args()
    splits = ("dev", "heldout") if args.split == "all" else (args.split,)
    kb = load(())
    totals: Counter[str] = Counter()
    seconds: Counter[tuple[float, str]] = Counter()
    rules: Counter[tuple[str, bool]] = Counter()
    print(f"{'paper':30} {'gold':>4} {'found':>5} {'prec':>5} {'recall':>6} {'listed':>6}"
          f"  tp fp tn fn")
    for paper in gold_papers(splits):
        if args.unseen:
            _use_model_without(paper.name)
        done = run(paper, kb)
        if done is None:
            continue
        counts: Counter[str] = Counter()
        for symbol in paper.symbols:
            counts["gold"] += 1
            entry = entry_of(done, symbol)
            if entry is None:
                if args.errors:
                    print(f"  MISSING {symbol.latex}")
                continue
            counts["found"] += 1
            for threshold in SECOND_THRESHOLDS:
                seconds[threshold, second_meanings(entry, symbol, threshold)] += 1
            for candidate in (*entry.definitions, *entry.candidates):
                if candidate.source == "equation":
                    introduced = "+introduced" if "introduced" in candidate.rules else ""
                    rules[candidate.cue + introduced,
                          any(right(candidate, m) for m in symbol.meanings)] += 1
            verdict = judge(entry, symbol)
            counts[verdict] += 1
            if symbol.defined:
                counts["defined"] += 1
                counts["listed"] += listed(entry, symbol)
            if args.errors and verdict in ("fp", "fn"):
                _error(verdict, entry, symbol)
        totals.update(counts)
        print(_row(paper.name, counts))
    print(_row("all", totals))
    if args.rule_precision:
        print("\nformula rules (candidates right / all)")
        for cue in sorted({cue for cue, _ in rules}):
            right_ones, total = rules[cue, True], rules[cue, True] + rules[cue, False]
            print(f"  {cue:20} {right_ones} / {total} = {right_ones / total:.2f}")
    if args.second_meanings:
        print("\nsecond meanings (threshold: right / wrong / missed)")
        for threshold in SECOND_THRESHOLDS:
            print(f"  {threshold:.2f}: {seconds[threshold, 'right']} / "
                  f"{seconds[threshold, 'wrong']} / {seconds[threshold, 'missed']}")
    return 0


def _use_model_without(name: str) -> None:
    """Train a scorer without the paper's labels and make the pipeline use it."""
    import os
    import subprocess
    import tempfile

    from annotator.definitions import scorer

    path = Path(tempfile.mkdtemp(prefix="annotator-unseen-")) / f"without-{name}.json"
    trainer = Path(__file__).resolve().parent.parent / "training" / "train_definitions.py"
    subprocess.run([sys.executable, str(trainer), "--exclude", name, "--out", str(path)],
                   check=True, stdout=subprocess.DEVNULL)
    os.environ[scorer.MODEL_VARIABLE] = str(path)
    scorer.load_model.cache_clear()


def _error(verdict: str, entry: GlossaryEntry, symbol: GoldSymbol) -> None:
    shown = entry.definitions[0] if entry.definitions else None
    wanted = symbol.meanings[0].definition if symbol.meanings else "(nothing)"
    said = f"{shown.text!r} ({shown.cue} {shown.confidence}, line {shown.line})" \
        if shown else "(nothing)"
    print(f"  {verdict.upper()} {symbol.latex}: shown {said}; gold {wanted!r}")
    for candidate in entry.candidates[:3]:
        print(f"      candidate {candidate.text!r} ({candidate.cue} {candidate.confidence}, "
              f"line {candidate.line}, {candidate.context})")


def _row(name: str, counts: Counter[str]) -> str:
    judged = counts["tp"] + counts["fp"] + counts["tn"]
    precision = (counts["tp"] + counts["tn"]) / judged if judged else 0.0
    recall = counts["tp"] / counts["defined"] if counts["defined"] else 0.0
    coverage = counts["listed"] / counts["defined"] if counts["defined"] else 0.0
    return (f"{name:30} {counts['gold']:4} {counts['found']:5} {precision:5.2f} "
            f"{recall:6.2f} {coverage:6.2f}  {counts['tp']:2} {counts['fp']:2} "
            f"{counts['tn']:2} {counts['fn']:2}")


if __name__ == "__main__":
    sys.exit(main())
