"""The offline mapper: names, labels, synonyms, abbreviations, types and sample values."""

from __future__ import annotations

import re
from dataclasses import dataclass

from neurareport_resources.contracts.joins import SchemaGraph
from neurareport_resources.contracts.model import (
    PARAM_PREFIX,
    PROMPT_VERSION,
    Aggregate,
    Contract,
    Formatter,
    Join,
    PeriodFilter,
    RowSource,
    TokenMapping,
)
from neurareport_resources.contracts.vocabulary import (
    COUNT_WORDS,
    DATE_WORDS,
    MONEY_WORDS,
    ROW_ENTITY_WORDS,
    canonical_words,
    word_similarity,
    word_weight,
)
from neurareport_resources.datasources import ColumnInfo, SourceSchema, TableInfo
from neurareport_resources.templating import TemplateSpec, Token, TokenKind

# below this score a token stays UNRESOLVED rather than being guessed
THRESHOLD = 0.5
DEBIT_WORDS = frozenset(
    {"debit", "withdrawal", "outflow", "expense", "spent", "charge", "out", "payment", "outgoing"}
)
CREDIT_WORDS = frozenset({"credit", "deposit", "inflow", "income", "received", "in", "incoming"})
TOTAL_MARKERS = frozenset(
    {"total", "sum", "count", "average", "min", "max", "number", "nb", "cnt", "gesamt"}
)
PERIOD_WORDS = frozenset({"period", "month"})
ORDER_TIEBREAK = ("page", "row_no", "line_no", "line", "seq", "sequence", "position", "id")

# pseudo-columns for the parameters every run provides
PARAM_WORDS: dict[str, tuple[list[str], str]] = {
    "period_start": (["period", "start"], "date"),
    "period_end": (["period", "end"], "date"),
    "period": (["period", "month"], "text"),
    "tenant": (["tenant"], "text"),
}

