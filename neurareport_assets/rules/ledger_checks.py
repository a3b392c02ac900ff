"""Ledger rules: balances reconcile, no duplicates, dates inside the statement period.

Each rule returns a :class:`RuleOutcome` whose ``first_failure`` points at the row an
analyst should open first (file, page, row).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any


@dataclass
class RuleOutcome:
    """Whether a rule held, how many rows broke it, and the first one that did."""

    passed: bool
    failures: int = 0
    checked: int = 0
    first_failure: dict[str, Any] | None = None
    details: list[dict[str, Any]] = field(default_factory=list)


def _where(row: dict[str, Any], file_names: dict[str, str]) -> dict[str, Any]:
    return {
        "file": file_names.get(row["statement_id"], row["statement_id"][:12]),
        "page": row["page"],
        "row_no": row["row_no"],
        "txn_date": str(row["txn_date"]),
        "description": row["description"],
        "amount": str(row["amount"]),
    }


# one statement file may hold several accounts: rules run per (file, account)
AccountKey = tuple[str, str | None]


def _key(record: dict[str, Any]) -> AccountKey:
    return (record["statement_id"], record.get("account_number"))


def _by_account(rows: Sequence[dict[str, Any]]) -> dict[AccountKey, list[dict[str, Any]]]:
    grouped: dict[AccountKey, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[_key(row)].append(row)
    for items in grouped.values():
        items.sort(key=lambda r: r["row_no"])
    return grouped


def running_balance_continuous(
    rows: Sequence[dict[str, Any]], statements: Sequence[dict[str, Any]]
) -> RuleOutcome:
    """Each printed balance equals the previous balance (or the opening balance) plus the amount."""
    headers = {_key(s): s for s in statements}
    names = {s["statement_id"]: s["file_name"] for s in statements}
    outcome = RuleOutcome(passed=True)
    for key, items in _by_account(rows).items():
        header = headers.get(key, {})
        running: Decimal | None = header.get("opening_balance")
        for row in items:
            outcome.checked += 1
            if running is not None and row["balance"] is not None:
                expected = running + row["amount"]
                if expected != row["balance"]:
                    outcome.failures += 1
                    failure = {
                        **_where(row, names),
                        "expected": str(expected),
                        "printed": str(row["balance"]),
                    }
                    outcome.details.append(failure)
                    outcome.first_failure = outcome.first_failure or failure
            if row["balance"] is not None:
                running = row["balance"]
            elif running is not None:
                running = running + row["amount"]
    outcome.passed = outcome.failures == 0
    return outcome


def opening_plus_net_equals_closing(
    rows: Sequence[dict[str, Any]], statements: Sequence[dict[str, Any]]
) -> RuleOutcome:
    """Per statement account: opening balance + the net movement = closing balance."""
    grouped = _by_account(rows)
    outcome = RuleOutcome(passed=True)
    for statement in statements:
        outcome.checked += 1
        opening, closing = statement["opening_balance"], statement["closing_balance"]
        net = sum((r["amount"] for r in grouped.get(_key(statement), [])), Decimal("0"))
        detail = {
            "file": statement["file_name"],
            "account_number": statement["account_number"],
            "opening": str(opening),
            "net": str(net),
            "closing": str(closing),
        }
        if opening is None or closing is None:
            detail["problem"] = "opening or closing balance not found in the statement header"
        elif opening + net != closing:
            detail["problem"] = f"opening + net = {opening + net}, printed closing {closing}"
        else:
            continue
        outcome.failures += 1
        outcome.details.append(detail)
        outcome.first_failure = outcome.first_failure or detail
    outcome.passed = outcome.failures == 0
    return outcome


def no_duplicate_rows(
    rows: Sequence[dict[str, Any]], statements: Sequence[dict[str, Any]]
) -> RuleOutcome:
    """No transaction appears twice for one account (e.g. the same statement uploaded under two names,
    or overlapping statements). The running balance is part of the key, so two genuine equal
    payments on one day are not duplicates."""
    names = {s["statement_id"]: s["file_name"] for s in statements}
    seen: dict[tuple, dict[str, Any]] = {}
    outcome = RuleOutcome(passed=True)
    for row in rows:
        outcome.checked += 1
        key = (
            row.get("account_number"),
            row["txn_date"],
            row["description"],
            row["amount"],
            row["balance"],
        )
        if key in seen:
            outcome.failures += 1
            failure = {**_where(row, names), "duplicate_of": _where(seen[key], names)}
            outcome.details.append(failure)
            outcome.first_failure = outcome.first_failure or failure
        else:
            seen[key] = row
    outcome.passed = outcome.failures == 0
    return outcome


def dates_inside_period(
    rows: Sequence[dict[str, Any]],
    statements: Sequence[dict[str, Any]],
    period_start: date,
    period_end: date,
) -> RuleOutcome:
    """Every transaction date lies inside its statement's printed period (the partition's
    month when the header has none)."""
    headers = {_key(s): s for s in statements}
    names = {s["statement_id"]: s["file_name"] for s in statements}
    outcome = RuleOutcome(passed=True)
    for row in rows:
        outcome.checked += 1
        header = headers.get(_key(row), {})
        start = header.get("period_start") or period_start
        end = header.get("period_end") or period_end
        if not start <= row["txn_date"] <= end:
            outcome.failures += 1
            failure = {**_where(row, names), "period": f"{start} – {end}"}
            outcome.details.append(failure)
            outcome.first_failure = outcome.first_failure or failure
    outcome.passed = outcome.failures == 0
    return outcome


# check name -> what it asserts (the asset check's title and the exceptions page's wording)
LEDGER_RULES: dict[str, str] = {
    "running_balance_continuous": "running balance continuous",
    "opening_plus_net_equals_closing": "opening + net = closing",
    "no_duplicate_rows": "no duplicate rows",
    "dates_inside_period": "dates inside the statement period",
}


def check_ledger(
    rows: Sequence[dict[str, Any]],
    statements: Sequence[dict[str, Any]],
    period_start: date,
    period_end: date,
) -> dict[str, RuleOutcome]:
    """Every ledger rule over one partition, keyed by the check names of ``LEDGER_RULES``."""
    return {
        "running_balance_continuous": running_balance_continuous(rows, statements),
        "opening_plus_net_equals_closing": opening_plus_net_equals_closing(rows, statements),
        "no_duplicate_rows": no_duplicate_rows(rows, statements),
        "dates_inside_period": dates_inside_period(rows, statements, period_start, period_end),
    }
