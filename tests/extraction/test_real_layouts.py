"""Layouts of real banks the randomized corpus does not draw: a serial-number column before
the row date and the holder printed after the account number (Indian banks), a branch and a
remarks column right of the balance (Nigerian banks), year-first dates with slashes (East
Asian banks), whole amounts in a currency without minor units (yen, won, pesos, forints),
the US layout of unsigned amounts under deposit and withdrawal sections followed by a
daily-balance grid, and the fintech layout that prints the description first and the date in
a column further right (N26), a landscape statement stored as portrait pages turned for
display (``/Rotate``), and the German layout that prints each row's value date under its
booking date, balances in "Euro", the period named as a month ("Kontoauszug März 2023",
ING), and the layout that prints a row's date on the line under its amounts (Wise); debits
marked "DB" under an Indonesian period (BCA), a sort code and account number in one string
with balances on each day's last row (UK banks), "MAR01" dates between the amounts and the
balance (Canadian banks), "02.03" dates and balances printed at both ends with no balance
column (French banks), a value date between the credits and the balance (Swiss banks), and a
card whose payments are marked "CR" under a header that names no card. Each is drawn here as
the bank prints it and must be read exactly."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from neurareport_resources.extraction import extract_statement

# (title, x, "l" | "r") per column; a cell's "\n" wraps it onto the next line
Column = tuple[str, float, str]
DESCRIPTIONS = [
    ("NEFT-HDFC0000123-ACME PVT LTD", Decimal("1456.08")),
    ("UPI/DR/312345678901/SWIGGY", Decimal("-249.00")),
    ("ATM WDL/SBI ATM KORAMANGALA", Decimal("-5000.00")),
    ("POS PURCHASE SHOPRITE LEKKI", Decimal("-12780.45")),
    ("TRANSFER FROM ADEBAYO\nOLUWASEUN", Decimal("250000.00")),
    ("SMS ALERT CHARGES", Decimal("-52.50")),
    ("Point-of-Sale Transaction GRAB *TRANSPORT", Decimal("-18.40")),  # "Transport": a forward word
]


def _draw(
    path: Path,
    header: list[str],
    columns: Sequence[Column],
    rows: list[list[str]],
    *,
    turned: bool = False,
) -> None:
    """Draw a landscape page; ``turned``: as a portrait page whose content is drawn sideways
    and shown turned (``/Rotate 270``), as some banks' exports store landscape pages."""
    pdf = canvas.Canvas(str(path), pagesize=A4 if turned else landscape(A4))
    if turned:
        pdf.setPageRotation(270)
        pdf.translate(0, A4[1])
        pdf.rotate(-90)
    y = landscape(A4)[1] - 40
    for line in header:
        pdf.setFont("Helvetica", 9)
        pdf.drawString(40, y, line)
        y -= 14
    y -= 10
    pdf.setFont("Helvetica-Bold", 8)
    for title, x, align in columns:
        (pdf.drawRightString if align == "r" else pdf.drawString)(x, y, title)
    y -= 14
    pdf.setFont("Helvetica", 8)
    for row in rows:
        for (_, x, align), cell in zip(columns, row, strict=True):
            for k, part in enumerate(cell.split("\n")):
                (pdf.drawRightString if align == "r" else pdf.drawString)(x, y - k * 10, part)
        y -= 12 * max(cell.count("\n") + 1 for cell in row)
    pdf.save()


class _Page:
    """Portrait pages written top-down: ``put`` at the cursor, ``down`` moves it."""

    def __init__(self, path: Path) -> None:
        self.pdf = canvas.Canvas(str(path))
        self.y = 800.0

    def put(self, x: float, text: str, right: bool = False, bold: bool = False) -> None:
        self.pdf.setFont("Helvetica-Bold" if bold else "Helvetica", 8)
        (self.pdf.drawRightString if right else self.pdf.drawString)(x, self.y, text)

    def down(self, points: float) -> None:
        self.y -= points

    def put_lines(self, texts: Sequence[str]) -> None:
        """Header lines at the left margin, one under the other."""
        for text in texts:
            self.put(40, text)
            self.down(12)

    def next_page(self) -> None:
        self.pdf.showPage()
        self.y = 800.0

    def save(self) -> None:
        self.pdf.save()


# the plainest layout: date, description, withdrawal, deposit, balance
WITHDRAWAL_DEPOSIT: list[Column] = [
    ("Date", 40, "l"), ("Description", 110, "l"), ("Withdrawal", 420, "r"),
    ("Deposit", 500, "r"), ("Balance", 580, "r"),
]  # fmt: skip


def _withdrawal_deposit_rows(
    ledger: list[tuple[date, str, Decimal, Decimal]], date_format: str
) -> list[list[str]]:
    return [
        [f"{d:{date_format}}", text.replace("\n", " "), *_amount_cells(amount, "{:,.2f}".format),
         f"{balance:,.2f}"]
        for d, text, amount, balance in ledger
    ]  # fmt: skip


def _ledger(opening: Decimal, start: date) -> list[tuple[date, str, Decimal, Decimal]]:
    balance, rows = opening, []
    for number in range(18):
        description, amount = DESCRIPTIONS[number % len(DESCRIPTIONS)]
        balance += amount
        rows.append((start + timedelta(days=number), description, amount, balance))
    return rows


