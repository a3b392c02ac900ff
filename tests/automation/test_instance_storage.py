"""The local instance's SQLite storage (neurareport_assets/instance_storage.py): Dagster's
files and schema, read and written the same way, with engines reused and tables remembered."""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ThreadPoolExecutor

import dagster as dg
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage

from neurareport_assets import instance_storage
from neurareport_assets.instance_storage import (
    LocalSqliteStorage,
    PooledSqliteRunStorage,
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
        assert type(instance.run_storage) is PooledSqliteRunStorage
        # a run worker rebuilds the instance from its ref
        with dg.DagsterInstance.from_ref(instance.get_ref()) as worker_instance:
            assert type(worker_instance.event_log_storage) is ReusedEngineSqliteEventLogStorage
            assert type(worker_instance.run_storage) is PooledSqliteRunStorage


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


def _sqlite_connection(storage: ReusedEngineSqliteEventLogStorage, shard: str = "index"):
    with storage._connect(shard) as conn:
        return conn.connection.dbapi_connection


def test_a_shard_s_connection_stays_open_between_calls(tmp_path):
    storage = ReusedEngineSqliteEventLogStorage(str(tmp_path))
    try:
        first = _sqlite_connection(storage)
        assert _sqlite_connection(storage) is first
        # between calls no transaction is open, so other processes can write the file
        assert not first.in_transaction
    finally:
        storage.dispose()


def test_a_forked_child_opens_its_own_connections(tmp_path):
    storage = ReusedEngineSqliteEventLogStorage(str(tmp_path))
    try:
        parents = id(_sqlite_connection(storage))
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: a fresh connection, the parent's left alone
            os.close(read)
            ok = id(_sqlite_connection(storage)) != parents and storage.has_table("event_logs")
            os.write(write, b"1" if ok else b"0")
            os._exit(0)
        os.close(write)
        assert os.read(read, 1) == b"1"
        os.waitpid(pid, 0)
        os.close(read)
        assert id(_sqlite_connection(storage)) == parents
    finally:
        storage.dispose()


def test_wipe_closes_the_connections_before_deleting_the_files(tmp_path, monkeypatch):
    with _local_instance(tmp_path, monkeypatch) as instance:
        assert dg.materialize([numbers], partition_key="a", instance=instance).success
        storage = instance.event_log_storage
        before = dict(storage._engines)
        instance.wipe()
        # each shard opened again after the files were deleted, none kept from before
        assert all(storage._engines.get(shard) is not engine for shard, engine in before.items())
        assert dg.materialize([numbers], partition_key="b", instance=instance).success
        records = instance.fetch_materializations(numbers.key, limit=10).records
        assert [r.partition_key for r in records] == ["b"]


def test_the_run_storage_reuses_its_connections_across_calls_and_threads(tmp_path):
    storage = PooledSqliteRunStorage.from_local(str(tmp_path))
    try:
        with storage.connect() as conn:
            first = conn.connection.dbapi_connection
        with storage.connect() as conn:
            assert conn.connection.dbapi_connection is first
        # the daemon's loops call it from their own threads, at the same time
        run_ids = [f"run-{n}" for n in range(8)]
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(lambda run_id: storage.add_run(dg.DagsterRun("job", run_id)), run_ids))
        assert sorted(r.run_id for r in storage.get_runs()) == run_ids
    finally:
        storage.dispose()
