"""`annotator annotate`: are the notes where a reader needs them, and how fast.

    python benchmarks/bench_annotate.py [--runs 3] [--corpus ../shared/corpus] [--long 30]

For each PDF that comes with its LaTeX source (the corpus's icl-as-gd-revisited and
directed-info-gail, and the PDF samples), annotates the PDF with `--source` and prints:

- noted: of the glossary's symbols that have a paper definition, the share whose note
  (the symbol followed by the start of its definition) is in the margin text of the page
  where the symbol is first used in the PDF, read back from the written PDF; a symbol
  the PDF reader never finds on the pages counts as not noted;
- placed: the share of those definitions whose page in the PDF was found (the notes
  give "(p. N)" and a link only then);
- seconds per page: whole process (start-up, reading the PDF and the source, writing)
  after one warm-up run, median of --runs, divided by the paper's pages; wall time, and
  CPU time (user + system, from wait4(2)), which other work on a shared machine does not
  inflate.

With --long N, also times a document of N pages made by repeating the corpus
PDFs, annotated from the PDF alone. The first-use page comes from the same PDF reader
that annotate uses, so "noted" measures the join, the page plans and the margin's
room (a note cut for lack of room counts as missing), not the reader.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

from bench import ENVIRONMENT  # children run as the other benchmarks run them

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus"
CORPUS_PAPERS = ["icl-as-gd-revisited", "directed-info-gail"]
SAMPLES = [HERE.parent / "samples" / name for name in ("pdf-vae-note", "pdf-rl-note")]
NOTE_FONTS = ("Charis SIL", "Noto Sans Math", "Noto Serif", "Droid Sans Fallback")
PREFIX = 24
"""Letters of the definition checked after the symbol: enough to tell notes apart."""


def measure(command: list[str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS in MB) of one run of `command`."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env=ENVIRONMENT)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def timed(command: list[str], runs: int) -> tuple[float, float, float]:
    """Medians of wall and CPU seconds over `runs` after a warm-up, and the peak MB."""
    measure(command)  # warm-up: bytecode and the knowledge cache, as for a second run
    samples = [measure(command) for _ in range(runs)]
    return (statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples),
            max(s[2] for s in samples))


def letters(text: str) -> str:
    """Letters and digits, compatibility-decomposed (𝐱 is x, ϵ is ε) and without
    accents (the notes draw θ̂'s hat as a mark of its own)."""
    return "".join(c.lower() for c in unicodedata.normalize("NFKD", text) if c.isalnum())


def margin_text(page) -> str:
    """The letters of what the notes' fonts draw on `page` (the paper uses TeX's)."""
    spans = [span["text"] for block in page.get_text("dict")["blocks"]
             for line in block.get("lines", ()) for span in line["spans"]
             if any(font in span["font"] for font in NOTE_FONTS)]
    return letters(" ".join(spans))


def note_share(pdf: Path, source: Path, output: Path) -> tuple[int, int, int, list[str]]:
    """(symbols with a definition, noted on their first-use page, definition page found,
    the keys not noted) for one annotated paper."""
    import pymupdf

    from annotator.analysis import analyze
    from annotator.annotate import plan
    from annotator.annotate.notes import margin_line
    from annotator.glossary import build_glossary
    from annotator.knowledge import load
    from annotator.pdf import analyze_pdf_geometry
    from annotator.sources import load_paper

    kb = load(())
    source_analysis = analyze(load_paper(str(source)), kb)
    glossary = build_glossary(source_analysis, kb)
    pdf_analysis, geometry = analyze_pdf_geometry(str(pdf), None, kb, quiet=True)
    placed, _pages = plan(glossary, pdf_analysis, geometry, source_analysis)
    first_page = {}
    for symbol in pdf_analysis.symbols:
        first_page[symbol.key] = pdf_analysis.math[symbol.first.span].location.line
    document = pymupdf.open(output)
    margins: dict[int, str] = {}
    total = noted = known = 0
    missing = []
    for entry in placed:
        if not entry.entry.definitions:
            continue
        total += 1
        known += entry.definition is not None
        page = first_page.get(entry.key)
        if page is None:
            missing.append(f"{entry.key} (not found in the PDF)")
            continue
        if page not in margins:
            margins[page] = margin_text(document[page - 1])
        line = margin_line(entry, "en")
        expected = letters(line.shown) + letters(line.definition)[:PREFIX]
        if expected in margins[page]:
            noted += 1
        else:
            missing.append(f"{entry.key} (p. {page})")
    return total, noted, known, missing


def page_count(pdf: Path) -> int:
    import pymupdf

    with pymupdf.open(pdf) as document:
        return int(document.page_count)


def long_document(sources: list[Path], pages: int, folder: Path) -> Path:
    """A PDF of `pages` pages: the sources repeated (the last copy cut short)."""
    import pymupdf

    target = folder / f"long-{pages}.pdf"
    with pymupdf.open() as out:
        while out.page_count < pages:
            for source in sources:
                with pymupdf.open(source) as document:
                    out.insert_pdf(document)
        out.delete_pages(range(pages, out.page_count))
        out.save(target, garbage=1)
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--long", type=int, default=30, metavar="N",
                        help="also time a document of N pages built from the corpus "
                             "PDFs (0: no)")
    args = parser.parse_args()
    papers = [(args.corpus / name / "main.pdf", args.corpus / name) for name in CORPUS_PAPERS
              if (args.corpus / name / "main.pdf").is_file()]
    if not papers:
        print(f"corpus papers not found under {args.corpus}; measuring the samples only",
              file=sys.stderr)
    papers += [(folder / "main.pdf", folder) for folder in SAMPLES]
    python = sys.executable
    print(f"{'paper':24} {'pages':>5} {'defined':>7} {'noted':>6} {'placed':>7} {'wall s':>7} "
          f"{'s/page':>7} {'cpu s/page':>10} {'MB':>5}")
    totals = [0, 0, 0]
    per_page, cpu_per_page = [], []
    with tempfile.TemporaryDirectory() as temporary:
        for pdf, source in papers:
            output = Path(temporary) / f"{source.name}.pdf"
            command = [python, "-m", "annotator", "annotate", str(pdf), "--source", str(source),
                       "-o", str(output), "-q"]
            seconds, cpu, peak = timed(command, args.runs)
            pages = page_count(pdf)
            total, noted, known, missing = note_share(pdf, source, output)
            for index, value in enumerate((total, noted, known)):
                totals[index] += value
            per_page.append(seconds / pages)
            cpu_per_page.append(cpu / pages)
            print(f"{source.name:24} {pages:5d} {total:7d} {noted / total:6.1%} "
                  f"{known / total:7.1%} {seconds:7.2f} {seconds / pages:7.3f} "
                  f"{cpu / pages:10.3f} {peak:5.0f}")
            if missing:
                print(f"{'':24} not noted: {', '.join(missing)}")
        total, noted, known = totals
        print(f"\nall: {noted} of {total} defined symbols noted on their first-use page "
              f"({noted / total:.1%}); definition page found for {known / total:.1%}; "
              f"median {statistics.median(per_page):.3f} s per page "
              f"({statistics.median(cpu_per_page):.3f} s of CPU)")
        corpus_pdfs = [pdf for pdf, _source in papers[:-len(SAMPLES)]]
        if args.long and corpus_pdfs:
            long = long_document(corpus_pdfs, args.long, Path(temporary))
            output = Path(temporary) / "long-annotated.pdf"
            command = [python, "-m", "annotator", "annotate", str(long), "-o", str(output),
                       "-q"]
            seconds, cpu, peak = timed(command, args.runs)
            pages = page_count(long)
            print(f"{pages}-page PDF (corpus PDFs repeated, no --source): {seconds:.2f} s "
                  f"({cpu:.2f} s of CPU), {seconds / pages:.3f} s per page, {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
