from datetime import date
from decimal import Decimal

import pyarrow as pa
import pytest

from neurareport_resources.ledger import LEDGER_SCHEMA
from neurareport_resources.warehouse import Warehouse, WarehouseError

JAN, FEB = date(2025, 1, 1), date(2025, 2, 1)


def ledger_rows(tenant: str, period: date, n: int, amount: str = "-1.50") -> pa.Table:
    rows = [
        {
            "tenant": tenant,
            "period": period,
            "statement_id": "s" * 64,
            "account_number": "123",
            "currency": "GBP",
            "txn_date": period,
            "description": f"row {i}",
            "amount": Decimal(amount),
            "balance": None,
            "category": "misc",
            "category_rule": "none",
            "page": 1,
            "row_no": i + 1,
            "strategy": "test",
        }
        for i in range(n)
    ]
    return pa.Table.from_pylist(rows, schema=LEDGER_SCHEMA)


def test_rewriting_a_partition_replaces_it(tmp_path):
    wh = Warehouse(str(tmp_path))
    wh.write_partition("transactions", "acme", JAN, ledger_rows("acme", JAN, 5))
    wh.write_partition("transactions", "acme", JAN, ledger_rows("acme", JAN, 3))
    assert wh.read_partition("transactions", "acme", JAN).num_rows == 3
    assert wh.partitions("transactions") == [("acme", "2025-01")]


def test_money_stays_decimal(tmp_path):
    wh = Warehouse(str(tmp_path))
    wh.write_partition("transactions", "acme", JAN, ledger_rows("acme", JAN, 2, "1234567.89"))
    values = wh.read_partition("transactions", "acme", JAN).column("amount").to_pylist()
    assert values == [Decimal("1234567.89")] * 2
    conn = wh.connect_tenant("acme")
    total = conn.execute("SELECT sum(amount) FROM transactions").fetchone()[0]
    assert total == Decimal("2469135.78")


def test_a_tenant_connection_sees_only_that_tenant(tmp_path):
    wh = Warehouse(str(tmp_path))
    wh.write_partition("transactions", "acme", JAN, ledger_rows("acme", JAN, 4))
    wh.write_partition("transactions", "globex", JAN, ledger_rows("globex", JAN, 7))
    conn = wh.connect_tenant("acme")
    assert conn.execute("SELECT DISTINCT tenant FROM transactions").fetchall() == [("acme",)]
    assert conn.execute("SELECT count(*) FROM transactions").fetchone()[0] == 4


def test_period_filter_and_empty_tables(tmp_path):
    wh = Warehouse(str(tmp_path))
    wh.write_partition("transactions", "acme", JAN, ledger_rows("acme", JAN, 4))
    wh.write_partition("transactions", "acme", FEB, ledger_rows("acme", FEB, 2))
    conn = wh.connect_tenant("acme", [FEB])
    assert conn.execute("SELECT count(*) FROM transactions").fetchone()[0] == 2
    # never-written tables are empty views with the right columns
    assert conn.execute("SELECT count(*) FROM statements").fetchone()[0] == 0
    columns = [r[0] for r in conn.execute("DESCRIBE statements").fetchall()]
    assert "closing_balance" in columns


def test_rows_of_another_partition_are_refused(tmp_path):
    wh = Warehouse(str(tmp_path))
    with pytest.raises(WarehouseError, match="other partitions"):
        wh.write_partition("transactions", "acme", JAN, ledger_rows("globex", JAN, 1))
    with pytest.raises(WarehouseError, match="other partitions"):
        wh.write_partition("transactions", "acme", JAN, ledger_rows("acme", FEB, 1))
    assert wh.partitions("transactions") == []


