"""The trained definition scorer: a logistic model over named features, scored in plain
Python from a small JSON file shipped in the package (no training library at run time).

`training/train_definitions.py` writes `model.json`: the weights by feature name, the
bias, the default threshold chosen on cross-validation, and where the data came from.
Formula candidates (type statements, defining equations) are not in the training data;
their confidence is the precision their rule had on the development gold glossaries,
kept in the same file.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..packaged import data_folder

MODEL_FILE = "model.json"


@dataclass(frozen=True, slots=True)
class Model:
    weights: dict[str, float]
    bias: float
    threshold: float
    """The default --min-confidence: the cross-validated choice for shown definitions."""
    rule_priors: dict[str, float]
    """Confidence of formula candidates by rule ('equation', 'defining-equation', ...)."""
    second_meaning: float = 0.0
    """Lowest confidence of a second meaning shown beside the first."""

    def score(self, features: dict[str, float]) -> float:
        """The probability that a candidate with these features is a real definition."""
        if "bias:math" in features:
            rule = next((k[5:] for k in features if k.startswith("rule:")), "")
            if "introduced" in features and f"{rule}+introduced" in self.rule_priors:
                return self.rule_priors[f"{rule}+introduced"]
            return self.rule_priors.get(rule, 0.5)
        total = self.bias + sum(self.weights.get(name, 0.0) * value
                                for name, value in features.items())
        if total < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-total))


MODEL_VARIABLE = "ANNOTATOR_DEFINITIONS_MODEL"
"""A model file to use instead of the shipped one: for evaluation only (the benchmarks
score each gold paper with a model trained without it)."""


@lru_cache(maxsize=1)
def load_model() -> Model:
    """The shipped model (read once per process), or the file $ANNOTATOR_DEFINITIONS_MODEL."""
    override = os.environ.get(MODEL_VARIABLE)
    if override:
        text = Path(override).read_text(encoding="utf-8")
    else:
        text = data_folder(__package__).joinpath(MODEL_FILE).read_text(encoding="utf-8")
    return model_from_json(json.loads(text))


def model_from_json(data: dict) -> Model:
    return Model(weights={str(k): float(v) for k, v in data["weights"].items()},
                 bias=float(data["bias"]), threshold=float(data["threshold"]),
                 rule_priors={str(k): float(v) for k, v in data.get("rule_priors", {}).items()},
                 second_meaning=float(data.get("second_meaning", 0.0)))
