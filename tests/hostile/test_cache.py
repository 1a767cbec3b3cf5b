"""The knowledge store on disk is never trusted (issue 12, point 5): damaged, planted,
replaced by a FIFO or a symlink, or in a folder another user can write, it is rebuilt
or ignored, and it can never run code (it is not a pickle)."""

from __future__ import annotations

import os
import pickle
import stat
from pathlib import Path

import pytest
from hostile_support import paper, run_limited, write

from annotator import knowledge
from annotator import knowledge_store as store

PAPER = paper("The discount $\\gamma$ and the parameters $\\theta$ of the policy.")


def _store_path(cache: Path) -> Path:
    key = knowledge._store_key(knowledge._shipped_bytes())
    return cache / "annotator" / f"knowledge-{key[:24]}.store"


def _glossary(tmp_path: Path, cache: Path) -> str:
    folder = write(tmp_path / "paper", {"main.tex": PAPER})
    run = run_limited(["glossary", str(folder), "-q"],
                      env={**os.environ, "XDG_CACHE_HOME": str(cache)})
    run.assert_clean()
    assert run.code == 0, run.err
    return run.out


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    folder = tmp_path / "cache"
    folder.mkdir()
    return folder


def test_the_store_is_written_private_and_read_back(tmp_path: Path, cache: Path) -> None:
    first = _glossary(tmp_path, cache)
    path = _store_path(cache)
    assert path.is_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert path.read_bytes().startswith(store.MAGIC)
    written = path.stat().st_mtime_ns
    assert _glossary(tmp_path, cache) == first
    assert path.stat().st_mtime_ns == written  # read, not rebuilt


def test_flipped_bytes_are_detected_and_the_store_rebuilt(tmp_path: Path, cache: Path) -> None:
    expected = _glossary(tmp_path, cache)
    path = _store_path(cache)
    data = bytearray(path.read_bytes())
    for offset in (len(data) // 3, 2 * len(data) // 3):
        data[offset] ^= 0x20
    path.write_bytes(bytes(data))
    assert _glossary(tmp_path, cache) == expected
    store.loads(path.read_bytes(), knowledge._store_key(knowledge._shipped_bytes()),
                knowledge._STORED)  # a fresh, valid store


def test_a_truncated_store_is_rebuilt(tmp_path: Path, cache: Path) -> None:
    expected = _glossary(tmp_path, cache)
    path = _store_path(cache)
    path.write_bytes(path.read_bytes()[:1000])
    assert _glossary(tmp_path, cache) == expected


class _Planted:
    """A pickle that, once unpickled, creates a file: the proof that code ran."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self) -> tuple:
        return (os.mkdir, (str(self.marker),))


def test_a_planted_pickle_is_never_unpickled(tmp_path: Path, cache: Path) -> None:
    marker = tmp_path / "code-ran"
    path = _store_path(cache)
    path.parent.mkdir(mode=0o700)
    payload = pickle.dumps(_Planted(marker))
    path.write_bytes(payload)
    for name in ("knowledge-0123456789abcdef01234567.pickle", path.name + ".pickle"):
        (path.parent / name).write_bytes(payload)  # where the pickle cache used to be
    _glossary(tmp_path, cache)
    assert not marker.exists()
    assert path.read_bytes().startswith(store.MAGIC)


def test_a_fifo_in_place_of_the_store_is_ignored(tmp_path: Path, cache: Path) -> None:
    path = _store_path(cache)
    path.parent.mkdir(mode=0o700)
    os.mkfifo(path)
    _glossary(tmp_path, cache)  # within the time limit: the FIFO was not waited on
    assert stat.S_ISREG(path.lstat().st_mode)  # replaced by a store, not written through


def test_a_planted_symlink_is_replaced_not_followed(tmp_path: Path, cache: Path) -> None:
    victim = tmp_path / "precious.txt"
    victim.write_text("precious")
    path = _store_path(cache)
    path.parent.mkdir(mode=0o700)
    path.symlink_to(victim)
    _glossary(tmp_path, cache)
    assert victim.read_text() == "precious"
    assert not path.is_symlink() and path.read_bytes().startswith(store.MAGIC)


def _planted_store(path: Path) -> None:
    """A store that passes every check but the folder's: a valid header and checksum
    around meanings someone else wrote."""
    key = knowledge._store_key(knowledge._shipped_bytes())
    data = knowledge._to_store(knowledge._build_shipped(knowledge.shipped_files()))
    for entry in data[0].values():  # KnowledgeBase.entries
        for meaning in entry[7]:  # Entry.meanings, each [Text[en, zh], when, code]
            meaning[0][0] = "PLANTED MEANING"
    path.write_bytes(store.dumps(data, key, knowledge._STORED))


def test_a_store_in_a_folder_others_can_write_is_not_used(tmp_path: Path, cache: Path) -> None:
    path = _store_path(cache)
    path.parent.mkdir()
    path.parent.chmod(0o777)  # a shared XDG_CACHE_HOME=/tmp: anyone could plant this
    _planted_store(path)
    planted = path.read_bytes()
    out = _glossary(tmp_path, cache)
    assert "PLANTED MEANING" not in out
    assert path.read_bytes() == planted  # neither trusted nor written to


def test_the_same_store_in_a_private_folder_is_used(tmp_path: Path, cache: Path) -> None:
    """The contrast to the test above: what keeps a planted store out is the folder."""
    path = _store_path(cache)
    path.parent.mkdir(mode=0o700)
    _planted_store(path)
    path.chmod(0o600)
    assert "PLANTED MEANING" in _glossary(tmp_path, cache)


def test_a_store_of_another_format_or_key_is_rebuilt(tmp_path: Path, cache: Path) -> None:
    expected = _glossary(tmp_path, cache)
    path = _store_path(cache)
    key = knowledge._store_key(knowledge._shipped_bytes())
    payload = store.loads(path.read_bytes(), key, knowledge._STORED)
    path.write_bytes(store.dumps(payload, "another key", knowledge._STORED))
    assert _glossary(tmp_path, cache) == expected
    assert store.loads(path.read_bytes(), key, knowledge._STORED)
    path.write_bytes(path.read_bytes().replace(b'"format": 1', b'"format": 99', 1))
    assert _glossary(tmp_path, cache) == expected
    assert store.loads(path.read_bytes(), key, knowledge._STORED)


def test_a_store_can_hold_only_the_knowledge_classes() -> None:
    with pytest.raises(store.StoreError):
        store.encode(object(), knowledge._STORED)
    with pytest.raises(store.StoreError):
        store.decoder(set[str], knowledge._STORED)
    decode = store.decoder(knowledge.Entry, knowledge._STORED)
    assert decode is not None
    with pytest.raises(store.StoreError):
        decode(["not", "an", "entry"])


def test_a_warm_load_gives_the_same_base_as_a_build(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Every field of KnowledgeBase goes through the store (the topics too)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    knowledge._shipped.cache_clear()
    built = knowledge._shipped()
    knowledge._shipped.cache_clear()
    loaded = knowledge._shipped()
    knowledge._shipped.cache_clear()
    assert any(tmp_path.glob("annotator/*.store"))
    assert loaded == built and loaded.topics
