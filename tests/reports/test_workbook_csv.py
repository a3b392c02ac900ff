"""The workbook and the CSV, opened with openpyxl and csv as a user's tools would."""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path

import duckdb
import openpyxl
import pytest

from neurareport_resources.analysis import build_analysis
from neurareport_resources.rendering import (
    SHEET_NAMES,
    RenderError,
    WorkbookData,
    write_ledger_csv,
    write_workbook,
)

NASTY = [
    '=HYPERLINK("http://evil.example/x","click me")',
    "+SUM(A1:A9)",
    "-2+3",
    "@cmd",
    "<r><t>raw xml</t></r>",
    "Tom & Jerry <ltd>",
    "bell\x07char _x0041_ literal",
    "  padded  ",
]


def _ledger_rows(conn: duckdb.DuckDBPyConnection) -> list[dict]:
    cursor = conn.execute("SELECT * FROM ledger")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@pytest.fixture
def nasty_conn(loader, month) -> duckdb.DuckDBPyConnection:
    rows, header = month
    rows = [dict(r) for r in rows]
    for index, text in enumerate(NASTY):
        rows[index]["description"] = text
    conn = duckdb.connect()
    loader(conn, [(rows, header)])
    return conn


def _write(tmp_path: Path, conn: duckdb.DuckDBPyConnection, **extra) -> tuple[Path, object]:
    analysis = build_analysis(conn, "ledger", "statements")
    rows = _ledger_rows(conn)
    header = conn.execute("SELECT statement_id, file_name FROM statements").fetchall()
    data = WorkbookData(
        title="Monthly account report",
        analysis=analysis,
        transactions=rows,
        meta={"tenant": "acme", "period": "2025-03"},
        statement_files=dict(header),
        **extra,
    )
    path = tmp_path / "out" / "report.xlsx"
    return path, write_workbook(path, data)


def test_workbook_sheets_table_formats_and_charts(tmp_path: Path, nasty_conn) -> None:
    rows = _ledger_rows(nasty_conn)
    path, manifest = _write(
        tmp_path,
        nasty_conn,
        exceptions=[
            {
                "severity": "CORRECTABLE",
                "source": "rule: dates in period",
                "message": "set aside",
                "txn_date": dt.date(2025, 4, 2),
                "description": "=1+1",
                "amount": Decimal("-3.00"),
                "page": 2,
                "row_no": 7,
            }
        ],
        validation=[
            {
                "rule": "balances reconcile",
                "severity": "BLOCKING",
                "passed": True,
                "failing": 0,
                "message": "ok",
            }
        ],
    )
    assert manifest.sheets["Transactions"] == len(rows)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == list(SHEET_NAMES)
    sheet = book["Transactions"]
    table = sheet.tables["Transactions"]
    assert table.ref == f"A1:K{len(rows) + 1}"
    assert table.autoFilter is not None
    assert [c.name for c in table.tableColumns][:5] == [
        "Date",
        "Account",
        "Description",
        "Category",
        "Amount",
    ]
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == len(rows) + 1
    first = rows[0]
    assert sheet["A2"].value == dt.datetime.combine(first["txn_date"], dt.time())
    assert sheet["A2"].number_format == "yyyy-mm-dd"
    assert Decimal(str(sheet["E2"].value)) == first["amount"]
    assert "#,##0.00" in sheet["E2"].number_format
    assert sheet["H2"].value == first["category_rule"]
    # formula-like and XML-like text stays text, exactly as written
    for index, text in enumerate(NASTY, start=2):
        cell = sheet.cell(row=index, column=3)
        assert cell.data_type == "s", (text, cell.data_type)
        # Excel's own escaping of control characters (_xHHHH_), which openpyxl leaves as is
        expected = text.replace("_x0041_", "_x005F_x0041_").replace("\x07", "_x0007_")
        assert cell.value == expected
    # provenance: page and strategy per row
    provenance = list(book["Provenance"].iter_rows(min_row=2, values_only=True))
    assert len(provenance) == len(rows)
    assert (
        provenance[0][2].endswith(".pdf")
        and provenance[0][3] == first["page"]
        and provenance[0][5] == "lattice"
    )
    # native charts
    assert len(book["Categories"]._charts) == 2
    assert len(book["Monthly"]._charts) == 1
    assert len(book["Daily balances"]._charts) == 1
    assert manifest.charts == 4
    exceptions = list(book["Exceptions"].iter_rows(min_row=2, values_only=True))
    assert exceptions[0][0] == "CORRECTABLE" and exceptions[0][5] == "=1+1"
    # every exception says what to do, in words
    assert "left out of the report" in exceptions[0][3]
    validation = list(book["Validation"].iter_rows(min_row=2, values_only=True))
    assert validation[0][:3] == ("balances reconcile", "BLOCKING", "passed")
    summary = [r for r in book["Summary"].iter_rows(values_only=True) if r[0] == "12345678"]
    assert summary and summary[0][-1] == "yes"
    # no formula anywhere in the package
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in archive.read(name)


