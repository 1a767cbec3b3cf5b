"""knowledge_store.cached: the one way guide.py's data, recognise.py's templates and the
formula index are read from their stores. A usable store is read back without building;
a missing, damaged, stale or incomplete one is rebuilt and written again."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from annotator import knowledge_store as store


@dataclass(frozen=True)
class Pair:
    names: tuple[str, ...]
    sizes: tuple[int, ...]


@dataclass(frozen=True)
class Wider:
    names: tuple[str, ...]
    sizes: tuple[int, ...]
    notes: str = ""


_STORED = (Pair,)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "annotator"


def _load(key: str, value: Pair, built: list[Pair],
          whole: Callable[[Pair], bool] = lambda pair: True) -> Pair:
    def build() -> Pair:
        built.append(value)
        return value

    return store.cached("pairs", key, Pair, _STORED, build, whole)


def _path(cache: Path, key: str) -> Path:
    return cache / f"pairs-{key[:24]}.store"


def test_a_stored_value_is_read_back_without_building(cache: Path) -> None:
    key = store.files_key("1.0", _STORED, [("a.toml", b"x = 1")])
    built: list[Pair] = []
    value = Pair(("a", "b"), (1, 2))
    assert _load(key, value, built) == value
    assert built == [value] and _path(cache, key).is_file()
    assert _load(key, Pair((), ()), built) == value  # read from the store
    assert built == [value]


def test_a_damaged_store_is_rebuilt_and_written_again(cache: Path) -> None:
    key = store.files_key("1.0", _STORED, [("a.toml", b"x = 1")])
    value = Pair(("a",), (1,))
    _load(key, value, [])
    path = _path(cache, key)
    data = bytearray(path.read_bytes())
    data[-3] ^= 0x20
    path.write_bytes(bytes(data))
    built: list[Pair] = []
    assert _load(key, value, built) == value and built == [value]
    assert store.loads(path.read_bytes(), key, _STORED) == [["a"], [1]]


def test_an_incomplete_value_is_rebuilt(cache: Path) -> None:
    key = store.files_key("1.0", _STORED, [("a.toml", b"x = 1")])
    _load(key, Pair(("a", "b"), (1,)), [])  # a store whose value is not whole
    built: list[Pair] = []
    good = Pair(("a", "b"), (1, 2))
    whole = lambda pair: len(pair.names) == len(pair.sizes)  # noqa: E731
    assert _load(key, good, built, whole) == good and built == [good]


def test_the_key_changes_with_the_files_the_version_and_the_schema() -> None:
    files = [("a.toml", b"x = 1"), ("b.toml", b"y = 2")]
    key = store.files_key("1.0", _STORED, files)
    assert key == store.files_key("1.0", _STORED, list(files))
    assert key != store.files_key("1.1", _STORED, files)
    assert key != store.files_key("1.0", _STORED, [("a.toml", b"x = 2"), files[1]])
    assert key != store.files_key("1.0", _STORED, [("c.toml", b"x = 1"), files[1]])
    assert key != store.files_key("1.0", (Wider,), files)  # another field: stale
