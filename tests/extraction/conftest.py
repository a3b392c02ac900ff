"""Shared fixtures: statements drawn by the sample generator, with their truth."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from neurareport_resources.samples import (
    StatementTruth,
    generate_statement,
    random_statement_spec,
)

MakeStatement = Callable[..., tuple[Path, StatementTruth]]


@pytest.fixture(scope="session")
def make_statement(tmp_path_factory: pytest.TempPathFactory) -> MakeStatement:
    """Draw (and cache) a statement of a family; returns (pdf path, truth)."""
    folder = tmp_path_factory.mktemp("statements")
    cache: dict[tuple, tuple[Path, StatementTruth]] = {}

    def make(
        family: str = "ruled_basic",
        *,
        seed: int = 1,
        period_start: date = date(2025, 1, 1),
        n_transactions: int = 25,
        **overrides: object,
    ) -> tuple[Path, StatementTruth]:
        key = (family, seed, period_start, n_transactions, tuple(sorted(overrides.items())))
        if key not in cache:
            spec = random_statement_spec(
                family, seed=seed, period_start=period_start, n_transactions=n_transactions
            )
            for name, value in overrides.items():
                setattr(spec, name, value)
            path = folder / f"{family}-{seed}-{len(cache)}.pdf"
            cache[key] = (path, generate_statement(spec, path))
        return cache[key]

    return make
