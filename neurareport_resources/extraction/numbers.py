"""Money as statements print it: every grouping and decimal mark, currency marks on either
side, and the sign conventions banks use (minus before or after, parentheses, ``CR``/``DR``,
``S``/``H`` (Soll/Haben), ``OD``/``D`` on overdrawn balances, an explicit ``+``).

Reading is in two steps. :func:`scan_money` recognises a money cell and keeps what was
printed (digits, sign marker, currency) without deciding what it means; the statement-wide
decimal mark (:func:`detect_decimal_separator`) and the column's sign convention are
decided later, from all cells together, because ``1.234`` alone or an unmarked amount alone
is ambiguous.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

# characters banks use to group thousands besides '.' and ','
_GROUP_SPACES = " \u00a0\u202f\u2009'’"
_MINUSES = "-−–—"
_CURRENCY_SYMBOLS = "$€£¥₹₦₩₱₺₽"
_CURRENCY_CODES = (
    "EUR|USD|GBP|CHF|AUD|CAD|JPY|SEK|NOK|DKK|PLN|CZK|NZD|ZAR|INR|SGD|HKD|NGN|MYR|IDR|PHP|THB|"
    "AED|SAR|BRL|MXN|HUF|RON|TRY|CNY|KES|GHS|ILS|ISK|BGN|HRK|RSD|UAH|EGP|MAD|PKR|BDT|LKR|"
    "VND|KRW|TWD|CLP|COP|PEN|ARS|QAR|KWD|BHD|OMR|JOD|TND|XOF|XAF|ZMW|UGX|TZS|"
    "Rs|RS|Rp|Fr|SFr|kr|Kr|KR|Kč|Ft|zł|lei|Lei|Euro|EURO|euro"
)
_CURRENCY = (
    rf"(?:(?:{_CURRENCY_CODES})\.?|[{_CURRENCY_SYMBOLS}]|R\$|S\$|A\$|AU\$|C\$|CA\$|HK\$"
    r"|NZ\$|US\$|R(?=\s?\d))"
)
# the number itself: thousands grouped by threes (or the Indian 2-2-3 grouping), or not at all,
# and exactly two decimals; the decimal mark is whichever mark comes last
_GROUPED = r"\d{1,3}(?:[ \u00a0\u202f\u2009'’.,]\d{3})+"
_INDIAN = r"\d{1,2}(?:,\d{2})+,\d{3}"
_NUMBER = rf"(?:{_GROUPED}|{_INDIAN}|\d+)[.,]\d{{2}}|[.,]\d{{2}}"
# "DB": debet (Indonesian and Malay banks)
_SUFFIX_MARKERS = r"CR|DR|Cr|Dr|cr|dr|DB|Db|OD|od|S|H|D|C|Cr\.|Dr\."
_MONEY = re.compile(
    rf"""^
    (?P<lead>(?:[{_MINUSES}+(]\s*|{_CURRENCY}\s*)*)
    (?P<number>{_NUMBER})
    (?P<trail>(?:\s*(?:[{_MINUSES}+)]|{_CURRENCY}|R(?![A-Za-z$])|\*)|\s*(?:{_SUFFIX_MARKERS})(?![A-Za-z])
        |\s*\((?:CR|DR|Cr|Dr)\))*)
    $""",
    re.VERBOSE,
)
_CODE_IN = re.compile(rf"{_CURRENCY}")
# printed in an empty money cell
BLANK_CELLS = frozenset({"-", "--", "---", "—", "–", "−", "./.", "-,--", "-.--", "0,00-"})


@dataclass(frozen=True, slots=True)
class Money:
    """One money cell as printed: the bare number, its sign marker and currency, if any.

    ``marker`` is the printed sign convention: ``-`` (a minus before or after, or
    parentheses), ``+``, ``CR``, ``DR``, ``S`` (Soll, debit), ``H`` (Haben, credit), ``OD``,
    ``D`` or ``C`` — or None for an unmarked amount, whose sign the column decides.
    """

    number: str
    marker: str | None
    currency: str | None

    def magnitude(self, decimal_sep: str) -> Decimal | None:
        """The unsigned value under the statement's decimal mark, or None if it cannot be."""
        return _magnitude(self.number, decimal_sep)

    @property
    def marker_sign(self) -> int | None:
        """-1 or +1 when the marker alone says which way the money went, else None."""
        return MARKER_SIGNS.get(self.marker) if self.marker else None


