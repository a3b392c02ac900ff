"""Splitting identifiers into words: ``txnDate``, ``TXN_DT``, ``row.txn_date`` -> words."""

from __future__ import annotations

import re

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SPLIT = re.compile(r"[^0-9A-Za-zÀ-ÿ]+")

# the first or last word that makes a scalar an aggregate over the rows (several languages)
TOTAL_FIRST_WORDS = frozenset(
    {
        "total",
        "sum",
        "count",
        "avg",
        "average",
        "min",
        "max",
        "number",
        "num",
        "nb",
        "cnt",
        "summe",
        "gesamt",
        "anzahl",
        "suma",
        "numero",
        "nombre",
        "totale",
        "somme",
    }
)
TOTAL_LAST_WORDS = frozenset({"total", "totals", "sum", "count", "cnt", "gesamt", "summe"})


def split_identifier(name: str) -> list[str]:
    """Lower-case words of an identifier: camelCase, snake_case, dotted and spaced forms."""
    words: list[str] = []
    for part in _SPLIT.split(name):
        if not part:
            continue
        for piece in _CAMEL.sub(" ", part).split():
            # digits glued to letters ("addr2") stay one word; they rarely carry meaning
            words.append(piece.lower())
    return words


# "number of …" is a count only over a plural ("number_of_postings"), else an identifier
# ("numero_de_cuenta", "number_plate")
_NUMBER_WORDS = frozenset({"number", "num", "numero", "nb", "nombre", "no", "nr", "nbr"})


def looks_like_total(field: str) -> bool:
    """True when a scalar's name says it aggregates the rows (``total_debits``, ``txnCount``)."""
    words = split_identifier(field)
    if not words:
        return False
    if words[0] in _NUMBER_WORDS:
        return len(words) > 1 and words[-1].endswith("s") and not words[-1].endswith("ss")
    return words[0] in TOTAL_FIRST_WORDS or words[-1] in TOTAL_LAST_WORDS
