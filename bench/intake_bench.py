"""Intake benchmark (issue 15): bank exports read per format, and statements per second
through the upload API (a real uvicorn on 127.0.0.1) with one client and with ten.

Each export format: 40 files of 250 entries each, written as in tests/exports (lxml
against the shipped XSD, ofxtools' serialiser, SWIFT text, a bank CSV dialect), read in
this process and in the limited worker the pipeline uses; every file must reconcile.
The API: 200 distinct files sent one at a time, then 300 by ten concurrent clients; each
answer must be 201 and every file must be in the inbox afterwards.
"""

from __future__ import annotations

import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

import httpx  # noqa: E402

from neurareport_resources.exports import read_export  # noqa: E402
from neurareport_resources.exports.isolated import read_export_isolated  # noqa: E402
from neurareport_resources.extraction.model import ExtractionLimits  # noqa: E402
from tests.exports import builders as b  # noqa: E402

FILES_PER_FORMAT = 40
ENTRIES_PER_FILE = 250
FORMATS = {
    "camt053": (b.camt053, "xml"),
    "mt940": (b.mt940, "sta"),
    "ofx": (b.ofx, "ofx"),
    "csv": (b.csv_german, "csv"),
}


def _entries(seed: int) -> list[b.Entry]:
    rng = random.Random(seed)
    day = date(2025, 3, 1)
    entries = []
    for n in range(ENTRIES_PER_FILE):
        cents = rng.randint(-250_000, 300_000) or 1
        booked = day + timedelta(days=n * 30 // ENTRIES_PER_FILE)
        entries.append(b.Entry(booked, Decimal(cents) / 100, f"payment {n}", f"party {n % 37}"))
    return entries


def bench_formats(folder: Path) -> None:
    print(f"{'format':<9} {'files':>5} {'entries':>8} {'in-process st/s':>16} "
          f"{'entries/s':>10} {'isolated st/s':>14}")  # fmt: skip
    limits = ExtractionLimits()
    for name, (builder, suffix) in FORMATS.items():
        paths = []
        for index in range(FILES_PER_FORMAT):
            entries = _entries(index)
            closing = b.OPENING + sum((e.amount for e in entries), Decimal(0))
            if name in ("camt053", "mt940"):
                path = builder(folder / f"{name}-{index}.{suffix}", entries, closing=closing)
            else:
                path = builder(folder / f"{name}-{index}.{suffix}", entries)
            paths.append(path)
        started = time.perf_counter()
        results = [read_export(path) for path in paths]
        in_process = time.perf_counter() - started
        assert all(r.reconciliation.ok for r in results), name
        assert all(len(r.transactions) == ENTRIES_PER_FILE for r in results), name
        read_export_isolated(paths[0], limits=limits)  # the worker's start is not per file
        started = time.perf_counter()
        for path in paths:
            read_export_isolated(path, limits=limits)
        isolated = time.perf_counter() - started
        print(
            f"{name:<9} {len(paths):>5} {len(paths) * ENTRIES_PER_FILE:>8} "
            f"{len(paths) / in_process:>16.1f} {len(paths) * ENTRIES_PER_FILE / in_process:>10.0f} "
            f"{len(paths) / isolated:>14.1f}"
        )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_api(home: Path) -> None:
    from neurareport_resources.api.keys import ApiDatabase

    env = {**os.environ, "NEURAREPORT_HOME": str(home), "NEURAREPORT_ENV": "local",
           "NEURAREPORT_API_RATE_LIMIT": "100000/minute"}  # fmt: skip
    _, token = ApiDatabase(f"sqlite:///{home / 'api' / 'api.sqlite'}").create_key(
        "bench", ["upload", "read"]
    )
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory",
         "neurareport_resources.api.app:app_factory", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning"],
        cwd=PROJECT, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/openapi.json", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        statement = b.mt940(home / "template.sta").read_bytes()
        headers = {"Authorization": f"Bearer {token}"}

        def send(client: httpx.Client, n: int) -> float:
            body = statement.replace(b":20:STMT2025-03", f":20:STMT{n:07d}".encode())
            started = time.perf_counter()
            answer = client.post("/v1/statements", files={"files": (f"s{n}.sta", body)},
                                 data={"period": "2025-03"}, headers=headers)  # fmt: skip
            assert answer.status_code == 201, answer.text
            return time.perf_counter() - started

        print(f"\n{'upload API':<22} {'statements':>10} {'st/s':>7} {'p50 ms':>7} {'p95 ms':>7}")
        with httpx.Client(base_url=base, timeout=60) as client:
            send(client, 0)  # warm-up
            started = time.perf_counter()
            latencies = [send(client, n) for n in range(1, 201)]
            _report("1 client", latencies, time.perf_counter() - started)

        def worker(offset: int) -> list[float]:
            with httpx.Client(base_url=base, timeout=60) as client:
                return [send(client, 1000 + offset * 100 + n) for n in range(30)]

        started = time.perf_counter()
        with ThreadPoolExecutor(10) as pool:
            latencies = [t for part in pool.map(worker, range(10)) for t in part]
        _report("10 concurrent clients", latencies, time.perf_counter() - started)
        stored = list((home / "inbox" / "bench" / "2025-03").glob("*.sta"))
        assert len(stored) == 501, len(stored)
    finally:
        server.terminate()
        server.wait(timeout=20)


def _report(label: str, latencies: list[float], elapsed: float) -> None:
    ordered = sorted(latencies)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    print(
        f"{label:<22} {len(latencies):>10} {len(latencies) / elapsed:>7.1f} "
        f"{statistics.median(ordered) * 1000:>7.1f} {p95 * 1000:>7.1f}"
    )


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="neurareport-intake-bench-") as tmp:
        folder = Path(tmp)
        (folder / "files").mkdir()
        bench_formats(folder / "files")
        (folder / "home" / "inbox").mkdir(parents=True)
        bench_api(folder / "home")
    return 0


if __name__ == "__main__":
    sys.exit(main())
