"""The close board: "where are we with this month?" per tenant x month.

One row per tenant and month from the tenant's first statement (or its configured start)
to the last full month (the running one once its statement arrived): statements received and pages, how they were read, whether the
ledger reconciles (or by how much it is off), exceptions, uncategorised rows and money,
each template's contract status and report state (rendered, held, approved, rejected,
delivered). A month after a tenant's start with no statement is ``missing statement``;
months before its start are not expected and not listed. The CLI (``neurareport board``),
the ``close_board`` asset and the HTML page written with the reports all read this.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from neurareport_assets.holds import MANIFESTS, manifest_release
from neurareport_assets.partitions import TenantPeriod, tenant_period
from neurareport_assets.report_templates import TEMPLATE_NAMES
from neurareport_assets.rules.ledger_checks import check_ledger
from neurareport_resources.analysis import uncategorised_summary
from neurareport_resources.review import APPROVED, HELD, READY, REJECTED
from neurareport_resources.warehouse import Warehouse

TENANT_FILE = "tenant.yaml"  # templates/tenants/<tenant>/tenant.yaml: first_period: 2025-01
ZERO = Decimal("0.00")
# the states a month moves through, least advanced first
STATES = (
    "missing statement",
    "received",
    "needs review",
    "does not reconcile",
    "reconciled",
    "rejected",
    "held",
    "approved",
    "rendered",
    "delivered",
)
DELIVERED_FORMATS = ("pdf", "xlsx", "csv")


@dataclass(frozen=True)
class ReportState:
    """One template's report of one tenant-month."""

    template: str
    contract: str  # approved | draft | needs_review | missing
    files: int
    release: str  # ready | held | approved | rejected | not rendered
    delivered: bool
    reasons: tuple[str, ...] = ()
    fingerprint: str = ""


@dataclass(frozen=True)
class BoardRow:
    """Where one tenant-month stands."""

    tenant: str
    period: date
    state: str
    statements: int = 0
    pages: int = 0
    strategies: dict[str, int] = field(default_factory=dict)  # pages read per strategy
    flagged_pages: int = 0
    needs_review: int = 0
    reconciled: bool | None = None  # None: no ledger yet
    off_by: Decimal = ZERO  # printed closing - (opening + net), summed over statements
    exceptions: int = 0
    uncategorised_rows: int = 0
    uncategorised_money: Decimal = ZERO
    reports: tuple[ReportState, ...] = ()

    @property
    def period_key(self) -> str:
        return self.period.strftime("%Y-%m")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (money as decimal strings)."""
        return {
            "tenant": self.tenant,
            "period": self.period_key,
            "state": self.state,
            "statements": self.statements,
            "pages": self.pages,
            "strategies": self.strategies,
            "flagged_pages": self.flagged_pages,
            "needs_review": self.needs_review,
            "reconciled": self.reconciled,
            "off_by": str(self.off_by),
            "exceptions": self.exceptions,
            "uncategorised_rows": self.uncategorised_rows,
            "uncategorised_money": str(self.uncategorised_money),
            "reports": [
                {
                    "template": r.template,
                    "contract": r.contract,
                    "files": r.files,
                    "release": r.release,
                    "delivered": r.delivered,
                    "reasons": list(r.reasons),
                    "fingerprint": r.fingerprint[:12],
                }
                for r in self.reports
            ],
        }

    def summary(self) -> dict[str, Any]:
        """One line of the board as text cells."""
        reconciled = {None: "—", True: "yes"}.get(self.reconciled, f"off by {self.off_by}")
        return {
            "tenant": self.tenant,
            "period": self.period_key,
            "state": self.state,
            "statements": f"{self.statements} ({self.pages} p.)" if self.statements else "0",
            "read by": ", ".join(f"{k} {v}" for k, v in sorted(self.strategies.items())) or "—",
            "needs review": self.needs_review,
            "reconciled": reconciled,
            "exceptions": self.exceptions,
            "uncategorised": (
                f"{self.uncategorised_rows} / {self.uncategorised_money:,}"
                if self.uncategorised_rows
                else "0"
            ),
            "contract": ", ".join(sorted({r.contract for r in self.reports})) or "—",
            "report": "; ".join(
                f"{r.template}: {r.release}{' + delivered' if r.delivered else ''}"
                for r in self.reports
            )
            or "—",
        }


def tenant_first_period(tenant_file: Path | None) -> date | None:
    """``first_period`` of a tenant's ``tenant.yaml`` (None when not configured)."""
    if tenant_file is None or not Path(tenant_file).is_file():
        return None
    data = yaml.safe_load(Path(tenant_file).read_text(encoding="utf-8")) or {}
    value = data.get("first_period") if isinstance(data, dict) else None
    if value is None:
        return None
    try:
        return date.fromisoformat(f"{str(value)[:7]}-01")
    except ValueError:
        raise ValueError(
            f"{tenant_file}: first_period {value!r}: use YYYY-MM, e.g. 2025-01"
        ) from None


