"""The project's gold set, scored with :mod:`neurareport_resources.contracts.evaluate`, and a
scripted model that answers from the gold truth (for the LLM plumbing tests and the bench)."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Any

from neurareport_resources.contracts.evaluate import (
    GoldCase,
    GoldScore,
    load_gold,
    score_cases,
    split_option,
)
from neurareport_resources.contracts.joins import SchemaGraph

GOLD = Path(__file__).parent / "gold"
Score = GoldScore
score = score_cases


def load_cases(work_dir: Path) -> list[GoldCase]:
    """Every case of the project's gold set with its schema loaded into SQLite under ``work_dir``."""
    return load_gold(GOLD, work_dir)


def gold_cases() -> list[GoldCase]:
    """Convenience for scripts: cases in a temporary folder kept for the process."""
    return load_cases(Path(tempfile.mkdtemp(prefix="nr-gold-")))


def _row_table(case: GoldCase) -> str | None:
    """The table the truth's row and total tokens all join out from (what a model would name)."""
    graph = SchemaGraph(case.schema)
    used: set[str] = set()
    for token, accepted in case.truth.items():
        target, aggregate = split_option(accepted[0])
        if not (token.startswith("row.") or aggregate):
            continue
        if target.startswith("SQL:"):
            used |= {
                t
                for t, _ in re.findall(
                    r"([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)", target[4:]
                )
            }
        elif "." in target and ":" not in target:
            used.add(target.split(".")[0])
    for table in sorted(used):
        if used <= set(graph.paths(table)):
            return table
    return None


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
        name = json.loads(user)["template"]
        case = by_name[name]
        attempts[name] = attempts.get(name, 0) + 1
        mappings = []
        for token, accepted in case.truth.items():
            target, aggregate = split_option(accepted[0])
            mappings.append(
                {
                    "token": token,
                    "target": target,
                    "aggregate": aggregate,
                    "confidence": 0.9,
                    "reason": "scripted",
                }
            )
        row_table = _row_table(case)
        if attempts[name] == 1 and order[name] % break_every == 0:
            first_column = next(
                m for m in mappings if "." in m["target"] and ":" not in m["target"]
            )
            first_column["target"] = first_column["target"].split(".")[0] + ".no_such_column"
        return {"tool": {"row_table": row_table, "mappings": mappings}}

    respond.attempts = attempts  # type: ignore[attr-defined]
    return respond


def first_candidate_responder(body: dict[str, Any]) -> dict[str, Any]:
    """A fake model that trusts the prompt: for every token the matcher's choice (its first
    candidate, UNRESOLVED when it had none good enough) and the suggested row table."""
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    document = json.loads(user)
    mappings = []
    for token in document["tokens"]:
        chosen = token["matcher_choice"] != "UNRESOLVED" and token["candidates"]
        first = token["candidates"][0] if chosen else None
        mappings.append(
            {
                "token": token["token"],
                "target": first["target"] if first else "UNRESOLVED",
                "aggregate": first["aggregate"] if first else None,
                "confidence": first["confidence"] if first else 0.0,
                "reason": "first candidate",
            }
        )
    return {"tool": {"row_table": document["row_table_suggestion"], "mappings": mappings}}
