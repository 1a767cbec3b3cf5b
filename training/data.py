"""Labelled definition candidates for training and scoring the definition scorer.

Two sources, both gold written by people, not by this tool:
- SymLink (SemEval-2022 Task 12, train split, `../shared/corpus/gold-symlink-semeval2022/
  train`): 3,120 LaTeX paragraphs of 95 arXiv papers; a `Direct` relation links a
  description to the symbol it describes.
- `training/labels/*.json`: paragraphs of the corpus papers labelled by reading the
  LaTeX (training/labels/README.md): every definition link in a chosen paragraph, and
  properties, which count as negatives.

Each paragraph (or each whole corpus paper) goes through the real pipeline; every
candidate the rules propose gets the label "true" when its symbol occurrence overlaps a
gold symbol and its description overlaps that symbol's gold description.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from annotator.analysis import analyze
from annotator.definitions.candidates import Candidate, generate
from annotator.errors import InputError
from annotator.knowledge import KnowledgeBase, load
from annotator.match import usual_lookup
from annotator.model import Analysis, Paper, SourceFile
from annotator.sources import load_paper

ROOT = Path(__file__).resolve().parent.parent
SYMLINK = ROOT.parent / "shared" / "corpus" / "gold-symlink-semeval2022" / "train"
LABELS = ROOT / "training" / "labels"

Span = tuple[int, int]


@dataclass(frozen=True)
class GoldLink:
    file: str
    symbol: Span
    description: Span


@dataclass(frozen=True)
class Example:
    """One candidate with its label and the document it comes from (for folds)."""

    document: str
    features: dict[str, float]
    label: bool
    candidate: Candidate
    source: str
    """'symlink' or 'labels'."""
    gold: frozenset[int]
    """Indices (in the document's gold list) of the gold links it matches."""
    mention: tuple[str, int, int]
    """(file, sentence start, symbol offset): one description per mention is kept."""
    annotated: bool = True
    """Its symbol is one the annotators marked (a SymLink SYMBOL entity): SymLink leaves
    whole paragraphs and many symbols unmarked, so a candidate for an unmarked symbol
    cannot be judged right or wrong (reported apart, never used in training)."""


@dataclass
class Document:
    """The examples of one document and how many gold links it has."""

    name: str
    source: str
    gold: int = 0
    examples: list[Example] = field(default_factory=list)


def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _symbol_span(candidate: Candidate) -> Span:
    occurrence = candidate.occurrence
    return occurrence.location.offset, max(occurrence.end, occurrence.location.offset + 1)


def matches(candidate: Candidate, gold: GoldLink) -> bool:
    occurrence = candidate.occurrence
    return occurrence.location.file == gold.file and candidate.file == gold.file \
        and overlaps(_symbol_span(candidate), gold.symbol) \
        and overlaps((candidate.start, candidate.end), gold.description)


def symlink_paragraphs(folder: Path = SYMLINK) -> Iterator[tuple[str, str, list[GoldLink]]]:
    """(document, paragraph text, gold Direct links) of every SymLink paragraph."""
    for name, text, links, _ in _symlink_paragraphs(folder):
        yield name, text, links


def _symlink_paragraphs(folder: Path) -> Iterator[tuple[str, str, list[GoldLink], list[Span]]]:
    """The same, with the spans of every SYMBOL entity the annotators marked."""
    for path in sorted(folder.glob("*.json")):
        for paragraph in json.loads(path.read_text(encoding="utf-8")).values():
            symbols = [(e["start"], e["end"]) for e in paragraph.get("entity", {}).values()
                       if e["label"] == "SYMBOL"]
            yield paragraph["document"], paragraph["text"], _symlink_links(paragraph), symbols


def _symlink_links(paragraph: dict) -> list[GoldLink]:
    entities = paragraph.get("entity", {})
    links = []
    for relation in paragraph.get("relation", {}).values():
        if relation["label"] != "Direct":
            continue
        first, second = entities[relation["arg0"]], entities[relation["arg1"]]
        if first["label"] == "SYMBOL":
            first, second = second, first
        if second["label"] != "SYMBOL" or first["label"] == "SYMBOL":
            continue
        links.append(GoldLink("main.tex", (second["start"], second["end"]),
                              (first["start"], first["end"])))
    return links


@lru_cache(maxsize=1)
def _knowledge() -> KnowledgeBase:
    """The shipped knowledge base: candidates are told their symbols' usual meanings, as
    in a real run."""
    return load(())


def paragraph_analysis(text: str) -> Analysis:
    paper = Paper(source="symlink", main="main.tex",
                  files={"main.tex": SourceFile("main.tex", text)})
    return analyze(paper)


def symlink_documents(folder: Path = SYMLINK) -> list[Document]:
    """One Document per SymLink paper, its paragraphs read one by one."""
    documents: dict[str, Document] = {}
    for name, text, gold, symbols in _symlink_paragraphs(folder):
        document = documents.setdefault(name, Document(name, "symlink"))
        base = document.gold
        document.gold += len(gold)
        try:
            analysis = paragraph_analysis(text)
            candidates = generate(analysis, usual_lookup(analysis, _knowledge())).candidates
        except InputError:  # an unclosed verbatim: nothing is read, every gold link missed
            continue
        document.examples += [replace(e, annotated=any(overlaps(_symbol_span(e.candidate), s)
                                                       for s in symbols))
                              for e in _examples(name, "symlink", candidates, gold, base)]
    return list(documents.values())


def _examples(name: str, source: str, candidates: list[Candidate], gold: list[GoldLink],
              base: int) -> list[Example]:
    found = []
    for candidate in candidates:
        if candidate.source != "prose":
            continue
        hits = frozenset(base + i for i, link in enumerate(gold) if matches(candidate, link))
        mention = (candidate.file, candidate.sentence_start,
                   candidate.occurrence.location.offset)
        found.append(Example(name, candidate.features, bool(hits), candidate, source, hits,
                             mention))
    return found


@dataclass(frozen=True)
class LabelledPaper:
    name: str
    root: Path
    paragraphs: list[tuple[str, Span]]
    """(file, span) of every labelled paragraph."""
    links: list[GoldLink]
    """The 'definition' links (properties are negatives)."""


def labelled_papers(folder: Path = LABELS) -> Iterator[LabelledPaper]:
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        root = Path(data["root"])
        if not root.is_dir():
            continue
        paragraphs, links = [], []
        for paragraph in data["paragraphs"]:
            paragraphs.append((paragraph["file"], (paragraph["start"], paragraph["end"])))
            links += [GoldLink(paragraph["file"], tuple(link["symbol"]),
                               tuple(link["description"]))
                      for link in paragraph["links"] if link["label"] == "definition"]
        yield LabelledPaper(data["paper"], root, paragraphs, links)


def labelled_documents(folder: Path = LABELS) -> list[Document]:
    """One Document per labelled corpus paper: the candidates in its labelled paragraphs."""
    documents = []
    for paper in labelled_papers(folder):
        analysis = analyze(load_paper(str(paper.root)))
        candidates = [c for c in generate(analysis, usual_lookup(analysis, _knowledge())).candidates
                      if _inside(c, paper.paragraphs)]
        document = Document(paper.name, "labels", len(paper.links))
        document.examples = _examples(paper.name, "labels", candidates, paper.links, 0)
        documents.append(document)
    return documents


def _inside(candidate: Candidate, paragraphs: list[tuple[str, Span]]) -> bool:
    offset = candidate.occurrence.location.offset
    return any(candidate.occurrence.location.file == file and start <= offset < end
               for file, (start, end) in paragraphs)
