"""`annotator explain LATEX`: a formula or symbol in words, like a tutor.

First the named formula, when a formula template (recognise.py) knows it: "softmax —
turns a vector of scores into a probability distribution; here z plays the logits and C
the number of classes". Then its parts, from the knowledge base's notation templates:
`\\nabla_\\theta \\mathcal{L}` is "the gradient of 𝓛 (loss function) with respect to θ".
Then each symbol with its reading and meaning (chosen from the formula's own context:
`\\sigma(z)` is applied, so a sigmoid), and, with a paper, the paper's own definition.

Rows of an aligned display are read one by one, each `&= ...` row with the left-hand
side it continues; a part never starts or ends with an operator or punctuation, and a
placeholder at the edge of a template takes one term (`\\mu + \\sigma \\odot \\epsilon` is
μ plus the product σ ⊙ ε; `\\log p(x) + 1` is the logarithm of p(x)).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from .analysis import analyze_formula
from .canonical import CLAUSE_BREAKS, RELATIONS, SIGNS
from .knowledge import KnowledgeBase, notation_key
from .latexify import to_latex
from .lexer import BGROUP, CS, EGROUP, Tok, lex
from .match import Context, fill, match_symbol
from .mathparse import Atom, Command, Fenced, Group, Node, Scripted, Text
from .model import Entry, KnowledgeMatch, MacroDef, Symbol
from .model import Text as Bilingual
from .normalize import STAR_NAMES
from .patterns import Found, compile_pattern, find_all
from .recognise import Recognised, formula_text, primary, recognise, templates
from .render.unicode import latex_to_unicode, to_unicode

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
class FormulaLine:
    """A named formula the formula is, or contains: what it is and who plays which role."""

    recognised: Recognised
    shown: str
    """The matched part as Unicode."""
    text: Bilingual
    """"softmax — turns ...; here z plays the logits and C the number of classes"."""


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
    formulas: tuple[FormulaLine, ...] = ()
    """Named formulas, the formula's own name first."""
    definitions: tuple[tuple[str, str], ...] = ()
    """(symbol key, the paper's definition) for `explain --paper`."""


def formula_problem(latex: str) -> str | None:
    """What makes a formula given on the command line unreadable, with its column, or
    None: a `{` never closed (`\\frac{a`), a `}` that closes nothing, `\\begin{env}`
    without its `\\end{env}` (or the other way round), `\\left(` without `\\right)`.
    TeX refuses all of these, and read anyway the formula would be explained as
    something it is not (`\\frac{` shown as a lone fraction bar)."""
    groups: list[Tok] = []
    environments: list[tuple[str, Tok]] = []
    fences: list[Tok] = []
    tokens = list(lex(latex, "<formula>"))
    for index, token in enumerate(tokens):
        if token.kind == BGROUP:
            groups.append(token)
        elif token.kind == EGROUP:
            if not groups:
                return f"column {token.pos + 1}: this '}}' closes no '{{'"
            groups.pop()
        elif token.kind == CS and token.text in ("begin", "end"):
            name = _environment_argument(tokens, index + 1)
            if token.text == "begin":
                environments.append((name, token))
            elif not environments or environments[-1][0] != name:
                return f"column {token.pos + 1}: \\end{{{name}}} ends no \\begin{{{name}}}"
            else:
                environments.pop()
        elif token.kind == CS and token.text == "left":
            fences.append(token)
        elif token.kind == CS and token.text == "right":
            if not fences:
                return f"column {token.pos + 1}: this \\right has no \\left"
            fences.pop()
    if environments:
        name, token = environments[-1]
        return f"column {token.pos + 1}: \\begin{{{name}}} is never ended by \\end{{{name}}}"
    if groups:
        return f"column {groups[-1].pos + 1}: this '{{' is never closed"
    if fences:
        return f"column {fences[-1].pos + 1}: this \\left has no \\right"
    return None


def _environment_argument(tokens: list[Tok], start: int) -> str:
    """The name in `{...}` right after `\\begin` / `\\end` ('' when there is none)."""
    if start >= len(tokens) or tokens[start].kind != BGROUP:
        return ""
    name = []
    for token in tokens[start + 1:]:
        if token.kind == EGROUP:
            break
        name.append(token.text)
    return "".join(name).strip()


