"""Fixtures for outputs and channels: a one-account month with awkward rows, and its bundle inputs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest

from neurareport_resources.analysis import build_analysis
from neurareport_resources.analysis.synthetic import synthetic_month
from neurareport_resources.ledger import to_money
from neurareport_resources.rendering import (
    WorkbookData,
    build_report_context,
    ledger_contract_inputs,
)
from tests.reports.conftest import TEMPLATE_DIR, load_month

# the pipeline fixtures (a generated statement in the inbox, an ephemeral instance)
from tests.spine.conftest import instance, statement  # noqa: F401

# text a bank import must carry through unchanged (commas, quotes, accents, a formula sign)
AWKWARD = [
    (dt.date(2025, 3, 3), 'CAFÉ "LE NOIR", PARIS', Decimal("-4.35")),
    (dt.date(2025, 3, 14), "=HYPERLINK refund; a formula-like text", Decimal("0.01")),
    (dt.date(2025, 3, 20), "PROPERTY PURCHASE  COMPLETION   FUNDS", Decimal("-1234567.89")),
    (
        dt.date(2025, 3, 21),
        "INHERITANCE TRANSFER FROM THE ESTATE OF A. N. OTHER",
        Decimal("1250000.00"),
    ),
]


def awkward_month(account_number: str = "12345678", seed: int = 11) -> tuple[list[dict], dict]:
    """A synthetic month plus the awkward rows, balances walked through, closing updated."""
    rows, header = synthetic_month(transactions=40, account_number=account_number, seed=seed)
    template = rows[0]
    extra = []
    for index, (day, text, amount) in enumerate(AWKWARD):
        extra.append(
            dict(
                template,
                txn_date=day,
                description=text,
                amount=amount,
                page=9,
                row_no=index + 1,
            )
        )
    merged = sorted(rows + extra, key=lambda r: (r["txn_date"], r["page"], r["row_no"]))
    balance = header["opening_balance"]
    for row in merged:
        balance = to_money(balance + row["amount"])
        row["balance"] = balance
    return merged, dict(header, closing_balance=balance)


def bundle_inputs(conn: duckdb.DuckDBPyConnection, **report: Any) -> dict[str, Any]:
    """The keyword arguments write_report_bundle needs for the ledger loaded on ``conn``."""
    analysis = build_analysis(conn, "ledger", "statements")
    scalars, rows, totals = ledger_contract_inputs(conn, "ledger", analysis)
    context = build_report_context(
        scalars,
        rows,
        totals,
        analysis,
        {
            "tenant": "acme",
            "period": "2025-03",
            "generated_at": dt.datetime(2025, 4, 1, 6, 0, tzinfo=dt.UTC),
            **report,
        },
    )
    ledger = (
        conn.sql("SELECT * FROM ledger ORDER BY txn_date, account_number, page, row_no")
        .to_arrow_table()
        .to_pylist()
    )
    workbook = WorkbookData(
        title="Monthly account report",
        analysis=analysis,
        transactions=ledger,
        meta={"tenant": "acme", "period": "2025-03"},
    )
    return {
        "template_dir": TEMPLATE_DIR,
        "context": context,
        "workbook": workbook,
        "ledger_rows": ledger,
    }


@pytest.fixture
def month() -> tuple[list[dict], dict]:
    return awkward_month()


@pytest.fixture
def conn(month) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    load_month(connection, [month])
    yield connection
    connection.close()


@pytest.fixture
def inputs(conn) -> dict[str, Any]:
    return bundle_inputs(conn)


@pytest.fixture
def template_dir() -> Path:
    return TEMPLATE_DIR
