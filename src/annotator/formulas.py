"""From every math span's tokens to the paper's symbols: mathparse -> tokenize ->
normalize, shared by source input (analysis.analyze) and PDF input (pdf.symbols), so a
formula like `\\mathcal{L}(\\theta)` gets the same keys whichever way it was read.

`formula_symbols` does the same for one formula given as text: the knowledge stage keys
its forms with it (`\\mathbf{x}` in the data finds a paper's `\\vx`) and `annotator
explain` reads its argument with it, so neither needs the orchestrator."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from .lexer import Tok, lex
from .mathparse import Node, parse_math
from .model import Diagnostic, Location, MathSpan, Symbol
from .normalize import build_symbols, gather_evidence
from .positions import LineIndex
from .tokenize import RawSymbol, symbols_of


@dataclass
class PaperSymbols:
    """What the spans hold: symbols, each span's keys and tree, and problems met."""

    symbols: list[Symbol]
    span_keys: list[list[str]]
    trees: list[list[Node]]
    diagnostics: list[Diagnostic]


def paper_symbols(span_tokens: Iterable[list[Tok]], spans: list[MathSpan],
                  locate: Callable[[str, int], Location],
                  texts: Mapping[str, str]) -> PaperSymbols:
    """Symbols of every span (`span_tokens` in the order of `spans`). A formula nested
    too deeply to parse is skipped with a diagnostic, never a crash."""
    raws: list[RawSymbol] = []
    bound: set[str] = set()
    diagnostics: list[Diagnostic] = []
    trees: list[list[Node]] = []
    for index, tokens in enumerate(span_tokens):
        try:
            tree = parse_math(tokens)
            found = symbols_of(tree, index)
        except RecursionError:
            diagnostics.append(Diagnostic("formula nested too deeply to read; skipped",
                                          spans[index].location))
            trees.append([])
            continue
        trees.append(tree)
        offset = len(raws)
        for raw in found.symbols:
            if raw.parent >= 0:
                raw.parent += offset  # parents were numbered within the span
        raws.extend(found.symbols)
        bound |= found.bound
    evidence = gather_evidence(raws, bound)
    symbols, span_keys = build_symbols(raws, evidence, locate, texts)
    span_keys += [[] for _ in range(len(spans) - len(span_keys))]
    return PaperSymbols(symbols, span_keys, trees, diagnostics)


def formula_symbols(latex: str) -> tuple[list[Node], list[Symbol]]:
    """One formula given as text (a knowledge form, `annotator explain`'s argument): its
    tree and its symbols, with positions as offsets into the formula itself."""
    tokens = list(lex(latex, "<formula>"))
    nodes = parse_math(tokens)
    found = symbols_of(nodes, 0)
    evidence = gather_evidence(found.symbols, found.bound)
    index = LineIndex("<formula>", latex)
    symbols, _ = build_symbols(found.symbols, evidence, lambda _f, o: index.location(o),
                               {"<formula>": latex})
    return nodes, symbols
