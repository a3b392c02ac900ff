"""The close board in the UI: one row per tenant x month, as Markdown metadata and as an
HTML page per tenant written with the reports."""

from datetime import UTC, datetime

import dagster as dg

from neurareport_assets.board import (
    TENANT_FILE,
    board_markdown,
    close_board,
    tenant_first_period,
    write_board_pages,
)
from neurareport_resources.resources import (
    ReportStoreResource,
    TemplateLibraryResource,
    WarehouseResource,
)


@dg.asset(
    name="close_board",
    deps=["delivered_reports"],
    group_name="review",
    kinds={"html"},
    owners=["team:reporting"],
    code_version="1",
    automation_condition=dg.AutomationCondition.eager(),
    description=(
        "Where every tenant-month stands: statements received, how they were read, reconciled "
        "or off by how much, exceptions, uncategorised money, contract, report held / "
        "approved / delivered. Updated whenever a delivery runs."
    ),
)
def close_board_asset(
    warehouse: WarehouseResource,
    report_store: ReportStoreResource,
    templates: TemplateLibraryResource,
) -> dg.MaterializeResult:
    rows = close_board(
        warehouse.get_warehouse(),
        first_period=lambda tenant: tenant_first_period(templates.tenant_file(tenant, TENANT_FILE)),
    )
    generated = datetime.now(UTC).replace(microsecond=0).isoformat()
    pages = write_board_pages(report_store.get_store(), rows, generated)
    states: dict[str, int] = {}
    for row in rows:
        states[row.state] = states.get(row.state, 0) + 1
    metadata: dict[str, dg.RawMetadataValue] = {
        "months": len(rows),
        "held": states.get("held", 0),
        "states": dg.MetadataValue.json(states),
        "board": dg.MetadataValue.md(board_markdown(rows)),
    }
    for tenant, uri in pages.items():
        metadata[f"page: {tenant}"] = dg.MetadataValue.path(uri)
    return dg.MaterializeResult(metadata=metadata)
