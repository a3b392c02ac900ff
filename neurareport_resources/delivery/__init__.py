"""Delivery engine: outbox folder and SMTP, idempotent by file hash, with retries and backoff."""

from neurareport_resources.delivery.deliver import (
    FAILED,
    SENT,
    SKIPPED,
    DeliveryRecord,
    deliver,
    file_sha256,
    read_ledger,
)
from neurareport_resources.delivery.destinations import (
    DeliveryError,
    DeliveryMessage,
    Destination,
    OutboxDestination,
    SmtpDestination,
)

__all__ = [
    "FAILED",
    "SENT",
    "SKIPPED",
    "DeliveryError",
    "DeliveryMessage",
    "DeliveryRecord",
    "Destination",
    "OutboxDestination",
    "SmtpDestination",
    "deliver",
    "file_sha256",
    "read_ledger",
]
