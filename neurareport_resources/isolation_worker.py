"""Child-process entry point of :mod:`neurareport_resources.isolation`.

``--memory-mb N`` caps the address space first (``RLIMIT_AS``; set here rather than in a
``preexec_fn``, which is unsafe in a threaded parent), ``--preload MODULE`` imports the
engine while the worker is idle. Then it reads length-prefixed pickled requests
``{"function": "module:name", "kwargs": {...}}`` on stdin and answers each with a
length-prefixed pickled ``(status, payload)`` on stdout, until stdin closes: ``("ok",
result)``, ``("error", exception)`` or ``("memory", "")``.
"""

from __future__ import annotations

import importlib
import pickle
import struct
import sys
from typing import Any

_HEADER = struct.Struct("!Q")


def _portable(error: BaseException) -> BaseException:
    """The exception itself when it survives pickling, else a RuntimeError naming it."""
    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")


def handle(request: dict[str, Any]) -> tuple[str, object]:
    """Run one call; its exceptions become ``("error", exception)``, never a crash."""
    module_name, _, name = request["function"].partition(":")
    try:
        function = getattr(importlib.import_module(module_name), name)
        return "ok", function(**request["kwargs"])
    except MemoryError:
        return "memory", ""
    except Exception as error:
        return "error", _portable(error)


def _read_exact(stream: Any, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        chunk = stream.read(size - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def main() -> int:
    """Apply the memory limit, preload the engine, then serve requests until stdin closes."""
    if "--memory-mb" in sys.argv:
        import resource

        memory = int(sys.argv[sys.argv.index("--memory-mb") + 1]) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    if "--preload" in sys.argv:
        importlib.import_module(sys.argv[sys.argv.index("--preload") + 1])

    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while True:
        header = _read_exact(stdin, _HEADER.size)
        if header is None:
            return 0
        body = _read_exact(stdin, _HEADER.unpack(header)[0])
        if body is None:
            return 0
        try:
            answer = pickle.dumps(handle(pickle.loads(body)))
        except MemoryError:
            answer = pickle.dumps(("memory", ""))
        except Exception as error:  # a result that does not pickle
            answer = pickle.dumps(("error", RuntimeError(f"result not returned: {error}")))
        stdout.write(_HEADER.pack(len(answer)) + answer)
        stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
