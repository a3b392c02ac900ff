"""Review from the UI: approve or reject a held report, then deliver what was approved.

Launch ``approve_report`` (or ``reject_report``) from the Launchpad with ``tenant``,
``period`` (YYYY-MM), ``template``, ``note`` and, optionally, ``reviewer`` and the
``fingerprint`` shown on the report's ``released_for_delivery`` check. The decision is
recorded in the warehouse beside the report's fingerprint and shown on the report's
partition (an observation); after an approval the sensor ``deliver_after_approval``
materializes ``delivered_reports`` for that partition.
"""

from typing import Any

import dagster as dg

from neurareport_assets.holds import decide
from neurareport_assets.partitions import tenant_period, tenant_period_partitions
from neurareport_assets.report_templates import TEMPLATE_NAMES, report_key
from neurareport_resources.resources import ReportStoreResource, WarehouseResource
from neurareport_resources.review import APPROVED, REJECTED

APPROVE_OP = "record_approval"
REJECT_OP = "record_rejection"


class ReviewDecisionConfig(dg.Config):
    """One decision on one rendered report."""

    tenant: str
    period: str  # YYYY-MM
    template: str = TEMPLATE_NAMES[0] if len(TEMPLATE_NAMES) == 1 else ""
    note: str
    reviewer: str = ""  # empty: the run's launching user when Dagster knows it
    fingerprint: str = ""  # optional: the version the analyst read (a prefix is enough)


def _reviewer(context: dg.OpExecutionContext, config: ReviewDecisionConfig) -> str:
    tags = context.run.tags
    return (
        config.reviewer.strip()
        or tags.get("dagster/user", "")
        or tags.get("user", "")
        or f"Dagster UI run {context.run_id[:8]}"
    )


def _decision_op(name: str, decision: str) -> dg.OpDefinition:
    @dg.op(
        name=name,
        description=f"Record that an analyst {decision} a rendered report (who, when, why, fingerprint).",
        tags={"kind": "review"},
    )
    def record(
        context: dg.OpExecutionContext,
        config: ReviewDecisionConfig,
        warehouse: WarehouseResource,
        report_store: ReportStoreResource,
    ) -> None:
        partition = tenant_period(config.tenant, config.period)
        template = config.template or ""
        if template not in TEMPLATE_NAMES:
            raise dg.Failure(
                f"template {template!r}: use one of {', '.join(TEMPLATE_NAMES)}",
                allow_retries=False,
            )
        recorded = decide(
            warehouse.get_warehouse(),
            report_store.get_store(),
            tenant=partition.tenant,
            period=partition.period_start,
            template=template,
            decision=decision,
            reviewer=_reviewer(context, config),
            note=config.note,
            fingerprint=config.fingerprint or None,
        )
        context.log.info(
            f"{template} {partition.tenant} {partition.period_key}: {decision} by "
            f"{recorded.reviewer} (fingerprint {recorded.fingerprint[:12]})"
        )
        # shown in the report's partition history beside its materializations and checks
        context.log_event(
            dg.AssetObservation(
                asset_key=report_key(template),
                partition=str(partition.partition_key),
                metadata={
                    "review": decision,
                    "reviewer": recorded.reviewer,
                    "decided_at": recorded.decided_at.isoformat(),
                    "note": recorded.note,
                    "fingerprint": recorded.fingerprint,
                    "held_for": dg.MetadataValue.json(list(recorded.held_for)),
                },
            )
        )

    return record


@dg.job(name="approve_report", description="Approve a held report: it is delivered next.")
def approve_report() -> None:
    _decision_op(APPROVE_OP, APPROVED)()


@dg.job(name="reject_report", description="Reject a rendered report: it is never delivered.")
def reject_report() -> None:
    _decision_op(REJECT_OP, REJECTED)()


deliver_reports = dg.define_asset_job(
    name="deliver_reports",
    selection=["delivered_reports"],
    partitions_def=tenant_period_partitions,
    description="Send the released reports of one partition (after an approval).",
)


@dg.run_status_sensor(
    name="deliver_after_approval",
    run_status=dg.DagsterRunStatus.SUCCESS,
    monitored_jobs=[approve_report],
    request_job=deliver_reports,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="After approve_report succeeds, deliver that partition's released reports.",
)
def deliver_after_approval(context: dg.RunStatusSensorContext) -> dg.RunRequest:
    run_config: dict[str, Any] = dict(context.dagster_run.run_config)
    config = run_config["ops"][APPROVE_OP]["config"]
    partition = tenant_period(config["tenant"], config["period"])
    return dg.RunRequest(
        run_key=f"deliver-after-{context.dagster_run.run_id}",
        partition_key=str(partition.partition_key),
    )
