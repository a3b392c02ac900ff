"""Sensors: the inbox sensor (files in, runs out) and the run-failure notifier.

The inbox sensor only *returns* what should happen — new tenant partitions and run
requests — in one ``SensorResult``; Dagster adds the partitions before it creates the
runs. Its cursor (JSON) remembers every file it has handled by path, size, mtime and
sha256, so a repeated tick or a daemon restart reads no file twice.
"""

from __future__ import annotations

import functools
import hashlib
import json
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import dagster as dg

from neurareport_assets.defs.automation.jobs import PIPELINE_ASSETS, monthly_reports
from neurareport_assets.defs.automation.notify import send_notification
from neurareport_assets.partitions import (
    FIRST_PERIOD,
    TENANT_DIMENSION,
    tenant_partitions,
    tenant_period,
)
from neurareport_resources.extraction import (
    ExtractionError,
    LimitExceededError,
    PasswordRequiredError,
    WrongPasswordError,
)
from neurareport_resources.paths import PathEscapeError
from neurareport_resources.resources import (
    ExtractionResource,
    NotifierResource,
    StatementStoreResource,
    WarehouseResource,
)
from neurareport_resources.storage import StatementStore, StoredFile
from neurareport_resources.tenancy import is_valid_tenant_key
from neurareport_resources.warehouse import period_key

TENANT_TAG = "neurareport/tenant"
SOURCE_TAG = "neurareport/source"
CURSOR_VERSION = 1
# a file whose size and mtime have not moved for this long is complete even if unseen before
SETTLE_SECONDS = 30.0
# the header read runs the extraction engine; bound a tick's work so it stays under the gRPC timeout
MAX_FILES_PER_TICK = 40
INBOX_SENSOR_INTERVAL_SECONDS = 15
# Dagster gives a sensor evaluation 60 s; a tick starts no file it could not finish inside this
# budget (files left over wait for the next tick and are reported as deferred)
TICK_BUDGET_SECONDS = 50.0
# what one file may cost a tick: its probe and, without a YYYY-MM folder, its header read (the
# first pages only); a file over either is quarantined, as over any other limit
SENSOR_PROBE_SECONDS = 10.0
SENSOR_HEADER_SECONDS = 20.0

# configuration problems (a missing PDF password): the file stays and is retried every tick
_CONFIGURATION_ERRORS = (PasswordRequiredError, WrongPasswordError)


@dataclass
class InboxCursor:
    """What the inbox sensor remembers between ticks (serialised as the sensor cursor)."""

    # path -> [size, mtime, sha256] of every file already turned into a run request
    done: dict[str, list] = field(default_factory=dict)
    # path -> [size, mtime] of files seen once and not yet known to be complete
    pending: dict[str, list] = field(default_factory=dict)

    @classmethod
    def parse(cls, text: str | None) -> InboxCursor:
        if not text:
            return cls()
        data = json.loads(text)
        if data.get("v") != CURSOR_VERSION:
            raise ValueError(f"inbox sensor cursor version {data.get('v')!r} is not supported")
        return cls(done=data.get("done", {}), pending=data.get("pending", {}))

    def serialise(self) -> str:
        return json.dumps(
            {"v": CURSOR_VERSION, "done": self.done, "pending": self.pending}, sort_keys=True
        )


@dataclass
class InboxScan:
    """The outcome of one look at the inbox: what to request and what happened to each file."""

    run_requests: list[dg.RunRequest]
    new_tenants: list[str]
    cursor: InboxCursor
    requested_files: list[str]
    waiting: list[str]
    quarantined: list[tuple[str, str]]
    duplicates: list[str]
    blocked: list[str]
    invalid_tenant_folders: list[str]
    already_ingested: list[str] = field(default_factory=list)
    # complete files this tick had no time (or room) for: the first ones read next tick
    deferred: list[str] = field(default_factory=list)
    # (tenant, path, why) of the files waiting for a statement password
    waiting_for_password: list[tuple[str, str, str]] = field(default_factory=list)


def _stamp(stored: StoredFile) -> list:
    return [stored.size_bytes, round(stored.modified, 3)]


