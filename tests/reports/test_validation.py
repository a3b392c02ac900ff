"""Validation rules: severities decide between blocking, warning and setting rows aside."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from neurareport_resources.validation_rules import (
    Severity,
    ValidationRuleError,
    load_rules,
    rules_for,
    run_validation,
    set_aside,
)


def test_a_clean_month_passes_every_builtin_rule(conn) -> None:
    outcome = run_validation(conn, "ledger", "statements")
    assert [r.rule for r in outcome.results if not r.passed] == []
    assert not outcome.blocked and outcome.exceptions() == []
    assert outcome.summary().startswith("8 rules: 8 passed")


def _broken_month(month) -> tuple[list[dict], dict]:
    rows, header = month
    rows = [dict(r) for r in rows]
    rows[5]["txn_date"] = dt.date(2025, 4, 3)  # outside March: correctable
    rows[6]["description"] = "   "  # empty: correctable
    rows[7]["balance"] = rows[7]["balance"] + Decimal("1.00")  # chain broken: warning
    return rows, header


def test_severities_block_warn_and_set_aside(loader, month) -> None:
    conn = duckdb.connect()
    rows, header = _broken_month(month)
    loader(conn, [(rows, header)])
    outcome = run_validation(conn, "ledger", "statements")
    failed = {r.rule: r for r in outcome.results if not r.passed}
    assert set(failed) == {"dates-in-period", "description-present", "balance-chain"}
    assert not outcome.blocked
    assert failed["balance-chain"].severity is Severity.WARNING
    # the broken row and the one after it no longer chain
    assert failed["balance-chain"].failing == 2
    assert "2025-04-03" in failed["dates-in-period"].message
    assert outcome.correctable_keys == {
        (rows[5]["statement_id"], rows[5]["page"], rows[5]["row_no"]),
        (rows[6]["statement_id"], rows[6]["page"], rows[6]["row_no"]),
    }
    severities = [e["severity"] for e in outcome.exceptions()]
    assert severities == ["CORRECTABLE", "CORRECTABLE", "WARNING"]

    clean, aside = set_aside(conn, "ledger", outcome)
    assert conn.execute(f"SELECT count(*) FROM {clean}").fetchone()[0] == len(rows) - 2
    assert [a["row_no"] for a in aside] == [rows[5]["row_no"], rows[6]["row_no"]]
    assert aside[0]["source"] == "rule: dates-in-period" and "outside" in aside[0]["message"]
    # rerunning on the clean view: nothing left to set aside
    again = run_validation(conn, clean, "statements")
    assert not again.correctable_keys


def test_currency_mismatch_blocks(loader, month) -> None:
    rows, header = month
    rows = [dict(r) for r in rows]
    rows[0]["currency"] = "EUR"
    conn = duckdb.connect()
    loader(conn, [(rows, header)])
    outcome = run_validation(conn, "ledger", "statements")
    assert outcome.blocked
    assert [r.rule for r in outcome.blocking_failures] == ["currency-consistent"]
    assert outcome.exceptions()[0]["severity"] == "BLOCKING"


def test_template_and_tenant_rules_extend_and_override(tmp_path: Path, conn, template_dir) -> None:
    template = tmp_path / "template"
    tenant = tmp_path / "tenant"
    template.mkdir()
    tenant.mkdir()
    (template / "validation.yaml").write_text(
        "rules:\n"
        "  - name: big-payments\n"
        "    severity: WARNING\n"
        "    description: payments over 1,000 need a second look\n"
        "    where: amount < -1000\n",
        encoding="utf-8",
    )
    (tenant / "validation.yaml").write_text(
        "rules:\n"
        "  - name: big-payments\n"
        "    severity: BLOCKING\n"
        "    description: this tenant never pays over 1,000 without sign-off\n"
        "    sql: |\n"
        "      WITH big AS (SELECT * FROM {ledger} WHERE amount < -1000)\n"
        "      SELECT statement_id, page, row_no, description AS message FROM big\n",
        encoding="utf-8",
    )
    rules = rules_for(template, tenant)
    assert [r.name for r in rules][-1] == "big-payments"
    assert rules[-1].severity is Severity.BLOCKING
    outcome = run_validation(conn, "ledger", "statements", rules)
    assert outcome.blocked
    assert outcome.blocking_failures[0].sample[0]["message"] == "DIRECT DEBIT TO LANDLORD RENT"
    # the built-in template adds one rule of its own
    assert [r.name for r in rules_for(template_dir)][-1] == "balance-printed"
    assert len(rules_for(template_dir)) == 9


@pytest.mark.parametrize(
    ("rule", "fragment"),
    [
        ("  - name: x\n    severity: WARNING\n    sql: DROP TABLE ledger\n", "only SELECT"),
        (
            "  - name: x\n    severity: WARNING\n    sql: SELECT * FROM {ledger}; DELETE FROM x\n",
            "exactly one",
        ),
        (
            "  - name: x\n    severity: WARNING\n    sql: SELECT * FROM read_csv('/etc/passwd')\n",
            "reads outside",
        ),
        ("  - name: x\n    severity: WARNING\n    where: getenv('HOME') <> ''\n", "reads outside"),
        (
            "  - name: x\n    severity: WARNING\n    sql: SELECT * FROM other_table\n",
            "use {ledger}",
        ),
        ("  - name: x\n    severity: FATAL\n    where: amount = 0\n", "severity must be"),
        ("  - name: x\n    severity: WARNING\n", "exactly one of"),
        ("  - name: Bad Name\n    severity: WARNING\n    where: amount = 0\n", "slug"),
        ("  - name: x\n    severity: WARNING\n    where: amount = = 0\n", "does not parse"),
    ],
)
def test_unsafe_or_malformed_rules_are_refused(tmp_path: Path, rule: str, fragment: str) -> None:
    path = tmp_path / "validation.yaml"
    path.write_text("rules:\n" + rule, encoding="utf-8")
    with pytest.raises(ValidationRuleError) as error:
        load_rules(path)
    assert str(path) in str(error.value) and fragment in str(error.value)


def test_a_rule_that_errors_counts_as_failed(tmp_path: Path, conn) -> None:
    path = tmp_path / "validation.yaml"
    path.write_text(
        "rules:\n  - name: typo\n    severity: BLOCKING\n    where: amout = 0\n", encoding="utf-8"
    )
    outcome = run_validation(conn, "ledger", "statements", load_rules(path))
    assert outcome.blocked
    assert "could not run" in outcome.results[0].message


def test_example_tenant_rules_load_and_run(conn, template_dir) -> None:
    tenant_dir = template_dir.parent / "tenants" / "acme"
    rules = rules_for(template_dir, tenant_dir)
    assert rules[-1].name == "large-cash-withdrawal" and rules[-1].origin.endswith(
        "validation.yaml"
    )
    outcome = run_validation(conn, "ledger", "statements", rules)
    assert outcome.results[-1].error is None
