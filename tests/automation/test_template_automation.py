"""An edited template re-maps and re-renders that template only, for the reporting period."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import dagster as dg
import pytest

from neurareport_assets.defs.contracts.assets import build_report_contracts
from neurareport_assets.defs.extraction.assets import extracted_tables
from neurareport_assets.defs.intake.assets import statement_files
from neurareport_assets.defs.ledger.assets import transactions
from neurareport_assets.defs.reports.assets import build_rendered_reports
from neurareport_assets.defs.templates.assets import (
    FINGERPRINT,
    build_template_watcher,
    scan_templates,
    template_spec,
)
from neurareport_assets.partitions import tenant_period
from neurareport_assets.report_templates import contract_key, report_key, template_key
from neurareport_resources.resources import TemplateLibraryResource
from neurareport_resources.settings import BUILTIN_TEMPLATES, local_resources
from neurareport_resources.warehouse import Warehouse

TEMPLATES = ["monthly_account", "summary"]
OLD, RECENT = date(2025, 1, 1), date(2025, 3, 1)
# April 2025 is the newest month then: March is the reporting period, January is history
NOW = datetime(2025, 4, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """Two templates: the built-in one and a copy of it named ``summary``."""
    root = tmp_path / "templates"
    for name in TEMPLATES:
        shutil.copytree(BUILTIN_TEMPLATES / "monthly_account", root / name)
    return root


@pytest.fixture
def graph(library: Path, neurareport_home: Path):
    assets = [
        statement_files,
        extracted_tables,
        transactions,
        build_report_contracts(TEMPLATES),
        build_rendered_reports(TEMPLATES),
    ]
    resources = local_resources(neurareport_home, templates_root=library)
    definitions = dg.Definitions(
        assets=[*assets, *(template_spec(name) for name in TEMPLATES)], resources=resources
    )
    return assets, resources, definitions


def _tick(watcher: dg.SensorDefinition, instance: dg.DagsterInstance, library: Path) -> list:
    """One watcher tick; its events are recorded as the daemon would record them."""
    result = watcher(
        dg.build_sensor_context(
            instance=instance, resources={"templates": TemplateLibraryResource(root=str(library))}
        )
    )
    events = list(result.asset_events)
    for event in events:
        instance.report_runless_asset_event(event)
    return events


def _requested(result) -> set[tuple[str, str]]:
    return {
        (r.key.to_user_string(), str(pk))
        for r in result.results
        for pk in r.true_subset.expensively_compute_partition_keys()
    }


def test_an_edited_template_rematerializes_that_template_for_the_reporting_period_only(
    graph, library, drop_statement, neurareport_home
):
    assets, resources, definitions = graph
    watcher = build_template_watcher(TEMPLATES)
    for month in (OLD, RECENT):
        drop_statement("acme", month, folder=f"{month:%Y-%m}")
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("tenant", ["acme"])
        # the watcher's first tick records both templates as they are
        assert {e.asset_key for e in _tick(watcher, instance, library)} == {
            template_key(name) for name in TEMPLATES
        }
        for month in (OLD, RECENT):
            key = tenant_period("acme", month).partition_key
            assert dg.materialize(
                assets, resources=resources, partition_key=key, instance=instance
            ).success
        first = dg.evaluate_automation_conditions(
            defs=definitions, instance=instance, evaluation_time=NOW
        )
        assert first.total_requested == 0
        assert _tick(watcher, instance, library) == []  # nothing changed, nothing reported

        # an analyst edits the summary template's stylesheet
        css = library / "summary" / "style.css"
        css.write_text(css.read_text() + "\nh1 { letter-spacing: 0.02em; }\n")
        (event,) = _tick(watcher, instance, library)
        assert event.asset_key == template_key("summary")
        assert event.metadata[FINGERPRINT].value != event.metadata["previous_fingerprint"].value

        second = dg.evaluate_automation_conditions(
            defs=definitions, instance=instance, evaluation_time=NOW, cursor=first.cursor
        )
        recent = str(tenant_period("acme", RECENT).partition_key)
        # one tick requests the template's contract and, behind it, its report: one run
        assert _requested(second) == {
            ("report_contracts/summary", recent),
            ("rendered_reports/summary", recent),
        }

        # that run selects those two assets; the other template is untouched
        warehouse = Warehouse(str(neurareport_home / "data" / "warehouse"))
        untouched = warehouse.read_document("report_manifests", "acme", RECENT, "monthly_account")
        before = warehouse.read_document("report_manifests", "acme", RECENT, "summary")
        result = dg.materialize(
            assets,
            selection=[contract_key("summary"), report_key("summary")],
            resources=resources,
            partition_key=recent,
            instance=instance,
        )
        assert result.success
        assert {e.asset_key for e in result.get_asset_materialization_events()} == {
            contract_key("summary"),
            report_key("summary"),
        }
        after = warehouse.read_document("report_manifests", "acme", RECENT, "summary")
        changed = {m["format"] for m in before["files"]} - {
            m["format"] for m in before["files"] if m in after["files"]
        }
        assert {"pdf", "html"} <= changed  # the new stylesheet is in the new files
        assert (
            warehouse.read_document("report_manifests", "acme", RECENT, "monthly_account")
            == untouched
        )
        third = dg.evaluate_automation_conditions(
            defs=definitions, instance=instance, evaluation_time=NOW, cursor=second.cursor
        )
        assert third.total_requested == 0  # January keeps what was rendered and sent


def test_the_watcher_names_missing_and_new_template_folders(library: Path):
    folders = TemplateLibraryResource(root=str(library)).template_dirs()
    shutil.rmtree(library / "summary")
    scan = scan_templates(
        TemplateLibraryResource(root=str(library)).template_dirs(),
        watched=["summary", "gone"],
        last_recorded={},
    )
    assert scan.missing == ["summary", "gone"]
    assert scan.unknown == ["monthly_account"]  # a folder without assets: reload needed
    assert "summary" in folders


def test_every_file_of_a_template_counts_as_an_edit(library: Path):
    folders = TemplateLibraryResource(root=str(library)).template_dirs()
    before = scan_templates(folders, TEMPLATES, {}).changed
    (library / "monthly_account" / "validation.yaml").write_text("rules: []\n")
    (library / "summary" / ".editor-swap").write_text("ignored")  # hidden files do not count
    after = scan_templates(folders, TEMPLATES, before)
    assert list(after.changed) == ["monthly_account"] and after.unchanged == ["summary"]
