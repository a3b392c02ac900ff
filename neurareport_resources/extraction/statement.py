"""One account of a statement read end to end: conventions, rows, roles, ledger, verdict.

Given the table pages of one account (``table.PageLayout``) and the text around them,
this decides the account's number and date conventions, groups lines into rows, lets
arithmetic choose the reading of the money columns, drops balance and total rows, and
returns the ledger with a reconciliation and, when anything is left unsettled, the
reasons an analyst must look at it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from neurareport_resources.extraction.dates import (
    NUMERIC_DAY_MONTH,
    DateParts,
    detect_day_first,
    find_date_parts,
    fold_month,
    repair_ocr_dates,
    resolve_date,
    written_day_first,
)
from neurareport_resources.extraction.header import parse_header, period_of
from neurareport_resources.extraction.labels import fold_words, special_row_kind
from neurareport_resources.extraction.model import (
    DATES_OUTSIDE_PERIOD,
    NO_ROWS,
    UNREAD_ROWS,
    UNRECONCILED,
    UNVERIFIED_SIGNS,
    AccountExtraction,
    ExtractedTransaction,
    PageReport,
    ReviewNote,
    StatementHeader,
)
from neurareport_resources.extraction.numbers import MARKER_SIGNS, detect_decimal_separator
from neurareport_resources.extraction.reconcile import (
    reconcile_balances,
    repair_misreads,
    repair_total_slip,
)
from neurareport_resources.extraction.roles import (
    SAMPLE_ROWS,
    Outcome,
    Reading,
    apply_reading,
    candidate_readings,
    closes,
    column_values,
)
from neurareport_resources.extraction.rows import AccountColumns, Row, align_columns, group_rows
from neurareport_resources.extraction.table import PageLayout
from neurareport_resources.extraction.words import Line

ZERO = Decimal(0)
# a card (or another liability) statement says so in its header and summary
_CARD_WORDS = (
    "credit card", "card number", "card no", "card ending", "minimum payment", "payment due",
    "credit limit", "available credit", "credit line", "minimum amount due", "min payment",
    "kreditkarte", "kartennummer", "mindestzahlung", "mindestbetrag", "kreditrahmen",
    "verfugungsrahmen", "carte de credit", "numero de carte", "n de carte", "paiement minimum",
    "plafond", "releve de carte", "tarjeta de credito", "n de tarjeta", "pago minimo",
    "limite de credito", "liquidacion de tarjeta", "extracto de tarjeta", "carta di credito",
    "numero carta", "pagamento minimo", "fido", "estratto conto carta", "creditcard",
    "kaartnummer", "minimaal te betalen", "bestedingslimiet", "cartao de credito",
    "fatura do cartao", "limite de credito", "extrato do cartao", "carte n", "carte no",
    "mensualite minimum", "reserve autorisee", "operations carte", "montant minimum",
    "importe minimo", "importo minimo", "minimum due", "payment due date", "credit available",
    "cash advance limit", "kartenabrechnung", "kreditkartenabrechnung", "kartenlimit",
    "kredietlimiet", "minimum te betalen", "pagamento minimo", "limite disponivel",
    "limite de la tarjeta", "tarjeta n", "carta n", "cartao n", "karte nr", "kaart nr",
)  # fmt: skip
_MASKED_CARD = re.compile(r"(?:[X*•]{4}-?){2,3}\d{4}|\d{4,6}[X*•]{4,10}\d{4}")


@dataclass
class AccountText:
    """The text of an account's statement outside its table rows (header, summary boxes)."""

    lines: list[Line]

    @property
    def texts(self) -> list[str]:
        return [line.text for line in self.lines]


