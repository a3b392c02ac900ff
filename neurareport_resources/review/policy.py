"""When a report is held: the tenant's review policy and the reasons found in one partition.

A tenant's ``templates/tenants/<tenant>/review.yaml`` (all keys optional)::

    max_uncategorised_share: 0.10    # hold when uncategorised money > 10 % of money moved
    max_uncategorised_money: 500.00  # … or more than this much (absolute, in + out)
    hold_unapproved_contract: true   # hold while the template's contract is not approved
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from neurareport_resources.review.model import (
    CONTRACT,
    LEDGER,
    NEEDS_REVIEW,
    UNCATEGORISED,
    HoldReason,
    ReviewError,
)

REVIEW_FILE = "review.yaml"
DEFAULT_MAX_UNCATEGORISED_SHARE = Decimal("0.10")
_KEYS = {"max_uncategorised_share", "max_uncategorised_money", "hold_unapproved_contract"}


@dataclass(frozen=True)
class ReviewPolicy:
    """What holds a tenant's reports (the defaults hold on every doubt but a little
    uncategorised money)."""

    max_uncategorised_share: Decimal | None = DEFAULT_MAX_UNCATEGORISED_SHARE
    max_uncategorised_money: Decimal | None = None
    hold_unapproved_contract: bool = True


def _decimal(value: Any, key: str, path: Path) -> Decimal | None:
    if value is None:
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ReviewError(f"{path}: {key}: {value!r} is not a number; write e.g. 0.10") from None
    if number < 0:
        raise ReviewError(f"{path}: {key}: {value!r} is negative; give a limit of 0 or more")
    return number


def load_review_policy(path: Path | None) -> ReviewPolicy:
    """The policy in ``path`` (the defaults when there is no file); a bad file is an error
    naming the file and the key."""
    if path is None or not Path(path).is_file():
        return ReviewPolicy()
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ReviewError(f"{path}: not valid YAML ({exc}); fix the file") from None
    if not isinstance(data, dict):
        raise ReviewError(f"{path}: expected keys such as max_uncategorised_share; fix the file")
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise ReviewError(f"{path}: unknown key(s) {unknown}; known: {sorted(_KEYS)}")
    hold_contract = data.get("hold_unapproved_contract", True)
    if not isinstance(hold_contract, bool):
        raise ReviewError(f"{path}: hold_unapproved_contract must be true or false")
    return ReviewPolicy(
        max_uncategorised_share=_decimal(
            data.get("max_uncategorised_share", DEFAULT_MAX_UNCATEGORISED_SHARE),
            "max_uncategorised_share",
            path,
        ),
        max_uncategorised_money=_decimal(
            data.get("max_uncategorised_money"), "max_uncategorised_money", path
        ),
        hold_unapproved_contract=hold_contract,
    )


def hold_reasons(
    *,
    failed_ledger_checks: Mapping[str, str],
    statements: Iterable[Mapping[str, Any]],
    uncategorised_money: Decimal,
    total_money: Decimal,
    contract_status: str | None,
    policy: ReviewPolicy,
) -> list[HoldReason]:
    """Every reason one rendered report must wait for an analyst (empty: it may go out).

    ``failed_ledger_checks``: check name -> what failed and where; ``statements``: the
    partition's statement rows (``needs_review``, ``review_reason``, ``file_name``);
    ``uncategorised_money`` / ``total_money``: absolute money no rule categorised / moved.
    """
    reasons = [HoldReason(LEDGER, f"{name}: {what}") for name, what in failed_ledger_checks.items()]
    for statement in statements:
        if statement.get("needs_review"):
            account = statement.get("account_number") or "?"
            why = statement.get("review_reason") or "extraction could not settle it"
            reasons.append(
                HoldReason(NEEDS_REVIEW, f"{statement['file_name']} (account {account}): {why}")
            )
    share = (uncategorised_money / total_money) if total_money else Decimal(0)
    over_share = (
        policy.max_uncategorised_share is not None and share > policy.max_uncategorised_share
    )
    over_money = (
        policy.max_uncategorised_money is not None
        and uncategorised_money > policy.max_uncategorised_money
    )
    if over_share or over_money:
        limits = []
        if policy.max_uncategorised_share is not None:
            limits.append(f"{policy.max_uncategorised_share:.0%} of money moved")
        if policy.max_uncategorised_money is not None:
            limits.append(f"{policy.max_uncategorised_money}")
        reasons.append(
            HoldReason(
                UNCATEGORISED,
                f"{uncategorised_money} uncategorised ({share:.1%} of {total_money}); "
                f"limit {' or '.join(limits)} — teach a rule with `neurareport categorise add`",
            )
        )
    if policy.hold_unapproved_contract and contract_status != "approved":
        reasons.append(
            HoldReason(
                CONTRACT,
                f"contract status {contract_status or 'missing'}; approve it in the template's "
                "overrides.yaml (status: approved) or approve this report",
            )
        )
    return reasons
