"""The data-source protocol and its error type."""

from __future__ import annotations

import re
from typing import Any, Protocol, runtime_checkable

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError

from neurareport_resources.datasources.schema import SourceSchema

SAMPLE_ROWS = 20


class DataSourceError(RuntimeError):
    """A source that cannot be read; the message names the source and what to do."""


@runtime_checkable
class DataSource(Protocol):
    """A read-only source of tables.

    ``query`` takes one SELECT in the source's ``dialect`` (a sqlglot dialect name) with
    ``:name`` placeholders bound from ``params``; it never writes.
    """

    name: str
    dialect: str

    def discover_schema(self) -> SourceSchema:
        """Tables, columns, types, keys and a few sample values."""
        ...

    def query(self, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Run one read-only SELECT with bound parameters; rows as dicts."""
        ...


# statements that write, change the session or reach outside the database
_WRITE_NODES: tuple[type[exp.Expression], ...] = tuple(
    getattr(exp, n)
    for n in (
        "Insert",
        "Update",
        "Delete",
        "Merge",
        "Create",
        "Drop",
        "Alter",
        "Command",
        "Copy",
        "Set",
        "Use",
        "Pragma",
        "Grant",
        "Revoke",
        "TruncateTable",
        "Transaction",
        "Commit",
        "Rollback",
        "Into",
        "LoadData",
        "Attach",
        "Detach",
        "Install",
        "Export",
    )
    if hasattr(exp, n)
)


def close_source(source: object) -> None:
    """Release what ``source`` holds open (a DuckDB connection), when it holds anything."""
    close = getattr(source, "close", None)
    if callable(close):
        close()


def ensure_read_only_select(sql: str, dialect: str, source_name: str) -> None:
    """Refuse anything but one SELECT (no writes, no session changes, no second statement)."""
    try:
        statements = [s for s in sqlglot.parse(sql, read=dialect) if s is not None]
    except ParseError as exc:
        first = str(exc).splitlines()[0]
        raise DataSourceError(f"data source {source_name}: SQL does not parse ({first})") from exc
    if len(statements) != 1:
        raise DataSourceError(
            f"data source {source_name}: one SELECT statement expected, got {len(statements)}"
        )
    statement = statements[0]
    if not isinstance(statement, exp.Query):
        raise DataSourceError(
            f"data source {source_name}: only SELECT is allowed, got {statement.key.upper()}"
        )
    bad = next(iter(statement.find_all(*_WRITE_NODES)), None) if _WRITE_NODES else None
    if bad is not None:
        raise DataSourceError(
            f"data source {source_name}: {bad.key.upper()} is not allowed in a read-only query"
        )


_STRING_OR_PARAM = re.compile(r"('(?:[^']|'')*')|(?<![:\w]):([A-Za-z_]\w*)")


def colon_params_to(sql: str, style: str) -> str:
    """Rewrite ``:name`` placeholders (outside string literals) to ``$name`` or ``%(name)s``."""

    def repl(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            return match.group(1)
        name = match.group(2)
        return f"${name}" if style == "dollar" else f"%({name})s"

    return _STRING_OR_PARAM.sub(repl, sql)


def used_params(sql: str) -> set[str]:
    """Names of the ``:name`` placeholders in ``sql``."""
    return {m.group(2) for m in _STRING_OR_PARAM.finditer(sql) if m.group(2)}
