"""Imported once by the code server's forkserver (:mod:`neurareport_assets.code_server`):
everything a run worker imports before and during its steps, so each forked worker has it.

Only imports happen here — loading the definitions imports every module of the ``defs``
folder — no instance, connection or thread is opened, so the process stays safe to fork.
The modules listed below are the ones a run worker imported lazily, measured by diffing
``sys.modules`` after one partition of the pipeline ran; each costs every run otherwise
(pandas alone ~1 CPU-s).
"""

import importlib

import dagster._grpc.impl  # noqa: F401  the run worker's entry point (start_run_in_subprocess)

from neurareport_assets.definitions import defs

defs()

LAZILY_IMPORTED = (
    # opening the instance: the local storage, its schema migrations, compute logs
    "neurareport_assets.instance_storage",
    "alembic.command",
    "alembic.runtime.migration",
    "dagster._core.storage.local_compute_log_manager",
    "dagster._core.secrets",
    # the steps: Arrow <-> pandas (pyarrow imports pandas on from_pylist), datasets,
    # the DuckDB SQL dialect, exports, the isolated workers' clients
    "pandas",
    "pyarrow.compute",
    "pyarrow.dataset",
    "pyarrow.pandas_compat",
    "sqlglot.dialects.duckdb",
    "upath",
    "fsspec.implementations.local",
    "neurareport_resources.exports.isolated",
    "neurareport_resources.extraction.isolation",
    "neurareport_resources.extraction.numbers",
    "neurareport_resources.isolation",
    "psutil",
)
for module in LAZILY_IMPORTED:
    importlib.import_module(module)
