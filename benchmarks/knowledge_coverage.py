"""Knowledge coverage per corpus paper: the share of distinct symbols that get a knowledge
match other than a bare typographic convention, and the symbols that do not.

    python benchmarks/knowledge_coverage.py [--misses] [--corpus ../shared/corpus]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from annotator import knowledge
from annotator.analysis import analyze
from annotator.sources import load_paper

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus"
PAPERS = {"transformer-attention-2017": None, "icl-as-gd-revisited": None,
          "gan-tutorial-nips2016": None, "directed-info-gail": None,
          "policy-gradient-nn-bandit": "neurips_2019.tex", "hyperbolic-normalizing-flows": None,
          "chebnet-graph-cnn": None, "automatic-gradient-descent": None,
          "dlbook-math-commands": None}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--misses", action="store_true", help="list the symbols not covered")
    args = parser.parse_args()
    kb = knowledge.load()
    total_known = total = 0
    print(f"{'paper':32} {'symbols':>7} {'known':>6} {'share':>6}  by level")
    for name, main in PAPERS.items():
        analysis = analyze(load_paper(str(args.corpus / name), main=main), kb)
        levels = Counter(s.knowledge.match if s.knowledge else "none" for s in analysis.symbols)
        known = sum(n for level, n in levels.items() if level not in ("none", "convention"))
        count = len(analysis.symbols)
        total_known += known
        total += count
        detail = ", ".join(f"{level} {n}" for level, n in levels.most_common())
        print(f"{name:32} {count:7} {known:6} {known / count:6.0%}  {detail}")
        if args.misses:
            misses = [f"{s.key}({len(s.occurrences)})" for s in analysis.symbols
                      if s.knowledge is None or s.knowledge.match == "convention"]
            print("    misses: " + " ".join(misses))
    print(f"{'all papers':32} {total:7} {total_known:6} {total_known / total:6.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
