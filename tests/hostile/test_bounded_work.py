"""Every input costs bounded time and memory: the hangs and blow-ups of the red-team run
(issue 12, point 3), each built here as a small input. Each run is limited by
hostile_support (time limit, address-space cap, peak RSS); the assertions are the exit
code and the message a user sees, naming the file and the limit."""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import stat
import tarfile
import threading
import zipfile
from pathlib import Path

import pytest
from hostile_support import paper, run_limited, some_math, write

from annotator import expand, extract
from annotator.sources import limits

# ------------------------------------------------------------------ backtracking

def test_main_file_detection_does_not_backtrack_on_spaces(tmp_path: Path) -> None:
    """`\\input{` followed by 100,000 spaces (the include scan of main-file detection
    took 20 s per 50,000)."""
    write(tmp_path, {"main.tex": paper("\\input{" + " " * 100_000 + "\n\n" + some_math()),
                     "other.tex": paper("$y$")})
    run = run_limited(["glossary", str(tmp_path), "-q"])
    run.assert_clean()
    assert run.code == 0


def test_documentclass_options_never_closed_do_not_backtrack(tmp_path: Path) -> None:
    write(tmp_path, {"main.tex": "\\documentclass[" * 20_000 + "\n\n" + some_math(),
                     "b.tex": "$b$"})
    run = run_limited(["glossary", str(tmp_path), "-q"])
    run.assert_clean()
    assert run.code == 0


# ---------------------------------------------------------------------- includes

def test_an_unclosed_group_at_the_end_of_a_file_cannot_loop_on_includes(tmp_path: Path) -> None:
    """`\\def\\a#1{#1}\\a{\\input{main}`: the group ended with the file, the file was
    closed, and \\input{main} read it again, 2,000 times (691 MB)."""
    write(tmp_path, {"main.tex": "\\def\\a#1{#1}" + some_math() + "\n" + "word " * 20_000
                     + "\\a{\\input{main}\n"})
    run = run_limited(["glossary", str(tmp_path)])
    run.assert_clean()
    assert run.code == 0
    assert "include loop: main.tex is already being read" in run.err


def test_the_same_file_included_thousands_of_times_is_capped(tmp_path: Path) -> None:
    """`\\input{b}` 2,000 times, b of 16 KB: the characters read in all are capped."""
    write(tmp_path, {"b.tex": "% " + "c" * 16_000 + "\n$b$\n",
                     "main.tex": paper("\\input{b}\n" * 2_000)})
    run = run_limited(["glossary", str(tmp_path)])
    run.assert_clean()
    assert run.code == 0
    assert f"b.tex skipped: reading it would take the characters read from files past " \
           f"{expand.MAX_READ_CHARS}" in run.err


def test_an_include_chain_of_3000_files(tmp_path: Path) -> None:
    files = {f"f{i}.tex": f"$x_{{{i}}}$ \\input{{f{i + 1}}}\n" for i in range(3_000)}
    write(tmp_path, {**files, "main.tex": paper("\\input{f0}")})
    run = run_limited(["glossary", str(tmp_path), "-f", "json"])
    run.assert_clean()
    assert run.code == 0
    assert f"more than {expand.MAX_INCLUDE_DEPTH} files open at once" in run.err


# ---------------------------------------------------------------- long paragraphs

STAGES = """
import sys
from annotator.expand import Expander
from annotator.extract import extract
from annotator.sources import load_paper
expander = Expander(load_paper(sys.argv[1]))
extraction, spans = extract(expander.tokens(), expander.positions, expander.texts)
print(len(spans), len(extraction.paragraphs))
"""


def _read_and_extract(folder: Path) -> tuple[int, int]:
    """Reading and extraction alone (lexer, expander, extractor: this helper's stages)."""
    run = run_limited([str(folder)], python=("-c", STAGES))
    run.assert_clean()
    assert run.code == 0, run.err
    spans, paragraphs = run.out.split()
    return int(spans), int(paragraphs)


def _tilde_paragraph(folder: Path) -> Path:
    return write(folder, {"main.tex": "Let $x$ be a thing" + "~ " * 20_000 + ".\n"})


def _megabyte_line(folder: Path) -> Path:
    return write(folder, {"main.tex": " ".join(f"word $x_{{{i}}}$ is" for i in range(60_000))})


def _long_align(folder: Path) -> Path:
    rows = " \\\\\n".join(f"h_{{{i}}} &= \\sigma(W h_{{{i - 1}}} + b) + a x_{{{i}}}"
                        for i in range(3_000))  # 150,000 characters: under MAX_SPAN_CHARS
    return write(folder, {"main.tex": paper(f"where\n\\begin{{align}}\n{rows}\n\\end{{align}}")})


