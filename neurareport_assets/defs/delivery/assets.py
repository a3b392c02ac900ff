"""Delivery: the rendered reports sent to the tenant's destinations, once per file hash."""

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import dagster as dg

from neurareport_assets.board import board_markdown, board_row
from neurareport_assets.defs.automation.notify import notify_once
from neurareport_assets.holds import MANIFESTS, approval_command, reasons_of
from neurareport_assets.markdown import markdown_table
from neurareport_assets.partitions import TenantPeriod, partition_check, tenant_period_partitions
from neurareport_assets.policies import (
    ON_UPSTREAM_CHANGE,
    SINGLE_RUN_BACKFILL,
    TRANSIENT_RETRY,
    materialize_partitions,
)
from neurareport_assets.report_templates import TEMPLATE_NAMES, report_key
from neurareport_assets.webhook_events import (
    approved_events,
    delivered_events,
    emit_events,
    failed_check_events,
)
from neurareport_resources.delivery import (
    FAILED,
    SENT,
    DeliveryMessage,
    WarehouseLedger,
    deliver,
)
from neurareport_resources.rendering import delivered_formats
from neurareport_resources.resources import (
    NotifierResource,
    ReportStoreResource,
    WarehouseResource,
)
from neurareport_resources.review import (
    APPROVED,
    HELD,
    HoldReason,
    manifest_fingerprint,
    read_decisions,
    release_state,
    verify_report_files,
)

DELIVERY_SUCCEEDED = "delivery_succeeded"
NOTHING_HELD = "nothing_held_for_review"
# what a client receives (the renderer registry says; the HTML is the web copy of the PDF)
DELIVERED_FORMATS = delivered_formats()


class DeliveryConfig(dg.Config):
    """``force``: send again even what was already sent to a destination."""

    force: bool = False


@dg.asset(
    partitions_def=tenant_period_partitions,
    deps=[report_key(name) for name in TEMPLATE_NAMES],
    group_name="delivery",
    kinds={"email", "file", "sftp"},
    owners=["team:reporting"],
    code_version="1",
    backfill_policy=SINGLE_RUN_BACKFILL,
    automation_condition=ON_UPSTREAM_CHANGE,
    retry_policy=TRANSIENT_RETRY,
    description=(
        "What was sent where (outbox, e-mail, SFTP); idempotent per file hash and "
        "destination, recorded in the warehouse."
    ),
    check_specs=[
        partition_check(
            DELIVERY_SUCCEEDED,
            asset="delivered_reports",
            description="every file reached every destination (after retries with backoff)",
        ),
        partition_check(
            NOTHING_HELD,
            asset="delivered_reports",
            description=(
                "no rendered report of the month waits for an analyst: every one was released "
                "(nothing held it, or its files were approved) and none was rejected"
            ),
        ),
    ],
)
def delivered_reports(
    context: dg.AssetExecutionContext,
    config: DeliveryConfig,
    notifier: NotifierResource,
    warehouse: WarehouseResource,
    report_store: ReportStoreResource,
) -> Iterator[dg.MaterializeResult | dg.AssetCheckEvaluation]:
    yield from materialize_partitions(
        context,
        lambda partition: _delivered_reports_for(
            partition, context, config, notifier, warehouse, report_store
        ),
    )


