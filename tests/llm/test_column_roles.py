"""The LLM column-role strategy against a local OpenAI-compatible fake server."""

from __future__ import annotations

from pathlib import Path

import pytest

from neurareport_resources.extraction import EmptyDocumentError, extract_statement
from neurareport_resources.llm import LlmColumnRoleAdvisor
from neurareport_resources.resources import LlmResource
from tests.contracts.fake_openai import FakeOpenAI
from tests.extraction.test_strategies import _expected, _headerless_pdf

GOOD = {"tool": {"roles": ["date", "description", "amount", "balance"]}}


def advisor_for(server: FakeOpenAI, **kwargs) -> LlmColumnRoleAdvisor:
    return LlmColumnRoleAdvisor(
        base_url=server.base_url, model="fake", timeout=kwargs.pop("timeout", 5), **kwargs
    )


def test_the_llm_maps_a_headerless_page_end_to_end(tmp_path: Path) -> None:
    path = tmp_path / "headerless.pdf"
    _headerless_pdf(path)
    with FakeOpenAI([GOOD]) as server:
        result = extract_statement(path, column_role_advisor=advisor_for(server))
    assert result.pages[0].strategy == "llm_columns"
    assert [(t.txn_date, t.amount, t.balance) for t in result.transactions] == _expected()
    prompt = server.requests[0]["messages"][-1]["content"]
    assert "Columns: 4" in prompt


def test_an_invalid_answer_is_corrected_on_retry() -> None:
    wrong_count = {"tool": {"roles": ["date", "amount"]}}
    with FakeOpenAI([wrong_count, GOOD]) as server:
        roles = advisor_for(server)(["", ""], [["01/01/2025", "Rent", "-10.00", "90.00"]])
    assert roles == ["date", "description", "amount", "balance"]
    assert len(server.requests) == 2
    # the validator's complaint went back to the model
    assert "exactly 4 roles" in str(server.requests[1]["messages"])


@pytest.mark.parametrize(
    "script",
    [
        [{"text": "I think the first column is a date"}] * 3,  # garbage, never a tool call
        [{"tool": {"roles": ["when", "what", "how much", "left"]}}] * 3,  # unknown roles
        [{"status": 500}],
    ],
)
def test_no_usable_answer_means_no_advice(script, tmp_path: Path) -> None:
    with FakeOpenAI(script) as server:
        assert advisor_for(server)([], [["01/01/2025", "Rent", "-10.00", "90.00"]]) is None
    path = tmp_path / "headerless.pdf"
    _headerless_pdf(path)
    with FakeOpenAI(script) as server, pytest.raises(EmptyDocumentError):
        extract_statement(path, column_role_advisor=advisor_for(server))


def test_a_timeout_is_no_advice() -> None:
    with FakeOpenAI([{"sleep": 2}, GOOD]) as server:
        advisor = advisor_for(server, timeout=0.5)
        assert advisor([], [["01/01/2025", "Rent", "-10.00", "90.00"]]) is None


def test_the_resource_keeps_the_llm_off_by_default() -> None:
    assert LlmResource().column_role_advisor() is None
    with pytest.raises(ValueError, match="mapper=openai"):
        LlmResource(column_roles=True).column_role_advisor()
    advisor = LlmResource(
        mapper="openai", base_url="http://127.0.0.1:9/v1", column_roles=True
    ).column_role_advisor()
    assert isinstance(advisor, LlmColumnRoleAdvisor)
