"""What math-mode control sequences are: letters, operators, fonts, accents, spacing.

Tables only, no logic. Names are without the backslash.
"""

from __future__ import annotations

GREEK = frozenset({
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta",
    "vartheta", "iota", "kappa", "varkappa", "lambda", "mu", "nu", "xi", "omicron", "pi",
    "varpi", "rho", "varrho", "sigma", "varsigma", "tau", "upsilon", "phi", "varphi", "chi",
    "psi", "omega", "digamma",
    "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi",
    "Omega", "varGamma", "varDelta", "varTheta", "varLambda", "varXi", "varPi", "varSigma",
    "varUpsilon", "varPhi", "varPsi", "varOmega",
})
# Upright Greek from packages (upgreek, unicode-math): \upalpha reads as alpha.
UPRIGHT_GREEK = {"up" + name: name for name in GREEK if name.islower()}

# Letter-like symbols that name quantities.
LETTERLIKE = frozenset({"ell", "hbar", "imath", "jmath", "aleph", "beth", "gimel", "wp",
                        "Re", "Im", "mho", "eth", "Bbbk", "varnothing", "emptyset", "infty",
                        })
# Of those, the ones that are constants or sets, not symbols a paper defines.
CONSTANT_LETTERLIKE = frozenset({"infty", "emptyset", "varnothing"})

UNICODE_GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "varepsilon", "ϵ": "epsilon",
    "ζ": "zeta", "η": "eta", "θ": "theta", "ϑ": "vartheta", "ι": "iota", "κ": "kappa",
    "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi", "π": "pi", "ρ": "rho", "σ": "sigma",
    "ς": "varsigma", "τ": "tau", "υ": "upsilon", "φ": "varphi", "ϕ": "phi", "χ": "chi",
    "ψ": "psi", "ω": "omega", "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda",
    "Ξ": "Xi", "Π": "Pi", "Σ": "Sigma", "Υ": "Upsilon", "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega",
    "ℓ": "ell", "∇": "nabla", "∂": "partial", "∞": "infty",
}

# Font commands taking an argument, and what they mean for a symbol's identity.
FONT_COMMANDS = {
    "mathbf": "bold", "boldsymbol": "bold", "bm": "bold", "pmb": "bold", "mathbold": "bold",
    "mathbfit": "bold", "bmath": "bold", "textbf": "bold", "mathbfup": "bold",
    "mathcal": "cal", "mathscr": "scr", "mathfrak": "frak", "mathbb": "bb", "mathbbm": "bb",
    "mathds": "bb", "mathbbold": "bb", "varmathbb": "bb", "mathrm": "rm", "mathup": "rm",
    "textrm": "rm", "textnormal": "rm", "textup": "rm", "mathsf": "sf", "mathsfit": "sf",
    "textsf": "sf", "mathtt": "tt", "texttt": "tt", "mathit": "", "mathnormal": "",
    "textit": "", "mathsfbf": "bold-sf", "mathbfsf": "bold-sf", "EuScript": "scr",
    "mathpzc": "scr", "mathcalligra": "scr", "euscr": "scr", "Eulerscript": "scr",
}
# Old-style switches that change the font of the rest of the group: {\bf x}, {\rm d}.
FONT_SWITCHES = {"bf": "bold", "rm": "rm", "cal": "cal", "it": "", "sf": "sf", "tt": "tt",
                 "mit": "", "boldmath": "bold", "bfseries": "bold", "rmfamily": "rm",
                 "mathbfseries": "bold", "Bbb": "bb", "frak": "frak", "scr": "scr"}
FONT_ORDER = ("bold", "cal", "bb", "frak", "scr", "rm", "sf", "tt")

