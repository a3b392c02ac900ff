"""Report figures: reconciliation, categories, balances, recurring payments, bursting."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import duckdb

from neurareport_resources.analysis import account_views, accounts_to_render, build_analysis
from neurareport_resources.analysis.synthetic import described_rows, synthetic_month


def test_summary_matches_thedescribed_rows(analysis, month) -> None:
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


def _analysis_with_history(months: list[list[dict]]):
    """Analysis of the last month in ``months`` with the earlier ones as history."""
    from neurareport_resources.analysis import categorize
    from neurareport_resources.analysis.synthetic import ledger_table, statements_table

    conn = duckdb.connect()
    conn.register("raw_history", ledger_table([r for month in months[:-1] for r in month]))
    conn.register("history", categorize(conn, "raw_history"))
    conn.register("raw", ledger_table(months[-1]))
    conn.register("ledger", categorize(conn, "raw", history="history"))
    conn.register("statements", statements_table([]))
    return build_analysis(conn, "ledger", "statements", history="history")


def _ordinary_month(period: dt.date, supplies: str = "-300.00") -> list[dict]:
    return described_rows(
        [
            ("SALARY ACME LOGISTICS", "4200.00"),
            ("DD LANDLORD RENT", "-1450.00"),
            ("DD OCTOPUS ENERGY", "-118.40"),
            ("CARD PAYMENT TO TESCO STORES", "-96.80"),
            ("CARD PAYMENT TO TESCO STORES", "-74.35"),
            ("WIDGETWERK KG", supplies),
        ],
        period,
    )


def test_a_payee_taking_85_percent_of_the_months_spend_is_flagged() -> None:
    months = [_ordinary_month(dt.date(2025, m, 1)) for m in (8, 9, 10)]
    # November: WIDGETWERK takes 11,000 of ~12,740 money out (86 %)
    months.append(_ordinary_month(dt.date(2025, 11, 1), supplies="-11000.00"))
    analysis = _analysis_with_history(months)
    shares = [o for o in analysis.outliers if o.kind == "payee_share"]
    assert [o.counterparty for o in shares] == ["WIDGETWERK KG"]
    (widget,) = shares
    assert widget.share == Decimal("0.8635")
    assert widget.usual == Decimal("0.1471") and widget.months_compared == 3
    assert "took 86 % of this month's money out" in widget.explanation
    assert "on average 15 % over 3 earlier month(s)" in widget.explanation
    # the same single payment is also far above that payee's usual amount
    amounts = [o for o in analysis.outliers if o.kind == "amount"]
    assert [(o.counterparty, o.compared_with, o.usual) for o in amounts] == [
        ("WIDGETWERK KG", "payee", Decimal("300.00"))
    ]


def test_a_payee_that_always_takes_most_of_the_spend_is_not_flagged() -> None:
    # rent is 80 % of money out every month: usual for this tenant, so not an outlier
    months = [
        described_rows([("DD LANDLORD RENT", "-1450.00"), ("DD OCTOPUS ENERGY", "-362.50")], p)
        for p in (dt.date(2025, 9, 1), dt.date(2025, 10, 1), dt.date(2025, 11, 1))
    ]
    assert _analysis_with_history(months).outliers == []


def test_an_ordinary_month_has_no_outliers_and_the_first_month_compares_with_itself() -> None:
    months = [_ordinary_month(dt.date(2025, m, 1)) for m in (9, 10, 11)]
    assert _analysis_with_history(months).outliers == []
    first = _analysis_with_history([_ordinary_month(dt.date(2025, 9, 1), "-9000.00")])
    (share,) = [o for o in first.outliers if o.kind == "payee_share"]
    assert share.usual is None and "no earlier month to compare with" in share.explanation


def test_this_month_against_the_previous_month_and_the_year_to_date() -> None:
    months = [_ordinary_month(dt.date(2025, m, 1)) for m in (10, 11)]
    months.append(_ordinary_month(dt.date(2025, 12, 1), supplies="-500.00"))
    comparison = _analysis_with_history(months).comparison
    assert comparison is not None and comparison.previous_available
    assert (comparison.period, comparison.previous_period) == (
        dt.date(2025, 12, 1),
        dt.date(2025, 11, 1),
    )
    assert comparison.months_in_year == 3
    money_out = comparison.totals[1]
    assert money_out.label == "Money out"
    assert money_out.this_month == Decimal("-2239.55")
    assert money_out.previous_month == Decimal("-2039.55")
    assert money_out.year_to_date == Decimal("-6318.65")
    assert money_out.change == Decimal("-200.00")
    widgets = {line.label: line for line in comparison.categories}
    # WIDGETWERK has no rule: 300.00 in October and November recurred, 500.00 does not
    recurring, left = widgets["recurring payments"], widgets["uncategorised"]
    assert (recurring.this_month, recurring.previous_month) == (Decimal("0.00"), Decimal("-300.00"))
    assert (left.this_month, left.previous_month) == (Decimal("-500.00"), Decimal("0.00"))
    # January of a year with no December before it: nothing to compare with
    january = _analysis_with_history([_ordinary_month(dt.date(2026, 1, 1))]).comparison
    assert january is not None and not january.previous_available
    assert january.totals[0].previous_month is None and january.totals[0].change is None


def test_a_new_payee_far_above_anything_the_tenant_paid_before_is_flagged() -> None:
    months = [_ordinary_month(dt.date(2025, m, 1)) for m in (8, 9, 10)]
    november = _ordinary_month(dt.date(2025, 11, 1))
    november += described_rows([("ACME MACHINERY GMBH", "-25000.00")], dt.date(2025, 11, 1))
    amounts = [
        o for o in _analysis_with_history([*months, november]).outliers if o.kind == "amount"
    ]
    assert [(o.counterparty, o.compared_with) for o in amounts] == [
        ("ACME MACHINERY GMBH", "tenant")
    ]
    assert "none was this large" in amounts[0].explanation
