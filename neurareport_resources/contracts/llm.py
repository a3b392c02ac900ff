"""The LLM mapper: any OpenAI-compatible endpoint through ``instructor`` in tool mode.

The answer is a pydantic model whose validator builds the contract and runs the same
static validation as every other proposal; a validation error goes back to the model
(bounded retries). Network failures are not retried here: ``propose_contract`` falls
back to the heuristic mapper and marks the contract for review.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel, Field, ValidationInfo, model_validator

from neurareport_resources.contracts.heuristic import _formatter, assemble_contract
from neurareport_resources.contracts.model import (
    ALLOWED_PARAMS,
    PARAM_PREFIX,
    PROMPT_VERSION,
    SQL_PREFIX,
    UNRESOLVED,
    Aggregate,
    Contract,
    ContractError,
    TokenMapping,
    target_kind,
)
from neurareport_resources.contracts.vocabulary import canonical_words
from neurareport_resources.datasources import SourceSchema
from neurareport_resources.llm.client import make_instructor_client
from neurareport_resources.templating import TemplateSpec, TokenKind


class LlmError(ContractError):
    """The LLM mapper produced no contract; ``propose_contract`` may fall back."""


class LlmUnavailableError(LlmError):
    """The endpoint timed out, refused the connection or answered with an HTTP error."""


class LlmAnswerError(LlmError):
    """The endpoint answered, but never with a valid contract within the retry budget."""


class LlmMapping(BaseModel):
    """The model's target for one token."""

    token: str = Field(description="token name exactly as listed, e.g. row.txn_date")
    target: str = Field(
        description="table.column | SQL:<expression> | PARAM:<name> | LITERAL:<text> | UNRESOLVED"
    )
    aggregate: Aggregate | None = Field(
        default=None,
        description="totals: sum, sum_positive, sum_negative_abs, count, avg, min, max; "
        "scalars: first or last row of the period",
    )
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    reason: str = Field(default="", description="one short sentence: why this target")


class LlmProposal(BaseModel):
    """A mapping of every template token onto the schema."""

    row_table: str | None = Field(description="the table the row loop reads; null if no row tokens")
    mappings: list[LlmMapping]

    @model_validator(mode="after")
    def _validate_against_schema(self, info: ValidationInfo) -> LlmProposal:
        context = info.context or {}
        template = context.get("template")
        schema = context.get("schema")
        if template is None or schema is None:
            return self
        contract = proposal_to_contract(self, template, schema, context.get("mapper", "llm"))
        from neurareport_resources.contracts.validate import validate_contract

        errors = _token_errors(self, template)
        errors += validate_contract(contract, None, schema=schema, run_queries=False).errors
        if errors:
            raise ValueError("; ".join(errors[:12]))
        return self


def _token_errors(proposal: LlmProposal, template: TemplateSpec) -> list[str]:
    names = template.token_names
    given = [m.token for m in proposal.mappings]
    errors = [f"token {n} is missing: map it or use UNRESOLVED" for n in names if n not in given]
    errors += [f"token {g} is not in the template" for g in given if g not in names]
    errors += [f"token {g} is mapped twice" for g in set(given) if given.count(g) > 1]
    return errors


def answered_kind(kind: TokenKind, target: str, aggregate: str | None) -> TokenKind:
    """The kind the answer gives a token: an aggregate over the rows makes it a total, a plain
    value (a stored total such as ``invoices.total``) a scalar; row tokens stay rows."""
    if kind == TokenKind.ROW or target_kind(target) not in ("column", "sql"):
        return kind
    aggregated = aggregate not in (None, "first", "last") or bool(
        target.startswith(SQL_PREFIX)
        and re.search(r"\b(SUM|COUNT|AVG|MIN|MAX)\s*\(", target, re.IGNORECASE)
    )
    return TokenKind.TOTAL if aggregated else TokenKind.SCALAR


