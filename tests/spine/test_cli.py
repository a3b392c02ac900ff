"""The neurareport command line: stable JSON, one-line errors, refusals before any write."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pytest

from neurareport_resources.ledger import LEDGER_SCHEMA
from neurareport_resources.warehouse import Warehouse

from .conftest import PERIOD


def run_cli(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NEURAREPORT_HOME": str(home), "NEURAREPORT_ENV": "local"}
    return subprocess.run(
        [sys.executable, "-m", "neurareport_assets.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_extract_json_is_the_stable_interface(statement, neurareport_home):
    path, truth = statement
    done = run_cli("extract", str(path), "--format", "json", home=neurareport_home)
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    for field in (
        "account_number",
        "currency",
        "period_start",
        "period_end",
        "opening_balance",
        "closing_balance",
        "transactions",
        "pages",
    ):
        assert field in payload
    assert payload["account_number"] == truth.account_number
    assert payload["opening_balance"] == str(truth.opening_balance)
    assert payload["closing_balance"] == str(truth.closing_balance)
    first = payload["transactions"][0]
    assert set(first) >= {"date", "description", "amount", "balance"}
    assert first["date"] == truth.transactions[0].txn_date.isoformat()
    assert first["amount"] == str(truth.transactions[0].amount)


def test_extract_csv(statement, neurareport_home):
    path, truth = statement
    done = run_cli("extract", str(path), "--format", "csv", home=neurareport_home)
    assert done.returncode == 0
    lines = done.stdout.strip().splitlines()
    assert lines[0].startswith("date,description,amount,balance")
    assert len(lines) == len(truth.transactions) + 1


def test_extract_a_statement_that_needs_review(tmp_path, neurareport_home):
    """Read, printed with its status and reasons, exit 0; ``--strict`` exits 3."""
    from tests.extraction.test_strategies import unsettled_pdf

    path = tmp_path / "unsettled.pdf"
    unsettled_pdf(path)
    done = run_cli("extract", str(path), home=neurareport_home)
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["status"] == "needs_review"
    assert payload["review"][0]["page"] == 1 and payload["review"][0]["code"]
    strict = run_cli("extract", str(path), "--strict", home=neurareport_home)
    assert strict.returncode == 3
    assert json.loads(strict.stdout)["status"] == "needs_review"
    assert "unsettled.pdf: needs review" in strict.stderr


def test_extract_strict_is_quiet_on_a_settled_statement(statement, neurareport_home):
    path, _ = statement
    done = run_cli("extract", str(path), "--strict", home=neurareport_home)
    assert done.returncode == 0 and json.loads(done.stdout)["status"] == "ok"


@pytest.mark.parametrize("content", [b"hello, not a pdf", b"", b"%PDF-1.7\n1 0 obj <<"])
def test_extract_refuses_unreadable_files_in_one_line(tmp_path, neurareport_home, content):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(content)
    done = run_cli("extract", str(bad), home=neurareport_home)
    assert done.returncode != 0
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "bad.pdf" in lines[0]


def test_upload_places_files_by_period_and_refuses_bad_tenants(
    statement, neurareport_home, tmp_path
):
    path, _ = statement
    copy = tmp_path / "upload.pdf"
    copy.write_bytes(path.read_bytes())
    done = run_cli("upload", "--tenant", "globex", str(copy), home=neurareport_home)
    assert done.returncode == 0, done.stderr
    placed = json.loads(done.stdout)["uploaded"][0]
    assert placed["period"] == f"{PERIOD:%Y-%m}"  # read from the statement header
    assert (neurareport_home / "inbox" / "globex" / "2025-01" / "upload.pdf").exists()

    for tenant in ("../x", "ACME", "a b", "acme|2024"):
        refused = run_cli("upload", "--tenant", tenant, str(copy), home=neurareport_home)
        assert refused.returncode == 2 and "invalid tenant key" in refused.stderr
    assert sorted(p.name for p in (neurareport_home / "inbox").iterdir()) == ["acme", "globex"]


def test_upload_reports_a_bad_file_and_keeps_the_good_one(statement, neurareport_home, tmp_path):
    path, _ = statement
    bad = tmp_path / "scan.pdf"
    bad.write_text("not a pdf")
    done = run_cli("upload", "--tenant", "initech", str(bad), str(path), home=neurareport_home)
    assert done.returncode == 1
    assert "scan.pdf" in done.stderr
    assert len(json.loads(done.stdout)["uploaded"]) == 1


def test_export_before_materializing_says_what_to_do(neurareport_home):
    done = run_cli("export", "--tenant", "acme", "--period", "2025-01", home=neurareport_home)
    assert done.returncode == 1 and "materialize" in done.stderr


def test_export_csv_neutralises_formula_like_text(neurareport_home):
    # a statement line a spreadsheet would run as a formula when the CSV is opened
    descriptions = ['=HYPERLINK("http://evil.example","pay")', "+1-2", "@SUM(A1:A9)", "Coffee"]
    rows = [
        {
            "tenant": "acme",
            "period": PERIOD,
            "statement_id": "s" * 64,
            "account_number": "123",
            "currency": "GBP",
            "txn_date": PERIOD,
            "description": text,
            "amount": Decimal("-12.50"),
            "balance": None,
            "category": "-misc",
            "category_rule": "none",
            "page": 1,
            "row_no": i + 1,
            "strategy": "test",
        }
        for i, text in enumerate(descriptions)
    ]
    warehouse = Warehouse(str(neurareport_home / "data" / "warehouse"))
    warehouse.write_partition(
        "transactions", "acme", PERIOD, pa.Table.from_pylist(rows, schema=LEDGER_SCHEMA)
    )
    done = run_cli(
        "export", "--tenant", "acme", "--period", "2025-01", "--format", "csv",
        home=neurareport_home,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    exported = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [r["description"] for r in exported] == [
        '\'=HYPERLINK("http://evil.example","pay")',
        "'+1-2",
        "'@SUM(A1:A9)",
        "Coffee",
    ]
    assert {r["category"] for r in exported} == {"'-misc"}
    # numbers stay numbers: a negative amount is not text to neutralise
    assert {r["amount"] for r in exported} == {"-12.50"}
    assert {r["txn_date"] for r in exported} == {"2025-01-01"}
