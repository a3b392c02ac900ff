"""Read a manifest of statements with monopoly-core's generic parser, print JSON results.

Runs in the bench's own environment (var/bench-peers, made by ``make bench-peers``),
never in the project's: monopoly-core is a peer being measured, not a dependency.
The call sequence is the one monopoly's CLI uses for a bank it does not recognise
(``PdfDocument`` -> ``PdfParser(GenericBank, ...)`` -> ``Pipeline.extract/transform``).

    var/bench-peers/bin/python bench/monopoly_runner.py MANIFEST.json OUT.json
"""

from __future__ import annotations

import contextlib
import json
import logging
import resource
import signal
import sys
import time
from decimal import Decimal
from pathlib import Path


def _alarm(signum, frame):
    raise TimeoutError("no answer within the per-file limit")


def _own_peak_rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def read(path: Path) -> dict:
    from monopoly.generic import GenericBank
    from monopoly.pdf import PdfDocument, PdfParser
    from monopoly.pipeline import Pipeline

    document = PdfDocument(path)
    pipeline = Pipeline(PdfParser(GenericBank, document))
    statement = pipeline.extract(safety_check=False)
    rows = []
    for txn in pipeline.transform(statement):
        balance = getattr(txn, "balance", None)
        rows.append(
            {
                "date": str(txn.date),
                "description": txn.description,
                "amount": f"{Decimal(str(txn.amount)):.2f}",
                "balance": None if balance is None else f"{Decimal(str(balance)):.2f}",
            }
        )
    return {"transactions": rows}


def main(argv: list[str]) -> int:
    manifest, out = json.loads(Path(argv[0]).read_text()), Path(argv[1])
    per_file = float(argv[2]) if len(argv) > 2 else 120.0
    logging.disable(logging.CRITICAL)
    signal.signal(signal.SIGALRM, _alarm)
    files = {}
    if manifest:  # warm up (imports) outside the timings
        with contextlib.suppress(Exception):  # its failure is measured below like any other
            read(Path(manifest[0]["path"]))
    cpu = time.process_time()
    for item in manifest:
        started = time.perf_counter()
        extracted, error = None, None
        signal.alarm(int(per_file))
        try:
            extracted = read(Path(item["path"]))
        except Exception as exc:  # a peer's failure on one file is a result, not a crash
            error = f"{type(exc).__name__}: {str(exc)[:160]}"
        finally:
            signal.alarm(0)
        files[item["path"]] = {
            "extracted": extracted,
            "seconds": time.perf_counter() - started,
            "error": error,
        }
    out.write_text(
        json.dumps(
            {
                "files": files,
                "cpu": time.process_time() - cpu,
                "peak_rss_mb": _own_peak_rss_kb() / 1024,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
