"""Table lines grouped into statement rows, on every page of one account.

Decided here, for the whole account at once: how each page's money columns line up with
the account's columns (pages may shift or drop a column), whether a row's amounts sit on
its first line or its last (some banks print the description first and the amounts on
its last line), which lines continue a description, which are section headings (whose
words can say "money in" or "money out"), and which rows only carry a balance or a total.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from neurareport_resources.extraction.dates import is_month_heading
from neurareport_resources.extraction.labels import (
    is_list_heading,
    is_page_number,
    section_sign,
    special_row_kind,
)
from neurareport_resources.extraction.table import (
    ANCHOR,
    DATED,
    MONEY_LINE,
    TEXT_LINE,
    LineRecord,
    MoneyColumn,
    PageLayout,
)
from neurareport_resources.extraction.tokens import Token

_FX_WORDS = ("@", " rate", "kurs", "taux", "cambio", "exchange", "wechselkurs", "fx ")


@dataclass
class Row:
    """One statement row before its amounts are signed: cells by the account's columns."""

    page: int
    dates: list[Token]  # the row date: its own, or the last one printed above it
    cells: dict[int, Token]
    description: list[str]
    bbox: tuple[float, float, float, float]
    special: str | None = None  # opening | closing | subtotal (by its words)
    section_sign: int | None = None  # +1 / -1 from the section heading above it
    date_inherited: bool = False
    lines: int = 1
    other_dates: list[Token] = field(default_factory=list)  # value or posting date

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.description).split())


@dataclass
class AccountColumns:
    """The account's money columns (from its widest page) and each page's mapping to them."""

    columns: list[MoneyColumn]
    page_maps: dict[int, dict[int, int]] = field(default_factory=dict)


def align_columns(layouts: list[PageLayout]) -> AccountColumns:
    """Map every page's money columns onto the account's columns.

    The widest page defines the columns. A page with as many columns maps by order; a
    page with fewer maps by its header labels, else by position after the shift that
    lines the pages up best (a later page may move its table).
    """
    reference = max(layouts, key=lambda layout: (len(layout.money_columns), -layout.page))
    account = AccountColumns(list(reference.money_columns))
    canon = account.columns
    full = [layout for layout in layouts if len(layout.money_columns) == len(canon)]
    for layout in full:
        account.page_maps[layout.page] = {i: i for i in range(len(canon))}
    for layout in layouts:
        own = layout.money_columns
        if len(own) == len(canon):
            continue
        # a full page nearby printed the same narrower table: its columns stand where this
        # page's stand (a statement's later pages may narrow or move the table together)
        for other in sorted(full, key=lambda f: abs(f.page - layout.page)):
            found = _mapping_for_shift(own, other.money_columns, 0.0)
            if found is not None and found[0] <= 3.0 * len(own):
                account.page_maps[layout.page] = found[1]
                break
        else:
            # the date column moves with the table: a page whose table moved says how far
            moved = (
                reference.date_columns[0] - layout.date_columns[0]
                if layout.date_columns and reference.date_columns
                else 0.0
            )
            account.page_maps[layout.page] = _map_by_position(own, canon, moved)
    return account


def _map_by_position(
    own: list[MoneyColumn], canon: list[MoneyColumn], moved: float = 0.0
) -> dict[int, int]:
    """Each of a page's columns to the account column where it stands — or, when the page's
    table moved, where it stands after the shift that lines the columns up best. ``moved``
    is how far the page's dates moved: a page with one column lines up with any column
    once shifted, and only the dates say which shift is the table's."""
    unshifted = _mapping_for_shift(own, canon, 0.0)
    for found in (unshifted, _mapping_for_shift(own, canon, moved) if moved else None):
        if found is not None and found[0] <= 6.0 * len(own):
            return found[1]
    best = unshifted
    for anchor_own in range(len(own)):
        for anchor_canon in range(len(canon)):
            trial = _mapping_for_shift(own, canon, canon[anchor_canon].x1 - own[anchor_own].x1)
            if trial is not None and (best is None or trial[0] < best[0]):
                best = trial
    return best[1] if best else {i: i for i in range(len(own))}