def _period_of(
    stored: StoredFile, local, extraction: ExtractionResource, last_period: date
) -> date:
    """The statement's month (folder or header), refused outside the partitions' range."""
    month = extraction.statement_month(
        local, stored.tenant, stored.period_folder, timeout_seconds=SENSOR_HEADER_SECONDS
    )
    first = date.fromisoformat(FIRST_PERIOD)
    if not first <= month <= last_period:
        raise ExtractionError(
            local,
            f"period {period_key(month)} is outside the partitions "
            f"{period_key(first)} .. {period_key(last_period)}",
            "check the statement or upload it with --period YYYY-MM",
        )
    return month


def scan_inbox(
    store: StatementStore,
    extraction: ExtractionResource,
    cursor: InboxCursor,
    *,
    log,
    now: float | None = None,
    known_tenants: set[str] | None = None,
    last_period: date | None = None,
    max_files: int = MAX_FILES_PER_TICK,
    already_ingested: Callable[[str, date], set[str]] | None = None,
    budget_seconds: float = TICK_BUDGET_SECONDS,
    clock: Callable[[], float] = time.monotonic,
) -> InboxScan:
    """Look at every tenant inbox once and decide, per new complete file, what happens to it.

    New complete PDFs are probed (a real PDF, within the size and page limits), hashed,
    deduplicated and assigned a month (a ``YYYY-MM`` folder, else a header read of the
    first pages); each affected (tenant, month) gets one run request whose run key is
    derived from the files' sha256, so a repeated scan requests nothing new. Bad files are
    moved to quarantine with a reason. Files still being written wait.
    ``already_ingested(tenant, month)`` gives the sha256 of statements a materialization
    already read (e.g. by ``neurareport demo`` before the sensor ever ran): they need no run.

    The scan is bounded: no file is parsed in full, each file's reads are limited
    (``SENSOR_PROBE_SECONDS``, ``SENSOR_HEADER_SECONDS``), and a file is started only while
    it fits in ``budget_seconds``; the rest are ``deferred`` to the next scan.
    """
    started = clock()
    file_seconds = SENSOR_PROBE_SECONDS + SENSOR_HEADER_SECONDS
    now = time.time() if now is None else now
    known_tenants = set(known_tenants or ())
    if last_period is None:
        today = date.today()
        last_period = today.replace(day=1)
    max_file_bytes = extraction.max_file_mb * 1024 * 1024
    next_cursor = InboxCursor()
    by_partition: dict[tuple[str, date], list[tuple[str, str]]] = defaultdict(list)
    waiting, quarantined, duplicates, blocked, invalid_folders = [], [], [], [], []
    deferred: list[str] = []
    ingested: list[str] = []
    needs_password: list[tuple[str, str, str]] = []
    handled = 0

    for tenant in store.tenants():
        if not is_valid_tenant_key(tenant):
            # cannot be quarantined under an invalid key; reported so an operator renames it
            invalid_folders.append(tenant)
            log.warning(
                f"inbox folder {tenant!r} is not a valid tenant key "
                "(lower-case letters, digits, '-', '_'): rename it; its files are not read"
            )
            continue
        files = store.list_files(tenant)
        # sha256 -> path of this tenant's complete files already handled
        known_hashes = {
            cursor.done[f.path][2]: f.path
            for f in files
            if f.path in cursor.done and cursor.done[f.path][:2] == _stamp(f)
        }
        for stored in sorted(files, key=lambda f: (f.modified, f.path)):
            stamp = _stamp(stored)
            previous = cursor.done.get(stored.path)
            if previous is not None and previous[:2] == stamp:
                next_cursor.done[stored.path] = previous
                continue
            settled = (
                cursor.pending.get(stored.path) == stamp or now - stored.modified >= SETTLE_SECONDS
            )
            if not settled:
                # still growing: look again next tick
                next_cursor.pending[stored.path] = stamp
                waiting.append(stored.path)
                continue
            if handled >= max_files or clock() - started + file_seconds > budget_seconds:
                # complete, but this tick is full: first in line next tick (oldest first)
                next_cursor.pending[stored.path] = stamp
                deferred.append(stored.path)
                continue
            handled += 1
            try:
                if stored.refusal is not None:
                    raise PathEscapeError(stored.refusal)
                if stored.size_bytes > max_file_bytes:
                    raise ExtractionError(
                        stored.path,
                        f"file is {stored.size_bytes / 1048576:.1f} MB, over the "
                        f"{extraction.max_file_mb} MB limit",
                        "split the statement or raise the extraction max_file_mb limit",
                    )
                with store.local_file(stored.path, tenant) as local:
                    probe = extraction.probe(local, tenant, timeout_seconds=SENSOR_PROBE_SECONDS)
                    if probe.sha256 in known_hashes:
                        original = known_hashes[probe.sha256]
                        raise _Duplicate(original, probe.sha256)
                    month = _period_of(stored, local, extraction, last_period)
            except _CONFIGURATION_ERRORS as exc:
                # the file is fine; the configuration lacks its password — retried each tick
                log.warning(f"{stored.path}: {exc}")
                blocked.append(stored.path)
                needs_password.append((tenant, stored.path, str(exc)))
                next_cursor.pending[stored.path] = stamp
                continue
            except _Duplicate as dup:
                reason = (
                    f"{stored.relative_path}: exact duplicate of {dup.original} "
                    f"(sha256 {dup.sha256[:12]}); nothing to do, the original is processed"
                )
                target = store.quarantine(tenant, stored.path, reason)
                log.warning(f"quarantined {stored.path} -> {target}: {reason}")
                duplicates.append(stored.path)
                quarantined.append((stored.path, reason))
                continue
            except (ExtractionError, OSError) as exc:
                reason = str(exc)
                if isinstance(exc, LimitExceededError) and "time limit" in exc.reason:
                    reason += (
                        f" (the inbox sensor reads a file for at most {SENSOR_PROBE_SECONDS:g}s"
                        f" + {SENSOR_HEADER_SECONDS:g}s for its header; if it is a genuine"
                        " statement, upload it again with --period YYYY-MM)"
                    )
                target = store.quarantine(tenant, stored.path, reason)
                log.warning(f"quarantined {stored.path} -> {target}: {reason}")
                quarantined.append((stored.path, reason))
                continue
            known_hashes[probe.sha256] = stored.path
            next_cursor.done[stored.path] = [*stamp, probe.sha256]
            if already_ingested is not None and probe.sha256 in already_ingested(tenant, month):
                ingested.append(stored.path)
                continue
            by_partition[(tenant, month)].append((stored.path, probe.sha256))

    run_requests: list[dg.RunRequest] = []
    requested_files: list[str] = []
    for (tenant, month), entries in sorted(by_partition.items()):
        partition = tenant_period(tenant, month)
        digest = hashlib.sha256("\n".join(sorted(sha for _, sha in entries)).encode()).hexdigest()
        run_requests.append(
            dg.RunRequest(
                run_key=f"{tenant}:{partition.period_key}:{digest[:32]}",
                partition_key=partition.partition_key,
                tags={TENANT_TAG: tenant, SOURCE_TAG: "inbox"},
                asset_selection=PIPELINE_ASSETS,
            )
        )
        requested_files.extend(path for path, _ in entries)
    new_tenants = sorted({tenant for tenant, _ in by_partition} - known_tenants)
    return InboxScan(
        run_requests=run_requests,
        new_tenants=new_tenants,
        cursor=next_cursor,
        requested_files=requested_files,
        waiting=waiting,
        quarantined=quarantined,
        duplicates=duplicates,
        blocked=blocked,
        invalid_tenant_folders=invalid_folders,
        already_ingested=ingested,
        deferred=deferred,
        waiting_for_password=needs_password,
    )


