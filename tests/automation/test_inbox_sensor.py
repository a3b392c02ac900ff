"""The inbox sensor, evaluated with build_sensor_context against real files and a real instance."""

from __future__ import annotations

import json
import os
import time
from datetime import date
from pathlib import Path

import dagster as dg
import pytest

from neurareport_assets.defs.automation.jobs import PIPELINE_ASSETS
from neurareport_assets.defs.automation.sensors import TENANT_TAG, InboxCursor, inbox_sensor
from neurareport_resources.resources import ExtractionResource


@pytest.fixture
def instance():
    with dg.DagsterInstance.ephemeral() as instance:
        yield instance


def tick(instance, resources, cursor=None) -> dg.SensorResult:
    context = dg.build_sensor_context(
        instance=instance,
        cursor=cursor,
        resources={
            k: resources[k] for k in ("statement_store", "extraction", "warehouse", "notifier")
        },
    )
    return inbox_sensor(context)


def partition_keys(result: dg.SensorResult) -> list[str]:
    return sorted(str(r.partition_key) for r in result.run_requests)


def added_tenants(result: dg.SensorResult) -> list[str]:
    return sorted(t for req in result.dynamic_partitions_requests for t in req.partition_keys)


def test_new_statement_adds_tenant_and_requests_its_month(instance, resources, drop_statement):
    drop_statement("acme", date(2025, 3, 1), folder="2025-03")
    result = tick(instance, resources)
    assert added_tenants(result) == ["acme"]
    assert result.dynamic_partitions_requests[0].partitions_def_name == "tenant"
    assert partition_keys(result) == ["2025-03-01|acme"]
    request = result.run_requests[0]
    assert request.tags[TENANT_TAG] == "acme"
    # the run names every asset it materializes, so automation does not run them again
    assert list(request.asset_selection or []) == PIPELINE_ASSETS
    assert request.run_key.startswith("acme:2025-03:")


def test_repeated_tick_requests_nothing_and_run_key_is_stable(instance, resources, drop_statement):
    drop_statement("acme", date(2025, 3, 1), folder="2025-03")
    first = tick(instance, resources)
    assert len(first.run_requests) == 1
    # the next tick with the stored cursor (e.g. after a daemon restart) launches nothing
    again = tick(instance, resources, cursor=first.cursor)
    assert again.run_requests == []
    # a tick that failed before storing its cursor asks again with the SAME run key: Dagster dedups
    retried = tick(instance, resources, cursor=None)
    assert [r.run_key for r in retried.run_requests] == [r.run_key for r in first.run_requests]


def test_period_comes_from_the_header_unless_a_folder_overrides(
    instance, resources, drop_statement
):
    drop_statement("acme", date(2025, 3, 1), name="march.pdf")  # no folder: header says March
    drop_statement("acme", date(2025, 3, 1), folder="2025-05", seed=2)  # folder says May
    result = tick(instance, resources)
    assert partition_keys(result) == ["2025-03-01|acme", "2025-05-01|acme"]


def test_file_still_being_written_waits_for_the_next_tick(
    instance, resources, drop_statement, neurareport_home
):
    path, _ = drop_statement("acme", date(2025, 3, 1), folder="2025-03", settled=False)
    partial = neurareport_home / "inbox" / "acme" / "2025-03" / "upload.pdf.part"
    partial.write_bytes(b"%PDF-1.7 half")
    first = tick(instance, resources)
    assert first.run_requests == []  # fresh file: seen once, not yet known to be complete
    assert str(path) in InboxCursor.parse(first.cursor).pending

    # it grows before the next tick: still waiting
    with open(path, "ab") as handle:
        handle.write(b"\n%more bytes")
    second = tick(instance, resources, cursor=first.cursor)
    assert second.run_requests == []

    # unchanged since the previous tick: complete, requested; the .part file is never read
    third = tick(instance, resources, cursor=second.cursor)
    assert partition_keys(third) == ["2025-03-01|acme"]
    assert partial.exists()
    assert str(partial) not in json.dumps(InboxCursor.parse(third.cursor).__dict__)


def test_bad_files_go_to_quarantine_with_a_reason(
    instance, resources, drop_statement, neurareport_home
):
    drop_statement("acme", date(2025, 3, 1), folder="2025-03")
    folder = neurareport_home / "inbox" / "acme" / "2025-03"
    (folder / "notes.pdf").write_text("this is not a statement")
    (folder / "truncated.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<")
    past = time.time() - 300
    for name in ("notes.pdf", "truncated.pdf"):
        os.utime(folder / name, (past, past))

    result = tick(instance, resources)
    assert partition_keys(result) == ["2025-03-01|acme"]  # the good file still goes on
    quarantine = neurareport_home / "quarantine" / "acme"
    assert (quarantine / "notes.pdf").read_text() == "this is not a statement"  # moved, not lost
    assert (quarantine / "truncated.pdf").exists()
    reasons = {p.name: p.read_text() for p in quarantine.glob("*.reason.txt")}
    assert set(reasons) == {"notes.pdf.reason.txt", "truncated.pdf.reason.txt"}
    assert "notes.pdf" in reasons["notes.pdf.reason.txt"]
    assert not (folder / "notes.pdf").exists()