def _read_back(path: Path, ledger: list[tuple[date, str, Decimal, Decimal]]):
    result = extract_statement(path, isolate=False)
    assert result.status == "ok", result.review
    got = [(t.txn_date, t.description, t.amount, t.balance) for t in result.transactions]
    assert got == [(d, " ".join(text.split()), a, b) for d, text, a, b in ledger]
    return result.accounts[0].header


def _indian(value: Decimal) -> str:
    """1,23,456.78: lakh grouping."""
    whole, cents = f"{abs(value):.2f}".split(".")
    head, tail = whole[:-3], whole[-3:]
    groups: list[str] = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    return ",".join(([head] if head else []) + groups + [tail]) + "." + cents


def _amount_cells(amount: Decimal, fmt: Callable[[Decimal], str]) -> list[str]:
    return [fmt(-amount), ""] if amount < 0 else ["", fmt(amount)]


def test_a_serial_number_column_before_the_date_and_the_holder_after_the_account_number(
    tmp_path: Path,
) -> None:
    ledger = _ledger(Decimal("152340.55"), date(2023, 4, 1))
    columns = [
        ("S No.", 40, "l"), ("Value Date", 70, "l"), ("Transaction Date", 125, "l"),
        ("Transaction Remarks", 200, "l"), ("Withdrawal Amount (INR)", 590, "r"),
        ("Deposit Amount (INR)", 680, "r"), ("Balance (INR)", 780, "r"),
    ]  # fmt: skip
    rows = [
        [str(n), f"{d:%d/%m/%Y}", f"{d:%d/%m/%Y}", text.replace("\n", " "),
         *_amount_cells(amount, _indian), _indian(balance)]
        for n, (d, text, amount, balance) in enumerate(ledger, start=1)
    ]  # fmt: skip
    path = tmp_path / "serial.pdf"
    header = [
        "Account Number: 000401234567 - MR RAVI SHANKAR",
        "Transactions List - 01/04/2023 to 30/04/2023",
        "Opening Balance: 1,52,340.55",
    ]
    _draw(path, header, columns, rows)
    read = _read_back(path, [(d, t.replace("\n", " "), a, b) for d, t, a, b in ledger])
    assert read.account_number == "000401234567"
    assert read.holder == "MR RAVI SHANKAR"


def test_remarks_and_a_wrapped_branch_column_right_of_the_balance(tmp_path: Path) -> None:
    ledger = _ledger(Decimal("85340.55"), date(2023, 1, 2))
    columns = [
        ("Trans. Date", 30, "l"), ("Value. Date", 90, "l"), ("Reference", 150, "l"),
        ("Debits", 290, "r"), ("Credits", 370, "r"), ("Balance", 450, "r"),
        ("Originating Branch", 465, "l"), ("Remarks", 560, "l"),
    ]  # fmt: skip
    rows = [
        [f"{d:%d-%b-%Y}", f"{d:%d-%b-%Y}", f"'{3301595691 + 7 * n}",
         *_amount_cells(amount, "{:,.2f}".format), f"{balance:,.2f}",
         "VICTORIA ISLAND\nBRANCH" if n % 3 == 0 else "E-CHANNELS", text]
        for n, (d, text, amount, balance) in enumerate(ledger)
    ]  # fmt: skip
    path = tmp_path / "remarks.pdf"
    _draw(path, ["ACCOUNT NAME: ADEBAYO OLUWASEUN", "Account No: 0123456789"], columns, rows)
    assert _read_back(path, ledger).account_number == "0123456789"


def test_year_first_dates_with_slashes(tmp_path: Path) -> None:
    ledger = _ledger(Decimal("3500.00"), date(2024, 2, 20))
    rows = _withdrawal_deposit_rows(ledger, "%Y/%m/%d")
    path = tmp_path / "year_first.pdf"
    header = ["Account No. 012-345678-9", "Statement Period 2024/02/20 - 2024/03/19"]
    _draw(path, header, WITHDRAWAL_DEPOSIT, rows)
    _read_back(path, [(d, t.replace("\n", " "), a, b) for d, t, a, b in ledger])


def test_whole_amounts_of_a_currency_without_minor_units(tmp_path: Path) -> None:
    ledger = [
        (d, text, amount * 100, balance * 100)
        for d, text, amount, balance in _ledger(Decimal("12500"), date(2024, 3, 1))
    ]
    ledger[2] = (ledger[2][0], ledger[2][1], Decimal("-980"), ledger[1][3] - 980)
    ledger = [(d, t, a, ledger[0][3] - ledger[0][2] + sum(x[2] for x in ledger[: n + 1]))
              for n, (d, t, a, _) in enumerate(ledger)]  # fmt: skip
    dots = lambda value: f"{value:,.0f}".replace(",", ".")  # noqa: E731  1.250.000
    columns = [
        ("Fecha", 40, "l"), ("Descripción", 120, "l"), ("Cargos", 420, "r"),
        ("Abonos", 500, "r"), ("Saldo", 580, "r"),
    ]  # fmt: skip
    rows = [
        [f"{d.day:02d} Mar 2024", text.replace("\n", " "), *_amount_cells(amount, dots),
         dots(balance)]
        for d, text, amount, balance in ledger
    ]  # fmt: skip
    path = tmp_path / "whole.pdf"
    _draw(path, ["Cuenta Corriente N° 0012-3456-78", "Moneda: CLP"], columns, rows)
    _read_back(path, [(d, t.replace("\n", " "), a, b) for d, t, a, b in ledger])


