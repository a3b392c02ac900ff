"""One partitioning for every asset: tenant (dynamic) x period (monthly).

Dagster orders multi-partition dimensions by name, so a key reads ``2025-03-01|acme``.
"""

from __future__ import annotations

import calendar
import os
import warnings
from dataclasses import dataclass
from datetime import date

import dagster as dg

from neurareport_resources.tenancy import validate_tenant_key
from neurareport_resources.warehouse import period_key

TENANT_DIMENSION = "tenant"
PERIOD_DIMENSION = "period"
# The first month any tenant can have: NEURAREPORT_FIRST_PERIOD (YYYY-MM), read once when the
# code location loads, like the executor. Dagster's multi-partitions are the product of the
# dimensions, so this bounds every tenant's row in the partitions view; which of those months
# a tenant is expected to have (from its first statement or its tenant.yaml first_period) is
# the close board's business, where a missing statement differs from a month nobody expects.
FIRST_PERIOD_VARIABLE = "NEURAREPORT_FIRST_PERIOD"
DEFAULT_FIRST_PERIOD = "2024-01"


def first_period(environ: dict[str, str] | None = None) -> str:
    """``YYYY-MM-01`` of the configured first period (``DEFAULT_FIRST_PERIOD`` when unset)."""
    value = (os.environ if environ is None else environ).get(FIRST_PERIOD_VARIABLE) or (
        DEFAULT_FIRST_PERIOD
    )
    try:
        return date.fromisoformat(f"{value.strip()[:7]}-01").isoformat()
    except ValueError:
        raise ValueError(f"{FIRST_PERIOD_VARIABLE}={value!r}: use YYYY-MM, e.g. 2024-01") from None


FIRST_PERIOD = first_period()

TENANT_PARTITIONS = "tenant"  # the dynamic partitions set the sensor adds tenants to
tenant_partitions = dg.DynamicPartitionsDefinition(name=TENANT_PARTITIONS)
# end_offset=1 admits the current, still-running month
period_partitions = dg.MonthlyPartitionsDefinition(start_date=FIRST_PERIOD, end_offset=1)
tenant_period_partitions = dg.MultiPartitionsDefinition(
    {TENANT_DIMENSION: tenant_partitions, PERIOD_DIMENSION: period_partitions}
)


def partition_check(
    name: str, *, asset: dg.CoercibleToAssetKey, description: str, blocking: bool = False
) -> dg.AssetCheckSpec:
    """A check that keeps one result per tenant x month: a later run for another partition
    leaves an earlier partition's failure in place (an unpartitioned check of a partitioned
    asset keeps only the latest run's result, whatever partition it was for)."""
    with warnings.catch_warnings():
        # partitioned checks are a preview in Dagster 1.13; the API is the documented one
        warnings.simplefilter("ignore", dg.PreviewWarning)
        return dg.AssetCheckSpec(
            name,
            asset=asset,
            description=description,
            blocking=blocking,
            partitions_def=tenant_period_partitions,
        )


@dataclass(frozen=True)
class TenantPeriod:
    """One (tenant, month) partition, validated."""

    tenant: str
    period_start: date

    @property
    def period_end(self) -> date:
        last_day = calendar.monthrange(self.period_start.year, self.period_start.month)[1]
        return self.period_start.replace(day=last_day)

    @property
    def period_key(self) -> str:
        """``YYYY-MM``, the folder name used in the inbox, warehouse and reports."""
        return period_key(self.period_start)

    @property
    def partition_key(self) -> dg.MultiPartitionKey:
        return dg.MultiPartitionKey(
            {TENANT_DIMENSION: self.tenant, PERIOD_DIMENSION: self.period_start.isoformat()}
        )


def tenant_period(tenant: str, period: str | date) -> TenantPeriod:
    """Build a validated partition from a tenant key and ``YYYY-MM`` / ``YYYY-MM-DD`` / a date."""
    validate_tenant_key(tenant)
    if isinstance(period, str):
        period = date.fromisoformat(period if len(period) == 10 else f"{period}-01")
    return TenantPeriod(tenant, period.replace(day=1))


def partition_from_key(key: str | dg.MultiPartitionKey) -> TenantPeriod:
    """Parse a multi-partition key (``2025-03-01|acme``)."""
    if not isinstance(key, dg.MultiPartitionKey):
        period, tenant = str(key).split("|", 1)
        return tenant_period(tenant, period)
    dims = key.keys_by_dimension
    return tenant_period(dims[TENANT_DIMENSION], dims[PERIOD_DIMENSION])


def current_partition(context: dg.AssetExecutionContext) -> TenantPeriod:
    """The validated (tenant, period) of a single-partition run."""
    return partition_from_key(context.partition_key)
