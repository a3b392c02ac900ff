"""Intake: which statement PDFs a tenant has for a period, validated and fingerprinted."""

from collections.abc import Iterator
from datetime import UTC, datetime

import dagster as dg
import pyarrow as pa

from neurareport_assets.markdown import markdown_table
from neurareport_assets.partitions import TenantPeriod, tenant_period_partitions
from neurareport_assets.policies import SINGLE_RUN_BACKFILL, materialize_partitions
from neurareport_resources.extraction import (
    ExtractionError,
    PasswordRequiredError,
    WrongPasswordError,
)
from neurareport_resources.paths import PathEscapeError
from neurareport_resources.resources import (
    ExtractionResource,
    StatementStoreResource,
    WarehouseResource,
)
from neurareport_resources.warehouse import STATEMENT_FILES_SCHEMA

# errors that are about configuration, not the file: the file stays in the inbox
_CONFIGURATION_ERRORS = (PasswordRequiredError, WrongPasswordError)


@dg.asset(
    partitions_def=tenant_period_partitions,
    group_name="intake",
    kinds={"pdf", "parquet"},
    owners=["team:intake"],
    code_version="1",
    backfill_policy=SINGLE_RUN_BACKFILL,
    description="The tenant's statement PDFs for the period: path, sha256, pages, encrypted?, text layer?",
)
def statement_files(
    context: dg.AssetExecutionContext,
    statement_store: StatementStoreResource,
    extraction: ExtractionResource,
    warehouse: WarehouseResource,
) -> Iterator[dg.MaterializeResult | dg.AssetCheckEvaluation]:
    yield from materialize_partitions(
        context,
        lambda partition: _statement_files_for(
            partition, context, statement_store, extraction, warehouse
        ),
    )


def _statement_files_for(
    partition: TenantPeriod,
    context: dg.AssetExecutionContext,
    statement_store: StatementStoreResource,
    extraction: ExtractionResource,
    warehouse: WarehouseResource,
) -> dg.MaterializeResult:
    store = statement_store.get_store()
    rows: list[dict] = []
    quarantined: list[dict] = []
    skipped: list[dict] = []
    seen: set[str] = set()

    for stored in store.list_files(partition.tenant):
        if stored.period_folder is not None and stored.period_folder != partition.period_key:
            continue
        try:
            if stored.refusal is not None:
                raise PathEscapeError(stored.refusal)
            with store.local_file(stored.path, partition.tenant) as local:
                probe = extraction.probe(local, partition.tenant)
                month = extraction.statement_month(local, partition.tenant, stored.period_folder)
            if month != partition.period_start:
                continue
        except _CONFIGURATION_ERRORS as exc:
            context.log.warning(str(exc))
            skipped.append({"file": stored.relative_path, "reason": str(exc)})
            continue
        except (ExtractionError, PathEscapeError) as exc:
            target = store.quarantine(partition.tenant, stored.path, str(exc))
            context.log.warning(f"quarantined {stored.relative_path}: {exc}")
            quarantined.append(
                {"file": stored.relative_path, "reason": str(exc), "moved_to": target}
            )
            continue
        if probe.sha256 in seen:
            skipped.append(
                {"file": stored.relative_path, "reason": "exact duplicate of another file"}
            )
            continue
        seen.add(probe.sha256)
        rows.append(
            {
                "tenant": partition.tenant,
                "period": partition.period_start,
                "statement_id": probe.sha256,
                "file_name": stored.name,
                "store_path": stored.path,
                "size_bytes": probe.size_bytes,
                "page_count": probe.page_count,
                "encrypted": probe.encrypted,
                "has_text_layer": probe.has_text_layer,
                "received_at": datetime.fromtimestamp(stored.modified, UTC),
            }
        )

    table = pa.Table.from_pylist(rows, schema=STATEMENT_FILES_SCHEMA)
    written = warehouse.get_warehouse().write_partition(
        "statement_files", partition.tenant, partition.period_start, table
    )
    preview = markdown_table(
        [
            {
                "file": r["file_name"],
                "pages": r["page_count"],
                "encrypted": r["encrypted"],
                "text layer": r["has_text_layer"],
                "sha256": r["statement_id"][:12],
            }
            for r in rows
        ]
    )
    problems = markdown_table(quarantined + skipped) if (quarantined or skipped) else "none"
    return dg.MaterializeResult(
        metadata={
            "files": len(rows),
            "pages": sum(r["page_count"] for r in rows),
            "encrypted": sum(1 for r in rows if r["encrypted"]),
            "without_text_layer": sum(1 for r in rows if not r["has_text_layer"]),
            "quarantined": len(quarantined),
            "skipped": len(skipped),
            "table_uri": dg.MetadataValue.path(written.uri),
            "preview": dg.MetadataValue.md(f"{preview}\n\n**Quarantined / skipped:** {problems}"),
        }
    )
