from datetime import date
from decimal import Decimal as D

from neurareport_assets.rules.ledger_checks import (
    dates_inside_period,
    no_duplicate_rows,
    opening_plus_net_equals_closing,
    running_balance_continuous,
)

STATEMENT = {
    "statement_id": "abc" * 10,
    "file_name": "jan.pdf",
    "account_number": "123",
    "opening_balance": D("100.00"),
    "closing_balance": D("70.00"),
    "period_start": date(2025, 1, 1),
    "period_end": date(2025, 1, 31),
}


def row(n, day, amount, balance, description="coffee"):
    return {
        "statement_id": STATEMENT["statement_id"],
        "account_number": STATEMENT["account_number"],
        "txn_date": date(2025, 1, day),
        "description": description,
        "amount": D(amount),
        "balance": None if balance is None else D(balance),
        "page": 1,
        "row_no": n,
    }


GOOD = [row(1, 2, "-10.00", "90.00"), row(2, 3, "-20.00", "70.00")]


def test_a_reconciled_ledger_passes_every_rule():
    assert running_balance_continuous(GOOD, [STATEMENT]).passed
    assert opening_plus_net_equals_closing(GOOD, [STATEMENT]).passed
    assert no_duplicate_rows(GOOD, [STATEMENT]).passed
    assert dates_inside_period(GOOD, [STATEMENT], date(2025, 1, 1), date(2025, 1, 31)).passed


def test_a_break_in_the_running_balance_points_at_the_row():
    rows = [row(1, 2, "-10.00", "90.00"), row(2, 3, "-20.00", "71.00"), row(3, 4, "1.00", "72.00")]
    outcome = running_balance_continuous(rows, [STATEMENT])
    assert not outcome.passed and outcome.failures == 1
    assert outcome.first_failure["row_no"] == 2
    assert outcome.first_failure["expected"] == "70.00"
    assert outcome.first_failure["file"] == "jan.pdf"


def test_rows_without_printed_balance_carry_the_computed_one():
    rows = [row(1, 2, "-10.00", None), row(2, 3, "-20.00", "70.00")]
    assert running_balance_continuous(rows, [STATEMENT]).passed


def test_closing_mismatch_and_missing_header_fail():
    assert not opening_plus_net_equals_closing(GOOD[:1], [STATEMENT]).passed
    missing = {**STATEMENT, "closing_balance": None}
    outcome = opening_plus_net_equals_closing(GOOD, [missing])
    assert not outcome.passed and "not found" in outcome.first_failure["problem"]


def test_duplicates_and_dates_outside_the_period():
    dup = [*GOOD, {**GOOD[1], "row_no": 3}]
    assert no_duplicate_rows(dup, [STATEMENT]).first_failure["row_no"] == 3
    late = [*GOOD, {**row(3, 5, "1.00", "71.00"), "txn_date": date(2025, 2, 3)}]
    outcome = dates_inside_period(late, [STATEMENT], date(2025, 1, 1), date(2025, 1, 31))
    assert not outcome.passed and outcome.first_failure["row_no"] == 3


def test_two_accounts_in_one_file_are_checked_apart() -> None:
    second = {**STATEMENT, "account_number": "456", "opening_balance": D("5.00"),
              "closing_balance": D("6.00")}  # fmt: skip
    other = {**row(1, 4, "1.00", "6.00"), "account_number": "456"}
    rows = [*GOOD, other]
    assert running_balance_continuous(rows, [STATEMENT, second]).passed
    outcome = opening_plus_net_equals_closing(rows, [STATEMENT, second])
    assert outcome.passed and outcome.checked == 2
