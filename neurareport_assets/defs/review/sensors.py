"""Alerts on what matters, through the notifier (the outbox and SMTP), once per event: a
failed ERROR check of a partition (with the partition), and a file moved to quarantine
(with its reason). A held report is announced by delivery, once per report version."""

import hashlib
from pathlib import PurePosixPath

import dagster as dg

from neurareport_assets.defs.automation.notify import notify_once
from neurareport_assets.partitions import partition_from_key
from neurareport_resources.resources import NotifierResource, StatementStoreResource
from neurareport_resources.tenancy import is_valid_tenant_key


def failed_check_alerts(instance: dg.DagsterInstance, run_id: str) -> list[dict]:
    """The run's failed ERROR-severity check evaluations of one partition each."""
    records = instance.get_records_for_run(
        run_id=run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION
    ).records
    alerts = []
    for record in records:
        event = record.event_log_entry.dagster_event
        evaluation = event.event_specific_data if event is not None else None
        if (
            not isinstance(evaluation, dg.AssetCheckEvaluation)
            or evaluation.passed
            or evaluation.severity != dg.AssetCheckSeverity.ERROR
            or evaluation.partition is None
        ):
            continue
        alerts.append(
            {
                "asset": evaluation.asset_key.to_user_string(),
                "check": evaluation.check_name,
                "partition": evaluation.partition,
                "description": evaluation.description or "",
            }
        )
    return alerts


@dg.run_status_sensor(
    name="failed_check_notifier",
    run_status=dg.DagsterRunStatus.SUCCESS,
    monitor_all_code_locations=False,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Tells the tenant's analysts which partition failed which check (once each).",
)
def failed_check_notifier(context: dg.RunStatusSensorContext, notifier: NotifierResource) -> None:
    run_id = context.dagster_run.run_id
    for alert in failed_check_alerts(context.instance, run_id):
        partition = partition_from_key(alert["partition"])
        notify_once(
            notifier,
            key=f"check-{alert['check']}-{partition.tenant}-{partition.period_key}-{run_id[:8]}",
            subject=(
                f"[neurareport] check failed: {alert['check']} on {alert['asset']} "
                f"{partition.tenant} {partition.period_key}"
            ),
            body="\n".join(
                [
                    f"{alert['check']} failed on {alert['asset']} for {partition.tenant}, "
                    f"{partition.period_key}: {alert['description']}",
                    f"Partition in the Dagster UI: assets/{alert['asset']}, partition "
                    f"{alert['partition']} (Checks tab), run {run_id}",
                    "The month's report is held for review until an analyst approves it.",
                ]
            ),
            tenant=partition.tenant,
        )


@dg.sensor(
    name="quarantine_notifier",
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Tells the tenant's analysts about each file moved to quarantine, with its reason.",
)
def quarantine_notifier(
    context: dg.SensorEvaluationContext,
    statement_store: StatementStoreResource,
    notifier: NotifierResource,
) -> dg.SkipReason:
    store = statement_store.get_store()
    sent = 0
    for tenant in store.tenants():
        if not is_valid_tenant_key(tenant):
            continue  # the inbox sensor reports folders it cannot read
        for path, reason in store.quarantined(tenant):
            digest = hashlib.sha256(f"{path}\n{reason}".encode()).hexdigest()[:16]
            name = PurePosixPath(path).name
            if notify_once(
                notifier,
                key=f"quarantine-{tenant}-{digest}",
                subject=f"[neurareport] file quarantined for {tenant}: {name}",
                body="\n".join(
                    [
                        f"{name} was not read and is kept in quarantine: {path}",
                        f"Reason: {reason or 'not recorded'}",
                        "Fix the file (or the tenant's configuration) and upload it again;",
                        "the Dagster UI shows it on statement_files of its month.",
                    ]
                ),
                tenant=tenant,
            ):
                sent += 1
    return dg.SkipReason(f"{sent} new quarantined file(s) notified")
