"""OFX and Quicken QFX statements (OFX 1.x SGML and 2.x XML), read with ``ofxtools``.

Each bank (``STMTRS``) or card (``CCSTMTRS``) statement becomes one account. OFX amounts
are already from the holder's view (``TRNAMT`` signed; a card's ledger balance is
negative when money is owed). OFX states no opening balance: it is the ledger balance
(``LEDGERBAL``) less the statement's entries, which is exact only when the ledger balance
is dated at or after the last entry — otherwise the statement is marked for review.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

from neurareport_resources.exports.base import ExportAccount, ExportEntry, ExportFormatError


class OfxReader:
    """OFX 1.x/2.x and QFX: bank and credit-card statements."""

    name: ClassVar[str] = "ofx"
    label: ClassVar[str] = "OFX/QFX"

    def sniff(self, head: bytes, file_name: str) -> bool:
        upper = head.upper()
        return b"OFXHEADER" in upper or b"<OFX>" in upper

    def read(self, path: Path, profile: dict[str, Any] | None = None) -> list[ExportAccount]:
        from ofxtools.Parser import OFXTree

        tree = OFXTree()
        try:
            tree.parse(str(path))
            ofx = tree.convert()
        except Exception as exc:  # ofxtools raises its own and bare errors for bad files
            raise ExportFormatError(
                path, f"not a readable OFX file ({type(exc).__name__}: {str(exc)[:200]})"
            ) from None
        statements = list(getattr(ofx, "statements", []) or [])
        if not statements:
            raise ExportFormatError(path, "the OFX file holds no bank or card statement")
        return [_statement(path, stmt) for stmt in statements]


def _day(value: datetime | date | None) -> date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, datetime) else value


def _statement(path: Path, stmt: Any) -> ExportAccount:
    card = type(stmt).__name__.upper().startswith("CCSTMT")
    account = stmt.account
    tranlist = stmt.banktranlist
    entries = [
        ExportEntry(
            txn_date=_day(txn.dtposted) or date.min,
            description=" ".join(
                str(part) for part in (txn.name, getattr(txn, "payee", None), txn.memo) if part
            )
            or str(txn.trntype),
            amount=Decimal(txn.trnamt),
        )
        for txn in (tranlist or [])
    ]
    entries.sort(key=lambda e: e.txn_date)  # OFX lists entries in any order
    ledger = stmt.ledgerbal
    closing = None if ledger is None else Decimal(ledger.balamt)
    closing_date = None if ledger is None else _day(ledger.dtasof)
    notes: list[str] = []
    opening = None
    if closing is not None:
        opening = closing - sum((e.amount for e in entries), Decimal(0))
        if entries and closing_date is not None and closing_date < entries[-1].txn_date:
            notes.append(
                f"the ledger balance is dated {closing_date}, before the last entry "
                f"({entries[-1].txn_date}): the opening balance cannot be derived"
            )
            opening = None
    else:
        notes.append("the file states no ledger balance (LEDGERBAL)")
    return ExportAccount(
        entries=entries,
        account_number=str(account.acctid),
        currency=str(stmt.curdef) if stmt.curdef else None,
        opening_balance=opening,
        closing_balance=closing,
        period_start=_day(tranlist.dtstart) if tranlist is not None else None,
        period_end=_day(tranlist.dtend) if tranlist is not None else closing_date,
        kind="credit_card" if card else "account",
        # the opening balance is derived from the closing one: nothing to refuse on
        balances_stated=False,
        notes=notes,
    )
