"""Child-process entry point of the isolated parser: pickle in on stdin, pickle out on stdout."""

from __future__ import annotations

import pickle
import sys
from pathlib import Path


def main() -> int:
    """Read the request, extract, write ``(status, payload)``; never raise."""
    request = pickle.loads(sys.stdin.buffer.read())
    # imported after the memory limit is in place, so a bomb hits the limit here
    from neurareport_resources.extraction.engine import extract_in_process
    from neurareport_resources.extraction.errors import ExtractionError, LimitExceededError

    path = Path(request["path"])
    try:
        result: tuple[str, object] = (
            "ok",
            extract_in_process(
                path,
                password=request["password"],
                limits=request["limits"],
            ),
        )
    except ExtractionError as error:
        result = ("error", error)
    except MemoryError:
        limit = request["limits"].memory_mb
        result = (
            "error",
            LimitExceededError(path, f"parsing needed more than the {limit} MB memory limit"),
        )
    sys.stdout.buffer.write(pickle.dumps(result))
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
