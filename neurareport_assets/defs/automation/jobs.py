"""Jobs: the whole monthly pipeline for one (tenant, period), checks included."""

import dagster as dg

from neurareport_assets.partitions import tenant_period_partitions

monthly_reports = dg.define_asset_job(
    name="monthly_reports",
    selection=dg.AssetSelection.all(),
    partitions_def=tenant_period_partitions,
    description="Every stage, from the statement files to the rendered reports, for one partition.",
)
