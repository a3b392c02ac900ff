"""Run-time parameters a contract may name: the period, as-of and print dates, filter values.

A report is run *for* something: a period (its bounds, its month), a date balances are
shown at, the day it is printed, and often one account, customer, employee or premises
whose values fill the header. Those values come from the run, not from a column that
merely holds a date or a number. :func:`param_concept` reduces any spelling of a
parameter (``as_of``, ``AsOfDate``, ``Stichtag``, ``p_acct_no``) to one canonical name,
so contracts, overrides and gold sets written by different people agree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from neurareport_resources.templating.names import split_identifier

# the period and dates every run knows (derived when the caller does not pass them)
RUN_PARAMS = ("tenant", "period_start", "period_end", "period", "as_of_date", "print_date")
# values the report is filtered on; the caller passes them (a header shows which one it is)
FILTER_PARAMS = (
    "account",
    "customer",
    "employee",
    "premises",
    "meter",
    "card",
    "supplier",
    "product",
    "department",
    "branch",
    "cost_center",
    "portfolio",
    "store",
    "project",
)
DATE_PARAMS = frozenset({"period_start", "period_end", "as_of_date", "print_date"})

# words (lower-case, any of the supported languages) -> the parameter they name
_DATE_CONCEPTS: tuple[tuple[str, frozenset[str]], ...] = (
    (
        "as_of_date",
        frozenset(
            {
                "asof",
                "stichtag",
                "stand",
                "cutoff",
                "valuation",
                "snapshot",
                "arrete",
                "arrêté",
                "situation",
            }
        ),
    ),
    (
        "print_date",
        frozenset(
            {
                "print",
                "printed",
                "printing",
                "run",
                "generated",
                "generation",
                "druck",
                "druckdatum",
                "erstellt",
                "erstellungsdatum",
                "edition",
                "edite",
                "édité",
                "today",
                "produced",
            }
        ),
    ),
    (
        "period_start",
        frozenset(
            {"start", "from", "begin", "beginning", "von", "ab", "du", "debut", "début", "since"}
        ),
    ),
    ("period_end", frozenset({"end", "to", "until", "bis", "au", "fin", "thru", "through"})),
    (
        "period",
        frozenset({"period", "month", "monat", "mois", "periode", "période", "zeitraum"}),
    ),
)
# words that add nothing to a parameter's identity
_NOISE = frozenset(
    {
        "p",
        "prm",
        "param",
        "parameter",
        "filter",
        "selected",
        "sel",
        "date",
        "dt",
        "datum",
        "the",
        "of",
        "for",
        "report",
        "statement",
        "number",
        "no",
        "nr",
        "nbr",
        "num",
        "id",
        "code",
        "cd",
        "key",
        "ref",
        "reference",
        "value",
        "name",
    }
)
_FILTER_ALIASES = {
    "acct": "account",
    "acc": "account",
    "konto": "account",
    "compte": "account",
    "cuenta": "account",
    "cust": "customer",
    "client": "customer",
    "kunde": "customer",
    "emp": "employee",
    "empl": "employee",
    "staff": "employee",
    "mitarbeiter": "employee",
    "personal": "employee",
    "salarie": "employee",
    "prem": "premises",
    "premise": "premises",
    "site": "premises",
    "property": "premises",
    "supply": "premises",
    "vendor": "supplier",
    "dept": "department",
    "abteilung": "department",
    "cc": "cost_center",
    "kostenstelle": "cost_center",
    "mtr": "meter",
}


def param_concept(name: str) -> str:
    """The canonical parameter ``name`` stands for (``AsOfDt`` -> ``as_of_date``).

    Names that are not a known parameter come back as their lower-case words joined by
    ``_`` so two spellings of the same unknown parameter still compare equal.
    """
    lowered = name.strip().lower()
    if lowered in RUN_PARAMS or lowered in FILTER_PARAMS:
        return lowered
    words = split_identifier(name)
    if "as" in words and "of" in words:
        return "as_of_date"
    for concept, markers in _DATE_CONCEPTS:
        if set(words) & markers:
            return concept
    if "tenant" in words:
        return "tenant"
    rest = [w for w in words if w not in _NOISE]
    for word in rest:
        entity = _FILTER_ALIASES.get(word, word)
        if entity in FILTER_PARAMS:
            return entity
        if entity + "s" in FILTER_PARAMS:  # "premise"
            return entity + "s"
    if "cost" in rest and ("center" in rest or "centre" in rest):
        return "cost_center"
    return "_".join(rest or words)


def derive_params(params: dict[str, Any], today: dt.date | None = None) -> dict[str, Any]:
    """The execution parameters with the derivable ones filled in when the caller left them out:
    ``period`` (``YYYY-MM`` of ``period_start``), ``as_of_date`` (``period_end``) and
    ``print_date`` (today). Filter values are never invented."""
    out = dict(params)
    start = out.get("period_start")
    if "period" not in out and isinstance(start, dt.date):
        out["period"] = start.strftime("%Y-%m")
    if "as_of_date" not in out and out.get("period_end") is not None:
        out["as_of_date"] = out["period_end"]
    if "print_date" not in out:
        out["print_date"] = today or dt.date.today()
    return out
