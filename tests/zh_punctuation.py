"""Full-width punctuation in the knowledge base's Chinese texts.

Chinese typesetting uses ，；：（） next to Chinese characters, ASCII , ; : ( ) inside
formulas and between Latin words. `problems` finds ASCII punctuation that touches Chinese;
`convert` fixes it. LaTeX (`$...$`) and code (`` `...` ``) are left alone, and so are
parentheses that belong to a formula: `N(μ, σ²)` stays, `标准差(σ)` becomes `标准差（σ）`.

    python tests/zh_punctuation.py          # rewrite knowledge/*.toml in place

The test over the knowledge base (tests/test_knowledge.py) uses `problems`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
"""Chinese characters (ideographs)."""
WIDE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
"""Chinese characters and full-width punctuation."""
_PROTECTED = re.compile(r"\$[^$]*\$|`[^`]*`")
FULL = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）"}


def _masks(text: str) -> list[bool]:
    """True for every character inside LaTeX or code, which is never touched."""
    masked = [False] * len(text)
    for match in _PROTECTED.finditer(text):
        for index in range(match.start(), match.end()):
            masked[index] = True
    return masked


def _pairs(text: str, masked: list[bool]) -> dict[int, int]:
    """Matching ASCII parentheses outside LaTeX: opening index -> closing index."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for index, char in enumerate(text):
        if masked[index]:
            continue
        if char == "(":
            stack.append(index)
        elif char == ")" and stack:
            pairs[stack.pop()] = index
    return pairs


def _chinese_parentheses(text: str, masked: list[bool]) -> set[int]:
    """Indices of the parentheses that enclose Chinese or follow a Chinese character:
    `(标准差的平方)`, `学习率(lr)`; not the argument of a formula, `N(0, I)`."""
    found: set[int] = set()
    for opening, closing in _pairs(text, masked).items():
        inner = text[opening + 1:closing]
        before = text[opening - 1] if opening else ""
        if HAN.search(inner) or HAN.match(before):
            found.update((opening, closing))
    return found


def _neighbour(text: str, index: int, step: int) -> str:
    """The nearest character that is not a space, before (step -1) or after (step 1)."""
    index += step
    while 0 <= index < len(text) and text[index] == " ":
        index += step
    return text[index] if 0 <= index < len(text) else ""


def _depths(text: str, masked: list[bool]) -> list[int]:
    """How many ASCII brackets ((), [], {}) are open at each character, LaTeX left out."""
    depths = []
    depth = 0
    for index, char in enumerate(text):
        if not masked[index] and char in ")]}":
            depth = max(0, depth - 1)
        depths.append(depth)
        if not masked[index] and char in "([{":
            depth += 1
    return depths


def problems(text: str) -> list[int]:
    """Indices of ASCII punctuation that Chinese typesetting writes full-width: , ; : next
    to a Chinese character or mark; a ; or a : that ends a clause (outside any formula's
    brackets, where N(x; μ, Σ) and x_{1:T} keep theirs; `f: A → B`, with its space, is a
    formula too); and the parentheses of `_chinese_parentheses`."""
    if not HAN.search(text):
        return []
    masked = _masks(text)
    depths = _depths(text, masked)
    found = set(_chinese_parentheses(text, masked))
    for index, char in enumerate(text):
        if char not in ",;:" or masked[index]:
            continue
        before, after = _neighbour(text, index, -1), _neighbour(text, index, 1)
        closes_clause = depths[index] == 0 and (
            char == ";" or (char == ":" and text[index + 1:index + 2] not in ("", " ")))
        if HAN.match(text[index - 1] if index else "") or HAN.match(after) \
                or WIDE.match(before) or closes_clause:
            found.add(index)
    return sorted(found)


def convert(text: str) -> str:
    """`text` with its Chinese-touching punctuation full-width (repeated until stable: a
    comma after a converted parenthesis touches Chinese punctuation in turn)."""
    while True:
        wrong = problems(text)
        if not wrong:
            return text
        chars = list(text)
        for index in wrong:
            chars[index] = FULL[chars[index]]
        # a full-width mark carries its own space: no ASCII space around it
        text = re.sub(r" *([，；：（）]) *", r"\1", "".join(chars))


def _zh_values(toml_text: str) -> list[tuple[int, int]]:
    """(start, end) of every zh string value in a knowledge file (inline or a key line)."""
    spans = []
    for match in re.finditer(r'\bzh = (?:"((?:[^"\\\n]|\\.)*)"|\'\'\'(.*?)\'\'\'|\'([^\'\n]*)\')',
                             toml_text, re.S):
        group = next(g for g in (1, 2, 3) if match.group(g) is not None)
        spans.append((match.start(group), match.end(group)))
    return spans


def fix_file(path: Path) -> int:
    """Rewrite one knowledge file; returns the number of marks changed."""
    text = path.read_text(encoding="utf-8")
    changed = 0
    out = []
    last = 0
    for start, end in _zh_values(text):
        value = text[start:end]
        new = convert(value)
        changed += sum(new.count(mark) - value.count(mark) for mark in FULL.values())
        out += [text[last:start], new]
        last = end
    out.append(text[last:])
    path.write_text("".join(out), encoding="utf-8")
    return changed


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent / "knowledge"
    total = 0
    for toml in sorted(root.glob("*.toml")):
        count = fix_file(toml)
        total += count
        print(f"{toml.name}: {count}")
    print(f"all: {total}")
    sys.exit(0)
