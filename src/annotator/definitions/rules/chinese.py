"""Chinese prose cues: 其中/这里 $X$ 表示 …, 令/设/记 $X$ 为 …, $X$ 为 …, 记 … 为 $X$,
分别 (respectively), and the noun phrase right before a formula (训练集 $\\mathcal{D}$)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from ..phrases import (
    after_formula_particle,
    chinese_noun_phrase,
    ends_in_chinese,
    is_chinese_description,
)
from ..text import MARK_PATTERN, marks_in
from ..words import ZH_KINDS
from .base import Case, Hit, Sentence, prose_rule

MARK = MARK_PATTERN
# "⟦1⟧、⟦2⟧ 和 ⟦3⟧", "⟦1⟧, ⟦2⟧": Chinese lists use 、 and 和/及/与
ZH_MARKS = rf"{MARK}(?:\s*[,，、]\s*{MARK})*(?:\s*(?:和|及|与|以及|,|，|、)\s*{MARK})?"
# an adverb may stand before the verb: "$y$ 则为输出", "$x$ 即为输入", "$h$ 就是隐状态"; not
# 都/均, which say what the members of a list have in common ("$x_1$和$x_2$都是 $x$ 可能的取值")
_ADVERB = r"(?:则|即|就|也|便|仍)?"
# 即 alone is a verb too ("$W$ 即权重矩阵", W is the weight matrix), not in 即可/即使/即得
# ("$x$ 即可", x suffices); 称为 names ("$Z$ 称为配分函数", Z is called the partition function)
_VERB = (rf"{_ADVERB}(?:分别)?(?:表示|代表|为|是|指|记为|记作|意为|(?:被)?(?:称为|称作|叫做)|"
         r"即(?![可使得便]))")
# where a Chinese description stops: punctuation, a new clause, the next formula
_ZH_END = re.compile(r"[，,。；;：:！？!?（(]|(?<!\d)\.(?!\d)|而|并且|且|其中|则|如果|当")
# a formula inside a description ("$\\mu$ 表示 $x$ 的均值") belongs to it, unless the next
# definition starts at it ("$a$ 表示学习率 $b$ 表示动量")
_NEXT_DEFINITION = re.compile(
    rf"{MARK_PATTERN}\s*{_ADVERB}(?:分别)?(?:表示|代表|为|是|指|记为|记作)")
# "对方括号内的所有随机变量的值求平均": doing something to something, not a noun
_DOING = re.compile(r"对[^，,。；;]{1,30}?(?:求|进行|取|做|作)")
# a description is a noun phrase: never one that opens on a preposition or a verb of
# doing ("表示沿着属性规范 $x$ 进行条件编辑"); words of two characters, as one character
# starts nouns too (对应的标签, 用户)
_NOT_A_NOUN_START = ("沿着", "根据", "基于", "通过", "对于", "进行", "按照", "利用", "经过")
_ZH_ITEMS = re.compile(r"[、，,]|和|及|与|以及")


def _description(text: str, start: int) -> tuple[int, int]:
    while start < len(text) and text[start].isspace():
        start += 1
    if text.startswith("个", start) and start > 0 and text[start - 1] in "是为":
        start += 1  # "$\delta$ 是个很小的正值": 是个 is 是一个, the classifier no word of it
    stop = _ZH_END.search(text, start)
    end = stop.start() if stop else len(text)
    following = _NEXT_DEFINITION.search(text, start, end)
    if following is not None:
        end = following.start()
    while end > start and text[end - 1] in " \t的":
        end -= 1
    if text.startswith(_NOT_A_NOUN_START, start) or _DOING.match(text, start, end):
        return start, start  # a clause: "表示沿着属性规范 $x$ 进行条件编辑"
    return start, end


def _distribute(marks: list[int], text: str, start: int, respectively: bool,
                nameable: Callable[[int], bool] = lambda span: True) -> Iterator[Hit]:
    """One description for each formula, or with 分别 (or as many items as formulas) one
    item each: "⟦1⟧、⟦2⟧ 和 ⟦3⟧ 分别表示查询、键和值"."""
    if len(marks) > 1:
        stop = re.compile(r"[，,。；;：:！？!?（(\u27e6]").search(text, start)
        end = stop.start() if stop else len(text)
        items = [m for m in re.finditer(r"[^、，,和及与]+", text[start:end]) if m.group().strip()]
        if len(items) == len(marks) and (respectively or len(items) > 1):
            for mark, item in zip(marks, items, strict=True):
                item_start = start + item.start() + (len(item.group()) - len(item.group().lstrip()))
                item_end = start + item.end() - (len(item.group()) - len(item.group().rstrip()))
                if is_chinese_description(text[item_start:item_end], min_characters=1):
                    yield Hit((mark,), item_start, item_end, respectively=True)
            return
    start, end = _description(text, start)
    if end > start and is_chinese_description(text[start:end]):
        # "其中 $z_1, z_2 \\sim P(z)$, $\\epsilon$ 是一个小的扰动": a statement before the
        # last formula is a clause of its own, not a member of the list described
        for mark in [*[m for m in marks[:-1] if nameable(m)], marks[-1]]:
            yield Hit((mark,), start, end)


def _after(pattern: re.Pattern[str], sentence: Sentence) -> Iterator[Hit]:
    position = 0
    while (match := pattern.search(sentence.text, position)) is not None:
        position = match.end("marks")
        respectively = "分别" in match.group(0)[match.end("marks") - match.start():]
        yield from _distribute(marks_in(match.group("marks")), sentence.text,
                               match.start("rest"), respectively, sentence.nameable)


_WHERE = re.compile(rf"(?:其中|这里|此处|式中|这里的)\s*(?P<marks>{ZH_MARKS})\s*{_VERB}"
                    r"\s*(?P<rest>.*)", re.DOTALL)


@prose_rule("zh-where", "zh", "stated-after", explicit=True, cases=[
    Case("其中 $\\eta$ 表示学习率。", (("eta", "学习率"),)),
    Case("其中 $Q$、$K$ 和 $V$ 分别表示查询、键和值。",
         (("Q", "查询"), ("K", "键"), ("V", "值"))),
    Case("其中 $x$ 为 0。", ()),
    # a formula inside the description is part of it; the next definition is not
    Case("其中 $\\mu$ 表示 $x$ 的均值。", (("mu", "$x$ 的均值"),)),
    Case("其中 $a$ 表示学习率 $b$ 表示动量。", (("a", "学习率"),)),
    Case("其中 $E_x$ 表示沿着属性规范 $x$ 进行条件编辑。", ()),
    Case("其中 $y$ 为对应的标签。", (("y", "对应的标签"),)),
    Case("其中 $E$ 表示对方括号内的值求平均。", ()),
    Case("其中 $z \\sim P(z)$, $\\epsilon$ 是一个小的扰动. 细节可以参考文献.",
         (("epsilon", "一个小的扰动"),)),
    Case("其中 $\\delta$ 是个很小的正值，比如 $10^{-8}$。", (("delta", "很小的正值"),)),
])
def zh_where(sentence: Sentence) -> Iterator[Hit]:
    """"其中 $X$ 表示 ...", "这里 $X$ 为 ...", with 分别 for several formulas at once."""
    yield from _after(_WHERE, sentence)


_LET = re.compile(rf"(?:令|设|记|假设)\s*(?P<marks>{ZH_MARKS})\s*(?:分别)?(?:表示|为|是|代表)"
                  r"\s*(?P<rest>.*)", re.DOTALL)


@prose_rule("zh-let", "zh", "stated-after", explicit=True, cases=[
    Case("令 $w$ 为待学习的权重向量。", (("w", "待学习的权重向量"),)),
    Case("设 $x$ 为 1。", ()),
])
def zh_let(sentence: Sentence) -> Iterator[Hit]:
    """"令 $X$ 为 ...", "设 $X$ 表示 ...", "记 $X$ 为 ..."."""
    yield from _after(_LET, sentence)


_IS = re.compile(rf"(?:^|[，,。；;：:])\s*(?P<marks>{ZH_MARKS})\s*{_VERB}\s*(?P<rest>.*)",
                 re.DOTALL)


@prose_rule("zh-is", "zh", "copula", cases=[
    Case("$n$ 为样本数量。", (("n", "样本数量"),)),
    Case("$\\phi$ 是解码器参数，$\\theta$ 是编码器参数。",
         (("phi", "解码器参数"), ("theta", "编码器参数"))),
    Case("$x$ 为输入，$y$ 则为模型的输出。", (("x", "输入"), ("y", "模型的输出"))),
    Case("$n$ 为 2。", ()),
    Case("$n$ 则为 2。", ()),
    Case("$Z$ 称为配分函数。", (("Z", "配分函数"),)),
    Case("$v_t$ 被称作速度场。", (("v", "速度场"),)),
    Case("$W$ 即权重矩阵。", (("W", "权重矩阵"),)),
    Case("$W$ 即为权重矩阵。", (("W", "权重矩阵"),)),
    Case("取 $x$ 即可得到结果。", ()),
    Case("$\\mathbb{E}[\\log D(x)]$ 是判别器的损失。", ()),
    Case("例如，$x_1$和$x_2$都是随机变量可能的取值。", ()),
])
def zh_is(sentence: Sentence) -> Iterator[Hit]:
    """A clause that starts with the formula: "$n$ 为样本数量", "$\\phi$ 是解码器参数", "$y$ 则为
    输出" (an adverb before the verb)."""
    yield from _after(_IS, sentence)


