"""CSV export of the ledger: atomic, UTF-8, formula-like text neutralised."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from neurareport_resources.atomic import atomic_open
from neurareport_resources.ledger import LEDGER_COLUMNS

# a spreadsheet opening the CSV would evaluate text starting with these
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def neutralise(text: str) -> str:
    """Prefix ``'`` to text a spreadsheet would read as a formula (OWASP CSV injection)."""
    if text and text[0] in FORMULA_PREFIXES:
        return "'" + text
    return text


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value:f}"  # plain notation, never 1E+3; numbers are not neutralised
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return neutralise(str(value))


def write_ledger_csv(
    path: Path, rows: Iterable[dict[str, Any]], *, columns: tuple[str, ...] = LEDGER_COLUMNS
) -> int:
    """Write ledger ``rows`` to ``path`` as CSV (header + one line per row); return the row count.

    Written atomically (a failed export leaves the previous file). Dates are ISO,
    amounts plain decimals; text that starts like a formula (``=``, ``+``, ``-``, ``@``…)
    gets a leading apostrophe so a spreadsheet shows it as text.
    """
    count = 0
    with atomic_open(Path(path), "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(name)) for name in columns])
            count += 1
    return count
