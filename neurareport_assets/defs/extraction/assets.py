"""Extraction: every statement's pages read into table rows, with the strategy that read them."""

import contextlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import dagster as dg
import pyarrow as pa

from neurareport_assets.markdown import markdown_table
from neurareport_assets.partitions import TenantPeriod, tenant_period_partitions
from neurareport_assets.policies import (
    ON_UPSTREAM_CHANGE,
    SINGLE_RUN_BACKFILL,
    materialize_partitions,
)
from neurareport_assets.usage_records import record_llm_usage
from neurareport_resources.extraction import (
    ExtractionError,
    PasswordRequiredError,
    WrongPasswordError,
)
from neurareport_resources.llm.usage import LlmUsage, metered
from neurareport_resources.paths import PathEscapeError
from neurareport_resources.resources import (
    ExtractionResource,
    LlmResource,
    StatementStoreResource,
    WarehouseResource,
)
from neurareport_resources.warehouse import (
    EXTRACTED_PAGES_SCHEMA,
    EXTRACTED_ROWS_SCHEMA,
    STATEMENTS_SCHEMA,
)

# about the configuration, not the file: the file stays in the inbox for the next run
_CONFIGURATION_ERRORS = (PasswordRequiredError, WrongPasswordError)


@dg.asset(
    partitions_def=tenant_period_partitions,
    deps=["statement_files"],
    group_name="extraction",
    kinds={"pdf", "parquet"},
    owners=["team:extraction"],
    code_version="1",
    backfill_policy=SINGLE_RUN_BACKFILL,
    automation_condition=ON_UPSTREAM_CHANGE,
    description="Per statement and page: the table rows found, the strategy that found them, page flags.",
)
def extracted_tables(
    context: dg.AssetExecutionContext,
    statement_store: StatementStoreResource,
    extraction: ExtractionResource,
    warehouse: WarehouseResource,
    llm: LlmResource,
) -> Iterator[dg.MaterializeResult | dg.AssetCheckEvaluation]:
    advisor = llm.column_role_advisor()
    yield from materialize_partitions(
        context,
        lambda partition: _extracted_tables_for(
            partition, context, statement_store, extraction, warehouse, advisor
        ),
    )


