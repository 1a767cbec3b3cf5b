"""`annotator annotate` end to end, on the shipped PDF samples (each with the source it
was built from): the annotated PDF opens, keeps every page's original text, has margin
notes on every page with math, popups on the right glyphs (checked against the glyphs
PyMuPDF itself reports, not the annotator's own boxes), links to the page that holds the
definition's words, an appendix with every glossary symbol, embedded fonts for Chinese,
and bad input that exits 2 without writing anything."""

from __future__ import annotations

import os
import re
import threading
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from annotator.analysis import analyze
from annotator.glossary import build_glossary
from annotator.knowledge import load
from annotator.pdf import analyze_pdf
from annotator.sources import load_paper
from conftest import SAMPLES, corpus_path, run_cli

pymupdf = pytest.importorskip("pymupdf")

PDF_SAMPLES = ["pdf-vae-note", "pdf-rl-note"]
TITLE = "annotator"


def _annotate(tmp_path: Path, name: str, *extra: str, source: bool = True) -> Path:
    folder = SAMPLES / name
    output = tmp_path / f"{name}{'-'.join(('', *extra))}.pdf"
    args = ["annotate", str(folder / "main.pdf"), "-o", str(output), "-q", *extra]
    if source:
        args += ["--source", str(folder)]
    result = run_cli(args)
    assert result.code == 0, result.err
    assert result.out == ""
    return output


@pytest.fixture(scope="module")
def annotated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("annotated")
    return {name: _annotate(folder, name) for name in PDF_SAMPLES}


@pytest.fixture(scope="module")
def glossaries() -> dict:
    kb = load(())
    return {name: build_glossary(analyze(load_paper(str(SAMPLES / name)), kb), kb)
            for name in PDF_SAMPLES}


def _words(text: str) -> Counter[str]:
    return Counter(text.split())


def _letters(text: str) -> str:
    return "".join(c.lower() for c in unicodedata.normalize("NFKD", text) if c.isalnum())


@pytest.mark.parametrize("name", PDF_SAMPLES)
def test_opens_and_keeps_every_page_text(annotated: dict[str, Path], name: str) -> None:
    original = pymupdf.open(SAMPLES / name / "main.pdf")
    document = pymupdf.open(annotated[name])
    assert document.page_count > original.page_count  # the appendix comes after
    for before, after in zip(original, document, strict=False):
        missing = _words(before.get_text()) - _words(after.get_text())
        assert not missing, f"page {before.number + 1} lost {list(missing)[:10]}"
        assert after.rect.width > before.rect.width  # widened for the notes
        assert after.rect.height == before.rect.height


NOTE_FONTS = ("Charis SIL", "Noto Sans Math", "Noto Serif", "Droid Sans Fallback")
"""The fonts the notes are set in (the papers use TeX's)."""


def _note_spans(page) -> list[dict]:
    return [span for block in page.get_text("dict")["blocks"]
            for line in block.get("lines", ()) for span in line["spans"]
            if any(font in span["font"] for font in NOTE_FONTS)]


@pytest.mark.parametrize("name", PDF_SAMPLES)
def test_every_page_with_math_has_margin_notes(annotated: dict[str, Path], name: str) -> None:
    """Notes on every page with math, on its outer side, clear of the paper's text."""
    pdf = analyze_pdf(str(SAMPLES / name / "main.pdf"), None, load(()), quiet=True)
    pages_with_math = {span.location.line for span in pdf.math}
    original = pymupdf.open(SAMPLES / name / "main.pdf")
    document = pymupdf.open(annotated[name])
    for number in sorted(pages_with_math):
        page = document[number - 1]
        spans = _note_spans(page)
        margin = " ".join(span["text"] for span in spans)
        assert "Notation on this page" in margin or "Also used here" in margin, number
        assert "usually" in margin
        words = original[number - 1].get_text("words")
        shift = page.rect.width - original[number - 1].rect.width if number % 2 == 0 else 0
        left = min(w[0] for w in words) + shift
        right = max(w[2] for w in words) + shift
        for span in spans:
            x0, _y0, x1, _y1 = span["bbox"]
            assert x0 >= right if number % 2 else x1 <= left, (number, span["text"])
        sizes = Counter(round(span["size"], 1) for span in spans)
        body = sizes.most_common(1)[0][0]
        scale = min(595.28 / page.rect.width, 841.89 / page.rect.height,
                    612 / page.rect.width, 1.0)
        assert body * scale >= 6.5  # printed on A4 or Letter, scaled to fit
        assert all(size >= 0.65 * body for size in sizes)  # only scripts are smaller


