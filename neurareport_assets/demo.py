"""``neurareport demo``: two tenants x three months, end to end, into the persistent instance.

Generates realistic statements (the balance carries from one month to the next),
uploads them into the inbox, registers the tenants as partitions and materializes
every asset — checks included — for the six partitions into ``$DAGSTER_HOME``, so
``make dev`` shows the same materializations in the UI.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import sys
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

DEMO_TENANTS = {
    # tenant -> (layout family, holder, account number)
    "acme-ltd": ("ruled_basic", "Acme Trading Ltd", "40-12-77 31415926"),
    "globex": ("header_rule_signed", "Globex Corporation", "0072-5561-8890"),
}
# what a real business account repeats every month (day, description, amount) — recurring
# payments and the comparison with earlier months need it — and, in the last month, one
# equipment purchase that takes most of the month's spend (an unusual payee to flag)
DEMO_MONTHLY_ITEMS = {
    "acme-ltd": (
        (1, "BACS CREDIT NORTHWIND LTD MONTHLY INVOICE", "6500.00"),
        (1, "DIRECT DEBIT HARBOUR ESTATES OFFICE RENT", "-2150.00"),
        (5, "DIRECT DEBIT VODAFONE BUSINESS", "-64.99"),
        (12, "CARD PAYMENT MICROSOFT 365 BUSINESS", "-118.80"),
    ),
    "globex": (
        (3, "DIRECT DEBIT CON EDISON ELECTRIC", "-412.37"),
        (10, "CARD PAYMENT ADOBE CREATIVE CLOUD", "-82.49"),
        (25, "BACS CREDIT CONTOSO CORP INVOICE", "5200.00"),
    ),
}
DEMO_LAST_MONTH_ITEMS = {
    "globex": (
        (12, "CREDIT FROM FIRST NATIONAL EQUIPMENT LOAN", "150000.00"),
        (14, "FASTER PAYMENT TO NORDIC MACHINERY AB", "-150000.00"),
    ),
}
DEMO_JOB = "monthly_reports"
# the demo prints its own summary; step logs stay in the instance (and the UI)
QUIET_CONSOLE = {"loggers": {"console": {"config": {"log_level": "ERROR"}}}}


def demo_periods(months: int, today: date | None = None) -> list[date]:
    """The ``months`` full months before the current one, oldest first."""
    from neurareport_resources.analysis.history import earlier_periods

    return earlier_periods((today or date.today()).replace(day=1), months)


def write_demo_statements(
    inbox_store, periods: list[date], workdir: Path
) -> list[tuple[str, str, str]]:
    """Generate and upload one statement per tenant and month; returns (tenant, period, path)."""
    from neurareport_resources.samples import generate_statement, random_statement_spec
    from neurareport_resources.warehouse import period_key

    placed = []
    for index, (tenant, (family, holder, account)) in enumerate(sorted(DEMO_TENANTS.items())):
        existing = {(f.period_folder, f.name) for f in inbox_store.list_files(tenant)}
        opening = None
        for period in periods:
            spec = random_statement_spec(
                family,
                seed=index * 1000 + period.year * 12 + period.month,
                period_start=period,
                holder=holder,
                account_number=account,
                n_transactions=40,
            )
            if opening is not None:
                spec = dataclasses.replace(spec, opening_balance=opening)
            spec = dataclasses.replace(
                spec, transactions=_with_demo_items(spec.transactions, tenant, period, periods)
            )
            name = f"statement-{period_key(period)}.pdf"
            local = workdir / tenant / name
            local.parent.mkdir(parents=True, exist_ok=True)
            truth = generate_statement(spec, local)
            opening = truth.closing_balance
            if (period_key(period), name) not in existing:
                # already uploaded by an earlier demo run: keep the inbox as it is
                inbox_store.put(tenant, local, period=period_key(period))
            placed.append((tenant, period_key(period), name))
    return placed


def _with_demo_items(
    transactions: list, tenant: str, period: date, periods: list[date]
) -> list[tuple[date, str, Decimal]]:
    """The random month plus the tenant's monthly items (and the last month's one-off),
    in date order; items of one day keep their order, money in first."""
    items = list(DEMO_MONTHLY_ITEMS.get(tenant, ()))
    if period == periods[-1]:
        items += DEMO_LAST_MONTH_ITEMS.get(tenant, ())
    dated = [(period.replace(day=day), text, Decimal(amount)) for day, text, amount in items]
    return sorted([*dated, *transactions], key=lambda t: t[0])


def run_demo(months: int = 3) -> int:
    """Run the demo; returns a process exit code."""
    import warnings

    import dagster as dg

    from neurareport_assets.definitions import defs as load_defs
    from neurareport_assets.defs.automation.jobs import PIPELINE_ASSETS
    from neurareport_assets.defs.templates.assets import template_events
    from neurareport_assets.partitions import TENANT_PARTITIONS, tenant_period
    from neurareport_assets.report_templates import TEMPLATE_NAMES
    from neurareport_resources.resources import ReportStoreResource, TemplateLibraryResource
    from neurareport_resources.settings import build_resources, neurareport_home
    from neurareport_resources.warehouse import period_key

    if not os.environ.get("DAGSTER_HOME"):
        home = neurareport_home() / "dagster_home"
        home.mkdir(parents=True, exist_ok=True)
        shutil.copy(Path(__file__).resolve().parents[1] / "dagster.yaml", home / "dagster.yaml")
        os.environ["DAGSTER_HOME"] = str(home)
    warnings.filterwarnings("ignore")  # library deprecation chatter would hide the summary
    print(
        f"NeuraReport demo — data in {neurareport_home()}, Dagster instance in {os.environ['DAGSTER_HOME']}"
    )

    resources = build_resources()
    store = resources["statement_store"].process_config_and_initialize().get_store()
    periods = demo_periods(months)
    with tempfile.TemporaryDirectory(prefix="neurareport-demo-") as tmp:
        placed = write_demo_statements(store, periods, Path(tmp))
    print(
        f"statements in the inbox: {len(placed)} ({', '.join(sorted(DEMO_TENANTS))} x {months} months)"
    )

    definitions = load_defs()
    job = definitions.resolve_job_def(DEMO_JOB)
    failures = 0
    with dg.DagsterInstance.get() as instance:
        instance.add_dynamic_partitions(TENANT_PARTITIONS, sorted(DEMO_TENANTS))
        # record the templates as they are (what the template watcher would report first), so
        # the reports below are built from a known template version and opening the UI later
        # does not re-render them
        templates = resources["templates"].process_config_and_initialize()
        assert isinstance(templates, TemplateLibraryResource)
        events, _ = template_events(instance, templates, TEMPLATE_NAMES)
        for event in events:
            instance.report_runless_asset_event(event)
        for tenant in sorted(DEMO_TENANTS):
            for period in periods:
                partition = tenant_period(tenant, period)
                result = job.execute_in_process(
                    instance=instance,
                    asset_selection=PIPELINE_ASSETS,
                    partition_key=partition.partition_key,
                    tags={"neurareport/tenant": tenant},
                    run_config=QUIET_CONSOLE,
                    raise_on_error=False,
                )
                status = "ok" if result.success else "FAILED"
                failures += 0 if result.success else 1
                print(f"  {tenant:10s} {partition.period_key}: {status}")
        # the close board: what is held for review, what went out (the UI shows it too)
        from neurareport_assets.defs.review.assets import close_board_asset

        board = dg.materialize(
            [close_board_asset],
            resources=resources,
            instance=instance,
            run_config=QUIET_CONSOLE,
            raise_on_error=False,
        )
        if board.success:
            metadata = board.asset_materializations_for_node("close_board")[0].metadata
            print("\nClose board (neurareport board):")
            print(metadata["board"].value)
            if metadata["held"].value:
                print(
                    f"\n{metadata['held'].value} month(s) held for review, not delivered: read the "
                    "report, then\n  neurareport approve --tenant T --period YYYY-MM --note WHY"
                    "\n(or the approve_report job in the UI); delivery follows the approval."
                )

    report_store = resources["report_store"].process_config_and_initialize()
    assert isinstance(report_store, ReportStoreResource)
    print("\nReports:")
    for tenant in sorted(DEMO_TENANTS):
        for period in periods:
            for report in report_store.get_store().list_reports(tenant, period_key(period)):
                if report.name.endswith((".pdf", ".xlsx")):
                    print(f"  {report.uri}")
    print("\nOpen the Dagster UI on this instance with:  make dev")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(run_demo())
