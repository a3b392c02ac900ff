"""Reconciliation: opening balance plus the signed amounts must walk through every
printed running balance and end at the closing balance.

It also decides between candidate readings of an ambiguous statement (an amount
column printed from the bank's side, swapped debit/credit columns, unsigned amounts).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from neurareport_resources.extraction.model import Reconciliation


@dataclass
class Candidate:
    """One reading of the statement's amounts."""

    name: str
    amounts: list[Decimal]


def walk(
    amounts: list[Decimal],
    balances: list[Decimal | None],
    opening: Decimal | None,
) -> tuple[int, list[int], Decimal | None]:
    """Walk the running balance: (matches, indexes of breaks, final balance)."""
    matches = 0
    breaks: list[int] = []
    running = opening
    for index, (amount, printed) in enumerate(zip(amounts, balances, strict=True)):
        if running is None:
            # no opening balance: the first printed balance fixes the start
            running = None if printed is None else printed - amount
            if running is None:
                continue
        running += amount
        if printed is not None:
            if running == printed:
                matches += 1
            else:
                breaks.append(index)
                running = printed  # resynchronise so one misread row counts once
    return matches, breaks, running


def balance_sign_candidate(
    amounts: list[Decimal], balances: list[Decimal | None], opening: Decimal | None
) -> Candidate:
    """Signs taken from the balance changes wherever a change equals the amount's size."""
    signed: list[Decimal] = []
    previous = opening
    for amount, printed in zip(amounts, balances, strict=True):
        value = amount
        if previous is not None and printed is not None:
            delta = printed - previous
            if abs(delta) == abs(amount):
                value = delta
        signed.append(value)
        if printed is not None:
            previous = printed
        elif previous is not None:
            previous += value
    return Candidate("balance_signs", signed)


def choose_reading(
    candidates: list[Candidate],
    balances: list[Decimal | None],
    opening: Decimal | None,
    closing: Decimal | None,
) -> Candidate:
    """The candidate with the most running-balance matches (closing match breaks ties).

    The first candidate (the reading as printed) wins any remaining tie.
    """
    best: tuple[int, int, int] | None = None
    chosen = candidates[0]
    for order, candidate in enumerate(candidates):
        matches, breaks, _ = walk(candidate.amounts, balances, opening)
        closes = int(closing is not None and opening is not None and
                     opening + sum(candidate.amounts, Decimal(0)) == closing)  # fmt: skip
        score = (matches - len(breaks) + closes, closes, -order)
        if best is None or score > best:
            best, chosen = score, candidate
    return chosen


def reconcile_balances(
    amounts: list[Decimal],
    balances: list[Decimal | None],
    rows: list[tuple[int, int]],
    opening: Decimal | None,
    closing: Decimal | None,
) -> Reconciliation:
    """Check the chosen reading; ``rows`` gives (row_no, page) for each amount."""
    _, breaks, _ = walk(amounts, balances, opening)
    net = sum(amounts, Decimal(0))
    closes = opening is not None and closing is not None and opening + net == closing
    details: list[dict[str, object]] = []
    running = opening
    for index, (amount, printed) in enumerate(zip(amounts, balances, strict=True)):
        if running is None:
            running = None if printed is None else printed - amount
            if running is None:
                continue
        running += amount
        if printed is not None:
            if index in breaks and len(details) < 5:
                row_no, page = rows[index]
                details.append(
                    {"row_no": row_no, "page": page, "expected": running, "printed": printed}
                )
            running = printed
    if opening is None or closing is None:
        message = "opening or closing balance not found; checked running balances only"
    elif closes and not breaks:
        message = f"opening {opening} + net {net} = closing {closing}; running balance continuous"
    elif closes:
        message = f"opening + net = closing, but {len(breaks)} running-balance break(s)"
    else:
        message = (
            f"opening {opening} + net {net} = {opening + net}, but the closing balance is "
            f"{closing} (off by {closing - opening - net}); {len(breaks)} running-balance break(s)"
        )
    ok = not breaks and (closes or ((opening is None or closing is None) and bool(amounts)))
    return Reconciliation(
        ok=bool(ok),
        opening_plus_net_equals_closing=bool(closes),
        running_balance_breaks=details,
        message=message,
    )


