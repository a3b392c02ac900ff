"""Finding 10 (DuckDB): the connection tenant SQL runs on can read its views and write nothing.

The tenant's rows reach DuckDB as Arrow sources, so the connection has no file system:
no ``COPY … TO`` (not even inside the tenant's own folder), no ``ATTACH`` of a file, no
reading another path.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from neurareport_resources.warehouse import TABLE_SCHEMAS, Warehouse

PERIOD = date(2025, 3, 1)


@pytest.fixture
def warehouse(tmp_path) -> Warehouse:
    wh = Warehouse(str(tmp_path / "warehouse"))
    schema = TABLE_SCHEMAS["transactions"]
    row = {
        "tenant": "acme",
        "period": PERIOD,
        "statement_id": "s" * 64,
        "account_number": "1234",
        "currency": "EUR",
        "txn_date": date(2025, 3, 4),
        "description": "RENT",
        "amount": pa.scalar(-950, pa.decimal128(18, 2)).as_py(),
        "balance": None,
        "category": "housing",
        "page": 1,
        "row_no": 1,
        "strategy": "words",
    }
    wh.write_partition(
        "transactions",
        "acme",
        PERIOD,
        pa.Table.from_pylist([{k: row.get(k) for k in schema.names}], schema=schema),
    )
    return wh


def test_the_tenant_connection_reads_its_views(warehouse):
    conn = warehouse.connect_tenant("acme")
    assert conn.execute("SELECT description FROM transactions").fetchall() == [("RENT",)]


@pytest.mark.parametrize(
    "statement",
    [
        "COPY (SELECT * FROM transactions) TO '{tenant_folder}/stolen.csv'",
        "COPY (SELECT * FROM transactions) TO '{root}/elsewhere.parquet' (FORMAT parquet)",
        "ATTACH '{tenant_folder}/db.duckdb' AS attached",
        "SELECT * FROM read_parquet('{root}/transactions/*/*/part.parquet')",
        "SELECT * FROM read_csv('/etc/passwd')",
        "SET enable_external_access = true",
    ],
)
def test_no_file_is_written_attached_or_read_outside_the_views(warehouse, statement):
    root = warehouse.root
    tenant_folder = f"{root}/transactions/tenant=acme"
    conn = warehouse.connect_tenant("acme")
    with pytest.raises(duckdb.Error):
        conn.execute(statement.format(root=root, tenant_folder=tenant_folder))
    files = {p.name for p in Path(root).rglob("*") if p.is_file()}
    assert files == {"part.parquet"}


def test_connections_share_nothing_but_the_tenant_s_confined_database(warehouse):
    """A tenant connection is a cursor on a database kept per tenant and process: views and
    registered rows are the connection's own, another tenant never has the same database,
    and whatever a connection left in the database's catalog costs the tenant a fresh one."""
    from neurareport_resources.warehouse import store

    march = warehouse.connect_tenant("acme", [PERIOD])
    april = warehouse.connect_tenant("acme", [date(2025, 4, 1)])
    assert march.execute("SELECT count(*) FROM transactions").fetchone() == (1,)
    assert april.execute("SELECT count(*) FROM transactions").fetchone() == (0,)
    march.execute("CREATE TEMP VIEW only_here AS SELECT 1")
    with pytest.raises(duckdb.CatalogException):
        april.execute("SELECT * FROM only_here")
    globex = warehouse.connect_tenant("globex")
    assert globex.execute("SELECT count(*) FROM transactions").fetchone() == (0,)
    assert store._tenant_databases["acme"] is not store._tenant_databases["globex"]
    # the database's own catalog: a leftover there is never handed to the next connection
    database = store._tenant_databases["acme"]
    april.execute("CREATE TABLE memory.main.leftover AS SELECT 1 AS x")
    fresh = warehouse.connect_tenant("acme", [PERIOD])
    assert store._tenant_databases["acme"] is not database
    with pytest.raises(duckdb.CatalogException):
        fresh.execute("SELECT * FROM leftover")
    # ...and it is as confined as the first one
    with pytest.raises(duckdb.Error):
        fresh.execute("SET lock_configuration = false")
    for conn in (march, april, globex, fresh):
        conn.close()