def test_a_sentence_followed_by_20000_tildes_reads_in_linear_time(tmp_path: Path) -> None:
    assert _read_and_extract(_tilde_paragraph(tmp_path)) == (1, 1)


def test_a_one_megabyte_line_reads_in_linear_time(tmp_path: Path) -> None:
    spans, paragraphs = _read_and_extract(_megabyte_line(tmp_path))
    assert (spans, paragraphs) == (extract.MAX_MATH_SPANS, 1)


def test_a_3000_row_align_reads_in_linear_time(tmp_path: Path) -> None:
    assert _read_and_extract(_long_align(tmp_path))[0] == 1


def test_glossary_of_a_sentence_followed_by_20000_tildes(tmp_path: Path) -> None:
    """The definition rules read a run of white space as one space (definitions/text.py):
    a regular expression tried at each of the 40,000 spaces the tildes leave was
    quadratic."""
    run = run_limited(["glossary", str(_tilde_paragraph(tmp_path)), "-q"])
    assert run.code == 0


def test_glossary_of_a_one_megabyte_line(tmp_path: Path) -> None:
    """The noun phrase before a formula is looked for in a bounded window: the rules used
    to copy and scan the whole paragraph for each of its 60,000 formulas."""
    run = run_limited(["glossary", str(_megabyte_line(tmp_path)), "-q"])
    assert run.code == 0


def test_glossary_of_a_3000_row_align(tmp_path: Path) -> None:
    """The occurrence index of definitions was quadratic on long aligned displays (a
    2,000-row align: 21 s, 84 % in `_OccurrenceIndex.at/uses`); fixed by the lead."""
    run = run_limited(["glossary", str(_long_align(tmp_path)), "-q"])
    assert run.code == 0


# ------------------------------------------------------------------------ macros

def test_a_def_amplification_is_capped_in_characters(tmp_path: Path) -> None:
    """A 20 KB \\def called 10,000 times through three levels: 1 token a call, 200 MB."""
    levels = "\\def\\a{" + "x" * 20_000 + "}" + "".join(
        "\\def\\" + name + "{" + ("\\" + below) * 10 + "}"
        for name, below in (("b", "a"), ("c", "b"), ("d", "c")))
    write(tmp_path, {"main.tex": levels + "\n$\\d\\d$\n" + some_math()})
    run = run_limited(["glossary", str(tmp_path)])
    run.assert_clean()
    assert run.code == 0
    assert f"more than {expand.MAX_EXPANDED_CHARS} characters (at \\a)" in run.err


def test_a_nine_argument_call_is_measured_before_it_is_built(tmp_path: Path) -> None:
    """One call whose body repeats #1...#9 200 times: 15 M tokens before the check."""
    body = "#1#2#3#4#5#6#7#8#9" * 200
    write(tmp_path, {"main.tex": f"\\def\\f#1#2#3#4#5#6#7#8#9{{{body}}}\n"
                                 "\\f{" + "x " * 1_000 + "}{a}{b}{c}{d}{e}{f}{g}{h}\n"
                                 + some_math()})
    run = run_limited(["glossary", str(tmp_path)])
    run.assert_clean()
    assert run.code == 0
    assert f"more than {expand.MAX_EXPANDED_TOKENS} tokens (at \\f)" in run.err


def test_a_formula_too_long_to_read_is_said(tmp_path: Path) -> None:
    write(tmp_path, {"main.tex": "$" + "x" * (extract.MAX_SPAN_CHARS + 10) + "$\n\n"
                                 + some_math()})
    run = run_limited(["glossary", str(tmp_path), "-f", "json"])
    run.assert_clean()
    assert run.code == 0
    assert f"(more than {extract.MAX_SPAN_CHARS}); its symbols are not read" in run.err


# ------------------------------------------------------------------- input bytes

