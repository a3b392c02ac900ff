"""Workbook layout: columns as wide as their content, print setup, charts that never overlap.

xlsxwriter's own ``autofit`` does not work in constant-memory mode (the cells are gone
by the time the sheet closes), so the writer measures values as it writes them and sets
the widths before the workbook closes; xlsxwriter writes ``<cols>`` and the chart anchors
then, so both use the final widths.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from xlsxwriter.worksheet import Worksheet

ROW_HEIGHT_PX = 20  # Excel's default row: 15 points
CHART_GAP_ROWS = 2
MIN_WIDTH = 6
MAX_WIDTH = 60
PADDING = 2
# a sheet wider than this (in characters) prints landscape
LANDSCAPE_FROM = 95
HEADER_FOOTER_MAX = 250  # Excel's limit is 255 characters per header or footer


def cell_chars(value: Any, kind: str) -> int:
    """Characters ``value`` takes once Excel formats it as a column of ``kind``."""
    if value is None:
        return 0
    if kind == "money":
        amount = Decimal(value) if not isinstance(value, Decimal) else value
        return len(f"{abs(amount):,.2f}") + (1 if amount < 0 else 0)
    if kind == "date":
        return 10  # yyyy-mm-dd
    if kind == "month":
        return 8  # mmm yyyy
    if kind == "percent":
        return 6  # 100.0%
    return len(value) if isinstance(value, str) else len(str(value))


class ColumnWidths:
    """The widest value seen per column, turned into Excel column widths."""

    def __init__(self, headers: Sequence[str], caps: Sequence[int] | None = None) -> None:
        self.headers = list(headers)
        self.caps = list(caps) if caps is not None else [MAX_WIDTH] * len(self.headers)
        # bold header text is ~10 % wider than body text
        self.chars = [math.ceil(len(h) * 1.1) for h in self.headers]

    def see(self, values: Sequence[Any], kinds: Sequence[str]) -> None:
        """Measure one written row (a row wider than the header widens the table)."""
        chars = self.chars
        for col, (value, kind) in enumerate(zip(values, kinds, strict=False)):
            if col >= len(chars):
                chars.append(0)
                self.caps.append(MAX_WIDTH)
            size = cell_chars(value, kind)
            if size > chars[col]:
                chars[col] = size

    def merge(self, other: ColumnWidths) -> None:
        """Take the wider of each column from ``other`` (rows written before a header)."""
        for col, size in enumerate(other.chars):
            if col < len(self.chars):
                self.chars[col] = max(self.chars[col], size)
            else:
                self.chars.append(size)
                self.caps.append(MAX_WIDTH)

    def widths(self) -> list[int]:
        """Column widths: content plus padding, at least MIN_WIDTH, at most the column's cap."""
        return [
            max(MIN_WIDTH, min(cap, size + PADDING))
            for size, cap in zip(self.chars, self.caps, strict=True)
        ]

    def apply(self, ws: Worksheet) -> int:
        """Set the widths on ``ws``; returns the sheet's width in characters."""
        widths = self.widths()
        for col, width in enumerate(widths):
            ws.set_column(col, col, width)
        return sum(widths)


def chars_for_pixels(pixels: int) -> int:
    """Column characters a ``pixels`` wide object spans (7 pixels a character at 11 pt)."""
    return math.ceil(pixels / 7)


def _header_text(text: str) -> str:
    # '&' starts a control code in Excel headers and footers
    return text.replace("&", "&&")[:HEADER_FOOTER_MAX]


def print_setup(
    ws: Worksheet,
    *,
    width_chars: int,
    header_row: int | None,
    title: str,
    subtitle: str = "",
) -> None:
    """A4, one page wide, landscape when wide, the header row repeated, running titles."""
    ws.set_paper(9)
    if width_chars > LANDSCAPE_FROM:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)  # one page wide, as many pages tall as needed
    ws.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.7)
    if header_row is not None:
        ws.repeat_rows(header_row)
    ws.set_header(f"&L&8{_header_text(title)}&R&8{_header_text(subtitle)}")
    ws.set_footer("&L&8NeuraReport&R&8Page &P of &N")


class ChartColumn:
    """Charts stacked in one column of a sheet, each starting below the previous one."""

    def __init__(self, ws: Worksheet, first_row: int, col: int) -> None:
        self.ws = ws
        self.next_row = first_row
        self.col = col

    def insert(self, chart: Any, width: int, height: int) -> tuple[int, int]:
        """Insert ``chart`` at ``width`` x ``height`` pixels; returns its (row, col)."""
        chart.set_size({"width": width, "height": height})
        row = self.next_row
        self.ws.insert_chart(row, self.col, chart)
        self.next_row = row + math.ceil(height / ROW_HEIGHT_PX) + CHART_GAP_ROWS
        return row, self.col
