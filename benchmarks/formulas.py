"""How often `annotator explain` names a formula right, in English and in Chinese, how
often it names a formula that is none, and whether its Structure lines are clean.

    python benchmarks/formulas.py                  # the development set (tune on it)
    python benchmarks/formulas.py --split heldout  # the held-out set (measure only)
    python benchmarks/formulas.py --split heldout2 # a second held-out set (measure only)
    python benchmarks/formulas.py --split heldout3 # a third (measure only)
    python benchmarks/formulas.py --split heldout4 # a fourth (measure only)
    python benchmarks/formulas.py --split heldout5 # a fifth (measure only)
    python benchmarks/formulas.py --split heldout6 # a sixth, written after all tuning
    python benchmarks/formulas.py --errors         # every miss and wrong name (dev only!)

The sets are benchmarks/formulas/{dev,heldout}.toml: formulas from papers, textbooks and
library docs in their own notation, each with its source and the template that must name
it (`expect`), or "" for a negative (a plain sum, a squared norm used as a penalty, a
z-score: something that only looks like a template). For each formula the benchmark
renders `explain` as text in both languages, as a user sees it, and reads its Structure
section:
- named (en / zh): the expected template's English (Chinese) name is in the section;
- wrongly named: a negative whose section names any formula (or, with `not = [...]`,
  one of those templates);
- broken lines: a Structure line whose part starts or ends with punctuation or an
  operator (`+σ⊙ϵ`, `, x`).
It also prints the slowest `explain` of one formula (in-process, knowledge base loaded:
the target is under 0.3 s), and that formula's `annotator explain` from the shell.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import tomllib
from pathlib import Path

from annotator.explain import Explanation, explain
from annotator.knowledge import load
from annotator.recognise import templates
from annotator.render.explain import render_text, structure_lines

SETS = Path(__file__).resolve().parent / "formulas"
EDGE = set("+-−=,.;:·*∗⊙/∣") | {"\\"}
"""What a Structure part must neither start nor end with (a minus sign may start one;
the bars of |x| and ‖x‖ are brackets)."""


def load_set(split: str) -> list[dict]:
    with open(SETS / f"{split}.toml", "rb") as stream:
        return tomllib.load(stream)["formula"]


def structure_section(text: str, lang: str) -> str:
    """The Structure section of `explain`'s text output ('' when there is none)."""
    title = {"en": "Structure", "zh": "结构"}[lang]
    lines = text.splitlines()
    if title not in lines:
        return ""
    start = lines.index(title) + 1
    end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
    return "\n".join(lines[start:end])


def broken(explanation: Explanation) -> list[str]:
    """Structure parts that start or end with punctuation or an operator."""
    bad = []
    for part, _words in structure_lines(explanation, "en"):
        part = part.strip()
        if part and (part[-1] in EDGE or (part[0] in EDGE and part[0] not in "-−")):
            bad.append(part)
    return bad


def run(split: str, show_errors: bool) -> None:
    kb = load()
    by_id = {t.id: t for t in templates()}
    explain(r"\sigma(x)", kb)  # warm up: compiled patterns, caches
    positives = negatives = named_en = named_zh = named_both = wrong = 0
    broken_lines: list[str] = []
    slowest = (0.0, "")
    for item in load_set(split):
        started = time.perf_counter()
        explanation = explain(item["latex"], kb)
        elapsed = time.perf_counter() - started
        slowest = max(slowest, (elapsed, item["latex"]))
        sections = {lang: structure_section(render_text(explanation, lang), lang)
                    for lang in ("en", "zh")}
        broken_lines += broken(explanation)
        named = [line.recognised.template for line in explanation.formulas]
        expect = item["expect"]
        if expect:
            positives += 1
            template = by_id[expect]
            en = template.name.en in sections["en"] and expect in named
            zh = template.name.zh in sections["zh"] and expect in named
            named_en += en
            named_zh += zh
            named_both += en and zh
            if show_errors and not (en and zh):
                print(f"MISS  {expect:<28} {item['latex']}\n      named: {named}")
        else:
            negatives += 1
            forbidden = item.get("not")
            bad = [n for n in named if forbidden is None or n in forbidden]
            wrong += bool(bad)
            if show_errors and bad:
                print(f"WRONG {', '.join(bad):<28} {item['latex']}")
    print(f"{split}: {positives} formulas, {negatives} negatives, {len(by_id)} templates")
    print(f"  named in English:       {named_en}/{positives} ({named_en / positives:.0%})")
    print(f"  named in Chinese:       {named_zh}/{positives} ({named_zh / positives:.0%})")
    print(f"  named in both:          {named_both}/{positives} "
          f"({named_both / positives:.0%})")
    print(f"  negatives named:        {wrong}/{negatives}")
    print(f"  broken structure lines: {len(broken_lines)}"
          + (f"  e.g. {broken_lines[:3]}" if broken_lines else ""))
    print(f"  slowest explain:        {slowest[0] * 1000:.0f} ms  ({slowest[1][:60]})")
    print(f"  the same from the shell: {cli_seconds(slowest[1]) * 1000:.0f} ms "
          "(a new process: start-up, knowledge store, explain)")


def cli_seconds(latex: str) -> float:
    """Wall time of `annotator explain LATEX` in a new process (output discarded)."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "annotator", "explain", latex],
                   capture_output=True, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="dev",
                        choices=("dev", "heldout", "heldout2", "heldout3", "heldout4",
                                 "heldout5", "heldout6"))
    parser.add_argument("--errors", action="store_true",
                        help="print every miss and wrong name (development set only)")
    args = parser.parse_args()
    if args.errors and args.split != "dev":
        sys.exit("--errors is for the development set: the held-out set is measured only")
    run(args.split, args.errors)


if __name__ == "__main__":
    main()
