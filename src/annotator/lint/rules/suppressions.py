"""Suppressions (S): the `% annotator: ...` comments themselves."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Location
from ..context import Context
from ..finding import Problem
from ..noqa import ACTIONS, EVERY_RULE, Directive

SELF = ("s001", "unused-suppression")
"""This rule's own code and name: a suppression of it is never reported as unused."""


def unused_suppression(context: Context) -> Iterator[Problem]:
    """## What it does
    Finds suppression comments that silence nothing: the rule they name found nothing
    on that line (or in that range, or that file), the rule does not exist, the comment
    is not one annotator understands, or an `enable` has no `disable` to end.

    ## Why is this bad?
    A suppression outlives the problem it was written for. Left in place, it hides the
    next real problem on that line, and a misspelt rule name silences nothing while
    looking as if it did.

    ## Example
    ```latex
    $x + \\epsilon$  % annotator: ignore[mixed-variant]   (no \\varepsilon anywhere)
    % annotator: ignroe[unused-macro]
    ```

    ## Use instead
    ```latex
    $x + \\epsilon$
    ```

    ## Known problems
    A suppression naming a rule that did not run (left out with `--ignore` or
    `--select`) is not reported, since it may be needed when all rules run.
    """
    directives = context.directives
    for directive in directives:
        if not directive.known:
            yield _problem(directive, f"`annotator: {directive.action}` is not a suppression; "
                                      f"use one of {', '.join(ACTIONS)}")
            continue
        for rule in directive.rules:
            if rule not in context.codes:
                yield _problem(directive, f"no rule is named `{rule}` (see `annotator rules`)")
    for unmatched in context.unmatched:
        directive = directives[unmatched.directive]
        what = "every rule" if unmatched.rule == EVERY_RULE else f"`{unmatched.rule}`"
        yield _problem(directive, f"this enable of {what} ends no disable above it")
    for suppression in context.suppressions:
        rule = suppression.rule
        code = context.codes.get(rule)
        if rule in SELF or (rule != EVERY_RULE and (code is None or code not in context.active)):
            continue
        if (suppression.directive, rule) not in context.used:
            directive = directives[suppression.directive]
            what = "any rule" if rule == EVERY_RULE else f"`{rule}`"
            yield _problem(directive, f"this suppression of {what} silenced nothing; "
                                      f"remove it")


def _problem(directive: Directive, message: str) -> Problem:
    location: Location = directive.location
    return Problem(location, message, end=directive.end)
