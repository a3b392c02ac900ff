"""What a data source holds: tables, columns, types, keys and a few sample values."""

from __future__ import annotations

import hashlib
import json
from typing import Literal

from pydantic import BaseModel, Field

TypeKind = Literal["text", "integer", "decimal", "float", "date", "datetime", "boolean", "other"]


def classify_type(type_name: str) -> TypeKind:
    """Coarse kind of a database type name (``DECIMAL(18,2)`` -> ``decimal``)."""
    t = type_name.lower()
    if "timestamp" in t or "datetime" in t:
        return "datetime"
    if "date" in t:
        return "date"
    if "bool" in t or t in ("bit", "tinyint(1)"):
        return "boolean"
    if "int" in t or t in ("serial", "bigserial"):
        return "integer"
    if "dec" in t or "numeric" in t or "money" in t or "number" in t:
        return "decimal"
    if "double" in t or "float" in t or "real" in t:
        return "float"
    if any(k in t for k in ("char", "text", "string", "clob", "enum", "uuid", "varchar", "json")):
        return "text"
    return "other"


class ColumnInfo(BaseModel):
    """One column: its database type, the coarse kind, key flags and a few sample values."""

    name: str
    type: str
    kind: TypeKind
    nullable: bool = True
    primary_key: bool = False
    samples: list[str] = Field(default_factory=list)


class ForeignKey(BaseModel):
    """``columns`` of this table reference ``ref_columns`` of ``ref_table``."""

    columns: list[str]
    ref_table: str
    ref_columns: list[str]


class TableInfo(BaseModel):
    """A table or view with its columns and keys."""

    name: str
    columns: list[ColumnInfo]
    primary_key: list[str] = Field(default_factory=list)
    foreign_keys: list[ForeignKey] = Field(default_factory=list)
    is_view: bool = False
    # the first rows as read (values as text, None for NULL): lets a mapper check on real
    # data that, say, net = gross - tax holds row by row before it proposes the expression
    sample_rows: list[dict[str, str | None]] = Field(default_factory=list)

    def column(self, name: str) -> ColumnInfo | None:
        """The column called ``name`` (case-insensitive), or None."""
        lowered = name.lower()
        for col in self.columns:
            if col.name.lower() == lowered:
                return col
        return None


class SourceSchema(BaseModel):
    """Everything a mapper may know about a source; samples are not part of the hash."""

    source_name: str
    dialect: str
    tables: list[TableInfo]

    def table(self, name: str) -> TableInfo | None:
        """The table called ``name`` (case-insensitive), or None."""
        lowered = name.lower()
        for table in self.tables:
            if table.name.lower() == lowered:
                return table
        return None

    def schema_hash(self) -> str:
        """sha256 over dialect, tables, columns, types and keys (sample values excluded)."""
        shape = {
            "dialect": self.dialect,
            "tables": sorted(
                (
                    t.name,
                    [(c.name, c.type, c.primary_key) for c in t.columns],
                    sorted(t.primary_key),
                    sorted((fk.columns, fk.ref_table, fk.ref_columns) for fk in t.foreign_keys),
                )
                for t in self.tables
            ),
        }
        return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()


def sample_rows_from(rows: list[dict], columns: list[str]) -> list[dict[str, str | None]]:
    """``rows`` with every value as text (NULL stays None; long text is cut to 80 chars)."""
    return [
        {c: (None if row.get(c) is None else str(row.get(c))[:80]) for c in columns} for row in rows
    ]


def samples_from_rows(rows: list[dict], column: str, limit: int = 3) -> list[str]:
    """Up to ``limit`` distinct non-empty values of ``column`` as short strings."""
    seen: list[str] = []
    for row in rows:
        value = row.get(column)
        if value is None or value == "":
            continue
        text = str(value)[:40]
        if text not in seen:
            seen.append(text)
        if len(seen) >= limit:
            break
    return seen
