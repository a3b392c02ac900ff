"""``neurareport backfill``: tenant x month backfills split per tenant, for the daemon to run.

``backfill --from YYYY-MM [--to YYYY-MM] [--tenant T …] [--stage NAME …]
[--tenants-per-backfill K]`` submits one asset backfill per tenant (see
:mod:`neurareport_assets.backfills`) to the instance ``DAGSTER_HOME`` names, so a tenant
whose step fails fails only its own runs — a backfill launched from the UI over many
tenants runs one month at a time with all of them. Every tenant by default, every
partitioned stage by default. Prints the backfills' ids as JSON; the daemon runs them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date

EXIT_OK, EXIT_USAGE = 0, 2


def _fail(message: str) -> int:
    print(f"neurareport backfill: {message}", file=sys.stderr)
    return EXIT_USAGE


def _months(first: str, last: str | None) -> list[date]:
    start = date.fromisoformat(f"{first}-01")
    end = date.fromisoformat(f"{last or first}-01")
    if end < start:
        raise ValueError(f"--to {last} is before --from {first}")
    months = []
    while start <= end:
        months.append(start)
        start = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return months


def cmd_backfill(args: argparse.Namespace) -> int:
    import dagster as dg

    from neurareport_assets.backfills import (
        BACKFILL_GROUP_TAG,
        submit_backfills,
        tenant_backfills,
    )
    from neurareport_assets.definitions import defs
    from neurareport_assets.partitions import TENANT_PARTITIONS

    try:
        months = _months(args.first, args.last)
    except ValueError as exc:
        return _fail(f"{exc}; use YYYY-MM, e.g. --from 2025-01 --to 2025-06")
    if not os.environ.get("DAGSTER_HOME"):
        return _fail("DAGSTER_HOME is not set: point it at the instance the daemon runs")
    instance = dg.DagsterInstance.get()
    known = set(instance.get_dynamic_partitions(TENANT_PARTITIONS))
    tenants = args.tenant or sorted(known)
    unknown = sorted(set(tenants) - known)
    if unknown:
        return _fail(
            f"no tenant {', '.join(unknown)} in this instance; a tenant appears when its "
            "first statement arrives (neurareport upload --tenant …)"
        )
    if not tenants:
        return _fail("this instance has no tenants yet; upload a statement first")
    graph = defs().resolve_asset_graph()
    keys = sorted(
        key
        for key in graph.materializable_asset_keys
        if isinstance(graph.get(key).partitions_def, dg.MultiPartitionsDefinition)
        and (not args.stage or key.path[0] in args.stage)
    )
    if not keys:
        return _fail(f"no partitioned asset in stage(s) {', '.join(args.stage)}")
    if args.tenants_per_backfill < 1:
        return _fail("--tenants-per-backfill is at least 1")
    backfills = tenant_backfills(
        graph,
        instance,
        tenants,
        months,
        keys,
        title="neurareport backfill",
        tenants_per_backfill=args.tenants_per_backfill,
    )
    ids = submit_backfills(instance, backfills)
    first = instance.get_backfill(ids[0]) if ids else None
    group = first.tags[BACKFILL_GROUP_TAG] if first is not None else None
    payload = {"group": group, "backfills": ids, "tenants": tenants, "assets": len(keys)}
    print(json.dumps(payload | {"months": [f"{m:%Y-%m}" for m in months]}, indent=2))
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "backfill", help="submit tenant x month backfills, one per tenant (a failure stays there)"
    )
    parser.add_argument("--from", dest="first", required=True, help="first month, YYYY-MM")
    parser.add_argument("--to", dest="last", default=None, help="last month (default: --from)")
    parser.add_argument("--tenant", action="append", help="a tenant (repeat; default: all)")
    parser.add_argument(
        "--stage", action="append", help="a stage, e.g. transactions (repeat; default: all)"
    )
    parser.add_argument(
        "--tenants-per-backfill",
        type=int,
        default=1,
        help="tenants sharing a backfill: fewer runs, less isolation (default 1)",
    )
    parser.set_defaults(func=cmd_backfill)
