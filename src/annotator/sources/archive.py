"""arXiv source downloads read in memory: .tar.gz/.tgz, .tar, a single gzipped file, .zip.

Nothing is written to disk. Members with absolute paths, '..' components, links or
device files are refused with a message, and so are members over the size limits;
a gzip stream that would expand past the total limit is refused as a whole. The caps
(sources/limits.py) are checked while the archive is listed, before anything is read
from it: a tar's member count and the size of its extended headers (a GNU long name
claiming 1 GiB is refused, not allocated), a zip's entry count and directory size
(from its end record, before zipfile parses a 1.2-million-entry directory).
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
from . import limits
from .text import decode_name

PDF_MAGIC = b"%PDF-"
# Only these are worth keeping in memory: TeX reads them. Images, PDFs and .bib are skipped.
TEXT_SUFFIXES = frozenset({".tex", ".sty", ".cls", ".ltx", ".def", ".latex", ".cfg", ".clo"})


@dataclass
class ArchiveContents:
    """What an archive held that is worth reading."""

    files: dict[str, bytes] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    kind: str = ""
    member_count: int = 0
    refused: int = 0
    """Members refused (links, absolute paths, too large): their reasons are in
    `diagnostics`, and repeated in the error when nothing usable is left."""


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


def is_pdf(data: bytes) -> bool:
    """True for PDF data. Readers allow junk before the `%PDF-` header (up to 1 KiB), but
    not TeX: a `.tex` whose first lines mention `%PDF-1.4` in a comment is LaTeX, so the
    magic counts only at the start or after bytes with no backslash and no `%`."""
    found = data.find(PDF_MAGIC, 0, 1024)
    if found <= 0:
        return found == 0
    before = data[:found]
    return b"\\" not in before and b"%" not in before


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
    problem = name_problem(member)
    if problem:
        return problem
    if size > limits.MAX_TEXT_FILE_BYTES:
        return f"larger than {limits.size_text(limits.MAX_TEXT_FILE_BYTES)}"
    return None


def name_problem(name: str) -> str | None:
    """Why a file name cannot be a file of the paper: a NUL character (no file system
    allows one; `\\input{a<NUL>b}` crashed the path functions), or longer than file
    systems allow. None when it is fine: a line break or another control character is a
    legal name, read like any other; the outputs escape it where they show it."""
    if "\0" in name:
        return "its name holds a NUL character"
    encoded = name.encode("utf-8", "surrogateescape")
    if len(encoded) > limits.MAX_PATH_BYTES:
        return f"its name is longer than {limits.MAX_PATH_BYTES} bytes"
    if any(len(part) > limits.MAX_NAME_BYTES for part in encoded.split(b"/")):
        return f"a part of its name is longer than {limits.MAX_NAME_BYTES} bytes"
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

    def listed(self) -> bool:
        """Count one more member listed; False once past MAX_MEMBERS (stop listing)."""
        contents = self.contents
        contents.member_count += 1
        if contents.member_count <= limits.MAX_MEMBERS:
            return True
        contents.diagnostics.append(Diagnostic(
            f"{self.name}: more than {limits.MAX_MEMBERS} members; the rest are not read"))
        return False

    def admit(self, member: str, size: int) -> bool:
        if self.total + size > limits.MAX_TEXT_TOTAL_BYTES:
            self.refuse(member, "the archive's text exceeds "
                                f"{limits.size_text(limits.MAX_TEXT_TOTAL_BYTES)}")
            return False
        self.total += size
        return True

    def refuse(self, member: str, reason: str) -> None:
        self.contents.refused += 1
        self.contents.diagnostics.append(
            Diagnostic(f"{self.name}: member {member!r} refused: {reason}"))


class _HeaderTooLarge(tarfile.TarError):
    def __init__(self, size: int):
        super().__init__(f"an extended header of {size} bytes")
        self.size = size


_EXTENDED_HEADERS = frozenset({tarfile.GNUTYPE_LONGNAME, tarfile.GNUTYPE_LONGLINK,
                               tarfile.XHDTYPE, tarfile.XGLTYPE, tarfile.SOLARIS_XHDTYPE})


class _CheckedTarInfo(tarfile.TarInfo):
    """A tar header whose extended headers (GNU long names, pax records) are measured
    before tarfile reads them into memory: a 1 GiB long name is refused, not allocated."""

    def _proc_member(self, tarfile_: tarfile.TarFile) -> tarfile.TarInfo:
        if self.type in _EXTENDED_HEADERS and self.size > limits.MAX_ARCHIVE_HEADER_BYTES:
            raise _HeaderTooLarge(self.size)
        return super()._proc_member(tarfile_)  # type: ignore[misc]


def _read_tar(data: bytes, name: str, mode: str) -> ArchiveContents:
    contents = ArchiveContents(kind="tar")
    budget = _Budget(name, contents)
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode=mode, tarinfo=_CheckedTarInfo,
                          encoding="utf-8", errors="surrogateescape") as tar:
            for info in tar:
                if not budget.listed():
                    break
                _read_tar_member(tar, info, budget)
    except _HeaderTooLarge as exc:
        message = (f"a tar header holds {exc.size} bytes of extended data (a file name "
                   f"or attributes), more than {limits.size_text(limits.MAX_ARCHIVE_HEADER_BYTES)}")
        if not contents.files:
            raise InputError(f"{message}; refused", path=name) from None
        contents.diagnostics.append(Diagnostic(f"{name}: {message}; the rest of the archive "
                                               "is not read"))
    except (tarfile.TarError, EOFError, OSError, zlib.error, lzma.LZMAError) as exc:
        if not contents.files:
            raise InputError(f"truncated or corrupt archive ({exc})", path=name) from None
        contents.diagnostics.append(Diagnostic(
            f"{name}: the archive is truncated or corrupt after {len(contents.files)} "
            f"file(s) ({exc}); reading what was recovered"))
    return contents


def _read_tar_member(tar: tarfile.TarFile, info: tarfile.TarInfo, budget: _Budget) -> None:
    if info.isdir():
        return
    member = decode_name(info.name)
    reason = _refusal(member, info.size, info.isfile(), info.issym() or info.islnk())
    if reason:
        budget.refuse(member, reason)
        return
    if not _keep(member) or not budget.admit(member, info.size):
        return
    handle = tar.extractfile(info)
    if handle is not None:
        budget.contents.files[_clean(member)] = handle.read(limits.MAX_TEXT_FILE_BYTES + 1)


def _zip_directory_problem(data: bytes) -> str | None:
    """Why a zip's directory is too large to list, read from its end record (and the
    zip64 one) before zipfile parses it; None when it is within the caps or when there
    is no end record (zipfile then says the archive is corrupt)."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 65535))
    if end < 0 or len(data) < end + 22:
        return None
    entries = int.from_bytes(data[end + 10:end + 12], "little")
    size = int.from_bytes(data[end + 12:end + 16], "little")
    locator = end - 20
    if (entries == 0xFFFF or size == 0xFFFFFFFF) and locator >= 0 \
            and data[locator:locator + 4] == b"PK\x06\x07":
        record = int.from_bytes(data[locator + 8:locator + 16], "little")
        if data[record:record + 4] == b"PK\x06\x06":
            entries = int.from_bytes(data[record + 32:record + 40], "little")
            size = int.from_bytes(data[record + 40:record + 48], "little")
    if entries > limits.MAX_MEMBERS:
        return f"its directory lists {entries} entries, more than {limits.MAX_MEMBERS}"
    if size > limits.MAX_ZIP_DIRECTORY_BYTES:
        return (f"its directory takes {size} bytes, more than "
                f"{limits.size_text(limits.MAX_ZIP_DIRECTORY_BYTES)}")
    return None


