"""Bank exports read in the same limited worker process as PDFs.

An export is untrusted input too (a huge or deeply nested XML, a CSV of millions of
rows): the read runs under the extraction limits (time, memory, file size) in a parked
worker that preloads the readers, and a file over a limit fails alone with its reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from neurareport_resources.exports.base import ExportFormatError
from neurareport_resources.extraction.errors import ExtractionError, LimitExceededError
from neurareport_resources.extraction.model import ExtractionLimits, StatementExtraction
from neurareport_resources.isolation import IsolatedCallFailed, ProcessLimits, call_isolated

READERS_MODULE = "neurareport_resources.exports"


def read_export_isolated(
    path: Path,
    *,
    limits: ExtractionLimits,
    profile: dict[str, Any] | None = None,
    reader_name: str | None = None,
) -> StatementExtraction:
    """:func:`~neurareport_resources.exports.read_export` in a limited child process."""
    try:
        result: StatementExtraction = call_isolated(
            f"{READERS_MODULE}:read_export",
            {
                "path": Path(path),
                "profile": profile,
                "max_file_mb": limits.max_file_mb,
                "reader_name": reader_name,
            },
            limits=ProcessLimits(limits.timeout_seconds, limits.memory_mb),
            preload=READERS_MODULE,
        )
        return result
    except ExtractionError:
        raise
    except IsolatedCallFailed as failed:
        if failed.kind in ("timeout", "memory"):
            raise LimitExceededError(path, f"reading the export went {failed.detail}") from None
        raise ExportFormatError(path, f"the reader failed ({failed.detail[:200]})") from None
    except Exception as error:  # a reader bug on this file: the file is reported, not lost
        raise ExportFormatError(
            path, f"cannot be read ({type(error).__name__}: {str(error)[:200]})"
        ) from None
