"""The regex floor for bench_batch.py: the least a tool reading a paper's math must do.

Open the archive (or folder, or .tex) with the standard library only, strip comments,
find the math spans with one regular expression and count the commands and letters in
them. No macro expansion, no parsing, no knowledge: what no real glossary can beat.
"""

from __future__ import annotations

import io
import re
import sys
import tarfile
from pathlib import Path

COMMENT = re.compile(r"(?<!\\)%.*")
MATH = re.compile(r"\$\$.+?\$\$|\$.+?\$|\\\[.+?\\\]|\\\(.+?\\\)"
                  r"|\\begin\{(equation|align|gather|multline|eqnarray)\*?\}.+?\\end\{\1\*?\}",
                  re.DOTALL)
TOKEN = re.compile(r"\\[A-Za-z]+|[A-Za-z]")


def texts(path: Path) -> list[str]:
    if path.is_dir():
        return [p.read_text("utf-8", "replace") for p in path.rglob("*.tex")]
    data = path.read_bytes()
    if path.suffix == ".tex":
        return [data.decode("utf-8", "replace")]
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        return [archive.extractfile(m).read().decode("utf-8", "replace")  # type: ignore[union-attr]
                for m in archive.getmembers() if m.isfile() and m.name.endswith(".tex")]


def main(path: str) -> int:
    spans = tokens = 0
    for text in texts(Path(path)):
        for found in MATH.finditer(COMMENT.sub("", text)):
            spans += 1
            tokens += len(TOKEN.findall(found.group()))
    print(spans, tokens)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
