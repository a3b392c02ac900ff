"""Draw realistic bank-statement PDFs (reportlab) together with their truth.

Used by the tests (accuracy corpus, bad-input cases), the benchmark and the demo.
"""

from __future__ import annotations

import calendar
import io
import random
import tempfile
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfgen import canvas

from neurareport_resources.atomic import atomic_path
from neurareport_resources.extraction.numbers import apply_negative_style, format_amount
from neurareport_resources.samples.families import DESCRIPTIONS, FAMILIES, Family

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT = 40.0
FONT = "Helvetica"
BOLD = "Helvetica-Bold"
BODY_SIZE = 8.5
ROW_HEIGHT = 13.0
WRAP_HEIGHT = 10.5


# descriptions that read as money coming in (salary, refund, interest, transfers received)
_MONEY_IN = (
    "salary", "refund", "interest paid", "faster payment from", "chq deposit", "gehalt",
    "gutschrift", "zinsgutschrift", "virement salaire", "virement reçu", "intérêts", "nómina",
    "transferencia recibida", "abono",
)  # fmt: skip


@dataclass
class StatementSpec:
    """What to draw: the family, the header fields, the transactions and the options."""

    family: str
    holder: str
    account_number: str
    currency: str
    period_start: date
    period_end: date
    opening_balance: Decimal
    transactions: list[tuple[date, str, Decimal]]
    password: str | None = None
    scanned: bool = False
    scan_dpi: int = 300
    rows_per_page: int | None = None  # override the family's rows per page
    font_size: float = BODY_SIZE  # table text size; row heights scale with it
    table_left: float = LEFT  # x of the table's left edge


@dataclass(frozen=True)
class TruthTransaction:
    """One transaction as printed: ``balance`` is None where the statement prints none."""

    txn_date: date
    description: str
    amount: Decimal
    balance: Decimal | None


@dataclass
class StatementTruth:
    """The header fields and transactions a perfect extraction must return."""

    family: str
    account_number: str
    currency: str
    period_start: date
    period_end: date
    opening_balance: Decimal
    closing_balance: Decimal
    holder: str
    transactions: list[TruthTransaction] = field(default_factory=list)
    page_count: int = 0


def _month_end(start: date) -> date:
    """The day before the same day next month (a one-month statement cycle)."""
    year, month = (start.year + 1, 1) if start.month == 12 else (start.year, start.month + 1)
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day) - timedelta(days=1)


def random_statement_spec(
    family: str,
    *,
    seed: int,
    period_start: date,
    holder: str = "Jane Q. Example",
    account_number: str | None = None,
    n_transactions: int = 25,
) -> StatementSpec:
    """A reproducible random statement of ``family`` covering one month from ``period_start``."""
    if family not in FAMILIES:
        raise ValueError(f"unknown layout family {family!r}; choose one of {sorted(FAMILIES)}")
    style = FAMILIES[family]
    rng = random.Random(f"{family}:{seed}")
    period_end = _month_end(period_start)
    span = (period_end - period_start).days
    days = sorted(
        period_start + timedelta(days=rng.randint(0, span)) for _ in range(n_transactions)
    )
    descriptions = DESCRIPTIONS[style.lang_descriptions]
    opening = Decimal(rng.randint(50_000, 900_000)) / 100
    balance = opening
    transactions: list[tuple[date, str, Decimal]] = []
    money_in = [d for d in descriptions if d.lower().startswith(_MONEY_IN)]
    money_out = [d for d in descriptions if d not in money_in]
    for day in days:
        if rng.random() < 0.3:
            amount = Decimal(rng.randint(10_000, 450_000)) / 100
            description = rng.choice(money_in)
        else:
            amount = -Decimal(rng.randint(100, 95_000)) / 100
            description = rng.choice(money_out)
        if rng.random() < 0.05:
            amount = amount * 100  # an occasional large amount exercises thousand groups
        if style.stays_in_credit and balance + amount < 0:
            # the demo's account never goes overdrawn: this one becomes money in
            amount, description = abs(amount), rng.choice(money_in)
        balance += amount
        transactions.append((day, description, amount))
    if account_number is None:
        account_number = f"{rng.randint(10_000_000, 99_999_999)}"
    spec = StatementSpec(
        family=family,
        holder=holder,
        account_number=account_number,
        currency=style.currency,
        period_start=period_start,
        period_end=period_end,
        opening_balance=opening,
        transactions=transactions,
    )
    # small layout jitter so the corpus is not one pixel-identical template per family
    spec.font_size = rng.choice((7.5, 8.0, 8.5, 9.0))
    spec.table_left = LEFT + rng.uniform(-12, 15)
    return spec