def _annotations(page) -> list:
    return [annot for annot in page.annots() if annot.info.get("title") == TITLE]


def _glyphs_under(original, rect) -> list[str]:
    """The characters PyMuPDF itself finds on the original page under `rect`."""
    found = []
    for block in original.get_text("rawdict")["blocks"]:
        for line in block.get("lines", ()):
            for span in line["spans"]:
                for char in span["chars"]:
                    if pymupdf.Rect(char["bbox"]).intersects(rect) and char["c"].strip():
                        found.append(char["c"])
    return found


@pytest.mark.parametrize("name", PDF_SAMPLES)
def test_popups_sit_on_the_glyphs_of_their_symbol(annotated: dict[str, Path], name: str
                                                  ) -> None:
    original = pymupdf.open(SAMPLES / name / "main.pdf")
    document = pymupdf.open(annotated[name])
    checked = 0
    for number in range(original.page_count):
        page = document[number]
        shift = page.rect.width - original[number].rect.width if number % 2 else 0.0
        for annot in _annotations(page):
            assert annot.type[1] == "Highlight"
            assert annot.flags & pymupdf.PDF_ANNOT_IS_PRINT == 0  # on screen only
            subject = annot.info["subject"]
            rect = annot.rect - (shift, 0, shift, 0)
            under = _glyphs_under(original[number], rect)
            assert under, f"p. {number + 1}: no glyph under the note on {subject}"
            wanted = _letters(subject)
            got = _letters("".join(under))
            if wanted:  # 𝐱 is x, p_θ is p and θ, D_KL is D, K and L
                assert all(letter in got for letter in wanted), (number + 1, subject, under)
            assert annot.info["content"].startswith(subject)
            checked += 1
    assert checked > 20


def _destination(document, page, rect) -> int | None:
    """The page (1-based) a link on `rect` goes to."""
    for link in page.get_links():
        if link["kind"] == pymupdf.LINK_GOTO and pymupdf.Rect(link["from"]).intersects(rect):
            return link["page"] + 1
    return None


@pytest.mark.parametrize("name", PDF_SAMPLES)
def test_links_go_to_the_page_with_the_definition(annotated: dict[str, Path], glossaries: dict,
                                                  name: str) -> None:
    """The page a symbol's link goes to shows the definition's own words."""
    glossary = glossaries[name]
    definitions = {entry.shown: entry.definitions[0] for entry in glossary.entries
                   if entry.definitions and entry.definitions[0].source == "prose"}
    document = pymupdf.open(annotated[name])
    body = pymupdf.open(SAMPLES / name / "main.pdf").page_count
    checked = 0
    for number in range(body):
        page = document[number]
        for annot in _annotations(page):
            definition = definitions.get(annot.info["subject"])
            if definition is None:
                continue
            target = _destination(document, page, annot.rect)
            assert target is not None and 1 <= target <= body
            page_text = _letters(pymupdf.open(SAMPLES / name / "main.pdf")[target - 1]
                                 .get_text())
            # the description's words as the paper writes them ("with $M$ samples" is
            # shown as "number of samples"), formulas aside
            written = (SAMPLES / name / definition.file).read_text(encoding="utf-8")[
                definition.start:definition.end]
            for words in re.split(r"\$[^$]*\$", written):
                assert _letters(words) in page_text, (annot.info["subject"], target, words)
            checked += 1
    assert checked >= 10


