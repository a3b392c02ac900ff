"""Fixtures for automation tests: generated statements dropped into an isolated inbox, and a
local S3 server (moto's server mode) for the stores that live in a bucket."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import boto3
import pytest

from neurareport_resources.samples import (
    StatementTruth,
    generate_statement,
    random_statement_spec,
)
from neurareport_resources.settings import local_resources

from .services import port_open

DropStatement = Callable[..., tuple[Path, StatementTruth]]
# older than the sensor's settle time: the file counts as complete on first sight
SETTLED_AGE_SECONDS = 120
# the bucket the moto server starts with; each test works under its own key prefix
BUCKET = "neurareport-test"


@pytest.fixture
def resources(neurareport_home: Path) -> dict:
    return local_resources(neurareport_home)


@pytest.fixture
def drop_statement(neurareport_home: Path) -> DropStatement:
    """Generate a ruled_basic statement straight into ``inbox/<tenant>/[folder/]name``."""

    def drop(
        tenant: str,
        period_start: date,
        *,
        folder: str | None = None,
        name: str | None = None,
        seed: int = 1,
        settled: bool = True,
        n_transactions: int = 12,
        **overrides: object,
    ) -> tuple[Path, StatementTruth]:
        spec = random_statement_spec(
            "ruled_basic",
            seed=seed,
            period_start=period_start,
            holder=f"{tenant.title()} Ltd",
            n_transactions=n_transactions,
        )
        for key, value in overrides.items():
            setattr(spec, key, value)
        target = neurareport_home / "inbox" / tenant
        if folder:
            target = target / folder
        target = target / (name or f"statement-{period_start:%Y-%m}-{seed}.pdf")
        target.parent.mkdir(parents=True, exist_ok=True)
        truth = generate_statement(spec, target)
        if settled:
            past = time.time() - SETTLED_AGE_SECONDS
            os.utime(target, (past, past))
        return target, truth

    return drop


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    """A moto S3 server in its own process group, killed with the group afterwards."""
    port = _free_port()
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"}
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while not port_open("127.0.0.1", port):
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("moto server did not start")
            time.sleep(0.2)
        endpoint = f"http://127.0.0.1:{port}"
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id="test",
            aws_secret_access_key="test",
            region_name="us-east-1",
        )
        client.create_bucket(Bucket=BUCKET)
        yield endpoint
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


@pytest.fixture
def prefix(request) -> str:
    """A fresh key prefix per test inside the shared bucket (parametrize ids made key-safe)."""
    return f"s3://{BUCKET}/{re.sub(r'[^A-Za-z0-9_.-]', '-', request.node.name)}"


@pytest.fixture
def storage_options(s3_endpoint) -> dict:
    """fsspec/s3fs options that reach the moto server."""
    return {
        "key": "test",
        "secret": "test",
        "client_kwargs": {"endpoint_url": s3_endpoint, "region_name": "us-east-1"},
    }
