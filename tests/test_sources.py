"""Every input kind, and every bad input ends in a clear message (exit 2 only when nothing
usable is left)."""

from __future__ import annotations

import gzip
import io
import tarfile
import zipfile
from pathlib import Path

import pytest

from annotator.errors import InputError
from annotator.sources import limits, load_paper
from conftest import run_cli, write_tree

PAPER = r"""\documentclass{article}
\begin{document}
\input{sec/intro}
Let $x$ be the input.
\end{document}
"""
INTRO = r"We study $\theta$."


def tar_bytes(files: dict[str, str | bytes], mode: str = "w:gz") -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=mode) as tar:
        for name, content in files.items():
            data = content.encode() if isinstance(content, str) else content
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def zip_bytes(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive_file:
        for name, content in files.items():
            archive_file.writestr(name, content)
    return buffer.getvalue()


def symbol_keys(source: str, **kwargs) -> set[str]:
    from annotator.analysis import analyze
    return {s.key for s in analyze(load_paper(source, **kwargs)).symbols}


FILES = {"paper/main.tex": PAPER, "paper/sec/intro.tex": INTRO}


@pytest.mark.parametrize("suffix,mode", [(".tar.gz", "w:gz"), (".tgz", "w:gz"),
                                         (".tar", "w"), (".tar.bz2", "w:bz2"),
                                         (".tar.xz", "w:xz")])
def test_tar_archives(tmp_path: Path, suffix: str, mode: str) -> None:
    path = tmp_path / ("paper" + suffix)
    path.write_bytes(tar_bytes(FILES, mode))
    paper = load_paper(str(path))
    assert paper.main == "paper/main.tex"
    assert symbol_keys(str(path)) == {"x", "theta"}


def test_single_gzipped_tex_without_extension(tmp_path: Path) -> None:
    # arXiv serves one-file papers as a gzipped .tex, often named just by the id.
    path = tmp_path / "2101.00001"
    path.write_bytes(gzip.compress(b"\\documentclass{article}\\begin{document}$y$\\end{document}"))
    paper = load_paper(str(path))
    assert paper.main.endswith(".tex")
    assert symbol_keys(str(path)) == {"y"}


def test_zip(tmp_path: Path) -> None:
    path = tmp_path / "paper.zip"
    path.write_bytes(zip_bytes(FILES))
    assert symbol_keys(str(path)) == {"x", "theta"}


def test_folder_and_tex_file(tmp_path: Path) -> None:
    write_tree(tmp_path, FILES)
    assert symbol_keys(str(tmp_path / "paper")) == {"x", "theta"}
    # A .tex file reads its \input's from its own folder.
    assert symbol_keys(str(tmp_path / "paper" / "main.tex")) == {"x", "theta"}


def test_fragment_without_documentclass(tmp_path: Path) -> None:
    path = write_tree(tmp_path, {"frag.tex": r"Where $\alpha$ is the step size."}) / "frag.tex"
    paper = load_paper(str(path))
    assert "fragment" in paper.main_reason or paper.main == "frag.tex"
    assert symbol_keys(str(path)) == {"alpha"}


def test_standard_input_text_and_archive() -> None:
    result = run_cli(["glossary", "-", "-f", "json", "-q"], stdin=b"$\\beta + \\gamma$")
    assert result.code == 0
    assert {s["key"] for s in result.json()["symbols"]} == {"beta", "gamma"}
    result = run_cli(["glossary", "-", "-f", "json", "-q"], stdin=tar_bytes(FILES))
    assert result.code == 0
    assert {s["key"] for s in result.json()["symbols"]} == {"x", "theta"}


def test_main_detection_prefers_root_and_usual_names(tmp_path: Path) -> None:
    doc = "\\documentclass{article}\\begin{document}$a$\\end{document}"
    write_tree(tmp_path, {"supplementary.tex": doc, "paper.tex": doc.replace("$a$", "$b$"),
                          "notes.tex": "$c$"})
    paper = load_paper(str(tmp_path))
    assert paper.main == "paper.tex"
    assert "chosen among 2" in paper.main_reason


def test_main_override_and_unknown_main(tmp_path: Path) -> None:
    doc = "\\documentclass{article}\\begin{document}$a$\\end{document}"
    write_tree(tmp_path, {"main.tex": doc, "other.tex": doc.replace("$a$", "$b$")})
    assert load_paper(str(tmp_path), main="other").main == "other.tex"
    with pytest.raises(InputError, match=r"--main missing\.tex: no such file"):
        load_paper(str(tmp_path), main="missing.tex")


def test_main_file_is_announced(tmp_path: Path) -> None:
    write_tree(tmp_path, FILES)
    result = run_cli(["glossary", str(tmp_path / "paper"), "-f", "json"])
    assert result.code == 0
    assert "main file: main.tex" in result.err


# ------------------------------------------------------------------ bad input

def test_truncated_archive_is_an_error(tmp_path: Path) -> None:
    data = tar_bytes({f"p/file{i}.tex": "x" * 5000 for i in range(3)})
    path = tmp_path / "cut.tar.gz"
    path.write_bytes(data[: len(data) // 3])
    result = run_cli(["glossary", str(path)])
    assert result.code == 2
    assert str(path) in result.err and "truncated or corrupt" in result.err
    assert "Traceback" not in result.err


def test_truncated_archive_keeps_what_was_read(tmp_path: Path) -> None:
    files = {"p/main.tex": PAPER.replace("\\input{sec/intro}", ""),
             "p/big.tex": "y" * 200_000}
    data = tar_bytes(files, "w")  # uncompressed: the first member survives the cut
    path = tmp_path / "cut.tar"
    path.write_bytes(data[:150_000])
    result = run_cli(["glossary", str(path), "-f", "json"])
    assert result.code == 0
    assert "truncated or corrupt" in result.err
    assert {s["key"] for s in result.json()["symbols"]} == {"x"}


def test_corrupt_gzip(tmp_path: Path) -> None:
    path = tmp_path / "bad.tar.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00" + b"\xff" * 100)
    result = run_cli(["glossary", str(path)])
    assert result.code == 2
    assert "corrupt" in result.err


def test_binary_that_is_not_an_archive(tmp_path: Path) -> None:
    path = tmp_path / "paper.tar.gz"
    path.write_bytes(bytes(range(256)) * 4)
    result = run_cli(["glossary", str(path)])
    assert result.code == 2
    assert "binary data, not LaTeX source, an archive or a PDF" in result.err


def test_binary_data_named_tex_is_skipped(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tex": PAPER.replace("\\input{sec/intro}", ""),
                          "figure.tex": b"\x00\x01\x02binary"})
    result = run_cli(["glossary", str(tmp_path), "-f", "json"])
    assert result.code == 0
    assert "figure.tex: binary data" in result.err


def test_only_binary_tex(tmp_path: Path) -> None:
    path = tmp_path / "paper.tex"
    path.write_bytes(b"\x00\x00\x00\x01")
    result = run_cli(["glossary", str(path)])
    assert result.code == 2
    assert "paper.tex" in result.err


def test_empty_folder_and_folder_without_tex(tmp_path: Path) -> None:
    result = run_cli(["glossary", str(tmp_path)])
    assert result.code == 2 and "no .tex file found" in result.err
    (tmp_path / "README.md").write_text("nothing here")
    result = run_cli(["glossary", str(tmp_path)])
    assert result.code == 2 and "no .tex file found" in result.err


def test_archive_without_tex(tmp_path: Path) -> None:
    path = tmp_path / "figures.tar.gz"
    path.write_bytes(tar_bytes({"fig.png": b"\x89PNG...."}))
    result = run_cli(["glossary", str(path)])
    assert result.code == 2 and "no readable .tex file" in result.err


def test_missing_path_and_empty_file(tmp_path: Path) -> None:
    result = run_cli(["glossary", str(tmp_path / "nope.tar.gz")])
    assert result.code == 2 and "no such file or folder" in result.err
    empty = tmp_path / "empty.tex"
    empty.write_text("")
    result = run_cli(["glossary", str(empty)])
    assert result.code == 2 and "empty input" in result.err


def test_dangerous_members_are_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in {"main.tex": PAPER.replace("\\input{sec/intro}", "").encode(),
                           "/etc/evil.tex": b"$e$", "../escape.tex": b"$e$"}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("link.tex")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        tar.addfile(link)
    path = tmp_path / "evil.tar.gz"
    path.write_bytes(buffer.getvalue())
    paper = load_paper(str(path))
    assert set(paper.files) == {"main.tex"}
    messages = " ".join(d.message for d in paper.diagnostics)
    assert "absolute path" in messages
    assert "path leaves the archive" in messages
    assert "links are not followed" in messages
    assert not (tmp_path.parent / "escape.tex").exists()


def test_size_and_count_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_TEXT_FILE_BYTES", 1000)
    monkeypatch.setattr(limits, "MAX_MEMBERS", 3)
    files = {"main.tex": PAPER.replace("\\input{sec/intro}", ""), "huge.tex": "z" * 5000}
    files.update({f"extra{i}.tex": "$q$" for i in range(5)})
    path = tmp_path / "many.tar.gz"
    path.write_bytes(tar_bytes(files))
    paper = load_paper(str(path))
    messages = " ".join(d.message for d in paper.diagnostics)
    assert "huge.tex" in messages and "larger than" in messages
    assert "more than 3 members" in messages
    assert len(paper.files) <= 3


def test_zip_bomb_member_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_TEXT_FILE_BYTES", 10_000)
    path = tmp_path / "bomb.zip"
    path.write_bytes(zip_bytes({"main.tex": "$a$", "bomb.tex": "0" * 1_000_000}))
    paper = load_paper(str(path))
    assert "bomb.tex" not in paper.files


def test_encodings_bom_crlf_latin1(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "main.tex": b"\xef\xbb\xbf\\documentclass{article}\r\n\\begin{document}\r\n"
                    b"\\input{latin}\r\n$\\alpha$\r\n\\end{document}\r\n",
        "latin.tex": "Caf\u00e9 $\\beta$\n".encode("latin-1"),
    })
    result = run_cli(["glossary", str(tmp_path), "-f", "json"])
    assert result.code == 0
    assert "latin.tex: not valid UTF-8" in result.err and "latin-1" in result.err
    data = result.json()
    first = {s["key"]: s["first"] for s in data["symbols"]}
    assert first["alpha"] == {"file": "main.tex", "line": 4, "column": 2, "section": None}
    assert first["beta"]["file"] == "latin.tex" and first["beta"]["line"] == 1
