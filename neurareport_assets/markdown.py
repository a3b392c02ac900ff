"""Markdown previews for asset metadata (what an analyst reads in the UI)."""

from __future__ import annotations

from collections.abc import Sequence


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_table(rows: Sequence[dict], *, limit: int = 20) -> str:
    """A Markdown table of the first ``limit`` rows (columns from the first row)."""
    if not rows:
        return "_no rows_"
    columns = list(rows[0].keys())
    lines = [
        "| " + " | ".join(columns) + " |",
        "| " + " | ".join("---" for _ in columns) + " |",
    ]
    lines += ["| " + " | ".join(_cell(row.get(c)) for c in columns) + " |" for row in rows[:limit]]
    if len(rows) > limit:
        lines.append(f"\n_… {len(rows) - limit} more rows_")
    return "\n".join(lines)
