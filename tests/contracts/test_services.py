"""The mapper against the real PostgreSQL and MariaDB servers (one fresh database per run)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from neurareport_resources.contracts import (
    HeuristicMapper,
    execute_contract,
    propose_contract,
)
from neurareport_resources.datasources import DataSourceError, SqlAlchemySource
from neurareport_resources.templating import load_template

pytestmark = pytest.mark.services

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
MY_ADMIN = "mysql+pymysql://root@127.0.0.1:3306/"

TEMPLATE = """<h1>Statement</h1>
<p>Customer: {{ customer_name }}</p><p>IBAN: {{ iban }}</p><p>Branch phone: {{ branch_phone }}</p>
<table><thead><tr><th>Booking date</th><th>Text</th><th>Amount</th><th>Category</th></tr></thead>
<tbody>{% for row in rows %}<tr><td>{{ row.booking_date | date }}</td><td>{{ row.memo }}</td>
<td>{{ row.amount | money }}</td><td>{{ row.category_name }}</td></tr>{% endfor %}</tbody></table>
<p>Money out: {{ total_debits | money }}</p><p>Entries: {{ entry_count }}</p>"""

DDL = [
    "CREATE TABLE categories (cat_id INTEGER PRIMARY KEY, category_name VARCHAR(40))",
    "CREATE TABLE accounts (acct_id INTEGER PRIMARY KEY, customer_name VARCHAR(80), "
    "iban VARCHAR(34), ccy CHAR(3))",
    "CREATE TABLE bookings (booking_id INTEGER PRIMARY KEY, acct_id INTEGER REFERENCES "
    "accounts(acct_id), booking_date DATE, memo VARCHAR(200), amount DECIMAL(18,2), "
    "cat_id INTEGER REFERENCES categories(cat_id))",
    "INSERT INTO categories VALUES (1, 'income'), (2, 'rent')",
    "INSERT INTO accounts VALUES (7, 'Ana Lima', 'DE89370400440532013000', 'EUR')",
    "INSERT INTO bookings VALUES (1, 7, '2025-03-03', 'Salary', 3000.00, 1), "
    "(2, 7, '2025-03-04', 'Rent March', -1200.50, 2), (3, 7, '2025-04-01', 'Rent April', "
    "-1200.50, 2)",
]


def _fresh_database(admin_url: str, url_for: str) -> Iterator[str]:
    name = f"nr_contracts_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {name}")
    except sa.exc.OperationalError as exc:
        pytest.skip(f"database server not available: {exc.orig}")
    url = url_for.format(name=name)
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        for stmt in DDL:
            conn.exec_driver_sql(stmt)
    engine.dispose()
    try:
        yield url
    finally:
        with admin.connect() as conn:
            if admin_url.startswith("postgresql"):
                conn.exec_driver_sql(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
                )
            conn.exec_driver_sql(f"DROP DATABASE {name}")
        admin.dispose()


@pytest.fixture(params=["postgres", "mariadb"])
def database_url(request: pytest.FixtureRequest) -> Iterator[str]:
    if request.param == "postgres":
        yield from _fresh_database(PG_ADMIN, "postgresql://postgres@127.0.0.1:5432/{name}")
    else:
        yield from _fresh_database(MY_ADMIN, "mysql+pymysql://root@127.0.0.1:3306/{name}")


def test_discover_map_validate_execute(database_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "bank"
    folder.mkdir()
    (folder / "template.html").write_text(TEMPLATE)
    template = load_template(folder)
    source = SqlAlchemySource(database_url, name="tenant_db")
    schema = source.discover_schema()
    bookings = schema.table("bookings")
    assert bookings.primary_key == ["booking_id"]
    assert {fk.ref_table for fk in bookings.foreign_keys} == {"accounts", "categories"}
    assert bookings.column("amount").kind == "decimal"
    assert bookings.column("booking_date").samples[0].startswith("2025-03")

    contract = propose_contract(template, source, HeuristicMapper())
    assert contract.errors == [], contract.errors
    assert contract.mapping == {
        "customer_name": "accounts.customer_name",
        "iban": "accounts.iban",
        "branch_phone": "UNRESOLVED",
        "row.booking_date": "bookings.booking_date",
        "row.memo": "bookings.memo",
        "row.amount": "bookings.amount",
        "row.category_name": "categories.category_name",
        "total_debits": "bookings.amount",
        "entry_count": "SQL:COUNT(*)",
    }
    assert [j.table for j in contract.row_source.joins] == ["categories"]
    result = execute_contract(
        contract,
        source,
        {"tenant": "t1", "period_start": dt.date(2025, 3, 1), "period_end": dt.date(2025, 3, 31)},
    )
    assert result.scalars["customer_name"] == "Ana Lima"
    assert result.scalars["branch_phone"] is None
    assert [(r["memo"], r["amount"], r["category_name"]) for r in result.rows] == [
        ("Salary", Decimal("3000.00"), "income"),
        ("Rent March", Decimal("-1200.50"), "rent"),
    ]
    assert result.rows[0]["booking_date"] == dt.date(2025, 3, 3)
    assert result.totals == {"total_debits": Decimal("1200.50"), "entry_count": 2}
    source.dispose()


def test_session_is_read_only_even_past_the_sql_check(database_url: str) -> None:
    source = SqlAlchemySource(database_url)
    with pytest.raises(DataSourceError, match="only SELECT"):
        source.query("DELETE FROM bookings", {})
    # bypass our SELECT check: the database itself refuses the write
    with source._engine.connect() as conn, pytest.raises(sa.exc.DBAPIError) as info:
        conn.exec_driver_sql("DELETE FROM bookings")
    assert "read-only" in str(info.value).lower() or "read only" in str(info.value).lower()
    assert source.query("SELECT COUNT(*) AS n FROM bookings", {})[0]["n"] == 3
    source.dispose()


def test_unknown_database_is_a_one_line_error() -> None:
    source = SqlAlchemySource("postgresql://postgres@127.0.0.1:5432/nr_does_not_exist_db")
    with pytest.raises(DataSourceError) as info:
        source.discover_schema()
    assert "\n" not in str(info.value) and "nr_does_not_exist_db" in str(info.value)


PAYROLL_TEMPLATE = """<h1>Payroll journal</h1><p>Printed {{ printed_on | date }}</p>
<table><thead><tr><th>Employee</th><th>Paid</th><th>Gross</th><th>Net pay</th><th>Debit</th></tr></thead>
<tbody>{% for r in rows %}<tr><td>{{ r.employee }}</td><td>{{ r.pay_date | date }}</td><td>{{ r.gross | money }}</td>
<td>{{ r.net_pay | money }}</td><td>{{ r.debit | money }}</td></tr>{% endfor %}</tbody>
<tfoot><tr><td colspan="3">Total</td><td>{{ total_net | money }}</td><td>{{ total_debit | money }}</td></tr></tfoot></table>
<p>Number of debits: {{ debit_count }}</p>"""

PAYROLL_DDL = [
    "CREATE TABLE staff (staff_id INTEGER PRIMARY KEY, first_name VARCHAR(40), last_name VARCHAR(40))",
    "CREATE TABLE pay_lines (line_id INTEGER PRIMARY KEY, staff_id INTEGER REFERENCES "
    "staff(staff_id), pay_date DATE, gross DECIMAL(10,2), income_tax DECIMAL(10,2), "
    "pension_contribution DECIMAL(10,2), dr_cr CHAR(1), amt DECIMAL(10,2))",
    "INSERT INTO staff VALUES (1, 'Ana', 'Lima'), (2, 'Bo', 'Chen')",
    # amt is the bank transfer (net pay less an advance already paid): not the net pay itself
    "INSERT INTO pay_lines VALUES (1, 1, '2025-03-28', 3000.00, 600.00, 150.00, 'D', 2000.00), "
    "(2, 2, '2025-03-28', 2000.00, 300.00, 100.00, 'D', 1600.00), "
    "(3, 2, '2025-03-30', 100.00, 0.00, 0.00, 'C', 100.00)",
]


def test_expressions_and_aggregates_validate_and_run(database_url: str, tmp_path: Path) -> None:
    engine = sa.create_engine(database_url)
    with engine.begin() as conn:
        for stmt in PAYROLL_DDL:
            conn.exec_driver_sql(stmt)
    engine.dispose()
    folder = tmp_path / "payroll"
    folder.mkdir()
    (folder / "template.html").write_text(PAYROLL_TEMPLATE)
    source = SqlAlchemySource(database_url, name="tenant_db")
    contract = propose_contract(load_template(folder), source, HeuristicMapper())
    assert contract.errors == [] and contract.sql_valid, contract.errors
    kinds = {m.token: m.target_kind for m in contract.mappings}
    assert kinds["row.employee"] == kinds["row.net_pay"] == kinds["row.debit"] == "sql"
    assert contract.mapping["printed_on"] == "PARAM:print_date"
    result = execute_contract(
        contract,
        source,
        {"tenant": "t1", "period_start": dt.date(2025, 3, 1), "period_end": dt.date(2025, 3, 31)},
    )
    rows = sorted(result.rows, key=lambda r: (r["pay_date"], r["employee"]))
    assert [(r["employee"], r["net_pay"], r["debit"]) for r in rows] == [
        ("Ana Lima", Decimal("2250.00"), Decimal("2000.00")),
        ("Bo Chen", Decimal("1600.00"), Decimal("1600.00")),
        ("Bo Chen", Decimal("100.00"), None),
    ]
    assert result.totals["total_net"] == Decimal("3950.00")
    assert result.totals["total_debit"] == Decimal("3600.00")
    assert result.totals["debit_count"] == 2
    assert isinstance(result.scalars["printed_on"], dt.date)
    source.dispose()
