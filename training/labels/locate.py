"""Turn hand-written label specs into exact code-point offsets.

The labels in this folder were written by reading the LaTeX of each corpus
paper. Counting offsets by hand is error-prone, so a label is written as a
line number (the paragraph's anchor) plus the strings as they appear in the
source; this script finds them and writes ``<paper>.json``.

Usage::

    python training/labels/locate.py para  PAPER FILE LINE [MODE]   # show a paragraph
    python training/labels/locate.py find  PAPER FILE LINE MODE SYMBOL DESCRIPTION
    python training/labels/locate.py build training/labels/specs/PAPER.lab [--show]

Spec format (one directive per line, ``#`` starts a comment line)::

    paper directed-info-gail
    file main.tex                 # following paragraphs are in this file
    appendix                      # following paragraphs of this file are in an appendix
    root /work/papers/dlbook-zh-ch5   # optional: the paper's folder when it is not CORPUS/paper
    main ch5.tex                  # optional: the file to compile (recorded as "main")
    para 120 body                 # paragraph that holds line 120 (1-based), context body
    para 120-131 body             # explicit line range
    d \\pi_E | the expert policy   # definition link: SYMBOL | DESCRIPTION
    p \\alpha_t | continuously differentiable      # property link

MODE (also the paragraph's ``context``) picks how the paragraph is cut:
``body``/``appendix``/``proof`` run between blank lines and structural lines
(display math stays inside: "where $x$ is ..." after an equation belongs to it);
``caption``/``footnote`` take the braced argument of the first ``\\caption{``/
``\\footnote{`` at or after the line; ``algorithm``, ``theorem``, ``definition``,
``table``, ``abstract`` take the content of the innermost such environment
around the line; ``list`` takes one ``\\item``. ``para 120 body@list`` cuts as
``list`` but records context ``body``.

A SYMBOL or DESCRIPTION may be followed by ``@N`` (the N-th occurrence in the
paragraph, 1-based) or `` ~ CONTEXT`` (a longer string in the paragraph that
contains it; the first occurrence inside the first CONTEXT is taken). Without
either, the pair of occurrences closest together is taken. Symbols are only
matched inside math, on token boundaries (``x`` does not match in ``x_i``,
``\\exp`` or ``W_x``). Chinese, Japanese and Korean characters have no word
boundaries: a description may start or end next to one (``的学习率``).

``para`` and ``find`` take a corpus paper name or a folder path as PAPER.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

CORPUS = Path("/work/shared/corpus")
HERE = Path(__file__).resolve().parent

CONTEXTS = (
    "body", "caption", "footnote", "algorithm", "theorem", "definition",
    "proof", "table", "abstract", "appendix", "list",
)
LABELS = ("definition", "property")

ENV_NAMES = {
    "algorithm": ("algorithm", "algorithmic", "algorithm2e"),
    "theorem": ("theorem", "lemma", "proposition", "corollary", "claim", "conjecture",
                "thm", "lem", "prop", "cor", "fact", "restatable"),
    "definition": ("definition", "defi", "defn", "assumption", "asmp", "prescription"),
    "remark": ("remark", "remk", "example"),
    "proof": ("proof",),
    "table": ("tabular", "tabularx", "table"),
    "abstract": ("abstract",),
}
MATH_ENVS = (
    "equation", "align", "gather", "multline", "eqnarray", "displaymath", "math",
    "split", "aligned", "alignat", "flalign", "cases", "array", "matrix", "pmatrix",
    "bmatrix", "subequations",
)
STRUCTURAL = re.compile(
    r"^\s*\\(begin|end)\{(?!(?:" + "|".join(MATH_ENVS) + r")\*?\})"
    r"|^\s*\\(section|subsection|subsubsection|chapter|paragraph|item|caption"
    r"|centering|includegraphics|input|include|maketitle|bibliography|appendix"
    r"|newpage|clearpage|vspace|State|Require|Ensure|KwIn|KwOut)\b"
)


LABEL_ONLY = re.compile(r"^\s*\\label\{[^}]*\}\s*$")
LEADS = re.compile(r"^\s*\\(paragraph|subparagraph)\b")


def is_cjk(ch: str) -> bool:
    """Han, kana, hangul or CJK punctuation: text written without spaces between words."""
    code = ord(ch)
    return (
        0x3000 <= code <= 0x30FF or 0x3400 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF
        or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF
    )


def is_word_char(ch: str) -> bool:
    """A letter or digit that joins a word (``x`` in ``ax``); never a CJK character."""
    return ch.isalnum() and not is_cjk(ch)


def is_letter(ch: str) -> bool:
    return ch.isalpha() and not is_cjk(ch)


def paper_root(paper: str) -> Path:
    """``directed-info-gail`` -> the corpus folder; ``/work/papers/x`` -> that folder."""
    return Path(paper) if "/" in paper else CORPUS / paper


def read_text(path: Path) -> str:
    """The file's text as the labels index it (UTF-8, undecodable bytes replaced)."""
    return open(path, encoding="utf-8", errors="replace").read()


