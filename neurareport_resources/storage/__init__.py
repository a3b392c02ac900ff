"""Where files live: the statement inbox (local folder or object store) and its quarantine,
and the rendered reports."""

from neurareport_resources.storage.report_store import (
    PublishedFile,
    ReportSet,
    ReportStore,
    ReportStoreError,
    StoredReport,
)
from neurareport_resources.storage.statement_store import (
    PERIOD_FOLDER,
    StatementStore,
    StoredFile,
    StoreError,
    sha256_file,
)

__all__ = [
    "PERIOD_FOLDER",
    "PublishedFile",
    "ReportSet",
    "ReportStore",
    "ReportStoreError",
    "StatementStore",
    "StoreError",
    "StoredFile",
    "StoredReport",
    "sha256_file",
]
