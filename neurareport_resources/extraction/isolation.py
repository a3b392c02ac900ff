"""Run the parser in a child process under a time, memory and page limit.

pdfium/pdfminer can be driven into huge allocations (decompression bombs) or
endless loops by a hostile file; in a child with ``RLIMIT_AS`` and a wall-clock
timeout the file fails alone, with a reason, and the caller's process is untouched.

The process machinery (a parked worker that serves many files, replaced after any
failure) is :mod:`neurareport_resources.isolation`, shared with report rendering; this
module turns its outcomes into :class:`ExtractionError` reasons an analyst can act on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from neurareport_resources.extraction.errors import (
    CorruptPdfError,
    ExtractionError,
    LimitExceededError,
)
from neurareport_resources.extraction.model import ExtractionLimits
from neurareport_resources.isolation import (
    IsolatedCallFailed,
    ProcessLimits,
    call_isolated,
    shutdown_idle_workers,
)

# the worker imports the engine while idle, so the first file does not pay for it
ENGINE_MODULE = "neurareport_resources.extraction.engine"


def shutdown_idle_worker() -> None:
    """Stop the parked worker processes now (they also stop at exit, or when their parent dies)."""
    shutdown_idle_workers()


def run_isolated(
    path: Path,
    *,
    password: str | None,
    limits: ExtractionLimits,
    op: str = "extract",
) -> Any:
    """Run ``op`` (``extract``, ``probe`` or ``header``) on ``path`` in a limited child process.

    Returns the child's result or re-raises its :class:`ExtractionError`. A file that
    stops the parser otherwise is a :class:`LimitExceededError` when it ran out of time
    or memory, a :class:`CorruptPdfError` when the parser failed on it.
    """
    try:
        return call_isolated(
            "neurareport_resources.extraction.worker:run_op",
            {"path": str(path), "password": password, "limits": limits, "op": op},
            limits=ProcessLimits(limits.timeout_seconds, limits.memory_mb),
            preload=ENGINE_MODULE,
        )
    except ExtractionError:
        raise
    except IsolatedCallFailed as failed:
        if failed.kind == "timeout":
            raise LimitExceededError(
                path, f"parsing took longer than the {limits.timeout_seconds:g}s time limit"
            ) from None
        if failed.kind == "memory" or (failed.returncode or 0) < 0:
            # a signal: RLIMIT_AS makes allocations fail, which C code often turns into one
            raise LimitExceededError(
                path,
                f"the parser stopped (exit {failed.returncode}), most likely over the "
                f"{limits.memory_mb} MB memory limit (a decompression bomb or a huge page)",
            ) from None
        raise CorruptPdfError(
            path, f"the PDF cannot be parsed (the parser failed: {failed.detail[:200]})"
        ) from None
    except Exception as error:  # the parser raised on this file: it is damaged, not too big
        raise CorruptPdfError(
            path, f"the PDF cannot be parsed ({type(error).__name__}: {str(error)[:200]})"
        ) from None
