"""How assets run at scale: backfill, retry, pool and automation policies, and the partition loop.

Every asset body is a per-partition function wrapped by :func:`materialize_partitions`,
so the same code serves a normal run (one partition) and a single-run backfill (a range
of partitions): a backfill of 20 tenants x 12 months becomes 12 runs (one per month,
every tenant) instead of 240, and each partition still gets its own materialization
with its own metadata.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from datetime import timedelta

import dagster as dg
from dagster._core.definitions.asset_checks.asset_check_evaluation import (
    AssetCheckEvaluationTargetMaterializationData,  # not exported by dagster; what AssetCheckResult uses
)

from neurareport_assets.partitions import TenantPeriod, partition_from_key

# one run per contiguous range of partitions (Dagster splits a backfill into ranges)
SINGLE_RUN_BACKFILL = dg.BackfillPolicy.single_run()

# transient failures (LLM endpoint, tenant database, SMTP) get two more tries, spaced out
TRANSIENT_RETRY = dg.RetryPolicy(
    max_retries=2, delay=10, backoff=dg.Backoff.EXPONENTIAL, jitter=dg.Jitter.PLUS_MINUS
)

# errors that may pass on a later try, by class name so no driver has to be imported here
_TRANSIENT_NAMES = frozenset(
    {
        "OperationalError",  # SQLAlchemy/DB-API: the connection, a lock, a server restart
        "InterfaceError",
        "DisconnectionError",
        "EndpointConnectionError",  # botocore: the bucket's endpoint
        "ConnectTimeoutError",
        "ReadTimeoutError",
        "LlmUnavailableError",
    }
)


def is_transient(error: BaseException) -> bool:
    """True when ``error`` (or what caused it) is the network, a database connection or a
    busy service — worth retrying. A bad template, contract or file fails the same way
    every time and is not."""
    seen = 0
    current: BaseException | None = error
    while current is not None and seen < 10:
        if isinstance(current, ConnectionError | TimeoutError):
            return True
        if getattr(current, "transient", False) is True or type(current).__name__ in (
            _TRANSIENT_NAMES
        ):
            return True
        current = current.__cause__ or current.__context__
        seen += 1
    return False


@contextlib.contextmanager
def retried_only_when_transient(what: str) -> Iterator[None]:
    """Let ``TRANSIENT_RETRY`` retry only errors :func:`is_transient` calls transient: any
    other error fails the step at once (``dg.Failure(allow_retries=False)``), since a
    deterministic failure retried is the same failure three times, minutes later."""
    try:
        yield
    except dg.Failure:
        raise
    except Exception as error:
        if is_transient(error):
            raise
        raise dg.Failure(
            description=f"{what}: {type(error).__name__}: {error} (not retried: it would fail "
            "the same way again)",
            allow_retries=False,
        ) from error


# caps concurrent LLM calls across all runs; the limit is set per deployment
# (`dagster instance concurrency set llm 2`), unset pools use concurrency.pools.default_limit
LLM_POOL = "llm"


# re-materialize a partition when anything upstream of it was updated — any month, not only
# the latest (a late statement for March must re-run March) — once its deps are present and
# idle; updates made by a run that also selected this asset do not count (pipeline runs name
# their assets for that reason). Unlike ``eager()`` a partition that is merely *missing* is
# not a reason to run: new partitions come with their own run (inbox sensor, schedule,
# backfill), and a missing-triggered request could slip in while that run is finishing.
def _on_change(
    label: str, trigger: dg.AutomationCondition, ignore: dg.AssetSelection | None = None
) -> dg.AutomationCondition:
    deps_missing = dg.AutomationCondition.any_deps_missing()
    if ignore is not None:
        deps_missing = deps_missing.ignore(ignore)
    return (
        trigger.since_last_handled()
        & ~deps_missing
        & ~dg.AutomationCondition.any_deps_in_progress()
        & ~dg.AutomationCondition.in_progress()
    ).with_label(label)


ON_UPSTREAM_CHANGE = _on_change("on_upstream_change", dg.AutomationCondition.any_deps_updated())

# a template edit re-maps its contracts for the reporting period only: the current month and
# the one before it (the month being reported). Older months keep what was rendered and sent;
# re-rendering them with the new template is an analyst's backfill, never a silent re-send.
# (Dagster counts the months that fit whole between the newest month's end minus this delta
# and that end: two months are 59 to 62 days, three at least 89.)
TEMPLATE_EDIT_LOOKBACK = timedelta(days=62)


def on_data_or_recent_template_change(templates: dg.AssetSelection) -> dg.AutomationCondition:
    """``ON_UPSTREAM_CHANGE`` for an asset that also depends on a report template.

    New data (a statement, a ledger) re-runs any month, as ``ON_UPSTREAM_CHANGE`` does; an
    edited template in ``templates`` re-runs only the months within ``TEMPLATE_EDIT_LOOKBACK``
    of the newest one. A template the watcher has not reported yet does not hold anything up.
    """
    recent = dg.AutomationCondition.in_latest_time_window(TEMPLATE_EDIT_LOOKBACK)
    data_updated = dg.AutomationCondition.any_deps_updated().ignore(templates)
    template_edited = dg.AutomationCondition.any_deps_updated().allow(templates) & recent
    return _on_change(
        "on_data_or_recent_template_change", data_updated | template_edited, ignore=templates
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
                asset_key=first.asset_key,
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


def _latest_materializations(
    context: dg.AssetExecutionContext, asset_key: dg.AssetKey, partition_keys: list[str]
) -> dict[str, dg.EventLogRecord]:
    """The latest stored materialization of each of ``partition_keys`` of ``asset_key``.

    One query for the run's range (the newest records first: the first one seen for a
    partition is its latest), instead of one per check and partition; a partition whose
    record is not among them (another run wrote the asset since) is looked up alone."""
    records = context.instance.fetch_materializations(
        dg.AssetRecordsFilter(asset_key=asset_key, asset_partitions=partition_keys),
        limit=len(partition_keys),
    ).records
    latest: dict[str, dg.EventLogRecord] = {}
    for record in records:
        if record.partition_key is not None:
            latest.setdefault(record.partition_key, record)
    for key in partition_keys:
        if key not in latest:
            alone = context.instance.fetch_materializations(
                dg.AssetRecordsFilter(asset_key=asset_key, asset_partitions=[key]), limit=1
            ).records
            if alone:
                latest[key] = alone[0]
    return latest


def _partition_checks(
    context: dg.AssetExecutionContext,
    result: dg.MaterializeResult,
    partition_key: str,
    partitions: list[str],
    stored: dict[dg.AssetKey, dict[str, dg.EventLogRecord]],
) -> Iterator[dg.AssetCheckEvaluation]:
    """Each partition's own check results, recorded against that partition: a range run
    keeps one result per tenant x month, as a one-partition run does (the combined result
    the step also returns is what stops downstream steps when a blocking check failed).
    Yielded after the range's materializations, so each is the partition's current result;
    ``stored`` keeps, per asset, the materialization just stored for each of ``partitions``
    (the run's), looked up once for all of them."""
    for check in result.check_results or []:
        asset_key = check.asset_key or result.asset_key or context.asset_key
        # the partition's materialization just stored: the result is current for it
        if asset_key not in stored:
            stored[asset_key] = _latest_materializations(context, asset_key, partitions)
        record = stored[asset_key].get(partition_key)
        target = (
            AssetCheckEvaluationTargetMaterializationData(
                run_id=record.event_log_entry.run_id,
                storage_id=record.storage_id,
                timestamp=record.timestamp,
            )
            if record is not None
            else None
        )
        yield dg.AssetCheckEvaluation(
            asset_key=asset_key,
            check_name=check.check_name or "",
            passed=check.passed,
            metadata=check.metadata,
            severity=check.severity,
            description=check.description,
            partition=partition_key,
            target_materialization_data=target,
        )


def materialize_partitions(
    context: dg.AssetExecutionContext,
    per_partition: Callable[[TenantPeriod], dg.MaterializeResult],
) -> Iterator[dg.MaterializeResult | dg.AssetCheckEvaluation]:
    """Run ``per_partition`` for every partition of this run and record each one's metadata.

    A one-partition run yields that partition's result unchanged. A range (single-run
    backfill) attaches each partition's metadata to its own materialization event, combines
    check results and records each partition's own check results against it; partitions
    are processed in key order, one after another.
    """
    yield from materialize_partitions_of_each_asset(context, lambda p: [per_partition(p)])


def _add_partition_metadata(
    context: dg.AssetExecutionContext,
    metadata: dict,
    asset_key: dg.AssetKey | None,
    partition_key: str,
) -> None:
    """``context.add_asset_metadata(metadata, asset_key, partition_key)`` for a partition of
    this run, without its cost: Dagster checks the key by listing the run's partition range
    again from the instance on every call (three SQL queries each, a few per partition and
    asset). The key comes from ``context.partition_keys``, so the check cannot fail here;
    the metadata goes to the same accumulator the public call fills (Dagster is pinned in
    pyproject.toml). Anything unexpected takes the public path."""
    step = context.get_step_execution_context()
    accumulator = getattr(step, "_metadata_accumulator", None)
    key = asset_key or context.assets_def.key
    if accumulator is None or key not in context.assets_def.keys:
        context.add_asset_metadata(metadata, asset_key=asset_key, partition_key=partition_key)
        return
    step._metadata_accumulator = accumulator.with_additional_asset_metadata(
        asset_key=key, metadata=metadata, partition_key=partition_key
    )


def materialize_partitions_of_each_asset(
    context: dg.AssetExecutionContext,
    per_partition: Callable[[TenantPeriod], list[dg.MaterializeResult]],
) -> Iterator[dg.MaterializeResult | dg.AssetCheckEvaluation]:
    """:func:`materialize_partitions` for a multi-asset: ``per_partition`` returns one result
    per selected asset (``asset_key`` set), and one result per asset is yielded."""
    keys = list(context.partition_keys)
    if len(keys) == 1:
        yield from per_partition(partition_from_key(keys[0]))
        return
    by_asset: dict[dg.AssetKey | None, list[tuple[str, dg.MaterializeResult]]] = {}
    for key in keys:
        partition = partition_from_key(key)
        for result in per_partition(partition):
            _add_partition_metadata(context, dict(result.metadata or {}), result.asset_key, key)
            by_asset.setdefault(result.asset_key, []).append((str(key), result))
    # one log line per asset, not one per partition: every log line is an event-log write,
    # and each partition's materialization event already says it is done
    for asset_key, results in by_asset.items():
        context.log.info(
            f"{(asset_key or context.assets_def.key).to_user_string()}: "
            f"{len(results)} partitions materialized"
        )
    for asset_key, results in by_asset.items():
        yield dg.MaterializeResult(
            asset_key=asset_key,
            metadata={
                "partitions_in_run": len(keys),
                "tenants_in_run": len({partition_from_key(k).tenant for k in keys}),
            },
            check_results=_combined_checks(results) or None,
        )
        partitions = [key for key, _ in results]
        stored: dict[dg.AssetKey, dict[str, dg.EventLogRecord]] = {}
        for key, result in results:
            yield from _partition_checks(context, result, key, partitions, stored)