@pytest.mark.parametrize("name", PDF_SAMPLES)
def test_appendix_lists_every_glossary_symbol(annotated: dict[str, Path], glossaries: dict,
                                              name: str) -> None:
    glossary = glossaries[name]
    document = pymupdf.open(annotated[name])
    body = pymupdf.open(SAMPLES / name / "main.pdf").page_count
    appendix = unicodedata.normalize("NFKC", "".join(  # NFKC: the ﬁ ligature is fi
        document[index].get_text() for index in range(body, document.page_count)))
    assert "Notation glossary" in appendix
    assert " ".join(appendix.split()).count("first used") == len(glossary.entries)
    flat = appendix.replace("\n", "")
    for entry in glossary.entries:  # scripts are set as sub/sup, so D_KL reads DKL
        plain = entry.shown.replace("_", "").replace("^", "").replace("{", "").replace("}", "")
        assert unicodedata.normalize("NFKC", plain) in flat, plain
    back = [link for index in range(body, document.page_count)
            for link in document[index].get_links() if link["kind"] == pymupdf.LINK_GOTO]
    assert len({link["page"] for link in back}) >= 1
    assert all(0 <= link["page"] < body for link in back)
    assert len(back) >= len(glossary.entries)  # first use, and the definition's page


def test_overfull_margin_ends_with_a_link_to_the_appendix(glossaries: dict) -> None:
    from annotator.annotate import plan
    from annotator.annotate.margin import margin_notes
    from annotator.annotate.story import fits
    from annotator.pdf import analyze_pdf_geometry

    kb = load(())
    source = analyze(load_paper(str(SAMPLES / "pdf-vae-note")), kb)
    pdf, geometry = analyze_pdf_geometry(str(SAMPLES / "pdf-vae-note" / "main.pdf"), None, kb,
                                         quiet=True)
    _placed, pages = plan(glossaries["pdf-vae-note"], pdf, geometry, source)
    notes = margin_notes(pages[0], "en", 170, 240, 8.2, 3)
    assert 0 < notes.more < len(pages[0].new)
    assert f"…{notes.more} more in the glossary appendix (p. 3)" in notes.html
    assert fits(notes.html, notes.css, 170, 240)
    assert len(notes.shown) + notes.more == len(pages[0].new)
    kept = {entry.key for entry in notes.shown}
    with_definition = [e.key for e in pages[0].new if e.entry.definitions
                       and e.entry.group == "symbols"]
    assert kept <= set(e.key for e in pages[0].new)
    assert with_definition[: len(kept)] == [k for k in with_definition if k in kept][: len(kept)]


def test_chinese_notes_embed_the_cjk_font(tmp_path: Path) -> None:
    output = _annotate(tmp_path, "pdf-vae-note", "--lang", "zh")
    document = pymupdf.open(output)
    assert "本页符号" in document[0].get_text()
    fonts = {font[3].split("+")[-1]: font[0] for page in document for font in page.get_fonts()}
    cjk = [name for name in fonts if "Droid Sans Fallback" in name]
    assert cjk, sorted(fonts)
    _name, extension, _type, content = document.extract_font(fonts[cjk[0]])
    assert extension != "n/a" and len(content) > 1000  # embedded, not just named
    assert len(content) < 1_000_000  # and subset to the glyphs used


def test_without_source_it_says_so(tmp_path: Path) -> None:
    output = tmp_path / "alone.pdf"
    result = run_cli(["annotate", str(SAMPLES / "pdf-rl-note" / "main.pdf"), "-o", str(output)])
    assert result.code == 0
    assert "no --source" in result.err
    document = pymupdf.open(output)
    assert "Read from the PDF alone" in document[0].get_text()
    assert _annotations(document[0])