def line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")
    return starts


def comment_mask(text: str) -> list[bool]:
    """True for every character inside a ``%`` comment (``\\%`` is not one)."""
    mask = [False] * len(text)
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "%":
            j = text.find("\n", i)
            j = len(text) if j < 0 else j
            for k in range(i, j):
                mask[k] = True
            i = j
            continue
        i += 1
    return mask


def math_mask(text: str, comments: list[bool]) -> list[bool]:
    """True for every character inside math ($...$, \\[...\\], equation, ...)."""
    mask = [False] * len(text)
    env_open = re.compile(r"\\begin\{(" + "|".join(MATH_ENVS) + r")(\*?)\}")
    i, n = 0, len(text)
    while i < n:
        if comments[i]:
            i += 1
            continue
        ch = text[i]
        if ch == "\\" and i + 1 < n:
            nxt = text[i + 1]
            if nxt in "([":
                close = "\\)" if nxt == "(" else "\\]"
                j = text.find(close, i + 2)
                j = n if j < 0 else j
                for k in range(i + 2, j):
                    mask[k] = True
                i = j + 2
                continue
            m = env_open.match(text, i)
            if m:
                end_tag = "\\end{" + m.group(1) + m.group(2) + "}"
                j = text.find(end_tag, m.end())
                j = n if j < 0 else j
                for k in range(m.end(), j):
                    mask[k] = True
                i = j + len(end_tag)
                continue
            i += 2
            continue
        if ch == "$":
            double = text.startswith("$$", i)
            delim = "$$" if double else "$"
            j = i + len(delim)
            while j < n:
                if text[j] == "\\":
                    j += 2
                    continue
                if text.startswith(delim, j):
                    break
                j += 1
            for k in range(i + len(delim), min(j, n)):
                mask[k] = True
            i = j + len(delim)
            continue
        i += 1
    return mask


def matching_brace(text: str, open_at: int) -> int:
    """Index of the ``}`` closing the ``{`` at ``open_at``."""
    depth = 0
    i = open_at
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError(f"unbalanced brace at offset {open_at}")


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def blank_paragraph(text: str, starts: list[int], line: int) -> tuple[int, int]:
    """Lines around ``line`` up to a blank or structural line (kept if it is the anchor)."""
    lines = text.split("\n")

    def stop(k: int) -> bool:
        s = lines[k]
        return not s.strip() or bool(STRUCTURAL.match(s))

    def is_comment(k: int) -> bool:
        return lines[k].lstrip().startswith("%")

    first = last = line - 1
    while first - 1 >= 0 and not stop(first - 1):
        first -= 1
    # "\paragraph{Setup.} Let $x$ ..." starts the paragraph: keep its heading line
    if not LEADS.match(lines[first]) and first - 1 >= 0 and LEADS.match(lines[first - 1]):
        first -= 1
    while last + 1 < len(lines) and not stop(last + 1):
        last += 1
    # whole-line comments do not end a paragraph in LaTeX, but none starts or ends one here
    while first < line - 1 and is_comment(first):
        first += 1
    while last > line - 1 and is_comment(last):
        last -= 1
    # "\section{...}\n\label{sec:x}\nText": the label line belongs to the heading
    while first < line - 1 and LABEL_ONLY.match(lines[first]):
        first += 1
    start = starts[first]
    end = starts[last] + len(lines[last])
    return strip_span(text, start, end)


