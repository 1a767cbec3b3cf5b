"""The definition cue rules, registered by importing their modules: English and Chinese
prose cues (`english`, `chinese`), prose that names the equation after it (`display`) and
formula cues (`math`)."""

from __future__ import annotations

from . import chinese, display, english, math  # noqa: F401  (importing registers the rules)
from .base import MATH_RULES, PROSE_RULES, Case, Hit, Rule, Sentence, rule_named

__all__ = ["MATH_RULES", "PROSE_RULES", "Case", "Hit", "Rule", "Sentence", "rule_named"]
