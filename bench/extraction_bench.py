"""Extraction benchmark: our engine vs pdfplumber and camelot on the same generated statements.

One run prints, side by side: pages/second (wall and per CPU-second), peak RSS and
transaction F1 (date, amount, balance) for

* ``neurareport``            our engine, in process (``extract_statement(isolate=False)``)
* ``neurareport_isolated``   our engine with a limited child process per file (the default)
* ``pdfplumber``             ``page.extract_tables()``
* ``camelot_lattice`` / ``camelot_stream``

plus seconds per scanned page (OCR) and the peak RSS of a 1,000-page statement.
Every engine runs in its own fresh process so peak RSS is its own. The tables of
pdfplumber/camelot are turned into rows with the same date/number rules our
engine uses (and the family's column order when they find no header row), so the
F1 compares table finding, not parsing.

    python bench/extraction_bench.py            # default run, a few minutes
    python bench/extraction_bench.py --quick    # smaller corpus, no camelot
    python bench/extraction_bench.py --engines neurareport,neurareport_isolated \
        --scanned-files 0 --big-pages 0           # just the two figures of our engine
"""

from __future__ import annotations

import argparse
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from neurareport_resources.extraction.dates import detect_day_first, parse_date  # noqa: E402
from neurareport_resources.extraction.labels import role_of_label  # noqa: E402
from neurareport_resources.extraction.numbers import (  # noqa: E402
    amount_text,
    detect_decimal_separator,
    parse_amount,
)
from neurareport_resources.samples import (  # noqa: E402
    FAMILIES,
    LAYOUT_FAMILIES,
    StatementTruth,
    generate_statement,
    random_statement_spec,
)
from neurareport_resources.samples.scoring import Score, transaction_score  # noqa: E402

ENGINES = ("neurareport", "neurareport_isolated", "pdfplumber", "camelot_lattice", "camelot_stream")


# ---------------------------------------------------------------- table -> rows (baselines)
def tables_to_rows(
    tables: list[list[list[str]]], family: str, period: tuple[date, date]
) -> list[tuple[date, Decimal, Decimal | None]]:
    """Rows (date, amount, balance) from raw tables, with the engine's own parsing rules."""
    cells = [c for t in tables for r in t for c in r if c]
    money = [a for a in (amount_text(c) for c in cells) if a]
    decimal_sep = detect_decimal_separator(money)
    day_first = detect_day_first(cells)
    day_first = True if day_first is None else day_first
    fallback = [c.role for c in FAMILIES[family].columns]
    out: list[tuple[date, Decimal, Decimal | None]] = []
    for table in tables:
        roles: list[str] | None = None
        for row in table:
            labels = [role_of_label(c.split("\n")[0]) if c else None for c in row]
            if sum(1 for r in labels if r) >= 3 and "date" in labels:
                roles = [r or "other" for r in labels]
                continue
            row_roles = roles or (fallback if len(row) == len(fallback) else None)
            if row_roles is None:
                continue
            values = dict(zip(row_roles, (" ".join((c or "").split()) for c in row), strict=False))
            txn_date = parse_date(values.get("date", ""), day_first=day_first, period=period)
            if txn_date is None:
                continue
            if "amount" in values:
                amount = parse_amount(amount_text(values["amount"]) or "", decimal_sep)
            else:
                debit = parse_amount(amount_text(values.get("debit", "")) or "", decimal_sep)
                credit = parse_amount(amount_text(values.get("credit", "")) or "", decimal_sep)
                amount = (
                    None if debit is None and credit is None else abs(credit or 0) - abs(debit or 0)
                )
            if amount is None:
                continue
            balance = parse_amount(amount_text(values.get("balance", "")) or "", decimal_sep)
            out.append((txn_date, Decimal(amount), balance))
    return out


