"""A tenant's earlier months, for what one month alone cannot show.

A monthly payment needs two months to recur, and "unusually large" means larger than
the tenant's own past. Categorisation and the report analysis read the months before
the one being processed through :func:`register_history`.
"""

from __future__ import annotations

from datetime import date

import duckdb

from neurareport_resources.warehouse import Warehouse

# a year back is enough to see a monthly or quarterly pattern and keeps the read small
HISTORY_MONTHS = 12


def earlier_periods(period: date, months: int = HISTORY_MONTHS) -> list[date]:
    """The ``months`` first-of-month dates before ``period``, oldest first."""
    year, month = period.year, period.month
    found = []
    for _ in range(months):
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        found.append(date(year, month, 1))
    return sorted(found)


def register_history(
    conn: duckdb.DuckDBPyConnection,
    wh: Warehouse,
    tenant: str,
    period: date,
    *,
    name: str = "history",
    months: int = HISTORY_MONTHS,
) -> str:
    """Register ``tenant``'s categorised ledger of the months before ``period`` on ``conn``.

    Read through the tenant-confined connection of the warehouse (only that tenant's
    files); months never materialized are simply absent. Returns ``name``.
    """
    source = wh.connect_tenant(tenant, earlier_periods(period, months))
    try:
        table = source.sql("SELECT * FROM transactions").to_arrow_table()
    finally:
        source.close()
    conn.register(name, table)
    return name
