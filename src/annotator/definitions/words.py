"""Word lists the definition rules read: what can and cannot be in a noun phrase, what
makes a description a property rather than a name, and the Chinese function words.

Data, not logic: a word added here changes every rule that reads the list, and the
rule tests show what it changed.
"""

from __future__ import annotations

# A predicate is not a description: "$x$ is drawn from $p$", "$\eta$ is small".
PREDICATES = frozenset({
    "to", "in", "on", "by", "at", "as", "for", "from", "that", "than", "equal", "greater",
    "less", "larger", "smaller", "not", "then", "set", "shown", "given", "computed",
    "obtained", "defined", "drawn", "sampled", "chosen", "fixed", "initialized",
    "initialised", "updated", "assumed", "known", "replaced", "applied", "estimated",
    "evaluated", "calculated", "trained", "optimized", "optimised", "normalized",
    "normalised", "bounded", "distributed", "positive", "negative", "nonnegative",
    "non-negative", "small", "large", "zero", "nonzero", "one", "close", "independent",
    "identical", "invertible", "differentiable", "convex", "finite", "infinite", "unique",
    "same", "different", "constant", "used", "always", "often", "usually", "also",
    "typically", "generally", "similar", "proportional", "omitted", "dropped", "ignored",
    "fed", "passed", "added", "multiplied", "divided", "concatenated", "still", "now",
    "only", "either", "both", "all", "very", "much", "more", "learned", "learnt"})

DETERMINERS = frozenset({"a", "an", "the", "another", "each", "every", "our", "its",
                          "their", "this", "these", "that", "some", "any", "all", "both",
                          "his", "her", "one"})

# Words that cannot be in a noun phrase right before a symbol ("compute $x$", "to $y$").
NOT_IN_NOUN_PHRASE = frozenset({
    "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does",
    "we", "i", "you", "it", "they", "he", "she", "which", "who", "whom", "whose", "where",
    "when", "while", "with", "without", "by", "to", "from", "in", "on", "at", "for", "into",
    "onto", "over", "under", "as", "than", "that", "and", "or", "but", "nor", "if", "then",
    "so", "thus", "hence", "since", "because", "let", "denote", "denotes", "denoted",
    "define", "defined", "defines", "use", "using", "used", "uses", "compute", "computes",
    "computed", "obtain", "obtains", "obtained", "get", "gets", "given", "give", "gives",
    "set", "sets", "take", "takes", "taking", "apply", "applies", "applied", "minimize",
    "minimise", "maximize", "maximise", "update", "updates", "updated", "call", "called",
    "write", "written", "choose", "chosen", "sample", "sampled", "draw", "drawn", "via",
    "between", "among", "across", "after", "before", "during", "through", "within",
    "equals", "equal", "increase", "decrease", "replace", "replaced", "plus", "minus",
    "times", "divided", "multiplied", "around", "about", "above", "below", "along", "per",
    "such", "also", "only", "not", "no", "can", "may", "must", "should", "will", "would",
    # verbs met right before a formula ("we employ $\\phi$", "excluding $a$ and $b$")
    "employ", "employs", "employed", "recover", "recovers", "recovered", "reduced", "copy",
    "copies", "copied", "including", "containing", "involving", "produced", "generated",
    "introduce", "introduces", "considers", "considered", "assumes", "assumed", "satisfy",
    "satisfies", "satisfying", "remain", "excluding", "comprising", "consisting",
    "could", "might", "shall", "whether", "how", "what", "both", "either", "neither",
    "respect", "wrt", "i.e", "e.g", "see", "eq", "eqs", "equation", "equations",
    "figure", "fig", "table", "section", "sec", "appendix", "theorem", "lemma", "algorithm",
    "proposition", "corollary", "definition", "chapter", "step", "line", "row", "column",
    "here", "there", "now", "finally", "first", "second", "similarly", "likewise", "namely",
    "simply", "just", "even", "all", "any", "some", "every", "each", "yields", "yield",
    "becomes", "become", "becoming", "remains", "consider", "considering",
    "suppose", "assume", "fix", "fixed", "choosing", "picking", "letting", "setting",
    # verbs of mathematical prose: "there exists $A$", "$\\hat{W}$ approximates $W$"
    "exists", "exist", "approximates", "approximate", "incorporate", "incorporates",
    "implies", "imply", "holds", "hold", "converges", "converge", "follows", "follow",
    "shows", "show", "proves", "prove", "achieves", "achieve", "attains", "attain",
    "admits", "admit", "induces", "induce", "ensures", "ensure", "guarantees", "guarantee",
    "depends", "depend", "corresponds", "correspond", "describes", "describe", "represents",
    "represent", "parameterizes", "parametrizes", "parameterize", "parametrize",
    # verbs that are rarely nouns: "layers produce outputs of dimension $d$"
    "produce", "produces", "generate", "generates", "contain", "contains", "include",
    "includes", "consist", "consists", "require", "requires", "predict", "predicts",
    "learn", "learns", "encode", "encodes", "decode", "decodes", "multiply", "multiplies",
    "add", "adds", "attend", "attends", "divide", "divides",
    "concatenate", "concatenates", "combine", "combines", "reach",
    "reaches", "improve", "improves", "reduce", "reduces", "allow",
    "allows", "enable", "enables", "make", "makes", "returns", "maps", "having",
    "like", "unlike", "enough", "versus", "vs",
    # verbs that open a clause before a formula ("find vectors $U$", "training minimises
    # $\\mathcal{L}$")
    "find", "finds", "found", "minimizes", "minimises", "maximizes", "maximises", "solve",
    "solves", "select", "selects", "pick", "picks", "observe", "observes", "compare",
    "compares", "trains", "run", "runs", "turn", "turns", "seek", "seeks", "aim", "aims",
    # participles and verbs that take a formula as their object ("a graph describing $k$
    # steps", "the player controls scalar $x$")
    "controls", "describing", "representing", "denoting", "indicating", "specifying",
    "defining", "controlling", "parameterizing", "parametrizing",
    # verbs of a subject before its object formula ("$x$ affects $u(x)$", "our model
    # believes $\hat{y} = +1$")
    "affects", "affect", "believes", "believe", "influences", "influence", "determines",
    "determine", "receives", "sends", "sees", "feeds",
    # contractions of a subject and its verb ("we're plotting hypothesis $h$")
    "we're", "we've", "we'll", "we'd", "you're", "they're", "i'm", "it's", "let's",
    "there's", "that's", "here's",
})

