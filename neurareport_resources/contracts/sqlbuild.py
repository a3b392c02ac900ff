"""Turning a contract into parameterized SELECTs in the source's dialect (built with sqlglot).

Every placeholder is written ``:name``, the form every :class:`DataSource` binds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError

from neurareport_resources.contracts.model import (
    SQL_PREFIX,
    Contract,
    ContractError,
    PeriodFilter,
    TokenMapping,
)
from neurareport_resources.templating import TokenKind

# aggregate functions: a SQL target containing one is already aggregated
AGGREGATE_NODES = (exp.Sum, exp.Count, exp.Avg, exp.Min, exp.Max)


def ident(name: str) -> exp.Identifier:
    """A quoted identifier (names from a schema may be mixed-case or reserved words)."""
    return exp.to_identifier(name, quoted=True)


def table_node(name: str) -> exp.Table:
    """``"name"`` as a FROM/JOIN table."""
    return exp.Table(this=ident(name))


def split_column(target: str) -> tuple[str, str]:
    """``table.column`` -> (table, column); ``ContractError`` if not in that form."""
    table, dot, column = target.partition(".")
    if not dot or not table or not column or "." in column:
        raise ContractError(f"target {target!r} is not table.column")
    return table, column


def column_node(target: str) -> exp.Column:
    """``table.column`` as a quoted, qualified column."""
    table, column = split_column(target)
    return exp.Column(this=ident(column), table=ident(table))


def param_node(name: str) -> exp.Var:
    """``:name`` placeholder, emitted verbatim in every dialect."""
    return exp.Var(this=f":{name}")


def parse_expression(text: str, dialect: str) -> exp.Expression:
    """Parse one SQL expression (not a statement); ``ContractError`` when it is not exactly one."""
    try:
        parsed = [p for p in sqlglot.parse(text, read=dialect) if p is not None]
    except (ParseError, TokenError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ContractError(f"SQL expression {text!r} does not parse: {first}") from exc
    if len(parsed) != 1:
        raise ContractError(
            f"SQL expression {text!r}: exactly one expression expected, got {len(parsed)} "
            "(no ';' and no statements)"
        )
    node = parsed[0]
    if isinstance(node, (exp.Query, exp.DML, exp.DDL, exp.Command)) or node.find(exp.Query):
        raise ContractError(
            f"SQL expression {text!r}: statements and subqueries are not allowed; "
            "write an expression over the row source columns"
        )
    assert isinstance(node, exp.Expression)
    return node


def bind_placeholders(node: exp.Expression) -> exp.Expression:
    """Turn parsed ``:name`` placeholders into verbatim ``:name`` text for every dialect."""

    def repl(n: exp.Expression) -> exp.Expression:
        if isinstance(n, exp.Placeholder) and n.name:
            return param_node(n.name)
        return n

    return node.transform(repl)


def period_condition(pf: PeriodFilter) -> exp.Expression:
    """The WHERE condition narrowing ``pf.column`` to the report period."""
    col = column_node(pf.column)
    if pf.mode == "month_start":
        return exp.EQ(this=col, expression=param_node("period_start"))
    if pf.mode == "month_text":
        return exp.EQ(this=col, expression=param_node("period"))
    return exp.Between(this=col, low=param_node("period_start"), high=param_node("period_end"))


def value_expression(mapping: TokenMapping, dialect: str) -> exp.Expression | None:
    """The SQL value of a column or SQL target (None for params, literals, UNRESOLVED)."""
    if mapping.target_kind == "column":
        return column_node(mapping.target)
    if mapping.target_kind == "sql":
        return bind_placeholders(parse_expression(mapping.target[len(SQL_PREFIX) :], dialect))
    return None


def aggregate_expression(aggregate: str | None, value: exp.Expression | None) -> exp.Expression:
    """Wrap ``value`` in the aggregate; sums of nothing read 0, not NULL."""
    zero = exp.Literal.number(0)
    if aggregate in (None, "first", "last"):
        if value is None:
            raise ContractError("a total needs a column, an SQL expression or an aggregate")
        return value
    if aggregate == "count":
        return exp.Count(this=value.copy() if value is not None else exp.Star())
    if value is None:
        raise ContractError(f"aggregate {aggregate} needs a column or an SQL expression")
    if aggregate == "count_distinct":
        return exp.Count(this=exp.Distinct(expressions=[value.copy()]))
    if aggregate == "sum":
        inner: exp.Expression = exp.Sum(this=value.copy())
    elif aggregate == "sum_positive":
        inner = exp.Sum(
            this=exp.Case(
                ifs=[exp.If(this=exp.GT(this=value.copy(), expression=zero), true=value.copy())],
                default=zero.copy(),
            )
        )
    elif aggregate == "sum_negative_abs":
        inner = exp.Sum(
            this=exp.Case(
                ifs=[
                    exp.If(
                        this=exp.LT(this=value.copy(), expression=zero),
                        true=exp.Neg(this=exp.Paren(this=value.copy())),
                    )
                ],
                default=zero.copy(),
            )
        )
    elif aggregate == "avg":
        return exp.Avg(this=value.copy())
    elif aggregate == "min":
        return exp.Min(this=value.copy())
    elif aggregate == "max":
        return exp.Max(this=value.copy())
    else:
        raise ContractError(f"unknown aggregate {aggregate!r}")
    return exp.Coalesce(this=inner, expressions=[zero.copy()])


def referenced_tables(node: exp.Expression) -> set[str]:
    """Tables named by qualified columns in ``node``."""
    return {c.table for c in node.find_all(exp.Column) if c.table}


@dataclass
class Query:
    """One SELECT: its SQL text and which output alias fills which token."""

    sql: str
    aliases: dict[str, TokenMapping] = field(default_factory=dict)


def _row_from(contract: Contract) -> exp.Select:
    rs = contract.row_source
    if not rs.table:
        raise ContractError(f"contract for {contract.template}: the row source has no table")
    select = exp.select().from_(table_node(rs.table))
    for join in rs.joins:
        select = select.join(
            table_node(join.table),
            on=exp.and_(
                *(
                    exp.EQ(this=column_node(left), expression=column_node(right))
                    for left, right in join.key_pairs()
                )
            ),
            join_type="left",
        )
    if rs.period_filter:
        select = select.where(period_condition(rs.period_filter))
    return select


def _order_node(spec: str, descending: bool = False) -> exp.Ordered:
    text = spec.strip()
    desc = descending
    if text.upper().endswith(" DESC"):
        text, desc = text[:-5].strip(), not descending
    elif text.upper().endswith(" ASC"):
        text = text[:-4].strip()
    return exp.Ordered(this=column_node(text), desc=desc)


def rows_query(contract: Contract, limit: int | None = None) -> Query | None:
    """SELECT of every resolved row token over the row source (None without row tokens)."""
    row_maps = [m for m in contract.mappings if m.kind == TokenKind.ROW]
    if not row_maps:
        return None
    resolved = [m for m in row_maps if value_expression(m, contract.dialect) is not None]
    if not resolved:
        return None
    select = _row_from(contract)
    aliases: dict[str, TokenMapping] = {}
    for i, mapping in enumerate(resolved):
        alias = f"c{i}"
        aliases[alias] = mapping
        value = value_expression(mapping, contract.dialect)
        assert value is not None  # filtered above
        select = select.select(exp.alias_(value, alias))
    for spec in contract.row_source.order_by:
        select = select.order_by(_order_node(spec))
    if limit is not None:
        select = select.limit(limit)
    return Query(sql=select.sql(dialect=contract.dialect), aliases=aliases)


def totals_query(contract: Contract) -> Query | None:
    """One SELECT of every resolved aggregate total over the row source."""
    totals = [
        m
        for m in contract.mappings
        if m.kind == TokenKind.TOTAL and m.target_kind in ("column", "sql")
    ]
    if not totals:
        return None
    select = _row_from(contract)
    aliases: dict[str, TokenMapping] = {}
    for i, mapping in enumerate(totals):
        value = value_expression(mapping, contract.dialect)
        if mapping.target_kind == "sql" and value is not None and value.find(*AGGREGATE_NODES):
            expr = value  # already an aggregate, e.g. SUM(CASE …)
        else:
            expr = aggregate_expression(mapping.aggregate or "sum", value)
        aliases[f"t{i}"] = mapping
        select = select.select(exp.alias_(expr, f"t{i}"))
    return Query(sql=select.sql(dialect=contract.dialect), aliases=aliases)


def scalar_queries(contract: Contract) -> list[Query]:
    """SELECTs for scalar tokens: one per (table, first/last or aggregate) group."""
    groups: dict[tuple[str, str], list[TokenMapping]] = {}
    for mapping in contract.mappings:
        if mapping.kind != TokenKind.SCALAR or mapping.target_kind not in ("column", "sql"):
            continue
        value = value_expression(mapping, contract.dialect)
        assert value is not None
        tables = sorted(referenced_tables(value))
        if len(tables) > 1:
            raise ContractError(
                f"token {mapping.token}: a scalar may read one table, got {', '.join(tables)}"
            )
        table = tables[0] if tables else ""
        is_agg = bool(value.find(*AGGREGATE_NODES)) or mapping.aggregate not in (
            None,
            "first",
            "last",
        )
        pick: str = "agg" if is_agg else (mapping.aggregate or "first")
        groups.setdefault((table, pick), []).append(mapping)
    queries: list[Query] = []
    for (table, pick), mappings in groups.items():
        select = exp.select()
        if table:
            select = select.from_(table_node(table))
            if table in contract.table_filters:
                select = select.where(period_condition(contract.table_filters[table]))
        aliases: dict[str, TokenMapping] = {}
        for i, mapping in enumerate(mappings):
            value = value_expression(mapping, contract.dialect)
            assert value is not None  # only column and SQL targets are grouped
            if pick == "agg" and not value.find(*AGGREGATE_NODES):
                value = aggregate_expression(mapping.aggregate, value)
            aliases[f"s{i}"] = mapping
            select = select.select(exp.alias_(value, f"s{i}"))
        if pick != "agg":
            if table and table in contract.table_order:
                select = select.order_by(
                    _order_node(contract.table_order[table], descending=pick == "last")
                )
            select = select.limit(1)
        queries.append(Query(sql=select.sql(dialect=contract.dialect), aliases=aliases))
    return queries
