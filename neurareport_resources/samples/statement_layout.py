"""Lay a randomized statement plan out on pages and draw it with reportlab.

The layout works in two passes: it first places every string, line and box on its
page (so a footer can say "page 2 of 5"), then draws the pages with the drawn
font, glyph spacing, rulings and watermarks. It also decides how each description
wraps in its column: the lines it prints are the truth's description.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, LEGAL, LETTER, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from neurareport_resources.samples.notation import (
    THIN_SPACE,
    NumberStyle,
    format_date,
    long_date,
    signed_amount,
    signed_balance,
)
from neurareport_resources.samples.randomized import AccountPlan, Entry, StatementPlan
from neurareport_resources.samples.vocabulary import CARD_LABELS, COLUMN_LABELS, LABELS

PAGE_SIZES = {"a4": A4, "letter": LETTER, "legal": LEGAL, "a4_landscape": landscape(A4)}
FONT_SIZES = {"small": (6.8, 7.5), "medium": (7.8, 9.0), "large": (9.2, 10.5)}
STANDARD_FONTS = {
    "helvetica": ("Helvetica", "Helvetica-Bold"),
    "times": ("Times-Roman", "Times-Bold"),
    "courier": ("Courier", "Courier-Bold"),
}
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
TTF_FONTS = {
    "dejavu_sans": (("DejaVuSans", "DejaVuSans.ttf"), ("DejaVuSans-Bold", "DejaVuSans-Bold.ttf")),
    "dejavu_serif": (("DejaVuSerif", "DejaVuSerif.ttf"), ("DejaVuSerif-Bold", "DejaVuSerif-Bold.ttf")),
}  # fmt: skip
NARROWED = 0.85  # a later page's description column, when later pages are narrowed
WATERMARKS = ("COPY", "DUPLICATE", "KOPIE", "DUPLICATA", "COPIA", "CÓPIA", "SPECIMEN", "ORIGINAL")


def _fonts(choice: str) -> tuple[str, str, bool]:
    """(regular, bold, is_truetype); a TrueType font missing on the machine falls back."""
    if choice in TTF_FONTS:
        regular, bold = TTF_FONTS[choice]
        if (DEJAVU / regular[1]).exists() and (DEJAVU / bold[1]).exists():
            for name, filename in (regular, bold):
                if name not in pdfmetrics.getRegisteredFontNames():
                    pdfmetrics.registerFont(TTFont(name, str(DEJAVU / filename)))
            return regular[0], bold[0], True
        choice = "helvetica"
    regular_name, bold_name = STANDARD_FONTS[choice]
    return regular_name, bold_name, False


@dataclass
class Column:
    role: str  # date second_date description reference debit credit amount marker balance
    label: str
    width: float
    align: str  # left | right | center


@dataclass
class Page:
    ops: list[tuple] = field(default_factory=list)


class Layout:
    """Places a plan's strings on pages; ``render`` then draws them."""

    def __init__(self, plan: StatementPlan):
        self.plan = plan
        self.conv = plan.conventions
        self.rng: random.Random = plan.rng
        self.lang = plan.language
        self.labels = LABELS[self.lang]
        self.card = self.conv["kind"] == "credit_card"
        self.regular, self.bold, self.truetype = _fonts(self.conv["font"])
        self.size = round(self.rng.uniform(*FONT_SIZES[self.conv["font_size"]]), 1)
        self.page_w, self.page_h = PAGE_SIZES[self.conv["page_size"]]
        self.margin = self.rng.uniform(28, 58)
        self.bottom = self.rng.uniform(55, 85)  # the footer zone
        self.pages: list[Page] = []
        self.current = Page()  # the page the helpers place on
        self.y = 0.0
        self.x0 = self.margin
        self.scale = 1.0
        self.zebra = False
        self.char_space = round(self.rng.uniform(0.3, 1.1), 2)
        self.page_label = self.rng.choice(self.labels["page"])
        self.watermark = self.rng.choice(WATERMARKS)
        self.margin_code = (
            f"{self.rng.randint(0, 9999999):07d} {self.rng.choice(('NRB', 'P', 'SX', 'KA'))}"
            f"{self.rng.randint(10, 99)} {plan.period_end:%y%m%d} {self.rng.randint(0, 999999):06d}"
        )
        self.header_numbers = self._header_number_style()

    # ---------------------------------------------------------------- measuring
    def width(self, text: str, bold: bool = False, size: float | None = None) -> float:
        font = self.bold if bold else self.regular
        size = size or self.size
        if THIN_SPACE in text and not self.truetype:
            parts = text.split(THIN_SPACE)
            gaps = (len(parts) - 1) * size * 0.17
            return sum(pdfmetrics.stringWidth(p, font, size) for p in parts) + gaps
        extra = (
            self.char_space * max(len(text) - 1, 0)
            if self.conv["glyph_spacing"] == "char_spacing"
            else 0
        )
        return pdfmetrics.stringWidth(text, font, size) + extra

    def col_width(self, column: Column) -> float:
        """A column's width on the current page (later pages may narrow the description)."""
        return column.width * self.scale if column.role == "description" else column.width

    def split(self, text: str, width: float, bold: bool = False) -> list[str]:
        """``text`` wrapped at spaces into lines no wider than ``width`` as drawn (glyph
        spacing included); a word wider than a line is cut where the line ends, as a
        fixed-width statement printer cuts it."""
        lines: list[str] = []
        current = ""
        for word in text.split():
            candidate = f"{current} {word}" if current else word
            if self.width(candidate, bold) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            while self.width(word, bold) > width and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and self.width(word[:cut], bold) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            current = word
        return [*lines, current] if current else lines or [text]

    @property
    def line_h(self) -> float:
        return self.size * 1.22

    @property
    def pad(self) -> float:
        return self.size * 0.45

    # ---------------------------------------------------------------- placing
    def text(self, x: float, y: float, s: str, *, bold: bool = False, size: float | None = None,
             align: str = "left", gray: float = 0.0) -> None:  # fmt: skip
        if s:
            self.current.ops.append(("text", x, y, s, bold, size or self.size, align, gray))

    def line(self, x1: float, y1: float, x2: float, y2: float, width: float = 0.6) -> None:
        self.current.ops.append(("line", x1, y1, x2, y2, width))

    def rect(
        self, x: float, y: float, w: float, h: float, fill: float | None, stroke: bool
    ) -> None:
        self.current.ops.append(("rect", x, y, w, h, fill, stroke))

    def new_page(self) -> None:
        self.current = Page()
        self.pages.append(self.current)
        self.y = self.page_h - self.rng.uniform(36, 52)
        later = len(self.pages) > 1
        self.x0 = self.margin
        self.scale = 1.0
        if later and self.conv["later_pages"] == "shifted":
            self.x0 = self.margin + self.rng.choice((-1, 1)) * self.rng.uniform(8, 22)
            self.x0 = max(self.x0, 14)
        if later and self.conv["later_pages"] == "narrowed":
            self.scale = NARROWED
        watermark = self.conv["watermark"]
        if watermark in ("diagonal", "both"):
            self.current.ops.append(
                ("rotated", self.page_w / 2, self.page_h / 2, self.rng.uniform(30, 55),
                 self.watermark, self.rng.uniform(60, 100), 0.86, "center")
            )  # fmt: skip
        if watermark in ("margin_code", "both"):
            self.current.ops.append(
                ("rotated", 14 + self.rng.uniform(0, 6), self.page_h * self.rng.uniform(0.25, 0.6),
                 90.0, f"{self.margin_code} {len(self.pages):02d}", 5.5, 0.2, "left")
            )  # fmt: skip

    # ---------------------------------------------------------------- money strings
    def _header_number_style(self) -> NumberStyle:
        numbers = self.plan.numbers
        if self.conv["currency_printed"] == "symbol_only" and numbers.currency_placement == "none":
            placement = "symbol_before" if self.lang == "en" else "symbol_after"
            return NumberStyle(numbers.group, numbers.decimal, placement,
                               numbers.currency_symbol, numbers.currency_code, numbers.glued)  # fmt: skip
        return numbers

    def account_numbers(self, account: AccountPlan, header: bool = False) -> NumberStyle:
        base = self.header_numbers if header else self.plan.numbers
        return NumberStyle(base.group, base.decimal, base.currency_placement, account.symbol,
                           account.currency, base.glued)  # fmt: skip

    def balance_text(self, account: AccountPlan, value: Decimal, header: bool = False) -> str:
        numbers = self.account_numbers(account, header)
        if self.card:
            owed = -value
            return signed_amount(owed, numbers, "unsigned") + (" CR" if owed < 0 else "")
        style = self.conv["balance_sign"]
        return signed_balance(value, numbers, "minus" if style == "n/a" else style)

    def amount_cells(self, account: AccountPlan, amount: Decimal) -> dict[str, str]:
        """The money cells of a row: debit/credit, a signed amount, or amount + marker."""
        numbers = self.account_numbers(account)
        layout = self.conv["amount_layout"]
        unsigned = signed_amount(abs(amount), numbers, "unsigned")
        if layout in ("debit_credit", "credit_debit"):
            filled, empty = ("credit", "debit") if amount > 0 else ("debit", "credit")
            return {filled: unsigned, empty: self.empty_cell(numbers)}
        if layout == "marker_column":
            markers = {"dr_cr": ("DR", "CR"), "plus_minus": ("-", "+"), "s_h": ("S", "H"),
                       "d_c": ("D", "C"), "cr_only": ("", "CR")}[self.conv["marker_style"]]  # fmt: skip
            return {"amount": unsigned, "marker": markers[1] if amount > 0 else markers[0]}
        printed = -amount if self.card else amount  # a card prints purchases positive
        return {"amount": signed_amount(printed, numbers, self.conv["amount_sign"])}

    def empty_cell(self, numbers: NumberStyle) -> str:
        style = self.conv["empty_cell"]
        if style == "dash":
            return "-"
        if style == "double_dash":
            return "--"
        if style == "zero":
            return numbers.digits(Decimal(0))
        return ""

    def date_text(self, day: date) -> str:
        return format_date(day, self.conv["date_format"], self.lang)

    # ---------------------------------------------------------------- columns
    def columns(self, account: AccountPlan) -> list[Column]:
        conv = self.conv
        labels = COLUMN_LABELS[self.lang]
        rng = self.rng

        def label(role: str) -> str:
            text = rng.choice(labels[role])
            return text.replace("(£)", f"({account.symbol})").replace("EUR", account.currency)

        days = {e.day for e in account.entries} | {
            e.second_day for e in account.entries if e.second_day
        }
        days |= {self.plan.period_start, self.plan.period_end}
        sample_dates = [self.date_text(day) for day in days]
        # forward and totals rows print in bold: columns are sized for the bold text
        date_w = max(self.width(d, bold=True) for d in sample_dates) + 2 * self.pad
        money_texts = [
            self.balance_text(account, account.opening),
            self.balance_text(account, account.closing),
        ]
        # totals rows print the largest sums: the columns are sized for them too
        debits = sum((-e.amount for e in account.entries if e.amount < 0), Decimal(0))
        credits = sum((e.amount for e in account.entries if e.amount > 0), Decimal(0))
        for total in (-debits, credits, credits - debits):
            money_texts += list(self.amount_cells(account, total).values()) if total else []
        for entry in account.entries:
            money_texts += [
                t for t in self.amount_cells(account, entry.amount).values() if len(t) > 2
            ]
            if entry.balance is not None:
                money_texts.append(self.balance_text(account, entry.balance))
        money_w = max(
            max(self.width(t, bold=True) for t in money_texts) + 2 * self.pad, self.size * 6
        )
        ref_w = max((self.width(e.reference) for e in account.entries), default=30) + 2 * self.pad
        cols: list[Column] = []

        def fit_label(column: Column) -> Column:
            # a column is at least as wide as the longest word of its label
            widest = max(self.width(word, bold=True) for word in column.label.split())
            column.width = max(column.width, widest + 2 * self.pad)
            return column

        date_role = "card_date" if self.card else "date"
        second_role = "card_second_date" if self.card else "second_date"
        first = Column("date", label(date_role), date_w, "left")
        second = Column("second_date", label(second_role), date_w, "left")
        if self.card and conv["card_dates"] == "post_first" and conv["second_date"] != "no":
            cols += [second, first]
        else:
            cols.append(first)
            if conv["second_date"] == "after_date":
                cols.append(second)
        reference = Column("reference", label("reference"), ref_w, "left")
        if conv["reference_column"] == "before_description":
            cols.append(reference)
        cols.append(Column("description", label("description"), 0, "left"))
        if conv["second_date"] == "after_description" and not self.card:
            cols.append(second)
        if conv["reference_column"] == "after_description":
            cols.append(reference)
        layout = conv["amount_layout"]
        if layout == "debit_credit":
            cols += [
                Column("debit", label("debit"), money_w, "right"),
                Column("credit", label("credit"), money_w, "right"),
            ]
        elif layout == "credit_debit":
            cols += [
                Column("credit", label("credit"), money_w, "right"),
                Column("debit", label("debit"), money_w, "right"),
            ]
        else:
            cols.append(Column("amount", label("amount"), money_w, "right"))
            if layout == "marker_column":
                cols.append(
                    Column("marker", label("marker"), self.width("DR") + 3 * self.pad, "center")
                )
        if conv["balance"] != "none":
            cols.append(Column("balance", label("balance"), money_w, "right"))
        cols = [c if c.role == "description" else fit_label(c) for c in cols]
        table_w = self.page_w - 2 * self.margin
        used = sum(c.width for c in cols)
        description = next(c for c in cols if c.role == "description")
        description.width = max(table_w - used, 120)
        return cols  # fmt: skip

    def description_width(self, cols: list[Column]) -> float:
        described = next(c for c in cols if c.role == "description")
        scale = NARROWED if self.conv["later_pages"] == "narrowed" else 1.0
        return described.width * scale - 2 * self.pad

    def fit(self, entry: Entry, width: float, numbers: NumberStyle) -> None:
        """Wrap the entry's lines in ``width``, keep at most the drawn number of lines."""
        lines: list[str] = []
        for raw in entry.raw_lines:
            lines += self.split(raw, width)
        lines = lines[: int(self.conv["wrap"])]
        if entry.fx_line:
            lines.append(entry.fx_line)
        fitted = []
        for label, value in entry.breakdown:
            # the label and its amount share the line: the label is cut to leave room
            room = width - self.width("   ") - self.width(numbers.digits(value)) - 2 * self.pad
            fitted.append((self.split(label, room)[0], value))
        entry.breakdown = fitted
        entry.printed_lines = lines + [
            f"{label} {numbers.digits(value)}" for label, value in fitted
        ]


