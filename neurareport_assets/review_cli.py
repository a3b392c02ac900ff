"""``neurareport approve`` / ``reject``: an analyst's decision on a held report.

``approve --tenant T --period YYYY-MM [--template NAME] --note WHY [--by NAME]
[--fingerprint PREFIX]`` records who approved which files (the report's fingerprint),
when and why; the next materialization of ``delivered_reports`` sends exactly those files.
``reject … --note REASON`` records a refusal: those files are never sent. A report that
changes afterwards is held again. Output is JSON; errors are one line on stderr, exit 2.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from datetime import date

EXIT_OK, EXIT_USAGE = 0, 2


def _fail(message: str) -> int:
    print(f"neurareport: {message}", file=sys.stderr)
    return EXIT_USAGE


def _period(text: str) -> date:
    try:
        return date.fromisoformat(f"{text}-01")
    except ValueError:
        raise ValueError(f"--period {text!r}: use YYYY-MM, e.g. 2025-03") from None


def default_reviewer() -> str:
    """``NEURAREPORT_REVIEWER``, else the login name."""
    return os.environ.get("NEURAREPORT_REVIEWER") or getpass.getuser()


def _template(wh, tenant: str, period: date, given: str | None) -> str:
    from neurareport_assets.holds import MANIFESTS

    rendered = [
        name
        for name in wh.documents(MANIFESTS, tenant, period)
        if ((wh.read_document(MANIFESTS, tenant, period, name) or {}).get("files"))
    ]
    if given:
        return given
    if len(rendered) == 1:
        return rendered[0]
    if not rendered:
        raise ValueError(
            f"nothing rendered for {tenant} {period:%Y-%m}; materialize rendered_reports first"
        )
    raise ValueError(
        f"several reports rendered ({', '.join(rendered)}); choose one with --template"
    )


def cmd_decide(args: argparse.Namespace) -> int:
    from neurareport_assets.holds import decide, manifest_release
    from neurareport_resources.review import APPROVED, REJECTED, ReviewError
    from neurareport_resources.settings import build_resources
    from neurareport_resources.tenancy import TenantKeyError, validate_tenant_key

    try:
        tenant = validate_tenant_key(args.tenant)
        period = _period(args.period)
    except (TenantKeyError, ValueError) as exc:
        return _fail(str(exc))
    resources = build_resources()
    wh = resources["warehouse"].process_config_and_initialize().get_warehouse()
    store = resources["report_store"].process_config_and_initialize().get_store()
    decision = APPROVED if args.command == "approve" else REJECTED
    try:
        template = _template(wh, tenant, period, args.template)
        recorded = decide(
            wh,
            store,
            tenant=tenant,
            period=period,
            template=template,
            decision=decision,
            reviewer=args.by or default_reviewer(),
            note=args.note,
            fingerprint=args.fingerprint,
        )
    except (ReviewError, ValueError) as exc:
        return _fail(str(exc))
    release = manifest_release(wh, tenant, period, template)
    payload = {
        **recorded.to_dict(),
        "release": release.status if release else None,
        "next": (
            f"materialize delivered_reports for partition {period.isoformat()}|{tenant} "
            "to send it (the approve_report job in the UI does this for you)"
            if decision == APPROVED
            else "not delivered; a re-rendered report is held again for review"
        ),
    }
    json.dump(payload, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return EXIT_OK


def _text_table(rows: list[dict]) -> str:
    if not rows:
        return "no months to show\n"
    columns = list(rows[0])
    widths = {c: max(len(c), *(len(str(r[c])) for r in rows)) for c in columns}
    lines = ["  ".join(c.ljust(widths[c]) for c in columns)]
    lines.append("  ".join("-" * widths[c] for c in columns))
    lines += ["  ".join(str(r[c]).ljust(widths[c]) for c in columns) for r in rows]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def cmd_board(args: argparse.Namespace) -> int:
    from neurareport_assets.board import (
        TENANT_FILE,
        board_html,
        close_board,
        tenant_first_period,
    )
    from neurareport_resources.settings import build_resources
    from neurareport_resources.tenancy import TenantKeyError, validate_tenant_key

    try:
        tenants = [validate_tenant_key(args.tenant)] if args.tenant else None
        period = _period(args.period) if args.period else None
    except (TenantKeyError, ValueError) as exc:
        return _fail(str(exc))
    resources = build_resources()
    wh = resources["warehouse"].process_config_and_initialize().get_warehouse()
    templates = resources["templates"].process_config_and_initialize()
    try:
        rows = close_board(
            wh,
            tenants=tenants,
            period=period,
            first_period=lambda t: tenant_first_period(templates.tenant_file(t, TENANT_FILE)),
        )
    except ValueError as exc:
        return _fail(str(exc))
    if args.format == "json":
        json.dump([r.to_dict() for r in rows], sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    elif args.format == "html":
        from datetime import UTC, datetime

        stamp = datetime.now(UTC).replace(microsecond=0).isoformat()
        sys.stdout.write(board_html(rows, title="Close board", generated_at=stamp))
    else:
        sys.stdout.write(_text_table([r.summary() for r in rows]))
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``approve``, ``reject`` and ``board`` (alias ``status``) to ``neurareport``."""
    board = sub.add_parser(
        "board",
        aliases=["status"],
        help="where every tenant-month stands: received, reconciled, held, approved, delivered",
    )
    board.add_argument("--tenant", default=None)
    board.add_argument("--period", default=None, help="YYYY-MM (default: every expected month)")
    board.add_argument("--format", choices=("text", "json", "html"), default="text")
    board.set_defaults(func=cmd_board)
    for name, help_text, note_help in (
        (
            "approve",
            "release a held report for delivery (recorded with its fingerprint)",
            "why it may go out",
        ),
        ("reject", "refuse a rendered report: it is never delivered", "the reason"),
    ):
        parser = sub.add_parser(name, help=help_text)
        parser.add_argument("--tenant", required=True)
        parser.add_argument("--period", required=True, help="YYYY-MM")
        parser.add_argument("--template", default=None, help="needed when several were rendered")
        parser.add_argument("--note", required=True, help=note_help)
        parser.add_argument(
            "--by", default=None, help="who decides (default: $NEURAREPORT_REVIEWER or your login)"
        )
        parser.add_argument(
            "--fingerprint",
            default=None,
            help="the fingerprint (or its first characters) of the version you read",
        )
        parser.set_defaults(func=cmd_decide)
