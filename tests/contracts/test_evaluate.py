"""Scoring mappers on a gold folder: classes, equivalent SQL, parameter spellings, the CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from neurareport_resources.contracts import Contract, ContractError, TokenMapping
from neurareport_resources.contracts.cli import main
from neurareport_resources.contracts.evaluate import (
    GoldError,
    evaluate_gold,
    load_gold,
    score_cases,
)
from neurareport_resources.contracts.heuristic import assemble_contract
from neurareport_resources.contracts.params import derive_params, param_concept
from neurareport_resources.datasources import SourceSchema
from neurareport_resources.templating import TemplateSpec

SCHEMA = """
CREATE TABLE pay (id INTEGER PRIMARY KEY, emp TEXT, grs DECIMAL(10,2), ded DECIMAL(10,2),
  net DECIMAL(10,2), amt DECIMAL(10,2));
INSERT INTO pay VALUES (1, 'Ann', 100.00, 30.00, 70.00, -5.00), (2, 'Bo', 200.00, 50.00, 150.00, 8.00),
  (3, 'Cy', 50.00, 0.00, 50.00, -1.50);
"""
TEMPLATE = """<p>As of {{ as_of }}</p><p>Printed {{ printed }}</p>
<table><thead><tr><th>Name</th><th>Net</th><th>Out</th></tr></thead>
<tbody>{% for row in rows %}<tr><td>{{ row.name }}</td><td>{{ row.net }}</td>
<td>{{ row.out }}</td></tr>{% endfor %}</tbody>
<tfoot><tr><td>Total</td><td>{{ total_net }}</td><td>{{ total_out }}</td></tr></tfoot></table>
<p>Pension: {{ pension }}</p>"""
CASES = """cases:
  - template: payroll
    schema: pay
    truth:
      as_of: PARAM:as_of_date
      printed: PARAM:print_date
      row.name: pay.emp
      row.net: [pay.net, SQL:pay.grs - pay.ded]
      row.out: SQL:CASE WHEN pay.amt < 0 THEN -pay.amt ELSE 0 END
      total_net: pay.net @sum
      total_out: pay.amt @sum_negative_abs
      pension: UNRESOLVED
