"""One paper of a batch: read it, build its glossary, render the formats asked for.

This is the task a worker runs, in a pool process or on a Dask worker: it takes plain
data (a `Task`) and returns plain data (a `Result`), both picklable and free of the
analysis objects, so a remote worker sends back only text. Every failure of the paper
(an unreadable archive, a bug in a stage) is caught here and becomes a result with
status "error" and the message: one bad paper never stops the others.

The knowledge base is loaded once per worker process (`_knowledge`), not once per paper:
that, and the imports, are the start-up a batch saves over one process per paper.
"""

from __future__ import annotations

import json
import time
import traceback
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..errors import InputError, UsageError

if TYPE_CHECKING:
    from ..knowledge import KnowledgeBase

OUTPUT_FORMATS = {"json": "json", "md": "markdown", "markdown": "markdown", "html": "html",
                  "txt": "text", "text": "text", "tex": "latex", "latex": "latex"}
"""--format names -> (file extension, renderer); json is always written (the census and
resuming read it)."""
EXTENSIONS = {"json": "json", "markdown": "md", "html": "html", "text": "txt",
              "latex": "tex"}


@dataclass(frozen=True)
class Settings:
    """What every paper of a batch is rendered with (the same for all, sent once)."""

    formats: tuple[str, ...] = ("json",)
    """Renderer names (json, markdown, html, text, latex); json comes first."""
    lang: str = "en"
    kb_files: tuple[str, ...] = ()
    min_confidence: float | None = None


@dataclass(frozen=True)
class Task:
    """A paper to do: where it is and the output name chosen for it."""

    name: str
    """The output stem: DIR/<name>.json (unique within the batch)."""
    source: str
    """The path as given (a folder, .tex, archive or PDF)."""
    signature: str
    """The source's size and mtime when the batch was planned (identity.signature)."""


@dataclass
class Result:
    """What a worker sends back for one paper."""

    name: str
    source: str
    signature: str
    status: str
    """"ok" or "error"."""
    message: str = ""
    """The error (one line, naming the file), or the first warning about the input."""
    counts: dict[str, int] = field(default_factory=dict)
    fingerprint: str = ""
    """sha256 of the bytes read (identity.fingerprint)."""
    files: dict[str, str] = field(default_factory=dict)
    """Every file the paper read from disk (relative to its folder) -> its signature
    (identity.read_signatures): a re-run checks them all, not only the source's."""
    outputs: dict[str, str] = field(default_factory=dict)
    """Renderer name -> the rendered text."""
    census: dict[str, Any] = field(default_factory=dict)
    """This paper's part of the notation census (census.contribution)."""
    seconds: float = 0.0
    """CPU seconds the paper took in its worker."""

    def index_line(self) -> dict[str, Any]:
        """The paper's line in index.jsonl (no outputs, no census: those are files)."""
        return {"name": self.name, "source": self.source, "status": self.status,
                "message": self.message, "counts": self.counts,
                "signature": self.signature, "fingerprint": self.fingerprint,
                "files": self.files, "seconds": round(self.seconds, 3)}


def run_task(task: Task, settings: Settings) -> Result:
    """Do one paper; never raises for a problem of the paper (see the module)."""
    started = time.process_time()
    result = Result(task.name, task.source, task.signature, "ok")
    try:
        _fill(result, task, settings)
    except (InputError, UsageError) as exc:
        result.status, result.message = "error", _one_line(str(exc))
    except MemoryError:
        result.status, result.message = "error", f"{task.source}: error: out of memory"
    except Exception as exc:  # a bug in a stage: recorded with where it happened
        where = traceback.extract_tb(exc.__traceback__)[-1]
        result.status = "error"
        result.message = _one_line(f"{task.source}: internal error: {type(exc).__name__}: "
                                   f"{exc} (at {where.filename.rsplit('/', 1)[-1]}:"
                                   f"{where.lineno})")
    if result.status == "error":
        result.outputs, result.census, result.counts, result.files = {}, {}, {}, {}
    result.seconds = time.process_time() - started
    return result


def _fill(result: Result, task: Task, settings: Settings) -> None:
    from .. import api
    from ..render.json import glossary_object
    from ..terminal import inert_json
    from .census import contribution
    from .identity import fingerprint, read_signatures

    kb = _knowledge(settings.kb_files)
    started_ns = time.time_ns()  # a file modified from now on may be read half-changed
    result.fingerprint = fingerprint(task.source)  # before reading: what was read
    analysis = api.analyze(task.source, knowledge=kb)
    if analysis.paper.root is not None:  # files on disk (not an archive's, not stdin's)
        result.files = read_signatures(task.source, analysis.file_order, started_ns)
    glossary = api.build_glossary(analysis, kb, min_confidence=settings.min_confidence)
    data = glossary_object(analysis, glossary)
    # The C encoder (no indent): the pure-Python one that indent= needs costs several
    # times more on a paper with thousands of formulas, for the same JSON value.
    result.outputs["json"] = inert_json(json.dumps(data, ensure_ascii=False)) + "\n"
    for name in settings.formats:
        if name != "json":
            result.outputs[name] = api.render_glossary(analysis, glossary, name,
                                                       lang=settings.lang)
    result.census = contribution(data, task.name)
    result.counts = counts_of(data)
    if analysis.diagnostics:
        result.message = _one_line(str(analysis.diagnostics[0]))


def counts_of(data: dict[str, Any]) -> dict[str, int]:
    """The numbers index.jsonl keeps per paper, from its JSON object."""
    symbols = data["symbols"]
    return {"symbols": len(symbols),
            "known": sum(1 for s in symbols if s["knowledge"] is not None),
            "defined": sum(1 for s in symbols if any(d["shown"] for d in s["definitions"])),
            "formulas": len(data["math"]), "diagnostics": len(data["diagnostics"])}


@lru_cache(maxsize=4)
def _knowledge(kb_files: tuple[str, ...]) -> KnowledgeBase:
    """The knowledge base, once per worker process for the whole batch."""
    from ..api import load_knowledge

    return load_knowledge(kb_files)


def _one_line(text: str) -> str:
    from ..terminal import one_line

    return one_line(text)