# "记 ... 为 $X$" alone takes a bare 为; after 将/把 a bare 为 ends another verb ("将嵌入空间分割
# 为 $h$ 个子空间" splits the space into h subspaces), so those need a verb of naming
_DENOTE = re.compile(r"(?:记\s*(?P<desc>[^，,。；;\u27e6]+?)\s*(?:记为|记作|为|表示为)|"
                     r"(?:将|把|用)\s*(?P<other>[^，,。；;\u27e6]+?)\s*"
                     r"(?:记为|记作|表示为|称为|称作|定义为))"
                     rf"\s*(?P<marks>{ZH_MARKS})")
# "拼接得到的序列记为 $X$": the noun phrase opens the clause, no 将/把 before it
_CLAUSE_DENOTE = re.compile(r"(?:^|[，,。；;：:])\s*(?P<desc>[^，,。；;：:记将把用\u27e6]+?)\s*"
                            rf"(?:记为|记作)\s*(?P<marks>{ZH_MARKS})")


@prose_rule("zh-denote", "zh", "named-before", explicit=True, cases=[
    Case("记全部特征组成的矩阵为 $X$。", (("X", "全部特征组成的矩阵"),)),
    Case("拼接得到的序列记为 $X$。", (("X", "拼接得到的序列"),)),
    Case("将其记为 $X$。", ()),
    Case("我们把这个分布记为 $q$。", (("q", "这个分布"),)),
    Case("将嵌入空间分割为 $h$ 个独立子空间。", ()),
    Case("我们记为 $X$。", ()),
])
def zh_denote(sentence: Sentence) -> Iterator[Hit]:
    """"记 ... 为 $X$", "将 ... 记作 $X$", "拼接得到的序列记为 $X$" (the clause opens on
    the description): the description before the formula."""
    for match in (*_DENOTE.finditer(sentence.text), *_CLAUSE_DENOTE.finditer(sentence.text)):
        group = "desc" if match.group("desc") is not None else "other"
        start, end = match.span(group)
        if is_chinese_description(sentence.text[start:end]):
            yield Hit(tuple(marks_in(match.group("marks"))), start, end)


