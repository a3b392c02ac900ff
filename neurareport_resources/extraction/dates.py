"""Date parsing for statements: numeric, ISO and month-name dates in EN/DE/FR/ES.

Day-first vs month-first is decided once per statement (``detect_day_first``);
a date printed without a year takes it from the statement period, including a
period that crosses New Year.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

_MONTH_WORDS: dict[int, tuple[str, ...]] = {
    # English, German, French, Spanish, Italian, Dutch, Portuguese (full and abbreviated);
    # Indonesian, Malay, Scandinavian, Turkish; Russian, Polish and Czech (genitive and nominative)
    1: ("january", "jan", "januar", "janv", "janvier", "enero", "ene", "jänner", "janner",
        "gennaio", "gen", "januari", "janeiro", "ocak",
        "января", "январь", "stycznia", "styczen", "ledna", "leden"),
    2: ("february", "feb", "februar", "fevr", "fevrier", "febrero", "fev", "febbraio",
        "februari", "fevereiro", "subat",
        "февраля", "февраль", "lutego", "luty", "unora", "unor"),
    3: ("march", "mar", "marz", "mrz", "maerz", "mars", "marzo", "maart", "mrt", "marco", "maret",
        "mac", "mart",
        "марта", "март", "marca", "marzec", "brezna", "brezen"),
    4: ("april", "apr", "avril", "avr", "abril", "abr", "aprile", "nisan",
        "апреля", "апрель", "kwietnia", "kwiecien", "dubna", "duben"),
    5: ("may", "mai", "mayo", "maggio", "mag", "mei", "maio", "maj", "mayis", "mayıs",
        "мая", "май", "maja", "kvetna", "kveten"),
    6: ("june", "jun", "juni", "juin", "junio", "giugno", "giu", "junho", "haziran",
        "июня", "июнь", "czerwca", "czerwiec", "cervna", "cerven"),
    7: ("july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug", "julho", "julai",
        "temmuz",
        "июля", "июль", "lipca", "lipiec", "cervence", "cervenec"),
    8: ("august", "aug", "aout", "agosto", "ago", "augustus", "agustus", "agu", "ags", "ogos",
        "augusti", "agustos",
        "августа", "август", "sierpnia", "sierpien", "srpna", "srpen"),
    9: ("september", "sep", "sept", "septembre", "septiembre", "setiembre", "settembre",
        "setembro", "set", "eylul",
        "сентября", "сентябрь", "wrzesnia", "wrzesien", "zari"),
    10: ("october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "ott", "outubro",
         "out", "ekim",
        "октября", "октябрь", "pazdziernika", "pazdziernik", "rijna", "rijen"),
    11: ("november", "nov", "novembre", "noviembre", "novembro", "kasim",
        "ноября", "ноябрь", "listopada", "listopad", "listopadu"),
    12: ("december", "dec", "dezember", "dez", "decembre", "diciembre", "dic", "dicembre",
         "dezembro", "desember", "des", "disember", "aralik",
        "декабря", "декабрь", "grudnia", "grudzien", "prosince", "prosinec"),
}  # fmt: skip
# words that are also month abbreviations (Portuguese "set", "out", Malay "mac", Indonesian
# "des", Swedish "maj"): a date only after its day
_DAY_FIRST_ONLY = frozenset({"set", "out", "mac", "des", "maj", "ags", "agu"})
MONTHS: dict[str, int] = {word: month for month, words in _MONTH_WORDS.items() for word in words}

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
# year first: ISO, and the "2025/03/12" and "2025.03.12." of East Asian and Hungarian banks
_ISO = re.compile(r"(?<![\d.])(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?![\d/])")
# Chinese, Japanese and Korean: "2023年3月1日", "2023년 3월 1일" (Hangul as folded: its
# syllables decomposed)
_YEAR_MARK, _MONTH_MARK, _DAY_MARK = (
    f"(?:{cjk}|{unicodedata.normalize('NFKD', hangul)})"
    for cjk, hangul in (("年", "년"), ("月", "월"), ("日", "일"))
)
_CJK = re.compile(
    rf"(\d{{4}})\s*{_YEAR_MARK}\s*(\d{{1,2}})\s*{_MONTH_MARK}\s*(\d{{1,2}})\s*{_DAY_MARK}?"
)
_NUMERIC = re.compile(r"(?<![\d.])(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?![\d])")
# "03.01." (German, trailing dot required so 12.50 stays money) or "03/01"
_NUMERIC_NO_YEAR = re.compile(r"^(\d{1,2})(?:\.(\d{1,2})\.|/(\d{1,2}))$")
# day and month apart by spaces or one mark ("12 Mar", "12-Mar", "12. März", "12MAR"), never
# by a spaced dash: "1 Mar - 31 Mar 2023" is two dates; a two-digit year follows closely
# ("12 Mar 23", "12-Mar-23", "12MAR23"), a four-digit one more loosely ("12 de marzo de 2023")
_DAY_MONTH = re.compile(
    rf"(?<!\d)(\d{{1,2}})(?:\.|er|st|nd|rd|th)?(?:\s+|[.\-/]\s*)?(?:de\s+)?({_MONTH_ALT})\.?"
    rf"(?:(?:[\s,\-/]+(?:de\s+)?|(?<=[a-z.]))(\d{{4}})"
    rf"|(?:\s|[\-/.]|(?<=[a-z]))(\d{{2}}))?(?![\d\w])"
)
_MONTH_DAY = re.compile(
    # "MAR01" glued too (Canadian banks), then with two digits
    rf"(?<![\w])({_MONTH_ALT})\.?(?:[\s\-]+|(?=\d{{2}}(?!\d)))(\d{{1,2}})(?:st|nd|rd|th)?"
    rf"(?:,?\s+(\d{{4}})|/(\d{{2}}))?(?!\d)"  # "MAR31/23"
)


# a day and month in figures, the year optional ("04.12", "31/08", "15-01-2025"): the form
# OCR leaves when it loses a date's year or glues it to a word
NUMERIC_DAY_MONTH = r"\d{1,2}[./\-]\d{1,2}(?:[./\-]\d{2,4})?\.?"


def fold_month(text: str) -> int | None:
    """The month a word names ("Févr.", "mayo", "Okt"), or None."""
    return MONTHS.get(_fold(text).strip(".,"))


def is_month_heading(text: str) -> bool:
    """A line naming just a month, with or without its year ("Janvier 2025", "MARCH"):
    statements print one above each month's rows."""
    words = text.split()
    if not 1 <= len(words) <= 2 or fold_month(words[0]) is None:
        return False
    return len(words) == 1 or (words[1].isdigit() and len(words[1]) == 4)