def render_plan(plan: StatementPlan) -> tuple[bytes, int]:
    """The statement's PDF bytes and page count; sets each entry's printed lines."""
    from neurareport_resources.samples.statement_pages import StatementWriter

    writer = StatementWriter(plan)
    writer.write()
    return writer.render(), len(writer.pages)


def draw_pages(layout: Layout) -> bytes:
    """Draw the placed ops with the drawn font, glyph spacing and page size."""
    buffer = io.BytesIO()
    # binary (not ASCII85) streams: the same PDF, written several times faster
    saved_a85, rl_config.useA85 = rl_config.useA85, 0
    try:
        _draw(layout, buffer)
    finally:
        rl_config.useA85 = saved_a85
    return buffer.getvalue()


def _draw(layout: Layout, buffer: io.BytesIO) -> None:
    pdf = canvas.Canvas(
        buffer, pagesize=(layout.page_w, layout.page_h), invariant=1, pageCompression=1
    )
    pdf.setTitle(f"{layout.plan.bank} statement")
    spacing = layout.conv["glyph_spacing"]
    for page in layout.pages:
        for op in page.ops:
            kind = op[0]
            if kind == "text":
                _, x, y, s, bold, size, align, gray = op
                font = layout.bold if bold else layout.regular
                pdf.setFont(font, size)
                pdf.setFillGray(gray)
                width = layout.width(s, bold, size)
                if align == "right":
                    x -= width
                elif align == "center":
                    x -= width / 2
                _draw_string(pdf, layout, x, y, s, font, size, spacing)
            elif kind == "line":
                _, x1, y1, x2, y2, line_width = op
                pdf.setLineWidth(line_width)
                pdf.setStrokeGray(0.25)
                pdf.line(x1, y1, x2, y2)
            elif kind == "rect":
                _, x, y, w, h, fill, stroke = op
                pdf.setLineWidth(0.4)
                pdf.setStrokeGray(0.35)
                if fill is not None:
                    pdf.setFillGray(fill)
                pdf.rect(x, y, w, h, stroke=int(stroke), fill=int(fill is not None))
                pdf.setFillGray(0)
            elif kind == "rotated":
                _, x, y, angle, s, size, gray, align = op
                pdf.saveState()
                pdf.translate(x, y)
                pdf.rotate(angle)
                pdf.setFont(layout.bold, size)
                pdf.setFillGray(gray)
                if align == "center":
                    pdf.drawCentredString(0, 0, s)
                else:
                    pdf.drawString(0, 0, s)
                pdf.restoreState()
        pdf.showPage()
    pdf.save()


