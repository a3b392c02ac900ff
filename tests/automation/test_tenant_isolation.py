"""Tenant isolation: a tenant's run sees only its own files and rows; bad keys are refused everywhere."""

from __future__ import annotations

import json
from datetime import date

import dagster as dg
import duckdb
import pytest

from neurareport_assets.cli import main as cli_main
from neurareport_assets.defs.automation.schedules import monthly_run_requests
from neurareport_assets.defs.extraction.assets import extracted_tables
from neurareport_assets.defs.intake.assets import statement_files
from neurareport_assets.defs.ledger.assets import transactions
from neurareport_assets.partitions import TENANT_DIMENSION, partition_from_key, tenant_period
from neurareport_resources.resources import (
    DataSourcesResource,
    ExtractionResource,
    ReportStoreResource,
    TemplateLibraryResource,
)
from neurareport_resources.settings import BUILTIN_TEMPLATES
from neurareport_resources.storage import StatementStore
from neurareport_resources.tenancy import TenantKeyError
from neurareport_resources.warehouse import Warehouse

BAD_KEYS = ["../acme", "acme|2024", "ACME", "a b", "acme/../globex", "-acme", "a" * 64]
PERIOD = date(2025, 1, 1)


@pytest.fixture
def both_tenants(resources, drop_statement, neurareport_home):
    """acme and globex, same month, both materialized; returns their truths."""
    _, acme = drop_statement("acme", PERIOD, folder="2025-01", seed=1)
    _, globex = drop_statement("globex", PERIOD, folder="2025-01", seed=2)
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("tenant", ["acme", "globex"])
        for tenant in ("acme", "globex"):
            assert dg.materialize(
                [statement_files, extracted_tables, transactions],
                resources=resources,
                partition_key=tenant_period(tenant, PERIOD).partition_key,
                instance=instance,
            ).success
    return {"acme": acme, "globex": globex}


def test_a_tenant_run_reads_only_its_own_files_and_rows(both_tenants, neurareport_home):
    warehouse = Warehouse(str(neurareport_home / "data" / "warehouse"))
    for tenant, truth in both_tenants.items():
        rows = warehouse.read_partition("transactions", tenant, PERIOD).to_pylist()
        assert {r["tenant"] for r in rows} == {tenant}
        assert {r["account_number"] for r in rows} == {truth.account_number}
        files = warehouse.read_partition("statement_files", tenant, PERIOD).to_pylist()
        assert all(f"/inbox/{tenant}/" in f["store_path"] for f in files)
        # the tenant's DuckDB connection: every view holds this tenant's rows only
        conn = warehouse.connect_tenant(tenant)
        for table in ("transactions", "statements", "statement_files", "extracted_rows"):
            seen = {t for (t,) in conn.execute(f"SELECT DISTINCT tenant FROM {table}").fetchall()}
            assert seen == {tenant}, table
        other = "globex" if tenant == "acme" else "acme"
        assert conn.execute(
            "SELECT count(*) FROM transactions WHERE tenant = ?", [other]
        ).fetchone() == (0,)


def test_a_write_of_another_tenants_rows_is_refused(both_tenants, neurareport_home):
    warehouse = Warehouse(str(neurareport_home / "data" / "warehouse"))
    globex_rows = warehouse.read_partition("transactions", "globex", PERIOD)
    with pytest.raises(Exception, match="refusing to write rows of other partitions"):
        warehouse.write_partition("transactions", "acme", PERIOD, globex_rows)
    assert warehouse.read_partition("transactions", "acme", PERIOD).num_rows == len(
        both_tenants["acme"].transactions
    )


def test_a_tenant_connection_cannot_open_another_tenants_files(both_tenants, neurareport_home):
    warehouse = Warehouse(str(neurareport_home / "data" / "warehouse"))
    foreign = warehouse.partition_path("transactions", "globex", PERIOD)
    conn = warehouse.connect_tenant("acme")
    with pytest.raises(duckdb.Error):
        conn.execute(f"SELECT count(*) FROM read_parquet('{foreign}')").fetchone()
    with pytest.raises(duckdb.Error):
        conn.execute("SELECT * FROM read_csv('/etc/passwd')").fetchall()
    with pytest.raises(duckdb.Error):  # and the lock cannot be lifted from a query
        conn.execute("SET enable_external_access = true")
    assert conn.execute("SELECT count(*) FROM transactions").fetchone() == (
        len(both_tenants["acme"].transactions),
    )


