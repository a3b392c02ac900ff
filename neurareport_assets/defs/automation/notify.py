"""Operator notifications through the notifier resource: a file in the outbox, and SMTP if set."""

from __future__ import annotations

import json
import re
import smtplib
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

from neurareport_resources.atomic import atomic_write_text
from neurareport_resources.resources import NotifierResource

NOTIFICATIONS_FOLDER = "notifications"


def _recipients(notifier: NotifierResource, tenant: str | None) -> list[str]:
    if not notifier.tenant_recipients:
        return []
    table = json.loads(notifier.tenant_recipients)
    value = table.get("operators") or (table.get(tenant) if tenant else None) or []
    return [value] if isinstance(value, str) else list(value)


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
    path = Path(notifier.outbox_root) / NOTIFICATIONS_FOLDER / f"{file_name}.json"
    recipients = _recipients(notifier, tenant)
    atomic_write_text(
        path,
        json.dumps(
            {
                "subject": subject,
                "body": body,
                "tenant": tenant,
                "recipients": recipients,
                "created_at": stamp.isoformat(),
            },
            indent=2,
        ),
    )
    if notifier.smtp_host and recipients:
        message = EmailMessage()
        message["Subject"] = subject
        message["From"] = notifier.sender
        message["To"] = ", ".join(recipients)
        message.set_content(body)
        with smtplib.SMTP(notifier.smtp_host, notifier.smtp_port, timeout=30) as smtp:
            if notifier.smtp_starttls:
                smtp.starttls()
            if notifier.smtp_user:
                smtp.login(notifier.smtp_user, notifier.smtp_password or "")
            smtp.send_message(message)
    return path
