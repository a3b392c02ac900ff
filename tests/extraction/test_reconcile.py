"""Reconciliation: walking the running balance, choosing a reading, repairing OCR misreads."""

from __future__ import annotations

from decimal import Decimal as D

from neurareport_resources.extraction.reconcile import (
    Candidate,
    choose_reading,
    reconcile_balances,
    repair_misreads,
)

AMOUNTS = [D("-10.00"), D("25.50"), D("-3.25"), D("100.00")]
BALANCES: list[D | None] = [D("90.00"), D("115.50"), D("112.25"), D("212.25")]
ROWS = [(i + 1, 1) for i in range(4)]


def test_consistent_statement_reconciles() -> None:
    result = reconcile_balances(AMOUNTS, BALANCES, ROWS, D("100.00"), D("212.25"))
    assert result.ok and result.opening_plus_net_equals_closing
    assert result.running_balance_breaks == []


def test_a_break_names_the_first_bad_row() -> None:
    balances = list(BALANCES)
    balances[1] = D("151.50")
    result = reconcile_balances(AMOUNTS, balances, ROWS, D("100.00"), D("212.25"))
    assert not result.ok
    first = result.running_balance_breaks[0]
    assert first["row_no"] == 2 and first["expected"] == D("115.50")
    assert first["printed"] == D("151.50")


def test_closing_mismatch_is_reported() -> None:
    result = reconcile_balances(AMOUNTS, BALANCES, ROWS, D("100.00"), D("999.00"))
    assert not result.ok and not result.opening_plus_net_equals_closing
    assert "999.00" in result.message


def test_flipped_reading_wins_when_balances_say_so() -> None:
    printed_from_bank_side = [-a for a in AMOUNTS]
    chosen = choose_reading(
        [Candidate("as_read", printed_from_bank_side), Candidate("flipped", AMOUNTS)],
        BALANCES,
        D("100.00"),
        D("212.25"),
    )
    assert chosen.name == "flipped"


def test_ocr_balance_misread_is_repaired_only_on_ocr_rows() -> None:
    balances = list(BALANCES)
    balances[1] = D("145.50")  # OCR read 1 as 4
    fixed = repair_misreads(list(AMOUNTS), balances, D("100.00"), [True] * 4)
    assert fixed == [1] and balances == BALANCES
    balances = list(BALANCES)
    balances[1] = D("145.50")
    assert repair_misreads(list(AMOUNTS), balances, D("100.00"), [False] * 4) == []
    assert balances[1] == D("145.50")


def test_ocr_amount_misread_is_repaired() -> None:
    amounts = list(AMOUNTS)
    amounts[2] = D("-8.25")  # OCR read 3 as 8
    fixed = repair_misreads(amounts, list(BALANCES), D("100.00"), [True] * 4)
    assert fixed == [2] and amounts == AMOUNTS
