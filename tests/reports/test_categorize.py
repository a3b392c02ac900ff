"""Categorisation: every row gets a category and the rule that gave it; tenant rules win."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from decimal import Decimal
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
from neurareport_resources.analysis.synthetic import described_rows, ledger_table
from neurareport_resources.ledger import LEDGER_SCHEMA

FIXTURES = Path(__file__).resolve().parent / "fixtures"


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
    assert by_description["MONTHLY ACCOUNT FEE"] == ("fees & charges", "builtin:fees")
    # a weekly payment no keyword knows is caught by recurring detection
    assert by_description["CLEANER WEEKLY PAYMENT"] == (
        "recurring payments",
        "builtin:recurring-out",
    )


def _categorised(rows: list[dict], **kwargs) -> list[dict]:
    conn = duckdb.connect()
    conn.register("raw", ledger_table(rows))
    return categorize(conn, "raw", **kwargs).to_pylist()


def test_one_category_per_counterparty_whatever_the_amount() -> None:
    # the case: a 500.00 cap put the big fees of one payee in another category
    rows = described_rows(
        [
            ("MONTHLY ACCOUNT FEE", "-5.00"),
            ("MONTHLY ACCOUNT FEE", "-732.41"),
            ("MONTHLY ACCOUNT FEE", "-1200.00"),
            # the same payee, once with a keyword and once without: one category
            ("DIRECT DEBIT ACME HOSTING", "-49.00"),
            ("ACME HOSTING 2025-11", "-49.00"),
        ],
        dt.date(2025, 11, 1),
    )
    result = _categorised(rows)
    assert {r["category"] for r in result[:3]} == {"fees & charges"}
    assert [r["category"] for r in result[3:]] == ["direct debits", "direct debits"]
    # the row that matched no rule says where its category came from
    assert result[4]["category_rule"] == "builtin:direct-debits (same counterparty)"


def test_every_counterparty_of_a_realistic_ledger_has_one_category() -> None:
    rows = described_rows(
        [(r["description"], r["amount"]) for r in _fixture()]
        + [(r["description"], str(-Decimal(r["amount"]) * 40)) for r in _fixture()][:40],
        dt.date(2025, 11, 1),
    )
    conn = duckdb.connect()
    conn.register("raw", ledger_table(rows))
    conn.register("categorised", categorize(conn, "raw"))
    split = conn.execute(
        "SELECT nr_counterparty(description), amount > 0, list(DISTINCT category) "
        "FROM categorised WHERE nr_counterparty(description) <> 'UNKNOWN' "
        "GROUP BY ALL HAVING count(DISTINCT category) > 1"
    ).fetchall()
    assert split == []


def test_a_tenant_rule_may_split_a_counterparty(tmp_path: Path) -> None:
    rules = tmp_path / "categories.yaml"
    rules.write_text(
        "rules:\n"
        "  - name: penalty-fees\n"
        "    category: bank penalties\n"
        "    keyword: 'MONTHLY ACCOUNT FEE'\n"
        "    min_amount: 100\n",
        encoding="utf-8",
    )
    rows = described_rows(
        [("MONTHLY ACCOUNT FEE", "-5.00"), ("MONTHLY ACCOUNT FEE", "-732.41")],
        dt.date(2025, 11, 1),
    )
    result = _categorised(rows, tenant_rules=rules)
    assert [(r["category"], r["category_rule"]) for r in result] == [
        ("fees & charges", "builtin:fees"),
        ("bank penalties", "tenant:penalty-fees"),
    ]


def test_german_salary_is_salary_not_other_income() -> None:
    rows = described_rows(
        [
            ("Gehalt Mustermann GmbH", "3120.55"),
            ("Lohn/Gehalt 11/2025 Mustermann GmbH", "3120.55"),
            ("GUTSCHRIFT GEHALT NOVEMBER MUELLER AG", "2987.10"),
            # paying staff is payroll, not income
            ("Überweisung Lohn Mitarbeiter November", "-2450.00"),
            # and wage tax is tax
            ("Überweisung Finanzamt Lohnsteuer 10/2025", "-812.00"),
        ],
        dt.date(2025, 11, 1),
    )
    assert [r["category"] for r in _categorised(rows)] == [
        "salary",
        "salary",
        "salary",
        "payroll",
        "taxes",
    ]


def test_counterparty_names_keep_their_letters(conn: duckdb.DuckDBPyConnection) -> None:
    from neurareport_resources.analysis.categorize import prepare_connection

    prepare_connection(conn)
    names = {
        text: conn.execute("SELECT nr_counterparty(?)", [text]).fetchone()[0]
        for text in (
            "Kontoführungsgebühr",
            "Kartenzahlung Bäckerei Schmidt 12.11.",
            "Prélèvement EDF Électricité échéance 11/2025",
            "Nómina Construcciones Ruiz SL",
        )
    }
    assert names == {
        "Kontoführungsgebühr": "KONTOFÜHRUNGSGEBÜHR",
        "Kartenzahlung Bäckerei Schmidt 12.11.": "BÄCKEREI SCHMIDT",
        "Prélèvement EDF Électricité échéance 11/2025": "EDF ÉLECTRICITÉ ÉCHÉANCE",
        "Nómina Construcciones Ruiz SL": "NÓMINA CONSTRUCCIONES RUIZ",
    }


def _fixture() -> list[dict[str, str]]:
    with open(FIXTURES / "bank_descriptions.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("language", ["en", "de", "fr", "es"])
def test_bank_vocabulary_of_four_languages(language: str) -> None:
    expected = [r for r in _fixture() if r["language"] == language]
    rows = described_rows([(r["description"], r["amount"]) for r in expected], dt.date(2025, 11, 1))
    got = [r["category"] for r in _categorised(rows)]
    wrong = [
        (e["description"], e["category"], g)
        for e, g in zip(expected, got, strict=True)
        if e["category"] != g
    ]
    assert wrong == []


def test_a_realistic_german_month_is_almost_fully_categorised() -> None:
    """The generator's German statements plus real-world German descriptions: ~0 % left."""
    from neurareport_resources.samples.families import DESCRIPTIONS

    german = [r for r in _fixture() if r["language"] == "de"]
    texts = [(r["description"], r["amount"]) for r in german]
    texts += [
        (text, "2500.00" if text.startswith(("Gehalt", "Gutschrift", "Zins")) else "-42.00")
        for text in DESCRIPTIONS["de"]
    ]
    rows = described_rows(texts * 3, dt.date(2025, 11, 1))
    result = _categorised(rows)
    left = [r for r in result if r["category"] == UNCATEGORISED]
    money = sum((abs(r["amount"]) for r in result), Decimal(0))
    assert len(left) / len(result) <= 0.01
    assert sum((abs(r["amount"]) for r in left), Decimal(0)) / money <= Decimal("0.01")
    assert not any(r["category"] == "other income" for r in result)


