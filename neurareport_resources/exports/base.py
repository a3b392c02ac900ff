"""What every bank-export reader shares: the reader interface, its error, and the one
function that turns read entries into the same :class:`StatementExtraction` a PDF becomes.

An export has no pages: each row's provenance is the file (``statement_files``) and its
entry number (``row_no``, 1-based in ledger order), with ``page`` 0, the reader's name as
``strategy`` and an empty box.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar, Protocol

from neurareport_resources.extraction.errors import ExtractionError
from neurareport_resources.extraction.model import (
    AccountExtraction,
    ExtractedTransaction,
    PageReport,
    Reconciliation,
    ReviewNote,
    StatementExtraction,
    StatementHeader,
)
from neurareport_resources.extraction.reconcile import reconcile_balances

# what the first bytes of a file show of its format (enough for every reader's sniff)
SNIFF_BYTES = 8192
NO_BOX = (0.0, 0.0, 0.0, 0.0)


class ExportFormatError(ExtractionError):
    """A bank export that cannot be read: malformed, truncated, wrong schema, or its entries
    do not add up to its own balances."""

    remedy = "export the statement again from the online bank and upload the new file"


class ExportReader(Protocol):
    """One bank-export format: ``sniff`` decides from the first bytes and the name whether a
    file is this format; ``read`` turns it into entries (raising :class:`ExportFormatError`)."""

    name: ClassVar[str]
    label: ClassVar[str]  # what a person calls it: "CAMT.053 (ISO 20022)"

    def sniff(self, head: bytes, file_name: str) -> bool: ...

    def read(self, path: Path, profile: dict[str, Any] | None = None) -> list[ExportAccount]: ...


@dataclass
class ExportEntry:
    """One booked entry as the file states it (amount signed: money in > 0)."""

    txn_date: date
    description: str
    amount: Decimal
    balance: Decimal | None = None


@dataclass
class ExportAccount:
    """One account's statement inside an export file."""

    entries: list[ExportEntry]
    account_number: str | None = None
    currency: str | None = None
    opening_balance: Decimal | None = None
    closing_balance: Decimal | None = None
    period_start: date | None = None
    period_end: date | None = None
    holder: str | None = None
    kind: str = "account"
    # balances the file states itself: when both are given, entries that do not walk from
    # one to the other mean the file is damaged or incomplete (refused, not reviewed)
    balances_stated: bool = True
    notes: list[str] = field(default_factory=list)  # review reasons found while reading
    columns: list[str] = field(default_factory=list)  # CSV: the column roles used
    skipped_entries: int = 0  # entries the file lists but are not booked (pending)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def build_statement(
    path: Path, reader_name: str, accounts: list[ExportAccount]
) -> StatementExtraction:
    """The export's accounts as a :class:`StatementExtraction`, reconciled like a PDF's.

    Raises :class:`ExportFormatError` when the file holds no entries and no balances, or
    when a format that states its own opening and closing balances does not add up.
    """
    path = Path(path)
    if not accounts:
        raise ExportFormatError(path, f"no account statement found in this {reader_name} file")
    built: list[AccountExtraction] = []
    review: list[ReviewNote] = []
    row_no = 0
    for index, account in enumerate(accounts):
        label = account.account_number or f"account {index + 1}"
        if not account.entries and (
            account.opening_balance is None or account.closing_balance is None
        ):
            raise ExportFormatError(path, f"{label}: no booked entries and no balances")
        transactions = []
        for entry in account.entries:
            row_no += 1
            transactions.append(
                ExtractedTransaction(
                    txn_date=entry.txn_date,
                    description=" ".join(entry.description.split()),
                    amount=entry.amount,
                    balance=entry.balance,
                    page=0,
                    row_no=row_no,
                    strategy=reader_name,
                    bbox=NO_BOX,
                )
            )
        amounts = [t.amount for t in transactions]
        balances = [t.balance for t in transactions]
        opening, closing = account.opening_balance, account.closing_balance
        if opening is None and transactions and transactions[0].balance is not None:
            opening = transactions[0].balance - transactions[0].amount
        if closing is None and transactions and transactions[-1].balance is not None:
            closing = transactions[-1].balance
        reconciliation: Reconciliation = reconcile_balances(
            amounts, balances, [(t.row_no, t.page) for t in transactions], opening, closing
        )
        if (
            account.balances_stated
            and account.opening_balance is not None
            and account.closing_balance is not None
            and not reconciliation.ok
        ):
            raise ExportFormatError(
                path,
                f"{label}: the entries do not add up to the file's own balances "
                f"({reconciliation.message}); the file is incomplete or damaged",
            )
        if not reconciliation.ok:
            review.append(ReviewNote("unreconciled", None, f"{label}: {reconciliation.message}"))
        review.extend(ReviewNote("export", None, f"{label}: {note}") for note in account.notes)
        outside = [
            t
            for t in transactions
            if (account.period_start and t.txn_date < account.period_start)
            or (account.period_end and t.txn_date > account.period_end)
        ]
        if outside:
            review.append(
                ReviewNote(
                    "dates_outside_period",
                    None,
                    f"{label}: {len(outside)} entr(y/ies) dated outside "
                    f"{account.period_start} – {account.period_end} (first: entry "
                    f"{outside[0].row_no}, {outside[0].txn_date})",
                )
            )
        dates = [t.txn_date for t in transactions]
        header = StatementHeader(
            account_number=account.account_number,
            currency=account.currency,
            period_start=account.period_start or (min(dates) if dates else None),
            period_end=account.period_end or (max(dates) if dates else None),
            opening_balance=opening,
            closing_balance=closing,
            holder=account.holder,
        )
        built.append(AccountExtraction(header, transactions, reconciliation, account.kind))
    report = PageReport(
        page=0,
        strategy=reader_name,
        flags=["export"],
        row_count=row_no,
        columns=accounts[0].columns,
    )
    return StatementExtraction(
        path=path,
        sha256=sha256_of(path),
        page_count=0,
        encrypted=False,
        has_text_layer=True,
        accounts=built,
        pages=[report],
        review=review,
    )


def decode_text(raw: bytes) -> str:
    """Text of an export: UTF-8 (with or without BOM), else Windows-1252 (what banks use)."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")
