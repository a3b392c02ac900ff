"""The figures of one report: summaries, categories, balances, recurring payments, counterparties."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from neurareport_resources.analysis.categorize import prepare_connection
from neurareport_resources.analysis.sqlfiles import load_sql, relation_name, with_history
from neurareport_resources.analysis.trends import (
    Outlier,
    PeriodComparison,
    compare_periods,
    find_outliers,
)
from neurareport_resources.ledger import to_money

# the render worker unpickles these dataclasses: no DuckDB import at load
if TYPE_CHECKING:
    import duckdb

ZERO = Decimal("0.00")
LARGEST_LIMIT = 10
COUNTERPARTY_LIMIT = 15


@dataclass(frozen=True)
class AccountSummary:
    """Opening, money in/out and closing of one account, and whether they reconcile."""

    account_number: str | None
    currency: str | None
    holder: str | None
    period_start: dt.date | None
    period_end: dt.date | None
    opening_balance: Decimal | None
    money_in: Decimal
    money_out: Decimal  # negative or zero
    closing_balance: Decimal | None
    transaction_count: int
    files: str | None = None
    statements: int = 0
    pages: int = 0

    @property
    def computed_closing(self) -> Decimal | None:
        """Opening plus every movement: what the closing balance should be."""
        if self.opening_balance is None:
            return None
        return to_money(self.opening_balance + self.money_in + self.money_out)

    @property
    def difference(self) -> Decimal | None:
        """Printed closing minus computed closing; zero when the statement reconciles."""
        if self.closing_balance is None or self.computed_closing is None:
            return None
        return to_money(self.closing_balance - self.computed_closing)

    @property
    def reconciled(self) -> bool | None:
        """True/False when both balances are known, None when a header figure is missing."""
        return None if self.difference is None else self.difference == ZERO

    @property
    def net(self) -> Decimal:
        """Money in plus money out."""
        return to_money(self.money_in + self.money_out)


@dataclass(frozen=True)
class CategoryTotal:
    """Cash flow of one category; ``share_of_out`` is its share of all money out (0..1)."""

    category: str
    money_in: Decimal
    money_out: Decimal
    net: Decimal
    transaction_count: int
    share_of_out: Decimal
    share_of_in: Decimal


@dataclass(frozen=True)
class DailyBalance:
    """End-of-day balance of one account with the day's movements."""

    account_number: str | None
    date: dt.date
    balance: Decimal | None
    money_in: Decimal
    money_out: Decimal
    transaction_count: int


@dataclass(frozen=True)
class LedgerMovement:
    """One transaction as listed in the largest-transactions table."""

    txn_date: dt.date
    account_number: str | None
    description: str
    amount: Decimal
    balance: Decimal | None
    category: str | None
    page: int
    row_no: int


@dataclass(frozen=True)
class RecurringPayment:
    """A counterparty paid (or paying) a similar amount at a regular interval."""

    account_number: str | None
    counterparty: str
    direction: str  # "in" or "out"
    occurrences: int
    average_amount: Decimal
    interval_days: int
    first_date: dt.date
    last_date: dt.date
    category: str | None

    @property
    def next_expected(self) -> dt.date:
        """The date the next payment is due if the pattern holds."""
        return self.last_date + dt.timedelta(days=self.interval_days)

    @property
    def frequency(self) -> str:
        """A reader's word for the interval."""
        days = self.interval_days
        if 6 <= days <= 8:
            return "weekly"
        if 13 <= days <= 16:
            return "fortnightly"
        if 27 <= days <= 32:
            return "monthly"
        return f"every {days} days"


@dataclass(frozen=True)
class CounterpartyTotal:
    """Money moved with one counterparty."""

    counterparty: str
    money_in: Decimal
    money_out: Decimal
    transaction_count: int
    category: str | None

    @property
    def total(self) -> Decimal:
        """Absolute money moved in both directions."""
        return to_money(self.money_in - self.money_out)


@dataclass(frozen=True)
class MonthlyTotal:
    """Money in and out of one account in one calendar month."""

    month: dt.date
    account_number: str | None
    money_in: Decimal
    money_out: Decimal
    net: Decimal
    transaction_count: int


@dataclass(frozen=True)
class ReportAnalysis:
    """Everything a report shows beyond the ledger itself."""

    accounts: list[AccountSummary]
    categories: list[CategoryTotal]
    daily_balances: list[DailyBalance]
    largest_transactions: list[LedgerMovement]
    recurring: list[RecurringPayment]
    counterparties: list[CounterpartyTotal]
    monthly: list[MonthlyTotal]
    account_filter: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    outliers: list[Outlier] = field(default_factory=list)
    comparison: PeriodComparison | None = None

    @property
    def summary(self) -> list[AccountSummary]:
        """Alias of ``accounts``: the per-account summary."""
        return self.accounts

    @property
    def currency(self) -> str | None:
        """The currency shared by every account, or None when they differ."""
        currencies = {a.currency for a in self.accounts if a.currency}
        return currencies.pop() if len(currencies) == 1 else None

    @property
    def money_in(self) -> Decimal:
        """Money in across all accounts."""
        return to_money(sum((a.money_in for a in self.accounts), ZERO))

    @property
    def money_out(self) -> Decimal:
        """Money out (negative) across all accounts."""
        return to_money(sum((a.money_out for a in self.accounts), ZERO))

    @property
    def transaction_count(self) -> int:
        """Transactions across all accounts."""
        return sum(a.transaction_count for a in self.accounts)

    @property
    def reconciled(self) -> bool | None:
        """True when every account reconciles, False when one does not, None if unknown."""
        states = [a.reconciled for a in self.accounts]
        if any(state is False for state in states):
            return False
        if not states or any(state is None for state in states):
            return None
        return True


