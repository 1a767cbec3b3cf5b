"""The orchestrator: runs the stages in order and returns one Analysis.

sources -> expand (includes, macros) -> extract (math, prose) -> mathparse -> tokenize
-> normalize (keys) -> Analysis. Later stages (knowledge matching, definitions) fill
the symbols' `knowledge` and `definitions`; every consumer reads only the Analysis.
"""

from __future__ import annotations

from dataclasses import replace

from . import coverage
from .definitions import attach_definitions
from .expand import Expander
from .extract import extract
from .formulas import formula_symbols, paper_symbols
from .key_formulas import recognised_spans
from .knowledge import KnowledgeBase
from .match import attach_knowledge, usual_lookup
from .mathparse import Node
from .model import Analysis, Paper, Symbol


def analyze(paper: Paper, kb: KnowledgeBase | None = None) -> Analysis:
    """Read a paper's source: every math span, its symbols, prose and sections; with a
    knowledge base, what each symbol means."""
    expander = Expander(paper)
    extraction, spans = extract(expander.tokens(), expander.positions, expander.texts)
    diagnostics = [*paper.diagnostics, *expander.diagnostics, *extraction.diagnostics]
    # Math the reading lost is said first (and no formula at all is an error).
    read = set(expander.file_order)
    diagnostics = [*coverage.check(expander.texts, expander.file_order, paper.main, spans,
                                   diagnostics, expander.positions,
                                   {p: f.text for p, f in paper.files.items()
                                    if p not in read and p.endswith(".tex")}),
                   *diagnostics]
    found = paper_symbols((raw.tokens for raw in extraction.spans), spans,
                          expander.positions.location, expander.texts)
    analysis = Analysis(
        paper=paper, file_order=tuple(expander.file_order),
        macros=tuple(expander.definitions), macro_uses=dict(expander.uses),
        math=tuple(spans), paragraphs=tuple(extraction.paragraphs),
        sections=tuple(extraction.sections), symbols=tuple(found.symbols),
        span_symbols=tuple(tuple(keys) for keys in found.span_keys), title=extraction.title,
        diagnostics=(*diagnostics, *found.diagnostics), trees=tuple(found.trees))
    return finish(analysis, kb)


def finish(analysis: Analysis, kb: KnowledgeBase | None) -> Analysis:
    """The stages every input shares once its math, prose and symbols are read (a PDF's
    too): the paper's own definitions, and the knowledge base's meanings when a base is
    given."""
    # a description that names one of the symbol's usual meanings is likelier its
    # definition ("where $\eta$ is the learning rate"); the knowledge's meanings are
    # chosen after, from what the definitions say
    analysis = attach_definitions(analysis, usual_lookup(analysis, kb) if kb else None)
    if kb is not None:
        # the named formulas first: a displayed SDE tells the knowledge stage its field
        analysis = replace(analysis, recognised=recognised_spans(analysis))
        analysis = attach_knowledge(analysis, kb)
    return analysis


def analyze_formula(latex: str) -> tuple[list[Node], list[Symbol]]:
    """One formula given on the command line (`annotator explain`): its tree and symbols.
    Positions are offsets into the formula itself (formulas.formula_symbols)."""
    return formula_symbols(latex)
