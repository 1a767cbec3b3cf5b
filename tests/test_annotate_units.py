"""The parts of `annotate` that need no PDF: shortening notes at words, the gist of a
meaning, scripts as HTML, the margin column's geometry and type size, which page notes
what, and how a source definition finds its page in the PDF."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from annotator.annotate.join import _letters, _occurrence_index, _PdfText
from annotator.annotate.layout import (
    COLUMN,
    EDGE,
    GAP,
    MIN_COLUMN,
    NARROWEST,
    free_width,
    plan_column,
    type_size,
    widening,
)
from annotator.annotate.markup import markup
from annotator.annotate.model import Place, PlacedEntry, Use
from annotator.annotate.notes import gist, shorten
from annotator.annotate.pages import plan_pages, priority
from annotator.model import Definition, Location, Occurrence, Symbol, SymbolId


@pytest.mark.parametrize(("text", "limit", "expected"), [
    ("the learning rate", 40, "the learning rate"),
    ("the weight matrix of a linear layer initialised at zero", 30,
     "the weight matrix of a linear…"),
    ("antidisestablishmentarianism is long", 10, "antidisestablishmentarianism…"),
    ("a   spaced\n  text", 40, "a spaced text"),
    ("the mean, and the variance of the posterior", 13, "the mean…"),
    ("每个样本的隐变量表示以及它的先验分布", 8, "每个样本的隐变…"),
    ("x ∈ ℝ^{d×k} is the input matrix", 12, "x ∈ ℝ^{d×k}…"),
])
def test_shorten_cuts_at_words(text: str, limit: int, expected: str) -> None:
    assert shorten(text, limit) == expected


def test_shorten_never_cuts_inside_a_word() -> None:
    text = "where the encoder outputs a mean vector and a standard deviation vector"
    words = set(text.split())
    for limit in range(4, len(text) + 1):
        shown = shorten(text, limit)
        assert len(shown) <= max(limit, len("where…"))
        for word in shown.removesuffix("…").split():
            assert word in words


@pytest.mark.parametrize(("meaning", "expected"), [
    ("Input feature vector (one example), or an embedding / token representation.",
     "input feature vector"),
    ("Variational (approximate posterior) distribution, e.g. the VAE encoder q_φ(z | x).",
     "variational distribution"),
    ("A dimension: the number of features or the embedding size.", "a dimension"),
    ("KL divergence between two distributions; asymmetric.", "KL divergence between two "
                                                             "distributions"),
    ("子集,允许相等;例如选出的特征集合", "子集"),
    ("损失 / 目标函数:训练过程要最小化的标量", "损失 / 目标函数"),
])
def test_gist_keeps_the_head_of_a_meaning(meaning: str, expected: str) -> None:
    assert gist(meaning) == expected


@pytest.mark.parametrize(("text", "html"), [
    ("D_KL", "D<sub>KL</sub>"),
    ("ℝ^d", "ℝ<sup>d</sup>"),
    ("ℝ^{n×d} & more", "ℝ<sup>n×d</sup> &amp; more"),
    ("p_θ(x)", "p<sub>θ</sub>(x)"),
    ("W_{Q}^{(l)}", "W<sub>Q</sub><sup>(l)</sup>"),
    ("_leading", "_leading"),
    ("<b>", "&lt;b&gt;"),
])
def test_markup_writes_scripts_as_html(text: str, html: str) -> None:
    assert markup(text) == html


def test_outer_side_alternates_and_a_wide_margin_is_used() -> None:
    letter = (612.0, 792.0)
    narrow = (72.0, 540.0)  # one-inch margins: too narrow for notes
    assert free_width("right", 612, narrow) == 72 and free_width("left", 612, narrow) == 72
    widen = widening([612.0] * 4, [narrow] * 4)
    assert widen == GAP + COLUMN + EDGE - 72
    right = plan_column(1, *letter, narrow, widen)
    left = plan_column(2, *letter, narrow, widen)
    assert right.side == "right" and right.shift == 0 and right.rect[0] >= narrow[1] + GAP
    assert left.side == "left" and left.shift == widen
    assert left.rect[2] <= narrow[0] + left.shift - GAP + 0.01
    assert right.rect[2] - right.rect[0] == pytest.approx(COLUMN)
    wide = (200.0, 412.0)  # a margin of 200 points on each side: no widening needed
    assert widening([612.0] * 3, [wide] * 3) == 0
    column = plan_column(1, *letter, wide, 0.0)
    assert column.rect[2] - column.rect[0] >= MIN_COLUMN and column.rect[0] >= wide[1]


def test_a_figure_in_the_margin_widens_its_page_more() -> None:
    widen = widening([612.0] * 3, [(72.0, 540.0)] * 3)
    column = plan_column(1, 612.0, 792.0, (72.0, 611.0), widen)  # to the page edge
    assert column.widen > widen
    assert column.rect[0] >= 611.0 + GAP and column.rect[2] - column.rect[0] >= NARROWEST


@pytest.mark.parametrize(("width", "height"), [(612, 792), (782, 792), (595, 842), (900, 842)])
def test_type_prints_at_six_and_a_half_points(width: float, height: float) -> None:
    size = type_size(width, height)
    for paper_w, paper_h in ((595.28, 841.89), (612, 792)):
        assert size * min(paper_w / width, paper_h / height, 1.0) >= 6.5 - 1e-9
    assert size >= 7.0


def _symbol(key: str, group_defined: bool = False) -> Symbol:
    return Symbol(key=key, id=SymbolId(key), latex=key, forms=(key,), expanded_forms=(key,),
                  occurrences=(), role="")


def _placed(key: str, uses: list[tuple[int, int, bool]], definition: Place | None = None,
            defined: bool = True, group: str = "symbols") -> PlacedEntry:
    from annotator.glossary import GlossaryEntry

    symbol = _symbol(key)
    definitions = (Definition("text", "f", 1, 0, 1, 0, 1, "prose"),) if defined else ()
    entry = GlossaryEntry(symbol=symbol, shown=key, macros=(), spellings=(key,),
                          definitions=definitions,
                          scopes=(None,) * len(definitions), candidates=(),
                          shape=None, shape_source=None, role=None, group=group,
                          first_section=None, related=(), area="")
    return PlacedEntry(entry, tuple(Use(page, offset, (0, 0, 1, 1), script)
                                    for page, offset, script in uses),
                       (definition,) if defined else ())


def test_pages_note_first_uses_and_definitions_and_mark_each_page() -> None:
    theta = _placed("theta", [(1, 10, True), (1, 30, False), (3, 5, False)],
                    Place(2, None, 50))
    x = _placed("x", [(1, 20, False), (2, 8, False)], Place(1, None, 20))
    pages = plan_pages([theta, x], 3)
    assert [p.key for p in pages[0].new] == ["theta", "x"]
    assert [p.key for p in pages[1].new] == ["theta"]  # defined there
    assert [p.key for p in pages[1].also] == ["x"]
    assert [p.key for p in pages[2].also] == ["theta"]
    marks = dict((entry.key, use) for entry, use in pages[0].marks)
    assert marks["theta"].offset == 30  # not the one inside a script


def test_priority_keeps_defined_symbols_first() -> None:
    defined = _placed("a", [(1, 0, False)])
    bare = _placed("b", [(1, 0, False)], defined=False)
    standard = _placed("sum", [(1, 0, False)], defined=False, group="notation")
    assert priority(defined) < priority(bare) < priority(standard)


def test_definition_words_are_found_near_a_use_across_line_breaks() -> None:
    text = "Let $x$ be an in-\nput vector. Later, an input vector again.\n\\[y = x\\]"
    letters, _offsets = _letters(text)
    assert letters.startswith("letbeaninputvector")
    assert "y" not in letters  # formulas are left out

    def locate(_file: str, offset: int) -> Location:
        return Location("p.pdf", 1 if offset < 30 else 2, 1, offset)

    paper = SimpleNamespace(main="p.pdf", files={"p.pdf": SimpleNamespace(text=text)})
    analysis = SimpleNamespace(paper=paper, locate=locate)
    found = _PdfText(analysis).find_near("an input vector", [Use(1, 4, None)])
    assert found is not None and found[0] < 30
    far = _PdfText(analysis).find_near("an input vector", [Use(2, 70, None)])
    assert far is not None and far[0] > 30
    assert _PdfText(analysis).find_near("input", [Use(1, 4, None)]) is None  # too short


def test_a_definition_knows_its_occurrence() -> None:
    occurrences = tuple(Occurrence("x", span, Location("a.tex", 1, 1, offset), offset + 1,
                                   "x", "x") for span, offset in enumerate((5, 40, 90)))
    symbol = Symbol("x", SymbolId("x"), "x", ("x",), ("x",), occurrences, "")
    definition = Definition("the input", "a.tex", 1, 42, 51, 40, 41, "prose")
    assert _occurrence_index(symbol, definition) == 1
    elsewhere = Definition("the input", "b.tex", 1, 42, 51, 40, 41, "prose", symbol_file="b.tex")
    assert _occurrence_index(symbol, elsewhere) is None


def test_notes_text_can_be_copied_even_beyond_the_bmp() -> None:
    """MuPDF writes 𝐱 as <1d431> in a ToUnicode CMap; the repair makes it UTF-16."""
    pymupdf = pytest.importorskip("pymupdf")
    from annotator.annotate.story import StoryPages

    scratch = StoryPages()
    scratch.draw("<p>𝐳 ∼ 𝒩(𝟎, 𝐈), θ̂ and ℝ^d</p>", "p {font-family: serif}", 300, 60)
    document = scratch.finish()
    assert "𝐳 ∼ 𝒩(𝟎, 𝐈)" in document[0].get_text()
    assert isinstance(document, pymupdf.Document)
