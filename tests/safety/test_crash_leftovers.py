"""Finding 8: a crash leaves nothing behind for good.

A render killed mid-write left its hidden staging folder forever, and a run whose worker
was killed stayed STARTED (holding its tenant's slot in the queue). The next write of the
same target removes the leftovers of writers that are gone; the instance's run monitoring
marks a run whose worker process is gone as failed.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time

import dagster as dg
import pytest
import yaml
from dagster._core.events import EngineEventData
from dagster._core.storage.dagster_run import DagsterRunStatus
from dagster._core.storage.tags import GRPC_INFO_TAG
from dagster._core.test_utils import create_run_for_test
from dagster._daemon.monitoring.run_monitoring import monitor_started_run

from neurareport_resources.atomic import STALE_AFTER_SECONDS, atomic_directory, atomic_write_text
from neurareport_resources.settings import PROJECT_ROOT
from neurareport_resources.storage import ReportStore

KILL_MID_RENDER = """
import os, sys

from neurareport_resources.storage import ReportStore
with ReportStore(sys.argv[1]).writing("acme", "2025-03", "monthly_account", "combined") as report:
    (report.folder / "half.pdf").write_bytes(b"%PDF half")
    os.kill(os.getpid(), 9)  # the renderer dies mid-write
"""


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_report_write_killed_mid_way_is_cleaned_up_by_the_next_write(tmp_path):
    root = tmp_path / "reports"
    killed = subprocess.run(
        [sys.executable, "-c", KILL_MID_RENDER, str(root)], env={**os.environ, "PYTHONPATH": "."}
    )
    assert killed.returncode == -9
    month = root / "acme" / "2025-03" / "monthly_account"
    leftovers = [p.name for p in month.iterdir()]
    assert len(leftovers) == 1 and leftovers[0].startswith(".combined.")  # the killed staging

    with ReportStore(str(root)).writing("acme", "2025-03", "monthly_account", "combined") as report:
        (report.folder / "report.pdf").write_bytes(b"%PDF whole")
    assert sorted(p.name for p in month.iterdir()) == ["combined"]
    assert [p.name for p in (month / "combined").iterdir()] == ["report.pdf"]


def test_a_live_writers_staging_is_left_alone_and_old_unowned_ones_go(tmp_path):
    target = tmp_path / "folder"
    live = tmp_path / f".folder.{os.uname().nodename}.{os.getppid()}-x.tmp"  # pytest's parent
    live.mkdir()
    other_host = tmp_path / f".folder.elsewhere.{_dead_pid()}-y.tmp"
    other_host.mkdir()
    legacy = tmp_path / ".folder.k2j4h5g6.tmp"  # from before staging names carried a pid
    legacy.mkdir()
    old = time.time() - STALE_AFTER_SECONDS - 60
    os.utime(legacy, (old, old))
    with atomic_directory(target) as staging:
        (staging / "f").write_text("x")
    names = sorted(p.name for p in tmp_path.iterdir())
    # another host's fresh staging may belong to a live writer there; the old one is gone
    assert names == sorted(["folder", live.name, other_host.name])


def test_a_file_write_killed_mid_way_is_cleaned_up_too(tmp_path):
    target = tmp_path / "part.parquet"
    stale = tmp_path / f".part.parquet.{os.uname().nodename}.{_dead_pid()}-abc.tmp"
    stale.write_bytes(b"half")
    atomic_write_text(target, "whole")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["part.parquet"]


# -- run monitoring -------------------------------------------------------------------------
@pytest.mark.parametrize("instance_file", ["dagster.yaml", "dagster.production.yaml"])
def test_both_instance_files_monitor_runs_with_the_health_checking_launcher(instance_file):
    config = yaml.safe_load((PROJECT_ROOT / instance_file).read_text())
    assert config["run_launcher"] == {
        "module": "neurareport_assets.run_launcher",
        "class": "MonitoredRunLauncher",
    }
    monitoring = config["run_monitoring"]
    assert monitoring["enabled"] is True and monitoring["max_runtime_seconds"] > 0


@pytest.fixture
def monitored_instance(tmp_path):
    config = yaml.safe_load((PROJECT_ROOT / "dagster.yaml").read_text())
    overrides = {k: config[k] for k in ("run_launcher", "run_monitoring")}
    with dg.instance_for_test(overrides=overrides, temp_dir=str(tmp_path)) as instance:
        yield instance


def _started_run(instance, worker_pid: int, host: str = "localhost"):
    """A STARTED run whose worker (on ``host``, by its code server) logged ``worker_pid``."""
    run = create_run_for_test(
        instance,
        job_name="monthly_reports",
        status=DagsterRunStatus.STARTED,
        tags={GRPC_INFO_TAG: json.dumps({"host": host, "port": 4266})},
    )
    instance.report_engine_event(
        f"Started process for run (pid: {worker_pid}).", run, EngineEventData.in_process(worker_pid)
    )
    return run


def _monitor(instance, run) -> DagsterRunStatus:
    record = instance.get_run_record_by_id(run.run_id)
    monitor_started_run(instance, None, record, logging.getLogger("run_monitoring"))
    return instance.get_run_by_id(run.run_id).status


def test_a_run_whose_worker_was_killed_is_marked_failed(monitored_instance):
    run = _started_run(monitored_instance, _dead_pid())
    assert _monitor(monitored_instance, run) == DagsterRunStatus.FAILURE
    failure = monitored_instance.all_logs(run.run_id)[-1].dagster_event
    assert failure is not None and "is gone" in (failure.message or "")


def test_a_run_whose_worker_lives_is_left_running(monitored_instance):
    run = _started_run(monitored_instance, os.getpid())
    assert _monitor(monitored_instance, run) == DagsterRunStatus.STARTED


def test_a_reused_pid_is_not_taken_for_the_worker(monitored_instance):
    from neurareport_assets.run_launcher import MonitoredRunLauncher

    run = _started_run(monitored_instance, os.getpid())
    launcher = monitored_instance.run_launcher
    assert isinstance(launcher, MonitoredRunLauncher)
    # the recorded worker started at the epoch: this process, younger, only reuses its pid
    original = launcher._worker
    launcher._worker = lambda r: (original(r)[0], 0.0)  # type: ignore[method-assign]
    assert _monitor(monitored_instance, run) == DagsterRunStatus.FAILURE


def test_a_worker_on_another_host_is_not_judged_by_a_local_pid(monitored_instance):
    run = _started_run(monitored_instance, _dead_pid(), host="code-server.internal")
    assert _monitor(monitored_instance, run) == DagsterRunStatus.STARTED