def command_argument(text: str, starts: list[int], line: int, command: str) -> tuple[int, int]:
    found = re.compile(r"\\" + command + r"(of)?\b").search(text, starts[line - 1])
    if not found:
        raise ValueError(f"no \\{command} at or after line {line}")
    brace = text.find("{", found.start())
    if found.group(1):  # \captionof{figure}{...}: the text is the second argument
        brace = text.find("{", matching_brace(text, brace))
    return strip_span(text, brace + 1, matching_brace(text, brace))


def environment_content(
    text: str, starts: list[int], line: int, names: tuple[str, ...]
) -> tuple[int, int]:
    """Content of the innermost environment named in ``names`` that holds ``line``."""
    pos = starts[line - 1]
    line_end = pos + len(text[pos:].split("\n", 1)[0])
    pattern = re.compile(r"\\(begin|end)\{(" + "|".join(names) + r")\*?\}")
    stack: list[tuple[str, int]] = []
    best: tuple[int, int, str] | None = None
    for m in pattern.finditer(text):
        if m.group(1) == "begin":
            stack.append((m.group(2), m.end()))
        elif stack:
            name, content_start = stack.pop()
            holds_line = content_start <= line_end and m.start() >= pos
            if holds_line and (best is None or content_start > best[0]):
                best = (content_start, m.start(), name)
    if best is None:
        raise ValueError(f"no {names} environment around line {line}")
    start, end, name = best
    # drop an optional [title] right after \begin{theorem}
    if text.startswith("[", start):
        start = matching_bracket(text, start) + 1
    # \begin{restatable}[title]{lemma}{name}: two more arguments before the statement
    if name == "restatable":
        for _ in range(2):
            brace = text.index("{", start)
            start = matching_brace(text, brace) + 1
    return strip_span(text, start, end)


def list_item(text: str, starts: list[int], line: int) -> tuple[int, int]:
    pos = starts[line - 1]
    item = text.rfind("\\item", 0, pos + len(text[pos:].split("\n", 1)[0]))
    if item < 0:
        raise ValueError(f"no \\item at or before line {line}")
    content = item + len("\\item")
    if text.startswith("[", content):
        content = matching_bracket(text, content) + 1
    nxt = re.compile(r"\\item\b|\\end\{(itemize|enumerate|description)\}").search(text, content)
    end = nxt.start() if nxt else len(text)
    return strip_span(text, content, end)


def matching_bracket(text: str, open_at: int) -> int:
    depth = 0
    for i in range(open_at, len(text)):
        if text[i] == "[":
            depth += 1
        elif text[i] == "]":
            depth -= 1
            if depth == 0:
                return i
    raise ValueError(f"unbalanced [ at offset {open_at}")


def find_paragraph(text: str, line_spec: str, mode: str) -> tuple[int, int]:
    starts = line_starts(text)
    if "-" in line_spec:
        a, b = (int(x) for x in line_spec.split("-"))
        end = starts[b] - 1 if b < len(starts) else len(text)
        return strip_span(text, starts[a - 1], end)
    line = int(line_spec)
    if mode in ("caption", "footnote"):
        return command_argument(text, starts, line, mode)
    if mode == "list":
        return list_item(text, starts, line)
    if mode in ENV_NAMES:
        return environment_content(text, starts, line, ENV_NAMES[mode])
    return blank_paragraph(text, starts, line)


@dataclass
class Paragraph:
    """A located paragraph and the masks needed to search it."""

    path: Path
    text: str
    start: int
    end: int
    comments: list[bool] = field(repr=False)
    math: list[bool] = field(repr=False)

    def occurrences(
        self, needle: str, symbol: bool, lo: int | None = None, hi: int | None = None
    ) -> list[tuple[int, int]]:
        """(start, end) of each accepted match; any whitespace in ``needle`` matches any run."""
        lo = self.start if lo is None else lo
        hi = self.end if hi is None else hi
        pattern = re.compile(r"\s+".join(re.escape(part) for part in needle.split()))
        found = []
        pos = lo
        while True:
            m = pattern.search(self.text, pos, hi)
            if not m:
                return found
            if self.accepts(m.start(), m.end(), symbol):
                found.append((m.start(), m.end()))
            pos = m.start() + 1

    def accepts(self, i: int, j: int, symbol: bool) -> bool:
        t = self.text
        needle = t[i:j]
        if any(self.comments[i:j]):
            return False
        prev = t[i - 1] if i > 0 else " "
        nxt = t[j] if j < len(t) else " "
        if symbol:
            if not self.math[i]:
                return False
            if needle[0].isalnum() and (is_letter(prev) or prev in "\\_^"):
                return False
            if prev == "{" and i >= 2 and t[i - 2] in "_^":
                return False
            if needle[-1].isalpha() and is_letter(nxt):
                return False
            return nxt not in "_'"
        if is_word_char(needle[0]) and is_word_char(prev):
            return False
        return not (is_word_char(needle[-1]) and is_word_char(nxt))


