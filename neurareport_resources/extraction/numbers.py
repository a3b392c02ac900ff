"""Money parsing: sign markers, currency symbols and the four thousand/decimal conventions.

The decimal separator is decided once per statement (``detect_decimal_separator``)
from all amount cells, never per cell, because ``1.234`` alone is ambiguous.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

# characters banks use to group thousands besides '.' and ','
_GROUP_SPACES = " \u00a0\u202f\u2009'’"
_CURRENCY = r"(?:[A-Z]{3}|[$€£¥₹]|Fr\.|SFr\.?)"
_MINUSES = "-−–"

_CORE = re.compile(
    r"^(?:\d{1,3}(?:[ \u00a0\u202f\u2009'’.,]\d{3})+|\d+)(?:[.,]\d{1,2})?$|^[.,]\d{2}$"
)
# cheap recogniser used to decide whether a cell holds money (two decimals required)
_AMOUNT_LIKE = re.compile(
    rf"^\(?\s*[{_MINUSES}+]?\s*{_CURRENCY}?\s*[{_MINUSES}+]?\s*\(?"
    r"\d{1,3}(?:[ \u00a0\u202f\u2009'’.,]?\d{3})*[.,]\d{2}"
    rf"\)?\s*(?:{_CURRENCY})?\s*(?:[{_MINUSES}+]|CR|DR|Cr|Dr|cr|dr)?\s*\)?\s*(?:CR|DR|Cr|Dr)?$"
)


def is_amount_text(text: str) -> bool:
    """True when ``text`` looks like a money amount with two decimals (any convention)."""
    return bool(_AMOUNT_LIKE.match(text.strip()))


_NUMBER_GAP = re.compile(r"(?<=[\d.,'’])\s+(?=[\d.,'’])")


# OCR reads a minus sign as a quote, tilde or dash variant
_OCR_MINUS = re.compile(r"^[“”\"'~—–_]+(?=\$?\d)")
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


_PLAIN = re.compile(r"^(-?)(\d[\d.,' \u00a0\u202f\u2009’]*)$")


def _strip_markers(text: str) -> tuple[str, int | None]:
    """Remove currency and sign markers; return the bare number and the sign they imply."""
    s = text.strip()
    plain = _PLAIN.match(s)
    if plain:  # the common case: digits and separators, maybe a leading minus
        return plain.group(2).rstrip(), (-1 if plain.group(1) else None)
    sign: int | None = None
    suffix = re.search(r"\s*(CR|DR)\.?$", s, flags=re.IGNORECASE)
    if suffix:
        sign = 1 if suffix.group(1).upper() == "CR" else -1
        s = s[: suffix.start()].strip()
    if s.startswith("(") and s.endswith(")"):
        sign = -1
        s = s[1:-1].strip()
    s = re.sub(rf"^{_CURRENCY}\s*|\s*{_CURRENCY}$", "", s).strip()
    if s and s[0] in _MINUSES:
        sign = -1
        s = s[1:].strip()
    elif s.startswith("+"):
        sign = 1
        s = s[1:].strip()
    if s and s[-1] in _MINUSES:
        sign = -1
        s = s[:-1].strip()
    elif s.endswith("+"):
        sign = 1
        s = s[:-1].strip()
    # a currency symbol may sit inside the sign: "-$12.50", "$-12.50"
    s = re.sub(rf"^{_CURRENCY}\s*|\s*{_CURRENCY}$", "", s).strip()
    if s and s[0] in _MINUSES:
        sign = -1
        s = s[1:].strip()
    return s, sign


def detect_decimal_separator(samples: Iterable[str]) -> str:
    """Return ``'.'`` or ``','``: the decimal separator most amount cells agree on."""
    votes: Counter[str] = Counter()
    # a few hundred cells settle it; a 1,000-page statement need not vote on every cell
    for raw in itertools.islice(samples, 600):
        core, _ = _strip_markers(raw)
        match = re.search(r"([.,])(\d+)$", core)
        if not match:
            continue
        sep, digits = match.groups()
        if len(digits) == 2:
            votes[sep] += 1
        elif len(digits) == 3:
            # "1.234" ends with a group of three: the other mark is the decimal one
            votes["," if sep == "." else "."] += 1
    if not votes:
        return "."
    return "," if votes[","] > votes["."] else "."


def parse_amount(text: str, decimal_sep: str = ".") -> Decimal | None:
    """Parse a money cell into a signed ``Decimal``; ``None`` when it is not a number.

    Negative markers: leading/trailing minus, parentheses, ``DR``; ``CR`` is positive.
    ``decimal_sep`` is the statement's decimal separator; every other mark groups thousands.
    """
    if not text or not text.strip():
        return None
    core, sign = _strip_markers(text)
    if not core or not _CORE.match(core):
        return None
    group_seps = _GROUP_SPACES + ("," if decimal_sep == "." else ".")
    head, _, tail = core.rpartition(decimal_sep) if decimal_sep in core else (core, "", "")
    if decimal_sep in head or len(tail) > 2:
        return None
    for mark in group_seps:
        head = head.replace(mark, "")
    digits = f"{head}.{tail}" if tail else head
    try:
        value = Decimal(digits if digits[0] != "." else "0" + digits)
    except (InvalidOperation, IndexError):
        return None
    return -value if sign == -1 else value


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
