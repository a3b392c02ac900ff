"""Bank exports read as statements: CSV, OFX/QFX, CAMT.053 and MT940.

A plain library (no Dagster). Each format is one module with one reader class
(:class:`~neurareport_resources.exports.base.ExportReader`: a ``name``, ``sniff`` and
``read``); :data:`READERS` is the registry the statement store, the extraction resource,
the upload CLI and the upload API all consult. Every reader's accounts become the same
:class:`StatementExtraction` a PDF becomes (``build_statement``), reconciled the same way,
with the file and entry number as provenance.

Adding a format means one module, its entry in :data:`READERS` and its tests.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from neurareport_resources.exports.base import (
    SNIFF_BYTES,
    ExportFormatError,
    ExportReader,
    build_statement,
)
from neurareport_resources.exports.camt053 import Camt053Reader
from neurareport_resources.exports.csv_format import CsvReader
from neurareport_resources.exports.mt940 import Mt940Reader
from neurareport_resources.exports.ofx import OfxReader
from neurareport_resources.extraction.errors import LimitExceededError
from neurareport_resources.extraction.model import StatementExtraction

# sniffed in this order: the structured formats before CSV (an MT940 ``.txt`` is not a CSV)
READERS: dict[str, ExportReader] = {
    reader.name: reader for reader in (OfxReader(), Camt053Reader(), Mt940Reader(), CsvReader())
}
EXPORT_SUFFIXES = (".csv", ".tsv", ".txt", ".ofx", ".qfx", ".xml", ".sta", ".mt940", ".940")
FORMAT_NAMES = ", ".join(reader.label for reader in READERS.values())


def detect_export(path: Path) -> ExportReader | None:
    """The reader for ``path``, or None when it is not a bank export (a PDF, or unknown)."""
    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return None
    for reader in READERS.values():
        if reader.sniff(head, Path(path).name):
            return reader
    return None


def read_export(
    path: Path,
    *,
    profile: dict[str, Any] | None = None,
    max_file_mb: int = 200,
    reader_name: str | None = None,
) -> StatementExtraction:
    """Read a bank export into a :class:`StatementExtraction` (raises :class:`ExportFormatError`
    naming the file, or ``LimitExceededError`` for a file over ``max_file_mb``)."""
    path = Path(path)
    size = path.stat().st_size
    if size > max_file_mb * 1024 * 1024:
        raise LimitExceededError(path, f"{size / 1e6:.1f} MB is over the {max_file_mb} MB limit")
    reader = READERS[reader_name] if reader_name else detect_export(path)
    if reader is None:
        raise ExportFormatError(
            path,
            f"not a bank export this version reads ({FORMAT_NAMES})",
            "upload a PDF statement or one of these exports",
        )
    try:
        accounts = reader.read(path, profile)
    except (ExportFormatError, LimitExceededError):
        raise
    except ValueError as exc:  # a profile that does not fit the file, a bad date
        raise ExportFormatError(path, f"{reader.label}: {exc}") from None
    return build_statement(path, reader.name, accounts)


__all__ = [
    "EXPORT_SUFFIXES",
    "FORMAT_NAMES",
    "READERS",
    "ExportFormatError",
    "ExportReader",
    "detect_export",
    "read_export",
]
