"""PDF input end to end: the glossary of a PDF against the glossary of its own source, the
paper's definitions read from the PDF's prose, bad PDFs, and the corpus PDFs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from annotator.analysis import analyze
from annotator.knowledge import load
from annotator.model import Analysis
from annotator.pdf import analyze_pdf
from annotator.sources import load_paper
from conftest import SAMPLES, corpus_path, run_cli

pymupdf = pytest.importorskip("pymupdf")

PDF_SAMPLES = ["pdf-vae-note", "pdf-rl-note"]
MIN_RECALL = 0.8


def _pdf(path: Path) -> Analysis:
    return analyze_pdf(str(path), None, load(()), quiet=True)


def _source(path: Path, main: str | None = None) -> Analysis:
    return analyze(load_paper(str(path), main=main), load(()))


@pytest.fixture(scope="module")
def samples() -> dict[str, tuple[Analysis, Analysis]]:
    """(source analysis, PDF analysis) of each PDF sample paper."""
    return {name: (_source(SAMPLES / name), _pdf(SAMPLES / name / "main.pdf"))
            for name in PDF_SAMPLES}


def _recall(source: Analysis, pdf: Analysis) -> float:
    keys = {symbol.key for symbol in pdf.symbols}
    return sum(symbol.key in keys for symbol in source.symbols) / len(source.symbols)


def _font_agreement(source: Analysis, pdf: Analysis) -> float:
    """Of the source symbols whose letter the PDF found at all, the share found in the same
    font family (bold, calligraphic, blackboard, ...)."""
    fonts: dict[tuple[str, tuple[str, ...]], set[str]] = {}
    for symbol in pdf.symbols:
        fonts.setdefault((symbol.id.base, symbol.id.accents), set()).add(symbol.id.font)
    found = [s for s in source.symbols if (s.id.base, s.id.accents) in fonts]
    same = [s for s in found if s.id.font in fonts[(s.id.base, s.id.accents)]]
    return len(same) / len(found)


@pytest.mark.parametrize("name", PDF_SAMPLES)
def test_sample_pdf_finds_the_source_symbols(samples, name: str) -> None:
    source, pdf = samples[name]
    assert len(source.symbols) >= 40
    assert _recall(source, pdf) >= MIN_RECALL
    assert _font_agreement(source, pdf) >= 0.95
    keys = {symbol.key for symbol in pdf.symbols}
    # the typography that only the fonts tell
    assert {"theta", "bb:R", "bb:E", "cal:D", "epsilon", "varepsilon"} <= keys


def test_fonts_scripts_and_accents_are_recovered(samples) -> None:
    _source_vae, vae = samples["pdf-vae-note"]
    keys = {symbol.key for symbol in vae.symbols}
    assert {"bold:x", "bold:epsilon", "bold:W_enc", "hat(bold:x)", "p_theta", "q_phi",
            "D_KL", "cal:L", "cal:N", "bold:I", "sum", "nabla", "log", "tanh"} <= keys
    roles = {symbol.key: symbol.role for symbol in vae.symbols}
    assert roles["bold:x"] == "vector" and roles["bold:W_enc"] == "matrix"
    assert roles["bb:R"] == "number-set"
    _source_rl, rl = samples["pdf-rl-note"]
    keys = {symbol.key for symbol in rl.symbols}
    assert {"V^pi", "L^CLIP", "theta_old", "hat(A)", "s'", "clip", "min"} <= keys
    display = [span.latex for span in rl.math if span.display]
    assert any("\\sum_{t=0}^{T" in latex for latex in display)


def _definitions(analysis: Analysis, source: str) -> set[tuple[str, str]]:
    found = set()
    for symbol in analysis.symbols:
        for definition in symbol.definitions:
            if (definition.source == "prose") == (source == "prose"):
                text = " ".join(definition.text.split())
                found.add((symbol.key, re.sub(r"\\mid\b", "|", text).replace(" ", "")
                           if source != "prose" else text))
    return found


@pytest.mark.parametrize("name", PDF_SAMPLES)
def test_sample_pdf_definitions_are_the_source_sentences(samples, name: str) -> None:
    pytest.importorskip("annotator.definitions")
    source, pdf = samples[name]
    prose = _definitions(source, "prose")
    assert len(prose) >= 10
    assert _definitions(pdf, "prose") == prose
    math_source, math_pdf = _definitions(source, "math"), _definitions(pdf, "math")
    assert len(math_source & math_pdf) >= 0.9 * len(math_source)
    assert math_pdf <= math_source


def test_pdf_positions_are_pages_and_lines(samples, cli) -> None:
    _source_vae, vae = samples["pdf-vae-note"]
    theta = next(symbol for symbol in vae.symbols if symbol.key == "theta")
    assert theta.first.location.file == "main.pdf"
    assert theta.first.location.line == 1  # page 1
    text = vae.paper.files["main.pdf"].text
    lines_of_page_one = text[:theta.first.location.offset].count("\n") + 1
    assert theta.first.location.column == lines_of_page_one  # line on the page
    assert {span.location.line for span in vae.math} == {1, 2}
    for span in vae.math:
        assert text[span.location.offset:span.end] == span.latex
    result = cli(["glossary", str(SAMPLES / "pdf-vae-note" / "main.pdf"), "-f", "json"])
    assert result.code == 0
    data = result.json()
    assert data["paper"]["kind"] == "pdf"
    assert data["paper"]["positions"] == "page-line"
    assert data["paper"]["title"] == "A Short Note on Variational Autoencoders"
    assert any("lower fidelity" in d["message"] and "source" in d["message"]
               for d in data["diagnostics"])
    assert "lower fidelity" in result.err


def test_sections_and_paragraphs_come_from_the_layout(samples) -> None:
    source, pdf = samples["pdf-rl-note"]
    assert [s.title for s in pdf.sections] == [s.title for s in source.sections]
    definition = next(d for s in pdf.symbols if s.key == "theta" for d in s.definitions
                      if d.source == "prose")
    assert definition.text == "the parameters of the policy network"
    section = pdf.sections[pdf.math[pdf.symbols[0].first.span].section or 0]
    assert section.title == "Markov decision processes"


def test_pdf_from_standard_input(cli) -> None:
    data = (SAMPLES / "pdf-rl-note" / "main.pdf").read_bytes()
    result = cli(["glossary", "-", "-f", "json", "-q"], stdin=data)
    assert result.code == 0, result.err
    assert result.err == ""
    assert {s["key"] for s in result.json()["symbols"]} >= {"pi_theta", "cal:S", "bb:E"}


# ------------------------------------------------------------------ bad PDFs

def _text_pdf(pages: int = 1) -> bytes:
    document = pymupdf.open()
    for number in range(pages):
        page = document.new_page()
        page.insert_text((72, 72), f"Page {number + 1} says hello.")
    return document.tobytes()


def _run_on(tmp_path: Path, data: bytes, cli, name: str = "paper.pdf", quiet: bool = True):
    path = tmp_path / name
    path.write_bytes(data)
    return cli(["glossary", str(path), "-f", "json"] + (["-q"] if quiet else [])), path


def _assert_clear_failure(result, path: Path, *words: str) -> None:
    assert result.code == 2
    assert result.out == ""
    assert str(path) in result.err
    assert "internal error" not in result.err and "Traceback" not in result.err
    for word in words:
        assert word in result.err


def test_encrypted_pdf(tmp_path: Path, cli) -> None:
    document = pymupdf.open(SAMPLES / "pdf-rl-note" / "main.pdf")
    data = document.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret",
                            owner_pw="owner")
    result, path = _run_on(tmp_path, data, cli)
    _assert_clear_failure(result, path, "encrypted", "password")


def test_pdf_with_owner_password_only_is_read(tmp_path: Path, cli) -> None:
    document = pymupdf.open(SAMPLES / "pdf-rl-note" / "main.pdf")
    data = document.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner")
    result, _path = _run_on(tmp_path, data, cli)
    assert result.code == 0


def test_corrupt_pdf(tmp_path: Path, cli) -> None:
    result, path = _run_on(tmp_path, b"%PDF-1.7\n1 0 obj <<\n", cli)
    _assert_clear_failure(result, path, "damaged")


def test_truncated_pdf_never_crashes(tmp_path: Path, cli) -> None:
    data = (SAMPLES / "pdf-vae-note" / "main.pdf").read_bytes()
    for share in (0.05, 0.5, 0.9):
        result, path = _run_on(tmp_path, data[:int(len(data) * share)], cli)
        assert result.code in (0, 2)
        assert "internal error" not in result.err
        if result.code == 2:
            assert str(path) in result.err


def test_zero_page_pdf(tmp_path: Path, cli) -> None:
    data = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
    result, path = _run_on(tmp_path, data, cli)
    _assert_clear_failure(result, path, "no pages")


def test_scanned_pdf_without_text_layer(tmp_path: Path, cli) -> None:
    document = pymupdf.open()
    pixmap = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 60, 60), False)
    pixmap.clear_with(180)
    for _ in range(2):
        page = document.new_page()
        page.insert_image(page.rect, pixmap=pixmap)
    result, path = _run_on(tmp_path, document.tobytes(), cli)
    _assert_clear_failure(result, path, "OCR is not supported", "nothing was found")


def test_text_without_math_is_usable(tmp_path: Path, cli) -> None:
    result, _path = _run_on(tmp_path, _text_pdf(), cli)
    assert result.code == 0
    assert result.json()["symbols"] == []
    assert any("no math" in d["message"] for d in result.json()["diagnostics"])


def test_long_pdf_reports_progress(tmp_path: Path, cli) -> None:
    result, _path = _run_on(tmp_path, _text_pdf(60), cli, quiet=False)
    assert result.code == 0
    assert "page 25 of 60" in result.err and "page 50 of 60" in result.err
    quiet, _path = _run_on(tmp_path, _text_pdf(60), cli, name="quiet.pdf")
    assert "page 25" not in quiet.err


# ------------------------------------------------------------------ corpus PDFs

CORPUS_PDFS = [("icl-as-gd-revisited", "main.pdf", None),
               ("directed-info-gail", "main.pdf", None),
               ("dlbook-math-commands", "notation_example.pdf", "notation_example.tex")]


@pytest.mark.parametrize(("paper", "pdf", "main"), CORPUS_PDFS)
def test_corpus_pdfs(paper: str, pdf: str, main: str | None) -> None:
    folder = corpus_path(paper)
    result = run_cli(["glossary", str(folder / pdf), "-f", "json", "-q"])
    assert result.code == 0, result.err
    keys = {symbol["key"] for symbol in result.json()["symbols"]}
    source = _source(folder, main)
    found = sum(symbol.key in keys for symbol in source.symbols) / len(source.symbols)
    assert found >= MIN_RECALL
