"""Idempotent delivery: a file (by sha256) goes to a destination once, with retries and backoff."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from neurareport_resources.delivery.destinations import (
    DeliveryError,
    DeliveryMessage,
    Destination,
)
from neurareport_resources.delivery.ledger import DeliveryLedger, FileLedger

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
    location: str | None = None  # where the destination put it (path, URL, Message-ID)

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


def read_ledger(ledger_path: Path) -> list[dict]:
    """Every successful send recorded in the JSON-lines ledger ``ledger_path``; [] when absent."""
    return FileLedger(Path(ledger_path)).entries()


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def deliver(
    files: Iterable[Path],
    destinations: Iterable[Destination],
    *,
    ledger_path: Path | None = None,
    ledger: DeliveryLedger | None = None,
    force: bool = False,
    message: DeliveryMessage | None = None,
    retries: int = 3,
    backoff_seconds: float = 2.0,
    max_backoff_seconds: float = 60.0,
    sleep: Callable[[float], None] = time.sleep,
) -> list[DeliveryRecord]:
    """Send ``files`` to every destination, skipping what was already sent.

    Idempotent by ``(sha256, destination.key)`` recorded in ``ledger`` (the warehouse, or
    a JSON-lines file at ``ledger_path``): the same bytes are never sent twice to the same place unless ``force``.
    A transient failure is retried up to ``retries`` times with exponential backoff
    (``backoff_seconds`` doubling, capped); a permanent one (SMTP 5xx, bad login) is
    not. Failures are returned as records, never raised, so one tenant's broken
    destination does not stop anyone else's delivery.
    """
    if ledger is None:
        if ledger_path is None:
            raise ValueError("deliver() needs a ledger (or a ledger_path)")
        ledger = FileLedger(Path(ledger_path))
    paths = [Path(p) for p in files]
    for path in paths:
        if not path.is_file():
            raise FileNotFoundError(
                f"{path}: rendered file missing; re-materialize rendered_reports"
            )
    hashes = {path: file_sha256(path) for path in paths}
    message = message or DeliveryMessage(subject=", ".join(p.name for p in paths) or "report")
    records: list[DeliveryRecord] = []
    with ledger.lock():
        done = {(e["sha256"], e["destination"]) for e in ledger.entries()}
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
            where: dict[str, str] = {}
            while True:
                attempts += 1
                try:
                    sent = destination.send(pending, message)
                    where = {s.file: s.location for s in sent or []}
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
                DeliveryRecord(
                    str(p), hashes[p], key, status, attempts, error, _now(), where.get(p.name)
                )
                for p in pending
            ]
            records.extend(batch)
            if status == SENT:
                ledger.append([r.to_dict() for r in batch])
                done |= {(r.sha256, key) for r in batch}
            else:
                LOGGER.error("delivery to %s failed after %d attempt(s): %s", key, attempts, error)
    return records
