"""Train the definition scorer and write `src/annotator/definitions/model.json`.

    pip install -e '.[train]'
    python training/train_definitions.py            # cross-validate, then fit and write
    python training/train_definitions.py --no-write # only the cross-validated numbers

Data (training/data.py): SymLink's train split (SemEval-2022 Task 12; 95 documents) and
the corpus paragraphs labelled by reading the papers (training/labels/). Every candidate
the rules propose is labelled by overlap with the gold links. The model is an
L2-regularised logistic regression (scikit-learn) over the named features of
definitions/features.py; the shipped file holds only its weights, so scoring needs no
training library.

Cross-validation is by document (GroupKFold): no paragraph of a test document is seen in
training. Scores are link-level, as SymLink defines them: a predicted link is right when
its symbol overlaps a gold symbol and its description overlaps that symbol's gold
description; recall counts every gold link, found by a candidate or not. Only one
description per mention counts (the best-scored reading of one sentence). The default
threshold, the regularisation and the weight of the labelled ML papers are the ones with
the best cross-validated F0.5 on the labelled ML papers (precision weighs more than
recall: a wrong line is worse than none) among those keeping precision at least
PRECISION_FLOOR; SymLink's scores are reported beside.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from data import LABELS, SYMLINK, Document, Example, labelled_documents, symlink_documents  # noqa: E402

MODEL = HERE.parent / "src" / "annotator" / "definitions" / "model.json"
REGULARISATION = (0.03, 0.1, 0.3, 1.0)
LABEL_WEIGHTS = (1.0, 3.0, 6.0)
"""How much a candidate of the labelled ML papers weighs beside a SymLink one: SymLink
is mostly physics, economics and combinatorics, annotated with other conventions (it
links properties such as "is even" too); the labelled papers are the field of the
readers. The weight is chosen on the cross-validated labelled papers, like C."""
THRESHOLDS = tuple(round(0.2 + 0.025 * i, 3) for i in range(29))
SECOND_MEANING = 0.0
"""A second meaning of a symbol is shown when it is stated outright ("where $X$ denotes
...") in another section, at the same threshold as the first (0 here: no threshold of
its own). On the development gold glossaries (benchmarks/definitions.py
--second-meanings; eleven two-meaning symbols, so every choice is coarse) a higher one
traded right second meanings for wrong ones one for one."""
RULE_PRIORS = {"defining-equation": 0.42, "equation": 0.13, "equation+introduced": 0.33,
               "type-in": 0.9, "type-map": 0.9}
"""Confidence of formula candidates, which no training data labels: the share of each
rule's candidates that were the paper's definition on the development gold glossaries
(`python benchmarks/definitions.py --rule-precision`): `:=` 5 of 12; a plain `=` that
prose introduces ("where $\\Lambda = ...$", a display after a colon) 4 of 12, one it
does not 2 of 15. Type statements are not shown as definitions (they give the shape:
"vector in ℝ^d") and are read exactly."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--symlink", type=Path, default=SYMLINK)
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=MODEL)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--exclude", action="append", default=[], metavar="PAPER",
                        help="leave this labelled paper out (to score it with a model that "
                             "never saw it: benchmarks/definitions.py --held-out-model)")
    parser.add_argument("--C", type=float, action="append", dest="regularisation",
                        help="try only this regularisation (repeatable; default: a grid)")
    parser.add_argument("--label-weight", type=float, action="append", dest="label_weights",
                        help="try only this labelled-paper weight (repeatable)")
    args = parser.parse_args()
    if not args.symlink.is_dir():
        print(f"no SymLink data at {args.symlink}: training on the labelled papers alone "
              "(--symlink FOLDER)", file=sys.stderr)
    documents = symlink_documents(args.symlink) if args.symlink.is_dir() else []
    documents += labelled_documents(args.labels) if args.labels.is_dir() else []
    documents = [d for d in documents if d.name not in args.exclude]
    if not documents:
        print("no training data found", file=sys.stderr)
        return 2
    _describe(documents)
    best = None
    labelled = [d for d in documents if d.source == "labels"] or documents
    for c in args.regularisation or REGULARISATION:
        for weight in args.label_weights or LABEL_WEIGHTS:
            scores = cross_validate(documents, c, args.folds, weight)
            threshold, metrics = best_threshold(labelled, scores)
            print(f"C={c} label weight {weight}: threshold {threshold} on the labelled "
                  "papers -> " + _format(metrics))
            if best is None or metrics["f05"] > best[3]["f05"]:
                best = (c, weight, threshold, metrics, scores)
    c, weight, threshold, metrics, scores = best
    print(f"\nchosen C={c}, label weight {weight}, threshold {threshold}")
    report = {source: link_metrics([d for d in documents if d.source == source], scores,
                                   threshold)
              for source in ("symlink", "labels")}
    report["symlink_annotated"] = link_metrics(
        [d for d in documents if d.source == "symlink"], scores, threshold, annotated_only=True)
    for source, found in report.items():
        print(f"  {source:8} " + _format(found))
    for document in documents:
        if document.source == "labels":
            print(f"    {document.name:30} " + _format(link_metrics([document], scores,
                                                                      threshold)))
    if args.no_write:
        return 0
    weights, bias = fit(documents, c, weight)
    model = {
        "version": 1, "bias": bias, "threshold": threshold, "second_meaning": SECOND_MEANING,
        "weights": weights, "rule_priors": RULE_PRIORS,
        "trained_on": {"symlink_documents": sum(d.source == "symlink" for d in documents),
                       "labelled_papers": sum(d.source == "labels" for d in documents),
                       "candidates": sum(len(d.examples) for d in documents)},
        "cross_validation": {"folds": args.folds, "by": "document", "C": c,
                             "label_weight": weight,
                             **{k: _rounded(v) for k, v in report.items()}},
    }
    args.out.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(weights)} weights)")
    return 0