def test_sections_of_unsigned_amounts_and_a_daily_balance_grid(tmp_path: Path) -> None:
    deposits = [(date(2023, 3, d), f"Zelle Payment From John Smith {d}", Decimal(f"{d}00.25"))
                for d in (2, 9, 16)]  # fmt: skip
    withdrawals = [(date(2023, 3, d), f"Card Purchase 03/{d:02d} Amazon.Com Card 1234",
                    -Decimal(f"{d}1.40")) for d in range(3, 27, 2)]  # fmt: skip
    opening = Decimal("5234.18")
    closing = opening + sum(a for _, _, a in deposits + withdrawals)
    path = tmp_path / "sections.pdf"
    page = _Page(path)

    for label, value in [("Beginning Balance", opening), ("Ending Balance", closing)]:
        page.put(60, label)
        page.put(400, f"${value:,.2f}", right=True)
        page.down(12)
    page.put(40, "March 01, 2023 through March 31, 2023")
    page.put(300, "Account Number: 000000123456789")
    page.down(24)
    for title, rows in [
        ("DEPOSITS AND ADDITIONS", deposits),
        ("ELECTRONIC WITHDRAWALS", withdrawals),
    ]:
        page.put(40, title, bold=True)
        page.down(14)
        for x, label in [(40, "DATE"), (90, "DESCRIPTION")]:
            page.put(x, label, bold=True)
        page.put(560, "AMOUNT", right=True, bold=True)
        page.down(12)
        for day, text, amount in rows:
            page.put(40, f"{day:%m/%d}")
            page.put(90, text)
            page.put(560, f"{abs(amount):,.2f}", right=True)
            page.down(12)
        page.put(90, "Total", bold=True)
        page.put(560, f"${abs(sum(a for _, _, a in rows)):,.2f}", right=True, bold=True)
        page.down(24)
    page.put(40, "DAILY ENDING BALANCE", bold=True)
    page.down(14)
    balance, ends = opening, []
    for day, _, amount in sorted(deposits + withdrawals):
        balance += amount
        ends.append((day, balance))
    for start in range(0, len(ends), 3):
        for k, (day, value) in enumerate(ends[start : start + 3]):
            page.put(40 + 180 * k, f"{day:%m/%d}")
            page.put(150 + 180 * k, f"{value:,.2f}", right=True)
        page.down(12)
    page.save()
    result = extract_statement(path, isolate=False)
    assert result.status == "ok", result.review
    assert [(t.txn_date, t.description, t.amount) for t in result.transactions] == [
        *deposits,
        *withdrawals,
    ]


def test_the_description_first_and_the_date_in_a_column_further_right(tmp_path: Path) -> None:
    ledger = _ledger(Decimal("1234.56"), date(2023, 3, 1))

    def euros(value: Decimal) -> str:  # +1.234,56€
        text = f"{abs(value):,.2f}".translate(str.maketrans(",.", ".,"))
        return f"{'+' if value >= 0 else '-'}{text}€"

    path = tmp_path / "description_first.pdf"
    page = _Page(path)

    for text in ["Max Mustermann", "Kontoauszug 01.03.2023 bis 31.03.2023",
                 "IBAN: DE89 3704 0044 0532 0130 00"]:  # fmt: skip
        page.put(40, text)
        page.down(12)
    page.down(12)
    page.put(40, "Beschreibung")
    page.put(330, "Verbuchungsdatum")
    page.put(555, "Betrag", right=True)
    page.down(18)
    for day, text, amount, _ in ledger:
        page.put(40, text.split("\n")[0])
        page.put(330, f"{day:%d.%m.%Y}")
        page.put(555, euros(amount), right=True)
        page.down(11)
        page.put(40, f"Wertstellung {day:%d.%m.%Y}")
        page.down(18)
    page.next_page()
    for label, value in [("Alter Kontostand", Decimal("1234.56")),
                         ("Dein neuer Kontostand", ledger[-1][3])]:  # fmt: skip
        page.put(40, label)
        page.put(555, euros(value), right=True)
        page.down(12)
    page.save()
    result = extract_statement(path, isolate=False)
    assert [(t.txn_date, t.description, t.amount) for t in result.transactions] == [
        (day, f"{text.split(chr(10))[0]} Wertstellung {day:%d.%m.%Y}", amount)
        for day, text, amount, _ in ledger
    ]
    assert result.status == "ok", result.review


def test_a_landscape_statement_stored_as_turned_portrait_pages(tmp_path: Path) -> None:
    ledger = _ledger(Decimal("3500.00"), date(2024, 2, 20))
    rows = _withdrawal_deposit_rows(ledger, "%d/%m/%Y")
    path = tmp_path / "turned.pdf"
    _draw(path, ["Account No. 012-345678-9"], WITHDRAWAL_DEPOSIT, rows, turned=True)
    _read_back(path, [(d, t.replace("\n", " "), a, b) for d, t, a, b in ledger])


