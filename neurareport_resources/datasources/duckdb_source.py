"""The warehouse as a data source: a DuckDB connection factory, read-only by construction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import duckdb
from sqlglot import exp

from neurareport_resources.datasources.base import (
    SAMPLE_ROWS,
    DataSourceError,
    colon_params_to,
    ensure_read_only_select,
    used_params,
)
from neurareport_resources.datasources.schema import (
    ColumnInfo,
    ForeignKey,
    SourceSchema,
    TableInfo,
    classify_type,
    sample_rows_from,
    samples_from_rows,
)


class DuckDBSource:
    """A DuckDB database (the warehouse) seen through ``connect()``.

    ``connect`` should open a fresh connection (for example with a tenant's views already
    created). It is called once, on first use, and that connection serves every later
    query and schema discovery of this source until :meth:`close` (opening one costs
    tens of milliseconds, more than most queries here). Every query is checked to be one
    SELECT and runs inside a transaction that is rolled back, so no query sees what an
    earlier one did; after a DuckDB error the connection is dropped and the next operation
    opens a fresh one. A source is used by one thread at a time.
    """

    dialect = "duckdb"

    def __init__(
        self,
        connect: Callable[[], duckdb.DuckDBPyConnection],
        *,
        name: str = "warehouse",
        hidden_prefix: str = "_",
    ) -> None:
        self._connect = connect
        self._con: duckdb.DuckDBPyConnection | None = None
        self.name = name
        # helper objects (registered Arrow tables such as "_transactions_empty") are not data
        self.hidden_prefix = hidden_prefix

    def _open(self) -> duckdb.DuckDBPyConnection:
        if self._con is not None:
            return self._con
        try:
            self._con = self._connect()
            return self._con
        except Exception as exc:  # the factory may fail in DuckDB, the file system or our code
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise DataSourceError(
                f"data source {self.name}: cannot open DuckDB ({first}); "
                "check the warehouse path and that no other process holds a write lock"
            ) from exc

    def _run(self, con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any]) -> list[dict]:
        names = used_params(sql)
        missing = names - set(params)
        if missing:
            raise DataSourceError(
                f"data source {self.name}: missing query parameter(s) {sorted(missing)}"
            )
        bound = {k: v for k, v in params.items() if k in names}
        con.execute("BEGIN TRANSACTION")
        try:
            cursor = con.execute(colon_params_to(sql, "dollar"), bound or None)
            columns = [d[0] for d in cursor.description or []]
            return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
        finally:
            con.execute("ROLLBACK")

    def query(self, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Run one read-only SELECT with ``:name`` parameters; rows as dicts."""
        ensure_read_only_select(sql, self.dialect, self.name)
        con = self._open()
        try:
            return self._run(con, sql, params)
        except duckdb.Error as exc:
            self.close()
            raise DataSourceError(
                f"data source {self.name}: query failed ({str(exc).splitlines()[0]})"
            ) from exc

    def connection(self) -> duckdb.DuckDBPyConnection:
        """The source's connection (opened on first use), for callers that run their own
        statements on the same views; it stays owned by the source (:meth:`close`)."""
        return self._open()

    def close(self) -> None:
        """Close the connection (a later operation opens a new one)."""
        con, self._con = self._con, None
        if con is not None:
            con.close()

    def __enter__(self) -> DuckDBSource:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def discover_schema(self) -> SourceSchema:
        """Tables and views of the main schema with columns, keys and sample values."""
        con = self._open()
        try:
            objects = con.execute(
                "SELECT table_name, table_type FROM information_schema.tables "
                "WHERE table_schema = current_schema() ORDER BY table_name"
            ).fetchall()
            tables: list[TableInfo] = []
            for table_name, table_type in objects:
                if self.hidden_prefix and table_name.startswith(self.hidden_prefix):
                    continue
                cols = con.execute(
                    "SELECT column_name, data_type, is_nullable FROM information_schema.columns "
                    "WHERE table_schema = current_schema() AND table_name = ? "
                    "ORDER BY ordinal_position",
                    [table_name],
                ).fetchall()
                pk: list[str] = []
                fks: list[ForeignKey] = []
                for ctype, ccols, ref_table, ref_cols in con.execute(
                    "SELECT constraint_type, constraint_column_names, referenced_table, "
                    "referenced_column_names FROM duckdb_constraints() "
                    "WHERE schema_name = current_schema() AND table_name = ?",
                    [table_name],
                ).fetchall():
                    if ctype == "PRIMARY KEY":
                        pk = list(ccols)
                    elif ctype == "FOREIGN KEY" and ref_table:
                        fks.append(
                            ForeignKey(
                                columns=list(ccols),
                                ref_table=ref_table,
                                ref_columns=list(ref_cols or []),
                            )
                        )
                sample_sql = (
                    exp.select("*").from_(exp.to_table(table_name, quoted=True)).limit(SAMPLE_ROWS)
                ).sql(dialect="duckdb")
                try:
                    rows = self._run(con, sample_sql, {})
                except duckdb.Error:
                    rows = []  # a broken view still has a shape worth mapping
                tables.append(
                    TableInfo(
                        name=table_name,
                        is_view=table_type == "VIEW",
                        primary_key=pk,
                        foreign_keys=fks,
                        sample_rows=sample_rows_from(rows, [c for c, _t, _n in cols]),
                        columns=[
                            ColumnInfo(
                                name=c,
                                type=str(t),
                                kind=classify_type(str(t)),
                                nullable=n == "YES",
                                primary_key=c in pk,
                                samples=samples_from_rows(rows, c),
                            )
                            for c, t, n in cols
                        ],
                    )
                )
            return SourceSchema(source_name=self.name, dialect=self.dialect, tables=tables)
        except duckdb.Error as exc:
            self.close()
            raise DataSourceError(
                f"data source {self.name}: schema discovery failed ({str(exc).splitlines()[0]})"
            ) from exc
