"""Load test: backfill N tenants x M months of generated statements through the real daemon.

    python scripts/load.py [--tenants 20] [--months 12] [--through rendered_reports]

Generates ``ruled_basic`` statements into a fresh NEURAREPORT_HOME (``var/load``), starts
a code server and ``dagster-daemon`` on a fresh instance (the repository's dagster.yaml:
queued runs, 4 at a time), submits one asset backfill per tenant over its months
(``neurareport_assets.backfills``: a failing tenant fails only its own run), waits for
them, and prints: runs launched, partitions/minute, the CPU time of the whole process
tree (in all, per partition, per kind of process), peak memory, py-spy's five largest
costs (``--no-profile`` to skip) and a reconciliation of every partition's ledger against
the statement it came from (nothing lost, nothing duplicated, no row of another tenant).
Exit code 0 only when the backfill completed and everything reconciles. ``--break-tenant
INDEX`` gives one tenant broken category rules: its partitions must fail, every other
tenant's must materialize and reconcile. docs/scale.md explains the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import date
from pathlib import Path

import psutil

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CHAIN = [
    "statement_files",
    "extracted_tables",
    "transactions",
    "report_contracts",
    "rendered_reports",
    "delivered_reports",
    # metered in the pipeline's own run: left out, automation launches a usage run behind
    # every backfill run (16 beside a 20 x 12 backfill), which is not the backfill's work
    "usage",
]
FIRST_MONTH = date(2024, 1, 1)


def month_starts(count: int) -> list[date]:
    """``count`` consecutive month starts from FIRST_MONTH."""
    months = []
    for index in range(count):
        year, month = divmod(FIRST_MONTH.month - 1 + index, 12)
        months.append(date(FIRST_MONTH.year + year, month + 1, 1))
    return months


def generate(home: Path, tenants: list[str], months: list[date]) -> dict[tuple[str, date], list]:
    """One statement per (tenant, month) in ``inbox/<tenant>/<YYYY-MM>/``; returns the truth rows."""
    from neurareport_resources.samples import generate_statement, random_statement_spec

    truths = {}
    for t_index, tenant in enumerate(tenants):
        for month in months:
            spec = random_statement_spec(
                "ruled_basic",
                seed=t_index * 1000 + month.year * 12 + month.month,
                period_start=month,
                holder=f"{tenant.title()} Ltd",
                account_number=f"{40_000_000 + t_index}",
                n_transactions=25,
            )
            path = home / "inbox" / tenant / f"{month:%Y-%m}" / "statement.pdf"
            path.parent.mkdir(parents=True, exist_ok=True)
            truths[(tenant, month)] = generate_statement(spec, path).transactions
    return truths


def process_kind(cmdline: list[str]) -> str:
    """What a process of the daemon's tree is for, from its command line."""
    text = " ".join(cmdline)
    if "isolation_worker" in text:
        preload = cmdline[cmdline.index("--preload") + 1] if "--preload" in cmdline else "?"
        return f"isolated worker ({preload.removeprefix('neurareport_resources.')})"
    if "execute_run" in text or "execute_step" in text or "spawn_main" in text:
        return "run workers"
    if "multiprocessing.forkserver" in text:  # the code server's forkserver and its forks
        return "run workers"
    if "dagster-daemon" in text:
        return "dagster-daemon"
    if " grpc" in text or "code-server" in text or "code_server" in text:
        return "code server"
    if "py-spy" in text or "py_spy" in text:
        return "profiler"
    if "watch_orphans" in text or "resource_tracker" in text:
        return "dagster helpers (orphan watcher, resource tracker)"
    return f"other ({Path(cmdline[0]).name if cmdline else '?'})"


