"""Reports: each contract rendered to its template's formats, one set per account plus a combined one.

The formats come from the renderer registry (``neurareport_resources.rendering.formats``):
a template lists them in ``templates/<name>/template.yaml`` (``formats: [pdf, docx, ofx]``),
else it renders PDF, HTML, XLSX and CSV.

One asset per template (``rendered_reports/<template>``); one op renders whichever of them a
run selects, reading what they share (accounts, exceptions, connections) once per partition.
"""

import re
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import duckdb

from neurareport_assets.holds import (
    MANIFESTS,
    PartitionReview,
    approval_command,
    partition_review,
)
from neurareport_assets.markdown import markdown_table
from neurareport_assets.partitions import TenantPeriod, partition_check, tenant_period_partitions
from neurareport_assets.policies import (
    CHECK_DETAIL_LIMIT,
    ON_UPSTREAM_CHANGE,
    SINGLE_RUN_BACKFILL,
    TRANSIENT_RETRY,
    is_transient,
    materialize_partitions_of_each_asset,
    retried_only_when_transient,
)
from neurareport_assets.report_templates import (
    REPORTS,
    TEMPLATE_NAMES,
    contract_key,
    report_key,
    selected_templates,
)
from neurareport_assets.rules.ledger_checks import LEDGER_RULES, check_ledger
from neurareport_assets.webhook_events import (
    emit_events,
    failed_check_events,
    held_events,
    rendered_events,
)
from neurareport_resources.analysis import accounts_to_render, build_analysis
from neurareport_resources.contracts import Contract, execute_contract, validate_contract
from neurareport_resources.datasources import DataSource, DuckDBSource, close_source
from neurareport_resources.rendering import (
    DEFAULT_FORMATS,
    RenderLimits,
    ReportBundle,
    WorkbookData,
    build_report_context,
    explain_check,
    explain_page_flags,
    kinds_for,
    normalise_exceptions,
    renderer,
    template_formats,
    write_report_bundle,
)
from neurareport_resources.resources import (
    DataSourcesResource,
    NotifierResource,
    ReportStoreResource,
    TemplateLibraryResource,
    WarehouseResource,
)
from neurareport_resources.review import (
    HELD,
    REVIEW_FILE,
    manifest_fingerprint,
    read_decisions,
    release_state,
)
from neurareport_resources.validation_rules import (
    ValidationOutcome,
    rules_for,
    run_validation,
    set_aside,
)
from neurareport_resources.warehouse import Warehouse

VALIDATION_BLOCKING = "validation_blocking"
VALIDATION_WARNINGS = "validation_warnings"
ROWS_SET_ASIDE = "rows_set_aside"
REPORT_RENDERED = "report_rendered"
RELEASED_FOR_DELIVERY = "released_for_delivery"


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "account"