def test_a_failed_write_keeps_the_last_good_copy(tmp_path, monkeypatch):
    wh = Warehouse(str(tmp_path))
    wh.write_partition("transactions", "acme", JAN, ledger_rows("acme", JAN, 5))
    bad = pa.table({"tenant": ["acme"]})  # missing columns
    with pytest.raises(WarehouseError, match="schema"):
        wh.write_partition("transactions", "acme", JAN, bad)
    assert wh.read_partition("transactions", "acme", JAN).num_rows == 5
    leftovers = [p.name for p in tmp_path.rglob("*.tmp")]
    assert leftovers == []


def test_documents_round_trip(tmp_path):
    wh = Warehouse(str(tmp_path))
    wh.write_document("contracts", "acme", JAN, "monthly_account", {"a": 1})
    assert wh.read_document("contracts", "acme", JAN, "monthly_account") == {"a": 1}
    assert wh.documents("contracts", "acme", JAN) == ["monthly_account"]
    assert wh.read_document("contracts", "acme", FEB, "monthly_account") is None
    with pytest.raises(WarehouseError):
        wh.write_document("contracts", "acme", JAN, "../escape", {})


def test_account_filter(tmp_path):
    wh = Warehouse(str(tmp_path))
    table = ledger_rows("acme", JAN, 3)
    other = ledger_rows("acme", JAN, 2).to_pylist()
    for r in other:
        r["account_number"] = "999'x"
    wh.write_partition(
        "transactions",
        "acme",
        JAN,
        pa.concat_tables([table, pa.Table.from_pylist(other, schema=LEDGER_SCHEMA)]),
    )
    conn = wh.connect_tenant("acme", account="999'x")
    assert conn.execute("SELECT count(*) FROM transactions").fetchone()[0] == 2
    assert wh.connect_tenant("acme").execute("SELECT count(*) FROM transactions").fetchone()[0] == 5


def test_rows_set_aside_are_hidden_from_the_ledger_view(tmp_path):
    wh = Warehouse(str(tmp_path))
    wh.write_partition("transactions", "acme", JAN, ledger_rows("acme", JAN, 4))
    conn = wh.connect_tenant("acme", exclude_rows=[("s" * 64, 1, 2), ("s" * 64, 1, 4)])
    rows = conn.execute("SELECT row_no FROM transactions ORDER BY row_no").fetchall()
    assert rows == [(1,), (3,)]


def test_a_tenant_connection_can_read_no_other_file(tmp_path):
    import duckdb

    wh = Warehouse(str(tmp_path))
    wh.write_partition("transactions", "acme", JAN, ledger_rows("acme", JAN, 2))
    wh.write_partition("transactions", "globex", JAN, ledger_rows("globex", JAN, 3))
    other = wh.partition_path("transactions", "globex", JAN)
    conn = wh.connect_tenant("acme")
    assert conn.execute("SELECT count(*) FROM transactions").fetchone()[0] == 2
    for sql in (
        f"SELECT * FROM read_parquet('{other}')",
        "SELECT * FROM read_csv('/etc/passwd')",
        "SET enable_external_access = true",
    ):
        with pytest.raises(duckdb.Error):
            conn.execute(sql)


def test_a_process_that_read_a_partition_exits_cleanly(tmp_path):
    """pyarrow 26 decoding a file object on its thread pool aborted the process at exit about
    one time in three; the CLI's ``export`` died that way after printing its output."""
    import subprocess
    import sys

    wh = Warehouse(str(tmp_path / "wh"))
    wh.write_partition("transactions", "acme", JAN, ledger_rows("acme", JAN, 5))
    script = (
        "from datetime import date\n"
        "from neurareport_resources.warehouse import Warehouse\n"
        f"rows = Warehouse({str(tmp_path / 'wh')!r}).read_partition("
        "'transactions', 'acme', date(2025, 1, 1))\n"
        "print(rows.num_rows)\n"
    )
    runs = [
        subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
        for _ in range(12)
    ]
    assert [(r.returncode, r.stdout.strip(), r.stderr) for r in runs] == [(0, "5", "")] * 12
