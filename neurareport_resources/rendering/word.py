"""The DOCX renderer's body: an editable Word version of the report (python-docx).

Headings as Word headings (so Word's navigation pane and table of contents work), the
account summary and the category table as Word tables, the charts as PNG images, the
ledger as a Word table with a repeating header row, and "Page N of M" in the footer.
Re-rendering unchanged data gives the same bytes (the zip entries carry the data's
time, not the clock), so delivery — idempotent by file hash — re-sends nothing.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from neurareport_resources.atomic import atomic_write_bytes
from neurareport_resources.rendering.charts_png import balance_png, category_png
from neurareport_resources.rendering.context import LEDGER_ROW_LIMIT
from neurareport_resources.rendering.formats.base import RenderJob, RenderOutput
from neurareport_resources.rendering.formatting import (
    NumberLocale,
    format_amount,
    format_day,
    format_ratio,
    locale_for,
)

LEDGER_HEADER = ("Date", "Description", "Amount", "Balance", "Category")
TABLE_STYLE = "Table Grid"


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) Word fills in when it lays the document out."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    shown = OxmlElement("w:t")
    shown.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, text, separate, shown, end):
        run._r.append(element)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _set_cell_text(cell, value: str) -> None:
    """Replace the text of a copied cell, keeping its paragraph properties (alignment)."""
    paragraph = cell.find(qn("w:p"))
    for run in paragraph.findall(qn("w:r")):
        paragraph.remove(run)
    if value:
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.set(qn("xml:space"), "preserve")
        text.text = value
        run.append(text)
        paragraph.append(run)


def _table(document, header: tuple[str, ...], rows: list[list[str]], numeric: set[int]):
    table = document.add_table(rows=1, cols=len(header))
    table.style = TABLE_STYLE
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    head = table.rows[0]
    _repeat_header(head)
    for index, title in enumerate(header):
        cell = head.cells[index]
        cell.text = title
        cell.paragraphs[0].runs[0].bold = True
    if not rows:
        return table
    # one row through python-docx, the rest copied from it at the XML level: the same
    # markup, 5000 ledger rows in 1.4 s instead of 16 s with add_row()
    cells = table.add_row().cells
    for index, value in enumerate(rows[0]):
        cells[index].text = value
        if index in numeric:
            cells[index].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    prototype = table.rows[1]._tr
    for values in rows[1:]:
        row = copy.deepcopy(prototype)
        for cell, value in zip(row.iter(qn("w:tc")), values, strict=True):
            _set_cell_text(cell, value)
        table._tbl.append(row)
    return table


def _image(document, png: bytes | None, empty: str) -> None:
    if png is None:
        document.add_paragraph(empty)
        return
    document.add_picture(io.BytesIO(png), width=Cm(16))


def _money(value: Any, locale: NumberLocale) -> str:
    return "" if value is None else format_amount(value, locale)


def _reproducible(data: bytes, when: dt.datetime) -> bytes:
    """The same zip with every entry stamped ``when`` (the data's time, not the clock)."""
    stamp = when.timetuple()[:6]
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=max(stamp, (1980, 1, 1, 0, 0, 0)))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


def write_docx(job: RenderJob, path: Path) -> RenderOutput:
    """Write ``job``'s report to ``path`` as a Word document."""
    context = job.context
    report = context.get("report") or {}
    analysis = context.get("analysis")
    locale = locale_for(context.get("currency"), report.get("locale"))
    generated = report.get("generated_at")
    if not isinstance(generated, dt.datetime):
        generated = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    document = Document()
    styles = document.styles
    styles["Normal"].font.name = "DejaVu Sans"
    styles["Normal"].font.size = Pt(9)
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(2)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"{report.get('title') or 'Report'} · page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")

    title = report.get("title") or "Monthly account report"
    document.core_properties.title = str(title)
    document.core_properties.author = "NeuraReport"
    document.core_properties.created = generated.replace(tzinfo=None)
    document.core_properties.modified = generated.replace(tzinfo=None)
    document.core_properties.last_modified_by = "NeuraReport"
    document.core_properties.revision = 1
    document.add_heading(str(title), level=0)
    holder = context.get("account_holder") or ""
    start, end = context.get("period_start"), context.get("period_end")
    period = f"{format_day(start, locale)} – {format_day(end, locale)}" if start and end else ""
    document.add_paragraph(" · ".join(p for p in (str(holder), period) if p))
    document.add_paragraph(
        f"Tenant {report.get('tenant') or ''}, period {report.get('period') or ''}; "
        f"data as of {format_day(generated, locale)}"
    )

    document.add_heading("Summary", level=1)
    accounts = analysis.accounts if analysis is not None else []
    _table(
        document,
        ("Account", "Currency", "Opening", "Money in", "Money out", "Closing", "Transactions"),
        [
            [
                a.account_number or "",
                a.currency or "",
                _money(a.opening_balance, locale),
                _money(a.money_in, locale),
                _money(a.money_out, locale),
                _money(a.closing_balance, locale),
                str(a.transaction_count),
            ]
            for a in accounts
        ],
        numeric={2, 3, 4, 5, 6},
    )
    for warning in report.get("warnings") or []:
        document.add_paragraph(str(warning), style="Intense Quote")

    charts = report.get("charts") or {}
    document.add_heading("Cash flow by category", level=1)
    _image(
        document, category_png(charts.get("categories") or {}), "No money went out in this period."
    )
    _table(
        document,
        ("Category", "In", "Out", "Net", "Count", "Share of out"),
        [
            [
                c.category,
                _money(c.money_in, locale),
                _money(c.money_out, locale),
                _money(c.net, locale),
                str(c.transaction_count),
                format_ratio(c.share_of_out),
            ]
            for c in (analysis.categories if analysis is not None else [])
        ],
        numeric={1, 2, 3, 4, 5},
    )
    document.add_heading("Daily balance trend", level=1)
    _image(document, balance_png(charts.get("balance") or {}), "No balances in this period.")

    document.add_heading("Largest transactions", level=1)
    _table(
        document,
        ("Date", "Description", "Amount", "Category"),
        [
            [
                format_day(m.txn_date, locale),
                m.description,
                _money(m.amount, locale),
                m.category or "",
            ]
            for m in (analysis.largest_transactions if analysis is not None else [])
        ],
        numeric={2},
    )

    document.add_heading("Exceptions", level=1)
    exceptions = report.get("exceptions") or []
    if not exceptions:
        document.add_paragraph("No exceptions: every check passed.")
    for entry in exceptions:
        text = " — ".join(
            str(entry.get(k)) for k in ("where", "detail", "message", "action") if entry.get(k)
        )
        document.add_paragraph(text, style="List Bullet")

    document.add_heading("All transactions", level=1)
    rows = job.ledger_rows if job.ledger_rows is not None else list(context.get("rows") or [])
    shown = rows[:LEDGER_ROW_LIMIT]
    if len(rows) > len(shown):
        document.add_paragraph(
            f"The first {len(shown)} of {len(rows)} transactions; the workbook and the CSV "
            "hold every row."
        )
    _table(
        document,
        LEDGER_HEADER,
        [
            [
                format_day(r.get("txn_date"), locale),
                str(r.get("description") or ""),
                _money(r.get("amount"), locale),
                _money(r.get("balance"), locale),
                str(r.get("category") or ""),
            ]
            for r in shown
        ],
        numeric={2, 3},
    )
    buffer = io.BytesIO()
    document.save(buffer)
    atomic_write_bytes(path, _reproducible(buffer.getvalue(), generated))
    return RenderOutput(rows=len(shown))