# "outputs of dimension $d$": the symbol is the dimension; it reads "dimension of outputs".
MEASURES = frozenset({"dimension", "dimensionality", "size", "length", "width", "height",
                      "value",
                       "depth", "rank", "order", "degree", "cardinality", "norm", "radius",
                       "diameter", "number", "count"})

ADJECTIVES = frozenset({
    "proper", "suitable", "appropriate", "sufficient", "good", "better", "best", "reasonable",
    "valid", "feasible", "desired", "desirable", "necessary", "relevant", "important",
    "same", "different", "other", "such", "single", "given", "certain", "particular",
    "specific", "new", "old", "first", "second", "third", "last", "next", "previous",
    "following", "corresponding", "respective", "several", "various", "many", "few", "whole",
    "entire", "above", "below", "outside", "inside", "vs", "versus", "more", "less", "most",
    "least", "high", "low", "large", "small", "big", "positive", "negative", "real",
    "finite", "infinite", "true", "false", "possible", "available", "known", "unknown",
    "fixed", "random", "total", "normal", "general", "final", "initial", "original",
    "optimal", "minimal", "maximal", "global", "local", "additional", "individual",
    "typical", "arbitrary", "generic", "standard", "simple", "common", "constant", "own",
    "former", "latter", "above-mentioned", "aforementioned", "actual", "exact", "overall",
    "observed", "respectively", "then", "thus", "also", "each", "every", "any", "some",
    "usual", "customary", "earlier", "latest", "larger", "smaller", "bigger", "higher",
    "lower", "greater", "longer", "shorter", "wider", "narrower", "closer", "faster",
    "slower", "worse", "later"})

# -ing words that are nouns ("the embedding $E$"), not verbs ("solving $O_0$").
ING_NOUNS = frozenset({
    "embedding", "encoding", "mapping", "padding", "spacing", "setting", "string",
    "ordering", "ranking", "rating", "coupling", "detuning", "splitting", "broadening",
    "scattering", "smoothing", "pooling", "weighting", "scaling", "binning", "labeling",
    "labelling", "matching", "clustering", "coloring", "colouring", "rounding", "offering",
    "building", "drawing", "ring", "thing", "king", "meaning", "training", "learning",
    "heading", "saving", "bracketing", "forcing", "damping", "tiling"})

ORDINAL_ENDS = frozenset({"th", "-th", "st", "nd", "rd"})
"""What ends a formula's ordinal ("the $k$th matrix"): a phrase that starts with one starts
mid-word."""

PRONOUNS = frozenset({"which", "this", "that", "these", "those", "it", "they", "we",
                       "what", "who", "one"})

