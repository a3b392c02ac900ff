"""The normalised transaction ledger: one schema from extraction to the workbook.

Money is ``Decimal`` (``decimal128(18, 2)`` in Parquet/DuckDB), never float.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pyarrow as pa

MONEY = pa.decimal128(18, 2)
CENT = Decimal("0.01")

# column -> arrow type; the order is the order of the stored table
LEDGER_SCHEMA = pa.schema(
    [
        pa.field("tenant", pa.string(), nullable=False),
        pa.field("period", pa.date32(), nullable=False),
        pa.field("statement_id", pa.string(), nullable=False),
        pa.field("account_number", pa.string()),
        pa.field("currency", pa.string()),
        pa.field("txn_date", pa.date32(), nullable=False),
        pa.field("description", pa.string(), nullable=False),
        pa.field("amount", MONEY, nullable=False),
        pa.field("balance", MONEY),
        pa.field("category", pa.string()),
        pa.field("category_rule", pa.string()),
        pa.field("page", pa.int32(), nullable=False),
        pa.field("row_no", pa.int32(), nullable=False),
        pa.field("strategy", pa.string(), nullable=False),
    ]
)
LEDGER_COLUMNS: tuple[str, ...] = tuple(LEDGER_SCHEMA.names)


def to_money(value: Decimal | int | str) -> Decimal:
    """Quantize to cents (half-up), the ledger's only money precision."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
