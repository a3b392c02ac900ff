"""Report figures: reconciliation, categories, balances, recurring payments, bursting."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import duckdb

from neurareport_resources.analysis import account_views, accounts_to_render, build_analysis
from neurareport_resources.analysis.synthetic import synthetic_month


def test_summary_matches_the_ledger(analysis, month) -> None:
    rows, header = month
    (account,) = analysis.accounts
    money_in = sum(r["amount"] for r in rows if r["amount"] > 0)
    money_out = sum(r["amount"] for r in rows if r["amount"] < 0)
    assert account.money_in == money_in
    assert account.money_out == money_out
    assert account.opening_balance == header["opening_balance"]
    assert account.closing_balance == header["closing_balance"]
    assert account.computed_closing == header["opening_balance"] + money_in + money_out
    assert account.reconciled is True and account.difference == Decimal("0.00")
    assert analysis.reconciled is True
    assert analysis.transaction_count == len(rows)
    assert isinstance(account.money_in, Decimal)


def test_a_closing_balance_that_does_not_add_up_is_reported(loader, month) -> None:
    rows, header = month
    conn = duckdb.connect()
    loader(
        conn, [(rows, dict(header, closing_balance=header["closing_balance"] + Decimal("10.00")))]
    )
    analysis = build_analysis(conn, "ledger", "statements")
    assert analysis.accounts[0].reconciled is False
    assert analysis.accounts[0].difference == Decimal("10.00")
    assert analysis.reconciled is False


def test_categories_add_up_and_shares_sum_to_one(analysis) -> None:
    assert sum(c.money_in for c in analysis.categories) == analysis.money_in
    assert sum(c.money_out for c in analysis.categories) == analysis.money_out
    shares = sum(c.share_of_out for c in analysis.categories)
    assert abs(shares - 1) < Decimal("0.001")
    assert all(c.share_of_out >= 0 for c in analysis.categories)


def test_daily_balances_end_at_the_closing_balance(analysis, month) -> None:
    _, header = month
    days = analysis.daily_balances
    assert days == sorted(days, key=lambda d: d.date)
    assert days[-1].balance == header["closing_balance"]
    assert sum(d.transaction_count for d in days) == analysis.transaction_count


def test_daily_balances_computed_when_the_statement_printed_none(loader, month) -> None:
    rows, header = month
    conn = duckdb.connect()
    loader(conn, [([dict(r, balance=None) for r in rows], header)])
    days = build_analysis(conn, "ledger", "statements").daily_balances
    assert days[-1].balance == header["closing_balance"]


def test_largest_transactions_are_sorted_by_size(analysis) -> None:
    sizes = [abs(t.amount) for t in analysis.largest_transactions]
    assert sizes == sorted(sizes, reverse=True)
    assert analysis.largest_transactions[0].description == "BGC PAYROLL ACME SALARY"


def test_weekly_payment_is_recurring_and_random_spending_is_not(analysis) -> None:
    recurring = {r.counterparty: r for r in analysis.recurring}
    cleaner = recurring["CLEANER WEEKLY PAYMENT"]
    assert cleaner.frequency == "weekly" and cleaner.interval_days == 7
    assert cleaner.average_amount == Decimal("-60.00")
    assert cleaner.next_expected == cleaner.last_date + dt.timedelta(days=7)
    # rent is paid once a month: one month alone does not make it recurring
    assert "LANDLORD RENT" not in recurring


def test_history_makes_monthly_payments_recurring(loader) -> None:
    march = synthetic_month(period=dt.date(2025, 3, 1), transactions=40)
    february = synthetic_month(period=dt.date(2025, 2, 1), transactions=40)
    january = synthetic_month(period=dt.date(2025, 1, 1), transactions=40)
    conn = duckdb.connect()
    loader(conn, [march])
    from neurareport_resources.analysis.synthetic import ledger_table

    conn.register("history", ledger_table(january[0] + february[0]))
    analysis = build_analysis(conn, "ledger", "statements", history="history")
    recurring = {r.counterparty: r for r in analysis.recurring}
    rent = recurring["LANDLORD RENT"]
    assert rent.frequency == "monthly" and rent.occurrences == 3
    assert rent.first_date == dt.date(2025, 1, 1) and rent.last_date == dt.date(2025, 3, 1)


def test_counterparties_rank_by_money_moved(analysis) -> None:
    totals = [c.total for c in analysis.counterparties]
    assert totals == sorted(totals, reverse=True)
    names = [c.counterparty for c in analysis.counterparties]
    assert "PAYROLL ACME SALARY" in names
    assert all(not any(ch.isdigit() for ch in name) for name in names)


def test_bursting_one_report_per_account_plus_combined(loader, two_accounts) -> None:
    conn = duckdb.connect()
    loader(conn, two_accounts)
    assert accounts_to_render(conn, "ledger") == ["11112222", "33334444", None]
    ledger_view, statements_view = account_views(conn, "ledger", "statements", "33334444")
    one = build_analysis(conn, ledger_view, statements_view)
    assert [a.account_number for a in one.accounts] == ["33334444"]
    assert one.transaction_count == 30
    combined = build_analysis(conn, "ledger", "statements")
    assert combined.transaction_count == 80 and len(combined.accounts) == 2
    assert combined.monthly and {m.account_number for m in combined.monthly} == {
        "11112222",
        "33334444",
    }


def test_single_account_and_empty_ledgers(conn, loader) -> None:
    assert accounts_to_render(conn, "ledger") == ["12345678"]
    empty = duckdb.connect()
    loader(empty, [([], synthetic_month(transactions=5)[1])])
    assert accounts_to_render(empty, "ledger") == [None]
    analysis = build_analysis(empty, "ledger", "statements")
    assert analysis.transaction_count == 0
    assert analysis.accounts[0].money_in == Decimal("0.00")


def test_rows_without_an_account_go_to_the_combined_report(loader, month) -> None:
    rows, header = month
    rows = [dict(r) for r in rows]
    rows[0]["account_number"] = None
    conn = duckdb.connect()
    loader(conn, [(rows, header)])
    assert accounts_to_render(conn, "ledger") == ["12345678", None]
