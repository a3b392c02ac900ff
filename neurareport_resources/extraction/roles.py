"""Column roles and signs decided by arithmetic: the reading whose numbers add up wins.

Every way of reading the account's money columns is a ``Reading``: which column (if any)
is the running balance, which columns carry the transaction amounts and which way each
one counts. A reading is scored by walking the balance: the previous balance plus the
amounts since must give every printed balance. Without a balance column the statement's
own totals decide (opening + amounts = closing). Only when neither is printed do labels,
sign markers and section headings decide — and the statement is then marked for review.

Amounts are first taken "balance side" (what moves the printed balance); the account
holder's view is the same for current and savings accounts and the opposite for a card
or loan statement, whose balance is what the holder owes.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from decimal import Decimal

from neurareport_resources.extraction.numbers import MARKER_SIGNS, Money
from neurareport_resources.extraction.reconcile import total_slip
from neurareport_resources.extraction.rows import Row

ZERO = Decimal(0)
# readings are compared on the first rows: enough to decide, cheap on a 1,000-page file
SAMPLE_ROWS = 400
_POSITIVE_MARKERS = frozenset({"CR", "H", "+", "C"})


@dataclass(frozen=True)
class Reading:
    """One interpretation of the money columns."""

    balance: int | None
    flows: tuple[tuple[int, int], ...]  # (column, +1/-1 balance-side orientation)
    row_signs: bool = False  # one unsigned column: each row's sign from the balance change

    @property
    def flow_columns(self) -> tuple[int, ...]:
        return tuple(c for c, _ in self.flows)


@dataclass
class Outcome:
    """A reading applied to the rows: signed amounts, balances, and how well it adds up."""

    reading: Reading
    amounts: list[Decimal | None]  # balance side; None for rows without an amount
    balances: list[Decimal | None]
    matches: int = 0
    breaks: int = 0
    unresolved: int = 0  # row-sign groups no sign choice could settle
    closes: int = 0  # 2: opening + amounts = closing as printed; 1: only with other signs
    prior: int = 0
    notes: list[str] = field(default_factory=list)

    def score(self) -> tuple[int, int, int, int, int]:
        """Arithmetic first (balance walk, then opening + amounts = closing); then the reading
        that leaves fewest rows without an amount; then agreement with labels and headings;
        then the simpler reading."""
        covered = sum(1 for amount in self.amounts if amount is not None)
        return (
            self.matches - self.breaks - self.unresolved,
            self.closes,
            covered,
            self.prior,
            -len(self.reading.flows),
        )


def column_values(rows: list[Row], columns: int, decimal_sep: str) -> list[list[Decimal | None]]:
    """Each row's printed value per column, signed by its marker and the column's habit:
    in a column where only credits are marked (``CR``, ``H``, ``+``), an unmarked amount is
    a debit; elsewhere an unmarked amount is positive."""
    markers: list[set[str]] = [set() for _ in range(columns)]
    for row in rows:
        if row.special is not None:
            continue  # a carried balance marks its own sign ("569,87 OD"), not the column's habit
        for column, token in row.cells.items():
            if token.money is not None and token.money.marker and column < columns:
                markers[column].add(token.money.marker)
    unmarked_negative = [bool(m) and m <= _POSITIVE_MARKERS for m in markers]
    values: list[list[Decimal | None]] = []
    for row in rows:
        out: list[Decimal | None] = [None] * columns
        # a brought/carried-forward balance is positive unless marked, whatever the column
        balance_row = row.special in ("opening", "closing")
        for column, token in row.cells.items():
            if column >= columns or token.money is None:
                continue
            out[column] = printed_value(
                token.money, decimal_sep, unmarked_negative[column] and not balance_row
            )
        values.append(out)
    return values


def printed_value(money: Money, decimal_sep: str, unmarked_negative: bool) -> Decimal | None:
    """The signed value a money cell prints (markers applied; see ``column_values``)."""
    magnitude = money.magnitude(decimal_sep)
    if magnitude is None:
        return None
    if money.marker is None:
        return -magnitude if unmarked_negative else magnitude
    return magnitude * MARKER_SIGNS.get(money.marker, 1)


def candidate_readings(values: list[list[Decimal | None]], columns: int) -> list[Reading]:
    """Every plausible reading: a balance column or none, then one or two amount columns
    in either orientation (a third money column may be ignored: an original-currency or a
    running-total column) — or, beside a balance column, three (fees in a column of their
    own beside the debits and credits, as South African banks print them)."""
    present = [sum(1 for row in values if row[c] is not None) for c in range(columns)]
    used = [c for c in range(columns) if present[c]]
    readings: list[Reading] = []
    for balance in [None, *used]:
        others = [c for c in used if c != balance]
        for size in (1, 2, 3) if balance is not None else (1, 2):
            for flow_columns in itertools.combinations(others, size):
                for signs in itertools.product((1, -1), repeat=size):
                    readings.append(Reading(balance, tuple(zip(flow_columns, signs, strict=True))))
            if size == 1 and balance is not None:
                for column in others:
                    readings.append(Reading(balance, ((column, 1),), row_signs=True))
    return readings


def apply_reading(
    reading: Reading,
    rows: list[Row],
    values: list[list[Decimal | None]],
    opening: Decimal | None,
) -> Outcome:
    """Signed amounts and balances under ``reading``, with the balance walk's tally."""
    amounts: list[Decimal | None] = []
    balances: list[Decimal | None] = []
    for row, row_values in zip(rows, values, strict=True):
        if row.special == "subtotal":
            amounts.append(None)
            balances.append(None)
            continue
        undated = not row.dates or row.date_inherited
        forward = row.special in ("opening", "closing") and undated
        if forward and not is_forward_row(row, row_values):
            # an undated forward row printing the columns' running totals ("Suma y sigue
            # 79.71  416.57") is no transaction (the ledger leaves it out); its balance,
            # if any, is a checkpoint
            amounts.append(None)
            balances.append(None if reading.balance is None else row_values[reading.balance])
            continue
        if is_forward_row(row, row_values):
            # a brought/carried-forward row prints a balance, whichever column it sits in
            amounts.append(None)
            printed = [v for v in row_values if v is not None]
            balances.append(
                row_values[reading.balance]
                if reading.balance is not None and row_values[reading.balance] is not None
                else printed[-1]
            )
            continue
        balances.append(None if reading.balance is None else row_values[reading.balance])
        total: Decimal | None = None
        for column, sign in reading.flows:
            value = row_values[column]
            if value is not None:
                total = (total or ZERO) + sign * value
        amounts.append(total)
    outcome = Outcome(reading, amounts, balances)
    if reading.row_signs:
        _sign_rows_by_balance(outcome, rows, values, opening)
    # without a balance column, forward rows (page and statement ends) are the checkpoints
    _walk(outcome, rows, opening)
    return outcome


