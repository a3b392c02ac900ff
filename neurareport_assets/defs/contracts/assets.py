"""Contracts: each report template's tokens mapped to the tenant's data, proposed and validated."""

from pathlib import Path

import dagster as dg

from neurareport_assets.markdown import markdown_table
from neurareport_assets.partitions import TenantPeriod, tenant_period_partitions
from neurareport_assets.policies import (
    LLM_POOL,
    ON_UPSTREAM_CHANGE,
    SINGLE_RUN_BACKFILL,
    TRANSIENT_RETRY,
    materialize_partitions,
)
from neurareport_resources.contracts import propose_contract
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


@dg.asset(
    partitions_def=tenant_period_partitions,
    deps=["transactions"],
    group_name="contracts",
    kinds={"json", "sql"},
    owners=["team:reporting"],
    code_version="1",
    backfill_policy=SINGLE_RUN_BACKFILL,
    automation_condition=ON_UPSTREAM_CHANGE,
    retry_policy=TRANSIENT_RETRY,
    pool=LLM_POOL,
    description="Per report template: the contract mapping each template token to data.",
    check_specs=[
        dg.AssetCheckSpec(
            CONTRACT_COVERAGE,
            asset="report_contracts",
            blocking=True,
            description="share of tokens resolved meets each template's threshold",
        ),
        dg.AssetCheckSpec(
            CONTRACT_SQL_VALID,
            asset="report_contracts",
            blocking=True,
            description="every target exists and every query is read-only and runs",
        ),
        dg.AssetCheckSpec(
            CONTRACT_APPROVED,
            asset="report_contracts",
            description="an analyst approved the contract (warning only)",
        ),
    ],
)
def report_contracts(
    context: dg.AssetExecutionContext,
    templates: TemplateLibraryResource,
    data_sources: DataSourcesResource,
    warehouse: WarehouseResource,
    llm: LlmResource,
) -> dg.MaterializeResult:
    return materialize_partitions(
        context,
        lambda partition: _report_contracts_for(
            partition, context, templates, data_sources, warehouse, llm
        ),
    )


def _report_contracts_for(
    partition: TenantPeriod,
    context: dg.AssetExecutionContext,
    templates: TemplateLibraryResource,
    data_sources: DataSourcesResource,
    warehouse: WarehouseResource,
    llm: LlmResource,
) -> dg.MaterializeResult:
    wh = warehouse.get_warehouse()
    source = data_sources.source_for(partition.tenant, wh, [partition.period_start])
    mapper = llm.get_mapper()
    summaries: list[dict] = []
    coverage_failures: list[str] = []
    sql_failures: list[str] = []
    unapproved: list[str] = []
    for name, template_dir in templates.template_dirs().items():
        spec = load_template(template_dir)
        min_coverage = templates.min_coverage(name)
        contract = propose_contract(
            spec, source, mapper, cache_dir=Path(llm.cache_dir) if llm.cache_dir else None
        )
        uri = wh.write_document(
            "contracts",
            partition.tenant,
            partition.period_start,
            name,
            contract.model_dump(mode="json"),
        )
        if contract.coverage < min_coverage:
            coverage_failures.append(f"{name}: {contract.coverage:.0%} < {min_coverage:.0%}")
        if not contract.sql_valid or contract.errors:
            sql_failures.append(f"{name}: " + "; ".join(contract.errors))
        if contract.status.value != "approved":
            unapproved.append(f"{name}: {contract.status.value}")
        summaries.append(
            {
                "template": name,
                "status": contract.status.value,
                "mapper": contract.mapper,
                "tokens": len(contract.mappings),
                "coverage": f"{contract.coverage:.0%}",
                "unresolved": ", ".join(contract.unresolved) or "—",
                "uri": uri,
            }
        )
        context.log.info(f"{name}: {contract.status.value}, coverage {contract.coverage:.0%}")
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
        context.log.debug(markdown_table(mapping_rows, limit=200))

    checks = [
        dg.AssetCheckResult(
            check_name=CONTRACT_COVERAGE,
            passed=not coverage_failures,
            metadata={"below_threshold": dg.MetadataValue.json(coverage_failures)},
        ),
        dg.AssetCheckResult(
            check_name=CONTRACT_SQL_VALID,
            passed=not sql_failures,
            metadata={"errors": dg.MetadataValue.json(sql_failures)},
        ),
        dg.AssetCheckResult(
            check_name=CONTRACT_APPROVED,
            passed=not unapproved,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={"not_approved": dg.MetadataValue.json(unapproved)},
        ),
    ]
    return dg.MaterializeResult(
        metadata={
            "templates": len(summaries),
            "statuses": dg.MetadataValue.json({s["template"]: s["status"] for s in summaries}),
            "preview": dg.MetadataValue.md(markdown_table(summaries)),
        },
        check_results=checks,
    )