def _mapping_for_shift(
    own: list[MoneyColumn], canon: list[MoneyColumn], shift: float
) -> tuple[float, dict[int, int]] | None:
    mapping: dict[int, int] = {}
    cost = 0.0
    used: set[int] = set()
    for index, column in enumerate(own):
        options = [
            (abs(c.x1 - (column.x1 + shift)) + (0 if c.hint == column.hint else 5), j)
            for j, c in enumerate(canon)
            if j not in used
        ]
        if not options:
            return None
        distance, chosen = min(options)
        mapping[index] = chosen
        used.add(chosen)
        cost += distance
    return cost, mapping


def amounts_come_last(records: list[LineRecord], below: set[int]) -> bool:
    """True when rows start with a dated line of text and their amounts follow on a later
    line (more such rows than rows whose first line carries the amounts); ``below``: the
    value-date lines (:func:`value_date_lines`), which continue a row instead."""
    first = later = 0
    for record, following in itertools.pairwise(records):
        if record.kind == ANCHOR:
            first += 1
        elif (
            record.kind == DATED
            and record.text
            and following.kind in (TEXT_LINE, MONEY_LINE)
            and id(record) not in below
        ):
            later += 1
    return later > first


def value_date_lines(records: list[LineRecord]) -> set[int]:
    """Dated lines without amounts right under a row's first line, when most rows print one
    (the value date under the booking date: "01.03.2023 Lastschrift REWE   -23,45" over
    "01.03.2023 Mandat: M-12345"): they continue their row. ``id`` of each record."""
    anchors = below = 0
    found: set[int] = set()
    for record, following in itertools.pairwise(records):
        if record.kind == ANCHOR:
            anchors += 1
            if following.kind == DATED and following.page == record.page:
                below += 1
                found.add(id(following))
    return found if anchors >= 3 and below >= 0.6 * anchors else set()


def group_rows(layouts: list[PageLayout], account: AccountColumns) -> list[Row]:
    """The account's rows in reading order, with continuation lines joined to their row."""
    records = [r for layout in layouts for r in layout.records]
    below = value_date_lines(records)
    money_last = amounts_come_last(records, below)
    rows: list[Row] = []
    last_dates: list[Token] = []
    sign: int | None = None
    for layout in layouts:
        mapping = account.page_maps.get(layout.page, {})
        pitch = _line_pitch(layout.records)
        description_x0 = layout.description_x0
        current: Row | None = None
        pending: Row | None = None
        previous_bottom: float | None = None
        for record in layout.records:
            cells = {mapping.get(i, i): token for i, token in record.cells.items()}
            text = record.text
            if record.kind == ANCHOR:
                if pending is not None and current is not None:
                    current.description.extend(pending.description)
                pending = None
                current = _row(record, record.dates, cells, sign)
                rows.append(current)
                last_dates = record.dates
            elif record.kind == DATED and id(record) in below and current is not None:
                current.other_dates = current.other_dates or list(record.dates)
                if text:
                    current.description.append(text)
                current.bbox = _union(current.bbox, _bbox(record))
                current.lines += 1
            elif record.kind == DATED:
                last_dates = record.dates
                if text:
                    pending = _row(record, record.dates, {}, sign)
                    current = pending
                else:
                    current = pending = None
            elif record.kind == MONEY_LINE:
                if _is_fx_line(text) and current is not None and not pending:
                    current.description.append(text)
                elif pending is not None:
                    pending.cells.update(cells)
                    pending.other_dates = pending.other_dates or list(record.other_dates)
                    if text:
                        pending.description.append(text)
                    pending.bbox = _union(pending.bbox, _bbox(record))
                    pending.lines += 1
                    rows.append(pending)
                    current, pending = pending, None
                elif current is not None and not current.cells and not current.dates:
                    current.cells.update(cells)
                else:
                    current = _row(record, last_dates, cells, sign, inherited=True)
                    rows.append(current)
            elif record.kind == TEXT_LINE and text:
                # a heading starts left of the descriptions, is bold, names a section or a month
                # (a line's reference cells do not count: "BRANCH" under "VICTORIA ISLAND"
                # in a branch column left of the remarks continues its row)
                starts = record.text_x0 if record.text_x0 is not None else record.x0
                heading = (
                    starts < description_x0 - 4
                    or record.bold
                    or section_sign(text) is not None
                    or is_month_heading(text)
                    or is_page_number(text)
                    or is_list_heading(text)
                )
                near = previous_bottom is not None and record.top - previous_bottom < 1.6 * pitch
                if heading or not near:
                    # not a continuation: a heading or text apart from the table ends the row
                    if pending is not None and not pending.cells:
                        pending = None
                    signed = section_sign(text)
                    if signed is not None:
                        sign = signed
                    current = None
                    previous_bottom = record.bottom if heading else None
                    continue
                if pending is not None:
                    pending.description.append(text)
                    pending.lines += 1
                elif money_last and (current is None or current.cells):
                    pending = _row(record, last_dates, {}, sign, inherited=True)
                    current = pending
                elif current is not None:
                    current.description.append(text)
                    current.bbox = _union(current.bbox, _bbox(record))
                    current.lines += 1
            previous_bottom = record.bottom
    _name_special_rows(rows)
    return rows


