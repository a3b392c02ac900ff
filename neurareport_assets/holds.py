"""Review holds for one partition: the reasons found at render time, and the release state
delivery, the close board and the approval job read.

The rules live in ``neurareport_resources.review``; this module gathers their inputs from
the warehouse (ledger checks, statements, uncategorised money, the tenant's policy).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from neurareport_assets.partitions import TenantPeriod
from neurareport_assets.rules.ledger_checks import LEDGER_RULES, check_ledger
from neurareport_resources.analysis import uncategorised_summary
from neurareport_resources.review import (
    HoldReason,
    ReviewDecision,
    ReviewError,
    ReviewPolicy,
    hold_reasons,
    load_review_policy,
    manifest_fingerprint,
    record_decision,
    verify_report_files,
)

# the manifest's release state lives in the review library, where the upload API reads it too
from neurareport_resources.review.records import (  # noqa: F401 (re-exported)
    MANIFESTS,
    UNKNOWN,
    manifest_release,
    reasons_of,
)
from neurareport_resources.warehouse import Warehouse


@dataclass(frozen=True)
class PartitionReview:
    """What every template of one partition is held for, apart from its own contract."""

    failed_ledger_checks: dict[str, str]
    statements: list[dict[str, Any]]
    uncategorised_money: Decimal
    uncategorised_rows: int
    total_money: Decimal
    policy: ReviewPolicy

    def reasons(self, contract_status: str | None) -> list[HoldReason]:
        return hold_reasons(
            failed_ledger_checks=self.failed_ledger_checks,
            statements=self.statements,
            uncategorised_money=self.uncategorised_money,
            total_money=self.total_money,
            contract_status=contract_status,
            policy=self.policy,
        )


def partition_review(wh: Warehouse, partition: TenantPeriod, policy_file) -> PartitionReview:
    """The partition's hold inputs, read from the warehouse; ``policy_file`` is the tenant's
    ``review.yaml`` (None: the defaults)."""
    tenant, period = partition.tenant, partition.period_start
    rows = wh.read_partition("transactions", tenant, period).to_pylist()
    statements = wh.read_partition("statements", tenant, period).to_pylist()
    outcomes = check_ledger(rows, statements, partition.period_start, partition.period_end)
    failed = {}
    for name, outcome in outcomes.items():
        if outcome.passed:
            continue
        first = outcome.first_failure or {}
        where = ", ".join(
            f"{k} {first[k]}" for k in ("file", "page", "row_no", "problem") if k in first
        )
        failed[name] = f"{LEDGER_RULES[name]}: {outcome.failures} failure(s)" + (
            f" — first: {where}" if where else ""
        )
    uncategorised = uncategorised_summary(wh, tenant, period)
    return PartitionReview(
        failed_ledger_checks=failed,
        statements=statements,
        uncategorised_money=uncategorised.money,
        uncategorised_rows=uncategorised.rows,
        total_money=uncategorised.total_money,
        policy=load_review_policy(policy_file),
    )


def approval_command(tenant: str, period_key: str, template: str) -> str:
    """The command an analyst runs to release a held report."""
    return f'neurareport approve --tenant {tenant} --period {period_key} --template {template} --note "…"'


def decide(
    wh: Warehouse,
    store: Any,
    *,
    tenant: str,
    period: date,
    template: str,
    decision: str,
    reviewer: str,
    note: str,
    fingerprint: str | None = None,
) -> ReviewDecision:
    """Record an analyst's approval or rejection of the report rendered now.

    The files are read back and compared with the manifest first, so what is approved is
    exactly what delivery will send; ``fingerprint`` (a prefix, as shown in the UI) guards
    against approving a version other than the one the analyst read.
    """
    manifest = wh.read_document(MANIFESTS, tenant, period, template)
    files = (manifest or {}).get("files") or []
    if manifest is None or not files:
        raise ReviewError(
            f"nothing rendered for {tenant} {period:%Y-%m} template {template}; "
            f"materialize rendered_reports/{template} for that partition first"
        )
    changed = verify_report_files(store, files)
    if changed:
        raise ReviewError(
            f"{tenant} {period:%Y-%m} {template}: the stored files differ from the manifest "
            f"({'; '.join(changed)}); re-materialize rendered_reports/{template}, then review again"
        )
    current = manifest_fingerprint(files)
    if fingerprint and not current.startswith(fingerprint.strip().lower()):
        raise ReviewError(
            f"{tenant} {period:%Y-%m} {template}: the report is now {current[:12]}, not "
            f"{fingerprint}; it changed since you read it — read it again"
        )
    return record_decision(
        wh,
        ReviewDecision(
            tenant=tenant,
            period=period,
            template=template,
            decision=decision,
            fingerprint=current,
            reviewer=reviewer,
            decided_at=datetime.now(UTC).replace(microsecond=0),
            note=note,
            held_for=tuple(str(r) for r in reasons_of(manifest)),
        ),
    )
