"""Child-process entry point of the isolated parser.

``--memory-mb N`` caps the address space first (``RLIMIT_AS``; set here rather than
in a ``preexec_fn``, which is unsafe in a threaded parent). Then it reads length-prefixed pickled requests on stdin and answer each with a
length-prefixed pickled ``(status, payload)`` on stdout, until stdin closes.
"""

from __future__ import annotations

import pickle
import struct
import sys
from pathlib import Path
from typing import Any

_HEADER = struct.Struct("!Q")


def handle(request: dict[str, Any]) -> tuple[str, object]:
    """Run one ``op`` (extract, probe, header) on one file; errors become
    ``("error", exception)``, never a crash."""
    from neurareport_resources.extraction.engine import (
        extract_in_process,
        probe_document,
        read_header,
    )
    from neurareport_resources.extraction.errors import ExtractionError, LimitExceededError

    path = Path(request["path"])
    try:
        if request.get("op") == "probe":
            return "ok", probe_document(path, request["password"], request["limits"])
        if request.get("op") == "header":
            return "ok", read_header(path, request["password"], request["limits"])
        return "ok", extract_in_process(
            path, password=request["password"], limits=request["limits"]
        )
    except ExtractionError as error:
        return "error", error
    except MemoryError:
        limit = request["limits"].memory_mb
        return "error", LimitExceededError(
            path, f"parsing needed more than the {limit} MB memory limit"
        )


def _read_exact(stream: Any, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        chunk = stream.read(size - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def main() -> int:
    """Apply the memory limit, then serve requests until stdin closes."""
    if "--memory-mb" in sys.argv:
        import resource

        memory = int(sys.argv[sys.argv.index("--memory-mb") + 1]) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    # import the engine before the first request so its cost is paid while idle
    import neurareport_resources.extraction.engine  # noqa: F401

    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while True:
        header = _read_exact(stdin, _HEADER.size)
        if header is None:
            return 0
        body = _read_exact(stdin, _HEADER.unpack(header)[0])
        if body is None:
            return 0
        answer = pickle.dumps(handle(pickle.loads(body)))
        stdout.write(_HEADER.pack(len(answer)) + answer)
        stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