def _fold(text: str) -> str:
    """Lower-case and strip accents so 'Févr.' and 'fevr' compare equal."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


BUDDHIST_ERA_OFFSET = 543


@dataclass(frozen=True)
class DateParts:
    """A date as printed: ``year`` may be missing; ``ambiguous`` when day/month order is unknown."""

    year: int | None
    first: int
    second: int
    ambiguous: bool  # True for numeric d/m vs m/d; then first/second are in printed order
    span: tuple[int, int]


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    value = int(text)
    if len(text) == 4:
        # Thai banks print the Buddhist era: 2566 is 2023
        return value - BUDDHIST_ERA_OFFSET if value >= 2400 else value
    return 2000 + value if value < 70 else 1900 + value


def find_date_parts(text: str, *, whole: bool = False) -> list[DateParts]:
    """All date-like substrings of ``text`` (with ``whole``: only if the text is one date).

    For unambiguous dates ``first`` is the month and ``second`` the day.
    """
    return list(_find_date_parts(text, whole))


@lru_cache(maxsize=65536)  # statements repeat the same few dozen date strings
def _find_date_parts(text: str, whole: bool) -> tuple[DateParts, ...]:
    folded = _fold(text).strip()
    found: list[DateParts] = []
    for match in _ISO.finditer(folded):
        found.append(DateParts(_year(match[1]), int(match[3]), int(match[4]), False, match.span()))
    for match in _CJK.finditer(folded):
        found.append(DateParts(_year(match[1]), int(match[2]), int(match[3]), False, match.span()))
    if not found:
        for match in _NUMERIC.finditer(folded):
            found.append(
                DateParts(_year(match[4]), int(match[1]), int(match[3]), True, match.span())
            )
    if not found:
        for match in _DAY_MONTH.finditer(folded):
            found.append(
                DateParts(
                    _year(match[3] or match[4]),
                    MONTHS[match[2]],
                    int(match[1]),
                    False,
                    match.span(),
                )
            )
    if not found:
        for match in _MONTH_DAY.finditer(folded):
            if match[1] in _DAY_FIRST_ONLY:
                continue  # "out 12" is words, "12 out" a Portuguese date
            found.append(
                DateParts(
                    _year(match[3] or match[4]),
                    MONTHS[match[1]],
                    int(match[2]),
                    False,
                    match.span(),
                )
            )
    if not found and whole:
        short = _NUMERIC_NO_YEAR.match(folded)
        if short:
            first, second = int(short[1]), int(short[2] or short[3])
            if min(first, second) <= 12 and max(first, second) <= 31:
                found.append(DateParts(None, first, second, True, short.span()))
    if whole:
        found = [p for p in found if p.span[0] == 0 and p.span[1] >= len(folded.rstrip(".,"))]
    return tuple(found)


def looks_like_date(text: str) -> bool:
    """True when the whole of ``text`` is one date in a supported format."""
    return bool(find_date_parts(text, whole=True))


def detect_day_first(samples: Iterable[str]) -> bool | None:
    """Decide numeric date order for a statement: True day-first, False month-first, None unknown."""
    day_first = month_first = 0
    for raw in samples:
        # a cell that is one date ("02/13") counts even without a year
        for part in find_date_parts(raw, whole=True) or find_date_parts(raw):
            if not part.ambiguous:
                continue
            if part.first > 12 >= part.second:
                day_first += 1
            elif part.second > 12 >= part.first:
                month_first += 1
    if day_first == month_first:
        return None
    return day_first > month_first


def written_day_first(texts: Iterable[str]) -> bool | None:
    """The day order the text writes dates in words: "31 March 2023" day first, "March 31,
    2023" month first (American banks) — a hint for figures-only dates that cannot tell;
    None when neither or both are written."""
    day_first = month_first = 0
    for text in texts:
        folded = _fold(text)
        day_first += sum(1 for _ in _DAY_MONTH.finditer(folded))
        month_first += sum(1 for m in _MONTH_DAY.finditer(folded) if m[1] not in _DAY_FIRST_ONLY)
    if day_first == month_first:
        return None
    return day_first > month_first


def _infer_year(month: int, day: int, period: tuple[date, date] | None) -> date | None:
    """Pick the year that puts month/day inside (or nearest to) the statement period."""
    if period is None:
        return None
    start, end = period
    best: tuple[int, date] | None = None
    for year in range(start.year - 1, end.year + 2):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        distance = (
            0
            if start <= candidate <= end
            else min(abs((candidate - start).days), abs((candidate - end).days))
        )
        if best is None or distance < best[0]:
            best = (distance, candidate)
    return None if best is None else best[1]


def resolve_date(
    parts: DateParts, *, day_first: bool = True, period: tuple[date, date] | None = None
) -> date | None:
    """Turn printed parts into a ``date`` using the statement's order and period."""
    if parts.ambiguous:
        day, month = (parts.first, parts.second) if day_first else (parts.second, parts.first)
    else:
        month, day = parts.first, parts.second
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if parts.year is None:
        return _infer_year(month, day, period)
    try:
        return date(parts.year, month, day)
    except ValueError:
        return None