def proposal_to_contract(
    proposal: LlmProposal, template: TemplateSpec, schema: SourceSchema, mapper_name: str
) -> Contract:
    """Turn the model's answer into a contract (row source details derived from the schema)."""
    by_token = {m.token: m for m in proposal.mappings}
    mappings: list[TokenMapping] = []
    for token in template.tokens:
        answer = by_token.get(token.name)
        target = answer.target.strip() if answer else UNRESOLVED
        column = None
        if "." in target and ":" not in target:
            table = schema.table(target.split(".")[0])
            column = table.column(target.split(".", 1)[1]) if table else None
        formatter = _formatter(token, column, canonical_words(token.field))
        if target.startswith(PARAM_PREFIX) and target[len(PARAM_PREFIX) :] in (
            "period_start",
            "period_end",
        ):
            formatter = "date"
        if token.kind == TokenKind.TOTAL and answer and answer.aggregate == "count":
            formatter = "integer"
        mappings.append(
            TokenMapping(
                token=token.name,
                kind=answered_kind(token.kind, target, answer.aggregate if answer else None),
                target=target,
                aggregate=answer.aggregate if answer else None,
                formatter=formatter,
                confidence=answer.confidence if answer else 0.0,
                reason=(answer.reason if answer else "not answered by the model"),
                origin="llm",
            )
        )
    return assemble_contract(template, schema, mapper_name, mappings, proposal.row_table)


SYSTEM_PROMPT = (
    """You map the placeholders (tokens) of a report template onto a database schema.
The user message is one JSON document: the template's tokens, each with its label, the header
of the table column it sits in, whether it sits in a table footer, its filters, and the
candidates an offline matcher found for it (and its own choice, UNRESOLVED when none of them
was good enough); the suggested row table; the run parameters; and the schema with samples.

Every candidate has already been checked: its columns exist, its SQL parses and is read-only,
and a derived value's identity was tested on the sample rows ("checked on the sample rows",
"equals it on the data"). Candidates are ordered by the matcher's confidence, which is often
wrong where names tie or mislead: read the label, the column header and the samples.

For every token answer one target:
- choose a candidate by copying its target and aggregate; or
- table.column for another column (row tokens: a column of row_table or of a table it joins
  to; totals: a numeric column of row_table with an aggregate: sum, sum_positive (money in),
  sum_negative_abs (money out as a positive number), count, count_distinct, avg, min, max);
- SQL:<expression> for a read-only expression over qualified columns (table.column), e.g.
  SQL:COUNT(*) or SQL:t.gross - t.tax; never a statement, a subquery or ';';
- PARAM:<name> for a value of the run: """
    + ", ".join(ALLOWED_PARAMS)
    + """ (period bounds, the as-of and print dates, and the values a report is filtered on);
- UNRESOLVED when nothing in the data is that value: a column about another party (the
  customer's phone for the advisor's) or another share of an amount (the employee's
  contribution for the employer's) is UNRESOLVED, never a guess.
Scalars may read any table; aggregate "last" gives a closing value, "first" an opening one.
Answer with the tool call only."""
)


MAX_PROMPT_TABLES = 40
MAX_CANDIDATES = 5


def _relevant_tables(template: TemplateSpec, schema: SourceSchema) -> list[Any]:
    """Tables ordered by how well their columns match the tokens (big schemas are cut)."""
    from neurareport_resources.contracts.heuristic import table_relevance

    if len(schema.tables) <= MAX_PROMPT_TABLES:
        return list(schema.tables)
    relevance = table_relevance(template, schema)
    return sorted(schema.tables, key=lambda t: relevance[t.name], reverse=True)[:MAX_PROMPT_TABLES]


def _checked_candidates(mapping: TokenMapping, schema: SourceSchema) -> list[dict[str, Any]]:
    """The heuristic's choice and runners-up that pass the static checks, best first."""
    from neurareport_resources.contracts.validate import check_target

    options = []
    if mapping.resolved:
        options.append((mapping.target, mapping.aggregate, mapping.confidence, mapping.reason))
    options += [(c.target, c.aggregate, c.confidence, c.reason) for c in mapping.candidates]
    found: list[dict[str, Any]] = []
    for target, aggregate, confidence, reason in options:
        if target == UNRESOLVED or check_target(target, schema, schema.dialect, mapping.token):
            continue
        found.append(
            {"target": target, "aggregate": aggregate, "confidence": confidence, "why": reason}
        )
    return found[:MAX_CANDIDATES]


