"""A line of words cut into typed tokens: dates, money cells, blank-cell dashes and text.

Nothing here knows columns: a token only says what its text can be. Whether a date
starts a transaction or sits inside a description, and whether an amount is a cell or
part of the text, is decided by the table reader from where tokens line up on the page.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from neurareport_resources.extraction.dates import DateParts, find_date_parts, fold_month
from neurareport_resources.extraction.numbers import (
    Money,
    is_blank_cell,
    repair_ocr_amount,
    scan_money,
)
from neurareport_resources.extraction.words import Line, Word

DATE, MONEY, TEXT, BLANK = "date", "money", "text", "blank"
# a sign printed apart from its amount ("12,50 S", "1,234.56 CR", "+ 12.50")
_LONE_MARKERS = frozenset(
    {"CR", "DR", "Cr", "Dr", "cr", "dr", "DB", "Db", "S", "H", "OD", "D", "C", "+", "-"}
)
_THOUSANDS_HEAD = re.compile(r"^[-−–+(]?(?:[A-Z]{0,3}[$€£¥₹₦]|[A-Z]{3})?\d{1,3}$")
_CURRENCY_HEAD = re.compile(r"^[-−–+(]?(?:[A-Z]{0,3}[$€£¥₹₦]|[A-Z]{3}|Rs\.?|R|kr|Fr\.?)\d{1,3}$")
# a sign, bracket or currency printed apart from the number it belongs to
_CURRENCY_PIECE = re.compile(
    r"^[-−–+(]?(?:[A-Z]{0,3}[$€£¥₹₦]|[A-Z]{3}|Rs\.?|Rp\.?|Fr\.?|SFr\.?|[kK]r\.?|zł|Kč|Ft|R)"
    r"(?:CR|DR|Cr|Dr)?\)?$"
)
_SIGN_PIECES = frozenset({"-", "+", "−", "–", "("})


@dataclass(slots=True)
class Token:
    """One typed piece of a line, with its box in PDF points (origin top-left)."""

    kind: str  # date | money | blank | text
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    money: Money | None = None
    date: DateParts | None = None
    parts: list[Word] | None = None  # the words a text token was joined from
    number_end: float | None = None  # an amount's digits' end, where a marker was joined on
    marker_x0: float | None = None  # where that marker (or currency) was printed

    @property
    def middle(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def number_x1(self) -> float:
        """For an amount: where its digits end, before any trailing sign, marker or currency
        (estimated from the characters' share of the box)."""
        if self.money is None:
            return self.x1
        if self.number_end is not None:
            return self.number_end
        return self.x0 + (self.x1 - self.x0) * _number_share(self.text, self.money.number)

    def split_at(self, x: float) -> tuple[Token, Token] | None:
        """A text token cut before its first word starting at or after ``x`` (a column
        boundary the words ran across), or None when no word starts there."""
        parts = self.parts or []
        cut = next((i for i, w in enumerate(parts) if i and w.x0 >= x), None)
        if cut is None:
            return None
        left, right = parts[:cut], parts[cut:]
        return _text_token(left), _text_token(right)


@lru_cache(maxsize=65536)
def _number_share(text: str, number: str) -> float:
    """The share of ``text``'s width up to the end of ``number`` in it."""
    end = text.rfind(number)
    if end < 0 or not text:
        return 1.0
    return (end + len(number)) / len(text)


def _text_token(parts: list[Word]) -> Token:
    return Token(
        TEXT,
        " ".join(p.text for p in parts),
        parts[0].x0,
        min(p.top for p in parts),
        parts[-1].x1,
        max(p.bottom for p in parts),
        parts=list(parts),
    )


@lru_cache(maxsize=65536)
def _as_date(text: str) -> DateParts | None:
    parts = find_date_parts(text, whole=True)
    return parts[0] if parts else None


def _pieces(line: Line) -> list[Word]:
    """The line's words split at spaces; a piece's box is its share of the word's box."""
    pieces: list[Word] = []
    for source, word in enumerate(sorted(line.words or line.chunks, key=lambda w: w.x0)):
        parts = word.text.split()
        if len(parts) == 1:
            pieces.append(word)
            continue
        width = word.x1 - word.x0
        total = len(word.text)
        offset = 0
        for part in parts:
            begin = word.text.index(part, offset)
            offset = begin + len(part)
            pieces.append(
                Word(
                    part,
                    word.x0 + width * begin / total,
                    word.top,
                    word.x0 + width * offset / total,
                    word.bottom,
                    run=-2
                    - source,  # pieces of one drawn word: one space apart, whatever it measures
                )
            )
    return pieces


def tokenize(line: Line, *, ocr: bool = False) -> list[Token]:
    """The tokens of ``line`` left to right.

    Neighbouring pieces closer than a wide space may form one date ("12 Jan 2025") or
    one amount ("EUR 1 234,56 CR"); the longest reading wins, dates before amounts.
    """
    pieces = _pieces(line)
    tokens: list[Token] = []
    index = 0
    count = len(pieces)
    # a word space is about a quarter of the line's height, a column gap about one height
    line_height = max((p.bottom for p in pieces), default=1.0) - min(
        (p.top for p in pieces), default=0.0
    )
    # how far each piece stands from the next, in text heights
    # pieces of one drawn word, or words one space apart in one run, are one space apart
    gaps = [
        0.0
        if left.run == right.run <= -2 or (right.spaced and left.run == right.run >= 0)
        else (right.x0 - left.x1) / max(left.bottom - left.top, right.bottom - right.top, 1.0)
        for left, right in itertools.pairwise(pieces)
    ]
    word_gap = _word_gap(pieces, line_height)
    while index < count:
        token, used = _read_at(pieces, gaps, index, ocr)
        index += used
        if (
            token.kind == TEXT
            and tokens
            and tokens[-1].kind == TEXT
            and token.x0 - tokens[-1].x1 < max(word_gap, 0.8 * (token.bottom - token.top))
        ):
            last = tokens[-1]
            last.text += " " + token.text
            last.x1 = max(last.x1, token.x1)
            last.top, last.bottom = min(last.top, token.top), max(last.bottom, token.bottom)
            last.parts = [*(last.parts or []), *(token.parts or [])]
            continue
        tokens.append(token)
    _attach_lone_markers(tokens)
    return tokens


def _word_gap(pieces: list[Word], line_height: float) -> float:
    """The widest gap between two words of one phrase on this line: a little over the line's
    usual word space (wide in justified or letter-spaced text), never a column gap."""
    gaps = sorted(b.x0 - a.x1 for a, b in itertools.pairwise(pieces) if b.x0 > a.x1)
    usual = gaps[len(gaps) // 4] if len(gaps) >= 4 else 0.0
    return min(1.0 * line_height, max(0.55 * line_height, 1.6 * usual))


def _adjacent(gaps: list[float], start: int, stop: int, factor: float) -> bool:
    return all(gap <= factor for gap in gaps[start : stop - 1])


@lru_cache(maxsize=65536)
def _plain_word(text: str) -> bool:
    """A piece that can only be text: no digit, and neither a month name that could start
    a date nor a sign or currency that could start an amount."""
    if any(ch.isdigit() for ch in text):
        return False
    if text in _SIGN_PIECES or _CURRENCY_PIECE.match(text) or is_blank_cell(text):
        return False
    return fold_month(text) is None


def _span(pieces: list[Word], start: int, stop: int, kind: str, text: str) -> Token:
    chosen = pieces[start:stop]
    return Token(
        kind,
        text,
        chosen[0].x0,
        min(p.top for p in chosen),
        chosen[-1].x1,
        max(p.bottom for p in chosen),
    )


def _read_at(pieces: list[Word], gaps: list[float], index: int, ocr: bool) -> tuple[Token, int]:
    count = len(pieces)
    if _plain_word(pieces[index].text):
        # a run of plain words is one text token: no date or amount can start inside it
        stop = index + 1
        while stop < count and gaps[stop - 1] <= 0.5 and _plain_word(pieces[stop].text):
            stop += 1
        return _text_token(pieces[index:stop]), stop - index
    for size in (5, 4, 3, 2, 1):  # "1 de mayo de 2023" is five words
        stop = index + size
        if stop > count or not _adjacent(gaps, index, stop, 1.6 if ocr else 1.2):
            continue
        text = " ".join(p.text for p in pieces[index:stop])
        parts = _as_date(text)
        if parts is None and ocr and size == 3:
            spaced = _OCR_SPACED_DATE.match(text)
            if spaced:  # "05 01 2022", "19 O01 2022": the dots lost, a zero read as O
                day, month, year = (g.replace("O", "0").replace("o", "0") for g in spaced.groups())
                parts = _as_date(f"{day[-2:]}.{month[-2:]}.{year}")
        if parts is not None:
            token = _span(pieces, index, stop, DATE, text)
            token.date = parts
            return token, size
    for size in (5, 4, 3, 2, 1):  # "USD 1 286 824.97 CR"
        stop = index + size
        if stop > count:
            continue
        group = pieces[index:stop]
        if not _adjacent(gaps, index, stop, 0.9) and not (
            # a monospace point read as nothing leaves a whole character's gap; OCR boxes
            # hug the ink, so a thousands space ("16 678.74") measures wider than in a
            # text layer, whose boxes are the font's full height
            ocr
            and (
                (_adjacent(gaps, index, stop, 1.6) and _lost_point(group))
                or (_adjacent(gaps, index, stop, 2.0) and _spaced_thousands(group))
            )
        ):
            continue
        previous = pieces[index - 1].text if index else ""
        after_text = (
            index > 0
            and gaps[index - 1] <= 1.0
            and any(ch.isalpha() for ch in previous)
            and not any(ch.isdigit() for ch in previous)
        )
        if size > 1 and not _joinable(group, after_text) and not (ocr and _lost_point(group)):
            continue
        if (
            size > 1
            and group[0].text in _SIGN_PIECES
            and group[0].text != "("
            and gaps[index] > 0.5
        ):
            continue  # a dash standing apart is an empty cell of the column before
        if (
            size > 1
            and stop < count
            and _CURRENCY_PIECE.match(group[-1].text)
            and pieces[stop].text[:1].isdigit()
            and gaps[stop - 2] > gaps[stop - 1]
        ):
            # "S$ 264 699.71 S$ 274 118.15": a currency nearer the next number leads it
            continue
        text = " ".join(p.text for p in group)
        money = scan_money(text)
        if money is None and ocr:
            repaired = repair_ocr_amount(text)
            money = scan_money(repaired) if repaired else None
        if money is not None:
            token = _span(pieces, index, stop, MONEY, text)
            token.money = money
            return token, size
    piece = pieces[index]
    if is_blank_cell(piece.text):
        return Token(BLANK, piece.text, piece.x0, piece.top, piece.x1, piece.bottom), 1
    return _text_token([piece]), 1


_OCR_SPACED_DATE = re.compile(r"^([0-9Oo]{1,3}) ([0-9Oo]{1,3}) (\d{4})$")
_WHOLE_PART = re.compile(r"^[-−(]?\d+(?:[.,'’]\d{3})*$")
# the cents, or the cents with their decimal mark split off by OCR ("2.091 ,70")
_CENTS_PART = re.compile(r"^[~·•.,]?\d{2}\)?[-+]?$")


_THOUSANDS_TAIL = re.compile(r"^\d{3}[.,]\d{2}(?:[-+)]|CR|DR|Cr|Dr)?$")


def _spaced_thousands(group: list[Word]) -> bool:
    """An OCR'd amount grouped by a space: one to three digits, then a group of three
    digits with the decimals ("16 678.74", "-2 548,01") — nothing else joins that wide."""
    return (
        len(group) == 2
        and re.fullmatch(r"[-−(]?\d{1,3}", group[0].text) is not None
        and _THOUSANDS_TAIL.match(group[1].text) is not None
    )


def _lost_point(group: list[Word]) -> bool:
    """An OCR'd amount whose decimal point was read as a space ("145 94-", "8659 10 CR")."""
    if len(group) not in (2, 3) or not _WHOLE_PART.match(group[0].text):
        return False
    if len(group) == 3 and re.fullmatch(r"\d{4}", group[2].text):
        return False  # "12 01 2022": a date whose dots were lost
    if not _CENTS_PART.match(group[1].text):
        return False
    return len(group) == 2 or group[2].text in _LONE_MARKERS


def _joinable(group: list[Word], after_text: bool) -> bool:
    """Pieces of one amount: a sign or currency before it, a marker after it, or a thousands
    group split by a space ("1 234,56") — never a reference number glued to an amount: a
    space-grouped amount does not follow words of text ("Ref 100 250.00")."""
    first, *rest = (p.text for p in group)
    if first in _SIGN_PIECES or _CURRENCY_PIECE.match(first):
        return True
    if rest and _CURRENCY_PIECE.match(rest[-1]) and scan_money(" ".join([first, *rest])):
        return True  # "12,50 EUR", "(101.56 USD)"
    if _THOUSANDS_HEAD.match(first) and rest and rest[0][:3].isdigit() and not after_text:
        return True  # "1 234,56", "-4 837,91": a space groups the thousands
    if (
        _CURRENCY_HEAD.match(first)
        and rest
        and re.match(r"^\d{3}[.,]", rest[0])
        and scan_money(" ".join([first, *rest])) is not None
    ):
        return True  # "R1 825,45", "€12 500.00": a currency starts the amount, after any text
    return bool(rest) and rest[-1] in _LONE_MARKERS and scan_money(first) is not None


def _attach_lone_markers(tokens: list[Token]) -> None:
    """A marker or currency printed a little apart from its amount ("12,50   S",
    "130,35 INR CR") joins the amount."""
    # the line's text height, not a glyph box's: a comma's tail makes "7,105.07" taller
    # than "47.68", and both stand as far from their marker
    heights = sorted(t.bottom - t.top for t in tokens)
    usual = heights[len(heights) // 2] if heights else 1.0
    index = 1
    while index < len(tokens):
        token, before = tokens[index], tokens[index - 1]
        height = max(token.bottom - token.top, before.bottom - before.top, usual, 1.0)
        marker = token.text in _LONE_MARKERS - {"-", "+"} and (
            before.money is not None and before.money.marker is None
        )
        currency = bool(_CURRENCY_PIECE.match(token.text)) and (
            before.money is not None
            and before.money.currency is None
            and before.money.marker is None
        )
        if (
            token.kind == TEXT
            and (marker or currency)
            and before.kind == MONEY
            and token.x0 - before.x1 < 2.5 * height
        ):
            joined = scan_money(f"{before.text} {token.text}")
            if joined is not None:
                before.text = f"{before.text} {token.text}"
                before.money = joined
                if before.number_end is None:
                    before.number_end = before.x1
                if marker:
                    before.marker_x0 = token.x0
                before.x1 = token.x1
                del tokens[index]
                continue
        index += 1