def _delivered_reports_for(
    partition: TenantPeriod,
    context: dg.AssetExecutionContext,
    config: DeliveryConfig,
    notifier: NotifierResource,
    warehouse: WarehouseResource,
    report_store: ReportStoreResource,
) -> dg.MaterializeResult:
    wh = warehouse.get_warehouse()
    store = report_store.get_store()
    uris: list[str] = []
    held: list[dict] = []
    approvals = []
    for name in TEMPLATE_NAMES:
        # what rendered_reports/<template> last produced (no files for a template it skipped
        # or a BLOCKING rule stopped), and whether it is released for delivery
        manifest = wh.read_document(MANIFESTS, partition.tenant, partition.period_start, name)
        files = (manifest or {}).get("files") or []
        if not files:
            continue
        assert manifest is not None
        reasons = reasons_of(manifest)
        changed = verify_report_files(store, files)
        if changed:
            # bytes that differ from the manifest were never approved nor checked
            context.log.error(f"{name}: files changed since rendering: {changed}")
            reasons = [*reasons, *(HoldReason("files_changed_since_rendering", c) for c in changed)]
        release = release_state(
            reasons,
            manifest_fingerprint(files),
            read_decisions(wh, partition.tenant, partition.period_start, name),
        )
        if release.deliverable and not changed:
            if release.status == APPROVED:
                approvals += approved_events(partition, name, release)
            uris.extend(entry["path"] for entry in files if entry["format"] in DELIVERED_FORMATS)
            continue
        held.append(
            {
                "template": name,
                "status": "files changed" if changed else release.status,
                "fingerprint": release.fingerprint[:12],
                "reasons": "; ".join(str(r) for r in release.reasons),
            }
        )
        if release.status == HELD:
            _notify_held(context, notifier, partition, name, release)
    with ExitStack() as downloads:
        # the files themselves on a local store; temporary downloads from a bucket
        files = [downloads.enter_context(store.local_copy(uri)) for uri in uris]
        records = deliver(
            files,
            notifier.destinations_for(partition.tenant),
            ledger=WarehouseLedger(
                wh,
                partition.tenant,
                partition.period_start,
                legacy=notifier.ledger_path(partition.tenant),
            ),
            force=config.force,
            message=DeliveryMessage(
                subject=f"Monthly reports {partition.tenant} {partition.period_key}",
                body=(
                    f"Please find attached the reports for {partition.tenant}, "
                    f"period {partition.period_key}."
                ),
            ),
            retries=notifier.retries,
            backoff_seconds=notifier.backoff_seconds,
        )
    failed = [r for r in records if r.status == FAILED]
    sent = [
        {
            "file": Path(r.file).name,
            "sha256": r.sha256,
            "destination": r.destination,
            "where": r.location,
        }
        for r in records
        if r.status == SENT
    ]
    for record in failed:
        context.log.error(f"{record.file} -> {record.destination}: {record.error}")
    rows = [
        {
            "file": Path(r.file).name,
            "destination": r.destination,
            "status": r.status,
            "attempts": r.attempts,
            "where": r.location or "",
            "error": r.error or "",
        }
        for r in records
    ]
    result: dg.MaterializeResult = dg.MaterializeResult(
        metadata={
            "files": len(files),
            "sent": sum(1 for r in records if r.status == SENT),
            "already_sent": sum(1 for r in records if r.status not in (SENT, FAILED)),
            "failed": len(failed),
            "held": len(held),
            "held_reports": dg.MetadataValue.md(markdown_table(held)),
            "deliveries": dg.MetadataValue.md(markdown_table(rows)),
            # this month's line of the close board (the close_board asset has every month)
            "close_board": dg.MetadataValue.md(board_markdown([board_row(wh, partition)])),
        },
        check_results=[
            dg.AssetCheckResult(
                check_name=DELIVERY_SUCCEEDED,
                passed=not failed,
                severity=dg.AssetCheckSeverity.ERROR,
                metadata={
                    "failures": dg.MetadataValue.json(
                        [
                            {
                                "file": Path(r.file).name,
                                "destination": r.destination,
                                "error": r.error,
                            }
                            for r in failed
                        ]
                    )
                },
            ),
            dg.AssetCheckResult(
                check_name=NOTHING_HELD,
                passed=not held,
                severity=dg.AssetCheckSeverity.WARN,
                description=(
                    f"{len(held)} report(s) held or rejected, not delivered"
                    if held
                    else "every rendered report was released"
                ),
                metadata={
                    "held": dg.MetadataValue.md(markdown_table(held)),
                    "how to release": dg.MetadataValue.md(
                        "\n\n".join(
                            f"    {approval_command(partition.tenant, partition.period_key, h['template'])}"
                            for h in held
                        )
                        or "_nothing held_"
                    ),
                },
            ),
        ],
    )
    webhooks = emit_events(
        approvals
        + delivered_events(partition, sent)
        + failed_check_events(partition, None, result),
        partition,
        notifier,
        wh,
        context.log,
    )
    if webhooks:
        result = result._replace(
            metadata={**(result.metadata or {}), "webhooks": dg.MetadataValue.json(webhooks)}
        )
    return result


def _notify_held(
    context: dg.AssetExecutionContext,
    notifier: NotifierResource,
    partition: TenantPeriod,
    name: str,
    release,
) -> None:
    """Tell the tenant's analysts a report is held — once per report version. The outbox
    copy is written first; a mail server that refuses does not stop delivery of the rest."""
    partition_key = f"{partition.period_start.isoformat()}|{partition.tenant}"
    try:
        _send_held(notifier, partition, name, release, partition_key)
    except Exception as error:
        context.log.warning(f"{name}: held-report notification not e-mailed: {error}")


def _send_held(notifier, partition: TenantPeriod, name: str, release, partition_key: str) -> None:
    notify_once(
        notifier,
        key=f"held-{partition.tenant}-{partition.period_key}-{name}-{release.fingerprint[:16]}",
        subject=f"Held for review: {name} {partition.tenant} {partition.period_key}",
        body="\n".join(
            [
                f"The report {name} for {partition.tenant}, {partition.period_key} was rendered "
                "as a draft and is not delivered:",
                *(f"  - {r}" for r in release.reasons),
                "",
                f"Partition in the Dagster UI: assets/rendered_reports/{name}, partition {partition_key}",
                f"Release it: {approval_command(partition.tenant, partition.period_key, name)}",
            ]
        ),
        tenant=partition.tenant,
    )
