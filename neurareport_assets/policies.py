"""How assets run at scale: backfill, retry, pool and automation policies, and the partition loop.

Every asset body is a per-partition function wrapped by :func:`materialize_partitions`,
so the same code serves a normal run (one partition) and a single-run backfill (a range
of partitions): a backfill of 20 tenants x 12 months becomes 12 runs (one per month,
every tenant) instead of 240, and each partition still gets its own materialization
with its own metadata.
"""

from __future__ import annotations

from collections.abc import Callable

import dagster as dg

from neurareport_assets.partitions import TenantPeriod, partition_from_key

# one run per contiguous range of partitions (Dagster splits a backfill into ranges)
SINGLE_RUN_BACKFILL = dg.BackfillPolicy.single_run()

# transient failures (LLM endpoint, tenant database, SMTP) get two more tries, spaced out
TRANSIENT_RETRY = dg.RetryPolicy(
    max_retries=2, delay=10, backoff=dg.Backoff.EXPONENTIAL, jitter=dg.Jitter.PLUS_MINUS
)

# caps concurrent LLM calls across all runs; the limit is set per deployment
# (`dagster instance concurrency set llm 2`), unset pools use concurrency.pools.default_limit
LLM_POOL = "llm"

# re-materialize a partition when anything upstream of it was updated — any month, not only
# the latest (a late statement for March must re-run March) — once its deps are present and
# idle; updates made by a run that also materialized this asset do not count
ON_UPSTREAM_CHANGE = (
    dg.AutomationCondition.eager()
    .without(dg.AutomationCondition.in_latest_time_window())
    .with_label("on_upstream_change")
)

CHECK_DETAIL_LIMIT = 20


def _combined_checks(
    results: list[tuple[str, dg.MaterializeResult]],
) -> list[dg.AssetCheckResult]:
    """One result per check for a multi-partition run: passed only when every partition passed."""
    by_name: dict[str, list[tuple[str, dg.AssetCheckResult]]] = {}
    for key, result in results:
        for check in result.check_results or []:
            by_name.setdefault(check.check_name or "", []).append((key, check))
    combined = []
    for name, outcomes in by_name.items():
        failed = [(key, check) for key, check in outcomes if not check.passed]
        first = failed[0][1] if failed else outcomes[0][1]
        metadata: dict[str, dg.RawMetadataValue] = {
            "partitions_checked": len(outcomes),
            "partitions_failed": len(failed),
            "failed_partitions": dg.MetadataValue.json(
                [key for key, _ in failed][:CHECK_DETAIL_LIMIT]
            ),
        }
        if failed:
            # the first failing partition's own details, so the analyst can go straight to it
            metadata.update({f"first: {k}": v for k, v in (first.metadata or {}).items()})
        combined.append(
            dg.AssetCheckResult(
                check_name=name,
                passed=not failed,
                severity=first.severity,
                description=(
                    f"{len(failed)} of {len(outcomes)} partition(s) failed"
                    if failed
                    else f"all {len(outcomes)} partitions passed"
                ),
                metadata=metadata,
            )
        )
    return combined


def materialize_partitions(
    context: dg.AssetExecutionContext,
    per_partition: Callable[[TenantPeriod], dg.MaterializeResult],
) -> dg.MaterializeResult:
    """Run ``per_partition`` for every partition of this run and record each one's metadata.

    A one-partition run returns that partition's result unchanged. A range (single-run
    backfill) attaches each partition's metadata to its own materialization event and
    combines check results; partitions are processed in key order, one after another.
    """
    keys = list(context.partition_keys)
    if len(keys) == 1:
        return per_partition(partition_from_key(keys[0]))
    results: list[tuple[str, dg.MaterializeResult]] = []
    for key in keys:
        partition = partition_from_key(key)
        result = per_partition(partition)
        context.add_asset_metadata(dict(result.metadata or {}), partition_key=key)
        results.append((str(key), result))
        context.log.info(f"{context.asset_key.to_user_string()} {key}: done")
    return dg.MaterializeResult(
        metadata={
            "partitions_in_run": len(keys),
            "tenants_in_run": len({partition_from_key(k).tenant for k in keys}),
        },
        check_results=_combined_checks(results) or None,
    )