def test_annotations_can_be_removed(annotated: dict[str, Path]) -> None:
    document = pymupdf.open(annotated["pdf-rl-note"])
    page = document[0]
    text = page.get_text()
    for annot in _annotations(page):
        page.delete_annot(annot)
    assert not _annotations(page)
    assert page.get_text() == text
    layers = document.get_ocgs()
    assert any(layer["name"] == "annotator notes" for layer in layers.values())


def test_input_is_never_changed(tmp_path: Path) -> None:
    source = tmp_path / "paper.pdf"
    source.write_bytes((SAMPLES / "pdf-vae-note" / "main.pdf").read_bytes())
    before = source.read_bytes()
    result = run_cli(["annotate", str(source), "-o", str(tmp_path / "out.pdf"), "-q"])
    assert result.code == 0
    assert source.read_bytes() == before
    same = run_cli(["annotate", str(source), "-o", str(source), "-q"])
    assert same.code == 2 and "input" in same.err
    assert source.read_bytes() == before


def _bad(tmp_path: Path, args: list[str], *words: str) -> None:
    output = tmp_path / "out.pdf"
    result = run_cli(["annotate", *args, "-o", str(output)])
    assert result.code == 2, result.err
    assert not output.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.pdf")]
    assert "Traceback" not in result.err and "internal error" not in result.err
    for word in words:
        assert word in result.err, result.err


def test_bad_input_exits_2_without_output(tmp_path: Path) -> None:
    _bad(tmp_path, [str(tmp_path / "missing.pdf")], "missing.pdf", "not found")
    _bad(tmp_path, [str(SAMPLES / "pdf-vae-note" / "main.tex")], "main.tex", "not a PDF")
    _bad(tmp_path, [str(SAMPLES / "pdf-vae-note")], "is a folder")
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.7\n1 0 obj <<\n")
    _bad(tmp_path, [str(damaged)], "damaged.pdf", "damaged")
    encrypted = tmp_path / "encrypted.pdf"
    encrypted.write_bytes(pymupdf.open(SAMPLES / "pdf-rl-note" / "main.pdf").tobytes(
        encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner"))
    _bad(tmp_path, [str(encrypted)], "encrypted.pdf", "password")
    scanned = pymupdf.open()
    pixmap = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 40), False)
    pixmap.clear_with(200)
    scanned.new_page().insert_image(pymupdf.Rect(0, 0, 500, 700), pixmap=pixmap)
    image = tmp_path / "scanned.pdf"
    image.write_bytes(scanned.tobytes())
    _bad(tmp_path, [str(image)], "scanned.pdf", "OCR")
    pdf = str(SAMPLES / "pdf-vae-note" / "main.pdf")
    _bad(tmp_path, [pdf, "--source", pdf], "--source is a PDF")
    _bad(tmp_path, [pdf, "--source", str(tmp_path / "nowhere")], "nowhere")


