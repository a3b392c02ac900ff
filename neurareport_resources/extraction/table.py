"""One page's transaction table, found from its content: no header row is needed.

A transaction line carries a date where the page's dates line up (a date column) and
amounts to its right. Amounts line up too: their boxes overlap down the page, whatever
the alignment, so overlapping amount boxes form the money columns. Every line of the
page then becomes a ``LineRecord`` saying what it holds in those columns — the statement
level (``rows``) decides which lines are transactions, continuations, headings, balances
or totals, and arithmetic (``roles``) decides what each money column means.

A header row, when there is one, only labels the columns it sits above (a hint).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from statistics import median

from neurareport_resources.extraction.dates import DateParts
from neurareport_resources.extraction.labels import role_of_label, special_row_kind
from neurareport_resources.extraction.numbers import is_currency_mark, scan_money
from neurareport_resources.extraction.tokens import BLANK, DATE, MONEY, TEXT, Token, tokenize
from neurareport_resources.extraction.words import Line, Word

ANCHOR, DATED, MONEY_LINE, TEXT_LINE, OUTSIDE = "anchor", "dated", "money", "text", "outside"


@dataclass
class MoneyColumn:
    """Amounts that line up down the page; ``hint`` is the role its header label names."""

    x0: float
    x1: float
    count: int = 0
    label: str | None = None
    hint: str | None = None
    # where its amounts line up: median right edge, number end and left edge (the order of
    # _EDGE_FUNCTIONS)
    edges: tuple[float, float, float] = (0.0, 0.0, 0.0)

    @property
    def middle(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class LineRecord:
    """What one line of a table page holds, in the page's columns."""

    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    kind: str  # anchor | dated | money | text | outside
    dates: list[Token] = field(default_factory=list)  # the row date (first date column)
    other_dates: list[Token] = field(default_factory=list)  # value / posting date columns
    cells: dict[int, Token] = field(default_factory=dict)  # money column index -> amount
    text: str = ""  # everything else on the line, left to right
    text_x0: float | None = None
    text_tokens: list[Token] = field(default_factory=list)
    references: list[Token] = field(default_factory=list)  # reference / cheque number cells
    line_text: str = ""
    bold: bool = False

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)


@dataclass
class PageLayout:
    """The table of one page: its columns and every line from the table's first row on."""

    page: int
    date_columns: list[float]
    date_labels: list[str | None]
    money_columns: list[MoneyColumn]
    description_x0: float
    records: list[LineRecord]
    lines_above: list[Line]
    header_found: bool
    ocr: bool = False

    @property
    def row_count(self) -> int:
        return sum(1 for r in self.records if r.kind in (ANCHOR, MONEY_LINE))


def _cluster(values: list[float], tolerance: float) -> list[list[float]]:
    groups: list[list[float]] = []
    for value in sorted(values):
        if groups and value - groups[-1][-1] <= tolerance:
            groups[-1].append(value)
        else:
            groups.append([value])
    return groups


def _leading_date(tokens: list[Token]) -> Token | None:
    """The date that starts a row: among the first two tokens, before any amount."""
    for token in tokens[:3]:
        if token.kind == MONEY:
            return None
        if token.kind == DATE:
            return token
        if token.kind == TEXT and len(token.text) > 12:
            return None  # a description before any date: not a row start
    return None


