"""Locale-aware money and date formatting for reports (no Babel: a small table suffices)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from neurareport_resources.ledger import to_money
from neurareport_resources.templating.sandbox import format_date, format_percent


@dataclass(frozen=True)
class NumberLocale:
    """How one locale writes money and dates."""

    name: str
    group: str
    decimal: str
    symbol_after: bool
    date_format: str
    month_format: str


LOCALES: dict[str, NumberLocale] = {
    "en_GB": NumberLocale("en_GB", ",", ".", False, "%d %b %Y", "%B %Y"),
    "en_US": NumberLocale("en_US", ",", ".", False, "%b %d, %Y", "%B %Y"),
    "en_IE": NumberLocale("en_IE", ",", ".", False, "%d %b %Y", "%B %Y"),
    "de_DE": NumberLocale("de_DE", ".", ",", True, "%d.%m.%Y", "%m/%Y"),
    "fr_FR": NumberLocale("fr_FR", "\u202f", ",", True, "%d/%m/%Y", "%m/%Y"),
    "de_CH": NumberLocale("de_CH", "\u2019", ".", False, "%d.%m.%Y", "%m/%Y"),
    "nl_NL": NumberLocale("nl_NL", ".", ",", False, "%d-%m-%Y", "%m-%Y"),
}
CURRENCY_SYMBOLS = {
    "GBP": "£",
    "EUR": "€",
    "USD": "$",
    "CHF": "CHF",
    "JPY": "¥",
    "SEK": "kr",
    "NOK": "kr",
    "DKK": "kr",
    "PLN": "zł",
    "CAD": "CA$",
    "AUD": "A$",
}
# the locale a statement in this currency is most likely printed in
CURRENCY_LOCALES = {"GBP": "en_GB", "USD": "en_US", "EUR": "de_DE", "CHF": "de_CH"}
DEFAULT_LOCALE = "en_GB"


def locale_for(currency: str | None, requested: str | None = None) -> NumberLocale:
    """The requested locale when known, else the currency's usual one, else en_GB."""
    if requested and requested in LOCALES:
        return LOCALES[requested]
    return LOCALES[CURRENCY_LOCALES.get((currency or "").upper(), DEFAULT_LOCALE)]


def format_amount(value: Any, locale: NumberLocale, currency: str | None = None) -> str:
    """``1234.5`` -> ``1,234.50`` (en_GB) / ``1.234,50`` (de_DE); with ``currency`` a symbol.

    Empty string for ``None``; a value that is not a number is returned as text.
    """
    if value is None or value == "":
        return ""
    try:
        amount = to_money(value if isinstance(value, Decimal) else Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return str(value)
    sign = "-" if amount < 0 else ""
    digits = f"{abs(amount):,.2f}"
    whole, cents = digits.split(".")
    number = whole.replace(",", locale.group) + locale.decimal + cents
    if not currency:
        return sign + number
    symbol = CURRENCY_SYMBOLS.get(currency.upper(), currency.upper())
    if locale.symbol_after:
        return f"{sign}{number}\u00a0{symbol}"
    if len(symbol) > 1 and symbol.isalpha():
        return f"{sign}{symbol}\u00a0{number}"
    return f"{sign}{symbol}{number}"


def format_day(value: Any, locale: NumberLocale, fmt: str | None = None) -> str:
    """A date in the locale's style (or ``fmt``); ISO strings are accepted."""
    return format_date(value, fmt or locale.date_format)


# one percent formatter for every template: the sandbox's default filter
format_ratio = format_percent


def fixed_width(value: Any, width: int, align: str = "left") -> str:
    """Pad or cut ``value`` to exactly ``width`` characters (for monospace ledger lines).

    Text longer than the column is cut with an ellipsis; ``align`` is ``left`` or
    ``right`` (amounts). ``None`` becomes blanks.
    """
    text = "" if value is None else str(value)
    width = max(int(width), 1)
    if len(text) > width:
        text = text[: width - 1] + "…"
    return text.rjust(width) if align == "right" else text.ljust(width)


def hanging(value: Any, indent: int, width: int) -> str:
    """Wrap ``value`` to ``width`` characters; continuation lines start after ``indent`` spaces.

    For the last column of monospace ledger lines: a long description continues under
    itself instead of under the date. Words longer than ``width`` are split.
    """
    import textwrap

    text = "" if value is None else " ".join(str(value).split())
    lines = textwrap.wrap(text, width=max(int(width), 8), break_long_words=True) or [""]
    return ("\n" + " " * int(indent)).join(lines)
