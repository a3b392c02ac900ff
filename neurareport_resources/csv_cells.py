"""CSV cell text: one rule for every CSV NeuraReport writes (report files and the command line).

Kept apart from ``neurareport_resources.rendering`` so ``neurareport extract`` can use it
without importing the PDF renderer.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

# a spreadsheet opening the CSV would evaluate text starting with these
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def neutralise(text: str) -> str:
    """Prefix ``'`` to text a spreadsheet would read as a formula (OWASP CSV injection)."""
    if text and text[0] in FORMULA_PREFIXES:
        return "'" + text
    return text


def csv_cell(value: Any) -> str:
    """One typed value as CSV text: ISO dates, plain decimals, and text neutralised.

    Only text is neutralised: a negative ``Decimal`` or ``int`` stays a number.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value:f}"  # plain notation, never 1E+3
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return neutralise(str(value))
