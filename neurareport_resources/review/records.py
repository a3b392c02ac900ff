"""Decisions on rendered reports, kept in the warehouse, and what they release.

A decision is bound to the report's fingerprint — sha256 over the names and sha256 of every
file in the report's manifest — so approving a report approves exactly those files: a
re-render that changes one byte makes a new report, held again until approved again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pyarrow as pa

from neurareport_resources.delivery.deliver import file_sha256
from neurareport_resources.review.model import (
    APPROVED,
    HELD,
    READY,
    REJECTED,
    HoldReason,
    Release,
    ReviewDecision,
    ReviewError,
)
from neurareport_resources.warehouse import Warehouse
from neurareport_resources.warehouse.tables import REPORT_REVIEWS_SCHEMA

MANIFESTS = "report_manifests"
# a manifest written before review holds existed carries no reasons: hold it until re-rendered
UNKNOWN = HoldReason(
    "rendered_before_review_holds",
    "this report was rendered before review holds were checked; re-materialize rendered_reports",
)

REVIEWS_TABLE = "report_reviews"
DECISIONS = (APPROVED, REJECTED)


def manifest_fingerprint(files: Sequence[Mapping[str, Any]]) -> str:
    """sha256 over the sorted ``name sha256`` lines of a manifest's files."""
    lines = sorted(f"{entry['file']} {entry['sha256']}" for entry in files)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def verify_report_files(store: Any, files: Sequence[Mapping[str, Any]]) -> list[str]:
    """The files whose stored bytes no longer match the manifest (empty: all match).

    ``store`` is a report store (``local_copy(uri)``); a missing file counts as changed.
    """
    changed = []
    for entry in files:
        try:
            with store.local_copy(entry["path"]) as path:
                actual = file_sha256(path)
        except Exception as exc:  # a missing or unreadable file is a changed report
            changed.append(f"{entry['file']}: {exc}")
            continue
        if actual != entry["sha256"]:
            changed.append(
                f"{entry['file']}: sha256 {actual[:12]}, manifest {entry['sha256'][:12]}"
            )
    return changed


def read_decisions(
    wh: Warehouse, tenant: str, period: dt.date, template: str | None = None
) -> list[ReviewDecision]:
    """Every decision on the tenant's month (one template's, or all), oldest first."""
    rows = wh.read_partition(REVIEWS_TABLE, tenant, period).to_pylist()
    decisions = [
        ReviewDecision(
            tenant=row["tenant"],
            period=row["period"],
            template=row["template"],
            decision=row["decision"],
            fingerprint=row["fingerprint"],
            reviewer=row["reviewer"],
            decided_at=row["decided_at"],
            note=row["note"],
            held_for=tuple(row["held_for"] or ()),
        )
        for row in rows
        if template is None or row["template"] == template
    ]
    return sorted(decisions, key=lambda d: d.decided_at)


def record_decision(wh: Warehouse, decision: ReviewDecision) -> ReviewDecision:
    """Add ``decision`` to the month's decisions (earlier ones are kept, for the audit)."""
    if decision.decision not in DECISIONS:
        raise ReviewError(f"decision {decision.decision!r}: use one of {', '.join(DECISIONS)}")
    if not decision.reviewer.strip():
        raise ReviewError("who decided? give --by NAME (or the reviewer field of the job)")
    if not decision.note.strip():
        what = "why it may go out" if decision.decision == APPROVED else "the reason"
        raise ReviewError(f"a {decision.decision[:-1]}al needs a note: {what}")
    period = decision.period.replace(day=1)
    existing = wh.read_partition(REVIEWS_TABLE, decision.tenant, period)
    added = pa.Table.from_pylist(
        [
            {
                "tenant": decision.tenant,
                "period": period,
                "template": decision.template,
                "decision": decision.decision,
                "fingerprint": decision.fingerprint,
                "reviewer": decision.reviewer.strip(),
                "decided_at": decision.decided_at.astimezone(dt.UTC),
                "note": decision.note.strip(),
                "held_for": list(decision.held_for),
            }
        ],
        schema=REPORT_REVIEWS_SCHEMA,
    )
    wh.write_partition(REVIEWS_TABLE, decision.tenant, period, pa.concat_tables([existing, added]))
    return decision


def release_state(
    reasons: Iterable[HoldReason], fingerprint: str, decisions: Iterable[ReviewDecision]
) -> Release:
    """May this report (``fingerprint``) go out? The newest decision on exactly these files
    wins; decisions on other versions are stale; without one, any reason holds it."""
    reasons = tuple(reasons)
    decisions = sorted(decisions, key=lambda d: d.decided_at)
    current = [d for d in decisions if d.fingerprint == fingerprint]
    stale = tuple(d for d in decisions if d.fingerprint != fingerprint)
    if current:
        latest = current[-1]
        status = APPROVED if latest.decision == APPROVED else REJECTED
        return Release(status, fingerprint, reasons, latest, stale)
    return Release(HELD if reasons else READY, fingerprint, reasons, None, stale)


def reasons_of(manifest: dict) -> list[HoldReason]:
    """The hold reasons a manifest recorded at render time."""
    if "hold_reasons" not in manifest:
        return [UNKNOWN]
    return [HoldReason(r["code"], r["detail"]) for r in manifest["hold_reasons"]]


def manifest_release(wh: Warehouse, tenant: str, period: dt.date, template: str) -> Release | None:
    """The release state of one rendered report now (None: nothing rendered)."""
    manifest = wh.read_document(MANIFESTS, tenant, period, template)
    files = (manifest or {}).get("files") or []
    if not files:
        return None
    assert manifest is not None
    return release_state(
        reasons_of(manifest),
        manifest_fingerprint(files),
        read_decisions(wh, tenant, period, template),
    )
