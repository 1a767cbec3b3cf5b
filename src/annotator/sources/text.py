"""Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, else latin-1 with a warning."""

from __future__ import annotations

from ..model import Diagnostic, SourceFile

_BINARY_PROBE = 8192


def looks_binary(data: bytes) -> bool:
    """True for data no TeX source would contain: NUL bytes (and no UTF-16 BOM)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return False
    return b"\x00" in data[:_BINARY_PROBE]


def decode(path: str, data: bytes) -> tuple[SourceFile | None, Diagnostic | None]:
    """Decode one file. Returns (None, warning) for binary data."""
    if looks_binary(data):
        return None, Diagnostic(f"{path}: binary data, not a text file; skipped")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return SourceFile(path, data.decode("utf-16"), "utf-16"), None
        except UnicodeDecodeError:
            return None, Diagnostic(f"{path}: invalid UTF-16 text; skipped")
    try:
        return SourceFile(path, data.decode("utf-8-sig"), "utf-8"), None
    except UnicodeDecodeError as exc:
        text = data.decode("latin-1")
        line = data[: exc.start].count(b"\n") + 1
        warning = Diagnostic(
            f"{path}: not valid UTF-8 (first bad byte on line {line}); decoded as latin-1")
        return SourceFile(path, text, "latin-1"), warning


def decode_name(name: str | bytes) -> str:
    """A file name as text every writer can encode. Names come from the file system or an
    archive as bytes (or as str with the undecodable bytes smuggled in as surrogates, as
    os and tarfile give them): UTF-8 when they are UTF-8, else latin-1, the same rule as
    for file contents, so `caf\\xe9.tex` from an old archive is `café.tex` and matches the
    `\\input{café}` of a latin-1 source."""
    if isinstance(name, str):
        try:
            name.encode("utf-8")
            return name
        except UnicodeEncodeError:
            name = name.encode("utf-8", "surrogateescape")
    try:
        return name.decode("utf-8")
    except UnicodeDecodeError:
        return name.decode("latin-1")
