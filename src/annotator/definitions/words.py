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
    "satisfies", "satisfying", "remain", "excluding",
    "could", "might", "shall", "whether", "how", "what", "both", "either", "neither",
    "respect", "wrt", "i.e", "e.g", "see", "eq", "eqs", "equation", "equations",
    "figure", "fig", "table", "section", "sec", "appendix", "theorem", "lemma", "algorithm",
    "proposition", "corollary", "definition", "chapter", "step", "line", "row", "column",
    "here", "there", "now", "finally", "first", "second", "similarly", "likewise", "namely",
    "simply", "just", "even", "all", "any", "some", "every", "each", "yields", "yield",
    "becomes", "become", "becoming", "remains", "consider", "considering",
    "suppose", "assume", "fix", "fixed", "choosing", "picking", "letting", "setting",
    # verbs that are rarely nouns: "layers produce outputs of dimension $d$"
    "produce", "produces", "generate", "generates", "contain", "contains", "include",
    "includes", "consist", "consists", "require", "requires", "predict", "predicts",
    "learn", "learns", "encode", "encodes", "decode", "decodes", "represent", "represents",
    "multiply", "multiplies", "add", "adds", "attend", "attends", "divide", "divides",
    "concatenate", "concatenates", "combine", "combines", "achieve", "achieves", "reach",
    "reaches", "improve", "improves", "reduce", "reduces", "ensure", "ensures", "allow",
    "allows", "enable", "enables", "make", "makes", "returns", "maps", "having",
    "like", "unlike", "enough", "versus", "vs",
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
    "observed", "respectively", "then", "thus", "also", "each", "every", "any", "some"})

# -ing words that are nouns ("the embedding $E$"), not verbs ("solving $O_0$").
ING_NOUNS = frozenset({
    "embedding", "encoding", "mapping", "padding", "spacing", "setting", "string",
    "ordering", "ranking", "rating", "coupling", "detuning", "splitting", "broadening",
    "scattering", "smoothing", "pooling", "weighting", "scaling", "binning", "labeling",
    "labelling", "matching", "clustering", "coloring", "colouring", "rounding", "offering",
    "building", "drawing", "ring", "thing", "king", "meaning", "training", "learning",
    "heading", "saving", "bracketing", "forcing", "damping", "tiling"})

PRONOUNS = frozenset({"which", "this", "that", "these", "those", "it", "they", "we",
                       "what", "who", "one"})

ZH_LEADING = ("给定", "对于", "其中", "这里", "设", "令", "记", "用", "由", "将", "把", "对",
               "在", "和", "与", "及", "以及", "而", "且", "即", "则", "若", "当")

ZH_TRAILING = ("为", "是", "记为", "记作", "即")

ZH_VERBS = ("表示", "代表", "满足", "等于", "定义", "可逆", "属于", "服从", "使得", "得到",
             "计算", "更新", "按", "是", "为")

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
    "open", "closed", "full", "low", "high", "bijective", "injective", "surjective"})
# Words a description never ends with: a phrase ending so was cut ("the location of",
# "the smooth top-").
DANGLING = frozenset({
    "of", "the", "a", "an", "and", "or", "to", "for", "with", "in", "on", "by", "at", "from",
    "as", "into", "onto", "over", "under", "between", "than", "that", "which", "its", "their",
    "our", "this", "these", "each", "every", "is", "are", "be", "via", "per", "whose", "if",
    "when", "where", "whether", "both", "either", "not", "no", "all", "any", "some", "such"})
# Chinese words that are never a definition on their own ("其中", "每个", "给定").
ZH_FUNCTION_WORDS = frozenset({
    "其中", "每个", "每一个", "给定", "对于", "这里", "此处", "式中", "我们", "这个", "该",
    "这些", "那些", "一个", "所有", "任意", "某个", "以及", "并且", "或者", "如果", "则",
    "因此", "所以", "即", "也", "都", "和", "与", "及", "的", "是", "为", "在", "对", "由",
    "将", "把", "用", "记", "令", "设", "表示", "定义", "满足", "分别"})
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