def test_the_value_date_under_the_booking_date_and_balances_in_euro(tmp_path: Path) -> None:
    ledger = _ledger(Decimal("2345.67"), date(2023, 3, 1))

    def german(value: Decimal) -> str:  # -1.234,56
        return f"{value:,.2f}".translate(str.maketrans(",.", ".,"))

    path = tmp_path / "value_dates.pdf"
    page = _Page(path)

    page.put_lines(["Max Mustermann", "Girokonto Nummer 5432109876", "Kontoauszug März 2023"])
    page.put(40, "Alter Saldo")
    page.put(555, f"{german(Decimal('2345.67'))} Euro", right=True)
    page.down(20)
    page.put(40, "Buchung")
    page.put(100, "Buchung / Verwendungszweck")
    page.put(555, "Betrag (EUR)", right=True)
    page.down(10)
    page.put(40, "Valuta")
    page.down(16)
    for day, text, amount, _ in ledger:
        page.put(40, f"{day:%d.%m.%Y}")
        page.put(100, text.split("\n")[0])
        page.put(555, german(amount), right=True)
        page.down(10)
        page.put(40, f"{day:%d.%m.%Y}")
        page.put(100, "Mandat: M-12345")
        page.down(14)
    page.put(40, "Neuer Saldo")
    page.put(555, f"{german(ledger[-1][3])} Euro", right=True)
    page.save()
    result = extract_statement(path, isolate=False)
    assert result.status == "ok", result.review
    assert [(t.txn_date, t.description, t.amount) for t in result.transactions] == [
        (day, f"{text.split(chr(10))[0]} Mandat: M-12345", amount)
        for day, text, amount, _ in ledger
    ]
    header = result.accounts[0].header
    assert (header.account_number, header.opening_balance, header.closing_balance) == (
        "5432109876",
        Decimal("2345.67"),
        ledger[-1][3],
    )
    assert (header.period_start, header.period_end) == (date(2023, 3, 1), date(2023, 3, 31))


def test_the_title_above_the_address_block_is_not_the_holder(tmp_path: Path) -> None:
    ledger = _ledger(Decimal("8234.10"), date(2023, 3, 1))
    rows = _withdrawal_deposit_rows(ledger, "%d %b")
    path = tmp_path / "title.pdf"
    header = ["Consolidated Statement", "MR TAN AH KOW", "BLK 123 BEDOK NORTH ST 1",
              "SINGAPORE 460123", "Statement Date: 31 Mar 2023", "Account No. 123-456789-0"]  # fmt: skip
    _draw(path, header, WITHDRAWAL_DEPOSIT, rows)
    read = _read_back(path, [(d, t.replace("\n", " "), a, b) for d, t, a, b in ledger])
    assert read.holder == "MR TAN AH KOW"


def test_the_date_on_the_line_under_the_amounts(tmp_path: Path) -> None:
    ledger = _ledger(Decimal("1500.00"), date(2023, 3, 1))
    path = tmp_path / "date_under.pdf"
    page = _Page(path)
    for text in ["GBP statement", "1 March 2023 [GMT] - 31 March 2023 [GMT]", "John Smith",
                 "Account number 12345678"]:  # fmt: skip
        page.put(40, text)
        page.down(12)
    page.down(12)
    page.put(40, "Description")
    page.put(430, "Incoming", right=True)
    page.put(490, "Outgoing", right=True)
    page.put(555, "Amount", right=True)
    page.down(18)
    for day, text, amount, balance in ledger:
        page.put(40, text.split("\n")[0])
        page.put(430 if amount > 0 else 490, f"{amount:,.2f}", right=True)
        page.put(555, f"{balance:,.2f}", right=True)
        page.down(11)
        page.put(40, f"{day.day} {day:%B %Y}   Transaction: CARD-{day.day}")
        page.down(20)
    page.put(40, "Balance on 31 March 2023")
    page.put(555, f"{ledger[-1][3]:,.2f} GBP", right=True)
    page.save()
    result = extract_statement(path, isolate=False)
    assert [(t.txn_date, t.description, t.amount, t.balance) for t in result.transactions] == [
        (day, f"{text.split(chr(10))[0]} Transaction: CARD-{day.day}", amount, balance)
        for day, text, amount, balance in ledger
    ]
    assert result.status == "ok", result.review


def _plain(
    ledger: list[tuple[date, str, Decimal, Decimal]],
) -> list[tuple[date, str, Decimal, Decimal]]:
    return [(d, " ".join(t.split()), a, b) for d, t, a, b in ledger]


def test_debits_marked_db_dates_without_a_year_and_the_period_named_in_indonesian(
    tmp_path: Path,
) -> None:
    ledger = [
        (d, t, a * 1000, b * 1000) for d, t, a, b in _ledger(Decimal("15432.10"), date(2023, 3, 1))
    ]
    columns = [("TANGGAL", 40, "l"), ("KETERANGAN", 100, "l"), ("CBG", 420, "l"),
               ("MUTASI", 600, "r"), ("SALDO", 760, "r")]  # fmt: skip
    rows = [
        [f"{d:%d/%m}", t.replace("\n", " "), "0000", f"{abs(a):,.2f}" + (" DB" if a < 0 else ""),
         f"{b:,.2f}"]
        for d, t, a, b in ledger
    ]  # fmt: skip
    path = tmp_path / "db.pdf"
    header = ["REKENING TAHAPAN", "NO. REKENING : 1234567890", "PERIODE : MARET 2023"]
    _draw(path, header, columns, rows)
    assert _read_back(path, _plain(ledger)).period_end == date(2023, 3, 31)