def read_account(
    layouts: list[PageLayout],
    context: AccountText,
    reports: dict[int, PageReport],
    *,
    statement_period: tuple[date, date] | None = None,
    column_role_advisor: Callable[[list[str], list[list[str]]], list[str] | None] | None = None,
) -> tuple[AccountExtraction, list[ReviewNote]]:
    """The ledger of one account from its table pages and the text around them."""
    account = align_columns(layouts)
    rows = group_rows(layouts, account)
    money_texts = [t.text for row in rows for t in row.cells.values()]
    decimal_sep = detect_decimal_separator(money_texts + context.texts)
    date_texts = [t.text for row in rows for t in row.dates]
    day_first = _decide_day_first(date_texts, context.texts)
    header = parse_header(
        context.lines,
        decimal_sep=decimal_sep,
        day_first=day_first,
        currency_hints=[c.label or "" for c in account.columns] + money_texts[:50],
    )
    review: list[ReviewNote] = []
    first_page = layouts[0].page
    liability = _is_liability(context.texts)
    values = column_values(rows, len(account.columns), decimal_sep)
    _mark_sum_rows(rows, values)
    _mark_balance_rows_by_value(rows, values, header)
    printed_open, printed_close = _forward_balances(rows, values)
    opening = header.opening_balance if header.opening_balance is not None else printed_open
    closing = header.closing_balance if header.closing_balance is not None else printed_close
    strategies = {page: report.strategy or "" for page, report in reports.items()}
    # OCR'd rows may carry one misread digit the totals can prove (and repair)
    ocr_read = [strategies.get(row.page) == "ocr" for row in rows]
    outcome = choose_reading(rows, values, account, opening, closing, liability, ocr_read)
    if not liability and _settled(outcome) and _credits_reduce_the_balance(outcome, rows):
        # the balance only adds up with "CR" amounts taking it down: it is what is owed
        liability = True
        outcome = choose_reading(rows, values, account, opening, closing, liability, ocr_read)
    advised = False
    if column_role_advisor is not None and not _settled(outcome):
        advised = _advise(column_role_advisor, rows, account)
        if advised:
            outcome = choose_reading(rows, values, account, opening, closing, liability, ocr_read)
    if header.period_start is None and statement_period is not None:
        header.period_start, header.period_end = statement_period
    period = period_of(header) or _period_from_rows(rows, day_first, context)
    transactions, forwards = _ledger_rows(
        rows, outcome, day_first, period, strategies, layouts, liability
    )
    _describe_pages(reports, layouts, rows, column_roles(outcome.reading, len(account.columns)))
    ocr_rows = [strategies.get(t.page) == "ocr" for t in transactions]
    dates = [t.txn_date for t in transactions]
    for index in repair_ocr_dates(dates, ocr_rows, period):
        transactions[index].txn_date = dates[index]
    if opening is None and forwards.opening is not None:
        opening = forwards.opening
    if closing is None and forwards.closing is not None:
        closing = forwards.closing
    if opening is None and transactions and transactions[0].balance is not None:
        # not printed: the first row's balance before its amount (checked rows start at row 2)
        opening = transactions[0].balance - transactions[0].amount
    if closing is None and transactions:
        last = next((t.balance for t in reversed(transactions) if t.balance is not None), None)
        closing = last
    if liability:
        # a card's printed balances are what the holder owes: the ledger is the holder's view
        for t in transactions:
            t.amount = -t.amount
            t.balance = None if t.balance is None else -t.balance
        opening, closing = _card_balances(opening, closing, transactions)
    amounts = [t.amount for t in transactions]
    balances = [t.balance for t in transactions]
    repaired = repair_misreads(amounts, balances, opening, ocr_rows)
    slip = repair_total_slip(amounts, balances, opening, closing, ocr_rows)
    for index in [*repaired, *([] if slip is None else [slip])]:
        transactions[index].amount = amounts[index]
        transactions[index].balance = balances[index]
    reconciliation = reconcile_balances(
        amounts, balances, [(t.row_no, t.page) for t in transactions], opening, closing
    )
    if repaired:
        rows_text = ", ".join(str(i + 1) for i in repaired[:10])
        reconciliation.message += (
            f"; OCR misreads corrected by the running balance in row(s) {rows_text}"
        )
    if slip is not None:
        # totals prove the sum, not which row: the repair is shown, never passed as settled
        reconciliation.ok = False
        reconciliation.message += (
            f"; the amount of row {slip + 1} was corrected so opening + amounts = closing "
            "(one OCR digit): check it against the scan"
        )
    header.opening_balance, header.closing_balance = opening, closing
    kind = "credit_card" if liability else "account"
    review.extend(
        _verdict(
            outcome,
            reconciliation.ok,
            reconciliation.message,
            transactions,
            first_page,
            advised,
            period_of(header),
            forwards.undated_pages,
        )
    )
    return AccountExtraction(header, transactions, reconciliation, kind), review


