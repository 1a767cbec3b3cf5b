"""Baseline for bench.py: a pylatexenc walk of the whole document, every .tex file of the
paper parsed into a node tree (what a tool built directly on pylatexenc would do first)."""

from __future__ import annotations

import sys

from pylatexenc.latexwalker import LatexWalker

from annotator.sources import load_paper


def main(path: str) -> int:
    paper = load_paper(path)
    nodes = 0
    for name, source in paper.files.items():
        if not name.endswith(".tex"):
            continue
        walker = LatexWalker(source.text, tolerant_parsing=True)
        parsed, _, _ = walker.get_latex_nodes()
        stack = list(parsed)
        while stack:
            node = stack.pop()
            nodes += 1
            for attribute in ("nodelist",):
                children = getattr(node, attribute, None)
                if children:
                    stack.extend(children)
    print(nodes)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
