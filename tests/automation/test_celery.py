"""The Celery executor with the machine's Redis as broker and a real worker started here."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from datetime import date

import dagster as dg
import pytest
import redis
from dagster._core.instance.ref import InstanceRef

from neurareport_assets.defs.automation.sensors import TENANT_TAG
from neurareport_resources.warehouse import Warehouse

from .celery_job import celery_ledger_job
from .services import (
    PG_HOST,
    PG_PORT,
    PROJECT_ROOT,
    REDIS_HOST,
    REDIS_PORT,
    port_open,
    production_instance_home,
    temporary_postgres_database,
)

pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(
        not (port_open(REDIS_HOST, REDIS_PORT) and port_open(PG_HOST, PG_PORT)),
        reason="Redis and PostgreSQL are needed",
    ),
]
WORKER_READY_TIMEOUT = 90


@pytest.fixture
def broker():
    """A Redis database of its own (flushed before and after) as broker and result backend."""
    db = random.randint(5, 15)
    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=db)
    client.flushdb()
    yield f"redis://{REDIS_HOST}:{REDIS_PORT}/{db}"
    client.flushdb()


def test_steps_run_on_a_celery_worker(
    tmp_path, broker, monkeypatch, neurareport_home, drop_statement
):
    _, truth = drop_statement("acme", date(2025, 3, 1), folder="2025-03")
    with temporary_postgres_database() as database:
        env = {
            **production_instance_home(tmp_path / "dagster_home", database),
            "NEURAREPORT_HOME": str(neurareport_home),
            "NEURAREPORT_CELERY_BROKER": broker,
        }
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        config = tmp_path / "celery.yaml"
        config.write_text(
            f"execution:\n  config:\n    broker: '{broker}'\n    backend: '{broker}'\n"
        )
        log = tmp_path / "worker.log"
        with open(log, "wb") as out:
            worker = subprocess.Popen(
                [
                    str(PROJECT_ROOT / ".venv" / "bin" / "dagster-celery"),
                    "worker",
                    "start",
                    "-A",
                    "dagster_celery.app",
                    "-y",
                    str(config),
                    "--",
                    "--concurrency=2",
                    "--pool=prefork",
                ],
                cwd=PROJECT_ROOT,
                env={
                    **os.environ,
                    **env,
                    # the job's module, as pytest imported it (``automation.celery_job``)
                    "PYTHONPATH": os.pathsep.join([str(PROJECT_ROOT), str(PROJECT_ROOT / "tests")]),
                    # dagster-celery starts `celery` by name: the venv's bin must come first
                    "PATH": f"{PROJECT_ROOT / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}",
                },
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            deadline = time.monotonic() + WORKER_READY_TIMEOUT
            while b"ready." not in log.read_bytes():
                assert worker.poll() is None, log.read_text()[-3000:]
                assert time.monotonic() < deadline, log.read_text()[-3000:]
                time.sleep(0.5)

            with dg.DagsterInstance.from_ref(InstanceRef.from_dir(env["DAGSTER_HOME"])) as instance:
                instance.add_dynamic_partitions("tenant", ["acme"])
                result = dg.execute_job(
                    dg.reconstructable(celery_ledger_job),
                    instance=instance,
                    tags={"dagster/partition": "2025-03-01|acme", TENANT_TAG: "acme"},
                )
                assert result.success, log.read_text()[-3000:]
                step_pids = {
                    record.dagster_event.pid
                    for record in instance.all_logs(result.run_id)
                    if record.dagster_event is not None
                    and record.dagster_event.event_type_value == "STEP_START"
                }
        finally:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=30)

    # the steps ran in the worker's processes, not in this one
    assert len(step_pids) >= 1 and os.getpid() not in step_pids
    worker_log = log.read_text()
    assert "execute_plan" in worker_log and "succeeded" in worker_log
    ledger = Warehouse(str(neurareport_home / "data" / "warehouse")).read_partition(
        "transactions", "acme", date(2025, 3, 1)
    )
    assert [(r["txn_date"], r["amount"]) for r in ledger.to_pylist()] == [
        (t.txn_date, t.amount) for t in truth.transactions
    ]
