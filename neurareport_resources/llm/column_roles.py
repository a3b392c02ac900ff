"""An LLM that names the columns of a statement table the rules could not map.

The extraction engine calls it (as its ``column_role_advisor``) only for pages whose
header it could not read; the answer is validated (one known role per column, a date
and a money column present) and retried on validation errors, and any failure means
"no advice": the page is flagged, never guessed.
"""

from __future__ import annotations

import logging
from typing import Any

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from neurareport_resources.llm.client import make_instructor_client, root_cause_message

COLUMN_ROLES = (
    "date",
    "value_date",
    "description",
    "debit",
    "credit",
    "amount",
    "balance",
    "other",
)
PROMPT_VERSION = "column-roles-1"
_log = logging.getLogger(__name__)

SYSTEM_PROMPT = (
    "You read bank statement tables. Given the header labels (possibly empty or in any "
    "language) and sample rows split into cells, name the role of every cell position of the "
    f"widest row, one of: {', '.join(COLUMN_ROLES)}. 'debit' is money out, 'credit' money in, "
    "'amount' a single signed amount column, 'balance' the running balance, 'other' anything else."
)


class ColumnRoles(BaseModel):
    """One role per cell of the widest sample row, left to right."""

    roles: list[str] = Field(description=f"one of {', '.join(COLUMN_ROLES)} per column")

    @field_validator("roles")
    @classmethod
    def _known_and_complete(cls, roles: list[str], info: ValidationInfo) -> list[str]:
        roles = [r.strip().lower() for r in roles]
        unknown = sorted({r for r in roles if r not in COLUMN_ROLES})
        if unknown:
            raise ValueError(f"unknown roles {unknown}; use only {list(COLUMN_ROLES)}")
        expected = (info.context or {}).get("columns")
        if expected is not None and len(roles) != expected:
            raise ValueError(
                f"give exactly {expected} roles, one per column; you gave {len(roles)}"
            )
        if "date" not in roles:
            raise ValueError("one column must be the transaction 'date'")
        if not {"debit", "credit", "amount"} & set(roles):
            raise ValueError("at least one money column (debit, credit or amount) is required")
        return roles


class LlmColumnRoleAdvisor:
    """``advisor(labels, sample_rows) -> roles | None`` backed by an OpenAI-compatible endpoint."""

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str | None = None,
        timeout: float = 30.0,
        max_retries: int = 2,
    ) -> None:
        self.base_url = base_url
        self.model = model
        self.max_retries = max_retries
        self._client = make_instructor_client(base_url, api_key, timeout)

    def __call__(self, labels: list[str], sample_rows: list[list[str]]) -> list[str] | None:
        if not sample_rows:
            return None
        columns = max(len(row) for row in sample_rows)
        table = "\n".join(" | ".join(row) for row in sample_rows)
        messages: list[Any] = [
            {"role": "system", "content": SYSTEM_PROMPT},
            {
                "role": "user",
                "content": f"Header labels: {labels or '(none)'}\nColumns: {columns}\nRows:\n{table}",
            },
        ]
        try:
            answer = self._client.chat.completions.create(
                model=self.model,
                response_model=ColumnRoles,
                messages=messages,
                max_retries=self.max_retries,
                context={"columns": columns},
            )
        except Exception as exc:  # any failure is "no advice": the page is flagged instead
            _log.warning(
                "column-role LLM at %s gave no usable answer: %s",
                self.base_url,
                root_cause_message(exc),
            )
            return None
        return list(answer.roles)
