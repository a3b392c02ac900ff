"""Validation rules with severities, run before rendering and delivery, as asset checks."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import dagster as dg
import openpyxl

from neurareport_resources.settings import BUILTIN_TEMPLATES, local_resources

from .conftest import TENANT
from .test_pipeline import PARTITION, materialize_all


def resources_with_rules(home: Path, tmp_path: Path, rules: str) -> dict:
    root = tmp_path / "templates"
    shutil.copytree(BUILTIN_TEMPLATES / "monthly_account", root / "monthly_account")
    (root / "tenants" / TENANT).mkdir(parents=True)
    (root / "tenants" / TENANT / "validation.yaml").write_text(rules)
    return local_resources(home, templates_root=root)


def checks_of(result) -> dict[str, bool]:
    return {e.check_name: e.passed for e in result.get_asset_check_evaluations()}


def test_a_blocking_rule_stops_the_report_and_its_delivery(
    instance, statement, neurareport_home, tmp_path
):
    assert materialize_all(local_resources(neurareport_home), instance).success
    folder = neurareport_home / "reports" / TENANT / "2025-01" / "monthly_account"
    before = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}

    resources = resources_with_rules(
        neurareport_home,
        tmp_path,
        "rules:\n  - name: no-rent\n    severity: BLOCKING\n"
        "    description: rent must be approved first\n    where: amount < 0\n",
    )
    result = dg.materialize(
        [a for a in _assets() if a.key.path[-1] != "delivered_reports"],
        resources=resources,
        partition_key=PARTITION.partition_key,
        instance=instance,
        raise_on_error=False,
    )
    assert checks_of(result)["validation_blocking"] is False
    metadata = result.asset_materializations_for_node("rendered_reports")[0].metadata
    assert "no-rent" in str(metadata["blocked"].value)
    # the last good report is still there, byte for byte
    assert {
        p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    } == before


def test_correctable_rows_are_set_aside_and_warnings_reported(
    instance, statement, neurareport_home, tmp_path
):
    _, truth = statement
    big = max(truth.transactions, key=lambda t: abs(t.amount))
    resources = resources_with_rules(
        neurareport_home,
        tmp_path,
        "rules:\n"
        "  - name: needs-receipt\n    severity: CORRECTABLE\n"
        "    description: payments this large need a receipt first\n"
        f"    where: abs(amount) >= {abs(big.amount)}\n"
        "  - name: any-income\n    severity: WARNING\n"
        "    description: income is reviewed\n    where: amount > 0\n",
    )
    result = materialize_all(resources, instance)
    assert result.success
    checks = checks_of(result)
    assert checks["validation_blocking"] is True
    assert checks["rows_set_aside"] is False and checks["validation_warnings"] is False

    folder = neurareport_home / "reports" / TENANT / "2025-01" / "monthly_account"
    with open(next(folder.rglob("*.csv")), newline="") as handle:
        amounts = [row["amount"] for row in csv.DictReader(handle)]
    assert len(amounts) == len(truth.transactions) - 1
    assert str(big.amount) not in amounts
    book = openpyxl.load_workbook(next(folder.rglob("*.xlsx")), read_only=True)
    exception_text = " ".join(
        str(c) for row in book["Exceptions"].iter_rows(values_only=True) for c in row
    )
    assert "needs-receipt" in exception_text and "any-income" in exception_text
    validation_text = " ".join(
        str(c) for row in book["Validation"].iter_rows(values_only=True) for c in row
    )
    assert "needs-receipt" in validation_text


def _assets():
    from .test_pipeline import ALL_ASSETS

    return ALL_ASSETS
