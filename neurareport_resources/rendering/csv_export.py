"""CSV export of the ledger: atomic, UTF-8, formula-like text neutralised."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from neurareport_resources.atomic import atomic_open
from neurareport_resources.csv_cells import FORMULA_PREFIXES, csv_cell, neutralise
from neurareport_resources.ledger import LEDGER_COLUMNS

__all__ = ["FORMULA_PREFIXES", "csv_cell", "neutralise", "write_ledger_csv"]


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
            writer.writerow([csv_cell(row.get(name)) for name in columns])
            count += 1
    return count
