"""A schema given as a SQL file (DDL, optional INSERTs) loaded into a read-only SQLite source."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlglot
from sqlglot.errors import ParseError, TokenError

from neurareport_resources.datasources.base import DataSourceError
from neurareport_resources.datasources.sqlalchemy_source import SqlAlchemySource


def _transpiled(sql: str) -> str:
    """The script rewritten for SQLite from PostgreSQL or MySQL syntax (whichever parses)."""
    for dialect in ("postgres", "mysql", "duckdb"):
        try:
            return ";\n".join(sqlglot.transpile(sql, read=dialect, write="sqlite")) + ";"
        except (ParseError, TokenError):
            continue
    raise DataSourceError("could not parse the SQL as SQLite, PostgreSQL or MySQL")


def sqlite_source_from_sql(
    sql_path: Path, db_path: Path, *, name: str | None = None
) -> SqlAlchemySource:
    """Run ``sql_path`` into a new SQLite file ``db_path`` and open it read-only.

    Plain SQLite DDL runs as is; PostgreSQL/MySQL DDL is transpiled with sqlglot first.
    """
    sql_path = Path(sql_path)
    try:
        script = sql_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataSourceError(f"{sql_path}: cannot read the schema file ({exc})") from exc
    db_path = Path(db_path)
    db_path.unlink(missing_ok=True)
    con = sqlite3.connect(db_path)
    try:
        try:
            con.executescript(script)
        except sqlite3.Error:
            con.close()
            db_path.unlink(missing_ok=True)
            con = sqlite3.connect(db_path)
            try:
                con.executescript(_transpiled(script))
            except (sqlite3.Error, DataSourceError) as exc:
                raise DataSourceError(
                    f"{sql_path}: the schema SQL does not run ({str(exc).splitlines()[0]}); "
                    "give CREATE TABLE statements in SQLite, PostgreSQL or MySQL syntax"
                ) from exc
        con.commit()
    finally:
        con.close()
    return SqlAlchemySource(f"sqlite:///{db_path}", name=name or sql_path.stem)
