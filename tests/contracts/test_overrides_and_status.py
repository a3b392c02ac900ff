"""Analyst overrides, statuses, SQL safety and bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from neurareport_resources.contracts import (
    ContractError,
    ContractStatus,
    HeuristicMapper,
    apply_overrides,
    propose_contract,
    validate_contract,
)
from neurareport_resources.datasources import DataSourceError, DuckDBSource, SqlAlchemySource
from neurareport_resources.templating import load_template


@pytest.fixture
def template_copy(monthly_account_dir: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "monthly_account"
    shutil.copytree(monthly_account_dir, dest)
    return dest


def test_heuristic_contract_is_draft_and_approval_comes_from_the_file(
    template_copy: Path, warehouse: DuckDBSource
) -> None:
    template = load_template(template_copy)
    contract = propose_contract(template, warehouse, HeuristicMapper())
    assert contract.status == ContractStatus.DRAFT, contract.review_reasons
    (template_copy / "overrides.yaml").write_text("status: approved\n")
    approved = propose_contract(load_template(template_copy), warehouse, HeuristicMapper())
    assert approved.status == ContractStatus.APPROVED
    assert all(m.approved for m in approved.mappings)


def test_override_targets_are_applied_and_validated(template_copy: Path, warehouse) -> None:
    (template_copy / "overrides.yaml").write_text(
        "tokens:\n"
        "  account_holder: LITERAL:Jane Q. Roe\n"
        "  currency: UNRESOLVED\n"
        "  total_debits:\n"
        '    target: "SQL:SUM(CASE WHEN transactions.amount < 0 THEN -transactions.amount END)"\n'
        "    formatter: money\n"
        "  closing_balance: approved\n"
    )
    contract = propose_contract(load_template(template_copy), warehouse, HeuristicMapper())
    assert contract.mapping_for("account_holder").target == "LITERAL:Jane Q. Roe"
    assert contract.mapping_for("account_holder").origin == "override"
    assert contract.mapping_for("currency").target == "UNRESOLVED"
    assert contract.mapping_for("closing_balance").approved
    assert contract.errors == [] and contract.sql_valid
    # an approved UNRESOLVED is a decision; this one is not approved by status, so review
    assert contract.status == ContractStatus.NEEDS_REVIEW or contract.coverage < 1
    assert contract.coverage < 1.0


def test_override_pointing_at_a_missing_column_needs_review(template_copy: Path, warehouse) -> None:
    (template_copy / "overrides.yaml").write_text("account_holder: statements.owner_name\n")
    contract = propose_contract(load_template(template_copy), warehouse, HeuristicMapper())
    assert contract.status == ContractStatus.NEEDS_REVIEW
    assert any("statements.owner_name does not exist" in e for e in contract.errors)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('"statements.holder; DROP TABLE statements"', "is not table.column"),
        ('"SQL:1; DROP TABLE statements"', "exactly one expression expected"),
        ('"SQL:(SELECT password FROM users)"', "statements and subqueries are not allowed"),
        ("\"SQL:holder' OR '1'='1\"", "does not parse|is not allowed|not found"),
        ('"PARAM:__import__"', "unknown parameter"),
    ],
)
def test_sql_injection_in_override_file_is_refused(
    template_copy: Path, warehouse, value: str, message: str
) -> None:
    path = template_copy / "overrides.yaml"
    path.write_text(f"account_holder: {value}\n")
    template = load_template(template_copy)
    proposal = HeuristicMapper().propose(template, warehouse.discover_schema())
    try:
        contract = apply_overrides(proposal, path)
    except ContractError as exc:
        assert "overrides.yaml: token account_holder" in str(exc)
        assert __import__("re").search(message, str(exc))
        return
    validation = validate_contract(contract, warehouse)
    assert not validation.ok and not validation.sql_valid
    assert __import__("re").search(message, " ".join(validation.errors))


def test_dangerous_functions_are_refused(warehouse, template_copy: Path) -> None:
    template = load_template(template_copy)
    proposal = HeuristicMapper().propose(template, warehouse.discover_schema())
    for expr in (
        "read_csv('/etc/passwd')",
        "pg_read_file('/etc/passwd')",
        "sleep(10)",
        "load_file('/etc/passwd')",
    ):
        path = template_copy / "overrides.yaml"
        path.write_text(f'account_holder: "SQL:{expr}"\n')
        contract = apply_overrides(proposal, path)
        validation = validate_contract(contract, warehouse)
        assert not validation.sql_valid, expr
        assert any("is not allowed" in e for e in validation.errors), validation.errors


def test_unknown_token_and_bad_yaml_name_the_file(template_copy: Path, warehouse) -> None:
    template = load_template(template_copy)
    proposal = HeuristicMapper().propose(template, warehouse.discover_schema())
    path = template_copy / "overrides.yaml"
    path.write_text("acount_holder: statements.holder\n")
    with pytest.raises(ContractError, match=r"overrides\.yaml: token acount_holder: no such token"):
        apply_overrides(proposal, path)
    path.write_text("tokens: [unclosed\n")
    with pytest.raises(ContractError, match=r"overrides\.yaml: not valid YAML at line"):
        apply_overrides(proposal, path)


def test_refused_connection_is_a_one_line_error() -> None:
    source = SqlAlchemySource("postgresql://postgres@127.0.0.1:1/none", name="tenant_db")
    with pytest.raises(DataSourceError) as info:
        source.discover_schema()
    text = str(info.value)
    assert "\n" not in text
    assert text.startswith("data source tenant_db (postgresql://postgres@127.0.0.1:1/none)")
    assert "is the server running" in text


def test_sources_refuse_writes(warehouse: DuckDBSource, tmp_path: Path) -> None:
    for sql in (
        "DELETE FROM transactions",
        "SELECT 1; DROP TABLE statements",
        "CREATE TABLE x AS SELECT 1",
        "COPY transactions TO '/tmp/x.csv'",
    ):
        with pytest.raises(DataSourceError):
            warehouse.query(sql, {})
    import sqlite3

    db = tmp_path / "t.db"
    with sqlite3.connect(db) as con:
        con.execute("CREATE TABLE t (a INTEGER)")
    source = SqlAlchemySource(f"sqlite:///{db}")
    # the read-only file mode blocks writes even if the SQL check were bypassed
    with pytest.raises(DataSourceError, match=r"readonly|read-only|only SELECT"):
        source.query("INSERT INTO t VALUES (1)", {})
    assert source.query("SELECT COUNT(*) AS n FROM t WHERE a > :x", {"x": 0}) == [{"n": 0}]


def test_approval_is_bound_to_the_fingerprint(template_copy: Path, warehouse) -> None:
    first = propose_contract(load_template(template_copy), warehouse, HeuristicMapper())
    overrides = template_copy / "overrides.yaml"
    overrides.write_text(f"status: approved\nfingerprint: {first.fingerprint}\n")
    approved = propose_contract(load_template(template_copy), warehouse, HeuristicMapper())
    assert approved.status == ContractStatus.APPROVED
    # the template changes after approval: a new token appears, the approval is stale
    main = next(template_copy.glob("*.html"))
    main.write_text(main.read_text() + "<p>Branch: {{ branch_name }}</p>")
    stale = propose_contract(load_template(template_copy), warehouse, HeuristicMapper())
    assert stale.status == ContractStatus.NEEDS_REVIEW
    assert any("update the fingerprint" in r for r in stale.review_reasons)
