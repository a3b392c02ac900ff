"""Validation before anything runs: targets exist, SQL is a safe read-only expression, queries run."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlglot import exp

from neurareport_resources.contracts.model import (
    ALLOWED_PARAMS,
    PARAM_PREFIX,
    SQL_PREFIX,
    Contract,
    ContractError,
    TokenMapping,
    target_kind,
)
from neurareport_resources.contracts.params import FILTER_PARAMS
from neurareport_resources.contracts.sqlbuild import (
    parse_expression,
    rows_query,
    scalar_queries,
    split_column,
    totals_query,
)
from neurareport_resources.datasources import DataSource, DataSourceError, SourceSchema
from neurareport_resources.templating import TemplateSpec, TokenKind

# functions an SQL target may call: arithmetic, text, dates, aggregates — nothing that reads
# files, reaches the network, sleeps or touches the session
ALLOWED_FUNCTIONS: tuple[type[exp.Expression], ...] = tuple(
    getattr(exp, n)
    for n in (
        "Sum",
        "Count",
        "Avg",
        "Min",
        "Max",
        "Coalesce",
        "Abs",
        "Round",
        "Floor",
        "Ceil",
        "Sign",
        "Upper",
        "Lower",
        "Trim",
        "Concat",
        "ConcatWs",
        "Substring",
        "Length",
        "Replace",
        "Left",
        "Right",
        "Cast",
        "TryCast",
        "Case",
        "If",
        "Nullif",
        "Greatest",
        "Least",
        "DateTrunc",
        "TimestampTrunc",
        "Extract",
        "Year",
        "Month",
        "Day",
        "CountIf",
        "SumIf",
        "Distinct",
        "Initcap",
        "Lpad",
        "Rpad",
        "Mod",
        "Sqrt",
        "Pow",
        "DateDiff",
        "DateAdd",
        "ToChar",
        "TimeToStr",
        "StrPosition",
        "Anonymous",
    )
    if hasattr(exp, n)
)
# the only non-standard function names accepted (parsed as Anonymous by sqlglot)
ALLOWED_ANONYMOUS = frozenset({"strftime", "date_format", "to_char", "format"})
VALIDATION_PARAMS = {
    "tenant": "validation",
    "period_start": dt.date(2000, 1, 1),
    "period_end": dt.date(2000, 1, 31),
    "period": "2000-01",
    "as_of_date": dt.date(2000, 1, 31),
    "print_date": dt.date(2000, 2, 1),
    **dict.fromkeys(FILTER_PARAMS),
}


@dataclass
class ContractValidation:
    """Outcome of :func:`validate_contract`."""

    ok: bool
    coverage: float
    sql_valid: bool
    errors: list[str] = field(default_factory=list)


def check_sql_target(
    text: str, dialect: str, schema: SourceSchema, allowed_tables: set[str] | None, token: str
) -> list[str]:
    """Errors for one ``SQL:`` expression: parse, no statements, allowed functions, known columns."""
    try:
        node = parse_expression(text, dialect)
    except ContractError as exc:
        return [f"token {token}: {exc}"]
    errors: list[str] = []
    for func in node.find_all(exp.Func):
        if not isinstance(func, ALLOWED_FUNCTIONS):
            errors.append(f"token {token}: function {func.sql_name()} is not allowed in a contract")
        elif isinstance(func, exp.Anonymous) and func.name.lower() not in ALLOWED_ANONYMOUS:
            errors.append(f"token {token}: function {func.name} is not allowed in a contract")
    for placeholder in node.find_all(exp.Placeholder):
        if placeholder.name not in ALLOWED_PARAMS:
            errors.append(f"token {token}: parameter :{placeholder.name} is not provided")
    for column in node.find_all(exp.Column):
        table_name = column.table
        if not table_name and allowed_tables is None:
            errors.append(
                f"token {token}: write {column.name} as table.column (a scalar names its table)"
            )
            continue
        if not table_name:
            candidates = [
                t
                for t in schema.tables
                if (allowed_tables is None or t.name in allowed_tables) and t.column(column.name)
            ]
            if not candidates:
                errors.append(f"token {token}: column {column.name} not found")
            continue
        table = schema.table(table_name)
        if table is None or (allowed_tables is not None and table.name not in allowed_tables):
            errors.append(f"token {token}: table {table_name} is not allowed here")
        elif table.column(column.name) is None:
            errors.append(f"token {token}: column {table_name}.{column.name} does not exist")
    return errors


def check_target(target: str, schema: SourceSchema, dialect: str, what: str) -> list[str]:
    """Errors of one target on its own (no row source): the column exists, the SQL parses,
    calls only allowed functions and reads existing, qualified columns, the parameter is known."""
    kind = target_kind(target)
    if kind == "column":
        return _check_column(target, schema, None, what)
    if kind == "sql":
        return check_sql_target(target[len(SQL_PREFIX) :], dialect, schema, None, what)
    if kind == "param" and target[len(PARAM_PREFIX) :] not in ALLOWED_PARAMS:
        return [f"{what}: unknown parameter {target[len(PARAM_PREFIX) :]!r}"]
    return []


def _check_column(
    target: str, schema: SourceSchema, allowed: set[str] | None, what: str
) -> list[str]:
    try:
        table_name, column_name = split_column(target)
    except ContractError as exc:
        return [f"{what}: {exc}"]
    table = schema.table(table_name)
    if table is None:
        return [f"{what}: table {table_name} does not exist in the source"]
    if allowed is not None and table.name not in allowed:
        return [f"{what}: {target} is not in the row source ({', '.join(sorted(allowed))})"]
    if table.column(column_name) is None:
        return [f"{what}: column {target} does not exist"]
    return []


def _check_mapping(
    mapping: TokenMapping, contract: Contract, schema: SourceSchema
) -> tuple[list[str], bool]:
    """(errors, is_sql_error) for one mapping."""
    row_tables = set(contract.row_source.tables())
    allowed = row_tables if mapping.kind in (TokenKind.ROW, TokenKind.TOTAL) else None
    what = f"token {mapping.token}"
    kind = mapping.target_kind
    if kind == "column":
        return _check_column(mapping.target, schema, allowed, what), False
    if kind == "sql":
        return check_sql_target(
            mapping.target[len(SQL_PREFIX) :], contract.dialect, schema, allowed, mapping.token
        ), True
    if kind == "param":
        name = mapping.target[len(PARAM_PREFIX) :]
        if name not in ALLOWED_PARAMS:
            return [
                f"{what}: unknown parameter {name!r}; use one of {', '.join(ALLOWED_PARAMS)}"
            ], False
        if mapping.kind == TokenKind.ROW:
            return [f"{what}: a row token cannot be a run parameter"], False
    return [], False


def validate_contract(
    contract: Contract,
    source: DataSource | None,
    *,
    schema: SourceSchema | None = None,
    template: TemplateSpec | None = None,
    run_queries: bool = True,
) -> ContractValidation:
    """Check a contract against its source; with ``run_queries`` every query runs (``LIMIT 1``).

    ``schema`` saves a second discovery; ``template`` also checks that every token of the
    template has a mapping.
    """
    errors: list[str] = []
    sql_errors = False
    try:
        if schema is None:
            if source is None:
                raise ContractError("validate_contract needs a source or a schema")
            schema = source.discover_schema()
    except DataSourceError as exc:
        return ContractValidation(
            ok=False, coverage=contract.coverage, sql_valid=False, errors=[str(exc)]
        )
    if template is not None:
        mapped = {m.token for m in contract.mappings}
        for name in template.token_names:
            if name not in mapped:
                errors.append(
                    f"token {name}: missing from the contract; map it or mark it UNRESOLVED"
                )
    seen: set[str] = set()
    for mapping in contract.mappings:
        if mapping.token in seen:
            errors.append(f"token {mapping.token}: mapped twice")
        seen.add(mapping.token)
        found, is_sql = _check_mapping(mapping, contract, schema)
        errors.extend(found)
        sql_errors |= bool(found) and is_sql
    rs = contract.row_source
    has_rows = any(
        m.kind in (TokenKind.ROW, TokenKind.TOTAL) and m.target_kind in ("column", "sql")
        for m in contract.mappings
    )
    if rs.table:
        if schema.table(rs.table) is None:
            errors.append(f"row source: table {rs.table} does not exist")
        for join in rs.joins:
            if schema.table(join.table) is None:
                errors.append(f"row source: joined table {join.table} does not exist")
            for side in (column for pair in join.key_pairs() for column in pair):
                errors.extend(_check_column(side, schema, set(rs.tables()), "row source join"))
        for spec in [*(rs.order_by), *([rs.date_column] if rs.date_column else [])]:
            col = spec.strip().removesuffix(" DESC").removesuffix(" desc").removesuffix(" ASC")
            errors.extend(_check_column(col, schema, set(rs.tables()), "row source order/date"))
        if rs.period_filter:
            errors.extend(
                _check_column(
                    rs.period_filter.column, schema, set(rs.tables()), "row source period filter"
                )
            )
    elif has_rows:
        errors.append("row source: row or total tokens are mapped but no row table is set")
    for table_name, pf in contract.table_filters.items():
        errors.extend(_check_column(pf.column, schema, {table_name}, f"filter of {table_name}"))
    for table_name, col in contract.table_order.items():
        errors.extend(_check_column(col, schema, {table_name}, f"ordering of {table_name}"))
    if not errors and run_queries and source is not None:
        try:
            queries = [*scalar_queries(contract)]
            for q in (totals_query(contract), rows_query(contract, limit=1)):
                if q is not None:
                    queries.append(q)
            for query in queries:
                source.query(query.sql, VALIDATION_PARAMS)
        except (ContractError, DataSourceError) as exc:
            errors.append(f"query check: {exc}")
            sql_errors = True
    return ContractValidation(
        ok=not errors, coverage=contract.coverage, sql_valid=not sql_errors, errors=errors
    )
