"""Randomized bank statements: every printing convention drawn on its own, per statement.

The family generator (``generator.py``) draws one of eleven fixed layouts; an engine
can learn those. Here each convention a real bank may use — columns and their order,
header language or no header, number grouping, decimal mark, sign style, date format,
wraps, page furniture, page size, rulings, watermarks, glyph spacing, several accounts,
credit cards, scans — is drawn independently from the statement's seed, so the corpus
holds combinations no bank and no rule-writer planned for.

    pdf, truth = random_statement(seed=17)                  # bytes and the truth
    truth = generate_random_statement(17, Path("s.pdf"))   # the same, written to disk
    truth.conventions                                       # what was drawn, for breakdowns

The truth is what a perfect reader returns: per account the header fields and the
transactions, each with its booking (card: transaction) date, its description (the
printed description lines joined by one space, foreign-currency and breakdown lines
included), its amount from the holder's view (money in > 0, money out < 0; a card's
purchases < 0 and payments > 0) and the balance printed on its row (None where none).
A card account's opening and closing balances are from the holder's view too: the
amount owed is negative, so opening + sum(amounts) = closing for every account.
"""

from __future__ import annotations

import calendar
import json
import random
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from neurareport_resources.atomic import atomic_path
from neurareport_resources.samples.generator import TruthTransaction
from neurareport_resources.samples.notation import DATE_FORMATS, NumberStyle
from neurareport_resources.samples.vocabulary import (
    BANK_NAMES,
    BOOKING_TEXTS,
    CARD_LABELS,
    CITIES,
    COMPANIES,
    CURRENCIES,
    DETAIL_LINES,
    EMPLOYERS,
    HOLDERS,
    LABELS,
    LANGUAGES,
    MERCHANTS,
    PEOPLE,
    PURPOSES,
    STREETS,
    UNAMBIGUOUS_SYMBOLS,
)

# bump when a change alters what a seed draws: cached corpora are keyed by it
GENERATOR_VERSION = "4"

