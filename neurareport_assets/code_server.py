"""``dagster api grpc`` whose run workers are forked from a process that has already
imported Dagster and the definitions.

Dagster's code server starts every run's worker with multiprocessing *spawn*: a fresh
interpreter that imports Dagster and every module of the definitions before it runs a
step — ~1.5–2 CPU-s on an idle core here (up to ~5 on this shared machine) for each run,
20 runs in ``make load``. Here the workers start from a *forkserver* (Python's own start
method): one clean, single-threaded process, started once by the code server, imports
those modules (:mod:`neurareport_assets.worker_preload`) and forks a run worker per run.
It holds no thread, connection or instance (it only imports), so forking it is safe; what
the worker then does — open the instance, load the job, run it — is Dagster's, unchanged.

    python -m neurareport_assets.code_server -m neurareport_assets.definitions -p 4266

takes ``dagster api grpc``'s options. Dagster is pinned (pyproject.toml); if its server no
longer has the multiprocessing context this replaces, the server runs as Dagster's own and
says so on stderr.
"""

from __future__ import annotations

import multiprocessing
import sys
from typing import Any

# what the forkserver imports before it forks the first run worker
PRELOAD = ["neurareport_assets.worker_preload"]


def use_forkserver() -> None:
    """Make Dagster's code server start run workers from a preloaded forkserver."""
    from dagster._grpc import server

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    init = server.DagsterApiServer.__init__

    def init_with_forkserver(self: Any, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        if getattr(self, "_mp_ctx", None) is None:  # Dagster 1.13.27 sets it to spawn
            sys.stderr.write("code_server: Dagster has no _mp_ctx; run workers are spawned\n")
            return
        self._mp_ctx = context

    server.DagsterApiServer.__init__ = init_with_forkserver  # type: ignore[method-assign]


def main(argv: list[str] | None = None) -> int:
    """``dagster api grpc`` with ``argv``, run workers forked from the preloaded forkserver."""
    use_forkserver()
    from dagster._cli import main as dagster_main

    sys.argv = ["dagster", "api", "grpc", *(sys.argv[1:] if argv is None else argv)]
    dagster_main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
