"""Fixtures for the safety tests: the automation tier's inbox helpers, reused."""

from __future__ import annotations

from tests.automation.conftest import drop_statement, resources
from tests.reports.conftest import analysis, conn, context, month
from tests.spine.conftest import instance, statement

__all__ = [
    "analysis",
    "conn",
    "context",
    "drop_statement",
    "instance",
    "month",
    "resources",
    "statement",
]
