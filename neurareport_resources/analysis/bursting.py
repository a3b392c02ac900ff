"""Bursting: one report per account, plus a combined one when a tenant has several."""

from __future__ import annotations

import re

import duckdb

from neurareport_resources.analysis.sqlfiles import relation_name


def accounts_to_render(conn: duckdb.DuckDBPyConnection, ledger: str) -> list[str | None]:
    """The reports to render for ``ledger``: each account number, then ``None`` (combined).

    A single-account ledger gives ``[account]``; several accounts give
    ``[a1, a2, ..., None]`` where ``None`` means the combined report; an empty ledger
    gives ``[None]`` so the period still gets a (empty) report. Rows without an account
    number are only in the combined report, which is then always rendered.
    """
    relation = relation_name(ledger)
    rows = conn.execute(
        f"SELECT DISTINCT account_number FROM {relation} ORDER BY account_number NULLS LAST"
    ).fetchall()
    accounts = [row[0] for row in rows if row[0] is not None]
    # rows without an account number only appear in the combined report
    unassigned = len(accounts) < len(rows)
    if len(accounts) == 1 and not unassigned:
        return accounts
    return [*accounts, None]


def account_views(
    conn: duckdb.DuckDBPyConnection, ledger: str, statements: str, account: str | None
) -> tuple[str, str]:
    """Temp views of ``ledger`` and ``statements`` restricted to ``account``.

    ``None`` returns the relations unchanged (the combined report). The account number
    is bound as a literal after escaping quotes, never spliced raw.
    """
    ledger = relation_name(ledger)
    statements = relation_name(statements)
    if account is None:
        return ledger, statements
    suffix = re.sub(r"[^A-Za-z0-9_]", "_", account)[:40]
    literal = "'" + account.replace("'", "''") + "'"
    ledger_view = f"nr_ledger_acct_{suffix}"
    statements_view = f"nr_statements_acct_{suffix}"
    conn.execute(
        f"CREATE OR REPLACE TEMP VIEW {ledger_view} AS "
        f"SELECT * FROM {ledger} WHERE account_number = {literal}"
    )
    conn.execute(
        f"CREATE OR REPLACE TEMP VIEW {statements_view} AS "
        f"SELECT * FROM {statements} WHERE account_number = {literal}"
    )
    return ledger_view, statements_view
