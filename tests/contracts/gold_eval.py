"""Scoring mappers on the gold set: top-1 accuracy and UNRESOLVED precision/recall."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from neurareport_resources.contracts import Contract
from neurareport_resources.datasources import SourceSchema, sqlite_source_from_sql
from neurareport_resources.templating import TemplateSpec, load_template

GOLD = Path(__file__).parent / "gold"


@dataclass
class GoldCase:
    """One template on one schema with the right target of every token."""

    name: str
    template: TemplateSpec
    schema: SourceSchema
    truth: dict[str, list[str]]
    holdout: bool = False


@dataclass
class Score:
    """Counts behind the metrics, plus the misses for a readable report."""

    tokens: int = 0
    correct: int = 0
    predicted_unresolved: int = 0
    true_unresolved: int = 0
    both_unresolved: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.tokens if self.tokens else 0.0

    @property
    def unresolved_precision(self) -> float:
        return (
            self.both_unresolved / self.predicted_unresolved if self.predicted_unresolved else 1.0
        )

    @property
    def unresolved_recall(self) -> float:
        return self.both_unresolved / self.true_unresolved if self.true_unresolved else 1.0


def load_cases(work_dir: Path) -> list[GoldCase]:
    """Every gold case with its schema loaded into SQLite under ``work_dir``."""
    spec = yaml.safe_load((GOLD / "cases.yaml").read_text(encoding="utf-8"))
    cases: list[GoldCase] = []
    schemas: dict[str, SourceSchema] = {}
    for case in spec["cases"]:
        schema_name = case["schema"]
        if schema_name not in schemas:
            source = sqlite_source_from_sql(
                GOLD / "schemas" / f"{schema_name}.sql", work_dir / f"{schema_name}.db"
            )
            schemas[schema_name] = source.discover_schema()
            source.dispose()
        truth = {
            token: value if isinstance(value, list) else [value]
            for token, value in case["truth"].items()
        }
        template = load_template(GOLD / "templates" / case["template"])
        cases.append(
            GoldCase(
                f"{case['template']}@{schema_name}",
                template,
                schemas[schema_name],
                truth,
                bool(case.get("holdout", False)),
            )
        )
    return cases


def _norm(target: str) -> str:
    return re.sub(r"\s+", "", target).upper() if target.startswith("SQL:") else target


def is_correct(contract: Contract, token: str, accepted: list[str]) -> bool:
    """True when the contract's target (and aggregate, if the truth names one) is accepted."""
    mapping = contract.mapping_for(token)
    for option in accepted:
        target, _, aggregate = option.partition(" @")
        if _norm(mapping.target) != _norm(target.strip()):
            continue
        if aggregate and (mapping.aggregate or "sum") != aggregate.strip():
            continue
        return True
    return False


def score(cases: list[GoldCase], propose: Any) -> Score:
    """Run ``propose(template, schema) -> Contract`` on every case and count."""
    result = Score()
    for case in cases:
        contract = propose(case.template, case.schema)
        names = set(case.template.token_names)
        assert names == set(case.truth), (
            f"{case.name}: gold truth tokens differ from the template: "
            f"{sorted(names ^ set(case.truth))}"
        )
        for token, accepted in case.truth.items():
            result.tokens += 1
            predicted = contract.mapping_for(token).target
            truly_unresolved = accepted == ["UNRESOLVED"]
            result.true_unresolved += truly_unresolved
            result.predicted_unresolved += predicted == "UNRESOLVED"
            result.both_unresolved += truly_unresolved and predicted == "UNRESOLVED"
            if is_correct(contract, token, accepted):
                result.correct += 1
            else:
                agg = contract.mapping_for(token).aggregate
                result.misses.append(
                    f"{case.name}: {token} -> {predicted}{' @' + agg if agg else ''} "
                    f"(truth {' | '.join(accepted)})"
                )
    return result


def gold_cases() -> list[GoldCase]:
    """Convenience for scripts: cases in a temporary folder kept for the process."""
    work = Path(tempfile.mkdtemp(prefix="nr-gold-"))
    return load_cases(work)


def scripted_llm_responder(cases: list[GoldCase], break_every: int = 2) -> Any:
    """A fake-server responder that answers each template from the gold truth.

    Every ``break_every``-th case first gets an answer with one column that does not
    exist, so the retry-with-feedback path runs. This measures the LLM plumbing (tool
    call -> validation -> retry -> contract), not the quality of any real model.
    """
    by_name = {case.template.name: case for case in cases}
    attempts: dict[str, int] = {}
    order = {case.template.name: i for i, case in enumerate(cases)}

    def respond(body: dict[str, Any]) -> dict[str, Any]:
        user = next(m["content"] for m in body["messages"] if m["role"] == "user")
        name = user.split("Template ", 1)[1].split(".", 1)[0]
        case = by_name[name]
        attempts[name] = attempts.get(name, 0) + 1
        mappings = []
        row_table = None
        for token, accepted in case.truth.items():
            target, _, aggregate = accepted[0].partition(" @")
            if token.startswith("row.") and "." in target and ":" not in target:
                row_table = row_table or target.split(".")[0]
            mappings.append(
                {
                    "token": token,
                    "target": target.strip(),
                    "aggregate": aggregate.strip() or None,
                    "confidence": 0.9,
                    "reason": "scripted",
                }
            )
        if row_table is None:
            for accepted in case.truth.values():
                target, _, aggregate = accepted[0].partition(" @")
                if aggregate and "." in target and ":" not in target:
                    row_table = target.split(".")[0]
        if attempts[name] == 1 and order[name] % break_every == 0:
            first_column = next(
                m for m in mappings if "." in m["target"] and ":" not in m["target"]
            )
            first_column["target"] = first_column["target"].split(".")[0] + ".no_such_column"
        return {"tool": {"row_table": row_table, "mappings": mappings}}

    respond.attempts = attempts  # type: ignore[attr-defined]
    return respond
