"""Fixtures for the reports area: a categorised synthetic month in DuckDB, its analysis and context."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from neurareport_resources.analysis import build_analysis, categorize
from neurareport_resources.analysis.synthetic import (
    ledger_table,
    statements_table,
    synthetic_month,
)
from neurareport_resources.rendering import build_report_context, ledger_contract_inputs

REPO = Path(__file__).resolve().parents[2]
TEMPLATE_DIR = REPO / "templates" / "monthly_account"


def load_month(
    conn: duckdb.DuckDBPyConnection,
    months: list[tuple[list[dict], dict]],
    *,
    tenant_rules: Path | None = None,
) -> None:
    """Register raw_ledger/statements and the categorised `ledger` on ``conn``."""
    rows = [row for month_rows, _ in months for row in month_rows]
    headers = [header for _, header in months]
    conn.register("raw_ledger", ledger_table(rows))
    conn.register("statements", statements_table(headers))
    conn.register("ledger", categorize(conn, "raw_ledger", tenant_rules=tenant_rules))


@pytest.fixture
def template_dir() -> Path:
    return TEMPLATE_DIR


@pytest.fixture
def month() -> tuple[list[dict], dict]:
    return synthetic_month(transactions=90, seed=11)


@pytest.fixture
def conn(month: tuple[list[dict], dict]) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    load_month(connection, [month])
    yield connection
    connection.close()


@pytest.fixture
def analysis(conn: duckdb.DuckDBPyConnection):
    return build_analysis(conn, "ledger", "statements")


@pytest.fixture
def context(conn: duckdb.DuckDBPyConnection, analysis) -> dict:
    scalars, rows, totals = ledger_contract_inputs(conn, "ledger", analysis)
    return build_report_context(
        scalars,
        rows,
        totals,
        analysis,
        {
            "tenant": "acme",
            "period": dt.date(2025, 3, 1),
            "title": "Monthly account report",
            "generated_at": dt.datetime(2025, 4, 1, 6, 0, tzinfo=dt.UTC),
        },
    )


@pytest.fixture
def loader():
    """The month loader, for tests that build their own ledgers."""
    return load_month


@pytest.fixture
def two_accounts() -> list[tuple[list[dict], dict]]:
    """Two accounts of one tenant in one month (for bursting and combined reports)."""
    return [
        synthetic_month(transactions=50, account_number="11112222", seed=3),
        synthetic_month(
            transactions=30,
            account_number="33334444",
            opening_balance=Decimal("100.00"),
            seed=4,
        ),
    ]
