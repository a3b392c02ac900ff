"""The contract: for every template token a target, plus where rows come from.

A target is one of ``table.column``, ``SQL:<expression>``, ``PARAM:<name>``,
``LITERAL:<text>`` or ``UNRESOLVED``. Stored as JSON per (tenant, period, template).
"""

from __future__ import annotations

import enum
import hashlib
import json
from typing import Literal

from pydantic import BaseModel, Field

from neurareport_resources.contracts.params import FILTER_PARAMS, RUN_PARAMS
from neurareport_resources.templating import TokenKind

UNRESOLVED = "UNRESOLVED"
SQL_PREFIX = "SQL:"
PARAM_PREFIX = "PARAM:"
LITERAL_PREFIX = "LITERAL:"
# parameters an execution provides: the run's period and dates, and the values it filters on
ALLOWED_PARAMS = RUN_PARAMS + FILTER_PARAMS
PROMPT_VERSION = "contracts-v2"

TargetKind = Literal["column", "sql", "param", "literal", "unresolved"]
Aggregate = Literal[
    "sum",
    "sum_positive",
    "sum_negative_abs",
    "count",
    "count_distinct",
    "avg",
    "min",
    "max",
    "first",
    "last",
]
Formatter = Literal["text", "money", "date", "integer", "number", "percent"]
Origin = Literal["heuristic", "llm", "override"]


class ContractError(ValueError):
    """A contract that cannot be built, applied or run; the message says what to do."""


class ContractStatus(enum.StrEnum):
    """draft: proposed, not reviewed; needs_review: something is doubtful; approved: signed off."""

    DRAFT = "draft"
    NEEDS_REVIEW = "needs_review"
    APPROVED = "approved"


def target_kind(target: str) -> TargetKind:
    """Which of the five target forms ``target`` is."""
    if target == UNRESOLVED:
        return "unresolved"
    if target.startswith(SQL_PREFIX):
        return "sql"
    if target.startswith(PARAM_PREFIX):
        return "param"
    if target.startswith(LITERAL_PREFIX):
        return "literal"
    return "column"


class CandidateTarget(BaseModel):
    """A runner-up target the mapper weighed for a token, so review is a choice, not a search."""

    target: str
    aggregate: Aggregate | None = None
    confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    reason: str = ""


class TokenMapping(BaseModel):
    """One token's target, how to aggregate/format it, why it was chosen, and the runners-up."""

    token: str
    kind: TokenKind
    target: str = UNRESOLVED
    aggregate: Aggregate | None = None
    formatter: Formatter = "text"
    confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    reason: str = ""
    origin: Origin = "heuristic"
    approved: bool = False
    candidates: list[CandidateTarget] = Field(default_factory=list)

    @property
    def target_kind(self) -> TargetKind:
        """column | sql | param | literal | unresolved."""
        return target_kind(self.target)

    @property
    def resolved(self) -> bool:
        """True unless the target is ``UNRESOLVED``."""
        return self.target != UNRESOLVED

    @property
    def field(self) -> str:
        """The key a row dict uses for this token (``row.txn_date`` -> ``txn_date``)."""
        return self.token.split(".", 1)[1] if self.kind == TokenKind.ROW else self.token


class Join(BaseModel):
    """``JOIN table ON left = right`` (both ``table.column``), and for a composite key the
    further column pairs ``AND further_left = further_right`` (SAP's BUKRS + BELNR + GJAHR)."""

    table: str
    left: str
    right: str
    further_keys: list[tuple[str, str]] = Field(default_factory=list)

    def key_pairs(self) -> list[tuple[str, str]]:
        """Every (left, right) column pair the join matches on."""
        return [(self.left, self.right), *self.further_keys]


class PeriodFilter(BaseModel):
    """How a table is narrowed to the report period.

    ``month_start``: ``column = :period_start`` (a date holding the first of the month);
    ``between``: ``column BETWEEN :period_start AND :period_end``;
    ``month_text``: ``column = :period`` (``YYYY-MM`` text).
    """

    column: str
    mode: Literal["month_start", "between", "month_text"]


class RowSource(BaseModel):
    """Where the row loop reads from: a table, joins, the period filter and the ordering."""

    table: str | None = None
    joins: list[Join] = Field(default_factory=list)
    date_column: str | None = None
    period_filter: PeriodFilter | None = None
    order_by: list[str] = Field(default_factory=list)

    def tables(self) -> list[str]:
        """The row table and every joined table."""
        return ([self.table] if self.table else []) + [j.table for j in self.joins]


class Contract(BaseModel):
    """A template mapped onto one data source by one mapper."""

    template: str
    template_hash: str
    source_name: str
    dialect: str
    schema_hash: str
    mapper: str
    prompt_version: str = PROMPT_VERSION
    mappings: list[TokenMapping]
    row_source: RowSource = Field(default_factory=RowSource)
    # per table used by scalars: the period filter and the column that orders its rows
    table_filters: dict[str, PeriodFilter] = Field(default_factory=dict)
    table_order: dict[str, str] = Field(default_factory=dict)
    status: ContractStatus = ContractStatus.DRAFT
    review_reasons: list[str] = Field(default_factory=list)
    # filled by propose_contract from validate_contract
    sql_valid: bool | None = None
    errors: list[str] = Field(default_factory=list)

    def mapping_for(self, token: str) -> TokenMapping:
        """The mapping of ``token`` (``ContractError`` if absent)."""
        for mapping in self.mappings:
            if mapping.token == token:
                return mapping
        raise ContractError(f"contract for {self.template}: no token {token!r}")

    @property
    def mapping(self) -> dict[str, str]:
        """token -> target."""
        return {m.token: m.target for m in self.mappings}

    @property
    def coverage(self) -> float:
        """Share of tokens with a target other than ``UNRESOLVED`` (1.0 when there are none)."""
        if not self.mappings:
            return 1.0
        return sum(m.resolved for m in self.mappings) / len(self.mappings)

    @property
    def fingerprint(self) -> str:
        """12 hex digits over what an analyst approves: targets, aggregates, row source, schema."""
        shape = {
            "mappings": [(m.token, m.target, m.aggregate) for m in self.mappings],
            "row_source": self.row_source.model_dump(mode="json"),
            "schema": self.schema_hash,
            "template": self.template_hash,
        }
        return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()[:12]

    @property
    def unresolved(self) -> list[str]:
        """Tokens left ``UNRESOLVED``."""
        return [m.token for m in self.mappings if not m.resolved]
