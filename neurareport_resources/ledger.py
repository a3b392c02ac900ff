"""The normalised transaction ledger: one schema from extraction to the workbook.

Money is ``Decimal`` (``decimal128(18, 2)`` in Parquet/DuckDB), never float.

The Arrow types (``MONEY``, ``LEDGER_SCHEMA``) are built on first use: the isolated render
worker uses ``to_money`` and the column names and never imports pyarrow (~0.4 CPU-s with
numpy, once per worker process).
"""

from __future__ import annotations

import functools
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

    MONEY: pa.DataType
    LEDGER_SCHEMA: pa.Schema

CENT = Decimal("0.01")

# the order is the order of the stored table (LEDGER_SCHEMA)
LEDGER_COLUMNS: tuple[str, ...] = (
    "tenant",
    "period",
    "statement_id",
    "account_number",
    "currency",
    "txn_date",
    "description",
    "amount",
    "balance",
    "category",
    "category_rule",
    "page",
    "row_no",
    "strategy",
)


@functools.cache
def _arrow_types() -> dict[str, Any]:
    import pyarrow as pa

    money = pa.decimal128(18, 2)
    schema = pa.schema(
        [
            pa.field("tenant", pa.string(), nullable=False),
            pa.field("period", pa.date32(), nullable=False),
            pa.field("statement_id", pa.string(), nullable=False),
            pa.field("account_number", pa.string()),
            pa.field("currency", pa.string()),
            pa.field("txn_date", pa.date32(), nullable=False),
            pa.field("description", pa.string(), nullable=False),
            pa.field("amount", money, nullable=False),
            pa.field("balance", money),
            pa.field("category", pa.string()),
            pa.field("category_rule", pa.string()),
            pa.field("page", pa.int32(), nullable=False),
            pa.field("row_no", pa.int32(), nullable=False),
            pa.field("strategy", pa.string(), nullable=False),
        ]
    )
    if tuple(schema.names) != LEDGER_COLUMNS:
        raise AssertionError("LEDGER_COLUMNS and LEDGER_SCHEMA disagree")
    return {"MONEY": money, "LEDGER_SCHEMA": schema}


def __getattr__(name: str) -> Any:
    if name in ("MONEY", "LEDGER_SCHEMA"):
        return _arrow_types()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def to_money(value: Decimal | int | str) -> Decimal:
    """Quantize to cents (half-up), the ledger's only money precision."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
