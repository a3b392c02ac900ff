"""The production instance (dagster.production.yaml) on the machine's real PostgreSQL."""

from __future__ import annotations

from datetime import date

import dagster as dg
import pytest
from dagster._core.instance.ref import InstanceRef
from dagster._core.run_coordinator import QueuedRunCoordinator
from dagster_postgres import PostgresEventLogStorage, PostgresRunStorage, PostgresScheduleStorage

from neurareport_assets.defs.automation.sensors import TENANT_TAG
from neurareport_assets.defs.extraction.assets import extracted_tables
from neurareport_assets.defs.intake.assets import statement_files
from neurareport_assets.defs.ledger.assets import transactions
from neurareport_assets.partitions import tenant_period
from neurareport_resources.warehouse import Warehouse

from .services import (
    PG_HOST,
    PG_PORT,
    port_open,
    production_instance_home,
    temporary_postgres_database,
)

pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(not port_open(PG_HOST, PG_PORT), reason="PostgreSQL is not running"),
]


@pytest.fixture
def postgres_instance(tmp_path, monkeypatch):
    with temporary_postgres_database() as database:
        env = production_instance_home(tmp_path / "dagster_home", database)
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        with dg.DagsterInstance.from_ref(InstanceRef.from_dir(env["DAGSTER_HOME"])) as instance:
            yield instance


def test_production_config_uses_postgres_and_the_queued_coordinator(postgres_instance):
    instance = postgres_instance
    assert isinstance(instance.run_storage, PostgresRunStorage)
    assert isinstance(instance.event_log_storage, PostgresEventLogStorage)
    assert isinstance(instance.schedule_storage, PostgresScheduleStorage)
    assert isinstance(instance.run_coordinator, QueuedRunCoordinator)
    settings = instance.get_concurrency_config()
    limits = {limit["key"]: limit for limit in settings.run_queue_config.tag_concurrency_limits}
    assert limits[TENANT_TAG]["limit"] == 1
    assert limits[TENANT_TAG]["value"] == {"applyLimitPerUniqueValue": True}
    assert settings.run_queue_config.max_concurrent_runs == 20
    # the LLM pool: slots live in the event-log storage, set once per deployment
    instance.event_log_storage.set_concurrency_slots("llm", 2)
    assert instance.event_log_storage.get_concurrency_info("llm").slot_count == 2


def test_partition_materializes_and_reads_back_from_postgres(
    postgres_instance, resources, drop_statement, neurareport_home
):
    instance = postgres_instance
    _, truth = drop_statement("acme", date(2025, 3, 1), folder="2025-03")
    instance.add_dynamic_partitions("tenant", ["acme"])
    partition = tenant_period("acme", "2025-03")
    result = dg.materialize(
        [statement_files, extracted_tables, transactions],
        resources=resources,
        partition_key=partition.partition_key,
        instance=instance,
        tags={TENANT_TAG: "acme"},
    )
    assert result.success

    # read back through the instance: the run, its tags, and the partition's materialization
    run = instance.get_run_by_id(result.run_id)
    assert run is not None and run.tags[TENANT_TAG] == "acme"
    event = instance.get_latest_materialization_event(dg.AssetKey("transactions"))
    assert event is not None
    materialization = event.asset_materialization
    assert materialization.partition == "2025-03-01|acme"
    assert materialization.metadata["rows"].value == len(truth.transactions)
    assert instance.get_dynamic_partitions("tenant") == ["acme"]
    records = instance.fetch_materializations(
        dg.AssetRecordsFilter(asset_key=dg.AssetKey("statement_files")), limit=10
    ).records
    assert [r.asset_materialization.partition for r in records] == ["2025-03-01|acme"]

    ledger = Warehouse(str(neurareport_home / "data" / "warehouse")).read_partition(
        "transactions", "acme", date(2025, 3, 1)
    )
    assert ledger.num_rows == len(truth.transactions)