# what a marker means on its own (from the account holder's side of a current account)
MARKER_SIGNS: dict[str, int] = {
    "-": -1, "+": 1, "CR": 1, "DR": -1, "DB": -1, "S": -1, "H": 1, "OD": -1, "D": -1, "C": 1,
}  # fmt: skip


@lru_cache(maxsize=65536)
def scan_money(text: str) -> Money | None:
    """``text`` as a money cell (``Money``), or None when it is not one.

    Two decimals are required: a bare ``1,234`` or ``2025`` is a reference, not money.
    """
    s = text.strip()
    if not s or not any(ch.isdigit() for ch in s):
        return None
    match = _MONEY.match(s)
    if match is None:
        return None
    lead, trail = match["lead"], match["trail"]
    # "12,345.00(Cr)": a marker in brackets (Indian banks) is a marker, not a negative
    trail = re.sub(r"\((CR|DR|Cr|Dr)\)", r" \1", trail)
    marker: str | None = None
    if "(" in lead and ")" in trail:
        marker = "-"
    elif "(" in lead or ")" in trail:
        return None  # an unbalanced parenthesis is text, not a bracketed amount
    lead_sign = next((ch for ch in lead if ch in _MINUSES or ch == "+"), None)
    trail_bare = _CODE_IN.sub(" ", trail)
    trail_sign = next((ch for ch in trail_bare if ch in _MINUSES or ch == "+"), None)
    suffix = re.search(rf"(?<![A-Za-z])({_SUFFIX_MARKERS})(?![A-Za-z])", trail_bare)
    if suffix:
        marker = suffix.group(1).rstrip(".").upper()
    elif lead_sign or trail_sign:
        sign = lead_sign or trail_sign
        marker = "+" if sign == "+" else "-"
    currency = None
    code = _CODE_IN.search(lead) or _CODE_IN.search(trail)
    if code:
        currency = code.group(0).rstrip(".")
    return Money(match["number"], marker, currency)


def is_amount_text(text: str) -> bool:
    """True when ``text`` looks like a money amount with two decimals (any convention)."""
    return scan_money(text) is not None


def is_currency_mark(text: str) -> bool:
    """True for a currency code or symbol standing alone ("EUR", "€", "Rs.")."""
    return bool(_CODE_IN.fullmatch(text.strip()))


def is_blank_cell(text: str) -> bool:
    """True for what banks print in an empty money cell (``-``, ``--``, ``./.``)."""
    return text.strip() in BLANK_CELLS


_NUMBER_GAP = re.compile(r"(?<=[\d.,'’])\s+(?=[\d.,'’])")
# OCR reads a minus sign as a quote, tilde or dash variant
_OCR_MINUS = re.compile(r"^[“”\"'~—–_]+(?=\$?\d)")
# "145 94-": a decimal point OCR read as a space or a tilde — two digits after a gap are
# never a thousands group (three are)
_SPACED_DECIMALS = re.compile(
    r"^(-?\(?\d+(?:[.,'’]\d{3})*)(\s*[~·•]\s*|\s+)(\d{2})(\)?\s*(?:[-+]|CR|DR|Cr|Dr|OD|S|H)?)$"
)
# "7.14244": the decimal mark lost, two decimals glued to the last group of three
_LOST_DECIMAL = re.compile(r"^(-?\d{1,3}(?:([.,'])\d{3})*[.,']\d{3})(\d{2})(-?)$")


def amount_text(text: str) -> str | None:
    """``text`` as a money cell, or None; closes OCR gaps inside a number ("3,401 ,973.83")."""
    if is_amount_text(text):
        return text
    if not any(ch.isdigit() for ch in text):
        return None
    squeezed = _NUMBER_GAP.sub("", text)
    if squeezed != text and is_amount_text(squeezed):
        return squeezed
    return None


