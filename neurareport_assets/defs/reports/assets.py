"""Reports: each contract rendered to PDF, HTML, XLSX and CSV, one set per account plus a combined one."""

import hashlib
import re
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

from neurareport_assets.markdown import markdown_table
from neurareport_assets.partitions import TenantPeriod, tenant_period_partitions
from neurareport_assets.policies import (
    ON_UPSTREAM_CHANGE,
    SINGLE_RUN_BACKFILL,
    TRANSIENT_RETRY,
    materialize_partitions,
)
from neurareport_assets.rules.ledger_checks import (
    dates_inside_period,
    no_duplicate_rows,
    opening_plus_net_equals_closing,
    running_balance_continuous,
)
from neurareport_resources.analysis import accounts_to_render, build_analysis
from neurareport_resources.atomic import atomic_directory
from neurareport_resources.contracts import Contract, execute_contract, validate_contract
from neurareport_resources.datasources import DuckDBSource
from neurareport_resources.rendering import (
    WorkbookData,
    build_report_context,
    page_count,
    render_html,
    render_pdf,
    write_ledger_csv,
    write_workbook,
)
from neurareport_resources.resources import (
    DataSourcesResource,
    ReportStoreResource,
    TemplateLibraryResource,
    WarehouseResource,
)
from neurareport_resources.warehouse import Warehouse


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "account"


def report_exceptions(wh: Warehouse, partition: TenantPeriod) -> list[dict]:
    """What the analyst must see on the exceptions page: flagged pages and failed ledger rules."""
    tenant, period = partition.tenant, partition.period_start
    exceptions = [
        {
            "kind": "page",
            "where": f"{p['file_name']} page {p['page']}",
            "detail": ", ".join(p["flags"]),
        }
        for p in wh.read_partition("extracted_pages", tenant, period).to_pylist()
        if p["flags"]
    ]
    rows = wh.read_partition("transactions", tenant, period).to_pylist()
    statements = wh.read_partition("statements", tenant, period).to_pylist()
    outcomes = {
        "running balance": running_balance_continuous(rows, statements),
        "opening + net = closing": opening_plus_net_equals_closing(rows, statements),
        "duplicate rows": no_duplicate_rows(rows, statements),
        "dates inside period": dates_inside_period(
            rows, statements, partition.period_start, partition.period_end
        ),
    }
    for name, outcome in outcomes.items():
        if not outcome.passed:
            first = outcome.first_failure or {}
            where = f"{first.get('file', '')} page {first.get('page', '?')} row {first.get('row_no', '?')}"
            exceptions.append(
                {
                    "kind": "check",
                    "where": where,
                    "detail": f"{name}: {outcome.failures} failure(s)",
                }
            )
    return exceptions


def data_as_of(wh: Warehouse, partition: TenantPeriod) -> datetime:
    """When the newest statement of the partition arrived (the period's end if none did)."""
    received = [
        row["received_at"]
        for row in wh.read_partition(
            "statement_files", partition.tenant, partition.period_start
        ).to_pylist()
        if row["received_at"] is not None
    ]
    if received:
        return max(received).replace(microsecond=0)
    return datetime.combine(partition.period_end, datetime.max.time(), UTC).replace(microsecond=0)


def analysis_connection(wh: Warehouse, partition: TenantPeriod, account: str | None):
    """A connection over the tenant's whole history (narrowed to ``account``) with views
    ``period_transactions``/``period_statements`` for this month and ``history`` for the
    months before it — recurring payments need earlier months to show."""
    conn = wh.connect_tenant(partition.tenant, account=account)
    month = partition.period_start.isoformat()  # a date, never user text
    conn.execute(
        f"CREATE TEMP VIEW period_transactions AS SELECT * FROM transactions WHERE period = DATE '{month}'"
    )
    conn.execute(
        f"CREATE TEMP VIEW period_statements AS SELECT * FROM statements WHERE period = DATE '{month}'"
    )
    conn.execute(
        f"CREATE TEMP VIEW history AS SELECT * FROM transactions WHERE period < DATE '{month}'"
    )
    return conn


@dg.asset(
    partitions_def=tenant_period_partitions,
    deps=["report_contracts"],
    group_name="reports",
    kinds={"pdf", "excel", "html", "csv"},
    owners=["team:reporting"],
    code_version="1",
    backfill_policy=SINGLE_RUN_BACKFILL,
    automation_condition=ON_UPSTREAM_CHANGE,
    retry_policy=TRANSIENT_RETRY,
    description="The files rendered from each contract (PDF, XLSX, HTML, CSV) with a manifest.",
)
def rendered_reports(
    context: dg.AssetExecutionContext,
    templates: TemplateLibraryResource,
    data_sources: DataSourcesResource,
    warehouse: WarehouseResource,
    report_store: ReportStoreResource,
) -> dg.MaterializeResult:
    return materialize_partitions(
        context,
        lambda partition: _rendered_reports_for(
            partition, context, templates, data_sources, warehouse, report_store
        ),
    )