def parse_target(raw: str) -> tuple[str, int | None, str | None]:
    """``x@2`` -> ('x', 2, None); ``x ~ $x$,`` -> ('x', None, '$x$,')."""
    raw = raw.strip()
    if " ~ " in raw:
        needle, ctx = raw.split(" ~ ", 1)
        return needle.strip(), None, ctx.strip()
    m = re.fullmatch(r"(.*\S)@(\d+)", raw)
    if m:
        return m.group(1), int(m.group(2)), None
    return raw, None, None


def candidates(par: Paragraph, raw: str, symbol: bool) -> list[tuple[int, int]]:
    needle, nth, ctx = parse_target(raw)
    if ctx is not None:
        if needle not in ctx:
            raise ValueError(f"{needle!r} is not inside its context {ctx!r}")
        c = par.occurrences(ctx, symbol=False) or _loose(par, ctx)
        if not c:
            raise ValueError(f"context {ctx!r} not found in paragraph")
        inner = par.occurrences(needle, symbol, c[0][0], c[0][1])
        if not inner:
            raise ValueError(f"{needle!r} not found inside context {ctx!r}")
        return inner[:1]
    found = par.occurrences(needle, symbol)
    if not found:
        kind = "symbol (in math)" if symbol else "description"
        raise ValueError(f"{kind} {needle!r} not found in paragraph")
    if nth is not None:
        if nth > len(found):
            raise ValueError(f"{needle!r}: only {len(found)} occurrences, asked for {nth}")
        return [found[nth - 1]]
    return found


def _loose(par: Paragraph, ctx: str) -> list[tuple[int, int]]:
    """A context string matched anywhere (it may start or end mid-word)."""
    pattern = re.compile(r"\s+".join(re.escape(part) for part in ctx.split()))
    return [(m.start(), m.end()) for m in pattern.finditer(par.text, par.start, par.end)]


def locate_link(
    par: Paragraph, sym_raw: str, desc_raw: str
) -> tuple[tuple[int, int], tuple[int, int], bool]:
    """Spans of the symbol and description; the flag says the choice was by proximity."""
    s_c = candidates(par, sym_raw, symbol=True)
    d_c = candidates(par, desc_raw, symbol=False)

    def gap(s: tuple[int, int], d: tuple[int, int]) -> int:
        if s[1] <= d[0]:
            return d[0] - s[1]
        if d[1] <= s[0]:
            return s[0] - d[1]
        return 10**9  # a symbol inside its own description ("a set of $|\V|$ vertices")

    _, s, d = min((gap(s, d), s, d) for s in s_c for d in d_c)
    ambiguous = len(s_c) * len(d_c) > 1
    return s, d, ambiguous


def load_paragraph(root: Path, file: str, line_spec: str, mode: str) -> Paragraph:
    path = root / file
    text = read_text(path)
    cut = mode.split("@", 1)[1] if "@" in mode else mode
    start, end = find_paragraph(text, line_spec, cut)
    comments = comment_mask(text)
    return Paragraph(path, text, start, end, comments, math_mask(text, comments))


def context_of(mode: str) -> str:
    return mode.split("@", 1)[0]


class SpecError(ValueError):
    pass


