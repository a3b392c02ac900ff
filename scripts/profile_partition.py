"""Profile one partition of the monthly pipeline in process (cProfile), warm and cold.

    python scripts/profile_partition.py [--home var/profile] [--top 25]

Generates two statements of one tenant (two months) into a fresh NEURAREPORT_HOME, runs the
``monthly_reports`` job in this process for the first month (cold: imports, first
connections, worker start-up) and then for the second one under cProfile (warm: what one
more partition costs), and prints the CPU time of both and the warm run's costliest
functions. docs/scale.md explains the figures.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import shutil
import sys
import time
from datetime import date
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT / "scripts"))


def cpu_now() -> float:
    """CPU seconds of this process and of its reaped children so far."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--home", type=Path, default=PROJECT_ROOT / "var" / "profile")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)
    home = args.home.resolve()
    if home.exists():
        shutil.rmtree(home)
    (home / "dagster_home").mkdir(parents=True)
    os.environ.update(
        {
            "NEURAREPORT_HOME": str(home),
            "DAGSTER_HOME": str(home / "dagster_home"),
            "NEURAREPORT_ENV": "local",
        }
    )
    started = cpu_now()
    import dagster as dg
    from load import generate

    from neurareport_assets.definitions import defs as load_defs
    from neurareport_assets.defs.automation.jobs import PIPELINE_ASSETS
    from neurareport_assets.partitions import tenant_period
    from neurareport_resources.isolation import shutdown_idle_workers

    months = [date(2024, 1, 1), date(2024, 2, 1)]
    generate(home, ["acme"], months)
    job = load_defs().resolve_job_def("monthly_reports")
    quiet = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
    print(f"imports and definitions: {cpu_now() - started:.2f} CPU-s")
    profile = cProfile.Profile()
    with dg.DagsterInstance.ephemeral() as instance:
        instance.add_dynamic_partitions("tenant", ["acme"])
        for index, month in enumerate(months):
            key = tenant_period("acme", month).partition_key
            before, wall = cpu_now(), time.monotonic()
            if index:
                profile.enable()
            result = job.execute_in_process(
                instance=instance,
                asset_selection=PIPELINE_ASSETS,
                partition_key=key,
                run_config=quiet,
                raise_on_error=False,
            )
            if index:
                profile.disable()
            shutdown_idle_workers()  # its CPU time counts once the worker is reaped
            label = "warm (profiled)" if index else "cold"
            print(
                f"{key} {label}: {'ok' if result.success else 'FAILED'}, "
                f"{cpu_now() - before:.2f} CPU-s (this process + isolated workers), "
                f"{time.monotonic() - wall:.1f}s wall"
            )
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("cumulative").print_stats("neurareport", args.top)
    stats.sort_stats("tottime").print_stats(args.top)
    print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
