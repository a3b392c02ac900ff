"""Single-run backfills (a range of partitions in one run) and declarative automation."""

from __future__ import annotations

from datetime import date

import dagster as dg
import pytest
from dagster._core.definitions.partitions.context import partition_loading_context
from dagster._core.storage.tags import (
    ASSET_PARTITION_RANGE_END_TAG,
    ASSET_PARTITION_RANGE_START_TAG,
)

from neurareport_assets.defs.extraction.assets import extracted_tables
from neurareport_assets.defs.intake.assets import statement_files
from neurareport_assets.defs.ledger.assets import transactions
from neurareport_assets.partitions import tenant_period, tenant_period_partitions
from neurareport_resources.warehouse import Warehouse
from tests.spine.test_pipeline import ALL_ASSETS

LEDGER_CHAIN = [statement_files, extracted_tables, transactions]
TENANTS = ["acme", "globex", "initech"]
MONTH = date(2025, 2, 1)


def _job(resources) -> dg.JobDefinition:
    job = dg.define_asset_job("ledger_chain", selection=LEDGER_CHAIN)
    definitions = dg.Definitions(assets=LEDGER_CHAIN, jobs=[job], resources=resources)
    return definitions.resolve_job_def("ledger_chain")


def test_backfill_of_20_tenants_by_12_months_is_12_ranges():
    """Dagster splits a backfill into key ranges; with single_run, one run per range."""
    with dg.DagsterInstance.ephemeral() as instance:
        tenants = [f"tenant-{i:02d}" for i in range(20)]
        instance.add_dynamic_partitions("tenant", tenants)
        keys = [
            tenant_period(t, date(2024, m, 1)).partition_key for t in tenants for m in range(1, 13)
        ]
        with partition_loading_context(dynamic_partitions_store=instance):
            subset = tenant_period_partitions.subset_with_partition_keys(keys)
            ranges = subset.get_partition_key_ranges(tenant_period_partitions)
            covered = [
                k for r in ranges for k in tenant_period_partitions.get_partition_keys_in_range(r)
            ]
    assert len(ranges) == 12
    assert sorted(covered) == sorted(keys)  # every partition once, nothing else
    for asset in (*LEDGER_CHAIN,):
        assert asset.backfill_policy == dg.BackfillPolicy.single_run()


def test_one_run_over_a_range_records_each_partition(resources, drop_statement, neurareport_home):
    truths = {}
    for seed, tenant in enumerate(TENANTS, start=1):
        _, truths[tenant] = drop_statement(tenant, MONTH, folder="2025-02", seed=seed)
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("tenant", TENANTS)
        result = _job(resources).execute_in_process(
            instance=instance,
            tags={
                ASSET_PARTITION_RANGE_START_TAG: f"2025-02-01|{TENANTS[0]}",
                ASSET_PARTITION_RANGE_END_TAG: f"2025-02-01|{TENANTS[-1]}",
            },
        )
        assert result.success
        events = result.asset_materializations_for_node("transactions")
        # one materialization per partition, each with that partition's own row count
        by_partition = {str(e.partition): e.metadata for e in events}
        assert set(by_partition) == {f"2025-02-01|{t}" for t in TENANTS}
        for tenant, truth in truths.items():
            assert by_partition[f"2025-02-01|{tenant}"]["rows"].value == len(truth.transactions)
        evaluations = result.get_asset_check_evaluations()
        checks = {c.check_name: c for c in evaluations if c.partition is None}  # the run's
        assert checks["running_balance_continuous"].passed
        assert checks["running_balance_continuous"].metadata["partitions_checked"].value == 3
        # and each partition's own result, recorded against its partition
        assert {
            c.partition for c in evaluations if c.check_name == "running_balance_continuous"
        } == {None, *(f"2025-02-01|{t}" for t in TENANTS)}
        # each partition's result targets that partition's own materialization of this run
        stored = {
            r.partition_key: r.storage_id
            for r in instance.fetch_materializations(transactions.key, limit=10).records
        }
        per_partition = [c for c in evaluations if c.partition is not None]
        assert {c.asset_key for c in per_partition} == {transactions.key}
        for check in per_partition:
            target = check.target_materialization_data
            assert target is not None and target.run_id == result.run_id
            assert target.storage_id == stored[str(check.partition)]
        assert len(set(stored.values())) == len(TENANTS)
        # the instance knows every partition as materialized
        materialized = instance.get_materialized_partitions(dg.AssetKey("transactions"))
        assert materialized == {f"2025-02-01|{t}" for t in TENANTS}

    warehouse = Warehouse(str(neurareport_home / "data" / "warehouse"))
    for tenant, truth in truths.items():
        rows = warehouse.read_partition("transactions", tenant, MONTH).to_pylist()
        assert [(r["txn_date"], r["amount"]) for r in rows] == [
            (t.txn_date, t.amount) for t in truth.transactions
        ]
        assert {r["tenant"] for r in rows} == {tenant}


