"""Chinese output written by the code uses full-width punctuation next to Chinese text:
，；：（） rather than , ; : ( ) (the knowledge base's own texts are checked with it)."""

from __future__ import annotations

import re

from annotator.glossary import ROLE_LABELS, ROLE_NAMES, shape_of
from annotator.model import Definition
from annotator.render import common
from annotator.render.common import aside, bracketed, colon, joined
from conftest import ROOT, run_cli

CJK = r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]"
ASCII_NEXT_TO_CJK = re.compile(rf"{CJK}[,;:()]|[,;:()]{CJK}|{CJK} [,;:()]|[,;:()] {CJK}")


def _bad(text: str) -> list[str]:
    return [text[max(0, m.start() - 6):m.end() + 6] for m in ASCII_NEXT_TO_CJK.finditer(text)]


def test_labels_and_names_use_full_width_punctuation() -> None:
    texts = [t.zh for t in (*common.LABELS.values(), *common.MATCH_NAMES.values(),
                            *ROLE_NAMES.values(), *ROLE_LABELS.values())]
    assert not [bad for text in texts for bad in _bad(text)]


def test_shapes_in_chinese() -> None:
    for text in (r"\in \mathbb{R}^{d}", r"\in \mathbb{R}^{n \times d}", r"\in \mathbb{R}"):
        definition = Definition(text=text, file="a.tex", line=1, start=0, end=1,
                                symbol_start=0, symbol_end=1, source="type", cue="type-in")
        shape = shape_of(definition)
        assert shape is not None and not _bad(shape.zh), shape.zh


def test_punctuation_helpers() -> None:
    assert (colon("zh"), colon("en")) == ("：", ": ")
    assert (aside("x", "zh"), aside("x", "en")) == ("（x）", " (x)")
    assert (joined(["a", "b"], "zh"), joined(["a", "b"], "en")) == ("a、b", "a, b")
    assert (bracketed("精确", "zh"), bracketed("exact", "en")) == ("［精确］", " [exact]")


def test_the_frame_of_a_chinese_glossary() -> None:
    """Every line the code writes around the paper's and the knowledge base's texts."""
    sample = str(ROOT / "samples" / "zh-regression")
    text = run_cli(["glossary", sample, "--lang", "zh", "-q"]).out
    labels = ("论文中的定义", "通常含义", "按排版惯例推断", "相关符号", "涉及的数学领域", "另见")
    framed = [line.strip() for line in text.splitlines()
              if line.strip().startswith(labels)]
    assert framed and all(line.split(" ", 1)[0].count("：") >= 1 for line in framed)
    assert all(not line.startswith(tuple(f"{label}:" for label in labels)) for line in framed)
    markdown = run_cli(["glossary", sample, "--lang", "zh", "-q", "-f", "markdown"]).out
    assert markdown.startswith("# 符号表：") and "，来源" in markdown
    first_use = re.findall(r"首次出现 \S+", text)
    assert first_use and all("(" not in place for place in first_use)
