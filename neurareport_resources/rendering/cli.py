"""``neurareport formats`` and ``neurareport bank-export``: the renderer registry from the shell.

``formats [--template NAME]`` prints every output format (name, file suffix, media type,
whether delivery sends it) and, with ``--template``, the formats that template renders.
``bank-export --tenant T --period YYYY-MM --format xero_csv|qbo_csv|qbo4_csv|ofx
[--account N] --out DIR`` writes the accounting-software import of one account and month
straight from the warehouse (no Dagster run). Output is JSON; errors are one line on
stderr with exit code 2.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_USAGE = 0, 2
BANK_FORMATS = ("xero_csv", "qbo_csv", "qbo4_csv", "ofx")


def _print(payload: object) -> None:
    json.dump(payload, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


def _fail(message: str) -> int:
    print(f"neurareport: {message}", file=sys.stderr)
    return EXIT_USAGE


def cmd_formats(args: argparse.Namespace) -> int:
    from neurareport_resources.rendering.formats import (
        DEFAULT_FORMATS,
        RENDERERS,
        FormatError,
        template_formats,
    )

    payload: dict[str, Any] = {
        "formats": [
            {
                "name": r.name,
                "suffix": r.file_suffix,
                "media_type": r.media_type,
                "delivered": r.delivered,
                "kind": r.kind_tag,
                "description": r.description,
            }
            for r in RENDERERS.values()
        ],
        "default": list(DEFAULT_FORMATS),
    }
    if args.template:
        from neurareport_resources.resources import TemplateLibraryResource
        from neurareport_resources.settings import template_library_root

        try:
            library = TemplateLibraryResource(root=str(template_library_root()))
            payload["template"] = {
                "name": args.template,
                "formats": list(template_formats(library.template_dir(args.template))),
            }
        except (FormatError, FileNotFoundError, KeyError, ValueError) as exc:
            return _fail(str(exc).strip("'\""))
    _print(payload)
    return EXIT_OK


def cmd_bank_export(args: argparse.Namespace) -> int:
    from neurareport_resources.analysis import build_analysis
    from neurareport_resources.rendering import (
        build_report_context,
        ledger_contract_inputs,
        write_report_bundle,
    )
    from neurareport_resources.settings import build_resources
    from neurareport_resources.tenancy import validate_tenant_key

    try:
        validate_tenant_key(args.tenant)
        period = date.fromisoformat(f"{args.period}-01")
    except ValueError as exc:
        return _fail(f"{exc}; --tenant is a tenant key, --period YYYY-MM")
    warehouse = build_resources()["warehouse"].process_config_and_initialize().get_warehouse()
    conn = warehouse.connect_tenant(args.tenant, [period], account=args.account)
    try:
        accounts = [
            row[0]
            for row in conn.execute(
                "SELECT DISTINCT account_number FROM transactions ORDER BY 1"
            ).fetchall()
        ]
        if not accounts:
            return _fail(
                f"{args.tenant} {args.period}: no transactions"
                + (f" for account {args.account}" if args.account else "")
                + "; materialize transactions first (or check --account)"
            )
        if len(accounts) > 1:
            return _fail(
                f"{args.tenant} {args.period} has {len(accounts)} accounts "
                f"({', '.join(str(a) for a in accounts)}); choose one with --account"
            )
        analysis = build_analysis(conn, "transactions", "statements")
        scalars, _, totals = ledger_contract_inputs(conn, "transactions", analysis)
        ledger = (
            conn.sql("SELECT * FROM transactions ORDER BY txn_date, page, row_no")
            .to_arrow_table()
            .to_pylist()
        )
        kinds = conn.execute(
            "SELECT DISTINCT kind FROM statements WHERE kind IS NOT NULL"
        ).fetchall()
        context = build_report_context(
            scalars,
            ledger,
            totals,
            analysis,
            {
                "tenant": args.tenant,
                "period": args.period,
                "statement_kind": kinds[0][0] if len(kinds) == 1 else None,
            },
        )
    finally:
        conn.close()
    account = accounts[0] or "account"
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    basename = f"{args.tenant}-{args.period}-{''.join(c for c in account if c.isalnum())}"
    with tempfile.TemporaryDirectory(dir=out) as staging:
        bundle = write_report_bundle(
            Path(staging) / "bundle",
            basename=basename,
            template_dir=Path(staging),
            context=context,
            ledger_rows=ledger,
            formats=tuple(args.format),
            isolate=False,
        )
        if bundle.skipped:
            return _fail("; ".join(bundle.skipped.values()))
        written = []
        for file in bundle.files:
            target = out / file.path.name
            file.path.replace(target)
            written.append(
                {"format": file.kind, "path": str(target), "rows": file.rows, "sha256": file.sha256}
            )
    _print({"tenant": args.tenant, "period": args.period, "account": account, "files": written})
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``formats`` and ``bank-export`` to the ``neurareport`` parser."""
    formats = sub.add_parser("formats", help="list the output formats (the renderer registry)")
    formats.add_argument("--template", default=None, help="also show the formats TEMPLATE renders")
    formats.set_defaults(func=cmd_formats)

    export = sub.add_parser(
        "bank-export", help="write the Xero / QuickBooks / OFX import of one account and month"
    )
    export.add_argument("--tenant", required=True)
    export.add_argument("--period", required=True, help="YYYY-MM")
    export.add_argument("--account", default=None, help="the account number (when several)")
    export.add_argument(
        "--format", action="append", choices=BANK_FORMATS, required=True, help="repeatable"
    )
    export.add_argument("--out", default=".", help="folder to write into (default: here)")
    export.set_defaults(func=cmd_bank_export)