def _draw_string(pdf: canvas.Canvas, layout: Layout, x: float, y: float, s: str, font: str,
                 size: float, spacing: str) -> None:  # fmt: skip
    if THIN_SPACE in s and not layout.truetype:
        # a standard font has no thin space: the gap is a move, as many PDF writers do it
        for part in s.split(THIN_SPACE):
            _draw_string(pdf, layout, x, y, part, font, size, spacing)
            x += pdfmetrics.stringWidth(part, font, size) + size * 0.17
        return
    if spacing == "per_glyph":
        for glyph in s:
            if glyph != " ":
                pdf.drawString(x, y, glyph)
            x += pdfmetrics.stringWidth(glyph, font, size)
    elif spacing == "char_spacing":
        pdf.drawString(x, y, s, charSpace=layout.char_space)
    else:
        pdf.drawString(x, y, s)


def period_text(layout: Layout, start: date, end: date) -> str:
    """The statement period in the drawn header format and language."""
    style = layout.conv["period_format"]
    labels = layout.labels
    to = layout.rng.choice(labels["to"])
    if style == "long":
        return long_date(start, layout.lang) + to + long_date(end, layout.lang)
    numeric = {"en": "dd/mm/yyyy", "de": "dd.mm.yyyy", "fr": "dd/mm/yyyy", "es": "dd/mm/yyyy",
               "it": "dd/mm/yyyy", "nl": "dd-mm-yyyy", "pt": "dd-mm-yyyy"}[layout.lang]  # fmt: skip
    if layout.lang == "en" and layout.rng.random() < 0.4:
        numeric = "mm/dd/yyyy" if layout.rng.random() < 0.5 else "dd Mon yyyy"
    if layout.rng.random() < 0.15:
        numeric = "yyyy-mm-dd"
    first, last = format_date(start, numeric, layout.lang), format_date(end, numeric, layout.lang)
    if style == "from_to":
        return labels["from"][0].capitalize() + first + to + last
    return first + to + last


