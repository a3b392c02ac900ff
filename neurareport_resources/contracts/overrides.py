"""Analyst review: a YAML file beside the template corrects or approves the proposal.

Format (``templates/<name>/overrides.yaml``)::

    status: approved            # optional: the analyst signs off the whole contract …
    fingerprint: 3f2a9c1b7d04   # … as printed by `contract map` (optional but recommended:
                                #     a changed template or schema then needs a new review)
    tokens:
      account_holder: statements.holder          # table.column
      branch_phone: UNRESOLVED                   # known gap, leave empty
      total_fees:                                # a target with options
        target: "SQL:SUM(CASE WHEN category = 'fees' THEN -amount ELSE 0 END)"
        formatter: money
      closing_balance: approved                  # keep the proposal, signed off
    row_source:                                  # optional
      table: transactions
      order_by: [transactions.txn_date]

Every target is checked here for its form; SQL is parsed and must be one expression
(no ``;``, no statements), so an injection attempt is refused with the file and token.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from neurareport_resources.contracts.model import (
    ALLOWED_PARAMS,
    PARAM_PREFIX,
    SQL_PREFIX,
    UNRESOLVED,
    Contract,
    ContractError,
    TokenMapping,
    target_kind,
)
from neurareport_resources.contracts.sqlbuild import parse_expression

_IDENT = r"[A-Za-z_][A-Za-z0-9_$]*"
COLUMN_TARGET = re.compile(rf"^{_IDENT}\.{_IDENT}$")
_OPTION_KEYS = {"target", "aggregate", "formatter", "approved", "reason"}
MAX_OVERRIDE_BYTES = 256 * 1024


def check_target_form(target: str, dialect: str, where: str) -> None:
    """Refuse a target that is not one of the five forms, or SQL that is not one expression."""
    kind = target_kind(target)
    if kind == "column" and not COLUMN_TARGET.match(target):
        raise ContractError(
            f"{where}: target {target!r} is not table.column, SQL:…, PARAM:…, LITERAL:… "
            "or UNRESOLVED; fix the line"
        )
    if kind == "param" and target[len(PARAM_PREFIX) :] not in ALLOWED_PARAMS:
        raise ContractError(
            f"{where}: unknown parameter {target!r}; use PARAM:" + ", PARAM:".join(ALLOWED_PARAMS)
        )
    if kind == "sql":
        try:
            parse_expression(target[len(SQL_PREFIX) :], dialect)
        except ContractError as exc:
            raise ContractError(f"{where}: {exc}") from exc


def load_overrides(path: Path) -> dict[str, Any]:
    """Read and shape-check an override file; ``{}`` when it does not exist."""
    path = Path(path)
    if not path.exists():
        return {}
    if path.stat().st_size > MAX_OVERRIDE_BYTES:
        raise ContractError(
            f"{path}: larger than {MAX_OVERRIDE_BYTES} bytes; is it the right file?"
        )
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise ContractError(f"{path}: not valid YAML{where}; fix the file") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ContractError(f"{path}: expected a mapping of token -> target at the top level")
    return data


def apply_overrides(contract: Contract, overrides_path: Path) -> Contract:
    """Return a copy of ``contract`` with the analyst's overrides applied.

    Overridden mappings get ``origin="override"``, confidence 1 and are approved;
    ``status: approved`` approves every mapping. Raises :class:`ContractError` naming
    the file and token for unknown tokens or malformed targets.
    """
    path = Path(overrides_path)
    data = load_overrides(path)
    if not data:
        return contract
    updated = contract.model_copy(deep=True)
    approve_all = str(data.get("status", "")).lower() == "approved" or data.get("approved") is True
    if "tokens" in data or "mappings" in data:
        tokens = data.get("tokens", data.get("mappings")) or {}
    else:
        tokens = {
            k: v
            for k, v in data.items()
            if k not in ("status", "approved", "row_source", "fingerprint")
        }
    if not isinstance(tokens, dict):
        raise ContractError(f"{path}: 'tokens' must map token names to targets")
    by_token = {m.token: i for i, m in enumerate(updated.mappings)}
    for token, value in tokens.items():
        where = f"{path}: token {token}"
        if token not in by_token:
            raise ContractError(
                f"{where}: no such token in template {contract.template}; "
                f"known: {', '.join(sorted(by_token))}"
            )
        index = by_token[token]
        current = updated.mappings[index]
        if isinstance(value, str) and value.strip().lower() == "approved":
            updated.mappings[index] = current.model_copy(update={"approved": True})
            continue
        if isinstance(value, str):
            options: dict[str, Any] = {"target": value.strip()}
        elif isinstance(value, dict) and set(value) <= _OPTION_KEYS:
            options = dict(value)
        else:
            raise ContractError(
                f"{where}: expected a target string, 'approved' or a mapping with "
                f"{', '.join(sorted(_OPTION_KEYS))}"
            )
        target = str(options.get("target", current.target)).strip()
        check_target_form(target, contract.dialect, where)
        fields: dict[str, Any] = {
            "target": target,
            "origin": "override",
            "confidence": 1.0,
            "approved": bool(options.get("approved", True)),
            "reason": str(options.get("reason") or f"set by the analyst in {path.name}"),
        }
        if "aggregate" in options:
            fields["aggregate"] = options["aggregate"]
        elif target != current.target:
            fields["aggregate"] = None if current.kind.value != "total" else current.aggregate
        if "formatter" in options:
            fields["formatter"] = options["formatter"]
        try:
            updated.mappings[index] = TokenMapping.model_validate(
                {**current.model_dump(), **fields}
            )
        except ValidationError as exc:
            first = exc.errors()[0]
            raise ContractError(f"{where}: {first['loc'][0]}: {first['msg']}") from exc
        if target == UNRESOLVED:
            updated.mappings[index].reason = f"left UNRESOLVED by the analyst in {path.name}"
    row_source = data.get("row_source")
    if row_source is not None:
        if not isinstance(row_source, dict):
            raise ContractError(f"{path}: row_source must be a mapping")
        for key in ("table", "date_column"):
            if key in row_source and not re.match(
                rf"^{_IDENT}(\.{_IDENT})?$", str(row_source[key])
            ):
                raise ContractError(f"{path}: row_source.{key} {row_source[key]!r} is not a name")
        for spec in row_source.get("order_by", []) or []:
            if not re.match(rf"^{_IDENT}\.{_IDENT}( (ASC|DESC|asc|desc))?$", str(spec)):
                raise ContractError(
                    f"{path}: row_source.order_by {spec!r} is not table.column [DESC]"
                )
        try:
            updated.row_source = updated.row_source.model_copy(
                update={
                    k: v for k, v in row_source.items() if k in ("table", "date_column", "order_by")
                }
            )
        except ValidationError as exc:
            raise ContractError(f"{path}: row_source: {exc.errors()[0]['msg']}") from exc
    if approve_all:
        wanted = str(data.get("fingerprint", "")).strip()
        if wanted and wanted != updated.fingerprint:
            # the template or schema changed since the analyst looked: ask again
            updated.review_reasons = [
                *updated.review_reasons,
                f"{path.name} approves fingerprint {wanted}, but the contract is now "
                f"{updated.fingerprint}; review it and update the fingerprint",
            ]
        else:
            for mapping in updated.mappings:
                mapping.approved = True
    return updated