def explain(latex: str, kb: KnowledgeBase, topics: tuple[str, ...] = (),
            definitions: dict[str, str] | None = None) -> Explanation:
    """Everything `annotator explain` says about a formula. `definitions`: symbol key ->
    the paper's own words about it (`explain --paper`)."""
    latex = dlbook_macros(formula_text(latex))
    nodes, symbols = analyze_formula(latex)
    context = Context(frozenset(topics), (frozenset(s.key for s in symbols),), None)
    found = recognise(nodes, templates(), {"<formula>": latex})
    elementwise = any(_ELEMENTWISE_STAR.search(r.latex) for r in found)
    matched = tuple(_index_not_imaginary(_with_knowledge(symbol, kb, context, elementwise))
                    for symbol in symbols)
    glosses = {symbol.key: _gloss(symbol.knowledge) for symbol in matched}
    shown_definitions = tuple((s.key, definitions[s.key]) for s in matched
                              if definitions and s.key in definitions)
    return Explanation(latex=latex, shown=to_unicode(nodes), symbols=matched,
                       structure=_structure(nodes, kb, glosses, elementwise),
                       notation=_notation(nodes, kb, elementwise),
                       formulas=_formula_lines(found, definitions or {}),
                       definitions=shown_definitions)


@dataclass(frozen=True)
class PaperContext:
    """What `explain LATEX --paper PAPER` takes from the paper."""

    latex: str
    """The formula with the paper's macros expanded (`\\vx` -> `\\boldsymbol{x}`)."""
    definitions: dict[str, str]
    """Symbol key -> the paper's own definition (its most confident one)."""
    topics: tuple[str, ...]
    """What the paper is about, for meanings that depend on it."""


def paper_context(paper: str, latex: str, kb: KnowledgeBase) -> PaperContext:
    """Read `paper` (anything `annotator glossary` reads) and expand `latex` with its
    macros: the macros' definitions and the formula are read as one small document, so
    the expansion is the pipeline's own. InputError when the paper cannot be read."""
    from .api import analyze

    analysis = analyze(paper, knowledge=kb)
    preamble = "\n".join(filter(None, (_definition_text(m) for m in analysis.macros)))
    document = f"{preamble}\n\\[ {latex} \\]\n"
    expanded = analyze("explain-formula.tex", data=document.encode("utf-8"))
    trees = [tree for tree, span in zip(expanded.trees, expanded.math, strict=False)
             if span.display]
    text = to_latex(trees[-1]) if trees and trees[-1] else latex
    definitions = {}
    for symbol in analysis.symbols:
        shown = [d for d in symbol.definitions if d.source != "property"]
        if shown:
            definitions[symbol.key] = _readable(max(shown, key=lambda d: d.confidence).text)
    return PaperContext(text, definitions, analysis.topics)


_INLINE_MATH = re.compile(r"\$([^$]+)\$")


def _readable(text: str) -> str:
    """A definition as a reader sees it: `$i$-th input` -> `i-th input`, a defining
    equation's `\\boldsymbol{X}\\boldsymbol{W}^{Q}` -> `𝐗𝐖^Q`."""
    if "$" in text:
        return _INLINE_MATH.sub(lambda m: latex_to_unicode(m.group(1)), text)
    if "\\" in text or not re.search(r"[a-z]{3,} [a-z]", text):
        return latex_to_unicode(text)
    return text


def _definition_text(macro: MacroDef) -> str:
    """A macro definition written back as LaTeX (`\\newcommand{\\vx}{\\bm{x}}`); ''
    for those that cannot be (environments, delimited \\def parameters)."""
    if macro.name.startswith("env:") or not macro.name.isalpha():
        return ""
    if macro.command.startswith("DeclareMathOperator"):
        return f"\\{macro.command}{{\\{macro.name}}}{{{macro.body}}}"
    if macro.command not in ("newcommand", "renewcommand", "providecommand", "def", "let",
                             "gdef", "edef", "newcommand*", "renewcommand*"):
        return ""
    count = f"[{macro.nargs}]" if macro.nargs else ""
    default = f"[{macro.default}]" if macro.default is not None else ""
    return f"\\newcommand{{\\{macro.name}}}{count}{default}{{{macro.body}}}"


