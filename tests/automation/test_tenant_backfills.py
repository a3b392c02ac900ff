"""A failing tenant inside a backfill fails only its own partitions (issue #16).

The runs are the ones Dagster's backfill daemon would launch: the run requests come from
``build_run_requests_with_backfill_policies``, the function the asset backfill calls on
its target partitions, and each is executed in process as the daemon's run worker would.
"""

from __future__ import annotations

import shutil
import time
from datetime import date

import dagster as dg
from dagster._core.definitions.automation_tick_evaluation_context import (
    build_run_requests_with_backfill_policies,
)
from dagster._core.definitions.events import AssetKeyPartitionKey
from dagster._core.definitions.partitions.context import partition_loading_context
from dagster._core.storage.partition_status_cache import get_and_update_asset_status_cache_value
from dagster._core.storage.tags import (
    ASSET_PARTITION_RANGE_END_TAG,
    ASSET_PARTITION_RANGE_START_TAG,
)

from neurareport_assets.backfills import BACKFILL_GROUP_TAG, tenant_backfills
from neurareport_assets.defs.automation.sensors import TENANT_TAG
from neurareport_assets.defs.extraction.assets import extracted_tables
from neurareport_assets.defs.intake.assets import statement_files
from neurareport_assets.defs.ledger.assets import transactions
from neurareport_assets.partitions import (
    partition_from_key,
    tenant_period,
    tenant_period_partitions,
)
from neurareport_resources.settings import BUILTIN_TEMPLATES, local_resources
from neurareport_resources.warehouse import Warehouse

LEDGER_CHAIN = [statement_files, extracted_tables, transactions]
TENANTS = ["acme", "globex", "initech"]
MONTHS = [date(2025, 1, 1), date(2025, 2, 1)]
BROKEN = "globex"
# six partitions of three assets, in process: well under a minute on a busy 2-core machine
TIME_LIMIT_SECONDS = 240


def _tenants_of(run_request: dg.RunRequest) -> set[str]:
    start = partition_from_key(run_request.tags[ASSET_PARTITION_RANGE_START_TAG])
    end = partition_from_key(run_request.tags[ASSET_PARTITION_RANGE_END_TAG])
    return {start.tenant, end.tenant}


def _planned_runs(backfill, asset_graph, instance) -> list[dg.RunRequest]:
    """The runs the backfill daemon requests for ``backfill``'s partitions."""
    return _run_requests(
        backfill.asset_backfill_data.target_subset.iterate_asset_partitions(), asset_graph, instance
    )


def _run_requests(asset_partitions, asset_graph, instance) -> list[dg.RunRequest]:
    with partition_loading_context(dynamic_partitions_store=instance):
        return list(
            build_run_requests_with_backfill_policies(
                asset_partitions=list(asset_partitions),
                asset_graph=asset_graph,
                dynamic_partitions_store=instance,
            )
        )


def test_one_backfill_mixes_tenants_in_a_run_and_tenant_backfills_do_not(resources):
    definitions = dg.Definitions(assets=LEDGER_CHAIN, resources=resources)
    asset_graph = definitions.resolve_asset_graph()
    keys = [asset.key for asset in LEDGER_CHAIN]
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("tenant", TENANTS)
        # one backfill of everything (the UI's "Materialize all"): one run per month, every
        # tenant in it — what made one tenant's failure fail the month for everyone
        everything = _run_requests(
            [
                AssetKeyPartitionKey(key, str(tenant_period(t, m).partition_key))
                for key in keys
                for t in TENANTS
                for m in MONTHS
            ],
            asset_graph,
            instance,
        )
        assert [_tenants_of(r) for r in everything] == [set(TENANTS[:: len(TENANTS) - 1])] * len(
            MONTHS
        )

        backfills = tenant_backfills(asset_graph, instance, TENANTS, MONTHS, keys)
        assert [b.tags[TENANT_TAG] for b in backfills] == TENANTS
        assert len({b.tags[BACKFILL_GROUP_TAG] for b in backfills}) == 1
        for backfill in backfills:
            runs = _planned_runs(backfill, asset_graph, instance)
            # one run per tenant, over all of its months
            assert [_tenants_of(r) for r in runs] == [{backfill.tags[TENANT_TAG]}]
            assert set(runs[0].asset_selection or ()) == set(keys)


