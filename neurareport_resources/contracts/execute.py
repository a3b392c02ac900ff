"""Running a validated contract against a source: typed scalars, rows and totals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from neurareport_resources.contracts.model import (
    ALLOWED_PARAMS,
    LITERAL_PREFIX,
    PARAM_PREFIX,
    Contract,
    ContractError,
    TokenMapping,
)
from neurareport_resources.contracts.params import derive_params
from neurareport_resources.contracts.sqlbuild import rows_query, scalar_queries, totals_query
from neurareport_resources.datasources import DataSource
from neurareport_resources.ledger import to_money
from neurareport_resources.templating import TokenKind


@dataclass
class ContractResult:
    """Values for the template: ``scalars`` by token, ``rows`` keyed by row field, ``totals``."""

    scalars: dict[str, Any] = field(default_factory=dict)
    rows: list[dict[str, Any]] = field(default_factory=list)
    totals: dict[str, Any] = field(default_factory=dict)

    def context(self) -> dict[str, Any]:
        """A render context: scalars and totals at top level (``a.b`` nested), rows under ``rows``."""
        context: dict[str, Any] = {}
        for name, value in {**self.scalars, **self.totals}.items():
            head, *rest = name.split(".")
            if not rest:
                context[head] = value
                continue
            node = context.setdefault(head, {})
            for part in rest[:-1]:
                node = node.setdefault(part, {})
            node[rest[-1]] = value
        context["rows"] = self.rows
        return context


def _to_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return value


def typed_value(mapping: TokenMapping, value: Any) -> Any:
    """Convert a raw database value per the mapping's formatter (Decimal money, date dates)."""
    if value is None:
        return None
    fmt = mapping.formatter
    try:
        if fmt == "money":
            # floats go through str so 0.1 stays 0.10, never 0.1000000000000000055
            return to_money(value if isinstance(value, (Decimal, int)) else str(value))
        if fmt in ("number", "percent"):
            return value if isinstance(value, Decimal) else Decimal(str(value))
        if fmt == "integer":
            return int(value)
        if fmt == "date":
            return _to_date(value)
    except (InvalidOperation, ValueError, TypeError):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def check_params(params: dict[str, Any]) -> dict[str, Any]:
    """The execution parameters, with ``period``, ``as_of_date`` and ``print_date`` derived
    when absent (see :func:`derive_params`)."""
    return derive_params(params)


def execute_contract(
    contract: Contract, source: DataSource, params: dict[str, Any]
) -> ContractResult:
    """Run the contract's queries on ``source`` with ``params`` (tenant, period_start/end, period).

    UNRESOLVED tokens come back as ``None`` so the template still renders (the contract's
    coverage check is what decides whether that is acceptable).
    """
    params = check_params(params)
    result = ContractResult()
    for mapping in contract.mappings:
        if mapping.kind == TokenKind.ROW:
            continue
        target_map = result.totals if mapping.kind == TokenKind.TOTAL else result.scalars
        if mapping.target_kind == "param":
            name = mapping.target[len(PARAM_PREFIX) :]
            if name not in ALLOWED_PARAMS:
                raise ContractError(f"token {mapping.token}: unknown parameter {name!r}")
            target_map[mapping.token] = typed_value(mapping, params.get(name))
        elif mapping.target_kind == "literal":
            target_map[mapping.token] = mapping.target[len(LITERAL_PREFIX) :]
        elif mapping.target_kind == "unresolved":
            target_map[mapping.token] = None
    for query in scalar_queries(contract):
        found = source.query(query.sql, params)
        first = found[0] if found else {}
        for alias, mapping in query.aliases.items():
            result.scalars[mapping.token] = typed_value(mapping, _get(first, alias))
    totals = totals_query(contract)
    if totals is not None:
        found = source.query(totals.sql, params)
        first = found[0] if found else {}
        for alias, mapping in totals.aliases.items():
            result.totals[mapping.token] = typed_value(mapping, _get(first, alias))
    row_maps = [m for m in contract.mappings if m.kind == TokenKind.ROW]
    rows = rows_query(contract)
    if rows is not None:
        for raw in source.query(rows.sql, params):
            row: dict[str, Any] = {m.field: None for m in row_maps}
            for alias, mapping in rows.aliases.items():
                row[mapping.field] = typed_value(mapping, _get(raw, alias))
            result.rows.append(row)
    return result


def _get(row: dict[str, Any], alias: str) -> Any:
    # some drivers upper-case unquoted aliases
    if alias in row:
        return row[alias]
    return row.get(alias.upper())
