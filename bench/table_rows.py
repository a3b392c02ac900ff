"""One generic table-to-ledger converter for the table-extraction peers (pdfplumber, camelot).

What an afternoon script does with extracted tables, with no knowledge of any
statement's column order or the generator: a row is a transaction when one of its
cells reads as a date and another as money; the rightmost money column is the
balance when the table has more money columns than amounts need; debit / credit /
amount / balance columns are named by a header row when one is found (labels in
several languages); markers (CR, DR, +, -, S, H) and sign styles (leading or trailing
minus, parentheses) sign an amount; rows with text only continue the description
above. It shares no code with NeuraReport's engine or the statement generator.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

MONTH_WORDS: dict[str, int] = {}
for _names in (
    "jan feb mar apr may jun jul aug sep oct nov dec",
    "january february march april may june july august september october november december",
    "jan feb mär apr mai jun jul aug sep okt nov dez",
    "januar februar märz april mai juni juli august september oktober november dezember",
    "janv févr mars avr mai juin juil août sept oct nov déc",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "ene feb mar abr may jun jul ago sep oct nov dic",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "gen feb mar apr mag giu lug ago set ott nov dic",
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "jan feb mrt apr mei jun jul aug sep okt nov dec",
    "januari februari maart april mei juni juli augustus september oktober november december",
    "jan fev mar abr mai jun jul ago set out nov dez",
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
):
    for _number, _word in enumerate(_names.split(), start=1):
        MONTH_WORDS.setdefault(_word, _number)

HEADER_WORDS = {
    "debit": ("debit", "débit", "withdrawal", "paid out", "money out", "payments", "soll",
              "belastung", "lastschrift", "ausgang", "cargo", "debe", "reintegro", "dare",
              "addebit", "uscite", "af", "debet", "saídas", "débito", "sorties"),
    "credit": ("credit", "crédit", "deposit", "paid in", "money in", "receipts", "haben",
               "gutschrift", "eingang", "abono", "haber", "ingreso", "avere", "accredit",
               "entrate", "bij", "entradas", "crédito"),
    "balance": ("balance", "saldo", "solde", "kontostand"),
    "amount": ("amount", "betrag", "umsatz", "montant", "importe", "importo", "bedrag",
               "montante", "valor", "importância"),
}  # fmt: skip
MARKERS = {"CR": 1, "DR": -1, "+": 1, "-": -1, "S": -1, "H": 1, "D": -1, "C": 1, "A": 1}

_NUMERIC_DATE = re.compile(r"^(\d{1,4})[./-](\d{1,2})(?:[./-](\d{2,4}))?\.?$")
_WORD_DATE = re.compile(
    r"^(\d{1,2})\.?[\s-]+([^\W\d_]+\.?)(?:[\s-]+(\d{2,4}))?$|^([^\W\d_]+\.?)\s+(\d{1,2})(?:,?\s+(\d{4}))?$"
)
_MONEY = re.compile(
    r"^(?P<open>\()?(?P<lead>[-+])?\s*(?:[A-Z]{3}\s?|[A-Z]?[$€£]\s?|Rs\.\s?|kr\s?|CHF\s?)?"
    r"(?P<lead2>[-+])?(?P<digits>\d{1,3}(?:[.,'\s\u2009\u202f]?\d{3})*(?:[.,]\d{2}))"
    r"(?P<trail>[-+])?\s*(?:[A-Z]{3}|[$€£]|kr|CHF|S\$|R\$|A\$|C\$)?\s*(?P<trail2>[-+])?"
    r"\s*(?P<mark>CR|DR|OD|S|H)?(?P<close>\))?$"
)


def parse_money(text: str) -> tuple[Decimal, bool] | None:
    """A money cell's value and whether it carried its own sign, or None."""
    cell = " ".join(text.split())
    match = _MONEY.match(cell)
    if not match:
        return None
    digits = re.sub(r"[\s'\u2009\u202f]", "", match["digits"])
    whole, fraction = digits[:-3], digits[-2:]
    try:
        value = Decimal(re.sub(r"[.,]", "", whole) + "." + fraction)
    except InvalidOperation:
        return None
    negative = bool(
        (match["open"] and match["close"])
        or "-" in (match["lead"] or "", match["lead2"] or "", match["trail"] or "", match["trail2"] or "")
        or match["mark"] in ("DR", "OD", "S")
    )  # fmt: skip
    signed = bool(
        match["open"] or match["lead"] or match["lead2"] or match["trail"] or match["trail2"] or match["mark"]
    )  # fmt: skip
    return (-value if negative else value), signed