"""


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    root = tmp_path / "gold"
    (root / "schemas").mkdir(parents=True)
    (root / "templates").mkdir()
    (root / "schemas" / "pay.sql").write_text(SCHEMA)
    (root / "templates" / "payroll.html").write_text(TEMPLATE)  # a single file is enough
    (root / "cases.yaml").write_text(CASES)
    return root


def answering(answers: dict[str, tuple[str, str | None]]):
    def propose(template: TemplateSpec, schema: SourceSchema) -> Contract:
        mappings = [
            TokenMapping(
                token=t.name,
                kind=t.kind,
                target=answers[t.name][0],
                aggregate=answers[t.name][1],  # type: ignore[arg-type]
            )
            for t in template.tokens
        ]
        return assemble_contract(template, schema, "scripted", mappings, "pay")

    return propose


def test_equivalent_answers_are_right_and_classes_are_counted(gold: Path) -> None:
    # every answer is written differently from the truth but means the same on the data
    result = evaluate_gold(
        gold,
        answering(
            {
                "as_of": ("PARAM:AsOfDate", None),
                "printed": ("PARAM:run_date", None),
                "row.name": ("PAY.EMP", None),
                "row.net": ("SQL:grs-ded", None),
                "row.out": ("SQL:CASE WHEN amt < 0 THEN ABS(amt) END", None),
                "total_net": ("SQL:SUM(pay.net)", None),
                "total_out": ("SQL:CASE WHEN pay.amt < 0 THEN -pay.amt END", "sum"),
                "pension": ("UNRESOLVED", None),
            }
        ),
    )
    assert result.misses == []
    assert result.accuracy == 1.0
    counts = {name: c.tokens for name, c in result.by_class.items()}
    assert counts == {"column": 2, "parameter": 2, "expression": 1, "total": 2, "unresolved": 1}
    assert result.unresolved_precision == 1.0 and result.unresolved_recall == 1.0


def test_look_alikes_on_other_columns_or_values_are_wrong(gold: Path) -> None:
    result = evaluate_gold(
        gold,
        answering(
            {
                "as_of": ("PARAM:print_date", None),
                "printed": ("PARAM:print_date", None),
                "row.name": ("UNRESOLVED", None),
                "row.net": ("pay.grs", None),  # a different share of the amount
                "row.out": ("SQL:CASE WHEN pay.amt > 0 THEN pay.amt ELSE 0 END", None),
                "total_net": ("pay.net", None),  # not summed: a row value is no total
                "total_out": ("pay.amt", "sum_positive"),
                "pension": ("pay.ded", None),
            }
        ),
    )
    assert result.correct == 1  # printed only
    assert result.by_class["parameter"].correct == 1
    assert result.predicted_unresolved == 1 and result.both_unresolved == 0
    assert result.unresolved_precision == 0.0 and result.unresolved_recall == 0.0
    assert any("row.net -> pay.grs" in miss for miss in result.misses)


def test_gold_folder_errors_name_the_file(gold: Path, tmp_path: Path) -> None:
    (gold / "cases.yaml").write_text(CASES.replace("      pension: UNRESOLVED\n", ""))
    with pytest.raises(GoldError, match=r"cases\.yaml.*\['pension'\]"):
        load_gold(gold, tmp_path / "work")
    (gold / "cases.yaml").write_text("nothing: here\n")
    with pytest.raises(GoldError, match="'cases' list"):
        load_gold(gold, tmp_path / "work")


def test_param_concepts_and_derived_params() -> None:
    assert param_concept("AsOfDate") == param_concept("as_of") == "as_of_date"
    assert param_concept("Stichtag") == "as_of_date"
    assert param_concept("print_dt") == param_concept("run_date") == "print_date"
    assert param_concept("date_from") == param_concept("von") == "period_start"
    assert param_concept("period_to") == "period_end"
    assert param_concept("p_acct_no") == param_concept("account_number") == "account"
    assert param_concept("premise_id") == "premises"
    params = derive_params(
        {"period_start": dt.date(2025, 3, 1), "period_end": dt.date(2025, 3, 31)},
        today=dt.date(2025, 4, 2),
    )
    assert params["period"] == "2025-03"
    assert params["as_of_date"] == dt.date(2025, 3, 31)
    assert params["print_date"] == dt.date(2025, 4, 2)
    assert "account" not in params  # filter values are never invented


def test_template_layout_gives_headers_and_footer(gold: Path, tmp_path: Path) -> None:
    (case,) = load_gold(gold, tmp_path / "work")
    total_out = case.template.token("total_out")
    assert total_out.footer and total_out.header == "Out"
    assert case.template.token("row.net").header == "Net"
    assert not case.template.token("pension").footer


def test_cli_eval_prints_classes_and_unresolved(gold: Path, capsys) -> None:
    assert main(["contract", "eval", str(gold), "--mapper", "name-match", "--misses"]) == 0
    out = capsys.readouterr().out
    assert "name-match: 1 cases, 8 tokens" in out
    assert "UNRESOLVED precision" in out and "miss:" in out
    assert main(["contract", "eval", str(gold), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["tokens"] == 8 and set(report["by_class"]) >= {"total", "parameter"}
    assert main(["contract", "eval", str(gold / "nowhere")]) == 2
    assert "cases.yaml" in capsys.readouterr().err


def test_cli_map_accepts_a_single_html_file(gold: Path, capsys) -> None:
    code = main(
        [
            "contract",
            "map",
            "--template",
            str(gold / "templates" / "payroll.html"),
            "--schema-sql",
            str(gold / "schemas" / "pay.sql"),
        ]
    )
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["template"] == "payroll"
    assert set(out["mapping"]) == {
        "as_of",
        "printed",
        "row.name",
        "row.net",
        "row.out",
        "total_net",
        "total_out",
        "pension",
    }
    assert all("candidates" in detail for detail in out["details"].values())


def test_score_cases_counts_every_token(gold: Path, tmp_path: Path) -> None:
    cases = load_gold(gold, tmp_path / "work")
    result = score_cases(cases, answering(dict.fromkeys(cases[0].truth, ("UNRESOLVED", None))))
    assert result.tokens == 8 and result.correct == 1 and result.unresolved_recall == 1.0


def test_a_case_without_a_contract_scores_as_every_token_given_up(
    gold: Path, tmp_path: Path
) -> None:
    cases = load_gold(gold, tmp_path / "work")

    def failing(template: TemplateSpec, schema: SourceSchema) -> Contract:
        raise ContractError("the model's answers never validated")

    result = score_cases(cases, failing)
    assert result.tokens == 8 and result.correct == 1
    assert result.predicted_unresolved == 8 and result.unresolved_recall == 1.0
    assert result.misses[0].endswith("no contract (the model's answers never validated)")
