"""Delivery engine: destinations behind one protocol, idempotent by file hash, with retries and backoff."""

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
    SentFile,
    SmtpDestination,
)
from neurareport_resources.delivery.ledger import DeliveryLedger, FileLedger, WarehouseLedger

__all__ = [
    "FAILED",
    "SENT",
    "SKIPPED",
    "DeliveryError",
    "DeliveryLedger",
    "DeliveryMessage",
    "DeliveryRecord",
    "Destination",
    "FileLedger",
    "OutboxDestination",
    "SentFile",
    "SmtpDestination",
    "WarehouseLedger",
    "deliver",
    "file_sha256",
    "read_ledger",
]
