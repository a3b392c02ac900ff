"""Contracts: each report template's tokens mapped to the tenant's data, proposed and validated.

One asset per template (``report_contracts/<template>``), so an edited template re-maps
itself only; one op computes whichever of them a run selects.
"""

from collections.abc import Iterator
from pathlib import Path

import dagster as dg

from neurareport_assets.markdown import markdown_table
from neurareport_assets.partitions import TenantPeriod, partition_check, tenant_period_partitions
from neurareport_assets.policies import (
    LLM_POOL,
    SINGLE_RUN_BACKFILL,
    TRANSIENT_RETRY,
    materialize_partitions_of_each_asset,
    on_data_or_recent_template_change,
)
from neurareport_assets.report_templates import (
    CONTRACTS,
    TEMPLATE_ASSETS,
    TEMPLATE_NAMES,
    contract_key,
    selected_templates,
    template_key,
)
from neurareport_assets.usage_records import record_llm_usage
from neurareport_resources.contracts import propose_contract
from neurareport_resources.datasources import close_source
from neurareport_resources.llm.usage import metered
from neurareport_resources.resources import (
    DataSourcesResource,
    LlmResource,
    TemplateLibraryResource,
    WarehouseResource,
)
from neurareport_resources.templating import load_template

CONTRACT_COVERAGE = "contract_coverage"
CONTRACT_SQL_VALID = "contract_sql_valid"
CONTRACT_APPROVED = "contract_approved"


def contract_checks(name: str) -> list[dg.AssetCheckSpec]:
    key = contract_key(name)
    return [
        partition_check(
            CONTRACT_COVERAGE,
            asset=key,
            blocking=True,
            description="share of tokens resolved meets the template's threshold",
        ),
        partition_check(
            CONTRACT_SQL_VALID,
            asset=key,
            blocking=True,
            description="every target exists and every query is read-only and runs",
        ),
        partition_check(
            CONTRACT_APPROVED,
            asset=key,
            description="an analyst approved the contract (warning only)",
        ),
    ]


def build_report_contracts(names: list[str]) -> dg.AssetsDefinition:
    """One ``report_contracts/<template>`` asset per template, computed by one subsettable op."""

    @dg.multi_asset(
        name=CONTRACTS,
        specs=[
            dg.AssetSpec(
                contract_key(name),
                deps=["transactions", template_key(name)],
                group_name="contracts",
                kinds={"json", "sql"},
                owners=["team:reporting"],
                code_version="1",
                automation_condition=on_data_or_recent_template_change(TEMPLATE_ASSETS),
                description=f"The contract mapping each token of template `{name}` to data.",
            )
            for name in names
        ],
        check_specs=[spec for name in names for spec in contract_checks(name)],
        partitions_def=tenant_period_partitions,
        can_subset=True,
        backfill_policy=SINGLE_RUN_BACKFILL,
        retry_policy=TRANSIENT_RETRY,
        pool=LLM_POOL,
    )
    def report_contracts(
        context: dg.AssetExecutionContext,
        templates: TemplateLibraryResource,
        data_sources: DataSourcesResource,
        warehouse: WarehouseResource,
        llm: LlmResource,
    ) -> Iterator[dg.MaterializeResult | dg.AssetCheckEvaluation]:
        selected = selected_templates(context, CONTRACTS)
        yield from materialize_partitions_of_each_asset(
            context,
            lambda partition: [
                _report_contract_for(
                    partition, name, context, templates, data_sources, warehouse, llm
                )
                for name in selected
            ],
        )

    return report_contracts


report_contracts = build_report_contracts(TEMPLATE_NAMES)


def _report_contract_for(
    partition: TenantPeriod,
    name: str,
    context: dg.AssetExecutionContext,
    templates: TemplateLibraryResource,
    data_sources: DataSourcesResource,
    warehouse: WarehouseResource,
    llm: LlmResource,
) -> dg.MaterializeResult:
    wh = warehouse.get_warehouse()
    source = data_sources.source_for(partition.tenant, wh, [partition.period_start])
    spec = load_template(templates.template_dir(name))
    min_coverage = templates.min_coverage(name)
    try:
        with metered() as usage:
            contract = propose_contract(
                spec,
                source,
                llm.get_mapper(),
                cache_dir=Path(llm.cache_dir) if llm.cache_dir else None,
            )
    finally:
        close_source(source)  # one connection served the whole mapping
    record_llm_usage(wh, partition, f"contract-{name}", context.run_id, usage)
    uri = wh.write_document(
        "contracts",
        partition.tenant,
        partition.period_start,
        name,
        contract.model_dump(mode="json"),
    )
    # status and coverage are the materialization's metadata: no log line (an event-log
    # write) per partition to say it again
    mapping_rows = [
        {
            "token": m.token,
            "kind": m.kind,
            "target": m.target,
            "confidence": f"{m.confidence:.2f}",
            "reason": m.reason,
        }
        for m in contract.mappings
    ]
    key = contract_key(name)
    return dg.MaterializeResult(
        asset_key=key,
        metadata={
            "status": contract.status.value,
            "mapper": contract.mapper,
            "tokens": len(contract.mappings),
            "coverage": dg.MetadataValue.float(round(contract.coverage, 4)),
            "unresolved": dg.MetadataValue.json(contract.unresolved),
            "uri": uri,
            "mappings": dg.MetadataValue.md(markdown_table(mapping_rows, limit=200)),
        },
        check_results=[
            dg.AssetCheckResult(
                check_name=CONTRACT_COVERAGE,
                asset_key=key,
                passed=contract.coverage >= min_coverage,
                metadata={
                    "coverage": dg.MetadataValue.float(round(contract.coverage, 4)),
                    "threshold": dg.MetadataValue.float(min_coverage),
                    "unresolved": dg.MetadataValue.json(contract.unresolved),
                },
            ),
            dg.AssetCheckResult(
                check_name=CONTRACT_SQL_VALID,
                asset_key=key,
                passed=bool(contract.sql_valid) and not contract.errors,
                metadata={"errors": dg.MetadataValue.json(list(contract.errors))},
            ),
            dg.AssetCheckResult(
                check_name=CONTRACT_APPROVED,
                asset_key=key,
                passed=contract.status.value == "approved",
                severity=dg.AssetCheckSeverity.WARN,
                description=(
                    "approved"
                    if contract.status.value == "approved"
                    else f"status {contract.status.value}: its reports are held for review"
                ),
                metadata={
                    "status": contract.status.value,
                    "review_reasons": dg.MetadataValue.json(list(contract.review_reasons)),
                    "how to approve": dg.MetadataValue.md(
                        f"Read the mappings above, then write `templates/{name}/overrides.yaml`:"
                        f"\n\n    status: approved\n    fingerprint: {contract.fingerprint}\n\n"
                        "(correct a token first with `tokens: {token: table.column}` if needed). "
                        "Until then each rendered report is held: release one with "
                        "`neurareport approve --tenant T --period YYYY-MM --note …`."
                    ),
                },
            ),
        ],
    )
