"""Validation rules with severities, run over the ledger before rendering and delivery.

BLOCKING stops the report; WARNING is listed on the report's exceptions page;
CORRECTABLE rows are set aside (Exceptions sheet) and the report goes out without them.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import sqlglot
import yaml
from sqlglot import exp

from neurareport_resources.analysis.sqlfiles import relation_name

BUILTIN_RULES = Path(__file__).with_name("builtin.yaml")
SAMPLE_LIMIT = 20
KEY_COLUMNS = ("statement_id", "page", "row_no")
# functions that reach outside the ledger (files, network, environment) are refused in rules
_FORBIDDEN_FUNCTION = re.compile(
    r"^(read_|glob$|sniff_|parquet_|getenv$|current_setting$|query$|query_table$|"
    r"iceberg_|delta_|sqlite_|postgres_|mysql_|http|load_|install_|copy)",
    re.IGNORECASE,
)
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.:-]{0,79}$")


class Severity(enum.StrEnum):
    """What a failed rule does to the report."""

    WARNING = "WARNING"
    BLOCKING = "BLOCKING"
    CORRECTABLE = "CORRECTABLE"


class ValidationRuleError(ValueError):
    """A rule file or rule that cannot be used; the message names the file and rule."""


@dataclass(frozen=True)
class ValidationRule:
    """One rule: a row predicate (``where``) or a query (``sql``) whose rows are failures."""

    name: str
    severity: Severity
    description: str = ""
    where: str | None = None
    sql: str | None = None
    origin: str = "builtin"

    def query(self, ledger: str, statements: str) -> str:
        """The SELECT that returns this rule's failing rows."""
        if self.where is not None:
            return (
                "SELECT statement_id, page, row_no, txn_date, description, amount "
                f"FROM {ledger} WHERE ({self.where})"
            )
        assert self.sql is not None
        return self.sql.replace("{ledger}", ledger).replace("{statements}", statements)


@dataclass(frozen=True)
class RuleResult:
    """The outcome of one rule: how many rows failed, a sample, and the ledger keys."""

    rule: str
    severity: Severity
    description: str
    failing: int
    sample: list[dict[str, Any]]
    keys: frozenset[tuple[str, int, int]] = field(default_factory=frozenset)
    error: str | None = None

    @property
    def passed(self) -> bool:
        """True when no row failed and the rule ran."""
        return self.failing == 0 and self.error is None

    @property
    def message(self) -> str:
        """One line for the exceptions page and the Validation sheet."""
        if self.error:
            return f"rule could not run: {self.error}"
        if self.passed:
            return self.description or "passed"
        first = self.sample[0].get("message") if self.sample else None
        detail = f" — e.g. {first}" if first else ""
        return f"{self.failing} failing: {self.description}{detail}"


@dataclass(frozen=True)
class ValidationOutcome:
    """All rule results for one report."""

    results: list[RuleResult]

    @property
    def blocked(self) -> bool:
        """True when a BLOCKING rule failed (or could not run)."""
        return any(r.severity is Severity.BLOCKING and not r.passed for r in self.results)

    @property
    def blocking_failures(self) -> list[RuleResult]:
        """The BLOCKING rules that failed."""
        return [r for r in self.results if r.severity is Severity.BLOCKING and not r.passed]

    @property
    def warnings(self) -> list[RuleResult]:
        """The WARNING rules that failed."""
        return [r for r in self.results if r.severity is Severity.WARNING and not r.passed]

    @property
    def correctable_keys(self) -> frozenset[tuple[str, int, int]]:
        """(statement_id, page, row_no) of every row a CORRECTABLE rule sets aside."""
        keys: set[tuple[str, int, int]] = set()
        for result in self.results:
            if result.severity is Severity.CORRECTABLE:
                keys |= result.keys
        return frozenset(keys)

    def exceptions(self) -> list[dict[str, Any]]:
        """Entries for ``report.exceptions``: every failed rule, most severe first."""
        order = {Severity.BLOCKING: 0, Severity.CORRECTABLE: 1, Severity.WARNING: 2}
        failed = sorted((r for r in self.results if not r.passed), key=lambda r: order[r.severity])
        return [
            {"severity": r.severity.value, "source": f"rule: {r.rule}", "message": r.message}
            for r in failed
        ]

    def validation_rows(self) -> list[dict[str, Any]]:
        """Rows for the workbook's Validation sheet."""
        return [
            {
                "rule": r.rule,
                "severity": r.severity.value,
                "passed": r.passed,
                "failing": r.failing,
                "message": r.message,
            }
            for r in self.results
        ]

    def summary(self) -> str:
        """'8 rules: 6 passed, 1 warning, 1 correctable (3 rows set aside)' style line."""
        passed = sum(r.passed for r in self.results)
        parts = [f"{len(self.results)} rules: {passed} passed"]
        for severity in Severity:
            failed = [r for r in self.results if r.severity is severity and not r.passed]
            if failed:
                parts.append(f"{len(failed)} {severity.value.lower()}")
        if self.correctable_keys:
            parts.append(f"{len(self.correctable_keys)} rows set aside")
        return ", ".join(parts)


