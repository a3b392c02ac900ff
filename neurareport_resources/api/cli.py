"""``neurareport apikey create|list|revoke --tenant T``: the upload API's per-tenant keys.

``create`` prints the key once (only its hash is stored: a lost key is revoked and
replaced, never shown again); ``list`` shows each key's scopes, creation, revocation and
last use; ``revoke KEY_ID`` refuses every later request made with it. Output is JSON;
errors are one line on stderr with exit code 2.
"""

from __future__ import annotations

import argparse
import json
import sys

# the scopes of neurareport_resources.api.keys, named here so building the parser imports
# nothing (``neurareport extract`` starts fast)
SCOPES = ("upload", "read")
EXIT_OK, EXIT_USAGE = 0, 2


def _print(payload: object) -> None:
    json.dump(payload, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


def _fail(message: str) -> int:
    print(f"neurareport: {message}", file=sys.stderr)
    return EXIT_USAGE


def cmd_create(args: argparse.Namespace) -> int:
    from neurareport_resources.api.keys import ApiKeyError
    from neurareport_resources.api.settings import api_database
    from neurareport_resources.tenancy import TenantKeyError

    scopes = [s.strip() for s in args.scopes.split(",") if s.strip()]
    try:
        record, token = api_database().create_key(args.tenant, scopes, args.name)
    except (ApiKeyError, TenantKeyError) as exc:
        return _fail(str(exc))
    _print(
        {
            **record.to_dict(),
            "key": token,
            "note": "shown once: store it now; only its hash is kept",
        }
    )
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from neurareport_resources.api.settings import api_database
    from neurareport_resources.tenancy import TenantKeyError

    try:
        keys = api_database().list_keys(args.tenant)
    except TenantKeyError as exc:
        return _fail(str(exc))
    _print({"tenant": args.tenant, "keys": [k.to_dict() for k in keys]})
    return EXIT_OK


def cmd_revoke(args: argparse.Namespace) -> int:
    from neurareport_resources.api.keys import ApiKeyError
    from neurareport_resources.api.settings import api_database
    from neurareport_resources.tenancy import TenantKeyError

    try:
        record = api_database().revoke(args.tenant, args.key_id)
    except (ApiKeyError, TenantKeyError) as exc:
        return _fail(str(exc))
    _print(record.to_dict())
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``apikey`` and its subcommands to the ``neurareport`` parser."""
    parser = sub.add_parser("apikey", help="create, list and revoke a tenant's upload-API keys")
    commands = parser.add_subparsers(dest="apikey_command", required=True)

    create = commands.add_parser("create", help="a new key, printed once")
    create.add_argument("--tenant", required=True)
    create.add_argument(
        "--scopes", default=",".join(SCOPES), help=f"comma-separated: {', '.join(SCOPES)}"
    )
    create.add_argument("--name", default="", help="what the key is for (shown by list)")
    create.set_defaults(func=cmd_create)

    listing = commands.add_parser("list", help="the tenant's keys (never their secrets)")
    listing.add_argument("--tenant", required=True)
    listing.set_defaults(func=cmd_list)

    revoke = commands.add_parser("revoke", help="refuse every later request with this key")
    revoke.add_argument("--tenant", required=True)
    revoke.add_argument("key_id")
    revoke.set_defaults(func=cmd_revoke)
