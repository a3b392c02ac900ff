"""Fixtures for the contracts tests: a warehouse, the monthly_account template."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from warehouse import build_warehouse, tenant_connect  # noqa: E402

from neurareport_resources.datasources import DuckDBSource  # noqa: E402

REPO = HERE.parent.parent


@pytest.fixture
def monthly_account_dir() -> Path:
    """The built-in template if the rendering engineer has written it, else our copy."""
    builtin = REPO / "templates" / "monthly_account"
    if (builtin / "template.html").exists() or any(builtin.glob("*.html")):
        return builtin
    return HERE / "fixtures" / "monthly_account"


@pytest.fixture
def warehouse_path(tmp_path: Path) -> Path:
    return build_warehouse(tmp_path / "warehouse.duckdb")


@pytest.fixture
def warehouse(warehouse_path: Path) -> DuckDBSource:
    return DuckDBSource(tenant_connect(warehouse_path, "acme"))