def test_a_failing_partition_fails_the_combined_check(resources, drop_statement):
    drop_statement("acme", MONTH, folder="2025-02", seed=1)
    # globex: the same statement twice under another holder name (different bytes, same rows)
    drop_statement("globex", MONTH, folder="2025-02", seed=2, account_number="55555555")
    drop_statement(
        "globex",
        MONTH,
        folder="2025-02",
        seed=2,
        name="again.pdf",
        account_number="55555555",
        holder="Globex Corporation",
    )
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("tenant", ["acme", "globex"])
        result = _job(resources).execute_in_process(
            instance=instance,
            raise_on_error=False,
            tags={
                ASSET_PARTITION_RANGE_START_TAG: "2025-02-01|acme",
                ASSET_PARTITION_RANGE_END_TAG: "2025-02-01|globex",
            },
        )
    evaluations = result.get_asset_check_evaluations()
    checks = {c.check_name: c for c in evaluations if c.partition is None}
    duplicates = checks["no_duplicate_rows"]
    assert not duplicates.passed
    assert duplicates.metadata["partitions_failed"].value == 1
    assert duplicates.metadata["failed_partitions"].value == ["2025-02-01|globex"]
    assert checks["dates_inside_period"].passed
    # the failure is recorded against globex's partition, acme's passes
    per_partition = {
        c.partition: c.passed for c in evaluations if c.check_name == "no_duplicate_rows"
    }
    assert per_partition["2025-02-01|globex"] is False and per_partition["2025-02-01|acme"]


@pytest.fixture
def automation_defs(resources):
    return dg.Definitions(assets=LEDGER_CHAIN, resources=resources)


def test_a_new_statement_rematerializes_everything_downstream(
    automation_defs, resources, drop_statement
):
    drop_statement("acme", MONTH, folder="2025-02")
    key = tenant_period("acme", MONTH).partition_key
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("tenant", ["acme"])
        # the whole chain once (as the inbox sensor's run does): nothing left to automate
        assert dg.materialize(
            LEDGER_CHAIN, resources=resources, partition_key=key, instance=instance
        ).success
        first = dg.evaluate_automation_conditions(defs=automation_defs, instance=instance)
        assert first.total_requested == 0

        # a new statement re-materializes statement_files alone (e.g. from the UI) ...
        drop_statement("acme", MONTH, folder="2025-02", seed=9, name="late.pdf")
        assert dg.materialize(
            [statement_files], resources=resources, partition_key=key, instance=instance
        ).success
        second = dg.evaluate_automation_conditions(
            defs=automation_defs, instance=instance, cursor=first.cursor
        )
        # ... and everything downstream of it is requested for that partition only, in one tick
        requested = {
            (r.key.to_user_string(), str(pk))
            for r in second.results
            for pk in r.true_subset.expensively_compute_partition_keys()
        }
        assert requested == {("extracted_tables", str(key)), ("transactions", str(key))}

        # another month or tenant is not touched
        third = dg.evaluate_automation_conditions(
            defs=automation_defs, instance=instance, cursor=second.cursor
        )
        assert third.total_requested == 0


def test_a_whole_pipeline_run_leaves_nothing_for_automation(resources, drop_statement):
    """Sensor and schedule runs name every asset of the pipeline (``asset_selection``): Dagster
    counts a dependency's update as already handled only when the run that made it also
    selected the asset, so a run without a recorded selection that is still going when
    automation ticks gets a second, automation-launched run behind it."""
    from neurareport_assets.defs.automation.jobs import PIPELINE_ASSETS, monthly_reports
    from neurareport_assets.defs.automation.schedules import monthly_run_requests
    from neurareport_assets.defs.usage.assets import usage

    definitions = dg.Definitions(
        assets=[*ALL_ASSETS, usage], jobs=[monthly_reports], resources=resources
    )
    job = definitions.resolve_job_def("monthly_reports")
    # the selection is the whole job, every template included, and the schedule uses it too
    assert set(PIPELINE_ASSETS) == set(job.asset_layer.executable_asset_keys)
    (request,) = monthly_run_requests(["acme"], MONTH)
    assert list(request.asset_selection or []) == PIPELINE_ASSETS

    drop_statement("acme", MONTH, folder="2025-02")
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("tenant", ["acme"])
        first = dg.evaluate_automation_conditions(defs=definitions, instance=instance)
        result = job.execute_in_process(
            instance=instance,
            partition_key=tenant_period("acme", MONTH).partition_key,
            asset_selection=PIPELINE_ASSETS,
        )
        assert result.success
        assert set(result.dagster_run.asset_selection or ()) == set(PIPELINE_ASSETS)
        second = dg.evaluate_automation_conditions(
            defs=definitions, instance=instance, cursor=first.cursor
        )
        assert second.total_requested == 0
