"""Finding 5 and 7: the inbox stays fast whatever arrives, and a file over a limit is
quarantined once, with its reason, and never read again.

5. A 1,999-page blank statement made one inbox sensor tick take 121 s: the header read kept
   reading while no table was found. The header read now stops after a few pages, every
   read in a tick is time-limited, and a tick starts no file it could not finish inside its
   budget (the rest are deferred and reported).
7. A file over the page limit was accepted by ``upload --period``, stayed in the inbox and
   was parsed again by every run.
"""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

import dagster as dg
import pytest

from neurareport_assets.defs.automation.sensors import (
    SENSOR_HEADER_SECONDS,
    SENSOR_PROBE_SECONDS,
    TICK_BUDGET_SECONDS,
    InboxCursor,
    scan_inbox,
)
from neurareport_assets.defs.extraction.assets import extracted_tables
from neurareport_assets.defs.intake.assets import statement_files
from neurareport_assets.partitions import tenant_period
from neurareport_resources.extraction import EmptyDocumentError, read_statement_header
from neurareport_resources.extraction.engine import HEADER_MAX_PAGES
from neurareport_resources.resources import ExtractionResource
from neurareport_resources.settings import local_resources
from neurareport_resources.storage import StatementStore
from tests.safety.helpers import RecordingLog, blank_pdf


def _store(home: Path) -> StatementStore:
    return StatementStore(str(home / "inbox"), str(home / "quarantine"))


# -- finding 5 ------------------------------------------------------------------------------
def test_the_header_read_of_a_long_blank_statement_stops_after_a_few_pages(tmp_path):
    pdf = blank_pdf(tmp_path / "blank.pdf", 1999)
    with pytest.raises(EmptyDocumentError) as caught:
        read_statement_header(pdf)
    assert f"in the first {HEADER_MAX_PAGES} of its 1999 page(s)" in str(caught.value)


def test_a_1999_page_blank_statement_does_not_stall_the_inbox(neurareport_home, drop_statement):
    blank_pdf(neurareport_home / "inbox" / "acme" / "blank.pdf", 1999)
    drop_statement("globex", date(2025, 3, 1), folder="2025-03")
    store, log = _store(neurareport_home), RecordingLog()
    started = time.monotonic()
    first = scan_inbox(store, ExtractionResource(), InboxCursor(), log=log)
    took = time.monotonic() - started

    # the tick ends inside its budget (Dagster stops a sensor evaluation at 60 s) with the
    # blank file quarantined: the header read gave up after a few pages, or the sensor's
    # per-file time limit did on a machine too busy for even that
    assert took < TICK_BUDGET_SECONDS, f"tick took {took:.0f}s"
    assert [Path(path).name for path, _ in first.quarantined] == ["blank.pdf"]
    reason = first.quarantined[0][1]
    assert "no transaction table found in the first" in reason or "inbox sensor" in reason
    # the other tenant is served in that tick, or (if the blank one used up the budget)
    # deferred to the very next one
    second = scan_inbox(store, ExtractionResource(), first.cursor, log=log)
    requested = [str(r.partition_key) for r in first.run_requests + second.run_requests]
    assert requested == ["2025-03-01|globex"]


def test_a_tick_over_its_budget_defers_the_rest_and_reports_them(neurareport_home, drop_statement):
    for seed in (1, 2, 3):
        drop_statement("acme", date(2025, 3, 1), folder="2025-03", seed=seed)
    ticks = iter(range(0, 1000, 15))  # every look at the clock: 15 s later
    log = RecordingLog()
    store = _store(neurareport_home)
    first = scan_inbox(
        store, ExtractionResource(), InboxCursor(), log=log, clock=lambda: float(next(ticks))
    )
    assert len(first.requested_files) == 1 and len(first.deferred) == 2
    # deferred files are complete: the next tick reads them at once, nothing is read twice
    second = scan_inbox(store, ExtractionResource(), first.cursor, log=log)
    assert sorted(second.requested_files) == sorted(first.deferred)
    assert second.deferred == [] and second.quarantined == []