_FORMULA = re.compile(MARK)
ZH_GLOSS = re.compile(r"\s*[（(][A-Za-z0-9_\- ]*[)）]\s*$")
"""The English name a glossary command prints after the Chinese one:
"正态分布（normal_distribution）", "先验概率（prior_probability）"."""
_NOUN_STOPS = "的被是为在和与及或等中上下里"
_MEASURED = re.compile(
    rf"(?P<marks>{MARK})\s*(?P<measure>[个种类层条位张名组]|维的?)\s*"
    rf"(?P<noun>(?:(?:不同|相同|独立|可能|离散|连续)的)?(?:(?![{_NOUN_STOPS}])[\u4e00-\u9fff]){{1,8}})"
    rf"(?!(?![{_NOUN_STOPS}])[\u4e00-\u9fff])")
"""A measure word and the noun it counts, whole: up to a particle, a verb or punctuation
("$h$ 个独立子空间（...", "$k$ 个不同的状态上"); a longer run of characters is no noun."""


@prose_rule("zh-count-of", "zh", "count", cases=[
    Case("将嵌入空间分割为 $h$ 个独立子空间，每个头学习不同的模式。", (("h", "独立子空间的数量"),)),
    Case("在具有 $k$ 个不同的状态的变量上。", (("k", "不同的状态的数量"),)),
    Case("将 $d$ 维的嵌入空间分割为子空间。", (("d", "嵌入空间的维数"),)),
    Case("第 $i$ 个样本的损失。", ()),
    Case("我们随机采样 $K$ 次。", ()),
])
def zh_count_of(sentence: Sentence) -> Iterator[Hit]:
    """"$h$ 个独立子空间" (h independent subspaces), "$N$ 个像素": a plain letter before a
    measure word counts the noun after it, so it is "独立子空间的数量" ("$d$ 维的嵌入空间":
    the dimension of the embedding space, "嵌入空间的维数"); not an ordinal
    ("第 $i$ 个", the i-th), and not a repetition ("$K$ 次", K times: no noun)."""
    for match in _MEASURED.finditer(sentence.text):
        mark = marks_in(match.group("marks"))[0]
        noun = _counted_noun(match.group("noun"))
        ordinal = sentence.text[:match.start()].rstrip().endswith("第")
        if sentence.count_shaped(mark) and not ordinal and is_chinese_description(noun):
            size = "的维数" if match.group("measure").startswith("维") else "的数量"
            start = match.start("noun")
            yield Hit((mark,), start, start + len(noun), text=noun + size)


