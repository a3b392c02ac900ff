"""``neurareport usage``: a tenant's usage per month as CSV or Stripe meter events (a file).

``usage --tenant T [--period YYYY-MM …] [--format csv|stripe] [--out FILE]`` reads what
the ``usage`` asset stored (every month of the tenant when no ``--period``); with
``--recount`` it counts from the warehouse instead. Nothing is sent anywhere.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

EXIT_OK, EXIT_USAGE = 0, 2


def _fail(message: str) -> int:
    print(f"neurareport: {message}", file=sys.stderr)
    return EXIT_USAGE


def cmd_usage(args: argparse.Namespace) -> int:
    from neurareport_assets.partitions import tenant_period
    from neurareport_assets.usage_records import (
        USAGE_KIND,
        USAGE_NAME,
        compute_usage,
        stripe_customer_id,
        stripe_jsonl,
        stripe_meter_events,
        usage_csv,
    )
    from neurareport_resources.atomic import atomic_write_text
    from neurareport_resources.settings import build_resources
    from neurareport_resources.tenancy import validate_tenant_key

    try:
        validate_tenant_key(args.tenant)
        periods = [date.fromisoformat(f"{p}-01") for p in args.period or []]
    except ValueError as exc:
        return _fail(f"{exc}; --tenant is a tenant key, --period YYYY-MM")
    resources = build_resources()
    wh = resources["warehouse"].process_config_and_initialize().get_warehouse()
    if not periods:
        periods = sorted(
            {
                date.fromisoformat(f"{p}-01")
                for _, p in wh.partitions("statement_files", args.tenant)
            }
        )
    records = []
    for period in periods:
        stored = (
            None if args.recount else wh.read_document(USAGE_KIND, args.tenant, period, USAGE_NAME)
        )
        if stored is None and not args.recount:
            return _fail(
                f"{args.tenant} {period:%Y-%m}: no usage recorded; materialize the usage asset "
                "for that partition, or pass --recount"
            )
        records.append(stored or compute_usage(wh, tenant_period(args.tenant, period)))
    if args.format == "csv":
        text = usage_csv(records)
    else:
        templates = resources["templates"].process_config_and_initialize()
        try:
            customer = stripe_customer_id(templates.tenant_dir(args.tenant), args.tenant)
        except ValueError as exc:
            return _fail(str(exc))
        text = stripe_jsonl([e for r in records for e in stripe_meter_events(r, customer)])
    if args.out:
        atomic_write_text(Path(args.out), text)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``usage`` to the ``neurareport`` parser."""
    parser = sub.add_parser("usage", help="a tenant's usage per month: CSV or Stripe meter events")
    parser.add_argument("--tenant", required=True)
    parser.add_argument("--period", action="append", help="YYYY-MM (repeatable); all if omitted")
    parser.add_argument("--format", choices=("csv", "stripe"), default="csv")
    parser.add_argument("--out", default=None, help="write to this file (default: stdout)")
    parser.add_argument(
        "--recount", action="store_true", help="count from the warehouse, not the usage asset"
    )
    parser.set_defaults(func=cmd_usage)