_SAMPLE_RULES: list[tuple[frozenset[str], re.Pattern[str]]] = [
    (frozenset({"currency"}), re.compile(r"^[A-Z]{3}$")),
    (frozenset({"email"}), re.compile(r"^[^@\s]+@[^@\s]+$")),
    (frozenset({"iban"}), re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{8,30}$")),
]


def _match(token_words: list[str], column_words: list[str], optional: list[str]) -> float:
    """Weighted Dice overlap; words of the table name may help but never hurt."""
    if not token_words or not column_words:
        return 0.0
    matched = 0.0
    used_optional = 0.0
    for tw in token_words:
        weight = word_weight(tw)
        best = max((word_similarity(tw, cw) for cw in column_words), default=0.0)
        opt = max((word_similarity(tw, ow) for ow in optional), default=0.0)
        if opt > best:
            best = opt
            used_optional += weight
        matched += best * weight
    # the column's words all have to be explained; table words only when they were used
    total = sum(map(word_weight, token_words)) + sum(map(word_weight, column_words))
    return 2 * matched / (total + used_optional)


def _expected_kind(token: Token, words: list[str]) -> str | None:
    if "money" in token.filters or (words and words[0] in MONEY_WORDS and "date" not in words):
        return "number"
    if "date" in token.filters or (words and words[-1] in DATE_WORDS) or "date" in words:
        return "date"
    if any(w in MONEY_WORDS for w in words):
        return "number"
    if words and words[-1] in COUNT_WORDS:
        return "number"
    if words and words[-1] in {
        "name",
        "description",
        "holder",
        "category",
        "currency",
        "city",
        "email",
        "address",
        "code",
        "status",
        "type",
    }:
        return "text"
    return None


def _kind_factor(expected: str | None, column: ColumnInfo) -> float:
    if expected is None or column.kind == "other":
        return 1.0
    if expected == "date":
        return (
            1.0 if column.kind in ("date", "datetime") else (0.8 if column.kind == "text" else 0.45)
        )
    if expected == "number":
        return 1.0 if column.kind in ("decimal", "float", "integer") else 0.5
    if expected == "text":
        return 1.0 if column.kind == "text" else 0.6
    return 1.0


def _sample_bonus(words: list[str], column: ColumnInfo) -> float:
    for concept, pattern in _SAMPLE_RULES:
        if (
            concept & set(words)
            and column.samples
            and all(pattern.match(s) for s in column.samples)
        ):
            return 0.25
    return 0.0


@dataclass
class Candidate:
    """A scored target for one token."""

    target: str
    score: float
    reason: str
    table: str | None = None
    column: ColumnInfo | None = None


KEY_WORDS = frozenset({"id", "key", "number", "code", "reference", "no", "iban"})


def _is_key(table: TableInfo, column: ColumnInfo) -> bool:
    words = canonical_words(column.name)
    return (
        column.primary_key
        or any(column.name in fk.columns for fk in table.foreign_keys)
        or (bool(words) and words[-1] == "id")
    )


def _score_column(token: Token, table: TableInfo, column: ColumnInfo) -> Candidate:
    name_words = canonical_words(token.field)
    label_words = canonical_words(token.label) if token.label else []
    col_words = canonical_words(column.name)
    table_words = canonical_words(table.name)
    by_name = _match(name_words, col_words, table_words)
    by_label = _match(label_words, col_words, table_words) * 0.95 if label_words else 0.0
    if token.field.lower() == column.name.lower():
        by_name = 1.0
    base = max(by_name, by_label) + (0.05 if by_name > 0.3 and by_label > 0.3 else 0.0)
    expected = _expected_kind(token, name_words + label_words)
    score = base * _kind_factor(expected, column) + _sample_bonus(name_words + label_words, column)
    # surrogate keys link tables; they are shown only when the token asks for an id/number
    if (
        _is_key(table, column)
        and not set(name_words) & KEY_WORDS
        and token.field.lower() != column.name.lower()
    ):
        score *= 0.4
    how = "name" if by_name >= by_label else f"label '{token.label}'"
    reason = f"{how} ~ {table.name}.{column.name} ({column.kind}), score {score:.2f}"
    return Candidate(f"{table.name}.{column.name}", score, reason, table.name, column)


# words that say "of this report" around a period: "statement_from", "report_month"
PERIOD_CONTEXT = ["statement", "report", "billing", "reporting"]


def _score_param(token: Token) -> Candidate | None:
    words = canonical_words(token.field) + (canonical_words(token.label) if token.label else [])
    best: Candidate | None = None
    for name, (param_words, _kind) in PARAM_WORDS.items():
        score = _match(canonical_words(token.field), param_words, PERIOD_CONTEXT) * 0.9
        if token.label:
            score = max(
                score, _match(canonical_words(token.label), param_words, PERIOD_CONTEXT) * 0.85
            )
        if score > (best.score if best else 0.0):
            best = Candidate(
                f"{PARAM_PREFIX}{name}",
                score,
                f"run parameter {name} ~ {' '.join(words)}, score {score:.2f}",
            )
    return best


def _date_columns(table: TableInfo) -> list[ColumnInfo]:
    return [c for c in table.columns if c.kind in ("date", "datetime")]


def _period_filter(table: TableInfo, date_column: str | None = None) -> PeriodFilter | None:
    """``period``-like column first (month key), else the row date column, else any date."""
    for column in table.columns:
        words = canonical_words(column.name)
        if words and set(words) <= PERIOD_WORDS:
            if column.kind in ("date", "datetime"):
                return PeriodFilter(column=f"{table.name}.{column.name}", mode="month_start")
            if column.kind == "text":
                return PeriodFilter(column=f"{table.name}.{column.name}", mode="month_text")
    if date_column:
        return PeriodFilter(column=date_column, mode="between")
    dates = _date_columns(table)
    if len(dates) == 1:
        return PeriodFilter(column=f"{table.name}.{dates[0].name}", mode="between")
    return None


def _formatter(token: Token, column: ColumnInfo | None, words: list[str]) -> Formatter:
    if "money" in token.filters:
        return "money"
    if "date" in token.filters:
        return "date"
    if "percent" in token.filters:
        return "percent"
    if column is None:
        return "text"
    if column.kind in ("date", "datetime"):
        return "date"
    if column.kind in ("decimal", "float"):
        col_words = canonical_words(column.name)
        return "money" if set(words + col_words) & MONEY_WORDS else "number"
    if column.kind == "integer":
        return "integer"
    return "text"


class HeuristicMapper:
    """Offline mapper: scores every column for every token, keeps the best above a threshold."""

    name = "heuristic"

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold

    def propose(self, template: TemplateSpec, schema: SourceSchema) -> Contract:
        """A draft contract for ``template`` over ``schema`` (not yet validated)."""
        row_tokens = [t for t in template.tokens if t.kind == TokenKind.ROW]
        row_table = self._choose_row_table(template, schema)
        mappings: dict[str, TokenMapping] = {}
        joins: list[Join] = []
        row_date: str | None = None
        if row_table is not None:
            related = self._related_tables(row_table, schema)
            for token in row_tokens:
                mapping, join = self._map_row_token(token, row_table, related)
                mappings[token.name] = mapping
                if join and all(j.table != join.table for j in joins):
                    joins.append(join)
                if (
                    mapping.formatter == "date"
                    and mapping.target_kind == "column"
                    and row_date is None
                ):
                    row_date = mapping.target
        else:
            for token in row_tokens:
                mappings[token.name] = TokenMapping(
                    token=token.name, kind=token.kind, reason="no table fits the row tokens"
                )
        for token in template.tokens:
            if token.kind == TokenKind.SCALAR:
                mappings[token.name] = self._map_scalar(token, schema, row_table)
            elif token.kind == TokenKind.TOTAL:
                mappings[token.name] = self._map_total(token, row_table, schema)
        return assemble_contract(
            template,
            schema,
            self.name,
            [mappings[t.name] for t in template.tokens],
            row_table.name if row_table else None,
            row_date,
            joins,
        )

    # ---- row source -------------------------------------------------------------------
    def _choose_row_table(self, template: TemplateSpec, schema: SourceSchema) -> TableInfo | None:
        row_tokens = [t for t in template.tokens if t.kind == TokenKind.ROW]
        totals = [t for t in template.tokens if t.kind == TokenKind.TOTAL]
        if not row_tokens and not totals:
            return None
        best: tuple[float, TableInfo] | None = None
        for table in schema.tables:
            score = 0.0
            for token in row_tokens:
                score += max(
                    (_score_column(token, table, c).score for c in table.columns), default=0.0
                )
            # row loops are lists of dated events: transactions, orders, invoices…
            if _date_columns(table):
                score += 0.3
            if set(canonical_words(table.name)) & ROW_ENTITY_WORDS:
                score += 0.3
            if best is None or score > best[0]:
                best = (score, table)
        if best is None or (row_tokens and best[0] < self.threshold):
            return None
        return best[1]

    def _related_tables(
        self, row_table: TableInfo, schema: SourceSchema
    ) -> list[tuple[TableInfo, Join | None]]:
        related: list[tuple[TableInfo, Join | None]] = [(row_table, None)]
        for fk in row_table.foreign_keys:
            ref = schema.table(fk.ref_table)
            if ref is not None and len(fk.columns) == 1 and len(fk.ref_columns) == 1:
                related.append(
                    (
                        ref,
                        Join(
                            table=ref.name,
                            left=f"{row_table.name}.{fk.columns[0]}",
                            right=f"{ref.name}.{fk.ref_columns[0]}",
                        ),
                    )
                )
        return related

    def _map_row_token(
        self, token: Token, row_table: TableInfo, related: list[tuple[TableInfo, Join | None]]
    ) -> tuple[TokenMapping, Join | None]:
        best: Candidate | None = None
        best_join: Join | None = None
        for table, join in related:
            for column in table.columns:
                cand = _score_column(token, table, column)
                if join is not None:
                    cand.score -= 0.1  # a joined column has to clearly beat the row table
                    # keys only link tables: a joined table's key is never the value shown
                    if column.primary_key or any(
                        column.name in fk.columns for fk in table.foreign_keys
                    ):
                        cand.score -= 0.3
                if best is None or cand.score > best.score:
                    best, best_join = cand, join
        words = canonical_words(token.field)
        if best is None or best.score < self.threshold:
            reason = (
                f"no column of {row_table.name} matches (best {best.score:.2f})"
                if best
                else "no columns"
            )
            return TokenMapping(
                token=token.name,
                kind=token.kind,
                reason=reason,
                formatter=_formatter(token, None, words),
            ), None
        return TokenMapping(
            token=token.name,
            kind=token.kind,
            target=best.target,
            confidence=round(min(best.score, 1.0), 3),
            reason=best.reason,
            formatter=_formatter(token, best.column, words),
        ), best_join

    # ---- scalars ----------------------------------------------------------------------
    def _map_scalar(
        self, token: Token, schema: SourceSchema, row_table: TableInfo | None
    ) -> TokenMapping:
        words = canonical_words(token.field)
        best: Candidate | None = None
        for table in schema.tables:
            for column in table.columns:
                cand = _score_column(token, table, column)
                if row_table is not None and table.name != row_table.name:
                    cand.score += 0.05  # header facts live outside the row table
                if best is None or cand.score > best.score:
                    best = cand
        param = _score_param(token)
        if param is not None and (best is None or param.score > best.score):
            best = param
        if best is None or best.score < self.threshold:
            reason = (
                f"nothing matches (best {best.target} {best.score:.2f})" if best else "empty schema"
            )
            return TokenMapping(
                token=token.name,
                kind=token.kind,
                reason=reason,
                formatter=_formatter(token, None, words),
            )
        pick: Aggregate | None = (
            "last" if set(words) & {"closing", "end", "last", "current"} else None
        )
        if best.target.startswith(PARAM_PREFIX):
            formatter: Formatter = (
                "date" if PARAM_WORDS[best.target[len(PARAM_PREFIX) :]][1] == "date" else "text"
            )
            pick = None
        else:
            formatter = _formatter(token, best.column, words)
            if (
                pick is None
                and best.column is not None
                and best.column.kind in ("decimal", "float")
            ):
                pick = "first"
        return TokenMapping(
            token=token.name,
            kind=token.kind,
            target=best.target,
            aggregate=pick,
            confidence=round(min(best.score, 1.0), 3),
            reason=best.reason,
            formatter=formatter,
        )

    # ---- totals -----------------------------------------------------------------------
    def _map_total(
        self, token: Token, row_table: TableInfo | None, schema: SourceSchema
    ) -> TokenMapping:
        words = canonical_words(token.field)
        label_words = canonical_words(token.label) if token.label else []
        rest = [w for w in words if w not in TOTAL_MARKERS]
        marker = next((w for w in words if w in TOTAL_MARKERS), "total")
        unresolved = TokenMapping(
            token=token.name,
            kind=token.kind,
            formatter="money" if "money" in token.filters else "text",
        )
        if row_table is None:
            unresolved.reason = "no row table to aggregate"
            return unresolved
        numeric = [
            c
            for c in row_table.columns
            if c.kind in ("decimal", "float", "integer") and not c.primary_key
        ]
        # "transaction_count", "number_of_entries", "count": count the rows
        entity_words = ROW_ENTITY_WORDS | set(canonical_words(row_table.name))
        if marker in ("count", "number", "nb", "cnt") and all(
            max(word_similarity(w, e) for e in entity_words) >= 0.9 for w in rest
        ):
            return TokenMapping(
                token=token.name,
                kind=token.kind,
                target="SQL:COUNT(*)",
                aggregate="count",
                formatter="integer",
                confidence=0.9,
                reason=f"count of {row_table.name} rows in the period",
            )
        side = set(rest) | set(label_words)
        if side & (DEBIT_WORDS | CREDIT_WORDS) and not (side & DEBIT_WORDS and side & CREDIT_WORDS):
            is_debit = bool(side & DEBIT_WORDS)
            wanted = DEBIT_WORDS if is_debit else CREDIT_WORDS
            for column in numeric:
                if set(canonical_words(column.name)) & wanted:
                    return TokenMapping(
                        token=token.name,
                        kind=token.kind,
                        target=f"{row_table.name}.{column.name}",
                        aggregate="sum",
                        formatter="money",
                        confidence=0.85,
                        reason=f"sum of {column.name} (a separate {'debit' if is_debit else 'credit'} column)",
                    )
            amount = self._amount_column(row_table, numeric)
            if amount is not None:
                return TokenMapping(
                    token=token.name,
                    kind=token.kind,
                    target=f"{row_table.name}.{amount.name}",
                    aggregate="sum_negative_abs" if is_debit else "sum_positive",
                    formatter="money",
                    confidence=0.8,
                    reason=(
                        f"sum of {'negative' if is_debit else 'positive'} {amount.name} "
                        f"({'as a positive magnitude' if is_debit else 'money in'})"
                    ),
                )
            unresolved.reason = "no amount column to split into debits/credits"
            return unresolved
        aggregates: dict[str, Aggregate] = {"average": "avg", "min": "min", "max": "max"}
        aggregate: Aggregate = aggregates.get(marker, "sum")
        if not rest:
            rest = ["amount"]  # a bare "total" is the sum of the amounts
        probe = Token(
            name=token.name, kind=token.kind, field="_".join(rest), label="", filters=token.filters
        )
        best: Candidate | None = None
        for column in numeric:
            cand = _score_column(probe, row_table, column)
            if best is None or cand.score > best.score:
                best = cand
        if best is None or best.score < self.threshold:
            unresolved.reason = f"no numeric column of {row_table.name} matches {' '.join(rest)}"
            return unresolved
        formatter = _formatter(token, best.column, words)
        return TokenMapping(
            token=token.name,
            kind=token.kind,
            target=best.target,
            aggregate=aggregate,
            formatter=formatter,
            confidence=round(min(best.score, 1.0), 3),
            reason=f"{aggregate} of {best.reason}",
        )

    @staticmethod
    def _amount_column(row_table: TableInfo, numeric: list[ColumnInfo]) -> ColumnInfo | None:
        probe = Token(name="amount", kind=TokenKind.ROW, field="amount")
        scored = [
            (_score_column(probe, row_table, c).score, c)
            for c in numeric
            if "balance" not in canonical_words(c.name)
        ]
        scored.sort(key=lambda p: -p[0])
        return scored[0][1] if scored and scored[0][0] >= THRESHOLD else None


def _referenced_tables(mapping: TokenMapping, schema: SourceSchema) -> set[str]:
    from neurareport_resources.contracts.sqlbuild import parse_expression, referenced_tables

    if mapping.target_kind == "column":
        table = schema.table(mapping.target.split(".", 1)[0])
        return {table.name} if table else set()
    if mapping.target_kind == "sql":
        try:
            node = parse_expression(mapping.target[len("SQL:") :], schema.dialect)
        except ValueError:
            return set()
        return {t.name for name in referenced_tables(node) if (t := schema.table(name))}
    return set()


def assemble_contract(
    template: TemplateSpec,
    schema: SourceSchema,
    mapper_name: str,
    mappings: list[TokenMapping],
    row_table_name: str | None,
    row_date: str | None = None,
    joins: list[Join] | None = None,
) -> Contract:
    """Build a contract from token mappings: the row source joins every table its row and
    total tokens read (outward, along declared or implied keys); period filters and orderings
    follow from the schema (``period`` column, else the row date column)."""
    row_table = schema.table(row_table_name) if row_table_name else None
    if row_table is not None and row_date is None:
        dates = _date_columns(row_table)
        row_date = f"{row_table.name}.{dates[0].name}" if dates else None
    row_source = RowSource()
    if row_table is not None:
        needed: set[str] = set()
        for m in mappings:
            if m.kind in (TokenKind.ROW, TokenKind.TOTAL):
                needed |= _referenced_tables(m, schema)
        needed.discard(row_table.name)
        joins = list(joins or [])
        for join in SchemaGraph(schema).joins_for(row_table.name, needed):
            if all(j.table != join.table for j in joins):
                joins.append(join)
        order = [row_date] if row_date else []
        for name in ORDER_TIEBREAK:
            col = row_table.column(name)
            if col is not None and col.kind in ("integer", "decimal"):
                order.append(f"{row_table.name}.{col.name}")
        row_source = RowSource(
            table=row_table.name,
            joins=list(joins or []),
            date_column=row_date,
            period_filter=_period_filter(row_table, row_date),
            order_by=order,
        )
    scalar_tables = {
        m.target.split(".")[0]
        for m in mappings
        if m.kind == TokenKind.SCALAR and m.target_kind == "column"
    }
    table_filters: dict[str, PeriodFilter] = {}
    table_order: dict[str, str] = {}
    for name in sorted(scalar_tables):
        table = schema.table(name)
        if table is None:
            continue
        pf = _period_filter(table, None)
        if pf is not None:
            table_filters[table.name] = pf
        dates = [
            c for c in _date_columns(table) if not set(canonical_words(c.name)) <= PERIOD_WORDS
        ]
        if dates:
            table_order[table.name] = f"{table.name}.{dates[0].name}"
    return Contract(
        template=template.name,
        template_hash=template.content_hash,
        source_name=schema.source_name,
        dialect=schema.dialect,
        schema_hash=schema.schema_hash(),
        mapper=mapper_name,
        prompt_version=PROMPT_VERSION,
        mappings=mappings,
        row_source=row_source,
        table_filters=table_filters,
        table_order=table_order,
    )