def test_a_sort_code_and_account_number_in_one_string_and_balances_on_a_days_last_row(
    tmp_path: Path,
) -> None:
    ledger = [(date(2023, 3, 1 + n // 2), t, a, b)
              for n, (_, t, a, b) in enumerate(_ledger(Decimal("11234.56"), date(2023, 3, 1)))]  # fmt: skip
    last_of_day = [
        n + 1 == len(ledger) or ledger[n + 1][0] != d for n, (d, *_) in enumerate(ledger)
    ]
    columns = [("Date", 40, "l"), ("Description", 100, "l"), ("Money out £", 560, "r"),
               ("Money in £", 650, "r"), ("Balance £", 760, "r")]  # fmt: skip
    rows = [["", "Start balance", "", "", "11,234.56"]] + [
        [f"{d.day} Mar" if n == 0 or ledger[n - 1][0] != d else "", t.replace("\n", " "),
         *_amount_cells(a, "{:,.2f}".format), f"{b:,.2f}" if last else ""]
        for n, ((d, t, a, b), last) in enumerate(zip(ledger, last_of_day, strict=True))
    ]  # fmt: skip
    path = tmp_path / "days.pdf"
    header = ["Mr J Smith", "Sort code 20-00-00  Account no 12345678", "1 Mar - 31 Mar 2023"]
    _draw(path, header, columns, rows)
    result = extract_statement(path, isolate=False)
    assert result.status == "ok", result.review
    assert [(t.txn_date, t.amount, t.balance) for t in result.transactions] == [
        (d, a, b if last else None) for (d, _, a, b), last in zip(ledger, last_of_day, strict=True)
    ]
    header_read = result.accounts[0].header
    assert (header_read.account_number, header_read.period_start) == ("12345678", date(2023, 3, 1))


def test_the_date_printed_between_the_amounts_and_the_balance_as_mar01(tmp_path: Path) -> None:
    ledger = _ledger(Decimal("11234.56"), date(2023, 3, 1))
    columns = [("DESCRIPTION", 40, "l"), ("CHEQUE/DEBIT", 400, "r"), ("DEPOSIT/CREDIT", 500, "r"),
               ("DATE", 530, "l"), ("BALANCE", 680, "r")]  # fmt: skip
    rows = [["BALANCE FORWARD", "", "", "MAR01", "11,234.56"]] + [
        [t.replace("\n", " "), *_amount_cells(a, "{:,.2f}".format), f"{d:%b%d}".upper(), f"{b:,.2f}"]
        for d, t, a, b in ledger
    ]  # fmt: skip
    path = tmp_path / "mar01.pdf"
    header = ["Account No. 1234-5678901", "STATEMENT PERIOD: MAR01/23 - MAR31/23"]
    _draw(path, header, columns, rows)
    assert _read_back(path, _plain(ledger)).period_end == date(2023, 3, 31)


def test_day_and_month_dates_like_amounts_and_no_balance_column(tmp_path: Path) -> None:
    ledger = _ledger(Decimal("1234.56"), date(2023, 3, 1))

    def french(value: Decimal) -> str:  # 1 234,56
        return f"{abs(value):,.2f}".replace(",", " ").replace(".", ",")

    columns = [("Date", 40, "l"), ("Nature des opérations", 90, "l"), ("Valeur", 480, "l"),
               ("Débit", 620, "r"), ("Crédit", 740, "r")]  # fmt: skip
    debits = sum(-a for _, _, a, _ in ledger if a < 0)
    credits = sum(a for _, _, a, _ in ledger if a > 0)
    rows = [
        ["", "SOLDE CREDITEUR AU 01.03.2023", "", "", french(Decimal("1234.56"))],
        *[[f"{d:%d.%m}", t.replace("\n", " "), f"{d:%d.%m}", *_amount_cells(a, french)]
          for d, t, a, _ in ledger],
        ["", "TOTAL DES OPERATIONS", "", french(debits), french(credits)],
        ["", "SOLDE CREDITEUR AU 31.03.2023", "", "", french(ledger[-1][3])],
    ]  # fmt: skip
    path = tmp_path / "day_month.pdf"
    _draw(path, ["RELEVE DE COMPTE CHEQUES", "du 1er mars 2023 au 31 mars 2023"], columns, rows)
    result = extract_statement(path, isolate=False)
    assert result.status == "ok", result.review
    assert [(t.txn_date, t.description, t.amount) for t in result.transactions] == [
        (d, " ".join(t.split()), a) for d, t, a, _ in ledger
    ]
    read = result.accounts[0].header
    assert (read.opening_balance, read.closing_balance) == (Decimal("1234.56"), ledger[-1][3])


def test_the_value_date_between_the_credits_and_the_balance(tmp_path: Path) -> None:
    ledger = _ledger(Decimal("22345.60"), date(2023, 3, 1))
    swiss = lambda value: f"{abs(value):,.2f}".replace(",", "'")  # noqa: E731  1'234.56
    columns = [("Date", 40, "l"), ("Description", 100, "l"), ("Debit", 520, "r"),
               ("Credit", 610, "r"), ("Value", 630, "l"), ("Balance", 780, "r")]  # fmt: skip
    rows = [[f"{d:%d.%m.%y}", t.replace("\n", " "), *_amount_cells(a, swiss), f"{d:%d.%m.%y}",
             swiss(b)] for d, t, a, b in ledger]  # fmt: skip
    path = tmp_path / "value_between.pdf"
    _draw(
        path, ["IBAN CH93 0076 2011 6238 5295 7", "Period 01.03.2023 - 31.03.2023"], columns, rows
    )
    _read_back(path, _plain(ledger))


def test_a_card_whose_payments_are_marked_cr_and_whose_header_names_no_card(
    tmp_path: Path,
) -> None:
    purchases = [
        (date(2023, 3, d), f"MERCHANT {d} LONDON", Decimal(f"{d}3.45")) for d in range(2, 20, 2)
    ]
    items = sorted(
        [*purchases, (date(2023, 3, 15), "PAYMENT RECEIVED - THANK YOU", Decimal("-500.00"))]
    )
    previous = Decimal("500.00")
    path = tmp_path / "card.pdf"
    page = _Page(path)
    page.put_lines(["The Platinum Card", "Mr John Smith", "Account Ending 1-23456"])
    for label, value in [
        ("Previous Balance", previous),
        ("New Balance", previous + sum(a for *_, a in items)),
    ]:
        page.put(40, label)
        page.put(300, f"£{value:,.2f}", right=True)
        page.down(12)
    page.down(12)
    for x, title in [(40, "Date"), (120, "Description")]:
        page.put(x, title, bold=True)
    page.put(550, "Amount £", right=True, bold=True)
    page.down(14)
    for day, text, amount in items:
        page.put(40, f"{day:%d.%m.%y}")
        page.put(120, text)
        page.put(550, f"{abs(amount):,.2f}" + (" CR" if amount < 0 else ""), right=True)
        page.down(12)
    page.save()
    result = extract_statement(path, isolate=False)
    assert result.status == "ok", result.review
    # the holder's view: purchases take money, the payment brings it
    assert [(t.txn_date, t.description, t.amount) for t in result.transactions] == [
        (d, t, -a) for d, t, a in items
    ]
    assert result.accounts[0].kind == "credit_card"


def test_month_first_dates_in_figures_told_by_the_dates_written_in_words(tmp_path: Path) -> None:
    # every row date is "3/1" to "3/9": the figures alone cannot tell the day order
    ledger = [(date(2023, 3, 1 + n // 2), t, a, b)
              for n, (_, t, a, b) in enumerate(_ledger(Decimal("11234.56"), date(2023, 3, 1)))]  # fmt: skip
    rows = _withdrawal_deposit_rows(ledger, "%m/%d")
    rows = [[f"{d.month}/{d.day}", *row[1:]] for (d, *_), row in zip(ledger, rows, strict=True)]
    path = tmp_path / "month_first.pdf"
    header = ["Everyday Checking", "March 31, 2023  Page 1 of 4", "Account number: 1234567890"]
    _draw(path, header, WITHDRAWAL_DEPOSIT, rows)
    _read_back(path, _plain(ledger))


def test_balances_with_the_marker_in_brackets(tmp_path: Path) -> None:
    ledger = _ledger(Decimal("152340.55"), date(2023, 4, 1))
    columns = [("Date", 30, "l"), ("Narration", 90, "l"), ("Chq/Ref No", 380, "l"),
               ("Withdrawal (Dr)", 560, "r"), ("Deposit (Cr)", 660, "r"), ("Balance", 790, "r")]  # fmt: skip
    rows = [[f"{d:%d-%m-%Y}", t.replace("\n", " "), f"UPI-{312345678900 + n}",
             *_amount_cells(a, "{:,.2f}".format), f"{b:,.2f}(Cr)"]
            for n, (d, t, a, b) in enumerate(ledger)]  # fmt: skip
    path = tmp_path / "bracketed.pdf"
    _draw(path, ["Account No. 1234567890", "Period 01-04-2023 to 30-04-2023"], columns, rows)
    _read_back(path, _plain(ledger))


def test_the_amounts_on_the_last_line_of_a_rows_details(tmp_path: Path) -> None:
    ledger = _ledger(Decimal("11234.56"), date(2023, 3, 1))
    path = tmp_path / "amounts_last.pdf"
    page = _Page(path)
    page.put_lines(
        [
            "MR JOHN SMITH",
            "Sortcode 40-11-22  Account Number 12345678",
            "1 March to 31 March 2023",
        ]
    )
    page.down(10)
    page.put(40, "Date", bold=True)
    page.put(110, "Payment type and details", bold=True)
    for x, title in [(420, "Paid out"), (490, "Paid in"), (560, "Balance")]:
        page.put(x, title, right=True, bold=True)
    page.down(14)
    for n, (day, text, amount, balance) in enumerate(ledger):
        page.put(40, f"{day:%d %b %y}")
        page.put(110, f"VIS  {text.split(chr(10))[0]}")
        page.down(10)
        page.put(110, f"REF {n:06d}")
        page.put(420 if amount < 0 else 490, f"{abs(amount):,.2f}", right=True)
        page.put(560, f"{balance:,.2f}", right=True)
        page.down(12)
    page.save()
    result = extract_statement(path, isolate=False)
    assert result.status == "ok", result.review
    assert [(t.txn_date, t.description, t.amount, t.balance) for t in result.transactions] == [
        (d, f"VIS {t.split(chr(10))[0]} REF {n:06d}", a, b) for n, (d, t, a, b) in enumerate(ledger)
    ]


def test_balances_at_a_date_above_and_under_the_rows(tmp_path: Path) -> None:
    ledger = _ledger(Decimal("11234.56"), date(2023, 3, 1))

    def german(value: Decimal) -> str:  # 1.234,56- / 1.234,56 +
        text = f"{abs(value):,.2f}".translate(str.maketrans(",.", ".,"))
        return text + ("-" if value < 0 else " +")

    path = tmp_path / "kontostand.pdf"
    page = _Page(path)
    page.put_lines(["Kontoauszug 3/2023", "Herrn Max Mustermann", "Girokonto 1234567890"])
    page.down(10)
    page.put(40, "Datum", bold=True)
    page.put(100, "Erläuterung", bold=True)
    page.put(555, "Betrag", right=True, bold=True)
    page.down(14)
    page.put(100, "Kontostand am 28.02.2023, Auszug Nr. 2")
    page.put(555, german(Decimal("11234.56")), right=True)
    page.down(14)
    for day, text, amount, _ in ledger:
        page.put(40, f"{day:%d.%m.%Y}")
        page.put(100, text.split("\n")[0])
        page.put(555, german(amount), right=True)
        page.down(14)
    page.put(100, "Kontostand am 31.03.2023 um 20:00 Uhr")
    page.put(555, german(ledger[-1][3]), right=True)
    page.save()
    result = extract_statement(path, isolate=False)
    assert result.status == "ok", result.review
    assert [(t.txn_date, t.amount) for t in result.transactions] == [
        (d, a) for d, _, a, _ in ledger
    ]
    read = result.accounts[0].header
    assert (read.opening_balance, read.closing_balance) == (Decimal("11234.56"), ledger[-1][3])


def test_a_currency_column_beside_the_amounts(tmp_path: Path) -> None:
    ledger = _ledger(Decimal("11234.56"), date(2023, 3, 1))
    columns = [("Date", 40, "l"), ("Description", 110, "l"), ("Amount", 560, "r"), ("Ccy", 575, "l"),
               ("Balance", 720, "r"), ("", 735, "l")]  # fmt: skip
    rows = [[f"{d:%d/%m/%Y}", t.replace("\n", " "), f"{a:,.2f}", "EUR", f"{b:,.2f}", "EUR"]
            for d, t, a, b in ledger]  # fmt: skip
    path = tmp_path / "currency_column.pdf"
    _draw(path, ["Account 12345678", "01/03/2023 - 31/03/2023"], columns, rows)
    assert _read_back(path, _plain(ledger)).currency == "EUR"


def test_one_account_in_two_currencies_is_two_ledgers(tmp_path: Path) -> None:
    euros = _ledger(Decimal("11234.56"), date(2023, 3, 1))[:9]
    dollars, balance = [], Decimal("5000.00")
    for day, text, amount, _ in _ledger(Decimal("5000.00"), date(2023, 3, 2))[:9]:
        half = (amount / 2).quantize(Decimal("0.01"))
        balance += half
        dollars.append((day, text, half, balance))
    path = tmp_path / "two_currencies.pdf"
    page = _Page(path)
    page.put(40, "John Smith")
    page.down(12)
    page.put(40, "Statement 1 March 2023 - 31 March 2023")
    page.down(20)
    for code, ledger, opening in [
        ("EUR", euros, Decimal("11234.56")),
        ("USD", dollars, Decimal("5000.00")),
    ]:
        page.put(40, f"{code} Statement", bold=True)
        page.down(14)
        for label, value in [("Opening balance", opening), ("Closing balance", ledger[-1][3])]:
            page.put(40, label)
            page.put(300, f"{value:,.2f} {code}", right=True)
            page.down(12)
        page.down(6)
        page.put(40, "Date", bold=True)
        page.put(110, "Description", bold=True)
        for x, title in [(400, "Money out"), (480, "Money in"), (560, "Balance")]:
            page.put(x, title, right=True, bold=True)
        page.down(14)
        for day, text, amount, balance in ledger:
            page.put(40, f"{day:%d %b %Y}")
            page.put(110, text.split("\n")[0])
            page.put(400 if amount < 0 else 480, f"{abs(amount):,.2f} {code}", right=True)
            page.put(560, f"{balance:,.2f} {code}", right=True)
            page.down(12)
        page.down(20)
    page.save()
    result = extract_statement(path, isolate=False)
    assert result.status == "ok", result.review
    assert [
        (a.header.currency, a.header.opening_balance, a.header.closing_balance)
        for a in result.accounts
    ] == [
        ("EUR", Decimal("11234.56"), euros[-1][3]),
        ("USD", Decimal("5000.00"), dollars[-1][3]),
    ]
    assert [
        [(t.txn_date, t.amount, t.balance) for t in a.transactions] for a in result.accounts
    ] == [
        [(d, a, b) for d, _, a, b in euros],
        [(d, a, b) for d, _, a, b in dollars],
    ]


def test_years_of_the_buddhist_era(tmp_path: Path) -> None:
    ledger = _ledger(Decimal("11234.56"), date(2023, 3, 1))

    def thai(day: date) -> str:  # 01/03/2566
        return f"{day.day:02d}/{day.month:02d}/{day.year + 543}"

    rows = [
        [thai(d), *row[1:]]
        for (d, *_), row in zip(ledger, _withdrawal_deposit_rows(ledger, "%d"), strict=True)
    ]
    path = tmp_path / "buddhist_era.pdf"
    _draw(
        path,
        ["Account No. 123-4-56789-0", "Period 01/03/2566 - 31/03/2566"],
        WITHDRAWAL_DEPOSIT,
        rows,
    )
    assert _read_back(path, _plain(ledger)).period_start == date(2023, 3, 1)


def _card_with_one_payment(path: Path, *, payment_dated: bool) -> list[tuple[date, str, Decimal]]:
    """A card statement whose one payment settles the whole previous balance, in a credit
    column no other row uses: its first row, dated (the lone column must not pass for a
    balance column by repeating the previous balance), or a day's second row, undated."""
    previous = Decimal("2835.79")
    items = [(date(2023, 12, 14), "EASYJET 000E4KX TORONTO", Decimal("-34.11")),
             (date(2023, 12, 14), "PAYMENT RECEIVED THANK YOU", previous)]  # fmt: skip
    if payment_dated:
        items.reverse()
    items += [
        (date(2023, 12, d), f"TESCO STORES {d} LONDON", -Decimal(f"{d}.45")) for d in range(15, 27)
    ]
    new = previous - sum(a for *_, a in items)
    page = _Page(path)
    page.put_lines(
        [
            "Credit Card Statement",
            "Card number XXXX XXXX XXXX 1280",
            "14/12/2023 - 13/01/2024",
        ]
    )
    for label, value in [
        ("Previous balance", previous),
        ("New balance", new),
        ("Minimum payment", Decimal("56.76")),
    ]:
        page.put(40, label)
        page.put(300, f"{value:,.2f}", right=True)
        page.down(12)
    page.down(12)
    page.put(40, "Date", bold=True)
    page.put(110, "Description", bold=True)
    page.put(470, "Payments", right=True, bold=True)
    page.put(550, "Purchases", right=True, bold=True)
    page.down(14)
    for n, (day, text, amount) in enumerate(items):
        if payment_dated or n == 0 or items[n - 1][0] != day:
            page.put(40, f"{day:%d/%m/%Y}")
        page.put(110, text)
        page.put(470 if amount > 0 else 550, f"{abs(amount):,.2f}", right=True)
        page.down(12)
    page.save()
    return items


def test_a_cards_one_payment_of_the_whole_balance_in_a_column_of_its_own(tmp_path: Path) -> None:
    for dated in (True, False):
        path = tmp_path / f"one_payment_{dated}.pdf"
        items = _card_with_one_payment(path, payment_dated=dated)
        result = extract_statement(path, isolate=False)
        assert result.status == "ok", (dated, result.review)
        assert [(t.txn_date, t.description, t.amount) for t in result.transactions] == items


def test_fees_in_a_column_of_their_own_beside_the_debits_and_credits(tmp_path: Path) -> None:
    ledger = _ledger(Decimal("11234.56"), date(2023, 3, 1))
    columns = [("Tran list no", 40, "l"), ("Date", 90, "l"), ("Description", 150, "l"),
               ("Fees (R)", 480, "r"), ("Debits (R)", 560, "r"), ("Credits (R)", 650, "r"),
               ("Balance (R)", 770, "r")]  # fmt: skip

    def cells(text: str, amount: Decimal) -> list[str]:
        if text.startswith("SMS"):  # a bank charge: the fees column
            return [f"{-amount:,.2f}", "", ""]
        return ["", *_amount_cells(amount, "{:,.2f}".format)]

    rows = [[str(n), f"{d:%d/%m/%Y}", t.replace("\n", " "), *cells(t, a), f"{b:,.2f}"]
            for n, (d, t, a, b) in enumerate(ledger, start=1)]  # fmt: skip
    path = tmp_path / "fees.pdf"
    _draw(
        path,
        ["Account number 1234567890", "Statement period 01/03/2023 - 31/03/2023"],
        columns,
        rows,
    )
    _read_back(path, _plain(ledger))


def test_a_check_number_column_only_one_row_fills(tmp_path: Path) -> None:
    ledger = _ledger(Decimal("11234.56"), date(2023, 3, 1))
    columns = [("Date", 40, "l"), ("Check Number", 95, "l"), ("Description", 160, "l"),
               ("Deposits/ Additions", 560, "r"), ("Withdrawals/ Subtractions", 660, "r"),
               ("Ending daily balance", 770, "r")]  # fmt: skip
    rows = [[f"{d:%m/%d/%Y}", "1234" if n == 4 else "", t.replace("\n", " "),
             *reversed(_amount_cells(a, "{:,.2f}".format)), f"{b:,.2f}"]
            for n, (d, t, a, b) in enumerate(ledger)]  # fmt: skip
    path = tmp_path / "check_number.pdf"
    _draw(path, ["Everyday Checking", "Account number: 1234567890"], columns, rows)
    _read_back(path, _plain(ledger))


def test_a_heading_over_the_list_of_transactions_ends_the_row_above(tmp_path: Path) -> None:
    ledger = _ledger(Decimal("11234.56"), date(2023, 3, 1))
    path = tmp_path / "list_heading.pdf"
    page = _Page(path)
    page.put_lines(
        ["Estratto conto", "Conto corrente n. 123456789", "Periodo dal 01/03/2023 al 31/03/2023"]
    )
    page.down(10)
    page.put(40, "Data", bold=True)
    page.put(110, "Descrizione", bold=True)
    page.put(470, "Importo", right=True, bold=True)
    page.put(555, "Saldo", right=True, bold=True)
    page.down(14)
    for n, (day, text, amount, balance) in enumerate(ledger):
        if n == 1:  # the first row is the previous month's payment; the list follows
            page.put(110, "Operazioni")
            page.down(12)
        page.put(40, f"{day:%d/%m/%Y}")
        page.put(110, text.split("\n")[0])
        page.put(470, f"{amount:,.2f}", right=True)
        page.put(555, f"{balance:,.2f}", right=True)
        page.down(12)
    page.save()
    result = extract_statement(path, isolate=False)
    assert result.status == "ok", result.review
    assert [t.description for t in result.transactions] == [
        t.split("\n")[0] for _, t, _, _ in ledger
    ]
