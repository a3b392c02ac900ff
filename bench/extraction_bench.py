"""Extraction benchmark on the randomized statement corpus: NeuraReport beside its peers.

One run prints, on the same corpus (``--seed``, ``--size``), for every engine:
transaction F1 on (date, amount, balance), description accuracy (exact and
character similarity), header accuracy (overall and per field), each overall and
broken down by every convention the generator draws (a table: value x engine);
then speed: pages/s in process and isolated on text statements, seconds per
scanned page, and the peak memory of a 1,000-page statement.

Engines, each run in its own process (its peak RSS is its own):

* ``neurareport``            ``extract_statement(isolate=False)``
* ``neurareport_isolated``   ``extract_statement()`` (a limited child process per file)
* ``pdfplumber``             ``page.extract_tables()`` + the generic converter (table_rows.py)
* ``camelot_stream``         ``camelot.read_pdf(flavor="stream")`` + the same converter
* ``monopoly``               monopoly-core's generic parser, in the bench's own venv
                             (var/bench-peers, ``make bench-peers``)

The corpus is cached under var/bench/corpus by generator version and seed: a
second run, or a smaller size, generates nothing.

    python bench/extraction_bench.py                         # 150 statements (CI size)
    python bench/extraction_bench.py --size 2000             # the full run
    python bench/extraction_bench.py --engines neurareport --big-pages 0
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from neurareport_resources.samples.corpus import build_corpus, corpus_folder  # noqa: E402
from neurareport_resources.samples.randomized import (  # noqa: E402
    CONVENTIONS,
    CorpusTruth,
    draw_conventions,
    generate_random_statement,
)
from neurareport_resources.samples.scoring import (  # noqa: E402
    EMPTY_SCORE,
    HEADER_FIELDS,
    StatementScore,
    score_statement,
)

ENGINES = ("neurareport", "neurareport_isolated", "pdfplumber", "camelot_stream", "monopoly")
PEER_VENV = ROOT / "var" / "bench-peers"
CORPUS_ROOT = ROOT / "var" / "bench" / "corpus"
KEPT_KEYS = ("status", "review", "transactions", "accounts", *HEADER_FIELDS)


# ---------------------------------------------------------------- one engine, in its own process
def _read_one(engine: str, path: Path) -> dict[str, Any]:
    if engine.startswith("neurareport"):
        from neurareport_resources.extraction import extract_statement

        result = extract_statement(path, isolate=engine.endswith("isolated")).to_dict()
        return {key: result[key] for key in KEPT_KEYS if key in result}
    from table_rows import tables_to_rows

    if engine == "pdfplumber":
        import pdfplumber

        tables: list[list[list[str]]] = []
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                tables += [[[c or "" for c in row] for row in t] for t in page.extract_tables()]
        return {"transactions": tables_to_rows(tables)}
    if engine == "camelot_stream":
        import camelot

        found = camelot.read_pdf(str(path), pages="all", flavor="stream")
        return {"transactions": tables_to_rows([t.df.astype(str).values.tolist() for t in found])}
    raise ValueError(f"unknown engine {engine!r}")


def run_engine(engine: str, manifest: list[dict[str, Any]], per_file: float) -> dict[str, Any]:
    """Read every file with one engine: the JSON it returned, seconds, error, per file."""
    from file_loop import read_files

    def reap() -> None:
        if engine.startswith("neurareport"):
            from neurareport_resources.extraction.isolation import shutdown_idle_worker

            shutdown_idle_worker()  # reap the worker so its CPU time and peak RSS are counted

    return read_files(manifest, lambda path: _read_one(engine, path), per_file, after=reap)


def ensure_peer_venv() -> str | None:
    """The peer venv's python, made on first use; None (and why, printed) if impossible."""
    python = PEER_VENV / "bin" / "python"
    marker = PEER_VENV / ".installed"
    if not marker.exists():
        print("making the peer environment var/bench-peers (monopoly-core) ...", flush=True)
        made = subprocess.run(
            ["make", "-C", str(ROOT), "bench-peers"], capture_output=True, check=False
        )
        if made.returncode or not marker.exists():
            tail = made.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            print(f"monopoly: peer environment not available ({' | '.join(tail)})")
            return None
    return str(python)


