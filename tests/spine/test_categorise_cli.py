"""Teaching categories: the uncategorised list, a rule added from it, applied on the next run."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import dagster as dg
import pytest

from neurareport_assets.cli import main
from neurareport_assets.defs.extraction.assets import extracted_tables
from neurareport_assets.defs.intake.assets import statement_files
from neurareport_assets.defs.ledger.assets import transactions
from neurareport_assets.partitions import tenant_period
from neurareport_resources.analysis import categorize
from neurareport_resources.analysis.synthetic import described_rows, ledger_table
from neurareport_resources.settings import BUILTIN_TEMPLATES, local_resources
from neurareport_resources.warehouse import Warehouse

from .conftest import PERIOD, TENANT


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A copy of the template library: the CLI writes tenant rules into it."""
    root = tmp_path / "templates"
    shutil.copytree(BUILTIN_TEMPLATES, root)
    return root


@pytest.fixture
def run_cli(monkeypatch, capsys):
    """``neurareport`` in this process (the subcommand is plain Python; no Dagster run)."""

    def run(*args: str, home: Path, library: Path) -> subprocess.CompletedProcess:
        monkeypatch.setenv("NEURAREPORT_HOME", str(home))
        monkeypatch.setenv("NEURAREPORT_ENV", "local")
        monkeypatch.setenv("NEURAREPORT_TEMPLATES_DIR", str(library))
        code = main(list(args))
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(args, code, out, err)

    return run


def _store_ledger(home: Path, rows: list[tuple[str, str]]) -> None:
    raw = described_rows(rows, PERIOD, tenant=TENANT)
    import duckdb

    conn = duckdb.connect()
    conn.register("raw", ledger_table(raw))
    Warehouse(str(home / "data" / "warehouse")).write_partition(
        "transactions", TENANT, PERIOD, categorize(conn, "raw")
    )


def test_uncategorised_list_and_a_rule_added_from_it(neurareport_home, library, run_cli):
    _store_ledger(
        neurareport_home,
        [
            ("Gehalt Mustermann GmbH", "3100.00"),
            ("WIDGETWERK KG 4711", "-120.00"),
            ("WIDGETWERK KG 4712", "-80.50"),
            ("Kontoführungsgebühr", "-9.90"),
        ],
    )
    done = run_cli(
        "categorise",
        "uncategorised",
        "--tenant",
        TENANT,
        "--period",
        "2025-01",
        home=neurareport_home,
        library=library,
    )
    assert done.returncode == 0, done.stderr
    (month,) = json.loads(done.stdout)["months"]
    assert (month["period"], month["rows"], month["total_rows"]) == ("2025-01", 2, 4)
    assert month["money_out"] == "-200.50"
    (payee,) = month["counterparties"]
    assert payee["counterparty"] == "WIDGETWERK KG"
    assert "--match 'WIDGETWERK KG'" in payee["add_rule"]

    rules_file = library / "tenants" / TENANT / "categories.yaml"
    before = rules_file.read_text(encoding="utf-8")
    done = run_cli(
        "categorise",
        "add",
        "--tenant",
        TENANT,
        "--on",
        "counterparty",
        "--match",
        "WIDGETWERK KG",
        "--direction",
        "out",
        "--category",
        "materials",
        home=neurareport_home,
        library=library,
    )
    assert done.returncode == 0, done.stderr
    added = json.loads(done.stdout)
    assert added["uncategorised_rows_it_would_categorise"] == {"2025-01": 2}
    assert added["rule"] == {
        "name": "widgetwerk-kg",
        "category": "materials",
        "counterparty": "WIDGETWERK\\ KG",
        "direction": "out",
    }
    after = rules_file.read_text(encoding="utf-8")
    # appended: the analyst's comments and earlier rules are still there, unchanged
    assert after.startswith(before)
    listed = json.loads(
        run_cli(
            "categorise", "list", "--tenant", TENANT, home=neurareport_home, library=library
        ).stdout
    )
    assert listed["rules"][-1]["rule_name"] == "tenant:widgetwerk-kg"

    # the same name twice is refused, and the file is left as it was
    again = run_cli(
        "categorise",
        "add",
        "--tenant",
        TENANT,
        "--match",
        "WIDGETWERK",
        "--name",
        "widgetwerk-kg",
        "--category",
        "x",
        home=neurareport_home,
        library=library,
    )
    assert again.returncode == 2 and "exists already" in again.stderr
    assert rules_file.read_text(encoding="utf-8") == after


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--tenant", "ACME", "--match", "X", "--category", "c"], "tenant"),
        (["--tenant", TENANT, "--match", "  ", "--category", "c"], "--match is empty"),
        (["--tenant", TENANT, "--match", "(?=X)", "--regex", "--category", "c"], "RE2"),
        (["--tenant", TENANT, "--match", "X", "--category", "c", "--min-amount", "ten"], "number"),
    ],
)
def test_bad_rules_are_refused_before_anything_is_written(
    neurareport_home, library, run_cli, args, fragment
):
    rules_file = library / "tenants" / TENANT / "categories.yaml"
    before = rules_file.read_text(encoding="utf-8")
    done = run_cli("categorise", "add", *args, home=neurareport_home, library=library)
    assert done.returncode == 2
    assert fragment in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert rules_file.read_text(encoding="utf-8") == before


def test_a_new_tenant_file_is_created_and_applied_on_the_next_materialization(
    neurareport_home, library, run_cli, statement
):
    """A rule taught from the command line changes the categories of the next run."""
    tenant_dir = library / "tenants" / TENANT
    shutil.rmtree(tenant_dir)  # the tenant has no rules yet
    resources = local_resources(neurareport_home, templates_root=library)
    key = tenant_period(TENANT, PERIOD).partition_key
    assets = [statement_files, extracted_tables, transactions]
    with dg.DagsterInstance.ephemeral() as instance:
        instance.add_dynamic_partitions("tenant", [TENANT])
        assert dg.materialize(
            assets, resources=resources, partition_key=key, instance=instance
        ).success
        wh = Warehouse(str(neurareport_home / "data" / "warehouse"))
        first = wh.read_partition("transactions", TENANT, PERIOD).to_pylist()
        coffee = [r for r in first if "COSTA COFFEE" in r["description"]]
        assert coffee and {r["category"] for r in coffee} == {"eating out"}

        done = run_cli(
            "categorise",
            "add",
            "--tenant",
            TENANT,
            "--match",
            "costa coffee",
            "--category",
            "staff welfare",
            home=neurareport_home,
            library=library,
        )
        assert done.returncode == 0, done.stderr
        assert (tenant_dir / "categories.yaml").is_file()

        assert dg.materialize(
            [transactions], resources=resources, partition_key=key, instance=instance
        ).success
        second = wh.read_partition("transactions", TENANT, PERIOD).to_pylist()
    coffee = [r for r in second if "COSTA COFFEE" in r["description"]]
    assert {r["category"] for r in coffee} == {"staff welfare"}
    assert {r["category_rule"] for r in coffee} == {"tenant:costa-coffee"}
    # nothing else moved
    others = {(r["row_no"], r["category"]) for r in first if "COSTA COFFEE" not in r["description"]}
    assert others == {
        (r["row_no"], r["category"]) for r in second if "COSTA COFFEE" not in r["description"]
    }
