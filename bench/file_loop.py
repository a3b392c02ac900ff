"""Read every file of a manifest with one reader, timing each; standard library only.

Shared by the bench's runners: the project's (extraction_bench.py --run) and the
peers' (monopoly_runner.py, which runs in var/bench-peers without the project).
"""

from __future__ import annotations

import contextlib
import logging
import resource
import signal
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _alarm(signum: int, frame: Any) -> None:
    raise TimeoutError("no answer within the per-file limit")


def own_peak_rss_kb() -> int:
    """This process's peak RSS since exec (``VmHWM``); ``ru_maxrss`` would also count the
    parent's memory at fork time, which Linux carries across exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def read_files(
    manifest: list[dict[str, Any]],
    read: Callable[[Path], dict[str, Any]],
    per_file: float,
    after: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """Per file: the JSON ``read`` returned (None on error), its seconds and error; then
    CPU seconds and peak RSS (children included, reaped by ``after`` when given)."""
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    signal.signal(signal.SIGALRM, _alarm)
    files: dict[str, Any] = {}
    if len(manifest) > 1:  # warm up (imports, worker start) outside a corpus's timings
        with contextlib.suppress(Exception):  # its failure is measured below like any other
            read(Path(manifest[0]["path"]))
    cpu = time.process_time()
    for item in manifest:
        started = time.perf_counter()
        extracted, error = None, None
        signal.alarm(max(int(per_file), 1))
        try:
            extracted = read(Path(item["path"]))
        except Exception as exc:  # a reader's failure on one file is a result, not a crash
            error = f"{type(exc).__name__}: {str(exc)[:160]}"
        finally:
            signal.alarm(0)
        files[item["path"]] = {
            "extracted": extracted,
            "seconds": time.perf_counter() - started,
            "error": error,
        }
    if after is not None:
        after()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "files": files,
        "cpu": time.process_time() - cpu + children.ru_utime + children.ru_stime,
        "peak_rss_mb": max(own_peak_rss_kb(), children.ru_maxrss) / 1024,
    }