_KIND_ENDINGS = tuple(kind for kind in ZH_KINDS if len(kind) > 1)


def _counted_noun(noun: str) -> str:
    """The noun up to its last kind word, where one ends it early: "嵌入空间分割" (the
    embedding space, then the verb "split") is 嵌入空间; "独立子空间" stays whole."""
    for end in range(len(noun), 1, -1):
        if noun[:end].endswith(_KIND_ENDINGS):
            return noun[:end]
    return noun


@prose_rule("zh-noun-phrase", "zh", "noun-before", cases=[
    Case("给定训练集 $\\mathcal{D}$，我们训练模型。", (("cal:D", "训练集"),)),
    Case("每个 $x$ 都很小。", ()),
    # a clause cut after a preposition, a bare verb, the typeface: no noun phrase
    Case("这个函数作用于 $x$ 上。", ()),
    Case("我们用大写字母 $P$ 来写它。", ()),
    Case("它的取值 $x$ 很多。", ()),
    Case("图(左)最小化 $D$ 的结果。", ()),
    Case("通过优化隐向量来重建目标图像 $$z^* = \\arg\\min_z \\ell(x, G(z))$$", ()),
    Case("我们随机采样 $K$ 次。", ()),
    Case("我们从每篇文档中随机抽取 $L=256$ 标记的子序列。", ()),
    Case("调整每个数据集的权重 $\\lambda_m$ 是关键。", (("lambda_m", "数据集的权重"),)),
    Case("模型计算三种张量 $Q$。", ()),
    Case("给定训练集 $\\mathcal{D} = \\{x_i\\}$，我们训练模型。", (("cal:D", "训练集"),)),
    # a formula that a measure word follows counts: "映射 $h$ 次" maps h times
    Case("用不同的线性映射将 value 映射 $h$ 次。", ()),
    Case("带有 $N$ 个像素的两个图片。", ()),
    Case("在具有 $k$ 个不同状态的变量上。", ()),
    Case("把拼接得到的序列记为 $X$。", ()),
    Case("参数指明了每个组件 $i$ 的先验概率 $\\alpha_i = P(c = i)$。",
         (("alpha", "先验概率"),)),
    Case("我们通常会将样本表示成一个向量 $x$，其中每一个元素是特征。", (("x", "向量"),)),
    Case("每一行是一个样本，设计矩阵 $X$ 包含所有样本。", (("X", "设计矩阵"),)),
    Case("在当前状态 $s$ 下选择动作。", (("s", "当前状态"),)),
    Case("教员或者老师提供目标 $y$ 给系统。", (("y", "目标"),)),
    Case("这表明 $z$ 的协方差满足要求。", ()),
    Case("使得很难判断算法 $A$ 更好。", (("A", "算法"),)),
    # a verb of doing opens no noun phrase; a noun that starts with a verb keeps it
    Case("寻找神经网络上的一组参数 $\\theta$，它能降低代价函数 $J$。",
         (("theta", "神经网络上的一组参数"), ("J", "代价函数"))),
    Case("学习算法会无限制地增加 $\\beta$。", ()),
    Case("用训练集上的经验分布 $\\hat{p}$ 替代真实分布 $p$。",
         (("hat(p)", "训练集上的经验分布"), ("p", "真实分布"))),
    Case("最小化有限训练集上的损失 $L$。", (("L", "有限训练集上的损失"),)),
    Case("通过对抗训练的生成器 $G$ 和判别器 $D$。", (("G", "对抗训练的生成器"),)),
    Case("我们使用训练好的域导向编码器 $E$。", (("E", "训练好的域导向编码器"),)),
    Case("在动量算法中，因此速度向量 $v$ 也可以看作动量。", (("v", "速度向量"),)),
    Case("粒子会受到净力 $f(t)$。", (("f", "净力"),)),
    Case("我们可以通过求解方程来设置偏置向量 $b$。", (("b", "偏置向量"),)),
    Case("运算是逐元素的，因此标准化为减去 $\\mu_j$ 再除以 $\\sigma_j$。", ()),
    # a count with the formula before it, a condition: no name of the next formula
    Case("应用于凸问题时，$k$ 步迭代后的误差量级是 $O(1)$。", ()),
    # a phrase that goes on from the formula before it keeps that formula; one with no 的
    # after a formula is a verb's
    Case("概率路径指的是 $\\mathbb{R}^d$ 上的一族分布 $p_t$。",
         (("p", "$\\mathbb{R}^{d}$ 上的一族分布"),)),
    Case("我们定义了一个与 $\\theta$ 无关的常数 $C$。", (("C", "与 $\\theta$ 无关的常数"),)),
    Case("SDE 把样本从 $p$ 输运为 $\\delta_z$。", ()),
    Case("对极小值点 $\\theta^*$ 必有 $s = 0$。", (("theta*", "极小值点"),)),
    # wanting, restating, converging, a verb or adverb at the end: the phrase after it
    Case("我们希望某条轨迹 $X$「沿着」向量场 $u_t$ 的方向运动。",
         (("X", "某条轨迹"), ("u", "向量场"))),
    Case("也就是说初始点 $X_0$ 不再完全决定 $X_t$。", (("X", "初始点"),)),
    Case("该过程收敛到高斯分布 $\\mathcal{N}$。", (("cal:N", "高斯分布"),)),
    Case("只要令扩散系数 $\\sigma = 0$ 即可。", (("sigma", "扩散系数"),)),
    Case("先给下一步做一个初步猜测 $X'$。", (("X'", "初步猜测"),)),
    Case("等价于以同样方式最小化 $L$。", ()),
    Case("按我们有多相信 $x$ 来加权。", ()),
    Case("上述过程对低 $t$ 加入更多噪声。", ()),
    Case("注意，分数函数是 $x$ 和 $z$ 的线性函数。", ()),
    Case("损失为 $w$ 的二次函数。", ()),
    Case("失败次数服从成功概率为 $P(s)$ 的负二项分布。", (("P", "成功概率"),)),
    Case("首先随机采一个时刻 $t$。", (("t", "时刻"),)),
    Case("你可以通过检验 $\\psi_0(x_0) = x_0$ 来验证。", ()),
    Case("再乘以当前位置 $x$。", (("x", "当前位置"),)),
    # knowing, keeping, optimising, a passive's agent, a bare determiner: no name
    Case("如果我们已知 $x$，就能算出 $y$。", ()),
    Case("编辑时同时保持 $n$ 不变。", ()),
    Case("峰的宽度受 $\\beta$ 控制。", ()),
    Case("整个 $G$ 都被冻结。", ()),
    Case("比如对每个 $z$ 都成立。", ()),
    Case("局部风格迁移修改输入图像 $x$ 的纹理。", ()),
])
def zh_noun_phrase(sentence: Sentence) -> Iterator[Hit]:
    """"训练集 $\\mathcal{D}$", "最优解 $w^*$": the Chinese noun phrase right before a
    formula that names one symbol (not a function word such as 每个, 其中, 给定)."""
    text = sentence.text
    for match in _FORMULA.finditer(text):
        mark = int(match.group(1))
        window = max(0, match.start() - 40)  # a Chinese noun phrase is a few characters
        before = text[window:match.start()]
        if not sentence.nameable(mark) or not ends_in_chinese(before) \
                or (sentence.display(mark) and sentence.defines(mark)):
            continue  # a displayed equation is named with a connector (zh-names-equation)
        if _COUNTS.match(text, match.end()):
            continue  # "映射 $h$ 次", "带有 $N$ 个像素": the formula counts, it is no name
        if before.rstrip().endswith(("是", "为")) and _OWNS.match(text, match.end()):
            continue  # "分数函数是 $x$ 和 $z$ 的线性函数": what is said is of the formula
        found = chinese_noun_phrase(before, sentence.joinable, sentence.display)
        # (not through the English gloss a glossary command prints, "先验概率（prior_probability）
        # $\alpha_i$": with it the labelled papers' cross-validated recall fell from 62 to 52)
        if found is not None:
            # "组件 $i$ 的先验概率 $\alpha_i$": what follows "$i$ 的" is the name
            named = after_formula_particle(before, found)
            if named != found and named[1] - named[0] < 2:
                continue
            found = named
        if found is not None and not before[found[0]:].startswith(_PARTICLES):
            yield Hit((mark,), window + found[0], window + found[1])