# every convention and its values with their weights; a statement draws each on its own
# (``_make_consistent`` then settles the few combinations a bank cannot print)
CONVENTIONS: dict[str, tuple[tuple[str, float], ...]] = {
    "kind": (("account", 0.8), ("credit_card", 0.2)),
    "accounts": (("1", 0.85), ("2", 0.1), ("3", 0.05)),
    "language": tuple((lang, 1.0) for lang in LANGUAGES),
    "column_header": (("every_page", 0.45), ("first_page", 0.3), ("none", 0.25)),
    "amount_layout": (
        ("debit_credit", 0.3), ("credit_debit", 0.12), ("signed", 0.4), ("marker_column", 0.18),
    ),
    "amount_sign": (
        ("leading_minus", 0.25), ("explicit_plus", 0.1), ("trailing_minus", 0.15),
        ("trailing_both", 0.05), ("parentheses", 0.12), ("cr_dr", 0.13), ("cr_only", 0.08),
        ("s_h", 0.12),
    ),
    "marker_style": (("dr_cr", 0.35), ("plus_minus", 0.25), ("s_h", 0.2), ("d_c", 0.1),
                     ("cr_only", 0.1)),
    "empty_cell": (("blank", 0.6), ("dash", 0.15), ("double_dash", 0.1), ("zero", 0.15)),
    "second_date": (("no", 0.6), ("after_date", 0.3), ("after_description", 0.1)),
    "reference_column": (("none", 0.6), ("before_description", 0.15),
                         ("after_description", 0.25)),
    "balance": (("every_row", 0.6), ("once_per_day", 0.15), ("none", 0.25)),
    "balance_sign": (("minus", 0.3), ("trailing_minus", 0.12), ("cr_dr", 0.15), ("od", 0.13),
                     ("dr", 0.08), ("s_h", 0.1), ("parentheses", 0.12)),
    "overdrawn": (("no", 0.7), ("yes", 0.3)),
    "thousands": (("comma", 0.35), ("dot", 0.25), ("space", 0.12), ("thin_space", 0.08),
                  ("apostrophe", 0.08), ("none", 0.12)),
    "decimal": (("dot", 0.55), ("comma", 0.45)),
    "currency_in_cells": (("none", 0.55), ("symbol_before", 0.15), ("symbol_after", 0.12),
                          ("code_before", 0.08), ("code_after", 0.1)),
    "date_format": tuple((fmt, 1.0) for fmt in DATE_FORMATS),
    "date_repeat": (("every_row", 0.7), ("once_per_day", 0.3)),
    "new_year": (("no", 0.8), ("yes", 0.2)),
    "wrap": (("1", 0.4), ("2", 0.4), ("3", 0.2)),
    "fx_lines": (("no", 0.75), ("yes", 0.25)),
    "forward_rows": (("none", 0.45), ("page", 0.15), ("page_dated", 0.1), ("ends", 0.15),
                     ("ends_dated", 0.15)),
    "balances_in_header": (("yes", 0.8), ("no", 0.2)),
    "subtotals": (("none", 0.55), ("page", 0.15), ("final", 0.2), ("both", 0.1)),
    "sections": (("none", 0.6), ("headings", 0.2), ("by_direction", 0.2)),
    "closing_block": (("none", 0.7), ("fees_interest", 0.3)),
    "summary_box": (("none", 0.5), ("box", 0.5)),
    "font": (("helvetica", 0.35), ("times", 0.2), ("courier", 0.15), ("dejavu_sans", 0.2),
             ("dejavu_serif", 0.1)),
    "font_size": (("small", 0.3), ("medium", 0.5), ("large", 0.2)),
    "page_size": (("a4", 0.55), ("letter", 0.3), ("legal", 0.1), ("a4_landscape", 0.05)),
    "ruling": (("none", 0.3), ("header_rule", 0.3), ("grid", 0.2), ("zebra", 0.2)),
    "watermark": (("none", 0.6), ("diagonal", 0.15), ("margin_code", 0.15), ("both", 0.1)),
    "glyph_spacing": (("normal", 0.65), ("char_spacing", 0.2), ("per_glyph", 0.15)),
    "footer": (("plain", 0.4), ("numbers", 0.6)),
    "later_pages": (("same", 0.6), ("shifted", 0.2), ("narrowed", 0.2)),
    "account_id": (("number", 0.35), ("iban", 0.4), ("sort_code", 0.25)),
    "period_format": (("numeric", 0.4), ("long", 0.3), ("from_to", 0.3)),
    "currency_printed": (("code", 0.7), ("symbol_only", 0.3)),
    "card_dates": (("trans_first", 0.7), ("post_first", 0.3)),
    "scan": (("text", 0.88), ("scan_200", 0.05), ("scan_300", 0.07)),
    "scan_skew": (("straight", 0.4), ("skewed", 0.6)),
    "scan_noise": (("clean", 0.3), ("speckle", 0.7)),
}  # fmt: skip

NOT_APPLICABLE = "n/a"
CARD_SIGN_STYLES = ("leading_minus", "cr_only", "parentheses", "trailing_minus")


@dataclass
class AccountTruth:
    """One account of a statement as a perfect reader returns it."""

    account_number: str
    currency: str
    period_start: date
    period_end: date
    opening_balance: Decimal
    closing_balance: Decimal
    holder: str
    transactions: list[TruthTransaction] = field(default_factory=list)