# ---------------------------------------------------------------- one engine, in its own process
def run_engine(engine: str, manifest: list[dict[str, Any]]) -> dict[str, Any]:
    """Read every file of the manifest with one engine; report time, memory and rows."""
    rows: dict[str, list] = {}
    pages = 0
    wall = time.perf_counter()
    cpu = time.process_time()
    if engine.startswith("neurareport"):
        from neurareport_resources.extraction import extract_statement

        for item in manifest:
            result = extract_statement(Path(item["path"]), isolate=engine.endswith("isolated"))
            pages += result.page_count
            rows[item["path"]] = [(t.txn_date, t.amount, t.balance) for t in result.transactions]
        from neurareport_resources.extraction.isolation import shutdown_idle_worker

        shutdown_idle_worker()  # reap the worker so its CPU time and peak RSS are counted
    elif engine == "pdfplumber":
        import pdfplumber

        for item in manifest:
            tables = []
            with pdfplumber.open(item["path"]) as pdf:
                for page in pdf.pages:
                    pages += 1
                    tables.extend(
                        [[c or "" for c in row] for row in table] for table in page.extract_tables()
                    )
            rows[item["path"]] = tables_to_rows(tables, item["family"], item["period"])
    else:
        import camelot

        flavor = engine.split("_", 1)[1]
        for item in manifest:
            found = camelot.read_pdf(item["path"], pages="all", flavor=flavor)
            pages += item["pages"]
            tables = [table.df.astype(str).values.tolist() for table in found]
            rows[item["path"]] = tables_to_rows(tables, item["family"], item["period"])
    wall = time.perf_counter() - wall
    cpu = time.process_time() - cpu
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "engine": engine,
        "pages": pages,
        "wall": wall,
        "cpu": cpu + (children.ru_utime + children.ru_stime),
        "peak_rss_mb": max(_own_peak_rss_kb(), children.ru_maxrss) / 1024,
        "rows": rows,
    }


