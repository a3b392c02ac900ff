"""Shared storage on an S3-compatible bucket (moto's server mode), chosen by configuration alone."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import boto3
import dagster as dg
import pytest

from neurareport_assets.defs.automation.sensors import TENANT_TAG, inbox_sensor
from neurareport_assets.partitions import tenant_period
from neurareport_resources.resources import (
    ReportStoreResource,
    StatementStoreResource,
    TemplateLibraryResource,
    WarehouseResource,
)
from neurareport_resources.samples import generate_statement, random_statement_spec
from neurareport_resources.settings import BUILTIN_TEMPLATES
from neurareport_resources.storage import ReportStore, StatementStore, sha256_file
from neurareport_resources.warehouse import Warehouse
from tests.spine.test_pipeline import ALL_ASSETS

from .conftest import BUCKET

# the end-to-end tier: make test-e2e
pytestmark = pytest.mark.e2e


@pytest.fixture
def s3_resources(resources, prefix, storage_options, tmp_path) -> dict:
    """The local resources with the statement store, warehouse and reports moved to the bucket."""
    options = json.dumps(storage_options)
    # delivery from the bucket is tested without an analyst: acme releases draft contracts
    library = tmp_path / "templates"
    shutil.copytree(BUILTIN_TEMPLATES, library)
    (library / "tenants" / "acme" / "review.yaml").write_text("hold_unapproved_contract: false\n")
    return {
        **resources,
        "templates": TemplateLibraryResource(root=str(library)),
        "report_store": ReportStoreResource(root=f"{prefix}/reports", storage_options=options),
        "statement_store": StatementStoreResource(
            inbox_root=f"{prefix}/inbox",
            quarantine_root=f"{prefix}/quarantine",
            storage_options=options,
        ),
        "warehouse": WarehouseResource(root=f"{prefix}/warehouse", storage_options=options),
    }


def _statement(tmp_path, period_start: date, seed: int = 1):
    spec = random_statement_spec(
        "ruled_basic", seed=seed, period_start=period_start, n_transactions=10
    )
    path = tmp_path / f"statement-{seed}.pdf"
    return path, generate_statement(spec, path)


def test_sensor_watches_a_bucket_prefix_and_quarantines_there(
    s3_resources, prefix, storage_options, tmp_path
):
    store = StatementStore(
        f"{prefix}/inbox", f"{prefix}/quarantine", storage_options=storage_options
    )
    good, _ = _statement(tmp_path, date(2025, 2, 1))
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"not a pdf at all")
    store.put("acme", good, period="2025-02")
    store.put("acme", bad, period="2025-02")
    # a half-uploaded object under a temporary name is never read
    store.fs.pipe_file(f"{store.tenant_dir('acme')}/2025-02/.next.pdf.part", b"%PDF-1.7")

    with dg.instance_for_test() as instance:
        resources = {
            k: s3_resources[k] for k in ("statement_store", "extraction", "warehouse", "notifier")
        }
        first = inbox_sensor(dg.build_sensor_context(instance=instance, resources=resources))
        # objects in a bucket appear whole; the settle check still waits one tick for fresh ones
        second = inbox_sensor(
            dg.build_sensor_context(instance=instance, cursor=first.cursor, resources=resources)
        )
    requested = first.run_requests + second.run_requests
    assert [str(r.partition_key) for r in requested] == ["2025-02-01|acme"]
    assert requested[0].tags[TENANT_TAG] == "acme"
    quarantined = store.quarantined("acme")
    assert [path.rsplit("/", 1)[-1] for path, _ in quarantined] == ["broken.pdf"]
    assert quarantined[0][1].startswith("broken.pdf: ")
    assert [f.name for f in store.list_files("acme")] == [good.name]

    # another machine uploads (plain boto3, not this process's filesystem object): a long-lived
    # code server must still see it, i.e. no stale listing cache
    later, _ = _statement(tmp_path, date(2025, 3, 1), seed=2)
    client = boto3.client(
        "s3",
        aws_access_key_id="test",
        aws_secret_access_key="test",
        **storage_options["client_kwargs"],
    )
    base = prefix.removeprefix(f"s3://{BUCKET}/")
    for tenant in ("acme", "globex"):  # a known tenant and a brand-new tenant folder
        key = f"{base}/inbox/{tenant}/2025-03/{later.name}"
        client.put_object(Bucket=BUCKET, Key=key, Body=later.read_bytes())
    with dg.instance_for_test() as instance:
        third = inbox_sensor(
            dg.build_sensor_context(instance=instance, cursor=second.cursor, resources=resources)
        )
        fourth = inbox_sensor(
            dg.build_sensor_context(instance=instance, cursor=third.cursor, resources=resources)
        )
    assert third.run_requests == []
    assert [str(r.partition_key) for r in fourth.run_requests] == [
        "2025-03-01|acme",
        "2025-03-01|globex",
    ]


def test_assets_read_and_write_the_bucket(
    s3_resources, prefix, storage_options, tmp_path, neurareport_home
):
    store = StatementStore(
        f"{prefix}/inbox", f"{prefix}/quarantine", storage_options=storage_options
    )
    path, truth = _statement(tmp_path, date(2025, 2, 1), seed=3)
    store.put("acme", path, period="2025-02")
    key = tenant_period("acme", "2025-02").partition_key
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("tenant", ["acme"])
        result = dg.materialize(
            ALL_ASSETS, resources=s3_resources, partition_key=key, instance=instance
        )
        assert result.success
        again = dg.materialize(
            ALL_ASSETS, resources=s3_resources, partition_key=key, instance=instance
        )
        assert again.success
    warehouse = Warehouse(f"{prefix}/warehouse", storage_options=storage_options)
    ledger = warehouse.read_partition("transactions", "acme", date(2025, 2, 1)).to_pylist()
    assert [(r["txn_date"], r["amount"]) for r in ledger] == [
        (t.txn_date, t.amount) for t in truth.transactions
    ]
    # the Parquet file really is an object in the bucket, read back by DuckDB through fsspec
    assert warehouse.partitions("transactions") == [("acme", "2025-02")]
    conn = warehouse.connect_tenant("acme")
    total = conn.execute("SELECT sum(amount), count(*) FROM transactions").fetchone()
    assert total == (sum(t.amount for t in truth.transactions), len(truth.transactions))
    parquet = f"{prefix}/warehouse/transactions/tenant=acme/period=2025-02/part.parquet"
    assert store.fs.exists(parquet.removeprefix("s3://"))

    # the rendered reports are objects in the bucket, and nothing was written to a local folder
    reports = ReportStore(f"{prefix}/reports", storage_options=storage_options)
    stored = reports.list_reports("acme", "2025-02")
    assert sorted(Path(r.name).suffix for r in stored) == [".csv", ".html", ".pdf", ".xlsx"]
    assert all(r.uri.startswith(f"{prefix}/reports/acme/2025-02/monthly_account/") for r in stored)
    assert not (neurareport_home / "reports").exists()
    manifest = warehouse.read_document(
        "report_manifests", "acme", date(2025, 2, 1), "monthly_account"
    )
    assert {m["path"] for m in manifest["files"]} == {r.uri for r in stored}
    # delivery downloaded them and sent exactly those bytes, once: the re-run sent nothing
    outbox = neurareport_home / "outbox" / "acme"
    sent = {p.suffix: sha256_file(p) for p in outbox.iterdir()}
    assert sent == {
        Path(m["file"]).suffix: m["sha256"]
        for m in manifest["files"]
        if m["format"] in ("pdf", "xlsx", "csv")
    }
    delivered = again.asset_materializations_for_node("delivered_reports")[0].metadata
    assert delivered["sent"].value == 0 and delivered["already_sent"].value == 3
