"""The glossary for a terminal: one line per symbol."""

from __future__ import annotations

from ..model import Analysis


def render(analysis: Analysis) -> str:
    lines: list[str] = []
    title = analysis.title or analysis.paper.main
    files = len(analysis.file_order)
    lines.append(f"{title}")
    lines.append(f"{len(analysis.symbols)} symbols in {len(analysis.math)} formulas "
                 f"({analysis.paper.main}{f' and {files - 1} more files' if files > 1 else ''})")
    lines.append("")
    rows = [("SYMBOL", "ROLE", "USES", "FIRST USE", "WRITTEN AS")]
    for symbol in analysis.symbols:
        first = symbol.first.location
        rows.append((symbol.key, symbol.role or "-", str(len(symbol.occurrences)),
                     f"{first.file}:{first.line}:{first.column}",
                     ", ".join(symbol.forms[:3])))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        lines.append("  ".join(cell.ljust(widths[i]) if i < 4 else cell
                               for i, cell in enumerate(row)).rstrip())
    return "\n".join(lines) + "\n"
