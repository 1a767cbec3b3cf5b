"""Renders the README's before/after images of `annotator annotate`.

    python docs/images/render_annotate.py [--corpus ../shared/corpus]

Annotates the corpus paper icl-as-gd-revisited (its PDF, with its folder as --source)
into a temporary file and renders page 2 of the original and of the annotated PDF to
docs/images/annotate-before.png and annotate-after.png (PyMuPDF's pixmap), at the
highest resolution (the same for both) that keeps each under 300 KB.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent.parent / "shared" / "corpus"
PAPER = "icl-as-gd-revisited"
PAGE = 2
LIMIT = 300_000


def largest_dpi(pdf: Path) -> int:
    """The highest resolution at which page PAGE of `pdf` renders under LIMIT bytes."""
    import pymupdf

    with pymupdf.open(pdf) as document:
        page = document[PAGE - 1]
        for dpi in range(110, 50, -2):
            if len(page.get_pixmap(dpi=dpi).tobytes("png")) <= LIMIT:
                return dpi
    return 50


def render(pdf: Path, target: Path, dpi: int) -> None:
    import pymupdf

    with pymupdf.open(pdf) as document:
        data = document[PAGE - 1].get_pixmap(dpi=dpi).tobytes("png")
    target.write_bytes(data)
    print(f"{target.relative_to(HERE.parent.parent)}: {len(data) // 1000} KB at {dpi} dpi")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    folder = args.corpus / PAPER
    if not (folder / "main.pdf").is_file():
        print(f"{folder / 'main.pdf'} not found", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as temporary:
        annotated = Path(temporary) / "annotated.pdf"
        subprocess.run([sys.executable, "-m", "annotator", "annotate", str(folder / "main.pdf"),
                        "--source", str(folder), "-o", str(annotated), "-q"], check=True)
        dpi = min(largest_dpi(annotated), largest_dpi(folder / "main.pdf"))
        render(folder / "main.pdf", HERE / "annotate-before.png", dpi)  # one scale for both
        render(annotated, HERE / "annotate-after.png", dpi)
    return 0


if __name__ == "__main__":
    sys.exit(main())
