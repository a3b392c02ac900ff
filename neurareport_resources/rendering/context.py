"""The Jinja context of a report: contract tokens, rows, the analysis and report metadata."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from neurareport_resources.analysis.report_analysis import ReportAnalysis
from neurareport_resources.ledger import to_money
from neurareport_resources.rendering.exception_text import action_for
from neurareport_resources.rendering.formatting import format_amount, format_day, locale_for

CONTRACT_SCALARS = (
    "account_holder",
    "account_number",
    "currency",
    "period_start",
    "period_end",
    "opening_balance",
    "closing_balance",
)
CONTRACT_TOTALS = ("total_credits", "total_debits", "transaction_count")
ROW_FIELDS = ("txn_date", "description", "amount", "balance", "category")
SERIES_COLOURS = ("#1f5f8b", "#d9822b", "#3c8d5a", "#8e44ad", "#c0392b", "#7f8c8d")
CHART_WIDTH = 640
CATEGORY_BAR_HEIGHT = 22
CATEGORY_LIMIT = 8
BALANCE_HEIGHT = 220
# the ledger table costs ~5 ms and ~0.1 MB a row in WeasyPrint: a month bigger than this
# lists its first rows in the PDF and says so (the workbook and CSV hold every row), so it
# renders inside the report's time and memory limits instead of failing
LEDGER_ROW_LIMIT = 5000


def _fallback_scalars(analysis: ReportAnalysis) -> dict[str, Any]:
    """Header values from the analysis, used where the contract gave none."""
    accounts = analysis.accounts
    if not accounts:
        return {}
    holders = sorted({a.holder for a in accounts if a.holder})
    numbers = [a.account_number for a in accounts if a.account_number]
    starts = [a.period_start for a in accounts if a.period_start]
    ends = [a.period_end for a in accounts if a.period_end]
    openings = [a.opening_balance for a in accounts if a.opening_balance is not None]
    closings = [a.closing_balance for a in accounts if a.closing_balance is not None]
    complete_openings = len(openings) == len(accounts)
    complete_closings = len(closings) == len(accounts)
    return {
        "account_holder": ", ".join(holders) or None,
        "account_number": numbers[0] if len(numbers) == 1 else ", ".join(numbers),
        "currency": analysis.currency,
        "period_start": min(starts) if starts else None,
        "period_end": max(ends) if ends else None,
        "opening_balance": to_money(sum(openings, Decimal(0))) if complete_openings else None,
        "closing_balance": to_money(sum(closings, Decimal(0))) if complete_closings else None,
        "total_credits": analysis.money_in,
        "total_debits": analysis.money_out,
        "transaction_count": analysis.transaction_count,
    }


def category_chart(analysis: ReportAnalysis, currency: str | None, locale_name: str | None) -> dict:
    """Horizontal bars of money out per category (largest first, the rest as 'other')."""
    locale = locale_for(currency, locale_name)
    spending = [c for c in analysis.categories if c.money_out < 0]
    spending.sort(key=lambda c: c.money_out)
    top, rest = spending[:CATEGORY_LIMIT], spending[CATEGORY_LIMIT:]
    items = [(c.category, -c.money_out, c.share_of_out) for c in top]
    if rest:
        items.append(
            (
                f"other ({len(rest)})",
                -sum((c.money_out for c in rest), Decimal(0)),
                sum((c.share_of_out for c in rest), Decimal(0)),
            )
        )
    label_width, value_width = 150, 110
    bar_space = CHART_WIDTH - label_width - value_width
    largest = max((value for _, value, _ in items), default=Decimal(0))
    bars = []
    for index, (label, value, share) in enumerate(items):
        width = float(value / largest) * bar_space if largest else 0.0
        bars.append(
            {
                "label": label,
                "value": format_amount(value, locale, currency),
                "share": share,
                "x": label_width,
                "y": index * (CATEGORY_BAR_HEIGHT + 6),
                "width": round(max(width, 1.0), 1),
                "height": CATEGORY_BAR_HEIGHT,
                "text_y": index * (CATEGORY_BAR_HEIGHT + 6) + CATEGORY_BAR_HEIGHT * 0.7,
                "value_x": round(label_width + max(width, 1.0) + 6, 1),
                "colour": SERIES_COLOURS[index % len(SERIES_COLOURS)],
            }
        )
    return {
        "width": CHART_WIDTH,
        "height": max(len(bars), 1) * (CATEGORY_BAR_HEIGHT + 6),
        "label_width": label_width,
        "bars": bars,
    }


def balance_chart(analysis: ReportAnalysis, currency: str | None, locale_name: str | None) -> dict:
    """A line per account of end-of-day balances, with four y ticks and three date labels."""
    locale = locale_for(currency, locale_name)
    points = [(d, d.balance) for d in analysis.daily_balances if d.balance is not None]
    left, right, top, bottom = 80, 16, 10, 28
    plot_w, plot_h = CHART_WIDTH - left - right, BALANCE_HEIGHT - top - bottom
    if not points:
        return {
            "width": CHART_WIDTH,
            "height": BALANCE_HEIGHT,
            "series": [],
            "ticks": [],
            "dates": [],
        }
    first = min(d.date for d, _ in points)
    last = max(d.date for d, _ in points)
    low = min(balance for _, balance in points)
    high = max(balance for _, balance in points)
    # a little headroom so the line never touches the frame
    pad = (high - low) / 20 if high != low else Decimal(1)
    low, high = low - pad, high + pad
    span_days = max((last - first).days, 1)

    def x_of(day: dt.date) -> float:
        return round(left + (day - first).days / span_days * plot_w, 1)

    def y_of(value: Decimal) -> float:
        return round(top + float((high - value) / (high - low)) * plot_h, 1)

    series: list[dict[str, Any]] = []
    accounts = sorted({d.account_number or "" for d, _ in points})
    for index, account in enumerate(accounts):
        own = [(d, b) for d, b in points if (d.account_number or "") == account]
        series.append(
            {
                "account": account,
                "colour": SERIES_COLOURS[index % len(SERIES_COLOURS)],
                "points": " ".join(f"{x_of(d.date)},{y_of(b)}" for d, b in own),
                "last_x": x_of(own[-1][0].date),
                "last_y": y_of(own[-1][1]),
            }
        )
    ticks = []
    for step in range(4):
        value = low + (high - low) * Decimal(step) / 3
        ticks.append({"y": y_of(value), "label": format_amount(to_money(value), locale, currency)})
    middle = first + dt.timedelta(days=span_days // 2)
    dates = [
        {"x": x_of(day), "label": format_day(day, locale, "%d %b"), "anchor": anchor}
        for day, anchor in ((first, "start"), (middle, "middle"), (last, "end"))
    ]
    zero_y = y_of(Decimal(0)) if low < 0 < high else None
    return {
        "width": CHART_WIDTH,
        "height": BALANCE_HEIGHT,
        "left": left,
        "right": CHART_WIDTH - right,
        "top": top,
        "bottom": BALANCE_HEIGHT - bottom,
        "series": series,
        "ticks": ticks,
        "dates": dates,
        "zero_y": zero_y,
    }


def normalise_exceptions(entries: list[Any]) -> list[dict[str, Any]]:
    """Exceptions in one shape for templates: ``severity``, ``source``, ``message``, ``action``.

    Accepts that shape, the platform's ``kind``/``where``/``detail`` entries, or plain
    strings; other keys are kept. Severity defaults to WARNING; an entry without an
    ``action`` gets the usual one for its severity (what the reader does about it).
    """
    normalised = []
    for entry in entries or []:
        if not isinstance(entry, dict):
            entry = {"message": str(entry)}
        item = dict(entry)
        item["severity"] = str(entry.get("severity") or "WARNING").upper()
        where, kind = entry.get("where"), entry.get("kind")
        item["source"] = entry.get("source") or (
            f"{kind}: {where}" if kind and where else (where or kind or "")
        )
        item["message"] = entry.get("message") or entry.get("detail") or ""
        item["action"] = entry.get("action") or action_for(item["severity"])
        normalised.append(item)
    return normalised


def build_report_context(
    contract_scalars: dict[str, Any],
    contract_rows: list[dict[str, Any]],
    contract_totals: dict[str, Any],
    analysis: ReportAnalysis,
    report_meta: dict[str, Any],
) -> dict[str, Any]:
    """Assemble the Jinja context for a report template.

    Contract scalars and totals go to the top level (``{{ account_holder }}``), the
    contract rows to ``rows``, the analysis to ``analysis`` and ``report_meta``
    (tenant, period, generated_at, title, exceptions, warnings, locale, validation)
    plus chart geometry to ``report``. A contract token that is missing or ``None`` is
    filled from the analysis so a partial contract still renders a truthful report.
    """
    context: dict[str, Any] = {}
    fallback = _fallback_scalars(analysis)
    for name in (*CONTRACT_SCALARS, *CONTRACT_TOTALS):
        value = contract_scalars.get(name, contract_totals.get(name))
        context[name] = fallback.get(name) if value is None else value
    # contract tokens this template does not know still reach it (other templates use them)
    for source in (contract_scalars, contract_totals):
        for name, value in source.items():
            context.setdefault(name, value)
    rows = []
    for row in contract_rows:
        complete = {name: row.get(name) for name in ROW_FIELDS}
        complete.update(row)
        rows.append(complete)
    context["rows"] = rows
    context["analysis"] = analysis
    report: dict[str, Any] = {
        "tenant": None,
        "period": None,
        "generated_at": dt.datetime.now(dt.UTC).replace(microsecond=0),
        "title": "Monthly account report",
        "exceptions": [],
        "warnings": [],
        "validation": [],
        "locale": None,
        "account_filter": analysis.account_filter,
        "ledger_row_limit": LEDGER_ROW_LIMIT,
    }
    report.update(report_meta)
    report["exceptions"] = normalise_exceptions(report.get("exceptions") or [])
    report["warnings"] = [str(w) for w in report.get("warnings") or []]
    currencies = sorted({a.currency for a in analysis.accounts if a.currency})
    if len(currencies) > 1:
        # a combined report over several currencies cannot add them up meaningfully
        report["warnings"].append(
            f"accounts in {len(currencies)} currencies ({', '.join(currencies)}): combined"
            " totals add different currencies; use the per-account reports for amounts"
        )
    currency = context.get("currency")
    report["locale"] = locale_for(currency, report.get("locale")).name
    report["charts"] = {
        "categories": category_chart(analysis, currency, report["locale"]),
        "balance": balance_chart(analysis, currency, report["locale"]),
    }
    context["report"] = report
    return context


def ledger_contract_inputs(
    conn: Any, ledger: str, analysis: ReportAnalysis
) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any]]:
    """Contract inputs read straight from the warehouse ledger (no contract mapping).

    For the built-in template, the demo and benchmarks: scalars and totals come from
    the analysis, rows are the ledger in date order.
    """
    from neurareport_resources.analysis.sqlfiles import relation_name

    relation = relation_name(ledger)
    cursor = conn.execute(
        f"SELECT txn_date, description, amount, balance, category, account_number, currency, "
        f"page, row_no, strategy FROM {relation} ORDER BY txn_date, account_number, page, row_no"
    )
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
    fallback = _fallback_scalars(analysis)
    scalars = {name: fallback.get(name) for name in CONTRACT_SCALARS}
    totals = {name: fallback.get(name) for name in CONTRACT_TOTALS}
    return scalars, rows, totals
