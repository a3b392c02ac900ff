"""QuickBooks Online bank CSV, the 4-column layout: ``Date, Description, Credit, Debit``.

Each row has exactly one of Credit (money in) or Debit (money out), both positive; the
other cell is empty. Dates MM/DD/YYYY, as the 3-column layout.
"""

from __future__ import annotations

import csv
from pathlib import Path

from neurareport_resources.atomic import atomic_open
from neurareport_resources.rendering.formats.bank_lines import amount_cell, bank_lines, text_cell
from neurareport_resources.rendering.formats.base import Renderer, RenderJob, RenderOutput
from neurareport_resources.rendering.formats.qbo_csv import QBO_DATE

QBO4_COLUMNS = ("Date", "Description", "Credit", "Debit")


def render(job: RenderJob, path: Path) -> RenderOutput:
    job.single_account("qbo4_csv")
    lines = bank_lines(job.rows("qbo4_csv"), "qbo4_csv")
    with atomic_open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(QBO4_COLUMNS)
        for line in lines:
            money_in = amount_cell(line.amount) if line.amount > 0 else ""
            money_out = amount_cell(-line.amount) if line.amount <= 0 else ""
            writer.writerow(
                [line.date.strftime(QBO_DATE), text_cell(line.description), money_in, money_out]
            )
    return RenderOutput(rows=len(lines))


RENDERER = Renderer(
    name="qbo4_csv",
    extension="csv",
    suffix=".qbo4.csv",
    media_type="text/csv",
    render=render,
    description="QuickBooks Online bank upload, 4 columns (Date, Description, Credit, Debit)",
)
