"""Categorisation: every row gets a category and the rule that gave it; tenant rules win."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import duckdb
import pytest

from neurareport_resources.analysis import (
    NO_RULE,
    UNCATEGORISED,
    CategoryRulesError,
    SqlNameError,
    categorize,
)
from neurareport_resources.ledger import LEDGER_SCHEMA


def test_every_row_gets_a_category_and_a_rule(conn: duckdb.DuckDBPyConnection, month) -> None:
    rows, _ = month
    table = categorize(conn, "raw_ledger")
    assert table.schema == LEDGER_SCHEMA
    assert table.num_rows == len(rows)
    categories = table.column("category").to_pylist()
    rules = table.column("category_rule").to_pylist()
    assert None not in categories and None not in rules
    # uncategorised always pairs with rule "none", and only with it
    for category, rule in zip(categories, rules, strict=True):
        assert (category == UNCATEGORISED) == (rule == NO_RULE)
    # row order and amounts are untouched
    assert table.column("row_no").to_pylist() == [r["row_no"] for r in rows]
    assert table.column("amount").to_pylist() == [r["amount"] for r in rows]


def test_builtin_rules_pick_the_obvious_categories(conn: duckdb.DuckDBPyConnection) -> None:
    table = categorize(conn, "raw_ledger").to_pylist()
    by_description = {row["description"]: (row["category"], row["category_rule"]) for row in table}
    assert by_description["BGC PAYROLL ACME SALARY"] == ("salary", "builtin:salary")
    assert by_description["DIRECT DEBIT TO LANDLORD RENT"] == ("rent & mortgage", "builtin:rent")
    assert by_description["NETFLIX.COM SUBSCRIPTION"][0] == "subscriptions"
    # fee under the rule's 500.00 cap
    assert by_description["MONTHLY ACCOUNT FEE"] == ("fees & charges", "builtin:fees")
    # a weekly payment no keyword knows is caught by recurring detection
    assert by_description["CLEANER WEEKLY PAYMENT"] == (
        "recurring payments",
        "builtin:recurring-out",
    )


def test_amount_range_decides_between_rules(conn: duckdb.DuckDBPyConnection, loader, month) -> None:
    rows, header = month
    big_fee = dict(
        rows[0], description="OVERDRAFT CHARGE", amount=rows[0]["amount"] - 9000, row_no=999
    )
    loader(conn, [([*rows, big_fee], header)])
    result = {
        r["row_no"]: r for r in conn.execute("SELECT * FROM ledger").fetchdf().to_dict("records")
    }
    # above the 500.00 cap of builtin:fees, out of every keyword rule: a large payment
    assert result[999]["category_rule"] == "builtin:large-payment"


def test_tenant_rules_override_builtin(tmp_path: Path, conn: duckdb.DuckDBPyConnection) -> None:
    rules = tmp_path / "categories.yaml"
    rules.write_text(
        "rules:\n"
        "  - name: office-coffee\n"
        "    category: staff welfare\n"
        "    keyword: 'STARBUCKS|PRET'\n"
        "    direction: out\n"
        "  - name: big-amazon\n"
        "    category: equipment\n"
        "    counterparty: '^AMAZON'\n"
        "    min_amount: 100\n",
        encoding="utf-8",
    )
    table = categorize(conn, "raw_ledger", tenant_rules=rules).to_pylist()
    coffee = [r for r in table if "STARBUCKS" in r["description"] or "PRET" in r["description"]]
    assert coffee and all(r["category"] == "staff welfare" for r in coffee)
    assert all(r["category_rule"] == "tenant:office-coffee" for r in coffee)
    amazon = [r for r in table if r["description"].startswith("AMAZON MARKETPLACE")]
    assert amazon
    for row in amazon:
        expected = "equipment" if abs(row["amount"]) >= 100 else "shopping"
        assert row["category"] == expected


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("rules: [", "not valid YAML"),
        ("rules: {}", "top-level 'rules:' list"),
        ("rules:\n  - name: x\n", "'category' must be"),
        ("rules:\n  - category: x\n    keyword: '('\n", "not a valid regex"),
        ("rules:\n  - category: x\n    direction: sideways\n    keyword: A\n", "direction must be"),
        ("rules:\n  - category: x\n", "matches all"),
        ("rules:\n  - category: x\n    keyword: A\n    colour: red\n", "unknown keys"),
        ("rules:\n  - category: x\n    keyword: '(?=A)'\n", "RE2"),
    ],
)
def test_bad_tenant_rules_name_the_file(
    tmp_path: Path, conn: duckdb.DuckDBPyConnection, body: str, fragment: str
) -> None:
    rules = tmp_path / "categories.yaml"
    rules.write_text(body, encoding="utf-8")
    with pytest.raises(CategoryRulesError) as error:
        categorize(conn, "raw_ledger", tenant_rules=rules)
    assert str(rules) in str(error.value)
    assert fragment in str(error.value)


def test_tenant_pattern_is_data_not_sql(tmp_path: Path, conn: duckdb.DuckDBPyConnection) -> None:
    rules = tmp_path / "categories.yaml"
    rules.write_text(
        "rules:\n  - category: hacked\n    keyword: \"NETFLIX' OR true OR 'x\"\n",
        encoding="utf-8",
    )
    table = categorize(conn, "raw_ledger", tenant_rules=rules)
    assert "hacked" not in set(table.column("category").to_pylist())


def test_relation_names_are_checked(conn: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(SqlNameError):
        categorize(conn, "raw_ledger; DROP TABLE x")


def test_example_tenant_rules_file_loads(conn: duckdb.DuckDBPyConnection) -> None:
    example = Path(__file__).resolve().parents[2] / "templates/tenants/acme/categories.yaml"
    table = categorize(conn, "raw_ledger", tenant_rules=example)
    counts = Counter(table.column("category_rule").to_pylist())
    assert any(rule.startswith("tenant:") for rule in counts)
