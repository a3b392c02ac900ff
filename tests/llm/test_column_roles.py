"""The LLM column-role advisor against a local OpenAI-compatible fake server: consulted only
for money columns the arithmetic cannot name, and any failure is "no advice"."""

from __future__ import annotations

from pathlib import Path

import pytest

from neurareport_resources.extraction import extract_statement
from neurareport_resources.extraction.model import UNVERIFIED_SIGNS
from neurareport_resources.llm import LlmColumnRoleAdvisor
from neurareport_resources.resources import LlmResource
from tests.contracts.fake_openai import FakeOpenAI
from tests.extraction.test_strategies import UNSETTLED, _headerless_pdf, unsettled_pdf

GOOD = {"tool": {"roles": ["date", "description", "amount", "balance"]}}
IN_THEN_OUT = {"tool": {"roles": ["date", "description", "credit", "debit"]}}


def advisor_for(server: FakeOpenAI, **kwargs) -> LlmColumnRoleAdvisor:
    return LlmColumnRoleAdvisor(
        base_url=server.base_url, model="fake", timeout=kwargs.pop("timeout", 5), **kwargs
    )


def test_the_llm_names_columns_the_arithmetic_cannot(tmp_path: Path) -> None:
    path = tmp_path / "unsettled.pdf"
    unsettled_pdf(path)
    with FakeOpenAI([IN_THEN_OUT]) as server:
        result = extract_statement(path, column_role_advisor=advisor_for(server))
    expected = [value if i % 2 == 0 else -value for i, (_, _, value) in enumerate(UNSETTLED)]
    assert [t.amount for t in result.transactions] == expected
    prompt = server.requests[0]["messages"][-1]["content"]
    assert "Columns: 4" in prompt and "ITEM 00" in prompt
    # the advice is not arithmetic: the statement still goes to an analyst
    assert [note.code for note in result.review] == [UNVERIFIED_SIGNS]
    assert "advisor" in result.review[0].reason


def test_the_llm_is_not_asked_when_the_balance_settles_it(tmp_path: Path) -> None:
    path = tmp_path / "headerless.pdf"
    _headerless_pdf(path)
    with FakeOpenAI([GOOD]) as server:
        result = extract_statement(path, column_role_advisor=advisor_for(server))
    assert server.requests == []
    assert result.status == "ok"


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
    path = tmp_path / "unsettled.pdf"
    unsettled_pdf(path)
    with FakeOpenAI(script) as server:
        result = extract_statement(path, column_role_advisor=advisor_for(server))
    assert result.status == "needs_review"
    assert "nothing printed" in result.review[0].reason


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
