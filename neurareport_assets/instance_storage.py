"""The local instance's SQLite storage, without the per-call set-up Dagster's does.

Dagster's ``SqliteEventLogStorage`` builds a new SQLAlchemy engine for every connection
(``_connect``: ``create_engine`` ... ``dispose``) and asks SQLite whether a table exists
on every call that may need a newer table (``has_table``: another engine and connection),
which is several times per stored event: ~7 connections per event, ~6.8 ms of CPU per
materialization event on this machine, and a partition of the monthly chain stores ~45
events. This storage keeps one engine per database file, each holding its SQLite
connection open between calls (Dagster's opens and closes one per call: SQLite then reads
the schema again on the first statement of every connection), and remembers tables once
they exist (tables are only added, by ``dagster instance migrate``; a table not there yet
is asked again). Every ``_connect`` still runs under the same lock, in its own transaction,
as before: an idle pooled connection holds no lock on the file, so other processes read
and write as they did. A forked child never uses its parent's connections (its pools are
emptied after the fork), and ``wipe`` closes them before it deletes the files.

The run storage (``runs.db``) is Dagster's ``SqliteRunStorage`` with the same change: it
built an engine and opened a connection for every call (the daemon's run queue, backfill
and monitoring loops read it every few seconds); here one engine keeps a few connections,
one per thread using it at a time.

Everything else — schema, files (``history/``, ``history/runs/``, ``schedules/``), what is
written and when — is Dagster's own; the production instance (PostgreSQL) does not use it.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import yaml
from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
    SQLITE_BUSY_TIMEOUT_SECONDS,
    SqliteEventLogStorage,
)
from dagster._core.storage.runs import SqliteRunStorage
from dagster._core.storage.schedules import SqliteScheduleStorage
from dagster._core.storage.sqlite_storage import (
    DagsterSqliteStorage,
    _event_logs_directory,
    _runs_directory,
    _schedule_directory,
)
from dagster._serdes import ConfigurableClassData
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import QueuePool

# run shards are one database file each: keep the engines of the most recent ones
MAX_ENGINES = 64
# connections kept open per shard (calls are serialised by the storage's lock; a table
# check outside it may take one more)
POOL_SIZE = 1
RUN_POOL_SIZE = 4

_STORAGES: weakref.WeakSet[ReusedEngineSqliteEventLogStorage] = weakref.WeakSet()
_RUN_STORAGES: weakref.WeakSet[PooledSqliteRunStorage] = weakref.WeakSet()


def _forget_connections_after_fork() -> None:
    # a SQLite connection must not be used on both sides of a fork: the child starts with
    # empty pools and never closes the parent's connections (close=False)
    for storage in list(_STORAGES):
        for engine in storage._engines.values():
            engine.dispose(close=False)
        storage._engines_lock = threading.Lock()
    for run_storage in list(_RUN_STORAGES):
        run_storage._pooled_engine.dispose(close=False)


def _pooled_engine(conn_string: str, connections: int) -> Engine:
    return create_engine(
        conn_string,
        poolclass=QueuePool,
        pool_size=connections,
        max_overflow=4,
        pool_use_lifo=True,  # the most recently used connection first: the others can idle
        # a pooled connection serves one caller at a time, from whichever thread
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
    )


os.register_at_fork(after_in_child=_forget_connections_after_fork)


class ReusedEngineSqliteEventLogStorage(SqliteEventLogStorage):
    """``SqliteEventLogStorage`` with one engine per shard and known tables remembered."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None) -> None:
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        self._engines_lock = threading.Lock()
        self._known_tables: set[str] = set()
        super().__init__(base_dir, inst_data)
        _STORAGES.add(self)

    @classmethod
    def from_config_value(
        cls, inst_data: ConfigurableClassData | None, config_value: Any
    ) -> ReusedEngineSqliteEventLogStorage:
        return cls(inst_data=inst_data, **config_value)

    def _engine(self, shard: str) -> Engine:
        with self._engines_lock:
            engine = self._engines.get(shard)
            if engine is None:
                engine = _pooled_engine(self.conn_string_for_shard(shard), POOL_SIZE)
                self._engines[shard] = engine
                while len(self._engines) > MAX_ENGINES:
                    self._engines.popitem(last=False)[1].dispose()
            else:
                self._engines.move_to_end(shard)
            return engine

    def has_table(self, table_name: str) -> bool:
        if table_name in self._known_tables:
            return True
        with self._engine("index").connect() as conn:
            found = bool(conn.dialect.has_table(conn, table_name))
        if found:
            self._known_tables.add(table_name)
        return found

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        # Dagster's _connect, with the shard's engine reused instead of built and disposed
        with self._db_lock:
            engine = self._engine(shard)
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            with engine.connect() as conn, conn.begin():
                yield conn

    def _close_connections(self) -> None:
        with self._engines_lock:
            for engine in self._engines.values():
                engine.dispose()
            self._engines.clear()

    def wipe(self) -> None:
        # Dagster's wipe deletes the shard files: no connection may stay open on them
        self._close_connections()
        super().wipe()

    def dispose(self) -> None:
        self._close_connections()
        super().dispose()


class PooledSqliteRunStorage(SqliteRunStorage):
    """``SqliteRunStorage`` with one engine whose SQLite connections stay open between calls."""

    def __init__(self, conn_string: str, inst_data: ConfigurableClassData | None = None) -> None:
        # the daemon's loops read runs from several threads: one connection each, reused
        self._pooled_engine = _pooled_engine(conn_string, RUN_POOL_SIZE)
        _RUN_STORAGES.add(self)
        super().__init__(conn_string, inst_data)

    @classmethod
    def from_config_value(
        cls, inst_data: ConfigurableClassData | None, config_value: Any
    ) -> PooledSqliteRunStorage:
        # Dagster's builds a SqliteRunStorage by name
        return cls.from_local(inst_data=inst_data, **config_value)

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        # Dagster's connect, with the engine and its connections reused
        with self._pooled_engine.connect() as conn, conn.begin():
            yield conn

    def dispose(self) -> None:
        self._pooled_engine.dispose()
        super().dispose()


class LocalSqliteStorage(DagsterSqliteStorage):
    """``storage: sqlite`` with :class:`ReusedEngineSqliteEventLogStorage` for the event log
    and :class:`PooledSqliteRunStorage` for runs (schedules are Dagster's SQLite storage)."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None) -> None:
        # DagsterSqliteStorage.__init__ with the event log storage swapped (same folders)
        self.base_dir = base_dir
        self._run_storage = PooledSqliteRunStorage.from_local(_runs_directory(base_dir))
        self._event_log_storage = ReusedEngineSqliteEventLogStorage(_event_logs_directory(base_dir))
        self._schedule_storage = SqliteScheduleStorage.from_local(_schedule_directory(base_dir))
        self._inst_data = inst_data
        super(DagsterSqliteStorage, self).__init__()

    @classmethod
    def from_config_value(
        cls, inst_data: ConfigurableClassData | None, config_value: Any
    ) -> LocalSqliteStorage:
        return cls(inst_data=inst_data, **config_value)

    @property
    def event_storage_data(self) -> ConfigurableClassData | None:
        return ConfigurableClassData(
            __name__,
            ReusedEngineSqliteEventLogStorage.__name__,
            yaml.dump({"base_dir": _event_logs_directory(self.base_dir)}, default_flow_style=False),
        )

    @property
    def run_storage_data(self) -> ConfigurableClassData | None:
        return ConfigurableClassData(
            __name__,
            PooledSqliteRunStorage.__name__,
            yaml.dump({"base_dir": _runs_directory(self.base_dir)}, default_flow_style=False),
        )
