"""The knowledge base precompiled: a file that is cheap to load and cannot run code.

Building the base from its TOML normalizes every form through the tokenizer (about
0.2 s), so the result is stored on disk and loaded by later runs. The store is not a
pickle (unpickling a planted file runs its code): it is JSON, decoded by a fixed plan
built from the dataclasses of the knowledge base, which can only ever make the
classes its caller names (knowledge.py: the knowledge base and its entries), strings,
numbers, lists, tuples and dicts.

A file is: a magic line, a header line (JSON: format, schema, key, length, sha256) and
the payload (JSON). It is used only when everything matches: the format this code
writes, the schema (the dataclasses' fields, so a new field makes old files stale), the
key (the knowledge files and the version), the payload's length and checksum. Anything
else (two flipped bytes, a truncated write, a file of another version) means "no usable
store": the caller rebuilds the base and writes a fresh one.

On disk (`cache_folder()`): the folder and the file must belong to the user running
annotator and be writable by no one else, or they are not used at all (a cache under a
shared `XDG_CACHE_HOME=/tmp` could be planted by another user). Reads open with
O_NOFOLLOW and O_NONBLOCK and accept only a regular file (a FIFO in its place cannot
hang the run); writes go to a new file made with O_EXCL (mkstemp), renamed over the
old one, so a planted symlink is replaced, never followed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import stat
import types
import typing
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

FORMAT = 1
"""The layout written by this code; a file of another format is never read."""
MAGIC = b"annotator-knowledge-store\n"
MAX_STORE_BYTES = 32 * 1024 * 1024
"""A store file larger than this is not read (the shipped base makes about 1 MB)."""

_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) \
    | getattr(os, "O_CLOEXEC", 0)


class StoreError(Exception):
    """The file is not a usable store (damaged, stale, another format)."""


# ---------------------------------------------------------------------- encoding

Classes = tuple[type, ...]
"""The dataclasses a store may hold (the caller's: knowledge.py passes the knowledge
base's); nothing else can be made from a store."""


def encode(value: Any, classes: Classes) -> Any:
    """JSON data for a value made of `classes`, dicts with string keys, lists, tuples,
    strings and numbers: a dataclass becomes the list of its fields' values, in order."""
    if isinstance(value, classes):
        return [encode(getattr(value, f.name), classes) for f in dataclasses.fields(value)]
    if isinstance(value, dict):
        if not all(isinstance(key, str) for key in value):
            raise StoreError("cannot store a dict with keys that are not strings")
        return {key: encode(item, classes) for key, item in value.items()}
    if isinstance(value, tuple | list):
        return [encode(item, classes) for item in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise StoreError(f"cannot store a {type(value).__name__}")


Decoder = Callable[[Any], Any]


def decoder(hint: Any, classes: Classes) -> Decoder | None:
    """The function that turns JSON data back into a value of type `hint`, None for a
    scalar taken as it is (the checksum already vouches for the bytes; the plan vouches
    for the shape: lists of the right length, dicts, only `classes`). Raises StoreError
    for a type it cannot decode (the store is then not used, and the base is built)."""
    if hint in (str, int, float, bool):
        return None
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return _sequence(decoder(args[0], classes), tuple)
    if origin is tuple and args:
        steps = [decoder(arg, classes) for arg in args]
        return lambda data: tuple(value if step is None else step(value)
                                  for step, value in zip(steps, _list(data, len(steps)),
                                                         strict=True))
    if origin is list and len(args) == 1:
        return _sequence(decoder(args[0], classes), list)
    if origin is dict and len(args) == 2 and args[0] is str:
        return _mapping(decoder(args[1], classes))
    if origin in (typing.Union, types.UnionType):
        rest = [arg for arg in args if arg is not type(None)]
        if len(rest) == 1:
            inner = decoder(rest[0], classes)
            if inner is None:
                return None
            return lambda data: None if data is None else inner(data)
    if hint in classes:
        return _dataclass_decoder(hint, classes)
    raise StoreError(f"no decoder for {hint!r}")


def _sequence(item: Decoder | None, kind: type) -> Decoder:
    if item is None:
        return lambda data: kind(_list(data))
    return lambda data: kind(map(item, _list(data)))


def _mapping(item: Decoder | None) -> Decoder:
    def decode(data: Any) -> dict[str, Any]:
        if type(data) is not dict:
            raise StoreError("malformed mapping")
        return dict(data) if item is None else {key: item(value) for key, value in data.items()}
    return decode


def _list(data: Any, length: int | None = None) -> list[Any]:
    if type(data) is not list or (length is not None and len(data) != length):
        raise StoreError("malformed list")
    return data


_PLANS: dict[type, Decoder] = {}


def _dataclass_decoder(cls: type, classes: Classes) -> Decoder:
    """`cls(*fields)` from the list of its fields' values, each decoded by its plan."""
    if cls in _PLANS:
        return _PLANS[cls]
    hints = typing.get_type_hints(cls)
    plan = [decoder(hints[f.name], classes) for f in dataclasses.fields(cls)]
    count = len(plan)
    if all(step is None for step in plan):
        def decode_scalars(data: Any) -> Any:
            return cls(*_list(data, count))
        _PLANS[cls] = decode_scalars
        return decode_scalars
    steps = [(index, step) for index, step in enumerate(plan) if step is not None]

    def decode_fields(data: Any) -> Any:
        values = _list(data, count)  # freshly parsed: decoded in place
        for index, step in steps:
            values[index] = step(values[index])
        return cls(*values)

    _PLANS[cls] = decode_fields
    return decode_fields


def schema(classes: Classes) -> str:
    """A digest of the classes' fields and types: a store written for other fields is
    stale."""
    layout = [[cls.__name__, [[f.name, str(f.type)] for f in dataclasses.fields(cls)]]
              for cls in classes]
    return hashlib.sha256(json.dumps(layout).encode()).hexdigest()[:16]


# ------------------------------------------------------------------ file format

def dumps(payload: Any, key: str, classes: Classes) -> bytes:
    """The bytes of a store holding `payload` (JSON data from `encode`) under `key`."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    header = {"format": FORMAT, "schema": schema(classes), "key": key, "length": len(body),
              "sha256": hashlib.sha256(body).hexdigest()}
    return MAGIC + json.dumps(header).encode() + b"\n" + body


def loads(data: bytes, key: str, classes: Classes) -> Any:
    """The payload of a store, after checking everything (see the module); StoreError
    when anything is off."""
    if not data.startswith(MAGIC):
        raise StoreError("not a knowledge store")
    newline = data.find(b"\n", len(MAGIC))
    if newline < 0:
        raise StoreError("no header")
    try:
        header = json.loads(data[len(MAGIC):newline])
    except ValueError:
        raise StoreError("damaged header") from None
    if not isinstance(header, dict):
        raise StoreError("damaged header")
    if header.get("format") != FORMAT or header.get("schema") != schema(classes):
        raise StoreError("written by another version")
    if header.get("key") != key:
        raise StoreError("made from other knowledge files")
    body = data[newline + 1:]
    if header.get("length") != len(body) or \
            header.get("sha256") != hashlib.sha256(body).hexdigest():
        raise StoreError("damaged (length or checksum differ)")
    try:
        return json.loads(body)
    except ValueError:
        raise StoreError("damaged payload") from None


# ------------------------------------------------------------------------- disk

def cache_folder() -> Path:
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "annotator"


def _private(info: os.stat_result) -> bool:
    """Owned by the user running annotator and writable by no one else."""
    return info.st_uid == os.geteuid() and not info.st_mode & 0o022


def usable_folder(folder: Path, create: bool) -> bool:
    """True when `folder` is a private directory (made, mode 0700, when `create`)."""
    try:
        if create:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and _private(info)


def read_file(path: Path) -> bytes:
    """A store file's bytes, only from a private regular file (never through a symlink,
    never blocking on a FIFO); StoreError otherwise."""
    if not usable_folder(path.parent, create=False):
        raise StoreError("the cache folder is not private")
    try:
        descriptor = os.open(path, _FLAGS)
    except OSError as exc:
        raise StoreError(f"cannot open ({exc.strerror})") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or not _private(info):
            raise StoreError("not a private regular file")
        if info.st_size > MAX_STORE_BYTES:
            raise StoreError("too large")
        chunks = []
        while chunk := os.read(descriptor, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise StoreError(f"cannot read ({exc.strerror})") from None
    finally:
        os.close(descriptor)


def write_file(path: Path, data: bytes) -> bool:
    """Write a store atomically into a private folder; False when it could not be done
    (the run goes on without a cache)."""
    folder = path.parent
    if not usable_folder(folder, create=True):
        return False
    import tempfile

    try:
        handle, temporary = tempfile.mkstemp(prefix=".knowledge-", suffix=".tmp", dir=folder)
    except OSError:
        return False
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)  # replaces a symlink at `path`, never follows it
        return True
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        return False


# ------------------------------------------------------------------ one stored value

T = TypeVar("T")


def files_key(version: str, classes: Classes, files: Iterable[tuple[str, bytes]]) -> str:
    """What a store is made from: the version, the store's schema and every file (name
    and bytes) the value is built from, so an edited file or a new field makes it stale."""
    digest = hashlib.sha256(f"{version}\0{schema(classes)}\0".encode())
    for name, data in files:
        digest.update(name.encode() + b"\0" + data + b"\0")
    return digest.hexdigest()


def cached(name: str, key: str, hint: Any, classes: Classes, build: Callable[[], T],
           whole: Callable[[T], bool] = lambda value: True) -> T:
    """The value of type `hint` stored as `name` under `key` (`templates-<key>.store` in
    cache_folder()); when there is no usable store (missing, stale, damaged, not private,
    or a value that is not `whole`), `build()`, stored for the next run. A value the store
    cannot hold is simply built each time. How guide.py's data, recognise.py's templates
    and the formula index are read, so a warm run parses no TOML."""
    path = cache_folder() / f"{name}-{key[:24]}.store"
    with contextlib.suppress(StoreError, KeyError, IndexError, TypeError, ValueError):
        decode = decoder(hint, classes)
        if decode is not None:
            stored: T = decode(loads(read_file(path), key, classes))
            if whole(stored):
                return stored
    value = build()
    with contextlib.suppress(StoreError):
        write_file(path, dumps(encode(value, classes), key, classes))
    return value
