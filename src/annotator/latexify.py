"""Canonical LaTeX of parsed math: `\\mathrm{model}` for a label, `\\boldsymbol{x}` for bold x.

Used for keys' LaTeX, script texts kept on occurrences, and pattern matching."""

from __future__ import annotations

import re

from .latex_tables import GREEK, LETTERLIKE, NAMED_FUNCTIONS
from .mathparse import NAME_FONTS, Atom, Command, Fenced, Group, Node, Scripted, Text

FONT_LATEX = {"bold": "\\boldsymbol", "cal": "\\mathcal", "bb": "\\mathbb",
              "frak": "\\mathfrak", "scr": "\\mathscr", "rm": "\\mathrm", "sf": "\\mathsf",
              "tt": "\\mathtt"}
_ENDS_WITH_COMMAND = re.compile(r"\\[A-Za-z]+$")


def to_latex(nodes: list[Node]) -> str:
    """Canonical LaTeX of script content: `\\mathrm{model}`, `\\theta_{0}`, `(i)`."""
    out = ""
    for node in nodes:
        out = glue(out, _node_latex(node))
    return out


def glue(before: str, after: str) -> str:
    """Two pieces of LaTeX one after the other, with a space where a control word would
    otherwise swallow the next letter: `\\sim p`, not `\\simp`; `\\Vert x`, not `\\Vertx`."""
    if after[:1].isalpha() and _ENDS_WITH_COMMAND.search(before):
        return before + " " + after
    return before + after


def _node_latex(node: Node) -> str:
    if isinstance(node, Atom):
        return _atom_latex(node)
    if isinstance(node, Scripted):
        text = _node_latex(node.base)
        if node.sub is not None:
            text += "_{" + to_latex(node.sub.children) + "}"
        if node.sup is not None:
            text += "^{" + to_latex(node.sup.children) + "}"
        return text + "'" * node.primes
    if isinstance(node, Group):
        return "{" + to_latex(node.children) + "}"
    if isinstance(node, Fenced):
        left = "" if node.left == "." else node.left
        right = "" if node.right == "." else node.right
        return glue(left, to_latex(node.children)) + right
    if isinstance(node, Command):
        if node.name.startswith("accent:"):
            return "\\" + node.name.split(":")[1] + "{" + to_latex(node.args[0].children) + "}"
        return "\\" + node.name + "".join("{" + to_latex(a.children) + "}" for a in node.args)
    if isinstance(node, Text):
        return "\\mathrm{" + node.words + "}" if " " not in node.words \
            else "\\text{" + node.words + "}"
    return ""


def _atom_latex(atom: Atom) -> str:
    if atom.kind == "letter":
        core = letter_latex(atom.name, atom.font)
        core = with_font(core, atom.font)
    elif atom.kind == "number":
        core = with_font(atom.name, atom.font)
    elif atom.kind == "word":  # `step\_num` was read as the word step_num: escape it back
        core = "\\mathrm{" + atom.name.replace("_", "\\_") + "}"
    elif atom.kind in ("function", "bigop", "operator", "relation"):
        core = function_latex(atom.name) if atom.kind == "function" else "\\" + atom.name
    elif atom.kind == "fence":
        core = atom.name
    elif len(atom.name) > 1 and atom.kind in ("ordinary", "other", "separator"):
        core = "\\" + atom.name
    else:
        core = atom.name
    for accent in reversed(atom.accents):
        core = "\\" + accent_command(accent) + "{" + core + "}"
    return core


def accent_command(accent: str) -> str:
    return {"ring": "mathring"}.get(accent, accent)


def letter_latex(name: str, font: str = "") -> str:
    """A letter-like name as LaTeX, before its font: `\\theta`, `x`, `\\mathrm{pos}`; a
    name of capitals in a calligraphic or blackboard font stays bare (`TC` of
    `\\mathcal{TC}`)."""
    if name in GREEK or name in LETTERLIKE:
        return "\\" + name
    if font.split("-")[-1] in NAME_FONTS and name.isascii() and name.isupper():
        return name
    if len(name) > 1 and name.replace("_", "").isalpha():
        return "\\mathrm{" + name.replace("_", "\\_") + "}"  # a named quantity: `pos`
    return name


def with_font(core: str, font: str) -> str:
    if not font:
        return core
    for part in reversed(font.split("-")):
        core = FONT_LATEX.get(part, "\\math" + part) + "{" + core + "}"
    return core


def function_latex(name: str) -> str:
    if name in ("argmax", "argmin"):
        return "\\arg\\" + name[3:]
    if name in NAMED_FUNCTIONS and name not in ("Tr", "tr", "diag", "sgn"):
        return "\\" + name
    return "\\operatorname{" + name + "}"


