"""Bank CSV exports: delimiter, decimal separator, date order and column roles detected,
or pinned by a per-tenant profile.

A profile (all keys optional) pins what detection would otherwise decide::

    delimiter: ";"
    decimal: ","                 # the decimal mark of the money columns
    date_format: "%d.%m.%Y"      # strptime format of the date column
    encoding: cp1252
    columns:                     # header names (or 0-based positions) per role
      date: Buchungstag
      description: [Auftraggeber/Empfänger, Verwendungszweck]
      amount: Betrag             # signed; or debit: and credit: (two unsigned columns)
      balance: Saldo
    currency: EUR
    account_number: DE89 3704 0044 0532 0130 00

Rows may be listed oldest or newest first (the order is taken from the dates, and from
the running balance when the dates tie). Preamble lines above the header (account
details) are skipped; a currency or account column fills the header when present.
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
import re
from collections import Counter
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, ClassVar

from neurareport_resources.exports.base import (
    ExportAccount,
    ExportEntry,
    ExportFormatError,
    decode_text,
)
from neurareport_resources.extraction.dates import detect_day_first, looks_like_date, parse_date

DELIMITERS = (";", ",", "\t", "|")
ROLE_WORDS: dict[str, tuple[str, ...]] = {
    # matched against a folded header cell, first role that fits wins; order matters
    "value_date": ("value date", "valuta", "wertstellung", "fecha valor", "date de valeur"),
    "date": (
        "booking date", "transaction date", "posting date", "posted", "date", "datum",
        "buchungstag", "buchungsdatum", "fecha", "data", "datum transactie",
    ),
    "balance": ("balance", "saldo", "solde", "kontostand", "running"),
    "debit": (
        "debit", "withdrawal", "paid out", "money out", "out", "soll", "débit", "cargo",
        "af", "uitgaven",
    ),
    "credit": (
        "credit", "deposit", "paid in", "money in", "in", "haben", "crédit", "abono", "bij",
    ),
    "amount": ("amount", "betrag", "montant", "importe", "bedrag", "importo", "umsatz", "value"),
    "indicator": ("cr/dr", "dr/cr", "debit/credit", "soll/haben", "af bij", "af/bij", "d/c"),
    "currency": ("currency", "währung", "waehrung", "ccy", "devise", "moneda", "valuta code"),
    "account": (
        "account", "account number", "iban", "konto", "kontonummer", "compte", "cuenta",
        "rekening", "rekeningnummer",
    ),
    "description": (
        "description", "details", "memo", "payee", "narrative", "reference", "purpose",
        "verwendungszweck", "beschreibung", "buchungstext", "libellé", "libelle", "concepto",
        "name", "empfänger", "auftraggeber", "omschrijving", "counterparty", "text",
    ),
}  # fmt: skip
_NUMBER_CHARS = re.compile(r"[^\d.,'\u00a0\u202f -]")
_NEGATIVE_MARKERS = ("DR", "D", "DEBIT", "S", "SOLL", "AF")
_POSITIVE_MARKERS = ("CR", "C", "CREDIT", "H", "HABEN", "BIJ")


def fold(text: str) -> str:
    return " ".join(text.strip().strip('"').lower().replace("_", " ").split())


class CsvReader:
    """Delimited text exports (``.csv``, ``.tsv``, ``.txt``) of one account's transactions."""

    name: ClassVar[str] = "csv"
    label: ClassVar[str] = "CSV"

    def sniff(self, head: bytes, file_name: str) -> bool:
        if not file_name.lower().endswith((".csv", ".tsv", ".txt")):
            return False
        if b"\x00" in head:
            return False
        lines = decode_text(head).splitlines()[:20]
        return any(max((line.count(d) for d in DELIMITERS), default=0) >= 2 for line in lines)

    def read(self, path: Path, profile: dict[str, Any] | None = None) -> list[ExportAccount]:
        profile = profile or {}
        raw = path.read_bytes()
        text = raw.decode(profile["encoding"]) if profile.get("encoding") else decode_text(raw)
        delimiter = profile.get("delimiter") or _detect_delimiter(text)
        rows = [
            [cell.strip() for cell in row]
            for row in csv.reader(io.StringIO(text), delimiter=delimiter)
        ]
        header_at = _find_header(rows)
        if header_at is None:
            raise ExportFormatError(
                path,
                "no header row with a date column and money columns was found",
                "export the transactions as CSV with a header row, or set a CSV profile "
                "for this tenant (see docs/bank-exports.md)",
            )
        header = rows[header_at]
        body = [
            (header_at + 2 + n, r)
            for n, r in enumerate(rows[header_at + 1 :])
            if any(r) and len(r) >= 2
        ]
        roles = _roles(header, profile.get("columns") or {}, body)
        missing = [r for r in ("date",) if r not in roles]
        if "amount" not in roles and not ({"debit", "credit"} & roles.keys()):
            missing.append("amount (or debit/credit)")
        if missing:
            raise ExportFormatError(
                path,
                f"no {' or '.join(missing)} column among {header}",
                "set the column names in this tenant's CSV profile (see docs/bank-exports.md)",
            )
        money_cells = [
            row[i]
            for _, row in body
            for role in ("amount", "debit", "credit", "balance")
            for i in roles.get(role, [])
            if i < len(row) and row[i]
        ]
        decimal = profile.get("decimal") or _detect_decimal(money_cells, delimiter)
        date_cells = [row[roles["date"][0]] for _, row in body if roles["date"][0] < len(row)]
        date_format = profile.get("date_format")
        day_first = detect_day_first(date_cells)
        entries: list[tuple[int, ExportEntry]] = []
        currencies: Counter[str] = Counter()
        accounts: Counter[str] = Counter()
        for line, row in body:
            cell = functools.partial(_cell, row, roles)
            txn_date = _date(cell("date"), date_format, day_first is not False)
            if txn_date is None:
                if not any(cell(r) for r in ("amount", "debit", "credit")):
                    continue  # a footer or a blank line
                raise ExportFormatError(path, f"line {line}: date {cell('date')!r} not readable")
            try:
                amount = _signed_amount(row, roles, decimal)
                balance = _number(cell("balance"), decimal) if cell("balance") else None
            except ValueError as exc:
                raise ExportFormatError(path, f"line {line}: {exc}") from None
            if amount is None:
                continue  # a row with no money (an information line)
            description = " ".join(
                row[i] for i in roles.get("description", []) if i < len(row) and row[i]
            )
            if cell("currency"):
                currencies[cell("currency")] += 1
            if cell("account"):
                accounts[cell("account")] += 1
            entries.append((line, ExportEntry(txn_date, description, amount, balance)))
        if not entries:
            raise ExportFormatError(path, "the CSV holds no transaction rows")
        ordered = _ledger_order([e for _, e in entries])
        if len(accounts) > 1:
            raise ExportFormatError(
                path,
                f"the CSV mixes {len(accounts)} accounts ({', '.join(sorted(accounts))})",
                "export each account to its own file",
            )
        return [
            ExportAccount(
                entries=ordered,
                account_number=profile.get("account_number")
                or next(iter(accounts), None)
                or _preamble_account(rows[:header_at]),
                currency=profile.get("currency")
                or (currencies.most_common(1)[0][0] if currencies else None),
                balances_stated=False,
                columns=[
                    f"{role}: {', '.join(header[i] for i in idx)}" for role, idx in roles.items()
                ],
            )
        ]


