"""Operator notifications through the notifier resource: a file in the outbox, and SMTP if set."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

from neurareport_resources.atomic import atomic_write_text
from neurareport_resources.delivery import DeliveryMessage
from neurareport_resources.resources import NotifierResource

NOTIFICATIONS_FOLDER = "notifications"


def send_notification(
    notifier: NotifierResource,
    *,
    subject: str,
    body: str,
    tenant: str | None = None,
    name: str | None = None,
) -> Path:
    """Write the notification to ``<outbox>/notifications/<name>.json`` and, when an SMTP
    host is configured and recipients are known, e-mail it. Returns the outbox file.

    The outbox copy is written first and always, so a mail server that is down never
    loses a notification (the sensor fails and Dagster retries the tick).
    """
    stamp = datetime.now(UTC).replace(microsecond=0)
    file_name = re.sub(r"[^A-Za-z0-9_.-]", "_", name or stamp.strftime("%Y%m%dT%H%M%S"))
    path = notifier.outbox_path(NOTIFICATIONS_FOLDER, f"{file_name}.json")
    recipients = notifier.recipients("operators") or (notifier.recipients(tenant) if tenant else ())
    atomic_write_text(
        path,
        json.dumps(
            {
                "subject": subject,
                "body": body,
                "tenant": tenant,
                "recipients": list(recipients),
                "created_at": stamp.isoformat(),
            },
            indent=2,
        ),
    )
    email = notifier.smtp_destination(recipients)
    if email is not None:
        # the same sender as report delivery: verified TLS, clear errors
        email.send([], DeliveryMessage(subject=subject, body=body))
    return path


def notify_once(
    notifier: NotifierResource, *, key: str, subject: str, body: str, tenant: str | None = None
) -> Path | None:
    """:func:`send_notification` unless a notification named ``key`` was already sent: one
    message per event (a held report version, a failed check), however often runs repeat.
    Returns the outbox file when one was sent now."""
    file_name = re.sub(r"[^A-Za-z0-9_.-]", "_", key)
    if notifier.outbox_path(NOTIFICATIONS_FOLDER, f"{file_name}.json").exists():
        return None
    return send_notification(notifier, subject=subject, body=body, tenant=tenant, name=key)
