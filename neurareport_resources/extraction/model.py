"""Typed results of the extraction engine and their stable JSON form (``to_dict``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class ExtractionLimits:
    """Limits one PDF is parsed under; a file over any of them fails alone with a clear reason."""

    timeout_seconds: float = 120
    memory_mb: int = 1024
    max_pages: int = 2000
    max_file_mb: int = 200


@dataclass(frozen=True)
class PdfProbe:
    """What can be learned about a PDF without parsing its tables."""

    path: Path
    sha256: str
    size_bytes: int
    page_count: int
    encrypted: bool
    has_text_layer: bool


@dataclass
class StatementHeader:
    """Fields printed above the transaction table."""

    account_number: str | None = None
    currency: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    opening_balance: Decimal | None = None
    closing_balance: Decimal | None = None
    holder: str | None = None


@dataclass
class ExtractedTransaction:
    """One ledger row with its provenance (page, position, strategy)."""

    txn_date: date
    description: str
    amount: Decimal  # signed: money in > 0, money out < 0
    balance: Decimal | None
    page: int  # 1-based
    row_no: int  # 1-based within the statement
    strategy: str
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points


@dataclass
class PageReport:
    """How one page was read: the winning strategy, the rejected ones and why, flags."""

    page: int
    strategy: str | None = None
    rejected: dict[str, str] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    row_count: int = 0
    columns: list[str] = field(default_factory=list)
    table_rows: list[list[str]] = field(default_factory=list)


@dataclass
class Reconciliation:
    """Whether the amounts walk from the opening balance through every printed balance."""

    ok: bool
    opening_plus_net_equals_closing: bool
    running_balance_breaks: list[dict[str, Any]] = field(default_factory=list)
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (money as decimal strings)."""
        return {
            "ok": self.ok,
            "opening_plus_net_equals_closing": self.opening_plus_net_equals_closing,
            "running_balance_breaks": [
                {k: (_money(v) if isinstance(v, Decimal) else v) for k, v in brk.items()}
                for brk in self.running_balance_breaks
            ],
            "message": self.message,
        }


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


# why a statement needs review (ReviewNote.code)
UNRECONCILED = "unreconciled"  # the amounts do not walk to the printed balances
UNVERIFIED_SIGNS = "unverified_signs"  # nothing printed (balance, totals) checks the signs
NO_ROWS = "no_rows"  # an account whose rows could not be read
UNREAD_ROWS = "unread_rows"  # rows with amounts whose date could not be read
DATES_OUTSIDE_PERIOD = "dates_outside_period"  # rows dated outside the printed period
UNREAD_PAGE = "unread_page"  # a page of dated lines with amounts where no table was read


@dataclass(frozen=True)
class ReviewNote:
    """Why a statement needs an analyst's eye (``code``, ``reason``) and where (page 1-based,
    None for the whole file)."""

    code: str
    page: int | None
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "page": self.page, "reason": self.reason}


@dataclass
class AccountExtraction:
    """One account's part of a statement: its header, ledger rows and reconciliation.

    ``kind`` is ``account`` (current, savings) or ``credit_card`` (a card or other
    liability: its balance is what the holder owes; amounts are from the holder's view,
    purchases negative, payments positive).
    """

    header: StatementHeader
    transactions: list[ExtractedTransaction]
    reconciliation: Reconciliation
    kind: str = "account"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the CLI's ``accounts`` entries)."""
        return {
            **_header_dict(self.header),
            "kind": self.kind,
            "transactions": [_transaction_dict(t, self.header) for t in self.transactions],
            "reconciliation": self.reconciliation.to_dict(),
        }


def _header_dict(h: StatementHeader) -> dict[str, Any]:
    return {
        "account_number": h.account_number,
        "currency": h.currency,
        "period_start": _iso(h.period_start),
        "period_end": _iso(h.period_end),
        "opening_balance": _money(h.opening_balance),
        "closing_balance": _money(h.closing_balance),
        "holder": h.holder,
    }


def _transaction_dict(t: ExtractedTransaction, header: StatementHeader) -> dict[str, Any]:
    return {
        "date": t.txn_date.isoformat(),
        "description": t.description,
        "amount": _money(t.amount),
        "balance": _money(t.balance),
        "page": t.page,
        "row_no": t.row_no,
        "strategy": t.strategy,
        "account_number": header.account_number,
    }


@dataclass
class StatementExtraction:
    """The whole statement: one or more accounts, per-page reports, and the review verdict.

    ``status`` is ``ok`` when every account reconciles and nothing was left unsettled, else
    ``needs_review`` with the reasons (and pages) in ``review``: a statement the engine
    cannot settle is never silently wrong.
    """

    path: Path
    sha256: str
    page_count: int
    encrypted: bool
    has_text_layer: bool
    accounts: list[AccountExtraction]
    pages: list[PageReport]
    review: list[ReviewNote] = field(default_factory=list)

    @property
    def status(self) -> str:
        return "needs_review" if self.review else "ok"

    @property
    def header(self) -> StatementHeader:
        """The first account's header (the statement's, when it holds one account)."""
        return self.accounts[0].header if self.accounts else StatementHeader()

    @property
    def transactions(self) -> list[ExtractedTransaction]:
        """Every account's rows, in document order."""
        return [t for account in self.accounts for t in account.transactions]

    @property
    def reconciliation(self) -> Reconciliation:
        """All accounts together: ok only when each one reconciles."""
        if len(self.accounts) == 1:
            return self.accounts[0].reconciliation
        parts = [a.reconciliation for a in self.accounts]
        return Reconciliation(
            ok=bool(parts) and all(p.ok for p in parts),
            opening_plus_net_equals_closing=bool(parts)
            and all(p.opening_plus_net_equals_closing for p in parts),
            running_balance_breaks=[b for p in parts for b in p.running_balance_breaks],
            message="; ".join(
                f"{a.header.account_number or f'account {i + 1}'}: {a.reconciliation.message}"
                for i, a in enumerate(self.accounts)
            ),
        )

    def to_dict(self) -> dict[str, Any]:
        """The stable CLI JSON of DESIGN.md: dates as ISO strings, money as decimal strings.

        The top-level header fields are the first account's; ``transactions`` holds every
        account's rows (each names its ``account_number``); ``accounts`` has one entry per
        account with its own header, rows and reconciliation.
        """
        return {
            **_header_dict(self.header),
            "kind": self.accounts[0].kind if self.accounts else "account",
            "status": self.status,
            "review": [note.to_dict() for note in self.review],
            "transactions": [
                _transaction_dict(t, account.header)
                for account in self.accounts
                for t in account.transactions
            ],
            "accounts": [account.to_dict() for account in self.accounts],
            "pages": self.page_count,
            "page_flags": [
                {
                    "page": p.page,
                    "strategy": p.strategy,
                    "flags": list(p.flags),
                    "rejected": dict(p.rejected),
                }
                for p in self.pages
            ],
            "reconciliation": self.reconciliation.to_dict(),
        }
