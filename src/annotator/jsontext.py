"""JSON text as `json.dumps(value, ensure_ascii=False, indent=2)` writes it, faster.

With `indent`, the standard library falls back to its pure-Python encoder (a generator
per container, a call per value): on a paper with thousands of formulas that is a tenth
of the run. Here the scalars are encoded by the C functions the standard encoder itself
uses (json.encoder's encode_basestring, float.__repr__) and the layout is built as one
list of strings: the same text, byte for byte (tests/test_batch_startup.py compares them
on the corpus and on generated values).
"""

from __future__ import annotations

from json.encoder import encode_basestring  # the C version when the _json module exists
from typing import Any

INFINITY = float("inf")


def dumps_indented(value: Any, indent: int = 2) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=indent)` (dict keys as strings)."""
    parts: list[str] = []
    _encode(value, parts, "\n", " " * indent)
    return "".join(parts)


def _encode(value: Any, out: list[str], newline: str, step: str) -> None:
    if isinstance(value, str):
        out.append(encode_basestring(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(_float(value))
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = newline + step
        out.append("{")
        first = True
        for key, item in value.items():
            out.append(inner if first else "," + inner)
            first = False
            out.append(encode_basestring(_key(key)))
            out.append(": ")
            _encode(item, out, inner, step)
        out.append(newline + "}")
    elif isinstance(value, list | tuple):
        if not value:
            out.append("[]")
            return
        inner = newline + step
        out.append("[")
        first = True
        for item in value:
            out.append(inner if first else "," + inner)
            first = False
            _encode(item, out, inner, step)
        out.append(newline + "]")
    else:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == INFINITY:
        return "Infinity"
    if value == -INFINITY:
        return "-Infinity"
    return float.__repr__(value)


def _key(key: Any) -> str:
    """Keys as json.dumps writes them: strings as they are, numbers and constants as
    their JSON text."""
    if isinstance(key, str):
        return key
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, int):
        return int.__repr__(key)
    if isinstance(key, float):
        return _float(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")
