"""Fixtures for pipeline tests: a statement in an isolated inbox and an ephemeral instance."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import dagster as dg
import pytest

from neurareport_resources.samples import generate_statement, random_statement_spec
from neurareport_resources.settings import local_resources

TENANT = "acme"
PERIOD = date(2025, 1, 1)


@pytest.fixture
def resources(neurareport_home: Path) -> dict:
    return local_resources(neurareport_home)


@pytest.fixture
def statement(neurareport_home: Path):
    """One generated statement in inbox/acme/2025-01/ and its truth."""
    spec = random_statement_spec(
        "ruled_basic",
        seed=7,
        period_start=PERIOD,
        holder="Acme Trading Ltd",
        account_number="40-12-77 31415926",
        n_transactions=30,
    )
    path = neurareport_home / "inbox" / TENANT / "2025-01" / "statement.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    truth = generate_statement(spec, path)
    return path, truth


@pytest.fixture
def instance():
    with dg.DagsterInstance.ephemeral() as instance:
        instance.add_dynamic_partitions("tenant", [TENANT])
        yield instance