def choose_reading(
    rows: list[Row],
    values: list[list[Decimal | None]],
    account: AccountColumns,
    opening: Decimal | None,
    closing: Decimal | None,
    liability: bool,
    repairable: list[bool] | None = None,
) -> Outcome:
    """The reading whose arithmetic holds best; labels, markers and sections break ties.
    ``repairable``: the rows OCR read (one misread digit there may be proven by totals)."""
    columns = len(account.columns)
    sample_rows, sample_values = rows[:SAMPLE_ROWS], values[:SAMPLE_ROWS]
    best: tuple[tuple[int, ...], Reading] | None = None
    for reading in candidate_readings(values, columns):
        trial = apply_reading(reading, sample_rows, sample_values, opening)
        if len(rows) <= SAMPLE_ROWS:
            trial.closes = closes(trial, opening, closing, either_sign=liability,
                                  repairable=repairable)  # fmt: skip
        trial.prior = _prior(trial, account, sample_rows, liability)
        score = (*trial.score(),)
        if best is None or score > best[0]:
            best = (score, reading)
    assert best is not None
    outcome = apply_reading(best[1], rows, values, opening)
    outcome.closes = closes(outcome, opening, closing, either_sign=liability)
    if outcome.reading.balance is None:
        outcome = _sections_and_totals(outcome, rows, opening, closing, liability)
    if not outcome.closes:
        # a digit slip the totals explain ranks the reading, after any reading that closes
        outcome.closes = closes(outcome, opening, closing, repairable=repairable)
    return outcome


def _forward_balances(
    rows: list[Row], values: list[list[Decimal | None]]
) -> tuple[Decimal | None, Decimal | None]:
    """Balances printed on brought-forward and carried-forward rows: the one before the
    first transaction opens; one after the last transaction closes (a page's "carried
    forward" with transactions after it does not)."""
    opening = closing = None
    seen_transaction = False
    for row, row_values in zip(rows, values, strict=True):
        printed = [v for v in row_values if v is not None]
        if row.special == "opening" and not seen_transaction and printed:
            opening = printed[-1]
        elif row.special == "closing" and printed:
            closing = printed[-1]
        elif row.special is None:
            seen_transaction = True
            closing = None
    return opening, closing


def column_roles(reading: Reading, columns: int) -> list[str]:
    """Names for the money columns under ``reading``: balance, amount, debit/credit, other."""
    names = ["other"] * columns
    if reading.balance is not None:
        names[reading.balance] = "balance"
    flows = dict(reading.flows)
    if len(flows) == 1:
        names[next(iter(flows))] = "amount"
    else:
        for column, sign in flows.items():
            names[column] = "credit" if sign > 0 else "debit"
    return names