def _check_sql(sql: str, where: str) -> None:
    """Refuse anything but one read-only SELECT that stays inside the ledger."""
    try:
        statements = sqlglot.parse(sql, read="duckdb")
    except sqlglot.errors.ParseError as exc:
        raise ValidationRuleError(
            f"{where}: SQL does not parse ({str(exc).splitlines()[0]})"
        ) from exc
    if len(statements) != 1 or statements[0] is None:
        raise ValidationRuleError(f"{where}: give exactly one SELECT statement")
    tree = statements[0]
    if not isinstance(tree, exp.Query):
        raise ValidationRuleError(
            f"{where}: only SELECT queries are allowed, not {tree.key.upper()}"
        )
    cte_names = {cte.alias_or_name for cte in tree.find_all(exp.CTE)}
    for node in tree.walk():
        if isinstance(node, exp.Func):
            name = node.name if isinstance(node, exp.Anonymous) else node.sql_name()
            if _FORBIDDEN_FUNCTION.match(name or ""):
                raise ValidationRuleError(f"{where}: function {name} reads outside the ledger")
        if isinstance(node, exp.Table):
            table = node.name
            if table and not table.startswith("nr_rule_") and table not in cte_names:
                raise ValidationRuleError(
                    f"{where}: query reads table {table!r}; use {{ledger}} and {{statements}} only"
                )


def _parse_rule(raw: Any, where: str, origin: str) -> ValidationRule:
    if not isinstance(raw, dict):
        raise ValidationRuleError(
            f"{where}: expected a mapping with name, severity and where or sql"
        )
    unknown = set(raw) - {"name", "severity", "description", "where", "sql"}
    if unknown:
        raise ValidationRuleError(f"{where}: unknown keys {sorted(unknown)}")
    name = str(raw.get("name", ""))
    if not _NAME.fullmatch(name):
        raise ValidationRuleError(f"{where}: name {name!r} must be a lower-case slug")
    try:
        severity = Severity(str(raw.get("severity", "")).upper())
    except ValueError:
        raise ValidationRuleError(
            f"{where}: severity must be WARNING, BLOCKING or CORRECTABLE"
        ) from None
    has_where, has_sql = raw.get("where") is not None, raw.get("sql") is not None
    if has_where == has_sql:
        raise ValidationRuleError(f"{where}: give exactly one of 'where' or 'sql'")
    rule = ValidationRule(
        name=name,
        severity=severity,
        description=str(raw.get("description", "")).strip(),
        where=str(raw["where"]).strip() if has_where else None,
        sql=str(raw["sql"]).strip().rstrip(";") if has_sql else None,
        origin=origin,
    )
    # checked with placeholder tables the checker accepts
    _check_sql(rule.query("nr_rule_ledger", "nr_rule_statements"), f"{where} ({name})")
    return rule


def load_rules(path: Path) -> list[ValidationRule]:
    """Read a ``validation.yaml`` (``rules:`` list); errors name the file and the rule."""
    path = Path(path)
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ValidationRuleError(f"{path}: cannot read rules ({exc})") from exc
    raw_rules = document.get("rules") if isinstance(document, dict) else None
    if not isinstance(raw_rules, list):
        raise ValidationRuleError(f"{path}: expected a top-level 'rules:' list")
    return [
        _parse_rule(raw, f"{path}: rule {index}", str(path))
        for index, raw in enumerate(raw_rules, start=1)
    ]


def builtin_rules() -> list[ValidationRule]:
    """The platform's rules (``builtin.yaml`` beside this module)."""
    return load_rules(BUILTIN_RULES)


def rules_for(
    template_dir: Path | None = None, tenant_dir: Path | None = None
) -> list[ValidationRule]:
    """Built-in rules, then the template's ``validation.yaml``, then the tenant's.

    A later rule with the same name replaces an earlier one (a tenant can turn a
    WARNING into BLOCKING, or relax one).
    """
    rules = {rule.name: rule for rule in builtin_rules()}
    for folder in (template_dir, tenant_dir):
        if folder is not None and (Path(folder) / "validation.yaml").is_file():
            for rule in load_rules(Path(folder) / "validation.yaml"):
                rules[rule.name] = rule
    return list(rules.values())


