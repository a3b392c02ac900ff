"""Where files live: the statement inbox (local folder or object store) and its quarantine."""

from neurareport_resources.storage.statement_store import (
    PERIOD_FOLDER,
    StatementStore,
    StoredFile,
    StoreError,
    sha256_file,
)

__all__ = ["PERIOD_FOLDER", "StatementStore", "StoreError", "StoredFile", "sha256_file"]