@pytest.mark.parametrize("bad", BAD_KEYS)
def test_bad_tenant_keys_are_refused_everywhere(bad, neurareport_home, tmp_path):
    store = StatementStore(str(neurareport_home / "inbox"), str(neurareport_home / "quarantine"))
    warehouse = Warehouse(str(neurareport_home / "data" / "warehouse"))
    source = tmp_path / "s.pdf"
    source.write_bytes(b"%PDF-1.7")
    refusals = [
        lambda: store.tenant_dir(bad),
        lambda: store.list_files(bad),
        lambda: store.put(bad, source),
        lambda: store.quarantine(bad, str(source), "x"),
        lambda: store.quarantined(bad),
        lambda: warehouse.partition_path("transactions", bad, PERIOD),
        lambda: warehouse.read_partition("transactions", bad, PERIOD),
        lambda: warehouse.partitions("transactions", bad),
        lambda: warehouse.connect_tenant(bad),
        lambda: warehouse.document_path("contracts", bad, PERIOD, "monthly_account"),
        lambda: tenant_period(bad, PERIOD),
        lambda: partition_from_key(f"2025-01-01|{bad}"),
        lambda: monthly_run_requests([bad], PERIOD),
        lambda: (
            ReportStoreResource(root=str(tmp_path))
            .get_store()
            .folder_path(bad, "2025-01", "t", "combined")
        ),
        lambda: ReportStoreResource(root=str(tmp_path)).get_store().list_reports(bad, "2025-01"),
        lambda: TemplateLibraryResource(root=str(BUILTIN_TEMPLATES)).tenant_file(bad, "x.yaml"),
        lambda: ExtractionResource().password_for(bad),
        lambda: ExtractionResource(passwords=json.dumps({bad: "pw"})).password_for("acme"),
        lambda: DataSourcesResource(tenant_urls=json.dumps({bad: "sqlite://"})).source_for(
            "acme", warehouse
        ),
    ]
    for index, refuse in enumerate(refusals):
        with pytest.raises((TenantKeyError, ValueError)):
            refuse()
            pytest.fail(f"refusal #{index} accepted tenant key {bad!r}")
    assert not (neurareport_home / "inbox").joinpath("acme").exists()
    assert list((neurareport_home / "inbox").iterdir()) == []


@pytest.mark.parametrize("bad", ["../acme", "ACME", "a b"])
def test_the_cli_refuses_bad_tenant_keys(bad, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NEURAREPORT_HOME", str(tmp_path))
    source = tmp_path / "s.pdf"
    source.write_bytes(b"%PDF-1.7")
    assert cli_main(["upload", "--tenant", bad, str(source)]) != 0
    assert cli_main(["export", "--tenant", bad, "--period", "2025-01"]) != 0
    assert "invalid tenant key" in capsys.readouterr().err
    assert not (tmp_path / "inbox").exists() or list((tmp_path / "inbox").iterdir()) == []


@pytest.mark.parametrize("bad", ["ACME", "a b", "../acme"])
def test_a_run_for_a_bad_tenant_partition_fails_before_touching_files(
    bad, resources, neurareport_home
):
    with dg.instance_for_test() as instance:
        # Dagster itself would accept the key; the sensor never adds one, and the asset refuses it
        instance.add_dynamic_partitions("tenant", [bad])
        key = dg.MultiPartitionKey({TENANT_DIMENSION: bad, "period": "2025-01-01"})
        result = dg.materialize(
            [statement_files],
            resources=resources,
            partition_key=key,
            instance=instance,
            raise_on_error=False,
        )
    assert not result.success
    failure = result.failure_data_for_node("statement_files")
    assert "invalid tenant key" in failure.error.cause.message
    assert not (neurareport_home / "data").exists()
