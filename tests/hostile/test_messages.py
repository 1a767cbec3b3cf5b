"""Inputs that ended in "internal error" (issue 12, point 4) and the smaller wrong
messages (point 7): each is a clear message now, or a glossary."""

from __future__ import annotations

import io
import json
import tarfile
import zipfile
from pathlib import Path

import pytest
from hostile_support import paper, run_limited, some_math, write

FORMATS = [("glossary", f) for f in ("text", "markdown", "html", "json", "latex")] + \
          [("lint", f) for f in ("text", "json", "sarif")]


def _latin1_tar(path: Path) -> Path:
    """An old archive whose member names are latin-1 bytes, not UTF-8."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", format=tarfile.GNU_FORMAT,
                      encoding="latin-1") as tar:
        for name, data in (("caf\xe9.tex", b"$y_{caf\xe9}$ and $z$\n"),
                           ("main.tex", paper("\\input{caf\xe9}\n" + some_math()).encode(
                               "latin-1"))):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.parametrize(("command", "output"), FORMATS)
def test_member_names_that_are_not_utf8_reach_every_writer(tmp_path: Path, command: str,
                                                            output: str) -> None:
    archive = _latin1_tar(tmp_path / "old.tar.gz")
    run = run_limited([command, str(archive), "-f", output, "-q"])
    run.assert_clean()
    assert run.code in (0, 1)
    assert run.out


def test_member_names_that_are_not_utf8_are_decoded_as_latin1(tmp_path: Path) -> None:
    run = run_limited(["glossary", str(_latin1_tar(tmp_path / "old.tar.gz")), "-f", "json"])
    result = json.loads(run.out)
    assert "café.tex" in result["paper"]["files"]  # and its \input{café} found it


def test_a_zip_member_marked_utf8_that_is_not(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("main.tex", paper(some_math()))
        archive.writestr("n\u00e9.tex", "$q$")
    data = buffer.getvalue().replace("n\u00e9.tex".encode(), b"n\xff\xfe.tex")
    path = tmp_path / "bad.zip"
    path.write_bytes(data)
    run = run_limited(["glossary", str(path)])
    run.assert_clean()
    assert run.code == 2 and "member name marked UTF-8 is not UTF-8" in run.err


def test_a_file_name_that_is_not_utf8_on_the_command_line(tmp_path: Path) -> None:
    name = tmp_path / "caf\udce9.tex"  # the bytes caf\xe9.tex, as os gives them
    name.write_bytes(paper(some_math()).encode())
    for output in ("json", "markdown", "html", "latex"):
        run = run_limited(["glossary", str(name), "-f", output, "-q"])
        run.assert_clean()
        assert run.code == 0 and "café.tex" in run.out


def test_an_input_name_with_a_nul_character(tmp_path: Path) -> None:
    # past the first 8 KiB, where a NUL byte would mean a binary file
    write(tmp_path, {"main.tex": paper(some_math(200) + "\n\\input{a\0b}")})
    run = run_limited(["glossary", str(tmp_path / "main.tex")])
    run.assert_clean()
    assert run.code == 0
    assert "refused \\input{a\\x00b}: its name holds a NUL character" in run.err


def test_an_input_name_of_300_characters(tmp_path: Path) -> None:
    write(tmp_path, {"main.tex": paper(some_math() + "\n\\input{" + "a" * 300 + "}")})
    run = run_limited(["glossary", str(tmp_path / "main.tex")])
    run.assert_clean()
    assert run.code == 0
    assert "a part of its name is longer than 255 bytes" in run.err


def test_a_member_name_with_a_line_break_is_read(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for name, data in (("main.tex", paper(some_math()).encode()), ("a\nb.tex", b"$q$")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    path = tmp_path / "names.tar"
    path.write_bytes(buffer.getvalue())
    run = run_limited(["glossary", str(path), "-f", "latex"])
    run.assert_clean()
    assert run.code == 0 and "refused" not in run.err  # a legal name: read, escaped on output


# ---------------------------------------------------------------- point 7

def test_a_tex_with_pdf_magic_in_a_comment_is_latex(tmp_path: Path) -> None:
    write(tmp_path, {"main.tex": "% converted from %PDF-1.4 by hand\n" + paper(some_math())})
    run = run_limited(["glossary", str(tmp_path / "main.tex"), "-q"])
    run.assert_clean()
    assert run.code == 0 and "12 formulas" in run.out


def test_a_pdf_with_junk_before_its_header_is_still_a_pdf(tmp_path: Path) -> None:
    broken = tmp_path / "junk.pdf"
    broken.write_bytes(b"\x00\x01junk\n%PDF-1.4\nnot really a pdf")
    run = run_limited(["glossary", str(broken)])
    run.assert_clean()
    assert run.code == 2 and "cannot read this PDF" in run.err


def test_text_named_like_an_archive_says_so_and_not_chosen_with_main(tmp_path: Path) -> None:
    named = tmp_path / "paper.tar.gz"
    named.write_text(paper(some_math()))
    run = run_limited(["glossary", str(named), "-f", "json"])
    run.assert_clean()
    assert run.code == 0
    assert "--main" not in run.err
    assert "the file named on the command line" in run.err
    assert "paper.tar.gz: named like an archive but holds text; read as LaTeX" in run.err


def test_a_single_tex_file_is_not_said_to_be_chosen_with_main(tmp_path: Path) -> None:
    write(tmp_path, {"paper.tex": paper(some_math())})
    run = run_limited(["glossary", str(tmp_path / "paper.tex")])
    assert "chosen with --main" not in run.err
    run = run_limited(["glossary", str(tmp_path), "--main", "paper.tex"])
    assert "chosen with --main" in run.err


def test_refusal_reasons_are_kept_when_nothing_is_left(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        link = tarfile.TarInfo("main.tex")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        tar.addfile(link)
        absolute = tarfile.TarInfo("/abs/paper.tex")
        absolute.size = 3
        tar.addfile(absolute, io.BytesIO(b"$x$"))
    path = tmp_path / "refused.tar.gz"
    path.write_bytes(buffer.getvalue())
    run = run_limited(["glossary", str(path)])
    run.assert_clean()
    assert run.code == 2
    assert "no readable .tex file in the archive" in run.err
    assert "'main.tex' refused: links are not followed" in run.err
    assert "'/abs/paper.tex' refused: absolute path" in run.err


def test_refusal_reasons_are_kept_for_a_folder_too(tmp_path: Path) -> None:
    (tmp_path / "main.tex").write_bytes(b"\x00binary")
    run = run_limited(["glossary", str(tmp_path)])
    assert run.code == 2
    assert "no .tex file found in this folder (main.tex: binary data" in run.err


def test_a_paper_without_title_is_not_titled_with_its_file_name(tmp_path: Path) -> None:
    write(tmp_path, {"main.tex": paper(some_math())})
    run = run_limited(["glossary", str(tmp_path), "-q"])
    assert run.out.splitlines()[0] == "main.tex (no \\title)"
    run = run_limited(["glossary", str(tmp_path), "-q", "--lang", "zh"])
    assert run.out.splitlines()[0] == "main.tex（无 \\title）"
    run = run_limited(["glossary", str(tmp_path), "-q", "-f", "json"])
    assert json.loads(run.out)["paper"]["title"] == ""


def test_a_symlink_loop_in_a_paper_folder(tmp_path: Path) -> None:
    write(tmp_path, {"main.tex": paper(some_math() + "\\input{a}")})
    (tmp_path / "b.tex").symlink_to("a.tex")
    (tmp_path / "a.tex").symlink_to("b.tex")
    (tmp_path / "dangling.tex").symlink_to("nowhere.tex")
    for target in (tmp_path, tmp_path / "main.tex"):
        run = run_limited(["glossary", str(target)])
        run.assert_clean()
        assert run.code == 0 and "12 formulas" in run.out
    run = run_limited(["glossary", str(tmp_path)])
    assert "a.tex: link loop; skipped" in run.err
    assert "dangling.tex: link to nothing; skipped" in run.err
