"""The full definitions load, and the two ways to load them agree."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

from neurareport_assets.definitions import defs

IMPORTS_ASSETS = re.compile(r"^\s*(from|import)\s+neurareport_assets\b", re.MULTILINE)
ROOT = Path(__file__).resolve().parents[2]
ASSETS = [
    "statement_files",
    "extracted_tables",
    "transactions",
    "report_contracts/monthly_account",
    "rendered_reports/monthly_account",
    "delivered_reports",
]


def test_full_definitions_load_with_every_resource():
    definitions = defs()
    repository = definitions.get_repository_def()  # resolves resources: a missing key fails here
    keys = {key.to_user_string() for key in repository.asset_graph.get_all_asset_keys()}
    assert set(ASSETS) <= keys
    for name in ASSETS:
        node = repository.asset_graph.get(dg_key(name))
        assert node.partitions_def is not None, name
        assert node.group_name, name
        assert node.owners, name
        assert node.code_version, name
    check_names = {key.name for key in repository.asset_graph.asset_check_keys}
    assert {
        "running_balance_continuous",
        "opening_plus_net_equals_closing",
        "no_duplicate_rows",
        "dates_inside_period",
        "contract_coverage",
        "contract_sql_valid",
    } <= check_names
    assert definitions.resolve_job_def("monthly_reports") is not None
    # the sensors a deployment relies on start running without anyone switching them on
    sensors = {sensor.name: sensor for sensor in repository.sensor_defs}
    for name in ("inbox_sensor", "template_watcher", "automation", "run_failure_notifier"):
        assert sensors[name].default_status.value == "RUNNING", name
    # each template is its own asset at every stage it shapes, fed by the template's folder
    contract = repository.asset_graph.get(dg_key("report_contracts/monthly_account"))
    assert dg_key("templates/monthly_account") in contract.parent_keys
    report = repository.asset_graph.get(dg_key("rendered_reports/monthly_account"))
    assert report.parent_keys == {contract.key}


def dg_key(name: str):
    import dagster as dg

    return dg.AssetKey.from_user_string(name)


def test_workspace_and_dg_point_at_the_same_module():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    dg_module = pyproject["tool"]["dg"]["project"]["code_location_target_module"]
    assert pyproject["tool"]["dg"]["project"]["root_module"] == "neurareport_assets"
    workspace = yaml.safe_load((ROOT / "workspace.yaml").read_text())
    modules = [entry["python_module"]["module_name"] for entry in workspace["load_from"]]
    assert modules == [dg_module]


def test_resources_package_never_imports_the_asset_graph():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "neurareport_resources").rglob("*.py")
        if IMPORTS_ASSETS.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_local_instance_config_loads(tmp_path, monkeypatch):
    import shutil

    import dagster as dg

    shutil.copy(ROOT / "dagster.yaml", tmp_path / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    with dg.DagsterInstance.get() as instance:
        assert instance.run_coordinator.__class__.__name__ == "QueuedRunCoordinator"
        assert "sqlite" in type(instance.run_storage).__name__.lower()