def build(spec_path: Path, show: bool = False) -> dict:
    """Read a spec and return the label document; raise SpecError naming the line."""
    paper = root = main = None
    file = None
    in_appendix = False
    paragraphs: list[dict] = []
    current: Paragraph | None = None
    for number, raw_line in enumerate(spec_path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw_line.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            word, _, rest = line.strip().partition(" ")
            if word == "paper":
                paper = rest.strip()
                root = CORPUS / paper
            elif word == "root":
                root = Path(rest.strip())
                if not root.is_dir():
                    raise SpecError(f"root {root} is not a folder")
            elif word == "main":
                main = rest.strip()
                if root is None or not (root / main).is_file():
                    raise SpecError(f"main file {main!r} not found under root {root}")
            elif word == "file":
                file = rest.strip()
                in_appendix = False
            elif word == "appendix":
                in_appendix = True
            elif word == "para":
                parts = rest.split()
                line_spec, mode = parts[0], parts[1] if len(parts) > 1 else "body"
                if context_of(mode) not in CONTEXTS:
                    raise SpecError(f"unknown context {mode!r}")
                current = load_paragraph(root, file, line_spec, mode)
                last = paragraphs[-1] if paragraphs else None
                same = (file, current.start, current.end)
                if last and (last["file"], last["start"], last["end"]) == same:
                    # two anchors in one LaTeX paragraph (lines joined by a comment line):
                    # keep one paragraph, its links are listed under both anchors
                    continue
                paragraphs.append({
                    "file": file,
                    "start": current.start,
                    "end": current.end,
                    "line": current.text.count("\n", 0, current.start) + 1,
                    "context": context_of(mode),
                    "in_appendix": in_appendix,
                    "links": [],
                })
                if show:
                    head = current.text[current.start:current.end][:160].replace("\n", " ")
                    where = f"{file}:{paragraphs[-1]['line']} [{mode}]"
                    print(f"\n== {where} {current.start}-{current.end}\n   {head} ...")
            elif word in ("d", "p"):
                if current is None:
                    raise SpecError("link before any para")
                sym_raw, sep, desc_raw = rest.partition(" | ")
                if not sep:
                    raise SpecError("a link needs 'SYMBOL | DESCRIPTION'")
                (s0, s1), (d0, d1), ambiguous = locate_link(current, sym_raw, desc_raw)
                link = {
                    "symbol": [s0, s1],
                    "symbol_text": current.text[s0:s1],
                    "description": [d0, d1],
                    "description_text": current.text[d0:d1],
                    "label": "definition" if word == "d" else "property",
                }
                paragraphs[-1]["links"].append(link)
                if show or ambiguous:
                    lo, hi = min(s0, d0), max(s1, d1)
                    snippet = current.text[max(lo - 25, 0):hi + 25].replace("\n", " ")
                    mark = "?" if ambiguous else " "
                    pair = f"{link['symbol_text']!r} <- {link['description_text']!r}"
                    print(f"  {mark}{word} {pair}  ... {snippet}")
            else:
                raise SpecError(f"unknown directive {word!r}")
        except (ValueError, IndexError, OSError) as exc:
            raise SpecError(f"{spec_path}:{number}: {exc}  [{line.strip()}]") from None
    doc = {"paper": paper, "root": str(root)}
    if main is not None:
        doc["main"] = main
    doc["paragraphs"] = paragraphs
    return doc


def show_paragraph(paper: str, file: str, line_spec: str, mode: str) -> None:
    par = load_paragraph(paper_root(paper), file, line_spec, mode)
    first = par.text.count("\n", 0, par.start) + 1
    print(f"{file} offsets {par.start}-{par.end}, from line {first}")
    for k, ln in enumerate(par.text[par.start:par.end].split("\n")):
        print(f"{first + k:5d}  {ln}")


def main(argv: list[str]) -> int:
    if len(argv) >= 4 and argv[0] == "para":
        show_paragraph(argv[1], argv[2], argv[3], argv[4] if len(argv) > 4 else "body")
        return 0
    if len(argv) == 7 and argv[0] == "find":
        _, paper, file, line_spec, mode, sym, desc = argv
        par = load_paragraph(paper_root(paper), file, line_spec, mode)
        s, d, _ = locate_link(par, sym, desc)
        spans = {"paragraph": [par.start, par.end], "symbol": list(s), "description": list(d)}
        print(json.dumps(spans))
        return 0
    if len(argv) >= 2 and argv[0] == "build":
        show = "--show" in argv
        for spec in [a for a in argv[1:] if a != "--show"]:
            try:
                doc = build(Path(spec), show=show)
            except SpecError as exc:
                print(f"locate: {exc}", file=sys.stderr)
                return 2
            out = HERE / f"{doc['paper']}.json"
            out.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            n_links = sum(len(p["links"]) for p in doc["paragraphs"])
            print(f"{out.name}: {len(doc['paragraphs'])} paragraphs, {n_links} links")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
