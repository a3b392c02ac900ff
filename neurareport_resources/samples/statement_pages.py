"""The pages of a randomized statement: headers, summary boxes, tables, breaks, footers.

``StatementWriter`` walks a plan top to bottom placing rows; a row that does not fit
ends the page (page totals and carried-forward rows first, when drawn) and opens the
next (brought-forward row, repeated column header, when drawn).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from neurareport_resources.samples.notation import format_date, long_date, signed_amount
from neurareport_resources.samples.randomized import AccountPlan, Entry, StatementPlan
from neurareport_resources.samples.statement_layout import (
    Column,
    Layout,
    card_summary,
    draw_pages,
    period_text,
)
from neurareport_resources.samples.vocabulary import CARD_LABELS, MONTHS

FOOTERS = {
    "en": ("Customer service +44 (0)20 7946 {a:04d} | Sort code 20-{b:02d}-77 | BIC NRTHGB2L",
           "Registered in England and Wales No. {c}. Authorised by the Prudential Regulation Authority."),
    "de": ("Kundenservice 0800 123 {a:04d} | BLZ 700 {b:03d} 00 | BIC BYLADEMM{b:03d}",
           "Sitz Talheim, Amtsgericht Talheim HRB {c}, USt-IdNr. DE{c}{b:03d}"),
    "fr": ("Service client 09 69 {a:04d} 12 | Code banque 30{b:03d} | BIC BDRHFRPP",
           "SA au capital de 1 250 000 EUR - RCS Lyon {c} - ORIAS 07 {b:03d} 111"),
    "es": ("Atención al cliente 900 {a:04d} 44 | Entidad 2100 Oficina {b:04d}",
           "Inscrita en el Registro Mercantil, Tomo {c}, Folio {b}, CIF A{c}"),
    "it": ("Servizio clienti 800 {a:04d} 33 | ABI 03{b:03d} CAB 01600",
           "Capitale sociale EUR 2.500.000 - Iscr. Albo Banche n. {c} - P.IVA 0{c}{b:03d}"),
    "nl": ("Klantenservice 020 {a:04d} 555 | BIC NZBANL2A | KvK {c}",
           "Onder toezicht van De Nederlandsche Bank, vergunningnummer {b}{c}"),
    "pt": ("Linha de apoio 707 {a:04d} 24 | NIB 0035 {b:04d} | BIC BDOUPTPL",
           "Capital social 100.000.000 EUR - NIPC 500 {c} - Registo BdP n.º {b}"),
}  # fmt: skip
DISCLAIMERS = {
    "en": "Please check this statement and tell us about any entry you do not recognise.",
    "de": "Bitte prüfen Sie diesen Auszug. Einwendungen sind innerhalb von sechs Wochen zu erheben.",
    "fr": "Veuillez vérifier ce relevé et nous signaler toute opération non reconnue.",
    "es": "Compruebe este extracto y comuníquenos cualquier movimiento que no reconozca.",
    "it": "Si prega di verificare l'estratto conto e segnalare eventuali movimenti non riconosciuti.",
    "nl": "Controleer dit afschrift en meld ons transacties die u niet herkent.",
    "pt": "Verifique este extrato e comunique-nos qualquer movimento que não reconheça.",
}


@dataclass
class Row:
    """A printed table row: cells by column role, description lines (left, right)."""

    kind: str  # txn | forward | subtotal | heading | section_total
    cells: dict[str, str] = field(default_factory=dict)
    lines: list[tuple[str, str | None]] = field(default_factory=list)
    bold: bool = False
    entry: Entry | None = None


class StatementWriter(Layout):
    """Places the whole statement on pages; ``render`` draws them."""

    def __init__(self, plan: StatementPlan):
        super().__init__(plan)
        self.cols: list[Column] = []
        self.account: AccountPlan | None = None
        self.running = Decimal(0)
        self.page_entries: list[Entry] = []
        self.last_day: date | None = None
        self.shade = False

    def render(self) -> bytes:
        return draw_pages(self)

    # ---------------------------------------------------------------- the document
    def write(self) -> None:
        self.new_page()
        self.document_header()
        for index, account in enumerate(self.plan.accounts):
            if index and (self.rng.random() < 0.5 or self.y < self.bottom + 220):
                self.new_page()
                self.later_page_header(account)
            self.account_block(account, index)
            self.table(account)
        self.footers()

    def document_header(self) -> None:
        rng, plan = self.rng, self.plan
        top = self.y
        right = self.page_w - self.margin
        bank_size = rng.uniform(12, 18)
        if rng.random() < 0.7:
            self.text(self.margin, top, plan.bank, bold=True, size=bank_size)
        else:
            self.text(right, top, plan.bank, bold=True, size=bank_size, align="right")
        self.text(self.margin, top - bank_size - 2, rng.choice(FOOTERS[self.lang]).format(
            a=rng.randint(0, 9999), b=rng.randint(0, 999), c=rng.randint(100000, 999999)), size=6.5, gray=0.3)  # fmt: skip
        title = rng.choice(self.labels["card_title" if self.card else "title"])
        self.text(
            right, top - bank_size - 16, title, bold=True, size=rng.uniform(10, 13), align="right"
        )
        y = top - bank_size - 44
        for line in plan.holder_lines:
            self.text(self.margin + rng.uniform(0, 20), y, line, size=9)
            y -= 11
        holder_bottom = y
        x = self.page_w * 0.55
        y = top - bank_size - 44
        details: list[tuple[str, str]] = []
        if len(plan.accounts) == 1:
            details += plan.accounts[0].account_id_text
        details.append(
            (
                rng.choice(self.labels["period"]),
                period_text(self, plan.period_start, plan.period_end),
            )
        )
        if rng.random() < 0.5:
            details.append(
                (
                    rng.choice(self.labels["statement_no"]),
                    f"{rng.randint(1, 12)}/{plan.period_end.year}",
                )
            )
        if rng.random() < 0.4:
            details.append(
                (
                    rng.choice(self.labels["statement_date"]),
                    format_date(
                        plan.period_end,
                        "dd.mm.yyyy" if self.lang == "de" else "dd/mm/yyyy",
                        self.lang,
                    ),
                )
            )
        if len(plan.accounts) == 1 and self.conv["currency_printed"] == "code":
            details.append((rng.choice(self.labels["currency"]), plan.accounts[0].currency))
        for label, value in details:
            self.text(x, y, label, bold=True, size=8)
            value_x = x + max(105, self.width(label, bold=True, size=8) + 8)
            if value_x + self.width(value, size=8) > self.page_w - self.margin:
                y -= 10  # too long beside its label: the value goes on the line below
                self.text(x + 10, y, value, size=8)
            else:
                self.text(value_x, y, value, size=8)
            y -= 11
        self.y = min(y, holder_bottom) - 14  # fmt: skip

    def account_block(self, account: AccountPlan, index: int) -> None:
        rng = self.rng
        if len(self.plan.accounts) > 1:
            self.text(self.margin, self.y, f"{account.kind_label}", bold=True, size=10.5)
            self.y -= 13
            lines = list(account.account_id_text)
            if self.conv["currency_printed"] == "code":
                lines.append((rng.choice(self.labels["currency"]), account.currency))
            for label, value in lines:
                self.text(self.margin, self.y, label, bold=True, size=8)
                value_x = self.margin + max(95, self.width(label, bold=True, size=8) + 8)
                self.text(value_x, self.y, value, size=8)
                self.y -= 10.5
            self.y -= 4
        if self.card:
            self.summary(card_summary(self, account), boxed=self.conv["summary_box"] == "box")
        else:
            rows: list[tuple[str, str]] = []
            numbers = self.account_numbers(account, header=True)
            if self.conv["balances_in_header"] == "yes":
                opening_label = rng.choice(self.labels["opening"])
                if opening_label.endswith((" am", " au", " a", " al", " em", " per")):
                    opening_label += " " + self.date_long_or_numeric(self.plan.period_start)
                rows.append(
                    (opening_label, self.balance_text(account, account.opening, header=True))
                )
            if self.conv["summary_box"] == "box":
                money_in = sum((e.amount for e in account.entries if e.amount > 0), Decimal(0))
                money_out = sum((-e.amount for e in account.entries if e.amount < 0), Decimal(0))
                rows.append(
                    (
                        rng.choice(self.labels["money_in"]),
                        signed_amount(money_in, numbers, "unsigned"),
                    )
                )
                rows.append(
                    (
                        rng.choice(self.labels["money_out"]),
                        signed_amount(money_out, numbers, "unsigned"),
                    )
                )
            if self.conv["balances_in_header"] == "yes":
                closing_label = rng.choice(self.labels["closing"])
                if closing_label.endswith((" am", " au", " a", " al", " em", " per")):
                    closing_label += " " + self.date_long_or_numeric(self.plan.period_end)
                rows.append(
                    (closing_label, self.balance_text(account, account.closing, header=True))
                )
            if rows:
                self.summary(rows, boxed=self.conv["summary_box"] == "box", title=index == 0)
        if self.conv["sections"] == "headings":
            self.text(
                self.margin,
                self.y,
                rng.choice(self.labels["transactions"]),
                bold=True,
                size=self.size + 1.5,
            )
            self.y -= self.line_h + 4  # fmt: skip

    def date_long_or_numeric(self, day: date) -> str:
        if self.rng.random() < 0.5:
            return long_date(day, self.lang)
        return format_date(day, "dd.mm.yyyy" if self.lang == "de" else "dd/mm/yyyy", self.lang)

    def summary(self, rows: list[tuple[str, str]], boxed: bool, title: bool = True) -> None:
        x = self.margin if self.rng.random() < 0.6 else self.page_w * 0.5
        needed = max(
            self.width(label, size=8.5) + self.width(value, size=8.5) + 16 for label, value in rows
        )
        width = max(250.0, needed)
        if x + width > self.page_w - self.margin:
            x = self.margin
        width = min(width, self.page_w - x - self.margin)
        top = self.y
        if boxed and title:
            self.text(x + 4, self.y, self.rng.choice(self.labels["summary"]), bold=True, size=9)
            self.y -= 12
        for label, value in rows:
            self.text(x + 4, self.y, label, size=8.5)
            self.text(x + width - 4, self.y, value, size=8.5, align="right")
            self.y -= 11
        if boxed:
            self.rect(x, self.y + 6, width, top - self.y + 4, None, True)
        self.y -= 14

    def later_page_header(self, account: AccountPlan) -> None:
        self.text(self.margin, self.y, self.plan.bank, bold=True, size=9.5)
        ident = account.account_id_text[-1][1]
        extra = (
            f"  ({self.rng.choice(self.labels['continued'])})" if self.rng.random() < 0.4 else ""
        )
        self.text(
            self.page_w - self.margin,
            self.y,
            f"{account.account_id_text[-1][0]} {ident}{extra}",
            size=8,
            align="right",
        )
        self.y -= 26  # fmt: skip

    # ---------------------------------------------------------------- the table
    def table(self, account: AccountPlan) -> None:
        self.account = account
        self.cols = self.columns(account)
        numbers = self.account_numbers(account)
        width = self.description_width(self.cols)
        for entry in account.entries:
            self.fit(entry, width, numbers)
        self.running = account.opening
        self.page_entries = []
        self.last_day = None
        if self.conv["column_header"] != "none":
            self.header_row()
        forward = self.conv["forward_rows"]
        if forward != "none":
            dated = self.plan.period_start if forward.endswith("dated") else None
            self.place(self.forward_row("brought_forward", account.opening, dated), breakable=False)
        if self.conv["sections"] == "by_direction":
            self.sectioned_rows(account)
        else:
            month = None
            for entry in account.entries:
                if self.conv["sections"] == "headings" and entry.day.month != month:
                    if month is not None or self.rng.random() < 0.5:
                        name = MONTHS[self.lang][1][entry.day.month - 1]
                        self.place(
                            Row(
                                "heading",
                                lines=[(f"{name.capitalize()} {entry.day.year}", None)],
                                bold=True,
                            )
                        )
                    month = entry.day.month
                self.place(self.entry_row(entry))
        subtotals = self.conv["subtotals"]
        if subtotals in ("page", "both"):
            self.place(self.subtotal_row(self.page_entries, "page_total"), breakable=False)
        if subtotals in ("final", "both"):
            self.place(self.subtotal_row(account.entries, "totals"))
        if forward != "none":
            dated = self.plan.period_end if forward.endswith("dated") else None
            self.place(self.forward_row("carried_forward", account.closing, dated, final=True))
        self.y -= self.line_h  # fmt: skip

    def sectioned_rows(self, account: AccountPlan) -> None:
        rng = self.rng
        if self.card:
            words = CARD_LABELS[self.lang]
            order = ["payments", "purchases", "fees", "interest"]
            if rng.random() < 0.4:
                order = ["purchases", "payments", "fees", "interest"]
            headings = {s: rng.choice(words[s]) for s in order}
            totals = {
                "fees": rng.choice(words["total_fees"]),
                "interest": rng.choice(words["total_interest"]),
            }
        else:
            order = ["in", "out"] if rng.random() < 0.5 else ["out", "in"]
            headings = {
                "in": rng.choice(self.labels["section_in"]),
                "out": rng.choice(self.labels["section_out"]),
            }
            totals = {
                "in": rng.choice(self.labels["section_in_total"]),
                "out": rng.choice(self.labels["section_out_total"]),
            }
        numbers = self.account_numbers(account)
        for section in order:
            members = [e for e in account.entries if e.section == section]
            if not members and section not in ("fees", "interest"):
                continue
            if not members and self.conv["closing_block"] != "fees_interest":
                continue
            self.place(Row("heading", lines=[(headings[section], None)], bold=True))
            for entry in members:
                self.place(self.entry_row(entry))
            if section in totals:
                total = abs(sum((e.amount for e in members), Decimal(0)))
                row = Row("section_total", lines=[(totals[section], None)], bold=True)
                row.cells[self.last_money_role()] = signed_amount(total, numbers, "unsigned")
                self.place(row)  # fmt: skip

    def last_money_role(self) -> str:
        money = [c.role for c in self.cols if c.role in ("debit", "credit", "amount", "balance")]
        return money[-1]

    def header_row(self) -> None:
        cols = self.cols
        label_lines = {c.role: self._label_lines(c) for c in cols}
        height = max(len(v) for v in label_lines.values()) * self.line_h + self.pad * 2
        ruling = self.conv["ruling"]
        table_w = sum(self.col_width(c) for c in cols)
        if ruling == "grid":
            self.rect(self.x0, self.y - height, table_w, height, 0.85, True)
        elif ruling == "zebra":
            self.rect(self.x0, self.y - height, table_w, height, 0.78, False)
        x = self.x0
        for column in cols:
            w = self.col_width(column)
            for i, label in enumerate(label_lines[column.role]):
                baseline = self.y - self.pad - self.size * 0.85 - i * self.line_h
                self.cell_text(x, w, baseline, label, column.align, bold=True)
            x += w
        self.y -= height
        if ruling in ("header_rule", "grid"):
            self.line(self.x0, self.y, self.x0 + table_w, self.y, 0.9)

    def _label_lines(self, column: Column) -> list[str]:
        return self.split(column.label, self.col_width(column) - 2 * self.pad, bold=True)

    def cell_text(
        self, x: float, w: float, baseline: float, s: str, align: str, bold: bool = False
    ) -> None:
        if align == "right":
            self.text(x + w - self.pad, baseline, s, bold=bold, align="right")
        elif align == "center":
            self.text(x + w / 2, baseline, s, bold=bold, align="center")
        else:
            self.text(x + self.pad, baseline, s, bold=bold)

    # ---------------------------------------------------------------- rows
    def entry_row(self, entry: Entry) -> Row:
        assert self.account is not None
        row = Row("txn", cells=self.amount_cells(self.account, entry.amount), entry=entry)
        row.lines = [
            (line, None)
            for line in entry.printed_lines[: len(entry.printed_lines) - len(entry.breakdown)]
        ]
        numbers = self.account_numbers(self.account)
        row.lines += [("   " + label, numbers.digits(value)) for label, value in entry.breakdown]
        if entry.second_day is not None:
            row.cells["second_date"] = self.date_text(entry.second_day)
        if self.conv["reference_column"] != "none":
            row.cells["reference"] = entry.reference
        if entry.balance_printed and entry.balance is not None:
            row.cells["balance"] = self.balance_text(self.account, entry.balance)
        return row  # fmt: skip

    def forward_row(
        self, which: str, balance: Decimal, dated: date | None, final: bool = False
    ) -> Row:
        assert self.account is not None
        label = self.rng.choice(self.labels[which])
        row = Row("forward", lines=[(label, None)], bold=self.rng.random() < 0.6)
        role = "balance" if self.conv["balance"] != "none" else self.last_money_role()
        row.cells[role] = self.balance_text(self.account, balance)
        if dated is not None:
            row.cells["date"] = self.date_text(dated)
        return row

    def subtotal_row(self, entries: list[Entry], which: str) -> Row:
        assert self.account is not None
        row = Row("subtotal", lines=[(self.rng.choice(self.labels[which]), None)], bold=True)
        numbers = self.account_numbers(self.account)
        debits = sum((-e.amount for e in entries if e.amount < 0), Decimal(0))
        credits = sum((e.amount for e in entries if e.amount > 0), Decimal(0))
        if self.conv["amount_layout"] in ("debit_credit", "credit_debit"):
            row.cells["debit"] = signed_amount(debits, numbers, "unsigned")
            row.cells["credit"] = signed_amount(credits, numbers, "unsigned")
        else:
            row.cells.update(self.amount_cells(self.account, credits - debits))
        return row

    def row_height(self, row: Row) -> float:
        return max(len(row.lines), 1) * self.line_h + self.pad * 1.2

    def place(self, row: Row, breakable: bool = True) -> None:
        height = self.row_height(row)
        reserve = 0.0
        if self.conv["forward_rows"].startswith("page"):
            reserve += self.line_h + self.pad * 1.2
        if self.conv["subtotals"] in ("page", "both"):
            reserve += self.line_h + self.pad * 1.2
        if breakable and self.y - height - reserve < self.bottom:
            self.break_page()
        self.draw_row(row, height)
        if row.entry is not None:
            self.running = self.running + row.entry.amount
            self.page_entries.append(row.entry)

    def break_page(self) -> None:
        assert self.account is not None
        if self.conv["subtotals"] in ("page", "both"):
            self.draw_row(
                self.subtotal_row(self.page_entries, "page_total"), self.line_h + self.pad * 1.2
            )
        page_forward = self.conv["forward_rows"].startswith("page")
        if page_forward:
            self.draw_row(
                self.forward_row("carried_forward", self.running, None),
                self.line_h + self.pad * 1.2,
            )
        self.new_page()
        self.later_page_header(self.account)
        if self.conv["column_header"] == "every_page":
            self.header_row()
        if page_forward:
            self.draw_row(
                self.forward_row("brought_forward", self.running, None),
                self.line_h + self.pad * 1.2,
            )
        self.page_entries = []
        self.last_day = None  # fmt: skip

    def draw_row(self, row: Row, height: float) -> None:
        cols = self.cols
        table_w = sum(self.col_width(c) for c in cols)
        ruling = self.conv["ruling"]
        if row.kind == "txn":
            self.shade = not self.shade
            if ruling == "zebra" and self.shade:
                self.rect(self.x0, self.y - height, table_w, height, 0.92, False)
        if row.entry is not None:
            day = row.entry.day
            if self.conv["date_repeat"] == "every_row" or day != self.last_day:
                row.cells["date"] = self.date_text(day)
            self.last_day = day
        first_baseline = self.y - self.pad - self.size * 0.85
        x = self.x0
        for column in cols:
            w = self.col_width(column)
            if column.role == "description":
                for i, (left, right) in enumerate(row.lines):
                    baseline = first_baseline - i * self.line_h
                    if row.kind != "txn" and row.cells:
                        # a totals or forward label is cut at its column like any cell
                        left = self.split(left, w - 2 * self.pad, bold=row.bold)[0]
                    self.text(x + self.pad, baseline, left, bold=row.bold)
                    if right:
                        self.text(x + w - self.pad, baseline, right, align="right")
            else:
                text = row.cells.get(column.role, "")
                if text:
                    self.cell_text(
                        x,
                        w,
                        first_baseline,
                        text,
                        column.align,
                        bold=row.bold and row.kind != "txn",
                    )
            if ruling == "grid":
                self.rect(x, self.y - height, w, height, None, True)
            x += w
        self.y -= height
        if row.kind in ("subtotal",) and ruling in ("header_rule", "none"):
            self.line(self.x0, self.y + height, self.x0 + table_w, self.y + height, 0.5)

    # ---------------------------------------------------------------- footers
    def footers(self) -> None:
        total = len(self.pages)
        rng = self.rng
        numbers_footer = self.conv["footer"] == "numbers"
        service = rng.choice(FOOTERS[self.lang])
        legal = FOOTERS[self.lang][-1]
        values = {
            "a": rng.randint(0, 9999),
            "b": rng.randint(0, 999),
            "c": rng.randint(100000, 999999),
        }
        page_at_right = rng.random() < 0.7
        for number, page in enumerate(self.pages, start=1):
            self.current = page
            y = self.bottom - 22
            label = self.page_label.format(n=number, m=total)
            if numbers_footer or rng.random() < 0.5:
                x = self.page_w - self.margin if page_at_right else self.page_w / 2
                self.text(x, y, label, size=7, align="right" if page_at_right else "center")
            self.text(self.margin, y - 10, DISCLAIMERS[self.lang], size=6.3, gray=0.25)
            if numbers_footer:
                self.text(self.margin, y - 19, service.format(**values), size=6.3, gray=0.25)
                self.text(self.margin, y - 27, legal.format(**values), size=6.3, gray=0.25)
