"""``neurareport``: the command line beside the Dagster UI.

Subcommands import what they need when they run, so ``neurareport extract`` starts
fast and never loads Dagster. Machine-readable output (``--format json``) is a stable
interface; errors are one line on stderr and a non-zero exit code.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_NEEDS_REVIEW = 3  # extract --strict: read, but the statement did not settle


def _json_default(value: object) -> str:
    if isinstance(value, Decimal | date):
        return str(value)
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _print_json(payload: object) -> None:
    json.dump(payload, sys.stdout, indent=2, default=_json_default, ensure_ascii=False)
    sys.stdout.write("\n")


def _fail(message: str, code: int = EXIT_FAILED) -> int:
    print(f"neurareport: {message}", file=sys.stderr)
    return code


def _rows_as_csv(rows: Sequence[dict]) -> str:
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return buffer.getvalue()


# -- extract --------------------------------------------------------------------------------
def cmd_extract(args: argparse.Namespace) -> int:
    from neurareport_resources.csv_cells import neutralise
    from neurareport_resources.extraction import (
        ExtractionError,
        PasswordRequiredError,
        extract_statement,
    )

    path = Path(args.file)
    if path.is_dir():
        return _fail(f"{path}: is a folder; give one statement file (a PDF or a bank export)")
    if not path.is_file():
        return _fail(f"{path}: no such file; give the path of a statement PDF")
    try:
        password = _extract_password(args)
    except ValueError as exc:
        return _fail(str(exc), EXIT_USAGE)
    try:
        from neurareport_resources.exports import detect_export, read_export

        # a bank export (CSV, OFX/QFX, CAMT.053, MT940) reads into the same JSON as a PDF
        if detect_export(path) is not None:
            result = read_export(path)
        else:
            result = extract_statement(path, password=password)
    except PasswordRequiredError as exc:
        return _fail(
            f"{exc} — it is encrypted: give its password with --password-env VAR or "
            "--password-prompt"
        )
    except ExtractionError as exc:
        return _fail(str(exc))
    payload = result.to_dict()
    if args.format == "csv":
        sys.stdout.write(
            _rows_as_csv(
                [
                    # amounts are decimal strings: only the description is free text
                    {
                        k: neutralise(t[k]) if k == "description" else t[k]
                        for k in ("date", "description", "amount", "balance", "page")
                    }
                    for t in payload["transactions"]
                ]
            )
        )
    else:
        _print_json(payload)
    if args.strict and result.status != "ok":
        reasons = "; ".join(note.reason for note in result.review)
        return _fail(f"{path.name}: needs review: {reasons}", EXIT_NEEDS_REVIEW)
    return EXIT_OK


def _extract_password(args: argparse.Namespace) -> str | None:
    """The PDF password from ``--password-env VAR`` or ``--password-prompt`` (neither shows
    it in ``ps``), or ``--password`` (visible to every user of the machine while it runs)."""
    if args.password_env:
        import os

        value = os.environ.get(args.password_env)
        if value is None:
            raise ValueError(f"--password-env {args.password_env}: that variable is not set")
        return value
    if args.password_prompt:
        import getpass

        return getpass.getpass(f"password for {Path(args.file).name}: ")
    return args.password


# -- upload ---------------------------------------------------------------------------------
def cmd_upload(args: argparse.Namespace) -> int:
    from neurareport_resources.extraction import (
        ExtractionError,
        PasswordRequiredError,
        WrongPasswordError,
    )
    from neurareport_resources.settings import build_resources
    from neurareport_resources.storage import PERIOD_FOLDER
    from neurareport_resources.tenancy import TenantKeyError, validate_tenant_key
    from neurareport_resources.warehouse import period_key

    try:
        tenant = validate_tenant_key(args.tenant)
    except TenantKeyError as exc:
        return _fail(str(exc), EXIT_USAGE)
    if args.period and not PERIOD_FOLDER.match(args.period):
        return _fail(f"--period {args.period!r}: use YYYY-MM, e.g. 2025-03", EXIT_USAGE)
    resources = build_resources()
    store = resources["statement_store"].process_config_and_initialize().get_store()
    extraction = resources["extraction"].process_config_and_initialize()
    placed: list[dict] = []
    failures: list[dict] = []
    for name in args.files:
        path = Path(name)
        try:
            if path.is_dir():
                raise FileNotFoundError(f"{path}: is a folder; give the statement files in it")
            if not path.is_file():
                raise FileNotFoundError(f"{path}: no such file")
            # the configured limits: a file over one is refused here, never placed
            extraction.probe(path, tenant)
            period = args.period or period_key(extraction.statement_month(path, tenant))
            before = {f.path for f in store.list_files(tenant)}
            target = store.put(tenant, path, period=period)
            entry = {"file": str(path), "stored_as": target, "period": period}
            if target in before:  # put keeps the file already there with the same content
                entry["already_there"] = True
                print(f"neurareport: {path}: already in the inbox as {target}", file=sys.stderr)
            placed.append(entry)
        except (PasswordRequiredError, WrongPasswordError) as exc:
            reason = f"{exc} (set NEURAREPORT_PDF_PASSWORDS for tenant {tenant!r})"
            failures.append({"file": str(path), "reason": reason})
            _fail(reason)
        except (ExtractionError, FileNotFoundError, ValueError) as exc:
            failures.append({"file": str(path), "reason": str(exc)})
            _fail(str(exc))
    _print_json(
        {"tenant": tenant, "uploaded": placed, "failed": len(failures), "failures": failures}
    )
    return EXIT_FAILED if failures else EXIT_OK


# -- export ---------------------------------------------------------------------------------
EXPORTABLE_TABLES = ("transactions", "statements", "statement_files", "extracted_pages")


def cmd_export(args: argparse.Namespace) -> int:
    from neurareport_resources.csv_cells import csv_cell
    from neurareport_resources.settings import build_resources
    from neurareport_resources.storage import StoreError
    from neurareport_resources.tenancy import TenantKeyError, validate_tenant_key

    try:
        tenant = validate_tenant_key(args.tenant)
        period = date.fromisoformat(f"{args.period}-01")
    except TenantKeyError as exc:
        return _fail(str(exc), EXIT_USAGE)
    except ValueError:
        return _fail(f"--period {args.period!r}: use YYYY-MM, e.g. 2025-03", EXIT_USAGE)
    resources = build_resources()
    if args.reports:
        store = resources["report_store"].process_config_and_initialize().get_store()
        try:
            files = [report.uri for report in store.list_reports(tenant, args.period)]
        except StoreError as exc:
            return _fail(str(exc), EXIT_USAGE)
        if not files:
            return _fail(
                f"no reports for {tenant} {args.period}; materialize rendered_reports first"
            )
        _print_json({"tenant": tenant, "period": args.period, "reports": files})
        return EXIT_OK
    warehouse = resources["warehouse"].process_config_and_initialize().get_warehouse()
    table = warehouse.read_partition(args.table, tenant, period)
    if table.num_rows == 0 and (tenant, args.period) not in warehouse.partitions(
        args.table, tenant
    ):
        return _fail(
            f"nothing stored in {args.table} for {tenant} {args.period}; materialize it first"
        )
    rows = table.to_pylist()
    if args.format == "csv":
        # the report CSV's cell rule: text such as "=HYPERLINK(…)" cannot become a formula
        sys.stdout.write(_rows_as_csv([{k: csv_cell(v) for k, v in row.items()} for row in rows]))
    else:
        _print_json({"tenant": tenant, "period": args.period, "table": args.table, "rows": rows})
    return EXIT_OK


# -- demo -----------------------------------------------------------------------------------
def cmd_demo(args: argparse.Namespace) -> int:
    from neurareport_assets.demo import run_demo

    return run_demo(months=args.months)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="neurareport", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    extract = sub.add_parser(
        "extract", help="read one statement PDF or bank export into a ledger (no Dagster)"
    )
    extract.add_argument("file")
    secret = extract.add_mutually_exclusive_group()
    secret.add_argument(
        "--password-env",
        metavar="VAR",
        default=None,
        help="read the PDF password from environment variable VAR (not shown in ps)",
    )
    secret.add_argument(
        "--password-prompt",
        action="store_true",
        help="ask for the PDF password on the terminal (not shown in ps)",
    )
    secret.add_argument(
        "--password",
        default=None,
        help="password of an encrypted PDF (visible in ps: prefer --password-env)",
    )
    extract.add_argument("--format", choices=("json", "csv"), default="json")
    extract.add_argument(
        "--strict",
        action="store_true",
        help=f"exit {EXIT_NEEDS_REVIEW} when the statement needs review (it is still printed)",
    )
    extract.set_defaults(func=cmd_extract)

    upload = sub.add_parser(
        "upload", help="validate statement PDFs or bank exports and place them in a tenant's inbox"
    )
    upload.add_argument("--tenant", required=True)
    upload.add_argument(
        "--period", default=None, help="YYYY-MM; read from the statement when omitted"
    )
    upload.add_argument("files", nargs="+")
    upload.set_defaults(func=cmd_upload)

    export = sub.add_parser("export", help="read what the assets produced for a tenant and period")
    export.add_argument("--tenant", required=True)
    export.add_argument("--period", required=True, help="YYYY-MM")
    export.add_argument("--table", choices=EXPORTABLE_TABLES, default="transactions")
    export.add_argument("--format", choices=("json", "csv"), default="json")
    export.add_argument(
        "--reports", action="store_true", help="list the rendered report files instead"
    )
    export.set_defaults(func=cmd_export)

    demo = sub.add_parser("demo", help="generate sample statements and materialize every asset")
    demo.add_argument("--months", type=int, default=3)
    demo.set_defaults(func=cmd_demo)

    from neurareport_resources.contracts.cli import register as register_contract

    register_contract(sub)
    from neurareport_resources.analysis.cli import register as register_categorise

    register_categorise(sub)
    from neurareport_resources.api.cli import register as register_apikey

    register_apikey(sub)
    from neurareport_resources.rendering.cli import register as register_formats

    register_formats(sub)
    from neurareport_assets.review_cli import register as register_review

    register_review(sub)
    from neurareport_assets.usage_cli import register as register_usage

    register_usage(sub)
    from neurareport_assets.backfill_cli import register as register_backfill

    register_backfill(sub)
    return parser


EXIT_CLOSED_PIPE = 141  # 128 + SIGPIPE, as a shell tool whose reader went away


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = int(args.func(args) or 0)
        sys.stdout.flush()
    except BrokenPipeError:
        # `neurareport export … | head`: the reader has what it wanted; no traceback, and
        # nothing more written to the closed pipe when the interpreter flushes at exit
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_CLOSED_PIPE
    return code


if __name__ == "__main__":
    sys.exit(main())