def test_workbook_streams_a_generator_with_a_declared_count(tmp_path: Path, conn) -> None:
    rows = _ledger_rows(conn)
    _path, manifest = _write(tmp_path, conn)
    path2 = tmp_path / "stream.xlsx"
    analysis = build_analysis(conn, "ledger", "statements")
    streamed = write_workbook(
        path2,
        WorkbookData(
            title="t", analysis=analysis, transactions=iter(rows), transaction_count=len(rows)
        ),
    )
    assert streamed.sheets["Transactions"] == manifest.sheets["Transactions"]
    with pytest.raises(RenderError, match="transaction_count"):
        write_workbook(
            tmp_path / "x.xlsx", WorkbookData(title="t", analysis=analysis, transactions=iter(rows))
        )
    with pytest.raises(RenderError, match="transaction_count said"):
        write_workbook(
            tmp_path / "y.xlsx",
            WorkbookData(
                title="t",
                analysis=analysis,
                transactions=iter(rows),
                transaction_count=len(rows) + 5,
            ),
        )


def test_failed_workbook_leaves_the_last_good_one(tmp_path: Path, conn) -> None:
    path, _manifest = _write(tmp_path, conn)
    before = path.read_bytes()
    analysis = build_analysis(conn, "ledger", "statements")
    with pytest.raises(RenderError):
        write_workbook(
            path,
            WorkbookData(
                title="t",
                analysis=analysis,
                transactions=iter([{"amount": object()}]),
                transaction_count=1,
            ),
        )
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == ["report.xlsx"]


def test_csv_round_trips_and_neutralises_formulas(tmp_path: Path, nasty_conn) -> None:
    rows = _ledger_rows(nasty_conn)
    path = tmp_path / "ledger.csv"
    assert write_ledger_csv(path, rows) == len(rows)
    with open(path, encoding="utf-8", newline="") as handle:
        read = list(csv.DictReader(handle))
    assert len(read) == len(rows)
    for original, written in zip(rows, read, strict=True):
        assert Decimal(written["amount"]) == original["amount"]
        assert written["txn_date"] == original["txn_date"].isoformat()
        text = original["description"]
        if text[0] in "=+-@":
            assert written["description"] == "'" + text
        else:
            assert written["description"] == text
    # negative amounts are numbers, not neutralised text
    assert any(r["amount"].startswith("-") for r in read)


def test_streaming_row_writer_types_and_order(tmp_path: Path) -> None:
    import xlsxwriter

    from neurareport_resources.rendering.xlsx_stream import StreamingWorksheet

    path = tmp_path / "rows.xlsx"
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("S", worksheet_class=StreamingWorksheet)
    money = book.add_format({"num_format": "0.00"})
    write = sheet.row_writer(["date", "text", "number", "text"], [money, None, money, None])
    write(0, [dt.date(2025, 3, 1), "a & b", Decimal("-1.50"), " padded"])
    write(1, [dt.datetime(2025, 3, 2, 5), 12, True, "=X()"])
    write(2, ["not a date", None, "text in a number column", "<r><t>x</t></r>"])
    # more distinct texts than the per-column cache keeps, with a repeated one needing escapes
    for index in range(3, 3 + 5000):
        write(index, [None, f"text {index}", None, "a<b" if index % 2 else "a&b"])
    with pytest.raises(ValueError, match="already written"):
        write(1, [None, None, None, None])
    with pytest.raises(ValueError, match="4 columns"):
        write(6000, [None])
    book.close()
    rows = [
        [(c.value, c.data_type) for c in row]
        for row in openpyxl.load_workbook(path)["S"].iter_rows()
    ]
    assert rows[0] == [(45717, "n"), ("a & b", "s"), (-1.5, "n"), (" padded", "s")]
    assert rows[1] == [(45718, "n"), ("12", "s"), (1, "n"), ("=X()", "s")]
    assert rows[2] == [
        ("not a date", "s"),
        (None, "n"),
        ("text in a number column", "s"),
        ("<r><t>x</t></r>", "s"),
    ]


