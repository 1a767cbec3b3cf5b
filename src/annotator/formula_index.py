"""The formula templates indexed for a whole paper: each pattern's signature (every atom
name, command name and fence kind in its canonical tree), stored on disk like the
knowledge base (knowledge_store.py: JSON with a checksum, never a pickle).

A display row can match a pattern only when the row's canonical form holds every one of
the pattern's signatures, because patterns.py binds placeholders to whatever it is
given and compares everything else exactly: `\\\\frac{\\\\exp(?z_?i)}{\\\\sum_?j \\\\exp(?z_?j)}`
needs `\\\\frac`, `\\\\exp` and `\\\\sum` in the row. So key_formulas.py gives recognise()
only the patterns a row can match, and compiles no other. Reading and compiling the
templates costs about 0.1 s a run; the index is built once per version of the data and
of the code that makes signatures (its key hashes both), then loaded in milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from . import __version__
from . import knowledge_store as store
from .mathparse import Atom, Command, Fenced, Group, Node, Scripted
from .mathparse import Text as TextNode
from .model import Text
from .recognise import TEMPLATE_FOLDER, Role, Template, compiled, templates

CODE = ("canonical.py", "patterns.py", "mathparse.py", "recognise.py", "formula_index.py")
"""The modules whose code decides a signature: a change to any makes the index stale."""


@dataclass(frozen=True)
class FormulaIndex:
    """The shipped templates, and for each its patterns' signatures (same order)."""

    templates: tuple[Template, ...]
    signatures: tuple[tuple[tuple[str, ...], ...], ...]


_STORED = (FormulaIndex, Template, Role, Text)


def deep_signatures(nodes: list[Node]) -> set[str]:
    """What a row holds: every atom name, command name and fence kind anywhere in `nodes`
    (named as patterns.py's `_signatures` names them, placeholders left out), and each
    also with its nearest container (`sup>a:-` for the minus of `p^{-1/N}`)."""
    return {signature for plain, contextual in _literals(nodes)
            for signature in (plain, contextual) if signature}


def needed_signatures(nodes: list[Node]) -> set[str]:
    """What a pattern needs: each literal inside a script, fence or argument with that
    container (the matcher compares a script with a script, a fence's children with a
    fence's children, an argument with the same command's argument), the others
    anywhere (the matcher searches every list of the row)."""
    return {contextual or plain for plain, contextual in _literals(nodes)}


def _literals(nodes: list[Node]) -> list[tuple[str, str]]:
    """(signature, 'container>signature' or '') of every literal; groups are looked
    through, on both sides alike."""
    found: list[tuple[str, str]] = []
    stack: list[tuple[Node, str]] = [(node, "") for node in nodes]
    while stack:
        node, container = stack.pop()
        if isinstance(node, Atom):
            if node.kind != "placeholder":
                found.append(_signed("a:" + node.name, container))
        elif isinstance(node, Command):
            found.append(_signed("c:" + node.name, container))
            stack.extend((child, "arg:" + node.name) for argument in node.args
                         for child in argument.children)
        elif isinstance(node, Fenced):
            found.append(_signed("f:" + node.kind, container))
            stack.extend((child, "fence:" + node.kind) for child in node.children)
        elif isinstance(node, Group | TextNode):
            stack.extend((child, container) for child in node.children)
        elif isinstance(node, Scripted):
            stack.append((node.base, "base"))
            stack.extend((script, name) for name, part in (("sub", node.sub),
                                                           ("sup", node.sup))
                         if part is not None for script in part.children)
    return found


def _signed(signature: str, container: str) -> tuple[str, str]:
    return signature, f"{container}>{signature}" if container else ""


@lru_cache(maxsize=1)
def formula_index() -> FormulaIndex:
    """The index, from its store when the templates and the code are unchanged."""
    return store.cached("formulas", _key(), FormulaIndex, _STORED,
                        lambda: build_index(templates()), _whole)


def build_index(chosen: tuple[Template, ...]) -> FormulaIndex:
    return FormulaIndex(chosen, tuple(
        tuple(tuple(sorted(needed_signatures(list(compiled(pattern)))))
              for pattern in template.patterns) for template in chosen))


def _whole(index: FormulaIndex) -> bool:
    """Every template with its patterns' signatures (a damaged store may lack some)."""
    return len(index.signatures) == len(index.templates) and all(
        len(signatures) == len(template.patterns)
        for template, signatures in zip(index.templates, index.signatures, strict=True))


def _key() -> str:
    """The version, the store's schema, every template file and the signature code."""
    folder = resources.files("annotator.knowledge_files").joinpath(TEMPLATE_FOLDER)
    items = sorted((item for item in folder.iterdir() if item.name.endswith(".toml")),
                   key=lambda item: item.name)
    code = resources.files("annotator")
    return store.files_key(__version__, _STORED, [
        *((item.name, item.read_bytes()) for item in items),
        *((name, code.joinpath(name).read_bytes()) for name in CODE)])
