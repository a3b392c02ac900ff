"""The neurareport command line: stable JSON, one-line errors, refusals before any write."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

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
