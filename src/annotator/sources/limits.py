"""The caps on what is read from disk, an archive or standard input (docs/limits.md).

Every cap is checked *before* the bytes are read (a file's size from fstat, an archive
member's size from its header, standard input by reading one byte past the cap), so a
50 MB `.tex`, a zip bomb or `/dev/zero` costs nothing but the message. The modules read
these through the module (`limits.MAX_...`), so a test can lower one with monkeypatch.
"""

from __future__ import annotations

MiB = 1024 * 1024

MAX_INPUT_BYTES = 256 * MiB
"""The file or standard input named on the command line when it is an archive or a PDF
(an arXiv source download with its figures)."""
MAX_TEXT_FILE_BYTES = 8 * MiB
"""One LaTeX file (a `.tex`, `.sty`, an archive member, a single-file input): the largest
papers' sources are about 2 MB, and reading costs about 6 s per MB of LaTeX."""
MAX_TEXT_TOTAL_BYTES = 64 * MiB
"""The text files kept from one archive or folder, together (most are never read)."""
MAX_MEMBERS = 5_000
"""Members listed from one archive or files looked at in one folder; the rest are
refused. A zip whose directory lists more is refused as a whole (listing it costs)."""
MAX_ARCHIVE_HEADER_BYTES = 64 * 1024
"""A tar extended header (a GNU long name, a pax record): a file name is never longer."""
MAX_ZIP_DIRECTORY_BYTES = 2 * MiB
"""A zip's central directory (the list of its entries: 5,000 of them take under 1 MB),
checked before zipfile parses it (1.2 million entries took 32 s)."""
MAX_FOLDER_DEPTH = 32
"""Folders below the paper's folder that are looked into."""
MAX_NAME_BYTES = 255
"""One component of a file name (the limit of Linux, macOS and Windows file systems)."""
MAX_PATH_BYTES = 1024
"""A whole relative path named by `\\input` or found in an archive."""
PROBE_BYTES = 64 * 1024
"""What is read from a stream before deciding whether it is an archive, a PDF or text."""


def size_text(size: int) -> str:
    """`8 MiB`, `64 KiB`, `300 bytes`: the caps as messages show them."""
    if size >= MiB and size % MiB == 0:
        return f"{size // MiB} MiB"
    if size >= 1024 and size % 1024 == 0:
        return f"{size // 1024} KiB"
    if size >= MiB:
        return f"{size / MiB:.1f} MiB"
    return f"{size} bytes"
