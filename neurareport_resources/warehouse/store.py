"""The warehouse: DuckDB over one Parquet file per (table, tenant, period).

Why files and not one DuckDB database: a DuckDB file admits one writer process,
so two runs on different partitions would fight over its lock. A Parquet file
per partition has exactly one writer (its partition's run), is replaced
atomically (temp + rename, so re-materializing replaces and a killed run leaves
the last good copy), and DuckDB reads a tenant's files as views in an
in-memory connection that sees nothing of other tenants: Arrow reads the files and
hands them to DuckDB, so the connection itself has no file system at all (it can
write nothing, attach nothing and read no other path). On a local folder every
path is confined to its tenant's folder, links followed.
"""

from __future__ import annotations

import io
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath
from typing import Any

import duckdb
import fsspec
import pyarrow as pa
import pyarrow.parquet as pq

from neurareport_resources.paths import ConfinedRoot
from neurareport_resources.tenancy import validate_tenant_key
from neurareport_resources.warehouse.tables import RECORD_SCHEMAS, TABLE_SCHEMAS

_DOCUMENT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")

# Opening an in-memory DuckDB database costs ~20-30 ms of CPU (its catalog is built each
# time), and a partition of the monthly chain opened eight. A tenant connection is now a
# cursor (its own connection, ~1.5 ms) on a database kept per tenant and process: registered
# Arrow sources and TEMP views are per connection, so cursors see nothing of each other,
# and the database is confined once, when it is created (configuration is database-wide).
# One database per tenant, never shared between tenants. What a connection could leave in
# the database's own catalog (a table, view, sequence, type or schema — tenant SQL is
# SELECT only, and the project's SQL creates TEMP objects) is checked before every hand-out;
# anything found, and the tenant gets a fresh database.
MAX_TENANT_DATABASES = 16
_tenant_databases: OrderedDict[str, duckdb.DuckDBPyConnection] = OrderedDict()
_tenant_databases_lock = threading.Lock()
_LEFT_IN_CATALOG = """
SELECT (SELECT count(*) FROM duckdb_tables() WHERE database_name <> 'temp')
     + (SELECT count(*) FROM duckdb_views() WHERE database_name <> 'temp' AND NOT internal)
     + (SELECT count(*) FROM duckdb_sequences() WHERE database_name <> 'temp')
     + (SELECT count(*) FROM duckdb_types() WHERE database_name <> 'temp' AND NOT internal)
     + (SELECT count(*) FROM duckdb_schemas()
        WHERE database_name <> 'temp' AND NOT internal AND schema_name <> 'main')
"""


def _confine(conn: duckdb.DuckDBPyConnection) -> None:
    """Take every file away from the database, then lock its configuration.

    The tenant's rows reach DuckDB as Arrow sources registered on each connection, so the
    database needs no file system at all: queries on it (contract SQL, validation rules,
    analysis) can read no other tenant's partition, no ``/etc/passwd``, no URL, and write
    nothing outside memory — ``COPY … TO`` and ``ATTACH`` of any file are refused.
    """
    conn.execute("SET enable_external_access = false")
    conn.execute("SET lock_configuration = true")


def _tenant_connection(tenant: str) -> duckdb.DuckDBPyConnection:
    """A new, empty connection to ``tenant``'s confined in-memory database."""
    with _tenant_databases_lock:
        database = _tenant_databases.get(tenant)
        if database is not None:
            _tenant_databases.move_to_end(tenant)
            conn = database.cursor()
            ((left,),) = conn.execute(_LEFT_IN_CATALOG).fetchall()
            if not left:
                return conn
            conn.close()
        # a database dropped here is closed once its last connection is
        database = duckdb.connect(":memory:")
        _confine(database)
        _tenant_databases[tenant] = database
        _tenant_databases.move_to_end(tenant)
        while len(_tenant_databases) > MAX_TENANT_DATABASES:
            _tenant_databases.popitem(last=False)
        return database.cursor()


class WarehouseError(RuntimeError):
    """A warehouse read or write that cannot proceed; the message says which partition and why."""


@dataclass(frozen=True)
class PartitionWrite:
    """What one partition write left behind."""

    table: str
    tenant: str
    period: date
    uri: str
    rows: int


def period_key(period: date) -> str:
    """``2025-03-01`` -> ``2025-03``: the folder name of a monthly partition."""
    return f"{period.year:04d}-{period.month:02d}"


