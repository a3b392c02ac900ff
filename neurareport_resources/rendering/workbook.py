"""The report workbook (XLSX): xlsxwriter in constant-memory mode, text never a formula."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import operator
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xlsxwriter
import xlsxwriter.workbook

from neurareport_resources.analysis.report_analysis import ReportAnalysis
from neurareport_resources.atomic import atomic_path
from neurareport_resources.rendering.errors import RenderError
from neurareport_resources.rendering.xlsx_stream import DATE, NUMBER, TEXT, StreamingWorksheet

MAX_ROWS = 1_048_575  # one row for the header
TRANSACTION_COLUMNS = (
    ("Date", "txn_date", "date", 12),
    ("Account", "account_number", "text", 14),
    ("Description", "description", "text", 46),
    ("Category", "category", "text", 18),
    ("Amount", "amount", "money", 14),
    ("Balance", "balance", "money", 14),
    ("Currency", "currency", "text", 9),
    ("Rule", "category_rule", "text", 22),
    ("Page", "page", "int", 6),
    ("Row", "row_no", "int", 6),
    ("Strategy", "strategy", "text", 12),
)
SHEET_NAMES = (
    "Summary",
    "Transactions",
    "Categories",
    "Monthly",
    "Daily balances",
    "Counterparties",
    "Recurring",
    "Exceptions",
    "Validation",
    "Provenance",
)
PROVENANCE_COLUMNS = (
    ("Ledger row", "ledger_row", "int", 10),
    ("Statement", "statement_id", "text", 18),
    ("File", "file_name", "text", 28),
    ("Page", "page", "int", 6),
    ("Row", "row_no", "int", 6),
    ("Strategy", "strategy", "text", 12),
)


@dataclass
class WorkbookData:
    """Everything the workbook shows. ``transactions`` may be a generator (streamed once).

    ``transaction_count`` must be given when ``transactions`` is not a list: the Excel
    table's range is declared before the rows stream out in constant-memory mode.
    """

    title: str
    analysis: ReportAnalysis
    transactions: Iterable[dict[str, Any]]
    transaction_count: int | None = None
    currency: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)  # tenant, period, generated_at, template
    exceptions: list[dict[str, Any]] = field(default_factory=list)  # severity, source, message, row
    validation: list[dict[str, Any]] = field(
        default_factory=list
    )  # rule, severity, passed, failing, message
    statement_files: dict[str, str] = field(default_factory=dict)  # statement_id -> file name


@dataclass(frozen=True)
class WorkbookManifest:
    """What was written: path, sha256, size, and per sheet its data rows."""

    path: Path
    sha256: str
    size_bytes: int
    sheets: dict[str, int]
    tables: tuple[str, ...]
    charts: int


class _FastZipWorkbook(xlsxwriter.Workbook):
    """A workbook zipped at deflate level 1 instead of zlib's default 6.

    For 100,000 rows, deflating the sheet XML took as long as writing it; level 1
    halves that for a file ~30% larger. xlsxwriter has no option for the level, so the
    ZipFile it constructs is given one for the duration of the save (a lock keeps our
    own concurrent saves from restoring it under each other).
    """

    _zip_lock = threading.Lock()

    def _store_workbook(self) -> None:
        with self._zip_lock:
            original = xlsxwriter.workbook.ZipFile
            xlsxwriter.workbook.ZipFile = functools.partial(original, compresslevel=1)
            try:
                super()._store_workbook()
            finally:
                xlsxwriter.workbook.ZipFile = original


class _Formats:
    def __init__(self, book: xlsxwriter.Workbook, currency: str | None) -> None:
        money = "#,##0.00;[Red]-#,##0.00"
        self.header = book.add_format(
            {"bold": True, "bg_color": "#1F5F8B", "font_color": "#FFFFFF", "border": 0}
        )
        self.title = book.add_format({"bold": True, "font_size": 16, "font_color": "#12324A"})
        self.label = book.add_format({"font_color": "#4A5563"})
        self.bold = book.add_format({"bold": True})
        self.money = book.add_format({"num_format": money})
        self.money_bold = book.add_format({"num_format": money, "bold": True})
        self.date = book.add_format({"num_format": "yyyy-mm-dd"})
        self.month = book.add_format({"num_format": "mmm yyyy"})
        self.percent = book.add_format({"num_format": "0.0%"})
        self.text = book.add_format({"num_format": "@"})
        self.ok = book.add_format({"bold": True, "font_color": "#23663A"})
        self.fail = book.add_format({"bold": True, "font_color": "#9B2C22"})
        self.currency = currency


_KINDS: dict[str, tuple[str, str | None]] = {
    # column kind -> (cell kind for append_row, attribute of _Formats or None)
    "text": (TEXT, None),
    "money": (NUMBER, "money"),
    "date": (DATE, "date"),
    "month": (DATE, "month"),
    "percent": (NUMBER, "percent"),
    "int": (NUMBER, None),
    "number": (NUMBER, None),
}


def _format_for(formats: _Formats, kind: str) -> Any:
    """The cell format of a column kind (None for plain text and integers)."""
    attribute = _KINDS[kind][1]
    return getattr(formats, attribute) if attribute else None


class _Sheet:
    """Row-by-row writer: constant-memory worksheets are written top to bottom."""

    def __init__(self, book: xlsxwriter.Workbook, name: str, formats: _Formats) -> None:
        self.ws: StreamingWorksheet = book.get_worksheet_by_name(name)
        self.name = name
        self.formats = formats
        self.row = 0

    def header(self, names: list[str], widths: list[int] | None = None) -> None:
        self.ws.append_row(self.row, names, [TEXT] * len(names), [self.formats.header] * len(names))
        for col, width in enumerate(widths or []):
            self.ws.set_column(col, col, width)
        self.row += 1

    def values(self, values: list[Any], kinds: list[str], formats: list[Any] | None = None) -> None:
        cell_kinds = [_KINDS[k][0] for k in kinds]
        cell_formats = formats or [_format_for(self.formats, k) for k in kinds]
        self.ws.append_row(self.row, values, cell_kinds, cell_formats)
        self.row += 1

    def skip(self, rows: int = 1) -> None:
        self.row += rows


def write_workbook(path: Path, workbook: WorkbookData) -> WorkbookManifest:
    """Write the report workbook to ``path`` atomically and describe it.

    Sheets: Summary, Transactions (Excel table with filters, frozen header, date and
    number formats), Categories, Monthly, Daily balances, Counterparties, Recurring,
    Exceptions, Validation, Provenance — with native charts on Categories, Monthly and
    Daily balances. Constant-memory mode keeps memory flat for any row count; every
    text cell is an escaped inline string (see ``xlsx_stream``), never a formula.
    """
    path = Path(path)
    data = workbook
    analysis = data.analysis
    transactions = data.transactions
    count = data.transaction_count
    if count is None:
        if not isinstance(transactions, (list, tuple)):
            raise RenderError(
                f"{path}: transaction_count is required when transactions is a stream"
            )
        count = len(transactions)
    if count > MAX_ROWS:
        raise RenderError(
            f"{path}: {count} transactions exceed one Excel sheet ({MAX_ROWS}); split the period"
        )
    sheets: dict[str, int] = {}
    charts = 0
    try:
        with atomic_path(path) as tmp:
            book = _FastZipWorkbook(
                str(tmp),
                {
                    "constant_memory": True,
                    "strings_to_formulas": False,
                    "strings_to_urls": False,
                    "strings_to_numbers": False,
                    "default_date_format": "yyyy-mm-dd",
                },
            )
            fmt = _Formats(book, data.currency or analysis.currency)
            book.set_properties(
                {
                    "title": data.title,
                    "subject": f"{data.meta.get('tenant', '')} {data.meta.get('period', '')}".strip(),
                    "creator": "NeuraReport",
                    "comments": "Generated by NeuraReport",
                    # a fixed creation time keeps re-rendered workbooks byte-identical
                    **(
                        {"created": data.meta["generated_at"].replace(tzinfo=None)}
                        if isinstance(data.meta.get("generated_at"), dt.datetime)
                        else {}
                    ),
                }
            )
            # all sheets exist up front, in reading order; each is then filled top to bottom
            for name in SHEET_NAMES:
                book.add_worksheet(name, worksheet_class=StreamingWorksheet)
            sheets["Summary"] = _summary(book, fmt, data)
            sheets["Transactions"] = _transactions(book, fmt, transactions, count, data)
            sheets["Provenance"] = sheets["Transactions"]
            sheets["Categories"], c1 = _categories(book, fmt, analysis)
            sheets["Monthly"], c2 = _monthly(book, fmt, analysis)
            sheets["Daily balances"], c3 = _daily(book, fmt, analysis)
            charts = c1 + c2 + c3
            sheets["Counterparties"] = _counterparties(book, fmt, analysis)
            sheets["Recurring"] = _recurring(book, fmt, analysis)
            sheets["Exceptions"] = _exceptions(book, fmt, data.exceptions)
            sheets["Validation"] = _validation(book, fmt, data.validation)
            book.close()
    except RenderError:
        raise
    except Exception as exc:
        raise RenderError(f"{path}: workbook not written ({type(exc).__name__}: {exc})") from exc
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return WorkbookManifest(
        path=path,
        sha256=digest.hexdigest(),
        size_bytes=path.stat().st_size,
        sheets=sheets,
        tables=("Transactions",),
        charts=charts,
    )


def _summary(book: xlsxwriter.Workbook, fmt: _Formats, data: WorkbookData) -> int:
    sheet = _Sheet(book, "Summary", fmt)
    sheet.ws.set_column(0, 0, 26)
    sheet.ws.set_column(1, 7, 16)
    sheet.values([data.title], ["text"], [fmt.title])
    sheet.skip()
    for key in ("tenant", "period", "account", "generated_at", "template"):
        if data.meta.get(key) is not None:
            label = key.replace("_", " ").capitalize()
            sheet.values([label, str(data.meta[key])], ["text", "text"], [fmt.label, None])
    sheet.skip()
    sheet.header(
        [
            "Account",
            "Currency",
            "Opening",
            "Money in",
            "Money out",
            "Closing",
            "Computed closing",
            "Reconciled",
        ]
    )
    accounts = data.analysis.accounts
    kinds = ["text", "text", "money", "money", "money", "money", "money", "text"]
    for account in accounts:
        state = account.reconciled
        text = "yes" if state else ("no" if state is False else "unknown")
        values = [
            account.account_number or "",
            account.currency or "",
            account.opening_balance,
            account.money_in,
            account.money_out,
            account.closing_balance,
            account.computed_closing,
            text,
        ]
        formats = [None, None, *([fmt.money] * 5), fmt.ok if state else fmt.fail]
        sheet.values(values, kinds, formats)
    sheet.skip()
    sheet.values(
        ["Transactions", data.analysis.transaction_count], ["text", "int"], [fmt.label, None]
    )
    sheet.values(
        ["Money in", data.analysis.money_in], ["text", "money"], [fmt.label, fmt.money_bold]
    )
    sheet.values(
        ["Money out", data.analysis.money_out], ["text", "money"], [fmt.label, fmt.money_bold]
    )
    return len(accounts)


def _transactions(
    book: xlsxwriter.Workbook,
    fmt: _Formats,
    rows: Iterable[dict[str, Any]],
    count: int,
    data: WorkbookData,
) -> int:
    ws: StreamingWorksheet = book.get_worksheet_by_name("Transactions")
    prov: StreamingWorksheet = book.get_worksheet_by_name("Provenance")
    names = [c[0] for c in TRANSACTION_COLUMNS]
    ws.add_table_streaming(0, count, names, "Transactions", "Table Style Medium 2")
    ws.append_row(0, names, [TEXT] * len(names), [fmt.header] * len(names))
    kinds: list[str] = []
    formats: list[Any] = []
    for col, (_, _, kind, width) in enumerate(TRANSACTION_COLUMNS):
        ws.set_column(col, col, width)
        kinds.append(_KINDS[kind][0])
        formats.append(_format_for(fmt, kind))
    ws.freeze_panes(1, 0)
    prov_names = [c[0] for c in PROVENANCE_COLUMNS]
    prov.append_row(0, prov_names, [TEXT] * len(prov_names), [fmt.header] * len(prov_names))
    prov_kinds: list[str] = []
    prov_formats: list[Any] = []
    for col, (_, _, kind, width) in enumerate(PROVENANCE_COLUMNS):
        prov.set_column(col, col, width)
        prov_kinds.append(_KINDS[kind][0])
        prov_formats.append(None)
    prov.freeze_panes(1, 0)
    files = data.statement_files
    fields = [c[1] for c in TRANSACTION_COLUMNS]
    pick = operator.itemgetter(*fields)
    append = ws.row_writer(kinds, formats)
    prov_append = prov.row_writer(prov_kinds, prov_formats)
    written = 0
    for index, row in enumerate(rows, start=1):
        if index > count:
            raise RenderError(
                f"workbook: more transactions than the declared transaction_count {count}"
            )
        get = row.get
        try:
            values = pick(row)
        except KeyError:  # a row without some optional column
            values = [get(name) for name in fields]
        append(index, values)
        # provenance goes out on its own sheet in the same pass: no second copy in memory
        statement_id = get("statement_id")
        prov_append(
            index,
            [
                index,
                None if statement_id is None else str(statement_id)[:16],
                files.get(statement_id) if statement_id is not None else None,
                get("page"),
                get("row_no"),
                get("strategy"),
            ],
        )
        written = index
    if written != count:
        raise RenderError(
            f"workbook: {written} transactions written but transaction_count said {count}"
        )
    return written


def _chart_sheet_rows(sheet: _Sheet, rows: Iterator[tuple[list[Any], list[str]]]) -> int:
    n = 0
    for values, kinds in rows:
        sheet.values(values, kinds)
        n += 1
    return n


def _categories(
    book: xlsxwriter.Workbook, fmt: _Formats, analysis: ReportAnalysis
) -> tuple[int, int]:
    sheet = _Sheet(book, "Categories", fmt)
    sheet.header(
        ["Category", "Money in", "Money out", "Net", "Count", "Share of out", "Spent"],
        [24, 14, 14, 14, 8, 12, 14],
    )
    kinds = ["text", "money", "money", "money", "int", "percent", "money"]
    n = _chart_sheet_rows(
        sheet,
        (
            (
                [
                    c.category,
                    c.money_in,
                    c.money_out,
                    c.net,
                    c.transaction_count,
                    c.share_of_out,
                    -c.money_out,
                ],
                kinds,
            )
            for c in analysis.categories
        ),
    )
    charts = 0
    spending = sum(1 for c in analysis.categories if c.money_out < 0)
    if n:
        chart = book.add_chart({"type": "bar"})
        chart.add_series(
            {
                "name": "Money out",
                "categories": ["Categories", 1, 0, n, 0],
                "values": ["Categories", 1, 6, n, 6],
                "fill": {"color": "#1F5F8B"},
            }
        )
        chart.set_title({"name": "Money out by category"})
        chart.set_legend({"none": True})
        chart.set_y_axis({"reverse": True})
        chart.set_size({"width": 620, "height": max(300, 22 * n + 80)})
        sheet.ws.insert_chart(1, 8, chart)
        charts += 1
        if spending:
            pie = book.add_chart({"type": "pie"})
            pie.add_series(
                {
                    "name": "Share of money out",
                    "categories": ["Categories", 1, 0, n, 0],
                    "values": ["Categories", 1, 6, n, 6],
                }
            )
            pie.set_title({"name": "Share of money out"})
            sheet.ws.insert_chart(max(18, n + 4), 8, pie)
            charts += 1
    sheet.ws.freeze_panes(1, 0)
    return n, charts


def _monthly(book: xlsxwriter.Workbook, fmt: _Formats, analysis: ReportAnalysis) -> tuple[int, int]:
    sheet = _Sheet(book, "Monthly", fmt)
    sheet.header(
        ["Month", "Account", "Money in", "Money out", "Net", "Count"], [12, 14, 14, 14, 14, 8]
    )
    kinds = ["month", "text", "money", "money", "money", "int"]
    n = _chart_sheet_rows(
        sheet,
        (
            (
                [m.month, m.account_number, m.money_in, m.money_out, m.net, m.transaction_count],
                kinds,
            )
            for m in analysis.monthly
        ),
    )
    if not n:
        return 0, 0
    chart = book.add_chart({"type": "column"})
    for col, name, colour in ((2, "Money in", "#3C8D5A"), (3, "Money out", "#C0392B")):
        chart.add_series(
            {
                "name": name,
                "categories": ["Monthly", 1, 0, n, 1],
                "values": ["Monthly", 1, col, n, col],
                "fill": {"color": colour},
            }
        )
    chart.set_title({"name": "Money in and out per month"})
    sheet.ws.insert_chart(1, 7, chart)
    sheet.ws.freeze_panes(1, 0)
    return n, 1


def _daily(book: xlsxwriter.Workbook, fmt: _Formats, analysis: ReportAnalysis) -> tuple[int, int]:
    sheet = _Sheet(book, "Daily balances", fmt)
    sheet.header(
        ["Date", "Account", "Balance", "Money in", "Money out", "Count"], [12, 14, 14, 14, 14, 8]
    )
    kinds = ["date", "text", "money", "money", "money", "int"]
    rows = analysis.daily_balances
    n = _chart_sheet_rows(
        sheet,
        (
            (
                [d.date, d.account_number, d.balance, d.money_in, d.money_out, d.transaction_count],
                kinds,
            )
            for d in rows
        ),
    )
    if not n:
        return 0, 0
    chart = book.add_chart({"type": "line"})
    # one series per account: rows are sorted by account, then date
    start = 1
    for index in range(1, n + 1):
        last_of_account = index == n or rows[index].account_number != rows[index - 1].account_number
        if last_of_account:
            account = rows[index - 1].account_number or "balance"
            chart.add_series(
                {
                    "name": str(account),
                    "categories": ["Daily balances", start, 0, index, 0],
                    "values": ["Daily balances", start, 2, index, 2],
                    "marker": {"type": "circle", "size": 4},
                }
            )
            start = index + 1
    chart.set_title({"name": "End-of-day balance"})
    chart.set_x_axis({"date_axis": True, "num_format": "dd mmm"})
    chart.set_size({"width": 720, "height": 320})
    sheet.ws.insert_chart(1, 7, chart)
    sheet.ws.freeze_panes(1, 0)
    return n, 1


def _counterparties(book: xlsxwriter.Workbook, fmt: _Formats, analysis: ReportAnalysis) -> int:
    sheet = _Sheet(book, "Counterparties", fmt)
    sheet.header(
        ["Counterparty", "Category", "Money in", "Money out", "Total moved", "Count"],
        [32, 18, 14, 14, 14, 8],
    )
    kinds = ["text", "text", "money", "money", "money", "int"]
    n = _chart_sheet_rows(
        sheet,
        (
            (
                [c.counterparty, c.category, c.money_in, c.money_out, c.total, c.transaction_count],
                kinds,
            )
            for c in analysis.counterparties
        ),
    )
    sheet.ws.freeze_panes(1, 0)
    return n


def _recurring(book: xlsxwriter.Workbook, fmt: _Formats, analysis: ReportAnalysis) -> int:
    sheet = _Sheet(book, "Recurring", fmt)
    sheet.header(
        [
            "Counterparty",
            "Account",
            "Direction",
            "Frequency",
            "Times",
            "Typical amount",
            "First",
            "Last",
            "Next expected",
            "Category",
        ],
        [32, 14, 10, 14, 7, 14, 12, 12, 14, 18],
    )
    kinds = ["text", "text", "text", "text", "int", "money", "date", "date", "date", "text"]
    n = _chart_sheet_rows(
        sheet,
        (
            (
                [
                    r.counterparty,
                    r.account_number,
                    r.direction,
                    r.frequency,
                    r.occurrences,
                    r.average_amount,
                    r.first_date,
                    r.last_date,
                    r.next_expected,
                    r.category,
                ],
                kinds,
            )
            for r in analysis.recurring
        ),
    )
    sheet.ws.freeze_panes(1, 0)
    return n


def _exceptions(book: xlsxwriter.Workbook, fmt: _Formats, exceptions: list[dict[str, Any]]) -> int:
    sheet = _Sheet(book, "Exceptions", fmt)
    sheet.header(
        ["Severity", "Source", "Message", "Date", "Description", "Amount", "Page", "Row"],
        [13, 24, 60, 12, 40, 14, 6, 6],
    )
    kinds = ["text", "text", "text", "date", "text", "money", "int", "int"]
    n = _chart_sheet_rows(
        sheet,
        (
            (
                [
                    e.get("severity"),
                    e.get("source"),
                    e.get("message"),
                    e.get("txn_date"),
                    e.get("description"),
                    e.get("amount"),
                    e.get("page"),
                    e.get("row_no"),
                ],
                kinds,
            )
            for e in exceptions
        ),
    )
    sheet.ws.freeze_panes(1, 0)
    return n


def _validation(book: xlsxwriter.Workbook, fmt: _Formats, results: list[dict[str, Any]]) -> int:
    sheet = _Sheet(book, "Validation", fmt)
    sheet.header(["Rule", "Severity", "Result", "Failing rows", "Message"], [30, 13, 10, 12, 70])
    kinds = ["text", "text", "text", "int", "text"]
    n = _chart_sheet_rows(
        sheet,
        (
            (
                [
                    r.get("rule"),
                    r.get("severity"),
                    "passed" if r.get("passed") else "failed",
                    r.get("failing", 0),
                    r.get("message"),
                ],
                kinds,
            )
            for r in results
        ),
    )
    sheet.ws.freeze_panes(1, 0)
    return n
