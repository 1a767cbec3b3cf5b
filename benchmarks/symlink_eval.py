"""Scores the paper's-own-definitions finder against the SymLink gold annotations
(SemEval-2022 Task 12, train split): a `Direct` relation links a description to the
symbol it describes. A predicted link is correct when its symbol overlaps the gold
symbol and its description overlaps the gold description.

    python benchmarks/symlink_eval.py [--gold ../shared/corpus/gold-symlink-semeval2022/train]
                                      [--cues] [--errors N]

Prints precision, recall and F1 (for scale: the best of seven SemEval-2022 systems
reached 37.2 relation F1), per cue with --cues, and sample errors with --errors. The
shipped scorer saw these paragraphs in training: its cross-validated scores (folds by
document) are printed by training/train_definitions.py; this script shows the shipped
model's fit.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from annotator.analysis import analyze
from annotator.definitions import default_thresholds
from annotator.model import Definition, Paper, SourceFile

HERE = Path(__file__).resolve().parent
DEFAULT_GOLD = HERE.parent.parent / "shared" / "corpus" / "gold-symlink-semeval2022" / "train"

Span = tuple[int, int]


@dataclass
class Link:
    symbol: Span
    description: Span
    cue: str = ""


def gold_links(paragraph: dict) -> list[Link]:
    entities = paragraph.get("entity", {})
    links = []
    for relation in paragraph.get("relation", {}).values():
        if relation["label"] != "Direct":
            continue
        first, second = entities[relation["arg0"]], entities[relation["arg1"]]
        if first["label"] == "SYMBOL":
            first, second = second, first
        if second["label"] != "SYMBOL" or first["label"] == "SYMBOL":
            continue
        links.append(Link((second["start"], second["end"]), (first["start"], first["end"])))
    return links


def predicted_links(text: str, threshold: float) -> list[Link]:
    """The prose definitions at or above the confidence threshold, one per mention (the
    best-scored reading of one sentence), as the glossary counts them."""
    paper = Paper(source="symlink", main="main.tex", files={"main.tex": SourceFile("main.tex",
                                                                                  text)})
    analysis = analyze(paper)
    best: dict[tuple[int, int], Definition] = {}
    for symbol in analysis.symbols:
        for d in symbol.definitions:
            mention = (d.sentence_start, d.symbol_start)
            if d.source == "prose" and (mention not in best
                                        or d.confidence > best[mention].confidence):
                best[mention] = d
    return [Link((d.symbol_start, d.symbol_end), (d.start, d.end), d.cue)
            for d in best.values() if d.confidence >= threshold]


def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def same(prediction: Link, gold: Link) -> bool:
    return overlaps(prediction.symbol, gold.symbol) and \
        overlaps(prediction.description, gold.description)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--cues", action="store_true", help="precision per cue")
    parser.add_argument("--errors", type=int, default=0, help="show N sample errors")
    parser.add_argument("--cue", help="with --errors: only the wrong links of this cue")
    parser.add_argument("--min-confidence", type=float, default=None,
                        help="the confidence threshold (default: the shipped model's)")
    args = parser.parse_args()
    threshold = args.min_confidence if args.min_confidence is not None \
        else default_thresholds().shown
    files = sorted(args.gold.glob("*.json"))
    if not files:
        print(f"no gold files in {args.gold}", file=sys.stderr)
        return 2
    predictions = correct = gold_total = found = paragraphs = 0
    by_cue: Counter[str] = Counter()
    right_by_cue: Counter[str] = Counter()
    wrong: list[tuple[str, str, str]] = []
    missed: list[tuple[str, str, str]] = []
    for path in files:
        for paragraph in json.loads(path.read_text(encoding="utf-8")).values():
            paragraphs += 1
            text = paragraph["text"]
            gold = gold_links(paragraph)
            predicted = predicted_links(text, threshold)
            gold_total += len(gold)
            predictions += len(predicted)
            for link in predicted:
                hit = any(same(link, g) for g in gold)
                correct += hit
                by_cue[link.cue] += 1
                right_by_cue[link.cue] += hit
                if not hit and (args.cue is None or link.cue == args.cue):
                    wrong.append((text[slice(*link.symbol)], text[slice(*link.description)],
                                  link.cue))
            for link in gold:
                if any(same(p, link) for p in predicted):
                    found += 1
                else:
                    missed.append((text[slice(*link.symbol)], text[slice(*link.description)],
                                   ""))
    precision = correct / predictions if predictions else 0.0
    recall = found / gold_total if gold_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"{paragraphs} paragraphs, {gold_total} gold Direct links, {predictions} predicted")
    print(f"precision {100 * precision:.1f}  recall {100 * recall:.1f}  F1 {100 * f1:.1f}")
    if args.cues:
        for cue, count in by_cue.most_common():
            precision = 100 * right_by_cue[cue] / count
            print(f"  {cue:20} {count:5} predicted, precision {precision:.1f}")
    if args.errors:
        rng = random.Random(0)
        print("\nwrong (symbol | description | cue):")
        for item in rng.sample(wrong, min(args.errors, len(wrong))):
            print("  ", " | ".join(item))
        print("\nmissed (symbol | description):")
        for item in rng.sample(missed, min(args.errors, len(missed))):
            print("  ", " | ".join(item[:2]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