def render_prompt(template: TemplateSpec, schema: SourceSchema) -> str:
    """The user message, one JSON document: tokens with label, column header, footer flag,
    filters and the offline matcher's checked candidates; the suggested row table; the run
    parameters; the schema with sample values. Schemas over :data:`MAX_PROMPT_TABLES`
    tables are cut to the most relevant ones."""
    from neurareport_resources.contracts.heuristic import HeuristicMapper

    offline = HeuristicMapper().propose(template, schema)
    tokens = []
    for token in template.tokens:
        entry: dict[str, Any] = {"token": token.name, "kind": token.kind.value}
        if token.label:
            entry["label"] = token.label
        if token.header and token.header != token.label:
            entry["column_header"] = token.header
        if token.footer:
            entry["in_footer"] = True
        if token.filters:
            entry["filters"] = list(token.filters)
        mapping = offline.mapping_for(token.name)
        # what the matcher would answer: its first candidate, or UNRESOLVED when none is good
        entry["matcher_choice"] = mapping.target
        entry["candidates"] = _checked_candidates(mapping, schema)
        tokens.append(entry)
    tables = [
        {
            "table": t.name,
            "primary_key": t.primary_key,
            "foreign_keys": [fk.model_dump() for fk in t.foreign_keys],
            "columns": [
                {"name": c.name, "type": c.type, "samples": c.samples[:3]} for c in t.columns
            ],
        }
        for t in _relevant_tables(template, schema)
    ]
    document: dict[str, Any] = {
        "template": template.name,
        "row_table_suggestion": offline.row_source.table,
        "joins": [j.model_dump() for j in offline.row_source.joins],
        "run_parameters": list(ALLOWED_PARAMS),
        "tokens": tokens,
        "dialect": schema.dialect,
        "schema": tables,
    }
    omitted = len(schema.tables) - len(tables)
    if omitted:
        document["note"] = f"{omitted} less relevant tables omitted"
    return json.dumps(document, ensure_ascii=False, default=str)


class LlmMapper:
    """Mapper backed by an OpenAI-compatible chat-completions endpoint (instructor, tool mode)."""

    prompt_version = PROMPT_VERSION

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str = "not-needed",
        timeout: float = 60.0,
        max_retries: int = 2,
    ) -> None:
        self.base_url = base_url
        self.model = model
        self.timeout = timeout
        self.max_retries = max_retries
        self.name = f"llm:{model}"
        # the HTTP client never retries: a dead endpoint falls back at once
        self._client = make_instructor_client(base_url, api_key, timeout)

    def propose(self, template: TemplateSpec, schema: SourceSchema) -> Contract:
        """Ask the model; raise :class:`LlmUnavailableError` or :class:`LlmAnswerError` on failure."""
        messages: list[Any] = [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": render_prompt(template, schema)},
        ]
        try:
            answer = self._client.chat.completions.create(
                model=self.model,
                response_model=LlmProposal,
                messages=messages,
                max_retries=self.max_retries,
                context={"template": template, "schema": schema, "mapper": self.name},
            )
        except Exception as exc:  # instructor wraps everything; classify by the root cause
            raise self._classify(exc) from exc
        return proposal_to_contract(answer, template, schema, self.name)

    def _classify(self, exc: BaseException) -> LlmError:
        import openai  # loaded by the client already; imported here, not by every mapper user

        root: BaseException | None = exc
        seen = 0
        while root is not None and seen < 10:
            if isinstance(root, openai.APITimeoutError):
                return LlmUnavailableError(
                    f"LLM at {self.base_url} timed out after {self.timeout:g}s; "
                    "check the endpoint or raise the timeout"
                )
            if isinstance(root, openai.APIConnectionError):
                return LlmUnavailableError(
                    f"LLM at {self.base_url} is unreachable ({type(root).__name__}); "
                    "check the base URL and that the server runs"
                )
            if isinstance(root, openai.APIStatusError):
                return LlmUnavailableError(
                    f"LLM at {self.base_url} answered HTTP {root.status_code}; check model and key"
                )
            root = root.__cause__ or root.__context__
            seen += 1
        first = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else type(exc).__name__
        return LlmAnswerError(
            f"LLM {self.model} at {self.base_url} gave no valid contract after "
            f"{self.max_retries + 1} attempt(s): {first}"
        )