def _extracted_tables_for(
    partition: TenantPeriod,
    context: dg.AssetExecutionContext,
    statement_store: StatementStoreResource,
    extraction: ExtractionResource,
    warehouse: WarehouseResource,
    advisor: Callable | None,
) -> dg.MaterializeResult:
    wh = warehouse.get_warehouse()
    store = statement_store.get_store()
    files = wh.read_partition(
        "statement_files", partition.tenant, partition.period_start
    ).to_pylist()

    pages: list[dict] = []
    rows: list[dict] = []
    headers: list[dict] = []
    failures: list[dict] = []
    base = {"tenant": partition.tenant, "period": partition.period_start}
    llm_usage = LlmUsage()
    for statement in files:
        statement_id, file_name = statement["statement_id"], statement["file_name"]
        try:
            with (
                store.local_file(statement["store_path"], partition.tenant) as local,
                metered(into=llm_usage),  # the column-role advisor's completions, if any
            ):
                result = extraction.extract(
                    Path(local), partition.tenant, column_role_advisor=advisor
                )
        except (ExtractionError, FileNotFoundError, PathEscapeError) as exc:
            # one unreadable statement is reported and the others go on; a file that cannot
            # be read (over a limit, damaged) is quarantined once with its reason, so no later
            # run parses it again — only a missing password leaves it in the inbox
            moved_to = ""
            if isinstance(exc, ExtractionError) and not isinstance(exc, _CONFIGURATION_ERRORS):
                with contextlib.suppress(FileNotFoundError):
                    moved_to = store.quarantine(partition.tenant, statement["store_path"], str(exc))
            context.log.error(
                f"{file_name}: {exc}" + (f" (quarantined: {moved_to})" if moved_to else "")
            )
            failures.append({"file": file_name, "reason": str(exc), "moved_to": moved_to})
            pages.append(
                {
                    **base,
                    "statement_id": statement_id,
                    "file_name": file_name,
                    "page": 0,
                    "strategy": None,
                    "flags": ["unreadable"],
                    "rejected": json.dumps({"engine": str(exc)}),
                    "row_count": 0,
                    "columns": [],
                    "table_rows": "[]",
                }
            )
            continue
        review_reason = "; ".join(
            f"page {note.page}: {note.reason}" if note.page else note.reason
            for note in result.review
        )
        for account_index, account in enumerate(result.accounts):
            header = account.header
            headers.append(
                {
                    **base,
                    "statement_id": statement_id,
                    "file_name": file_name,
                    "account_index": account_index,
                    "account_number": header.account_number,
                    "kind": account.kind,
                    "currency": header.currency,
                    "holder": header.holder,
                    "period_start": header.period_start,
                    "period_end": header.period_end,
                    "opening_balance": header.opening_balance,
                    "closing_balance": header.closing_balance,
                    "page_count": result.page_count,
                    "needs_review": bool(result.review),
                    "review_reason": review_reason or None,
                }
            )
        for page in result.pages:
            pages.append(
                {
                    **base,
                    "statement_id": statement_id,
                    "file_name": file_name,
                    "page": page.page,
                    "strategy": page.strategy,
                    "flags": list(page.flags),
                    "rejected": json.dumps(page.rejected, sort_keys=True),
                    "row_count": page.row_count,
                    "columns": list(page.columns),
                    "table_rows": json.dumps(page.table_rows),
                }
            )
        for account_index, account in enumerate(result.accounts):
            rows.extend(
                {
                    **base,
                    "statement_id": statement_id,
                    "account_index": account_index,
                    "txn_date": txn.txn_date,
                    "description": txn.description,
                    "amount": txn.amount,
                    "balance": txn.balance,
                    "page": txn.page,
                    "row_no": txn.row_no,
                    "strategy": txn.strategy,
                    "bbox": list(txn.bbox),
                }
                for txn in account.transactions
            )

    tenant, period = partition.tenant, partition.period_start
    record_llm_usage(wh, partition, "extraction", context.run_id, llm_usage)
    wh.write_partition(
        "statements", tenant, period, pa.Table.from_pylist(headers, schema=STATEMENTS_SCHEMA)
    )
    wh.write_partition(
        "extracted_rows", tenant, period, pa.Table.from_pylist(rows, schema=EXTRACTED_ROWS_SCHEMA)
    )
    written = wh.write_partition(
        "extracted_pages",
        tenant,
        period,
        pa.Table.from_pylist(pages, schema=EXTRACTED_PAGES_SCHEMA),
    )

    strategies: dict[str, int] = {}
    for page_row in pages:
        if page_row["strategy"]:
            strategies[page_row["strategy"]] = strategies.get(page_row["strategy"], 0) + 1
    flagged = [p for p in pages if p["flags"]]
    page_preview = markdown_table(
        [
            {
                "file": p["file_name"],
                "page": p["page"],
                "strategy": p["strategy"] or "—",
                "rows": p["row_count"],
                "flags": ", ".join(p["flags"]) or "—",
            }
            for p in pages
        ]
    )
    return dg.MaterializeResult(
        metadata={
            "statements": len(headers),
            "unreadable_statements": len(failures),
            "pages": sum(1 for p in pages if p["page"] > 0),
            "flagged_pages": len(flagged),
            "rows": len(rows),
            "strategies": dg.MetadataValue.json(strategies),
            "table_uri": dg.MetadataValue.path(written.uri),
            "preview": dg.MetadataValue.md(
                page_preview
                + ("\n\n**Unreadable:**\n\n" + markdown_table(failures) if failures else "")
            ),
        }
    )
