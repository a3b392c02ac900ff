"""Fixtures for automation tests: generated statements dropped into an isolated inbox."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from neurareport_resources.samples import (
    StatementTruth,
    generate_statement,
    random_statement_spec,
)
from neurareport_resources.settings import local_resources

DropStatement = Callable[..., tuple[Path, StatementTruth]]
# older than the sensor's settle time: the file counts as complete on first sight
SETTLED_AGE_SECONDS = 120


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
