"""Signed webhooks on report events, in the Standard Webhooks format (standardwebhooks.com).

Each event is JSON ``{"type", "timestamp", "data": {tenant, period, template, ...,
"links": {...}}}`` POSTed with the headers ``webhook-id`` (stable for the event: a
receiver de-duplicates by it), ``webhook-timestamp`` (seconds) and ``webhook-signature``
(``v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`` keyed by the endpoint's
``whsec_…`` secret). A 2xx answer delivers it; a timeout, a refused connection, 429 or
5xx is retried with exponential backoff; other 4xx are not. Every event is recorded
before it is sent (a warehouse document per tenant and period), so one that could not
be delivered now is sent again on the next emission for that partition: each event
reaches each endpoint at least once. An endpoint marked ``slack`` receives a
Slack incoming-webhook message (``{"text": ...}``) instead of the JSON event.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

LOGGER = logging.getLogger(__name__)

REPORT_RENDERED = "report.rendered"
REPORT_HELD = "report.held"
REPORT_APPROVED = "report.approved"
REPORT_DELIVERED = "report.delivered"
CHECK_FAILED = "check.failed"
EVENT_TYPES = (REPORT_RENDERED, REPORT_HELD, REPORT_APPROVED, REPORT_DELIVERED, CHECK_FAILED)
SECRET_PREFIX = "whsec_"
EVENTS_DOCUMENT_KIND = "webhook_events"
EVENTS_DOCUMENT_NAME = "events"


class WebhookError(RuntimeError):
    """A webhook that could not be delivered; ``transient`` says whether retrying may help."""

    def __init__(self, message: str, *, transient: bool) -> None:
        super().__init__(message)
        self.transient = transient


@dataclass(frozen=True)
class WebhookEvent:
    """One thing that happened to a tenant's report for a period."""

    id: str
    type: str
    tenant: str
    period: str  # YYYY-MM
    timestamp: str  # ISO 8601, UTC
    data: dict[str, Any] = field(default_factory=dict)

    def payload(self) -> dict[str, Any]:
        """The JSON body of the standard event."""
        return {
            "type": self.type,
            "timestamp": self.timestamp,
            "data": {"id": self.id, "tenant": self.tenant, "period": self.period, **self.data},
        }

    def text(self) -> str:
        """One line for a chat channel."""
        what = {
            REPORT_RENDERED: "rendered",
            REPORT_HELD: "held for approval",
            REPORT_APPROVED: "approved",
            REPORT_DELIVERED: "delivered",
            CHECK_FAILED: "failed a check",
        }.get(self.type, self.type)
        subject = self.data.get("template") or "reports"
        detail = self.data.get("reason") or self.data.get("summary") or ""
        return f"{self.tenant} {self.period}: {subject} {what}" + (f" — {detail}" if detail else "")


