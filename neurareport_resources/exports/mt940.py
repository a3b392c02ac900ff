"""SWIFT MT940 customer statements, read with the ``mt-940`` library.

A file may hold several messages (one per account or statement number), each opened
by ``:20:``; each becomes one account. ``:60F:``/``:60M:`` is the opening balance,
``:62F:``/``:62M:`` the closing one, every ``:61:`` line (with its ``:86:`` details)
an entry. Entries that do not walk from opening to closing mean the file is damaged.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

import mt940

from neurareport_resources.exports.base import (
    ExportAccount,
    ExportEntry,
    ExportFormatError,
    decode_text,
)

_MESSAGE_START = re.compile(r"^:20:", re.M)
_DESCRIPTION_KEYS = (
    "applicant_name",
    "recipient_name",
    "posting_text",
    "purpose",
    "additional_purpose",
    "transaction_details",
)


class Mt940Reader:
    """SWIFT MT940 (``:20:`` … ``:62F:``), with or without the ``{1:…}`` block headers."""

    name: ClassVar[str] = "mt940"
    label: ClassVar[str] = "MT940 (SWIFT)"

    def sniff(self, head: bytes, file_name: str) -> bool:
        return b":20:" in head and (b":25:" in head or b":60F:" in head or b":60M:" in head)

    def read(self, path: Path, profile: dict[str, Any] | None = None) -> list[ExportAccount]:
        text = decode_text(path.read_bytes()).replace("\r\n", "\n")
        starts = [m.start() for m in _MESSAGE_START.finditer(text)]
        if not starts:
            raise ExportFormatError(path, "no MT940 message (no :20: field)")
        messages = [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
        return [_message(path, index, body) for index, body in enumerate(messages, start=1)]


def _message(path: Path, index: int, body: str) -> ExportAccount:
    where = f"message {index}"
    # the block trailer (-} or -) ends the text block; mt-940 reads what comes before it
    body = body.split("\n-}", 1)[0].split("\n-\n", 1)[0]
    transactions = mt940.models.Transactions()
    try:
        transactions.parse(body)
    except Exception as exc:  # the library raises bare exceptions for malformed fields
        raise ExportFormatError(path, f"{where}: not a valid MT940 message ({exc})") from None
    data = transactions.data
    opening = data.get("final_opening_balance") or data.get("intermediate_opening_balance")
    closing = data.get("final_closing_balance") or data.get("intermediate_closing_balance")
    if opening is None or closing is None:
        missing = ":60F:" if opening is None else ":62F:"
        raise ExportFormatError(
            path, f"{where}: no {missing} balance (the file is truncated or not MT940)"
        )
    entries: list[ExportEntry] = []
    for number, transaction in enumerate(transactions, start=1):
        fields = transaction.data
        booked = fields.get("date") or fields.get("entry_date")
        if booked is None:
            raise ExportFormatError(path, f"{where}, :61: line {number}: no value date")
        amount: Decimal = fields["amount"].amount
        entries.append(
            ExportEntry(
                txn_date=date(booked.year, booked.month, booked.day),
                description=_description(fields),
                amount=amount,
            )
        )
    closing_date = date(closing.date.year, closing.date.month, closing.date.day)
    opening_date = date(opening.date.year, opening.date.month, opening.date.day)
    return ExportAccount(
        entries=entries,
        account_number=data.get("account_identification"),
        currency=opening.amount.currency,
        opening_balance=opening.amount.amount,
        closing_balance=closing.amount.amount,
        # :60F: is dated with the previous statement: the first entry opens the period
        period_start=min((e.txn_date for e in entries), default=opening_date),
        period_end=closing_date,
    )


def _description(fields: dict[str, Any]) -> str:
    parts = [str(fields[k]) for k in _DESCRIPTION_KEYS if fields.get(k)]
    if not parts:
        parts = [str(fields.get("customer_reference") or ""), str(fields.get("id") or "")]
    return " ".join(p for p in parts if p) or "(no details)"