def _signed(body: str, value: Decimal, style: str, prefix: str) -> str:
    """Apply the family's negative style around ``prefix + body``."""
    return apply_negative_style(prefix + body, value < 0, style)


def _money(value: Decimal, style: Family, negative_style: str, prefix: str = "") -> str:
    body = format_amount(value, style.decimal_sep, style.group_sep, "abs")
    return _signed(body, value, negative_style, prefix)


@dataclass
class _Row:
    kind: str  # txn | forward
    cells: dict[str, str]
    lines: list[str]  # description lines


def _build_rows(spec: StatementSpec, style: Family, truth: StatementTruth) -> list[_Row]:
    desc_col = next(c for c in style.columns if c.role == "description")
    rows: list[_Row] = []
    balance = spec.opening_balance
    txns = spec.transactions
    for index, (txn_date, description, amount) in enumerate(txns):
        balance += amount
        last_of_day = index + 1 == len(txns) or txns[index + 1][0] != txn_date
        show_balance = style.balance_every_row or last_of_day
        cells: dict[str, str] = {"date": style.date_fmt(txn_date)}
        if any(c.role == "value_date" for c in style.columns):
            cells["value_date"] = style.date_fmt(txn_date + timedelta(days=index % 2))
        if any(c.role == "debit" for c in style.columns):
            column = "credit" if amount > 0 else "debit"
            cells[column] = _money(abs(amount), style, "abs", style.amount_prefix)
        else:
            cells["amount"] = _money(amount, style, style.negative_style, style.amount_prefix)
        if show_balance:
            cells["balance"] = _money(balance, style, style.balance_style)
        lines = simpleSplit(description, FONT, spec.font_size, desc_col.width - 8)
        rows.append(_Row("txn", cells, lines))
        truth.transactions.append(
            TruthTransaction(txn_date, " ".join(lines), amount, balance if show_balance else None)
        )
    truth.closing_balance = balance
    return rows


def _row_height(geo: StatementSpec) -> float:
    return ROW_HEIGHT * geo.font_size / BODY_SIZE


def _wrap_height(geo: StatementSpec) -> float:
    return WRAP_HEIGHT * geo.font_size / BODY_SIZE


def _draw_table_header(pdf: canvas.Canvas, style: Family, geo: StatementSpec, top: float) -> float:
    x = geo.table_left
    pdf.setFont(BOLD, geo.font_size)
    if style.ruling == "grid":
        pdf.setFillGray(0.88)
        pdf.rect(geo.table_left, top - _row_height(geo) - 2, sum(c.width for c in style.columns), _row_height(geo) + 2,
                 stroke=1, fill=1)  # fmt: skip
        pdf.setFillGray(0)
    for column in style.columns:
        baseline = top - _row_height(geo) + 2
        if column.align == "right":
            pdf.drawRightString(x + column.width - 4, baseline, column.label)
        else:
            pdf.drawString(x + 4, baseline, column.label)
        x += column.width
    bottom = top - _row_height(geo) - 2
    if style.ruling in ("header_rule", "grid"):
        pdf.setLineWidth(0.8)
        pdf.line(
            geo.table_left, bottom, geo.table_left + sum(c.width for c in style.columns), bottom
        )
    return bottom