def test_output_folder_problems_exit_2(tmp_path: Path) -> None:
    pdf = str(SAMPLES / "pdf-vae-note" / "main.pdf")
    result = run_cli(["annotate", pdf, "-o", str(tmp_path / "no" / "such" / "out.pdf"), "-q"])
    assert result.code == 2 and "does not exist" in result.err
    result = run_cli(["annotate", pdf, "-o", str(tmp_path), "-q"])
    assert result.code == 2 and "folder" in result.err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_output_to_a_fifo_is_written_through(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = run_cli(["annotate", str(SAMPLES / "pdf-vae-note" / "main.pdf"), "-o", str(fifo),
                      "-q"])
    reader.join(timeout=60)
    assert result.code == 0
    assert received and received[0].startswith(b"%PDF-")
    assert fifo.is_fifo()  # never replaced by a regular file


def test_stdin_pdf(tmp_path: Path) -> None:
    output = tmp_path / "stdin.pdf"
    data = (SAMPLES / "pdf-rl-note" / "main.pdf").read_bytes()
    result = run_cli(["annotate", "-", "--source", str(SAMPLES / "pdf-rl-note"), "-o",
                      str(output), "-q"], stdin=data)
    assert result.code == 0, result.err
    assert pymupdf.open(output).page_count > 2


@pytest.mark.parametrize("paper", ["icl-as-gd-revisited", "directed-info-gail"])
def test_corpus_papers_with_their_source(tmp_path: Path, paper: str) -> None:
    folder = corpus_path(paper)
    output = tmp_path / f"{paper}.pdf"
    result = run_cli(["annotate", str(folder / "main.pdf"), "--source", str(folder), "-o",
                      str(output), "-q"])
    assert result.code == 0, result.err
    original = pymupdf.open(folder / "main.pdf")
    document = pymupdf.open(output)
    for before, after in zip(original, document, strict=False):
        assert not _words(before.get_text()) - _words(after.get_text())
    assert sum(len(_annotations(page)) for page in document) > 50


def test_long_papers_report_progress(tmp_path: Path) -> None:
    long = pymupdf.open()
    while long.page_count < 30:
        long.insert_pdf(pymupdf.open(SAMPLES / "pdf-vae-note" / "main.pdf"))
    path = tmp_path / "long.pdf"
    long.save(path)
    output = tmp_path / "long-annotated.pdf"
    result = run_cli(["annotate", str(path), "-o", str(output)])
    assert result.code == 0, result.err
    assert "annotating page 25 of 30" in result.err
    assert "30 pages with notes" in result.err
    quiet = run_cli(["annotate", str(path), "-o", str(output), "-q"])
    assert quiet.code == 0 and quiet.err == ""


def test_missing_pymupdf_is_a_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *args: None if name == "pymupdf" else real(name, *args))
    output = tmp_path / "out.pdf"
    result = run_cli(["annotate", str(SAMPLES / "pdf-vae-note" / "main.pdf"), "-o", str(output)])
    assert result.code == 2
    assert "PyMuPDF" in result.err and "paper-annotator[pdf]" in result.err
    assert not output.exists()


def test_a_source_of_another_paper_is_questioned(tmp_path: Path) -> None:
    output = tmp_path / "mixed.pdf"
    result = run_cli(["annotate", str(SAMPLES / "pdf-vae-note" / "main.pdf"), "--source",
                      str(SAMPLES / "attention-note"), "-o", str(output)])
    assert result.code == 0
    assert "are they the same paper?" in result.err


def test_appendix_flow_never_hides_text_at_a_column_break(glossaries: dict) -> None:
    """MuPDF's Story can place a column and a half in one column at a break inside an
    indented block (it did with this glossary set as indented paragraphs): the check run
    sees it and sets the appendix in one column instead, so no entry is lost."""
    from annotator.annotate import plan
    from annotator.annotate.appendix import appendix_css, appendix_html
    from annotator.annotate.story import StoryPages
    from annotator.pdf import analyze_pdf_geometry

    kb = load(())
    source = analyze(load_paper(str(SAMPLES / "pdf-rl-note")), kb)
    pdf, geometry = analyze_pdf_geometry(str(SAMPLES / "pdf-rl-note" / "main.pdf"), None, kb,
                                         quiet=True)
    glossary = glossaries["pdf-rl-note"]
    placed, _pages = plan(glossary, pdf, geometry, source)
    html = appendix_html(glossary, placed, "en", "").replace("<br>", "<p>")
    css = appendix_css(9.0) + "p {margin: 0 0 0 12pt;}"
    scratch = StoryPages()
    scratch.flow(html, css, (753, 792), 56)
    document = scratch.finish()
    text = " ".join(" ".join(page.get_text().split()) for page in document)
    heads = unicodedata.normalize("NFKC", text).count("first used")
    assert heads == len(glossary.entries)
