"""A recorded model answer, replayed through the fake server, is scored end to end.

The answer chooses correctly (where the offline matcher's first choice is wrong too), so the
LLM path must score 1.0 on the case — through the prompt, the tool call, the validation, the
contract and the scorer — while the offline mapper alone does not.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fake_openai import FakeOpenAI
from gold_eval import first_candidate_responder, load_cases

from neurareport_resources.contracts import HeuristicMapper, LlmMapper
from neurareport_resources.contracts.evaluate import score_cases

RECORDED = Path(__file__).parent / "fixtures" / "recorded_llm"


@pytest.fixture(scope="module")
def card_case(tmp_path_factory: pytest.TempPathFactory):
    cases = load_cases(tmp_path_factory.mktemp("gold"))
    return next(c for c in cases if c.template.name == "card_statement")


def test_a_model_choosing_correctly_scores_fully(card_case) -> None:
    answer = json.loads((RECORDED / "card_statement.json").read_text(encoding="utf-8"))
    answer.pop("_about")
    with FakeOpenAI([{"tool": answer}]) as server:
        mapper = LlmMapper(server.base_url, "recorded", timeout=10, max_retries=0)
        result = score_cases([card_case], mapper.propose)
        prompt = json.loads(
            next(m["content"] for m in server.requests[0]["messages"] if m["role"] == "user")
        )
    assert result.misses == [] and result.accuracy == 1.0
    assert result.unresolved_precision == 1.0 and result.unresolved_recall == 1.0
    # the right answers were among the candidates the prompt offered
    offered = {t["token"]: [c["target"] for c in t["candidates"]] for t in prompt["tokens"]}
    assert "cardTransactions.merchantName" in offered["row.description"]
    assert "cardTransactions.mccDescription" in offered["row.category"]
    # the prompt carries what the matcher checked on the data
    why = [c["why"] for t in prompt["tokens"] for c in t["candidates"]]
    assert any("checked on the sample rows" in w for w in why)
    offline = score_cases([card_case], HeuristicMapper().propose)
    assert offline.accuracy < result.accuracy


def test_a_wrong_recorded_choice_is_counted_wrong(card_case) -> None:
    answer = json.loads((RECORDED / "card_statement.json").read_text(encoding="utf-8"))
    answer.pop("_about")
    for mapping in answer["mappings"]:
        if mapping["token"] == "purchasesAndFees":  # the other half of the amount
            mapping["aggregate"] = "sum_positive"
        if mapping["token"] == "rewardPoints":  # a guess where nothing fits
            mapping["target"] = "cardAccounts.creditLimit"
    with FakeOpenAI([{"tool": answer}]) as server:
        mapper = LlmMapper(server.base_url, "recorded", timeout=10, max_retries=0)
        result = score_cases([card_case], mapper.propose)
    assert result.correct == result.tokens - 2
    assert result.unresolved_recall < 1.0
    assert {m.split(": ")[1].split(" ->")[0] for m in result.misses} == {
        "[total] purchasesAndFees",
        "[unresolved] rewardPoints",
    }


def test_a_model_trusting_the_prompt_does_as_well_as_the_matcher(card_case) -> None:
    with FakeOpenAI(responder=first_candidate_responder) as server:
        mapper = LlmMapper(server.base_url, "first-candidate", timeout=10, max_retries=0)
        via_llm = score_cases([card_case], mapper.propose)
    offline = score_cases([card_case], HeuristicMapper().propose)
    assert via_llm.correct == offline.correct