def _rendered_reports_for(
    partition: TenantPeriod,
    context: dg.AssetExecutionContext,
    templates: TemplateLibraryResource,
    data_sources: DataSourcesResource,
    warehouse: WarehouseResource,
    report_store: ReportStoreResource,
) -> dg.MaterializeResult:
    tenant, period = partition.tenant, partition.period_start
    wh = warehouse.get_warehouse()
    exceptions = report_exceptions(wh, partition)
    params = {
        "tenant": tenant,
        "period_start": partition.period_start,
        "period_end": partition.period_end,
        "period": partition.period_key,
    }
    # the newest statement's arrival, not the wall clock: re-rendering unchanged data gives
    # byte-identical files, so delivery (idempotent by file hash) never re-sends them
    generated_at = data_as_of(wh, partition)
    conn = wh.connect_tenant(tenant, [period])
    accounts = accounts_to_render(conn, "transactions")
    statement_names = {
        s["statement_id"]: s["file_name"]
        for s in wh.read_partition("statements", tenant, period).to_pylist()
    }
    manifest: list[dict] = []
    skipped: list[str] = []
    for name, template_dir in templates.template_dirs().items():
        stored = wh.read_document("contracts", tenant, period, name)
        if stored is None:
            skipped.append(f"{name}: no contract; materialize report_contracts first")
            continue
        contract = Contract.model_validate(stored)
        source = data_sources.source_for(tenant, wh, [period])
        validation = validate_contract(contract, source)
        if not validation.ok:
            skipped.append(f"{name}: contract invalid: {'; '.join(validation.errors)}")
            continue
        # a tenant's own database serves one combined report; the warehouse bursts per account
        targets = accounts if isinstance(source, DuckDBSource) else [None]
        with atomic_directory(
            report_store.report_dir(tenant, partition.period_key, name)
        ) as staging:
            for account in targets:
                account_source = (
                    DuckDBSource(
                        lambda account=account: wh.connect_tenant(
                            tenant, [period], account=account
                        ),
                        name="warehouse",
                    )
                    if isinstance(source, DuckDBSource)
                    else source
                )
                result = execute_contract(contract, account_source, params)
                account_conn = analysis_connection(wh, partition, account)
                analysis = build_analysis(
                    account_conn, "period_transactions", "period_statements", history="history"
                )
                ledger_rows = (
                    account_conn.execute(
                        "SELECT * FROM period_transactions"
                        " ORDER BY txn_date, account_number, page, row_no"
                    )
                    .to_arrow_table()
                    .to_pylist()
                )
                account_conn.close()
                label = account or "all accounts"
                report_meta = {
                    "tenant": tenant,
                    "period": partition.period_key,
                    "generated_at": generated_at,
                    "title": f"Monthly account report — {label}",
                    "account_label": label,
                    "exceptions": exceptions,
                }
                report_context = build_report_context(
                    result.scalars, result.rows, result.totals, analysis, report_meta
                )
                stem = f"{name}-{tenant}-{partition.period_key}-" + (
                    _slug(account) if account else "combined"
                )
                html = render_html(template_dir, report_context)
                (staging / f"{stem}.html").write_text(html, encoding="utf-8")
                pdf_path = staging / f"{stem}.pdf"
                pdf_path.write_bytes(render_pdf(html, template_dir=template_dir))
                write_workbook(
                    staging / f"{stem}.xlsx",
                    WorkbookData(
                        title=report_meta["title"],
                        analysis=analysis,
                        transactions=ledger_rows,
                        transaction_count=len(ledger_rows),
                        currency=analysis.currency,
                        meta={**report_meta, "template": name},
                        exceptions=[
                            {"severity": "WARNING", "source": e["where"], "message": e["detail"]}
                            for e in exceptions
                        ],
                        statement_files=statement_names,
                    ),
                )
                write_ledger_csv(staging / f"{stem}.csv", ledger_rows)
                for suffix in (".pdf", ".xlsx", ".html", ".csv"):
                    path = staging / f"{stem}{suffix}"
                    manifest.append(
                        {
                            "template": name,
                            "account": label,
                            "format": suffix.lstrip("."),
                            "file": path.name,
                            "sha256": _sha256(path),
                            "bytes": path.stat().st_size,
                            "pages": page_count(path.read_bytes()) if suffix == ".pdf" else None,
                        }
                    )
        folder = report_store.report_dir(tenant, partition.period_key, name)
        for entry in manifest:
            if entry["template"] == name:
                entry["path"] = str(folder / entry["file"])
    conn.close()
    wh.write_document("report_manifests", tenant, period, "manifest", {"files": manifest})
    for reason in skipped:
        context.log.warning(reason)
    pdfs = [m for m in manifest if m["format"] == "pdf"]
    metadata: dict[str, dg.RawMetadataValue] = {
        "files": len(manifest),
        "pdf_pages": sum(m["pages"] or 0 for m in pdfs),
        "accounts": dg.MetadataValue.json([a or "combined" for a in accounts]),
        "skipped_templates": dg.MetadataValue.json(skipped),
        "exceptions": len(exceptions),
        "manifest": dg.MetadataValue.md(
            markdown_table(
                [
                    {k: m[k] for k in ("template", "account", "format", "pages", "bytes")}
                    | {"sha256": m["sha256"][:12]}
                    for m in manifest
                ]
            )
        ),
    }
    for m in pdfs[:4]:
        metadata[f"pdf: {m['file']}"] = dg.MetadataValue.path(m["path"])
    for m in [m for m in manifest if m["format"] == "xlsx"][:4]:
        metadata[f"xlsx: {m['file']}"] = dg.MetadataValue.path(m["path"])
    return dg.MaterializeResult(metadata=metadata)
