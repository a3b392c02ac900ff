"""The instructor+openai mapper against a local fake OpenAI-compatible server."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from fake_openai import FakeOpenAI

from neurareport_resources.contracts import (
    ContractStatus,
    HeuristicMapper,
    LlmAnswerError,
    LlmMapper,
    LlmUnavailableError,
    execute_contract,
    propose_contract,
)
from neurareport_resources.datasources import DuckDBSource
from neurareport_resources.templating import TemplateSpec, load_template


def good_answer(template: TemplateSpec) -> dict:
    """What a competent model says for the warehouse (derived from the heuristic's truth)."""
    targets = {
        "account_holder": ("statements.holder", None),
        "account_number": ("statements.account_number", None),
        "currency": ("statements.currency", None),
        "period_start": ("PARAM:period_start", None),
        "period_end": ("PARAM:period_end", None),
        "opening_balance": ("statements.opening_balance", "first"),
        "closing_balance": ("statements.closing_balance", "last"),
        "total_credits": ("transactions.amount", "sum_positive"),
        "total_debits": ("transactions.amount", "sum_negative_abs"),
        "transaction_count": ("SQL:COUNT(*)", "count"),
    }
    mappings = []
    for token in template.tokens:
        if token.name.startswith("row."):
            target, agg = f"transactions.{token.field}", None
        else:
            target, agg = targets[token.name]
        mappings.append(
            {
                "token": token.name,
                "target": target,
                "aggregate": agg,
                "confidence": 0.9,
                "reason": "matches",
            }
        )
    return {"row_table": "transactions", "mappings": mappings}


@pytest.fixture
def template(monthly_account_dir: Path) -> TemplateSpec:
    return load_template(monthly_account_dir)


def test_good_answer_becomes_a_valid_contract(template, warehouse: DuckDBSource) -> None:
    with FakeOpenAI([{"tool": good_answer(template)}]) as server:
        mapper = LlmMapper(server.base_url, "fake-model", api_key="k", timeout=5)
        contract = propose_contract(template, warehouse, mapper, fallback=None)
        assert len(server.requests) == 1
        assert server.requests[0]["tools"], "tool mode sends a tool schema"
    assert contract.mapper == "llm:fake-model"
    assert contract.errors == [] and contract.sql_valid
    assert contract.coverage == 1.0
    assert contract.mapping_for("period_start").target == "PARAM:period_start"
    result = execute_contract(
        contract,
        warehouse,
        {"tenant": "acme", "period_start": dt.date(2025, 3, 1), "period_end": dt.date(2025, 3, 31)},
    )
    assert result.scalars["period_start"] == dt.date(2025, 3, 1)
    assert len(result.rows) == 3


def test_invalid_answer_is_fixed_on_retry_with_the_error_fed_back(template, warehouse) -> None:
    bad = good_answer(template)
    bad["mappings"][0]["target"] = "statements.no_such_column"
    with FakeOpenAI([{"tool": bad}, {"tool": good_answer(template)}]) as server:
        mapper = LlmMapper(server.base_url, "fake-model", timeout=5, max_retries=2)
        contract = propose_contract(template, warehouse, mapper, fallback=None)
        assert len(server.requests) == 2
        retry_text = str(server.requests[1]["messages"])
        assert "statements.no_such_column does not exist" in retry_text
    assert contract.errors == []
    assert contract.mapping_for(template.tokens[0].name).target == "statements.holder"


def test_invalid_answers_exhaust_retries_with_a_clear_error(template, warehouse) -> None:
    bad = good_answer(template)
    bad["mappings"][0]["target"] = "SQL:1); DROP TABLE statements; --"
    with FakeOpenAI([{"tool": bad}] * 3) as server:
        mapper = LlmMapper(server.base_url, "fake-model", timeout=5, max_retries=1)
        with pytest.raises(LlmAnswerError, match="no valid contract after 2 attempt"):
            propose_contract(template, warehouse, mapper, fallback=None)
        assert len(server.requests) == 2  # bounded: 1 try + 1 retry


def test_timeout_falls_back_to_heuristic_and_needs_review(template, warehouse) -> None:
    with FakeOpenAI([{"sleep": 2.0}, {"tool": good_answer(template)}]) as server:
        mapper = LlmMapper(server.base_url, "fake-model", timeout=0.5, max_retries=2)
        with pytest.raises(LlmUnavailableError, match=r"timed out after 0\.5s"):
            mapper.propose(template, warehouse.discover_schema())
    with FakeOpenAI([{"sleep": 2.0}]) as server:
        mapper = LlmMapper(server.base_url, "fake-model", timeout=0.5)
        contract = propose_contract(template, warehouse, mapper)
        assert len(server.requests) == 1, "network failures are not retried"
    assert contract.mapper == HeuristicMapper.name
    assert contract.status == ContractStatus.NEEDS_REVIEW
    assert any("timed out" in r for r in contract.review_reasons)
    assert contract.coverage == 1.0 and contract.errors == []


def test_garbage_answer_falls_back_or_raises(template, warehouse) -> None:
    with FakeOpenAI([{"text": "Sure! Here is your mapping: ¯\\_(ツ)_/¯"}] * 3) as server:
        mapper = LlmMapper(server.base_url, "fake-model", timeout=5, max_retries=1)
        with pytest.raises(LlmAnswerError, match="no valid contract"):
            mapper.propose(template, warehouse.discover_schema())
    with FakeOpenAI([{"tool": {"nonsense": True}}] * 3) as server:
        mapper = LlmMapper(server.base_url, "fake-model", timeout=5, max_retries=1)
        contract = propose_contract(template, warehouse, mapper)
    assert contract.mapper == "heuristic"
    assert contract.status == ContractStatus.NEEDS_REVIEW
    assert any("llm:fake-model failed" in r for r in contract.review_reasons)


def test_unreachable_endpoint_is_a_clear_error(template, warehouse) -> None:
    mapper = LlmMapper("http://127.0.0.1:9/v1", "fake-model", timeout=2)
    with pytest.raises(LlmUnavailableError, match="unreachable"):
        mapper.propose(template, warehouse.discover_schema())


def test_cache_means_no_second_llm_call(template, warehouse, tmp_path: Path) -> None:
    with FakeOpenAI([{"tool": good_answer(template)}]) as server:
        mapper = LlmMapper(server.base_url, "fake-model", timeout=5)
        first = propose_contract(template, warehouse, mapper, cache_dir=tmp_path, fallback=None)
        second = propose_contract(template, warehouse, mapper, cache_dir=tmp_path, fallback=None)
        assert len(server.requests) == 1
    assert first == second
    assert len(list(tmp_path.glob("*.json"))) == 1


def test_prompt_cuts_big_schemas_to_relevant_tables(template, warehouse) -> None:
    from neurareport_resources.contracts.llm import MAX_PROMPT_TABLES, render_prompt
    from neurareport_resources.datasources import ColumnInfo, SourceSchema, TableInfo

    schema = warehouse.discover_schema()
    noise = [
        TableInfo(name=f"audit_{i}", columns=[ColumnInfo(name="blob", type="BLOB", kind="other")])
        for i in range(60)
    ]
    big = SourceSchema(source_name="big", dialect="duckdb", tables=[*noise, *schema.tables])
    prompt = render_prompt(template, big)
    assert '"table": "transactions"' in prompt and '"table": "statements"' in prompt
    assert f"{len(big.tables) - MAX_PROMPT_TABLES} less relevant tables omitted" in prompt
