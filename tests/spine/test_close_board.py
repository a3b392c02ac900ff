"""The close board: every expected tenant-month and where it stands — received, needs review,
does not reconcile, held, approved, delivered — from the CLI, the UI asset and an HTML page
(loaded in headless Chromium)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date

import dagster as dg
import pyarrow as pa
import pytest

from neurareport_assets.board import close_board, tenant_first_period
from neurareport_assets.cli import main
from neurareport_assets.defs.review.assets import close_board_asset
from neurareport_assets.holds import decide
from neurareport_assets.partitions import tenant_period
from neurareport_resources.samples import generate_statement, random_statement_spec
from neurareport_resources.warehouse import Warehouse

from .conftest import PERIOD, TENANT
from .test_pipeline import ALL_ASSETS

MARCH = date(2025, 3, 1)
TODAY = date(2025, 3, 20)


def _run(resources, instance, tenant, month, selection=None):
    result = dg.materialize(
        ALL_ASSETS,
        selection=selection,
        resources=resources,
        partition_key=str(tenant_period(tenant, month).partition_key),
        instance=instance,
    )
    assert result.success
    return result


def _statement(home, tenant, month, seed):
    path = home / "inbox" / tenant / month.strftime("%Y-%m") / f"{tenant}-{seed}.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    generate_statement(random_statement_spec("ruled_basic", seed=seed, period_start=month), path)


def _board(home, resources):
    wh = Warehouse(str(home / "data" / "warehouse"))
    rows = close_board(wh, today=TODAY)
    return {(r.tenant, r.period_key): r for r in rows}


@pytest.fixture
def months(resources, instance, statement, neurareport_home):
    """acme: January through the pipeline, March received; globex: January, one line lost."""
    instance.add_dynamic_partitions("tenant", ["globex"])
    _run(resources, instance, TENANT, PERIOD)
    _statement(neurareport_home, TENANT, MARCH, seed=11)
    _run(resources, instance, TENANT, MARCH, ["statement_files"])
    _statement(neurareport_home, "globex", PERIOD, seed=3)
    _run(resources, instance, "globex", PERIOD, ["statement_files", "extracted_tables"])
    wh = Warehouse(str(neurareport_home / "data" / "warehouse"))
    rows = wh.read_partition("extracted_rows", "globex", PERIOD)
    wh.write_partition(
        "extracted_rows", "globex", PERIOD, pa.concat_tables([rows.slice(0, 2), rows.slice(3)])
    )
    _run(resources, instance, "globex", PERIOD, ["transactions"])
    return wh


def test_the_board_shows_each_state(
    months, resources, instance, neurareport_home, monkeypatch, capsys, tmp_path
):
    board = _board(neurareport_home, resources)
    # months run from each tenant's first statement to the last full month (the running
    # month too when its statement came early); nothing before is expected
    assert sorted(board) == [
        ("acme", "2025-01"),
        ("acme", "2025-02"),
        ("acme", "2025-03"),
        ("globex", "2025-01"),
        ("globex", "2025-02"),
    ]
    january = board[("acme", "2025-01")]
    assert january.state == "held" and january.reconciled is True
    assert january.statements == 1 and january.pages >= 1 and sum(january.strategies.values())
    (report,) = january.reports
    assert report.contract == "draft" and report.release == "held" and not report.delivered
    assert board[("acme", "2025-02")].state == "missing statement"
    assert board[("acme", "2025-03")].state == "received"
    globex = board[("globex", "2025-01")]
    assert globex.state == "does not reconcile" and globex.reconciled is False
    assert globex.off_by != 0 and globex.exceptions >= 1
    _check_cli(neurareport_home, monkeypatch, capsys)
    if shutil.which("chromium"):  # Debian's chromium package
        _check_page_in_chromium(resources, instance, neurareport_home, tmp_path)

    # extraction could not settle March's statement
    _run(resources, instance, TENANT, MARCH, ["extracted_tables", "transactions"])
    statements = months.read_partition("statements", TENANT, MARCH)
    flags = pa.array([True] * statements.num_rows)
    index = statements.schema.get_field_index("needs_review")
    months.write_partition(
        "statements", TENANT, MARCH, statements.set_column(index, "needs_review", flags)
    )
    assert _board(neurareport_home, resources)[("acme", "2025-03")].state == "needs review"

    # approved, then delivered
    decide(
        months,
        resources["report_store"].get_store(),
        tenant=TENANT,
        period=PERIOD,
        template="monthly_account",
        decision="approved",
        reviewer="ana",
        note="mapping read",
    )
    assert _board(neurareport_home, resources)[("acme", "2025-01")].state == "approved"
    delivered = _run(resources, instance, TENANT, PERIOD, ["delivered_reports"])
    assert _board(neurareport_home, resources)[("acme", "2025-01")].state == "delivered"
    line = delivered.asset_materializations_for_node("delivered_reports")[0].metadata
    assert "delivered" in line["close_board"].value  # the partition's own board line


def _check_cli(neurareport_home, monkeypatch, capsys):
    monkeypatch.setenv("NEURAREPORT_HOME", str(neurareport_home))
    monkeypatch.setenv("NEURAREPORT_ENV", "local")
    assert main(["board", "--period", "2025-01", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["tenant"], r["state"]) for r in rows] == [
        ("globex", "does not reconcile"),
        ("acme", "held"),
    ]
    assert rows[1]["reports"][0]["reasons"][0].startswith("contract_not_approved")
    assert main(["status", "--tenant", "acme", "--period", "2025-01"]) == 0
    text = capsys.readouterr().out
    assert "held" in text and "globex" not in text and text.splitlines()[0].startswith("tenant")
    assert main(["board", "--period", "2025-13"]) == 2
    assert "YYYY-MM" in capsys.readouterr().err


def test_a_tenant_start_is_configured_or_its_first_statement(tmp_path):
    path = tmp_path / "tenant.yaml"
    assert tenant_first_period(path) is None
    path.write_text("first_period: 2024-11\n")
    assert tenant_first_period(path) == date(2024, 11, 1)
    path.write_text("first_period: November\n")
    with pytest.raises(ValueError, match=r"tenant\.yaml: first_period"):
        tenant_first_period(path)


def _check_page_in_chromium(resources, instance, neurareport_home, tmp_path):
    result = dg.materialize([close_board_asset], resources=resources, instance=instance)
    assert result.success
    metadata = result.asset_materializations_for_node("close_board")[0].metadata
    assert metadata["held"].value == 1 and "| acme | 2025-01 | held" in metadata["board"].value
    page = neurareport_home / "reports" / TENANT / "close-board.html"
    assert metadata[f"page: {TENANT}"].value == str(page)
    done = subprocess.run(
        [
            "chromium",
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=90,
        check=True,
    )
    # no console message of the page's (errors, CSP violations) and the held row is shown
    assert not re.findall(r"CONSOLE\(\d+\)|Refused to|Uncaught", done.stderr), done.stderr[-800:]
    held = "".join(re.findall(r"<tr[^>]*data-state=\"held\"[^>]*>(.*?)</tr>", done.stdout, re.S))
    assert "2025-01" in held and "contract_not_approved" in held
    assert 'data-state="missing statement"' in done.stdout


def test_the_first_period_is_configurable_and_checked():
    from neurareport_assets.partitions import DEFAULT_FIRST_PERIOD, first_period

    assert first_period({}) == f"{DEFAULT_FIRST_PERIOD}-01"
    assert first_period({"NEURAREPORT_FIRST_PERIOD": "2025-06"}) == "2025-06-01"
    with pytest.raises(ValueError, match="NEURAREPORT_FIRST_PERIOD='June': use YYYY-MM"):
        first_period({"NEURAREPORT_FIRST_PERIOD": "June"})