_DLBOOK_LETTER = re.compile(r"\\(rv|rm|v|m|t)([A-Za-z])(?![A-Za-z{])")
"""`\\vx`, `\\mW`; never a command with an argument (physics' `\\vb{x}`)."""
_DLBOOK_FONTS = {"v": "\\boldsymbol", "m": "\\boldsymbol", "rv": "\\mathbf", "rm": "\\mathbf",
                 "t": "\\mathsf"}
_LATEX_COMMANDS = frozenset({"mu", "mp", "to", "tt", "rm", "th", "vr"})
"""Two-letter commands of LaTeX itself that look like the book's macros (`\\mu`, `\\to`)."""
_DLBOOK_WORDS = {"E": "\\mathbb{E}", "KL": "D_{\\mathrm{KL}}", "Var": "\\mathrm{Var}",
                 "Cov": "\\mathrm{Cov}", "softmax": "\\operatorname{softmax}",
                 "sigmoid": "\\sigma", "R": "\\mathbb{R}", "Ls": "\\mathcal{L}"}
_DLBOOK_WORD = re.compile(r"\\(" + "|".join(_DLBOOK_WORDS) + r")(?![A-Za-z])")


def dlbook_macros(latex: str) -> str:
    """The Deep Learning book's notation macros (math_commands.tex), for a formula given
    without its paper: `\\vx` is `\\boldsymbol{x}`, `\\rvx` `\\mathbf{x}`, `\\E` `\\mathbb{E}`,
    `\\KL` `D_{\\mathrm{KL}}` (a paper's own definitions, with `--paper`, come first)."""
    def letter(match: re.Match[str]) -> str:
        prefix, char = match.groups()
        if prefix + char in _LATEX_COMMANDS:
            return match.group(0)
        font = _DLBOOK_FONTS[prefix]
        if prefix in ("m", "rm", "t") and not char.isupper():
            return match.group(0)
        return f"{font}{{{char}}}"

    return _DLBOOK_WORD.sub(lambda m: _DLBOOK_WORDS[m.group(1)] + " ",
                            _DLBOOK_LETTER.sub(letter, latex))


_ELEMENTWISE_STAR = re.compile(r"\\ast\b|\*")
"""A star inside a recognised formula (dropout's `r \\ast y`, GLU's `X * W`) is the
element-wise product the template reads it as, not a convolution."""


def _formula_lines(found: list[Recognised], definitions: dict[str, str]
                   ) -> tuple[FormulaLine, ...]:
    """The named formulas, the formula's own (widest) first, each template once: of its
    matches (`Attention(Q, K, V) = ...` by name and by its right-hand side), the one that
    binds the most roles."""
    best: dict[str, Recognised] = {}
    for item in found:
        kept = best.get(item.template)
        if kept is None or (len(item.bindings), item.end - item.start) > \
                (len(kept.bindings), kept.end - kept.start):
            best[item.template] = item
    first = primary(found)
    ordered = sorted(best.values(), key=lambda r: (
        first is None or r.template != first.template, -(r.end - r.start), r.nested,
        -len(r.latex), r.start))
    return tuple(FormulaLine(item, latex_to_unicode(item.latex),
                             _tutor_text(item, definitions)) for item in ordered)


def _tutor_text(item: Recognised, definitions: dict[str, str] | None = None) -> Bilingual:
    """"softmax — turns scores into probabilities ...; here z plays the logits, i the
    class index and C the number of classes" (Chinese: "……；这里 z 是 logits……")."""
    roles = [(latex_to_unicode(value) + _paper_says(value, definitions), name)
             for _role, name, value in item.bindings if value and len(value) <= 40]
    english = f"{item.name.en} — {item.summary.en}"
    chinese = f"{item.name.zh}——{item.summary.zh}"
    if roles:
        parts = [f"{shown} {name.en}" for shown, name in roles]
        parts[0] = f"{roles[0][0]} plays {roles[0][1].en}"
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        english += f"; here {listed}"
        chinese += "；这里 " + "，".join(f"{shown} 是{_spaced(name.zh)}" for shown, name in roles)
    return Bilingual(english, chinese)


