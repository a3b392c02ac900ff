"""One partition through every asset with dg.materialize: the ledger and the files are real."""

from __future__ import annotations

import re

import dagster as dg
import openpyxl
import pypdf

from neurareport_assets.defs.contracts.assets import report_contracts
from neurareport_assets.defs.delivery.assets import delivered_reports
from neurareport_assets.defs.extraction.assets import extracted_tables
from neurareport_assets.defs.intake.assets import statement_files
from neurareport_assets.defs.ledger.assets import transactions
from neurareport_assets.defs.reports.assets import rendered_reports
from neurareport_assets.partitions import tenant_period
from neurareport_resources.warehouse import Warehouse

from .conftest import PERIOD, TENANT

ALL_ASSETS = [
    statement_files,
    extracted_tables,
    transactions,
    report_contracts,
    rendered_reports,
    delivered_reports,
]
PARTITION = tenant_period(TENANT, PERIOD)


def materialize_all(resources, instance):
    return dg.materialize(
        ALL_ASSETS, resources=resources, partition_key=PARTITION.partition_key, instance=instance
    )


def approve_and_deliver(resources, instance, home):
    """The built-in template's contract is a draft, so its report is held: an analyst
    approves it, then delivery sends it."""
    from neurareport_assets.holds import decide

    decide(
        Warehouse(str(home / "data" / "warehouse")),
        resources["report_store"].get_store(),
        tenant=TENANT,
        period=PERIOD,
        template="monthly_account",
        decision="approved",
        reviewer="tester",
        note="read it",
    )
    return dg.materialize(
        ALL_ASSETS,
        resources=resources,
        partition_key=PARTITION.partition_key,
        instance=instance,
        selection=[delivered_reports],
    )


def test_one_partition_end_to_end(resources, instance, statement, neurareport_home):
    _, truth = statement
    result = materialize_all(resources, instance)
    assert result.success

    warehouse = Warehouse(str(neurareport_home / "data" / "warehouse"))
    ledger = warehouse.read_partition("transactions", TENANT, PERIOD).to_pylist()
    assert [(r["txn_date"], r["amount"], r["balance"]) for r in ledger] == [
        (t.txn_date, t.amount, t.balance) for t in truth.transactions
    ]
    assert all(r["category"] and r["page"] >= 1 and r["strategy"] for r in ledger)
    assert {r["account_number"] for r in ledger} == {truth.account_number}

    checks = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert checks["running_balance_continuous"] and checks["opening_plus_net_equals_closing"]
    assert checks["no_duplicate_rows"] and checks["dates_inside_period"]
    assert checks["contract_coverage"] and checks["contract_sql_valid"]

    folder = neurareport_home / "reports" / TENANT / "2025-01" / "monthly_account"
    pdfs = sorted(folder.rglob("*.pdf"))
    assert len(pdfs) == 1
    reader = pypdf.PdfReader(pdfs[0])
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) >= 2
    assert truth.account_number in text and "Acme Trading Ltd" in text
    workbook = openpyxl.load_workbook(next(folder.rglob("*.xlsx")), read_only=True)
    assert "Transactions" in workbook.sheetnames
    assert pdfs[0].with_suffix(".csv").exists()
    html = pdfs[0].with_suffix(".html").read_text()
    assert "<style" in html and "stylesheet" not in html  # standalone: the CSS travels inside
    # the ledger table holds every transaction (the contract mapped the row tokens)
    ledger_table = html.split('class="ledger-table"')[1].split("</table>")[0]
    assert ledger_table.count("<tr") == 1 + len(truth.transactions)

    metadata = result.asset_materializations_for_node("rendered_reports")[0].metadata
    assert metadata["files"].value == 4
    # a link to every rendered format, and money as an analyst reads it
    assert {k.split(":")[0] for k in metadata if ": " in k} >= {"pdf", "html", "xlsx", "csv"}
    ledger_metadata = result.asset_materializations_for_node("transactions")[0].metadata
    money_in = ledger_metadata["money_in"].value
    assert re.fullmatch(
        r"(£|€|\$|[A-Z]{2,3}\u00a0)?\d{1,3}(,\d{3})*\.\d{2}(\u00a0\S+)?", money_in
    ), money_in

    held = result.asset_materializations_for_node("delivered_reports")[0].metadata
    assert held["sent"].value == 0 and held["held"].value == 1  # draft contract: held
    delivery = approve_and_deliver(resources, instance, neurareport_home)
    outbox = neurareport_home / "outbox" / TENANT
    assert sorted(p.suffix for p in outbox.iterdir()) == [".csv", ".pdf", ".xlsx"]
    delivered = delivery.asset_materializations_for_node("delivered_reports")[0].metadata
    assert delivered["sent"].value == 3 and delivered["failed"].value == 0


