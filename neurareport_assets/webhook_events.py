"""Which webhook events the report and delivery assets emit, and sending them.

``report.rendered`` when a template's files were published, ``check.failed`` when one of
its checks failed (a BLOCKING rule, a render that failed, a delivery that failed),
``report.held`` when a rendered report waits for an analyst's approval (its reasons),
``report.approved`` when delivery releases a held report an analyst approved (once per
decision), ``report.delivered`` when files reached their destinations.
Nothing is sent unless the notifier has ``webhook_endpoints``.
"""

from __future__ import annotations

import hashlib

import dagster as dg

from neurareport_assets.partitions import TenantPeriod
from neurareport_resources.delivery.webhooks import (
    CHECK_FAILED,
    REPORT_APPROVED,
    REPORT_DELIVERED,
    REPORT_HELD,
    REPORT_RENDERED,
    EventLog,
    WebhookEvent,
    emit,
    make_event,
)
from neurareport_resources.resources import NotifierResource


def _fingerprint(parts: list[str]) -> str:
    return hashlib.sha256("|".join(sorted(parts)).encode()).hexdigest()[:24]


def failed_check_events(
    partition: TenantPeriod, template: str | None, result: dg.MaterializeResult
) -> list[WebhookEvent]:
    """One ``check.failed`` per failed ERROR-severity check of ``result``."""
    events = []
    for check in result.check_results or []:
        if check.passed or check.severity != dg.AssetCheckSeverity.ERROR:
            continue
        detail = {k: v.value if hasattr(v, "value") else v for k, v in check.metadata.items()}
        reason = str(detail)[:500]
        events.append(
            make_event(
                CHECK_FAILED,
                partition.tenant,
                partition.period_key,
                subject=f"{template}|{check.check_name}|{_fingerprint([reason])}",
                data={"template": template, "check": check.check_name, "reason": reason},
            )
        )
    return events


def rendered_events(
    partition: TenantPeriod, template: str, manifest: list[dict]
) -> list[WebhookEvent]:
    """``report.rendered`` for a template whose files were published (none when skipped)."""
    if not manifest:
        return []
    return [
        make_event(
            REPORT_RENDERED,
            partition.tenant,
            partition.period_key,
            subject=f"{template}|{_fingerprint([m['sha256'] for m in manifest])}",
            data={
                "template": template,
                "files": len(manifest),
                "links": {m["file"]: m["path"] for m in manifest},
            },
        )
    ]


def held_events(partition: TenantPeriod, template: str, manifest: dict) -> list[WebhookEvent]:
    """``report.held`` for a report rendered as a draft, once per version (its fingerprint)."""
    if manifest.get("status") != "draft" or not manifest.get("files"):
        return []
    return [
        make_event(
            REPORT_HELD,
            partition.tenant,
            partition.period_key,
            subject=f"{template}|{manifest.get('fingerprint', '')[:24]}",
            data={"template": template, "reasons": manifest.get("hold_reasons", [])},
        )
    ]


def approved_events(partition: TenantPeriod, template: str, release) -> list[WebhookEvent]:
    """``report.approved`` for a held report an analyst approved, once per decision
    (emitted by delivery, which reads the decision before it sends the approved files)."""
    decision = release.decision
    if decision is None:
        return []
    return [
        make_event(
            REPORT_APPROVED,
            partition.tenant,
            partition.period_key,
            subject=f"{template}|{release.fingerprint[:24]}|{decision.decided_at}",
            data={
                "template": template,
                "fingerprint": release.fingerprint[:12],
                "reviewer": decision.reviewer,
                "note": decision.note,
                "decided_at": str(decision.decided_at),
            },
        )
    ]


def delivered_events(partition: TenantPeriod, sent: list[dict]) -> list[WebhookEvent]:
    """``report.delivered`` for the files that reached their destinations in this run."""
    if not sent:
        return []
    return [
        make_event(
            REPORT_DELIVERED,
            partition.tenant,
            partition.period_key,
            subject=_fingerprint([f"{s['sha256']}>{s['destination']}" for s in sent]),
            data={
                "summary": f"{len(sent)} file(s) delivered",
                "links": {f"{s['file']} -> {s['destination']}": s.get("where") for s in sent},
            },
        )
    ]


def emit_events(
    events: list[WebhookEvent],
    partition: TenantPeriod,
    notifier: NotifierResource,
    warehouse,
    log,
) -> dict[str, int]:
    """Send ``events`` (and any still pending for the partition) to the configured
    endpoints; failures are logged and retried on the next emission, never raised."""
    endpoints = notifier.webhooks()
    if not endpoints:
        return {}
    attempts = emit(
        events,
        endpoints,
        log=EventLog(warehouse, partition.tenant, partition.period_start),
        retries=notifier.retries,
        backoff_seconds=notifier.backoff_seconds,
    )
    for attempt in attempts:
        if attempt.status == "failed":
            log.warning(f"webhook {attempt.event_type} -> {attempt.endpoint}: {attempt.error}")
    return {
        status: sum(1 for a in attempts if a.status == status)
        for status in ("sent", "skipped", "failed")
    }
