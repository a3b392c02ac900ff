"""Accuracy of an extraction against the generator's truth (transaction F1, header fields)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from neurareport_resources.samples.generator import StatementTruth

TxnKey = tuple[date, Decimal, Decimal | None]
HEADER_FIELDS = (
    "account_number",
    "currency",
    "period_start",
    "period_end",
    "opening_balance",
    "closing_balance",
    "holder",
)


@dataclass(frozen=True)
class Score:
    """Matched, extracted and true counts; precision, recall and F1 follow."""

    matched: int
    extracted: int
    expected: int

    @property
    def precision(self) -> float:
        return self.matched / self.extracted if self.extracted else float(self.expected == 0)

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def __add__(self, other: Score) -> Score:
        return Score(
            self.matched + other.matched,
            self.extracted + other.extracted,
            self.expected + other.expected,
        )


def transaction_score(truth: StatementTruth, extracted: Iterable[TxnKey]) -> Score:
    """Multiset match on (date, amount, balance): a row counts only if all three are right."""
    want = Counter((t.txn_date, t.amount, t.balance) for t in truth.transactions)
    got = Counter(extracted)
    matched = sum((want & got).values())
    return Score(matched, sum(got.values()), sum(want.values()))


def header_score(truth: StatementTruth, header: object) -> Score:
    """Header fields read exactly right, out of the seven."""
    right = sum(getattr(header, name, None) == getattr(truth, name) for name in HEADER_FIELDS)
    return Score(right, len(HEADER_FIELDS), len(HEADER_FIELDS))
