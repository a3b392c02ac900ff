"""Property-based tests of the number and date parsers, plus the awkward cases by name."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neurareport_resources.extraction.dates import (
    detect_day_first,
    find_dates,
    looks_like_date,
    parse_date,
)
from neurareport_resources.extraction.numbers import (
    amount_text,
    detect_decimal_separator,
    format_amount,
    is_amount_text,
    parse_amount,
)
from neurareport_resources.samples import families

CONVENTIONS = [(".", ","), (",", "."), (",", " "), (".", "'"), (".", ""), (",", "\u202f")]
STYLES = ["minus", "trailing", "parens", "crdr"]
money = st.decimals(
    min_value=Decimal("-99999999.99"), max_value=Decimal("99999999.99"), places=2
).filter(lambda d: d.is_finite())


@settings(max_examples=400, deadline=None)
@given(value=money, convention=st.sampled_from(CONVENTIONS), style=st.sampled_from(STYLES))
def test_amount_round_trip(value: Decimal, convention: tuple[str, str], style: str) -> None:
    decimal_sep, group_sep = convention
    text = format_amount(value, decimal_sep, group_sep, style)
    assert is_amount_text(text), text
    assert parse_amount(text, decimal_sep) == value


@settings(max_examples=200, deadline=None)
@given(
    value=money,
    symbol=st.sampled_from(["$", "€", "£", "EUR ", "CHF "]),
    trailing=st.booleans(),
)
def test_currency_symbols_do_not_change_the_value(
    value: Decimal, symbol: str, trailing: bool
) -> None:
    body = format_amount(abs(value), ".", ",", "abs")
    text = f"{body} {symbol.strip()}" if trailing else f"{symbol}{body}"
    if value < 0:
        text = "-" + text
    assert parse_amount(text, ".") == value


@settings(max_examples=200, deadline=None)
@given(
    values=st.lists(money.filter(lambda d: abs(d) >= 1), min_size=3, max_size=30),
    convention=st.sampled_from(CONVENTIONS),
)
def test_decimal_separator_is_decided_per_statement(
    values: list[Decimal], convention: tuple[str, str]
) -> None:
    decimal_sep, group_sep = convention
    cells = [format_amount(v, decimal_sep, group_sep, "minus") for v in values]
    assert detect_decimal_separator(cells) == decimal_sep
    assert [parse_amount(c, decimal_sep) for c in cells] == values


@pytest.mark.parametrize(
    ("text", "decimal_sep", "expected"),
    [
        ("1,234.56", ".", "1234.56"),
        ("1.234,56", ",", "1234.56"),
        ("1 234,56", ",", "1234.56"),
        ("1'234.56", ".", "1234.56"),
        ("(12.50)", ".", "-12.50"),
        ("12.50-", ".", "-12.50"),
        ("-12.50", ".", "-12.50"),
        ("−12.50", ".", "-12.50"),
        ("12.50 DR", ".", "-12.50"),
        ("12.50 CR", ".", "12.50"),
        ("-$1,234.56", ".", "-1234.56"),
        ("($1,234.56)", ".", "-1234.56"),
        ("12,50 €", ",", "12.50"),
        ("EUR 1.234,56", ",", "1234.56"),
        ("1.234", ",", None),  # no cents: a reference number, not money
        ("CARD 1234", ".", None),
        ("", ".", None),
        ("12.34.56", ".", None),
    ],
)
def test_amount_cases(text: str, decimal_sep: str, expected: str | None) -> None:
    result = parse_amount(text, decimal_sep)
    assert result == (None if expected is None else Decimal(expected))


def test_ocr_gaps_inside_numbers_are_closed() -> None:
    assert amount_text("3,401 ,973.83") == "3,401,973.83"
    assert amount_text("6.867 ,22") == "6.867,22"
    assert amount_text("INVOICE 2025 118") is None


DATE_FORMATS = [
    families.d_mon_yyyy,
    families.dmy_slash,
    families.iso,
    families.dmy_dot,
    families.dmy_dot_short,
    families.d_mon_fr,
    families.d_mon_es,
    families.d_month_de,
    lambda d: f"{families._EN[d.month - 1]} {d.day:02d}, {d.year}",
    lambda d: f"{d.day} de {('enero','febrero','marzo','abril','mayo','junio','julio','agosto','septiembre','octubre','noviembre','diciembre')[d.month - 1]} de {d.year}",
    lambda d: f"{d.day}. {('Januar','Februar','März','April','Mai','Juni','Juli','August','September','Oktober','November','Dezember')[d.month - 1]} {d.year}",
    lambda d: f"{d.year}/{d.month:02d}/{d.day:02d}",  # East Asian banks
    lambda d: f"{d.year}.{d.month:02d}.{d.day:02d}.",  # Hungarian banks
    lambda d: f"{d.day:02d}{families._EN[d.month - 1].upper()}{d.year % 100:02d}",  # "12MAR23"
    lambda d: f"{d.day} {('janvier','février','mars','avril','mai','juin','juillet','août','septembre','octobre','novembre','décembre')[d.month - 1]} {d.year}",
    lambda d: f"{families._EN[d.month - 1].upper()}{d.day:02d}/{d.year % 100:02d}",  # "MAR01/23"
    lambda d: f"{d.day:02d}.{families._EN[d.month - 1]}.{d.year}",  # "12.Mar.2023"
    lambda d: f"{d.day:02d}/{d.month:02d}/{d.year + 543}",  # Thai banks: the Buddhist era
    lambda d: f"{d.day} {('Januari','Februari','Maret','April','Mei','Juni','Juli','Agustus','September','Oktober','November','Desember')[d.month - 1]} {d.year}",
]  # fmt: skip
dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))


@settings(max_examples=400, deadline=None)
@given(value=dates, fmt=st.sampled_from(DATE_FORMATS))
def test_date_round_trip(value: date, fmt) -> None:
    text = fmt(value)
    assert looks_like_date(text), text
    assert parse_date(text, day_first=True) == value


@settings(max_examples=200, deadline=None)
@given(value=dates)
def test_month_first_dates(value: date) -> None:
    assert parse_date(families.mdy_slash(value), day_first=False) == value


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2050, 12, 1)),
    offset=st.integers(min_value=0, max_value=30),
    fmt=st.sampled_from([families.d_mon, families.mon_d, lambda d: f"{d.day:02d}.{d.month:02d}."]),
)
def test_dates_without_a_year_take_it_from_the_period(start: date, offset: int, fmt) -> None:
    period = (start, start + timedelta(days=30))
    value = start + timedelta(days=offset)
    assert parse_date(fmt(value), period=period) == value


def test_a_cycle_across_new_year() -> None:
    period = (date(2024, 12, 15), date(2025, 1, 14))
    assert parse_date("20 Dec", period=period) == date(2024, 12, 20)
    assert parse_date("Jan 03", period=period) == date(2025, 1, 3)
    assert parse_date("03.01.", period=period) == date(2025, 1, 3)


@settings(max_examples=200, deadline=None)
@given(values=st.lists(dates, min_size=1, max_size=40))
def test_day_first_is_decided_from_the_values(values: list[date]) -> None:
    ambiguous = all(d.day <= 12 for d in values)
    day_first = detect_day_first([families.dmy_slash(d) for d in values])
    month_first = detect_day_first([families.mdy_slash(d) for d in values])
    if ambiguous:
        assert day_first is None and month_first is None
    else:
        assert day_first is True and month_first is False


def test_period_line() -> None:
    assert find_dates("Statement period 01 Jan 2025 to 31 Jan 2025") == [
        date(2025, 1, 1),
        date(2025, 1, 31),
    ]
    assert find_dates("Période du 1 févr. 2025 au 28 févr. 2025") == [
        date(2025, 2, 1),
        date(2025, 2, 28),
    ]


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("1 March to 31 March 2023", (date(2023, 3, 1), date(2023, 3, 31))),
        ("15 December to 14 January 2024", (date(2023, 12, 15), date(2024, 1, 14))),
        # a spaced dash between day-month dates is no two-digit year ("1 Mar - 31" is not 2031)
        ("1 Mar - 31 Mar 2023", (date(2023, 3, 1), date(2023, 3, 31))),
        ("STATEMENT PERIOD: MAR01/23 - MAR31/23", (date(2023, 3, 1), date(2023, 3, 31))),
    ],
)
def test_a_period_whose_start_prints_no_year_takes_the_ends(text: str, period) -> None:
    from neurareport_resources.extraction.header import _period

    assert _period(None, [text], day_first=True) == period


@pytest.mark.parametrize("text", ["CARD 1234", "12.50", "Total", "2025", "INVOICE 2025-118"])
def test_non_dates(text: str) -> None:
    assert not looks_like_date(text)
