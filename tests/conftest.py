"""Shared fixtures: an isolated NeuraReport home and the local resources pointing at it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# the tests never touch the developer's var/ or Dagster instance
os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")


@pytest.fixture
def neurareport_home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    (home / "inbox").mkdir(parents=True)
    return home