class TreeMonitor(threading.Thread):
    """Samples every process below this one every 0.25 s: the summed RSS (peak) and each
    process's CPU time (user + system, last value seen), grouped by what the process is.

    The sampled CPU misses what a process spent after its last sample (< 0.25 s each); the
    exact total comes from the kernel's accounting of reaped children (:func:`reap_all`).
    """

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.me = psutil.Process()
        self.peak_total = 0
        self.peak_single = 0
        self.peak_processes = 0
        self.cpu: dict[tuple[int, float], tuple[str, float]] = {}
        self.started: Counter[str] = Counter()
        self._stop_event = threading.Event()

    def sample(self) -> None:
        sizes = []
        for process in self.me.children(recursive=True):
            try:
                with process.oneshot():
                    key = (process.pid, process.create_time())
                    if key not in self.cpu:
                        kind = process_kind(process.cmdline())
                        self.started[kind] += 1
                    else:
                        kind = self.cpu[key][0]
                    times = process.cpu_times()
                    self.cpu[key] = (kind, times.user + times.system)
                    if kind != "profiler":
                        sizes.append(process.memory_info().rss)
            except psutil.Error:
                continue
        self.peak_total = max(self.peak_total, sum(sizes))
        self.peak_single = max(self.peak_single, max(sizes, default=0))
        self.peak_processes = max(self.peak_processes, len(sizes))

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.sample()
            self._stop_event.wait(0.25)

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=5)

    def cpu_by_kind(self) -> dict[str, float]:
        totals: Counter[str] = Counter()
        for kind, seconds in self.cpu.values():
            totals[kind] += seconds
        return dict(totals.most_common())


def start_code_server(home: Path, run_workers: str = "forkserver") -> tuple[subprocess.Popen, Path]:
    """``dagster api grpc`` serving the definitions on a free local port
    (``neurareport_assets.code_server``: run workers forked from a preloaded forkserver),
    and a workspace file pointing at it; returns once the server answers."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    grpc = (
        # `dagster api grpc`, its run workers forked from a preloaded forkserver
        (sys.executable, "-m", "neurareport_assets.code_server")
        if run_workers == "forkserver"
        else (str(Path(sys.executable).parent / "dagster"), "api", "grpc")
    )
    server = subprocess.Popen(
        [
            *grpc,
            *("-m", "neurareport_assets.definitions"),
            *("--location-name", "neurareport", "-h", "127.0.0.1", "-p", str(port)),
        ],
        cwd=PROJECT_ROOT,
        stdout=open(home / "code-server.log", "wb"),  # noqa: SIM115 - lives with the server
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env=os.environ.copy(),
    )
    workspace = home / "workspace.yaml"
    workspace.write_text(
        "load_from:\n  - grpc_server:\n      host: 127.0.0.1\n"
        f"      port: {port}\n      location_name: neurareport\n"
    )
    deadline = time.monotonic() + 300
    while True:
        # the server listens once it has loaded the definitions
        with socket.socket() as client:
            client.settimeout(1)
            if client.connect_ex(("127.0.0.1", port)) == 0:
                return server, workspace
        if server.poll() is not None or time.monotonic() > deadline:
            log = (home / "code-server.log").read_text(errors="replace")[-2000:]
            raise SystemExit(f"the code server did not start:\n{log}")
        time.sleep(1)


def become_subreaper() -> None:
    """Orphans of the daemon's tree (a killed parent's children) are re-parented to this
    process rather than to init, so their CPU time is still counted when they are reaped."""
    import ctypes

    pr_set_child_subreaper = 36
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_child_subreaper, 1, 0, 0, 0)


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def reap_all(timeout: float = 30) -> None:
    """Kill whatever is left below this process and wait for all of it (its CPU time then
    lands in RUSAGE_CHILDREN)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for process in psutil.Process().children(recursive=True):
            with contextlib.suppress(psutil.Error):
                process.kill()
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.05)


