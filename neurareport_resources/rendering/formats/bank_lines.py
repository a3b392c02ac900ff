"""Statement lines for the accounting-software imports (Xero, QuickBooks, OFX).

One account and one month per file, as the books import it: the ledger rows of the
report with their date, signed amount (money in > 0) and description, in date order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from neurareport_resources.csv_cells import neutralise
from neurareport_resources.ledger import to_money
from neurareport_resources.rendering.errors import RenderError


@dataclass(frozen=True)
class BankLine:
    """One transaction as a bank import sees it."""

    date: dt.date
    amount: Decimal
    description: str
    fitid: str  # stable across re-renders: the row's statement, page and row number


def _as_date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    raise RenderError(f"{where}: transaction without a date ({value!r})")


def bank_lines(rows: Iterable[dict[str, Any]], fmt: str) -> list[BankLine]:
    """The ledger ``rows`` as bank lines, in date order (then page and row)."""
    lines = []
    for number, row in enumerate(rows, start=1):
        where = f"{fmt} line {number}"
        if row.get("amount") is None:
            raise RenderError(f"{where}: transaction without an amount")
        identity = "|".join(
            str(row.get(k) or "") for k in ("statement_id", "page", "row_no", "txn_date")
        )
        if not row.get("statement_id"):
            identity += f"|{number}|{row.get('description')}|{row.get('amount')}"
        lines.append(
            BankLine(
                date=_as_date(row.get("txn_date"), where),
                amount=to_money(row["amount"]),
                description=" ".join(str(row.get("description") or "").split()),
                fitid=hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32],
            )
        )
    return sorted(lines, key=lambda line: line.date)


def text_cell(text: str) -> str:
    """Description text for a CSV a spreadsheet may open: never read as a formula."""
    return neutralise(text)


def amount_cell(amount: Decimal) -> str:
    """A plain signed decimal with two places: ``-12.50``, no symbol, no thousands."""
    return f"{to_money(amount):f}"
