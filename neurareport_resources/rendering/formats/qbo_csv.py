"""QuickBooks Online bank CSV, the 3-column layout: ``Date, Description, Amount``.

Amount is signed (money in > 0, money out < 0), no currency symbol, no thousands
separator; dates MM/DD/YYYY (QuickBooks asks for the date format on upload). Upload at
Transactions → Bank transactions → Link account → Upload from file.
"""

from __future__ import annotations

import csv
from pathlib import Path

from neurareport_resources.atomic import atomic_open
from neurareport_resources.rendering.formats.bank_lines import amount_cell, bank_lines, text_cell
from neurareport_resources.rendering.formats.base import Renderer, RenderJob, RenderOutput

QBO3_COLUMNS = ("Date", "Description", "Amount")
QBO_DATE = "%m/%d/%Y"


def render(job: RenderJob, path: Path) -> RenderOutput:
    job.single_account("qbo_csv")
    lines = bank_lines(job.rows("qbo_csv"), "qbo_csv")
    with atomic_open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(QBO3_COLUMNS)
        for line in lines:
            writer.writerow(
                [
                    line.date.strftime(QBO_DATE),
                    text_cell(line.description),
                    amount_cell(line.amount),
                ]
            )
    return RenderOutput(rows=len(lines))


RENDERER = Renderer(
    name="qbo_csv",
    extension="csv",
    suffix=".qbo.csv",
    media_type="text/csv",
    render=render,
    description="QuickBooks Online bank upload, 3 columns (Date, Description, Amount)",
)
