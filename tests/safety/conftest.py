"""Fixtures for the safety tests: the automation tier's inbox helpers, reused."""

from __future__ import annotations

import dagster as dg
import pytest

from tests.automation.conftest import drop_statement, resources
from tests.reports.conftest import analysis, conn, context, month

__all__ = [
    "analysis",
    "conn",
    "context",
    "drop_statement",
    "ephemeral_instance",
    "month",
    "resources",
]


@pytest.fixture
def ephemeral_instance():
    with dg.DagsterInstance.ephemeral() as instance:
        yield instance