def _money(value: Any) -> Decimal | None:
    return None if value is None else to_money(Decimal(value))


def _rows(conn: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    cursor = conn.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _share(part: Decimal, whole: Decimal) -> Decimal:
    if whole == 0:
        return Decimal("0")
    return abs(part / whole).quantize(Decimal("0.0001"))


def build_analysis(
    conn: duckdb.DuckDBPyConnection,
    ledger: str,
    statements: str,
    *,
    history: str | None = None,
) -> ReportAnalysis:
    """Compute the report figures from a categorised ``ledger`` and its ``statements``.

    Both arguments name DuckDB relations (tables or views) already filtered to the
    report's tenant, period and — when bursting — account. ``history`` optionally names
    a relation with earlier periods of the same ledger: recurring payments are then
    detected over history plus this period (a monthly payment needs two months to
    show), and reported only when they also occur in ``ledger``; outliers are judged
    against it and the month is compared with the previous one and the year to date.
    """
    ledger = relation_name(ledger)
    statements = relation_name(statements)
    prepare_connection(conn)

    accounts = [
        AccountSummary(
            account_number=r["account_number"],
            currency=r["currency"],
            holder=r["holder"],
            period_start=r["period_start"],
            period_end=r["period_end"],
            opening_balance=_money(r["opening_balance"]),
            money_in=_money(r["money_in"]) or ZERO,
            money_out=_money(r["money_out"]) or ZERO,
            closing_balance=_money(r["closing_balance"]),
            transaction_count=int(r["transaction_count"]),
            files=r["files"],
            statements=int(r["statements"]),
            pages=int(r["pages"] or 0),
        )
        for r in _rows(conn, load_sql("account_summary.sql", ledger=ledger, statements=statements))
    ]

    raw_categories = _rows(conn, load_sql("category_totals.sql", ledger=ledger))
    total_in = sum((Decimal(r["money_in"]) for r in raw_categories), ZERO)
    total_out = sum((Decimal(r["money_out"]) for r in raw_categories), ZERO)
    categories = [
        CategoryTotal(
            category=r["category"],
            money_in=to_money(r["money_in"]),
            money_out=to_money(r["money_out"]),
            net=to_money(r["net"]),
            transaction_count=int(r["transaction_count"]),
            share_of_out=_share(Decimal(r["money_out"]), total_out),
            share_of_in=_share(Decimal(r["money_in"]), total_in),
        )
        for r in raw_categories
    ]

    daily = [
        DailyBalance(
            account_number=r["account_number"],
            date=r["txn_date"],
            balance=_money(r["balance"]),
            money_in=to_money(r["money_in"]),
            money_out=to_money(r["money_out"]),
            transaction_count=int(r["transaction_count"]),
        )
        for r in _rows(conn, load_sql("daily_balances.sql", ledger=ledger, statements=statements))
    ]

    largest = [
        LedgerMovement(
            txn_date=r["txn_date"],
            account_number=r["account_number"],
            description=r["description"],
            amount=to_money(r["amount"]),
            balance=_money(r["balance"]),
            category=r["category"],
            page=int(r["page"]),
            row_no=int(r["row_no"]),
        )
        for r in _rows(
            conn, load_sql("largest_transactions.sql", ledger=ledger, limit=LARGEST_LIMIT)
        )
    ]

    recurring = _recurring(conn, ledger, history)

    counterparties = [
        CounterpartyTotal(
            counterparty=r["counterparty"],
            money_in=to_money(r["money_in"]),
            money_out=to_money(r["money_out"]),
            transaction_count=int(r["transaction_count"]),
            category=r["category"],
        )
        for r in _rows(
            conn, load_sql("counterparties.sql", ledger=ledger, limit=COUNTERPARTY_LIMIT)
        )
    ]

    monthly = [
        MonthlyTotal(
            month=r["month"],
            account_number=r["account_number"],
            money_in=to_money(r["money_in"]),
            money_out=to_money(r["money_out"]),
            net=to_money(r["net"]),
            transaction_count=int(r["transaction_count"]),
        )
        for r in _rows(conn, load_sql("monthly.sql", ledger=ledger))
    ]

    return ReportAnalysis(
        accounts=accounts,
        categories=categories,
        daily_balances=daily,
        largest_transactions=largest,
        recurring=recurring,
        counterparties=counterparties,
        monthly=monthly,
        outliers=find_outliers(conn, ledger, history),
        comparison=compare_periods(conn, ledger, history),
    )


def _recurring(
    conn: duckdb.DuckDBPyConnection, ledger: str, history: str | None
) -> list[RecurringPayment]:
    query = load_sql("recurring.sql", sql_ledger=with_history(ledger, history))
    current = load_sql("counterparties_in_ledger.sql", ledger=ledger)
    rows = _rows(
        conn,
        f"SELECT r.* FROM ({query}) AS r "
        f"SEMI JOIN ({current}) AS c ON c.account_number IS NOT DISTINCT FROM r.account_number "
        "AND c.counterparty = r.counterparty AND c.direction = r.direction "
        "ORDER BY r.direction DESC, abs(r.total_amount) DESC, r.counterparty",
    )
    return [
        RecurringPayment(
            account_number=r["account_number"],
            counterparty=r["counterparty"],
            direction=r["direction"],
            occurrences=int(r["occurrences"]),
            average_amount=to_money(Decimal(r["total_amount"]) / int(r["occurrences"])),
            interval_days=int(r["interval_days"]),
            first_date=r["first_date"],
            last_date=r["last_date"],
            category=r["category"],
        )
        for r in rows
    ]
