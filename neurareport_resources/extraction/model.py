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


@dataclass
class StatementExtraction:
    """The whole statement: header, ledger rows, per-page reports and the reconciliation."""

    path: Path
    sha256: str
    page_count: int
    encrypted: bool
    has_text_layer: bool
    header: StatementHeader
    transactions: list[ExtractedTransaction]
    pages: list[PageReport]
    reconciliation: Reconciliation

    def to_dict(self) -> dict[str, Any]:
        """The stable CLI JSON of DESIGN.md: dates as ISO strings, money as decimal strings."""
        h = self.header
        return {
            "account_number": h.account_number,
            "currency": h.currency,
            "period_start": _iso(h.period_start),
            "period_end": _iso(h.period_end),
            "opening_balance": _money(h.opening_balance),
            "closing_balance": _money(h.closing_balance),
            "holder": h.holder,
            "transactions": [
                {
                    "date": t.txn_date.isoformat(),
                    "description": t.description,
                    "amount": _money(t.amount),
                    "balance": _money(t.balance),
                    "page": t.page,
                    "row_no": t.row_no,
                    "strategy": t.strategy,
                }
                for t in self.transactions
            ],
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