class Warehouse:
    """Per-partition Parquet files under ``root`` (a local folder or an fsspec URL such as ``s3://bucket/wh``)."""

    def __init__(self, root: str, *, storage_options: dict | None = None) -> None:
        self.root = str(root).rstrip("/")
        self.fs, self._base = fsspec.core.url_to_fs(self.root, **(storage_options or {}))
        self._protocol = self.root.split("://", 1)[0] if "://" in self.root else "file"

    # -- paths -------------------------------------------------------------------------------
    def _schema(self, table: str) -> pa.Schema:
        try:
            return TABLE_SCHEMAS[table] if table in TABLE_SCHEMAS else RECORD_SCHEMAS[table]
        except KeyError:
            raise WarehouseError(
                f"unknown warehouse table {table!r}; known: {sorted(TABLE_SCHEMAS | RECORD_SCHEMAS)}"
            ) from None

    def _tenant_path(self, folder: str, tenant: str, *parts: str) -> str:
        """``<base>/<folder>/tenant=<tenant>/<parts>``; on a local folder the real path, refused
        (PathEscapeError) when a link leads out of that tenant's folder."""
        validate_tenant_key(tenant)
        if self._protocol == "file":
            scope = ConfinedRoot(self._base, what="warehouse").scope(
                folder, f"tenant={tenant}", what=f"warehouse folder of tenant {tenant!r}"
            )
            return str(scope.path(*parts))
        return str(PurePosixPath(self._base) / folder / f"tenant={tenant}" / PurePosixPath(*parts))

    def partition_path(self, table: str, tenant: str, period: date) -> str:
        """Path (inside the filesystem) of one partition's Parquet file."""
        self._schema(table)
        return self._tenant_path(table, tenant, f"period={period_key(period)}", "part.parquet")

    def _uri(self, path: str) -> str:
        return path if self._protocol == "file" else f"{self._protocol}://{path}"

    # -- writes ------------------------------------------------------------------------------
    def write_partition(
        self, table: str, tenant: str, period: date, data: pa.Table
    ) -> PartitionWrite:
        """Replace one partition's rows with ``data`` (cast to the table schema), atomically.

        Every row must belong to ``tenant`` and ``period``: a run writes only its own partition.
        """
        schema = self._schema(table)
        try:
            data = data.select(schema.names).cast(schema)
        except (KeyError, pa.ArrowInvalid, pa.ArrowTypeError) as exc:
            raise WarehouseError(
                f"{table} {tenant}/{period_key(period)}: rows do not fit the table schema: {exc}"
            ) from exc
        if data.num_rows:
            tenants = set(data.column("tenant").to_pylist())
            periods = set(data.column("period").to_pylist())
            if tenants != {tenant} or periods != {period}:
                raise WarehouseError(
                    f"{table} {tenant}/{period_key(period)}: refusing to write rows of other partitions "
                    f"(tenants {sorted(tenants)}, periods {sorted(map(str, periods))})"
                )
        path = self.partition_path(table, tenant, period)
        buffer = io.BytesIO()
        pq.write_table(data, buffer, compression="zstd")
        self._atomic_put(path, buffer.getvalue())
        return PartitionWrite(table, tenant, period, self._uri(path), data.num_rows)

    def _atomic_put(self, path: str, payload: bytes) -> None:
        parent = str(PurePosixPath(path).parent)
        self.fs.makedirs(parent, exist_ok=True)
        if self._protocol == "file":
            # temp + rename in the same folder: readers see the old file or the new one, never half
            from pathlib import Path

            from neurareport_resources.atomic import atomic_write_bytes

            atomic_write_bytes(Path(path), payload)
        else:
            # object stores replace a key in one PUT: no reader sees a partial object
            self.fs.pipe_file(path, payload)

    def delete_partition(self, table: str, tenant: str, period: date) -> None:
        """Remove one partition's file (used when a partition is emptied on purpose)."""
        path = self.partition_path(table, tenant, period)
        if self.fs.exists(path):
            self.fs.rm(path)

    # -- documents (contracts, manifests): one JSON per partition and name ----------------------
    def document_path(self, kind: str, tenant: str, period: date, name: str) -> str:
        """Path of a JSON document such as ``contracts/tenant=acme/period=2025-03/monthly_account.json``."""
        if not _DOCUMENT_NAME.fullmatch(kind) or not _DOCUMENT_NAME.fullmatch(name):
            raise WarehouseError(f"document kind/name must be simple names, got {kind!r}/{name!r}")
        return self._tenant_path(kind, tenant, f"period={period_key(period)}", f"{name}.json")

    def write_document(self, kind: str, tenant: str, period: date, name: str, payload: dict) -> str:
        """Store ``payload`` as JSON atomically; returns its URI."""
        path = self.document_path(kind, tenant, period, name)
        self._atomic_put(
            path, json.dumps(payload, indent=2, sort_keys=True, default=str).encode("utf-8")
        )
        return self._uri(path)

    def read_document(self, kind: str, tenant: str, period: date, name: str) -> dict | None:
        """The stored JSON document, or None when it was never written."""
        path = self.document_path(kind, tenant, period, name)
        if not self.fs.exists(path):
            return None
        return json.loads(self.fs.cat_file(path).decode("utf-8"))

    def documents(self, kind: str, tenant: str, period: date) -> list[str]:
        """Names of the documents stored for one partition."""
        folder = str(PurePosixPath(self.document_path(kind, tenant, period, "x")).parent)
        if not self.fs.exists(folder):
            return []
        return sorted(
            PurePosixPath(p).stem for p in self.fs.ls(folder, detail=False) if p.endswith(".json")
        )

    # -- reads -------------------------------------------------------------------------------
    def read_partition(self, table: str, tenant: str, period: date) -> pa.Table:
        """One partition's rows; an empty table with the schema when it was never written."""
        schema = self._schema(table)
        path = self.partition_path(table, tenant, period)
        if not self.fs.exists(path):
            return schema.empty_table()
        return self._read_file(path, schema)

    def _read_file(self, path: str, schema: pa.Schema) -> pa.Table:
        with self.fs.open(path, "rb") as handle:
            # one thread: a partition file is small, and pyarrow 26 reading a Python file
            # object on its thread pool aborts the process at exit about one time in three
            # ("terminate called without an active exception")
            return pq.read_table(handle, use_threads=False).cast(schema)

    def _arrow_source(self, paths: list[str], schema: pa.Schema) -> Any:
        """What DuckDB scans for one table (an Arrow table or dataset): Arrow reads the files,
        DuckDB never opens one."""
        if not paths:
            return schema.empty_table()
        if self._protocol == "file":
            # imported here: a process that only reads partitions (the CLI) never loads it
            import pyarrow.dataset as ds

            # read once by Arrow's own reader (no Python file objects on its threads) and
            # held in memory: a tenant's files are small, and a connection runs a dozen
            # queries (analysis, validation) that would each scan a lazy dataset's files
            # again — 30 % of a report's analysis time with eight months of history
            return ds.dataset(paths, schema=schema, format="parquet").to_table()
        return pa.concat_tables([self._read_file(path, schema) for path in paths])

    def partitions(self, table: str, tenant: str | None = None) -> list[tuple[str, str]]:
        """(tenant, ``YYYY-MM``) pairs stored for ``table``, optionally for one tenant."""
        self._schema(table)
        pattern = str(
            PurePosixPath(self._base)
            / table
            / (f"tenant={validate_tenant_key(tenant)}" if tenant is not None else "tenant=*")
            / "period=*"
            / "part.parquet"
        )
        found = []
        for path in self.fs.glob(pattern):
            parts = PurePosixPath(path).parts
            found.append((parts[-3].removeprefix("tenant="), parts[-2].removeprefix("period=")))
        return sorted(found)

    def connect_tenant(
        self,
        tenant: str,
        periods: Iterable[date] | None = None,
        *,
        account: str | None = None,
        exclude_rows: Iterable[tuple[str, int, int]] = (),
    ) -> duckdb.DuckDBPyConnection:
        """An in-memory DuckDB connection with one view per table over ONLY ``tenant``'s files.

        ``periods`` narrows the views to those months; ``account`` narrows tables that carry
        an account number to that account (one report per account). Tables never written
        appear as empty views with the right columns, so queries and schema discovery work.
        ``exclude_rows`` — (statement_id, page, row_no) keys — hides ledger rows set aside by
        validation from the ``transactions`` view.
        """
        validate_tenant_key(tenant)
        conn = _tenant_connection(tenant)
        wanted = None if periods is None else {period_key(p) for p in periods}
        keys = sorted(set(exclude_rows))
        excluded = pa.table(
            {
                "statement_id": pa.array([k[0] for k in keys], pa.string()),
                "page": pa.array([k[1] for k in keys], pa.int32()),
                "row_no": pa.array([k[2] for k in keys], pa.int32()),
            }
        )
        for table, schema in TABLE_SCHEMAS.items():
            paths = [
                self.partition_path(table, tenant, date.fromisoformat(f"{month}-01"))
                for _, month in self.partitions(table, tenant)
                if wanted is None or month in wanted
            ]
            conn.register(f"_{table}_data", self._arrow_source(paths, schema))
            conditions = []
            if account is not None and "account_number" in schema.names:
                conditions.append("account_number = '" + account.replace("'", "''") + "'")
            if table == "transactions" and excluded.num_rows:
                conn.register("_excluded_rows", excluded)
                conditions.append(
                    "(statement_id, page, row_no) NOT IN "
                    "(SELECT (statement_id, page, row_no) FROM _excluded_rows)"
                )
            where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
            conn.execute(f"CREATE TEMP VIEW {table} AS SELECT * FROM _{table}_data{where}")
        return conn