def make_event(
    event_type: str,
    tenant: str,
    period: str,
    *,
    subject: str,
    data: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> WebhookEvent:
    """An event whose id is derived from what it is about (type, tenant, period and
    ``subject`` — e.g. the report fingerprint), so emitting the same fact twice gives the
    same ``webhook-id`` and the receiver keeps one."""
    if event_type not in EVENT_TYPES:
        raise ValueError(f"unknown webhook event {event_type!r}; use one of {EVENT_TYPES}")
    digest = hashlib.sha256(f"{event_type}|{tenant}|{period}|{subject}".encode()).hexdigest()
    stamp = (at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    return WebhookEvent(
        id=f"msg_{digest[:32]}",
        type=event_type,
        tenant=tenant,
        period=period,
        timestamp=stamp.isoformat().replace("+00:00", "Z"),
        data=dict(data or {}),
    )


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` header value: ``v1,`` + base64 HMAC-SHA256."""
    key = secret[len(SECRET_PREFIX) :] if secret.startswith(SECRET_PREFIX) else secret
    try:
        raw = base64.b64decode(key + "==", validate=False)
    except ValueError as exc:
        raise WebhookError(f"webhook secret is not base64 ({exc})", transient=False) from None
    if not raw:
        raise WebhookError("webhook secret is empty", transient=False)
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(raw, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


@dataclass(frozen=True)
class WebhookEndpoint:
    """Where events go. ``events`` and ``tenants`` narrow what it receives (empty: all)."""

    name: str
    url: str
    secret: str | None = field(default=None, repr=False)
    slack: bool = False
    events: tuple[str, ...] = ()
    tenants: tuple[str, ...] = ()
    timeout: float = 10.0

    def wants(self, event: WebhookEvent) -> bool:
        return (not self.events or event.type in self.events) and (
            not self.tenants or event.tenant in self.tenants
        )

    def post(self, event: WebhookEvent, *, now: Callable[[], float] = time.time) -> int:
        """POST ``event`` once; returns the HTTP status or raises :class:`WebhookError`."""
        if self.slack:
            body = json.dumps({"text": event.text()}).encode()
        else:
            body = json.dumps(event.payload(), sort_keys=True, default=str).encode()
        stamp = int(now())
        headers = {
            "content-type": "application/json",
            "user-agent": "NeuraReport-Webhooks/1",
            "webhook-id": event.id,
            "webhook-timestamp": str(stamp),
        }
        if self.secret:
            headers["webhook-signature"] = sign(self.secret, event.id, stamp, body)
        elif not self.slack:
            raise WebhookError(
                f"webhook {self.name}: no secret configured (events are always signed)",
                transient=False,
            )
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return int(response.status)
        except urllib.error.HTTPError as exc:
            transient = exc.code == 429 or exc.code >= 500
            raise WebhookError(
                f"webhook {self.name}: {self.url} answered {exc.code} {exc.reason}",
                transient=transient,
            ) from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise WebhookError(
                f"webhook {self.name}: {self.url} unreachable ({reason})", transient=True
            ) from None


@dataclass(frozen=True)
class WebhookAttempt:
    """What happened to one event at one endpoint."""

    event_id: str
    event_type: str
    endpoint: str
    status: str  # sent | skipped | failed
    attempts: int
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class EventLog:
    """The events of one tenant and period and where each was delivered (a warehouse document)."""

    def __init__(self, warehouse, tenant: str, period: dt.date) -> None:
        self.warehouse, self.tenant, self.period = warehouse, tenant, period

    def load(self) -> dict[str, Any]:
        document = self.warehouse.read_document(
            EVENTS_DOCUMENT_KIND, self.tenant, self.period, EVENTS_DOCUMENT_NAME
        )
        return document or {"events": {}, "delivered": []}

    def save(self, state: dict[str, Any]) -> None:
        self.warehouse.write_document(
            EVENTS_DOCUMENT_KIND, self.tenant, self.period, EVENTS_DOCUMENT_NAME, state
        )


def emit(
    events: Iterable[WebhookEvent],
    endpoints: Iterable[WebhookEndpoint],
    *,
    log: EventLog | None = None,
    retries: int = 3,
    backoff_seconds: float = 1.0,
    max_backoff_seconds: float = 30.0,
    sleep: Callable[[float], None] = time.sleep,
) -> list[WebhookAttempt]:
    """Send ``events`` — and, with ``log``, every earlier event of the partition that has
    not reached an endpoint yet — to each endpoint that wants them. Never raises for a
    failed endpoint: the attempt is returned as ``failed`` and retried next time."""
    endpoints = list(endpoints)
    state = log.load() if log is not None else {"events": {}, "delivered": []}
    for event in events:
        state["events"].setdefault(event.id, asdict(event))
    if log is not None:
        log.save(state)  # recorded before sending: a crash now still sends it next time
    delivered = {tuple(pair) for pair in state["delivered"]}
    attempts: list[WebhookAttempt] = []
    for stored in list(state["events"].values()):
        event = WebhookEvent(**stored)
        for endpoint in endpoints:
            if not endpoint.wants(event):
                continue
            if (event.id, endpoint.name) in delivered:
                attempts.append(WebhookAttempt(event.id, event.type, endpoint.name, "skipped", 0))
                continue
            tries, error = 0, None
            while True:
                tries += 1
                try:
                    endpoint.post(event)
                    error = None
                    break
                except WebhookError as exc:
                    error = str(exc)
                    if not exc.transient or tries > retries:
                        break
                    sleep(min(backoff_seconds * 2 ** (tries - 1), max_backoff_seconds))
            if error is None:
                delivered.add((event.id, endpoint.name))
                state["delivered"].append([event.id, endpoint.name])
                if log is not None:
                    log.save(state)
            else:
                LOGGER.warning("webhook %s to %s failed: %s", event.type, endpoint.name, error)
            attempts.append(
                WebhookAttempt(
                    event.id, event.type, endpoint.name, "failed" if error else "sent", tries, error
                )
            )
    return attempts


def endpoints_from_config(
    endpoints_json: str | None, secrets_json: str | None
) -> list[WebhookEndpoint]:
    """Endpoints from the notifier's JSON settings:
    ``{"<name>": {"url", "slack"?, "events"?, "tenants"?}}`` and secrets
    ``{"<name>": "whsec_..."}`` (an ``EnvVar``)."""
    if not endpoints_json:
        return []
    try:
        table = json.loads(endpoints_json)
        secrets = json.loads(secrets_json) if secrets_json else {}
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"webhook_endpoints / webhook_secrets must be JSON objects: {exc}"
        ) from None
    if not isinstance(table, dict):
        raise ValueError('webhook_endpoints must be a JSON object: {"name": {"url": ...}}')
    endpoints = []
    for name, spec in table.items():
        if not isinstance(spec, dict) or not str(spec.get("url", "")).startswith(
            ("http://", "https://")
        ):
            raise ValueError(f"webhook_endpoints[{name!r}]: give an http(s) 'url'")
        unknown = set(spec.get("events", [])) - set(EVENT_TYPES)
        if unknown:
            raise ValueError(
                f"webhook_endpoints[{name!r}]: unknown events {sorted(unknown)}; use {EVENT_TYPES}"
            )
        endpoints.append(
            WebhookEndpoint(
                name=name,
                url=spec["url"],
                secret=secrets.get(name),
                slack=bool(spec.get("slack", False)),
                events=tuple(spec.get("events", ())),
                tenants=tuple(spec.get("tenants", ())),
            )
        )
    return endpoints
