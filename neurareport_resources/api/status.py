"""What the API answers about a tenant's statements, months and reports, read from the
statement store, the warehouse, the report store and the delivery ledger (no Dagster)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from neurareport_resources.delivery import WarehouseLedger, file_sha256
from neurareport_resources.rendering import delivered_formats
from neurareport_resources.storage import ReportStore, StatementStore
from neurareport_resources.warehouse import Warehouse

RECEIVED, QUARANTINED, READ, NEEDS_REVIEW, UNKNOWN = (
    "received",
    "quarantined",
    "read",
    "needs_review",
    "unknown",
)


@dataclass(frozen=True)
class Stores:
    """Where the answers come from (built once per API process)."""

    statements: StatementStore
    warehouse: Warehouse
    reports: ReportStore


def statement_status(stores: Stores, tenant: str, upload: dict[str, Any]) -> dict[str, Any]:
    """Where one uploaded statement stands: received, quarantined (with the reason), read, or
    needs review (with the reasons); ``period`` once intake has placed it."""
    statement_id = upload["statement_id"]
    answer: dict[str, Any] = {
        "id": statement_id,
        "file_name": upload["file_name"],
        "received_at": upload["received_at"],
        "period": upload["period"],
    }
    if upload.get("quarantine_reason"):
        return {**answer, "status": QUARANTINED, "reason": upload["quarantine_reason"]}
    wh = stores.warehouse
    for _, period_key in sorted(wh.partitions("statement_files", tenant), reverse=True):
        period = dt.date.fromisoformat(f"{period_key}-01")
        files = wh.read_partition("statement_files", tenant, period)
        if statement_id not in files.column("statement_id").to_pylist():
            continue
        answer["period"] = period_key
        headers = [
            row
            for row in wh.read_partition("statements", tenant, period).to_pylist()
            if row["statement_id"] == statement_id
        ]
        if not headers:
            return {**answer, "status": RECEIVED, "stage": "intake"}
        review = [h["review_reason"] for h in headers if h["needs_review"]]
        accounts = [
            {
                "account_number": h["account_number"],
                "currency": h["currency"],
                "opening_balance": _money(h["opening_balance"]),
                "closing_balance": _money(h["closing_balance"]),
            }
            for h in headers
        ]
        if review:
            return {**answer, "status": NEEDS_REVIEW, "reason": review[0], "accounts": accounts}
        return {**answer, "status": READ, "accounts": accounts}
    reason = _quarantine_reason(stores.statements, tenant, upload)
    if reason is not None:
        return {**answer, "status": QUARANTINED, "reason": reason}
    if stores.statements.fs.exists(upload["store_path"]):
        return {**answer, "status": RECEIVED, "stage": "inbox"}
    return {**answer, "status": UNKNOWN, "reason": "the file is no longer in the inbox"}


def _quarantine_reason(store: StatementStore, tenant: str, upload: dict[str, Any]) -> str | None:
    """The reason beside the quarantined copy of this upload (same name stem, same bytes)."""
    name = PurePosixPath(upload["store_path"]).name
    stem, suffix = PurePosixPath(name).stem, PurePosixPath(name).suffix
    pattern = re.compile(rf"^{re.escape(stem)}(-\d+)?{re.escape(suffix)}$")
    for path, reason in store.quarantined(tenant):
        if not pattern.match(PurePosixPath(path).name):
            continue
        with _local(store, path) as local:
            if file_sha256(local) == upload["statement_id"]:
                return reason
    return None


def _local(store: StatementStore, path: str):
    import contextlib
    import tempfile

    @contextlib.contextmanager
    def opened():
        if store.is_local:
            yield Path(path)
            return
        with tempfile.TemporaryDirectory(prefix="neurareport-api-") as tmp:
            local = Path(tmp) / PurePosixPath(path).name
            store.fs.get_file(path, str(local))
            yield local

    return opened()


def _money(value: Any) -> str | None:
    return None if value is None else f"{value:.2f}"


def period_state(
    stores: Stores, tenant: str, period_key: str, uploads_pending: int = 0
) -> dict[str, Any]:
    """The month at a glance: statements (read, needs review, quarantined), the ledger, the
    reports rendered and delivered, and one ``state`` word for the whole month."""
    period = dt.date.fromisoformat(f"{period_key}-01")
    wh = stores.warehouse
    files = wh.read_partition("statement_files", tenant, period).to_pylist()
    headers = wh.read_partition("statements", tenant, period).to_pylist()
    ledger = wh.read_partition("transactions", tenant, period)
    review = sorted({h["file_name"] for h in headers if h["needs_review"]})
    reports = report_files(stores, tenant, period_key)
    deliverable = [r for r in reports if r["deliverable"]]
    holds = _holds(wh, tenant, period, sorted({r["template"] for r in reports}))
    delivered = [r for r in deliverable if r["delivered"]]
    quarantined = [
        {"file": PurePosixPath(path).name, "reason": reason}
        for path, reason in stores.statements.quarantined(tenant)
    ]
    waiting = [
        f.relative_path
        for f in stores.statements.list_files(tenant)
        if f.period_folder in (None, period_key)
        and f.name not in {row["file_name"] for row in files}
    ]
    if not files and not waiting:
        state = "waiting_for_statements"
    elif waiting:
        state = "statements_arriving"
    elif review:
        state = "needs_review"
    elif ledger.num_rows == 0:
        state = "reading"
    elif not reports:
        state = "ledger_ready"
    elif holds:
        state = "held"
    elif not deliverable or len(delivered) < len(deliverable):
        state = "reports_rendered"
    else:
        state = "delivered"
    return {
        "tenant": tenant,
        "period": period_key,
        "state": state,
        "statements": {
            "in_inbox": len(waiting),
            "read": len(files),
            "needs_review": review,
            "quarantined": quarantined,
        },
        "transactions": ledger.num_rows,
        "holds": holds,
        "reports": {
            "rendered": len(reports),
            "deliverable": len(deliverable),
            "delivered": len(delivered),
        },
    }


def report_files(stores: Stores, tenant: str, period_key: str) -> list[dict[str, Any]]:
    """Every rendered report file of the month, with its sha256 and whether it was delivered."""
    period = dt.date.fromisoformat(f"{period_key}-01")
    sent = {
        entry.get("sha256")
        for entry in WarehouseLedger(stores.warehouse, tenant, period).entries()
        if entry.get("status") == "sent"
    }
    sent_formats = delivered_formats()
    found = []
    for report in stores.reports.list_reports(tenant, period_key):
        with stores.reports.local_copy(report.uri) as local:
            digest = file_sha256(local)
        found.append(
            {
                "id": f"{report.template}/{report.folder}/{report.name}",
                "template": report.template,
                "folder": report.folder,
                "name": report.name,
                "size_bytes": report.size_bytes,
                "sha256": digest,
                "deliverable": PurePosixPath(report.name).suffix.lstrip(".") in sent_formats,
                "delivered": digest in sent,
            }
        )
    return found


def _holds(wh: Warehouse, tenant: str, period: dt.date, templates: list[str]) -> list[dict]:
    """Reports held for an analyst (or rejected): template, status and the reasons."""
    from neurareport_resources.review.model import HELD, REJECTED
    from neurareport_resources.review.records import manifest_release

    found = []
    for template in templates:
        release = manifest_release(wh, tenant, period, template)
        if release is not None and release.status in (HELD, REJECTED):
            found.append(
                {
                    "template": template,
                    "status": release.status,
                    "reasons": [reason.detail for reason in release.reasons],
                }
            )
    return found