def _own_peak_rss_kb() -> int:
    """This process's peak RSS since exec (``VmHWM``); ``ru_maxrss`` would also count the
    parent's memory at fork time, which Linux carries across exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _in_subprocess(engine: str, manifest_path: Path, timeout: float) -> dict[str, Any] | str:
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--run", engine, "--manifest", str(manifest_path)],
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"timed out after {timeout:.0f}s"
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else f"exit {done.returncode}"
    return pickle.loads(done.stdout)


# ---------------------------------------------------------------- corpus
def make_corpus(
    folder: Path, seeds: int, n_transactions: int, scanned: bool = False
) -> tuple[list[dict[str, Any]], dict[str, StatementTruth]]:
    manifest: list[dict[str, Any]] = []
    truths: dict[str, StatementTruth] = {}
    for family in LAYOUT_FAMILIES:
        for seed in range(seeds):
            start = (date(2025, 2, 1), date(2024, 12, 10), date(2025, 7, 1))[seed % 3]
            spec = random_statement_spec(
                family, seed=100 + seed, period_start=start, n_transactions=n_transactions
            )
            spec.scanned = scanned
            path = folder / f"{family}-{seed}{'-scan' if scanned else ''}.pdf"
            truth = generate_statement(spec, path)
            truths[str(path)] = truth
            manifest.append(
                {
                    "path": str(path),
                    "family": family,
                    "period": (truth.period_start, truth.period_end),
                    "pages": truth.page_count,
                }
            )
    return manifest, truths


def f1_of(rows: dict[str, list], truths: dict[str, StatementTruth]) -> float:
    total = Score(0, 0, 0)
    for path, truth in truths.items():
        total = total + transaction_score(truth, rows.get(path, []))
    return total.f1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small corpus, skip camelot")
    parser.add_argument("--big-pages", type=int, default=1000, help="pages of the big statement")
    parser.add_argument("--scanned-files", type=int, default=2)
    parser.add_argument(
        "--engines",
        help=f"comma-separated subset of {', '.join(ENGINES)} (default: all; --quick: the first 3)",
    )
    parser.add_argument("--run", help=argparse.SUPPRESS)
    parser.add_argument("--manifest", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run:
        manifest = pickle.loads(Path(args.manifest).read_bytes())
        sys.stdout.buffer.write(pickle.dumps(run_engine(args.run, manifest)))
        return 0

    engines = ENGINES[:3] if args.quick else ENGINES
    if args.engines:
        engines = tuple(name.strip() for name in args.engines.split(",") if name.strip())
        unknown = sorted(set(engines) - set(ENGINES))
        if unknown:
            parser.error(
                f"unknown engine(s) {', '.join(unknown)}; choose from {', '.join(ENGINES)}"
            )
    with tempfile.TemporaryDirectory(prefix="nr-bench-") as scratch:
        folder = Path(scratch)
        started = time.perf_counter()
        manifest, truths = make_corpus(folder, seeds=1 if args.quick else 2, n_transactions=70)
        manifest_path = folder / "manifest.pkl"
        manifest_path.write_bytes(pickle.dumps(manifest))
        n_pages = sum(item["pages"] for item in manifest)
        print(
            f"text corpus: {len(manifest)} statements, {n_pages} pages, "
            f"{len(LAYOUT_FAMILIES)} layout families (generated in {time.perf_counter() - started:.1f}s)"
        )
        print(f"{'engine':<22}{'pages/s':>9}{'pages/cpu-s':>13}{'peak RSS MB':>13}{'F1':>8}")
        for engine in engines:
            outcome = _in_subprocess(engine, manifest_path, timeout=240)
            if isinstance(outcome, str):
                print(f"{engine:<22}  failed: {outcome}")
                continue
            print(
                f"{engine:<22}{outcome['pages'] / outcome['wall']:>9.1f}"
                f"{outcome['pages'] / max(outcome['cpu'], 1e-9):>13.1f}"
                f"{outcome['peak_rss_mb']:>13.0f}{f1_of(outcome['rows'], truths):>8.3f}"
            )

        if args.scanned_files:
            scanned, scanned_truths = make_corpus(folder, seeds=1, n_transactions=40, scanned=True)
            scanned = [m for m in scanned if m["family"] in LAYOUT_FAMILIES[: args.scanned_files]]
            scanned_truths = {m["path"]: scanned_truths[m["path"]] for m in scanned}
            scan_path = folder / "scanned.pkl"
            scan_path.write_bytes(pickle.dumps(scanned))
            outcome = _in_subprocess("neurareport", scan_path, timeout=600)
            if isinstance(outcome, str):
                print(f"scanned: failed: {outcome}")
            else:
                print(
                    f"scanned (OCR): {outcome['pages']} pages, "
                    f"{outcome['wall'] / outcome['pages']:.2f} s/page wall, "
                    f"F1 {f1_of(outcome['rows'], scanned_truths):.3f}, "
                    f"peak RSS {outcome['peak_rss_mb']:.0f} MB"
                )

        if args.big_pages:
            rows_per_page = FAMILIES["ruled_basic"].rows_per_page
            spec = random_statement_spec(
                "ruled_basic",
                seed=7,
                period_start=date(2025, 1, 1),
                n_transactions=args.big_pages * (rows_per_page - 3),
            )
            big = folder / "big.pdf"
            truth = generate_statement(spec, big)
            big_manifest = [
                {
                    "path": str(big),
                    "family": "ruled_basic",
                    "period": (truth.period_start, truth.period_end),
                    "pages": truth.page_count,
                }
            ]
            big_path = folder / "big.pkl"
            big_path.write_bytes(pickle.dumps(big_manifest))
            outcome = _in_subprocess("neurareport_isolated", big_path, timeout=600)
            if isinstance(outcome, str):
                print(f"{truth.page_count}-page statement: failed: {outcome}")
            else:
                print(
                    f"{truth.page_count}-page statement (isolated): "
                    f"{outcome['pages'] / outcome['wall']:.0f} pages/s, "
                    f"peak RSS {outcome['peak_rss_mb']:.0f} MB, "
                    f"F1 {f1_of(outcome['rows'], {str(big): truth}):.4f}"
                )
        print(f"total bench time {time.perf_counter() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
