"""``neurareport categorise …``: see what no rule categorised and teach a tenant rule.

``categorise uncategorised --tenant T [--period YYYY-MM]`` lists, per month, the
uncategorised rows and money and the counterparties behind them, each with the command
that would add a rule for it. ``categorise add --tenant T --match TEXT --category C``
appends a rule to the tenant's ``categories.yaml`` (the next materialization of
``transactions`` applies it) and says how many stored uncategorised rows it would catch.
``categorise list --tenant T [--builtin]`` prints the tenant's rules (and the built-in
ones). Output is JSON; errors are one line on stderr with exit code 2.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_USAGE = 0, 2
RULES_FILE = "categories.yaml"


def _print(payload: object) -> None:
    json.dump(payload, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


def _fail(message: str) -> int:
    print(f"neurareport: {message}", file=sys.stderr)
    return EXIT_USAGE


def _resources() -> tuple[Path, Any]:
    """The template library root (tenant folders live under it) and the warehouse."""
    from neurareport_resources.resources import TemplateLibraryResource
    from neurareport_resources.settings import build_resources

    resources = build_resources()
    templates = resources["templates"].process_config_and_initialize()
    assert isinstance(templates, TemplateLibraryResource)
    root = Path(templates.root)
    warehouse = resources["warehouse"].process_config_and_initialize().get_warehouse()
    return root, warehouse


def _rules_path(root: Path, tenant: str) -> Path:
    return root / "tenants" / tenant / RULES_FILE


def _period(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(f"{text}-01")
    except ValueError:
        raise ValueError(f"--period {text!r}: use YYYY-MM, e.g. 2025-03") from None


def _amount(text: str | None, flag: str) -> Decimal | None:
    if text is None:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{flag} {text!r}: give a number such as 500 or 12.50") from None
    if value < 0:
        raise ValueError(f"{flag} {text!r}: bounds are on the absolute amount; drop the sign")
    return value


def _suggestion(tenant: str, counterparty: str, direction: str) -> str:
    return (
        f"neurareport categorise add --tenant {tenant} --on counterparty "
        f"--match {shlex.quote(counterparty)} --direction {direction} --category CATEGORY"
    )


def cmd_uncategorised(args: argparse.Namespace) -> int:
    from neurareport_resources.analysis.uncategorised import uncategorised_months
    from neurareport_resources.tenancy import TenantKeyError, validate_tenant_key

    try:
        tenant = validate_tenant_key(args.tenant)
        period = _period(args.period)
    except (TenantKeyError, ValueError) as exc:
        return _fail(str(exc))
    _, warehouse = _resources()
    months = uncategorised_months(warehouse, tenant, None if period is None else [period])
    if not months:
        where = f"{tenant} {args.period}" if period else tenant
        return _fail(f"no transactions stored for {where}; materialize transactions first")
    payload = []
    for month in months:
        entry = month.to_dict()
        for item in entry["counterparties"]:
            item["add_rule"] = _suggestion(tenant, item["counterparty"], item["direction"])
        payload.append(entry)
    _print({"tenant": tenant, "months": payload})
    return EXIT_OK


def cmd_add(args: argparse.Namespace) -> int:
    from neurareport_resources.analysis.categorize import CategoryRulesError
    from neurareport_resources.analysis.tenant_rules import (
        add_tenant_rule,
        rows_a_rule_would_categorise,
        rule_entry,
    )
    from neurareport_resources.tenancy import TenantKeyError, validate_tenant_key

    try:
        tenant = validate_tenant_key(args.tenant)
        entry = rule_entry(
            category=args.category,
            match=args.match,
            on=args.on,
            regex=args.regex,
            direction=args.direction,
            min_amount=_amount(args.min_amount, "--min-amount"),
            max_amount=_amount(args.max_amount, "--max-amount"),
            name=args.name,
        )
        if not entry["category"]:
            raise ValueError("--category is empty: name the category, e.g. 'office supplies'")
    except (TenantKeyError, ValueError, CategoryRulesError) as exc:
        return _fail(str(exc))
    root, warehouse = _resources()
    path = _rules_path(root, tenant)
    try:
        rules = add_tenant_rule(path, entry, tenant=tenant)
    except CategoryRulesError as exc:
        return _fail(str(exc))
    added = rules[-1]
    stored = warehouse.partitions("transactions", tenant)
    would = {}
    if stored:
        conn = warehouse.connect_tenant(tenant)
        try:
            would = rows_a_rule_would_categorise(conn, "transactions", added)
        finally:
            conn.close()
    _print(
        {
            "tenant": tenant,
            "file": str(path),
            "rule": entry,
            "rules_in_file": len(rules),
            "uncategorised_rows_it_would_categorise": would,
            "applies": "from the next materialization of transactions for this tenant",
        }
    )
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from neurareport_resources.analysis.categorize import CategoryRulesError, load_tenant_rules
    from neurareport_resources.tenancy import TenantKeyError, validate_tenant_key

    try:
        tenant = validate_tenant_key(args.tenant)
    except TenantKeyError as exc:
        return _fail(str(exc))
    root, _ = _resources()
    path = _rules_path(root, tenant)
    try:
        rules = load_tenant_rules(path) if path.is_file() else []
    except CategoryRulesError as exc:
        return _fail(str(exc))
    payload: dict[str, Any] = {
        "tenant": tenant,
        "file": str(path) if path.is_file() else None,
        "rules": rules,
    }
    if args.builtin:
        payload["builtin"] = builtin_rules()
    _print(payload)
    return EXIT_OK


def builtin_rules() -> list[dict[str, Any]]:
    """The rules of ``sql/category_rules.sql``, in the order they are tried."""
    import duckdb

    from neurareport_resources.analysis.sqlfiles import load_sql

    conn = duckdb.connect()
    try:
        conn.execute(load_sql("category_rules.sql"))
        cursor = conn.execute("SELECT * FROM nr_category_rules ORDER BY priority, rule_name")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        conn.close()


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``categorise`` and its subcommands to the ``neurareport`` parser."""
    parser = sub.add_parser(
        "categorise", help="list uncategorised rows and teach a tenant category rule"
    )
    commands = parser.add_subparsers(dest="categorise_command", required=True)

    uncategorised = commands.add_parser(
        "uncategorised", help="uncategorised rows and money per month, by counterparty"
    )
    uncategorised.add_argument("--tenant", required=True)
    uncategorised.add_argument("--period", default=None, help="YYYY-MM; every month if omitted")
    uncategorised.set_defaults(func=cmd_uncategorised)

    add = commands.add_parser("add", help="append a rule to the tenant's categories.yaml")
    add.add_argument("--tenant", required=True)
    add.add_argument(
        "--match", required=True, help="text the rows contain (any case); a regex with --regex"
    )
    add.add_argument("--category", required=True)
    add.add_argument(
        "--on",
        choices=("description", "counterparty"),
        default="description",
        help="look in the description as printed (default) or the normalised counterparty",
    )
    add.add_argument("--regex", action="store_true", help="--match is an RE2 regular expression")
    add.add_argument("--direction", choices=("in", "out", "any"), default="any")
    add.add_argument("--min-amount", default=None, help="only rows of at least this (absolute)")
    add.add_argument("--max-amount", default=None, help="only rows of at most this (absolute)")
    add.add_argument("--name", default=None, help="the rule's name (default: from --match)")
    add.set_defaults(func=cmd_add)

    listing = commands.add_parser("list", help="the tenant's rules (and the built-in ones)")
    listing.add_argument("--tenant", required=True)
    listing.add_argument("--builtin", action="store_true", help="also list the built-in rules")
    listing.set_defaults(func=cmd_list)
