"""How tables of a schema link: declared foreign keys, and the ones a schema only implies.

Many real schemas declare no foreign keys (exports, views, legacy databases). A column named
like another table's single-column primary key (``StockLevels.ProductId`` ->
``Products.ProductId``, ``trd.cpty_cd`` -> ``cpty.cpty_cd``) is taken as a link too. Rows
only ever join *outward* (from a row to the one parent row it names), so a join never
multiplies the report's rows.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from neurareport_resources.contracts.model import Join
from neurareport_resources.datasources import SourceSchema, TableInfo

MAX_HOPS = 3


@dataclass(frozen=True)
class Link:
    """``table.column`` references ``ref_table.ref_column`` (declared or implied)."""

    table: str
    column: str
    ref_table: str
    ref_column: str
    declared: bool
    further_keys: tuple[tuple[str, str], ...] = ()  # the other column pairs of a composite key


def _single_key(table: TableInfo) -> str | None:
    keys = table.primary_key or [c.name for c in table.columns if c.primary_key]
    return keys[0] if len(keys) == 1 else None


class SchemaGraph:
    """Outward links of every table, and join paths from a row table to its parents."""

    def __init__(self, schema: SourceSchema) -> None:
        self.schema = schema
        self.links: dict[str, list[Link]] = {t.name: [] for t in schema.tables}
        keys = {t.name: _single_key(t) for t in schema.tables}
        for table in schema.tables:
            declared = set()
            for fk in table.foreign_keys:
                ref = schema.table(fk.ref_table)
                if ref is None or not fk.columns or len(fk.columns) != len(fk.ref_columns):
                    continue
                declared.add(fk.columns[0].lower())
                pairs = list(zip(fk.columns, fk.ref_columns, strict=True))
                further = tuple(
                    (f"{table.name}.{column}", f"{ref.name}.{ref_column}")
                    for column, ref_column in pairs[1:]
                )
                self.links[table.name].append(
                    Link(table.name, fk.columns[0], ref.name, fk.ref_columns[0], True, further)
                )
            for column in table.columns:
                if column.name.lower() in declared or column.primary_key:
                    continue
                for other in schema.tables:
                    key = keys[other.name]
                    if other.name == table.name or key is None:
                        continue
                    if key.lower() == column.name.lower():
                        self.links[table.name].append(
                            Link(table.name, column.name, other.name, key, False)
                        )

    def parents(self, table: str) -> list[Link]:
        """The links going out of ``table``."""
        return self.links.get(table, [])

    def paths(self, root: str) -> dict[str, list[Join]]:
        """Every table reachable outward from ``root`` (itself included) with its joins."""
        found: dict[str, list[Join]] = {root: []}
        queue = deque([root])
        while queue:
            current = queue.popleft()
            if len(found[current]) >= MAX_HOPS:
                continue
            for link in self.parents(current):
                if link.ref_table in found:
                    continue
                join = Join(
                    table=link.ref_table,
                    left=f"{link.table}.{link.column}",
                    right=f"{link.ref_table}.{link.ref_column}",
                    further_keys=list(link.further_keys),
                )
                found[link.ref_table] = [*found[current], join]
                queue.append(link.ref_table)
        return found

    def joins_for(self, root: str, tables: set[str]) -> list[Join]:
        """The joins that bring ``tables`` into a query over ``root`` (in a valid order)."""
        paths = self.paths(root)
        joins: list[Join] = []
        for table in sorted(tables):
            for join in paths.get(table, []):
                if all(j.table != join.table for j in joins):
                    joins.append(join)
        return joins
