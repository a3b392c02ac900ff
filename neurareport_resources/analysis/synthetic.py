"""Synthetic ledgers and statement headers: realistic months for tests, benchmarks and demos.

Deterministic for a given seed. Balances chain exactly from the opening balance, so
the statements reconcile unless a caller breaks them on purpose.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from decimal import Decimal

import pyarrow as pa

from neurareport_resources.ledger import LEDGER_SCHEMA, to_money

STATEMENTS_SCHEMA = pa.schema(
    [
        pa.field("tenant", pa.string()),
        pa.field("period", pa.date32()),
        pa.field("statement_id", pa.string()),
        pa.field("file_name", pa.string()),
        pa.field("account_number", pa.string()),
        pa.field("currency", pa.string()),
        pa.field("holder", pa.string()),
        pa.field("period_start", pa.date32()),
        pa.field("period_end", pa.date32()),
        pa.field("opening_balance", pa.decimal128(18, 2)),
        pa.field("closing_balance", pa.decimal128(18, 2)),
        pa.field("page_count", pa.int32()),
    ]
)

# (description, low, high) — money out
_SPENDING = [
    ("CARD PAYMENT TO TESCO STORES 2231", "12.40", "96.80"),
    ("CARD PAYMENT TO SAINSBURYS S/MKT", "8.10", "74.35"),
    ("CONTACTLESS PRET A MANGER", "3.20", "11.90"),
    ("CARD PAYMENT TO STARBUCKS COFFEE", "2.80", "7.60"),
    ("CARD PAYMENT TO SHELL FUEL 0442", "35.00", "82.00"),
    ("TFL TRAVEL CHARGE", "2.80", "14.20"),
    ("UBER TRIP HELP.UBER.COM", "6.50", "31.00"),
    ("AMAZON MARKETPLACE AMZN.CO.UK", "9.99", "149.00"),
    ("CARD PAYMENT TO IKEA LTD", "25.00", "310.00"),
    ("DELIVEROO ORDER", "14.00", "42.00"),
    ("CASH WITHDRAWAL AT ATM HIGH ST", "20.00", "200.00"),
    ("CARD PAYMENT TO BOOTS PHARMACY", "4.50", "38.00"),
    ("CARD PAYMENT TO BRITISH AIRWAYS", "120.00", "640.00"),
    ("CARD PAYMENT TO LOCAL HARDWARE", "5.00", "60.00"),
]
_MONTHLY_BILLS = [
    (1, "DIRECT DEBIT TO LANDLORD RENT", "1450.00"),
    (3, "DIRECT DEBIT TO OCTOPUS ENERGY", "118.40"),
    (5, "DIRECT DEBIT TO VODAFONE LTD", "32.00"),
    (8, "DIRECT DEBIT TO AVIVA INSURANCE", "41.75"),
    (12, "NETFLIX.COM SUBSCRIPTION", "10.99"),
    (15, "SPOTIFY PREMIUM", "11.99"),
    (20, "STANDING ORDER TO GYM MEMBERSHIP", "39.00"),
]


def _month_end(period: dt.date) -> dt.date:
    nxt = (period.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nxt - dt.timedelta(days=1)


def synthetic_month(
    *,
    tenant: str = "acme",
    period: dt.date = dt.date(2025, 3, 1),
    account_number: str = "12345678",
    currency: str = "GBP",
    holder: str = "Acme Trading Ltd",
    transactions: int = 60,
    opening_balance: Decimal = Decimal("2500.00"),
    seed: int = 7,
    rows_per_page: int = 35,
) -> tuple[list[dict], dict]:
    """One account-month: ``(ledger_rows, statement_header)`` as plain dicts.

    ``transactions`` is the total row count (bills, salary, a weekly payment and
    random card spending). Amounts are ``Decimal``; balances chain from the opening.
    """
    rng = random.Random(f"{seed}-{tenant}-{account_number}-{period}")
    start, end = period, _month_end(period)
    days = (end - start).days + 1
    planned: list[tuple[dt.date, str, Decimal]] = [
        (start + dt.timedelta(days=24), "BGC PAYROLL ACME SALARY", Decimal("4200.00")),
        (start + dt.timedelta(days=9), "FASTER PAYMENT FROM CUSTOMER INV 1042", Decimal("880.00")),
    ]
    for day, text, bill in _MONTHLY_BILLS:
        if day <= days:
            planned.append((start + dt.timedelta(days=day - 1), text, -Decimal(bill)))
    for week_day in range(2, days + 1, 7):
        planned.append(
            (start + dt.timedelta(days=week_day - 1), "CLEANER WEEKLY PAYMENT", Decimal("-60.00"))
        )
    planned.append((end, "MONTHLY ACCOUNT FEE", Decimal("-5.00")))
    while len(planned) < transactions:
        text, low, high = rng.choice(_SPENDING)
        cents = rng.randint(int(Decimal(low) * 100), int(Decimal(high) * 100))
        planned.append(
            (start + dt.timedelta(days=rng.randrange(days)), text, -Decimal(cents) / 100)
        )
        if rng.random() < 0.04:
            planned.append(
                (
                    start + dt.timedelta(days=rng.randrange(days)),
                    "AMAZON REFUND",
                    Decimal(rng.randint(500, 9000)) / 100,
                )
            )
    planned = planned[:transactions]
    planned.sort(key=lambda item: item[0])
    statement_id = hashlib.sha256(f"{tenant}/{account_number}/{period}/{seed}".encode()).hexdigest()
    balance = to_money(opening_balance)
    rows = []
    for index, (txn_date, text, amount) in enumerate(planned):
        amount = to_money(amount)
        balance = to_money(balance + amount)
        rows.append(
            {
                "tenant": tenant,
                "period": period,
                "statement_id": statement_id,
                "account_number": account_number,
                "currency": currency,
                "txn_date": txn_date,
                "description": text,
                "amount": amount,
                "balance": balance,
                "category": None,
                "category_rule": None,
                "page": 1 + index // rows_per_page,
                "row_no": 1 + index % rows_per_page,
                "strategy": "lattice",
            }
        )
    header = {
        "tenant": tenant,
        "period": period,
        "statement_id": statement_id,
        "file_name": f"{account_number}_{period:%Y-%m}.pdf",
        "account_number": account_number,
        "currency": currency,
        "holder": holder,
        "period_start": start,
        "period_end": end,
        "opening_balance": to_money(opening_balance),
        "closing_balance": balance,
        "page_count": max(1, 1 + (len(rows) - 1) // rows_per_page),
    }
    return rows, header


def described_rows(
    movements: list[tuple[str, str]],
    period: dt.date,
    *,
    tenant: str = "acme",
    account_number: str = "12345678",
    currency: str = "EUR",
) -> list[dict]:
    """Uncategorised ledger rows from ``(description, amount)`` pairs, one a day from
    ``period`` (amounts as decimal strings); no balances. For tests of categories and of
    what a month looks like against earlier ones."""
    return [
        {
            "tenant": tenant,
            "period": period,
            "statement_id": "s" * 64,
            "account_number": account_number,
            "currency": currency,
            "txn_date": period + dt.timedelta(days=index % 28),
            "description": description,
            "amount": to_money(Decimal(amount)),
            "balance": None,
            "category": None,
            "category_rule": None,
            "page": 1,
            "row_no": index + 1,
            "strategy": "words",
        }
        for index, (description, amount) in enumerate(movements)
    ]


def ledger_table(rows: list[dict]) -> pa.Table:
    """Arrow table with LEDGER_SCHEMA from ledger row dicts."""
    return pa.Table.from_pylist(rows, schema=LEDGER_SCHEMA)


def statements_table(headers: list[dict]) -> pa.Table:
    """Arrow table of statement headers (the ``statements`` relation)."""
    return pa.Table.from_pylist(headers, schema=STATEMENTS_SCHEMA)
