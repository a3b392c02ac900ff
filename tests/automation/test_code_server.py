"""The code server's run workers start from a preloaded forkserver (issue #16).

``scripts/load.py`` runs the whole backfill through it (the daemon, the code server and
its forked run workers); these tests hold the two things that make forking safe and
effective: the server really uses the forkserver, and the preloaded process opened nothing
a fork would copy half-used (a thread, a connection).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

from dagster._core.utils import FuturesAwareThreadPoolExecutor
from dagster._grpc import server

from neurareport_assets import code_server

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_the_code_server_starts_run_workers_from_the_forkserver(monkeypatch):
    # restored after the test: use_forkserver() replaces the constructor
    monkeypatch.setattr(server.DagsterApiServer, "__init__", server.DagsterApiServer.__init__)
    code_server.use_forkserver()
    with FuturesAwareThreadPoolExecutor(max_workers=1) as executor:
        api = server.DagsterApiServer(threading.Event(), logging.getLogger(__name__), executor)
    assert api._mp_ctx.get_start_method() == "forkserver"


def test_the_preloaded_worker_process_is_safe_to_fork(tmp_path):
    # what the forkserver imports: the definitions load, and no thread is left running
    probe = (
        "import threading, neurareport_assets.worker_preload, sys; "
        "sys.exit(0 if threading.active_count() == 1 else 1)"
    )
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path), "NEURAREPORT_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=PROJECT_ROOT, env=env, capture_output=True, timeout=120
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