ZH_LEADING = ("给定", "给", "对于", "其中", "这里", "设", "令", "记", "用", "由", "将", "把", "对",
               "在", "和", "与", "及", "以及", "而", "且", "即", "则", "若", "当")

ZH_TRAILING = ("记为", "记作", "称为", "为", "是", "即")
"""Longest first: "这个分布记为 $q$" ends in 记为, and stripping 为 alone would leave 分布记."""

# Verbs a Chinese noun phrase never ends with ("随机采样 $K$", "将嵌入空间分割 $h$"), though
# they may start one (采样步数, the number of sampling steps)
# (not 预测, 更新, 采样 alone: 模型的预测 is a prediction, 重要性采样 importance sampling)
ZH_VERB_ENDINGS = ("随机采样", "随机抽取", "分割", "求解", "得到", "重建", "拼接", "相加", "相乘",
                   # "以同样方式最小化 $\mathcal{L}$", "我们有多相信 $x$", "将成立 $u$",
                   # "由下式关联：", "在差一个常数意义下相等："
                   "最小化", "最大化", "相信", "成立", "关联", "相等", "收敛", "等价", "出现",
                   "接近",
                   # knowing, keeping, optimising, recovering, fitting, moving ("已知 $x$",
                   # "同时保持 $\mathbf{n}$", "随后优化 $\mathbf{z}$", "以线性移动 $w$",
                   # "$P$ 不要求", "$P(x) = 0$ 当且仅当")
                   "知道", "已知", "保持", "优化", "恢复", "重构", "拟合", "修改", "简写",
                   "要求", "当且仅当", "移动")

ZH_VERBS = ("表示", "代表", "满足", "等于", "定义", "可逆", "属于", "服从", "使得", "得到",
             "计算", "更新", "按", "是", "为",
             # "局部风格迁移修改输入图像 $x$", "源自原图 $x$": a verb inside, no noun phrase
             "修改", "源自")

# A description that starts with one of these says what the symbol is like, not what it
# is: "$\\alpha_t$ is continuously differentiable", "$\\eta$ is small". Kept as properties.
PROPERTY_WORDS = frozenset({
    "positive", "negative", "nonnegative", "non-negative", "nonpositive", "small", "large",
    "zero", "nonzero", "non-zero", "close", "independent", "identical", "invertible",
    "differentiable", "continuously", "smooth", "convex", "concave", "finite", "infinite",
    "unique", "constant", "bounded", "continuous", "symmetric", "orthogonal", "diagonal",
    "sparse", "dense", "stochastic", "deterministic", "monotone", "monotonic", "increasing",
    "decreasing", "lipschitz", "measurable", "integrable", "normalized", "normalised",
    "fixed", "learnable", "trainable", "frozen", "known", "unknown", "random", "arbitrary",
    "nonlinear", "linear", "strictly", "uniformly", "sufficiently", "typically", "often",
    "usually", "always", "chosen", "set", "initialized", "initialised", "sampled", "drawn",
    "distributed", "defined", "given", "computed", "obtained", "updated", "shared", "tied",
    "equal", "greater", "less", "larger", "smaller", "proportional", "much", "very",
    "invariant", "equivariant", "real", "complex", "integer", "even", "odd", "compact",
    "open", "closed", "full", "low", "high", "bijective", "injective", "surjective",
    "negligible", "far", "apart", "belong", "belongs", "similar", "different", "likely",
    "unlikely"})
# Words a description never ends with: a phrase ending so was cut ("the location of",
# "the smooth top-").
DANGLING = frozenset({
    "of", "the", "a", "an", "and", "or", "to", "for", "with", "in", "on", "by", "at", "from",
    "as", "into", "onto", "over", "under", "between", "than", "that", "which", "its", "their",
    "our", "this", "these", "each", "every", "is", "are", "be", "via", "per", "whose", "if",
    "when", "where", "whether", "both", "either", "not", "no", "all", "any", "some", "such"})
# Chinese words that are never a definition on their own ("其中", "每个", "给定").
ZH_FUNCTION_WORDS = frozenset({
    "其他", "其它", "最常见", "常见", "这种", "那种", "以下", "如下", "上述", "下面", "前者",
    "后者",
    "其中", "每个", "每一个", "给定", "对于", "这里", "此处", "式中", "我们", "这个", "该",
    "这些", "那些", "一个", "所有", "任意", "某个", "以及", "并且", "或者", "如果", "则",
    "因此", "所以", "即", "也", "都", "和", "与", "及", "的", "是", "为", "在", "对", "由",
    "将", "把", "用", "记", "令", "设", "表示", "定义", "满足", "分别",
    "就像", "像", "如同", "好像", "一点", "一些", "有些", "某些",
    # a determiner or an adjective alone ("整个 $G$", "一条 $\mathcal{Z}$", "最优 $x$")
    "整个", "一条", "最优"})
