"""Schedules: on the 1st of each month, the month just closed for every tenant."""

from __future__ import annotations

from datetime import date, datetime

import dagster as dg

from neurareport_assets.defs.automation.jobs import PIPELINE_ASSETS, monthly_reports
from neurareport_assets.defs.automation.sensors import SOURCE_TAG, TENANT_TAG
from neurareport_assets.partitions import TENANT_DIMENSION, tenant_period

# 06:00 UTC on the 1st: banks have issued the previous month's statements overnight
MONTHLY_CRON = "0 6 1 * *"


def previous_period(moment: datetime | date) -> date:
    """The first day of the month before ``moment``'s month."""
    first = date(moment.year, moment.month, 1)
    return date(first.year - 1, 12, 1) if first.month == 1 else date(first.year, first.month - 1, 1)


def monthly_run_requests(tenants: list[str], period: date) -> list[dg.RunRequest]:
    """One run per tenant for ``period``, keyed so a re-evaluated tick launches nothing twice."""
    requests = []
    for tenant in sorted(tenants):
        partition = tenant_period(tenant, period)
        requests.append(
            dg.RunRequest(
                run_key=f"monthly:{tenant}:{partition.period_key}",
                partition_key=partition.partition_key,
                tags={TENANT_TAG: tenant, SOURCE_TAG: "schedule"},
                asset_selection=PIPELINE_ASSETS,
            )
        )
    return requests


@dg.schedule(
    name="monthly_reports_schedule",
    job=monthly_reports,
    cron_schedule=MONTHLY_CRON,
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="On the 1st of the month: the previous month, every tenant, every stage.",
)
def monthly_reports_schedule(context: dg.ScheduleEvaluationContext):
    period = previous_period(context.scheduled_execution_time)
    tenants = context.instance.get_dynamic_partitions(TENANT_DIMENSION)
    if not tenants:
        return dg.SkipReason("no tenants yet: drop a statement into inbox/<tenant>/")
    return monthly_run_requests(list(tenants), period)