ACCENTS = {
    "hat": "hat", "widehat": "hat", "tilde": "tilde", "widetilde": "tilde", "bar": "bar",
    "overline": "bar", "vec": "vec", "overrightarrow": "vec", "dot": "dot", "ddot": "ddot",
    "dddot": "dddot", "check": "check", "widecheck": "check", "breve": "breve",
    "acute": "acute", "grave": "grave", "mathring": "ring", "underline": "underline",
    "underbar": "underline", "overleftarrow": "overleftarrow", "wideparen": "wideparen",
    "utilde": "utilde", "undertilde": "utilde",
}
ACCENT_LATEX = {"hat": "hat", "tilde": "tilde", "bar": "bar", "vec": "vec", "dot": "dot",
                "ddot": "ddot", "dddot": "dddot", "check": "check", "breve": "breve",
                "acute": "acute", "grave": "grave", "ring": "mathring",
                "underline": "underline", "overleftarrow": "overleftarrow",
                "wideparen": "wideparen", "utilde": "utilde"}

# Text inside math: the argument is prose (math may nest inside it again).
TEXT_IN_MATH = frozenset({"text", "textit", "textbf", "textsf", "texttt", "textnormal",
                          "textrm", "textup", "textsl", "textsc", "mbox", "hbox", "emph",
                          "intertext", "shortintertext", "textmd", "fbox", "textsuperscript",
                          "textsubscript"})

# Named functions TeX typesets upright: \log, \exp, ...
NAMED_FUNCTIONS = frozenset({
    "log", "ln", "lg", "exp", "sin", "cos", "tan", "cot", "sec", "csc", "sinh", "cosh", "tanh",
    "coth", "arcsin", "arccos", "arctan", "arg", "deg", "dim", "hom", "ker", "det", "gcd",
    "Pr", "mod", "bmod", "pmod", "sgn", "min", "max", "sup", "inf", "lim", "limsup", "liminf",
    "injlim", "projlim", "varliminf", "varlimsup", "argmax", "argmin", "Tr", "tr", "diag",
})
DISTRIBUTION_WORDS = frozenset({
    "Bernoulli", "Bern", "Cat", "Categorical", "Unif", "Uniform", "Dir", "Dirichlet", "Beta",
    "Pois", "Poisson", "Mult", "Multinomial", "Laplace", "Normal", "Gaussian", "Gumbel",
    "Bin", "Binomial", "Gamma", "Geom", "Geometric", "GP", "Student"})
"""Named distributions: Bernoulli(p), Cat(π), Unif(0, 1)."""

# Functions with limits (their subscript is a range, not an identity): \max_{x}, \lim_{n}.
LIMIT_FUNCTIONS = frozenset({"min", "max", "sup", "inf", "lim", "limsup", "liminf", "argmax",
                             "argmin", "det", "gcd", "Pr", "injlim", "projlim", "varliminf",
                             "varlimsup", "plim", "esssup", "essinf"})
# Words that are functions when written in italics too (an author's slip the linter
# catches): softmax(x), log x.
KNOWN_WORDS = frozenset({
    "log", "ln", "exp", "sin", "cos", "tan", "tanh", "sinh", "cosh", "softmax", "argmax",
    "argmin", "max", "min", "sup", "inf", "lim", "det", "tr", "Tr", "trace", "diag", "rank",
    "sign", "sgn", "relu", "ReLU", "sigmoid", "erf", "Var", "Cov", "KL", "vec", "span",
    "softplus", "logsumexp", "concat", "Concat", "LayerNorm", "RMSNorm", "BatchNorm", "GELU",
    "Swish", "SwiGLU", "GLU", "MLP", "FFN", "Attention", "MultiHead", "mod", "dist", "supp",
    "Bern", "Bernoulli", "Cat", "Unif", "Uniform", "Dir", "Beta", "Pois",
    "Poisson", "Mult", "PPL", "CE", "MSE", "NLL", "ELBO", "LSE", "Laplace", "polylog",
    "poly", "cov", "var", "std", "avg", "mean", "median", "vol", "prox", "proj", "Proj",
    "conv", "sim", "dom", "im", "null", "card", "ker", "col", "row", "nnz", "Pa",
})

