"""The local instance's SQLite storage (neurareport_assets/instance_storage.py): Dagster's
files and schema, read and written the same way, with engines reused and tables remembered."""

from __future__ import annotations

import shutil

import dagster as dg
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage

from neurareport_assets import instance_storage
from neurareport_assets.instance_storage import (
    LocalSqliteStorage,
    ReusedEngineSqliteEventLogStorage,
)
from tests.automation.services import PROJECT_ROOT


@dg.asset(partitions_def=dg.StaticPartitionsDefinition(["a", "b"]))
def numbers(context) -> dg.MaterializeResult:
    return dg.MaterializeResult(metadata={"partition": context.partition_key})


def _local_instance(home, monkeypatch) -> dg.DagsterInstance:
    shutil.copy(PROJECT_ROOT / "dagster.yaml", home / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    return dg.DagsterInstance.get()


def test_the_local_instance_uses_it_and_run_workers_get_it_too(tmp_path, monkeypatch):
    with _local_instance(tmp_path, monkeypatch) as instance:
        assert instance.get_ref().storage_data.class_name == LocalSqliteStorage.__name__
        assert type(instance.event_log_storage) is ReusedEngineSqliteEventLogStorage
        # a run worker rebuilds the instance from its ref
        with dg.DagsterInstance.from_ref(instance.get_ref()) as worker_instance:
            assert type(worker_instance.event_log_storage) is ReusedEngineSqliteEventLogStorage


def test_what_it_writes_dagster_s_own_storage_reads(tmp_path, monkeypatch):
    with _local_instance(tmp_path, monkeypatch) as instance:
        for key in ("a", "b", "a"):
            assert dg.materialize([numbers], partition_key=key, instance=instance).success
        runs = instance.get_runs()
    # the same files through Dagster's own storage (e.g. after switching back to `sqlite:`)
    plain = SqliteEventLogStorage(str(tmp_path / "history" / "runs"))
    records = plain.fetch_materializations(numbers.key, limit=10).records
    assert [r.partition_key for r in records] == ["a", "b", "a"]
    assert {r.run_id for r in records} == {r.run_id for r in runs}
    assert len(plain.get_logs_for_run(runs[0].run_id)) > 0
    plain.dispose()


def test_engines_are_reused_per_shard_and_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(instance_storage, "MAX_ENGINES", 3)
    storage = ReusedEngineSqliteEventLogStorage(str(tmp_path))
    try:
        first = storage._engine("index")
        assert storage._engine("index") is first
        for shard in ("run-1", "run-2", "run-3"):
            storage._engine(shard)
        assert list(storage._engines) == ["run-1", "run-2", "run-3"]  # index, oldest, dropped
        assert storage._engine("index") is not first
    finally:
        storage.dispose()


def test_a_missing_table_is_asked_again_and_a_present_one_is_remembered(tmp_path):
    storage = ReusedEngineSqliteEventLogStorage(str(tmp_path))
    try:
        assert storage.has_table("event_logs")
        assert "event_logs" in storage._known_tables
        assert not storage.has_table("added_by_a_later_migration")
        with storage.index_connection() as conn:
            conn.exec_driver_sql("CREATE TABLE added_by_a_later_migration (id INTEGER)")
        assert storage.has_table("added_by_a_later_migration")
    finally:
        storage.dispose()
