"""What the isolated parser process runs for one file (see ``extraction.isolation``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from neurareport_resources.extraction.model import ExtractionLimits


def run_op(path: str, password: str | None, limits: ExtractionLimits, op: str) -> Any:
    """Run one ``op`` (extract, probe, header) on one file; running out of memory is the
    file's :class:`LimitExceededError`, not a crash."""
    from neurareport_resources.extraction.engine import (
        extract_in_process,
        probe_document,
        read_header,
    )
    from neurareport_resources.extraction.errors import LimitExceededError

    pdf = Path(path)
    try:
        if op == "probe":
            return probe_document(pdf, password, limits)
        if op == "header":
            return read_header(pdf, password, limits)
        return extract_in_process(pdf, password=password, limits=limits)
    except MemoryError:
        raise LimitExceededError(
            pdf, f"parsing needed more than the {limits.memory_mb} MB memory limit"
        ) from None
