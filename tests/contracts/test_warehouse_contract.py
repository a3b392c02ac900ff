"""The heuristic mapper on the warehouse views: full coverage, valid, executes with types."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from neurareport_resources.contracts import (
    HeuristicMapper,
    execute_contract,
    validate_contract,
)
from neurareport_resources.datasources import DuckDBSource
from neurareport_resources.templating import load_template

MARCH = {"tenant": "acme", "period_start": dt.date(2025, 3, 1), "period_end": dt.date(2025, 3, 31)}
EXPECTED = {
    "account_holder": "statements.holder",
    "account_number": "statements.account_number",
    "currency": "statements.currency",
    "period_start": "statements.period_start",
    "period_end": "statements.period_end",
    "opening_balance": "statements.opening_balance",
    "closing_balance": "statements.closing_balance",
    "row.txn_date": "transactions.txn_date",
    "row.description": "transactions.description",
    "row.amount": "transactions.amount",
    "row.balance": "transactions.balance",
    "row.category": "transactions.category",
    "total_credits": "transactions.amount",
    "total_debits": "transactions.amount",
    "transaction_count": "SQL:COUNT(*)",
}


def test_schema_discovery_sees_only_the_views(warehouse: DuckDBSource) -> None:
    schema = warehouse.discover_schema()
    assert sorted(t.name for t in schema.tables) == ["statements", "transactions"]
    amount = schema.table("transactions").column("amount")
    assert amount.kind == "decimal" and amount.samples
    assert schema.schema_hash() == warehouse.discover_schema().schema_hash()


def test_monthly_account_maps_fully_and_executes(
    warehouse: DuckDBSource, monthly_account_dir: Path
) -> None:
    template = load_template(monthly_account_dir)
    schema = warehouse.discover_schema()
    contract = HeuristicMapper().propose(template, schema)
    assert contract.coverage == 1.0
    assert {k: v for k, v in contract.mapping.items() if k in EXPECTED} == {
        k: v for k, v in EXPECTED.items() if k in contract.mapping
    }
    assert contract.row_source.table == "transactions"
    validation = validate_contract(contract, warehouse, schema=schema, template=template)
    assert validation.ok, validation.errors
    assert validation.sql_valid and validation.coverage == 1.0

    result = execute_contract(contract, warehouse, MARCH)
    assert result.scalars["account_holder"] == "Jane Roe"
    assert result.scalars["opening_balance"] == Decimal("1000.00")
    assert result.scalars["closing_balance"] == Decimal("2524.65")
    assert result.scalars["period_start"] == dt.date(2025, 3, 1)
    assert [r["txn_date"] for r in result.rows] == [
        dt.date(2025, 3, 2),
        dt.date(2025, 3, 5),
        dt.date(2025, 3, 9),
    ]
    assert all(isinstance(r["amount"], Decimal) for r in result.rows)
    assert result.totals["total_credits"] == Decimal("2500.00")
    assert result.totals["total_debits"] == Decimal("975.35")
    assert result.totals["transaction_count"] == 3
    # the balances reconcile through the contract's numbers
    assert (
        result.scalars["opening_balance"]
        + result.totals["total_credits"]
        - result.totals["total_debits"]
        == result.scalars["closing_balance"]
    )


def test_other_period_and_empty_period(warehouse: DuckDBSource, monthly_account_dir: Path) -> None:
    template = load_template(monthly_account_dir)
    contract = HeuristicMapper().propose(template, warehouse.discover_schema())
    april = execute_contract(
        contract,
        warehouse,
        {"tenant": "acme", "period_start": dt.date(2025, 4, 1), "period_end": dt.date(2025, 4, 30)},
    )
    assert [r["description"] for r in april.rows] == ["Coffee"]
    assert april.totals["total_credits"] == Decimal("0.00")
    empty = execute_contract(
        contract,
        warehouse,
        {"tenant": "acme", "period_start": dt.date(2024, 1, 1), "period_end": dt.date(2024, 1, 31)},
    )
    assert empty.rows == [] and empty.totals["transaction_count"] == 0
    assert empty.scalars["account_holder"] is None


def test_contract_round_trips_as_json(warehouse: DuckDBSource, monthly_account_dir: Path) -> None:
    from neurareport_resources.contracts import Contract

    contract = HeuristicMapper().propose(
        load_template(monthly_account_dir), warehouse.discover_schema()
    )
    assert Contract.model_validate_json(contract.model_dump_json()) == contract


def test_context_nests_dotted_scalars_and_renders(warehouse: DuckDBSource, tmp_path: Path) -> None:
    from neurareport_resources.templating import make_environment

    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "template.html").write_text(
        "<p>{{ customer.holder }}</p>{% for row in rows %}<i>{{ row.amount | money }}</i>"
        "{% endfor %}<b>{{ total_debits | money }}</b>"
    )
    template = load_template(folder)
    contract = HeuristicMapper().propose(template, warehouse.discover_schema())
    assert contract.mapping["customer.holder"] == "statements.holder"
    result = execute_contract(contract, warehouse, MARCH)
    html = make_environment(folder).get_template("template.html").render(**result.context())
    assert html == ("<p>Jane Roe</p><i>2,500.00</i><i>-900.00</i><i>-75.35</i><b>975.35</b>")
