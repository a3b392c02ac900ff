"""Child-process entry points for the concurrency and SIGKILL tests.

``python -m tests.automation.workers materialize HOME TENANT YYYY-MM`` materializes the
statement-to-ledger chain of one partition on the instance in ``$DAGSTER_HOME``;
``python -m tests.automation.workers write ROOT TENANT YYYY-MM ROWS MARKERS`` writes one
large partition to the warehouse, touching ``MARKERS/started`` and ``MARKERS/done``.
"""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pyarrow as pa


def ledger_rows(tenant: str, period: date, rows: int, version: int) -> pa.Table:
    """A synthetic transactions partition; ``version`` changes every amount."""
    from neurareport_resources.warehouse.tables import TABLE_SCHEMAS

    schema = TABLE_SCHEMAS["transactions"]
    data = {
        "tenant": [tenant] * rows,
        "period": [period] * rows,
        "statement_id": [f"{version:064d}"] * rows,
        "account_number": ["12345678"] * rows,
        "currency": ["GBP"] * rows,
        "txn_date": [period] * rows,
        "description": [f"row {i} v{version}" for i in range(rows)],
        "amount": [Decimal(i % 1000) + Decimal(version) / 100 for i in range(rows)],
        "balance": [None] * rows,
        "category": ["other"] * rows,
        "category_rule": [None] * rows,
        "page": [1] * rows,
        "row_no": list(range(1, rows + 1)),
        "strategy": ["synthetic"] * rows,
    }
    return pa.Table.from_pydict({name: data[name] for name in schema.names}, schema=schema)


def materialize(home: str, tenant: str, month: str) -> int:
    import dagster as dg

    from neurareport_assets.defs.automation.sensors import TENANT_TAG
    from neurareport_assets.defs.extraction.assets import extracted_tables
    from neurareport_assets.defs.intake.assets import statement_files
    from neurareport_assets.defs.ledger.assets import transactions
    from neurareport_assets.partitions import tenant_period
    from neurareport_resources.settings import local_resources

    with dg.DagsterInstance.get() as instance:
        result = dg.materialize(
            [statement_files, extracted_tables, transactions],
            resources=local_resources(Path(home)),
            partition_key=tenant_period(tenant, month).partition_key,
            instance=instance,
            tags={TENANT_TAG: tenant},
            raise_on_error=False,
        )
    return 0 if result.success else 1


def write(root: str, tenant: str, month: str, rows: str, markers: str) -> int:
    from neurareport_resources.warehouse import Warehouse

    period = date.fromisoformat(f"{month}-01")
    table = ledger_rows(tenant, period, int(rows), version=2)
    (Path(markers) / "started").touch()
    Warehouse(root).write_partition("transactions", tenant, period, table)
    (Path(markers) / "done").touch()
    return 0


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    sys.exit({"materialize": materialize, "write": write}[command](*arguments))
