"""Time and size of each output format for a synthetic month of N transactions.

    .venv/bin/python bench/outputs_bench.py [--rows 100 1000 5000] [--pdf-up-to 1000]

Prints one line per (rows, format): seconds to render, file size, ledger rows written.
Rendered in this process (no isolation), so the numbers are the renderer's own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from neurareport_resources.analysis import build_analysis, categorize
from neurareport_resources.analysis.synthetic import (
    ledger_table,
    statements_table,
    synthetic_month,
)
from neurareport_resources.rendering import (
    RENDERERS,
    WorkbookData,
    build_report_context,
    ledger_contract_inputs,
    write_report_bundle,
)
from neurareport_resources.settings import BUILTIN_TEMPLATES


def inputs_for(rows: int) -> dict:
    ledger, header = synthetic_month(transactions=rows, seed=5)
    conn = duckdb.connect()
    conn.register("raw_ledger", ledger_table(ledger))
    conn.register("statements", statements_table([header]))
    conn.register("ledger", categorize(conn, "raw_ledger"))
    analysis = build_analysis(conn, "ledger", "statements")
    scalars, contract_rows, totals = ledger_contract_inputs(conn, "ledger", analysis)
    report = {
        "tenant": "bench",
        "period": "2025-03",
        "generated_at": dt.datetime(2025, 4, 1, tzinfo=dt.UTC),
    }
    full = conn.sql("SELECT * FROM ledger ORDER BY txn_date, page, row_no").to_arrow_table()
    return {
        "template_dir": BUILTIN_TEMPLATES / "monthly_account",
        "context": build_report_context(scalars, contract_rows, totals, analysis, report),
        "workbook": WorkbookData(title="bench", analysis=analysis, transactions=full.to_pylist()),
        "ledger_rows": full.to_pylist(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--pdf-up-to", type=int, default=1000, help="skip PDF/HTML above this")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as out:
        for rows in args.rows:
            inputs = inputs_for(rows)
            for name in RENDERERS:
                if name in ("pdf", "html") and rows > args.pdf_up_to:
                    continue
                started = time.perf_counter()
                bundle = write_report_bundle(
                    Path(out) / f"{rows}-{name}",
                    basename="bench",
                    formats=(name,),
                    isolate=False,
                    **inputs,
                )
                seconds = time.perf_counter() - started
                (file,) = bundle.files
                print(
                    f"{rows:>6} rows  {name:9} {seconds:7.2f} s  {file.size_bytes / 1024:9.1f} KiB"
                    f"  rows={file.rows if file.rows is not None else '-'}"
                )


if __name__ == "__main__":
    main()
