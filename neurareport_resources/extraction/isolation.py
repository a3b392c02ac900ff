"""Run the parser in a child process under a time, memory and page limit.

pdfium/pdfminer can be driven into huge allocations (decompression bombs) or
endless loops by a hostile file; in a child with ``RLIMIT_AS`` and a timeout the
file fails alone, with a reason, and the caller's process is untouched.
"""

from __future__ import annotations

import os
import pickle
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from neurareport_resources.extraction.errors import ExtractionError, LimitExceededError
from neurareport_resources.extraction.model import ExtractionLimits, StatementExtraction

_PACKAGE_ROOT = Path(__file__).resolve().parents[2]


def _limit_child(memory_mb: int, cpu_seconds: float) -> Callable[[], None]:
    def apply() -> None:
        memory = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        cpu = int(cpu_seconds) + 5  # backstop if the wall-clock timeout is ever missed
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))

    return apply


def run_isolated(
    path: Path,
    *,
    password: str | None,
    limits: ExtractionLimits,
) -> StatementExtraction:
    """Extract ``path`` in a limited child process and return its result or re-raise its error."""
    request = pickle.dumps({"path": str(path), "password": password, "limits": limits})
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(_PACKAGE_ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    try:
        done = subprocess.run(
            [sys.executable, "-m", "neurareport_resources.extraction.worker"],
            input=request,
            capture_output=True,
            timeout=limits.timeout_seconds,
            preexec_fn=_limit_child(limits.memory_mb, limits.timeout_seconds),
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise LimitExceededError(
            path, f"parsing took longer than the {limits.timeout_seconds:g}s time limit"
        ) from error
    if done.returncode == 0 and done.stdout:
        status, payload = pickle.loads(done.stdout)
        if status == "ok":
            return payload
        if isinstance(payload, ExtractionError):
            raise payload
        raise LimitExceededError(path, str(payload))
    stderr = done.stderr.decode("utf-8", "replace")
    if done.returncode < 0 or "MemoryError" in stderr or "bad_alloc" in stderr:
        raise LimitExceededError(
            path,
            f"the parser stopped (exit {done.returncode}), most likely over the "
            f"{limits.memory_mb} MB memory limit (a decompression bomb or a huge page)",
        )
    last = stderr.strip().splitlines()[-1] if stderr.strip() else f"exit code {done.returncode}"
    raise LimitExceededError(path, f"the parser process failed: {last[:200]}")