def _months(first: date, last: date) -> list[date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def _off_by(statements: list[dict], rows: list[dict]) -> Decimal:
    net: Counter = Counter()
    for row in rows:
        net[(row["statement_id"], row.get("account_number"))] += row["amount"]
    off = ZERO
    for s in statements:
        if s["opening_balance"] is None or s["closing_balance"] is None:
            continue
        key = (s["statement_id"], s["account_number"])
        off += s["closing_balance"] - (s["opening_balance"] + Decimal(net.get(key, 0)))
    return off


def delivered_hashes(wh: Warehouse, partition: TenantPeriod) -> set[str]:
    """sha256 of every file the partition's delivery ledger records as sent."""
    from neurareport_resources.delivery.ledger import WarehouseLedger

    entries = WarehouseLedger(wh, partition.tenant, partition.period_start).entries()
    return {e["sha256"] for e in entries if e.get("sha256") and e.get("status", "sent") == "sent"}


def board_row(
    wh: Warehouse, partition: TenantPeriod, *, templates: Iterable[str] = TEMPLATE_NAMES
) -> BoardRow:
    """Where one tenant-month stands now, read from the warehouse: its tables, manifests,
    review decisions and delivery ledger."""
    tenant, period = partition.tenant, partition.period_start
    files = wh.read_partition("statement_files", tenant, period).to_pylist()
    if not files:
        return BoardRow(tenant, period, "missing statement")
    pages = wh.read_partition("extracted_pages", tenant, period).to_pylist()
    statements = wh.read_partition("statements", tenant, period).to_pylist()
    has_ledger = (tenant, partition.period_key) in wh.partitions("transactions", tenant)
    rows = wh.read_partition("transactions", tenant, period).to_pylist()
    outcomes = check_ledger(rows, statements, partition.period_start, partition.period_end)
    balance_rules = ("running_balance_continuous", "opening_plus_net_equals_closing")
    reconciled = all(outcomes[r].passed for r in balance_rules) if has_ledger else None
    flagged = sum(1 for p in pages if p["flags"])
    uncategorised = uncategorised_summary(wh, tenant, period) if has_ledger else None
    reports = []
    sent_files = delivered_hashes(wh, partition)
    for name in templates:
        contract = wh.read_document("contracts", tenant, period, name)
        manifest = wh.read_document(MANIFESTS, tenant, period, name) or {}
        release = manifest_release(wh, tenant, period, name)
        sent = False
        if release is not None and release.deliverable:
            wanted = [f["sha256"] for f in manifest["files"] if f["format"] in DELIVERED_FORMATS]
            sent = bool(wanted) and all(h in sent_files for h in wanted)
        if contract is None and release is None:
            continue
        reports.append(
            ReportState(
                template=name,
                contract=(contract or {}).get("status", "missing"),
                files=len(manifest.get("files") or []),
                release=release.status if release is not None else "not rendered",
                delivered=sent,
                reasons=tuple(str(r) for r in release.reasons) if release else (),
                fingerprint=release.fingerprint if release else "",
            )
        )
    needs_review = sum(1 for s in statements if s.get("needs_review"))
    row = BoardRow(
        tenant=tenant,
        period=period,
        state="",
        statements=len(files),
        pages=sum(f["page_count"] or 0 for f in files),
        strategies=dict(Counter(p["strategy"] or "none" for p in pages)),
        flagged_pages=flagged,
        needs_review=needs_review,
        reconciled=reconciled,
        off_by=_off_by(statements, rows) if has_ledger else ZERO,
        exceptions=flagged + sum(1 for o in outcomes.values() if not o.passed)
        if has_ledger
        else flagged,
        uncategorised_rows=uncategorised.rows if uncategorised else 0,
        uncategorised_money=uncategorised.money if uncategorised else ZERO,
        reports=tuple(reports),
    )
    return _with_state(row)


def _report_state(report: ReportState) -> str:
    if report.delivered:
        return "delivered"
    return {
        HELD: "held",
        REJECTED: "rejected",
        APPROVED: "approved",
        READY: "rendered",
    }.get(report.release, "")


def _with_state(row: BoardRow) -> BoardRow:
    if row.reconciled is None:
        state = "needs review" if row.needs_review else "received"
    else:
        states = [s for s in (_report_state(r) for r in row.reports) if s]
        if states:
            state = min(states, key=STATES.index)  # the least advanced report
        elif row.needs_review:
            state = "needs review"
        else:
            state = "reconciled" if row.reconciled else "does not reconcile"
    return BoardRow(**{**row.__dict__, "state": state})


def close_board(
    wh: Warehouse,
    *,
    tenants: Iterable[str] | None = None,
    period: date | None = None,
    first_period: Callable[[str], date | None] = lambda tenant: None,
    today: date | None = None,
) -> list[BoardRow]:
    """The board: every expected tenant-month (or only ``period``), newest month first.

    A tenant's months run from its configured ``first_period`` (else its first statement)
    to the last full month (the running one too once a statement for it arrived); ``delivered_hashes(tenant)`` gives what was sent to it.
    """
    today = today or date.today()
    stored = wh.partitions("statement_files")
    known = sorted({t for t, _ in stored} | set(tenants or ()))
    if tenants is not None:
        known = [t for t in known if t in set(tenants)]
    rows = []
    for tenant in known:
        months = sorted(date.fromisoformat(f"{m}-01") for t, m in stored if t == tenant)
        start = first_period(tenant) or (months[0] if months else None)
        if start is None:
            continue
        # a month's statement is due once the month is over: the running month is listed
        # only when its statement came early
        last_full = today.replace(day=1) - timedelta(days=1)
        wanted = _months(start, max(last_full.replace(day=1), months[-1] if months else start))
        if period is not None:
            wanted = [m for m in wanted if m == period.replace(day=1)]
        for month in reversed(wanted):
            rows.append(board_row(wh, tenant_period(tenant, month)))
    return sorted(rows, key=lambda r: (r.period, r.tenant), reverse=True)


def board_markdown(rows: list[BoardRow]) -> str:
    """The board as a Markdown table (the UI's metadata)."""
    from neurareport_assets.markdown import markdown_table

    return markdown_table([r.summary() for r in rows], limit=200)


_STATE_CLASS = {
    "missing statement": "bad",
    "needs review": "bad",
    "does not reconcile": "bad",
    "rejected": "bad",
    "held": "warn",
    "received": "warn",
    "reconciled": "ok",
    "approved": "ok",
    "rendered": "ok",
    "delivered": "done",
}


def board_html(rows: list[BoardRow], *, title: str, generated_at: str) -> str:
    """A standalone HTML page of the board: no script, no external resource."""
    columns = list(rows[0].summary()) if rows else ["tenant", "period", "state"]
    head = "".join(f"<th scope='col'>{html.escape(c)}</th>" for c in columns)
    body = []
    for row in rows:
        cells = row.summary()
        tds = []
        for column in columns:
            text = html.escape(str(cells[column]))
            if column == "state":
                text = f"<span class='state {_STATE_CLASS.get(row.state, '')}'>{text}</span>"
            tds.append(f"<td>{text}</td>")
        state = html.escape(row.state)
        body.append(f"<tr data-state='{state}'>{''.join(tds)}</tr>")
        reasons = [reason for r in row.reports for reason in r.reasons if r.release == HELD]
        if reasons:
            # why it is held, under its month, across the whole table
            items = "".join(f"<li>{html.escape(r)}</li>" for r in reasons)
            body.append(
                f"<tr class='why' data-state='{state}'><td></td>"
                f"<td colspan='{len(columns) - 1}'><ul class='reasons'>{items}</ul></td></tr>"
            )
    counts = Counter(r.state for r in rows)
    legend = " · ".join(f"{html.escape(s)}: {counts[s]}" for s in STATES if counts[s])
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{html.escape(title)}</title>
<style>
body {{ font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1640px;
       padding: 0 1rem; color: #1d2430; }}
h1 {{ font-size: 1.5rem; margin-bottom: .2rem; }}
p.meta {{ color: #5a6472; margin-top: 0; }}
.scroll {{ overflow-x: auto; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; padding: .4rem .6rem; border-top: 1px solid #dde2e8;
          vertical-align: top; }}
th {{ background: #f2f4f7; position: sticky; top: 0; }}
.state {{ padding: .1rem .45rem; border-radius: .6rem; white-space: nowrap; }}
.bad {{ background: #fde2e1; color: #8a1c14; }}
.warn {{ background: #fff1d6; color: #7a4b00; }}
.ok {{ background: #e3f1ff; color: #0b4a80; }}
.done {{ background: #dff5e4; color: #17602b; }}
td:nth-child(-n+3) {{ white-space: nowrap; }}
tr.why td {{ border-top: none; padding-top: 0; }}
ul.reasons {{ margin: 0 0 0 1rem; padding: 0; color: #7a4b00; font-size: .9em; }}
</style>
</head>
<body>
<h1>{html.escape(title)}</h1>
<p class="meta">Generated {html.escape(generated_at)} · {legend or "no months"}</p>
<div class="scroll"><table class="board">
<thead><tr>{head}</tr></thead>
<tbody>
{chr(10).join(body)}
</tbody>
</table></div>
<p class="meta">Release a held report: <code>neurareport approve --tenant T --period YYYY-MM --note …</code>
or the <code>approve_report</code> job in the Dagster UI.</p>
</body>
</html>
"""


BOARD_PAGE = "close-board.html"


def write_board_pages(store: Any, rows: list[BoardRow], generated_at: str) -> dict[str, str]:
    """One HTML board per tenant, beside its reports; returns tenant -> URI."""
    pages = {}
    for tenant in sorted({r.tenant for r in rows}):
        mine = [r for r in rows if r.tenant == tenant]
        pages[tenant] = store.write_tenant_page(
            tenant,
            BOARD_PAGE,
            board_html(mine, title=f"Close board — {tenant}", generated_at=generated_at),
        )
    return pages
