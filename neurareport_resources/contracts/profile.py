"""What a template token asks for, read from its name, its label, its column header and place.

A token is one of four things: a plain column, a run-time parameter (the period, an as-of
or print date, a filter value), a value derived from columns, or a total over the report's
rows. :func:`profile_token` gathers the evidence once — canonical words of each source,
the aggregate a total asks for, the side of a movement (money out / in), the type expected
and the parameter it may be — so every candidate is scored against the same reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from neurareport_resources.contracts.derive import side_of
from neurareport_resources.contracts.model import Aggregate
from neurareport_resources.contracts.params import FILTER_PARAMS
from neurareport_resources.contracts.vocabulary import (
    COUNT_WORDS,
    DATE_WORDS,
    MONEY_WORDS,
    ROW_ENTITY_WORDS,
    canonical_words,
    raw_words,
    singular,
)
from neurareport_resources.templating import Token, TokenKind

# canonical words that make a value an aggregate over the rows, and which one
AGGREGATE_WORDS: dict[str, Aggregate] = {
    "total": "sum",
    "sum": "sum",
    "subtotal": "sum",
    "year_to_date": "sum",
    "cumulative": "sum",
    "count": "count",
    "distinct": "count",  # "Distinct items", "Unique customers": how many different ones
    "unique": "count",
    "average": "avg",
    "max": "max",
    "maximum": "max",
    "highest": "max",
    "largest": "max",
    "biggest": "max",
    "peak": "max",
    "latest": "max",
    "newest": "max",
    "min": "min",
    "minimum": "min",
    "lowest": "min",
    "smallest": "min",
    "earliest": "min",
    "oldest": "min",
    "next": "min",
    "longest": "max",
    "shortest": "min",
}
TEMPORAL_WORDS = frozenset(
    {"earliest", "oldest", "latest", "newest", "next", "date", "day", "opened", "maturity", "due"}
)
_AGGREGATE_RANK = {"count": 0, "avg": 1, "max": 2, "min": 2, "sum": 3}
# words around a total that say nothing about what is summed
FILLER_WORDS = frozenset({"all", "this", "period", "overall", "grand", "month"})
# words that, next to a period bound, still describe the report rather than a column
PERIOD_CONTEXT = frozenset(
    {
        "statement",
        "report",
        "reporting",
        "billing",
        "period",
        "date",
        "month",
        "payroll",
        "pay",
        "salary",
        "trade",
        "transaction",
        "account",
        "selected",
        "year",
        # "Return period", "VAT period", "Accounting period": the period a filing covers
        "return",
        "tax",
        "filing",
        "accounting",
        "fiscal",
        "financial",
    }
)
START_WORDS = frozenset({"start", "beginning", "begin"})
END_WORDS = frozenset({"end", "ending", "closing"})
PERIOD_WORDS = frozenset({"period", "month"})
DOCUMENT_WORDS = frozenset(
    {"statement", "report", "letter", "document", "notice", "run", "confirmation"}
)
# a date a report's figures stand at: "position date", "valuation date"
AS_OF_WORDS = frozenset({"position", "valuation", "snapshot", "reporting", "balance"})
PRINT_WORDS = frozenset(
    {"print", "printed", "generated", "generation", "run", "produced", "prepared"}
)
PARAM_NAME_WORDS = (
    PERIOD_CONTEXT
    | START_WORDS
    | END_WORDS
    | PERIOD_WORDS
    | PRINT_WORDS
    | DOCUMENT_WORDS
    | AS_OF_WORDS
    | {"as_of", "value", "d", "dt", "from", "to", "tenant", "created", "printed"}
)
FILTER_MARKERS = frozenset({"selected", "filter", "parameter", "param", "prm", "p"})
IDENTIFIER_HEADS = frozenset({"number", "id", "code", "reference", "key", "iban", "isin"})
NUMBER_WORDS = frozenset({"hours", "rate", "percent", "kwh", "overtime", "price", "quantity"})
TEXT_WORDS = frozenset(
    {
        "center",
        "class",
        "title",
        "segment",
        "channel",
        "reason",
        "tier",
        "reference",
        "side",
        "indicator",
        "name",
        "description",
        "holder",
        "category",
        "currency",
        "city",
        "email",
        "address",
        "code",
        "status",
        "type",
        "remark",
        "narrative",
        "iban",
        "isin",
        "lei",
        "merchant",
        "counterparty",
        "security",
        "venue",
    }
)


@dataclass(frozen=True)
class Profile:
    """The evidence about one token, in canonical words."""

    token: Token
    name: tuple[str, ...]
    label: tuple[str, ...]
    header: tuple[str, ...]
    is_total: bool
    aggregate: Aggregate | None
    measure: tuple[str, ...]
    side: str | None
    expected: str | None
    param: str | None
    param_score: float
    temporal: bool = False  # a min/max over dates ("oldest", "latest", a date filter)

    @property
    def all_words(self) -> tuple[str, ...]:
        """Every word of every source."""
        return self.name + self.label + self.header

    def sources(self) -> list[tuple[tuple[str, ...], float]]:
        """(words, weight) per source: the name counts fully, label and header a little less."""
        found = [(self.name, 1.0)]
        if self.label and self.label != self.name:
            found.append((self.label, 0.95))
        if self.header and self.header not in (self.name, self.label):
            found.append((self.header, 0.95))
        return [(w, s) for w, s in found if w]


def _aggregate(words: tuple[str, ...]) -> Aggregate | None:
    found: list[Aggregate] = [AGGREGATE_WORDS[w] for w in words if w in AGGREGATE_WORDS]
    return min(found, key=lambda a: _AGGREGATE_RANK[str(a)]) if found else None


# "approved by", "validé par", "geboekt door", "aprobado por": the one who did it
AGENT_WORDS = frozenset({"by", "par", "door", "por", "durch"})


def _expected(token: Token, words: tuple[str, ...]) -> str | None:
    if "money" in token.filters or "percent" in token.filters:
        return "number"
    if "date" in token.filters:
        return "date"
    raw = raw_words(token.field)
    if len(raw) >= 2 and raw[-1] in AGENT_WORDS:
        return "text"  # "Approved by", "Validé par": who did it, never when
    if not words:
        return None
    # the last word is the head of an English compound: "payment status" is a status
    head = words[-1]
    if head in IDENTIFIER_HEADS or words[0] in IDENTIFIER_HEADS:
        return None  # "insurance number", "account no.": an identifier, text or digits
    if head in DATE_WORDS or head == "date":
        return "date"
    if head in TEXT_WORDS:
        return "text"
    if head in MONEY_WORDS or head in COUNT_WORDS or head in NUMBER_WORDS:
        return "number"
    if "date" in words:
        return "date"
    if any(w in MONEY_WORDS for w in words):
        return "number"
    return None


def _param(token: Token, name: tuple[str, ...], label: tuple[str, ...]) -> tuple[str | None, float]:
    """The run parameter the token reads as, and how sure that reading is."""
    readings = [(name, 0.9)]
    # the label speaks for the token only when its name says nothing else ("Bill to" is no
    # period end for customer_first_name)
    if not set(name) - PARAM_NAME_WORDS:
        readings.append((label, 0.85))
    for words, strength in readings:
        found = set(words)
        if not found:
            continue
        if "as_of" in found:
            return "as_of_date", strength
        if "print" in found or (found & PRINT_WORDS and "date" in found):
            return "print_date", strength
        if found == {"created"} or (found & PRINT_WORDS and found <= PRINT_WORDS | {"date"}):
            return "print_date", strength - 0.1  # "Erstellt: …", "printed …" in a header
        if "date" in found and found & AS_OF_WORDS and found <= AS_OF_WORDS | {"date"}:
            return "as_of_date", strength - 0.1
        if "date" in found and found & DOCUMENT_WORDS and found <= DOCUMENT_WORDS | {"date"}:
            return "print_date", strength - 0.1  # "Statement date", "Date of this letter"
        if "tenant" in found:
            return "tenant", strength
        rest = found - PERIOD_CONTEXT - START_WORDS - END_WORDS - PERIOD_WORDS
        if rest and found & (START_WORDS | END_WORDS) and "date" in token.filters:
            # "Shipped from … to …": a participle says which dates the period bounds;
            # "Orders from … to …": what the report lists, the rows the period selects
            rest = {
                w
                for w in rest
                if not (w.endswith("ed") and len(w) > 4) and w not in ROW_ENTITY_WORDS
            }
            strength -= 0.05
        if rest:
            continue
        if found & START_WORDS and not found & END_WORDS:
            return "period_start", strength - 0.05
        if (
            found & END_WORDS
            and not found & START_WORDS
            and ("closing" not in found or "date" in found)
        ):
            return "period_end", strength - 0.05
        if found & PERIOD_WORDS:
            return "period", strength - 0.1
    raw = set(raw_words(token.field))
    if raw & FILTER_MARKERS:
        for word in name:
            if word in FILTER_PARAMS:
                return word, 0.8

    return None, 0.0


# a unit in brackets makes a label a measurement: "Term (months)", "Duration (s)", "Units (kWh)"
_UNIT_IN_BRACKETS = re.compile(
    r"\((?:months?|days?|years?|weeks?|hours?|hrs?|h|mins?|minutes?|seconds?|secs?|s|kwh|mwh|"
    r"km|kg|m3|%|pct|tage|std|stunden|jours|mois)\)",
    re.IGNORECASE,
)
# "Last payment", "First instalment" on a date: the latest / earliest of the rows' dates
_ORDER_WORDS: dict[str, Aggregate] = {"last": "max", "first": "min", "final": "max"}


def _counted_rows(token: Token, name: tuple[str, ...]) -> bool:
    """``Instalments: 4``, ``Open lines: 3``: a plural row noun outside the rows counts them."""
    raw = raw_words(token.field)
    if not raw or not name or token.filters:
        return False
    last = raw[-1]
    return singular(last) != last and name[-1] in ROW_ENTITY_WORDS and len(name) <= 2


# what was done to the things a report counts: "Employees paid", "Invoices issued"
DONE_WORDS = frozenset(
    {
        "paid",
        "made",
        "issued",
        "sent",
        "processed",
        "served",
        "posted",
        "raised",
        "opened",
        "closed",
        "booked",
        "approved",
        "rejected",
        "cancelled",
        "canceled",
    }
)
# plurals whose "… shipped / sold / delivered" is a quantity, not a count of records
_MEASURED_PLURALS = frozenset({"item", "unit", "piece", "hour", "day", "litre", "liter", "kg"})


def _counted_by_what_was_done(token: Token) -> tuple[str, ...] | None:
    """``employees_paid`` -> ("employee",): a plural and what was done to them, counted."""
    raw = raw_words(token.field)
    if token.filters or len(raw) != 2 or raw[1] not in DONE_WORDS:
        return None
    thing = singular(raw[0])
    if thing == raw[0] or thing in _MEASURED_PLURALS:
        return None
    return tuple(canonical_words(thing)) or None


def profile_token(token: Token) -> Profile:
    """Read one token: its words, whether it totals the rows, its side, type and parameter."""
    name = tuple(canonical_words(token.field))
    label = tuple(canonical_words(token.label)) if token.label else ()
    header = tuple(canonical_words(token.header)) if token.header else ()
    aggregate = None
    is_total = False
    if token.kind != TokenKind.ROW:
        aggregate = _aggregate(name)
        label_aggregate = _aggregate(label[:2]) if label else None
        balance_like = "balance" in name and aggregate is None
        is_total = token.kind == TokenKind.TOTAL or (
            not balance_like and (token.footer or label_aggregate is not None)
        )
        if set(name) & {"distinct", "unique"} and aggregate == "count":
            is_total = True  # "Distinct items: 3" anywhere on the page counts the rows' items
        if is_total and aggregate is None and name[:1] == ("number",):
            aggregate = "count"  # "numero_movimientos": a number of rows
        if (
            aggregate is None
            and "date" in token.filters
            and len(name) >= 2
            and name[0] in _ORDER_WORDS
            and "name" not in name
        ):
            aggregate, is_total = _ORDER_WORDS[name[0]], True
            name = name[1:]
        if (
            aggregate is None
            and len(name) >= 2
            and name[0] == "last"
            and "name" not in name
            and not token.filters
        ):
            # "Last odometer reading": the latest row's value
            aggregate, is_total = "max", True
            name = ("latest", *name[1:])
        if aggregate is None and not balance_like and _counted_rows(token, name):
            aggregate, is_total = "count", True
        counted = _counted_by_what_was_done(token)
        if aggregate is None and counted:
            # "Employees paid", "Payments made", "Invoices issued": how many were
            aggregate, is_total, name = "count", True, counted
        if is_total and aggregate is None:
            aggregate = label_aggregate or "sum"
    measure = (
        name  # "Line total" in a row is the line's amount, not a total
        if token.kind == TokenKind.ROW
        else tuple(w for w in name if w not in AGGREGATE_WORDS and w not in FILLER_WORDS)
    )
    if (
        token.kind != TokenKind.ROW
        and len(name) >= 3
        and name[0] in AGGREGATE_WORDS
        and any(w in AGGREGATE_WORDS for w in name[1:])
    ):
        # "total_row_total": the total of the "Row total" column, whose own word stays
        measure = tuple(w for w in name[1:] if w not in FILLER_WORDS)
    if set(name) & {"longest", "shortest"}:
        measure = ("duration",)  # "Longest call" is the longest duration
    expected = _expected(token, name) or _expected(token, label)
    if token.label and _UNIT_IN_BRACKETS.search(token.label) and "money" not in token.filters:
        expected = "number"
    side = None
    if expected != "text":  # "Charge description" is no money out
        side = side_of(list(name)) or side_of(list(label)) or side_of(list(header))
    param, strength = (None, 0.0) if token.kind == TokenKind.ROW else _param(token, name, label)
    temporal = "date" in token.filters or bool(set(name + label) & TEMPORAL_WORDS)
    return Profile(
        temporal=temporal,
        token=token,
        name=name,
        label=label,
        header=header,
        is_total=is_total,
        aggregate=aggregate,
        measure=measure,
        side=side,
        expected=expected,
        param=param,
        param_score=strength,
    )
