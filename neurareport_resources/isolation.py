"""Run one function call in a child process under a wall-clock and a memory limit.

Parsing a hostile PDF and rendering an untrusted template share the same risk: endless
loops and huge allocations. In a child with ``RLIMIT_AS`` and a parent-side timeout the
call fails alone, with a reason, and the caller's process is untouched.

Starting Python and importing an engine costs a fraction of a second, more than one short
job, so a worker serves many calls in turn: one idle worker is parked per pool (the module
it preloads, e.g. the extraction engine or the renderers) and memory limit. A worker is
replaced after any failure (timeout, crash, memory, an exception raised by the call —
its heap may be half freed), after ``RECYCLE_AFTER`` calls, and whenever the limits
change, so one bad input can never affect the next.

The child's environment carries no secrets (variables named like passwords, keys or
tokens are removed): whatever the call needs is passed to it as an argument.
"""

from __future__ import annotations

import atexit
import os
import pickle
import re
import select
import struct
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

_PACKAGE_ROOT = Path(__file__).resolve().parents[1]
RECYCLE_AFTER = 200
HEADER = struct.Struct("!Q")
# environment variables a child never needs: its inputs come as arguments
_SECRET_VARIABLE = re.compile(
    r"PASSWORD|SECRET|TOKEN|API_KEY|ACCESS_KEY|STORAGE_OPTIONS|TENANT_DATABASES", re.I
)


@dataclass(frozen=True)
class ProcessLimits:
    """Wall-clock seconds and address-space megabytes one isolated call may use."""

    timeout_seconds: float
    memory_mb: int


class IsolatedCallFailed(Exception):
    """The child did not return: ``kind`` is ``timeout``, ``memory`` or ``crashed``.

    ``detail`` is the last line the child wrote to stderr (or its exit status); an
    exception *raised* by the called function is re-raised as itself instead.
    """

    def __init__(self, kind: str, detail: str, returncode: int | None = None) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail
        self.returncode = returncode


class _WorkerDied(Exception):
    def __init__(self, returncode: int | None, stderr: str, timed_out: bool = False) -> None:
        super().__init__(stderr)
        self.returncode = returncode
        self.stderr = stderr
        self.timed_out = timed_out


def _child_environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not _SECRET_VARIABLE.search(k)}
    env["PYTHONPATH"] = os.pathsep.join([str(_PACKAGE_ROOT), os.environ.get("PYTHONPATH", "")])
    return env


class _Worker:
    """One limited child process that reads requests and writes results, length-prefixed."""

    def __init__(self, preload: str, memory_mb: int) -> None:
        self.key = (preload, memory_mb)
        self.served = 0
        # lives as long as the worker; closed in close()
        self.stderr_file = tempfile.TemporaryFile()  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "neurareport_resources.isolation_worker",
                "--memory-mb",
                str(memory_mb),
                "--preload",
                preload,
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr_file,
            env=_child_environment(),
        )

    def _stderr(self) -> str:
        self.stderr_file.seek(0)
        return self.stderr_file.read().decode("utf-8", "replace")

    def _read_exact(self, stream: IO[bytes], size: int, deadline: float) -> bytes:
        chunks: list[bytes] = []
        remaining = size
        fd = stream.fileno()
        while remaining:
            wait = deadline - time.monotonic()
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
            self.process.stdin.write(HEADER.pack(len(data)) + data)
            self.process.stdin.flush()
        except BrokenPipeError as error:
            self.process.wait()
            raise _WorkerDied(self.process.returncode, self._stderr()) from error
        deadline = time.monotonic() + timeout
        size = HEADER.unpack(self._read_exact(self.process.stdout, HEADER.size, deadline))[0]
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


_lock = threading.Lock()
_idle: dict[tuple[str, int], _Worker] = {}


def shutdown_idle_workers() -> None:
    """Stop every parked worker now (they also stop at exit, or when their parent dies)."""
    with _lock:
        parked = list(_idle.values())
        _idle.clear()
    for worker in parked:
        worker.close()


atexit.register(shutdown_idle_workers)


def _take_worker(preload: str, memory_mb: int) -> _Worker:
    """The idle worker of this pool if it is fit, else a fresh one (never shared by two calls)."""
    with _lock:
        worker = _idle.pop((preload, memory_mb), None)
    if worker is not None and (worker.process.poll() is not None or worker.served >= RECYCLE_AFTER):
        worker.close()
        worker = None
    return worker or _Worker(preload, memory_mb)


def _give_back(worker: _Worker) -> None:
    with _lock:
        parked = worker.key not in _idle
        if parked:
            _idle[worker.key] = worker
    if not parked:
        worker.close()  # another call already parked a worker of this pool


def _last_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[-1][:300] if lines else ""


def call_isolated(
    function: str, kwargs: dict[str, Any], *, limits: ProcessLimits, preload: str
) -> Any:
    """Call ``function`` (``"package.module:name"``) with ``kwargs`` in a limited worker.

    ``preload`` is the module the worker imports while idle (its pool). Returns what the
    function returned; re-raises what it raised (as itself when it pickles, else as a
    ``RuntimeError`` naming its type); raises :class:`IsolatedCallFailed` when the child
    ran out of time or memory, or died. Arguments and results cross by pickle.
    """
    worker = _take_worker(preload, limits.memory_mb)
    try:
        status, result = worker.request(
            {"function": function, "kwargs": kwargs}, limits.timeout_seconds
        )
    except _WorkerDied as died:
        worker.close()
        if died.timed_out:
            raise IsolatedCallFailed(
                "timeout", f"over the {limits.timeout_seconds:g}s time limit"
            ) from None
        stderr = died.stderr
        if "MemoryError" in stderr or "bad_alloc" in stderr or died.returncode == -9:
            raise IsolatedCallFailed(
                "memory",
                f"over the {limits.memory_mb} MB memory limit (exit {died.returncode})",
                died.returncode,
            ) from None
        detail = _last_line(stderr) or f"exit {died.returncode}"
        raise IsolatedCallFailed("crashed", detail, died.returncode) from None
    if status == "ok":
        _give_back(worker)
        return result
    # after an error the worker may hold a half-freed heap: start clean next time
    worker.close()
    if status == "memory":
        raise IsolatedCallFailed("memory", f"over the {limits.memory_mb} MB memory limit")
    raise result


__all__ = ["IsolatedCallFailed", "ProcessLimits", "call_isolated", "shutdown_idle_workers"]
