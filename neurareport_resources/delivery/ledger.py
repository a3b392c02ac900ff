"""The delivery ledger: which file (by sha256) already reached which destination.

Kept apart from every destination, so any destination works alone: a JSON-lines file
(:class:`FileLedger`, for scripts and tests) or the warehouse (:class:`WarehouseLedger`,
what the ``delivered_reports`` asset uses), one document per tenant and period beside the
other per-partition documents. A run holds the ledger's lock while it decides and sends,
so two runs on one partition never both send the same file.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Protocol

from neurareport_resources.atomic import atomic_write_text

LEDGER_DOCUMENT_KIND = "delivery_ledger"
LEDGER_DOCUMENT_NAME = "deliveries"


class DeliveryLedger(Protocol):
    """Where delivery records what it sent."""

    def lock(self) -> contextlib.AbstractContextManager[None]: ...

    def entries(self) -> list[dict]: ...

    def append(self, entries: list[dict]) -> None: ...


@contextlib.contextmanager
def _file_lock(lock_path: Path) -> Iterator[None]:
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


class FileLedger:
    """JSON lines in one file, rewritten atomically on every append."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def lock(self) -> contextlib.AbstractContextManager[None]:
        return _file_lock(self.path.with_name(self.path.name + ".lock"))

    def entries(self) -> list[dict]:
        if not self.path.exists():
            return []
        entries = []
        for number, line in enumerate(self.path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                entries.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(
                    f"{self.path}: line {number} is not JSON ({exc.msg}); repair or remove the line"
                ) from exc
        return entries

    def append(self, entries: list[dict]) -> None:
        # rewrite atomically: a crash mid-write must not lose the record of earlier sends
        existing = self.path.read_text(encoding="utf-8") if self.path.exists() else ""
        if existing and not existing.endswith("\n"):
            existing += "\n"
        added = "".join(json.dumps(entry, sort_keys=True) + "\n" for entry in entries)
        atomic_write_text(self.path, existing + added)


_PROCESS_LOCKS: dict[str, threading.Lock] = {}


@contextlib.contextmanager
def _held(lock: threading.Lock) -> Iterator[None]:
    with lock:
        yield


class WarehouseLedger:
    """The ledger of one tenant and period as a warehouse document
    (``delivery_ledger/tenant=<t>/period=<yyyy-mm>/deliveries.json``).

    On a local warehouse the lock is a file lock beside the document (every process on the
    machine); on an object store it is a lock in this process — runs of one partition
    do not overlap there because Dagster runs a partition's delivery once at a time
    (``delivered_reports`` is a single-run backfill with a concurrency key per tenant).
    """

    def __init__(self, warehouse, tenant: str, period: date, *, legacy: Path | None = None) -> None:
        self.warehouse = warehouse
        self.tenant = tenant
        self.period = period
        # the JSON-lines ledger deliveries kept in the outbox before: read while this
        # partition has no warehouse ledger yet, so an upgrade re-sends nothing
        self.legacy = legacy

    def _path(self) -> str:
        return self.warehouse.document_path(
            LEDGER_DOCUMENT_KIND, self.tenant, self.period, LEDGER_DOCUMENT_NAME
        )

    def lock(self) -> contextlib.AbstractContextManager[None]:
        path = self._path()
        if getattr(self.warehouse, "_protocol", "file") == "file":
            return _file_lock(Path(path + ".lock"))
        return _held(_PROCESS_LOCKS.setdefault(path, threading.Lock()))

    def entries(self) -> list[dict]:
        document = self.warehouse.read_document(
            LEDGER_DOCUMENT_KIND, self.tenant, self.period, LEDGER_DOCUMENT_NAME
        )
        if document is None and self.legacy is not None and Path(self.legacy).exists():
            return FileLedger(Path(self.legacy)).entries()
        return list((document or {}).get("entries", []))

    def append(self, entries: list[dict]) -> None:
        self.warehouse.write_document(
            LEDGER_DOCUMENT_KIND,
            self.tenant,
            self.period,
            LEDGER_DOCUMENT_NAME,
            {"entries": self.entries() + entries},
        )