def _detect_delimiter(text: str) -> str:
    """The delimiter that splits the most lines into the same number (>= 3) of cells."""
    lines = [line for line in text.splitlines()[:200] if line.strip()]
    best, best_score = ",", -1
    for delimiter in DELIMITERS:
        widths = Counter(
            len(row) for row in csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
        )
        width, count = max(widths.items(), key=lambda item: (item[1], item[0]), default=(0, 0))
        score = count if width >= 3 else 0
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _find_header(rows: list[list[str]]) -> int | None:
    """The first row whose cells are words and under which a row has a date and a number."""
    for index, row in enumerate(rows[:60]):
        cells = [c for c in row if c]
        if len(cells) < 3 or any(looks_like_date(c) for c in cells):
            continue
        if sum(1 for c in cells if _is_number(c)) > len(cells) // 3:
            continue
        following = [r for r in rows[index + 1 : index + 6] if any(r)]
        if following and any(
            len(r) >= len(row) - 1
            and any(looks_like_date(c) or _is_iso_datetime(c) for c in r)
            and any(_is_number(c) for c in r)
            for r in following
        ):
            return index
    return None


def _roles(
    header: list[str], pinned: dict[str, Any], body: list[tuple[int, list[str]]]
) -> dict[str, list[int]]:
    """Column indexes per role: the profile's names first, then the header words."""
    roles: dict[str, list[int]] = {}
    folded = [fold(h) for h in header]
    for role, names in pinned.items():
        wanted = names if isinstance(names, list) else [names]
        indexes = []
        for name in wanted:
            if isinstance(name, int):
                indexes.append(name)
            elif fold(str(name)) in folded:
                indexes.append(folded.index(fold(str(name))))
            else:
                raise ValueError(f"CSV profile column {name!r} is not in the header {header}")
        roles[role] = indexes
    taken = {i for idx in roles.values() for i in idx}
    for index, name in enumerate(folded):
        if index in taken or not name:
            continue
        for role, words in ROLE_WORDS.items():
            if _matches(name, words):
                if role == "description" or role not in roles:
                    roles.setdefault(role, []).append(index)
                    taken.add(index)
                break
    if "description" not in roles:
        # the widest text column
        widths = Counter[int]()
        for _, row in body[:50]:
            for i, cell in enumerate(row):
                if i not in taken and cell and not _is_number(cell) and not looks_like_date(cell):
                    widths[i] += len(cell)
        if widths:
            roles["description"] = [widths.most_common(1)[0][0]]
    if "date" not in roles and "value_date" in roles:
        roles["date"] = roles.pop("value_date")
    return roles


