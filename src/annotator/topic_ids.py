"""The shipped topics' ids, for `annotator explain --topic ID`, read from topics.toml
alone.

The parser lists them in `annotator explain --help` and checks `--topic` against them.
`knowledge.TOPIC_WORDS` holds the same ids, but asking it loads the knowledge base (its
modules and its store, about 100 ms), which a help text must not cost; one small TOML
file is a few milliseconds. `[[topic]]` tables are read only from the shipped
topics.toml (knowledge.py refuses them elsewhere), so these are all the topics there are.
tests/test_batch_startup.py checks the two lists agree.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import overload

TOPIC_FILE = "topics.toml"


@lru_cache(maxsize=1)
def shipped_topic_ids() -> tuple[str, ...]:
    """Every `[[topic]]` id of the shipped topics.toml, in the file's order."""
    import tomllib

    from .packaged import data_folder

    text = data_folder("annotator.knowledge_files").joinpath(TOPIC_FILE).read_text(
        encoding="utf-8")
    return tuple(str(table["id"]) for table in tomllib.loads(text).get("topic", ())
                 if isinstance(table, dict) and "id" in table)


class TopicIds(Sequence[str]):
    """The ids as argparse `choices`: read when the parser first looks (a help text, a
    `--topic` to check), never when it is built."""

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return shipped_topic_ids()[index]

    def __len__(self) -> int:
        return len(shipped_topic_ids())

    def __iter__(self) -> Iterator[str]:
        return iter(shipped_topic_ids())

    def __contains__(self, value: object) -> bool:
        return value in shipped_topic_ids()