class DateReader:
    """Reads date cells with the document's own year and day/month order."""

    def __init__(self, cells: list[str]):
        years = Counter(int(y) for c in cells for y in re.findall(r"\b(20\d\d)\b", c))
        self.year = years.most_common(1)[0][0] if years else date.today().year
        day_first = month_first = 0
        for cell in cells:
            m = _NUMERIC_DATE.match(cell.strip()) if parse_money(cell) is None else None
            if m and len(m[1]) <= 2:
                day_first += int(m[1]) > 12
                month_first += int(m[2]) > 12
        self.day_first = day_first >= month_first
        self.last: date | None = None

    def read(self, text: str, remember: bool = False) -> date | None:
        """The date ``text`` names, or None; ``remember`` makes it the last date seen."""
        cell = " ".join(text.split())
        if parse_money(cell) is not None:
            return None
        parts = self._parts(cell)
        if parts is None:
            return None
        day, month, year = parts
        if year is None:
            year = self.year
            if self.last and month < self.last.month - 6:
                year = self.last.year + 1  # the statement crossed New Year
            elif self.last:
                year = self.last.year
        elif year < 100:
            year += 2000
        try:
            found = date(year, month, day)
        except ValueError:
            return None
        if remember:
            self.last = found
        return found

    def _parts(self, cell: str) -> tuple[int, int, int | None] | None:
        m = _NUMERIC_DATE.match(cell)
        if m:
            a, b, c = m[1], int(m[2]), m[3]
            if len(a) == 4:  # ISO
                return (int(c), b, int(a)) if c else None
            first, second = int(a), b
            day, month = (first, second) if self.day_first else (second, first)
            if not (1 <= month <= 12):
                return None
            return day, month, int(c) if c else None
        m = _WORD_DATE.match(cell)
        if m:
            if m[1]:
                day, word, year = int(m[1]), m[2], m[3]
            else:
                word, day, year = m[4], int(m[5]), m[6]
            month = MONTH_WORDS.get(word.lower().rstrip("."))
            if month is None:
                return None
            return day, month, int(year) if year else None
        return None


def _header_roles(row: list[str]) -> dict[int, str] | None:
    roles: dict[int, str] = {}
    for index, cell in enumerate(row):
        words = cell.lower()
        for role, keys in HEADER_WORDS.items():
            if any(re.search(rf"(^|\W){re.escape(k)}", words) for k in keys):
                roles.setdefault(index, role)
    if not roles or any(parse_money(c) for c in row if c):
        return None
    return roles


def tables_to_rows(tables: list[list[list[str]]]) -> list[dict[str, Any]]:
    """Ledger rows {date, description, amount, balance} from raw tables."""
    cleaned = [[[" ".join((c or "").split()) for c in row] for row in table] for table in tables]
    dates = DateReader([c for t in cleaned for r in t for c in r if c])
    out: list[dict[str, Any]] = []
    for table in cleaned:
        roles: dict[int, str] = {}
        money_columns = Counter(
            i for row in table for i, c in enumerate(row) if c and parse_money(c)
        )
        for row in table:
            found = _header_roles(row)
            if found and not any(dates.read(c) for c in row[:2] if c):
                roles = found
                continue
            date_index = next((i for i, c in enumerate(row) if c and dates.read(c)), None)
            money = [(i, parse_money(c)) for i, c in enumerate(row) if c and parse_money(c)]
            marker = next((MARKERS[c] for c in row if c in MARKERS), None)
            text = [c for i, c in enumerate(row) if c and i != date_index
                    and not parse_money(c) and c not in MARKERS and not dates.read(c)]  # fmt: skip
            if date_index is None:
                if out and not money and text:
                    out[-1]["description"] = " ".join([out[-1]["description"], *text]).strip()
                continue
            if not money:
                continue
            day = dates.read(row[date_index], remember=True)
            amount: Decimal | None = None
            balance: Decimal | None = None
            if roles:
                for index, parsed in money:
                    assert parsed is not None
                    value, signed = parsed
                    role = roles.get(index, "amount")
                    if role == "balance":
                        balance = value
                    elif role == "debit":
                        amount = -abs(value)
                    elif role == "credit":
                        amount = abs(value)
                    else:
                        amount = value if signed or marker is None else abs(value) * marker
            else:
                wide = len([i for i, n in money_columns.items() if n >= 2]) >= 2
                values = [p for _, p in money if p is not None]
                if len(values) >= 2 and wide:
                    balance = values[-1][0]
                    values = values[:-1]
                if len(values) >= 2:
                    amount = abs(values[1][0]) - abs(values[0][0])  # debit, then credit
                elif values:
                    value, signed = values[0]
                    amount = value if signed or marker is None else abs(value) * marker
            if amount is None:
                continue
            out.append(
                {
                    "date": day.isoformat() if day else None,
                    "description": " ".join(text),
                    "amount": f"{amount:.2f}",
                    "balance": None if balance is None else f"{balance:.2f}",
                }
            )
    return out
