"""This month against the tenant's own history: unusual payments and period comparisons.

Both read the month's ledger and, when given, the tenant's earlier months: an outlier is
unusual for *this* tenant (a payee taking 85 % of the month's spend when it never took
more than 20 %, a payment three times the payee's usual amount), and the comparison puts
the month beside the previous one and the year to date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from neurareport_resources.analysis.sqlfiles import load_sql, relation_name
from neurareport_resources.ledger import to_money

if TYPE_CHECKING:
    import duckdb

ZERO = Decimal("0.00")
# a payee is unusual from half the month's money out, when that is over 1.5x its highest
# share of any earlier month
PAYEE_SHARE_MIN_PCT = 50
PAYEE_SHARE_GROWTH_PCT = 150
# a single amount is unusual at 3x the payee's median (3+ earlier payments), else at 10x
# the tenant's median and above anything seen before; small amounts never are, and
# without history no amount is judged
AMOUNT_PAYEE_FACTOR = 3
AMOUNT_TENANT_FACTOR = 10
OUTLIER_MIN_AMOUNT = 100


@dataclass(frozen=True)
class Outlier:
    """Something unusual for this tenant: a payee's share of spend or one amount."""

    kind: str  # "payee_share" or "amount"
    counterparty: str
    amount: Decimal  # the payee's money out this month (negative), or the transaction's amount
    share: Decimal | None  # payee_share: share of the month's money out (0..1)
    usual: Decimal | None  # payee_share: usual share; amount: usual size (absolute)
    compared_with: str  # payee_share: "history" or "month"; amount: "payee" or "tenant"
    months_compared: int = 0
    txn_date: dt.date | None = None
    description: str | None = None
    category: str | None = None
    page: int | None = None
    row_no: int | None = None

    @property
    def explanation(self) -> str:
        """What is unusual, in plain words (amounts as 1,234.56)."""
        if self.kind == "payee_share":
            share = f"{self.share * 100:.0f} %" if self.share is not None else "most"
            if self.usual is None:
                past = "no earlier month to compare with"
            else:
                past = f"on average {self.usual * 100:.0f} % over {self.months_compared} earlier month(s)"
            return f"{self.counterparty} took {share} of this month's money out ({past})"
        size = f"{abs(self.amount):,.2f}"
        usual = f"{self.usual:,.2f}" if self.usual is not None else "?"
        if self.compared_with == "payee":
            against = f"{self.counterparty}'s usual amount is {usual}"
        else:
            against = f"a usual transaction of this tenant is {usual}, none was this large"
        moved = (
            f"paid to {self.counterparty}"
            if self.amount < 0
            else f"received from {self.counterparty}"
        )
        return f"{size} {moved} is unusually large ({against})"

    @property
    def action(self) -> str:
        """What the analyst should do about it."""
        if self.kind == "payee_share":
            return "Confirm the payments to this payee are expected before sending the report."
        return "Check the amount against the statement page and confirm it with the client."


@dataclass(frozen=True)
class ComparisonLine:
    """One figure this month, the previous month and the year to date."""

    label: str
    this_month: Decimal
    previous_month: Decimal | None  # None: the previous month has no data
    year_to_date: Decimal

    @property
    def change(self) -> Decimal | None:
        """This month minus the previous month."""
        if self.previous_month is None:
            return None
        return to_money(self.this_month - self.previous_month)

    @property
    def change_ratio(self) -> Decimal | None:
        """The change as a share of the previous month (None when that was zero)."""
        if self.previous_month in (None, ZERO) or self.change is None:
            return None
        assert self.previous_month is not None
        return (self.change / abs(self.previous_month)).quantize(Decimal("0.0001"))


@dataclass(frozen=True)
class PeriodComparison:
    """This month beside the previous month and the year to date."""

    period: dt.date
    previous_period: dt.date
    year_start: dt.date
    previous_available: bool
    months_in_year: int  # months with data from January to this month, this one included
    totals: list[ComparisonLine]  # money in, money out, net
    categories: list[ComparisonLine]  # net per category, largest this month first


def _money(value: Any) -> Decimal:
    return ZERO if value is None else to_money(Decimal(value))


def _history_or_empty(ledger: str, history: str | None) -> str:
    if history is None:
        return f"(SELECT * FROM {ledger} WHERE false)"
    return relation_name(history)


