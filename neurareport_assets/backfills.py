"""Backfills launched per tenant, so a failing tenant fails only its own runs.

Every asset runs a range of partitions in one run (``BackfillPolicy.single_run()``), and
Dagster 1.13 records a range step's outcome for *every* partition of the range: a step
that raises marks all of them failed, and there is no public way to mark one partition
of a range failed and the others materialized (``execute_step.py`` emits one
materialization per key of ``asset_partition_keys``). So the tenants that share a run
share its fate.

Which partitions share a run is Dagster's choice: it cuts a backfill's partitions into
ranges holding the dimension with *fewer* distinct keys constant
(``DefaultPartitionsSubset.get_partition_key_ranges``). A backfill of 20 tenants x 12
months becomes 12 runs, one per month, each with all 20 tenants — one tenant's broken
input fails the month for everyone. A backfill of ONE tenant has one tenant key, so its
ranges hold the tenant constant: one run per tenant over its (contiguous) months.

:func:`tenant_backfills` therefore makes one asset backfill per tenant, tagged
with the tenant (``neurareport/tenant``, which the instance's run queue limits to one run
per tenant at a time). A tenant whose step raises fails its own run and backfill; the
other tenants' backfills go on and materialize.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

import dagster as dg
from dagster._core.definitions.assets.graph.base_asset_graph import BaseAssetGraph
from dagster._core.execution.backfill import PartitionBackfill

from neurareport_assets.defs.automation.sensors import TENANT_TAG
from neurareport_assets.partitions import tenant_period

# the tag that groups a tenant-split backfill's parts (each part is its own backfill)
BACKFILL_GROUP_TAG = "neurareport/backfill-group"


def tenant_backfills(
    asset_graph: BaseAssetGraph,
    instance: dg.DagsterInstance,
    tenants: Iterable[str],
    periods: Sequence[date],
    asset_keys: Sequence[dg.AssetKey],
    *,
    tags: Mapping[str, str] | None = None,
    title: str = "backfill",
    tenants_per_backfill: int = 1,
) -> list[PartitionBackfill]:
    """One asset backfill per tenant over ``periods`` for ``asset_keys`` (not yet submitted).

    Each carries ``tags``, the tenant's tag and a group tag shared by all of them; the
    tenants must be partitions of the instance already. Tenant keys are validated.

    ``tenants_per_backfill`` > 1 puts that many tenants in one backfill: fewer runs when
    there are more tenants than months (a month's close of 500 tenants is 500 one-partition
    runs at 1, each with a run worker's start-up), at the price of isolation — when a
    backfill has at least as many tenants as months, Dagster runs it one month at a time
    with all of its tenants, and a failure fails that month for all of them.
    """
    if tenants_per_backfill < 1:
        raise ValueError(f"tenants_per_backfill must be at least 1, not {tenants_per_backfill}")
    group = uuid.uuid4().hex[:8]
    ordered = sorted(set(tenants))
    chunks = [
        ordered[start : start + tenants_per_backfill]
        for start in range(0, len(ordered), tenants_per_backfill)
    ]
    backfills: list[PartitionBackfill] = []
    for chunk in chunks:
        keys = [str(tenant_period(t, period).partition_key) for t in chunk for period in periods]
        # one tenant: its tag, so the run queue keeps one run per tenant at a time
        tenant_tag = {TENANT_TAG: chunk[0]} if len(chunk) == 1 else {}
        backfills.append(
            PartitionBackfill.from_asset_partitions(
                backfill_id=f"{group}{len(backfills):04d}",
                asset_graph=asset_graph,
                partition_names=keys,
                asset_selection=list(asset_keys),
                backfill_timestamp=time.time(),
                tags={**(tags or {}), **tenant_tag, BACKFILL_GROUP_TAG: group},
                dynamic_partitions_store=instance,
                all_partitions=False,
                title=f"{title}: {', '.join(chunk)}",
                description=(
                    f"{len(periods)} month(s) of {', '.join(chunk)}, {len(asset_keys)} asset(s)"
                ),
                run_config=None,
            )
        )
    return backfills


def submit_backfills(
    instance: dg.DagsterInstance, backfills: Iterable[PartitionBackfill]
) -> list[str]:
    """Submit backfills (from :func:`tenant_backfills`) to the instance, where the daemon
    runs them; returns their ids."""
    ids: list[str] = []
    for backfill in backfills:
        instance.add_backfill(backfill)
        ids.append(backfill.backfill_id)
    return ids