# Words that are never a noun, whatever comes before them (prepositions, pronouns,
# auxiliaries, conjunctions): "the set $S$" is a noun phrase, "the by $x$" is not.
CLOSED_CLASS = frozenset({
    "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does",
    "we", "i", "you", "it", "they", "he", "she", "which", "who", "whom", "whose", "where",
    "when", "while", "with", "without", "by", "to", "from", "in", "on", "at", "for", "into",
    "onto", "over", "under", "as", "than", "that", "and", "or", "but", "nor", "if", "then",
    "so", "thus", "hence", "since", "because", "via", "between", "among", "across", "after",
    "before", "during", "through", "within", "such", "also", "only", "not", "no", "can",
    "may", "must", "should", "will", "would", "could", "might", "shall", "whether", "how",
    "what", "both", "either", "neither", "here", "there", "now", "all", "any", "some",
    "every", "each", "around", "about", "above", "below", "along", "per", "plus", "minus",
    "like", "unlike", "versus", "vs", "let", "i.e", "e.g", "wrt", "respect", "very", "much",
    "more", "even", "just", "simply", "namely", "finally", "similarly", "likewise", "first"})
# Words after which a Chinese noun phrase before a formula starts: verbs, adverbs,
# prepositions and conjunctions that are never part of one ("学习算法通常会返回一个函数
# $f$": the phrase is 函数, after 会 and 返回).
ZH_BREAKS = ("会", "将", "把", "被", "可以", "能够", "通过", "对于", "是", "使用", "使得", "让",
             "和", "与", "或者", "或", "以及", "地", "了", "着", "应该", "需要", "得到", "如果",
             "假设", "即", "也", "都", "就", "而", "那么", "我们", "他们", "通常", "一般",
             "往往", "常常", "经常", "总是", "非常", "意味着", "认为", "给出", "记作", "记为",
             "表示", "代表", "被称为", "称为", "从", "为", "在", "有", "并", "首先", "然后",
             "进一步", "提出", "指出", "分析", "研究", "涉及", "沿着", "来", "根据", "基于", "关于",
             "直到", "包括", "包含",
             "倾向于",
             # verbs and adverbs that take the formula as their object ("老师提供目标 $y$":
             # the target; "这表明 $z$", "很难判断算法 $A$ 是否比算法 $B$ 好")
             "提供", "表明", "说明", "判断", "很难", "难以", "是否", "比较", "求解",
             # verbs of doing something to the formula ("寻找神经网络上的一组参数 $\theta$":
             # the parameters; "增加 $\beta$", "建立 $n$ 阶优化算法": no noun before it)
             "寻找", "找到", "降低", "提高", "增加", "减少", "关注", "交换", "寻求", "建立",
             "获得", "求得", "满足", "类似于", "受到", "减去", "加上", "替换", "采取",
             # conjunctions and time words ("因此速度向量 $v$", "之后为 $0$")
             "因此", "所以", "因为", "但是", "然而", "此外", "之后", "之前", "由",
             # wanting, conditions and restating ("我们希望某条轨迹 $X$", "只要令扩散系数
             # $\sigma$", "也就是说初始点 $X_0$", "如何优化参数 $\theta$", "先给下一步做
             # 一个初步猜测 $X'$", "该过程收敛到高斯分布 $\mathcal{N}$")
             "希望", "只要", "如何", "也就是说", "就是说", "换句话说", "说", "做", "收敛到",
             "收敛于", "不再", "决定", "等价于", "取自",
             # checking, noting, then-doing, making it follow ("通过检验 $\psi_0(x_0) = x_0$",
             # "注意 $\mathcal{L}$ 是多么简洁", "再乘以当前位置 $x$", "使其沿某个边缘向量场 $u$")
             "检验", "验证", "注意", "再", "使其", "使", "沿",
             # though, for example ("尽管描述 $P$", "比如对每个 $\mathbf{z}$")
             "尽管", "比如", "例如")
"""A break cuts only where something is left after it ("总和 $S$" keeps 总和, "和性能度量"
breaks after 和); single characters not inside a word of phrases._ZH_WORDS_OF_BREAKS."""
# Characters a Chinese noun phrase never ends with: prepositions and verb particles left
# from a clause cut in the middle ("作用于 $x$", "坐标由 $\\mu$ 给出", "以同样的方式对 $x$").
ZH_DANGLING_END = frozenset("于由对着过了以向从在被把将给让使及和与或而用自"
                            # an adverb or adjective left without its noun ("上述过程对低
                            # $t$ 加入更多噪声", "或者等价地：")
                            "低高地"
                            # a passive's agent or a place cut from its verb ("峰的宽度受
                            # $\beta$ 控制", "嵌入到空间中 $h$")
                            "受中")
