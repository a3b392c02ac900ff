"""The run launcher the instance files name: Dagster's default one, plus a health check.

Dagster's run monitoring (``run_monitoring`` in ``dagster.yaml``) marks a run failed when its
launcher reports the run worker gone — but the default launcher cannot check, so a run whose
worker was killed (``kill -9``, the machine's OOM killer, a reboot) stayed STARTED forever,
holding its tenant's slot in the run queue. This launcher answers the check for run workers
on this machine: the worker's pid is in the run's own event log ("Started process for run"),
and a process that is gone, or is another process that reused the pid, is a dead worker.
Workers on another host (a remote code server) or without a recorded pid cannot be checked
from here: they count as running and are bounded by ``max_runtime_seconds`` instead.
"""

from __future__ import annotations

import json
import socket
from typing import Any

import psutil
from dagster._core.events import DagsterEventType
from dagster._core.launcher import CheckRunHealthResult, DefaultRunLauncher, WorkerStatus
from dagster._core.storage.dagster_run import DagsterRun
from dagster._core.storage.tags import GRPC_INFO_TAG

_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", ""}
# the engine event the code server writes when it starts a run's worker process
_WORKER_STARTED = "Started process for run"


def _on_this_host(run: DagsterRun) -> bool:
    info: Any = run.tags.get(GRPC_INFO_TAG)
    if not info:
        return False  # an in-process run (CLI, tests): its process may live anywhere
    host = json.loads(info).get("host") or ""
    return host in _LOCAL_HOSTS or host in {socket.gethostname(), socket.getfqdn()}


class MonitoredRunLauncher(DefaultRunLauncher):
    """``DefaultRunLauncher`` whose run workers the monitoring daemon can check."""

    @property
    def supports_check_run_worker_health(self) -> bool:
        return True

    def _worker(self, run: DagsterRun) -> tuple[int, float] | None:
        """(pid, start timestamp) of the run's worker process, from its event log."""
        for record in self._instance.all_logs(run.run_id, of_type=DagsterEventType.ENGINE_EVENT):
            event = record.dagster_event
            if event is None or not (event.message or "").startswith(_WORKER_STARTED):
                continue
            data = event.engine_event_data
            if data is None:
                continue
            pid = data.metadata.get("pid")
            if pid is not None:
                return int(str(pid.value)), record.timestamp
        return None

    def check_run_worker_health(self, run: DagsterRun) -> CheckRunHealthResult:
        # what cannot be checked here counts as running (run monitoring fails any other
        # answer): max_runtime_seconds is the bound for those runs
        if not _on_this_host(run):
            return CheckRunHealthResult(WorkerStatus.RUNNING, "run worker not on this host")
        worker = self._worker(run)
        if worker is None:
            return CheckRunHealthResult(WorkerStatus.RUNNING, "no run worker process recorded")
        pid, started = worker
        try:
            process = psutil.Process(pid)
            # a pid reused by a process started after the worker is not the worker
            alive = (
                process.create_time() <= started + 1 and process.status() != psutil.STATUS_ZOMBIE
            )
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            alive = False
        if alive:
            return CheckRunHealthResult(WorkerStatus.RUNNING, run_worker_id=str(pid))
        return CheckRunHealthResult(
            WorkerStatus.FAILED,
            f"run worker process {pid} is gone (killed or crashed); the run cannot finish",
            run_worker_id=str(pid),
        )
