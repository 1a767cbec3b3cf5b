"""`annotator explain LATEX`: a formula or symbol in words.

Each symbol with its reading and meaning (the knowledge base's, chosen from the
formula's own context: `\\sigma(z)` is applied, so a sigmoid), unknown symbols listed as
unknown, and the formula's structure where a template recognises it:
`\\nabla_\\theta \\mathcal{L}` is "the gradient of 𝓛 (loss function) with respect to θ".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .analysis import analyze_formula
from .knowledge import KnowledgeBase, notation_key
from .latexify import to_latex
from .lexer import CS, Tok
from .match import Context, fill, match_symbol
from .mathparse import Atom, Command, Fenced, Group, Node, Scripted, Text
from .model import Entry, KnowledgeMatch, Symbol
from .model import Text as Bilingual
from .normalize import STAR_NAMES
from .patterns import compile_pattern, find_all
from .render.unicode import to_unicode

MAX_GLOSS_WORDS = 6
"""A placeholder is glossed with its symbol's meaning only when that meaning is short."""


@dataclass(frozen=True)
class StructureLine:
    """A part of the formula a template recognises, in words."""

    latex: str
    """The matched part, canonical LaTeX."""
    shown: str
    """The matched part as Unicode."""
    text: Bilingual
    """The template's reading, filled in."""
    entry: str
    """The entry the template belongs to."""
    pattern: str
    """The template."""
    start: int
    """Position of the part in the formula's top-level order (for sorting)."""


@dataclass(frozen=True)
class NotationLine:
    """Notation that is not a glossary symbol but has an entry: `\\in`, `\\to`, `\\sqrt`."""

    latex: str
    shown: str
    entry: Entry


@dataclass(frozen=True)
class Explanation:
    latex: str
    shown: str
    symbols: tuple[Symbol, ...]
    structure: tuple[StructureLine, ...]
    notation: tuple[NotationLine, ...]


def explain(latex: str, kb: KnowledgeBase, topics: tuple[str, ...] = ()) -> Explanation:
    """Everything `annotator explain` says about a formula."""
    nodes, symbols = analyze_formula(latex)
    context = Context(frozenset(topics), (frozenset(s.key for s in symbols),), None)
    matched = tuple(_with_knowledge(symbol, kb, context) for symbol in symbols)
    glosses = {symbol.key: _gloss(symbol.knowledge) for symbol in matched}
    return Explanation(latex=latex, shown=to_unicode(nodes), symbols=matched,
                       structure=_structure(nodes, kb, glosses),
                       notation=_notation(nodes, kb))


def _with_knowledge(symbol: Symbol, kb: KnowledgeBase, context: Context) -> Symbol:
    return replace(symbol, knowledge=match_symbol(symbol, kb, context))


def _gloss(match: KnowledgeMatch | None) -> Bilingual | None:
    """A short name for a symbol in a sentence: 'loss function', '损失函数'."""
    if match is None or match.entry is None or match.match == "convention":
        return None
    if match.entry.id.startswith("letter-") and not match.reason:
        return None  # a plain letter's default meaning is a guess: no gloss in a sentence
    meaning = match.entry.meanings[match.meaning].text
    english = re.split(r"[.,;:(—]| e\.g\.| i\.e\.", meaning.en, maxsplit=1)[0].strip()
    chinese = re.split(r"[。,，;；:：(（—]", meaning.zh, maxsplit=1)[0].strip()
    if not english or len(english.split()) > MAX_GLOSS_WORDS or len(chinese) > 12:
        return None
    return Bilingual(english[0].lower() + english[1:], chinese)


def _structure(nodes: list[Node], kb: KnowledgeBase,
               glosses: dict[str, Bilingual | None]) -> tuple[StructureLine, ...]:
    found: dict[tuple[str, str], StructureLine] = {}
    for pattern, entry_id in kb.patterns:
        compiled = compile_pattern(pattern.latex)
        if not pattern.placeholders or (len(compiled) == 1 and _bare(compiled[0])):
            continue
        for match in find_all(compiled, nodes):
            values = {name: _filled(list(bound), glosses) for name, bound in match.bindings}
            latex = to_latex(list(match.nodes))
            line = StructureLine(
                latex=latex, shown=to_unicode(list(match.nodes)),
                text=Bilingual(fill(pattern.text, {k: v.en for k, v in values.items()}).en,
                               fill(pattern.text, {k: v.zh for k, v in values.items()}).zh),
                entry=entry_id, pattern=pattern.latex, start=match.start)
            found.setdefault((latex, entry_id), line)
    lines = sorted(found.values(), key=lambda line: (-len(line.latex), line.start))
    return tuple(lines)


def _bare(node: Node) -> bool:
    """A pattern that is a lone placeholder with scripts only (`?x^{2}`) says little."""
    base = node.base if isinstance(node, Scripted) else node
    return isinstance(base, Atom) and base.kind == "placeholder" and not base.accents


def _filled(nodes: list[Node], glosses: dict[str, Bilingual | None]) -> Bilingual:
    """A placeholder's value: the matched math, with its meaning when it is one symbol."""
    shown = to_unicode(nodes)
    _, symbols = analyze_formula(to_latex(nodes))
    main = [s for s in symbols if not all(o.in_script for o in s.occurrences)]
    gloss = glosses.get(main[0].key) if len(main) == 1 else None
    if gloss is None:
        return Bilingual(shown, shown)
    return Bilingual(f"{shown} ({gloss.en})", f"{shown}({gloss.zh})")


def _notation(nodes: list[Node], kb: KnowledgeBase) -> tuple[NotationLine, ...]:
    found: dict[str, NotationLine] = {}
    for node in _atoms_and_commands(nodes):
        key = notation_key([node])
        entry_id = kb.forms.get(key) or kb.aliases.get(key)
        if entry_id is not None and key not in found:
            found[key] = NotationLine(to_latex([node]), to_unicode([node]), kb.entries[entry_id])
    return tuple(found.values())


def _star_modifier(script: list[Node]) -> bool:
    """`w^*`, `\\pi^{\\star}`: the star marks the optimum, it is not a convolution."""
    return len(script) == 1 and isinstance(script[0], Atom) and script[0].name in STAR_NAMES


def _atoms_and_commands(nodes: list[Node]) -> list[Node]:
    """Atoms that are not symbols (relations, arrows, dots) and commands, anywhere."""
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, Atom) and node.kind in ("ordinary", "fence", "open", "close"):
            out.append(node)
        elif isinstance(node, Command):
            out.append(Command(node.name, [], Tok(CS, node.name, node.file, node.start,
                                                  node.end, node.macro), node.end))
            for argument in node.args:
                out.extend(_atoms_and_commands(argument.children))
        elif isinstance(node, Scripted):
            out.extend(_atoms_and_commands([node.base]))
            for script in (node.sub, node.sup):
                if script is not None and not _star_modifier(script.children):
                    out.extend(_atoms_and_commands(script.children))
        elif isinstance(node, Group | Fenced | Text):
            out.extend(_atoms_and_commands(node.children))
    return out