_LATIN_NAME = re.compile(
    r"(?:^|(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]))\s*"
    r"(?P<name>[a-z][a-z-]+(?:\s[a-z][a-z-]+){0,2})[\s~]*(?P<marks>\u27e6\d+\u27e7)")
"""An English term between Chinese text and a formula: "对于 query $Q$", "和 value $V$"."""
_NOT_LATIN_NAMES = frozenset({"and", "or", "of", "the", "a", "an", "in", "on", "to", "is",
                              "for", "with", "by", "as", "at", "from", "if", "then", "let"})


@prose_rule("zh-latin-noun", "zh", "noun-before", cases=[
    Case("对于 query $Q$，key $K$ 和 value $V$，输出为加权和。",
         (("Q", "query"), ("K", "key"), ("V", "value"))),
    Case("我们把 hidden state $h_t$ 送入解码器。", (("h", "hidden state"),)),
    Case("我们使用 Adam $\\beta$ 参数。", ()),
    Case("The query $Q$ is projected.", ()),
    Case("模型的输出 and $y$ 相同。", ()),
])
def zh_latin_noun(sentence: Sentence) -> Iterator[Hit]:
    """"对于 query $Q$" (for the query Q), "和 value $V$": Chinese ML prose keeps many
    English terms, and one right before a formula names it as a Chinese noun phrase would
    (lower-case words only: "Adam $\\beta$" names the optimiser, not β)."""
    text = sentence.text
    if not _CHINESE.search(text):
        return
    for match in _LATIN_NAME.finditer(text):
        mark = int(match.group("marks")[1:-1])
        words = match.group("name").split()
        if not sentence.nameable(mark) or any(word in _NOT_LATIN_NAMES for word in words) \
                or _COUNTS.match(text, match.end()):
            continue
        yield Hit((mark,), match.start("name"), match.end("name"))


_CHINESE = re.compile(r"[\u4e00-\u9fff]")


_PARTICLES = ("的", "地", "得")
"""A phrase cut after a verb that starts with a particle is no noun phrase: "得到的序列记为
$X$" cut after 得到 leaves 的序列记."""
_OWNS = re.compile(rf"\s*(?:(?:和|与|及|、|,|，)\s*{MARK_PATTERN}\s*)+的"
                   rf"|\s*的[^，,。；;：:\u27e6]{{0,4}}(?:函数|导数|梯度|组合|倍)")
"""The formula (or a list of them) is what a relation is of: "$x$ 和 $z$ 的线性函数",
"是 $x$ 的函数". Not a modifier naming the formula: "服从成功概率为 $P(s)$ 的负二项分布"
says P(s) is the success probability."""
_COUNTS = re.compile(r"\s*[次步轮倍遍个种类层条位张维名组]")
"""Repetitions and measure words ("$h$ 次", h times; "$N$ 个像素", N pixels; "$d$ 维向量"):
the formula counts what follows, and the words before it ("带有", "具有") are a verb's."""