class _Duplicate(Exception):
    def __init__(self, original: str, sha256: str) -> None:
        super().__init__(original)
        self.original = original
        self.sha256 = sha256


@dg.sensor(
    name="inbox_sensor",
    job=monthly_reports,
    minimum_interval_seconds=INBOX_SENSOR_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="New complete statements in inbox/<tenant>/ -> tenant partition + one run per month.",
)
def inbox_sensor(
    context: dg.SensorEvaluationContext,
    statement_store: StatementStoreResource,
    extraction: ExtractionResource,
    warehouse: WarehouseResource,
    notifier: NotifierResource,
) -> dg.SensorResult:
    cursor = InboxCursor.parse(context.cursor)
    wh = warehouse.get_warehouse()

    @functools.cache
    def ingested(tenant: str, month: date) -> set[str]:
        files = wh.read_partition("statement_files", tenant, month)
        return set(files.column("statement_id").to_pylist())

    known = set(context.instance.get_dynamic_partitions(TENANT_DIMENSION))
    scan = scan_inbox(
        statement_store.get_store(),
        extraction,
        cursor,
        log=context.log,
        known_tenants=known,
        already_ingested=ingested,
        budget_seconds=TICK_BUDGET_SECONDS,
    )
    context.log.info(
        f"inbox: {len(scan.run_requests)} run(s) for {len(scan.requested_files)} new file(s), "
        f"{len(scan.waiting)} waiting, {len(scan.deferred)} deferred to the next tick, "
        f"{len(scan.quarantined)} quarantined, "
        f"{len(scan.blocked)} blocked on a password, {len(scan.already_ingested)} already "
        f"materialized, new tenants {scan.new_tenants or 'none'}"
    )
    for tenant, path, why in scan.waiting_for_password:
        _notify_password_needed(notifier, tenant, path, why, context.log)
    return dg.SensorResult(
        run_requests=scan.run_requests,
        dynamic_partitions_requests=(
            [tenant_partitions.build_add_request(scan.new_tenants)] if scan.new_tenants else []
        ),
        cursor=scan.cursor.serialise(),
        skip_reason=None
        if scan.run_requests
        else (
            f"{len(scan.deferred)} statement(s) deferred to the next tick"
            if scan.deferred
            else "no new complete statements in the inbox"
        ),
    )


