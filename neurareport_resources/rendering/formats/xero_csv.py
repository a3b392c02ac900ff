"""Xero bank-statement CSV: Xero's statement import template, one account and month.

Columns as Xero's template names them (``*`` marks the required ones): ``*Date``
(DD/MM/YYYY), ``*Amount`` (signed: money spent has a minus sign), ``Payee``,
``Description``, ``Reference``, ``Cheque Number``. Import it at Accounting → Bank
accounts → Manage account → Import a statement.
"""

from __future__ import annotations

import csv
from pathlib import Path

from neurareport_resources.atomic import atomic_open
from neurareport_resources.rendering.formats.bank_lines import amount_cell, bank_lines, text_cell
from neurareport_resources.rendering.formats.base import Renderer, RenderJob, RenderOutput

XERO_COLUMNS = ("*Date", "*Amount", "Payee", "Description", "Reference", "Cheque Number")
XERO_DATE = "%d/%m/%Y"


def render(job: RenderJob, path: Path) -> RenderOutput:
    job.single_account("xero_csv")
    lines = bank_lines(job.rows("xero_csv"), "xero_csv")
    with atomic_open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(XERO_COLUMNS)
        for line in lines:
            writer.writerow(
                [
                    line.date.strftime(XERO_DATE),
                    amount_cell(line.amount),
                    "",
                    text_cell(line.description),
                    "",
                    "",
                ]
            )
    return RenderOutput(rows=len(lines))


RENDERER = Renderer(
    name="xero_csv",
    extension="csv",
    suffix=".xero.csv",
    media_type="text/csv",
    render=render,
    description="Xero bank-statement import (per account and month)",
)