def _rows(conn: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    cursor = conn.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def find_outliers(
    conn: duckdb.DuckDBPyConnection, ledger: str, history: str | None = None
) -> list[Outlier]:
    """Payees with an unusual share of the month's money out, then unusually large amounts.

    ``ledger`` is the month (categorised), ``history`` the tenant's earlier months; the
    ``nr_counterparty`` macro must be installed (``prepare_connection``).
    """
    ledger = relation_name(ledger)
    earlier = _history_or_empty(ledger, history)
    found: list[Outlier] = []
    for r in _rows(
        conn,
        load_sql(
            "outlier_payees.sql",
            ledger=ledger,
            sql_history=earlier,
            min_share_pct=PAYEE_SHARE_MIN_PCT,
            growth_pct=PAYEE_SHARE_GROWTH_PCT,
        ),
    ):
        months = int(r["months_compared"])
        found.append(
            Outlier(
                kind="payee_share",
                counterparty=r["counterparty"],
                amount=_money(-Decimal(r["spent"])),
                share=Decimal(r["share"]).quantize(Decimal("0.0001")),
                usual=None
                if r["usual_share"] is None
                else Decimal(r["usual_share"]).quantize(Decimal("0.0001")),
                compared_with="history" if months else "month",
                months_compared=months,
            )
        )
    for r in _rows(
        conn,
        load_sql(
            "outlier_amounts.sql",
            ledger=ledger,
            sql_history=earlier,
            payee_factor=AMOUNT_PAYEE_FACTOR,
            tenant_factor=AMOUNT_TENANT_FACTOR,
            min_amount=OUTLIER_MIN_AMOUNT,
        ),
    ):
        found.append(
            Outlier(
                kind="amount",
                counterparty=r["counterparty"],
                amount=_money(r["amount"]),
                share=None,
                usual=_money(r["usual"]),
                compared_with=r["compared_with"],
                months_compared=0,
                txn_date=r["txn_date"],
                description=r["description"],
                category=r["category"],
                page=int(r["page"]),
                row_no=int(r["row_no"]),
            )
        )
    return found


def _month_before(period: dt.date) -> dt.date:
    return (
        dt.date(period.year - 1, 12, 1)
        if period.month == 1
        else period.replace(month=period.month - 1, day=1)
    )


def compare_periods(
    conn: duckdb.DuckDBPyConnection, ledger: str, history: str | None = None
) -> PeriodComparison | None:
    """This month (the ``period`` of ``ledger``'s rows) against the previous month and the
    year to date from ``history``; None for an empty ledger."""
    ledger = relation_name(ledger)
    # fetchall, not fetchone: a half-read result blocks the connection's next query
    ((latest,),) = conn.execute(f"SELECT max(period) FROM {ledger}").fetchall()
    if latest is None:
        return None
    this_month = latest.replace(day=1)
    previous = _month_before(this_month)
    year_start = this_month.replace(month=1)
    earlier = _history_or_empty(ledger, history)
    rows = _rows(
        conn,
        load_sql(
            "period_comparison.sql",
            ledger=ledger,
            sql_history=earlier,
            sql_this_month=f"DATE '{this_month.isoformat()}'",
            sql_previous_month=f"DATE '{previous.isoformat()}'",
            sql_year_start=f"DATE '{year_start.isoformat()}'",
        ),
    )
    ((months,),) = conn.execute(
        f"SELECT count(DISTINCT period) FROM (SELECT period FROM {ledger} UNION ALL "
        f"SELECT period FROM {earlier} WHERE period >= DATE '{year_start.isoformat()}' "
        f"AND period < DATE '{this_month.isoformat()}')"
    ).fetchall()
    previous_available = any(int(r["previous_rows"]) for r in rows)

    def line(label: str, this: Decimal, before: Decimal, ytd: Decimal) -> ComparisonLine:
        return ComparisonLine(label, this, before if previous_available else None, ytd)

    sums = {
        key: sum((_money(r[key]) for r in rows), ZERO)
        for key in ("this_in", "this_out", "previous_in", "previous_out", "ytd_in", "ytd_out")
    }
    totals = [
        line("Money in", sums["this_in"], sums["previous_in"], sums["ytd_in"]),
        line("Money out", sums["this_out"], sums["previous_out"], sums["ytd_out"]),
        line(
            "Net",
            to_money(sums["this_in"] + sums["this_out"]),
            to_money(sums["previous_in"] + sums["previous_out"]),
            to_money(sums["ytd_in"] + sums["ytd_out"]),
        ),
    ]
    categories = [
        line(
            r["category"],
            to_money(_money(r["this_in"]) + _money(r["this_out"])),
            to_money(_money(r["previous_in"]) + _money(r["previous_out"])),
            to_money(_money(r["ytd_in"]) + _money(r["ytd_out"])),
        )
        for r in rows
    ]
    return PeriodComparison(
        period=this_month,
        previous_period=previous,
        year_start=year_start,
        previous_available=previous_available,
        months_in_year=int(months),
        totals=totals,
        categories=categories,
    )