def _notify_password_needed(
    notifier: NotifierResource, tenant: str, path: str, why: str, log
) -> None:
    """A statement waits in the inbox for its password: tell the tenant's analysts once."""
    from neurareport_assets.defs.automation.notify import notify_once

    digest = hashlib.sha256(f"{path}\n{why}".encode()).hexdigest()[:16]
    try:
        notify_once(
            notifier,
            key=f"password-{tenant}-{digest}",
            subject=f"[neurareport] statement waiting for its password: {tenant}",
            body="\n".join(
                [
                    f"{path} is encrypted and waits in the inbox: {why}",
                    "Set the tenant's statement password (NEURAREPORT_PDF_PASSWORDS or the "
                    "password file); the inbox sensor reads it on its next tick.",
                ]
            ),
            tenant=tenant,
        )
    except Exception as error:  # a mail server down must not stop the inbox
        log.warning(f"{path}: password notification not e-mailed: {error}")


def _root_cause(error) -> str:
    """The innermost error message: Dagster wraps user errors in a step-execution error."""
    while error.cause is not None:
        error = error.cause
    return error.message.strip()


@dg.run_failure_sensor(
    name="run_failure_notifier",
    monitor_all_code_locations=False,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Tells the notifier (outbox, SMTP) which run failed, for which tenant, and why.",
)
def run_failure_notifier(context: dg.RunFailureSensorContext, notifier: NotifierResource) -> None:
    run = context.dagster_run
    tenant = run.tags.get(TENANT_TAG) or "unknown tenant"
    partition = run.tags.get("dagster/partition", "no partition")
    reason = context.failure_event.message or "no message"
    step_failures = [
        f"{event.step_key}: {_root_cause(event.step_failure_data.error)}"
        for event in context.get_step_failure_events()
        if event.step_failure_data.error is not None
    ]
    body = "\n".join(
        [
            f"Run {run.run_id} of job {run.job_name} failed.",
            f"Tenant: {tenant}",
            f"Partition: {partition}",
            f"Reason: {reason}",
            *(f"Step {line}" for line in step_failures),
        ]
    )
    path = send_notification(
        notifier,
        subject=f"[neurareport] run failed: {run.job_name} {partition}",
        body=body,
        tenant=run.tags.get(TENANT_TAG),
        name=f"run-failure-{run.run_id}",
    )
    context.log.info(f"failure of run {run.run_id} notified: {path}")


# Declarative automation is evaluated by a sensor; the one Dagster adds on its own starts
# stopped, so a deployment would never act on the conditions. This one starts running.
automation = dg.AutomationConditionSensorDefinition(
    "automation",
    target=dg.AssetSelection.all(),
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=30,
    description=(
        "Evaluates every asset's AutomationCondition: a late statement re-runs its month "
        "downstream; an edited template re-maps and re-renders that template for the "
        "reporting period."
    ),
)