def test_a_monthly_payment_is_recurring_from_the_tenants_history() -> None:
    def month(period: dt.date, widgets: str) -> list[dict]:
        return described_rows(
            [("ACME HOSTING SERVICES", "-49.00"), ("WIDGETS WORLD", widgets)], period
        )

    # the hosting bill is the same every month; the widget orders vary in size
    history = month(dt.date(2025, 9, 1), "-12.00") + month(dt.date(2025, 10, 1), "-310.00")
    november = month(dt.date(2025, 11, 1), "-80.00")
    alone = _categorised(november)
    assert [r["category"] for r in alone] == [UNCATEGORISED, UNCATEGORISED]
    conn = duckdb.connect()
    conn.register("history", ledger_table(history))
    conn.register("raw", ledger_table(november))
    with_history = categorize(conn, "raw", history="history").to_pylist()
    assert [r["category"] for r in with_history] == ["recurring payments", UNCATEGORISED]
    # history only informs: the result holds this month's rows alone
    assert len(with_history) == len(november)


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


def test_uncategorised_rows_and_money_per_tenant_month(tmp_path: Path) -> None:
    from neurareport_resources.analysis import uncategorised_summary
    from neurareport_resources.warehouse import Warehouse

    wh = Warehouse(str(tmp_path / "warehouse"))
    november = dt.date(2025, 11, 1)
    rows = described_rows(
        [
            ("Kontoführungsgebühr", "-9.90"),
            ("WIDGETWERK KG 4711", "-120.00"),
            ("WIDGETWERK KG 4712", "-80.50"),
            ("A STRANGER", "30.00"),  # money in always has a category: other income
        ],
        november,
    )
    conn = duckdb.connect()
    conn.register("raw", ledger_table(rows))
    wh.write_partition("transactions", "acme", november, categorize(conn, "raw"))
    summary = uncategorised_summary(wh, "acme", november)
    assert (summary.rows, summary.total_rows) == (2, 4)
    assert (summary.money_in, summary.money_out, summary.money) == (
        Decimal("0.00"),
        Decimal("-200.50"),
        Decimal("200.50"),
    )
    assert summary.share_of_money == Decimal("0.8340")
    assert [(c.counterparty, c.rows) for c in summary.counterparties] == [("WIDGETWERK KG", 2)]
    # a month nothing was stored for: zeros, not an error
    empty = uncategorised_summary(wh, "acme", dt.date(2025, 12, 1))
    assert (empty.rows, empty.money, empty.counterparties) == (0, Decimal("0.00"), ())


@pytest.mark.parametrize(
    "existing",
    [
        "",  # no file content yet
        "# rules of acme\nrules:\n",  # an empty list
        "# rules of acme\nrules: []\n",  # a flow list: rewritten, comment kept
        "# rules of acme\nrules:\n    - name: a\n      category: b\n      keyword: X\n",
    ],
)
def test_a_taught_rule_is_added_to_any_layout_of_the_file(tmp_path: Path, existing: str) -> None:
    from neurareport_resources.analysis.tenant_rules import add_tenant_rule, rule_entry

    path = tmp_path / "categories.yaml"
    if existing:
        path.write_text(existing, encoding="utf-8")
    entry = rule_entry(category="bakery", match="Bäckerei Schmidt", direction="out")
    rules = add_tenant_rule(path, entry, tenant="acme")
    assert rules[-1]["rule_name"] == "tenant:bäckerei-schmidt"
    assert rules[-1]["pattern"] == "Bäckerei\\ Schmidt"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# rules of acme" if existing else "# Category rules of tenant")
    # and the rule works on both spellings
    rows = described_rows([("Kartenzahlung BÄCKEREI SCHMIDT", "-4.20")], dt.date(2025, 11, 1))
    assert _categorised(rows, tenant_rules=path)[0]["category"] == "bakery"
