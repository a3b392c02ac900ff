"""Usage: per tenant × month, what the tenant used (statements, pages, LLM, reports,
deliveries), stored in the warehouse and exported with ``neurareport usage``."""

from collections.abc import Iterator

import dagster as dg

from neurareport_assets.markdown import markdown_table
from neurareport_assets.partitions import TenantPeriod, tenant_period_partitions
from neurareport_assets.policies import (
    ON_UPSTREAM_CHANGE,
    SINGLE_RUN_BACKFILL,
    materialize_partitions,
)
from neurareport_assets.usage_records import METERS, USAGE_KIND, USAGE_NAME, compute_usage
from neurareport_resources.resources import WarehouseResource


@dg.asset(
    partitions_def=tenant_period_partitions,
    deps=["delivered_reports"],
    group_name="usage",
    kinds={"duckdb", "csv"},
    owners=["team:reporting"],
    code_version="1",
    backfill_policy=SINGLE_RUN_BACKFILL,
    automation_condition=ON_UPSTREAM_CHANGE,
    description=(
        "Per tenant and month: statements, pages read (text / OCR), LLM calls and tokens, "
        "reports rendered, deliveries — for billing (`neurareport usage` exports CSV and "
        "Stripe meter events; nothing is sent)."
    ),
)
def usage(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> Iterator[dg.MaterializeResult | dg.AssetCheckEvaluation]:
    yield from materialize_partitions(context, lambda p: _usage_for(p, warehouse))


def _usage_for(partition: TenantPeriod, warehouse: WarehouseResource) -> dg.MaterializeResult:
    wh = warehouse.get_warehouse()
    record = compute_usage(wh, partition)
    uri = wh.write_document(
        USAGE_KIND, partition.tenant, partition.period_start, USAGE_NAME, record
    )
    return dg.MaterializeResult(
        metadata={
            **{meter: record[meter] for meter in METERS},
            "document": dg.MetadataValue.path(uri),
            "usage": dg.MetadataValue.md(
                markdown_table([{"meter": m, "value": record[m]} for m in METERS])
            ),
        }
    )