def _describe_pages(
    reports: dict[int, PageReport], layouts: list[PageLayout], rows: list[Row], roles: list[str]
) -> None:
    """Each page's columns and raw cell texts, as the analyst sees them in the UI."""
    by_page: dict[int, list[Row]] = {}
    for row in rows:
        by_page.setdefault(row.page, []).append(row)
    seen: set[int] = set()
    for layout in layouts:
        report = reports.get(layout.page)
        if report is None or layout.page in seen:
            continue
        seen.add(layout.page)
        dates = ["value_date" if label == "value_date" else "date" for label in layout.date_labels]
        if len(dates) > 1 and dates[0] == dates[1]:
            dates[1] = "value_date"
        report.columns = [*dates, "description", *roles]
        for row in by_page.get(layout.page, []):
            shown = [*row.dates[:1], *row.other_dates][: len(dates)]
            report.table_rows.append(
                [
                    *[t.text for t in shown],
                    *[""] * (len(dates) - len(shown)),
                    row.text,
                    *[row.cells[c].text if c in row.cells else "" for c in range(len(roles))],
                ]
            )


def _settled(outcome: Outcome) -> bool:
    """Arithmetic decided the reading: a balance walk, or opening + amounts = closing."""
    return (outcome.reading.balance is not None and outcome.matches > 0) or outcome.closes > 0


def _advise(
    advisor: Callable[[list[str], list[list[str]]], list[str] | None],
    rows: list[Row],
    account: AccountColumns,
) -> bool:
    """Ask the advisor (an LLM) to name the money columns; its names become the labels."""
    columns = account.columns
    sample = [
        [
            row.dates[0].text if row.dates else "",
            row.text,
            *[row.cells[c].text if c in row.cells else "" for c in range(len(columns))],
        ]
        for row in rows[:8]
    ]
    labels = ["", "", *[c.label or "" for c in columns]]
    roles = advisor(labels, sample)
    if not roles or len(roles) != len(columns) + 2:
        return False
    for column, role in zip(columns, roles[2:], strict=True):
        column.hint = role if role in ("debit", "credit", "amount", "balance") else None
    return True


def _prior(outcome: Outcome, account: AccountColumns, rows: list[Row], liability: bool) -> int:
    """Agreement with what the page says in words: column labels and section headings."""
    score = 0
    reading = outcome.reading
    for index, column in enumerate(account.columns):
        hint = column.hint
        if hint is None:
            continue
        if hint == "balance":
            score += 3 if reading.balance == index else -3
            continue
        flow = dict(reading.flows)
        if index not in flow:
            score -= 2
            continue
        signs = [
            (a > 0) - (a < 0)
            for row, a in zip(rows, outcome.amounts, strict=True)
            if a is not None and index in row.cells
        ]
        holder = -1 if liability else 1
        majority = holder * ((sum(signs) > 0) - (sum(signs) < 0))
        if hint == "debit":
            score += 2 if majority < 0 else -2
        elif hint == "credit":
            score += 2 if majority > 0 else -2
        else:
            score += 1 if flow[index] == 1 else -1
    # two amount columns, one labelled debit or credit: the other counts the other way
    hints = {index: account.columns[index].hint for index, _ in reading.flows}
    named = [i for i, hint in hints.items() if hint in ("debit", "credit")]
    if len(reading.flows) == 2 and len(named) == 1 and not _marked(rows, reading.flow_columns):
        orientations = {orientation for _, orientation in reading.flows}
        score += 1 if len(orientations) == 2 else -1
    for row, amount in zip(rows, outcome.amounts, strict=True):
        if row.section_sign is not None and amount:
            holder_sign = (-1 if liability else 1) * ((amount > 0) - (amount < 0))
            score += 1 if holder_sign == row.section_sign else -1
    return score


def _marked(rows: list[Row], columns: tuple[int, ...]) -> bool:
    """Whether any transaction cell of these columns prints its own sign marker."""
    return any(
        token.money is not None and token.money.marker
        for row in rows
        if row.special is None
        for column, token in row.cells.items()
        if column in columns
    )