def card_summary(layout: Layout, account: AccountPlan) -> list[tuple[str, str]]:
    """The card's summary box: previous balance, payments, purchases ... new balance."""
    words = CARD_LABELS[layout.lang]
    rng = layout.rng
    numbers = layout.account_numbers(account, header=True)
    by_section: dict[str, Decimal] = {}
    for entry in account.entries:
        by_section[entry.section] = by_section.get(entry.section, Decimal(0)) + entry.amount
    limit = Decimal(rng.choice((1500, 2500, 5000, 8000, 12000, 20000)))
    owed = -account.closing
    minimum = max(min(owed, Decimal(25)), (owed * Decimal("0.03")).quantize(Decimal("0.01")))
    due = layout.plan.period_end.toordinal() + rng.randint(18, 25)
    rows = [
        (rng.choice(words["previous"]), layout.balance_text(account, account.opening, header=True)),
        (
            rng.choice(words["payments"]),
            signed_amount(by_section.get("payments", Decimal(0)), numbers, "unsigned"),
        ),
        (
            rng.choice(words["purchases"]),
            signed_amount(by_section.get("purchases", Decimal(0)), numbers, "unsigned"),
        ),
    ]
    if "fees" in by_section:
        rows.append(
            (rng.choice(words["fees"]), signed_amount(by_section["fees"], numbers, "unsigned"))
        )
    if "interest" in by_section:
        rows.append(
            (
                rng.choice(words["interest"]),
                signed_amount(by_section["interest"], numbers, "unsigned"),
            )
        )
    rows += [
        (rng.choice(words["new"]), layout.balance_text(account, account.closing, header=True)),
        (
            rng.choice(words["minimum"]),
            signed_amount(max(minimum, Decimal(0)), numbers, "unsigned"),
        ),
        (rng.choice(words["due"]), format_date(date.fromordinal(due), "dd Mon yyyy", layout.lang)),
        (rng.choice(words["limit"]), signed_amount(limit, numbers, "unsigned")),
        (
            rng.choice(words["available"]),
            signed_amount(max(limit - owed, Decimal(0)), numbers, "unsigned"),
        ),
    ]
    return rows  # fmt: skip
