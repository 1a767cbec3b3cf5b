"""Read the gold glossaries (benchmarks/gold/) and find each gold symbol in annotator's
glossary of the same paper: shared by benchmarks/definitions.py and
benchmarks/meanings.py.

A gold symbol is written as the paper writes it (`\\pi_E`, `\\vx`); its key is found by
analysing it with the paper's own macro definitions, so the gold never has to know the
tool's keys.
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from annotator.analysis import analyze
from annotator.glossary import Glossary, GlossaryEntry, build_glossary
from annotator.knowledge import KnowledgeBase
from annotator.model import Analysis, MacroDef, Paper, SourceFile
from annotator.sources import load_paper

GOLD = Path(__file__).resolve().parent / "gold"


@dataclass
class GoldMeaning:
    definition: str
    file: str
    line: int
    section: str = ""
    also: list[str] = field(default_factory=list)
    kind: str = "prose"


@dataclass
class GoldSymbol:
    latex: str
    variants: list[str]
    defined: bool
    meanings: list[GoldMeaning]
    """The first is the introduction a reader must be shown first."""
    right: list[str]
    misleading: list[str]


@dataclass
class GoldPaper:
    name: str
    split: str
    root: Path
    main: str
    language: str
    symbols: list[GoldSymbol]


def gold_papers(splits: tuple[str, ...] = ("dev",)) -> list[GoldPaper]:
    papers = []
    for split in splits:
        for path in sorted((GOLD / split).glob("*.toml")):
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            papers.append(GoldPaper(data["paper"], split, Path(data["root"]), data["main"],
                                    data.get("language", "en"),
                                    [_symbol(s) for s in data["symbol"]]))
    return papers


def _symbol(data: dict) -> GoldSymbol:
    if "meaning" in data:
        meanings = [GoldMeaning(m["definition"], m["file"], m["line"], m.get("section", ""),
                                m.get("also", []), m.get("kind", data.get("kind", "prose")))
                    for m in data["meaning"]]
    elif data.get("defined"):
        meanings = [GoldMeaning(data["definition"], data["file"], data["line"], "",
                                data.get("also", []), data.get("kind", "prose"))]
    else:
        meanings = []
    return GoldSymbol(data["latex"], data.get("variants", []), bool(data.get("defined")),
                      meanings, [w.lower() for w in data.get("right", [])],
                      [w.lower() for w in data.get("misleading", [])])


@dataclass
class Run:
    paper: GoldPaper
    analysis: Analysis
    glossary: Glossary
    entries: dict[str, GlossaryEntry]


def run(paper: GoldPaper, kb: KnowledgeBase) -> Run | None:
    """The paper's glossary, or None when its source is not on this machine."""
    if not paper.root.is_dir():
        print(f"skipped {paper.name}: {paper.root} not found", file=sys.stderr)
        return None
    analysis = analyze(load_paper(str(paper.root), main=paper.main), kb)
    glossary = build_glossary(analysis, kb)
    return Run(paper, analysis, glossary, {e.symbol.key: e for e in glossary.entries})


def entry_of(run: Run, symbol: GoldSymbol) -> GlossaryEntry | None:
    """The glossary entry of a gold symbol (any of its spellings), or None."""
    for latex in (symbol.latex, *symbol.variants):
        key = symbol_key(latex, run.analysis)
        if key is not None and key in run.entries:
            return run.entries[key]
    return None


def symbol_key(latex: str, analysis: Analysis) -> str | None:
    """The key the tool gives `latex` written in this paper: the formula is read after
    the paper's own preamble (its macro files included), or, when the paper defines its
    macros elsewhere, after its macro definitions written out again."""
    paper = analysis.paper
    main = paper.files[paper.main].text
    head = main.split("\\begin{document}", 1)[0] if "\\begin{document}" in main else ""
    attempts = [head + "\n\\begin{document}\n" if head else "",
                "\n".join(_definition(m) for m in analysis.macros
                          if not m.name.startswith("env:")) + "\n"]
    for preamble in attempts:
        text = f"{preamble}\n${latex}$\n\\end{{document}}\n" if preamble.endswith(
            "{document}\n") else f"{preamble}\n${latex}$\n"
        files = {**paper.files, "__gold__.tex": SourceFile("__gold__.tex", text)}
        found = analyze(Paper("gold", "__gold__.tex", files, root=paper.root))
        last = len(found.math) - 1
        for candidate in found.symbols:
            for occurrence in candidate.occurrences:
                if occurrence.span == last and not occurrence.in_script:
                    return candidate.key
    return None


def _definition(macro: MacroDef) -> str:
    if macro.command == "let":
        return f"\\let\\{macro.name}={macro.body}"
    if macro.command in ("def", "gdef", "edef", "xdef"):
        parameters = "".join(f"#{i + 1}" for i in range(macro.nargs))
        return f"\\def\\{macro.name}{parameters}{{{macro.body}}}"
    arguments = f"[{macro.nargs}]" if macro.nargs else ""
    default = f"[{macro.default}]" if macro.default is not None else ""
    return f"\\newcommand{{\\{macro.name}}}{arguments}{default}{{{macro.body}}}"


_MATH = re.compile(r"\$[^$]*\$")
_WORD = re.compile(r"[a-z0-9]+|[\u4e00-\u9fff]")
_STOP = frozenset({"the", "a", "an", "of", "our", "its", "their", "this", "that", "each",
                   "every", "to", "in", "on", "for", "and", "or", "is", "are", "be", "by",
                   "with", "at", "as", "from", "we", "which", "it", "的", "为", "是"})


def words(text: str) -> list[str]:
    """Content words of a description, math and markup dropped: 'the expert policy
    $\\pi_E$' -> ['expert', 'policy']."""
    plain = _MATH.sub(" ", text.lower())
    plain = re.sub(r"\\['`^\"~=.]\{?([a-z])\}?", r"\1", plain)  # Fr\'echet -> Frechet
    plain = re.sub(r"\\[a-z]+", " ", plain)
    return [w for w in _WORD.findall(plain) if w not in _STOP]


def same_description(shown: str, gold: str) -> bool:
    """A shown description says what the gold phrase says: the same content words, give
    or take a few (a longer phrase that contains the gold one, or most of it)."""
    said, wanted = words(shown), words(gold)
    if not wanted:
        return not said
    if not said:
        return False
    common = len(set(said) & set(wanted))
    if common == len(set(wanted)):
        return len(said) <= len(wanted) + 4
    if said == wanted[:len(said)] and len(said) >= min(2, len(wanted)) \
            and all(word.isascii() for word in said):
        # the noun phrase without its modifiers: "the total number of actions"; not in
        # Chinese, whose modifiers come first: "带有" (having) begins "带有 $N$ 个像素的图片"
        return True
    return common >= max(1, round(0.6 * len(set(wanted)))) and common >= 0.5 * len(set(said))
