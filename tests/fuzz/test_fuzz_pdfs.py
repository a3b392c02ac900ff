"""``make fuzz``: mutated PDFs through the inbox and the isolated parser, for a time budget.

Hypothesis mutates real statements (plain, password-protected, multi-page) and hostile
seeds (a looping page tree, a long blank document): flipped and inserted bytes, cuts,
repeated chunks, extreme numbers after ``/Count``/``/Length``/offsets, swapped keywords.
Each mutant is dropped into an inbox and goes the way every statement goes: the inbox
scan probes it (quarantine or a run request), then the full read in the isolated parser
(read, or quarantined with the reason, as extraction does). Asserted for every mutant:

- no hang: every isolated call returns within its time limit plus the worker's start;
- no crash of the parent: only ``ExtractionError`` reaches the caller, the process lives on;
- every file is read or quarantined with a reason (a ``.reason.txt`` beside it) — or,
  only a locked seed whose encryption was mutated, waits for a password with the reason
  in the tick's log, as a statement whose configured password does not open it does.

``FUZZ_SECONDS`` (default 60) bounds the run; CI runs a small budget.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from neurareport_assets.defs.automation.sensors import (
    SENSOR_HEADER_SECONDS,
    SENSOR_PROBE_SECONDS,
    InboxCursor,
    scan_inbox,
)
from neurareport_resources.extraction import ExtractionError
from neurareport_resources.resources import ExtractionResource
from neurareport_resources.samples import generate_statement, random_statement_spec
from neurareport_resources.storage import StatementStore
from tests.safety.helpers import RecordingLog, blank_pdf
from tests.safety.test_small_findings import LOOPING_PAGE_TREE

pytestmark = pytest.mark.fuzz

BUDGET_SECONDS = float(os.environ.get("FUZZ_SECONDS", "60"))
PASSWORD = "fuzz-pw"
LIMITS = {"timeout_seconds": 10.0, "memory_mb": 512, "max_pages": 200, "max_file_mb": 5}
# an isolated call may also pay for starting a fresh worker (the previous one failed)
WORKER_START_SLACK = 15.0
EXTREMES = [b"0", b"1", b"-1", b"2147483648", b"99999999999", b"1e308"]
KEYWORDS = [b"/Count", b"/Length", b"/Kids", b"/Parent", b"/Filter", b"/FlateDecode", b"obj"]
KEYWORDS += [b"endobj", b"stream", b"endstream", b"xref", b"trailer", b"/Root", b"/Pages"]


SEED_NAMES = ("blank", "locked", "loop", "statement")


@functools.cache
def seeds() -> dict[str, bytes]:
    """The PDFs mutants are made from (generated once, when fuzzing starts)."""
    folder = Path(tempfile.mkdtemp(prefix="neurareport-fuzz-seeds-"))
    try:
        seeds = {}
        for name, password in (("statement", None), ("locked", PASSWORD)):
            spec = random_statement_spec(
                "ruled_basic", seed=3, period_start=date(2025, 1, 1), n_transactions=15
            )
            spec.password = password
            generate_statement(spec, folder / f"{name}.pdf")
            seeds[name] = (folder / f"{name}.pdf").read_bytes()
        seeds["blank"] = blank_pdf(folder / "blank.pdf", 6).read_bytes()
        seeds["loop"] = LOOPING_PAGE_TREE
        return seeds
    finally:
        shutil.rmtree(folder, ignore_errors=True)


_positions = st.integers(min_value=0, max_value=1 << 20)
MUTATION = st.one_of(
    st.tuples(st.just("flip"), _positions, st.integers(0, 255)),
    st.tuples(st.just("cut"), _positions),
    st.tuples(st.just("insert"), _positions, st.binary(min_size=1, max_size=64)),
    st.tuples(st.just("delete"), _positions, st.integers(1, 512)),
    st.tuples(st.just("repeat"), _positions, st.integers(1, 4096), st.integers(2, 50)),
    st.tuples(st.just("number"), _positions, st.sampled_from(EXTREMES)),
    st.tuples(st.just("keyword"), _positions, st.sampled_from(KEYWORDS)),
)


# mutations other than a cut land between the header and the trailer: a file that lost its
# "%PDF-" or "%%EOF" is refused by the first check, before the parser sees anything
HEADER_BYTES, TRAILER_BYTES = 16, 48


def mutate(data: bytes, mutations: list[tuple]) -> bytes:
    out = bytearray(data)
    for kind, position, *rest in mutations:
        body = max(len(out) - HEADER_BYTES - TRAILER_BYTES, 1)
        at = position % max(len(out), 1) if kind == "cut" else HEADER_BYTES + position % body
        if kind == "flip" and out:
            out[at] = rest[0]
        elif kind == "cut":
            del out[at:]
        elif kind == "insert":
            out[at:at] = rest[0]
        elif kind == "delete":
            del out[at : at + rest[0]]
        elif kind == "repeat":
            chunk = bytes(out[at : at + rest[0]])
            out[at:at] = chunk * rest[1]
        elif kind == "number":
            numbers = list(re.finditer(rb"\d+", out))
            if numbers:
                hit = numbers[at % len(numbers)]
                out[hit.start() : hit.end()] = rest[0]
        elif kind == "keyword":
            words = list(re.finditer(rb"/[A-Za-z]+|\bobj\b|\bendobj\b|\bstream\b|xref", out))
            if words:
                hit = words[at % len(words)]
                out[hit.start() : hit.end()] = rest[0]
    return bytes(out)


STATS: Counter = Counter()
# examples per hypothesis search; searches repeat (each with fresh randomness) until the budget
ROUND_EXAMPLES = 3


@settings(
    max_examples=ROUND_EXAMPLES,
    deadline=None,
    database=None,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)
@given(
    seed=st.sampled_from(SEED_NAMES),
    mutations=st.lists(MUTATION, min_size=1, max_size=4),
)
def check_one_mutant(seed: str, mutations: list[tuple]) -> None:
    """One mutant through the inbox scan and the isolated full read."""
    data = mutate(seeds()[seed], mutations)
    home = Path(tempfile.mkdtemp(prefix="neurareport-fuzz-"))
    try:
        path = home / "inbox" / "fuzz" / "2025-01" / "mutant.pdf"
        path.parent.mkdir(parents=True)
        path.write_bytes(data)
        settled = time.time() - 120
        os.utime(path, (settled, settled))
        store = StatementStore(str(home / "inbox"), str(home / "quarantine"))
        extraction = ExtractionResource(passwords=json.dumps({"fuzz": PASSWORD}), **LIMITS)

        started, log = time.monotonic(), RecordingLog()
        scan = scan_inbox(store, extraction, InboxCursor(), log=log)
        took = time.monotonic() - started
        assert took <= SENSOR_PROBE_SECONDS + SENSOR_HEADER_SECONDS + WORKER_START_SLACK

        reason_files = list((home / "quarantine").rglob("*.reason.txt"))
        if scan.quarantined:
            ((_, reason),) = scan.quarantined
            assert reason.strip()
            assert [p.read_text().strip() for p in reason_files] == [reason.strip()]
            STATS[f"quarantined by the inbox: {type_of(reason)}"] += 1
            return
        if scan.blocked:
            # only a locked file may wait (its password is set, its encryption was mutated):
            # it stays for the operator, its reason in the tick's log
            assert seed == "locked"
            assert any(str(path) in line and "password" in line for line in log.lines)
            STATS["waiting for a password, reason logged"] += 1
            return
        assert scan.requested_files == [str(path)]

        started = time.monotonic()
        try:
            extraction.extract(path, "fuzz")
            STATS["read"] += 1
        except ExtractionError as error:
            # what extraction does with a file it cannot read: quarantined once, with why
            target = store.quarantine("fuzz", str(path), str(error))
            assert Path(target + ".reason.txt").read_text().strip() == str(error).strip()
            STATS[f"quarantined by extraction: {type_of(str(error))}"] += 1
        took = time.monotonic() - started
        assert took <= LIMITS["timeout_seconds"] + WORKER_START_SLACK
    finally:
        shutil.rmtree(home, ignore_errors=True)


def test_mutated_pdfs_are_read_or_quarantined_with_a_reason():
    started = time.monotonic()
    while time.monotonic() - started < BUDGET_SECONDS:
        check_one_mutant()
    ran = sum(STATS.values())
    print(f"\nfuzz: {ran} mutated PDFs in {time.monotonic() - started:.0f}s")
    for what, count in sorted(STATS.items(), key=lambda item: -item[1]):
        print(f"  {count:6d}  {what}")
    assert ran > 0


def type_of(reason: str) -> str:
    for words, label in (
        ("time limit", "time limit"),
        ("memory", "memory limit"),
        ("no transaction table", "no table"),
        ("cannot be loaded", "damaged page tree"),
        ("page", "pages"),
        ("not a PDF", "not a PDF"),
        ("truncated", "truncated"),
        ("cannot be parsed", "damaged"),
        ("password", "password"),
    ):
        if words in reason:
            return label
    return f"other ({reason.split(': ', 1)[-1][:80]})"
