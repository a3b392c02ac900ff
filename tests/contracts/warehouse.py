"""A small DuckDB warehouse shaped like the lead's per-tenant views (test data only)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import duckdb

TRANSACTIONS = [
    # tenant, period, statement, account, ccy, date, description, amount, balance, category
    (
        "acme",
        dt.date(2025, 3, 1),
        "s1",
        "DE001",
        "EUR",
        dt.date(2025, 3, 2),
        "Salary March",
        Decimal("2500.00"),
        Decimal("3500.00"),
        "income",
    ),
    (
        "acme",
        dt.date(2025, 3, 1),
        "s1",
        "DE001",
        "EUR",
        dt.date(2025, 3, 5),
        "Rent",
        Decimal("-900.00"),
        Decimal("2600.00"),
        "housing",
    ),
    (
        "acme",
        dt.date(2025, 3, 1),
        "s1",
        "DE001",
        "EUR",
        dt.date(2025, 3, 9),
        "Groceries",
        Decimal("-75.35"),
        Decimal("2524.65"),
        "food",
    ),
    (
        "acme",
        dt.date(2025, 4, 1),
        "s2",
        "DE001",
        "EUR",
        dt.date(2025, 4, 3),
        "Coffee",
        Decimal("-3.10"),
        Decimal("2521.55"),
        "food",
    ),
]
STATEMENTS = [
    (
        "acme",
        dt.date(2025, 3, 1),
        "s1",
        "march.pdf",
        "DE001",
        "EUR",
        "Jane Roe",
        dt.date(2025, 3, 1),
        dt.date(2025, 3, 31),
        Decimal("1000.00"),
        Decimal("2524.65"),
        2,
    ),
    (
        "acme",
        dt.date(2025, 4, 1),
        "s2",
        "april.pdf",
        "DE001",
        "EUR",
        "Jane Roe",
        dt.date(2025, 4, 1),
        dt.date(2025, 4, 30),
        Decimal("2524.65"),
        Decimal("2521.55"),
        1,
    ),
]


def build_warehouse(path: Path) -> Path:
    """Create the two warehouse tables exposed as views ``transactions`` and ``statements``."""
    con = duckdb.connect(str(path))
    # raw tables live outside the main schema: a tenant only sees its views
    con.execute("CREATE SCHEMA raw")
    con.execute(
        "CREATE TABLE raw.t_raw (tenant VARCHAR, period DATE, statement_id VARCHAR, "
        "account_number VARCHAR, currency VARCHAR, txn_date DATE, description VARCHAR, "
        "amount DECIMAL(18,2), balance DECIMAL(18,2), category VARCHAR, category_rule VARCHAR, "
        "page INTEGER, row_no INTEGER, strategy VARCHAR)"
    )
    for i, t in enumerate(TRANSACTIONS):
        con.execute(
            "INSERT INTO raw.t_raw VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [*t, "rule", 1, i + 1, "lines"],
        )
    con.execute(
        "CREATE TABLE raw.s_raw (tenant VARCHAR, period DATE, statement_id VARCHAR, "
        "file_name VARCHAR, account_number VARCHAR, currency VARCHAR, holder VARCHAR, "
        "period_start DATE, period_end DATE, opening_balance DECIMAL(18,2), "
        "closing_balance DECIMAL(18,2), page_count INTEGER)"
    )
    for s in STATEMENTS:
        con.execute("INSERT INTO raw.s_raw VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", list(s))
    con.close()
    return path


def tenant_connect(path: Path, tenant: str = "acme"):
    """A connect() callable: read-only DuckDB with the tenant's temporary views."""

    def connect() -> duckdb.DuckDBPyConnection:
        con = duckdb.connect(str(path), read_only=True)
        con.execute(
            f"CREATE TEMP VIEW transactions AS SELECT * FROM raw.t_raw WHERE tenant = '{tenant}'"
        )
        con.execute(
            f"CREATE TEMP VIEW statements AS SELECT * FROM raw.s_raw WHERE tenant = '{tenant}'"
        )
        return con

    return connect
