"""ExtractionResource applies its configured limits to every call: probe, header read, extract.

The probe once ran under the default limits: a configured limit did not apply to it, and
a configured ``memory_mb`` replaced the parked worker at every probe/read alternation.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from neurareport_resources.extraction import LimitExceededError
from neurareport_resources.resources import ExtractionResource
from neurareport_resources.samples import generate_statement, random_statement_spec


@pytest.fixture
def statement(tmp_path: Path) -> Path:
    spec = random_statement_spec("ruled_basic", seed=3, period_start=date(2025, 1, 1))
    path = tmp_path / "statement.pdf"
    generate_statement(spec, path)
    return path


@pytest.mark.parametrize("call", ["probe", "read_header", "extract", "statement_month"])
def test_every_call_keeps_the_configured_limits(statement: Path, call: str) -> None:
    # no file passes a 0 MB size limit: each call must refuse it
    extraction = ExtractionResource(max_file_mb=0)
    with pytest.raises(LimitExceededError, match="over the 0 MB limit"):
        getattr(extraction, call)(statement, "acme")


def test_probe_and_reads_share_one_worker_under_a_configured_memory_limit(
    statement: Path,
) -> None:
    from neurareport_resources import isolation
    from neurareport_resources.extraction.isolation import ENGINE_MODULE

    extraction = ExtractionResource(memory_mb=768)
    extraction.probe(statement, "acme")
    first = isolation._idle.get((ENGINE_MODULE, 768))
    assert first is not None
    extraction.read_header(statement, "acme")
    extraction.extract(statement, "acme")
    extraction.probe(statement, "acme")
    # the same process served all four calls
    assert isolation._idle.get((ENGINE_MODULE, 768)) is first
