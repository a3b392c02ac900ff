"""Bank exports in a tenant's inbox become ledger rows that pass the same checks as a PDF's;
a malformed export is quarantined with its reason and the others go on."""

from __future__ import annotations

import json
import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import dagster as dg

from neurareport_assets.defs.automation.sensors import inbox_sensor
from neurareport_assets.defs.extraction.assets import extracted_tables
from neurareport_assets.defs.intake.assets import statement_files
from neurareport_assets.defs.ledger.assets import transactions
from neurareport_assets.partitions import tenant_period
from neurareport_resources.settings import local_resources
from neurareport_resources.warehouse import Warehouse
from tests.exports import builders as b

TENANT = "acme"
PERIOD = date(2025, 3, 1)


def _inbox(home: Path) -> Path:
    folder = home / "inbox" / TENANT
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_exports_become_a_reconciled_ledger(neurareport_home: Path):
    inbox = _inbox(neurareport_home)
    # no YYYY-MM folder: each file's month comes from its own header
    b.camt053(inbox / "camt.xml")
    # one account per file: the same entries in two files of one account are duplicates
    b.mt940(inbox / "swift.sta", iban="DE02120300000000202051")
    b.ofx(inbox / "bank.ofx", card=True)
    b.csv_german(inbox / "umsaetze.csv", iban="DE02500105170137075030")
    broken = b.camt053(inbox / "broken.xml")
    broken.write_bytes(broken.read_bytes()[:700])
    resources = local_resources(neurareport_home)
    partition = tenant_period(TENANT, PERIOD)
    with dg.DagsterInstance.ephemeral() as instance:
        instance.add_dynamic_partitions("tenant", [TENANT])
        result = dg.materialize(
            [statement_files, extracted_tables, transactions],
            resources=resources,
            partition_key=partition.partition_key,
            instance=instance,
        )
    assert result.success
    checks = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert checks == {
        "running_balance_continuous": True,
        "opening_plus_net_equals_closing": True,
        "no_duplicate_rows": True,
        "dates_inside_period": True,
    }
    warehouse = Warehouse(str(neurareport_home / "data" / "warehouse"))
    files = warehouse.read_partition("statement_files", TENANT, PERIOD).to_pylist()
    assert sorted(f["file_name"] for f in files) == [
        "bank.ofx",
        "camt.xml",
        "swift.sta",
        "umsaetze.csv",
    ]
    ledger = warehouse.read_partition("transactions", TENANT, PERIOD).to_pylist()
    assert len(ledger) == 16
    by_strategy: dict[str, Decimal] = {}
    for row in ledger:
        by_strategy[row["strategy"]] = by_strategy.get(row["strategy"], Decimal(0)) + row["amount"]
    assert by_strategy == {s: Decimal("2060.55") for s in ("camt053", "mt940", "ofx", "csv")}
    statements = warehouse.read_partition("statements", TENANT, PERIOD).to_pylist()
    assert {s["closing_balance"] for s in statements} == {Decimal("3060.55"), Decimal("1560.55")}
    assert not any(s["needs_review"] for s in statements)
    quarantined = list((neurareport_home / "quarantine" / TENANT).glob("broken.xml*"))
    reason = (neurareport_home / "quarantine" / TENANT / "broken.xml.reason.txt").read_text()
    assert len(quarantined) == 2 and reason.startswith("broken.xml: not well-formed XML")


def test_inbox_sensor_requests_a_run_for_an_export(neurareport_home: Path):
    path = b.mt940(_inbox(neurareport_home) / "swift.sta")
    settled = path.stat().st_mtime - 120
    os.utime(path, (settled, settled))
    resources = local_resources(neurareport_home)
    with dg.DagsterInstance.ephemeral() as instance:
        context = dg.build_sensor_context(
            instance=instance,
            resources={
                k: resources[k] for k in ("statement_store", "warehouse", "extraction", "notifier")
            },
        )
        result = inbox_sensor(context)
    assert [str(r.partition_key) for r in result.run_requests] == [f"{PERIOD}|{TENANT}"]


def test_cli_extracts_and_uploads_exports(neurareport_home: Path, tmp_path: Path):
    from tests.spine.test_cli import run_cli

    good = b.camt053(tmp_path / "camt.xml")
    done = run_cli("extract", str(good), home=neurareport_home)
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["closing_balance"] == "3060.55" and payload["status"] == "ok"
    assert [t["amount"] for t in payload["transactions"]] == [
        "-1250.00",
        "3400.55",
        "-89.99",
        "-0.01",
    ]

    bad = tmp_path / "cut.xml"
    bad.write_bytes(good.read_bytes()[:800])
    done = run_cli("upload", "--tenant", "acme", str(bad), str(good), home=neurareport_home)
    assert done.returncode == 1 and "cut.xml: not well-formed XML" in done.stderr
    assert json.loads(done.stdout)["uploaded"][0]["period"] == "2025-03"  # from the file
    assert (neurareport_home / "inbox" / "acme" / "2025-03" / "camt.xml").exists()