def _draw_row(
    pdf: canvas.Canvas, style: Family, geo: StatementSpec, row: _Row, top: float
) -> float:
    height = _row_height(geo) + _wrap_height(geo) * (len(row.lines) - 1)
    x = geo.table_left
    baseline = top - _row_height(geo) + 3.5
    font = BOLD if row.kind == "forward" else FONT
    pdf.setFont(font, geo.font_size)
    for column in style.columns:
        if column.role == "description":
            for offset, line in enumerate(row.lines):
                pdf.drawString(x + 4, baseline - offset * _wrap_height(geo), line)
        else:
            text = row.cells.get(column.role, "")
            if text:
                if column.align == "right":
                    pdf.drawRightString(x + column.width - 4, baseline, text)
                else:
                    pdf.drawString(x + 4, baseline, text)
        x += column.width
    bottom = top - height
    if style.ruling == "grid":
        pdf.setLineWidth(0.4)
        x = geo.table_left
        for column in style.columns:
            pdf.rect(x, bottom, column.width, height, stroke=1, fill=0)
            x += column.width
    return bottom


def _draw_page_header(
    pdf: canvas.Canvas, style: Family, spec: StatementSpec, truth: StatementTruth, first: bool
) -> float:
    labels = style.labels
    pdf.setFont(BOLD, 16)
    pdf.drawString(LEFT, PAGE_HEIGHT - 50, style.bank_name)
    pdf.setFont(FONT, 8)
    pdf.drawString(LEFT, PAGE_HEIGHT - 62, "1 Market Square, Customer Service 0800 123 456")
    period = (
        style.period_fmt(spec.period_start)
        + style.period_joiner
        + style.period_fmt(spec.period_end)
    )
    if not first:
        pdf.drawRightString(
            LEFT + 515, PAGE_HEIGHT - 50, f"{labels['account']} {spec.account_number}"
        )
        return PAGE_HEIGHT - 90
    title = {"en": "Statement of Account", "de": "Kontoauszug", "fr": "Relevé de compte",
             "es": "Extracto de cuenta"}[style.lang]  # fmt: skip
    pdf.setFont(BOLD, 12)
    pdf.drawRightString(LEFT + 515, PAGE_HEIGHT - 50, title)
    rows = [
        (labels["holder"], spec.holder),
        (labels["account"], spec.account_number),
        (labels["period"], period),
        (labels["currency"], spec.currency),
    ]
    y = PAGE_HEIGHT - 100
    for label, value in rows:
        pdf.setFont(BOLD, 9)
        pdf.drawString(LEFT, y, label)
        pdf.setFont(FONT, 9)
        pdf.drawString(LEFT + 110, y, value)
        y -= 14
    y = PAGE_HEIGHT - 100
    for label, balance in (
        (labels["opening"], spec.opening_balance),
        (labels["closing"], truth.closing_balance),
    ):
        pdf.setFont(BOLD, 9)
        pdf.drawString(LEFT + 300, y, label)
        pdf.setFont(FONT, 9)
        pdf.drawRightString(LEFT + 515, y, _money(balance, style, style.balance_style))
        y -= 14
    return PAGE_HEIGHT - 180


def _draw_footer(pdf: canvas.Canvas, style: Family, number: int, total: int) -> None:
    pdf.setFont(FONT, 7)
    pdf.drawString(
        LEFT, 30, f"{style.bank_name} is authorised and regulated. Registered office as above."
    )
    pdf.drawRightString(LEFT + 515, 30, style.page_label.format(n=number, m=total))


def _paginate(rows: list[_Row], per_page: int) -> list[list[_Row]]:
    pages: list[list[_Row]] = [[]]
    used = 0
    for row in rows:
        need = len(row.lines)
        if used + need > per_page and pages[-1]:
            pages.append([])
            used = 0
        pages[-1].append(row)
        used += need
    return pages


def _forward_row(style: Family, label: str, balance: Decimal) -> _Row:
    return _Row("forward", {"balance": _money(balance, style, style.balance_style)}, [label])