@dataclass
class CorpusTruth:
    """A randomized statement's truth: its kind, accounts, page count and conventions."""

    seed: str
    kind: str  # account | credit_card
    accounts: list[AccountTruth]
    page_count: int
    conventions: dict[str, str]

    @property
    def transactions(self) -> list[TruthTransaction]:
        """Every account's transactions in document order."""
        return [t for account in self.accounts for t in account.transactions]

    @property
    def scanned(self) -> bool:
        return self.conventions["scan"] != "text"

    def to_json(self) -> str:
        """JSON with dates as ISO strings and money as decimal strings."""

        def encode(value: Any) -> Any:
            if isinstance(value, date):
                return value.isoformat()
            if isinstance(value, Decimal):
                return str(value)
            raise TypeError(type(value))

        return json.dumps(asdict(self), default=encode, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> CorpusTruth:
        raw = json.loads(text)

        def money(value: str | None) -> Decimal | None:
            return None if value is None else Decimal(value)

        accounts = []
        for acc in raw["accounts"]:
            transactions = [
                TruthTransaction(
                    date.fromisoformat(t["txn_date"]),
                    t["description"],
                    Decimal(t["amount"]),
                    money(t["balance"]),
                )
                for t in acc["transactions"]
            ]
            accounts.append(
                AccountTruth(
                    account_number=acc["account_number"],
                    currency=acc["currency"],
                    period_start=date.fromisoformat(acc["period_start"]),
                    period_end=date.fromisoformat(acc["period_end"]),
                    opening_balance=Decimal(acc["opening_balance"]),
                    closing_balance=Decimal(acc["closing_balance"]),
                    holder=acc["holder"],
                    transactions=transactions,
                )
            )
        return cls(raw["seed"], raw["kind"], accounts, raw["page_count"], raw["conventions"])


# ------------------------------------------------------------------------------ conventions
def _pick(rng: random.Random, options: tuple[tuple[str, float], ...]) -> str:
    values = [value for value, _ in options]
    weights = [weight for _, weight in options]
    return rng.choices(values, weights)[0]


def draw_conventions(rng: random.Random, **fixed: str) -> dict[str, str]:
    """Each convention drawn independently (``fixed`` overrides any), then made printable."""
    unknown = sorted(set(fixed) - set(CONVENTIONS))
    if unknown:
        raise ValueError(f"unknown convention(s) {unknown}; choose from {sorted(CONVENTIONS)}")
    drawn = {name: _pick(rng, options) for name, options in CONVENTIONS.items()}
    for name, value in fixed.items():
        allowed = {v for v, _ in CONVENTIONS[name]}
        if value not in allowed:
            raise ValueError(f"convention {name}={value!r}: choose one of {sorted(allowed)}")
        drawn[name] = value
    return _make_consistent(drawn, rng)


def _make_consistent(conv: dict[str, str], rng: random.Random) -> dict[str, str]:
    """Settle the combinations no bank prints; a settled convention is recorded as printed."""
    if conv["thousands"] in ("comma", "dot") and conv["thousands"] == conv["decimal"]:
        # the decimal mark wins: grouping with the other mark (1.234,56 / 1,234.56)
        conv["thousands"] = "dot" if conv["decimal"] == "comma" else "comma"
    if conv["kind"] == "credit_card":
        conv["accounts"] = "1"
        conv["balance"] = "none"
        conv["account_id"] = "masked_card"
        conv["forward_rows"] = "none"
        conv["balances_in_header"] = "yes"
        conv["overdrawn"] = NOT_APPLICABLE
        conv["balance_sign"] = NOT_APPLICABLE
        if conv["amount_layout"] == "marker_column":
            conv["amount_layout"] = "signed"
        if conv["amount_sign"] not in CARD_SIGN_STYLES:
            conv["amount_sign"] = rng.choice(CARD_SIGN_STYLES)
        if conv["sections"] == "headings":
            conv["sections"] = "by_direction"
        if conv["second_date"] == "after_description":
            conv["second_date"] = "after_date"
    else:
        conv["card_dates"] = NOT_APPLICABLE
    if conv["balance"] == "none":
        if conv["forward_rows"].startswith("page"):
            conv["forward_rows"] = conv["forward_rows"].replace("page", "ends")
    elif conv["sections"] == "by_direction":
        # a running balance needs the rows in date order: no sections by direction
        conv["sections"] = "headings"
    if conv["balances_in_header"] == "no" and conv["forward_rows"] == "none":
        conv["forward_rows"] = "ends"
    if conv["amount_layout"] != "signed":
        conv["amount_sign"] = NOT_APPLICABLE
    if conv["amount_layout"] != "marker_column":
        conv["marker_style"] = NOT_APPLICABLE
    if conv["amount_layout"] not in ("debit_credit", "credit_debit"):
        conv["empty_cell"] = NOT_APPLICABLE
    if conv["scan"] == "text":
        conv["scan_skew"] = NOT_APPLICABLE
        conv["scan_noise"] = NOT_APPLICABLE
    return conv


# ------------------------------------------------------------------------------ the ledger
@dataclass
class Entry:
    """One transaction before layout: the layout fits its lines to the column."""

    day: date
    second_day: date | None
    raw_lines: list[str]
    amount: Decimal  # holder's view
    reference: str
    section: str  # in | out | payments | purchases | fees | interest
    fx_line: str | None = None
    breakdown: list[tuple[str, Decimal]] = field(default_factory=list)  # closing block lines
    printed_lines: list[str] = field(default_factory=list)  # set by the layout
    balance: Decimal | None = None  # running balance after it
    balance_printed: bool = False


@dataclass
class AccountPlan:
    """An account as it will be printed: its identity, balances and entries."""

    kind_label: str
    account_number: str  # the truth's form
    account_id_text: list[tuple[str, str]]  # (label, printed value) lines
    currency: str
    symbol: str
    opening: Decimal
    entries: list[Entry]

    @property
    def closing(self) -> Decimal:
        return self.opening + sum((e.amount for e in self.entries), Decimal(0))


@dataclass
class StatementPlan:
    """Everything the layout prints: conventions, words, accounts and their entries."""

    seed: str
    conventions: dict[str, str]
    language: str
    bank: str
    holder: str
    holder_lines: list[str]
    period_start: date
    period_end: date
    numbers: NumberStyle
    accounts: list[AccountPlan]
    rng: random.Random


def _money(rng: random.Random, low: float | Decimal, high: float | Decimal) -> Decimal:
    return Decimal(round(rng.uniform(float(low), float(high)) * 100)) / 100


def _period(rng: random.Random, conv: dict[str, str]) -> tuple[date, date]:
    if conv["new_year"] == "yes":
        year = rng.randint(2022, 2025)
        start = date(year, 12, rng.randint(1, 20))
    else:
        year = rng.randint(2022, 2026)
        month = rng.randint(1, 11)
        start = date(year, month, rng.choice((1, 1, 1, rng.randint(2, 25))))
    if start.day == 1:
        end = date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
    else:
        nxt = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
        end = nxt.replace(day=min(start.day, calendar.monthrange(nxt.year, nxt.month)[1]))
        end -= timedelta(days=1)
    if conv["new_year"] == "yes" and end.year == start.year:
        end = date(start.year + 1, 1, rng.randint(2, 20))
    return start, end


def _fill(template: str, rng: random.Random, day: date) -> str:
    values = {
        "merchant": rng.choice(MERCHANTS),
        "city": rng.choice(CITIES),
        "dm": f"{day.day:02d}/{day.month:02d}"
        if rng.random() < 0.6
        else f"{day.day:02d}.{day.month:02d}",
        "company": rng.choice(COMPANIES),
        "ref": f"{rng.randint(10_000, 99_999_999)}",
        "name": rng.choice(PEOPLE),
        "purpose": rng.choice(PURPOSES),
        "bankshort": rng.choice(("HSBC", "LLOYDS", "NATWEST", "BARCLAYS", "SANTANDER")),
        "employer": rng.choice(EMPLOYERS),
        "month": f"{day.month:02d}/{day.year}",
        "cheque": f"{rng.randint(1_000_000, 9_999_999)}",
        "time": f"{rng.randint(6, 22):02d}:{rng.randint(0, 59):02d}",
        "last4": f"{rng.randint(1000, 9999)}",
        "acct": f"{rng.randint(10_000_000, 99_999_999)}",
        "iban": f"DE{rng.randint(10, 99)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)} "
        f"{rng.randint(1000, 9999)} {rng.randint(1000, 9999)} {rng.randint(10, 99)}",
    }
    return template.format_map(values)


def _reference(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.3:
        return f"{rng.randint(100_000, 999_999)}"  # a cheque number
    if roll < 0.55:
        return rng.choice(("DD", "SO", "VIS", "BP", "ATM", "TFR", "BGC", "CHG", "POS", "FPO"))
    if roll < 0.8:
        return f"FT{rng.randint(10, 99)}{rng.randint(100, 365)}{rng.choice('ABCDEFGHJK')}{rng.randint(1000, 9999)}"
    return f"{rng.randint(1000, 9999)}-{rng.randint(10, 99)}"


def _day_list(rng: random.Random, start: date, end: date, count: int) -> list[date]:
    span = (end - start).days
    return sorted(start + timedelta(days=rng.randint(0, span)) for _ in range(count))


def _fx_line(rng: random.Random, language: str, numbers: NumberStyle, currency: str) -> str:
    from neurareport_resources.samples.notation import format_rate

    foreign = rng.choice([c for c, _ in CURRENCIES[:8] if c != currency])
    amount = _money(rng, 3, 900)
    rate = Decimal(round(rng.uniform(0.5, 1.9), 4)).quantize(Decimal("0.0001"))
    template = rng.choice(LABELS[language]["fx"])
    plain = NumberStyle(numbers.group, numbers.decimal)
    return template.format(
        ccy=foreign, amount=plain.digits(amount), rate=format_rate(rate, numbers)
    )


def _second_day(rng: random.Random, day: date, card: bool) -> date:
    if card:
        return day + timedelta(days=rng.choice((0, 1, 1, 2, 3)))
    return day + timedelta(days=rng.choice((0, 0, 0, 0, 1, 2, -1, -2, 3)))


def _account_entries(
    rng: random.Random,
    conv: dict[str, str],
    language: str,
    numbers: NumberStyle,
    currency: str,
    start: date,
    end: date,
    count: int,
) -> tuple[Decimal, list[Entry]]:
    overdrawn = conv["overdrawn"] == "yes"
    opening = _money(rng, -800, 600) if overdrawn else _money(rng, 50, 25_000)
    if not overdrawn and rng.random() < 0.08:
        opening = _money(rng, 100_000, 2_500_000)  # large enough to print millions
    texts = BOOKING_TEXTS[language]
    outs = [t for d, t in texts if d == "out"]
    ins = [t for d, t in texts if d == "in"]
    balance = opening
    entries: list[Entry] = []
    max_lines = int(conv["wrap"])
    for day in _day_list(rng, start, end, count):
        money_in = rng.random() < (0.3 if not overdrawn else 0.35)
        if money_in:
            amount = _money(rng, 10, 3_000) if rng.random() < 0.7 else _money(rng, 1_500, 9_000)
            if rng.random() < 0.04:
                amount = _money(rng, 10_000, 1_500_000)
        else:
            roll = rng.random()
            high = 150 if roll < 0.7 else (2_000 if roll < 0.95 else 25_000)
            amount = -_money(rng, 1, high)
            if not overdrawn and balance + amount < 0:
                money_in, amount = True, _money(rng, abs(amount) + 1, abs(amount) + 3_000)
        template = rng.choice(ins if money_in else outs)
        lines = [_fill(template, rng, day)]
        for _ in range(max_lines - 1):
            if rng.random() < 0.6:
                lines.append(_fill(rng.choice(DETAIL_LINES[language]), rng, day))
        fx = None
        if conv["fx_lines"] == "yes" and not money_in and rng.random() < 0.25:
            fx = _fx_line(rng, language, numbers, currency)
        second = _second_day(rng, day, card=False) if conv["second_date"] != "no" else None
        balance += amount
        entries.append(
            Entry(day, second, lines, amount, _reference(rng), "in" if money_in else "out", fx)
        )
    if conv["closing_block"] == "fees_interest":
        labels = LABELS[language]
        rate = (
            f"{rng.uniform(4, 14):.2f}".replace(".", ",")
            if numbers.decimal == "comma"
            else f"{rng.uniform(4, 14):.2f}"
        )
        parts = [
            (template.format(rate=rate), _money(rng, 0.5, 45))
            for template in rng.sample(labels["closing_lines"][:3], rng.randint(2, 3))
        ]
        total = sum((value for _, value in parts), Decimal(0))
        entries.append(
            Entry(end, end if conv["second_date"] != "no" else None,
                  [rng.choice(labels["closing_block"])], -total, _reference(rng), "out",
                  breakdown=parts)
        )  # fmt: skip
    return opening, entries


def _card_entries(
    rng: random.Random,
    conv: dict[str, str],
    language: str,
    numbers: NumberStyle,
    currency: str,
    start: date,
    end: date,
    count: int,
) -> tuple[Decimal, list[Entry]]:
    owed = _money(rng, 0, 4_500) if rng.random() < 0.9 else -_money(rng, 1, 200)
    opening = -owed
    card = CARD_LABELS[language]
    entries: list[Entry] = []
    payments = rng.choices((0, 1, 2), (0.1, 0.7, 0.2))[0]
    for day in _day_list(rng, start, end, count):
        posted = min(_second_day(rng, day, card=True), end)
        if rng.random() < 0.04:
            text = "REFUND " + _fill("{merchant} {city}", rng, day)
            entries.append(
                Entry(day, posted, [text], _money(rng, 5, 300), _reference(rng), "payments")
            )
            continue
        high = 120 if rng.random() < 0.75 else (900 if rng.random() < 0.9 else 4_000)
        lines = [
            _fill(
                rng.choice(("{merchant} {city}", "{merchant}", "{merchant} {city} {last4}")),
                rng,
                day,
            )
        ]
        if int(conv["wrap"]) > 1 and rng.random() < 0.4:
            lines.append(_fill(rng.choice(DETAIL_LINES[language]), rng, day))
        fx = None
        if conv["fx_lines"] == "yes" and rng.random() < 0.3:
            fx = _fx_line(rng, language, numbers, currency)
        entries.append(
            Entry(day, posted, lines, -_money(rng, 1, high), _reference(rng), "purchases", fx)
        )
    for _ in range(payments if owed > 0 else 0):
        day = start + timedelta(days=rng.randint(0, (end - start).days))
        share = rng.choice((Decimal(1), Decimal("0.5"), Decimal("0.1"))) / payments
        amount = max((owed * share).quantize(Decimal("0.01")), Decimal("25.00"))
        posted = min(day + timedelta(days=rng.choice((0, 1, 2))), end)
        entries.append(
            Entry(
                day, posted, [rng.choice(card["payment_text"])], amount, _reference(rng), "payments"
            )
        )
    entries.sort(key=lambda e: e.day)
    if conv["closing_block"] == "fees_interest":
        entries.append(
            Entry(
                end,
                end,
                [rng.choice(card["fee_text"])],
                -_money(rng, 2, 95),
                _reference(rng),
                "fees",
            )
        )
        entries.append(
            Entry(
                end,
                end,
                [rng.choice(card["interest_text"])],
                -_money(rng, 0.5, 60),
                _reference(rng),
                "interest",
            )
        )
    return opening, entries  # fmt: skip


def _iban(rng: random.Random, country: str) -> str:
    lengths = {"GB": 18, "DE": 18, "FR": 23, "ES": 20, "IT": 23, "NL": 14, "PT": 21}
    if country == "GB":
        bban = rng.choice(("NWBK", "HBUK", "BARC")) + "".join(
            rng.choice("0123456789") for _ in range(14)
        )
    elif country == "NL":
        bban = rng.choice(("ABNA", "INGB", "RABO")) + "".join(
            rng.choice("0123456789") for _ in range(10)
        )
    elif country == "IT":
        bban = rng.choice("ABCDEFGHIJ") + "".join(rng.choice("0123456789") for _ in range(22))
    else:
        bban = "".join(rng.choice("0123456789") for _ in range(lengths[country]))
    digits = "".join(str(int(ch, 36)) for ch in bban + country + "00")
    check = 98 - int(digits) % 97
    return f"{country}{check:02d}{bban}"  # fmt: skip


def _account_identity(
    rng: random.Random, conv: dict[str, str], language: str
) -> tuple[str, list[tuple[str, str]]]:
    labels = LABELS[language]
    style = conv["account_id"]
    if style == "masked_card":
        last4 = f"{rng.randint(1000, 9999)}"
        printed = rng.choice(
            (f"**** **** **** {last4}", f"XXXX XXXX XXXX {last4}",
             f"{rng.choice(('4', '5'))}{rng.randint(100, 999)} XXXX XXXX {last4}",
             f"{rng.randint(4000, 5599)} {rng.randint(10, 99)}** **** {last4}")
        )  # fmt: skip
        return printed.replace(" ", ""), [(rng.choice(labels["card"]), printed)]
    if style == "iban":
        country = {"en": "GB", "de": "DE", "fr": "FR", "es": "ES", "it": "IT", "nl": "NL",
                   "pt": "PT"}[language]  # fmt: skip
        iban = _iban(rng, country)
        grouped = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
        printed = grouped if rng.random() < 0.7 else iban
        return iban, [(rng.choice(labels["iban"]), printed)]
    number = "".join(rng.choice("0123456789") for _ in range(rng.choice((8, 10, 11, 12))))
    if style == "sort_code":
        sort = f"{rng.randint(10, 99)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}"
        return number, [
            (rng.choice(labels["sort_code"]), sort),
            (rng.choice(labels["account"]), number),
        ]
    if rng.random() < 0.3:
        printed = f"{number[:3]}-{number[3:-2]}-{number[-2:]}"
        return printed, [(rng.choice(labels["account"]), printed)]
    return number, [(rng.choice(labels["account"]), number)]


def _set_balances(entries: list[Entry], opening: Decimal, style: str) -> None:
    """The running balance after each entry, and whether its row prints it."""
    running = opening
    for index, entry in enumerate(entries):
        running += entry.amount
        entry.balance = running
        last_of_day = index + 1 == len(entries) or entries[index + 1].day != entry.day
        entry.balance_printed = style == "every_row" or (style == "once_per_day" and last_of_day)


def _transaction_count(rng: random.Random, conv: dict[str, str]) -> int:
    if conv["scan"] != "text":
        return rng.randint(3, 26)
    if rng.random() < 0.1:
        return rng.randint(45, 130)
    return rng.randint(3, 45)


def plan_statement(
    seed: int | str, conventions: dict[str, str] | None = None, n_transactions: int | None = None
) -> StatementPlan:
    """Draw a statement: its conventions (unless given), words, accounts and ledger."""
    rng = random.Random(f"neurareport-randomized:{seed}")
    conv = dict(conventions) if conventions is not None else draw_conventions(rng)
    language = conv["language"]
    card = conv["kind"] == "credit_card"
    start, end = _period(rng, conv)
    code, symbol = rng.choice(CURRENCIES)
    if conv["currency_printed"] == "symbol_only" and symbol not in UNAMBIGUOUS_SYMBOLS:
        symbol = rng.choice(sorted(UNAMBIGUOUS_SYMBOLS))
        code = UNAMBIGUOUS_SYMBOLS[symbol]
    numbers = NumberStyle(
        group=conv["thousands"],
        decimal=conv["decimal"],
        currency_placement=conv["currency_in_cells"],
        currency_symbol=symbol,
        currency_code=code,
        glued=rng.random() < 0.6,
    )
    holder = rng.choice(HOLDERS[language])
    holder_lines = [holder]
    if language == "de" and rng.random() < 0.3 and not holder.endswith("GmbH"):
        holder_lines.insert(0, rng.choice(("Herrn", "Frau", "Firma")))
    holder_lines += [
        rng.choice(STREETS),
        f"{rng.randint(1000, 99999)} {rng.choice(CITIES).title()}",
    ]
    accounts = []
    for index in range(int(conv["accounts"])):
        acc_code, acc_symbol = code, symbol
        if index and rng.random() < 0.3 and conv["currency_printed"] == "code":
            acc_code, acc_symbol = rng.choice(CURRENCIES)
        acc_numbers = NumberStyle(numbers.group, numbers.decimal, numbers.currency_placement,
                                  acc_symbol, acc_code, numbers.glued)  # fmt: skip
        count = n_transactions if n_transactions is not None else _transaction_count(rng, conv)
        maker = _card_entries if card else _account_entries
        opening, entries = maker(rng, conv, language, acc_numbers, acc_code, start, end, count)
        _set_balances(entries, opening, conv["balance"])
        number, id_lines = _account_identity(rng, conv, language)
        kind_label = rng.choice(LABELS[language]["account_kinds"])
        accounts.append(
            AccountPlan(kind_label, number, id_lines, acc_code, acc_symbol, opening, entries)
        )
    return StatementPlan(
        seed=str(seed),
        conventions=conv,
        language=language,
        bank=rng.choice(BANK_NAMES[language]),
        holder=holder,
        holder_lines=holder_lines,
        period_start=start,
        period_end=end,
        numbers=numbers,
        accounts=accounts,
        rng=rng,
    )


def truth_of(plan: StatementPlan, page_count: int) -> CorpusTruth:
    """The truth of a laid-out plan (descriptions are the lines the layout printed)."""
    accounts = []
    for account in plan.accounts:
        transactions = [
            TruthTransaction(
                entry.day,
                " ".join(" ".join(entry.printed_lines).split()),
                entry.amount,
                entry.balance if entry.balance_printed else None,
            )
            for entry in account.entries
        ]
        accounts.append(
            AccountTruth(
                account_number=account.account_number,
                currency=account.currency,
                period_start=plan.period_start,
                period_end=plan.period_end,
                opening_balance=account.opening,
                closing_balance=account.closing,
                holder=plan.holder,
                transactions=transactions,
            )
        )
    return CorpusTruth(plan.seed, plan.conventions["kind"], accounts, page_count, plan.conventions)


def random_statement(
    seed: int | str, conventions: dict[str, str] | None = None, n_transactions: int | None = None
) -> tuple[bytes, CorpusTruth]:
    """The PDF bytes and truth of the statement drawn from ``seed``.

    ``conventions`` (a full dict, e.g. ``draw_conventions(rng, kind="credit_card")``)
    replaces the drawn ones; ``n_transactions`` fixes the ledger's length per account.
    """
    from neurareport_resources.samples.scanner import scan_pdf
    from neurareport_resources.samples.statement_layout import render_plan

    plan = plan_statement(seed, conventions, n_transactions)
    pdf, page_count = render_plan(plan)
    if plan.conventions["scan"] != "text":
        pdf = scan_pdf(pdf, plan.conventions, plan.rng)
    return pdf, truth_of(plan, page_count)


def generate_random_statement(
    seed: int | str,
    path: Path,
    conventions: dict[str, str] | None = None,
    n_transactions: int | None = None,
) -> CorpusTruth:
    """Write the statement drawn from ``seed`` to ``path`` (atomically); return its truth."""
    pdf, truth = random_statement(seed, conventions, n_transactions)
    with atomic_path(Path(path)) as tmp:
        Path(tmp).write_bytes(pdf)
    return truth


__all__ = [
    "CONVENTIONS",
    "GENERATOR_VERSION",
    "AccountTruth",
    "CorpusTruth",
    "draw_conventions",
    "generate_random_statement",
    "plan_statement",
    "random_statement",
]
