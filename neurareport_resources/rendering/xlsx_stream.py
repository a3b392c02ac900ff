"""A constant-memory xlsxwriter worksheet that appends whole rows of XML at once.

xlsxwriter spends ~10 µs per cell in its generic write path; a ledger of 100,000 rows
and 17 cells a row needs far less. ``StreamingWorksheet.append_row`` writes one row's
``<row>`` element straight to the worksheet's constant-memory row file with the same
XML xlsxwriter would produce: numbers as ``<v>``, text always as an escaped inline
string (never a formula, never raw XML — xlsxwriter itself writes text shaped like
``<r>…</r>`` unescaped as rich text, which this path does not).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.utility import _utf16_len, _utf16_truncate, xl_col_to_name, xl_range
from xlsxwriter.worksheet import Worksheet

EXCEL_EPOCH = dt.date(1899, 12, 30)
STRING_MAX = 32767
# characters or shapes that need more than a plain copy into <t>…</t>
_NEEDS_ESCAPE = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$")
_CONTROL_ESCAPED = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")

NUMBER, TEXT, DATE = "number", "text", "date"


def _escape_text(text: str) -> tuple[str, bool]:
    """XML-escape ``text`` the way Excel expects; also say if whitespace must be preserved."""
    if len(text) > STRING_MAX // 2 and _utf16_len(text) > STRING_MAX:
        text = _utf16_truncate(text, STRING_MAX)
    preserve = bool(text) and (text[0].isspace() or text[-1].isspace())
    text = _CONTROL_ESCAPED.sub(r"_x005F\1", text)
    text = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", text)
    text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text, preserve


RowWriter = Callable[[int, Sequence[Any]], None]


class StreamingWorksheet(Worksheet):
    """Worksheet with fast whole-row appends for constant-memory workbooks."""

    def add_table_streaming(
        self, first_row: int, last_row: int, columns: Sequence[str], name: str, style: str
    ) -> None:
        """Declare an Excel table over rows that will be appended later.

        xlsxwriter refuses ``add_table`` in constant-memory mode only because it writes
        the header cells itself; we let it, drop those cells, and the caller appends the
        header row like any other row.
        """
        # declared over two rows, then widened: xlsxwriter would otherwise index every
        # cell of the range (1.1 million entries for 100,000 rows x 11 columns) just to
        # detect overlapping tables, which one table per sheet cannot have
        saved_mode = self.constant_memory
        self.constant_memory = 0
        try:
            status = self.add_table(
                first_row,
                0,
                first_row + 1,
                len(columns) - 1,
                {"name": name, "columns": [{"header": c} for c in columns], "style": style},
            )
        finally:
            self.constant_memory = saved_mode
        self.table.clear()
        if status not in (None, 0):
            raise ValueError(f"could not declare table {name} (xlsxwriter status {status})")
        table = self.tables[-1]
        last = max(last_row, first_row + 1)
        table["range"] = xl_range(first_row, 0, last, len(columns) - 1)
        table["a_range"] = table["range"]
        if table.get("autofilter"):
            table["autofilter"] = table["range"]

    def row_writer(self, kinds: Sequence[str], formats: Sequence[Format | None]) -> RowWriter:
        """Return ``write(row, values)`` for rows of this shape (0-based, increasing rows).

        ``kinds[i]`` is ``number``, ``date`` (a ``datetime.date``) or ``text``; ``None``
        leaves a cell empty; a ``str`` in a number column is written as text.
        """
        if not self.constant_memory:
            raise RuntimeError("row_writer needs a workbook opened with constant_memory=True")
        codes = {TEXT: 0, NUMBER: 1, DATE: 2}
        columns = []
        for col, (kind, cell_format) in enumerate(zip(kinds, formats, strict=True)):
            style = f' s="{cell_format._get_xf_index()}"' if cell_format is not None else ""
            letter = xl_col_to_name(col)
            columns.append(
                (
                    codes[kind],
                    f'<c r="{letter}',
                    f'"{style}><v>',
                    f'"{style} t="inlineStr"><is><t>',
                    f'"{style} t="inlineStr"><is><t xml:space="preserve">',
                )
            )
        width = len(columns)
        fh = self.row_data_fh
        search = _NEEDS_ESCAPE.search
        epoch = EXCEL_EPOCH
        str_type, decimal_type, datetime_type = str, Decimal, dt.datetime

        def write(row: int, values: Sequence[Any]) -> None:
            if row < self.previous_row or row >= self.xls_rowmax:
                raise ValueError(f"row {row} already written or out of range; append rows in order")
            if self.table:
                # something xlsxwriter still holds (e.g. a header) goes out first
                self._write_single_row(row)
            number = str(row + 1)
            parts = ['<row r="', number, '">']
            append = parts.append
            for value, (code, open_, number_mid, text_mid, preserve_mid) in zip(
                values, columns, strict=False
            ):
                if value is None:
                    continue
                if code == 0 or value.__class__ is str_type:
                    text = value if value.__class__ is str_type else str(value)
                    if search(text) is None and len(text) <= STRING_MAX // 2:
                        append(f"{open_}{number}{text_mid}{text}</t></is></c>")
                    else:
                        text, preserve = _escape_text(text)
                        append(
                            f"{open_}{number}{preserve_mid if preserve else text_mid}{text}</t></is></c>"
                        )
                elif code == 2:
                    if value.__class__ is datetime_type:
                        value = value.date()
                    append(f"{open_}{number}{number_mid}{(value - epoch).days}</v></c>")
                else:
                    if value.__class__ is decimal_type:
                        shown = str(value)  # "-12.50" or "1E+3": both valid numbers in <v>
                    elif isinstance(value, int):
                        shown = str(int(value))
                    else:
                        shown = f"{float(value):.16G}"
                    append(f"{open_}{number}{number_mid}{shown}</v></c>")
            append("</row>")
            fh.write("".join(parts))
            # bookkeeping xlsxwriter would do per cell, once per row
            self.previous_row = row + 1
            if self.dim_rowmin is None or row < self.dim_rowmin:
                self.dim_rowmin = row
            if self.dim_rowmax is None or row > self.dim_rowmax:
                self.dim_rowmax = row
            if self.dim_colmin is None or self.dim_colmin > 0:
                self.dim_colmin = 0
            if self.dim_colmax is None or self.dim_colmax < width - 1:
                self.dim_colmax = width - 1

        return write

    def append_row(
        self,
        row: int,
        values: Sequence[Any],
        kinds: Sequence[str],
        formats: Sequence[Format | None],
    ) -> None:
        """Write one row (0-based); for many rows of one shape use :meth:`row_writer`."""
        self.row_writer(kinds, formats)(row, values)
