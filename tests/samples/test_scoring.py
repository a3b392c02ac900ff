"""Scoring an extraction's JSON against a randomized statement's truth."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from neurareport_resources.samples.generator import TruthTransaction
from neurareport_resources.samples.randomized import AccountTruth, CorpusTruth
from neurareport_resources.samples.scoring import EMPTY_SCORE, HEADER_FIELDS, score_statement


def _account(number: str, rows: list[TruthTransaction]) -> AccountTruth:
    opening = Decimal("100.00")
    return AccountTruth(
        account_number=number,
        currency="EUR",
        period_start=date(2024, 12, 15),
        period_end=date(2025, 1, 14),
        opening_balance=opening,
        closing_balance=opening + sum((r.amount for r in rows), Decimal(0)),
        holder="Erika Musterfrau",
        transactions=rows,
    )


ROWS_A = [
    TruthTransaction(date(2024, 12, 20), "Miete Dezember", Decimal("-50.00"), Decimal("50.00")),
    TruthTransaction(date(2024, 12, 20), "Miete Dezember", Decimal("-50.00"), None),
    TruthTransaction(date(2025, 1, 2), "Gehalt ACME USD 45.00 @ 1.2712", Decimal("900.00"), None),
]
ROWS_B = [TruthTransaction(date(2025, 1, 3), "Zinsen", Decimal("1.25"), Decimal("11.25"))]
TRUTH = CorpusTruth(
    "t",
    "account",
    [_account("DE89 3704", ROWS_A), _account("12345678", ROWS_B)],
    2,
    {"kind": "account"},
)


def _json(account: AccountTruth, **overrides: Any) -> dict[str, Any]:
    row = {
        "account_number": account.account_number,
        "currency": account.currency,
        "period_start": account.period_start.isoformat(),
        "period_end": account.period_end.isoformat(),
        "opening_balance": f"{account.opening_balance:.2f}",
        "closing_balance": f"{account.closing_balance:.2f}",
        "holder": account.holder,
    }
    row.update(overrides)
    return row


def _txns(rows: list[TruthTransaction]) -> list[dict[str, Any]]:
    return [
        {"date": r.txn_date.isoformat(), "description": r.description, "amount": f"{r.amount:.2f}",
         "balance": None if r.balance is None else f"{r.balance:.2f}"}
        for r in rows
    ]  # fmt: skip


def test_perfect_extraction_with_accounts_scores_one() -> None:
    first, second = TRUTH.accounts
    extracted = {
        **_json(first),
        "transactions": _txns(ROWS_A + ROWS_B),
        # accounts listed in another order: matched by number, not position
        "accounts": [
            _json(second, account_number="12-345-678"),
            _json(first, account_number="DE893704"),
        ],
    }
    score = score_statement(TRUTH, extracted)
    assert score.transactions.f1 == 1.0
    assert score.description_accuracy == 1.0
    assert score.header_accuracy == 1.0


def test_top_level_is_one_account_until_the_engine_lists_accounts() -> None:
    first = TRUTH.accounts[0]
    extracted = {**_json(first, holder="ERIKA  MUSTERFRAU"), "transactions": _txns(ROWS_A)}
    score = score_statement(TRUTH, extracted)
    assert score.header_accounts == 2
    assert score.header_right == dict.fromkeys(HEADER_FIELDS, 1)  # the second account is missing
    assert score.transactions.matched == 3 and score.transactions.expected == 4
    assert score.transactions.precision == 1.0


def test_wrong_balance_wrong_description_and_extra_row_count() -> None:
    rows = _txns(ROWS_A)
    rows[0]["balance"] = "-50.00"  # sign lost: the row does not match
    rows[2]["description"] = "Gehalt ACME"  # FX line dropped: matched, description wrong
    rows.append(
        {"date": "2025-01-14", "description": "Seite 1 von 2", "amount": "2.00", "balance": None}
    )
    score = score_statement(TRUTH, {"transactions": rows, "accounts": []})
    assert (score.transactions.matched, score.transactions.extracted) == (2, 4)
    assert score.date_amount.matched == 3
    assert (score.described, score.description_exact) == (2, 1)
    assert 0.5 < score.description_char_similarity < 1.0


def test_failed_extraction_counts_every_truth_row_as_missed() -> None:
    score = score_statement(TRUTH, None)
    assert score.transactions.f1 == 0.0 and score.transactions.expected == 4
    assert score.header_accuracy == 0.0
    total = EMPTY_SCORE + score + score
    assert total.transactions.expected == 8 and total.header_accounts == 4


@pytest.mark.parametrize("bad", ["not-a-date", None, ""])
def test_unreadable_values_do_not_crash(bad: Any) -> None:
    rows = [{"date": bad, "amount": bad, "balance": bad, "description": None}]
    score = score_statement(TRUTH, {"transactions": rows, "period_start": bad})
    assert score.transactions.matched == 0
