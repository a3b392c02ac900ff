"""Data sources a contract maps templates onto: the DuckDB warehouse or any SQLAlchemy URL."""

from neurareport_resources.datasources.base import (
    DataSource,
    DataSourceError,
    close_source,
    ensure_read_only_select,
)
from neurareport_resources.datasources.ddl import sqlite_source_from_sql
from neurareport_resources.datasources.duckdb_source import DuckDBSource
from neurareport_resources.datasources.schema import (
    ColumnInfo,
    ForeignKey,
    SourceSchema,
    TableInfo,
    classify_type,
)
from neurareport_resources.datasources.sqlalchemy_source import SqlAlchemySource

__all__ = [
    "ColumnInfo",
    "DataSource",
    "DataSourceError",
    "DuckDBSource",
    "ForeignKey",
    "SourceSchema",
    "SqlAlchemySource",
    "TableInfo",
    "classify_type",
    "close_source",
    "ensure_read_only_select",
    "sqlite_source_from_sql",
]
