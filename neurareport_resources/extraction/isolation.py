"""Run the parser in a child process under a time, memory and page limit.

pdfium/pdfminer can be driven into huge allocations (decompression bombs) or
endless loops by a hostile file; in a child with ``RLIMIT_AS`` and a wall-clock
timeout the file fails alone, with a reason, and the caller's process is untouched.

Starting Python and importing the engine costs ~0.3 s, more than reading a short
statement, so a worker serves many files in turn. It is replaced after any
failure (timeout, crash, memory), after ``RECYCLE_AFTER`` files, and whenever the
limits change, so one bad file can never affect the next.
"""

from __future__ import annotations

import atexit
import os
import pickle
import select
import struct
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import IO, Any

from neurareport_resources.extraction.errors import ExtractionError, LimitExceededError
from neurareport_resources.extraction.model import ExtractionLimits

_PACKAGE_ROOT = Path(__file__).resolve().parents[2]
RECYCLE_AFTER = 200
_HEADER = struct.Struct("!Q")


class _WorkerDied(Exception):
    """The worker exited or stopped answering; ``returncode`` and ``stderr`` say how."""

    def __init__(self, returncode: int | None, stderr: str, timed_out: bool = False) -> None:
        super().__init__(stderr)
        self.returncode = returncode
        self.stderr = stderr
        self.timed_out = timed_out


class _Worker:
    """One limited child process that reads requests and writes results, length-prefixed."""

    def __init__(self, limits: ExtractionLimits) -> None:
        self.limits = limits
        self.served = 0
        # lives as long as the worker; closed in close()
        self.stderr_file = tempfile.TemporaryFile()  # noqa: SIM115
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(_PACKAGE_ROOT), os.environ.get("PYTHONPATH", "")]),
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "neurareport_resources.extraction.worker",
                "--memory-mb",
                str(limits.memory_mb),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr_file,
            env=env,
        )

    def _stderr(self) -> str:
        self.stderr_file.seek(0)
        return self.stderr_file.read().decode("utf-8", "replace")

    def _read_exact(self, stream: IO[bytes], size: int, deadline: float) -> bytes:
        chunks: list[bytes] = []
        remaining = size
        fd = stream.fileno()
        while remaining:
            wait = deadline - _now()
            if wait <= 0 or not select.select([fd], [], [], wait)[0]:
                raise _WorkerDied(None, "", timed_out=True)
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                self.process.wait()
                raise _WorkerDied(self.process.returncode, self._stderr())
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)

    def request(self, payload: dict[str, Any], timeout: float) -> tuple[str, Any]:
        data = pickle.dumps(payload)
        assert self.process.stdin is not None and self.process.stdout is not None
        try:
            self.process.stdin.write(_HEADER.pack(len(data)) + data)
            self.process.stdin.flush()
        except BrokenPipeError as error:
            self.process.wait()
            raise _WorkerDied(self.process.returncode, self._stderr()) from error
        deadline = _now() + timeout
        size = _HEADER.unpack(self._read_exact(self.process.stdout, _HEADER.size, deadline))[0]
        result = pickle.loads(self._read_exact(self.process.stdout, size, deadline))
        self.served += 1
        return result

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()
        self.stderr_file.close()


def _now() -> float:
    import time

    return time.monotonic()


_lock = threading.Lock()
_idle: _Worker | None = None


def shutdown_idle_worker() -> None:
    """Stop the parked worker process now (it also stops at exit, or when its parent dies)."""
    global _idle
    if _idle is not None:
        _idle.close()
        _idle = None


atexit.register(shutdown_idle_worker)


def _take_worker(limits: ExtractionLimits) -> _Worker:
    """The idle worker if it fits these limits, else a fresh one (never shared by two calls)."""
    global _idle
    with _lock:
        worker, _idle = _idle, None
    if worker is not None and (
        worker.limits.memory_mb != limits.memory_mb
        or worker.process.poll() is not None
        or worker.served >= RECYCLE_AFTER
    ):
        worker.close()
        worker = None
    return worker or _Worker(limits)


def _give_back(worker: _Worker) -> None:
    global _idle
    with _lock:
        parked = _idle is None
        if parked:
            _idle = worker
    if not parked:
        worker.close()  # another call already parked a worker


def run_isolated(
    path: Path,
    *,
    password: str | None,
    limits: ExtractionLimits,
    op: str = "extract",
) -> Any:
    """Run ``op`` (``extract``, ``probe`` or ``header``) on ``path`` in a limited child process.

    Returns the child's result or re-raises its :class:`ExtractionError`.
    """
    worker = _take_worker(limits)
    payload = {"path": str(path), "password": password, "limits": limits, "op": op}
    try:
        status, result = worker.request(payload, limits.timeout_seconds)
    except _WorkerDied as died:
        worker.close()
        if died.timed_out:
            raise LimitExceededError(
                path, f"parsing took longer than the {limits.timeout_seconds:g}s time limit"
            ) from None
        stderr = died.stderr
        if (died.returncode or 0) < 0 or "MemoryError" in stderr or "bad_alloc" in stderr:
            raise LimitExceededError(
                path,
                f"the parser stopped (exit {died.returncode}), most likely over the "
                f"{limits.memory_mb} MB memory limit (a decompression bomb or a huge page)",
            ) from None
        last = stderr.strip().splitlines()[-1] if stderr.strip() else f"exit {died.returncode}"
        raise LimitExceededError(path, f"the parser process failed: {last[:200]}") from None
    if status == "ok":
        _give_back(worker)
        return result
    # after an error the worker may hold a half-freed heap: start clean next time
    worker.close()
    if isinstance(result, ExtractionError):
        raise result
    raise LimitExceededError(path, str(result))
