"""Categorisation: the rules in ``sql/`` plus a tenant's YAML overrides, applied in DuckDB."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from neurareport_resources.analysis.sqlfiles import load_sql, relation_name, with_history
from neurareport_resources.ledger import to_money

# DuckDB and pyarrow are imported where used: the package imports this module eagerly
# (its `categorize` function shares the module's name) and the render worker imports the
# package to unpickle a report's figures, never running a query
if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa

UNCATEGORISED = "uncategorised"
NO_RULE = "none"
# tenant rules sort before every built-in rule (built-ins start at 100, categorize.sql
# treats a priority below it as a tenant rule)
BUILTIN_PRIORITY = 100
_TENANT_PRIORITY_BASE = 10
_MAX_TENANT_RULES = 89
_DIRECTIONS = ("in", "out", "any")
_RULE_KEYS = {
    "name",
    "category",
    "keyword",
    "counterparty",
    "direction",
    "min_amount",
    "max_amount",
}


class CategoryRulesError(ValueError):
    """A tenant's categories.yaml that cannot be used; the message names the file and rule."""


def prepare_connection(conn: duckdb.DuckDBPyConnection) -> None:
    """Create the SQL macros the analysis queries use (idempotent, per connection)."""
    conn.execute(load_sql("counterparty.sql"))


def load_tenant_rules(path: Path) -> list[dict[str, Any]]:
    """Read and validate a tenant's ``categories.yaml``.

    The file holds ``rules:``, a list of mappings with ``name``, ``category``, one of
    ``keyword`` (regex on the description) or ``counterparty`` (regex on the
    normalised counterparty) or neither (amount-only), optional ``direction``
    (in/out/any) and ``min_amount``/``max_amount`` bounds on the absolute amount.
    Rules are returned in file order; the first listed wins among tenant rules.
    """
    path = Path(path)
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise CategoryRulesError(f"{path}: not valid YAML ({exc}); fix the syntax") from exc
    rules = document.get("rules") if isinstance(document, dict) else None
    if not isinstance(rules, list):
        raise CategoryRulesError(f"{path}: expected a top-level 'rules:' list of mappings")
    if len(rules) > _MAX_TENANT_RULES:
        raise CategoryRulesError(
            f"{path}: {len(rules)} rules, at most {_MAX_TENANT_RULES} are allowed; merge patterns"
        )
    checked = []
    for index, rule in enumerate(rules, start=1):
        where = f"{path}: rule {index}"
        if not isinstance(rule, dict):
            raise CategoryRulesError(f"{where}: expected a mapping with name and category")
        unknown = set(rule) - _RULE_KEYS
        if unknown:
            raise CategoryRulesError(
                f"{where}: unknown keys {sorted(unknown)}; allowed: {sorted(_RULE_KEYS)}"
            )
        category = rule.get("category")
        if not isinstance(category, str) or not category.strip():
            raise CategoryRulesError(f"{where}: 'category' must be a non-empty string")
        name = str(rule.get("name") or f"rule-{index}")
        if rule.get("keyword") and rule.get("counterparty"):
            raise CategoryRulesError(f"{where}: give either 'keyword' or 'counterparty', not both")
        kind, pattern = "amount", None
        for key in ("keyword", "counterparty"):
            if rule.get(key):
                kind, pattern = key, str(rule[key])
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise CategoryRulesError(
                        f"{where}: {key} pattern {pattern!r} is not a valid regex ({exc})"
                    ) from exc
        direction = str(rule.get("direction", "any"))
        if direction not in _DIRECTIONS:
            raise CategoryRulesError(f"{where}: direction must be one of {_DIRECTIONS}")
        bounds = {}
        for key in ("min_amount", "max_amount"):
            value = rule.get(key)
            try:
                bounds[key] = None if value is None else to_money(Decimal(str(value)))
            except (InvalidOperation, ValueError) as exc:
                raise CategoryRulesError(f"{where}: {key} {value!r} is not a number") from exc
        if kind == "amount" and bounds["min_amount"] is None and bounds["max_amount"] is None:
            raise CategoryRulesError(
                f"{where}: give a keyword, a counterparty or an amount range, else it matches all"
            )
        checked.append(
            {
                "priority": _TENANT_PRIORITY_BASE + index,
                "rule_name": f"tenant:{name}",
                "category": category.strip(),
                "match_kind": kind,
                "pattern": pattern,
                "direction": direction,
                **bounds,
            }
        )
    return checked


def _install_rules(conn: duckdb.DuckDBPyConnection, tenant_rules: Path | None) -> None:
    conn.execute(load_sql("category_rules.sql"))
    if tenant_rules is None:
        return
    rules = load_tenant_rules(tenant_rules)
    for rule in rules:
        # parameters, not string splicing: patterns come from a tenant-edited file
        conn.execute(
            "INSERT INTO nr_category_rules VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                rule["priority"],
                rule["rule_name"],
                rule["category"],
                rule["match_kind"],
                rule["pattern"],
                rule["direction"],
                rule["min_amount"],
                rule["max_amount"],
            ],
        )
        check_re2(conn, rule, tenant_rules)


