"""What no rule categorised, per tenant x month: rows, money and the counterparties behind them.

:func:`uncategorised_summary` is the figure the close board and review holds read for one
partition; :func:`uncategorised_months` is the list ``neurareport categorise
uncategorised`` prints, from which an analyst adds tenant rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import duckdb

from neurareport_resources.analysis.categorize import prepare_connection
from neurareport_resources.analysis.sqlfiles import load_sql, relation_name
from neurareport_resources.ledger import to_money
from neurareport_resources.warehouse import Warehouse

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class UncategorisedCounterparty:
    """One counterparty's uncategorised rows in one month and direction."""

    counterparty: str
    direction: str  # "in" or "out"
    rows: int
    money: Decimal  # signed sum
    example: str  # one of its descriptions, as printed
    first_date: dt.date
    last_date: dt.date


@dataclass(frozen=True)
class UncategorisedMonth:
    """How much of one tenant-month's ledger no rule categorised."""

    tenant: str
    period: dt.date
    rows: int
    total_rows: int
    money_in: Decimal
    money_out: Decimal  # negative or zero
    money: Decimal  # absolute: money_in - money_out
    total_money: Decimal  # absolute money moved by every row
    counterparties: tuple[UncategorisedCounterparty, ...] = field(default_factory=tuple)

    @property
    def share_of_rows(self) -> Decimal:
        """Uncategorised rows / all rows (0..1)."""
        if not self.total_rows:
            return Decimal(0)
        return (Decimal(self.rows) / self.total_rows).quantize(Decimal("0.0001"))

    @property
    def share_of_money(self) -> Decimal:
        """Uncategorised money / all money moved (0..1)."""
        if not self.total_money:
            return Decimal(0)
        return (self.money / self.total_money).quantize(Decimal("0.0001"))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view (money as decimal strings, dates ISO)."""
        return {
            "tenant": self.tenant,
            "period": self.period.strftime("%Y-%m"),
            "rows": self.rows,
            "total_rows": self.total_rows,
            "money_in": str(self.money_in),
            "money_out": str(self.money_out),
            "money": str(self.money),
            "share_of_rows": str(self.share_of_rows),
            "share_of_money": str(self.share_of_money),
            "counterparties": [
                {
                    "counterparty": c.counterparty,
                    "direction": c.direction,
                    "rows": c.rows,
                    "money": str(c.money),
                    "example": c.example,
                    "first_date": c.first_date.isoformat(),
                    "last_date": c.last_date.isoformat(),
                }
                for c in self.counterparties
            ],
        }


def _money(value: Any) -> Decimal:
    return to_money(Decimal(value)) if value is not None else ZERO


def uncategorised_by_month(
    conn: duckdb.DuckDBPyConnection, ledger: str, *, with_counterparties: bool = True
) -> list[UncategorisedMonth]:
    """Per (tenant, period) of the categorised ``ledger`` relation: what is uncategorised."""
    ledger = relation_name(ledger)
    prepare_connection(conn)
    payees: dict[tuple[str, dt.date], list[UncategorisedCounterparty]] = {}
    if with_counterparties:
        for row in conn.execute(
            load_sql("uncategorised_counterparties.sql", ledger=ledger)
        ).fetchall():
            tenant, period, counterparty, direction, rows, money, example, first, last = row
            payees.setdefault((tenant, period), []).append(
                UncategorisedCounterparty(
                    counterparty, direction, int(rows), _money(money), example, first, last
                )
            )
    months = []
    for row in conn.execute(load_sql("uncategorised.sql", ledger=ledger)).fetchall():
        tenant, period, rows, total_rows, money_in, money_out, money, total_money = row
        months.append(
            UncategorisedMonth(
                tenant=tenant,
                period=period,
                rows=int(rows),
                total_rows=int(total_rows),
                money_in=_money(money_in),
                money_out=_money(money_out),
                money=_money(money),
                total_money=_money(total_money),
                counterparties=tuple(payees.get((tenant, period), ())),
            )
        )
    return months


def uncategorised_months(
    wh: Warehouse,
    tenant: str,
    periods: Iterable[dt.date] | None = None,
    *,
    with_counterparties: bool = True,
) -> list[UncategorisedMonth]:
    """The stored months of ``tenant`` (all, or ``periods``) with their uncategorised rows."""
    conn = wh.connect_tenant(tenant, periods)
    try:
        return uncategorised_by_month(conn, "transactions", with_counterparties=with_counterparties)
    finally:
        conn.close()


def uncategorised_summary(wh: Warehouse, tenant: str, period: dt.date) -> UncategorisedMonth:
    """Uncategorised rows and money of one tenant-month (zeros when nothing is stored).

    The plain figure the close board shows and a review hold compares with the tenant's
    threshold; the counterparties are included for the board's drill-down.
    """
    found = uncategorised_months(wh, tenant, [period])
    if found:
        return found[0]
    return UncategorisedMonth(tenant, period, 0, 0, ZERO, ZERO, ZERO, ZERO)
