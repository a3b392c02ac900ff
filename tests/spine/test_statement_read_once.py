"""A statement dropped at the top of an inbox (no YYYY-MM folder) is parsed in full once.

Its month comes from its header (``ExtractionResource.statement_month``), which reads only
the first pages; the full read is extraction's. The resource is swapped for a subclass
that logs every call to the engine, so the count is the engine's own.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import dagster as dg

from neurareport_assets.defs.automation.sensors import inbox_sensor
from neurareport_assets.defs.extraction.assets import extracted_tables
from neurareport_assets.defs.intake.assets import statement_files
from neurareport_assets.partitions import tenant_period
from neurareport_resources.resources import ExtractionResource
from neurareport_resources.samples import generate_statement, random_statement_spec
from neurareport_resources.warehouse import Warehouse

from .conftest import PERIOD, TENANT


class CountingExtraction(ExtractionResource):
    """The real engine; every full read and header read is logged as a line in ``call_log``."""

    call_log: str

    def _log(self, call: str, path: Path) -> None:
        with open(self.call_log, "a", encoding="utf-8") as log:
            log.write(f"{call} {Path(path).name}\n")

    def extract(self, path, tenant, *, column_role_advisor=None):
        self._log("extract", path)
        return super().extract(path, tenant, column_role_advisor=column_role_advisor)

    def read_header(self, path, tenant, **limits):
        self._log("header", path)
        return super().read_header(path, tenant, **limits)


def _calls(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def _drop_top_level_statement(home: Path):
    spec = random_statement_spec(
        "ruled_basic", seed=11, period_start=PERIOD, holder="Acme Ltd", n_transactions=120
    )
    path = home / "inbox" / TENANT / "unsorted.pdf"  # no period folder: the header decides
    path.parent.mkdir(parents=True, exist_ok=True)
    return path, generate_statement(spec, path)


def test_top_level_statement_is_parsed_in_full_once(resources, instance, neurareport_home):
    _, truth = _drop_top_level_statement(neurareport_home)
    assert truth.page_count >= 4
    log = neurareport_home / "engine-calls.log"
    resources = {**resources, "extraction": CountingExtraction(call_log=str(log))}
    partition = tenant_period(TENANT, PERIOD)

    result = dg.materialize(
        [statement_files, extracted_tables],
        resources=resources,
        partition_key=partition.partition_key,
        instance=instance,
    )

    assert result.success
    # intake placed the statement by its header, extraction read every page of it
    assert _calls(log) == ["header unsorted.pdf", "extract unsorted.pdf"]
    warehouse = Warehouse(str(neurareport_home / "data" / "warehouse"))
    files = warehouse.read_partition("statement_files", TENANT, PERIOD).to_pylist()
    assert [f["file_name"] for f in files] == ["unsorted.pdf"]
    rows = warehouse.read_partition("extracted_rows", TENANT, PERIOD).to_pylist()
    assert len(rows) == len(truth.transactions)


def test_inbox_sensor_places_a_top_level_statement_without_a_full_read(resources, neurareport_home):
    path, _ = _drop_top_level_statement(neurareport_home)
    log = neurareport_home / "engine-calls.log"
    with dg.DagsterInstance.ephemeral() as instance:
        context = dg.build_sensor_context(
            instance=instance,
            resources={
                "statement_store": resources["statement_store"],
                "warehouse": resources["warehouse"],
                "extraction": CountingExtraction(call_log=str(log)),
                "notifier": resources["notifier"],
            },
        )
        # older than the sensor's settle time: complete on first sight
        settled = path.stat().st_mtime - 120
        os.utime(path, (settled, settled))
        sensor_result = inbox_sensor(context)

    assert [str(r.partition_key) for r in sensor_result.run_requests] == [
        f"{date(2025, 1, 1)}|{TENANT}"
    ]
    assert _calls(log) == ["header unsorted.pdf"]