BIG_OPERATORS = frozenset({
    "sum", "prod", "coprod", "int", "iint", "iiint", "oint", "bigcup", "bigcap", "bigoplus",
    "bigotimes", "bigodot", "bigvee", "bigwedge", "bigsqcup", "biguplus", "idotsint",
})
# Operators and relations worth a glossary line (the rest, =, +, \le, ..., are not).
NOTABLE_OPERATORS = frozenset({
    "nabla", "partial", "odot", "otimes", "oplus", "ominus", "oslash", "circledast", "circ",
    "ast", "star", "dagger", "ddagger", "wedge", "vee", "setminus", "triangle",
    "bigtriangleup", "Box", "square", "Diamond", "sqcup", "uplus",
})
NOTABLE_RELATIONS = frozenset({
    "sim", "propto", "approx", "triangleq", "coloneqq", "coloneq", "eqqcolon", "defeq",
    "equiv", "perp", "models", "vdash", "mapsto", "simeq", "cong", "asymp", "doteq", "ll",
    "gg", "prec", "succ", "preceq", "succeq", "lesssim", "gtrsim", "independent", "bot",
    "Perp", "vDash", "rightharpoonup", "leadsto", "rightsquigarrow",
})
# Ordinary relations, binary operators, arrows, logic, dots: not glossary lines.
ORDINARY = frozenset({
    "le", "ge", "leq", "geq", "neq", "ne", "lt", "gt", "leqslant", "geqslant", "in", "notin",
    "ni", "subset", "subseteq", "supset", "supseteq", "subsetneq", "supsetneq", "cup", "cap",
    "to", "rightarrow", "leftarrow", "Rightarrow", "Leftarrow", "leftrightarrow",
    "Leftrightarrow", "iff", "implies", "impliedby", "longrightarrow", "longleftarrow",
    "Longrightarrow", "Longleftarrow", "longmapsto", "hookrightarrow", "uparrow", "downarrow",
    "nearrow", "searrow", "forall", "exists", "nexists", "neg", "lnot", "land", "lor",
    "cdot", "times", "div", "pm", "mp", "bullet", "cdots", "ldots", "dots", "vdots", "ddots",
    "dotsc", "dotsb", "dotsm", "dotsi", "dotso", "mid", "nmid", "parallel", "nparallel",
    "colon", "vert", "Vert", "|", "lvert", "rvert", "lVert", "rVert", "langle", "rangle",
    "lfloor", "rfloor", "lceil", "rceil", "lbrace", "rbrace", "lbrack", "rbrack", "{", "}",
    "backslash", "prime", "angle", "measuredangle", "sqsubseteq", "sqsupseteq", "therefore",
    "because", "checkmark", "top", "intercal", "not", "leftrightarrows", "cdotp",
    "ldotp", "vartriangle", "blacktriangle", "centerdot", "smallsetminus",
    "wr", "amalg", "sqcap", "lhd", "rhd", "unlhd", "unrhd", "gets", "Lleftarrow",
    "rightleftharpoons", "longleftrightarrow", "Longleftrightarrow", "lessgtr",
    "ngeq", "nleq", "nless", "ngtr", "varpropto", "approxeq", "sqrt", "surd", "flat",
    "sharp", "natural", "clubsuit", "diamondsuit", "heartsuit", "spadesuit", "S", "P",
    "dag", "ddag", "copyright", "pounds", "lozenge", "blacksquare",
})
DELIMITER_PAIRS = {
    "(": ")", "[": "]", "\\{": "\\}", "\\lbrace": "\\rbrace", "\\langle": "\\rangle",
    "\\lfloor": "\\rfloor", "\\lceil": "\\rceil", "\\lvert": "\\rvert", "\\lVert": "\\rVert",
    "\\|": "\\|", "\\Vert": "\\Vert", "|": "|", "\\vert": "\\vert", "\\lbrack": "\\rbrack",
}
FENCE_KINDS = {"(": "paren", "[": "bracket", "\\{": "brace", "\\lbrace": "brace",
               "\\langle": "inner", "\\lfloor": "floor", "\\lceil": "ceil", "\\lvert": "abs",
               "|": "abs", "\\vert": "abs", "\\lVert": "norm", "\\|": "norm", "\\Vert": "norm",
               "\\lbrack": "bracket"}