def in_subprocess(engine: str, manifest: list[dict[str, Any]], scratch: Path, per_file: float,
                  timeout: float) -> dict[str, Any] | str:  # fmt: skip
    manifest_path = scratch / f"{engine}-manifest.json"
    out_path = scratch / f"{engine}-out.json"
    manifest_path.write_text(json.dumps(manifest))
    if engine == "monopoly":
        python = ensure_peer_venv()
        if python is None:
            return "peer environment not available"
        command = [
            python,
            str(ROOT / "bench" / "monopoly_runner.py"),
            str(manifest_path),
            str(out_path),
            str(per_file),
        ]
    else:
        command = [sys.executable, __file__, "--run", engine, "--manifest", str(manifest_path),
                   "--out", str(out_path), "--per-file", str(per_file)]  # fmt: skip
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout, check=False, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return f"timed out after {timeout:.0f}s"
    if done.returncode != 0 or not out_path.exists():
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else f"exit {done.returncode}"
    return json.loads(out_path.read_text())


# ---------------------------------------------------------------- scoring and tables
def score_engine(outcome: dict[str, Any], items: list[Any]) -> dict[str, StatementScore]:
    return {
        str(item.path): score_statement(item.truth, outcome["files"].get(str(item.path), {}).get("extracted"))
        for item in items
    }  # fmt: skip


def _cell(score: StatementScore) -> str:
    if score.transactions.expected == 0 and score.header_accounts == 0:
        return f"{'-':>17}"
    return f"{score.transactions.f1:5.3f} {score.description_accuracy:5.3f} {score.header_accuracy:5.3f}"


def print_overall(engines: list[str], scores: dict[str, dict[str, StatementScore]],
                  outcomes: dict[str, dict[str, Any]], items: list[Any]) -> None:  # fmt: skip
    print(f"\n{'engine':<22}{'F1':>7}{'F1 d+a':>8}{'desc':>7}{'desc~':>7}{'header':>8}"
          f"{'failed':>8}{'review':>8}{'silent':>8}{'peak MB':>9}")  # fmt: skip
    for engine in engines:
        total = sum(scores[engine].values(), EMPTY_SCORE)
        files = outcomes[engine]["files"]
        failed = sum(1 for f in files.values() if f["error"])
        review = silent = 0
        for item in items:
            extracted = files.get(str(item.path), {}).get("extracted") or {}
            flagged = extracted.get("status") == "needs_review"
            review += flagged
            perfect = scores[engine][str(item.path)].transactions.f1 == 1.0
            silent += bool(extracted) and not flagged and not perfect
        print(f"{engine:<22}{total.transactions.f1:>7.3f}{total.date_amount.f1:>8.3f}"
              f"{total.description_accuracy:>7.3f}{total.description_char_similarity:>7.3f}"
              f"{total.header_accuracy:>8.3f}{failed:>8}{review:>8}{silent:>8}"
              f"{outcomes[engine]['peak_rss_mb']:>9.0f}")  # fmt: skip
    print("F1: (date, amount, balance) multiset over each file; F1 d+a: without the balance; "
          "desc: exact description on matched rows, desc~: character similarity; "
          "failed: files with an error; review: marked needs_review; silent: not marked, "
          "yet some row wrong or missing")  # fmt: skip
    print(f"\n{'header field':<22}" + "".join(f"{e[:14]:>16}" for e in engines))
    for name in HEADER_FIELDS:
        row = [sum(scores[e].values(), EMPTY_SCORE).field_accuracy(name) for e in engines]
        print(f"{name:<22}" + "".join(f"{v:>16.3f}" for v in row))