def test_oversized_file_is_quarantined(instance, resources, drop_statement, neurareport_home):
    drop_statement("acme", date(2025, 3, 1), folder="2025-03")
    small_limit = {**resources, "extraction": ExtractionResource(max_file_mb=0)}
    result = tick(instance, small_limit)
    assert result.run_requests == []
    reason = next((neurareport_home / "quarantine" / "acme").glob("*.reason.txt")).read_text()
    assert "over the 0 MB limit" in reason


def test_exact_duplicate_is_not_read_twice(instance, resources, drop_statement, neurareport_home):
    path, _ = drop_statement("acme", date(2025, 3, 1), folder="2025-03")
    first = tick(instance, resources)
    assert len(first.run_requests) == 1

    copy = path.with_name("same-statement-renamed.pdf")
    copy.write_bytes(path.read_bytes())
    past = time.time() - 300
    os.utime(copy, (past, past))
    second = tick(instance, resources, cursor=first.cursor)
    assert second.run_requests == []
    reason = (
        neurareport_home / "quarantine" / "acme" / "same-statement-renamed.pdf.reason.txt"
    ).read_text()
    assert "exact duplicate" in reason and path.name in reason


def test_two_tenants_get_separate_runs_and_known_tenants_are_not_re_added(
    instance, resources, drop_statement
):
    instance.add_dynamic_partitions("tenant", ["acme"])
    drop_statement("acme", date(2025, 1, 1), folder="2025-01")
    drop_statement("globex", date(2025, 1, 1), folder="2025-01", seed=5)
    drop_statement("globex", date(2025, 2, 1), folder="2025-02", seed=6)
    result = tick(instance, resources)
    assert added_tenants(result) == ["globex"]
    assert partition_keys(result) == ["2025-01-01|acme", "2025-01-01|globex", "2025-02-01|globex"]
    assert {r.tags[TENANT_TAG] for r in result.run_requests} == {"acme", "globex"}


def test_invalid_tenant_folders_are_never_read(
    instance, resources, drop_statement, neurareport_home
):
    for bad in ("ACME", "a b"):
        folder = neurareport_home / "inbox" / bad / "2025-01"
        folder.mkdir(parents=True)
        (folder / "s.pdf").write_bytes(drop_statement("acme", date(2025, 1, 1))[0].read_bytes())
    result = tick(instance, resources)
    assert added_tenants(result) == ["acme"]
    assert all(r.tags[TENANT_TAG] == "acme" for r in result.run_requests)
    assert (neurareport_home / "inbox" / "ACME" / "2025-01" / "s.pdf").exists()  # left alone


def test_encrypted_statement_waits_for_its_password(instance, resources, drop_statement):
    path, _ = drop_statement("acme", date(2025, 3, 1), folder="2025-03", password="s3cret")
    locked = tick(instance, resources)
    assert locked.run_requests == []
    assert path.exists()  # not quarantined: the file is fine, the configuration lacks a password
    # the tenant's analysts are told once, though the file waits through every tick
    locked_again = tick(instance, resources, cursor=locked.cursor)
    assert locked_again.run_requests == []
    outbox = Path(resources["notifier"].outbox_root) / "notifications"
    (note,) = [json.loads(p.read_text()) for p in outbox.glob("password-*.json")]
    assert note["tenant"] == "acme" and path.name in note["body"]

    with_password = {
        **resources,
        "extraction": ExtractionResource(passwords=json.dumps({"acme": "s3cret"})),
    }
    unlocked = tick(instance, with_password, cursor=locked.cursor)
    assert partition_keys(unlocked) == ["2025-03-01|acme"]


def test_statement_outside_the_partition_range_is_quarantined(
    instance, resources, drop_statement, neurareport_home
):
    drop_statement("acme", date(2019, 6, 1), name="old.pdf")
    result = tick(instance, resources)
    assert result.run_requests == []
    reason = (neurareport_home / "quarantine" / "acme" / "old.pdf.reason.txt").read_text()
    assert "2019-06" in reason and "outside the partitions" in reason


def test_statements_a_materialization_already_read_launch_nothing(
    instance, resources, drop_statement
):
    """After ``neurareport demo`` the inbox holds files the assets already read: the first
    tick of ``make dev`` must not run them again."""
    import pyarrow as pa

    from neurareport_resources.warehouse import STATEMENT_FILES_SCHEMA

    path, _ = drop_statement("acme", date(2025, 3, 1), folder="2025-03")
    probe = resources["extraction"].probe(path, "acme")
    row = {
        "tenant": "acme",
        "period": date(2025, 3, 1),
        "statement_id": probe.sha256,
        "file_name": path.name,
        "store_path": str(path),
        "size_bytes": probe.size_bytes,
        "page_count": probe.page_count,
        "encrypted": False,
        "has_text_layer": True,
        "received_at": None,
    }
    resources["warehouse"].get_warehouse().write_partition(
        "statement_files",
        "acme",
        date(2025, 3, 1),
        pa.Table.from_pylist([row], schema=STATEMENT_FILES_SCHEMA),
    )
    first = tick(instance, resources)
    assert first.run_requests == []
    # handled, so a later tick does not probe it again either
    assert tick(instance, resources, first.cursor).run_requests == []
    # a new statement for the same tenant still runs
    drop_statement("acme", date(2025, 4, 1), folder="2025-04", seed=2)
    assert partition_keys(tick(instance, resources, first.cursor)) == ["2025-04-01|acme"]
