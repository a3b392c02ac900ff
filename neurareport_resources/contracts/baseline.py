"""A plain name-matching mapper: the yardstick the heuristic and LLM mappers are measured against.

Each token goes to the column whose name is most alike its own (``difflib`` ratio on the
lower-cased letters and digits), with no vocabulary, labels, types or data; totals sum the
best-named numeric column of the row table, ``count``/``number of`` tokens count its rows.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from neurareport_resources.contracts.model import Contract, TokenMapping
from neurareport_resources.datasources import ColumnInfo, SourceSchema, TableInfo
from neurareport_resources.templating import TemplateSpec, Token, TokenKind
from neurareport_resources.templating.names import split_identifier

THRESHOLD = 0.6
_TOTAL_WORDS = frozenset({"total", "sum", "totals", "count", "number", "of", "nb", "cnt"})
_NUMERIC = ("integer", "decimal", "float")


def _plain(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.lower())


def _ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, _plain(a), _plain(b)).ratio()


def _best(field: str, table: TableInfo, columns: list[ColumnInfo]) -> tuple[float, str]:
    scored = [(_ratio(field, c.name), f"{table.name}.{c.name}") for c in columns]
    return max(scored, default=(0.0, ""))


class NameMatchMapper:
    """Baseline mapper: string likeness of token and column names, nothing else."""

    name = "name-match"

    def propose(self, template: TemplateSpec, schema: SourceSchema) -> Contract:
        """A draft contract (not validated)."""
        from neurareport_resources.contracts.heuristic import assemble_contract

        rows = [t for t in template.tokens if t.kind == TokenKind.ROW]
        row_table = max(
            schema.tables,
            key=lambda table: sum(_best(t.field, table, table.columns)[0] for t in rows),
            default=None,
        )
        mappings = [self._map(token, schema, row_table) for token in template.tokens]
        return assemble_contract(
            template, schema, self.name, mappings, row_table.name if row_table else None
        )

    def _map(self, token: Token, schema: SourceSchema, row_table: TableInfo | None) -> TokenMapping:
        mapping = TokenMapping(token=token.name, kind=token.kind, origin="heuristic")
        if token.kind == TokenKind.TOTAL:
            if row_table is None:
                return mapping
            words = split_identifier(token.field)
            if (words and words[0] in ("count", "number", "nb", "cnt")) or words[-1:] == ["count"]:
                return mapping.model_copy(
                    update={"target": "SQL:COUNT(*)", "aggregate": "count", "confidence": 0.7}
                )
            field = "_".join(w for w in words if w not in _TOTAL_WORDS) or "amount"
            numeric = [c for c in row_table.columns if c.kind in _NUMERIC]
            score, target = _best(field, row_table, numeric)
            if score >= THRESHOLD:
                return mapping.model_copy(
                    update={"target": target, "aggregate": "sum", "confidence": round(score, 3)}
                )
            return mapping
        tables = [row_table] if token.kind == TokenKind.ROW and row_table else schema.tables
        score, target = max(
            (_best(token.field, table, table.columns) for table in tables), default=(0.0, "")
        )
        if score < THRESHOLD:
            return mapping
        return mapping.model_copy(update={"target": target, "confidence": round(score, 3)})
