"""A reconstructable job on the Celery executor, loaded both by the test and by the Celery worker.

The broker comes from ``NEURAREPORT_CELERY_BROKER`` and the folders from ``NEURAREPORT_HOME``,
so the test process and the worker process build the same definitions.
"""

from __future__ import annotations

import os

import dagster as dg
from dagster_celery import celery_executor

from neurareport_assets.defs.extraction.assets import extracted_tables
from neurareport_assets.defs.intake.assets import statement_files
from neurareport_assets.defs.ledger.assets import transactions
from neurareport_assets.partitions import tenant_period_partitions
from neurareport_resources.settings import local_resources

JOB_NAME = "ledger_on_celery"


def celery_ledger_job() -> dg.JobDefinition:
    """Statement files -> extracted tables -> transactions, each step a Celery task."""
    broker = os.environ["NEURAREPORT_CELERY_BROKER"]
    job = dg.define_asset_job(
        JOB_NAME,
        selection=[statement_files, extracted_tables, transactions],
        partitions_def=tenant_period_partitions,
        executor_def=celery_executor.configured({"broker": broker, "backend": broker}),
    )
    definitions = dg.Definitions(
        assets=[statement_files, extracted_tables, transactions],
        jobs=[job],
        resources=local_resources(),
    )
    return definitions.resolve_job_def(JOB_NAME)