def parse_date(
    text: str, *, day_first: bool = True, period: tuple[date, date] | None = None
) -> date | None:
    """Parse a cell that holds exactly one date; ``None`` when it does not."""
    parts = find_date_parts(text, whole=True)
    return resolve_date(parts[0], day_first=day_first, period=period) if parts else None


def find_dates(
    text: str, *, day_first: bool = True, period: tuple[date, date] | None = None
) -> list[date]:
    """Every date found anywhere in ``text`` (e.g. 'Period 01 Jan 2025 to 31 Jan 2025')."""
    resolved = (resolve_date(p, day_first=day_first, period=period) for p in find_date_parts(text))
    return [d for d in resolved if d is not None]


def within(value: date, period: tuple[date, date], slack_days: int = 0) -> bool:
    """True when ``value`` is inside the period, give or take ``slack_days``."""
    start, end = period
    return start - timedelta(days=slack_days) <= value <= end + timedelta(days=slack_days)


# digits tesseract takes for one another in small, speckled print
_DIGIT_SLIPS = {
    "0": "689", "1": "47", "2": "7", "3": "589", "4": "19", "5": "368",
    "6": "058", "7": "12", "8": "03569", "9": "0348",
}  # fmt: skip


def _slipped(day: date) -> set[date]:
    """The dates one misread digit of the day or the month away from ``day`` (a day's
    digit only as OCR confuses it; any month digit: the period leaves few months)."""
    found: set[date] = set()
    for part in ("day", "month"):
        digits = f"{getattr(day, part):02d}"
        for position, digit in enumerate(digits):
            for other in _DIGIT_SLIPS[digit] if part == "day" else "0123456789":
                value = int(digits[:position] + other + digits[position + 1 :])
                try:
                    found.add(day.replace(**{part: value}))
                except ValueError:
                    continue
    return found


