"""Delivery: the rendered reports sent to the tenant's destinations, once per file hash."""

from contextlib import ExitStack
from pathlib import Path

import dagster as dg

from neurareport_assets.markdown import markdown_table
from neurareport_assets.partitions import TenantPeriod, tenant_period_partitions
from neurareport_assets.policies import (
    ON_UPSTREAM_CHANGE,
    SINGLE_RUN_BACKFILL,
    TRANSIENT_RETRY,
    materialize_partitions,
)
from neurareport_assets.report_templates import TEMPLATE_NAMES, report_key
from neurareport_assets.webhook_events import delivered_events, emit_events, failed_check_events
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

DELIVERY_SUCCEEDED = "delivery_succeeded"
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
        dg.AssetCheckSpec(
            DELIVERY_SUCCEEDED,
            asset="delivered_reports",
            description="every file reached every destination (after retries with backoff)",
        )
    ],
)
def delivered_reports(
    context: dg.AssetExecutionContext,
    config: DeliveryConfig,
    notifier: NotifierResource,
    warehouse: WarehouseResource,
    report_store: ReportStoreResource,
) -> dg.MaterializeResult:
    return materialize_partitions(
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
    # every template's manifest: what rendered_reports/<template> last produced (nothing for
    # a template it skipped or a BLOCKING rule stopped)
    manifests = [
        wh.read_document("report_manifests", partition.tenant, partition.period_start, name)
        for name in TEMPLATE_NAMES
    ]
    uris = [
        entry["path"]
        for manifest in manifests
        for entry in (manifest or {}).get("files", [])
        if entry["format"] in DELIVERED_FORMATS
    ]
    store = report_store.get_store()
    with ExitStack() as downloads:
        # the files themselves on a local store; temporary downloads from a bucket
        files = [downloads.enter_context(store.local_copy(uri)) for uri in uris]
        records = deliver(
            files,
            notifier.destinations_for(partition.tenant),
            ledger=WarehouseLedger(wh, partition.tenant, partition.period_start),
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
            "deliveries": dg.MetadataValue.md(markdown_table(rows)),
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
            )
        ],
    )
    webhooks = emit_events(
        delivered_events(partition, sent) + failed_check_events(partition, None, result),
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
