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


def test_an_ocr_date_out_of_the_rows_order_takes_the_one_digit_slip_that_fits() -> None:
    from datetime import date

    from neurareport_resources.extraction.dates import repair_ocr_dates

    period = (date(2024, 1, 1), date(2024, 1, 31))
    dates = [date(2024, 1, d) for d in (2, 5, 6, 3, 8, 12)]  # "08" read as "03"
    assert repair_ocr_dates(dates, [True] * 6, period) == [3]
    assert dates[3] == date(2024, 1, 8)
    # a month misread ("11/08" as "01/08") is brought back inside the period
    dates = [date(2023, 11, 2), date(2023, 1, 8), date(2023, 11, 9)]
    assert repair_ocr_dates(dates, [True] * 3, (date(2023, 11, 1), date(2023, 11, 30))) == [1]
    assert dates[1] == date(2023, 11, 8)
    # newest first is an order too
    dates = [date(2024, 1, d) for d in (12, 8, 3, 6, 5, 2)]
    assert repair_ocr_dates(dates, [True] * 6, period) == [2] and dates[2] == date(2024, 1, 8)


def test_a_date_no_single_slip_explains_or_a_text_layer_date_is_left_as_read() -> None:
    from datetime import date

    from neurareport_resources.extraction.dates import repair_ocr_dates

    period = (date(2024, 1, 1), date(2024, 1, 31))
    dates = [date(2024, 1, d) for d in (2, 5, 6, 3, 9, 12)]
    assert repair_ocr_dates(dates, [False] * 6, period) == []  # text layers are exact
    # either row of a break may be the misread one: "9 > 3" is "3 > 3" or "9 > 9"
    dates = [date(2024, 1, d) for d in (2, 9, 3, 10, 12)]
    assert repair_ocr_dates(dates, [True] * 5, period) == [] and dates[1:3] == [
        date(2024, 1, 9), date(2024, 1, 3)
    ]  # fmt: skip


def test_one_misread_digit_the_totals_prove_is_repaired_without_a_running_balance() -> None:
    from decimal import Decimal as D

    from neurareport_resources.extraction.reconcile import repair_total_slip

    amounts = [D("420.00"), D("-44.80"), D("-1375.40"), D("-16.27")]
    read = [D("420.00"), D("-44.80"), D("-1975.40"), D("-16.27")]  # "3" read as "9"
    opening = D("5441.17")
    closing = opening + sum(amounts, D(0))
    fixed = list(read)
    assert repair_total_slip(fixed, [None] * 4, opening, closing, [True] * 4) == 2
    assert fixed == amounts
    # a sign lost is a slip too
    fixed = [D("420.00"), D("44.80"), D("-1375.40"), D("-16.27")]
    assert repair_total_slip(fixed, [None] * 4, opening, closing, [True] * 4) == 1
    assert fixed == amounts


def test_totals_repair_nothing_they_cannot_pin_to_one_ocr_row() -> None:
    from decimal import Decimal as D

    from neurareport_resources.extraction.reconcile import repair_total_slip

    opening, read = D("100.00"), [D("-15.00"), D("-25.00"), D("50.00")]
    closing = D("120.00")  # 10.00 short: "-25.00" for "-15.00", or "50.00" for "60.00"?
    assert repair_total_slip(list(read), [None] * 3, opening, closing, [True] * 3) is None
    closing = D("110.00") + D("0.55")  # no single digit explains 0.55 on these amounts
    assert repair_total_slip(list(read), [None] * 3, opening, closing, [True] * 3) is None
    fixed = [D("250.00"), D("-44.80"), D("-1975.40"), D("-16.27")]
    closing = D("5441.17") + D("250.00") - D("44.80") - D("1375.40") - D("16.27")
    assert repair_total_slip(fixed, [None] * 4, D("5441.17"), closing, [False] * 4) is None
    # with a running balance the balance proves each row instead
    assert repair_total_slip(fixed, [None, None, D("1.00"), None], D("5441.17"), closing,
                             [True] * 4) is None  # fmt: skip


def test_a_digit_ocr_may_have_lost_makes_the_totals_repair_ambiguous() -> None:
    from decimal import Decimal as D

    from neurareport_resources.extraction.reconcile import repair_total_slip

    # "118.23" read as "18.23" (a digit lost): "321.05" for "221.05" would close as well
    read = [D("321.05"), D("-26.02"), D("-18.23")]
    opening, closing = D("0.00"), D("321.05") - D("26.02") - D("118.23")
    assert repair_total_slip(list(read), [None] * 3, opening, closing, [True] * 3) is None


def test_a_sign_and_a_digit_both_wrong_are_two_slips_not_one() -> None:
    from decimal import Decimal as D

    from neurareport_resources.extraction.reconcile import repair_total_slip

    read = [D("-321.05"), D("-26.02")]  # the payment read as a purchase
    opening, closing = D("0.00"), D("221.05") - D("26.02")
    assert repair_total_slip(list(read), [None] * 2, opening, closing, [True] * 2) is None
