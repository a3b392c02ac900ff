"""Contract mapping bench: top-1 accuracy and UNRESOLVED precision/recall on the gold set.

Run: ``.venv/bin/python bench/contracts_bench.py`` (``make bench``). The heuristic mapper
runs offline; the LLM mapper runs against the local fake OpenAI-compatible server whose
scripted answers come from the gold truth (with one broken answer in every second case),
so its line measures the instructor/validation/retry plumbing, not a real model.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "contracts"))
sys.path.insert(0, str(ROOT))

from fake_openai import FakeOpenAI  # noqa: E402
from gold_eval import Score, load_cases, score, scripted_llm_responder  # noqa: E402

from neurareport_resources.contracts import HeuristicMapper, LlmMapper  # noqa: E402

TARGET = 0.90


def _line(name: str, result: Score, seconds: float) -> str:
    return (
        f"{name:<34} tokens={result.tokens:>3}  top1={result.accuracy:.3f}  "
        f"unresolved_precision={result.unresolved_precision:.3f}  "
        f"unresolved_recall={result.unresolved_recall:.3f}  time={seconds:.2f}s"
    )


def main(argv: list[str] | None = None) -> int:
    """Print the metrics; exit 1 when the heuristic mapper misses the target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every wrong token")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="nr-bench-") as tmp:
        cases = load_cases(Path(tmp))
        unresolved = sum(1 for c in cases for v in c.truth.values() if v == ["UNRESOLVED"])
        print(
            f"gold set: {len(cases)} cases, {len({c.schema.source_name for c in cases})} schemas, "
            f"{sum(len(c.truth) for c in cases)} tokens ({unresolved} must stay UNRESOLVED)"
        )
        started = time.perf_counter()
        heuristic = score(cases, HeuristicMapper().propose)
        print(_line("heuristic (all cases)", heuristic, time.perf_counter() - started))
        tuned = [c for c in cases if not c.holdout]
        holdout = [c for c in cases if c.holdout]
        print(_line("heuristic (tuning cases)", score(tuned, HeuristicMapper().propose), 0.0))
        print(_line("heuristic (holdout cases)", score(holdout, HeuristicMapper().propose), 0.0))
        if args.misses:
            for miss in heuristic.misses:
                print(f"  miss: {miss}")
        responder = scripted_llm_responder(cases)
        with FakeOpenAI(responder=responder) as server:
            mapper = LlmMapper(server.base_url, "fake-model", timeout=10, max_retries=1)
            started = time.perf_counter()
            llm = score(cases, mapper.propose)
            elapsed = time.perf_counter() - started
        print(
            _line("llm (fake server, scripted)", llm, elapsed)
            + f"  requests={sum(responder.attempts.values())}"
        )
    ok = heuristic.accuracy >= TARGET
    print(f"heuristic target top1 >= {TARGET:.2f}: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
