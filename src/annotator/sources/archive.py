"""arXiv source downloads read in memory: .tar.gz/.tgz, .tar, a single gzipped file, .zip.

Nothing is written to disk. Members with absolute paths, '..' components, links or
device files are refused with a message, and so are members over the size limits;
a gzip stream that would expand past the total limit is refused as a whole.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import posixpath
import stat
import tarfile
import zipfile
import zlib
from dataclasses import dataclass, field

from ..errors import InputError
from ..model import Diagnostic

MAX_MEMBERS = 5_000
"""Members read from one archive; later ones are refused."""
MAX_MEMBER_BYTES = 32 * 1024 * 1024
"""A single member larger than this is refused (a 32 MiB .tex is not a paper)."""
MAX_TOTAL_BYTES = 256 * 1024 * 1024
"""Uncompressed bytes kept from one archive."""

# Only these are worth keeping in memory: TeX reads them. Images, PDFs and .bib are skipped.
TEXT_SUFFIXES = frozenset({".tex", ".sty", ".cls", ".ltx", ".def", ".latex", ".cfg", ".clo"})


@dataclass
class ArchiveContents:
    """What an archive held that is worth reading."""

    files: dict[str, bytes] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    kind: str = ""
    member_count: int = 0


def archive_kind(data: bytes) -> str | None:
    """'zip', 'gzip', 'bzip2', 'xz', 'tar' or None, from the magic bytes."""
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return "zip"
    if data[:2] == b"\x1f\x8b":
        return "gzip"
    if data[:3] == b"BZh":
        return "bzip2"
    if data[:6] == b"\xfd7zXZ\x00":
        return "xz"
    if _looks_like_tar(data):
        return "tar"
    return None


def _looks_like_tar(head: bytes) -> bool:
    if len(head) < 512:
        return False
    if head[257:262] == b"ustar":
        return True
    # A v7 tar has no magic: check the header checksum instead.
    try:
        tarfile.nti(head[148:156])
    except (tarfile.InvalidHeaderError, ValueError):
        return False
    return tarfile.calc_chksums(head[:512])[0] == tarfile.nti(head[148:156])


def read_archive(data: bytes, name: str) -> ArchiveContents:
    """Read an archive's text members into memory. Raises InputError when it cannot be read."""
    kind = archive_kind(data)
    if kind == "zip":
        return _read_zip(data, name)
    if kind == "tar":
        return _read_tar(data, name, "r|")
    if kind in ("gzip", "bzip2", "xz"):
        inner = _decompress_head(data, kind, name)
        if _looks_like_tar(inner):
            return _read_tar(data, name, {"gzip": "r|gz", "bzip2": "r|bz2", "xz": "r|xz"}[kind])
        return _read_single(data, kind, name)
    raise InputError("not an archive (expected .tar.gz, .tar, gzip or .zip data)", path=name)


def _decompress_head(data: bytes, kind: str, name: str) -> bytes:
    """The first 1 KiB of a compressed stream, to tell a tar from a single file."""
    try:
        if kind == "gzip":
            return zlib.decompressobj(wbits=31).decompress(data, 1024)
        if kind == "bzip2":
            return bz2.BZ2Decompressor().decompress(data, 1024)
        return lzma.LZMADecompressor().decompress(data, 1024)
    except (zlib.error, OSError, EOFError, lzma.LZMAError) as exc:
        raise InputError(f"corrupt {kind} data ({exc})", path=name) from None


def _refusal(member: str, size: int, is_file: bool, is_link: bool) -> str | None:
    """Why a member must not be read, or None when it is fine."""
    if is_link:
        return "links are not followed"
    if not is_file:
        return "not a regular file"
    if member.startswith("/") or (len(member) > 1 and member[1] == ":"):
        return "absolute path"
    if ".." in member.replace("\\", "/").split("/"):
        return "path leaves the archive ('..')"
    if size > MAX_MEMBER_BYTES:
        return f"larger than {MAX_MEMBER_BYTES // (1024 * 1024)} MiB"
    return None


def _keep(name: str) -> bool:
    base = posixpath.basename(name)
    suffix = posixpath.splitext(base)[1].lower()
    return suffix in TEXT_SUFFIXES or ("." not in base and not base.startswith("."))


def _clean(member: str) -> str:
    cleaned = posixpath.normpath(member.replace("\\", "/"))
    return cleaned[2:] if cleaned.startswith("./") else cleaned