def _matches(name: str, words: tuple[str, ...]) -> bool:
    tokens = re.split(r"[^\w/]+", name)
    return any(
        name == w or (" " not in w and w in tokens) or (" " in w and w in name) for w in words
    )


def _is_number(text: str) -> bool:
    cleaned = text.strip().strip("()+-").replace(" ", "")
    return (
        bool(cleaned)
        and bool(re.fullmatch(r"[\d.,'\u00a0\u202f]+(?:\s*[A-Za-z]{0,3})?", cleaned))
        and any(ch.isdigit() for ch in cleaned)
    )


def _is_iso_datetime(text: str) -> bool:
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?.*", text))


def _detect_decimal(cells: list[str], delimiter: str) -> str:
    """``,`` or ``.``: the mark followed by one or two digits at the end of the cells."""
    votes: Counter[str] = Counter()
    for cell in cells:
        found = re.search(r"([.,])(\d+)\D*$", cell)
        if found and len(found.group(2)) <= 2:
            votes[found.group(1)] += 1
        elif found and found.group(1) == "." and cell.count(".") > 1:
            votes[","] += 1  # 1.234.567 groups with dots
        elif found and found.group(1) == "," and cell.count(",") > 1:
            votes["."] += 1
    if votes:
        return "," if votes[","] > votes["."] else "."
    return "," if delimiter == ";" else "."


def _number(text: str, decimal: str) -> Decimal:
    """A money cell as a signed Decimal (minus, trailing minus, parentheses, DR/CR)."""
    raw = text.strip()
    upper = raw.upper()
    negative = (
        raw.startswith("-") or raw.endswith("-") or (raw.startswith("(") and raw.endswith(")"))
    )
    marker = re.search(r"([A-Z]+)\.?$", upper)
    if marker and marker.group(1) in _NEGATIVE_MARKERS:
        negative = True
    body = _NUMBER_CHARS.sub("", raw).replace("-", "").replace(" ", "")
    body = body.replace("\u00a0", "").replace("\u202f", "").replace("'", "")
    group = "." if decimal == "," else ","
    body = body.replace(group, "").replace(decimal, ".")
    try:
        value = Decimal(body)
    except InvalidOperation:
        raise ValueError(f"amount {text!r} is not a number") from None
    return -value if negative else value


def _cell(row: list[str], roles: dict[str, list[int]], role: str) -> str:
    """The row's cell of ``role`` (its first column), or "" when the row is short."""
    index = roles[role][0] if roles.get(role) else None
    return row[index] if index is not None and index < len(row) else ""


def _signed_amount(row: list[str], roles: dict[str, list[int]], decimal: str) -> Decimal | None:
    cell = functools.partial(_cell, row, roles)

    if "amount" in roles and cell("amount"):
        value = _number(cell("amount"), decimal)
        indicator = cell("indicator").upper().strip()
        if indicator in _NEGATIVE_MARKERS:
            value = -abs(value)
        elif indicator in _POSITIVE_MARKERS:
            value = abs(value)
        return value
    debit, credit = cell("debit"), cell("credit")
    if not debit and not credit:
        return None
    total = Decimal(0)
    if credit:
        total += abs(_number(credit, decimal))
    if debit:
        total -= abs(_number(debit, decimal))
    return total


def _date(text: str, date_format: str | None, day_first: bool) -> date | None:
    text = text.strip()
    if not text:
        return None
    if date_format:
        try:
            return datetime.strptime(text, date_format).date()
        except ValueError:
            return None
    if _is_iso_datetime(text):
        return date.fromisoformat(text[:10])
    return parse_date(text, day_first=day_first)


def _ledger_order(entries: list[ExportEntry]) -> list[ExportEntry]:
    """Oldest first: reversed when the file lists newest first (dates, else the balances)."""
    if len(entries) < 2:
        return entries
    if entries[0].txn_date > entries[-1].txn_date:
        return entries[::-1]
    if entries[0].txn_date == entries[-1].txn_date and all(e.balance is not None for e in entries):
        # same day throughout: the order in which each balance follows from the one before
        forward = all(
            b.balance == a.balance + b.amount  # type: ignore[operator]
            for a, b in itertools.pairwise(entries)
        )
        if not forward:
            return entries[::-1]
    return entries


def _preamble_account(lines: list[list[str]]) -> str | None:
    """An account number or IBAN printed above the header (``Konto;DE89…``)."""
    for row in lines:
        for index, cell in enumerate(row):
            if _matches(fold(cell).rstrip(":"), ROLE_WORDS["account"]):
                rest = [c for c in row[index + 1 :] if c]
                if rest:
                    return rest[0]
    return None