def _paper_says(latex: str, definitions: dict[str, str] | None) -> str:
    """` ("the logits")`: the paper's own words for a role's letter, with `--paper`."""
    if not definitions:
        return ""
    keys = _main_keys(latex)
    if len(keys) == 1 and keys[0] in definitions:
        return f" (“{definitions[keys[0]]}”)"
    return ""


def _spaced(chinese: str) -> str:
    """A space between 是 and a Latin word: "z 是 logits", "i 是类别下标"."""
    return " " + chinese if chinese[:1].isascii() else chinese


def _with_knowledge(symbol: Symbol, kb: KnowledgeBase, context: Context,
                    elementwise: bool) -> Symbol:
    if elementwise and symbol.key in _STARS and "odot" in kb.entries:
        odot = kb.entries["odot"]
        return replace(symbol, knowledge=KnowledgeMatch(
            id=odot.id, name_en=odot.name.en, name_zh=odot.name.zh, match="exact",
            entry=odot, detail_en="here the element-wise product of the named formula",
            detail_zh="此处为所识别公式中的逐元素乘积"))
    return replace(symbol, knowledge=match_symbol(symbol, kb, context))


_STARS = frozenset({"\\ast", "*", "ast"})


def _index_not_imaginary(symbol: Symbol) -> Symbol:
    """`i` only in subscripts (`z_i`, `\\sum_{i=1}^n`) is an index, even next to `\\exp`:
    the imaginary unit is a factor (`e^{i\\theta}`), never a subscript."""
    match = symbol.knowledge
    if match is None or match.entry is None or not symbol.occurrences \
            or not all(o.in_script and o.script == "sub" for o in symbol.occurrences):
        return symbol
    meanings = match.entry.meanings

    def imaginary(index: int) -> bool:
        return "imaginary" in meanings[index].text.en.lower()

    if not imaginary(match.meaning):
        # not even as another meaning it may have ("also: imaginary unit")
        others = tuple(i for i in match.alternatives if not imaginary(i))
        return replace(symbol, knowledge=replace(match, alternatives=others))
    for index, meaning in enumerate(meanings):
        if index != match.meaning and "index" in meaning.text.en.lower():
            others = tuple(i for i in match.alternatives if i != index and not imaginary(i))
            return replace(symbol, knowledge=replace(match, meaning=index, reason="",
                                                     alternatives=others))
    return symbol


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


def _structure(nodes: list[Node], kb: KnowledgeBase, glosses: dict[str, Bilingual | None],
               elementwise: bool = False) -> tuple[StructureLine, ...]:
    """The parts the knowledge base's notation templates read, row by row."""
    found: dict[tuple[str, str], StructureLine] = {}
    rows = _rows(nodes)
    for pattern, entry_id in kb.patterns:
        if elementwise and entry_id == "ast":
            continue
        compiled = compile_pattern(pattern.latex)
        if not pattern.placeholders or (len(compiled) == 1 and _bare(compiled[0])):
            continue
        edges = _edge_placeholders(compiled)
        for row in rows:
            for match in find_all(compiled, row, lambda m, _s, e=edges: _clean_part(m, e)):
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


_SEPARATORS = frozenset({"&", "begin", "end"})
_ROW_BREAKS = frozenset({"\\", "cr", "newline"})
_RELATIONS = RELATIONS | {"ne", "neq", "sim", "in"}
"""Where an aligned row's left-hand side ends (the notation templates read `x \\sim p` and
`x \\in X` as two sides too)."""
_BREAKS = _RELATIONS | SIGNS | CLAUSE_BREAKS | {"\\|", "|", "mid"}
_PUNCTUATION = _BREAKS | {".", ":", "!", "'", "cdot", "times", "odot", "ast", "*", "circ",
                          "otimes", "oplus", "/", "to", "rightarrow", "mapsto"}


def _rows(nodes: list[Node]) -> list[list[Node]]:
    """The rows of a display without alignment marks; a row that starts with a relation
    (`&= c` after `a &= b`) gets the left-hand side it continues, so it reads `a = c`."""
    rows: list[list[Node]] = [[]]
    for node in nodes:
        if isinstance(node, Atom) and node.kind == "separator":
            if node.name in _ROW_BREAKS:
                rows.append([])
            elif node.name not in _SEPARATORS:
                rows[-1].append(node)
            continue
        rows[-1].append(node)
    rows = [row for row in rows if row]
    out: list[list[Node]] = []
    left: list[Node] = []
    for row in rows:
        cut = next((i for i, n in enumerate(row) if _is(n, _RELATIONS)), None)
        if cut == 0 and left:
            row = left + row
        elif cut:
            left = row[:cut]
        out.append(row)
    return out or [[]]


