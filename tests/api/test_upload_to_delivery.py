"""End to end: a statement sent to the upload API (a real uvicorn) becomes a delivered
report through the running Dagster daemon, and the API reports each step: the statement
read, the month delivered, the report files with their download."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import httpx
import pytest

from tests.api.test_uvicorn import _free_port
from tests.automation.services import PROJECT_ROOT
from tests.automation.test_daemon_end_to_end import _start_daemon, _stop
from tests.exports import builders as b

pytestmark = pytest.mark.e2e
DELIVERY_TIMEOUT = 480


def test_an_upload_becomes_a_delivered_report(tmp_path: Path, monkeypatch):
    home = tmp_path / "home"
    (home / "inbox").mkdir(parents=True)
    dagster_home = tmp_path / "dagster_home"
    dagster_home.mkdir()
    shutil.copy(PROJECT_ROOT / "dagster.yaml", dagster_home / "dagster.yaml")
    library = tmp_path / "templates"
    shutil.copytree(PROJECT_ROOT / "templates", library)
    # the daemon delivers without an analyst: acme releases reports of draft contracts and
    # of months whose payments no category rule knows yet (the sample's four payments)
    (library / "tenants" / "acme").mkdir(parents=True, exist_ok=True)
    (library / "tenants" / "acme" / "review.yaml").write_text(
        "hold_unapproved_contract: false\nmax_uncategorised_share: 1\n"
    )
    env = {
        "NEURAREPORT_HOME": str(home),
        "DAGSTER_HOME": str(dagster_home),
        "NEURAREPORT_ENV": "local",
        "NEURAREPORT_EXECUTOR": "in_process",
        "NEURAREPORT_TEMPLATES_DIR": str(library),
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with dg.DagsterInstance.get() as instance:
        instance.get_runs()  # create the storage before the daemon starts (no init race)
    created = subprocess.run(
        [sys.executable, "-m", "neurareport_assets.cli", "apikey", "create", "--tenant", "acme"],
        env={**os.environ, **env}, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    auth = {"Authorization": f"Bearer {json.loads(created.stdout)['key']}"}
    port = _free_port()
    api = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory",
         "neurareport_resources.api.app:app_factory", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning"],
        cwd=PROJECT_ROOT, env={**os.environ, **env},
    )  # fmt: skip
    log = tmp_path / "daemon.log"
    daemon = _start_daemon(env, log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/openapi.json", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline and api.poll() is None
            time.sleep(0.3)
        data = b.camt053(tmp_path / "march.xml").read_bytes()
        sent = httpx.post(f"{base}/v1/statements", files={"files": ("march.xml", data)},
                          headers=auth, timeout=30)  # fmt: skip
        assert sent.status_code == 201, sent.text
        url = sent.json()["statements"][0]["url"]

        deadline = time.monotonic() + DELIVERY_TIMEOUT
        while True:
            assert daemon.poll() is None, log.read_text(errors="replace")[-3000:]
            assert time.monotonic() < deadline, log.read_text(errors="replace")[-3000:]
            state = httpx.get(f"{base}/v1/periods/2025-03", headers=auth, timeout=30).json()
            assert state["state"] != "held", state["holds"]
            if state["state"] == "delivered":
                break
            time.sleep(5)
        status = httpx.get(f"{base}{url}", headers=auth, timeout=30).json()
        assert status["status"] == "read" and status["period"] == "2025-03"
        assert status["accounts"][0]["closing_balance"] == "3060.55"
        assert state["transactions"] == 4 and state["reports"]["delivered"] >= 1
        reports = httpx.get(f"{base}/v1/reports", params={"period": "2025-03"},
                            headers=auth, timeout=30).json()["reports"]  # fmt: skip
        pdf = next(r for r in reports if r["name"].endswith(".pdf"))
        assert pdf["delivered"]
        download = httpx.get(f"{base}{pdf['download']}", headers=auth, timeout=30)
        assert download.status_code == 200 and download.content.startswith(b"%PDF")
        with dg.DagsterInstance.get() as instance:
            runs = instance.get_runs()
        assert [str(r.tags["dagster/partition"]) for r in runs] == ["2025-03-01|acme"]
    finally:
        _stop(daemon)
        api.terminate()
        api.wait(timeout=20)
