"""How the randomized generator prints numbers, signs and dates.

Written independently of the extraction engine's parsers on purpose: a misreading
shared by the printer and the reader would hide in both and never show in a score.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from neurareport_resources.samples.vocabulary import MONTHS

THIN_SPACE = "\u2009"
GROUP_SEPARATORS = {
    "comma": ",",
    "dot": ".",
    "space": " ",
    "thin_space": THIN_SPACE,
    "apostrophe": "'",
    "none": "",
}
DECIMAL_MARKS = {"dot": ".", "comma": ","}

# how a signed amount shows its direction; the pair is (negative, positive) decoration
AMOUNT_SIGN_STYLES = (
    "leading_minus",  # -1,234.56 / 1,234.56
    "explicit_plus",  # -1,234.56 / +1,234.56
    "trailing_minus",  # 1.234,56- / 1.234,56
    "trailing_both",  # 1.234,56- / 1.234,56+
    "parentheses",  # (1,234.56) / 1,234.56
    "cr_dr",  # 1,234.56 DR / 1,234.56 CR
    "cr_only",  # 1,234.56 / 1,234.56 CR
    "s_h",  # 1.234,56 S / 1.234,56 H (Soll / Haben)
)
# how a balance shows it is overdrawn
BALANCE_SIGN_STYLES = ("minus", "trailing_minus", "cr_dr", "od", "dr", "s_h", "parentheses")
CURRENCY_PLACEMENTS = ("none", "symbol_before", "symbol_after", "code_before", "code_after")


@dataclass(frozen=True)
class NumberStyle:
    """Thousands grouping, decimal mark and the currency glued to money cells."""

    group: str  # a key of GROUP_SEPARATORS
    decimal: str  # a key of DECIMAL_MARKS
    currency_placement: str = "none"
    currency_symbol: str = ""
    currency_code: str = ""
    glued: bool = True  # "€12.50" vs "€ 12.50"

    def digits(self, value: Decimal) -> str:
        """``|value|`` with two decimals, grouped: ``1234567.8`` -> ``1.234.567,80``."""
        cents = abs(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
        whole, fraction = f"{cents:f}".split(".")
        separator = GROUP_SEPARATORS[self.group]
        if separator:
            groups: list[str] = []
            while len(whole) > 3:
                groups.insert(0, whole[-3:])
                whole = whole[:-3]
            groups.insert(0, whole)
            whole = separator.join(groups)
        return whole + DECIMAL_MARKS[self.decimal] + fraction

    def with_currency(self, body: str) -> tuple[str, str]:
        """The text before and after the number for the currency mark (either may be '')."""
        gap = "" if self.glued else " "
        placement = self.currency_placement
        if placement == "symbol_before":
            return self.currency_symbol + gap, ""
        if placement == "symbol_after":
            return "", " " + self.currency_symbol if not self.glued else self.currency_symbol
        if placement == "code_before":
            return self.currency_code + " ", ""
        if placement == "code_after":
            return "", " " + self.currency_code
        return "", ""


def signed_amount(value: Decimal, numbers: NumberStyle, style: str) -> str:
    """``value`` printed with the sign ``style`` (one of AMOUNT_SIGN_STYLES)."""
    negative = value < 0
    body = numbers.digits(value)
    before, after = numbers.with_currency(body)
    if style == "leading_minus":
        return ("-" if negative else "") + before + body + after
    if style == "explicit_plus":
        return ("-" if negative else "+") + before + body + after
    if style == "trailing_minus":
        return before + body + ("-" if negative else "") + after
    if style == "trailing_both":
        return before + body + ("-" if negative else "+") + after
    if style == "parentheses":
        return f"({before}{body}{after})" if negative else before + body + after
    if style == "cr_dr":
        return before + body + after + (" DR" if negative else " CR")
    if style == "cr_only":
        return before + body + after + ("" if negative else " CR")
    if style == "s_h":
        return before + body + after + (" S" if negative else " H")
    if style == "unsigned":
        return before + body + after
    raise ValueError(f"unknown amount sign style {style!r}")


def signed_balance(value: Decimal, numbers: NumberStyle, style: str) -> str:
    """A balance printed with the overdrawn ``style`` (one of BALANCE_SIGN_STYLES)."""
    negative = value < 0
    body = numbers.digits(value)
    before, after = numbers.with_currency(body)
    plain = before + body + after
    if style == "minus":
        return ("-" if negative else "") + plain
    if style == "trailing_minus":
        return before + body + ("-" if negative else "") + after
    if style == "cr_dr":
        return plain + (" DR" if negative else " CR")
    if style == "od":
        return plain + (" OD" if negative else "")
    if style == "dr":
        return plain + ("DR" if negative else "")
    if style == "s_h":
        return plain + (" S" if negative else " H")
    if style == "parentheses":
        return f"({plain})" if negative else plain
    raise ValueError(f"unknown balance sign style {style!r}")


# ------------------------------------------------------------------------------- dates
# key -> (example, needs a month name, prints the year)
DATE_FORMATS = {
    "dd.mm.": ("05.03.", False, False),
    "dd.mm.yyyy": ("05.03.2025", False, True),
    "dd.mm.yy": ("05.03.25", False, True),
    "dd/mm/yyyy": ("05/03/2025", False, True),
    "dd/mm/yy": ("05/03/25", False, True),
    "dd/mm": ("05/03", False, False),
    "mm/dd/yyyy": ("03/05/2025", False, True),
    "mm/dd/yy": ("03/05/25", False, True),
    "mm/dd": ("03/05", False, False),
    "yyyy-mm-dd": ("2025-03-05", False, True),
    "dd-mm-yyyy": ("05-03-2025", False, True),
    "d Mon": ("5 Mar", True, False),
    "Mon d": ("Mar 5", True, False),
    "dd Mon yyyy": ("05 Mar 2025", True, True),
    "dd-Mon-yy": ("05-Mar-25", True, True),
    "d Month yyyy": ("5 March 2025", True, True),
}


def format_date(day: date, fmt: str, language: str) -> str:
    """``day`` printed in ``fmt`` (a key of DATE_FORMATS) with ``language``'s month names."""
    abbreviations = MONTHS[language][0]
    d, m, y = day.day, day.month, day.year
    yy = f"{y % 100:02d}"
    abbreviation = abbreviations[m - 1]
    if fmt == "dd.mm.":
        return f"{d:02d}.{m:02d}."
    if fmt == "dd.mm.yyyy":
        return f"{d:02d}.{m:02d}.{y}"
    if fmt == "dd.mm.yy":
        return f"{d:02d}.{m:02d}.{yy}"
    if fmt == "dd/mm/yyyy":
        return f"{d:02d}/{m:02d}/{y}"
    if fmt == "dd/mm/yy":
        return f"{d:02d}/{m:02d}/{yy}"
    if fmt == "dd/mm":
        return f"{d:02d}/{m:02d}"
    if fmt == "mm/dd/yyyy":
        return f"{m:02d}/{d:02d}/{y}"
    if fmt == "mm/dd/yy":
        return f"{m:02d}/{d:02d}/{yy}"
    if fmt == "mm/dd":
        return f"{m:02d}/{d:02d}"
    if fmt == "yyyy-mm-dd":
        return f"{y}-{m:02d}-{d:02d}"
    if fmt == "dd-mm-yyyy":
        return f"{d:02d}-{m:02d}-{y}"
    if fmt == "d Mon":
        return f"{d} {abbreviation}"
    if fmt == "Mon d":
        return f"{abbreviation} {d}"
    if fmt == "dd Mon yyyy":
        return f"{d:02d} {abbreviation} {y}"
    if fmt == "dd-Mon-yy":
        return f"{d:02d}-{abbreviation.rstrip('.')}-{yy}"
    if fmt == "d Month yyyy":
        return long_date(day, language)
    raise ValueError(f"unknown date format {fmt!r}")


def long_date(day: date, language: str) -> str:
    """A date written out the way a letter would in ``language``: '5. März 2025'."""
    name = MONTHS[language][1][day.month - 1]
    if language == "en":
        return f"{day.day} {name} {day.year}"
    if language == "de":
        return f"{day.day}. {name} {day.year}"
    if language in ("es", "pt"):
        return f"{day.day} de {name} de {day.year}"
    return f"{day.day} {name} {day.year}"


def format_rate(rate: Decimal, numbers: NumberStyle) -> str:
    """An exchange rate with four decimals in the statement's decimal mark."""
    text = f"{rate.quantize(Decimal('0.0001')):f}"
    return text.replace(".", DECIMAL_MARKS[numbers.decimal])