def _is(node: Node, names: frozenset[str]) -> bool:
    return isinstance(node, Atom) and node.kind != "letter" and node.name in names


def _edge_placeholders(pattern: tuple[Node, ...]) -> dict[str, frozenset[str]]:
    """Placeholders at the start or end of a pattern, with what their value must not
    hold at its top level: next to a product or a function (`?a \\odot ?b`, `\\log ?x`)
    one term, no sign; next to a relation (`?x \\leftarrow ?y`) a whole side, no other
    relation nor comma."""
    edges: dict[str, frozenset[str]] = {}
    if len(pattern) < 2:
        return edges
    for node, neighbour in ((pattern[0], pattern[1]), (pattern[-1], pattern[-2])):
        if isinstance(node, Atom) and node.kind == "placeholder":
            side = _is(neighbour, _RELATIONS | {"to", "rightarrow", "mapsto"})
            edges[node.name] = _BREAKS - SIGNS if side else _BREAKS
    return edges


def _top_level_break(nodes: tuple[Node, ...], breaks: frozenset[str]) -> bool:
    """One of `breaks` outside brackets (`Q(s', a')` has no comma at the top)."""
    depth = 0
    for node in nodes:
        core = node.base if isinstance(node, Scripted) else node
        if isinstance(core, Atom) and core.kind == "open":
            depth += 1
        elif isinstance(core, Atom) and core.kind == "close":
            depth = max(depth - 1, 0)
        elif depth == 0 and _is(node, breaks):
            return True
    return False


def _clean_part(match: Found, edges: dict[str, frozenset[str]]) -> bool:
    """A part worth a line: it does not start or end with an operator or punctuation
    (`+σ⊙ϵ`, `, x`), and its edge placeholders bind one term each."""
    nodes = match.nodes
    if not nodes or _is(nodes[0], _PUNCTUATION - {"-"}) or _is(nodes[-1], _PUNCTUATION):
        return False
    for name, bound in match.bindings:
        if name in edges and len(bound) > 1 and _top_level_break(bound, edges[name]):
            return False
        if bound and (_is(bound[0], _PUNCTUATION - {"-"}) or _is(bound[-1], _PUNCTUATION)):
            return False
    return True


def _bare(node: Node) -> bool:
    """A pattern that is a lone placeholder with scripts only (`?x^{2}`) says little."""
    base = node.base if isinstance(node, Scripted) else node
    return isinstance(base, Atom) and base.kind == "placeholder" and not base.accents


def _filled(nodes: list[Node], glosses: dict[str, Bilingual | None]) -> Bilingual:
    """A placeholder's value: the matched math, with its meaning when it is one symbol."""
    shown = to_unicode(nodes)
    main = _main_keys(to_latex(nodes))
    gloss = glosses.get(main[0]) if len(main) == 1 else None
    if gloss is None:
        return Bilingual(shown, shown)
    return Bilingual(f"{shown} ({gloss.en})", f"{shown}({gloss.zh})")


@lru_cache(maxsize=1024)
def _main_keys(latex: str) -> tuple[str, ...]:
    """Keys of the symbols of `latex` that are not only in scripts (read once per value:
    an aligned block repeats the same values in many parts)."""
    _, symbols = analyze_formula(latex)
    return tuple(s.key for s in symbols if not all(o.in_script for o in s.occurrences))


def _notation(nodes: list[Node], kb: KnowledgeBase, elementwise: bool = False
              ) -> tuple[NotationLine, ...]:
    found: dict[str, NotationLine] = {}
    for node in _atoms_and_commands(nodes):
        key = notation_key([node])
        if elementwise and isinstance(node, Atom) and node.name in _STARS:
            key = "\\odot"
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
            if not node.name.startswith("accent:"):  # \widehat{m_t}: an accent, no notation
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

