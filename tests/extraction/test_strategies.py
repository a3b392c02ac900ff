"""Reading tables without help: rows drawn as one string, ruling-line cells, no header
row, and an advisor (an LLM) for columns the arithmetic cannot name."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from reportlab.pdfgen import canvas

from neurareport_resources.extraction import extract_statement
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


def test_a_row_drawn_as_one_padded_string_is_cut_by_its_glyphs(tmp_path: Path) -> None:
    path = tmp_path / "monospace.pdf"
    _monospace_ruled_pdf(path)
    result = extract_statement(path, isolate=False)
    assert result.pages[0].strategy == "pdfium_words"
    assert [(t.txn_date, t.amount, t.balance) for t in result.transactions] == _expected()
    assert [t.description for t in result.transactions] == [text for _, text, _ in ROWS]
    assert result.header.account_number == "55501234"
    assert result.header.opening_balance == OPENING
    assert result.reconciliation.ok and result.status == "ok"


def test_ruling_line_cells_read_a_ruled_page(tmp_path: Path) -> None:
    """The pdfplumber strategy on its own: cells from the ruling lines, same table reader."""
    import pypdfium2 as pdfium

    from neurareport_resources.extraction.strategies import PageContext, PlumberLines, close_shared
    from neurareport_resources.extraction.words import pdfium_words

    path = tmp_path / "monospace.pdf"
    _monospace_ruled_pdf(path)
    document = pdfium.PdfDocument(str(path))
    ctx = PageContext(path, None, 0, document[0])
    ctx.words, ctx.text_chars = pdfium_words(ctx.pdf_page)
    try:
        layout = PlumberLines().read(ctx)
    finally:
        close_shared(ctx.shared)
        document.close()
    assert layout.row_count == len(ROWS)
    assert len(layout.money_columns) == 2


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


def test_a_table_without_header_is_read_from_its_arithmetic(tmp_path: Path) -> None:
    path = tmp_path / "headerless.pdf"
    _headerless_pdf(path)
    result = extract_statement(path)
    assert [(t.txn_date, t.amount, t.balance) for t in result.transactions] == _expected()
    assert result.pages[0].columns == ["date", "description", "amount", "balance"]
    assert "header_missing" in result.pages[0].flags


# money out and money in, unsigned, in two unlabelled columns, no balance and no totals:
# nothing on the page says which column is which
UNSETTLED = [
    (date(2025, 3, 1) + timedelta(days=i), f"ITEM {i:02d}", Decimal(7 * i + 3)) for i in range(6)
]


def unsettled_pdf(path: Path) -> None:
    """Two unsigned money columns with no header, balance or totals (the rules cannot tell)."""
    pdf = canvas.Canvas(str(path))
    pdf.setFont("Helvetica", 9)
    y = 760.0
    for index, (day, text, value) in enumerate(UNSETTLED):
        pdf.drawString(50, y, day.strftime("%d/%m/%Y"))
        pdf.drawString(130, y, text)
        x = 420 if index % 2 else 340  # odd rows: second column
        pdf.drawRightString(x, y, format_amount(value))
        y -= 13
    pdf.showPage()
    pdf.save()


def advise_roles(labels: list[str], sample_rows: list[list[str]]) -> list[str] | None:
    """A stand-in for the LLM: the first money column is money in, the second money out."""
    widest = max(sample_rows, key=len)
    return ["date", "description", "credit", "debit"] if len(widest) == 4 else None


def test_signs_nothing_settles_are_flagged_for_review(tmp_path: Path) -> None:
    path = tmp_path / "unsettled.pdf"
    unsettled_pdf(path)
    result = extract_statement(path)
    assert result.status == "needs_review"
    assert any("signs" in note.reason for note in result.review)
    assert len(result.transactions) == len(UNSETTLED)


def test_an_advisor_names_columns_the_arithmetic_cannot(tmp_path: Path) -> None:
    path = tmp_path / "unsettled.pdf"
    unsettled_pdf(path)
    result = extract_statement(path, column_role_advisor=advise_roles)
    expected = [value if i % 2 == 0 else -value for i, (_, _, value) in enumerate(UNSETTLED)]
    assert [t.amount for t in result.transactions] == expected
    assert result.pages[0].columns == ["date", "description", "credit", "debit"]