def _draw_text_pdf(spec: StatementSpec, target: Path, truth: StatementTruth) -> int:
    style = FAMILIES[spec.family]
    rows = _build_rows(spec, style, truth)
    per_page = spec.rows_per_page or style.rows_per_page
    pages = _paginate(rows, per_page)
    encrypt = None
    if spec.password and not spec.scanned:
        from reportlab.lib import pdfencrypt

        encrypt = pdfencrypt.StandardEncryption(
            spec.password, ownerPassword=spec.password + "-owner", strength=128
        )
    pdf = canvas.Canvas(str(target), pagesize=A4, encrypt=encrypt, invariant=1)
    pdf.setTitle(f"{style.bank_name} statement {spec.account_number}")
    balance = spec.opening_balance
    txn_index = 0
    for number, page_rows in enumerate(pages, start=1):
        top = _draw_page_header(pdf, style, spec, truth, first=number == 1)
        if number == 1 or style.header_every_page:
            top = _draw_table_header(pdf, style, spec, top)
        if style.brought_forward_rows:
            top = _draw_row(
                pdf, style, spec, _forward_row(style, style.brought_forward, balance), top
            )
        page_amounts: list[Decimal] = []
        for row in page_rows:
            top = _draw_row(pdf, style, spec, row, top)
            page_amounts.append(spec.transactions[txn_index][2])
            balance = balance + spec.transactions[txn_index][2]
            txn_index += 1
        if style.subtotal_label:
            top = _draw_row(pdf, style, spec, _subtotal_row(style, page_amounts), top)
        if style.brought_forward_rows:
            label = style.carried_forward if number < len(pages) else truth_label(style)
            top = _draw_row(pdf, style, spec, _forward_row(style, label, balance), top)
        _draw_footer(pdf, style, number, len(pages))
        pdf.showPage()
    pdf.save()
    return len(pages)


def _subtotal_row(style: Family, amounts: list[Decimal]) -> _Row:
    """The page's totals: sums of the debit and credit columns, or the net of the amounts."""
    cells: dict[str, str] = {}
    if any(c.role == "debit" for c in style.columns):
        cells["debit"] = _money(-sum((a for a in amounts if a < 0), Decimal(0)), style, "abs")
        cells["credit"] = _money(sum((a for a in amounts if a > 0), Decimal(0)), style, "abs")
    else:
        cells["amount"] = _money(sum(amounts, Decimal(0)), style, style.negative_style)
    return _Row("forward", cells, [style.subtotal_label or "Total"])


def truth_label(style: Family) -> str:
    """The label of the closing row at the end of the table."""
    return style.labels["closing"]


def _scan(text_pdf: Path, target: Path, dpi: int, password: str | None) -> None:
    """Replace every page by a grey-scale image of itself, as a scanner would."""
    import pypdfium2 as pdfium

    encrypt = None
    if password:
        from reportlab.lib import pdfencrypt

        encrypt = pdfencrypt.StandardEncryption(
            password, ownerPassword=password + "-owner", strength=128
        )
    document = pdfium.PdfDocument(str(text_pdf))
    pdf = canvas.Canvas(str(target), pagesize=A4, encrypt=encrypt, invariant=1)
    try:
        for page in document:
            image = page.render(scale=dpi / 72, grayscale=True).to_pil()
            buffer = io.BytesIO()
            image.save(buffer, format="JPEG", quality=80)
            buffer.seek(0)
            pdf.drawImage(ImageReader(buffer), 0, 0, width=PAGE_WIDTH, height=PAGE_HEIGHT)
            pdf.showPage()
    finally:
        document.close()
    pdf.save()


def generate_statement(spec: StatementSpec, path: Path) -> StatementTruth:
    """Draw ``spec`` as a PDF at ``path`` (written atomically) and return the truth."""
    if spec.family not in FAMILIES:
        raise ValueError(f"unknown layout family {spec.family!r}; choose one of {sorted(FAMILIES)}")
    truth = StatementTruth(
        family=spec.family,
        account_number=spec.account_number,
        currency=spec.currency,
        period_start=spec.period_start,
        period_end=spec.period_end,
        opening_balance=spec.opening_balance,
        closing_balance=spec.opening_balance,
        holder=spec.holder,
    )
    path = Path(path)
    with atomic_path(path) as tmp:
        if spec.scanned:
            with tempfile.TemporaryDirectory() as scratch:
                text_pdf = Path(scratch) / "text.pdf"
                truth.page_count = _draw_text_pdf(replace(spec, password=None), text_pdf, truth)
                _scan(text_pdf, tmp, spec.scan_dpi, spec.password)
        else:
            truth.page_count = _draw_text_pdf(spec, tmp, truth)
    return truth


__all__ = [
    "StatementSpec",
    "StatementTruth",
    "TruthTransaction",
    "generate_statement",
    "random_statement_spec",
]