def print_breakdown(
    engines: list[str], scores: dict[str, dict[str, StatementScore]], items: list[Any]
) -> None:
    print(
        "\nBy convention: each cell is 'F1 desc header' over the statements drawn with that value"
    )
    width = 18
    print(
        f"{'convention = value':<38}{'n':>5} "
        + "".join(f"{e[: width - 1]:>{width}}" for e in engines)
    )
    for name in CONVENTIONS:
        groups: dict[str, list[str]] = defaultdict(list)
        for item in items:
            groups[item.truth.conventions.get(name, "?")].append(str(item.path))
        for value in sorted(groups):
            paths = groups[value]
            cells = [_cell(sum((scores[e][p] for p in paths), EMPTY_SCORE)) for e in engines]
            print(
                f"{f'{name} = {value}':<38}{len(paths):>5} "
                + "".join(f"{c:>{width}}" for c in cells)
            )


def print_speed(engines: list[str], outcomes: dict[str, dict[str, Any]], items: list[Any]) -> None:
    print(f"\n{'engine':<22}{'text pages/s':>14}{'pages/cpu-s':>13}{'s / scanned page':>18}")
    for engine in engines:
        files = outcomes[engine]["files"]
        text_pages = text_seconds = scan_pages = scan_seconds = 0.0
        for item in items:
            seconds = files.get(str(item.path), {}).get("seconds", 0.0)
            if item.truth.scanned:
                scan_pages += item.truth.page_count
                scan_seconds += seconds
            else:
                text_pages += item.truth.page_count
                text_seconds += seconds
        all_pages = text_pages + scan_pages
        print(f"{engine:<22}{text_pages / max(text_seconds, 1e-9):>14.1f}"
              f"{all_pages / max(outcomes[engine]['cpu'], 1e-9):>13.1f}"
              f"{scan_seconds / max(scan_pages, 1):>18.2f}")  # fmt: skip