def test_rematerializing_replaces_and_reproduces(resources, instance, statement, neurareport_home):
    assert materialize_all(resources, instance).success
    assert approve_and_deliver(resources, instance, neurareport_home).success
    warehouse = Warehouse(str(neurareport_home / "data" / "warehouse"))
    first = warehouse.read_partition("transactions", TENANT, PERIOD)
    again = materialize_all(resources, instance)
    assert again.success
    second = warehouse.read_partition("transactions", TENANT, PERIOD)
    assert first.equals(second)
    # the same files (so the same approval) are not sent twice to the same destination
    delivered = again.asset_materializations_for_node("delivered_reports")[0].metadata
    assert delivered["sent"].value == 0 and delivered["already_sent"].value == 3


def test_bad_files_are_quarantined_and_stop_nothing(
    resources, instance, statement, neurareport_home
):
    _, truth = statement
    folder = neurareport_home / "inbox" / TENANT / "2025-01"
    (folder / "notes.pdf").write_text("this is not a statement")
    (folder / "empty.pdf").write_bytes(b"")
    result = materialize_all(resources, instance)
    assert result.success

    warehouse = Warehouse(str(neurareport_home / "data" / "warehouse"))
    assert warehouse.read_partition("transactions", TENANT, PERIOD).num_rows == len(
        truth.transactions
    )
    quarantine = neurareport_home / "quarantine" / TENANT
    reasons = {p.name: p.read_text() for p in quarantine.glob("*.reason.txt")}
    assert set(reasons) == {"notes.pdf.reason.txt", "empty.pdf.reason.txt"}
    assert all(name.split(".reason")[0] in text for name, text in reasons.items())
    assert (quarantine / "notes.pdf").read_text() == "this is not a statement"  # moved, not lost
    metadata = result.asset_materializations_for_node("statement_files")[0].metadata
    assert metadata["quarantined"].value == 2
    assert metadata["files"].value == 1


def test_other_tenants_and_periods_are_untouched(resources, instance, statement, neurareport_home):
    from neurareport_resources.samples import generate_statement, random_statement_spec

    other = neurareport_home / "inbox" / "globex" / "2025-01" / "g.pdf"
    other.parent.mkdir(parents=True)
    generate_statement(random_statement_spec("ruled_basic", seed=3, period_start=PERIOD), other)
    assert materialize_all(resources, instance).success
    warehouse = Warehouse(str(neurareport_home / "data" / "warehouse"))
    assert warehouse.partitions("transactions") == [(TENANT, "2025-01")]
    ledger = warehouse.read_partition("transactions", TENANT, PERIOD).to_pylist()
    assert {r["tenant"] for r in ledger} == {TENANT}


def test_a_refusing_smtp_server_fails_the_delivery_check_only(
    resources, instance, statement, neurareport_home
):
    import socket

    from neurareport_resources.resources import NotifierResource

    with socket.socket() as probe:  # a port nobody listens on: the connection is refused
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    resources = {
        **resources,
        "notifier": NotifierResource(
            outbox_root=str(neurareport_home / "outbox"),
            smtp_host="127.0.0.1",
            smtp_port=closed_port,
            smtp_starttls=False,
            tenant_recipients='{"acme": "finance@acme.example"}',
            retries=1,
            backoff_seconds=0,
        ),
    }
    assert materialize_all(resources, instance).success
    result = approve_and_deliver(resources, instance, neurareport_home)
    assert result.success
    checks = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert checks["delivery_succeeded"] is False
    delivered = result.asset_materializations_for_node("delivered_reports")[0].metadata
    assert delivered["sent"].value == 3  # the outbox still got every file
    assert delivered["failed"].value == 3
    assert (
        "refused" in delivered["deliveries"].value.lower()
        or "connect" in delivered["deliveries"].value.lower()
    )