def test_a_tex_file_over_the_cap_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.tex"
    big.write_bytes(b"$x$ " * (limits.MAX_TEXT_FILE_BYTES // 4 + 1))
    run = run_limited(["glossary", str(big)])
    run.assert_clean()
    assert run.code == 2
    assert f"{big}: error: larger than 8 MiB, the most read from a LaTeX file" in run.err


def test_a_tex_file_over_the_cap_in_a_folder_is_skipped(tmp_path: Path) -> None:
    write(tmp_path, {"main.tex": paper(some_math()),
                     "huge.tex": b"%" * (limits.MAX_TEXT_FILE_BYTES + 1)})
    run = run_limited(["glossary", str(tmp_path)])
    run.assert_clean()
    assert run.code == 0 and "huge.tex: larger than 8 MiB; skipped" in run.err


def test_an_input_over_the_archive_cap_is_refused_by_its_size(tmp_path: Path) -> None:
    sparse = tmp_path / "huge.tar.gz"
    with sparse.open("wb") as stream:
        stream.truncate(limits.MAX_INPUT_BYTES + 1)  # no bytes on disk
    run = run_limited(["glossary", str(sparse)])
    run.assert_clean()
    assert run.code == 2 and "larger than 256 MiB; refused" in run.err


def test_a_gzip_that_expands_past_the_cap_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "paper.gz"
    bomb.write_bytes(gzip.compress(b"x" * (limits.MAX_TEXT_FILE_BYTES + 1024)))
    run = run_limited(["glossary", str(bomb)])
    run.assert_clean()
    assert run.code == 2 and "expands past 8 MiB" in run.err


def test_standard_input_over_the_cap_is_refused(tmp_path: Path) -> None:
    run = run_limited(["glossary", "-"], stdin=b"$x$ " * (limits.MAX_TEXT_FILE_BYTES // 2))
    run.assert_clean()
    assert run.code == 2 and "<stdin>: error: more than 8 MiB" in run.err


def test_an_endless_standard_input_is_refused(tmp_path: Path) -> None:
    run = run_limited(["glossary", "-"], stdin=lambda: b"$x$ is a thing. " * 4096)
    run.assert_clean()
    assert run.code == 2 and "more than 8 MiB" in run.err


def test_endless_zeros_on_standard_input_stop_at_the_probe(tmp_path: Path) -> None:
    run = run_limited(["glossary", "-"], stdin=lambda: bytes(1 << 16))
    run.assert_clean()
    assert run.code == 2 and "<stdin>: error: binary data" in run.err


def test_a_zero_device_as_the_paper_stops_at_the_probe(tmp_path: Path) -> None:
    zero = tmp_path / "zero"
    try:
        os.mknod(zero, 0o666 | stat.S_IFCHR, os.makedev(1, 5))
    except OSError as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    run = run_limited(["glossary", str(zero)])
    run.assert_clean()
    assert run.code == 2 and f"{zero}: error: binary data" in run.err


def test_a_fifo_as_the_paper_is_read_like_a_pipe(tmp_path: Path) -> None:
    """`annotator glossary <(zcat paper.tex.gz)`: a FIFO named on the command line is read."""
    fifo = tmp_path / "paper.tex"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_text(paper(some_math())))
    writer.start()
    run = run_limited(["glossary", str(fifo), "-q"])
    writer.join(timeout=10)
    run.assert_clean()
    assert run.code == 0 and "12 formulas" in run.out


def test_a_fifo_named_tex_in_a_paper_folder_is_skipped(tmp_path: Path) -> None:
    write(tmp_path, {"main.tex": paper(some_math())})
    os.mkfifo(tmp_path / "x.tex")
    run = run_limited(["glossary", str(tmp_path)])
    run.assert_clean()
    assert run.code == 0
    assert "x.tex: not a regular file (a FIFO, device or socket); skipped" in run.err


def test_a_fifo_included_from_a_single_tex_file_is_not_waited_on(tmp_path: Path) -> None:
    write(tmp_path, {"main.tex": paper("\\input{pipe}\n" + some_math())})
    os.mkfifo(tmp_path / "pipe.tex")
    run = run_limited(["glossary", str(tmp_path / "main.tex")])
    run.assert_clean()
    assert run.code == 0 and "\\input{pipe}: not a regular file" in run.err


# ---------------------------------------------------------------------- archives

def _tar(members: dict[str, bytes], mode: str = "w:gz") -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=mode) as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_a_tar_with_20000_members_stops_listing_at_the_cap(tmp_path: Path) -> None:
    members = {"main.tex": paper(some_math()).encode()}
    members.update({f"fig/{i}.png": b"" for i in range(20_000)})
    archive = tmp_path / "many.tar.gz"
    archive.write_bytes(_tar(members))
    run = run_limited(["glossary", str(archive)])
    run.assert_clean()
    assert run.code == 0
    assert f"more than {limits.MAX_MEMBERS} members; the rest are not read" in run.err


def test_a_tar_long_name_header_claiming_1_gib_is_refused_unread(tmp_path: Path) -> None:
    header = tarfile.TarInfo("././@LongLink")
    header.type = tarfile.GNUTYPE_LONGNAME
    header.size = 1 << 30
    archive = tmp_path / "longname.tar"
    archive.write_bytes(header.tobuf(format=tarfile.GNU_FORMAT) + b"a" * (1 << 20))
    run = run_limited(["glossary", str(archive)])
    run.assert_clean()
    assert run.code == 2
    assert "a tar header holds 1073741824 bytes of extended data" in run.err
    assert "more than 64 KiB; refused" in run.err


def test_a_pax_header_too_large_after_good_members_keeps_them(tmp_path: Path) -> None:
    data = paper(some_math()).encode()
    member = tarfile.TarInfo("main.tex")
    member.size = len(data)
    good = member.tobuf() + data + bytes(-len(data) % 512)  # no end-of-archive blocks
    header = tarfile.TarInfo("././@PaxHeader")
    header.type = tarfile.XHDTYPE
    header.size = 1 << 30
    archive = tmp_path / "pax.tar"
    archive.write_bytes(good + header.tobuf(format=tarfile.USTAR_FORMAT) + b"0" * 4096)
    run = run_limited(["glossary", str(archive)])
    run.assert_clean()
    assert run.code == 0 and "the rest of the archive is not read" in run.err


def test_a_zip_listing_more_entries_than_the_cap_is_refused_before_listing(
        tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("main.tex", paper(some_math()))
        for i in range(limits.MAX_MEMBERS + 500):
            archive.writestr(f"f{i}.png", b"")
    path = tmp_path / "many.zip"
    path.write_bytes(buffer.getvalue())
    run = run_limited(["glossary", str(path)])
    run.assert_clean()
    assert run.code == 2
    assert f"its directory lists {limits.MAX_MEMBERS + 501} entries, more than " \
           f"{limits.MAX_MEMBERS}" in run.err


def test_a_zip_whose_directory_claims_1_2_million_entries_is_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("main.tex", paper(some_math()))
    data = bytearray(buffer.getvalue())
    end = data.rfind(b"PK\x05\x06")
    data[end + 12:end + 16] = (40 * 1024 * 1024).to_bytes(4, "little")  # directory size
    path = tmp_path / "liar.zip"
    path.write_bytes(bytes(data))
    run = run_limited(["glossary", str(path)])
    run.assert_clean()
    assert run.code == 2 and "its directory takes 41943040 bytes, more than 2 MiB" in run.err


# ----------------------------------------------------------------------- folders

def test_a_folder_1200_levels_deep(tmp_path: Path) -> None:
    write(tmp_path, {"main.tex": paper(some_math())})
    _make_chain(tmp_path, 1_200)
    try:
        run = run_limited(["glossary", str(tmp_path)])
    finally:
        _remove_chain(tmp_path, 1_200)  # shutil.rmtree recurses: pytest could not clean it
    run.assert_clean()
    assert run.code == 0
    assert f"deeper than {limits.MAX_FOLDER_DEPTH} folders; not looked into" in run.err


def _make_chain(root: Path, depth: int) -> None:
    """root/d/d/.../d/deep.tex, made through directory descriptors (the path is longer
    than a path may be spelled)."""
    descriptor = os.open(root, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir("d", dir_fd=descriptor)
            inner = os.open("d", os.O_RDONLY, dir_fd=descriptor)
            os.close(descriptor)
            descriptor = inner
        leaf = os.open("deep.tex", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=descriptor)
        os.write(leaf, b"$y$")
        os.close(leaf)
    finally:
        os.close(descriptor)


def _remove_chain(root: Path, depth: int) -> None:
    descriptors = [os.open(root, os.O_RDONLY)]
    try:
        for _ in range(depth):
            descriptors.append(os.open("d", os.O_RDONLY, dir_fd=descriptors[-1]))
        os.unlink("deep.tex", dir_fd=descriptors[-1])
        for parent in reversed(descriptors[:-1]):
            os.rmdir("d", dir_fd=parent)
    finally:
        for descriptor in descriptors:
            os.close(descriptor)


# ------------------------------------------------------------------------ explain

def test_explain_of_a_sum_of_50_terms(tmp_path: Path) -> None:
    run = run_limited(["explain", " + ".join(["x_i"] * 50)])
    run.assert_clean()
    assert run.code == 0 and "x" in run.out


def test_explain_of_a_sum_of_400_terms(tmp_path: Path) -> None:
    run = run_limited(["explain", " + ".join(["x_i"] * 400)])
    run.assert_clean()
    assert run.code == 0


def test_annotate_reads_its_pdf_within_the_caps(tmp_path: Path) -> None:
    """annotate reads the PDF itself (once, for the notes and the copy): an endless
    stream of zeros on standard input, or a FIFO named as the PDF, stops at the probe."""
    pytest.importorskip("pymupdf")
    out = str(tmp_path / "out.pdf")
    run = run_limited(["annotate", "-", "-o", out], stdin=lambda: bytes(1 << 16))
    run.assert_clean()
    assert run.code == 2 and "<stdin>: error: binary data" in run.err
    fifo = tmp_path / "paper.pdf"
    os.mkfifo(fifo)

    def endless_zeros() -> None:
        with contextlib.suppress(BrokenPipeError), fifo.open("wb") as stream:
            while True:
                stream.write(bytes(1 << 16))

    writer = threading.Thread(target=endless_zeros, daemon=True)
    writer.start()
    run = run_limited(["annotate", str(fifo), "-o", out])
    run.assert_clean()
    assert run.code == 2 and f"{fifo}: error: binary data" in run.err
