"""End to end with the real daemon: files dropped in the inbox come out as reports.

A daemon, a code server and real runs: about four minutes for both tests, part of
``make test`` because nothing else proves the sensors and automation act on their own.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import dagster as dg
import pytest

from neurareport_assets.defs.automation.sensors import TENANT_TAG
from neurareport_resources.samples import generate_statement, random_statement_spec
from neurareport_resources.storage import StatementStore

from .services import PROJECT_ROOT

# the end-to-end tier: make test-e2e
pytestmark = pytest.mark.e2e

REPORTS_TIMEOUT = 420
RESTART_OBSERVATION = 40


def _start_daemon(env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(Path(sys.executable).parent / "dagster-daemon"),
            "run",
            "-w",
            str(PROJECT_ROOT / "workspace.yaml"),
        ],
        cwd=PROJECT_ROOT,
        env={**os.environ, **env},
        stdout=open(log, "ab"),  # closed when the daemon process group is killed
        stderr=subprocess.STDOUT,
        start_new_session=True,  # ignores SIGTERM/SIGINT in the background: kill the group
    )


def _stop(daemon: subprocess.Popen) -> None:
    os.killpg(daemon.pid, signal.SIGKILL)
    daemon.wait(timeout=30)


def _pdfs(home: Path, tenant: str, month: str) -> list[Path]:
    return sorted((home / "reports" / tenant / month).rglob("*.pdf"))


def test_files_dropped_in_the_inbox_become_reports(tmp_path, monkeypatch):
    home = tmp_path / "home"
    dagster_home = tmp_path / "dagster_home"
    dagster_home.mkdir()
    shutil.copy(PROJECT_ROOT / "dagster.yaml", dagster_home / "dagster.yaml")
    env = {
        "NEURAREPORT_HOME": str(home),
        "DAGSTER_HOME": str(dagster_home),
        "NEURAREPORT_ENV": "local",
        "NEURAREPORT_EXECUTOR": "in_process",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with dg.DagsterInstance.get() as instance:
        instance.get_runs()  # create the storage before the daemon starts (no init race)

    store = StatementStore(str(home / "inbox"), str(home / "quarantine"))
    sources = tmp_path / "uploads"
    sources.mkdir()
    acme = sources / "acme-january.pdf"
    generate_statement(
        random_statement_spec("ruled_basic", seed=11, period_start=date(2025, 1, 1)), acme
    )
    globex = sources / "globex.pdf"  # no folder: the header says March
    generate_statement(
        random_statement_spec("ruled_basic", seed=12, period_start=date(2025, 3, 1)), globex
    )
    broken = sources / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7 this upload was cut off")

    log = tmp_path / "daemon.log"
    daemon = _start_daemon(env, log)
    try:
        store.put("acme", acme, period="2025-01")
        store.put("globex", globex)
        store.put("globex", broken)

        deadline = time.monotonic() + REPORTS_TIMEOUT
        while not (_pdfs(home, "acme", "2025-01") and _pdfs(home, "globex", "2025-03")):
            assert daemon.poll() is None, log.read_text(errors="replace")[-3000:]
            assert time.monotonic() < deadline, log.read_text(errors="replace")[-3000:]
            time.sleep(3)
        with dg.DagsterInstance.get() as instance:
            while any(not r.is_finished for r in instance.get_runs()):
                assert time.monotonic() < deadline
                time.sleep(2)
            runs = instance.get_runs()
            assert sorted(instance.get_dynamic_partitions("tenant")) == ["acme", "globex"]
        assert sorted(str(r.tags["dagster/partition"]) for r in runs) == [
            "2025-01-01|acme",
            "2025-03-01|globex",
        ]
        assert all(r.is_success for r in runs)
        assert {r.tags[TENANT_TAG] for r in runs} == {"acme", "globex"}
        assert [Path(p).name for p, _ in store.quarantined("globex")] == ["broken.pdf"]

        # restart the daemon: the sensor's cursor survives, nothing is launched again
        _stop(daemon)
        daemon = _start_daemon(env, log)
        time.sleep(RESTART_OBSERVATION)
        with dg.DagsterInstance.get() as instance:
            assert len(instance.get_runs()) == len(runs)
    finally:
        _stop(daemon)


def _previous_month(today: date) -> date:
    return date(today.year - 1, 12, 1) if today.month == 1 else date(today.year, today.month - 1, 1)


def test_an_edited_template_is_rerendered_and_resent_by_the_daemon(tmp_path, monkeypatch):
    """The reporting period's reports follow a template edit, with no one launching a run."""
    home = tmp_path / "home"
    dagster_home = tmp_path / "dagster_home"
    dagster_home.mkdir()
    shutil.copy(PROJECT_ROOT / "dagster.yaml", dagster_home / "dagster.yaml")
    library = tmp_path / "templates"
    shutil.copytree(PROJECT_ROOT / "templates", library)
    # the daemon delivers without an analyst: acme releases reports of draft contracts
    (library / "tenants" / "acme" / "review.yaml").write_text("hold_unapproved_contract: false\n")
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
        instance.get_runs()

    month = _previous_month(date.today())  # the period being reported now
    upload = tmp_path / "acme.pdf"
    generate_statement(random_statement_spec("ruled_basic", seed=21, period_start=month), upload)
    store = StatementStore(str(home / "inbox"), str(home / "quarantine"))
    outbox = home / "outbox" / "acme"

    log = tmp_path / "daemon.log"
    daemon = _start_daemon(env, log)
    try:
        store.put("acme", upload, period=f"{month:%Y-%m}")
        deadline = time.monotonic() + REPORTS_TIMEOUT

        def wait_for(condition) -> None:
            while not condition():
                assert daemon.poll() is None, log.read_text(errors="replace")[-3000:]
                assert time.monotonic() < deadline, log.read_text(errors="replace")[-3000:]
                time.sleep(3)

        def finished_runs() -> list:
            with dg.DagsterInstance.get() as instance:
                runs = instance.get_runs()
                return runs if all(r.is_finished for r in runs) else []

        wait_for(lambda: outbox.is_dir() and any(outbox.glob("*.pdf")) and finished_runs())
        first_runs = finished_runs()
        first_pdf = {p.name: p.read_bytes() for p in outbox.glob("*.pdf")}

        # an analyst changes the template's stylesheet; the watcher and automation do the rest
        css = library / "monthly_account" / "style.css"
        css.write_text(css.read_text() + "\nh1 { color: #0b3d91; }\n")

        def resent() -> bool:
            pdfs = {p.name: p.read_bytes() for p in outbox.glob("*.pdf")}
            return pdfs.keys() == first_pdf.keys() and pdfs != first_pdf

        wait_for(lambda: resent() and len(finished_runs()) > len(first_runs))
        with dg.DagsterInstance.get() as instance:
            new_runs = [
                r for r in instance.get_runs() if r.run_id not in {x.run_id for x in first_runs}
            ]
        assert all(r.is_success for r in new_runs)
        selected = {key.to_user_string() for r in new_runs for key in r.asset_selection or ()}
        assert selected == {
            "report_contracts/monthly_account",
            "rendered_reports/monthly_account",
            "delivered_reports",
            "usage",
        }  # the ledger is not touched: only the template's own assets, delivery and its metering
        assert {str(r.tags["dagster/partition"]) for r in new_runs} == {f"{month:%Y-%m}-01|acme"}
    finally:
        _stop(daemon)