def _sections_and_totals(
    outcome: Outcome,
    rows: list[Row],
    opening: Decimal | None,
    closing: Decimal | None,
    liability: bool,
) -> Outcome:
    """No balance column: section headings sign the rows under them, when that is what
    makes opening + amounts = closing (or nothing else can decide)."""
    if outcome.closes or not any(row.section_sign for row in rows):
        return outcome
    trials: list[Outcome] = []
    # rows under no named section (the first section's heading printed above the column
    # header, a heading no word list knows) keep the column's reading, or the other way
    for unnamed in (1, -1):
        signed: list[Decimal | None] = []
        for row, amount in zip(rows, outcome.amounts, strict=True):
            if amount is None:
                signed.append(amount)
            elif row.section_sign is None:
                signed.append(amount * unnamed)
            else:
                balance_side = row.section_sign * (-1 if liability else 1)
                signed.append(abs(amount) * balance_side)
        trial = Outcome(
            outcome.reading, signed, outcome.balances, notes=["signs from section headings"]
        )
        trial.closes = closes(trial, opening, closing, either_sign=liability)
        if trial.closes:
            return trial
        trials.append(trial)
        if all(row.section_sign is not None for row in rows):
            break
    if opening is None or closing is None:
        return trials[0]
    return outcome


def _mark_sum_rows(rows: list[Row], values: list[list[Decimal | None]]) -> None:
    """Undated rows whose amounts are the sums of the rows above them (since the last total,
    section heading or page start) are totals, whatever their words; a row named like a
    total ("Summe Entgelte") may sum a single row; a row named like a total whose amounts
    are no such sum stays a row unless its words are plainly a total. A total may also sum
    the whole statement so far ("Total for period"), and prints 0.00 under a column with
    nothing in it. Running sums, so a 1,000-page statement costs one pass."""
    columns = len(values[0]) if values else 0
    since_total = [_Sums() for _ in range(columns)]
    page_rows = [_Sums() for _ in range(columns)]
    all_rows = [_Sums() for _ in range(columns)]
    anywhere = _Sums()  # since the last total, every column: a total under another column
    current_page, current_section = None, None
    for row, row_values in zip(rows, values, strict=True):
        if row.page != current_page:
            current_page = row.page
            page_rows = [_Sums() for _ in range(columns)]
        if row.section_sign != current_section:
            current_section = row.section_sign
            since_total = [_Sums() for _ in range(columns)]
            anywhere = _Sums()
        undated = not row.dates or row.date_inherited
        filled = [c for c in range(columns) if row_values[c] is not None]
        named = row.special == "subtotal"
        least = 1 if named else 2
        summing = [c for c in filled if row_values[c] != ZERO]
        is_sum = (
            undated
            and bool(summing)
            and all(
                _sum_of(row_values[c], c, len(filled), named, least, since_total, page_rows,
                        all_rows, anywhere)
                for c in summing
            )
        )  # fmt: skip
        if named and not is_sum and undated and filled and not _plainly_a_total(row):
            row.special = None
        if is_sum:
            row.special = "subtotal"
        if row.special == "subtotal":
            since_total = [_Sums() for _ in range(columns)]
            anywhere = _Sums()
            continue
        if row.special in ("opening", "closing"):
            continue
        for c in filled:
            value = row_values[c]
            assert value is not None
            for sums in (since_total[c], page_rows[c], all_rows[c], anywhere):
                sums.add(value)


def _sum_of(
    value: Decimal | None,
    column: int,
    filled: int,
    named: bool,
    least: int,
    since_total: list[_Sums],
    page_rows: list[_Sums],
    all_rows: list[_Sums],
    anywhere: _Sums,
) -> bool:
    """Whether a row's value in ``column`` is a total of the rows above it."""
    if value is None:
        return False
    scopes = (since_total, page_rows, all_rows)
    if any(scope[column].is_sum(value, least) for scope in scopes):
        return True
    if named and since_total[column].ends_with_sum(value):
        return True  # "Totaal kosten" under the block of fees above it
    if filled != 1:
        return False
    if named and anywhere.ends_with_sum(value):
        return True
    # printed under another column than the one it sums
    return anywhere.is_sum(value, 2) or any(
        other.is_sum(value, 2) for scope in scopes for other in scope
    )


