"""``make bench``: every benchmark in one run, each printing its figures beside its baselines.

Runs the benchmarks one after another (they share two cores; running them together
would measure contention, not the code) and exits non-zero if any of them failed.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
BENCHMARKS = (
    ("Statement extraction on randomized statements (issues 3, 10)", "extraction_bench.py"),
    ("Contract mapping (issue 4)", "contracts_bench.py"),
    ("Report rendering (issue 5)", "reports_bench.py"),
    ("Intake: bank exports per format, the upload API (issue 15)", "intake_bench.py"),
)


def main() -> int:
    failed = []
    for title, script in BENCHMARKS:
        path = BENCH_DIR / script
        print(f"\n{'=' * 78}\n{title} — bench/{script}\n{'=' * 78}", flush=True)
        if not path.exists():
            print(f"missing: {path}")
            failed.append(script)
            continue
        started = time.perf_counter()
        done = subprocess.run([sys.executable, str(path)], check=False)
        print(
            f"[{script}: {time.perf_counter() - started:.1f} s, exit {done.returncode}]", flush=True
        )
        if done.returncode:
            failed.append(script)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
