"""LaTeX source trees: which file is the main one, and where an \\input points.

Main-file detection follows what arXiv's own tooling does: a file with \\documentclass
and \\begin{document}, preferring the one no other file includes, then common names
(main.tex, ms.tex, paper.tex), and never a supplement or rebuttal when a paper is there.
"""

from __future__ import annotations

import posixpath
import re

from ..errors import InputError
from ..model import SourceFile

_COMMENT = re.compile(r"(?<!\\)((?:\\\\)*)%[^\n]*")
# Every pattern here runs on whole files, so none may backtrack: no two neighbouring
# parts can match the same characters (`\s*` next to `[^{}]+?` made `\input{` followed by
# 50,000 spaces take 20 s). Names are stripped in Python instead.
_DOCUMENTCLASS = re.compile(r"\\documentclass\s*(?:\[[^\]\[]*\])?\s*\{")
_BEGIN_DOCUMENT = re.compile(r"\\begin\s*\{document\}")
# \input{x}, \include{x}, \subfile{x}, \InputIfFileExists{x}, \input x
_INCLUDE = re.compile(
    r"\\(?:input|include|subfile|InputIfFileExists)\s*\{([^{}]*)\}"
    r"|\\input\s+([^\s{}\\%]+)"
    r"|\\(?:sub)?(?:import|includefrom|inputfrom)\*?\s*\{([^{}]*)\}\s*\{([^{}]*)\}")

TEX_SUFFIXES = (".tex", ".ltx", ".latex")
_PREFERRED_NAMES = ("main", "ms", "paper", "article", "arxiv", "manuscript", "root", "master")
_SECONDARY_WORDS = ("supp", "appendix", "rebuttal", "response", "cover", "letter", "poster",
                    "slides", "talk", "review", "reply", "notation", "template", "example")


def strip_comments(text: str) -> str:
    """The text with every % comment removed (\\% kept)."""
    return _COMMENT.sub(r"\1", text)


def is_document(text: str) -> bool:
    """True for a file with \\documentclass and \\begin{document} outside comments."""
    body = strip_comments(text)
    return bool(_DOCUMENTCLASS.search(body) and _BEGIN_DOCUMENT.search(body))


def normalize_member(path: str) -> str | None:
    """A relative path with '/' separators, or None when it leaves the root."""
    path = path.replace("\\", "/").strip()
    if not path or path.startswith("/") or (len(path) > 1 and path[1] == ":"):
        return None
    cleaned = posixpath.normpath(path)
    if cleaned == ".." or cleaned.startswith("../"):
        return None
    return cleaned


def include_candidates(name: str, current_dir: str = "") -> list[str]:
    """Paths TeX would try for \\input{name}: relative to the root, then to the including
    file's folder, each as written and with .tex added."""
    names = [name] if posixpath.splitext(name)[1] in (*TEX_SUFFIXES, ".sty", ".cls") \
        else [name + ".tex", name]
    found: list[str] = []
    for base in ("", current_dir) if current_dir else ("",):
        for candidate in names:
            joined = normalize_member(posixpath.join(base, candidate))
            if joined is not None and joined not in found:
                found.append(joined)
    return found


def referenced_files(text: str, path: str, known: set[str]) -> set[str]:
    """Files of `known` that `text` (the file at `path`) includes."""
    found: set[str] = set()
    here = posixpath.dirname(path)
    for match in _INCLUDE.finditer(strip_comments(text)):
        single, bare, folder, target = (part.strip() if part else "" for part in match.groups())
        name = single or bare or (posixpath.join(folder, target) if target else "")
        if not name:
            continue
        for candidate in include_candidates(name, here):
            if candidate in known:
                found.add(candidate)
                break
    return found


def choose_main(files: dict[str, SourceFile], requested: str | None, source: str
                ) -> tuple[str, str]:
    """The main file and why it was chosen. Raises InputError when there is none."""
    tex = sorted(p for p in files if p.lower().endswith(TEX_SUFFIXES))
    if requested is not None:
        return _requested_main(files, requested, source, tex)
    if not tex:
        raise InputError("no .tex file found", path=source)
    included: set[str] = set()
    for path in files:
        included |= referenced_files(files[path].text, path, set(files)) - {path}
    documents = [p for p in tex if is_document(files[p].text)]
    if documents:
        roots = [p for p in documents if p not in included] or documents
        best = _rank(roots, files, included)
        reason = "has \\documentclass and \\begin{document}"
        if len(roots) > 1:
            reason += f"; chosen among {len(roots)} such files ({', '.join(roots)})"
        elif len(documents) > 1:
            reason += "; the other candidates are included by it"
        return best, reason
    roots = [p for p in tex if p not in included] or tex
    best = _rank(roots, files, included)
    return best, "no \\documentclass anywhere: read as a LaTeX fragment"


def _requested_main(files: dict[str, SourceFile], requested: str, source: str,
                    tex: list[str]) -> tuple[str, str]:
    for candidate in include_candidates(requested):
        if candidate in files:
            return candidate, "chosen with --main"
    listing = ", ".join(tex[:12]) or "none"
    raise InputError(f"--main {requested}: no such file in the paper (its .tex files: {listing})",
                     path=source)


def _rank(paths: list[str], files: dict[str, SourceFile], included: set[str]) -> str:
    """The most likely paper among candidate roots: a usual name, not a supplement,
    shallowest, then the one whose include tree holds the most text."""
    known = set(files)
    children: dict[str, set[str]] = {}

    def tree_size(root: str) -> int:
        """Iterative (a 3,000-file include chain must not exhaust the stack); each file's
        includes are scanned once for all candidates."""
        seen: set[str] = set()
        stack = [root]
        total = 0
        while stack:
            path = stack.pop()
            if path in seen or path not in files:
                continue
            seen.add(path)
            total += len(files[path].text)
            if path not in children:
                children[path] = referenced_files(files[path].text, path, known)
            stack.extend(children[path])
        return total

    def score(path: str) -> tuple[int, int, int, int]:
        stem = posixpath.splitext(posixpath.basename(path))[0].lower()
        secondary = any(word in stem for word in _SECONDARY_WORDS)
        preferred = stem in _PREFERRED_NAMES
        return (int(secondary), int(not preferred), path.count("/"), -tree_size(path))

    return min(paths, key=score)