def repair_ocr_dates(
    dates: list[date], repairable: list[bool], period: tuple[date, date] | None
) -> list[int]:
    """Fix OCR'd row dates that break the rows' date order; return the fixed indexes.

    A statement lists its rows in date order (oldest or newest first). Where two rows
    are out of order, one of them was misread: the row that takes exactly one date a
    single misread digit of its day or month explains, between its neighbours and
    inside the period, is fixed — when only one of the two can be, never a guess. A row
    dated outside the period is fixed the same way.
    """

    def inside(day: date) -> bool:
        return period is None or period[0] <= day <= period[1]

    within = [day for day in dates if inside(day)]
    if len(dates) < 3 or len(within) < 2:
        return []
    rising = sum(a <= b for a, b in itertools.pairwise(within))
    falling = sum(a >= b for a, b in itertools.pairwise(within))
    if max(rising, falling) < 0.75 * (len(within) - 1):
        return []  # not one dated sequence (sections by direction, several lists)
    step = 1 if rising >= falling else -1
    ordered = list(dates) if step == 1 else dates[::-1]
    flags = repairable if step == 1 else repairable[::-1]

    def repair(index: int) -> date | None:
        if not flags[index]:
            return None
        low = ordered[index - 1] if index else None
        high = ordered[index + 1] if index + 1 < len(ordered) else None
        fitting = {
            c
            for c in _slipped(ordered[index])
            if inside(c) and (low is None or low <= c) and (high is None or c <= high)
        }
        return fitting.pop() if len(fitting) == 1 else None

    fixed: list[int] = []
    for index in range(len(ordered)):
        suspects = []
        if not inside(ordered[index]):
            suspects = [index]
        elif index + 1 < len(ordered) and ordered[index] > ordered[index + 1]:
            suspects = [index, index + 1]
        found = [(i, d) for i in suspects if (d := repair(i)) is not None]
        if len(found) == 1:
            at, day = found[0]
            ordered[at] = day
            fixed.append(at if step == 1 else len(dates) - 1 - at)
    dates[:] = ordered if step == 1 else ordered[::-1]
    return sorted(fixed)
