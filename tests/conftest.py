"""Shared fixtures: an isolated NeuraReport home and the local resources pointing at it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# the tests never touch the developer's var/ or Dagster instance
os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")

# The end-to-end tier (``make test-e2e``): the daemon, S3 (moto's server), Celery and
# PostgreSQL tests. A test is in it when its module is marked ``e2e``, when it is marked
# ``services`` (PostgreSQL, MariaDB, Redis) or when it uses the moto S3 server; ``make
# test`` runs everything else, in parallel.
E2E_FIXTURES = frozenset({"s3_endpoint"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        uses = set(getattr(item, "fixturenames", ()))
        if item.get_closest_marker("services") is not None or E2E_FIXTURES & uses:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
def neurareport_home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    (home / "inbox").mkdir(parents=True)
    return home