def check_re2(conn: duckdb.DuckDBPyConnection, rule: dict[str, Any], path: Path) -> None:
    """Refuse a pattern Python accepts but DuckDB's RE2 does not (look-arounds, …)."""
    if rule["pattern"] is None:
        return
    import duckdb

    try:
        conn.execute("SELECT regexp_matches('', ?)", [rule["pattern"]]).fetchall()
    except duckdb.Error as exc:
        raise CategoryRulesError(
            f"{path}: rule {rule['rule_name']!r}: pattern not accepted by "
            f"DuckDB's RE2 ({exc}); simplify it (no look-arounds or back-references)"
        ) from exc


def categorize(
    conn: duckdb.DuckDBPyConnection,
    ledger: str,
    *,
    tenant_rules: Path | None = None,
    history: str | None = None,
) -> pa.Table:
    """Return ``ledger`` with ``category`` and ``category_rule`` filled on every row.

    ``ledger`` names a relation with the ``LEDGER_SCHEMA`` columns. The built-in rules
    come from ``sql/category_rules.sql``; ``tenant_rules`` (a ``categories.yaml``)
    adds rules that win over them. Every row of a counterparty gets one category unless
    a tenant rule splits it (see ``sql/categorize.sql``). ``history`` optionally names a
    relation with the tenant's earlier months: a payment that recurs across months is
    then recognised in the first month it shows in ``ledger``. A row no rule matches
    gets ``uncategorised`` and rule ``none``. The row order of ``ledger`` is kept.
    """
    relation = relation_name(ledger)
    prepare_connection(conn)
    _install_rules(conn, Path(tenant_rules) if tenant_rules is not None else None)
    query = load_sql(
        "categorize.sql",
        ledger=relation,
        sql_recurring=load_sql("recurring.sql", sql_ledger=with_history(relation, history)),
        sql_rule_index=_rule_index_expression(conn),
    )
    table = conn.sql(query).to_arrow_table()
    return _conform(table)


def _literal(text: str) -> str:
    # a SQL string literal: DuckDB strings have no backslash escapes, only doubled quotes
    return "'" + text.replace("'", "''") + "'"


def rule_condition(
    priority: int,
    kind: str,
    pattern: str | None,
    direction: str,
    low: Decimal | None,
    high: Decimal | None,
) -> str:
    """The SQL condition of one rule over a row ``f`` with ``amount``, ``description``,
    ``nr_text`` (folded description), ``nr_cp`` (counterparty) and ``nr_is_recurring``."""
    conditions = []
    if direction == "in":
        conditions.append("f.amount > 0")
    elif direction == "out":
        conditions.append("f.amount < 0")
    if low is not None:
        conditions.append(f"abs(f.amount) >= {Decimal(low):f}")
    if high is not None:
        conditions.append(f"abs(f.amount) <= {Decimal(high):f}")
    if kind == "keyword" and pattern is not None:
        folded = f"regexp_matches(f.nr_text, {_literal(pattern)}, 'i')"
        if priority < BUILTIN_PRIORITY:
            # a tenant writes 'Bäckerei' or 'BACKEREI': either spelling matches
            raw = f"regexp_matches(f.description, {_literal(pattern)}, 'i')"
            folded = f"({raw} OR {folded})"
        conditions.append(folded)
    elif kind == "counterparty" and pattern is not None:
        conditions.append(f"regexp_matches(f.nr_cp, {_literal(pattern)}, 'i')")
    elif kind == "recurring":
        conditions.append("f.nr_is_recurring")
    return " AND ".join(conditions) or "true"


def _rule_index_expression(conn: duckdb.DuckDBPyConnection) -> str:
    """A CASE giving each row the 1-based index of the first matching rule (or NULL).

    Constant patterns let DuckDB compile each regex once instead of once per row
    (a join against the rules table was ~50x slower).
    """
    rules = conn.execute(
        "SELECT priority, match_kind, pattern, direction, min_amount, max_amount "
        "FROM nr_category_rules ORDER BY priority, rule_name"
    ).fetchall()
    branches = [
        f"WHEN {rule_condition(*rule)} THEN {index}" for index, rule in enumerate(rules, start=1)
    ]
    if not branches:
        return "CAST(NULL AS BIGINT)"
    return "CASE " + " ".join(branches) + " END"


def _conform(table: pa.Table) -> pa.Table:
    """Cast to LEDGER_SCHEMA (DuckDB reports every column nullable)."""
    import pyarrow as pa

    from neurareport_resources.ledger import LEDGER_SCHEMA

    columns = [table.column(field.name).cast(field.type) for field in LEDGER_SCHEMA]
    return pa.Table.from_arrays(columns, schema=LEDGER_SCHEMA)
