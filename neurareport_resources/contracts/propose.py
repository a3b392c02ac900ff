"""Proposing a contract: cache, mapper with fallback, analyst overrides, validation, status."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from neurareport_resources.contracts.cache import ContractCache, cache_key
from neurareport_resources.contracts.heuristic import HeuristicMapper
from neurareport_resources.contracts.llm import LlmError
from neurareport_resources.contracts.model import (
    PROMPT_VERSION,
    Contract,
    ContractStatus,
)
from neurareport_resources.contracts.overrides import apply_overrides
from neurareport_resources.contracts.validate import validate_contract
from neurareport_resources.datasources import DataSource, SourceSchema
from neurareport_resources.templating import TemplateSpec

# mappings below this confidence need an analyst's look
LOW_CONFIDENCE = 0.6


class Mapper(Protocol):
    """Anything with a ``name`` that proposes a contract for a template and a schema."""

    name: str

    def propose(self, template: TemplateSpec, schema: SourceSchema) -> Contract:
        """A draft contract."""
        ...


def decide_status(contract: Contract) -> tuple[ContractStatus, list[str]]:
    """(status, reasons): approved when every mapping is signed off and valid; needs_review
    for errors, fallbacks, UNRESOLVED or low-confidence tokens; else draft."""
    reasons = list(contract.review_reasons)
    reasons += contract.errors
    if not contract.errors and contract.mappings and all(m.approved for m in contract.mappings):
        return ContractStatus.APPROVED, reasons
    unresolved = [m.token for m in contract.mappings if not m.resolved and not m.approved]
    if unresolved:
        reasons.append(f"{len(unresolved)} token(s) UNRESOLVED: {', '.join(unresolved)}")
    low = [
        m.token
        for m in contract.mappings
        if m.resolved and not m.approved and m.confidence < LOW_CONFIDENCE
    ]
    if low:
        reasons.append(f"low confidence: {', '.join(low)}")
    return (ContractStatus.NEEDS_REVIEW if reasons else ContractStatus.DRAFT), reasons


def propose_contract(
    template: TemplateSpec,
    source: DataSource,
    mapper: Mapper,
    *,
    cache_dir: Path | None = None,
    fallback: Mapper | None = HeuristicMapper(),
    overrides_path: Path | None = None,
    schema: SourceSchema | None = None,
) -> Contract:
    """Propose, correct and validate a contract for ``template`` on ``source``.

    1. the cache (template hash, schema hash, mapper, prompt version) answers if it can;
    2. else ``mapper`` proposes; if it fails (LLM down, timeout, garbage) or its proposal
       does not validate, ``fallback`` proposes and the contract is marked needs_review
       (with ``fallback=None`` the error is raised instead);
    3. the override file (``overrides_path``, default ``<template>/overrides.yaml``) is
       applied; 4. the result is validated on the real source and given a status.
    """
    schema = schema or source.discover_schema()
    prompt_version = getattr(mapper, "prompt_version", PROMPT_VERSION)
    key = cache_key(template.content_hash, schema.schema_hash(), mapper.name, prompt_version)
    cache = ContractCache(cache_dir) if cache_dir is not None else None
    proposal = cache.get(key) if cache is not None else None
    reasons: list[str] = []
    if proposal is None:
        try:
            proposal = mapper.propose(template, schema)
            check = validate_contract(proposal, source, schema=schema, template=template)
            if not check.ok and fallback is not None and fallback.name != mapper.name:
                reasons.append(
                    f"{mapper.name} proposal invalid ({check.errors[0]}); {fallback.name} used"
                )
                proposal = fallback.propose(template, schema)
            elif cache is not None:
                cache.put(key, proposal)
        except LlmError as exc:
            if fallback is None:
                raise
            reasons.append(f"{mapper.name} failed: {exc}; {fallback.name} result used")
            proposal = fallback.propose(template, schema)
    proposal = proposal.model_copy(update={"review_reasons": reasons})
    path = overrides_path if overrides_path is not None else template.overrides_path
    contract = apply_overrides(proposal, path) if path and Path(path).is_file() else proposal
    validation = validate_contract(contract, source, schema=schema, template=template)
    contract = contract.model_copy(
        update={"sql_valid": validation.sql_valid, "errors": validation.errors}
    )
    status, all_reasons = decide_status(contract)
    return contract.model_copy(update={"status": status, "review_reasons": all_reasons})
