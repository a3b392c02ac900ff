"""Any SQLAlchemy URL as a read-only data source: PostgreSQL, MySQL/MariaDB, SQLite."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlglot import exp

from neurareport_resources.datasources.base import (
    SAMPLE_ROWS,
    DataSourceError,
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

# SQLAlchemy backend name -> sqlglot dialect name
_DIALECTS = {"postgresql": "postgres", "mysql": "mysql", "mariadb": "mysql", "sqlite": "sqlite"}
CONNECT_TIMEOUT_S = 10
STATEMENT_TIMEOUT_S = 60


def _one_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


class SqlAlchemySource:
    """A database reached through a SQLAlchemy URL, opened read-only.

    PostgreSQL and MySQL/MariaDB sessions are set to ``READ ONLY`` transactions, SQLite
    files are opened with ``mode=ro``; every query is checked to be one SELECT and its
    transaction is always rolled back.
    """

    def __init__(self, url: str, *, name: str = "external") -> None:
        self.name = name
        try:
            parsed = make_url(url)
        except ArgumentError as exc:
            raise DataSourceError(
                f"data source {name}: not a database URL; use e.g. "
                "postgresql://user@host/db, mysql+pymysql://user@host/db or sqlite:///file.db"
            ) from exc
        backend = parsed.get_backend_name()
        if backend not in _DIALECTS:
            raise DataSourceError(
                f"data source {name}: unsupported backend {backend!r}; "
                "use PostgreSQL, MySQL/MariaDB or SQLite"
            )
        self.dialect = _DIALECTS[backend]
        self.display_url = parsed.render_as_string(hide_password=True)
        connect_args: dict[str, Any] = {}
        if backend == "sqlite":
            if not parsed.database or parsed.database == ":memory:":
                raise DataSourceError(
                    f"data source {name}: an in-memory SQLite database has no data; "
                    "point the URL at a file"
                )
            # read-only at the file level: SQLite refuses every write
            parsed = parsed.set(
                database=f"file:{parsed.database}?mode=ro", query={**parsed.query, "uri": "true"}
            )
        elif backend == "postgresql":
            connect_args["connect_timeout"] = CONNECT_TIMEOUT_S
            # a runaway report query is cancelled by the server, not left to hang a run
            connect_args["options"] = f"-c statement_timeout={STATEMENT_TIMEOUT_S * 1000}"
        else:
            connect_args["connect_timeout"] = CONNECT_TIMEOUT_S
            connect_args["read_timeout"] = STATEMENT_TIMEOUT_S
        try:
            self._engine: Engine = sa.create_engine(
                parsed, connect_args=connect_args, pool_pre_ping=True
            )
        except (NoSuchModuleError, ImportError) as exc:
            raise DataSourceError(
                f"data source {name}: no driver for {backend} ({_one_line(exc)}); "
                "install psycopg2-binary or pymysql"
            ) from exc
        backend_name = backend

        @sa.event.listens_for(self._engine, "connect")
        def _read_only_session(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            try:
                if backend_name == "postgresql":
                    cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
                elif backend_name in ("mysql", "mariadb"):
                    cursor.execute("SET SESSION TRANSACTION READ ONLY")
            finally:
                cursor.close()
            if backend_name != "sqlite":
                dbapi_connection.commit()

    def _error(self, exc: SQLAlchemyError, doing: str) -> DataSourceError:
        if isinstance(exc, sa.exc.OperationalError) and "connect" in str(exc).lower():
            hint = "is the server running and the URL right?"
        elif isinstance(exc, sa.exc.OperationalError) and "unable to open" in str(exc).lower():
            hint = "does the SQLite file exist?"
        else:
            hint = "check the SQL and the database"
        return DataSourceError(
            f"data source {self.name} ({self.display_url}): {doing} failed: {_one_line(exc)}; {hint}"
        )

    def query(self, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Run one read-only SELECT with ``:name`` parameters; rows as dicts."""
        ensure_read_only_select(sql, self.dialect, self.name)
        names = used_params(sql)
        missing = names - set(params)
        if missing:
            raise DataSourceError(
                f"data source {self.name}: missing query parameter(s) {sorted(missing)}"
            )
        try:
            with self._engine.connect() as conn:
                try:
                    result = conn.execute(sa.text(sql), {k: params[k] for k in names})
                    return [dict(row) for row in result.mappings()]
                finally:
                    conn.rollback()
        except SQLAlchemyError as exc:
            raise self._error(exc, "query") from exc

    def discover_schema(self) -> SourceSchema:
        """Tables and views of the default schema with columns, keys and sample values."""
        try:
            with self._engine.connect() as conn:
                try:
                    return self._discover(conn)
                finally:
                    conn.rollback()
        except SQLAlchemyError as exc:
            raise self._error(exc, "schema discovery") from exc

    def _discover(self, conn: sa.Connection) -> SourceSchema:
        inspector = sa.inspect(conn)
        names = [(t, False) for t in inspector.get_table_names()]
        names += [(v, True) for v in inspector.get_view_names()]
        tables: list[TableInfo] = []
        for table_name, is_view in sorted(names):
            columns = inspector.get_columns(table_name)
            pk = (
                []
                if is_view
                else list(inspector.get_pk_constraint(table_name).get("constrained_columns") or [])
            )
            fks = (
                []
                if is_view
                else [
                    ForeignKey(
                        columns=fk["constrained_columns"],
                        ref_table=fk["referred_table"],
                        ref_columns=fk["referred_columns"],
                    )
                    for fk in inspector.get_foreign_keys(table_name)
                ]
            )
            sample_sql = (
                exp.select("*").from_(exp.to_table(table_name, quoted=True)).limit(SAMPLE_ROWS)
            ).sql(dialect=self.dialect)
            try:
                rows = [dict(r) for r in conn.execute(sa.text(sample_sql)).mappings()]
            except SQLAlchemyError:
                conn.rollback()
                rows = []  # unreadable table: its shape is still worth mapping
            tables.append(
                TableInfo(
                    name=table_name,
                    is_view=is_view,
                    primary_key=pk,
                    foreign_keys=fks,
                    sample_rows=sample_rows_from(rows, [c["name"] for c in columns]),
                    columns=[
                        ColumnInfo(
                            name=c["name"],
                            type=str(c["type"]),
                            kind=classify_type(str(c["type"])),
                            nullable=bool(c.get("nullable", True)),
                            primary_key=c["name"] in pk,
                            samples=samples_from_rows(rows, c["name"]),
                        )
                        for c in columns
                    ],
                )
            )
        return SourceSchema(source_name=self.name, dialect=self.dialect, tables=tables)

    def dispose(self) -> None:
        """Close pooled connections."""
        self._engine.dispose()