SIZING = frozenset({
    "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "Biggl",
    "Biggr", "bigm", "Bigm", "biggm", "Biggm", "middle", "mleft", "mright",
})
# Commands that produce nothing a reader reads as notation (spacing, style, structure).
IGNORED = frozenset({
    ",", ";", ":", "!", " ", ">", "quad", "qquad", "enspace", "thinspace", "medspace",
    "thickspace", "negthinspace", "negmedspace", "negthickspace", "hfill", "displaystyle",
    "textstyle", "scriptstyle", "scriptscriptstyle", "limits", "nolimits", "allowbreak",
    "nonumber", "notag", "relax", "protect", "mathstrut", "strut", "\\", "cr", "newline",
    "hline", "cline", "nobreak", "noalign", "qedhere", "global", "displaybreak", "centering",
    "raggedright", "small", "footnotesize", "scriptsize", "tiny", "normalsize", "large",
    "Large", "LARGE", "huge", "Huge", "xspace", "ignorespaces", "unskip", "break",
    "linebreak", "pagebreak", "nopagebreak", "par", "noindent", "indent", "vfill", "vcenter",
    "hskip", "vskip", "mskip", "kern", "mkern", "smallskip", "medskip", "bigskip",
    "boldmath", "unboldmath", "leavevmode", "expandafter", "hrule", "vrule", "arraystretch",
    "sansmath", "unsansmath",
    "mathsurround", "iffalse", "fi", "else", "ifmmode", "label", "tag",
    "toprule", "midrule", "bottomrule", "addlinespace", "rowcolor", "hdashline", "Tstrut",
    "Bstrut", "bigstrut", "vspace", "hspace",
})
# Differentials written as a command: the physics package's \dd (and its look-alikes)
# is the upright d of dx, the same notation as \mathrm{d}.
DIFFERENTIAL_COMMANDS = frozenset({"dd", "diff", "dif", "ud", "mathd", "rmd"})
# Commands whose arguments are not math at all: skip them.
SKIP_ARGUMENT = {"color": 1, "hspace": 1, "vspace": 1, "phantom": 1, "hphantom": 1,
                 "vphantom": 1, "label": 1, "tag": 1, "ref": 1, "eqref": 1, "cite": 1,
                 "citep": 1, "citet": 1, "hyperref": 0, "rule": 2, "raisebox": 1,
                 "mskip": 0, "kern": 0, "mkern": 0, "colorbox": 1, "textcolor": 1,
                 "arraycolsep": 0, "setlength": 2, "footnote": 1, "footnotemark": 0,
                 "thanks": 1, "hyperlink": 1, "cref": 1, "Cref": 1, "autoref": 1,
                 "includegraphics": 1, "scalebox": 1, "resizebox": 2, "cellcolor": 1}
# Commands whose one argument is parsed as ordinary math: \boxed{x}, \mathop{\mathbb{E}}.
TRANSPARENT = frozenset({
    "boxed", "mathop", "mathbin", "mathrel", "mathord", "mathpunct", "mathinner", "mathopen",
    "mathclose", "smash", "cancel", "bcancel", "xcancel", "substack",
    "underbrace", "overbrace", "underbracket", "overbracket", "ensuremath", "mathclap",
    "mathllap", "mathrlap", "clap", "llap", "rlap", "vcenter",
    "displaylimits", "tcbhighlightmath", "highlight", "hl", "lefteqn", "ooalign",
})
# Commands with two math arguments (or more): \frac{a}{b}, \binom{n}{k}.
TWO_ARGUMENTS = frozenset({
    "frac", "dfrac", "tfrac", "cfrac", "binom", "dbinom", "tbinom", "overset", "underset",
    "stackrel", "sfrac", "nicefrac",
})
TRANSPOSE_SPELLINGS = frozenset({"T", "\\top", "\\intercal", "\\mathsf{T}", "\\mathrm{T}",
                                 "\\textsf{T}", "\\mathtt{T}", "\\text{T}",
                                 "\\textrm{T}", "\\mathbf{T}", "\\sf T", "\\rm T", "\\bot",
                                 "\\mathsf{\\scriptscriptstyle T}",
                                 "\\mkern-1.5mu\\mathsf{T}", "\\scriptscriptstyle\\top",
                                 "\\mathrm{\\scriptscriptstyle T}"})