# ---------------------------------------------------------------- the big statement
def big_statement(root: Path, pages: int) -> tuple[Path, CorpusTruth]:
    """A text statement of about ``pages`` pages (cached like the corpus).

    Its conventions are drawn like any statement's except those that make it one long
    single-account text statement; glyphs are drawn as words (the common case), so its
    peak memory is that of a long statement, not of glyph-by-glyph drawing."""
    import random

    folder = corpus_folder(root, 0)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"big-{pages}-plain.pdf"
    truth_path = path.with_suffix(".json")
    if truth_path.exists():
        return path, CorpusTruth.from_json(truth_path.read_text(encoding="utf-8"))
    conventions = draw_conventions(
        random.Random("big"), kind="account", accounts="1", scan="text", wrap="1",
        font_size="medium", page_size="a4", balance="every_row", column_header="every_page",
        glyph_spacing="normal",
    )  # fmt: skip
    probe = generate_random_statement("big", path, conventions, n_transactions=1500)
    rows_per_page = 1500 / max(probe.page_count - 1, 1)  # the first page holds the header
    count = int((pages - 1) * rows_per_page)
    truth = generate_random_statement("big", path, conventions, n_transactions=count)
    truth_path.write_text(truth.to_json(), encoding="utf-8")
    return path, truth


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument(
        "--size", type=int, default=150, help="statements (default 150; full run 2000)"
    )
    parser.add_argument(
        "--engines", help=f"comma-separated subset of {', '.join(ENGINES)} (default all)"
    )
    parser.add_argument("--workers", type=int, default=2, help="processes generating the corpus")
    parser.add_argument(
        "--big-pages", type=int, default=1000, help="pages of the big statement (0: skip)"
    )
    parser.add_argument(
        "--per-file", type=float, default=120.0, help="seconds an engine may take per file"
    )
    parser.add_argument("--corpus-dir", type=Path, default=CORPUS_ROOT, help="corpus cache folder")
    parser.add_argument(
        "--no-breakdown", action="store_true", help="skip the per-convention tables"
    )
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument("--run", help=argparse.SUPPRESS)
    parser.add_argument("--manifest", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run:
        manifest = json.loads(Path(args.manifest).read_text())
        Path(args.out).write_text(
            json.dumps(run_engine(args.run, manifest, args.per_file), default=str)
        )
        return 0

    engines = list(ENGINES)
    if args.engines:
        engines = [name.strip() for name in args.engines.split(",") if name.strip()]
        unknown = sorted(set(engines) - set(ENGINES))
        if unknown:
            parser.error(
                f"unknown engine(s) {', '.join(unknown)}; choose from {', '.join(ENGINES)}"
            )
    started = time.perf_counter()
    items = build_corpus(args.corpus_dir, args.seed, args.size, workers=args.workers)
    scans = [i for i in items if i.truth.scanned]
    pages = sum(i.truth.page_count for i in items)
    print(f"randomized corpus seed {args.seed}: {len(items)} statements ({len(scans)} scanned), "
          f"{pages} pages, {sum(len(i.truth.transactions) for i in items)} transactions "
          f"in {corpus_folder(args.corpus_dir, args.seed)} (ready in {time.perf_counter() - started:.1f}s)")  # fmt: skip
    manifest = [{"path": str(i.path), "pages": i.truth.page_count} for i in items]
    outcomes: dict[str, dict[str, Any]] = {}
    scores: dict[str, dict[str, StatementScore]] = {}
    with tempfile.TemporaryDirectory(prefix="nr-bench-") as scratch:
        for engine in engines if items else []:  # --size 0: the big statement only
            began = time.perf_counter()
            timeout = max(600.0, pages * 20.0)
            outcome = in_subprocess(engine, manifest, Path(scratch), args.per_file, timeout)
            if isinstance(outcome, str):
                print(f"{engine}: failed: {outcome}")
                continue
            outcomes[engine] = outcome
            scores[engine] = score_engine(outcome, items)
            print(f"  {engine}: read in {time.perf_counter() - began:.0f}s", flush=True)
        ran = [e for e in engines if e in outcomes]
        if ran:
            print_overall(ran, scores, outcomes, items)
            if not args.no_breakdown:
                print_breakdown(ran, scores, items)
            print_speed(ran, outcomes, items)
        big_figures = {}
        if args.big_pages:
            path, truth = big_statement(args.corpus_dir, args.big_pages)
            big_manifest = [{"path": str(path), "pages": truth.page_count}]
            for engine in ("neurareport", "neurareport_isolated"):
                outcome = in_subprocess(engine, big_manifest, Path(scratch), 1800, 3600)
                if isinstance(outcome, str):
                    print(f"{truth.page_count}-page statement, {engine}: failed: {outcome}")
                    continue
                record = outcome["files"][str(path)]
                score = score_statement(truth, record["extracted"])
                big_figures[engine] = {"pages": truth.page_count, "seconds": record["seconds"],
                                       "peak_rss_mb": outcome["peak_rss_mb"], "f1": score.transactions.f1,
                                       "error": record["error"]}  # fmt: skip
                print(f"{truth.page_count}-page statement, {engine}: "
                      f"{truth.page_count / max(record['seconds'], 1e-9):.0f} pages/s, "
                      f"peak RSS {outcome['peak_rss_mb']:.0f} MB, F1 {score.transactions.f1:.4f}"
                      + (f" ({record['error']})" if record["error"] else ""))  # fmt: skip
        if args.json:
            summary = {
                engine: {
                    "f1": sum(scores[engine].values(), EMPTY_SCORE).transactions.f1,
                    "description": sum(scores[engine].values(), EMPTY_SCORE).description_accuracy,
                    "header": sum(scores[engine].values(), EMPTY_SCORE).header_accuracy,
                    "peak_rss_mb": outcomes[engine]["peak_rss_mb"],
                }
                for engine in ran
            }
            args.json.write_text(json.dumps({"seed": args.seed, "size": args.size, "engines": summary,
                                              "big_statement": big_figures}, indent=2))  # fmt: skip
    print(f"total bench time {time.perf_counter() - started:.0f}s")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    sys.exit(main())