def run_validation(
    conn: duckdb.DuckDBPyConnection,
    ledger: str,
    statements: str,
    rules: list[ValidationRule] | None = None,
) -> ValidationOutcome:
    """Run ``rules`` (default: built-in) over the ``ledger`` and ``statements`` relations.

    A rule that errors counts as failed with its error message (a broken BLOCKING rule
    blocks: better no report than an unchecked one).
    """
    ledger = relation_name(ledger)
    statements = relation_name(statements)
    results = []
    for rule in rules if rules is not None else builtin_rules():
        try:
            cursor = conn.execute(rule.query(ledger, statements))
            names = [d[0] for d in cursor.description]
            rows = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
        except duckdb.Error as exc:
            results.append(
                RuleResult(
                    rule.name,
                    rule.severity,
                    rule.description,
                    0,
                    [],
                    error=str(exc).splitlines()[0],
                )
            )
            continue
        keys = frozenset(
            (row["statement_id"], int(row["page"]), int(row["row_no"]))
            for row in rows
            if all(row.get(k) is not None for k in KEY_COLUMNS)
        )
        if rule.severity is Severity.CORRECTABLE and rows and len(keys) < len(rows):
            results.append(
                RuleResult(
                    rule.name,
                    rule.severity,
                    rule.description,
                    len(rows),
                    rows[:SAMPLE_LIMIT],
                    error="a CORRECTABLE rule must return statement_id, page and row_no",
                )
            )
            continue
        results.append(
            RuleResult(
                rule.name, rule.severity, rule.description, len(rows), rows[:SAMPLE_LIMIT], keys
            )
        )
    return ValidationOutcome(results)


def set_aside(
    conn: duckdb.DuckDBPyConnection, ledger: str, outcome: ValidationOutcome
) -> tuple[str, list[dict[str, Any]]]:
    """Split off the rows CORRECTABLE rules flagged.

    Returns the name of a temp view of ``ledger`` without those rows, and the rows set
    aside (ledger columns plus ``severity``, ``source`` and ``message``) for the
    workbook's Exceptions sheet.
    """
    ledger = relation_name(ledger)
    clean = f"{ledger.replace('.', '_')}_clean"
    messages: dict[tuple[Any, Any, Any], tuple[str, str]] = {}
    for result in outcome.results:
        if result.severity is not Severity.CORRECTABLE:
            continue
        for row in result.sample:
            key = (row.get("statement_id"), row.get("page"), row.get("row_no"))
            messages.setdefault(key, (result.rule, str(row.get("message") or result.description)))
        for key in result.keys:
            messages.setdefault(key, (result.rule, result.description))
    keys = sorted(outcome.correctable_keys)
    key_table = pa.table(
        {
            "statement_id": pa.array([k[0] for k in keys], pa.string()),
            "page": pa.array([k[1] for k in keys], pa.int32()),
            "row_no": pa.array([k[2] for k in keys], pa.int32()),
        }
    )
    conn.register("nr_set_aside_keys", key_table)
    conn.execute("CREATE OR REPLACE TEMP TABLE nr_set_aside AS SELECT * FROM nr_set_aside_keys")
    conn.unregister("nr_set_aside_keys")
    conn.execute(
        f"CREATE OR REPLACE TEMP VIEW {clean} AS SELECT l.* FROM {ledger} AS l "
        "ANTI JOIN nr_set_aside AS k "
        "ON k.statement_id = l.statement_id AND k.page = l.page AND k.row_no = l.row_no"
    )
    cursor = conn.execute(
        f"SELECT l.* FROM {ledger} AS l SEMI JOIN nr_set_aside AS k "
        "ON k.statement_id = l.statement_id AND k.page = l.page AND k.row_no = l.row_no "
        "ORDER BY l.statement_id, l.page, l.row_no"
    )
    names = [d[0] for d in cursor.description]
    aside = []
    for values in cursor.fetchall():
        row = dict(zip(names, values, strict=True))
        rule, message = messages.get((row["statement_id"], row["page"], row["row_no"]), ("", ""))
        row.update(
            {"severity": Severity.CORRECTABLE.value, "source": f"rule: {rule}", "message": message}
        )
        aside.append(row)
    return clean, aside