def is_forward_row(row: Row, row_values: list[Decimal | None]) -> bool:
    """A balance row named so ("Balance brought forward", "Nouveau solde") with one value."""
    return row.special in ("opening", "closing") and (
        sum(1 for v in row_values if v is not None) == 1
    )


def _walk(outcome: Outcome, rows: list[Row], opening: Decimal | None) -> None:
    running = opening
    since = ZERO
    for row, amount, printed in zip(rows, outcome.amounts, outcome.balances, strict=True):
        if amount is not None:
            since += amount
        if printed is None:
            continue
        if running is not None:
            if running + since == printed:
                # a balance repeated beside no amount proves nothing: a lone amount read as
                # a balance column "matches" so (a card's one payment of the whole balance)
                if since or row.special in ("opening", "closing"):
                    outcome.matches += 1
            elif amount is None and row.special in ("opening", "closing"):
                pass  # a forward row that disagrees is reported by reconciliation
            else:
                outcome.breaks += 1
        running, since = printed, ZERO


def _sign_rows_by_balance(
    outcome: Outcome, rows: list[Row], values: list[list[Decimal | None]], opening: Decimal | None
) -> None:
    """Unsigned amounts: between two printed balances, the signs that make the change."""
    assert outcome.reading.balance is not None
    column = outcome.reading.flows[0][0]
    running = opening
    group: list[int] = []
    for index, printed in enumerate(outcome.balances):
        if outcome.amounts[index] is not None:
            group.append(index)
        if printed is None:
            continue
        if running is not None and group:
            sizes = [abs(values[i][column] or ZERO) for i in group]
            signs = _signs_for(sizes, printed - running)
            if signs is None:
                outcome.unresolved += 1
            else:
                for i, sign in zip(group, signs, strict=True):
                    outcome.amounts[i] = sign * sizes[group.index(i)]
        running, group = printed, []
    del rows


def _signs_for(sizes: list[Decimal], change: Decimal) -> tuple[int, ...] | None:
    """The one choice of signs for ``sizes`` that sums to ``change`` (None if none, or if
    several choices fit and they disagree)."""
    if len(sizes) > 12:
        return None
    found: tuple[int, ...] | None = None
    for signs in itertools.product((1, -1), repeat=len(sizes)):
        if sum((s * v for s, v in zip(signs, sizes, strict=True)), ZERO) == change:
            if found is not None:
                return None
            found = signs
    return found


def closes(
    outcome: Outcome,
    opening: Decimal | None,
    closing: Decimal | None,
    *,
    either_sign: bool = False,
    repairable: list[bool] | None = None,
) -> int:
    """2 when opening plus every amount gives the closing balance, else 0. ``either_sign``:
    the balances' signs are not known (a card prints what is owed, and "CR" when the holder
    is in credit): 2 with the balances as printed, 1 only with another choice of signs —
    a payment of exactly the previous balance balances either way, so the printed signs
    are preferred. ``repairable`` (rows read by OCR): 1 when one misread digit of one of
    those rows' amounts is all that keeps the reading from closing."""
    if opening is None or closing is None:
        return 0
    net = sum((a for a in outcome.amounts if a is not None), ZERO)
    if opening + net == closing:
        return 2
    if either_sign and any(
        first * abs(opening) + net == last * abs(closing) for first in (1, -1) for last in (1, -1)
    ):
        return 1
    slipped = (
        repairable is not None
        and len(repairable) == len(outcome.amounts)
        and total_slip(outcome.amounts, closing - opening - net, repairable) is not None
    )
    return int(slipped)


__all__ = [
    "Outcome",
    "Reading",
    "apply_reading",
    "candidate_readings",
    "closes",
    "column_values",
    "printed_value",
]
