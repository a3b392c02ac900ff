"""Checks keep one result per tenant x month: a later run for another partition — alone or
in a single-run backfill — leaves an earlier partition's failed check failed."""

from __future__ import annotations

import json

import dagster as dg
import pyarrow as pa
import pytest
from dagster._core.storage.asset_check_execution_record import (
    AssetCheckExecutionResolvedStatus as Status,
)

from neurareport_assets.defs.extraction.assets import extracted_tables
from neurareport_assets.defs.intake.assets import statement_files
from neurareport_assets.defs.ledger.assets import (
    OPENING_PLUS_NET_EQUALS_CLOSING,
    RUNNING_BALANCE_CONTINUOUS,
    transactions,
)
from neurareport_assets.defs.review.sensors import failed_check_notifier
from neurareport_assets.partitions import tenant_period, tenant_period_partitions
from neurareport_resources.samples import generate_statement, random_statement_spec
from neurareport_resources.warehouse import Warehouse

from .conftest import PERIOD, TENANT

LEDGER = [statement_files, extracted_tables, transactions]
ACME = str(tenant_period(TENANT, PERIOD).partition_key)
GLOBEX = str(tenant_period("globex", PERIOD).partition_key)


@pytest.fixture
def globex_statement(neurareport_home, instance):
    path = neurareport_home / "inbox" / "globex" / "2025-01" / "g.pdf"
    path.parent.mkdir(parents=True)
    generate_statement(random_statement_spec("ruled_basic", seed=3, period_start=PERIOD), path)
    instance.add_dynamic_partitions("tenant", ["globex"])


def _drop_a_line(resources, instance, home) -> None:
    """acme's statement loses one line between extraction and the ledger: it cannot reconcile."""
    assert dg.materialize(
        LEDGER,
        selection=[statement_files, extracted_tables],
        resources=resources,
        partition_key=ACME,
        instance=instance,
    ).success
    wh = Warehouse(str(home / "data" / "warehouse"))
    rows = wh.read_partition("extracted_rows", TENANT, PERIOD)
    wh.write_partition(
        "extracted_rows", TENANT, PERIOD, pa.concat_tables([rows.slice(0, 3), rows.slice(4)])
    )


def _status(instance, check: str) -> dict[str, set[str]]:
    key = dg.AssetCheckKey(transactions.key, check)
    with dg.partition_loading_context(dynamic_partitions_store=instance):
        state = instance.event_log_storage.get_asset_check_state([(key, tenant_period_partitions)])[
            key
        ]
    return {
        status.value: {str(k) for k in subset.subset_value.get_partition_keys()}
        for status, subset in state.subsets.items()
        if status in (Status.SUCCEEDED, Status.FAILED)
    }


def test_a_later_run_for_another_partition_leaves_the_failure_failed(
    resources, instance, statement, globex_statement, neurareport_home
):
    _drop_a_line(resources, instance, neurareport_home)
    failed = dg.materialize(
        LEDGER, selection=[transactions], resources=resources, partition_key=ACME, instance=instance
    )
    assert not {e.check_name: e.passed for e in failed.get_asset_check_evaluations()}[
        OPENING_PLUS_NET_EQUALS_CLOSING
    ]
    # the tenant's analysts hear of it once, with the partition
    for _ in range(2):
        failed_check_notifier(
            dg.build_run_status_sensor_context(
                sensor_name="failed_check_notifier",
                dagster_instance=instance,
                dagster_run=failed.dagster_run,
                dagster_event=failed.get_run_success_event(),
                resources={"notifier": resources["notifier"]},
            )
        )
    notes = sorted((neurareport_home / "outbox" / "notifications").glob("check-*.json"))
    bodies = [json.loads(n.read_text()) for n in notes]
    assert {b["subject"].split(":")[1].split(" on ")[0].strip() for b in bodies} >= {
        OPENING_PLUS_NET_EQUALS_CLOSING
    }
    assert all(b["tenant"] == TENANT and ACME in b["body"] for b in bodies)
    failing = {e.check_name for e in failed.get_asset_check_evaluations() if not e.passed}
    assert len(notes) == len(failing)  # one each, though the sensor saw the run twice
    assert dg.materialize(
        LEDGER, resources=resources, partition_key=GLOBEX, instance=instance
    ).success
    for check in (OPENING_PLUS_NET_EQUALS_CLOSING, RUNNING_BALANCE_CONTINUOUS):
        status = _status(instance, check)
        assert status["FAILED"] == {ACME}, check
        assert status["SUCCEEDED"] == {GLOBEX}, check


def test_a_single_run_backfill_records_each_partition_s_own_result(
    resources, instance, statement, globex_statement, neurareport_home
):
    _drop_a_line(resources, instance, neurareport_home)
    assert dg.materialize(
        LEDGER,
        selection=[statement_files, extracted_tables],
        resources=resources,
        partition_key=GLOBEX,
        instance=instance,
    ).success
    # one run over the month's two tenants, as a single-run backfill launches it
    result = dg.materialize(
        LEDGER,
        selection=[transactions],
        resources=resources,
        instance=instance,
        tags={
            "dagster/asset_partition_range_start": ACME,
            "dagster/asset_partition_range_end": GLOBEX,
        },
    )
    assert result.success
    evaluations = {
        (e.check_name, e.partition): e.passed
        for e in result.get_asset_check_evaluations()
        if e.partition is not None
    }
    assert evaluations[(OPENING_PLUS_NET_EQUALS_CLOSING, ACME)] is False
    assert evaluations[(OPENING_PLUS_NET_EQUALS_CLOSING, GLOBEX)] is True
    status = _status(instance, OPENING_PLUS_NET_EQUALS_CLOSING)
    assert status["FAILED"] == {ACME} and status["SUCCEEDED"] == {GLOBEX}
    # a later one-partition run for globex does not hide acme's failure
    assert dg.materialize(
        LEDGER, selection=[transactions], resources=resources, partition_key=GLOBEX,
        instance=instance,
    ).success  # fmt: skip
    assert _status(instance, OPENING_PLUS_NET_EQUALS_CLOSING)["FAILED"] == {ACME}


def test_a_quarantined_file_is_announced_once(resources, neurareport_home):
    from neurareport_assets.defs.review.sensors import quarantine_notifier

    bad = neurareport_home / "inbox" / TENANT / "2025-01" / "notes.pdf"
    bad.parent.mkdir(parents=True)
    bad.write_text("not a statement")
    store = resources["statement_store"].get_store()
    store.quarantine(TENANT, str(bad), "notes.pdf: not a PDF; upload the bank's statement")
    context = dg.build_sensor_context(
        resources={k: resources[k] for k in ("statement_store", "notifier")}
    )
    for _ in range(2):
        quarantine_notifier(context)
    (note,) = [
        json.loads(p.read_text())
        for p in (neurareport_home / "outbox" / "notifications").glob("quarantine-*.json")
    ]
    assert note["tenant"] == TENANT and "notes.pdf" in note["subject"]
    assert "not a PDF" in note["body"]
