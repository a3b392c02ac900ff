"""Jobs and the executor: the whole monthly pipeline for one (tenant, period), checks included.

The executor is chosen by ``NEURAREPORT_EXECUTOR`` (read once, when the code location loads):

- ``in_process`` (default): every step in the run's own process. The chain is linear, so
  separate step processes buy no parallelism and cost a code load per step; parallelism
  comes from concurrent runs (the run queue), one per tenant.
- ``multiprocess``: one process per step (isolates a crashing step from the run).
- ``celery``: steps become Celery tasks on the broker ``NEURAREPORT_CELERY_BROKER``
  (e.g. ``redis://redis:6379/0``), executed by ``dagster-celery worker`` processes on any
  machine that shares the instance (Postgres) and the storage (S3).
"""

from __future__ import annotations

import os

import dagster as dg

from neurareport_assets.partitions import tenant_period_partitions
from neurareport_assets.report_templates import TEMPLATE_NAMES, contract_key, report_key

EXECUTORS = ("in_process", "multiprocess", "celery")


def executor_for_environment(environ: dict[str, str] | None = None) -> dg.ExecutorDefinition:
    """The executor named by ``NEURAREPORT_EXECUTOR`` (see the module docstring)."""
    environ = dict(os.environ if environ is None else environ)
    name = environ.get("NEURAREPORT_EXECUTOR", "in_process")
    if name == "in_process":
        return dg.in_process_executor
    if name == "multiprocess":
        return dg.multiprocess_executor
    if name == "celery":
        from dagster_celery import celery_executor

        broker = environ.get("NEURAREPORT_CELERY_BROKER")
        if not broker:
            raise ValueError(
                "NEURAREPORT_EXECUTOR=celery needs NEURAREPORT_CELERY_BROKER (e.g. redis://host:6379/0)"
            )
        return celery_executor.configured(
            {"broker": broker, "backend": environ.get("NEURAREPORT_CELERY_BACKEND", broker)}
        )
    raise ValueError(f"NEURAREPORT_EXECUTOR={name!r}: use one of {', '.join(EXECUTORS)}")


def pipeline_assets() -> list[dg.AssetKey]:
    """Every asset the monthly pipeline materializes, each template's included, in order."""
    return [
        dg.AssetKey("statement_files"),
        dg.AssetKey("extracted_tables"),
        dg.AssetKey("transactions"),
        *(contract_key(name) for name in TEMPLATE_NAMES),
        *(report_key(name) for name in TEMPLATE_NAMES),
        dg.AssetKey("delivered_reports"),
        dg.AssetKey("usage"),  # metered in the same run, not by a second one behind it
    ]


# Runs of the whole pipeline name their assets explicitly (RunRequest.asset_selection): a run
# without a recorded selection does not count, for automation, as having covered the assets
# downstream of what it updated, so automation would launch a second run behind every one.
PIPELINE_ASSETS = pipeline_assets()

monthly_reports = dg.define_asset_job(
    name="monthly_reports",
    selection=PIPELINE_ASSETS,
    partitions_def=tenant_period_partitions,
    description="Every stage, from the statement files to the rendered reports, for one partition.",
)


@dg.definitions
def executor() -> dg.Definitions:
    """The code location's default executor: used by every job, backfill and automation run."""
    return dg.Definitions(executor=executor_for_environment())
