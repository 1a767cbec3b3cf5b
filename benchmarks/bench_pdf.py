"""Pages per second and peak memory of `annotator glossary` on PDF input.

    python benchmarks/bench_pdf.py [--runs 3] [--corpus ../shared/corpus] [--long 400]

Measures the corpus PDFs (icl-as-gd-revisited, directed-info-gail, dlbook-math-commands),
the PDF samples in samples/, and, with --long N, one document of about N pages made by
repeating the corpus PDFs (written to a temporary folder), which shows the throughput and
the memory bound of a long document. Each measurement is a whole process, start-up and
imports included, as a user runs it, after one warm-up run (bytecode, knowledge cache);
peak memory is the child's maximum resident set size from wait4(2), as in bench.py.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from bench import measure  # the same whole-process measurement as the source benchmark

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus"
CORPUS_PDFS = ["icl-as-gd-revisited/main.pdf", "directed-info-gail/main.pdf",
               "dlbook-math-commands/notation_example.pdf"]
SAMPLE_PDFS = sorted((HERE.parent / "samples").glob("pdf-*/main.pdf"))


def measure_pdf(pdf: Path) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one glossary run on `pdf`."""
    return measure([sys.executable, "-m", "annotator", "glossary", str(pdf), "-f", "json", "-q"])


def page_count(pdf: Path) -> int:
    import pymupdf

    with pymupdf.open(pdf) as document:
        return int(document.page_count)


def long_document(sources: list[Path], pages: int, folder: Path) -> Path:
    """A PDF of about `pages` pages: the sources repeated."""
    import pymupdf

    target = folder / f"long-{pages}.pdf"
    with pymupdf.open() as out:
        while out.page_count < pages:
            for source in sources:
                with pymupdf.open(source) as document:
                    out.insert_pdf(document)
        out.save(target, garbage=1)
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--long", type=int, default=0, metavar="N",
                        help="also measure a document of about N pages built from the corpus")
    args = parser.parse_args()
    pdfs = [args.corpus / name for name in CORPUS_PDFS if (args.corpus / name).is_file()]
    if not pdfs:
        print(f"corpus PDFs not found under {args.corpus}; measuring the samples only",
              file=sys.stderr)
    with tempfile.TemporaryDirectory() as temporary:
        extra = [long_document(pdfs, args.long, Path(temporary))] if args.long and pdfs else []
        print(f"{'pdf':48} {'pages':>5} {'s':>7} {'pages/s':>8} {'MB':>7}")
        rates, memory = [], []
        for pdf in pdfs + SAMPLE_PDFS + extra:
            measure_pdf(pdf)  # warm-up
            samples = [measure_pdf(pdf) for _ in range(args.runs)]
            seconds = statistics.median(s[0] for s in samples)
            peak = max(s[1] for s in samples)
            pages = page_count(pdf)
            rates.append(pages / seconds)
            memory.append(peak)
            label = pdf.name if pdf in extra else f"{pdf.parent.name}/{pdf.name}"
            print(f"{label:48} {pages:5d} {seconds:7.2f} {pages / seconds:8.1f} {peak:7.1f}")
    print(f"\npages per second: median {statistics.median(rates):.1f} (whole process, start-up "
          f"included); peak memory: max {max(memory):.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
