"""The mapper on the platform's own warehouse connection (Warehouse.connect_tenant)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pytest
from warehouse import STATEMENTS, TRANSACTIONS

from neurareport_resources.contracts import (
    ContractStatus,
    HeuristicMapper,
    execute_contract,
    propose_contract,
)
from neurareport_resources.datasources import DuckDBSource
from neurareport_resources.ledger import LEDGER_SCHEMA
from neurareport_resources.templating import load_template

warehouse_module = pytest.importorskip("neurareport_resources.warehouse")
MARCH = dt.date(2025, 3, 1)


@pytest.fixture
def store(tmp_path: Path):
    store = warehouse_module.Warehouse(str(tmp_path / "data"))
    txns = [t for t in TRANSACTIONS if t[1] == MARCH]
    store.write_partition(
        "transactions",
        "acme",
        MARCH,
        pa.Table.from_pylist(
            [
                dict(zip(LEDGER_SCHEMA.names, [*t, "rule", 1, i + 1, "lines"], strict=True))
                for i, t in enumerate(txns)
            ],
            schema=LEDGER_SCHEMA,
        ),
    )
    from neurareport_resources.warehouse.tables import STATEMENTS_SCHEMA

    # the fixture's columns by name; fields the platform added since take their defaults
    fixture_names = [
        "tenant",
        "period",
        "statement_id",
        "file_name",
        "account_number",
        "currency",
        "holder",
        "period_start",
        "period_end",
        "opening_balance",
        "closing_balance",
        "page_count",
    ]
    defaults = {"account_index": 0, "kind": "account", "needs_review": False}
    rows = [
        {
            **dict.fromkeys(STATEMENTS_SCHEMA.names),
            **defaults,
            **dict(zip(fixture_names, s, strict=True)),
        }
        for s in STATEMENTS
        if s[1] == MARCH
    ]
    store.write_partition(
        "statements", "acme", MARCH, pa.Table.from_pylist(rows, schema=STATEMENTS_SCHEMA)
    )
    return store


def test_builtin_template_on_the_platform_warehouse(store, monthly_account_dir: Path) -> None:
    source = DuckDBSource(lambda: store.connect_tenant("acme", [MARCH]))
    template = load_template(monthly_account_dir)
    contract = propose_contract(template, source, HeuristicMapper())
    assert contract.errors == [] and contract.sql_valid
    assert contract.coverage == 1.0
    assert contract.status in (ContractStatus.DRAFT, ContractStatus.NEEDS_REVIEW)
    assert contract.row_source.table == "transactions"
    assert contract.mapping["account_holder"] == "statements.holder"
    assert contract.mapping["row.category"] == "transactions.category"
    result = execute_contract(
        contract,
        source,
        {"tenant": "acme", "period_start": MARCH, "period_end": dt.date(2025, 3, 31)},
    )
    assert len(result.rows) == 3
    assert result.scalars["closing_balance"] == Decimal("2524.65")
    assert result.totals["total_debits"] == Decimal("975.35")


def test_tenant_without_data_still_maps_onto_the_views(tmp_path: Path, monthly_account_dir) -> None:
    empty = warehouse_module.Warehouse(str(tmp_path / "empty"))
    source = DuckDBSource(lambda: empty.connect_tenant("nobody"))
    names = [t.name for t in source.discover_schema().tables]
    assert "transactions" in names and not [n for n in names if n.startswith("_")]
    contract = propose_contract(load_template(monthly_account_dir), source, HeuristicMapper())
    assert contract.mapping["account_holder"] == "statements.holder"
    assert contract.errors == [] and contract.coverage == 1.0
    result = execute_contract(
        contract,
        source,
        {"tenant": "nobody", "period_start": MARCH, "period_end": dt.date(2025, 3, 31)},
    )
    assert result.rows == [] and result.totals["transaction_count"] == 0
