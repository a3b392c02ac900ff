"""The report workbook (XLSX): xlsxwriter in constant-memory mode, text never a formula."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import operator
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter
import xlsxwriter.workbook

from neurareport_resources.analysis.categorize import UNCATEGORISED
from neurareport_resources.analysis.report_analysis import ReportAnalysis
from neurareport_resources.atomic import atomic_path
from neurareport_resources.rendering.errors import RenderError
from neurareport_resources.rendering.exception_text import action_for
from neurareport_resources.rendering.workbook_layout import (
    ChartColumn,
    ColumnWidths,
    cell_chars,
    chars_for_pixels,
    print_setup,
)
from neurareport_resources.rendering.xlsx_stream import DATE, NUMBER, TEXT, StreamingWorksheet

MAX_ROWS = 1_048_575  # one row for the header
ZERO = Decimal("0.00")
# (header, ledger field, kind, widest the column gets: longer text stays in the cell)
TRANSACTION_COLUMNS = (
    ("Date", "txn_date", "date", 12),
    ("Account", "account_number", "text", 30),
    ("Description", "description", "text", 60),
    ("Category", "category", "text", 24),
    ("Amount", "amount", "money", 20),
    ("Balance", "balance", "money", 20),
    ("Currency", "currency", "text", 10),
    ("Rule", "category_rule", "text", 40),
    ("Page", "page", "int", 8),
    ("Row", "row_no", "int", 8),
    ("Strategy", "strategy", "text", 16),
)
SHEET_NAMES = (
    "Summary",
    "Comparison",
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
    ("Ledger row", "ledger_row", "int", 12),
    ("Statement", "statement_id", "text", 18),
    ("File", "file_name", "text", 50),
    ("Page", "page", "int", 8),
    ("Row", "row_no", "int", 8),
    ("Strategy", "strategy", "text", 16),
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
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
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
    """One sheet written top to bottom (constant memory): a table with its header, the
    widths measured as rows go out, then filters, frozen header and print setup."""

    def __init__(self, book: xlsxwriter.Workbook, name: str, formats: _Formats) -> None:
        self.ws: StreamingWorksheet = book.get_worksheet_by_name(name)
        self.name = name
        self.formats = formats
        self.row = 0
        self.header_row: int | None = None
        self.columns = 0
        self.measure = ColumnWidths([])

    def header(self, names: list[str], caps: list[int] | None = None) -> None:
        """Start the sheet's table: its header row (filtered, frozen, repeated in print)."""
        self.ws.append_row(self.row, names, [TEXT] * len(names), [self.formats.header] * len(names))
        self.header_row, self.columns = self.row, len(names)
        widths = ColumnWidths(names, caps)
        widths.merge(self.measure)  # rows written above the table (facts) fit too
        self.measure = widths
        self.row += 1

    def values(
        self,
        values: list[Any],
        kinds: list[str],
        formats: list[Any] | None = None,
        *,
        measure: bool = True,
    ) -> None:
        """Append one row; ``measure=False`` for a title that may spill over its cell."""
        cell_kinds = [_KINDS[k][0] for k in kinds]
        cell_formats = formats or [_format_for(self.formats, k) for k in kinds]
        self.ws.append_row(self.row, values, cell_kinds, cell_formats)
        if measure:
            self.measure.see(values, kinds)
        self.row += 1

    def rows(self, rows: Iterable[tuple[list[Any], list[str]]]) -> int:
        """Write ``(values, kinds)`` rows; returns how many."""
        n = 0
        for values, kinds in rows:
            self.values(values, kinds)
            n += 1
        return n

    def skip(self, rows: int = 1) -> None:
        self.row += rows

    def finish(self, data: WorkbookData, *, chart_px: int = 0) -> int:
        """Widths, filters on the table, frozen header, print setup; returns the width.

        ``chart_px``: the width of charts placed beside the table (they print with it).
        """
        width = self.measure.apply(self.ws)
        if self.header_row is not None:
            last = max(self.row - 1, self.header_row)
            self.ws.autofilter(self.header_row, 0, last, self.columns - 1)
            self.ws.freeze_panes(self.header_row + 1, 0)
        print_setup(
            self.ws,
            width_chars=width + chars_for_pixels(chart_px),
            header_row=self.header_row,
            title=f"{data.title} — {self.name}",
            subtitle=f"{data.meta.get('tenant', '')} {data.meta.get('period', '')}".strip(),
        )
        return width


