"""What kind of object a knowledge meaning describes, read from its head, and whether a
paper's type statement contradicts it.

A meaning is written "Head: explanation" ("Number of steps: the horizon, ...", "Input
data matrix: a batch of inputs ..."). Its head names a kind: a count, a matrix, a vector,
a function. A paper that declares `$T: \\mathcal{Z} \\to \\mathcal{X}$` has made T a map,
so "Number of steps" would teach the reader something false about it; one that writes
`$\\mathbf{X} \\in \\mathbb{R}^d$` has made X a vector, no data matrix. A head that names
no kind ("Learning rate", "Latent variable") is never contradicted: the check only
removes what the paper's own declaration rules out.
"""

from __future__ import annotations

import re

from .model import Text

KIND_WORDS: dict[str, tuple[str, ...]] = {
    "matrix": ("matrix", "matrices", "tensor", "矩阵", "张量"),
    "vector": ("vector", "向量"),
    "count": ("number", "count", "dimension", "size", "length", "horizon", "index",
              "indices", "数量", "个数", "总数", "维度", "维数", "步数", "长度", "下标", "索引"),
    "function": ("function", "map", "mapping", "transformation", "transform", "operator",
                 "network", "field", "kernel", "polynomial", "distribution", "density",
                 "policy", "encoder", "decoder", "generator", "discriminator", "flow",
                 "loss", "objective", "likelihood", "functional", "函数", "映射", "变换",
                 "算子", "网络", "场", "核函数", "多项式", "分布", "密度", "策略", "编码器",
                 "解码器", "生成器", "判别器", "损失", "目标函数"),
    "scalar": ("scalar", "constant", "coefficient", "rate", "temperature", "final time",
               "terminal time", "time step", "timestep", "标量", "常数", "系数", "学习率",
               "速率", "温度", "时刻", "时间步"),
}
"""Words of a meaning's head that name a kind. A vector field is a function, not a
vector ("vector field" is read before "vector")."""

COMPATIBLE: dict[str, frozenset[str]] = {
    "function": frozenset({"function"}),
    "vector": frozenset({"vector"}),
    "matrix": frozenset({"matrix"}),
    "tensor": frozenset({"matrix"}),
    "scalar": frozenset({"scalar", "count"}),
    "array": frozenset({"vector", "matrix", "function"}),
}
"""For each declared kind, the head kinds that agree with it. 'array': written in bold,
with no type statement: a vector or a matrix by typography, so no single number (a bold
𝛑 of mixing coefficients is no circle constant)."""

_FIELDS = re.compile(r"vector fields?|向量场")
_COMPLEMENT = re.compile(r"\s+(?:of|for|with respect to|w\.r\.t\.|over|on|in|at|from|between)\s+")
_APPLIED = re.compile(r"[^\W\d_][\u0300-\u036f′'*ˆ^_{}\w]*\((?:[^()]{0,12})\)")
"""A symbol written applied in the head, "Diffusion coefficient g(t)", "Feature map φ(x)":
agrees with a declared function, whatever its noun (and says nothing against a vector: a
reward vector is still "Reward r(s, a)")."""
_KIND_PATTERNS = {
    kind: re.compile("|".join(rf"\b{re.escape(w)}\b" if w.isascii() else re.escape(w)
                              for w in words))
    for kind, words in KIND_WORDS.items()}


def head_of(text: str) -> str:
    """The head of a meaning: before its first colon, else before its first comma or
    stop ("A matrix or linear map, as in ..." -> "A matrix or linear map")."""
    for mark in (":", "："):
        if mark in text:
            text = text.split(mark, 1)[0]
            break
    else:
        text = re.split(r"[,，.。;；(（]", text, maxsplit=1)[0]
    # the head noun comes before its complements and after the last 的: "Derivative with
    # respect to time" is no time, "Trainable parameters of a second network" no network,
    # "第二个网络的可训练参数" 参数
    text = _COMPLEMENT.split(text, maxsplit=1)[0]
    return text.rsplit("的", 1)[-1]


def head_kinds(meaning: Text) -> frozenset[str]:
    """The kinds a meaning's head names, in either language."""
    kinds: set[str] = set()
    for text in (meaning.en, meaning.zh):
        head = head_of(text).lower()
        if _FIELDS.search(head):
            kinds.add("function")
            head = _FIELDS.sub(" ", head)
        kinds.update(kind for kind, pattern in _KIND_PATTERNS.items() if pattern.search(head))
    return frozenset(kinds)


def contradicts(declared: str, meaning: Text) -> bool:
    """True when the paper declared the symbol a `declared` ('function', 'vector', ...)
    and the meaning's head names only other kinds: T declared a map against "Number of
    steps", X ∈ ℝ^d against "Input data matrix"."""
    compatible = COMPATIBLE.get(declared)
    if not compatible:
        return False
    if declared == "function" and any(_APPLIED.search(head_of(text))
                                      for text in (meaning.en, meaning.zh)):
        return False  # "Diffusion coefficient g(t)": whatever its noun, a function
    kinds = head_kinds(meaning)
    return bool(kinds) and not kinds & compatible


_DECLARED_BY_KIND = {"matrix": "matrix", "vector": "vector", "count": "scalar",
                     "scalar": "scalar", "function": "function"}


def definition_kind(definitions: list[str]) -> str:
    """The kind the paper's own definitions name ('matrix' for "An output matrix",
    'scalar' for "the number of samples"), read like a meaning's head; '' when they name
    none, more than one, or disagree."""
    kinds = set()
    for text in definitions:
        kind = _head_noun_kind(head_of(text).strip().lower())
        if not kind:
            return ""
        kinds.add(_DECLARED_BY_KIND[kind])
    return kinds.pop() if len(kinds) == 1 else ""


def _head_noun_kind(head: str) -> str:
    """The kind the last noun of a definition's head names: "the filter parameter
    matrix" a matrix; "词向量表示" (a word-vector representation) none, its noun is 表示."""
    words = head.split()
    last = words[-1] if words else ""
    for kind, pattern in _KIND_PATTERNS.items():
        found = [m for m in pattern.finditer(head) if m.end() == len(head)]
        if found or (last.isascii() and pattern.fullmatch(last)):
            return kind
    return ""