# what a sampled stack is spent on. A stack that is importing a module counts as imports
# (whatever triggered it); otherwise the innermost frame that matches a pattern decides, so
# DuckDB called from an asset counts as DuckDB, and the asset's own Python as the asset.
IMPORTS = "imports (module loading, process start-up)"
PROFILE_CATEGORIES: list[tuple[str, tuple[str, ...]]] = [
    (
        "PDF rendering (WeasyPrint, fonts)",
        (
            "weasyprint/",
            "fontTools/",
            "tinyhtml5/",
            "tinycss2/",
            "cssselect2/",
            "pydyf/",
            "(line_break.py",
        ),
    ),
    (
        "workbook, HTML, CSV (xlsxwriter, Jinja)",
        ("xlsxwriter/", "jinja2/", "neurareport_resources/rendering/"),
    ),
    (
        "statement extraction (pypdfium2, pdfplumber, engine)",
        ("neurareport_resources/extraction/", "pypdfium2/", "pdfplumber/", "pdfminer/", "pypdf/"),
    ),
    (
        "handing work to isolated workers (pickle, pipes)",
        ("neurareport_resources/isolation",),
    ),
    (
        "contract mapping and validation (sqlglot)",
        ("neurareport_resources/contracts/", "sqlglot/", "neurareport_resources/datasources/"),
    ),
    (
        "ledger, analysis and validation queries (DuckDB, Arrow)",
        (
            "duckdb",
            "pyarrow/",
            "neurareport_resources/analysis/",
            "neurareport_resources/validation_rules/",
            "neurareport_resources/warehouse/",
            "neurareport_assets/rules/",
        ),
    ),
    (
        "Dagster instance and event-log writes (SQLite)",
        ("dagster/_core/storage/", "dagster/_core/instance/", "sqlalchemy/", "sqlite3"),
    ),
    ("Dagster daemon loops (backfill, run queue, sensors, monitoring)", ("dagster/_daemon/",)),
    (
        "Dagster code loading (definitions, snapshots, gRPC)",
        (
            "dagster/components/",
            "dagster/_core/definitions/",
            "dagster/_core/remote_representation/",
            "dagster/_core/snap/",
            "dagster/_grpc/",
            "dagster_shared/serdes/",
        ),
    ),
    ("Dagster step execution (plan, events, logging)", ("dagster/", "dagster_shared/")),
    ("asset bodies (metadata, previews, files)", ("neurareport_assets/", "neurareport_resources/")),
]


def stack_category(frames: list[str]) -> str:
    """The cost a sampled stack (root first) is counted under."""
    if any("importlib._bootstrap" in frame for frame in frames):
        return IMPORTS
    for frame in reversed(frames):
        for name, patterns in PROFILE_CATEGORIES:
            if any(pattern in frame for pattern in patterns):
                return name
    return "other (interpreter, threads, libraries)"


def start_profiler(pid: int, output: Path) -> subprocess.Popen:
    """py-spy sampling ``pid`` and every process it starts (without pausing them)."""
    py_spy = Path(sys.executable).parent / "py-spy"
    if not py_spy.exists():
        raise SystemExit("--profile needs py-spy: make venv installs it (dev extra)")
    return subprocess.Popen(
        [
            str(py_spy),
            "record",
            "--pid",
            str(pid),
            "--subprocesses",
            "--nonblocking",
            "--rate",
            "20",
            "--format",
            "raw",
            "--output",
            str(output),
        ],
        stdout=subprocess.DEVNULL,
        stderr=open(output.with_suffix(".log"), "wb"),
    )


