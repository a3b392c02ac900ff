"""Idempotent delivery: a file (by sha256) goes to a destination once, with retries and backoff."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from neurareport_resources.atomic import atomic_write_text
from neurareport_resources.delivery.destinations import (
    DeliveryError,
    DeliveryMessage,
    Destination,
)

LOGGER = logging.getLogger(__name__)
SENT, SKIPPED, FAILED = "sent", "skipped", "failed"


@dataclass(frozen=True)
class DeliveryRecord:
    """What happened to one file at one destination."""

    file: str
    sha256: str
    destination: str
    status: str  # sent | skipped | failed
    attempts: int
    error: str | None
    at: str

    def to_dict(self) -> dict:
        """JSON-ready dict."""
        return asdict(self)


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


@contextlib.contextmanager
def _locked(ledger_path: Path) -> Iterator[None]:
    # one deliverer per ledger at a time: two runs must not both send the same file
    ledger_path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = ledger_path.with_name(ledger_path.name + ".lock")
    with open(lock_path, "a+") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


def read_ledger(ledger_path: Path) -> list[dict]:
    """Every successful send recorded in ``ledger_path`` (JSON lines); [] when absent."""
    path = Path(ledger_path)
    if not path.exists():
        return []
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entries.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise ValueError(
                f"{path}: line {number} is not JSON ({exc.msg}); repair or remove the line"
            ) from exc
    return entries


def _append(ledger_path: Path, entries: list[dict]) -> None:
    # rewrite atomically: a crash mid-write must not lose the record of earlier sends
    existing = ledger_path.read_text(encoding="utf-8") if ledger_path.exists() else ""
    if existing and not existing.endswith("\n"):
        existing += "\n"
    added = "".join(json.dumps(entry, sort_keys=True) + "\n" for entry in entries)
    atomic_write_text(ledger_path, existing + added)


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def deliver(
    files: Iterable[Path],
    destinations: Iterable[Destination],
    *,
    ledger_path: Path,
    force: bool = False,
    message: DeliveryMessage | None = None,
    retries: int = 3,
    backoff_seconds: float = 2.0,
    max_backoff_seconds: float = 60.0,
    sleep: Callable[[float], None] = time.sleep,
) -> list[DeliveryRecord]:
    """Send ``files`` to every destination, skipping what was already sent.

    Idempotent by ``(sha256, destination.key)`` recorded in ``ledger_path`` (JSON
    lines): the same bytes are never sent twice to the same place unless ``force``.
    A transient failure is retried up to ``retries`` times with exponential backoff
    (``backoff_seconds`` doubling, capped); a permanent one (SMTP 5xx, bad login) is
    not. Failures are returned as records, never raised, so one tenant's broken
    destination does not stop anyone else's delivery.
    """
    ledger_path = Path(ledger_path)
    paths = [Path(p) for p in files]
    for path in paths:
        if not path.is_file():
            raise FileNotFoundError(
                f"{path}: rendered file missing; re-materialize rendered_reports"
            )
    hashes = {path: file_sha256(path) for path in paths}
    message = message or DeliveryMessage(subject=", ".join(p.name for p in paths) or "report")
    records: list[DeliveryRecord] = []
    with _locked(ledger_path):
        done = {(e["sha256"], e["destination"]) for e in read_ledger(ledger_path)}
        for destination in destinations:
            key = destination.key
            pending = [p for p in paths if force or (hashes[p], key) not in done]
            for path in paths:
                if path not in pending:
                    records.append(
                        DeliveryRecord(str(path), hashes[path], key, SKIPPED, 0, None, _now())
                    )
            if not pending:
                continue
            attempts, error = 0, None
            while True:
                attempts += 1
                try:
                    destination.send(pending, message)
                    error = None
                    break
                except DeliveryError as exc:
                    error = str(exc)
                    if not exc.transient or attempts > retries:
                        break
                    delay = min(backoff_seconds * 2 ** (attempts - 1), max_backoff_seconds)
                    LOGGER.warning(
                        "delivery to %s failed (attempt %d), retrying in %.1fs: %s",
                        key,
                        attempts,
                        delay,
                        exc,
                    )
                    sleep(delay)
            status = FAILED if error else SENT
            batch = [
                DeliveryRecord(str(p), hashes[p], key, status, attempts, error, _now())
                for p in pending
            ]
            records.extend(batch)
            if status == SENT:
                _append(ledger_path, [r.to_dict() for r in batch])
                done |= {(r.sha256, key) for r in batch}
            else:
                LOGGER.error("delivery to %s failed after %d attempt(s): %s", key, attempts, error)
    return records