def test_the_sensor_reports_deferred_files_in_its_skip_reason(
    neurareport_home, drop_statement, monkeypatch
):
    from neurareport_assets.defs.automation import sensors

    drop_statement("acme", date(2025, 3, 1), folder="2025-03")
    monkeypatch.setattr(sensors, "TICK_BUDGET_SECONDS", 0.0)  # no time for any file
    resources = local_resources(neurareport_home)
    with dg.DagsterInstance.ephemeral() as instance:
        context = dg.build_sensor_context(
            instance=instance,
            resources={
                k: resources[k] for k in ("statement_store", "extraction", "warehouse", "notifier")
            },
        )
        result = sensors.inbox_sensor(context)
    assert result.run_requests == []
    assert result.skip_reason is not None
    assert result.skip_reason.skip_message == "1 statement(s) deferred to the next tick"
    assert len(json.loads(result.cursor or "{}")["pending"]) == 1


def test_each_read_in_the_sensor_is_time_limited():
    limits = ExtractionResource(timeout_seconds=120).limits(SENSOR_HEADER_SECONDS)
    assert limits.timeout_seconds == SENSOR_HEADER_SECONDS
    assert ExtractionResource(timeout_seconds=5).limits(SENSOR_PROBE_SECONDS).timeout_seconds == 5


# -- finding 7 ------------------------------------------------------------------------------
def test_upload_with_period_refuses_a_file_over_the_page_limit(
    tmp_path, neurareport_home, monkeypatch, capsys
):
    from neurareport_assets.cli import main

    monkeypatch.setenv("NEURAREPORT_HOME", str(neurareport_home))
    big = blank_pdf(tmp_path / "big.pdf", 2001)
    assert main(["upload", "--tenant", "acme", "--period", "2025-01", str(big)]) == 1
    assert "over the 2000-page limit" in capsys.readouterr().err
    assert list((neurareport_home / "inbox").rglob("*.pdf")) == []


def _materialize(assets, resources, instance):
    return dg.materialize(
        assets,
        resources=resources,
        partition_key=tenant_period("acme", date(2025, 1, 1)).partition_key,
        instance=instance,
    )


def test_a_file_over_the_page_limit_in_the_inbox_is_quarantined_once(neurareport_home):
    blank_pdf(neurareport_home / "inbox" / "acme" / "2025-01" / "long.pdf", 6)
    resources = local_resources(neurareport_home) | {"extraction": ExtractionResource(max_pages=5)}
    with dg.DagsterInstance.ephemeral() as instance:
        instance.add_dynamic_partitions("tenant", ["acme"])
        first = _materialize([statement_files], resources, instance)
        second = _materialize([statement_files], resources, instance)
    assert (
        first.asset_materializations_for_node("statement_files")[0].metadata["quarantined"].value
        == 1
    )
    assert (
        second.asset_materializations_for_node("statement_files")[0].metadata["quarantined"].value
        == 0
    )
    quarantine = neurareport_home / "quarantine" / "acme"
    assert sorted(p.name for p in quarantine.iterdir()) == ["long.pdf", "long.pdf.reason.txt"]
    assert "6 pages, over the 5-page limit" in (quarantine / "long.pdf.reason.txt").read_text()
    assert list((neurareport_home / "inbox").rglob("*.pdf")) == []


def test_a_file_extraction_cannot_read_is_quarantined_and_not_parsed_again(neurareport_home):
    # a real PDF (probe passes) without a single page of text: extraction fails on it
    blank_pdf(neurareport_home / "inbox" / "acme" / "2025-01" / "cover.pdf", 1)
    resources = local_resources(neurareport_home)
    with dg.DagsterInstance.ephemeral() as instance:
        instance.add_dynamic_partitions("tenant", ["acme"])
        first = _materialize([statement_files, extracted_tables], resources, instance)
        second = _materialize([statement_files, extracted_tables], resources, instance)
    first_meta = first.asset_materializations_for_node("extracted_tables")[0].metadata
    second_meta = second.asset_materializations_for_node("extracted_tables")[0].metadata
    assert first_meta["unreadable_statements"].value == 1
    assert second_meta["unreadable_statements"].value == 0  # nothing read again
    reason = neurareport_home / "quarantine" / "acme" / "cover.pdf.reason.txt"
    assert "no transaction table" in reason.read_text()