def repair_ocr_amount(text: str) -> str | None:
    """An OCR-damaged money cell made readable, or None.

    Only for cells already placed under a money column: a stray quote becomes the
    minus it was, and a lost decimal mark is put back before the last two digits
    (the grouping mark in use tells which mark it was). Reconciliation then checks
    every repaired value against the running balance.
    """
    spaced = _SPACED_DECIMALS.match(text.strip())
    if spaced:
        # "145 94-", "8659 10 CR", "75 ~79-": the point read as a space (monospace faces)
        head, _, cents, tail = spaced.groups()
        decimal = "," if re.search(r"\d\.\d{3}", head) else "."
        repaired = f"{head}{decimal}{cents}{tail}"
        if is_amount_text(repaired):
            return repaired
    candidate = _OCR_MINUS.sub("-", _NUMBER_GAP.sub("", text.strip()))
    if is_amount_text(candidate):
        return candidate
    lost = _LOST_DECIMAL.match(candidate)
    if lost:
        group = lost.group(2) or candidate[len(lost.group(1)) - 4]
        decimal = "," if group in ".'" else "."
        repaired = f"{lost.group(1)}{decimal}{lost.group(3)}{lost.group(4)}"
        if is_amount_text(repaired):
            return repaired
    return None


@lru_cache(maxsize=65536)
def _magnitude(number: str, decimal_sep: str) -> Decimal | None:
    """The value of a money cell's number. A money cell always ends in a mark and two
    digits, so that mark is the decimal one whatever the statement's convention (an OCR'd
    "6.907.91" under a comma convention still reads 6907.91); ``decimal_sep`` is kept for
    callers that name the convention."""
    del decimal_sep
    head, mark, tail = number[:-3], number[-3:-2], number[-2:]
    if mark not in ".," or not tail.isdigit():
        return None
    digits = "".join(ch for ch in head if ch.isdigit())
    if len(digits) != sum(ch.isdigit() for ch in head) or (head and not digits):
        return None
    try:
        return Decimal(f"{digits or '0'}.{tail}")
    except InvalidOperation:
        return None


def detect_decimal_separator(samples: Iterable[str]) -> str:
    """Return ``'.'`` or ``','``: the decimal separator most amount cells agree on."""
    votes: Counter[str] = Counter()
    # a few hundred cells settle it; a 1,000-page statement need not vote on every cell
    for raw in itertools.islice(samples, 600):
        money = scan_money(raw)
        if money is None:
            continue
        votes[money.number[-3]] += 1
    if not votes:
        return "."
    return "," if votes[","] > votes["."] else "."


def parse_amount(text: str, decimal_sep: str = ".") -> Decimal | None:
    """Parse a money cell into a signed ``Decimal``; ``None`` when it is not money.

    The marker alone gives the sign (minus, parentheses, ``DR``, ``S``, ``OD``: negative;
    ``CR``, ``H``, ``+`` or none: positive). Columns whose unmarked cells mean the
    opposite are signed by the engine, which sees the whole column.
    """
    money = scan_money(text) if text else None
    if money is None:
        return None
    value = money.magnitude(decimal_sep)
    if value is None:
        return None
    return -value if money.marker_sign == -1 else value


def format_amount(
    value: Decimal,
    decimal_sep: str = ".",
    group_sep: str = ",",
    negative_style: str = "minus",
) -> str:
    """Format ``value`` the way a statement would print it (used by the sample generator).

    ``negative_style``: ``minus`` (-1.00), ``trailing`` (1.00-), ``parens`` ((1.00)),
    ``crdr`` (1.00 DR / 1.00 CR), ``abs`` (no sign).
    """
    quantized = abs(value).quantize(Decimal("0.01"))
    whole, frac = f"{quantized:.2f}".split(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    body = group_sep.join(groups) + decimal_sep + frac
    return apply_negative_style(body, value < 0, negative_style)


def apply_negative_style(text: str, negative: bool, style: str) -> str:
    """Mark ``text`` (an unsigned amount) as negative or positive the way ``style`` prints it."""
    if style == "minus":
        return "-" + text if negative else text
    if style == "trailing":
        return text + "-" if negative else text
    if style == "parens":
        return f"({text})" if negative else text
    if style == "crdr":
        return f"{text} DR" if negative else f"{text} CR"
    return text