class _Budget:
    """Counts members and bytes against the archive limits."""

    def __init__(self, name: str, contents: ArchiveContents):
        self.name = name
        self.contents = contents
        self.total = 0

    def admit(self, member: str, size: int) -> bool:
        contents = self.contents
        contents.member_count += 1
        if contents.member_count > MAX_MEMBERS:
            if contents.member_count == MAX_MEMBERS + 1:
                contents.diagnostics.append(Diagnostic(
                    f"{self.name}: more than {MAX_MEMBERS} members; the rest are refused"))
            return False
        if self.total + size > MAX_TOTAL_BYTES:
            contents.diagnostics.append(Diagnostic(
                f"{self.name}: member {member!r} refused: the archive's text exceeds "
                f"{MAX_TOTAL_BYTES // (1024 * 1024)} MiB"))
            return False
        self.total += size
        return True

    def refuse(self, member: str, reason: str) -> None:
        self.contents.diagnostics.append(
            Diagnostic(f"{self.name}: member {member!r} refused: {reason}"))


def _read_tar(data: bytes, name: str, mode: str) -> ArchiveContents:
    contents = ArchiveContents(kind="tar")
    budget = _Budget(name, contents)
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode=mode) as tar:
            for info in tar:
                if info.isdir():
                    continue
                reason = _refusal(info.name, info.size, info.isfile(), info.issym() or info.islnk())
                if reason:
                    budget.refuse(info.name, reason)
                    continue
                if not _keep(info.name) or not budget.admit(info.name, info.size):
                    continue
                handle = tar.extractfile(info)
                if handle is not None:
                    contents.files[_clean(info.name)] = handle.read(MAX_MEMBER_BYTES + 1)
    except (tarfile.TarError, EOFError, OSError, zlib.error, lzma.LZMAError) as exc:
        if not contents.files:
            raise InputError(f"truncated or corrupt archive ({exc})", path=name) from None
        contents.diagnostics.append(Diagnostic(
            f"{name}: the archive is truncated or corrupt after {len(contents.files)} "
            f"file(s) ({exc}); reading what was recovered"))
    return contents


def _read_zip(data: bytes, name: str) -> ArchiveContents:
    contents = ArchiveContents(kind="zip")
    budget = _Budget(name, contents)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"corrupt zip archive ({exc})", path=name) from None
    with archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            mode = info.external_attr >> 16
            is_link = stat.S_ISLNK(mode)
            reason = _refusal(info.filename, info.file_size, True, is_link)
            if reason is None and info.flag_bits & 0x1:
                reason = "encrypted"
            if reason:
                budget.refuse(info.filename, reason)
                continue
            if not _keep(info.filename) or not budget.admit(info.filename, info.file_size):
                continue
            try:
                with archive.open(info) as handle:
                    # The header's size can lie (a zip bomb): never read past the limit.
                    body = handle.read(MAX_MEMBER_BYTES + 1)
            except (zipfile.BadZipFile, OSError, zlib.error, EOFError) as exc:
                budget.refuse(info.filename, f"corrupt ({exc})")
                continue
            if len(body) > MAX_MEMBER_BYTES:
                budget.refuse(info.filename, "expands past the size limit")
                continue
            contents.files[_clean(info.filename)] = body
    return contents


def _read_single(data: bytes, kind: str, name: str) -> ArchiveContents:
    """A single compressed file: what arXiv serves for one-file papers (often with no extension)."""
    opener = {"gzip": gzip.GzipFile, "bzip2": bz2.BZ2File, "xz": lzma.LZMAFile}[kind]
    try:
        with opener(fileobj=io.BytesIO(data)) as handle:
            body = handle.read(MAX_TOTAL_BYTES + 1)
    except (OSError, EOFError, zlib.error, lzma.LZMAError) as exc:
        raise InputError(f"truncated or corrupt {kind} data ({exc})", path=name) from None
    if len(body) > MAX_TOTAL_BYTES:
        raise InputError(
            f"compressed data expands past {MAX_TOTAL_BYTES // (1024 * 1024)} MiB; refused",
            path=name)
    member = _single_member_name(data, kind, name)
    return ArchiveContents(files={member: body}, kind=kind, member_count=1)


def _single_member_name(data: bytes, kind: str, name: str) -> str:
    """The file name stored in a gzip header, else the archive's name without its suffix."""
    if kind == "gzip" and len(data) > 10 and data[3] & 0x08:
        start = 10
        if data[3] & 0x04 and len(data) > 12:  # FEXTRA comes before FNAME
            start = 12 + int.from_bytes(data[10:12], "little")
        end = data.find(b"\x00", start)
        if end > start:
            stored = posixpath.basename(data[start:end].decode("latin-1"))
            if stored:
                return stored if "." in stored else stored + ".tex"
    base = posixpath.basename(name.replace("\\", "/")) or "main"
    for suffix in (".gz", ".bz2", ".xz"):
        if base.endswith(suffix):
            base = base[: -len(suffix)]
    return base if base.endswith(".tex") else base + ".tex"
