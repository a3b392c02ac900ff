"""The warehouse under concurrency: four runs at once, and a run killed with SIGKILL mid-write."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date

import dagster as dg
import pytest
from dagster._core.instance.ref import InstanceRef

from neurareport_resources.warehouse import Warehouse

from .services import (
    PG_HOST,
    PG_PORT,
    PROJECT_ROOT,
    port_open,
    production_instance_home,
    temporary_postgres_database,
)
from .workers import ledger_rows

PARTITIONS = [
    ("acme", "2025-01"),
    ("acme", "2025-02"),
    ("globex", "2025-01"),
    ("globex", "2025-02"),
]


def _child(args: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.automation.workers", *args],
        cwd=PROJECT_ROOT,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


@pytest.mark.services
@pytest.mark.skipif(not port_open(PG_HOST, PG_PORT), reason="PostgreSQL is not running")
def test_four_runs_on_different_partitions_at_once(
    tmp_path, neurareport_home, drop_statement, monkeypatch
):
    truths = {}
    for seed, (tenant, month) in enumerate(PARTITIONS, start=1):
        period = date.fromisoformat(f"{month}-01")
        _, truths[(tenant, month)] = drop_statement(
            tenant, period, folder=month, seed=seed, n_transactions=40
        )
    with temporary_postgres_database() as database:
        env = production_instance_home(tmp_path / "dagster_home", database)
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        with dg.DagsterInstance.from_ref(InstanceRef.from_dir(env["DAGSTER_HOME"])) as instance:
            instance.add_dynamic_partitions("tenant", ["acme", "globex"])
        children = [
            _child(["materialize", str(neurareport_home), tenant, month], env)
            for tenant, month in PARTITIONS
        ]
        outputs = [child.communicate(timeout=240)[0].decode() for child in children]
        codes = [child.returncode for child in children]
        errors = [line for out in outputs for line in out.splitlines() if "Error" in line]
        assert codes == [0, 0, 0, 0], "\n".join(errors[-30:])
        assert not any("lock" in out.lower() and "error" in out.lower() for out in outputs)
        with dg.DagsterInstance.from_ref(InstanceRef.from_dir(env["DAGSTER_HOME"])) as instance:
            runs = instance.get_runs()
            assert len(runs) == 4 and all(r.is_success for r in runs)

    warehouse = Warehouse(str(neurareport_home / "data" / "warehouse"))
    assert warehouse.partitions("transactions") == sorted(PARTITIONS)
    for (tenant, month), truth in truths.items():
        ledger = warehouse.read_partition(
            "transactions", tenant, date.fromisoformat(f"{month}-01")
        ).to_pylist()
        # every row exactly once, in order, of the right tenant: nothing lost or duplicated
        assert [(r["txn_date"], r["amount"], r["balance"]) for r in ledger] == [
            (t.txn_date, t.amount, t.balance) for t in truth.transactions
        ]
        assert {r["tenant"] for r in ledger} == {tenant}
    for tenant in ("acme", "globex"):
        conn = warehouse.connect_tenant(tenant)
        count = conn.execute("SELECT count(*) FROM transactions").fetchone()[0]
        expected = sum(len(t.transactions) for (t_, _), t in truths.items() if t_ == tenant)
        assert count == expected


def test_sigkill_mid_write_keeps_the_previous_partition(tmp_path):
    root = str(tmp_path / "warehouse")
    warehouse = Warehouse(root)
    period = date(2025, 1, 1)
    previous = ledger_rows("acme", period, 2_000, version=1)
    warehouse.write_partition("transactions", "acme", period, previous)

    markers = tmp_path / "markers"
    markers.mkdir()
    # large enough that the write is still going when the kill arrives
    child = _child(["write", root, "acme", "2025-01", "1500000", str(markers)], {})
    deadline = time.monotonic() + 120
    while not (markers / "started").exists():
        assert child.poll() is None, child.communicate()[0].decode()[-2000:]
        assert time.monotonic() < deadline
        time.sleep(0.01)
    time.sleep(0.3)
    os.killpg(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert not (markers / "done").exists(), "the write finished before the kill; raise ROWS"

    # the last good copy is intact and readable; no half file is visible as a partition
    assert warehouse.read_partition("transactions", "acme", period).equals(previous)
    assert warehouse.partitions("transactions") == [("acme", "2025-01")]

    # a re-run produces identical output
    rerun = ledger_rows("acme", period, 2_000, version=1)
    warehouse.write_partition("transactions", "acme", period, rerun)
    assert warehouse.read_partition("transactions", "acme", period).equals(previous)