class _Sums:
    """A running sum of a column's values (count, signed and unsigned total, the last few)."""

    __slots__ = ("count", "last", "magnitude", "total")

    def __init__(self) -> None:
        self.count = 0
        self.total = ZERO
        self.magnitude = ZERO
        self.last: list[Decimal] = []

    def add(self, value: Decimal) -> None:
        self.count += 1
        self.total += value
        self.magnitude += abs(value)
        self.last.append(value)
        if len(self.last) > 100:
            del self.last[:50]

    def is_sum(self, value: Decimal, least: int = 2) -> bool:
        if self.count < least:
            return False
        return value in (self.total, -self.total) or abs(value) == self.magnitude

    def ends_with_sum(self, value: Decimal) -> bool:
        """A total named so may sum just the block above it: the last few values."""
        if value == ZERO:
            return False
        running = ZERO
        for amount in reversed(self.last[-50:]):
            running += abs(amount)
            if running == abs(value):
                return True
            if running > abs(value):
                return False
        return False


def _plainly_a_total(row: Row) -> bool:
    """The row's words are a total's and nothing else ("Total", "Summe Soll"); "TOTAL ACCESS"
    (a merchant) is not."""
    return special_row_kind(row.text, exact=True) == "subtotal"


def _mark_balance_rows_by_value(
    rows: list[Row], values: list[list[Decimal | None]], header: StatementHeader
) -> None:
    """An undated first or last row printing just the header's opening or closing balance
    is that balance brought or carried forward, whatever its words ("Saldo over")."""
    for index, wanted, kind in ((0, header.opening_balance, "opening"),
                                (len(rows) - 1, header.closing_balance, "closing")):  # fmt: skip
        if wanted is None or not rows:
            continue
        row, row_values = rows[index], values[index]
        printed = [v for v in row_values if v is not None]
        undated = not row.dates or row.date_inherited
        if undated and row.special is None and len(printed) == 1 and abs(printed[0]) == abs(wanted):
            row.special = kind


@dataclass
class _Forwards:
    opening: Decimal | None = None
    closing: Decimal | None = None
    undated_pages: list[int] = field(default_factory=list)  # rows whose date would not read


def _ledger_rows(
    rows: list[Row],
    outcome: Outcome,
    day_first: bool,
    period: tuple[date, date] | None,
    strategies: dict[int, str],
    layouts: list[PageLayout],
    liability: bool,
) -> tuple[list[ExtractedTransaction], _Forwards]:
    forwards = _Forwards()
    transactions: list[ExtractedTransaction] = []
    booking_index = _booking_column(rows, layouts, day_first, period, liability)
    last_second: DateParts | None = None
    for index, row in enumerate(rows):
        amount = outcome.amounts[index]
        balance = outcome.balances[index]
        if row.special == "subtotal":
            continue
        if row.special in ("opening", "closing") and (
            amount is None or not row.dates or row.date_inherited
        ):
            value = balance if balance is not None else _only_value(row, outcome, index)
            if row.special == "opening" and forwards.opening is None and not transactions:
                forwards.opening = value
            elif row.special == "closing" or transactions:
                forwards.closing = value
            continue
        if amount is None:
            if balance is not None and not transactions and forwards.opening is None:
                forwards.opening = balance  # a balance-only first row: the opening balance
            elif balance is not None:
                forwards.closing = balance
            continue
        parts = _booking_date(row, booking_index, last_second)
        if row.other_dates:
            last_second = row.other_dates[0].date
        txn_date = resolve_date(parts, day_first=day_first, period=period) if parts else None
        if txn_date is None:
            forwards.undated_pages.append(row.page)
            continue
        transactions.append(
            ExtractedTransaction(
                txn_date=txn_date,
                description=(
                    ocr_description(row.text) if strategies.get(row.page) == "ocr" else row.text
                ),
                amount=amount,
                balance=balance,
                page=row.page,
                row_no=len(transactions) + 1,
                strategy=strategies.get(row.page, ""),
                bbox=row.bbox,
            )
        )
    return transactions, forwards