def _rectangle(chart) -> tuple[int, int, int, int]:
    anchor = chart.anchor
    return (anchor._from.row, anchor._from.col, anchor.to.row, anchor.to.col)


def test_workbook_charts_never_overlap_and_sit_beside_their_tables(tmp_path: Path, conn) -> None:
    path, _ = _write(tmp_path, conn)
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        rectangles = [_rectangle(chart) for chart in sheet._charts]
        for index, (top, left, bottom, right) in enumerate(rectangles):
            # right of the data (the table's columns end before the chart starts)
            assert left > sheet.max_column - 1 or not sheet._charts, sheet.title
            for other in rectangles[index + 1 :]:
                apart = bottom < other[0] or other[2] < top or right < other[1] or other[3] < left
                assert apart, (sheet.title, (top, left, bottom, right), other)
    # the case: the pie used to start inside the bar chart on Categories
    bar, pie = (_rectangle(c) for c in book["Categories"]._charts)
    assert pie[0] > bar[2]


def _column_widths(sheet) -> dict[str, float]:
    """Width per column letter (xlsxwriter writes equal neighbours as one <col> range)."""
    from openpyxl.utils import get_column_letter

    widths = {}
    for dimension in sheet.column_dimensions.values():
        for index in range(dimension.min, dimension.max + 1):
            widths[get_column_letter(index)] = dimension.width
    return widths


def test_workbook_columns_fit_their_content(tmp_path: Path, conn) -> None:
    conn.execute(
        "CREATE OR REPLACE TABLE wide AS SELECT * REPLACE "
        "('40-12-77 31415926-GBP-CURRENT' AS account_number) FROM ledger"
    )
    analysis = build_analysis(conn, "wide", "statements")
    rows = [
        dict(zip([d[0] for d in conn.description], r, strict=True))
        for r in conn.execute("SELECT * FROM wide").fetchall()
    ]
    path = tmp_path / "wide.xlsx"
    write_workbook(
        path, WorkbookData(title="t", analysis=analysis, transactions=rows, meta={"tenant": "a"})
    )
    sheet = openpyxl.load_workbook(path)["Transactions"]
    widths = _column_widths(sheet)
    # the account column holds the whole account number (the issue: it was cut off)
    assert widths["B"] >= len("40-12-77 31415926-GBP-CURRENT")
    # the description is as wide as the longest one, up to a cap
    longest = max(len(r["description"]) for r in rows)
    assert min(longest, 58) <= widths["C"] <= 62
    # money columns fit the largest amount with its sign and separators
    largest = max(abs(r["amount"]) for r in rows)
    assert widths["E"] >= len(f"-{largest:,.2f}")
    # every column of every sheet got a width of its own
    for other in openpyxl.load_workbook(path).worksheets:
        assert len(_column_widths(other)) >= other.max_column, other.title


def test_workbook_prints_one_page_wide_with_filters_and_repeated_headers(
    tmp_path: Path, conn
) -> None:
    path, _ = _write(tmp_path, conn)
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert setup.paperSize in (9, "9"), sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        # one page wide (1 is the default, left out of the file), as many tall as needed
        assert setup.fitToWidth in (None, 1) and setup.fitToHeight == 0, sheet.title
        # the header row repeats on every printed page
        assert sheet.print_title_rows is not None, sheet.title
        # a filter on every table: the Excel table on Transactions, a sheet filter elsewhere
        if sheet.title == "Transactions":
            assert sheet.tables["Transactions"].autoFilter is not None
        else:
            assert sheet.auto_filter.ref, sheet.title
        assert "Page &P of &N" in sheet.oddFooter.right.text, sheet.title
    # wide sheets (the ledger, the sheets with charts beside their table) print landscape
    for name in ("Transactions", "Categories", "Daily balances", "Comparison"):
        assert book[name].page_setup.orientation == "landscape", name
    assert book["Provenance"].page_setup.orientation == "portrait"
