"""The warehouse: per-partition Parquet files read through DuckDB."""

from neurareport_resources.warehouse.store import (
    PartitionWrite,
    Warehouse,
    WarehouseError,
    period_key,
)
from neurareport_resources.warehouse.tables import (
    EXTRACTED_PAGES_SCHEMA,
    EXTRACTED_ROWS_SCHEMA,
    STATEMENT_FILES_SCHEMA,
    STATEMENTS_SCHEMA,
    TABLE_SCHEMAS,
)

__all__ = [
    "EXTRACTED_PAGES_SCHEMA",
    "EXTRACTED_ROWS_SCHEMA",
    "STATEMENTS_SCHEMA",
    "STATEMENT_FILES_SCHEMA",
    "TABLE_SCHEMAS",
    "PartitionWrite",
    "Warehouse",
    "WarehouseError",
    "period_key",
]