def _name_special_rows(rows: list[Row]) -> None:
    """Balance and total rows by their words — trusted alone when the words are just the
    phrase; otherwise only on an undated row at a page's first or last row (a payee named
    "Transport for London" is a transaction). A row printed at either end of a page
    ("Transport", "Übertrag") brings a balance forward before the first transaction and
    carries it on after."""
    edges: set[int] = set()
    for index, row in enumerate(rows):
        if index == 0 or rows[index - 1].page != row.page:
            edges.add(index)
        if index == len(rows) - 1 or rows[index + 1].page != row.page:
            edges.add(index)
    seen_transaction = False
    for index, row in enumerate(rows):
        kind = special_row_kind(row.text) if row.text else None
        undated = not row.dates or row.date_inherited
        if kind == "subtotal":
            # a dated total only at a page's either end, its words alone ("Suma anterior")
            exact_at_edge = index in edges and special_row_kind(row.text, exact=True) is not None
            row.special = kind if undated or exact_at_edge else None
        elif kind is not None and (
            special_row_kind(row.text, exact=True) is not None
            or ((undated or _several_words(row.text)) and index in edges)
        ):
            row.special = kind
        if row.special == "forward":
            row.special = "closing" if seen_transaction else "opening"
        if row.special is None:
            seen_transaction = True


def _several_words(text: str) -> bool:
    """A balance phrase of several words ("Solde à reporter") names the row even when it is
    dated; a single word ("Transport") could be a payee."""
    return len(text.split()) >= 2


def _is_fx_line(text: str) -> bool:
    folded = f" {text.lower()} "
    return any(word in folded for word in _FX_WORDS)


def _row(
    record: LineRecord,
    dates: list[Token],
    cells: dict[int, Token],
    sign: int | None,
    *,
    inherited: bool = False,
) -> Row:
    return Row(
        page=record.page,
        dates=list(dates),
        cells=dict(cells),
        description=[record.text] if record.text else [],
        bbox=_bbox(record),
        section_sign=sign,
        date_inherited=inherited,
        other_dates=list(record.other_dates),
    )


def _line_pitch(records: list[LineRecord]) -> float:
    gaps = sorted(b.top - a.top for a, b in itertools.pairwise(records) if 0 < b.top - a.top < 40)
    if not gaps:
        return 14.0
    return gaps[len(gaps) // 2]


def _bbox(record: LineRecord) -> tuple[float, float, float, float]:
    return (record.x0, record.top, record.x1, record.bottom)


def _union(
    a: tuple[float, float, float, float], b: tuple[float, float, float, float]
) -> tuple[float, float, float, float]:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