def stop_profiler(profiler: subprocess.Popen) -> float:
    """Stop py-spy (it writes its samples on SIGINT); returns the CPU seconds it used itself,
    which are taken off the total (the profiler is not the work)."""
    profiler.send_signal(signal.SIGINT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        pid, _, usage = os.wait4(profiler.pid, os.WNOHANG)
        if pid:
            profiler.returncode = 0
            return usage.ru_utime + usage.ru_stime
        time.sleep(0.1)
    profiler.kill()
    _, _, usage = os.wait4(profiler.pid, 0)
    profiler.returncode = -9
    return usage.ru_utime + usage.ru_stime


def profile_summary(collapsed: str) -> tuple[int, list[tuple[str, int]], list[tuple[str, int]]]:
    """(samples, samples per category, samples per leaf function) from py-spy's raw
    (collapsed-stack) output: one ``frame;frame;... count`` line per distinct stack."""
    categories: Counter[str] = Counter()
    leaves: Counter[str] = Counter()
    total = 0
    for line in collapsed.splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        total += count
        categories[stack_category(stack.split(";"))] += count
        leaves[stack.rsplit(";", 1)[-1]] += count
    return total, categories.most_common(), leaves.most_common()


def print_profile(paths: list[Path], cpu_total: float) -> None:
    """The five largest costs of the sampled trees, as shares of their CPU time."""
    written = [path for path in paths if path.exists()]
    if not written:
        logs = " ".join(
            path.with_suffix(".log").read_text(errors="replace")[-300:] for path in paths
        )
        print(f"profile             : py-spy wrote nothing ({logs})")
        return
    total, categories, leaves = profile_summary(
        "\n".join(path.read_text(errors="replace") for path in written)
    )
    if not total:
        print("profile             : no samples")
        return
    print(
        f"profile (top five)  : {total} py-spy samples of busy processes, "
        + ", ".join(str(path) for path in written)
    )
    for name, count in categories[:5]:
        share = count / total
        print(f"  {share:6.1%}  ~{share * cpu_total:5.0f} CPU-s  {name}")
    print("  hottest functions : " + "; ".join(f"{leaf} {n / total:.1%}" for leaf, n in leaves[:5]))


def stage_keys(stages: list[str]) -> list:
    """The asset keys of ``stages``: a stage name selects each of its assets
    (``report_contracts`` -> ``report_contracts/<template>`` for every template)."""
    from neurareport_assets.definitions import defs

    return sorted(
        key
        for key in defs().resolve_asset_graph().materializable_asset_keys
        if key.path[0] in stages
    )


def submit_backfill(
    instance, tenants: list[str], months: list[date], assets: list[str], per_backfill: int = 1
) -> str:
    """One asset backfill per tenant (or per ``per_backfill`` tenants) over ``months`` for
    ``assets`` (:mod:`neurareport_assets.backfills`: a failing tenant fails only its own
    run); returns the group tag value their runs carry."""
    from neurareport_assets.backfills import (
        BACKFILL_GROUP_TAG,
        submit_backfills,
        tenant_backfills,
    )
    from neurareport_assets.definitions import defs

    backfills = tenant_backfills(
        defs().resolve_asset_graph(),
        instance,
        tenants,
        months,
        stage_keys(assets),
        tags={"neurareport/load": "1"},
        title="load test",
        tenants_per_backfill=per_backfill,
    )
    ids = submit_backfills(instance, backfills)
    return instance.get_backfill(ids[0]).tags[BACKFILL_GROUP_TAG]


def reconcile(home: Path, truths: dict) -> list[str]:
    """Every partition's ledger against its statement; returns the problems found."""
    import pyarrow.parquet as pq

    from neurareport_resources.warehouse import Warehouse

    warehouse = Warehouse(str(home / "data" / "warehouse"))
    problems = []
    for (tenant, month), truth in sorted(truths.items()):
        rows = warehouse.read_partition("transactions", tenant, month).to_pylist()
        got = [(r["txn_date"], r["description"], r["amount"], r["balance"]) for r in rows]
        want = [(t.txn_date, t.description, t.amount, t.balance) for t in truth]
        if len(got) < len(want):
            problems.append(f"{tenant} {month:%Y-%m}: {len(want) - len(got)} row(s) lost")
        elif len(got) > len(want):
            problems.append(f"{tenant} {month:%Y-%m}: {len(got) - len(want)} extra row(s)")
        elif got != want:
            first = next(i for i, (g, w) in enumerate(zip(got, want, strict=True)) if g != w)
            problems.append(
                f"{tenant} {month:%Y-%m}: row {first + 1} differs: {got[first]} != {want[first]}"
            )
        if {(r["tenant"], r["period"]) for r in rows} - {(tenant, month)}:
            problems.append(f"{tenant} {month:%Y-%m}: holds rows of another partition")
    # every Parquet file on disk, not only the expected ones: no stray or cross-tenant file
    root = home / "data" / "warehouse" / "transactions"
    for path in sorted(root.glob("tenant=*/period=*/part.parquet")):
        folder_tenant = path.parent.parent.name.removeprefix("tenant=")
        tenants_in_file = set(pq.read_table(path, columns=["tenant"]).column("tenant").to_pylist())
        if tenants_in_file - {folder_tenant}:
            problems.append(f"{path}: rows of {sorted(tenants_in_file - {folder_tenant})}")
    stored = len(list(root.glob("tenant=*/period=*/part.parquet")))
    if stored != len(truths):
        problems.append(f"{stored} ledger partitions stored, {len(truths)} expected")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tenants", type=int, default=20)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument(
        "--through", choices=CHAIN, default=CHAIN[-1], help="last asset of the chain"
    )
    parser.add_argument("--home", type=Path, default=PROJECT_ROOT / "var" / "load")
    parser.add_argument(
        "--profile",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="sample the daemon's process tree with py-spy and print the five largest costs",
    )
    parser.add_argument(
        "--timeout", type=float, default=3600, help="seconds to wait for the backfill"
    )
    parser.add_argument(
        "--tenants-per-backfill",
        type=int,
        default=1,
        help="tenants in one backfill (1: a failing tenant fails only its own run; more: "
        "fewer runs when tenants outnumber months, a failure fails its month for all of them)",
    )
    parser.add_argument(
        "--break-tenant",
        type=int,
        metavar="INDEX",
        help="give tenant INDEX a broken categories.yaml (its ledger step raises): its "
        "partitions must fail and every other tenant's must materialize",
    )
    parser.add_argument(
        "--run-workers",
        choices=("forkserver", "spawn"),
        default="forkserver",
        help="how the code server starts run workers: forked from a preloaded forkserver "
        "(neurareport_assets.code_server) or spawned by `dagster api grpc` itself",
    )
    args = parser.parse_args(argv)

    home = args.home.resolve()
    if home.exists():
        shutil.rmtree(home)
    dagster_home = home / "dagster_home"
    dagster_home.mkdir(parents=True)
    shutil.copy(PROJECT_ROOT / "dagster.yaml", dagster_home / "dagster.yaml")
    os.environ.update(
        {
            "NEURAREPORT_HOME": str(home),
            "DAGSTER_HOME": str(dagster_home),
            "NEURAREPORT_ENV": "local",
        }
    )
    broken = f"tenant-{args.break_tenant:02d}" if args.break_tenant is not None else None
    if broken is not None:
        # a copy of the template library in which one tenant's category rules do not parse
        library = home / "templates"
        shutil.copytree(PROJECT_ROOT / "templates", library)
        (library / "tenants" / broken).mkdir(parents=True, exist_ok=True)
        (library / "tenants" / broken / "categories.yaml").write_text("rules: [unclosed\n")
        os.environ["NEURAREPORT_TEMPLATES_DIR"] = str(library)

    import dagster as dg
    from dagster._core.execution.backfill import BulkActionStatus
    from dagster._core.storage.tags import (
        ASSET_PARTITION_RANGE_END_TAG,
        ASSET_PARTITION_RANGE_START_TAG,
    )

    from neurareport_assets.backfills import BACKFILL_GROUP_TAG
    from neurareport_assets.partitions import partition_from_key, tenant_period

    FINISHED = {
        BulkActionStatus.COMPLETED_SUCCESS,
        BulkActionStatus.COMPLETED_FAILED,
        BulkActionStatus.FAILED,
        BulkActionStatus.CANCELED,
        BulkActionStatus.COMPLETED,
    }

    tenants = [f"tenant-{i:02d}" for i in range(args.tenants)]
    months = month_starts(args.months)
    assets = CHAIN[: CHAIN.index(args.through) + 1]
    started = time.monotonic()
    truths = generate(home, tenants, months)
    print(
        f"generated {len(truths)} statements ({len(tenants)} tenants x {len(months)} months) "
        f"in {time.monotonic() - started:.1f}s"
    )

    # create the instance's tables and the tenants before the daemon starts (no init race)
    instance = dg.DagsterInstance.get()
    instance.add_dynamic_partitions("tenant", tenants)
    keys = [tenant_period(t, m).partition_key for t in tenants for m in months]
    become_subreaper()
    cpu_before = children_cpu_seconds()
    # one long-lived code server for the whole backfill, as in production: a daemon that
    # starts its own reloads its workspace every 60 s, and each reload starts a new code
    # server process that imports and loads the definitions again (21 of them, 91 CPU-s,
    # in a 29-minute backfill)
    code_server, workspace = start_code_server(home, args.run_workers)
    # the inbox sensor would launch one run per new statement beside the backfill: this
    # measures the backfill alone, so the sensor is stopped on this instance first
    subprocess.run(
        [
            str(Path(sys.executable).parent / "dagster"),
            "sensor",
            "stop",
            "inbox_sensor",
            "-w",
            str(workspace),
        ],
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
    )
    daemon = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "dagster-daemon"),
            "run",
            "-w",
            str(workspace),
        ],
        cwd=PROJECT_ROOT,
        stdout=open(home / "daemon.log", "wb"),  # noqa: SIM115 - lives as long as the daemon
        stderr=subprocess.STDOUT,
        start_new_session=True,  # the daemon ignores SIGTERM in the background: kill its group
        env=os.environ.copy(),
    )
    monitor = TreeMonitor()
    monitor.start()
    # py-spy follows the processes a process starts: one for the daemon's tree, one for the
    # code server's (the run workers and their isolated workers)
    profiles = [home / "profile-daemon.txt", home / "profile-code-server.txt"]
    profilers = (
        [
            start_profiler(pid, path)
            for pid, path in zip((daemon.pid, code_server.pid), profiles, strict=True)
        ]
        if args.profile
        else []
    )
    profiler_cpu = 0.0
    try:
        with instance:
            backfill_started = time.monotonic()
            group = submit_backfill(instance, tenants, months, assets, args.tenants_per_backfill)
            print(
                f"backfill {group}: {len(keys)} partitions x {len(assets)} assets "
                f"({', '.join(assets)}), {args.tenants_per_backfill} tenant(s) per backfill"
            )
            in_group = dg.RunsFilter(tags={BACKFILL_GROUP_TAG: group})
            last = ""
            while True:
                backfills = [
                    b for b in instance.get_backfills() if b.tags.get(BACKFILL_GROUP_TAG) == group
                ]
                runs = instance.get_runs(filters=in_group)
                counts = Counter(r.status.value for r in runs)
                states = Counter(b.status.value for b in backfills)
                line = (
                    f"  {time.monotonic() - backfill_started:6.0f}s "
                    + ", ".join(f"{n} {s.lower()}" for s, n in sorted(states.items()))
                    + ": "
                    + ", ".join(f"{n} {s.lower()}" for s, n in sorted(counts.items()))
                )
                if line.split("s ", 1)[1] != last:
                    print(line, flush=True)
                    last = line.split("s ", 1)[1]
                if all(b.status in FINISHED for b in backfills) and not any(
                    not r.is_finished for r in runs
                ):
                    break
                if daemon.poll() is not None:
                    log_tail = (home / "daemon.log").read_text(errors="replace")[-3000:]
                    print(f"the daemon exited ({daemon.returncode}):\n{log_tail}")
                    break
                if time.monotonic() - backfill_started > args.timeout:
                    print(f"timed out after {args.timeout:.0f}s")
                    break
                time.sleep(2)
            elapsed = time.monotonic() - backfill_started
            runs = instance.get_runs(filters=in_group)
            other_runs = len(instance.get_runs()) - len(runs)
            materialized = {
                key.to_user_string(): instance.get_materialized_partitions(key)
                for key in stage_keys(assets)
            }
    finally:
        monitor.stop()
        profiler_cpu = sum(stop_profiler(profiler) for profiler in profilers)
        for process in (daemon, code_server):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        reap_all()
        with contextlib.suppress(ChildProcessError, subprocess.TimeoutExpired):
            daemon.wait(timeout=5)
    cpu_total = children_cpu_seconds() - cpu_before - profiler_cpu

    # the broken tenant's partitions must have failed; everything else reconciles
    expected = {k: t for k, t in truths.items() if k[0] != broken}
    problems = reconcile(home, expected)
    broken_keys = {str(tenant_period(broken, m).partition_key) for m in months} if broken else set()
    healthy_keys = {str(k) for k in keys} - broken_keys
    failed_runs = [r for r in runs if r.status.value != "SUCCESS"]

    def holds_broken(run) -> bool:
        # the run's range spans tenants first..last (tenant keys were added in order)
        first, last = (
            partition_from_key(run.tags[tag]).tenant
            for tag in (ASSET_PARTITION_RANGE_START_TAG, ASSET_PARTITION_RANGE_END_TAG)
        )
        return broken is not None and first <= broken <= last

    wrong_failures = [r.run_id for r in failed_runs if not holds_broken(r)]
    if broken is not None:
        if not any(holds_broken(r) for r in failed_runs):
            problems.append(f"{broken}: no failed run although its category rules are broken")
        stored = materialized.get("transactions", set())
        if stored & broken_keys:
            problems.append(f"{broken}: {len(stored & broken_keys)} ledger partition(s) recorded")
    if wrong_failures:
        problems.append(f"{len(wrong_failures)} run(s) of healthy tenants failed")
    succeeded = len(runs) - len(failed_runs)
    print()
    print(
        "status              : backfills "
        + ", ".join(f"{n} {s.lower()}" for s, n in sorted(states.items()))
    )
    print(f"runs launched       : {len(runs)} ({succeeded} succeeded) for {len(keys)} partitions")
    if broken is not None:
        print(
            f"broken tenant       : {broken}: {sum(holds_broken(r) for r in failed_runs)}"
            f" run(s) failed, {len(wrong_failures)} run(s) of other tenants failed"
        )
    print(f"other runs          : {other_runs} (sensor / automation runs beside the backfill)")
    print(f"backfill time       : {elapsed:.0f}s ({elapsed / 60:.1f} min)")
    print(f"partitions/minute   : {len(keys) / (elapsed / 60):.1f}")
    print(
        f"CPU time            : {cpu_total:.0f} CPU-s in all (daemon, code server, run workers, "
        f"isolated workers), {cpu_total / len(keys):.2f} CPU-s per partition"
    )
    by_kind = monitor.cpu_by_kind()
    print(
        "  by process        : "
        + ", ".join(
            f"{kind} {seconds:.0f}s ({monitor.started[kind]} started)"
            for kind, seconds in by_kind.items()
            if kind != "profiler"
        )
    )
    print(
        f"peak memory         : {monitor.peak_total / 2**20:.0f} MiB total over "
        f"{monitor.peak_processes} processes, {monitor.peak_single / 2**20:.0f} MiB largest process"
    )
    load = os.getloadavg()
    print(
        f"machine             : {os.cpu_count()} cores, load average {load[0]:.1f} / "
        f"{load[1]:.1f} / {load[2]:.1f} (1/5/15 min) at the end"
    )
    if profilers:
        print_profile(profiles, cpu_total)
    print(
        "materialized        : "
        + ", ".join(f"{a} {len(keys_done)}" for a, keys_done in materialized.items())
    )
    print(
        f"reconciliation      : {len(expected)} partitions, "
        f"{sum(len(t) for t in expected.values())} source rows: "
        + (
            "every ledger matches its statement, no cross-tenant row"
            if not problems
            else f"{len(problems)} problem(s)"
        )
    )
    for problem in problems[:20]:
        print(f"  - {problem}")
    ok = not problems and all(healthy_keys <= done for done in materialized.values())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