def test_a_failing_tenant_fails_only_its_own_partitions(tmp_path, neurareport_home, drop_statement):
    started = time.monotonic()
    library = tmp_path / "templates"
    shutil.copytree(BUILTIN_TEMPLATES, library)
    # globex's category rules are broken: its ledger step raises (CategoryRulesError)
    (library / "tenants" / BROKEN).mkdir(parents=True)
    (library / "tenants" / BROKEN / "categories.yaml").write_text("rules: [unclosed\n")
    for seed, tenant in enumerate(TENANTS, start=1):
        for month in MONTHS:
            drop_statement(tenant, month, folder=f"{month:%Y-%m}", seed=seed * 10 + month.month)
    resources = local_resources(neurareport_home, templates_root=library)
    definitions = dg.Definitions(
        assets=LEDGER_CHAIN,
        jobs=[dg.define_asset_job("ledger_chain", selection=LEDGER_CHAIN)],
        resources=resources,
    )
    asset_graph = definitions.resolve_asset_graph()
    job = definitions.resolve_job_def("ledger_chain")
    keys = [asset.key for asset in LEDGER_CHAIN]
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("tenant", TENANTS)
        outcome: dict[str, bool] = {}
        for backfill in tenant_backfills(asset_graph, instance, TENANTS, MONTHS, keys):
            for run_request in _planned_runs(backfill, asset_graph, instance):
                result = job.execute_in_process(
                    instance=instance,
                    tags={**backfill.tags, **run_request.tags},
                    asset_selection=run_request.asset_selection,
                    raise_on_error=False,
                )
                outcome[backfill.tags[TENANT_TAG]] = result.success
        assert outcome == {"acme": True, BROKEN: False, "initech": True}

        healthy = {
            str(tenant_period(t, m).partition_key) for t in TENANTS if t != BROKEN for m in MONTHS
        }
        broken = {str(tenant_period(BROKEN, m).partition_key) for m in MONTHS}
        # every healthy tenant's month is materialized, none of the broken tenant's ledger
        assert instance.get_materialized_partitions(transactions.key) == healthy
        # ...and the broken tenant's months show as failed (the partition status the UI reads)
        status = get_and_update_asset_status_cache_value(
            instance, transactions.key, tenant_period_partitions
        )
        assert status is not None
        with partition_loading_context(dynamic_partitions_store=instance):
            failed = set(
                status.deserialize_failed_partition_subsets(
                    tenant_period_partitions
                ).get_partition_keys()
            )
        assert failed == broken
    warehouse = Warehouse(str(neurareport_home / "data" / "warehouse"))
    for tenant in TENANTS:
        for month in MONTHS:
            rows = warehouse.read_partition("transactions", tenant, month).to_pylist()
            assert (len(rows) > 0) is (tenant != BROKEN), (tenant, month)
    assert time.monotonic() - started < TIME_LIMIT_SECONDS


def test_tenants_per_backfill_trades_runs_for_isolation(resources):
    """A chunk of tenants shares its runs, never with another chunk's tenants."""
    definitions = dg.Definitions(assets=LEDGER_CHAIN, resources=resources)
    asset_graph = definitions.resolve_asset_graph()
    keys = [asset.key for asset in LEDGER_CHAIN]
    tenants = ["acme", "globex", "hooli", "initech", "umbrella"]
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("tenant", tenants)
        backfills = tenant_backfills(
            asset_graph, instance, tenants, MONTHS[:1], keys, tenants_per_backfill=2
        )
        runs = [_planned_runs(b, asset_graph, instance) for b in backfills]
    # one month: a chunk of two tenants is one run (not two), the fifth tenant alone
    assert [[_tenants_of(r) for r in chunk] for chunk in runs] == [
        [{"acme", "globex"}],
        [{"hooli", "initech"}],
        [{"umbrella"}],
    ]
    assert [TENANT_TAG in b.tags for b in backfills] == [False, False, True]


def test_the_backfill_command_submits_one_backfill_per_tenant(tmp_path, monkeypatch, capsys):
    import json

    from neurareport_assets.cli import main

    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    with dg.DagsterInstance.get() as instance:
        instance.add_dynamic_partitions("tenant", TENANTS)
    command = ["backfill", "--from", "2025-01", "--to", "2025-02", "--stage", "transactions"]

    assert main([*command, "--tenant", "acme", "--tenant", "hooli"]) == 2
    assert "no tenant hooli" in capsys.readouterr().err
    assert main([*command, "--from", "2025-03"]) == 2  # --to before --from
    capsys.readouterr()

    assert main([*command, "--tenant", "acme", "--tenant", "globex"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["tenants"] == ["acme", "globex"] and len(printed["backfills"]) == 2
    with dg.DagsterInstance.get() as instance:
        backfills = instance.get_backfills()
        assert len(backfills) == 2  # the refused commands submitted nothing
        for backfill in backfills:
            tenant = backfill.tags[TENANT_TAG]
            assert backfill.tags[BACKFILL_GROUP_TAG] == printed["group"]
            keys = backfill.asset_backfill_data.target_subset.iterate_asset_partitions()
            assert {(k.asset_key, k.partition_key) for k in keys} == {
                (transactions.key, str(tenant_period(tenant, month).partition_key))
                for month in MONTHS
            }
