"""Fallback strategies: ruling-line cells when text runs span columns; an advisor for
tables without a header row; the analyst sees which strategy won and why others lost."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from neurareport_resources.extraction import EmptyDocumentError, extract_statement
from neurareport_resources.extraction.numbers import format_amount

ROWS = [
    (date(2025, 2, 1) + timedelta(days=i), f"PAYMENT NUMBER {i:02d}", Decimal(-15 * i - 7) / 4)
    for i in range(12)
]
OPENING = Decimal("1000.00")


def _expected() -> list[tuple[date, Decimal, Decimal]]:
    balance = OPENING
    out = []
    for day, _, amount in ROWS:
        balance += amount
        out.append((day, amount, balance))
    return out


def _monospace_ruled_pdf(path: Path) -> None:
    """Each table row is ONE text run padded with spaces, inside a ruled grid."""
    pdf = canvas.Canvas(str(path))
    pdf.setFont("Helvetica", 10)
    pdf.drawString(50, 790, "Account holder: Ada Lovelace")
    pdf.drawString(50, 776, "Account number: 55501234")
    pdf.drawString(50, 762, "Statement period: 01/02/2025 to 28/02/2025")
    pdf.drawString(50, 748, f"Opening balance: {OPENING:,.2f}")
    fields = [
        ("Date", 12, "l"),
        ("Description", 22, "l"),
        ("Amount", 12, "r"),
        ("Balance", 12, "r"),
    ]
    char = 6.0  # Courier 10pt advance
    widths = [(n + 2) * char for _, n, _ in fields]
    left, top, height = 50.0, 720.0, 14.0
    body = [("Date", "Description", "Amount", "Balance")] + [
        (d.strftime("%d/%m/%Y"), text, format_amount(a), format_amount(b))
        for (d, text, a), (_, _, b) in zip(ROWS, _expected(), strict=True)
    ]
    pdf.setFont("Courier", 10)
    for index, cells in enumerate(body):
        y = top - index * height
        line = " "
        for (_, n, align), cell in zip(fields, cells, strict=True):
            line += (cell.ljust(n) if align == "l" else cell.rjust(n)) + "  "
        pdf.drawString(left, y - height + 4, line)
        pdf.line(left, y, left + sum(widths), y)
    bottom = top - len(body) * height
    pdf.line(left, bottom, left + sum(widths), bottom)
    x = left
    for width in [*widths, 0]:
        pdf.line(x, top, x, bottom)
        x += width
    pdf.showPage()
    pdf.save()


def test_ruling_lines_take_over_when_runs_span_columns(tmp_path: Path) -> None:
    path = tmp_path / "monospace.pdf"
    _monospace_ruled_pdf(path)
    result = extract_statement(path, isolate=False)
    page = result.pages[0]
    assert page.strategy == "pdfplumber_lines"
    assert "pdfium_words" in page.rejected
    assert [(t.txn_date, t.amount, t.balance) for t in result.transactions] == _expected()
    assert {t.strategy for t in result.transactions} == {"pdfplumber_lines"}
    assert result.header.account_number == "55501234"
    assert result.header.opening_balance == OPENING
    assert result.reconciliation.ok


def _headerless_pdf(path: Path) -> None:
    pdf = canvas.Canvas(str(path))
    pdf.setFont("Helvetica", 9)
    y = 760.0
    for (day, text, amount), (_, _, balance) in zip(ROWS, _expected(), strict=True):
        pdf.drawString(50, y, day.strftime("%d/%m/%Y"))
        pdf.drawString(130, y, text)
        pdf.drawRightString(420, y, format_amount(amount))
        pdf.drawRightString(520, y, format_amount(balance))
        y -= 13
    pdf.showPage()
    pdf.save()


def advise_roles(labels: list[str], sample_rows: list[list[str]]) -> list[str] | None:
    """A stand-in for the LLM: names the four columns of the sample rows."""
    widest = max(sample_rows, key=len)
    return ["date", "description", "amount", "balance"] if len(widest) == 4 else None


def test_advisor_maps_a_table_without_header(tmp_path: Path) -> None:
    path = tmp_path / "headerless.pdf"
    _headerless_pdf(path)
    with pytest.raises(EmptyDocumentError, match="no column-role advisor configured"):
        extract_statement(path)  # a headerless table is not guessed without an advisor
    result = extract_statement(path, isolate=True, column_role_advisor=advise_roles)
    assert result.pages[0].strategy == "llm_columns"
    assert [(t.txn_date, t.amount, t.balance) for t in result.transactions] == _expected()