def report_exceptions(wh: Warehouse, partition: TenantPeriod) -> list[dict]:
    """What the analyst must see on the exceptions page: flagged pages and failed ledger rules."""
    tenant, period = partition.tenant, partition.period_start
    exceptions = [
        {
            "kind": "page",
            "where": f"{p['file_name']} page {p['page']}",
            "detail": explained.what,
            "action": explained.action,
        }
        for p in wh.read_partition("extracted_pages", tenant, period).to_pylist()
        for explained in explain_page_flags(p["flags"] or [])
    ]
    rows = wh.read_partition("transactions", tenant, period).to_pylist()
    statements = wh.read_partition("statements", tenant, period).to_pylist()
    outcomes = check_ledger(rows, statements, partition.period_start, partition.period_end)
    for name, outcome in outcomes.items():
        if not outcome.passed:
            first = outcome.first_failure or {}
            where = f"{first.get('file', '')} page {first.get('page', '?')} row {first.get('row_no', '?')}"
            explained = explain_check(name, outcome.failures, LEDGER_RULES[name])
            exceptions.append(
                {
                    "kind": "check",
                    "where": where,
                    "detail": explained.what,
                    "action": explained.action,
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


def analysis_connection(
    wh: Warehouse, partition: TenantPeriod, account: str | None
) -> duckdb.DuckDBPyConnection:
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


@contextmanager
def closing_source(source: DataSource) -> Iterator[DataSource]:
    """``source``, closed (its connection released) on the way out."""
    try:
        yield source
    finally:
        close_source(source)


class AnalysisConnections:
    """One analysis connection per account, opened on first use and shared by every
    template's validation and rendering in a partition."""

    def __init__(self, wh: Warehouse, partition: TenantPeriod) -> None:
        self.wh = wh
        self.partition = partition
        self._open: dict[str | None, duckdb.DuckDBPyConnection] = {}

    def get(self, account: str | None) -> duckdb.DuckDBPyConnection:
        if account not in self._open:
            self._open[account] = analysis_connection(self.wh, self.partition, account)
        return self._open[account]

    def close(self) -> None:
        for conn in self._open.values():
            conn.close()
        self._open.clear()


def report_checks(name: str) -> list[dg.AssetCheckSpec]:
    key = report_key(name)
    return [
        partition_check(
            VALIDATION_BLOCKING,
            asset=key,
            blocking=True,
            description="no BLOCKING validation rule failed (a blocked report is neither rendered nor sent)",
        ),
        partition_check(
            VALIDATION_WARNINGS,
            asset=key,
            description="WARNING rules that failed (shown on the report's exceptions page)",
        ),
        partition_check(
            ROWS_SET_ASIDE,
            asset=key,
            description="rows CORRECTABLE rules set aside into the Exceptions sheet",
        ),
        partition_check(
            REPORT_RENDERED,
            asset=key,
            description=(
                "the template rendered (within its time and memory limits); a template that "
                "fails fails alone: the other templates render and deliver, the last good "
                "report is kept and nothing of this one is sent"
            ),
        ),
        partition_check(
            RELEASED_FOR_DELIVERY,
            asset=key,
            description=(
                "nothing holds the report for review: the ledger reconciles, no statement "
                "needs review, uncategorised money is within the tenant's limit and the "
                "contract is approved — or an analyst approved exactly these files"
            ),
        ),
    ]


def formats_at_load(name: str) -> tuple[str, ...]:
    """The formats template ``name`` renders, read when the code location loads (for the
    asset's ``kinds``). A broken ``template.yaml`` does not stop the location loading: the
    render itself fails then, alone, naming the file."""
    from neurareport_resources.settings import template_library_root

    try:
        library = TemplateLibraryResource(root=str(template_library_root()))
        return template_formats(library.template_dir(name))
    except Exception:
        return DEFAULT_FORMATS


def build_rendered_reports(names: list[str]) -> dg.AssetsDefinition:
    """One ``rendered_reports/<template>`` asset per template, rendered by one subsettable op."""

    @dg.multi_asset(
        name=REPORTS,
        specs=[
            dg.AssetSpec(
                report_key(name),
                deps=[contract_key(name)],
                group_name="reports",
                kinds=kinds_for(formats_at_load(name)),
                owners=["team:reporting"],
                code_version="1",
                automation_condition=ON_UPSTREAM_CHANGE,
                description=(
                    f"Template `{name}` rendered to "
                    f"{', '.join(f.upper() for f in formats_at_load(name))}, one set per "
                    "account plus a combined one, with a manifest."
                ),
            )
            for name in names
        ],
        check_specs=[spec for name in names for spec in report_checks(name)],
        partitions_def=tenant_period_partitions,
        can_subset=True,
        backfill_policy=SINGLE_RUN_BACKFILL,
        retry_policy=TRANSIENT_RETRY,
    )
    def rendered_reports(
        context: dg.AssetExecutionContext,
        templates: TemplateLibraryResource,
        data_sources: DataSourcesResource,
        warehouse: WarehouseResource,
        report_store: ReportStoreResource,
        notifier: NotifierResource,
    ) -> Iterator[dg.MaterializeResult | dg.AssetCheckEvaluation]:
        selected = selected_templates(context, REPORTS)
        with retried_only_when_transient("rendered_reports"):
            yield from materialize_partitions_of_each_asset(
                context,
                lambda partition: _with_webhooks(
                    partition,
                    selected,
                    _rendered_reports_for(
                        partition,
                        selected,
                        context,
                        templates,
                        data_sources,
                        warehouse,
                        report_store,
                    ),
                    context,
                    notifier,
                    warehouse,
                ),
            )

    return rendered_reports


rendered_reports = build_rendered_reports(TEMPLATE_NAMES)


def _with_webhooks(
    partition: TenantPeriod,
    names: list[str],
    results: list[dg.MaterializeResult],
    context: dg.AssetExecutionContext,
    notifier: NotifierResource,
    warehouse: WarehouseResource,
) -> list[dg.MaterializeResult]:
    """``report.rendered`` / ``report.held`` / ``check.failed`` webhooks for what was just
    rendered."""
    wh = warehouse.get_warehouse()
    events = []
    for name, result in zip(names, results, strict=True):
        stored = wh.read_document(
            "report_manifests", partition.tenant, partition.period_start, name
        )
        events += rendered_events(partition, name, (stored or {}).get("files", []))
        events += held_events(partition, name, stored or {})
        events += failed_check_events(partition, name, result)
    emit_events(events, partition, notifier, wh, context.log)
    return results


@dataclass
class PartitionInputs:
    """What every template of one partition renders from, read once."""

    partition: TenantPeriod
    wh: Warehouse
    source: DataSource  # what the contracts run against
    accounts: list[str | None]
    page_exceptions: list[dict]
    meta: dict  # generated_at, statement_files
    connections: AnalysisConnections
    review: PartitionReview  # what holds every template of the partition for review


def _rendered_reports_for(
    partition: TenantPeriod,
    names: list[str],
    context: dg.AssetExecutionContext,
    templates: TemplateLibraryResource,
    data_sources: DataSourcesResource,
    warehouse: WarehouseResource,
    report_store: ReportStoreResource,
) -> list[dg.MaterializeResult]:
    tenant, period = partition.tenant, partition.period_start
    wh = warehouse.get_warehouse()
    source = data_sources.source_for(tenant, wh, [period])
    statement_names = {
        s["statement_id"]: s["file_name"]
        for s in wh.read_partition("statements", tenant, period).to_pylist()
    }
    # one DuckDB connection per purpose and partition, shared by every template (opening
    # one costs more than most of the queries it serves)
    with closing(AnalysisConnections(wh, partition)) as connections, closing_source(source):
        if isinstance(source, DuckDBSource):
            # the warehouse source sees this month's tables, as the accounts query needs
            accounts = accounts_to_render(source.connection(), "transactions")
        else:
            with closing(wh.connect_tenant(tenant, [period])) as conn:
                accounts = accounts_to_render(conn, "transactions")
        inputs = PartitionInputs(
            partition=partition,
            wh=wh,
            source=source,
            accounts=accounts,
            page_exceptions=report_exceptions(wh, partition),
            # the newest statement's arrival, not the wall clock: re-rendering unchanged data
            # gives byte-identical files, so delivery (idempotent by file hash) re-sends nothing
            meta={"generated_at": data_as_of(wh, partition), "statement_files": statement_names},
            connections=connections,
            review=partition_review(wh, partition, templates.tenant_file(tenant, REVIEW_FILE)),
        )
        return [
            _render_template_alone(name, inputs, context, templates, report_store) for name in names
        ]


def _render_template_alone(
    name: str,
    inputs: PartitionInputs,
    context: dg.AssetExecutionContext,
    templates: TemplateLibraryResource,
    report_store: ReportStoreResource,
) -> dg.MaterializeResult:
    """One template's render, failing alone: a template that cannot render (its Jinja, its
    contract, its rules, a render limit) fails its ``report_rendered`` check and sends
    nothing, the last good report stays, and the other templates render and deliver. A
    transient error (the network, a database) is raised, so the step is retried."""
    try:
        return _render_template(name, inputs, context, templates, report_store)
    except Exception as error:
        if is_transient(error):
            raise
        partition, key = inputs.partition, report_key(name)
        reason = f"{name}: not rendered: {type(error).__name__}: {error}"
        context.log.error(reason)
        # delivery sends what the manifest lists: nothing of this template this time
        inputs.wh.write_document(
            MANIFESTS, partition.tenant, partition.period_start, name, {"files": []}
        )
        return dg.MaterializeResult(
            asset_key=key,
            metadata={"files": 0, "render_error": reason},
            check_results=[
                dg.AssetCheckResult(
                    check_name=REPORT_RENDERED,
                    asset_key=key,
                    passed=False,
                    severity=dg.AssetCheckSeverity.ERROR,
                    metadata={"error": reason[:2000]},
                )
            ],
        )


def _render_template(
    name: str,
    inputs: PartitionInputs,
    context: dg.AssetExecutionContext,
    templates: TemplateLibraryResource,
    report_store: ReportStoreResource,
) -> dg.MaterializeResult:
    partition, wh, source = inputs.partition, inputs.wh, inputs.source
    tenant, period = partition.tenant, partition.period_start
    template_dir = templates.template_dir(name)
    formats = template_formats(template_dir)
    key = report_key(name)
    manifest: list[dict] = []
    skipped: list[str] = []
    blocked: list[str] = []
    warnings: list[str] = []
    set_aside_rows: list[str] = []
    not_applicable: list[str] = []
    stored = wh.read_document("contracts", tenant, period, name)
    contract = Contract.model_validate(stored) if stored is not None else None
    validation = validate_contract(contract, source) if contract is not None else None
    if contract is None or validation is None:
        skipped.append(f"{name}: no contract; materialize {contract_key(name).to_user_string()}")
    elif not validation.ok:
        skipped.append(f"{name}: contract invalid: {'; '.join(validation.errors)}")
    else:
        # a tenant's own database serves one combined report; the warehouse bursts per account
        targets = inputs.accounts if isinstance(source, DuckDBSource) else [None]
        rules = rules_for(template_dir, templates.tenant_dir(tenant))
        outcomes = {
            account: run_validation(
                inputs.connections.get(account), "period_transactions", "period_statements", rules
            )
            for account in targets
        }
        blocked = [
            f"{name} / {account or 'combined'}: {r.rule}: {r.message}"
            for account, outcome in outcomes.items()
            for r in outcome.blocking_failures
        ]
        # BLOCKING: nothing is rendered or sent; the last good report stays in place
        if not blocked:
            for account, outcome in outcomes.items():
                warnings.extend(
                    f"{name} / {account or 'combined'}: {r.message}" for r in outcome.warnings
                )
                set_aside_rows.extend(
                    f"{s}/{p}/{n}" for s, p, n in sorted(outcome.correctable_keys)
                )
            store = report_store.get_store()
            for account in targets:
                # rendered locally, then published as one set (a folder swap, or an upload to
                # the bucket); a render that fails leaves the previous set in place
                folder = _slug(account) if account else "combined"
                with store.writing(tenant, partition.period_key, name, folder) as report:
                    rendered = _render_account(
                        report.folder,
                        partition=partition,
                        template=(name, template_dir),
                        contract=contract,
                        source=source,
                        wh=wh,
                        account=account,
                        conn=inputs.connections.get(account),
                        outcome=outcomes[account],
                        page_exceptions=inputs.page_exceptions,
                        meta=inputs.meta,
                        log=context.log,
                        limits=templates.render_limits(),
                        formats=formats,
                    )
                not_applicable.extend(
                    f"{account or 'combined'}: {why}" for why in rendered.skipped.values()
                )
                published = {f.name: f for f in report.published}
                manifest.extend(
                    {
                        "template": name,
                        "account": account or "all accounts",
                        "format": r.kind,
                        "media_type": renderer(r.kind).media_type,
                        "file": r.path.name,
                        "path": published[r.path.name].uri,
                        "sha256": published[r.path.name].sha256,
                        "bytes": published[r.path.name].size_bytes,
                        "pages": r.pages,
                    }
                    for r in rendered.files
                )
    # held for review: rendered (the analyst reads it) and marked a draft, not delivered
    reasons = inputs.review.reasons(contract.status.value if contract is not None else None)
    fingerprint = manifest_fingerprint(manifest)
    release = release_state(reasons, fingerprint, read_decisions(wh, tenant, period, name))
    # delivery sends what the manifest lists (nothing of a skipped or blocked template) once
    # the report is released: no reason holds it, or an analyst approved this fingerprint
    wh.write_document(
        MANIFESTS,
        tenant,
        period,
        name,
        {
            "files": manifest,
            "fingerprint": fingerprint,
            "status": "draft" if release.status == HELD else release.status,
            "hold_reasons": [{"code": r.code, "detail": r.detail} for r in reasons],
        },
    )
    for reason in skipped + blocked:
        context.log.warning(reason)
    pdfs = [m for m in manifest if m["format"] == "pdf"]
    metadata: dict[str, dg.RawMetadataValue] = {
        "files": len(manifest),
        "review": dg.MetadataValue.text(
            "HELD for review (draft, not delivered)" if release.status == HELD else release.status
        ),
        "pdf_pages": sum(m["pages"] or 0 for m in pdfs),
        "accounts": dg.MetadataValue.json([a or "combined" for a in inputs.accounts]),
        "skipped": dg.MetadataValue.json(skipped),
        "blocked": dg.MetadataValue.json(blocked),
        "formats": dg.MetadataValue.json(list(formats)),
        "formats_not_applicable": dg.MetadataValue.json(not_applicable),
        "exceptions": len(inputs.page_exceptions) + len(warnings),
        "rows_set_aside": len(set_aside_rows),
        "manifest": dg.MetadataValue.md(
            markdown_table(
                [
                    {k: m[k] for k in ("account", "format", "pages", "bytes")}
                    | {"sha256": m["sha256"][:12]}
                    for m in manifest
                ]
            )
        ),
    }
    # a link to every rendered file (PDF, HTML, XLSX, CSV, …) of the first accounts
    for m in manifest[:24]:
        metadata[f"{m['format']}: {m['file']}"] = dg.MetadataValue.path(m["path"])
    return dg.MaterializeResult(
        asset_key=key,
        metadata=metadata,
        check_results=[
            dg.AssetCheckResult(
                check_name=VALIDATION_BLOCKING,
                asset_key=key,
                passed=not blocked,
                metadata={"blocked": dg.MetadataValue.json(blocked[:CHECK_DETAIL_LIMIT])},
            ),
            dg.AssetCheckResult(
                check_name=VALIDATION_WARNINGS,
                asset_key=key,
                passed=not warnings,
                severity=dg.AssetCheckSeverity.WARN,
                metadata={"warnings": dg.MetadataValue.json(warnings[:CHECK_DETAIL_LIMIT])},
            ),
            dg.AssetCheckResult(
                check_name=ROWS_SET_ASIDE,
                asset_key=key,
                passed=not set_aside_rows,
                severity=dg.AssetCheckSeverity.WARN,
                metadata={
                    "rows": len(set_aside_rows),
                    "first_rows (statement/page/row)": dg.MetadataValue.json(
                        set_aside_rows[:CHECK_DETAIL_LIMIT]
                    ),
                },
            ),
            dg.AssetCheckResult(check_name=REPORT_RENDERED, asset_key=key, passed=True),
            _release_check(key, release, partition, name, bool(manifest)),
        ],
    )


def _release_check(key, release, partition: TenantPeriod, name: str, rendered: bool):
    """``released_for_delivery``: failed (a warning) while the report waits for an analyst,
    with the reasons and the command that approves it."""
    metadata: dict[str, dg.RawMetadataValue] = {
        "status": release.status,
        "fingerprint": release.fingerprint,
        "hold_reasons": dg.MetadataValue.md(
            markdown_table([{"reason": r.code, "detail": r.detail} for r in release.reasons])
        ),
    }
    if release.decision is not None:
        d = release.decision
        metadata["decision"] = dg.MetadataValue.json(d.to_dict())
    if not release.deliverable:
        metadata["how to release"] = dg.MetadataValue.md(
            "Read the report, then approve it (recorded: who, when, why, this fingerprint):\n\n"
            f"    {approval_command(partition.tenant, partition.period_key, name)}\n\n"
            "or launch the job `approve_report` with config `tenant`, `period`, `template`, "
            "`note`. Reject with `neurareport reject … --note REASON`."
        )
    return dg.AssetCheckResult(
        check_name=RELEASED_FOR_DELIVERY,
        asset_key=key,
        passed=release.deliverable or not rendered,
        severity=dg.AssetCheckSeverity.WARN,
        description=(
            f"held for review: {len(release.reasons)} reason(s)"
            if release.status == HELD
            else f"{release.status}"
        ),
        metadata=metadata,
    )


def _render_account(
    folder: Path,
    *,
    partition: TenantPeriod,
    template: tuple[str, Path],
    contract: Contract,
    source,
    wh: Warehouse,
    account: str | None,
    conn: duckdb.DuckDBPyConnection,
    outcome: ValidationOutcome,
    page_exceptions: list[dict],
    meta: dict,
    log,
    limits: RenderLimits,
    formats: tuple[str, ...] = DEFAULT_FORMATS,
) -> ReportBundle:
    """Render one account's (or the combined) report in ``formats`` into ``folder``.

    Rows that CORRECTABLE rules flagged are left out of every output and listed on the
    workbook's Exceptions sheet; failed WARNING rules appear on the exceptions page.
    """
    name, template_dir = template
    tenant, period = partition.tenant, partition.period_start
    params = {
        "tenant": tenant,
        "period_start": partition.period_start,
        "period_end": partition.period_end,
        "period": partition.period_key,
    }
    excluded = outcome.correctable_keys
    if isinstance(source, DuckDBSource):
        if account is None and not excluded:
            # the combined report with nothing set aside sees exactly the partition's views
            result = execute_contract(contract, source, params)
        else:
            with DuckDBSource(
                lambda: wh.connect_tenant(tenant, [period], account=account, exclude_rows=excluded),
                name="warehouse",
            ) as narrowed:
                result = execute_contract(contract, narrowed, params)
    else:
        result = execute_contract(contract, source, params)
    clean_ledger, aside = set_aside(conn, "period_transactions", outcome)
    analysis = build_analysis(conn, clean_ledger, "period_statements", history="history")
    ledger_rows = (
        conn.sql(f"SELECT * FROM {clean_ledger} ORDER BY txn_date, account_number, page, row_no")
        .to_arrow_table()
        .to_pylist()
    )
    label = account or "all accounts"
    rule_exceptions = outcome.exceptions()
    kinds = conn.execute(
        "SELECT DISTINCT kind FROM period_statements WHERE kind IS NOT NULL"
    ).fetchall()
    report_meta = {
        # account | credit_card: the bank imports (OFX) write a card statement as one
        "statement_kind": kinds[0][0] if len(kinds) == 1 else None,
        "tenant": tenant,
        "period": partition.period_key,
        "generated_at": meta["generated_at"],
        "title": f"Monthly account report — {label}",
        "account_label": label,
        "exceptions": page_exceptions + rule_exceptions,
        "validation": outcome.validation_rows(),
    }
    context = build_report_context(
        result.scalars, result.rows, result.totals, analysis, report_meta
    )
    stem = f"{name}-{tenant}-{partition.period_key}-" + (_slug(account) if account else "combined")
    # every file or none: a report that fails to render leaves the last good set in place
    bundle = write_report_bundle(
        folder,
        basename=stem,
        template_dir=template_dir,
        context=context,
        workbook=WorkbookData(
            title=report_meta["title"],
            analysis=analysis,
            transactions=ledger_rows,
            transaction_count=len(ledger_rows),
            currency=analysis.currency,
            meta={**report_meta, "template": name},
            exceptions=normalise_exceptions(page_exceptions + rule_exceptions) + aside,
            validation=outcome.validation_rows(),
            statement_files=meta["statement_files"],
        ),
        ledger_rows=ledger_rows,
        formats=formats,
        limits=limits,
    )
    for resource in bundle.blocked_resources:
        log.warning(f"{name}: the template asked for {resource}; not fetched (outside its folder)")
    return bundle
