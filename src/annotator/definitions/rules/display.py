"""Prose that names the equation after it: "另外一个经常遇到的函数是softplus函数：
$$\\zeta(x) = \\log(1 + \\exp(x))$$" names ζ, "the (expected) regret, $$R_T = ...$$" names
R_T; "我们用大写字母 $P$ 来表示概率质量函数" names P.

The equation's left-hand symbol is what the noun phrase names only when the equation
defines it (`Sentence.defines`): an update `$\\theta_{t+1} = \\theta_t - \\eta g_t$` after
"更新规则为：" names a rule, not θ.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from ..phrases import (
    after_formula_particle,
    chinese_noun_phrase,
    full_noun_phrase,
    is_chinese_description,
    is_description,
    noun_phrase_head,
    noun_phrase_start,
)
from ..text import MARK_PATTERN, marks_in
from ..words import STATEMENT_NOUNS
from .base import Case, Hit, Sentence, prose_rule
from .chinese import ZH_GLOSS, ZH_MARKS

# what joins a name to its equation: "softplus函数：", "自信息为", "这个正部函数是指"
_CONNECTOR = re.compile(r"(?:(?:定义为|定义成|是指|表示为|写作|写为|记作|记为|为|是|即)\s*)?"
                        r"(?:[：:]\s*)?$")
# "正态分布，也称为高斯分布：": the first name is the one the reader is taught
_ALIAS = re.compile(r"(?P<first>[^，,。；;：:]+?)\s*[，,]?\s*"
                    r"(?:也称为|也叫|又称为|又称|或称为|或称)\s*$")
# "我们可以使用KL散度（KL_divergence）来衡量这两个分布的差异：": the name is what is used
_USED_FOR = re.compile(r"(?:使用|采用|利用|用)\s*(?P<name>[^，,。；;：:来]+?)\s*来[^，,。；;：:]*$")
# names of the equation itself, not of its left-hand symbol: "研究以下逆向问题：z* = ..."
_NAMES_EQUATION = re.compile(r"(?:问题|公式|方程|方程组|等式|不等式|式子|形式|表达式|关系|过程|"
                             r"步骤|规则|准则|算法|如下|以下|下式|情形|情况|特例|例子)$|"
                             r"^(?:以下|如下|下面)")
_WINDOW = 60
"""How far before the formula a name and its connector are looked for (a few characters)."""


def _name_before(before: str, joinable: Callable[[int], bool],
                 apart: Callable[[int], bool]) -> tuple[int, int] | None:
    """The Chinese name that ends `before`, its connector and gloss removed, or None."""
    before = before.rstrip()
    connector = _CONNECTOR.search(before)
    if connector is None or connector.start() == len(before):
        return None  # no connector: "通过优化隐向量来重建目标图像 $$z^* = ...$$" names none
    head = before[:connector.start()]
    used = _USED_FOR.search(head)
    if used is not None:
        head = head[:used.end("name")]
    head = ZH_GLOSS.sub("", head).rstrip()
    found = chinese_noun_phrase(head, joinable, apart)
    if found is not None:
        found = after_formula_particle(head, found)  # "事件 $x$ 的自信息为": 自信息
    if found is None or found[1] - found[0] < 2 or head[found[0]] == "的":
        return None  # "作为经验分布的一个组成部分出现：" is a clause, not a name
    if _NAMES_EQUATION.search(head[found[0]:found[1]]):
        return None
    alias = _ALIAS.search(head[:found[0]])
    if alias is not None:
        first = ZH_GLOSS.sub("", alias.group("first")).rstrip()
        earlier = chinese_noun_phrase(first)
        if earlier is not None:
            return earlier
    return found


@prose_rule("zh-names-equation", "zh", "named-before", cases=[
    Case("另外一个经常遇到的函数是softplus函数：$$\\zeta(x) = \\log(1+\\exp(x)).$$",
         (("zeta", "softplus函数"),)),
    Case("实数上最常用的分布就是正态分布（normal_distribution），也称为高斯分布：$$N(x; \\mu) = "
         "\\exp(-(x-\\mu)^2)$$", (("N", "正态分布"),)),
    Case("这个正部函数是指 $x^+ = \\max(0, x)$。", (("x", "正部函数"),)),
    Case("我们可以用香农熵（Shannon_entropy）来对不确定性进行量化：$$H(x) = -\\log P(x)$$",
         (("H", "香农熵"),)),
    # an update names a rule, not its symbol; a value is no definition
    Case("参数的更新规则为：$$\\theta = \\theta - \\eta g$$", ()),
    Case("我们定义一个事件 $x$ 的自信息（self_information）为 $$I(x) = -\\log P(x).$$",
         (("I", "自信息"),)),
    Case("批量大小为 $B = 64$。", ()),
    Case("我们研究以下逆向问题：$$z^* = \\arg\\min_z \\ell(G(z), x)$$", ()),
    Case("通过优化隐向量来重建目标图像 $$z^* = \\arg\\min_z \\ell(G(z), x)$$", ()),
    Case("它常作为经验分布的一个组成部分出现：$$p(x) = \\delta(x)$$", ()),
])
def zh_names_equation(sentence: Sentence) -> Iterator[Hit]:
    """A Chinese name, a connector (为, 是指, ：) and an equation that defines its left-hand
    symbol: "softplus函数：$\\zeta(x) = \\log(1 + \\exp(x))$" names ζ."""
    text = sentence.text
    for match in re.finditer(MARK_PATTERN, text):
        mark = int(match.group(1))
        if not sentence.defines(mark):
            continue
        window = max(0, match.start() - _WINDOW)
        found = _name_before(text[window:match.start()], sentence.joinable,
                             sentence.display)
        if found is not None:
            yield Hit((mark,), window + found[0], window + found[1])


_USE_TO_DENOTE = re.compile(
    rf"(?:用|以)\s*(?:大写字母|小写字母|粗体字母|粗体|符号|记号)?\s*(?P<marks>{ZH_MARKS})\s*"
    r"(?:来)?(?:表示|代表|指代|记)\s*(?P<rest>[^，,。；;：:！？!?（(\u27e6]*)")


@prose_rule("zh-use-to-denote", "zh", "stated-after", explicit=True, cases=[
    Case("我们通常用大写字母 $P$ 来表示概率质量函数。", (("P", "概率质量函数"),)),
    Case("我们用 $x$ 来表示。", ()),
    Case("我们用 $\\eta$ 表示学习率。", (("eta", "学习率"),)),
    # the description stops at the clause: nothing after "来表示，"
    Case("$x$ 的概率用 $P(x)$ 来表示，概率为1表示确定。", ()),
])
def zh_use_to_denote(sentence: Sentence) -> Iterator[Hit]:
    """"用 $X$ (来)表示 ...": "我们通常用大写字母 $P$ 来表示概率质量函数" names P."""
    for match in _USE_TO_DENOTE.finditer(sentence.text):
        start, end = match.span("rest")
        while end > start and sentence.text[end - 1] in " \t的":
            end -= 1
        if end > start and is_chinese_description(sentence.text[start:end]):
            yield Hit(tuple(marks_in(match.group("marks"))), start, end)


_DENOTED_WITH = re.compile(
    rf"(?:用|以|由)\s*(?:大写字母|小写字母|粗体字母|粗体|符号|记号)?\s*(?P<marks>{ZH_MARKS})\s*"
    r"(?:来)?(?:表示|代表|记)\s*(?=$|[，,。；;：:！？!?])")


@prose_rule("zh-denoted-with", "zh", "named-before", explicit=True, cases=[
    Case("分布的标准差用 $\\sigma$ 表示，方差用 $\\sigma^2$ 表示。", (("sigma", "分布的标准差"),)),
    Case("训练的总步数以 $T$ 来表示。", (("T", "训练的总步数"),)),
    # the active order names what follows (zh-use-to-denote); a pronoun names nothing
    Case("我们用 $\\eta$ 表示学习率。", ()),
    Case("我们用 $x$ 表示。", ()),
])
def zh_denoted_with(sentence: Sentence) -> Iterator[Hit]:
    """"分布的标准差用 $\\sigma$ 表示" (the standard deviation is written σ): the noun
    phrase before 用/以/由 when the clause ends on 表示, the passive twin of
    zh-use-to-denote."""
    text = sentence.text
    for match in _DENOTED_WITH.finditer(text):
        clause = max(text.rfind(stop, 0, match.start()) for stop in "，,。；;：:！？!?") + 1
        found = chinese_noun_phrase(text[clause:match.start()], sentence.joinable,
                                    sentence.display)
        if found is not None:
            yield Hit(tuple(marks_in(match.group("marks"))), clause + found[0], clause + found[1])


# "the DSM objective," / "the regret:" / "the aggregate output is" right before the display;
# an acronym in parentheses between them is the name's ("the Weighted Estimator (WE):")
_EN_CONNECTOR = re.compile(r"(?:\s+(?:is|are|reads|becomes))?\s*(?:\([^()]{1,24}\))?\s*[,:]?\s*$")
# names of the statement, not of its left-hand symbol: "we obtain the following bound:"
_EN_NAMES_STATEMENT = STATEMENT_NOUNS | {
    "equations", "formulas", "form", "expression", "relations", "result", "results", "rules",
    "updates", "step", "steps", "system", "conditions", "constraints", "problem",
    "definition", "definitions", "way", "fact", "bound", "bounds", "estimate", "claim",
    "lemma", "theorem", "following", "above", "below", "case", "cases", "terms", "term",
    "instance", "example", "manner", "scheme", "procedure", "algorithm", "iteration",
    "process", "limit"}
_EN_WINDOW = 160
"""How far before the display its name is looked for (a noun phrase and a comma)."""


@prose_rule("names-display", "en", "named-before", cases=[
    Case("This yields the denoising score matching (DSM) objective, $$\\mathcal{L}_{\\mathrm{DSM}} "
         "= \\mathbb{E} \\| s_\\theta - x \\|^2$$", (("cal:L_DSM", "the denoising score matching"
                                                   " (DSM) objective"),)),
    Case("It is measured by the expected regret, $$R_T = \\sum_{t} r_t$$",
         (("R_T", "the expected regret"),)),
    Case("We arrive at the following acceptance probability: $$\\alpha = \\min(1, a / b)$$",
         (("alpha", "the following acceptance probability"),)),
    Case("The aggregate output of services is $$y(t) = a n(t)$$",
         (("y", "The aggregate output of services"),)),
    Case("The score function of $p_t$ is $$s_t(x) = \\nabla_x \\log p_t(x)$$",
         (("s", "The score function of $p_{t}$"),)),
    # a statement, an update, a value, an inline formula: no name of the left-hand symbol
    Case("We obtain the following bound: $$R_T = \\sum_{t} r_t$$", ()),
    Case("The update rule is: $$\\theta = \\theta - \\eta g$$", ()),
    Case("We use the batch size, $$B = 64$$", ()),
    Case("It is measured by the expected regret, $R_T = \\sum_{t} r_t$ here.", ()),
    Case("Then it follows that, $$R_T = \\sum_{t} r_t$$", ()),
    Case("It alternates minimization and maximization in an inner loop: "
         "$$\\theta^* = \\arg\\min_\\theta \\max_\\phi V$$", ()),
])
def names_display(sentence: Sentence) -> Iterator[Hit]:
    """A noun phrase with a determiner, a comma, a colon or "is", and a displayed equation
    that defines its left-hand symbol: "This yields the denoising score matching (DSM)
    objective, $$\\mathcal{L}_{DSM} = ...$$" names 𝓛_DSM (the English twin of
    zh-names-equation). Not a name of the statement ("the following bound:"), not an
    update (`\\theta = \\theta - \\eta g`) or a value (`B = 64`)."""
    text = sentence.text
    for match in re.finditer(MARK_PATTERN, text):
        mark = int(match.group(1))
        if not (sentence.display(mark) and sentence.defines(mark)):
            continue
        window = max(0, match.start() - _EN_WINDOW)
        connector = _EN_CONNECTOR.search(text, window, match.start())
        if connector is None or connector.start() == window:
            continue
        end = connector.start()
        # "The score function of $p_t$ is $$...$$": the phrase goes on through "of" and
        # one inline formula, which says whose score function it is
        argument = _OF_FORMULA.search(text, window, end)
        head_end = argument.start() if argument is not None else end
        # "the denoising score matching (DSM) objective", "the (expected) regret": a word
        # in parentheses is one of the phrase's words
        masked = _ACRONYM.sub(lambda m: "a" + m.group(1) + "a", text[:head_end])
        clause = max(max(masked.rfind(stop, window, head_end) for stop in ",.;:()\u27e7")
                     + 1, window)
        start = noun_phrase_start(masked, clause, head_end, through_of=True)
        if start < 0:
            continue
        phrase = text[start:head_end]
        words = phrase.lower().split()
        if words[0] not in _EN_DETERMINERS or words[-1] in _EN_NAMES_STATEMENT \
                or not full_noun_phrase(phrase) or not noun_phrase_head(phrase) \
                or not is_description(phrase):
            continue
        before = text[max(window, start - 12):start].split()
        if before and before[-1].lower() in _LOCATIVE:
            continue  # "maximization in an inner loop: $$\theta^* = ...$$": where, not what
        yield Hit((mark,), start, end)


_OF_FORMULA = re.compile(r"\s+of\s+\u27e6\d+\u27e7\s*$")
_LOCATIVE = frozenset({"in", "on", "within", "during", "inside", "into", "after",
                       "before", "under", "over"})
"""Prepositions whose noun phrase says where or when something happens, not what the
display that follows is."""
_ACRONYM = re.compile(r"\(([A-Za-z][\w-]{0,12})\)")
_EN_DETERMINERS = frozenset({"the", "a", "an", "our", "its", "their", "this", "each"})
