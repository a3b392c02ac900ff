"""Ledger: the normalised, categorised transactions of a (tenant, period), with reconciliation checks."""

from collections.abc import Iterator
from decimal import Decimal

import dagster as dg

from neurareport_assets.markdown import markdown_table
from neurareport_assets.partitions import TenantPeriod, partition_check, tenant_period_partitions
from neurareport_assets.policies import (
    ON_UPSTREAM_CHANGE,
    SINGLE_RUN_BACKFILL,
    materialize_partitions,
)
from neurareport_assets.rules.ledger_checks import LEDGER_RULES, RuleOutcome, check_ledger
from neurareport_resources.analysis import categorize, register_history
from neurareport_resources.rendering.formatting import format_amount, locale_for
from neurareport_resources.resources import TemplateLibraryResource, WarehouseResource

RUNNING_BALANCE_CONTINUOUS = "running_balance_continuous"
OPENING_PLUS_NET_EQUALS_CLOSING = "opening_plus_net_equals_closing"
NO_DUPLICATE_ROWS = "no_duplicate_rows"
DATES_INSIDE_PERIOD = "dates_inside_period"

_LEDGER_SQL = """
CREATE TABLE ledger_raw AS
SELECT r.tenant, r.period, r.statement_id, s.account_number, s.currency,
       r.txn_date, r.description, r.amount, r.balance,
       CAST(NULL AS VARCHAR) AS category, CAST(NULL AS VARCHAR) AS category_rule,
       r.page, r.row_no, r.strategy
FROM extracted_rows AS r
LEFT JOIN statements AS s
    ON s.statement_id = r.statement_id AND s.account_index = r.account_index
ORDER BY s.account_number, r.statement_id, r.account_index, r.row_no
"""


def _money_by_currency(rows: list[dict], wanted) -> str:
    """``£12,345.60`` (or ``1.234,50 € · £12.00`` for several currencies)."""
    totals: dict[str, Decimal] = {}
    for r in rows:
        if wanted(r["amount"]):
            currency = r.get("currency") or ""
            totals[currency] = totals.get(currency, Decimal("0")) + r["amount"]
    if not totals:
        return format_amount(Decimal("0"), locale_for(None))
    return " · ".join(
        format_amount(total, locale_for(currency), currency or None)
        for currency, total in sorted(totals.items())
    )


def _check_result(name: str, outcome: RuleOutcome, what: str) -> dg.AssetCheckResult:
    metadata: dict[str, dg.RawMetadataValue] = {
        "rows_checked": outcome.checked,
        "failures": outcome.failures,
    }
    if outcome.first_failure:
        metadata["first_failure"] = dg.MetadataValue.json(outcome.first_failure)
        metadata["failures_preview"] = dg.MetadataValue.md(
            markdown_table(outcome.details, limit=10)
        )
    return dg.AssetCheckResult(
        check_name=name,
        passed=outcome.passed,
        severity=dg.AssetCheckSeverity.ERROR,
        description=what if outcome.passed else f"{what}: {outcome.failures} failure(s)",
        metadata=metadata,
    )


@dg.asset(
    partitions_def=tenant_period_partitions,
    deps=["extracted_tables"],
    group_name="ledger",
    kinds={"duckdb", "parquet"},
    owners=["team:ledger"],
    code_version="2",
    backfill_policy=SINGLE_RUN_BACKFILL,
    automation_condition=ON_UPSTREAM_CHANGE,
    description="The normalised ledger: signed Decimal amounts, running balances, categories, provenance.",
    check_specs=[
        partition_check(
            RUNNING_BALANCE_CONTINUOUS,
            asset="transactions",
            description="each printed balance = previous balance + amount",
        ),
        partition_check(
            OPENING_PLUS_NET_EQUALS_CLOSING,
            asset="transactions",
            description="opening balance + net movement = closing balance, per statement",
        ),
        partition_check(
            NO_DUPLICATE_ROWS,
            asset="transactions",
            description="no transaction appears twice for an account",
        ),
        partition_check(
            DATES_INSIDE_PERIOD,
            asset="transactions",
            description="every date lies inside its statement period",
        ),
    ],
)
def transactions(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    templates: TemplateLibraryResource,
) -> Iterator[dg.MaterializeResult | dg.AssetCheckEvaluation]:
    yield from materialize_partitions(
        context, lambda partition: _transactions_for(partition, context, warehouse, templates)
    )


def _transactions_for(
    partition: TenantPeriod,
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    templates: TemplateLibraryResource,
) -> dg.MaterializeResult:
    wh = warehouse.get_warehouse()
    conn = wh.connect_tenant(partition.tenant, [partition.period_start])
    try:
        conn.execute(_LEDGER_SQL)
        # earlier months: a payment that recurs across months is recognised as such
        history = register_history(conn, wh, partition.tenant, partition.period_start)
        ledger = categorize(
            conn,
            "ledger_raw",
            tenant_rules=templates.tenant_file(partition.tenant, "categories.yaml"),
            history=history,
        )
    finally:
        conn.close()
    written = wh.write_partition("transactions", partition.tenant, partition.period_start, ledger)

    rows = ledger.to_pylist()
    statements = wh.read_partition(
        "statements", partition.tenant, partition.period_start
    ).to_pylist()
    outcomes = check_ledger(rows, statements, partition.period_start, partition.period_end)
    checks = [
        _check_result(name, outcome, LEDGER_RULES[name]) for name, outcome in outcomes.items()
    ]
    categories: dict[str, int] = {}
    for r in rows:
        categories[r["category"]] = categories.get(r["category"], 0) + 1
    preview = markdown_table(
        [
            {
                "date": r["txn_date"],
                "description": r["description"],
                "amount": r["amount"],
                "balance": r["balance"],
                "category": r["category"],
                "page": r["page"],
            }
            for r in rows
        ],
        limit=15,
    )
    return dg.MaterializeResult(
        metadata={
            "rows": len(rows),
            "statements": len(statements),
            "accounts": dg.MetadataValue.json(
                sorted({s["account_number"] or "?" for s in statements})
            ),
            # as an analyst reads money: separators and the currency, per currency
            "money_in": dg.MetadataValue.text(_money_by_currency(rows, lambda a: a > 0)),
            "money_out": dg.MetadataValue.text(_money_by_currency(rows, lambda a: a < 0)),
            "categories": dg.MetadataValue.json(categories),
            "table_uri": dg.MetadataValue.path(written.uri),
            "preview": dg.MetadataValue.md(preview),
        },
        check_results=checks,
    )
