"""`-o` never replaces what is not a regular file, and a failed write is exit 2.

Special files are made by the test in its own folder (a FIFO, device nodes cloned from
null and full with mknod): the tests never name a system device.
"""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from conftest import SAMPLES, run_cli

SAMPLE = str(SAMPLES / "attention-note")


def _glossary_to(target: str) -> tuple[int, str]:
    result = run_cli(["glossary", SAMPLE, "-q", "-f", "json", "-o", target])
    return result.code, result.err


def _device(folder: Path, name: str, major: int, minor: int) -> Path:
    node = folder / name
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(major, minor))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    return node


def test_a_device_is_written_through_not_replaced(tmp_path: Path) -> None:
    null = _device(tmp_path, "null", 1, 3)
    code, err = _glossary_to(str(null))
    assert code == 0, err
    assert stat.S_ISCHR(null.stat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["null"]  # no temporary file left


def test_a_full_device_is_an_error(tmp_path: Path) -> None:
    full = _device(tmp_path, "full", 1, 7)
    code, err = _glossary_to(str(full))
    assert code == 2
    assert str(full) in err and "No space left" in err
    assert stat.S_ISCHR(full.stat().st_mode)


def test_a_fifo_receives_the_output(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    code, err = _glossary_to(str(fifo))
    reader.join(timeout=30)
    assert code == 0, err
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert received and received[0].startswith(b"{")


def test_a_symlink_stays_and_its_target_is_written(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    code, err = _glossary_to(str(link))
    assert code == 0, err
    assert link.is_symlink()
    assert real.read_text().startswith("{")


@pytest.mark.parametrize("target", ["", "   "])
def test_an_empty_name_is_an_error(target: str) -> None:
    code, err = _glossary_to(target)
    assert code == 2 and "empty" in err


def test_a_folder_is_an_error(tmp_path: Path) -> None:
    code, err = _glossary_to(str(tmp_path))
    assert code == 2 and "folder" in err


def test_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    code, err = _glossary_to(str(tmp_path / "nowhere" / "out.json"))
    assert code == 2 and "does not exist" in err


def test_a_read_only_folder_is_an_error_and_leaves_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as root: a read-only folder is still writable")
        code, err = _glossary_to(str(folder / "out.json"))
        assert code == 2 and "cannot write" in err
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_standard_output_on_a_full_device_is_an_error(tmp_path: Path) -> None:
    import subprocess
    import sys

    full = _device(tmp_path, "full", 1, 7)
    with full.open("w") as stdout:
        done = subprocess.run([sys.executable, "-m", "annotator", "glossary", SAMPLE, "-q"],
                              stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=60,
                              check=False)
    assert done.returncode == 2
    assert "<stdout>" in done.stderr and "Traceback" not in done.stderr