def _money_columns(tokens: list[Token], tolerance: float) -> list[MoneyColumn]:
    """Amounts that line up form a column. Two amounts line up when their boxes end at the
    same place, or their numbers do (a sign or "CR" printed after some of them), or their
    boxes start at the same place (left-aligned amounts); amounts of different columns
    share none of these edges."""
    parent = list(range(len(tokens)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for edge in _EDGE_FUNCTIONS:
        order = sorted(range(len(tokens)), key=lambda i: edge(tokens[i]))
        for a, b in itertools.pairwise(order):
            if edge(tokens[b]) - edge(tokens[a]) <= tolerance:
                parent[find(b)] = find(a)
    groups: dict[int, list[Token]] = {}
    for index, token in enumerate(tokens):
        groups.setdefault(find(index), []).append(token)
    columns = [
        MoneyColumn(
            min(t.x0 for t in members),
            max(t.x1 for t in members),
            len(members),
            edges=(
                median(t.x1 for t in members),
                median(t.number_x1 for t in members),
                median(t.x0 for t in members),
            ),
        )
        for members in groups.values()
    ]
    return sorted(columns, key=lambda c: c.x1)


def _right(token: Token) -> float:
    return token.x1


def _number_end(token: Token) -> float:
    """Where the number itself ends (before a trailing sign, marker or currency)."""
    return token.number_x1


def _left(token: Token) -> float:
    return token.x0


_EDGE_FUNCTIONS = (_right, _number_end, _left)


def _column_of(
    token: Token, columns: list[MoneyColumn], slack: float, *, aligned_only: bool = False
) -> int | None:
    """The money column an amount belongs to: the one it lines up with, else (unless
    ``aligned_only``) the one its box overlaps most."""
    x1, number_x1, x0 = token.x1, token.number_x1, token.x0
    distance, index = 1e9, -1
    for i, column in enumerate(columns):
        right, number, left = column.edges
        nearest = min(abs(x1 - right), abs(number_x1 - number), abs(x0 - left))
        if nearest < distance:
            distance, index = nearest, i
    if distance <= max(slack, 2.0) * 1.5:
        return index
    if aligned_only:
        return None
    best, overlap_best = None, 0.0
    for index, column in enumerate(columns):
        overlap = min(token.x1, column.x1 + slack) - max(token.x0, column.x0 - slack)
        if overlap > overlap_best:
            best, overlap_best = index, overlap
    return best


def read_page(lines: list[Line], page: int, *, ocr: bool = False) -> PageLayout | None:
    """The page's table, or None when no line starts with a date and carries an amount."""
    tokenized = [tokenize(line, ocr=ocr) for line in lines]
    tolerance = 8.0 if ocr else 3.0
    _day_months_read_as_amounts(tokenized, tolerance)
    grid = _balance_grid_lines(tokenized, tolerance)
    starts: list[tuple[int, Token]] = []
    for index, tokens in enumerate(tokenized):
        if index in grid:
            continue
        first = _leading_date(tokens)
        if first is not None and any(t.kind == MONEY and t.x0 > first.x1 for t in tokens):
            starts.append((index, first))
    late = _dates_after_descriptions(tokenized, grid, tolerance)
    if late:
        starts = late
    if len(starts) < 3:
        under = _dates_under_amounts(tokenized, grid, tolerance)
        over = _dates_over_amounts(tokenized, grid, tolerance)
        if len(over) > max(len(starts), len(under)):
            for index, _ in over:  # the amounts move up to their row's dated first line
                money = [t for t in tokenized[index + 1] if t.kind == MONEY]
                tokenized[index] = [*tokenized[index], *money]
                tokenized[index + 1] = [t for t in tokenized[index + 1] if t.kind != MONEY]
            starts = over
        elif len(under) > len(starts):
            for index, date_token in under:  # the date moves up to its amounts' line
                tokenized[index] = [date_token, *tokenized[index]]
                tokenized[index + 1] = tokenized[index + 1][1:]
            late = starts = under
    if not starts:
        return None
    groups = _cluster([token.x0 for _, token in starts], tolerance)
    needed = 1 if len(starts) < 4 else 2
    date_groups = [g for g in groups if len(g) >= needed]
    if not date_groups:
        return None
    main = max(date_groups, key=len)
    # dates printed once a day beside a second date on every row: the second column holds
    # more line starts, but the rows whose first date is further left print both
    for group in sorted(groups, key=min):  # even one such row: a new day's first
        if median(group) >= median(main) - tolerance:
            break
        rows = [index for index, token in starts if min(group) <= token.x0 <= max(group)]
        both = sum(
            any(t.kind == DATE and abs(t.x0 - median(main)) <= tolerance for t in tokenized[i][1:])
            for i in rows
        )
        if both * 2 >= len(rows):
            main = group
            break
    date_x = median(main)
    anchors = [(i, t) for i, t in starts if abs(t.x0 - date_x) <= tolerance * 2]
    first_anchor = anchors[0][0]
    anchor_set = {i for i, _ in anchors}
    # a second date column: dates right of the row date that line up (value / posting date)
    second = [
        t.x0
        for i, _ in anchors
        for t in tokenized[i][1:5]
        # (not a date inside the description: "Card Purchase 03/04 Amazon.com")
        if t.kind == DATE and t.x0 > date_x + tolerance and not _inside_text(t, tokenized[i])
    ]
    date_columns = [date_x]
    # a second date on a third of the rows at least (one date may be printed once a day)
    support = max(2, -(-len(anchors) // 3)) if len(anchors) > 1 else 1
    # a date right after the row date is a second column's even on a few rows (printed
    # once a day); one further along must line up on more rows to be more than text
    adjacent = [
        tokenized[i][1].x0
        for i, _ in anchors
        if len(tokenized[i]) > 1
        and tokenized[i][1].kind == DATE
        and tokenized[i][1].x0 > date_x + tolerance
    ]
    second_groups = [g for g in _cluster(second, tolerance) if len(g) >= support] or [
        g for g in _cluster(adjacent, tolerance) if len(g) >= 2
    ]
    if second_groups:
        date_columns.append(median(sorted(second_groups, key=len)[-1]))
    last_date_x1 = max(
        (
            t.x1
            for i, _ in anchors
            for t in tokenized[i]
            if t.kind == DATE and abs(t.x0 - date_columns[-1]) <= tolerance * 2
        ),
        default=date_x,
    )
    if late:  # the date printed after the description: amounts may stand before it
        last_date_x1 = 0.0
    elif len(date_columns) > 1 and _amounts_before(tokenized, anchors, date_x, date_columns[1]):
        # the value date printed between the amounts and the balance (Swiss banks:
        # "Debit  Credit  Value  Balance"): amounts start after the row date
        last_date_x1 = max(
            (t.x1 for i, _ in anchors for t in tokenized[i][:1] if t.kind == DATE), default=date_x
        )
    money_tokens = [
        t
        for i, _ in anchors
        for t in tokenized[i]
        if t.kind == MONEY and t.x0 >= last_date_x1 - 1 and not _inside_text(t, tokenized[i])
    ]
    # undated lines between the first and the last row also hold amounts (dates printed
    # once per day, balances on a day's last row)
    # (but an amount inside a description's second line, left of every row's amounts,
    # is text: "USD 45.00 @ 1.2712")
    last_anchor = anchors[-1][0]
    leftmost = min((t.x0 for t in money_tokens), default=0.0)
    # a money column's label that no dated row's amount stands under: a column for rows
    # whose dates are printed once a day (a card's one payment)
    labelled = [
        (x0, x1)
        for x0, x1 in _money_labels(lines[max(0, first_anchor - 6) : first_anchor])
        if not any(_beneath((x0, x1), t) for t in money_tokens)
    ]
    for index in range(first_anchor, last_anchor + 1):
        if index not in anchor_set:
            line_money = [t for t in tokenized[index] if t.kind == MONEY]
            if any(
                t.x1 > leftmost or _standing_apart(t, tokenized[index], labelled)
                for t in line_money
            ):
                # a row of its own (its date printed once a day): every amount standing
                # apart is a cell, even in a column no dated row uses
                money_tokens.extend(
                    t
                    for t in line_money
                    if t.x1 > leftmost or not _inside_text(t, tokenized[index])
                )
    columns = _money_columns(money_tokens, tolerance + 2)
    columns = _drop_text_columns(columns, tokenized[first_anchor : last_anchor + 1], len(anchors))
    if not columns:
        return None
    description_x0, references = _text_columns(tokenized, anchors, columns, tolerance, bool(late))
    markers = _marker_columns(tokenized, anchors, columns, tolerance)
    start = _first_table_line(lines, tokenized, first_anchor, columns, tolerance)
    records: list[LineRecord] = []
    for index in range(start, len(lines)):
        if index in grid:
            records.append(_line_record(lines[index], tokenized[index], page, OUTSIDE))
            continue
        records.append(
            _record(
                lines[index],
                tokenized[index],
                page,
                date_columns,
                columns,
                tolerance,
                index in anchor_set,
                references,
                description_x0,
                markers,
                bool(late),
            )
        )
    header_line, labels_found = _label_columns(lines[:start], columns, date_columns)
    date_labels = _date_labels(header_line, date_columns)
    above = lines[:start]
    return PageLayout(
        page=page,
        date_columns=date_columns,
        date_labels=date_labels,
        money_columns=columns,
        description_x0=description_x0,
        records=records,
        lines_above=above,
        header_found=labels_found,
        ocr=ocr,
    )


# "02.03": a day and month with a dot, no year (French banks) — read as an amount at first
_DAY_DOT_MONTH = re.compile(r"(0[1-9]|[12]\d|3[01])\.(0[1-9]|1[0-2])")


def _day_months_read_as_amounts(tokenized: list[list[Token]], tolerance: float) -> None:
    """Rows that start with "02.03" — a day and month printed like an amount, as French
    banks print the booking and value dates — on a page where no line starts with a date:
    when three lines or more start so, lined up, with an amount further on, those cells
    (and a second column of them on the same lines) are dates."""
    if any(
        tokens and tokens[0].kind == DATE and any(t.kind == MONEY for t in tokens[1:])
        for tokens in tokenized
    ):
        return
    lines = [
        index
        for index, tokens in enumerate(tokenized)
        if len(tokens) > 1
        and tokens[0].kind == MONEY
        and _DAY_DOT_MONTH.fullmatch(tokens[0].text)
        and any(t.kind == MONEY and not _DAY_DOT_MONTH.fullmatch(t.text) for t in tokens[1:])
    ]
    cells = [(i, position) for i in lines for position, t in enumerate(tokenized[i])
             if t.kind == MONEY and _DAY_DOT_MONTH.fullmatch(t.text)]  # fmt: skip
    columns = [
        g for g in _cluster([tokenized[i][p].x0 for i, p in cells], tolerance) if len(g) >= 3
    ]
    if not columns or min(columns[0]) > min(tokenized[i][0].x0 for i in lines) + tolerance:
        return
    for index, position in cells:
        token = tokenized[index][position]
        if any(min(g) <= token.x0 <= max(g) for g in columns):
            day, month = _DAY_DOT_MONTH.fullmatch(token.text).groups()  # type: ignore[union-attr]
            parts = DateParts(None, int(day), int(month), True, (0, len(token.text)))
            tokenized[index][position] = Token(
                DATE, token.text, token.x0, token.top, token.x1, token.bottom, date=parts
            )


def _dates_after_descriptions(
    tokenized: list[list[Token]], grid: set[int], tolerance: float
) -> list[tuple[int, Token]]:
    """Rows that print the description first and the date in a column of its own further
    right ("REWE Markt GmbH      02.03.2023      -23,45€", as N26 prints them, or between the
    amounts and the balance: "PAYROLL   1,456.08   MAR01   2,690.64", as Canadian banks
    do): each line's first date, after text (and amounts) and before an amount, lined up on
    three lines or more. Only on a page where no line starts with a date; empty otherwise."""
    late: list[tuple[int, Token]] = []
    for index, tokens in enumerate(tokenized):
        if index in grid or not tokens:
            continue
        if tokens[0].kind == DATE and any(t.kind == MONEY for t in tokens):
            return []  # rows that start with their date: the usual reading
        for position, token in enumerate(tokens):
            if token.kind == DATE:
                if (
                    position
                    and tokens[0].kind == TEXT
                    and all(t.kind in (TEXT, MONEY, BLANK) for t in tokens[:position])
                    and not _inside_text(token, tokens)
                    and any(t.kind == MONEY for t in tokens[position + 1 :])
                ):
                    late.append((index, token))
                break
    groups = _cluster([token.x0 for _, token in late], tolerance)
    column = max(groups, key=len, default=[])
    if len(column) < 3:
        return []
    return [(i, t) for i, t in late if min(column) <= t.x0 <= max(column)]


def _dates_under_amounts(
    tokenized: list[list[Token]], grid: set[int], tolerance: float
) -> list[tuple[int, Token]]:
    """Rows whose amounts stand on the description's line and whose date starts the line
    under it (Wise: "Card transaction of 12.50 GBP issued by Tesco   -12.50   1,221.06"
    over "1 March 2023  Transaction: CARD-123"), on a page where hardly a line holds both:
    (amount line, date) for three such rows at least, dates lined up, most amount lines.
    The rest of the date's line stays a continuation."""
    pairs: list[tuple[int, Token]] = []
    money_lines = 0
    for index, tokens in enumerate(tokenized[:-1]):
        if index in grid or not any(t.kind == MONEY for t in tokens):
            continue
        money_lines += 1
        below = tokenized[index + 1]
        if (
            tokens[0].kind == TEXT
            and not any(t.kind == DATE for t in tokens)
            and below
            and below[0].kind == DATE
            and not any(t.kind == MONEY for t in below)
        ):
            pairs.append((index, below[0]))
    return _lined_up(pairs, money_lines, tolerance)


def _dates_over_amounts(
    tokenized: list[list[Token]], grid: set[int], tolerance: float
) -> list[tuple[int, Token]]:
    """Rows whose date starts a first line of details and whose amounts stand on the line
    under it, the details' last ("01 Mar 23  VIS  TESCO STORES" over "REF 000123   12.50
    1,221.06", as HSBC UK prints them), on a page where hardly a line holds both: (dated
    line, date) for three such rows at least, dates lined up, most amount lines. The
    amount line's words stay a continuation of the row."""
    pairs: list[tuple[int, Token]] = []
    money_lines = sum(
        1
        for i, tokens in enumerate(tokenized)
        if i not in grid and any(t.kind == MONEY for t in tokens)
    )
    for index, tokens in enumerate(tokenized[:-1]):
        below = tokenized[index + 1]
        if (
            index not in grid
            and tokens
            and tokens[0].kind == DATE
            and not any(t.kind == MONEY for t in tokens)
            and any(t.kind == MONEY for t in below)
            and not any(t.kind == DATE for t in below)
        ):
            pairs.append((index, tokens[0]))
    return _lined_up(pairs, money_lines, tolerance)


def _lined_up(
    pairs: list[tuple[int, Token]], money_lines: int, tolerance: float
) -> list[tuple[int, Token]]:
    """The (line, date) pairs whose dates line up, when three rows at least and most of
    the page's amount lines are read so; empty otherwise."""
    column = max(_cluster([t.x0 for _, t in pairs], tolerance), key=len, default=[])
    if len(column) < 3 or 2 * len(column) < money_lines:
        return []
    return [(i, t) for i, t in pairs if min(column) <= t.x0 <= max(column)]


def _date_amount_pairs(tokens: list[Token]) -> int:
    """How many times a line repeats a date followed by an amount, if that is all it holds
    ("03/01  5,153.46   03/02  5,314.56"); 0 otherwise."""
    kinds = [t.kind for t in tokens]
    if not kinds or len(kinds) % 2 or kinds[::2].count(DATE) != len(kinds) // 2:
        return 0
    return len(kinds) // 2 if kinds[1::2].count(MONEY) == len(kinds) // 2 else 0


def _balance_grid_lines(tokenized: list[list[Token]], tolerance: float) -> set[int]:
    """Lines of a daily-balance grid ("DAILY ENDING BALANCE": date, balance, date, balance…
    across the page): no transactions. Its last line may hold one pair only."""
    grid: set[int] = set()
    first_x: float | None = None
    for index, tokens in enumerate(tokenized):
        pairs = _date_amount_pairs(tokens)
        if pairs >= 2:
            grid.add(index)
            first_x = tokens[0].x0
        elif (
            pairs == 1
            and first_x is not None
            and index - 1 in grid
            and abs(tokens[0].x0 - first_x) <= tolerance
        ):
            grid.add(index)
    return grid


def balance_grid_lines(lines: list[Line]) -> set[int]:
    """The indexes of ``lines`` that belong to a daily-balance grid."""
    return _balance_grid_lines([tokenize(line) for line in lines], 3.0)


def _line_record(line: Line, tokens: list[Token], page: int, kind: str) -> LineRecord:
    """A line's record before its cells are placed: where it is and what it says."""
    return LineRecord(
        page=page,
        top=line.top,
        bottom=line.bottom,
        x0=min((t.x0 for t in tokens), default=0.0),
        x1=max((t.x1 for t in tokens), default=0.0),
        kind=kind,
        line_text=" ".join(t.text for t in tokens),
        bold=line.bold,
    )


def _amounts_before(
    tokenized: list[list[Token]],
    anchors: list[tuple[int, Token]],
    date_x: float,
    second_x: float,
) -> bool:
    """Whether most rows print an amount standing apart between the row date and the second
    date column — the second date is then a column among the amounts, not before them."""
    rows = sum(
        any(
            t.kind == MONEY and date_x < t.x0 and t.x1 < second_x and not _inside_text(t, tokens)
            for t in tokens
        )
        for tokens in (tokenized[i] for i, _ in anchors)
    )
    return rows * 2 > len(anchors)


def _money_labels(lines: list[Line]) -> list[tuple[float, float]]:
    """Where the column header names money columns (debit, credit, amount): x0, x1."""
    return [
        (chunk.x0, chunk.x1)
        for line in lines
        for chunk in line.chunks
        if role_of_label(chunk.text) in ("debit", "credit", "amount")
    ]


def _beneath(label: tuple[float, float], token: Token) -> bool:
    """Whether an amount stands under a header label (x0, x1), give or take a few points."""
    x0, x1 = label
    return x0 - 10 <= token.x1 and token.x0 <= x1 + 10


def _standing_apart(token: Token, tokens: list[Token], labelled: list[tuple[float, float]]) -> bool:
    """An amount under a money column's label, a column's gap away from the text before it,
    with nothing after it but amounts: a cell (a card's one payment, in a column no dated
    row uses) — not part of the words ("USD 45.00 @ 1.2712"), nor a fee block's sub-line
    ("Sollzinsen 6.28%   29.24") in no labelled column."""
    if not any(_beneath(label, token) for label in labelled):
        return False
    height = max(token.bottom - token.top, 1.0)
    before = [t for t in tokens if t.x1 <= token.x0]
    after = [t for t in tokens if t.x0 >= token.x1]
    return (
        bool(before)
        and token.x0 - max(t.x1 for t in before) > 3 * height
        and all(t.kind in (MONEY, BLANK) for t in after)
    )


def _inside_text(token: Token, tokens: list[Token]) -> bool:
    """An amount with words right before and right after it is part of a phrase ("CARD
    2471 04.06 ROMA", "fee 0.50 incl."), not a cell: cells stand apart."""
    height = max(token.bottom - token.top, 1.0)
    before = any(t.kind == TEXT and 0 <= token.x0 - t.x1 < 1.2 * height for t in tokens)
    after = any(t.kind == TEXT and 0 <= t.x0 - token.x1 < 1.2 * height for t in tokens)
    return before and after


def _first_table_line(
    lines: list[Line],
    tokenized: list[list[Token]],
    first_anchor: int,
    columns: list[MoneyColumn],
    tolerance: float,
) -> int:
    """The table may begin above its first dated row: a brought-forward balance, undated,
    right under the column header (or above a section heading), its amount in a money
    column."""
    start = first_anchor
    probe = first_anchor
    while probe > 0:
        tokens = tokenized[probe - 1]
        money = [t for t in tokens if t.kind == MONEY]
        gap = lines[probe].top - lines[probe - 1].bottom
        height = max(lines[probe].bottom - lines[probe].top, 1.0)
        labels = sum(1 for chunk in lines[probe - 1].chunks if role_of_label(chunk.text))
        # (a dated line is a row of its own, unless it names a balance at a date ("Kontostand
        # am 28.02.2023, Auszug Nr. 2   11.234,56 +"): that brings the balance forward)
        dated = any(t.kind == DATE for t in tokens) and not (
            tokens[0].kind != DATE
            and special_row_kind(lines[probe - 1].text) in ("forward", "opening")
        )
        if gap > 2.0 * height or labels >= 2 or dated:
            break
        if not money:
            words = sum(len(t.text.split()) for t in tokens)
            if words > 4:
                break
            probe -= 1  # a section heading between: look on above it
            continue
        if any(_column_of(t, columns, tolerance, aligned_only=True) is None for t in money):
            break  # a summary box above the table: its amounts stand elsewhere
        probe -= 1
        start = probe
    return start


def _drop_text_columns(
    columns: list[MoneyColumn], tokenized: list[list[Token]], rows: int
) -> list[MoneyColumn]:
    """Amounts that other rows' text runs across more often than the column holds amounts
    are part of descriptions ("RETRAIT DAB PORTO 26.06" on two rows of thirty)."""
    if rows < 2:
        return columns
    kept = []
    for column in columns:
        crossed = sum(
            1
            for tokens in tokenized
            for t in tokens
            if t.kind == TEXT and t.x0 < column.x1 and t.x1 > column.x0 and len(t.text) > 3
        )
        if crossed < max(2, 2 * column.count):
            kept.append(column)
    return kept


# what a separate sign column prints beside an unsigned amount
MARKER_TEXTS = frozenset(
    {"+", "-", "−", "CR", "DR", "Cr", "Dr", "cr", "dr", "DB", "Db", "S", "H", "D", "C", "Soll",
     "Haben"}
)  # fmt: skip


def _marker_columns(
    tokenized: list[list[Token]],
    anchors: list[tuple[int, Token]],
    columns: list[MoneyColumn],
    tolerance: float,
) -> dict[float, int]:
    """Sign columns: a marker ('+', '-', 'DR', 'S'...) printed apart right of a money column
    on most rows; maps the marker column's x to the money column it signs."""
    found: dict[int, list[float]] = {}
    texts: dict[int, list[tuple[float, str]]] = {}
    for index, _ in anchors:
        # a dash's own box is flat: measure distances in the line's text height
        height = max((t.bottom - t.top for t in tokenized[index]), default=1.0)
        for token in tokenized[index]:
            if token.marker_x0 is not None and token.money is not None and token.money.marker:
                # a marker printed apart that joined its amount shows the column too
                x, text = token.marker_x0, token.text.split()[-1]
            elif token.text in MARKER_TEXTS and token.kind in (TEXT, BLANK):
                x, text = token.x0, token.text
            else:
                continue
            for number, column in enumerate(columns):
                following = columns[number + 1].x0 if number + 1 < len(columns) else 1e9
                # from where its numbers end: the column's box takes in the markers some of
                # its amounts had joined ("2,119.60 H" beside "78.37    S")
                end = min(column.x1, column.edges[1] or column.x1)
                if end - 1 <= x < following and x - end < 6 * height:
                    found.setdefault(number, []).append(x)
                    texts.setdefault(number, []).append((x, text))
                    break
    support = max(2, (len(anchors) * 2) // 5) if len(anchors) > 2 else 1
    markers: dict[float, int] = {}
    for number, xs in found.items():
        for group in _cluster(xs, tolerance):
            printed = {t for x, t in texts[number] if group[0] <= x <= group[-1]}
            # a column of dashes alone is empty cells of another money column, not signs
            if len(group) >= support and not printed <= {"-", "−", "--"}:
                markers[median(group)] = number
    return markers


def _marker_cell(token: Token, markers: dict[float, int], tolerance: float) -> int | None:
    if token.text not in MARKER_TEXTS:
        return None
    for x, column in markers.items():
        if abs(token.x0 - x) <= 2 * tolerance:
            return column
    return None


def _text_columns(
    tokenized: list[list[Token]],
    anchors: list[tuple[int, Token]],
    columns: list[MoneyColumn],
    tolerance: float,
    dates_after_text: bool = False,
) -> tuple[float, list[float]]:
    """Where descriptions start, and the columns of short codes beside them (reference or
    cheque numbers, transaction types) that are not part of the description.

    Text that starts at the same place on most rows is a column; of those the one with the
    longest texts is the description.
    """
    texts: list[Token] = []
    # a serial number printed before the row date ("S No.", "Sl. No."): a column of its own
    leading: list[tuple[float, int]] = []
    for index, date_token in anchors:
        for token in tokenized[index]:
            if token.kind == TEXT and (
                token.x0 > date_token.x1
                or (dates_after_text and (token.x1 < date_token.x0 or token.top != date_token.top))
            ):
                texts.append(token)
            elif token.kind == TEXT and token.x1 < date_token.x0 and token.text.isdigit():
                leading.append((token.x0, len(token.text)))
    # columns need rows to show: on a page of a few rows every word would line up
    support = max(3, len(anchors) // 2) if len(anchors) >= 4 else len(anchors) + 1
    serials = [min(x for x, _ in g) for g in _aligned(leading, tolerance, support)]
    if not texts:
        return anchors[0][1].x1 + 2, serials
    starts = [(token.x0, len(token.text)) for token in texts]
    aligned = _aligned(starts, tolerance, support)
    if len(aligned) > 1:
        # a long reference runs up to the description with a word space between: measure
        # each text as cut where another column starts, so the joined cells do not make the
        # reference column look like descriptions
        column_xs = [min(x for x, _ in g) for g in aligned]
        starts = [cut for token in texts for cut in _cut_at_columns(token, column_xs, tolerance)]
        aligned = _aligned(starts, tolerance, support)
    if not aligned:
        first_texts = [
            next((t.x0 for t in tokenized[i] if t.kind == TEXT and t.x0 > d.x1), None)
            for i, d in anchors
        ]
        present = [x for x in first_texts if x is not None]
        return (min(present) if present else anchors[0][1].x1 + 2), serials
    description = max(aligned, key=lambda g: sum(size for _, size in g) / len(g))
    description_x0 = min(x for x, _ in description)
    reach = _description_reach(tokenized, anchors, description_x0, tolerance)
    references = [
        min(x for x, _ in g)
        for g in aligned
        if g is not description
        and sum(size for _, size in g) / len(g) <= 16
        # words repeated at one place inside descriptions ("PAYMENT POS ...") are not a
        # column: a real column starts where no row's description still runs
        and (min(x for x, _ in g) < description_x0 or min(x for x, _ in g) > reach)
    ]
    return description_x0, serials + references


def _cut_at_columns(
    token: Token, column_xs: list[float], tolerance: float
) -> list[tuple[float, int]]:
    """(left edge, length) of the pieces of a text token cut before each word that starts
    at one of ``column_xs`` (right of the token's own start)."""
    parts = token.parts or []
    cuts = [0] + [
        i
        for i, word in enumerate(parts)
        if i and any(x > token.x0 + tolerance and abs(word.x0 - x) <= tolerance for x in column_xs)
    ]
    if len(cuts) == 1:
        return [(token.x0, len(token.text))]
    ends = [*cuts[1:], len(parts)]
    return [
        (parts[a].x0, len(" ".join(w.text for w in parts[a:b])))
        for a, b in zip(cuts, ends, strict=True)
    ]


def _aligned(
    starts: list[tuple[float, int]], tolerance: float, support: int
) -> list[list[tuple[float, int]]]:
    """The text starts (left edge, length) that line up on at least ``support`` rows."""
    groups: list[list[tuple[float, int]]] = []
    for x, size in sorted(starts):
        if groups and x - groups[-1][-1][0] <= tolerance:
            groups[-1].append((x, size))
        else:
            groups.append([(x, size)])
    return [g for g in groups if len(g) >= support]


def _description_reach(
    tokenized: list[list[Token]],
    anchors: list[tuple[int, Token]],
    description_x0: float,
    tolerance: float,
) -> float:
    """How far right most rows' descriptions run: the text from the description column on,
    word after word while the gaps stay word-sized. The reach of a typical row (the median),
    so one row whose text runs on into the next column does not hide it."""
    reaches: list[float] = []
    for index, _ in anchors:
        tokens = tokenized[index]
        start = next(
            (
                i
                for i, t in enumerate(tokens)
                if t.kind == TEXT and abs(t.x0 - description_x0) <= tolerance
            ),
            None,
        )
        if start is None:
            continue
        end = tokens[start].x1
        height = max(tokens[start].bottom - tokens[start].top, 1.0)
        for token in tokens[start + 1 :]:
            if token.kind != TEXT or token.x0 - end > 1.2 * height:
                break
            end = token.x1
        reaches.append(end)
    reaches.sort()
    return reaches[len(reaches) // 2] if reaches else description_x0


def _record(
    line: Line,
    tokens: list[Token],
    page: int,
    date_columns: list[float],
    columns: list[MoneyColumn],
    tolerance: float,
    anchored: bool,
    references: list[float],
    description_x0: float,
    markers: dict[float, int],
    dates_after_text: bool = False,
) -> LineRecord:
    record = _line_record(line, tokens, page, TEXT_LINE)
    rest: list[Token] = []
    for position, token in enumerate(tokens):
        if token.kind == DATE:
            # the row date starts the line; a second date column may follow it or the
            # description (and is printed on rows whose row date is printed once a day)
            from_row_date = abs(token.x0 - date_columns[0])
            in_second_column = any(
                abs(token.x0 - x) <= min(tolerance, from_row_date) for x in date_columns[1:]
            )
            if (
                not record.dates
                and (dates_after_text or (position < 4 and not rest_has_text(rest)))
                and from_row_date <= tolerance * 2
                and not in_second_column
            ):
                record.dates.append(token)
                continue
            if any(abs(token.x0 - x) <= tolerance for x in date_columns[1:]):
                record.other_dates.append(token)
                continue
        if token.kind == MONEY and not _inside_text(token, tokens):
            column = _column_of(token, columns, tolerance)
            if column is not None and column not in record.cells:
                record.cells[column] = token
                continue
        marker_of = _marker_cell(token, markers, tolerance)
        if marker_of is not None:
            cell = record.cells.get(marker_of)
            signed = scan_money(f"{cell.text} {token.text}") if cell is not None else None
            if cell is not None and signed is not None and cell.money and not cell.money.marker:
                cell.text, cell.money = f"{cell.text} {token.text}", signed
            continue
        if (
            token.kind == TEXT
            and position
            and tokens[position - 1].kind == MONEY
            and tokens[position - 1] in record.cells.values()
            and is_currency_mark(token.text)
        ):
            continue  # the amount's currency, printed apart in a column of its own
        if token.kind == BLANK and not _inside_text(token, tokens):
            continue  # an empty cell's dash, not "PAYMENT RECEIVED - THANK YOU"
        if token.kind == TEXT and any(abs(token.x0 - x) <= tolerance for x in references):
            # a reference cell, unless it ran on into the description column
            split = (
                token.split_at(description_x0 - tolerance) if token.x0 < description_x0 else None
            )
            if split is not None:
                record.references.append(split[0])
                rest.append(split[1])
            elif not (token.x0 < description_x0 - tolerance < token.x1 - 2 * tolerance):
                record.references.append(token)
            else:
                rest.append(token)
            continue
        if (
            token.kind == TEXT
            and anchored
            and record.dates
            and record.dates[0].x1 < token.x0
            and token.x1 < description_x0 - tolerance
            and _CODE.fullmatch(token.text)
        ):
            # a code between the row date and where descriptions start: a cell of a column
            # too sparse to line up (a check number on one row of twenty)
            record.references.append(token)
            continue
        if token.kind == TEXT:
            later = [x for x in references if token.x0 + tolerance < x < token.x1 - tolerance]
            split = token.split_at(later[0] - tolerance) if later else None
            if split is not None:
                # a description that ran on into the reference column after it
                rest.append(split[0])
                record.references.append(split[1])
                continue
        rest.append(token)
    record.text_tokens = rest
    record.text = " ".join(t.text for t in rest)
    record.text_x0 = rest[0].x0 if rest else None
    if record.dates and not anchored and not record.cells:
        record.kind = DATED
    elif record.dates and (anchored or record.cells):
        record.kind = ANCHOR if record.cells else DATED
    elif record.cells:
        record.kind = MONEY_LINE
    return record


# one word of at most 16 letters, digits and dashes with a digit in it: a check or
# reference number
_CODE = re.compile(r"(?=[^\s]*\d)[\w\-/]{1,16}")


def rest_has_text(tokens: list[Token]) -> bool:
    """True once a line has shown description text (a date after it is part of the text)."""
    return any(t.kind == TEXT and len(t.text) > 3 and not t.text.isdigit() for t in tokens)


def _label_columns(
    above: list[Line], columns: list[MoneyColumn], date_columns: list[float]
) -> tuple[Line | None, bool]:
    """Name the money columns from the header above the table: the nearest line that labels
    them, with the words of a second header line joined to the labels they sit under or
    over ("Paid" / "out", "Posting" / "Date")."""
    recent = above[-4:]
    best: tuple[int, int] | None = None
    for index, line in enumerate(recent):
        mapped = sum(1 for chunk in line.chunks if role_of_label(chunk.text))
        if mapped >= 2 and (best is None or mapped >= best[0]):
            best = (mapped, index)
    if best is None:
        return None, False
    index = best[1]
    line = recent[index]
    neighbours = [
        other
        for other in (
            recent[index - 1] if index else None,
            recent[index + 1] if index + 1 < len(recent) else None,
        )
        if other is not None and abs(other.top - line.top) < 2.5 * max(line.bottom - line.top, 1.0)
    ]
    merged: list[Word] = []
    for chunk in line.chunks:
        parts = [chunk]
        for other in neighbours:
            parts += [c for c in other.chunks if _distance(c.x0, c.x1, chunk.x0, chunk.x1) <= 0]
        parts.sort(key=lambda c: (c.top, c.x0))
        merged.append(
            Word(" ".join(c.text for c in parts), chunk.x0, chunk.top, chunk.x1, chunk.bottom)
        )
    header = Line(merged)
    for column in columns:
        nearest = min(merged, key=lambda c: _distance(c.x0, c.x1, column.x0, column.x1))
        if _distance(nearest.x0, nearest.x1, column.x0, column.x1) < 40:
            role = role_of_label(nearest.text)
            column.label = nearest.text
            column.hint = role if role in ("debit", "credit", "amount", "balance") else None
    return header, True


def _date_labels(line: Line | None, date_columns: list[float]) -> list[str | None]:
    if line is None:
        return [None] * len(date_columns)
    labels: list[str | None] = []
    for x in date_columns:
        nearest = min(line.chunks, key=lambda c: abs(c.x0 - x))
        labels.append(role_of_label(nearest.text) if abs(nearest.x0 - x) < 30 else None)
    return labels


def _distance(a0: float, a1: float, b0: float, b1: float) -> float:
    """0 when the spans overlap, else the gap between them."""
    return max(0.0, max(a0, b0) - min(a1, b1))


def date_parts(token: Token) -> DateParts:
    """The parsed date of a date token (set by the tokenizer)."""
    assert token.date is not None
    return token.date
