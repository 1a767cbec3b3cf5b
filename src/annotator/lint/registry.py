"""Every lint rule: its stable code, kebab-case name, summary, severity and check.

Codes are a family letter and three digits and are never reused, even when a rule is
removed: D definitions, N notation consistency, T typesetting, M macros, S suppressions.
A rule's documentation is its check's docstring (sections What it does / Why is this
bad? / Example / Use instead / Known problems), shown by `annotator rule NAME` and
collected into docs/rules.md.

A rule names its check as `module.function` of `lint/rules/` and the module is imported
when the check is first asked for: `annotator rules` lists the table without importing
any check (consistency's imports the definitions finder), `annotator rule D003` imports
one module, `annotator lint` those of the rules it runs.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

from ..errors import UsageError
from .finding import Severity

if TYPE_CHECKING:
    from .context import Context
    from .finding import Problem

SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead", "Known problems")
FAMILIES = {"D": "Definitions", "N": "Notation consistency", "T": "Typesetting",
            "M": "Macros", "S": "Suppressions"}
_HEADING = re.compile(r"^## (.+)$", re.MULTILINE)


@dataclass(frozen=True)
class Rule:
    """One lint rule."""

    code: str
    """Family letter and three digits: 'N002'. Never reused."""
    name: str
    """Kebab-case name: 'mixed-variant'."""
    summary: str
    """One line: what it reports."""
    severity: Severity
    """How much a finding matters."""
    checker: str
    """Where the check is: 'consistency.mixed_variant' (module of lint/rules, function)."""
    after_suppressions: bool = False
    """Runs after the other rules' findings were matched against the suppressions."""

    @property
    def check(self) -> Callable[[Context], Iterable[Problem]]:
        """The check (its module imported on first use); its docstring is the rule's
        documentation."""
        module, _, function = self.checker.rpartition(".")
        check: Callable[[Context], Iterable[Problem]] = getattr(
            import_module(f"{__package__}.rules.{module}"), function)
        return check

    @property
    def family(self) -> str:
        return FAMILIES[self.code[0]]

    @property
    def doc(self) -> str:
        """The documentation, Markdown with one '## ' heading per section."""
        return inspect.cleandoc(self.check.__doc__ or "")

    def sections(self) -> dict[str, str]:
        """The documentation's sections by heading."""
        parts = _HEADING.split(self.doc)
        return {parts[i].strip(): parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}


ALL_RULES: tuple[Rule, ...] = (
    Rule("D001", "undefined-symbol", "a symbol is used but never defined",
         Severity.WARNING, "definitions.undefined_symbol"),
    Rule("D002", "used-before-defined", "a symbol is used well before its definition",
         Severity.WARNING, "definitions.used_before_defined"),
    Rule("D003", "redefined-symbol", "one symbol is given two different meanings",
         Severity.ERROR, "definitions.redefined_symbol"),
    Rule("N001", "mixed-bold-style", "one bold symbol is set with \\mathbf, \\bm and "
         "\\boldsymbol in different places", Severity.WARNING, "consistency.mixed_bold_style"),
    Rule("N002", "mixed-variant", "\\epsilon and \\varepsilon (or \\phi and \\varphi, ...) "
         "for the same quantity", Severity.WARNING, "consistency.mixed_variant"),
    Rule("N003", "mixed-transpose", "transposes written ^T, ^\\top, ^\\intercal or "
         "^{\\mathsf{T}} in one paper", Severity.WARNING, "consistency.mixed_transpose"),
    Rule("N004", "mixed-expectation", "expectations written E[...], \\mathbb{E}[...] and "
         "\\mathop{\\mathbb{E}} in one paper", Severity.WARNING, "consistency.mixed_expectation"),
    Rule("T001", "italic-operator", "an operator name set as italic letters (log, softmax, "
         "argmax)", Severity.WARNING, "typesetting.italic_operator"),
    Rule("T002", "unbraced-script", "a multi-letter sub- or superscript without braces "
         "(p_data)", Severity.ERROR, "typesetting.unbraced_script"),
    Rule("T003", "mathbf-greek", "\\mathbf on a lowercase Greek letter, which stays "
         "non-bold", Severity.ERROR, "typesetting.mathbf_greek"),
    Rule("M001", "unused-macro", "a macro is defined and never used", Severity.INFO,
         "macros.unused_macro"),
    Rule("M002", "conflicting-macro", "one macro defined differently in two places",
         Severity.ERROR, "macros.conflicting_macro"),
    Rule("S001", "unused-suppression", "a suppression comment that silenced nothing",
         Severity.WARNING, "suppressions.unused_suppression", after_suppressions=True),
)

_BY_KEY = {key: rule for rule in ALL_RULES for key in (rule.code.lower(), rule.name)}


def find_rule(text: str) -> Rule | None:
    """The rule with this code or name (any case), or None."""
    return _BY_KEY.get(text.strip().lower())


def codes() -> dict[str, str]:
    """Every code and name, lowercased, -> the rule's code."""
    return {key: rule.code for key, rule in _BY_KEY.items()}


def resolve(selectors: Sequence[str], option: str) -> set[str]:
    """The codes a list of selectors names: codes (`N002`), names (`mixed-variant`),
    code prefixes (`N`, `N00`) or `ALL`. Raises UsageError naming `option` otherwise."""
    chosen: set[str] = set()
    for selector in selectors:
        text = selector.strip()
        if not text:
            continue
        rule = find_rule(text)
        if rule is not None:
            chosen.add(rule.code)
            continue
        prefix = text.upper()
        matching = {r.code for r in ALL_RULES if prefix == "ALL" or r.code.startswith(prefix)}
        if not matching:
            raise UsageError(f"{option}: no rule or rule family {text!r} (see `annotator "
                             f"rules`)")
        chosen |= matching
    return chosen