def _read_zip(data: bytes, name: str) -> ArchiveContents:
    contents = ArchiveContents(kind="zip")
    budget = _Budget(name, contents)
    problem = _zip_directory_problem(data)
    if problem:
        raise InputError(f"zip archive refused: {problem}", path=name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except UnicodeDecodeError:
        raise InputError("corrupt zip archive (a member name marked UTF-8 is not UTF-8)",
                         path=name) from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise InputError(f"corrupt zip archive ({exc})", path=name) from None
    with archive:
        for info in archive.infolist():
            if not budget.listed():
                break
            _read_zip_member(archive, info, budget)
    return contents


def _read_zip_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> None:
    if info.is_dir():
        return
    member = decode_name(info.filename)
    mode = info.external_attr >> 16
    reason = _refusal(member, info.file_size, True, stat.S_ISLNK(mode))
    if reason is None and info.flag_bits & 0x1:
        reason = "encrypted"
    if reason:
        budget.refuse(member, reason)
        return
    if not _keep(member) or not budget.admit(member, info.file_size):
        return
    try:
        with archive.open(info) as handle:
            # The header's size can lie (a zip bomb): never read past the limit.
            body = handle.read(limits.MAX_TEXT_FILE_BYTES + 1)
    except (zipfile.BadZipFile, OSError, zlib.error, EOFError, NotImplementedError,
            ValueError) as exc:
        budget.refuse(member, f"corrupt ({exc})")
        return
    if len(body) > limits.MAX_TEXT_FILE_BYTES:
        budget.refuse(member, "expands past the size limit")
        return
    budget.contents.files[_clean(member)] = body


def _read_single(data: bytes, kind: str, name: str) -> ArchiveContents:
    """A single compressed file: what arXiv serves for one-file papers (often with no extension)."""
    opener = {"gzip": gzip.GzipFile, "bzip2": bz2.BZ2File, "xz": lzma.LZMAFile}[kind]
    limit = limits.MAX_TEXT_FILE_BYTES
    try:
        with opener(fileobj=io.BytesIO(data)) as handle:
            body = handle.read(limit + 1)
    except (OSError, EOFError, zlib.error, lzma.LZMAError) as exc:
        raise InputError(f"truncated or corrupt {kind} data ({exc})", path=name) from None
    if len(body) > limit:
        raise InputError(f"compressed data expands past {limits.size_text(limit)}, the most "
                         "read from a LaTeX file; refused", path=name)
    member = _single_member_name(data, kind, name)
    return ArchiveContents(files={member: body}, kind=kind, member_count=1)


def _single_member_name(data: bytes, kind: str, name: str) -> str:
    """The file name stored in a gzip header, else the archive's name without its suffix."""
    if kind == "gzip" and len(data) > 10 and data[3] & 0x08:
        start = 10
        if data[3] & 0x04 and len(data) > 12:  # FEXTRA comes before FNAME
            start = 12 + int.from_bytes(data[10:12], "little")
        end = data.find(b"\x00", start, start + limits.MAX_NAME_BYTES + 1)
        if end > start:
            stored = posixpath.basename(decode_name(data[start:end]))
            if stored and name_problem(stored) is None:
                return stored if "." in stored else stored + ".tex"
    base = posixpath.basename(name.replace("\\", "/")) or "main"
    for suffix in (".gz", ".bz2", ".xz"):
        if base.endswith(suffix):
            base = base[: -len(suffix)]
    return base if base.endswith(".tex") else base + ".tex"
