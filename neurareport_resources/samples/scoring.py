"""Accuracy of an extraction against the generators' truth: transaction F1, descriptions, header fields."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from difflib import SequenceMatcher
from typing import Any

from neurareport_resources.samples.generator import StatementTruth, TruthTransaction
from neurareport_resources.samples.randomized import AccountTruth, CorpusTruth

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


# ------------------------------------------------------------------ randomized corpus scoring
# An extraction is scored from its stable JSON (``StatementExtraction.to_dict()`` or
# ``neurareport extract FILE --format json``): top-level header fields of the first
# account, ``transactions`` of every account in document order, and, once the engine
# has it, ``accounts`` [{account_number, ..., holder, transactions}]. Without
# ``accounts`` the top level is read as one account. A peer's reading is scored through
# the same shape.


@dataclass(frozen=True)
class StatementScore:
    """How one extraction compares with a randomized statement's truth.

    ``transactions`` matches (date, amount, balance) as a multiset over the file;
    ``date_amount`` the same without the balance. Descriptions are compared on the
    rows that matched: ``description_exact`` counts identical texts after whitespace
    normalisation, ``description_similarity`` sums their character similarity (0-1).
    ``header_right`` counts, per header field, the truth accounts read right.
    """

    transactions: Score
    date_amount: Score
    described: int
    description_exact: int
    description_similarity: float
    header_right: dict[str, int]
    header_accounts: int

    def __add__(self, other: StatementScore) -> StatementScore:
        return StatementScore(
            self.transactions + other.transactions,
            self.date_amount + other.date_amount,
            self.described + other.described,
            self.description_exact + other.description_exact,
            self.description_similarity + other.description_similarity,
            {f: self.header_right.get(f, 0) + other.header_right.get(f, 0) for f in HEADER_FIELDS},
            self.header_accounts + other.header_accounts,
        )

    @property
    def description_accuracy(self) -> float:
        return self.description_exact / self.described if self.described else 0.0

    @property
    def description_char_similarity(self) -> float:
        return self.description_similarity / self.described if self.described else 0.0

    @property
    def header_accuracy(self) -> float:
        total = self.header_accounts * len(HEADER_FIELDS)
        return sum(self.header_right.values()) / total if total else 0.0

    def field_accuracy(self, name: str) -> float:
        return (
            self.header_right.get(name, 0) / self.header_accounts if self.header_accounts else 0.0
        )


EMPTY_SCORE = StatementScore(Score(0, 0, 0), Score(0, 0, 0), 0, 0, 0.0, {}, 0)


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _as_money(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


def _words(text: Any) -> str:
    return " ".join(str(text or "").split())


def _account_key(value: Any) -> str:
    return "".join(ch for ch in str(value or "") if ch.isalnum()).upper()


_FIELD_NORMALISERS: dict[str, Callable[[Any], Any]] = {
    "account_number": _account_key,
    "currency": lambda v: str(v or "").strip().upper(),
    "period_start": _as_date,
    "period_end": _as_date,
    "opening_balance": _as_money,
    "closing_balance": _as_money,
    "holder": lambda v: _words(v).casefold(),
}


def extracted_accounts(extracted: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The extraction's accounts; the top level is one account when it names none."""
    accounts = extracted.get("accounts")
    if accounts:
        return list(accounts)
    return [extracted]


def _match_accounts(
    truths: list[AccountTruth], found: list[Mapping[str, Any]]
) -> list[Mapping[str, Any] | None]:
    """For each truth account its extracted account: same number first, then by order."""
    pairs: list[Mapping[str, Any] | None] = [None] * len(truths)
    free = list(range(len(found)))
    for i, truth in enumerate(truths):
        key = _account_key(truth.account_number)
        for j in free:
            if key and _account_key(found[j].get("account_number")) == key:
                pairs[i] = found[j]
                free.remove(j)
                break
    for i in range(len(truths)):
        if pairs[i] is None and free:
            pairs[i] = found[free.pop(0)]
    return pairs


def _describe(
    truth_rows: list[TruthTransaction], rows: list[Mapping[str, Any]]
) -> tuple[int, int, float]:
    """Pair matched rows by key (exact texts first) and compare their descriptions."""
    wanted: dict[TxnKey, list[str]] = {}
    for t in truth_rows:
        wanted.setdefault((t.txn_date, t.amount, t.balance), []).append(_words(t.description))
    got: dict[TxnKey, list[str]] = {}
    for row in rows:
        key = (
            _as_date(row.get("date")),
            _as_money(row.get("amount")),
            _as_money(row.get("balance")),
        )
        if key in wanted:
            got.setdefault(key, []).append(_words(row.get("description")))  # type: ignore[arg-type]
    described = exact = 0
    similarity = 0.0
    for key, texts in wanted.items():
        candidates = list(got.get(key, []))
        left = []
        for text in texts:
            if text in candidates:
                candidates.remove(text)
                described += 1
                exact += 1
                similarity += 1.0
            else:
                left.append(text)
        for text, other in zip(left, candidates, strict=False):
            described += 1
            similarity += SequenceMatcher(None, text, other, autojunk=False).ratio()
    return described, exact, similarity


def score_statement(truth: CorpusTruth, extracted: Mapping[str, Any] | None) -> StatementScore:
    """Score one extraction (its JSON form; None when it failed) against the truth."""
    truth_rows = truth.transactions
    if extracted is None:
        return StatementScore(
            Score(0, 0, len(truth_rows)), Score(0, 0, len(truth_rows)), 0, 0, 0.0,
            dict.fromkeys(HEADER_FIELDS, 0), len(truth.accounts),
        )  # fmt: skip
    rows = list(extracted.get("transactions") or [])
    keys = [
        (_as_date(r.get("date")), _as_money(r.get("amount")), _as_money(r.get("balance")))
        for r in rows
    ]
    txn = transaction_score_rows(truth_rows, keys)
    want_loose: Counter[tuple[Any, Any]] = Counter((t.txn_date, t.amount) for t in truth_rows)
    got_loose: Counter[tuple[Any, Any]] = Counter((k[0], k[1]) for k in keys)
    loose = Score(sum((want_loose & got_loose).values()), len(keys), len(truth_rows))
    described, exact, similarity = _describe(truth_rows, rows)
    right = dict.fromkeys(HEADER_FIELDS, 0)
    pairs = _match_accounts(truth.accounts, extracted_accounts(extracted))
    for account, found in zip(truth.accounts, pairs, strict=True):
        if found is None:
            continue
        for name in HEADER_FIELDS:
            normalise = _FIELD_NORMALISERS[name]
            want = normalise(getattr(account, name))
            if want is not None and want == normalise(found.get(name)):
                right[name] += 1
    return StatementScore(txn, loose, described, exact, similarity, right, len(truth.accounts))


def transaction_score_rows(
    truth_rows: Iterable[TruthTransaction], extracted: Iterable[tuple[Any, Any, Any]]
) -> Score:
    """Multiset match of (date, amount, balance) keys against truth rows."""
    want = Counter((t.txn_date, t.amount, t.balance) for t in truth_rows)
    got = Counter(extracted)
    return Score(sum((want & got).values()), sum(got.values()), sum(want.values()))
