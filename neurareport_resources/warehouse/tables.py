"""Schemas of the tables the warehouse stores, one Parquet file per (tenant, period)."""

from __future__ import annotations

import pyarrow as pa

from neurareport_resources.ledger import LEDGER_SCHEMA, MONEY

STATEMENT_FILES_SCHEMA = pa.schema(
    [
        pa.field("tenant", pa.string(), nullable=False),
        pa.field("period", pa.date32(), nullable=False),
        pa.field("statement_id", pa.string(), nullable=False),
        pa.field("file_name", pa.string(), nullable=False),
        pa.field("store_path", pa.string(), nullable=False),
        pa.field("size_bytes", pa.int64(), nullable=False),
        pa.field("page_count", pa.int32()),
        pa.field("encrypted", pa.bool_()),
        pa.field("has_text_layer", pa.bool_()),
        # when the file reached the store: the reports' "data as of" time
        pa.field("received_at", pa.timestamp("us", tz="UTC")),
    ]
)

STATEMENTS_SCHEMA = pa.schema(
    [
        pa.field("tenant", pa.string(), nullable=False),
        pa.field("period", pa.date32(), nullable=False),
        pa.field("statement_id", pa.string(), nullable=False),
        pa.field("file_name", pa.string(), nullable=False),
        # a file may hold several accounts: one row each, numbered in document order
        pa.field("account_index", pa.int32(), nullable=False),
        pa.field("account_number", pa.string()),
        pa.field("kind", pa.string()),  # account | credit_card (balance = what the holder owes)
        pa.field("currency", pa.string()),
        pa.field("holder", pa.string()),
        pa.field("period_start", pa.date32()),
        pa.field("period_end", pa.date32()),
        pa.field("opening_balance", MONEY),
        pa.field("closing_balance", MONEY),
        pa.field("page_count", pa.int32()),
        # extraction could not settle the statement: the analyst must look (page + reason)
        pa.field("needs_review", pa.bool_()),
        pa.field("review_reason", pa.string()),
    ]
)

EXTRACTED_PAGES_SCHEMA = pa.schema(
    [
        pa.field("tenant", pa.string(), nullable=False),
        pa.field("period", pa.date32(), nullable=False),
        pa.field("statement_id", pa.string(), nullable=False),
        pa.field("file_name", pa.string(), nullable=False),
        pa.field("page", pa.int32(), nullable=False),
        pa.field("strategy", pa.string()),
        pa.field("flags", pa.list_(pa.string())),
        pa.field("rejected", pa.string()),  # JSON: strategy -> why it lost
        pa.field("row_count", pa.int32(), nullable=False),
        pa.field("columns", pa.list_(pa.string())),
        pa.field("table_rows", pa.string()),  # JSON: the raw cell texts
    ]
)

# rows as the engine read them, before categorisation; provenance kept per row
EXTRACTED_ROWS_SCHEMA = pa.schema(
    [
        pa.field("tenant", pa.string(), nullable=False),
        pa.field("period", pa.date32(), nullable=False),
        pa.field("statement_id", pa.string(), nullable=False),
        pa.field("account_index", pa.int32(), nullable=False),
        pa.field("txn_date", pa.date32(), nullable=False),
        pa.field("description", pa.string(), nullable=False),
        pa.field("amount", MONEY, nullable=False),
        pa.field("balance", MONEY),
        pa.field("page", pa.int32(), nullable=False),
        pa.field("row_no", pa.int32(), nullable=False),
        pa.field("strategy", pa.string(), nullable=False),
        pa.field("bbox", pa.list_(pa.float64())),
    ]
)

TABLE_SCHEMAS: dict[str, pa.Schema] = {
    "statement_files": STATEMENT_FILES_SCHEMA,
    "statements": STATEMENTS_SCHEMA,
    "extracted_pages": EXTRACTED_PAGES_SCHEMA,
    "extracted_rows": EXTRACTED_ROWS_SCHEMA,
    "transactions": LEDGER_SCHEMA,
}

# analysts' approvals and rejections of rendered reports, one row per decision (kept, never
# replaced); not a tenant table: contract SQL and schema discovery do not see it
REPORT_REVIEWS_SCHEMA = pa.schema(
    [
        pa.field("tenant", pa.string(), nullable=False),
        pa.field("period", pa.date32(), nullable=False),
        pa.field("template", pa.string(), nullable=False),
        pa.field("decision", pa.string(), nullable=False),  # approved | rejected
        pa.field("fingerprint", pa.string(), nullable=False),  # sha256 over the report's files
        pa.field("reviewer", pa.string(), nullable=False),
        pa.field("decided_at", pa.timestamp("us", tz="UTC"), nullable=False),
        pa.field("note", pa.string(), nullable=False),
        pa.field("held_for", pa.list_(pa.string())),
    ]
)

# tables the pipeline keeps for itself, read and written like the others but never shown
# to a tenant's SQL connection
RECORD_SCHEMAS: dict[str, pa.Schema] = {"report_reviews": REPORT_REVIEWS_SCHEMA}