_OCR_DATE_PIECE = re.compile(NUMERIC_DAY_MONTH)


def ocr_description(text: str) -> str:
    """An OCR'd description without what the scan added: specks read as marks ("~-", ">",
    a stray quote) and a second date glued to its start ("abr3.", "31/08")."""
    words = [w.strip("\"“”‘’'") for w in text.split()]
    words = [w for w in words if any(ch.isalnum() for ch in w)]
    if len(words) > 1:
        first = words[0]
        month_and_day = re.fullmatch(
            r"([^\W\d_]{3,5})\.?(\d{1,2})\.?|(\d{1,2})\.?([^\W\d_]{3,5})\.?", first
        )
        month = None
        if month_and_day:
            month = fold_month(month_and_day.group(1) or month_and_day.group(4) or "")
        date_like = bool(_OCR_DATE_PIECE.fullmatch(first)) and ("/" in first or "." in first[:-1])
        if date_like or month is not None:
            words = words[1:]
    return " ".join(words)


def _only_value(row: Row, outcome: Outcome, index: int) -> Decimal | None:
    del outcome, index
    for token in row.cells.values():
        if token.money is not None:
            magnitude = token.money.magnitude(".") or token.money.magnitude(",")
            if magnitude is not None:
                return -magnitude if token.money.marker_sign == -1 else magnitude
    return None


def _booking_date(row: Row, booking_index: int, last_second: DateParts | None) -> DateParts | None:
    """The transaction date of a row: its row date, or its second date when that one is —
    the one above when the row prints none (dates printed once a day)."""
    if booking_index == 1:
        if row.other_dates:
            return row.other_dates[0].date
        if last_second is not None:
            return last_second
    return row.dates[0].date if row.dates else None


def _booking_column(
    rows: list[Row],
    layouts: list[PageLayout],
    day_first: bool,
    period: tuple[date, date] | None,
    liability: bool,
) -> int:
    """Which of two date columns is the transaction date: the first, unless its label names
    a value date — or, on a card, unless the second is the earlier one (a purchase is made,
    then posted)."""
    labels = layouts[0].date_labels
    if len(labels) > 1 and labels[0] == "value_date" and labels[1] != "value_date":
        return 1
    if not liability:
        return 0
    earlier = later = 0
    for row in rows:
        if not row.dates or not row.other_dates or row.date_inherited:
            continue
        first, second = (
            resolve_date(t.date, day_first=day_first, period=period) if t.date else None
            for t in (row.dates[0], row.other_dates[0])
        )
        if first and second and first != second:
            earlier += second < first
            later += second > first
    return 1 if earlier > later else 0


def _decide_day_first(date_texts: list[str], header_texts: list[str]) -> bool:
    """The table's own dates decide the day order; the header's only when they cannot
    (some banks print the period one way and the rows the other), then the order the
    header writes dates in words."""
    decided = detect_day_first(date_texts)
    if decided is None:
        decided = detect_day_first(header_texts)
    if decided is None:  # "3/1" to "3/9": the header's dates in words tell ("March 31, 2023")
        decided = written_day_first(header_texts)
    return True if decided is None else decided


def _period_from_rows(
    rows: list[Row], day_first: bool, context: AccountText
) -> tuple[date, date] | None:
    """Without a printed period: the span of the rows' own full dates; for dates printed
    without a year, the year before the latest full date printed around the table (a
    statement or due date), so a row lands on its most recent occurrence."""
    printed = [
        resolved
        for text in context.texts
        for part in find_date_parts(text)
        if part.year is not None
        and (resolved := resolve_date(part, day_first=day_first)) is not None
    ]
    dated = [
        resolve_date(t.date, day_first=day_first)
        for row in rows
        for t in row.dates[:1]
        if t.date is not None and t.date.year is not None
    ]
    full = [d for d in dated if d is not None]
    if full:
        return min(full), max(full)
    if not printed:
        return None  # dates without a year and no year printed: they cannot be placed
    anchor = max(printed)
    return anchor - timedelta(days=330), anchor + timedelta(days=35)