# Words that are about how a symbol is written, not what it is ("用大写字母 $P$ 表示").
ZH_TYPOGRAPHY = frozenset({"字母", "大写字母", "小写字母", "符号", "记号", "粗体", "斜体",
                           "粗体字母", "希腊字母", "下标", "上标"})
ZH_PRONOUNS = ("它", "他", "她", "它们", "我们", "你", "其")
# Chinese words that name only a kind of object: "参数 $\\mu$" says less than the
# "分布的均值" the paper gives μ later.
ZH_KINDS = frozenset({"参数", "函数", "矩阵", "向量", "变量", "常数", "常量", "集合", "标量",
                      "值", "数值", "分布", "概率", "映射", "空间", "元素", "点", "下标",
                      "索引", "个数", "数量", "数", "量", "随机变量", "张量", "序列"})
# Verbs that may open the segment after the last break and are cut off it ("返回一个函数",
# "预测条件概率分布"), and classifiers before the noun ("一个函数" is 函数).
ZH_LEADING_VERBS = ("返回", "除以", "乘以", "预测", "计算", "学习", "估计", "输出", "生成", "采样",
                    "最小化",
                    "最大化", "优化", "训练", "定义", "考虑", "引入", "使用", "选择", "构造",
                    "构建", "采用", "利用", "操纵", "改变", "重建", "表达", "描述", "刻画",
                    "调整", "替代", "代替", "设置", "设定")
ZH_CLASSIFIERS = ("一个", "一种", "一组", "一些", "这个", "这些", "那个", "该", "某个", "某类",
                  "某种", "每个", "每一个", "任意", "所有", "其")


# Nouns that name a statement (an equation, a condition), not a quantity: before a
# formula that is a statement they name it, not its left-hand symbol ("the initial
# condition $x_0 = x$", "the following update:"). Each reader adds its own words.
STATEMENT_NOUNS = frozenset({
    "condition", "constraint", "equation", "inequality", "identity", "relation", "update",
    "rule", "recursion", "recurrence", "decomposition", "expansion", "formula", "property",
    "dynamics"})


NOTATION_NOUNS = frozenset({
    "shorthand", "shorthands", "notation", "notations", "abbreviation", "serif", "hat",
    "hats", "tilde", "superscript", "superscripts", "subscript", "subscripts", "boldface",
    "font", "typeface", "capital", "capitals", "lowercase", "lower-case", "uppercase",
    "upper-case", "letter", "letters", "calligraphic", "bold", "italic", "roman"})
"""Heads of a noun phrase that say how a formula is written, not what it is: "we employ
the shorthand $\\Theta := (A, B, C)$", "written with a serif $x$", "superscripts $p$
and $f$"."""


COUNT_LEADS = frozenset({
    "have", "has", "had", "with", "using", "use", "uses", "after", "over", "of", "for",
    "perform", "performs", "take", "takes", "draw", "draws", "generate", "generates",
    "seen", "seeing", "into", "across", "among", "all", "only", "first", "last", "top",
    "between", "averaging", "contains", "contain", "run", "runs"})
"""Words after which a letter followed by a plural noun counts it: "we have $n$ users",
"after $T$ time steps", "with $L$ particles", "the top $k$ layers"; not "the" ("the
$z_k$ variables" names variables, it counts none)."""


LABEL_NOUNS = frozenset({
    "class", "category", "node", "vertex", "edge", "particle", "action", "state", "layer",
    "iteration", "user", "item", "movie", "word", "token", "agent", "player", "arm",
    "task", "step", "episode", "round", "epoch", "cluster", "component", "document",
    "sentence", "head", "block", "client", "worker", "device", "pixel", "channel",
    "patch", "frame", "query", "entity", "relation", "image", "example", "instance",
    "coordinate", "row", "column", "entry", "element", "point", "sample", "neuron", "unit",
    "topic", "expert", "customer", "product", "site", "chain", "matrix", "vector", "set",
    "graph", "function", "distribution", "variable", "model", "policy"})
"""Singular nouns that name an object a letter then labels: "particle $A$", "class $c$",
"action $a$". After "of" such a noun is what the formula names ("the probability of class
$c$": c is a class, not the probability)."""
