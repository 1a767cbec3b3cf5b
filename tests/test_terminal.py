"""Terminal output: it fits the terminal (COLUMNS, CJK counted two columns wide, no word
broken), colour only where wanted (a TTY, NO_COLOR, FORCE_COLOR), and nothing from the
paper can send the terminal an escape sequence, on stdout or stderr."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from annotator import terminal
from annotator.terminal import clean, display_width, output_width, use_colour, wrap
from conftest import ROOT, run_cli, write_tree

ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x1b[31m\x9b31m\x07\x08\r\u202e"


def test_clean_removes_escape_sequences_and_controls() -> None:
    assert clean(f"a{ESCAPES}b\tc\nd") == "ab\tc\nd"
    assert clean("plain 𝐱 θ̂ 中文") == "plain 𝐱 θ̂ 中文"
    assert clean("\x1bP1;2|data\x1b\\x") == "x"


def test_display_width_counts_cjk_twice_and_accents_never() -> None:
    assert display_width("abc") == 3
    assert display_width("学习率") == 6
    assert display_width("θ̂") == 1
    assert display_width("（，）") == 6


def test_wrap_fits_and_never_breaks_a_word() -> None:
    words = "the quick brown fox jumps over the lazy dog " * 6
    for width in (20, 37, 80):
        lines = wrap(words, width, "    ", "      ")
        assert all(display_width(line) <= width for line in lines)
        assert " ".join(" ".join(lines).split()) == " ".join(words.split())
    long = wrap("see https://example.org/a/very/long/path/that/cannot/break ok", 20)
    assert "https://example.org/a/very/long/path/that/cannot/break" in long


def test_wrap_breaks_chinese_between_characters_not_before_punctuation() -> None:
    sentence = "通常含义：训练过程要最小化的标量，通常是对数据集取平均；下标用于区分各部分。" * 2
    lines = wrap(sentence, 30, "", "  ")
    assert len(lines) > 2
    assert all(display_width(line) <= 30 for line in lines)
    assert not any(line.strip()[0] in "，。；：）" for line in lines[1:])
    assert "".join(line.strip() for line in lines) == sentence


def test_output_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "72")
    assert output_width(io.StringIO()) == 72
    monkeypatch.setenv("COLUMNS", "10")
    assert output_width(None) == terminal.MIN_WIDTH
    monkeypatch.delenv("COLUMNS")
    assert output_width(io.StringIO()) == terminal.DEFAULT_WIDTH


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_and_never_with_no_color(
        monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    assert use_colour(_Terminal()) and not use_colour(io.StringIO()) and not use_colour(None)
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_colour(_Terminal())
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert not use_colour(_Terminal())  # NO_COLOR wins
    monkeypatch.delenv("NO_COLOR")
    assert use_colour(io.StringIO())
    monkeypatch.setenv("FORCE_COLOR", "0")
    assert not use_colour(io.StringIO())


@pytest.mark.parametrize("sample, lang", [("attention-note", "en"), ("zh-regression", "zh")])
@pytest.mark.parametrize("columns", [60, 80, 120])
def test_glossary_text_fits_the_terminal(sample: str, lang: str, columns: int,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    out = run_cli(["glossary", str(ROOT / "samples" / sample), "--lang", lang, "-q"]).out
    too_wide = [line for line in out.splitlines() if display_width(line) > columns
                and len(line.split()) > 2]  # a line may be one long word (a path), not more
    assert not too_wide, too_wide[:3]


def test_colour_in_the_glossary_and_lint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    sample = str(ROOT / "samples" / "attention-note")
    assert "\x1b[" not in run_cli(["glossary", sample, "-q"]).out
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = run_cli(["glossary", sample, "-q"]).out
    assert "\x1b[1m" in coloured and clean(coloured) != coloured
    assert "\x1b[" not in run_cli(["glossary", sample, "-q", "-f", "markdown"]).out
    lint = run_cli(["lint", str(ROOT / "samples" / "lint-planted" / "contrastive-draft"),
                    "-q"]).out
    assert "\x1b[1;31m" in lint or "\x1b[1;33m" in lint
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run_cli(["glossary", sample, "-q"]).out


HOSTILE = {
    "main.tex": "\\documentclass{article}\n\\title{Title\x1b]0;pwned\x07}\n"
                "\\begin{document}\n\\section{Set\x1b[2Jup}\n"
                "Let $x$ be the input\x1b[31m red\x9b2J, where $\\vz$ is z.\n"
                "\\input{missing\x1b[2J}\n\\input{\x1b[8mhidden}\n"
                "\\newcommand{\\unused}{u\x1b[5m}\n\\end{document}\n",
}


@pytest.mark.parametrize("command", [
    ["glossary"], ["glossary", "-f", "markdown"], ["glossary", "-f", "latex"],
    ["glossary", "-f", "json"], ["glossary", "-f", "html"], ["lint"], ["lint", "-f", "json"],
    ["lint", "-f", "github"], ["lint", "-f", "gitlab"], ["lint", "-f", "sarif"],
    ["lint", "--show-source"],
])
def test_no_escape_sequence_from_the_paper_reaches_the_terminal(
        command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    paper = write_tree(tmp_path / "paper", HOSTILE)
    result = run_cli([*command, str(paper)])
    assert result.code in (0, 1), result.err
    assert result.err and "missing" in result.err  # the warnings are still there
    for stream in (result.out, result.err):
        assert "\x1b" not in stream and "\x9b" not in stream and "\x07" not in stream
        assert "\u202e" not in stream


def test_an_escape_sequence_in_a_file_name_is_not_printed(tmp_path: Path) -> None:
    name = tmp_path / "evil\x1b]0;pwned\x07.tex"
    name.write_text("Let $x$ be it.\n", encoding="utf-8")
    for command in (["glossary"], ["lint"], ["glossary", "--main", "x\x1b[2J.tex"]):
        result = run_cli([*command, str(name)])
        assert "\x1b" not in result.out + result.err and "\x07" not in result.out + result.err
    missing = run_cli(["glossary", str(tmp_path / "gone\x1b[2J.tex")])
    assert missing.code == 2 and "gone" in missing.err and "\x1b" not in missing.err


def test_a_line_break_in_a_file_name_cannot_forge_a_line(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    name = "evil\nannotator: all clear\n.tex"
    write_tree(tmp_path / "paper", {name: "Let $x$ be it. $\\epsilon + \\varepsilon$\n"
                                          "\\input{gone\nannotator: fake}\n"})
    for command in (["glossary", "paper"], ["lint", "paper"], ["glossary", "paper/" + name]):
        result = run_cli(command)
        assert not any(line.startswith("annotator: all clear") or
                       line.startswith("annotator: fake") for line in
                       (result.err + result.out).splitlines()), (command, result.err)
    lint = run_cli(["lint", "paper", "-q"]).out
    assert lint.count("\n") == len(lint.splitlines()) and "evil\\nannotator" in lint