def _card_balances(
    opening: Decimal | None, closing: Decimal | None, transactions: list[ExtractedTransaction]
) -> tuple[Decimal | None, Decimal | None]:
    """A card's printed balances in the holder's view: what is owed is negative, unless
    the card is in credit (printed "CR", or only that sign makes the amounts add up)."""
    owed = [None if v is None else -abs(v) for v in (opening, closing)]
    if opening is None or closing is None:
        return owed[0], owed[1]
    net = sum((t.amount for t in transactions), ZERO)
    for first in (-1, 1):
        for last in (-1, 1):
            if first * abs(opening) + net == last * abs(closing):
                return first * abs(opening), last * abs(closing)
    return owed[0], owed[1]


def _credits_reduce_the_balance(outcome: Outcome, rows: list[Row]) -> bool:
    """Whether every amount marked "CR" (or "DR") moves the reading's balance against what
    the marker says — as on a card, whose balance is what the holder owes. A credit is in
    the holder's favour on any statement, so such a balance is a liability's."""
    flows = set(outcome.reading.flow_columns)
    agree = disagree = 0
    for row, amount in zip(rows, outcome.amounts, strict=True):
        if row.special is not None or not amount:
            continue
        for column, token in row.cells.items():
            marker = token.money.marker if column in flows and token.money else None
            if marker in ("CR", "DR"):
                if (amount > 0) == (MARKER_SIGNS[marker] > 0):
                    agree += 1
                else:
                    disagree += 1
    return disagree > 0 and agree == 0


def _is_liability(texts: list[str]) -> bool:
    """A card statement: two of its words ("credit limit", "minimum payment", a masked card
    number...) in the text around the table."""
    joined = " " + " ".join(fold_words(t) for t in texts) + " "
    hits = sum(1 for word in _CARD_WORDS if f" {word} " in joined)
    hits += any(_MASKED_CARD.search(t.replace(" ", "")) for t in texts)
    return hits >= 2


def _verdict(
    outcome: Outcome,
    reconciled: bool,
    message: str,
    transactions: list[ExtractedTransaction],
    first_page: int,
    advised: bool,
    period: tuple[date, date] | None,
    undated_pages: list[int],
) -> list[ReviewNote]:
    notes: list[ReviewNote] = []
    if not transactions:
        notes.append(ReviewNote(NO_ROWS, first_page, "no transaction rows could be read"))
        return notes
    if not reconciled:
        page = transactions[0].page
        breaks = [t for t in transactions if t.balance is not None]
        del breaks
        notes.append(ReviewNote(UNRECONCILED, page, f"does not reconcile: {message}"))
    if undated_pages:
        notes.append(
            ReviewNote(
                UNREAD_ROWS,
                undated_pages[0],
                f"{len(undated_pages)} row(s) with amounts but no date that reads as one "
                f"(first on page {undated_pages[0]})",
            )
        )
    if period is not None:
        start, end = period[0] - timedelta(days=7), period[1] + timedelta(days=7)
        outside = [t for t in transactions if not start <= t.txn_date <= end]
        if outside:
            notes.append(
                ReviewNote(
                    DATES_OUTSIDE_PERIOD,
                    outside[0].page,
                    f"{len(outside)} row(s) dated outside the statement period "
                    f"{period[0]} – {period[1]}, first row {outside[0].row_no} "
                    f"({outside[0].txn_date})",
                )
            )
    if not _settled(outcome):
        source = "the column-role advisor named the columns" if advised else "nothing printed"
        notes.append(
            ReviewNote(
                UNVERIFIED_SIGNS,
                first_page,
                f"no running balance and no opening/closing totals check the amounts' signs "
                f"({source})",
            )
        )
    return notes