def write_workbook(path: Path, workbook: WorkbookData) -> WorkbookManifest:
    """Write the report workbook to ``path`` atomically and describe it.

    Sheets: Summary, Comparison (this month, the previous month, the year to date),
    Transactions (Excel table), Categories, Monthly, Daily balances, Counterparties,
    Recurring, Exceptions (in plain words, with what to do), Validation, Provenance —
    with native charts on Categories, Monthly and Daily balances, stacked so they never
    overlap. Every table has filters and a frozen header; columns are as wide as their
    content; each sheet prints one page wide (landscape when wide) with its header row
    repeated. Constant-memory mode keeps memory flat for any row count; every text cell
    is an escaped inline string (see ``xlsx_stream``), never a formula.
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
            sheets["Comparison"] = _comparison(book, fmt, data)
            sheets["Transactions"] = _transactions(book, fmt, transactions, count, data)
            sheets["Provenance"] = sheets["Transactions"]
            sheets["Categories"], c1 = _categories(book, fmt, data)
            sheets["Monthly"], c2 = _monthly(book, fmt, data)
            sheets["Daily balances"], c3 = _daily(book, fmt, data)
            charts = c1 + c2 + c3
            sheets["Counterparties"] = _counterparties(book, fmt, data)
            sheets["Recurring"] = _recurring(book, fmt, data)
            sheets["Exceptions"] = _exceptions(book, fmt, data)
            sheets["Validation"] = _validation(book, fmt, data)
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
    analysis = data.analysis
    # the facts above the accounts table: label and value in the first two columns
    facts: list[tuple[str, Any, str, Any]] = [
        (key.replace("_", " ").capitalize(), str(data.meta[key]), "text", None)
        for key in ("tenant", "period", "account", "generated_at", "template")
        if data.meta.get(key) is not None
    ]
    uncategorised = next((c for c in analysis.categories if c.category == UNCATEGORISED), None)
    facts += [
        ("Transactions", analysis.transaction_count, "int", None),
        ("Money in", analysis.money_in, "money", fmt.money_bold),
        ("Money out", analysis.money_out, "money", fmt.money_bold),
        (
            "Uncategorised rows",
            uncategorised.transaction_count if uncategorised else 0,
            "int",
            None,
        ),
        (
            "Uncategorised money",
            (uncategorised.money_in - uncategorised.money_out) if uncategorised else ZERO,
            "money",
            fmt.money,
        ),
        ("Unusual items (see Exceptions)", len(analysis.outliers), "int", None),
    ]
    sheet.values([data.title], ["text"], [fmt.title], measure=False)
    sheet.skip()
    for label, value, kind, value_format in facts:
        sheet.values([label, value], ["text", kind], [fmt.label, value_format])
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
    accounts = analysis.accounts
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
    sheet.finish(data)
    return len(accounts)


def _month_name(day: dt.date) -> str:
    return day.strftime("%b %Y")


def _comparison(book: xlsxwriter.Workbook, fmt: _Formats, data: WorkbookData) -> int:
    sheet = _Sheet(book, "Comparison", fmt)
    comparison = data.analysis.comparison
    if comparison is None:
        sheet.header(["Group", "Figure", "This month", "Previous month", "Change", "Year to date"])
        sheet.finish(data)
        return 0
    previous = _month_name(comparison.previous_period)
    if not comparison.previous_available:
        previous += ": no data"
    months = comparison.months_in_year
    sheet.header(
        [
            "Group",
            "Figure",
            f"This month ({_month_name(comparison.period)})",
            f"Previous month ({previous})",
            "Change",
            "Change %",
            f"Year to date ({months} month{'s' if months != 1 else ''})",
        ]
    )
    kinds = ["text", "text", "money", "money", "money", "percent", "money"]
    lines = [("Totals", line) for line in comparison.totals]
    lines += [("Category", line) for line in comparison.categories]
    n = sheet.rows(
        (
            [
                group,
                line.label,
                line.this_month,
                line.previous_month,
                line.change,
                line.change_ratio,
                line.year_to_date,
            ],
            kinds,
        )
        for group, line in lines
    )
    sheet.finish(data)
    return n


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
    for _, _, kind, _ in TRANSACTION_COLUMNS:
        kinds.append(_KINDS[kind][0])
        formats.append(_format_for(fmt, kind))
    ws.freeze_panes(1, 0)
    prov_names = [c[0] for c in PROVENANCE_COLUMNS]
    prov.append_row(0, prov_names, [TEXT] * len(prov_names), [fmt.header] * len(prov_names))
    prov_kinds = [_KINDS[kind][0] for _, _, kind, _ in PROVENANCE_COLUMNS]
    prov.freeze_panes(1, 0)
    files = data.statement_files
    fields = [c[1] for c in TRANSACTION_COLUMNS]
    pick = operator.itemgetter(*fields)
    append = ws.row_writer(kinds, formats)
    prov_append = prov.row_writer(prov_kinds, [None] * len(prov_kinds))
    # widths: text columns are measured as rows stream by (a len() per cell); money
    # columns are as wide as the largest amount and balance the analysis found
    measure = ColumnWidths(names, [cap for *_, cap in TRANSACTION_COLUMNS])
    longest = measure.chars
    text_columns = [i for i, column in enumerate(TRANSACTION_COLUMNS) if column[2] == "text"]
    prov_measure = ColumnWidths(prov_names, [cap for *_, cap in PROVENANCE_COLUMNS])
    file_col = prov_names.index("File")
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
        for col in text_columns:
            value = values[col]
            if value is not None:
                size = len(value) if value.__class__ is str else len(str(value))
                if size > longest[col]:
                    longest[col] = size
        # provenance goes out on its own sheet in the same pass: no second copy in memory
        statement_id = get("statement_id")
        file_name = files.get(statement_id) if statement_id is not None else None
        prov_append(
            index,
            [
                index,
                None if statement_id is None else str(statement_id)[:16],
                file_name,
                get("page"),
                get("row_no"),
                get("strategy"),
            ],
        )
        if file_name is not None and len(file_name) > prov_measure.chars[file_col]:
            prov_measure.chars[file_col] = len(file_name)
        written = index
    if written != count:
        raise RenderError(
            f"workbook: {written} transactions written but transaction_count said {count}"
        )
    analysis = data.analysis
    amounts = [t.amount for t in analysis.largest_transactions]
    balances = [d.balance for d in analysis.daily_balances if d.balance is not None]
    balances += [a.opening_balance for a in analysis.accounts if a.opening_balance is not None]
    for col, values_seen in (
        (fields.index("amount"), amounts),
        (fields.index("balance"), balances),
    ):
        for value in values_seen:
            longest[col] = max(longest[col], cell_chars(value, "money") + 1)
    longest[fields.index("txn_date")] = max(longest[fields.index("txn_date")], 10)
    subtitle = f"{data.meta.get('tenant', '')} {data.meta.get('period', '')}".strip()
    for sheet, widths in ((ws, measure), (prov, prov_measure)):
        print_setup(
            sheet,
            width_chars=widths.apply(sheet),
            header_row=0,
            title=f"{data.title} — {sheet.name}",
            subtitle=subtitle,
        )
    # the Transactions table carries its own filters; Provenance gets a plain one
    prov.autofilter(0, 0, max(written, 1), len(prov_names) - 1)
    return written


def _categories(book: xlsxwriter.Workbook, fmt: _Formats, data: WorkbookData) -> tuple[int, int]:
    sheet = _Sheet(book, "Categories", fmt)
    analysis = data.analysis
    sheet.header(["Category", "Money in", "Money out", "Net", "Count", "Share of out", "Spent"])
    kinds = ["text", "money", "money", "money", "int", "percent", "money"]
    n = sheet.rows(
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
    )
    sheet.finish(data, chart_px=620 if n else 0)
    charts = 0
    spending = sum(1 for c in analysis.categories if c.money_out < 0)
    if n:
        stack = ChartColumn(sheet.ws, first_row=1, col=len(kinds) + 1)
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
        stack.insert(chart, 620, max(300, 22 * n + 80))
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
            stack.insert(pie, 620, 360)
            charts += 1
    return n, charts


def _monthly(book: xlsxwriter.Workbook, fmt: _Formats, data: WorkbookData) -> tuple[int, int]:
    sheet = _Sheet(book, "Monthly", fmt)
    sheet.header(["Month", "Account", "Money in", "Money out", "Net", "Count"])
    kinds = ["month", "text", "money", "money", "money", "int"]
    n = sheet.rows(
        (
            [m.month, m.account_number, m.money_in, m.money_out, m.net, m.transaction_count],
            kinds,
        )
        for m in data.analysis.monthly
    )
    sheet.finish(data, chart_px=620 if n else 0)
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
    ChartColumn(sheet.ws, first_row=1, col=len(kinds) + 1).insert(chart, 620, 320)
    return n, 1


def _daily(book: xlsxwriter.Workbook, fmt: _Formats, data: WorkbookData) -> tuple[int, int]:
    sheet = _Sheet(book, "Daily balances", fmt)
    sheet.header(["Date", "Account", "Balance", "Money in", "Money out", "Count"])
    kinds = ["date", "text", "money", "money", "money", "int"]
    rows = data.analysis.daily_balances
    n = sheet.rows(
        (
            [d.date, d.account_number, d.balance, d.money_in, d.money_out, d.transaction_count],
            kinds,
        )
        for d in rows
    )
    sheet.finish(data, chart_px=720 if n else 0)
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
    ChartColumn(sheet.ws, first_row=1, col=len(kinds) + 1).insert(chart, 720, 320)
    return n, 1


def _counterparties(book: xlsxwriter.Workbook, fmt: _Formats, data: WorkbookData) -> int:
    sheet = _Sheet(book, "Counterparties", fmt)
    sheet.header(["Counterparty", "Category", "Money in", "Money out", "Total moved", "Count"])
    kinds = ["text", "text", "money", "money", "money", "int"]
    n = sheet.rows(
        (
            [c.counterparty, c.category, c.money_in, c.money_out, c.total, c.transaction_count],
            kinds,
        )
        for c in data.analysis.counterparties
    )
    sheet.finish(data)
    return n


def _recurring(book: xlsxwriter.Workbook, fmt: _Formats, data: WorkbookData) -> int:
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
        ]
    )
    kinds = ["text", "text", "text", "text", "int", "money", "date", "date", "date", "text"]
    n = sheet.rows(
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
        for r in data.analysis.recurring
    )
    sheet.finish(data)
    return n


def _exception_rows(data: WorkbookData) -> Iterator[list[Any]]:
    """Every exception in plain words with what to do, then the unusual items."""
    for e in data.exceptions:
        severity = str(e.get("severity") or "WARNING").upper()
        yield [
            severity,
            e.get("source"),
            e.get("message"),
            e.get("action") or action_for(severity),
            e.get("txn_date"),
            e.get("description"),
            e.get("amount"),
            e.get("page"),
            e.get("row_no"),
        ]
    for outlier in data.analysis.outliers:
        yield [
            "UNUSUAL",
            "payee share" if outlier.kind == "payee_share" else "amount",
            outlier.explanation,
            outlier.action,
            outlier.txn_date,
            outlier.description or outlier.counterparty,
            outlier.amount,
            outlier.page,
            outlier.row_no,
        ]


def _exceptions(book: xlsxwriter.Workbook, fmt: _Formats, data: WorkbookData) -> int:
    sheet = _Sheet(book, "Exceptions", fmt)
    sheet.header(
        [
            "Severity",
            "Where",
            "What happened",
            "What to do",
            "Date",
            "Description",
            "Amount",
            "Page",
            "Row",
        ],
        [14, 40, 70, 70, 12, 50, 16, 8, 8],
    )
    kinds = ["text", "text", "text", "text", "date", "text", "money", "int", "int"]
    wrapped = [None, None, fmt.wrap, fmt.wrap, fmt.date, None, fmt.money, None, None]
    n = 0
    for values in _exception_rows(data):
        sheet.values(values, kinds, wrapped)
        n += 1
    sheet.finish(data)
    return n


def _validation(book: xlsxwriter.Workbook, fmt: _Formats, data: WorkbookData) -> int:
    sheet = _Sheet(book, "Validation", fmt)
    sheet.header(["Rule", "Severity", "Result", "Failing rows", "Message"], [40, 14, 10, 14, 80])
    kinds = ["text", "text", "text", "int", "text"]
    n = sheet.rows(
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
        for r in data.validation
    )
    sheet.finish(data)
    return n