def repair_misreads(
    amounts: list[Decimal],
    balances: list[Decimal | None],
    opening: Decimal | None,
    repairable: list[bool],
) -> list[int]:
    """Fix single OCR misreads that the running balance proves wrong; return fixed indexes.

    Only rows marked ``repairable`` (read by OCR) are touched: text-layer values are
    exact, so a break there is real and is reported, never hidden. A printed balance
    is corrected when the previous balance plus this amount, plus the next amount,
    lands exactly on the next printed balance; an amount is corrected when the two
    printed balances around it agree with each other and with the next row.
    """
    fixed: list[int] = []
    previous = opening
    for index, (amount, printed) in enumerate(zip(amounts, balances, strict=True)):
        if previous is None or printed is None:
            previous = (
                printed
                if printed is not None
                else (None if previous is None else previous + amount)
            )
            continue
        expected = previous + amount
        if expected != printed and repairable[index]:
            following = _next_printed(amounts, balances, index)
            if following is not None:
                gap, next_printed = following
                if expected + gap == next_printed and _confusable(printed, expected):
                    balances[index] = expected  # the balance was misread
                    fixed.append(index)
                elif printed + gap == next_printed and _confusable(amount, printed - previous):
                    amounts[index] = printed - previous  # the amount was misread
                    fixed.append(index)
        previous = balances[index]
    return fixed


def _confusable(read: Decimal, corrected: Decimal) -> bool:
    """True when OCR could plausibly have turned ``corrected`` into ``read``: the same
    number of digits with at most two of them different, or only the sign lost.

    Anything else (a whole row missing, a different number) is left as a break.
    """
    a, b = f"{abs(read):.2f}", f"{abs(corrected):.2f}"
    if a == b:
        return True  # only the sign was misread
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) <= 2


def _next_printed(
    amounts: list[Decimal], balances: list[Decimal | None], index: int
) -> tuple[Decimal, Decimal] | None:
    """(sum of the amounts after ``index`` up to the next printed balance, that balance)."""
    total = Decimal(0)
    for later in range(index + 1, len(amounts)):
        total += amounts[later]
        printed = balances[later]
        if printed is not None:
            return total, printed
    return None


def _one_slip(read: Decimal, corrected: Decimal) -> bool:
    """``corrected`` is ``read`` with its sign lost or one digit misread (not both)."""
    a, b = f"{abs(read):.2f}", f"{abs(corrected):.2f}"
    if a == b:
        return read != corrected  # only the sign
    if (read < 0) != (corrected < 0):
        return False
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def _one_digit_lost_or_added(read: Decimal, corrected: Decimal) -> bool:
    """``corrected`` is ``read`` with one digit more or less ("18.23" for "118.23")."""
    a, b = f"{abs(read):.2f}", f"{abs(corrected):.2f}"
    short, long = sorted((a, b), key=len)
    if len(long) != len(short) + 1 or (read < 0) != (corrected < 0):
        return False
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def total_slip(
    amounts: list[Decimal | None], missing: Decimal, repairable: list[bool]
) -> int | None:
    """The one repairable amount that, with one digit (or its sign) misread, explains why
    opening + amounts misses the closing balance by ``missing``; None when none does, or
    when another amount explains it as well — by a misread digit, or by a digit OCR lost
    or added (the more common slip is not ruled out by a rarer one that happens to fit)."""
    if missing == 0:
        return None
    found = []
    for index, amount in enumerate(amounts):
        if amount is None or not repairable[index]:
            continue
        if _one_digit_lost_or_added(amount, amount + missing):
            return None
        if _one_slip(amount, amount + missing):
            found.append(index)
    return found[0] if len(found) == 1 else None


def repair_total_slip(
    amounts: list[Decimal],
    balances: list[Decimal | None],
    opening: Decimal | None,
    closing: Decimal | None,
    repairable: list[bool],
) -> int | None:
    """With no running balance to check each row, fix the one OCR misread that the
    statement's totals prove (opening + amounts = closing); return its index."""
    if opening is None or closing is None or any(b is not None for b in balances):
        return None
    index = total_slip(list(amounts), closing - opening - sum(amounts, Decimal(0)), repairable)
    if index is not None:
        amounts[index] = closing - opening - sum(amounts[:index] + amounts[index + 1 :], Decimal(0))
    return index
