"""docs/limits.md names every cap with its value: a cap added or changed in the code
without the page saying so fails here."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from annotator.sources import limits

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "src" / "annotator"
DOC = (ROOT / "docs" / "limits.md").read_text(encoding="utf-8")
MODULES = ["sources/limits.py", "expand.py", "extract.py", "coverage.py", "patterns.py",
           "knowledge_store.py", "reading.py", "sources/__init__.py", "mathparse.py"]
PREFIXES = ("MAX_", "MIN_", "PROBE_", "LOST_")


def _caps() -> list[tuple[str, str, object]]:
    found = []
    for module in MODULES:
        tree = ast.parse((SOURCE / module).read_text(encoding="utf-8"))
        namespace = {"MiB": limits.MiB}
        for node in tree.body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 \
                    and isinstance(node.targets[0], ast.Name) \
                    and node.targets[0].id.startswith(PREFIXES):
                value = eval(compile(ast.Expression(node.value), module, "eval"), namespace)
                found.append((module, node.targets[0].id, value))
    return found


def _spellings(value: object) -> set[str]:
    if isinstance(value, float):
        return {str(value)}
    assert isinstance(value, int)
    spellings = {f"{value:,}", str(value), limits.size_text(value)}
    if value % (1024 * 1024) == 0:
        spellings.add(f"{value // (1024 * 1024)} Mi")
    return spellings


@pytest.mark.parametrize(("module", "name", "value"), _caps(),
                         ids=lambda item: item if isinstance(item, str) else None)
def test_every_cap_is_documented_with_its_value(module: str, name: str, value: object) -> None:
    rows = [line for line in DOC.splitlines() if f"`{name}`" in line]
    assert rows, f"{module}: {name} is not in docs/limits.md"
    assert any(spelling in row for row in rows for spelling in _spellings(value)), \
        f"docs/limits.md gives {name} another value than {value!r}"


def test_the_readme_links_the_limits() -> None:
    assert "docs/limits.md" in (ROOT / "README.md").read_text(encoding="utf-8")