def _describe(documents: list[Document]) -> None:
    for source in ("symlink", "labels"):
        chosen = [d for d in documents if d.source == source]
        examples = [e for d in chosen for e in d.examples]
        positives = sum(e.label for e in examples)
        print(f"{source}: {len(chosen)} documents, {sum(d.gold for d in chosen)} gold links, "
              f"{len(examples)} candidates ({positives} right)")


MIN_COUNT = 3
"""A feature seen in fewer training candidates than this is dropped (a head noun met
twice says nothing general, and the shipped model stays small)."""


def _vectors(examples: list[Example]):  # type: ignore[no-untyped-def]
    from collections import Counter

    from sklearn.feature_extraction import DictVectorizer

    counts = Counter(name for e in examples for name in e.features)
    kept = [{k: v for k, v in e.features.items() if counts[k] >= MIN_COUNT} for e in examples]
    vectorizer = DictVectorizer(sparse=True)
    return vectorizer, vectorizer.fit_transform(kept)


def cross_validate(documents: list[Document], c: float, folds: int, weight: float
                   ) -> dict[int, float]:
    """Out-of-fold probability of every example, by id()."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    examples = [e for d in documents for e in d.examples]
    groups = [e.document for e in examples]
    labels = [e.label for e in examples]
    _, matrix = _vectors(examples)
    scores: dict[int, float] = {}
    weights = [_weight(e, weight) for e in examples]
    for train, test in GroupKFold(n_splits=folds).split(matrix, labels, groups):
        model = LogisticRegression(C=c, max_iter=2000)
        model.fit(matrix[train], [labels[i] for i in train],
                  sample_weight=[weights[i] for i in train])
        for i, p in zip(test, model.predict_proba(matrix[test])[:, 1], strict=True):
            scores[id(examples[i])] = float(p)
    return scores


def _weight(example: Example, label_weight: float) -> float:
    return label_weight if example.source == "labels" else 1.0


def fit(documents: list[Document], c: float, label_weight: float
        ) -> tuple[dict[str, float], float]:
    from sklearn.linear_model import LogisticRegression

    examples = [e for d in documents for e in d.examples]
    vectorizer, matrix = _vectors(examples)
    model = LogisticRegression(C=c, max_iter=2000)
    model.fit(matrix, [e.label for e in examples],
              sample_weight=[_weight(e, label_weight) for e in examples])
    names = vectorizer.get_feature_names_out()
    weights = {str(n): round(float(w), 4) for n, w in zip(names, model.coef_[0], strict=True)
               if abs(w) >= 1e-4}
    return weights, round(float(model.intercept_[0]), 4)


def link_metrics(documents: list[Document], scores: dict[int, float], threshold: float,
                 annotated_only: bool = False) -> dict[str, float]:
    """Link-level precision, recall, F1 and F0.5 at `threshold`, one description per
    mention. `annotated_only`: a description of a symbol the annotators did not mark
    (SymLink leaves whole paragraphs unmarked) is not counted as predicted."""
    predicted = right = found = gold = 0
    for document in documents:
        gold += document.gold
        best: dict[tuple[str, int, int], Example] = {}
        for example in document.examples:
            known = best.get(example.mention)
            if known is None or scores[id(example)] > scores[id(known)]:
                best[example.mention] = example
        chosen = [e for e in best.values() if scores[id(e)] >= threshold
                  and (e.annotated or not annotated_only)]
        predicted += len(chosen)
        right += sum(e.label for e in chosen)
        found += len(set().union(*(e.gold for e in chosen))) if chosen else 0
    precision = right / predicted if predicted else 0.0
    recall = found / gold if gold else 0.0
    return {"precision": precision, "recall": recall, "f1": _f(precision, recall, 1.0),
            "f05": _f(precision, recall, 0.5), "predicted": predicted, "gold": gold}


PRECISION_FLOOR = 0.80
"""The shown threshold must keep the cross-validated precision on the labelled papers at
least this high (a reader cannot tell a wrong line from a right one); among the
thresholds that do, the best F0.5. Without a floor F0.5 chose thresholds near 0.3, where
candidates for symbols the paper never defines in words start to be shown (first-line
precision on the development gold glossaries fell from 0.81 to 0.74); 0.85 kept only a
third of the definitions (recall 0.49 there) for no gain in first-line precision. With the
eighteen development papers (540 symbols), 0.81 chose 0.475 (first-line precision 0.83,
recall 0.62) and 0.80 chose 0.425 (0.83 and 0.65): the same precision, more lines."""


EQUATION_RULES = ("defining-equation", "equation", "equation+introduced")
"""The formula rules whose candidates are shown where no prose is credible (select.py):
a threshold at or below one's prior would show its lines, right less than half of the
time. With the names-display rule the F0.5 plateau moved to 0.4, under the `:=` prior
0.42, and first-line precision on the development gold glossaries fell from 0.85 to
0.83, nearly all of it `:=` lines."""


def best_threshold(documents: list[Document], scores: dict[int, float]
                   ) -> tuple[float, dict[str, float]]:
    """Among the thresholds above every shown formula rule's prior (EQUATION_RULES) that
    keep the precision floor, the best F0.5 averaged with its
    two neighbours: F0.5 is nearly flat around its peak (75.2-75.8 from 0.375 to 0.475),
    so the raw maximum jumped across the plateau with every small rule change, and the
    shown lines with it; the smoothed one sits in the plateau's middle."""
    floor = max(RULE_PRIORS[rule] for rule in EQUATION_RULES)
    results = [(t, link_metrics(documents, scores, t)) for t in THRESHOLDS if t > floor]
    precise = [index for index, item in enumerate(results)
               if item[1]["precision"] >= PRECISION_FLOOR] or list(range(len(results)))

    def smoothed(index: int) -> float:
        around = results[max(0, index - 1):index + 2]
        return sum(item[1]["f05"] for item in around) / len(around)
    return results[max(precise, key=smoothed)]


def _f(precision: float, recall: float, beta: float) -> float:
    if precision + recall == 0:
        return 0.0
    return (1 + beta ** 2) * precision * recall / (beta ** 2 * precision + recall)


def _format(metrics: dict[str, float]) -> str:
    return (f"P {100 * metrics['precision']:.1f}  R {100 * metrics['recall']:.1f}  "
            f"F1 {100 * metrics['f1']:.1f}  F0.5 {100 * metrics['f05']:.1f}  "
            f"({metrics['predicted']} predicted, {metrics['gold']} gold)")


def _rounded(metrics: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in metrics.items()}


if __name__ == "__main__":
    sys.exit(main())
