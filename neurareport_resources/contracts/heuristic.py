"""The offline mapper: names, labels, synonyms, abbreviations, types and the data itself.

For every token it weighs every candidate the schema offers — a column of the row table or
of a table the row joins to, a run parameter, an expression over columns (checked on the
sample rows first), an aggregate over the rows or a stored total — and keeps the best one
when it is good enough; otherwise the token stays ``UNRESOLVED``. The runners-up are kept
on the mapping with their confidence, so an analyst's review is a choice, not a search.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache

from sqlglot import exp

from neurareport_resources.contracts import derive
from neurareport_resources.contracts.joins import SchemaGraph
from neurareport_resources.contracts.model import (
    PARAM_PREFIX,
    PROMPT_VERSION,
    SQL_PREFIX,
    Aggregate,
    CandidateTarget,
    Contract,
    Formatter,
    Join,
    PeriodFilter,
    RowSource,
    TokenMapping,
)
from neurareport_resources.contracts.params import DATE_PARAMS
from neurareport_resources.contracts.profile import (
    AGENT_WORDS,
    AGGREGATE_WORDS,
    Profile,
    profile_token,
)
from neurareport_resources.contracts.vocabulary import (
    DATE_WORDS,
    GENERIC_WORDS,
    MONEY_WORDS,
    PARTY_WORDS,
    ROW_ENTITY_WORDS,
    abbreviation_similarity,
    canonical_words,
    hungarian_prefix,
    is_known,
    opposite,
    raw_words,
    singular,
    uses_hungarian_notation,
    word_similarity,
    word_weight,
)
from neurareport_resources.datasources import ColumnInfo, SourceSchema, TableInfo
from neurareport_resources.templating import TemplateSpec, Token, TokenKind

# below this score a token stays UNRESOLVED rather than being guessed
THRESHOLD = 0.4
# a plain column below the threshold is still taken when it is the clear best (this far ahead of
# the next candidate) and no other token of the template reads it: on the tuning batches such
# columns were right 10 times in 12, where a best candidate of 0.20-0.40 was right 12 times in
# 37 (calibrated on batches 1-6, 8-13, 15, 17)
# a key-like token ("Invoice no.") whose word the column's values spell (INV10231)
VALUES_SAY_SCORE = 0.6
CLEAR_FLOOR = 0.24
CLEAR_MARGIN = 0.05
RUNNERS_UP = 3
PERIOD_WORDS = frozenset({"period", "month"})
ORDER_TIEBREAK = ("page", "row_no", "line_no", "line", "seq", "sequence", "position", "id")
NUMERIC = derive.NUMERIC
# qualifiers of a secondary date or amount: "Date" means the booking date, not the value date
SECONDARY_QUALIFIERS = frozenset(
    {
        "value",
        "settlement",
        "original",
        "due",
        "created",
        "updated",
        "birth",
        "previous",
        "modified",
        "expiry",
        "maturity",
        "foreign",
        "last",
        "opening",
        "hire",
    }
)
# words of table names that say nothing about what a row is ("CIF_MSTR", "TXN_HIST", "v_orders")
TABLE_NOISE = frozenset(
    {
        "master",
        "history",
        "table",
        "tbl",
        "data",
        "info",
        "dim",
        "fact",
        "view",
        "vw",
        "v",
        "list",
        "file",
        "log",
        "main",
        "t",
        "tab",
        "stage",
        "stg",
        "raw",
    }
)
# words that name a kind of movement, not the number that measures it
MOVEMENT_WORDS = frozenset(
    {
        "in",
        "out",
        "count",
        "payment",
        "fee",
        "charge",
        "transfer",
        "money",
        "transaction",
        "movement",
        "entry",
        "posting",
        "total",
        "sum",
        "period",
        "all",
        "s",
        "paid",
        "received",
    }
)
KEY_WORDS = frozenset({"id", "key", "number", "code", "reference", "iban", "sku", "isin", "lei"})
# the parts of a total, for "net = gross - deductions" and "social insurance = kv + rv + …"
DEDUCTION_WORDS = frozenset(
    {"tax", "insurance", "contribution", "deduction", "surcharge", "withholding", "pension"}
)
CAPACITY_WORDS = frozenset(
    {"limit", "on_hand", "quantity", "total", "capacity", "credit", "due", "ordered"}
)
USAGE_WORDS = frozenset(
    {
        "balance",
        "reserved",
        "used",
        "allocated",
        "committed",
        "blocked",
        "hold",
        "consumption",
        "paid",
        "payment",
        "received",
        "settled",
        "advance",
        "prepayment",
        "shipped",
        "delivered",
        "fulfilled",
    }
)
AVAILABLE_WORDS = frozenset(
    {
        "backorder",
        "available",
        "remaining",
        "free",
        "open",
        "outstanding",
        "left",
        "arrears",
        "shortfall",
        "reimbursement",
    }
)
# columns that are no part of a row's total: balances, rates, prices, quantities, totals
NOT_COMPONENTS = frozenset(
    {
        "balance",
        "running",
        "after",
        "rate",
        "price",
        "percent",
        "quantity",
        "total",
        "gross",
        "net",
        "limit",
        "on_hand",
        "cost",
        "exchange",
    }
)
RUNNING_BALANCE_WORDS = frozenset(
    {"running", "after", "cumulative", "opening", "closing", "available", "current", "end", "start"}
)
EVERYTHING_WORDS = frozenset({"grand", "overall", "general"})
# tables of every kind of party at once: a customer is one of their rows
GENERIC_PARTY_TABLES = frozenset(
    {"contact", "partner", "party", "relation", "counterparty", "business_partner"}
)
AGENT_ENDINGS = [[w] for w in AGENT_WORDS]
LATEST_WORDS = frozenset({"latest", "newest", "earliest", "oldest"})
REPAID_WORDS = frozenset({"repaid", "amortized", "amortised", "redeemed", "paid_down"})
FEE_WORDS = frozenset({"fee", "commission", "interchange"})
ALLOWANCE_WORDS = frozenset(
    {"entitlement", "entitled", "allowance", "quota", "carried_over", "carried"}
)
TAKEN_WORDS = frozenset({"taken", "used"})
WORKED_WORDS = frozenset({"actual", "worked", "actual_hours", "duration"})
END_TIME_WORDS = frozenset({"departure", "end", "out", "finish", "clock_out"})
START_TIME_WORDS = frozenset({"arrival", "start", "in", "begin", "clock_in"})
BREAK_WORDS = frozenset({"break", "pause", "lunch"})
DISCOUNT_WORDS = frozenset({"discount", "rebate", "reduction", "allowance"})
# words any recipe may leave unexplained: they say where or how, not what
RECIPE_CONTEXT = frozenset(
    {
        "line",
        "item",
        "total",
        "row",
        "per",
        "unit",
        "amount",
        "value",
        "share",
        "portion",
        "basis",
        "part",
        "book",
        # "grand total", "solde général", "overall": of all the rows, not a kind of amount
        *EVERYTHING_WORDS,
        "global",
    }
)
# the amounts in the books' own currency, beside the ones in the document's or entered currency
BOOK_CURRENCY_WORDS = frozenset({"accounted", "local", "functional", "base", "home", "company"})
# amounts that are a standing size, not money that moves: a bond's face value, a credit limit
STOCK_WORDS = frozenset({"nominal", "notional", "face", "original", "principal_outstanding"})
# what a document total is the total of; what is still owed on it; columns that are no amount
INVOICE_WORDS = frozenset({"invoice", "invoiced", "bill", "billed", "document", "receipt"})
OWED_WORDS = frozenset({"due", "outstanding", "owing", "unpaid", "balance", "open", "remaining"})
NOT_AN_AMOUNT = frozenset({"rate", "percent", "type", "code", "class", "category", "number"})
QUANTITY_WORDS = frozenset({"quantity", "on_hand", "kwh", "hours", "volume", "count"})
PRICE_WORDS = frozenset({"price", "cost", "rate", "tariff"})
VALUE_WORDS = frozenset(
    {"value", "amount", "total", "extended", "consideration", "cost", "charge", "notional"}
)
FIRST_NAME = frozenset({"first"})
LAST_NAME = frozenset({"last"})
STREET_WORDS = frozenset({"street", "address", "line"})
PERSON_WORDS = frozenset(
    {
        "agent",
        "representative",
        "staff",
        "worker",
        "borrower",
        "approver",
        "customer",
        "employee",
        "holder",
        "patient",
        "cardholder",
        "person",
        "client",
        "owner",
    }
)

_SAMPLE_RULES: list[tuple[frozenset[str], re.Pattern[str]]] = [
    (frozenset({"currency"}), re.compile(r"^[A-Z]{3}$")),
    (frozenset({"email"}), re.compile(r"^[^@\s]+@[^@\s]+$")),
    (frozenset({"iban"}), re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{8,30}$")),
    (frozenset({"isin"}), re.compile(r"^[A-Z]{2}[A-Z0-9]{9}\d$")),
    (frozenset({"lei"}), re.compile(r"^[A-Z0-9]{18}\d{2}$")),
    (frozenset({"card"}), re.compile(r"^[\d*xX•\s-]{12,23}$")),
    (frozenset({"country"}), re.compile(r"^[A-Z]{2}$")),
    (frozenset({"phone"}), re.compile(r"^\+?[\d\s()./-]{6,}$")),
]


def _expand_acronyms(tokens: tuple[str, ...], columns: tuple[str, ...]) -> tuple[str, ...]:
    """An unknown column word that spells the initials of consecutive token words stands for
    them: ``POL`` for "port of loading", ``ETD`` for "estimated time of departure"."""
    out: list[str] = []
    for word in columns:
        found: tuple[str, ...] = ()
        if 3 <= len(word) <= 4 and word.isalpha() and not is_known(word):
            for size in (len(word), len(word) - 1):
                for start in range(len(tokens) - size + 1):
                    run = tokens[start : start + size]
                    if size < 2 or not all(len(w) >= 4 and w.isalpha() for w in run):
                        continue
                    initials = "".join(w[0] for w in run)
                    # a joining word ("of", "and") may leave its initial in the acronym
                    if initials == word or (
                        size == len(word) - 1
                        and word[0] + word[2:] == initials
                        and word[1] in "oapf"  # of, and, at, per, for
                    ):
                        found = run
                        break
                if found:
                    break
        out.extend(found or (word,))
    return tuple(out)


@lru_cache(maxsize=200_000)
def match_words(tokens: tuple[str, ...], columns: tuple[str, ...], table: tuple[str, ...]) -> float:
    """How well a column's words say what the token's words say (0..1).

    Every token word should be explained by a column word (or, a little weaker, by the
    table's name); every column word should be wanted by the token — except words the table
    name already explains (``EMP`` in ``EMP_MSTR.EMP_FST_NM``). Token coverage counts fully,
    column coverage by its square root: extra column words hurt less than missing ones.
    """
    if not tokens or not columns:
        return 0.0
    columns = _expand_acronyms(tokens, columns)
    wanted = matched = 0.0
    for word in tokens:
        weight = word_weight(word)
        best = max(word_similarity(word, c) for c in columns)
        via_table = max((word_similarity(word, t) for t in table), default=0.0) * 0.9
        matched += weight * max(best, via_table)
        wanted += weight
    given = explained = 0.0
    for word in columns:
        weight = word_weight(word)
        found = max(word_similarity(word, t) for t in tokens)
        if found < 0.5:
            # a word the token does not ask for: excused when the table name says it
            # (EMP in EMP_MSTR.EMP_FST_NM), nearly so when it only says "name"
            if any(word_similarity(word, t) >= 0.9 for t in table):
                weight *= 0.25
            elif word in GENERIC_WORDS:
                weight *= 0.4
            elif not is_known(word):
                weight *= 0.5  # an abbreviation we cannot read is weak evidence against
        explained += weight * found
        given += weight
    token_cover = matched / wanted
    column_cover = explained / given if given else 1.0
    return token_cover * column_cover**0.5


def _kind_factor(expected: str | None, column: ColumnInfo) -> float:
    if expected is None or column.kind == "other":
        return 1.0
    if expected == "date":
        if column.kind in ("date", "datetime"):
            return 1.0
        return 0.8 if column.kind == "text" else 0.4
    if expected == "number":
        return 1.0 if column.kind in NUMERIC else 0.45
    if expected == "text":
        return 1.0 if column.kind == "text" else 0.6
    return 1.0


def _sample_bonus(words: set[str], column: ColumnInfo) -> float:
    for concept, pattern in _SAMPLE_RULES:
        if concept & words and column.samples and all(pattern.match(s) for s in column.samples):
            return 0.2
    return 0.0


_VALUE_PREFIX = re.compile(r"^([A-Za-z]{2,5})[-/ _.]?\d")


def _values_say(column: ColumnInfo) -> tuple[str, ...]:
    """The words a text column's values start with when all share one (``INV-0201`` -> invoice)."""
    if column.kind != "text" or len(column.samples) < 2:
        return ()
    prefixes = {
        m.group(1).upper() if (m := _VALUE_PREFIX.match(v)) else None for v in column.samples
    }
    if len(prefixes) != 1 or None in prefixes:
        return ()
    prefix = prefixes.pop()
    assert prefix is not None
    words = tuple(canonical_words(prefix))
    # only a prefix the vocabulary reads as words ("INV", "PO", "CUST"), not a company's initials
    return words if all(is_known(w) for w in words) else ()


LINE_POSITION = frozenset({"line", "ln", "lne", "sequence", "position", "row", "number"})


def _asks_line_position(name: tuple[str, ...]) -> bool:
    """``line``, ``ln``, ``line_no``, ``seq``: a row's position, not a document number."""
    return bool(name) and set(name) <= LINE_POSITION and set(name) != {"number"}


def _mostly_empty(table: TableInfo, column: ColumnInfo) -> bool:
    """Empty on at least two thirds of at least three sample rows (a lettering date, a note)."""
    rows = table.sample_rows
    if len(rows) < 3:
        return False
    empty = sum(1 for row in rows if row.get(column.name) in (None, ""))
    return empty * 3 >= len(rows) * 2


def _is_key(table: TableInfo, column: ColumnInfo) -> bool:
    """Primary and foreign keys, and integer ``…_id`` columns: they link rows, they are not shown."""
    words = canonical_words(column.name)
    return (
        column.primary_key
        or any(column.name in fk.columns for fk in table.foreign_keys)
        or (bool(words) and words[-1] == "id" and column.kind == "integer")
    )


def _numbers_the_rows(table: TableInfo, column: ColumnInfo) -> bool:
    """A column of a composite primary key that links to nothing: the line number within its
    document (``JE_LINE_NUM``, SAP's ``BUZEI``) or the document's own number — shown on reports,
    unlike the keys that only link tables."""
    return (
        len(table.primary_key) >= 2
        and column.name in table.primary_key
        and not any(column.name in fk.columns for fk in table.foreign_keys)
    )


@dataclass
class Candidate:
    """A scored target for one token."""

    target: str
    score: float
    reason: str
    aggregate: Aggregate | None = None
    column: ColumnInfo | None = None
    tables: frozenset[str] = frozenset()
    kind: TokenKind | None = None
    formatter: Formatter | None = None

    def key(self) -> tuple[str, str | None]:
        return (
            self.target.upper() if self.target.startswith(SQL_PREFIX) else self.target,
            self.aggregate,
        )


@dataclass
class _Table:
    """A table with its canonical words and per-column words, computed once per proposal."""

    info: TableInfo
    words: tuple[str, ...]
    columns: list[tuple[ColumnInfo, tuple[str, ...]]]
    indicators: list[derive.Indicator] = field(default_factory=list)


# a document number: letters and separators around a run of three digits or more, no spaces
_DOCUMENT_NUMBER = re.compile(r"^[A-Za-z]*[/\-_.]?[A-Za-z0-9/\-_.]*\d{3,}[A-Za-z0-9/\-_.]*$")


def _column_words(table: TableInfo, column: ColumnInfo) -> tuple[str, ...]:
    """A column's words, read in its table.

    A name made only of generic words (``full_name``, ``amount``) takes its meaning from the
    table (``customers.full_name`` is a customer's name); a plain ``name`` beside a first
    name is the surname (``NAME``/``VORNAME``, ``nom``/``prenom``); a numbered address
    column (``ADDR_1``, ``addr_ln1``) is one line of an address, not all of it.
    """
    hungarian = uses_hungarian_notation([c.name for c in table.columns])

    def read(c: ColumnInfo) -> list[str]:
        prefix = hungarian_prefix(c.name) if hungarian else None
        return derive.words_of(c, c.name[len(prefix) :] if prefix else None)

    words = read(column)
    values = [r.get(column.name) for r in table.sample_rows] or list(column.samples)
    shown = [v for v in values if v]
    if words == ["name"] and shown and all(_DOCUMENT_NUMBER.match(v) for v in shown):
        # a "name" that reads INV/2025/00031 on every row is the document's number (Odoo moves)
        words = ["number"]
    if words == ["name"] and any(
        c is not column and {"first", "name"} <= set(read(c)) for c in table.columns
    ):
        return ("last", "name")
    if "address" in words and "line" not in words:
        others = [read(c) for c in table.columns if c is not column]
        has_parts = any("city" in w for w in others) and any("postcode" in w for w in others)
        if re.search(r"\d$", column.name) or has_parts:
            words = [*words, "line"]  # one line of an address: the rest is in other columns
    if words and all(w in GENERIC_WORDS or w == "name" for w in words):
        table_words = [
            w for w in canonical_words(table.name) if w not in words and w not in TABLE_NOISE
        ]
        return tuple(table_words[-1:] + words)
    return tuple(words)


def exp_count_nonzero(table: str, column: ColumnInfo, dialect: str) -> exp.Expression:
    """``COUNT(CASE WHEN col <> 0 THEN 1 END)``: how many rows have a value in this column."""
    value = derive.col(table, column.name, dialect)
    case = exp.Case(
        ifs=[
            exp.If(
                this=exp.NEQ(this=value, expression=exp.Literal.number(0)),
                true=exp.Literal.number(1),
            )
        ]
    )
    return exp.Count(this=case)


def _formatter(token: Token, column: ColumnInfo | None, words: list[str]) -> Formatter:
    if "money" in token.filters:
        return "money"
    if "date" in token.filters:
        return "date"
    if "percent" in token.filters:
        return "percent"
    if column is None:
        return "text"
    if column.kind in ("date", "datetime"):
        return "date"
    if column.kind in ("decimal", "float"):
        col_words = canonical_words(column.name)
        return "money" if set(words + col_words) & MONEY_WORDS else "number"
    if column.kind == "integer":
        return "integer"
    return "text"


class _Proposal:
    """One run of the heuristic mapper over one template and one schema."""

    def __init__(self, template: TemplateSpec, schema: SourceSchema, threshold: float) -> None:
        self.template = template
        self.schema = schema
        self.threshold = threshold
        self.dialect = schema.dialect
        self.graph = SchemaGraph(schema)
        self.tables = {
            t.name: _Table(
                t,
                tuple(canonical_words(t.name)),
                [(c, _column_words(t, c)) for c in t.columns],
                derive.find_indicators(t),
            )
            for t in schema.tables
        }
        self.profiles = {t.name: profile_token(t) for t in template.tokens}
        # a template that shows city or postcode on their own wants the street from "address"
        self.template_has_address_parts = any(
            {"city", "postcode"} & set(p.name) for p in self.profiles.values()
        )

    # ---- scoring one column ----------------------------------------------------------------
    def score_column(
        self,
        profile: Profile,
        table: _Table,
        column: ColumnInfo,
        col_words: tuple[str, ...],
        sources: list[tuple[tuple[str, ...], float]] | None = None,
    ) -> tuple[float, str]:
        """(score, how) of ``column`` for ``profile`` (optionally with other word sources)."""
        best, how = 0.0, "name"
        scores = []
        dated = profile.expected == "date" and column.kind in ("date", "datetime")
        for words, weight in sources or profile.sources():
            if dated and words and not set(words) & DATE_WORDS:
                words = (*words, "date")  # "Paid on" a date column: its date is asked for
            score = match_words(words, col_words, table.words) * weight
            scores.append(score)
            if score > best:
                best, how = score, " ".join(words)
        if profile.token.field.lower() == column.name.lower():
            best, how = 1.0, "same name"
        if len([s for s in scores if s >= 0.7]) >= 2:
            best = min(1.0, best + 0.05)  # name and label agree
        said = _values_say(column)
        if said and set(said) & set(profile.name) and set(profile.name) & KEY_WORDS:
            # "Invoice no." and values INV10231, INV-000481: the values name what they number
            return max(
                best, VALUES_SAY_SCORE
            ), f"values {column.samples[0]!r} read as {' '.join(said)}"
        if best <= 0.0:
            return 0.0, how
        all_words = set(profile.all_words)
        col_words = _expand_acronyms((*profile.name, *profile.label), col_words)
        score = best * _kind_factor(profile.expected, column)
        if column.kind != "text" and raw_words(profile.token.field)[-1:] in AGENT_ENDINGS:
            score *= 0.3  # "Approved by" is who approved, not when or how much
        if "amount_payable" in profile.name and set(col_words) & {"remaining", "outstanding"}:
            score *= 1.05  # "Amount due": what is still to pay, where the total is stored too
        if profile.token.kind == TokenKind.ROW and _mostly_empty(table.info, column):
            score *= 0.9  # where names tie, the column every row fills is the row's own value
        score += _sample_bonus(all_words, column) if best >= 0.3 else 0.0
        column_all = set(col_words) | set(table.words)
        if any(opposite(a, b) for a in all_words for b in col_words):
            score *= 0.3
        token_parties = all_words & PARTY_WORDS
        column_parties = column_all & PARTY_WORDS
        if (
            token_parties
            and column_parties
            and not any(word_similarity(a, b) >= 0.7 for a in token_parties for b in column_parties)
        ):
            score *= 0.4
        unexplained = [
            w for w in col_words if max((word_similarity(w, t) for t in all_words), default=0) < 0.5
        ]
        if any(w in SECONDARY_QUALIFIERS for w in unexplained):
            score *= 0.85
        # a word of the token's name that nothing in the column or table says: a near miss
        # ("fee" in "FX fee %" is not the exchange rate)
        # the identifier is the author's own word for it: every word of it should be there
        missing = [
            w
            for w in (profile.measure or profile.name)
            if word_weight(w) == 1.0
            and w not in AGGREGATE_WORDS
            and max((word_similarity(w, c) for c in column_all), default=0.0) < 0.5
        ]
        score *= 0.7 ** len(missing)
        # a label that says two things the column does not ("Provision for credit losses")
        label_missing = [
            w
            for w in profile.label
            if word_weight(w) == 1.0
            and w not in AGGREGATE_WORDS
            and max((word_similarity(w, c) for c in column_all), default=0.0) < 0.5
        ]
        if len(label_missing) >= 2:
            score *= 0.8
        if (
            profile.name[-1:] in (("number",), ("id",))
            and column.kind in ("decimal", "float")
            and not set(col_words) & KEY_WORDS
        ):
            score *= 0.5  # "VAT number" names an identifier, never the VAT amount
        if (
            _is_key(table.info, column)
            and not _numbers_the_rows(table.info, column)
            and not all_words & KEY_WORDS
            and profile.token.field.lower() != column.name.lower()
        ):
            # keys link tables; shown only when the token asks for an id, number or code
            integer_key = column.kind == "integer" or (col_words and col_words[-1] == "id")
            score *= 0.4 if integer_key else 0.85
        return score, how

    def columns_of(
        self,
        profile: Profile,
        tables: list[tuple[str, float]],
        *,
        numeric: bool = False,
        sources: list[tuple[tuple[str, ...], float]] | None = None,
    ) -> list[Candidate]:
        """Column candidates over ``tables`` ((name, factor) pairs)."""
        found: list[Candidate] = []
        for name, factor in tables:
            table = self.tables[name]
            for column, words in table.columns:
                if numeric and (column.kind not in NUMERIC or column.primary_key):
                    continue
                score, how = self.score_column(profile, table, column, words, sources)
                score *= factor
                if score <= 0.05:
                    continue
                found.append(
                    Candidate(
                        f"{name}.{column.name}",
                        score,
                        f"{how} ~ {name}.{column.name} ({column.kind})",
                        column=column,
                        tables=frozenset({name}),
                    )
                )
        return found

    # ---- the row table ---------------------------------------------------------------------
    def reach(self, root: str) -> list[tuple[str, float]]:
        """The row table and the tables its rows join to, with a discount per hop."""
        return [
            (name, 1.0 if not joins else 0.9 - 0.03 * (len(joins) - 1))
            for name, joins in self.graph.paths(root).items()
        ]

    def choose_row_table(self) -> str | None:
        rows = [p for p in self.profiles.values() if p.token.kind == TokenKind.ROW]
        totals = [p for p in self.profiles.values() if p.is_total]
        if not rows and not totals:
            return None
        best: tuple[float, str] | None = None
        for name, table in self.tables.items():
            reach = self.reach(name)
            score = 0.0
            for profile in rows:
                cands = self.columns_of(profile, reach)
                score += max((c.score for c in cands), default=0.0)
            for profile in totals:
                if profile.measure:
                    sources = [(profile.measure, 1.0)] + (
                        [(profile.header, 0.95)] if profile.header else []
                    )
                    cands = self.columns_of(profile, [(name, 1.0)], numeric=True, sources=sources)
                    score += 0.5 * max((c.score for c in cands), default=0.0)
            if any(c.kind in ("date", "datetime") for c, _ in table.columns):
                score += 0.3
            if set(table.words) & ROW_ENTITY_WORDS:
                score += 0.3
            score += 0.1 * min(3, len(self.graph.parents(name)))
            if best is None or score > best[0]:
                best = (score, name)
        if best is None or (rows and best[0] < self.threshold):
            return None
        return best[1]

    # ---- derived values --------------------------------------------------------------------
    def _numeric(self, names: list[str]) -> list[tuple[_Table, ColumnInfo, tuple[str, ...]]]:
        out = []
        for name in names:
            table = self.tables[name]
            for column, words in table.columns:
                if column.kind in NUMERIC and not _is_key(table.info, column):
                    out.append((table, column, words))
        return out

    def side_candidates(self, profile: Profile, row: str, *, total: bool) -> list[Candidate]:
        """Money out / money in: a CASE over an indicator column or over a signed amount."""
        if profile.side is None:
            return []
        table = self.tables[row]
        side = profile.side

        # what is split: "Qty in" splits the quantity; "Money out", "Purchases and fees" the amount
        def measured(words: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(
                w for w in words if derive.side_of([w]) is None and w not in MOVEMENT_WORDS
            )

        # a footer cell's column header names the measure when its name does not ("Qty in")
        measure_words = measured(profile.measure or profile.name) or measured(profile.header)
        sources: list[tuple[tuple[str, ...], float]] = (
            [(measure_words, 1.0)] if measure_words else [(("amount",), 0.9)]
        )
        numeric = [
            (c, w)
            for c, w in table.columns
            if c.kind in NUMERIC and not _is_key(table.info, c) and "balance" not in w
        ]
        if not numeric:
            return []
        probe = Profile(
            profile.token, measure_words, (), (), False, None, (), None, "number", None, 0.0
        )
        # where amounts tie, the books' own currency (local, accounted) is what debits and
        # credits are kept in: a ledger balances there, not in each document's currency
        book = {c.name for c, w in numeric if set(w) & BOOK_CURRENCY_WORDS}
        scored = sorted(
            (
                (self.score_column(probe, table, c, w, sources)[0], -i, c)
                for i, (c, w) in enumerate(numeric)
            ),
            key=lambda t: (round(t[0], 6), t[2].name in book, t[1]),
            reverse=True,
        )
        found: list[Candidate] = []
        count = profile.aggregate == "count"
        side_words = derive.OUT_WORDS if side == "out" else derive.IN_WORDS
        for column, words in numeric:
            if not set(words) & side_words:
                continue  # a column of its own for this side: "debit", "withdrawals"
            if measure_words and self.score_column(probe, table, column, words, sources)[0] < 0.5:
                continue  # "Credit rating" is not the credit column
            if count:
                node = exp_count_nonzero(row, column, self.dialect)
                target = SQL_PREFIX + derive.sql_text(node, self.dialect)
            else:
                target = f"{row}.{column.name}"
            found.append(
                Candidate(
                    target,
                    0.85,
                    f"money {side} is {row}.{column.name}",
                    aggregate=("count" if count else profile.aggregate) if total else None,
                    column=None if count else column,
                    tables=frozenset({row}),
                )
            )
        if found:
            return found
        for indicator in table.indicators:
            # the measure the token names, else the first unsigned amount
            named = [s for s in scored if s[0] >= 0.5]
            unsigned = [s for s in scored if derive.never_negative(table.info, s[2])]
            pick = named or unsigned
            if not pick or pick[0][0] < 0.3:
                continue
            if derive.sign_repeats(table.info, indicator, pick[0][2]):
                # the amount carries its side in its sign: the indicator only repeats it, and
                # "WHEN ind = 'DR' THEN amt" would print withdrawals as negative numbers
                continue
            measure_score, _, measure = pick[0]
            node = derive.side_case(row, indicator, side, row, measure, self.dialect, count=count)
            score = 0.85 * min(1.0, 0.7 + 0.3 * measure_score)
            found.append(
                Candidate(
                    SQL_PREFIX + derive.sql_text(node, self.dialect),
                    score,
                    f"{'money ' + side} by {indicator.column.name} in "
                    f"{'/'.join(indicator.values(side))}: {measure.name}",
                    aggregate=("count" if count else profile.aggregate) if total else None,
                    tables=frozenset({row}),
                )
            )
        # a signed amount splits into its halves; with no rows to look at, the sign is assumed
        unknown = not table.info.sample_rows
        signed = [s for s in scored if unknown or derive.is_signed(table.info, s[2])]
        if signed and signed[0][0] >= 0.3:
            measure_score, _, measure = signed[0]
            score = 0.75 * min(1.0, 0.6 + 0.4 * measure_score) * (0.9 if unknown else 1.0)
            reason = f"{'negative' if side == 'out' else 'positive'} {measure.name} (signed)"
            if total and profile.aggregate == "sum":
                found.append(
                    Candidate(
                        f"{row}.{measure.name}",
                        score,
                        f"sum of {reason}",
                        aggregate="sum_negative_abs" if side == "out" else "sum_positive",
                        column=measure,
                        tables=frozenset({row}),
                    )
                )
            else:
                node = derive.side_case(row, None, side, row, measure, self.dialect, count=count)
                found.append(
                    Candidate(
                        SQL_PREFIX + derive.sql_text(node, self.dialect),
                        score,
                        reason,
                        aggregate=("count" if count else profile.aggregate) if total else None,
                        tables=frozenset({row}),
                    )
                )
        return found

    def recipe_candidates(
        self, profile: Profile, names: list[str], row: str | None = None
    ) -> list[Candidate]:
        """Arithmetic over numeric columns of ``names``: net, available, value, parts summed.

        A recipe is proposed only when every word of the token is accounted for by the
        recipe, its operands or their tables: "Landed cost" is no quantity x cost, and
        "employer share of social insurance" no sum of the employee's contributions.
        """
        # the header may trigger a recipe; the name's own words must all be accounted for
        named = set(profile.measure or profile.name)
        words = named | {w for w in profile.header + profile.label if w not in AGGREGATE_WORDS}
        numeric = self._numeric(names)
        if len(numeric) < 2 or profile.expected == "date":
            return []  # arithmetic over numbers gives no date ("Oldest open case opened")
        found: list[Candidate] = []
        Part = tuple[_Table, ColumnInfo, tuple[str, ...]]

        def having(wanted: frozenset[str]) -> list[Part]:
            # the word itself or an abbreviation of it (OUTSTD_PRIN is an outstanding amount);
            # never a synonym: a charge is no price, a VAT rate no unit price
            return [
                n
                for n in numeric
                if set(n[2]) & wanted
                or any(abbreviation_similarity(w, x) >= 0.7 for w in n[2] for x in wanted)
            ]

        def explained(parts: list[Part], trigger: set[str]) -> bool:
            known = set(trigger) | RECIPE_CONTEXT
            for table, _, col_words in parts:
                known |= set(col_words) | set(table.words)
            return all(max(word_similarity(w, k) for k in known) >= 0.7 for w in named)

        def add(
            parts: list[Part],
            op: str,
            positive: bool,
            score: float,
            reason: str,
            trigger: set[str],
            added: int = 1,
            zero_missing: bool = False,
        ) -> None:
            if not explained(parts, trigger):
                return
            derived = derive.arithmetic(
                self.schema,
                [(t.info, c) for t, c, _ in parts],
                op,
                self.dialect,
                " ".join(c.name for _, c, _ in parts),
                positive,
                [(t.info, c) for t, c, _ in numeric],
                added,
                zero_missing,
            )
            if derived.stored is not None:
                table_name, column = derived.stored
                found.append(
                    Candidate(
                        f"{table_name}.{column.name}",
                        max(score, 0.8),
                        f"{reason}: {table_name}.{column.name} equals it on the data",
                        column=column,
                        tables=frozenset({table_name}),
                    )
                )
            elif derived.plausible:
                found.append(
                    Candidate(
                        SQL_PREFIX + derive.sql_text(derived.expression, self.dialect),
                        score,
                        f"{reason} ({derived.description}, checked on the sample rows)",
                        tables=derived.tables,
                    )
                )

        # contributions are the employee's unless the token says employer
        employer = "employer" in words
        deductions = [n for n in having(DEDUCTION_WORDS) if ("employer" in n[2]) == employer]
        fees = [n for n in having(FEE_WORDS) if n not in deductions and "employer" not in n[2]]
        gross = [n for n in having(frozenset({"gross"})) if n not in deductions]
        if not gross:  # "Total before VAT": the stored total less its tax
            taxes = [d for d in deductions if "tax" in d[2]]
            gross = [
                n
                for n in having(frozenset({"total"}))
                if n not in deductions and taxes and n[0] is taxes[0][0]
            ]
            deductions = taxes if gross else deductions
        if "net" in words and gross and (deductions or fees) and not employer:
            # net = gross less what is taken off it: taxes and contributions, or fees
            same = [d for d in deductions + fees if d[0] is gross[0][0]]
            if same:
                add(
                    [gross[0], *same],
                    "minus",
                    True,
                    0.72,
                    "net = gross - deductions",
                    {"net", "pay", "amount", "salary"},
                )
        elif "net" in named and not gross and deductions and not employer:
            # no gross column: net = the row's amounts less what is withheld from them
            # ("Net cash flow" = coupon + principal - withholding tax)
            held = [d for d in deductions if d[0] is deductions[0][0]]
            parts = [
                n
                for n in numeric
                if n[0] is held[0][0]
                and n not in held
                and n[1].kind in ("decimal", "float")
                and set(n[2]) & MONEY_WORDS
                and not set(n[2])
                & (NOT_COMPONENTS | STOCK_WORDS | {"net"} | OWED_WORDS | DEDUCTION_WORDS)
            ]
            if 1 <= len(parts) <= 4:
                add(
                    [*parts, *held],
                    "plus_minus",
                    True,
                    0.7,
                    "net = amounts - what is withheld",
                    {"net", "amount", "flow", "cash", "payment"},
                    added=len(parts),
                )
        if (
            employer
            and gross
            and deductions
            and words & {"cost", "total"}
            and not words & {"social", "insurance", "contribution"}
        ):
            same = [d for d in deductions if d[0] is gross[0][0]]
            if same:
                add(
                    [gross[0], *same],
                    "plus",
                    True,
                    0.72,
                    "employer cost = gross + employer contributions",
                    {"employer", "cost", "total", "labour", "labor"},
                )
        if "deduction" in named and gross and not employer:
            # "Total deductions" where gross and net pay are both stored: what lies between them
            # is every deduction, also the ones whose names the vocabulary cannot read
            nets = [n for n in having(frozenset({"net"})) if n[0] is gross[0][0]]
            if nets:
                add(
                    [gross[0], nets[0]],
                    "minus",
                    True,
                    0.74,
                    "deductions = gross - net",
                    set(DEDUCTION_WORDS) | {"total", "employee"},
                )
        part_words = words & (DEDUCTION_WORDS | {"social"})
        # a rate of tax ("% IVA", "VAT rate") is no sum of tax amounts
        if part_words and not words & {"net", "gross", "cost", "percent", "rate"}:
            concept = part_words - {"contribution", "deduction"} or {"tax", "insurance"}
            if "deduction" in words or ("contribution" in words and not concept - {"social"}):
                concept = set(DEDUCTION_WORDS) if "deduction" in words else {"insurance"}
            if "social" in concept:
                concept = {"insurance"}
            money = [
                n
                for n in deductions
                if set(n[2]) & concept
                and n[1].kind in ("decimal", "float")
                and not set(n[2]) & {"rate", "percent"}  # a tax rate is no tax amount
            ]
            by_table: dict[str, list[Part]] = {}
            for n in money:
                by_table.setdefault(n[0].info.name, []).append(n)
            parts = max(by_table.values(), key=len, default=[])
            if len(parts) >= 2:
                add(
                    parts,
                    "plus",
                    True,
                    _parts_sum_score(profile, parts, gross, having(frozenset({"net"}))),
                    f"sum of the {'/'.join(sorted(concept))} columns",
                    set(DEDUCTION_WORDS) | {"social", "total", "employer", "employee"},
                )
        # a line's "balance" (solde, saldo) where no balance is stored and lines fill debit or
        # credit is the same net; a running, opening or closing balance is not
        line_balance = (
            "balance" in named
            and not named & RUNNING_BALANCE_WORDS
            and not having(frozenset({"balance"}))
        )
        if (
            ("net" in named or line_balance)
            and not gross
            and not named & (DEDUCTION_WORDS | {"pay", "salary"})
        ):
            # a ledger line's net = debit - credit (each line fills one side): the pair of the
            # books' own currency first (accounted, local) when lines carry two pairs
            debits = [n for n in having(frozenset({"debit"})) if "credit" not in n[2]]
            credits = [n for n in having(frozenset({"credit"})) if "debit" not in n[2]]
            pairs = [
                (d, c)
                for d in debits
                for c in credits
                if d[0] is c[0] and set(d[2]) - {"debit"} == set(c[2]) - {"credit"}
            ]
            pairs.sort(key=lambda p: (not set(p[0][2]) & BOOK_CURRENCY_WORDS, len(p[0][2])))
            for debit, credit in pairs[:1]:
                add(
                    [debit, credit],
                    "minus",
                    False,
                    0.72,
                    "net = debit - credit",
                    {"net", "movement", "change", "amount", "activity", "balance"},
                    zero_missing=True,
                )
        paid_words = {"paid", "payment", "settled", "settlement"}
        if named & paid_words and not having(frozenset(paid_words)):
            # what was paid on a document that stores its total and what is still open
            totals = [
                n for n in having(frozenset({"total", "gross"})) if not set(n[2]) & OWED_WORDS
            ]
            still = [n for n in having(frozenset({"remaining", "outstanding"}))]
            for total in totals:
                rest = [n for n in still if n[0] is total[0] and n is not total]
                if rest:
                    add(
                        [total, rest[0]],
                        "minus",
                        True,
                        0.72,
                        "paid = total - still open",
                        paid_words | {"amount"},
                    )
                    break
        # "Total invoiced" in a footer: its measure is what the documents came to
        totalled = bool(named & {"total", "amount_payable"}) or (
            profile.is_total and profile.aggregate == "sum"
        )
        invoice_total = bool(named & {"gross"}) or (totalled and bool(words & INVOICE_WORDS))
        # "Due" on its own or on a date is a due date, not what is owed
        owed = (
            bool(named & OWED_WORDS)
            and not named & {"net", "tax", "gross"}
            and profile.expected != "date"
            and not profile.temporal
            and (named != {"due"} or "money" in profile.token.filters)
        )
        if (invoice_total or owed or totalled) and not employer:
            # a document's gross = net + taxes - withholdings; what is still owed on it =
            # that gross - what was paid: for invoices that store their parts, not the total
            for net in having(frozenset({"net"})):
                # "Total factura" on the facturas table: the total of the row's own document
                own_total = totalled and all(
                    max((word_similarity(w, t) for t in net[0].words), default=0.0) >= 0.7
                    for w in named - {"total", "amount_payable"} - RECIPE_CONTEXT
                )
                if not (invoice_total or owed or own_total):
                    continue
                same = [
                    n
                    for n in numeric
                    if n[0] is net[0] and n is not net and n[1].kind in ("decimal", "float")
                ]
                if having(frozenset({"gross"})) or any(
                    "total" in n[2] and not set(n[2]) & OWED_WORDS for n in same
                ):
                    break  # a stored gross or total: the plain column is the answer
                amounts = [n for n in same if not set(n[2]) & NOT_AN_AMOUNT]
                taxes = [n for n in amounts if "tax" in n[2] and "withholding" not in n[2]]
                held = [n for n in amounts if "withholding" in n[2]]
                paid = [n for n in amounts if set(n[2]) & {"paid", "payment", "settled"}]
                if not taxes:
                    break
                parts = [net, *taxes, *held]
                trigger = {"gross", "total", "amount_payable"} | INVOICE_WORDS
                if owed:
                    if not paid:
                        break
                    parts.append(paid[0])
                    trigger |= OWED_WORDS | {"paid"}
                add(
                    parts,
                    "plus_minus",
                    True,
                    # a "grand total" adds everything: net and tax, not the net on its own
                    0.82 if set(canonical_words(profile.token.name)) & EVERYTHING_WORDS else 0.72,
                    "still owed = net + tax - withholding - paid"
                    if owed
                    else "gross = net + tax - withholding",
                    trigger,
                    added=1 + len(taxes),
                )
                break
        if row is not None and named & {"total", "sum"} and len(named) <= 3:
            # "Total paid" on a payment row: the row's amounts added up
            components = [
                n
                for n in numeric
                if n[0].info.name == row
                and n[1].kind in ("decimal", "float")
                and not set(n[2]) & NOT_COMPONENTS
            ]
            money = [n for n in components if set(n[2]) & MONEY_WORDS]
            if len(money) >= 2:
                components = money  # charges add up; readings and temperatures do not
            if len(components) >= 2:
                add(
                    components,
                    "plus",
                    True,
                    0.66,
                    "total = the row's amounts added up",
                    {"total", "sum", "paid", "payment", "amount", "due", "charge"},
                )
        if words & REPAID_WORDS:
            originals = having(frozenset({"original", "origination", "limit", "principal"}))
            remaining = having(frozenset({"outstanding", "remaining", "balance"}))
            for first in originals:
                rest = [r for r in remaining if r[0] is first[0] and r is not first]
                if rest:
                    add(
                        [first, rest[0]],
                        "minus",
                        True,
                        0.72,
                        "repaid = original - outstanding",
                        set(REPAID_WORDS) | {"amount", "principal"},
                    )
                    break
        if words & AVAILABLE_WORDS:
            # what is left of an allowance: entitled (+ carried over) - taken
            allowances = having(ALLOWANCE_WORDS)
            taken = [n for n in having(TAKEN_WORDS) if n not in allowances]
            if allowances and taken and len({id(n[0]) for n in allowances + taken}) == 1:
                add(
                    [*allowances, *taken],
                    "plus_minus",
                    True,
                    0.72,
                    "remaining = allowance - taken",
                    set(AVAILABLE_WORDS) | {"days", "hours"},
                    added=len(allowances),
                )
        if words & WORKED_WORDS:
            # time worked from clock times: end - start - break
            ends = having(END_TIME_WORDS)
            starts = [n for n in having(START_TIME_WORDS) if n not in ends]
            breaks = [n for n in having(BREAK_WORDS) if n not in ends + starts]
            if ends and starts and ends[0][0] is starts[0][0]:
                parts = [ends[0], starts[0], *[b for b in breaks[:1] if b[0] is ends[0][0]]]
                add(
                    parts,
                    "minus",
                    True,
                    0.72,
                    "time worked = end - start - break",
                    set(WORKED_WORDS) | {"time", "day"},
                )
        if words & AVAILABLE_WORDS:
            done = False
            # the plainest capacity first: "total" before "sub total"
            for cap in sorted(having(CAPACITY_WORDS), key=lambda n: len(n[2])):
                for use in having(USAGE_WORDS):
                    if set(cap[2]) & USAGE_WORDS:
                        continue  # "amountPaid" is what was used, not the capacity
                    if done or cap is use or cap[0] is not use[0]:
                        continue
                    before = len(found)
                    add(
                        [cap, use],
                        "minus",
                        True,
                        0.72,
                        "available = capacity - used",
                        set(AVAILABLE_WORDS),
                    )
                    done = len(found) > before
        if words & (VALUE_WORDS | {"stock", "sell", "net"}) and not words & (
            DEDUCTION_WORDS | {"gross"}
        ):
            quantities = having(QUANTITY_WORDS)
            prices = [n for n in having(PRICE_WORDS) if n not in quantities]
            if quantities and prices:
                qty = max(quantities, key=lambda n: len(set(n[2]) & words))
                # the price of the same rows first, then the one the token names, then cost for
                # a valuation ("stock value") and the selling price for anything else
                at_cost = bool(words & {"stock", "cost", "valuation", "inventory"})

                def preference(n: Part) -> tuple[bool, int, bool]:
                    return (
                        n[0] is qty[0],
                        len(set(n[2]) & words),
                        ("cost" in n[2]) == at_cost,
                    )

                price = max(prices, key=preference)
                discounts = [
                    n for n in having(DISCOUNT_WORDS) if n[0] is qty[0] and n not in (qty, price)
                ]
                trigger = set(VALUE_WORDS) | {"stock", "line", "extended", "sell"}
                if words & AVAILABLE_WORDS:
                    # "Open value": what is still to come, (ordered - received) x price
                    caps = [
                        n for n in quantities if n[0] is price[0] and not set(n[2]) & USAGE_WORDS
                    ]
                    uses = [n for n in quantities if n[0] is price[0] and set(n[2]) & USAGE_WORDS]
                    if caps and uses:
                        add(
                            [caps[0], uses[0], price],
                            "minus_times",
                            True,
                            0.74,
                            "open value = (quantity - used) x price",
                            trigger | set(AVAILABLE_WORDS),
                        )
                if discounts and not words & {"before", "list"}:
                    # a line's discount comes off its value: qty x price - discount
                    add(
                        [qty, price, discounts[0]],
                        "times_minus",
                        True,
                        0.72,
                        "value = quantity x price - discount",
                        trigger | {"net", "discount"},
                    )
                elif "net" not in words:
                    add([qty, price], "times", False, 0.7, "value = quantity x price", trigger)
        if words & {"dispensed", "used", "consumed", "sold", "utilized", "issued"}:
            # what went out = what was put in - what came back ("Dispensed" = loaded - returned)
            loaded = having(frozenset({"loaded", "delivered", "supplied", "opening", "issued"}))
            back = [
                n
                for n in having(frozenset({"returned", "remaining", "leftover", "unused"}))
                if n not in loaded
            ]
            for first in loaded:
                rest = [b for b in back if b[0] is first[0]]
                if rest:
                    add(
                        [first, rest[0]],
                        "minus",
                        True,
                        0.72,
                        "used = put in - returned",
                        {"dispensed", "used", "consumed", "sold", "utilized", "issued"},
                    )
                    break
        for word in sorted(words):
            # "Undisputed amount" = transaction amount - disputed amount
            if not (word.startswith("un") and len(word) > 5):
                continue
            negated = word[2:]
            hits = [n for n in numeric if any(word_similarity(negated, w) >= 0.8 for w in n[2])]
            for part in hits[:1]:
                bases = [
                    n
                    for n in having(frozenset({"transaction", "total", "gross", "original"}))
                    if n[0] is part[0] and n is not part
                ]
                if bases:
                    add([bases[0], part], "minus", True, 0.7, f"{word} = total - {negated}", {word})
        if "tare" in words:
            # tare = gross - net of the same measure (weights)
            grosses = having(frozenset({"gross"}))
            nets = [n for n in having(frozenset({"net"})) if n not in grosses]
            for g in grosses:
                same = [
                    n for n in nets if n[0] is g[0] and set(n[2]) - {"net"} == set(g[2]) - {"gross"}
                ]
                if same:
                    add([g, same[0]], "minus", True, 0.72, "tare = gross - net", {"tare"})
                    break
        if words & {"consumption", "difference", "variance", "change"}:
            current = having(frozenset({"current", "present", "closing", "actual"}))
            previous = having(frozenset({"previous", "opening", "budget", "prior"}))
            if current and previous and current[0][0] is previous[0][0]:
                add(
                    [current[0], previous[0]],
                    "minus",
                    True,
                    0.72,
                    "current - previous",
                    {"consumption", "difference", "variance", "change", "reading"},
                )
        return found

    def concat_candidates(
        self, profile: Profile, names: list[str], *, row: bool
    ) -> list[Candidate]:
        """A person's name from first + last, an address from street, postcode and city."""
        words = set(profile.name) | set(profile.label) | set(profile.header)
        found: list[Candidate] = []
        for name in names:
            table = self.tables[name]
            text = [(c, w) for c, w in table.columns if c.kind in ("text", "other")]
            firsts = [c for c, w in text if set(w) & FIRST_NAME and "name" in w]
            lasts = [c for c, w in text if set(w) & LAST_NAME and "name" in w]
            # "Employee", "Customer name", "Account holder": a person, shown by name
            # "Policyholder", "Loan borrower": a compound whose head is a person
            person = (
                "name" in words
                or (bool(words) and all(w in PERSON_WORDS or w == "full" for w in words))
                or (bool(profile.name) and profile.name[-1] in PERSON_WORDS)
            )
            if person and not words & (FIRST_NAME | LAST_NAME) and firsts and lasts:
                context = words - {"name", "full"}
                fit = (
                    1.0
                    if not context
                    else max(
                        max((word_similarity(w, t) for t in table.words), default=0.0)
                        for w in context
                    )
                )
                if context and fit < 0.7 and not context & PERSON_WORDS:
                    continue
                if context & PERSON_WORDS and fit < 0.7 and set(table.words) & PARTY_WORDS:
                    continue  # "Agent" is not the name of the customers table's person
                node = derive.concat(
                    [(name, firsts[0].name), (name, lasts[0].name)], [" "], self.dialect
                )
                found.append(
                    Candidate(
                        SQL_PREFIX + derive.sql_text(node, self.dialect),
                        0.75 * (0.85 + 0.15 * fit),
                        f"name = {firsts[0].name} + {lasts[0].name}",
                        tables=frozenset({name}),
                    )
                )
            if (
                "address" in words
                and not words & {"email", "line", "street"}
                and not self.template_has_address_parts
            ):
                streets = [
                    (c, w)
                    for c, w in text
                    if set(w) & STREET_WORDS and not set(w) & {"email", "city", "postcode"}
                ]
                cities = [c for c, w in text if "city" in w]
                codes = [c for c, w in text if "postcode" in w]
                if not streets or not cities:
                    continue
                # the address the token names: its other words are said by the table or parts
                context = words - {"address", "full", "postal", "mailing"}
                said = set(table.words) | {x for _, w in streets for x in w}
                fit = min(
                    (max((word_similarity(w, t) for t in said), default=0.0) for w in context),
                    default=1.0,
                )
                if fit < 0.7:
                    continue
                parts = [(name, c.name) for c, _ in streets[:2]]
                seps = [", "] * (len(parts) - 1)
                if codes:
                    parts += [(name, codes[0].name), (name, cities[0].name)]
                    seps += [", ", " "]
                else:
                    parts.append((name, cities[0].name))
                    seps.append(", ")
                node = derive.concat(parts, seps, self.dialect)
                found.append(
                    Candidate(
                        SQL_PREFIX + derive.sql_text(node, self.dialect),
                        (0.86 if codes else 0.78) * (0.9 + 0.1 * fit),
                        "address = " + " + ".join(c for _, c in parts),
                        tables=frozenset({name}),
                    )
                )
        return found

    # ---- mapping each kind of token --------------------------------------------------------
    def row_candidates(self, profile: Profile, row: str) -> list[Candidate]:
        reach = self.reach(row)
        names = [n for n, _ in reach]
        cands = self.columns_of(profile, reach)
        best_column = max((c.score for c in cands), default=0.0)
        if profile.expected == "date" and best_column < 0.6:
            dates = [c for c, _ in self.tables[row].columns if c.kind in ("date", "datetime")]
            if len(dates) == 1:
                cands.append(
                    Candidate(
                        f"{row}.{dates[0].name}",
                        0.6,
                        f"the only date of the {row} rows",
                        column=dates[0],
                        tables=frozenset({row}),
                    )
                )
        if best_column < 0.6 and _asks_line_position(profile.name):
            # "Line", "Ln", "Line no.": the integer that numbers the rows within their document
            for column, col_words in self.tables[row].columns:
                table = self.tables[row].info
                if column.kind != "integer" or any(
                    column.name in fk.columns for fk in table.foreign_keys
                ):
                    continue
                if table.primary_key == [column.name]:
                    continue  # a surrogate key numbers nothing a reader sees
                if _numbers_the_rows(table, column) or set(col_words) & (
                    LINE_POSITION - {"number"}
                ):
                    cands.append(
                        Candidate(
                            f"{row}.{column.name}",
                            0.62,
                            f"the line number of the {row} rows ({column.name})",
                            column=column,
                            tables=frozenset({row}),
                        )
                    )
                    break
        if best_column < 0.9:
            sides = self.side_candidates(profile, row, total=False)
            cands += sides
            if not sides:  # "purchase value" is the buy half of the value, not the value
                cands += self.recipe_candidates(profile, names, row)
            cands += self.concat_candidates(profile, names, row=True)
        return cands

    def total_candidates(self, profile: Profile, row: str | None) -> list[Candidate]:
        if row is None:
            return []
        aggregate = profile.aggregate or "sum"
        cands: list[Candidate] = []
        table = self.tables[row]
        measure = profile.measure
        entity = set(table.words) | ROW_ENTITY_WORDS
        if aggregate == "count":
            plain = not measure or all(
                max(word_similarity(w, e) for e in entity) >= 0.9 for w in measure
            )
            distinct = bool(set(profile.name) & {"distinct", "unique"})
            if plain and measure and (distinct or self._names_a_parent(row, measure)):
                plain = False  # "Employees paid" over payslips: the distinct employees
            if profile.side is not None:
                cands += self.side_candidates(profile, row, total=True)
            if plain:
                cands.append(
                    Candidate(
                        "SQL:COUNT(*)",
                        0.9,
                        f"count of {row} rows",
                        aggregate="count",
                        kind=TokenKind.TOTAL,
                        formatter="integer",
                    )
                )
            else:
                # a count of distinct parents, or of the parents' parents ("Suppliers" over
                # order lines: the orders' supplier keys)
                links = [(row, link) for link in self.graph.parents(row)]
                links += [
                    (link.ref_table, up)
                    for _, link in list(links)
                    for up in self.graph.parents(link.ref_table)
                ]
                # the rows' own table saying the counted thing ("Anzahl Anlagen" over Anlage)
                # counts rows, not distinct parents that only abbreviate it (AnlKlasse)
                own = max(
                    (word_similarity(w, t) for w in measure for t in table.words), default=0.0
                )
                # "Customers" over invoices whose party table is a generic one (Xero's contacts,
                # Odoo's res_partner): the party the rows name, counted
                party = bool(set(measure) & (PARTY_WORDS | {"client", "vendor", "partner"}))
                for holder, link in links:
                    parent = self.tables[link.ref_table]
                    # what the parent's rows are, by its name or by what its numbers spell
                    # ("Invoices" over NetSuite's transaction lines: tranid INV10231)
                    called = self._called(link.ref_table)
                    fit = max(
                        (word_similarity(w, t) for w in measure for t in called),
                        default=0.0,
                    )
                    if party and set(parent.words) & GENERIC_PARTY_TABLES and holder == row:
                        fit = max(fit, 0.75)
                    if fit >= 0.7 and fit > own:
                        cands.append(
                            Candidate(
                                f"{holder}.{link.column}",
                                0.8 if holder == row else 0.75,
                                f"count of distinct {link.ref_table} ({holder}.{link.column})",
                                aggregate="count_distinct",
                                kind=TokenKind.TOTAL,
                                formatter="integer",
                                tables=frozenset({holder}),
                            )
                        )
                if not cands and own >= 0.5 and not distinct:
                    cands.append(
                        Candidate(
                            "SQL:COUNT(*)",
                            0.75,
                            f"count of {row} rows (the table says {' '.join(measure)})",
                            aggregate="count",
                            kind=TokenKind.TOTAL,
                            formatter="integer",
                        )
                    )
                if not cands:
                    # "Number of customers" on invoice rows: distinct customer numbers
                    for column, col_words in table.columns:
                        if column.kind in NUMERIC and not _is_key(table.info, column):
                            continue
                        if not set(col_words) & KEY_WORDS:
                            continue
                        said = [w for w in col_words if w not in KEY_WORDS]
                        if said and all(
                            max(word_similarity(m, c) for c in said) >= 0.9 for m in measure
                        ):
                            cands.append(
                                Candidate(
                                    f"{row}.{column.name}",
                                    0.72,
                                    f"count of distinct {' '.join(said)} ({column.name})",
                                    aggregate="count_distinct",
                                    kind=TokenKind.TOTAL,
                                    formatter="integer",
                                    tables=frozenset({row}),
                                )
                            )
                            break
                if not cands:
                    # "Payments late": the rows with a late fee
                    for column, col_words in table.columns:
                        if column.kind not in NUMERIC or _is_key(table.info, column):
                            continue
                        if match_words(measure, col_words, table.words) >= 0.55:
                            node = exp_count_nonzero(row, column, self.dialect)
                            cands.append(
                                Candidate(
                                    SQL_PREFIX + derive.sql_text(node, self.dialect),
                                    0.7,
                                    f"count of {row} rows with a {column.name}",
                                    kind=TokenKind.TOTAL,
                                    formatter="integer",
                                    tables=frozenset({row}),
                                )
                            )
                if not cands:
                    cands.append(
                        Candidate(
                            "SQL:COUNT(*)",
                            0.6,
                            f"count of {row} rows",
                            aggregate="count",
                            kind=TokenKind.TOTAL,
                            formatter="integer",
                        )
                    )
            return cands
        sources = [(measure, 1.0)] if measure else []
        if profile.header:
            sources.append((profile.header, 0.95))
        label_measure = tuple(w for w in profile.label if w not in ("total", "sum", "count"))
        if label_measure and label_measure != measure:
            sources.append((label_measure, 0.9))
        if not sources:
            sources = [(("amount",), 0.8)]
        numeric_only = aggregate in ("sum", "avg")
        for name in self.tables:
            same = self.tables[name].info.column(profile.token.field)
            if same is not None:  # "sum_insured" is a column, whatever its first word says
                cands.append(
                    Candidate(
                        f"{name}.{same.name}",
                        1.0,
                        f"a column named {same.name}",
                        column=same,
                        tables=frozenset({name}),
                        kind=TokenKind.SCALAR,
                    )
                )
        latest = set(profile.name + profile.label) & LATEST_WORDS
        if measure and all(max(word_similarity(w, e) for e in entity) >= 0.9 for w in measure):
            # "Largest single expense" over expense lines: the amount of a line
            sources.append((("amount",), 0.85))
        reached = [(row, 1.0)]
        if aggregate in ("min", "max") and profile.expected == "date":
            # "Earliest required date" over order lines: the orders' date, each line's own
            reached += [(link.ref_table, 0.95) for link in self.graph.parents(row)]
        for cand in self.columns_of(profile, reached, numeric=numeric_only, sources=sources):
            if (
                latest
                and aggregate in ("min", "max")
                and cand.column is not None
                and cand.column.kind in ("date", "datetime")
                and profile.expected != "date"
            ):
                continue  # "Latest reading" asks for a reading, the date only orders them
            if (
                latest
                and aggregate in ("min", "max")
                and cand.column is not None
                and cand.column.kind in NUMERIC
            ):
                # "Latest reading" is the reading of the latest row, not the latest date
                pick: Aggregate = "last" if latest & {"latest", "newest"} else "first"
                cands.append(
                    Candidate(
                        cand.target,
                        cand.score,
                        f"{pick} {cand.reason} by date",
                        aggregate=pick,
                        column=cand.column,
                        tables=cand.tables,
                        kind=TokenKind.SCALAR,
                    )
                )
                continue
            if (
                cand.column is not None
                and aggregate in ("min", "max")
                and cand.column.kind not in (*NUMERIC, "date", "datetime")
            ):
                continue
            if aggregate in ("min", "max") and cand.column is not None:
                # "Highest reading" is a number, "Oldest account opened" a date
                is_date = cand.column.kind in ("date", "datetime")
                wanted_date = (profile.temporal and not latest) or bool(
                    latest and profile.expected == "date"
                )
                if is_date != wanted_date:
                    cand.score *= 0.8
            cand.aggregate = aggregate
            cand.reason = f"{aggregate} of {cand.reason}"
            cands.append(cand)
        probe = Profile(
            profile.token,
            measure or profile.header,
            profile.label,
            profile.header,
            False,
            None,
            measure,
            profile.side,
            profile.expected,
            None,
            0.0,
        )
        best_column = max((c.score for c in cands), default=0.0)
        sides = self.side_candidates(profile, row, total=True) if profile.side else []
        cands += sides
        if best_column < 0.9 and not sides:
            for cand in self.recipe_candidates(probe, [n for n, _ in self.reach(row)], row):
                # a sum over the rows reads the rows: an expression of parent columns alone
                # would count each parent once per row
                if row not in cand.tables:
                    continue
                cand.aggregate = aggregate
                cand.reason = f"{aggregate} of {cand.reason}"
                cands.append(cand)
        # a stored total in a table the rows belong to ("Amount due" -> invoices.gross_total);
        # a token named "total …" totals the rows first
        stored_factor = 0.85 if profile.token.kind == TokenKind.TOTAL else 0.95
        stored_sources = [(measure, 1.0)] if measure else None
        for cand in self.columns_of(
            profile, self.reach(row)[1:], numeric=True, sources=stored_sources
        ):
            cand.score *= stored_factor
            cand.kind = TokenKind.SCALAR
            cands.append(cand)
        for cand in cands:
            cand.kind = cand.kind or TokenKind.TOTAL
        return cands

    def _names_a_parent(self, row: str, measure: tuple[str, ...]) -> bool:
        """The counted thing is a table the rows link to, not the rows' own table."""
        own = max(
            (word_similarity(w, t) for w in measure for t in self.tables[row].words), default=0.0
        )
        if own >= 0.7:
            return False
        return any(
            word_similarity(w, t) >= 0.9
            for link in self.graph.parents(row)
            for w in measure
            for t in self._called(link.ref_table)
        )

    def _called(self, name: str) -> set[str]:
        """What a table's rows are: its name's words and what its numbers spell (INV10231)."""
        table = self.tables[name]
        return set(table.words) | {w for c in table.info.columns for w in _values_say(c)}

    def scalar_candidates(self, profile: Profile, row: str | None) -> list[Candidate]:
        reach = {n for n, _ in self.reach(row)} if row else set()
        # header values come from the tables the rows belong to, then any table, then the rows
        tables = [
            (name, 1.0 if name in reach and name != row else (0.95 if name == row else 0.97))
            for name in self.tables
        ]
        cands = self.columns_of(profile, tables)
        period_column = self.row_period_column(row)
        for cand in cands:
            if (
                profile.param in DATE_PARAMS
                and cand.column is not None
                and cand.column.kind in ("date", "datetime")
                and cand.score < 0.95
            ):
                cand.score *= 0.85  # a column that merely holds a date is no period bound
            if cand.target == period_column or (
                row
                and cand.tables == {row}
                and cand.column is not None
                and cand.column.kind in ("date", "datetime")
                and profile.param is not None
            ):
                cand.score *= 0.6  # the header repeats the period the rows are filtered on
                cand.reason += "; the rows' period column"
        wants_one = set(profile.all_words) & {"closing", "end", "last", "current", "new", "first"}
        for cand in cands:
            column = cand.column
            if (
                row
                and cand.tables == {row}
                and column is not None
                and cand.aggregate is None
                and column.kind in ("decimal", "float")
                and not wants_one
            ):
                said = set(derive.words_of(column))
                if said & MONEY_WORDS and not said & NOT_COMPONENTS:
                    # "Freight charged: …" once, outside the rows, of an amount each row has:
                    # what the rows come to, not the first row's
                    cand.aggregate = "sum"
                    cand.kind = TokenKind.TOTAL
                    cand.reason += ", summed over the rows"
        if profile.param is not None:
            score = profile.param_score
            cands.append(
                Candidate(
                    f"{PARAM_PREFIX}{profile.param}",
                    score,
                    f"run parameter {profile.param} ~ {' '.join(profile.name or profile.label)}",
                    formatter="date" if profile.param in DATE_PARAMS else None,
                )
            )
        best_column = max((c.score for c in cands), default=0.0)
        if best_column < 0.9:
            names = list(self.tables)
            for cand in self.recipe_candidates(profile, names) + self.concat_candidates(
                profile, names, row=False
            ):
                if len(cand.tables) == 1:
                    if (
                        row
                        and cand.tables == {row}
                        and cand.target.startswith(SQL_PREFIX)
                        and cand.aggregate is None
                    ):
                        # a value of the rows shown once, outside them ("Tare weight"): their sum
                        cand.aggregate = "sum"
                        cand.kind = TokenKind.TOTAL
                        cand.reason += ", summed over the rows"
                    cands.append(cand)
        if row and profile.side is not None and best_column < 0.9:
            # "Payments and credits: …" outside a footer is still a sum of one side of the rows
            for cand in self.side_candidates(
                replace(profile, aggregate="sum", is_total=True), row, total=True
            ):
                cand.score *= 0.9
                cand.kind = TokenKind.TOTAL
                cands.append(cand)
        if row and not profile.token.filters and 0 < len(profile.name) <= 2:
            # "Replenishments: 3" over CASH_REPL rows: a plural of what a row is counts them
            last = raw_words(profile.token.field)[-1:]
            table = self.tables[row]
            plural = bool(last) and singular(last[0]) != last[0]
            if (
                plural
                and table.words
                and max(word_similarity(profile.name[-1], w) for w in table.words) >= 0.7
            ):
                cands.append(
                    Candidate(
                        "SQL:COUNT(*)",
                        0.8,
                        f"count of {row} rows ({last[0]})",
                        aggregate="count",
                        kind=TokenKind.TOTAL,
                        formatter="integer",
                    )
                )
            elif plural and profile.name[-1] in PARTY_WORDS | ROW_ENTITY_WORDS:
                # "Customers: 2" over order lines: how many distinct customers the rows name
                counted = replace(profile, aggregate="count", is_total=True, measure=profile.name)
                distinct = [
                    c
                    for c in self.total_candidates(counted, row)
                    if c.aggregate == "count_distinct"
                ]
                if distinct:
                    for cand in cands:
                        cand.score *= 0.8  # one value of a plural is how many there are
                    for cand in distinct:
                        cand.score = max(cand.score, 0.8)
                    cands += distinct
        words = set(profile.name) | set(profile.label)
        if row and "balance" in words and words & {"closing", "end", "current", "new", "final"}:
            table = self.tables[row]
            for column, col_words in table.columns:
                if "balance" in col_words and column.kind in NUMERIC:
                    cands.append(
                        Candidate(
                            f"{row}.{column.name}",
                            0.7,
                            f"last {column.name} of the period's rows",
                            aggregate="last",
                            column=column,
                            tables=frozenset({row}),
                        )
                    )
        return cands

    def row_period_column(self, row: str | None) -> str | None:
        if row is None:
            return None
        pf = _period_filter(self.tables[row].info, None)
        return pf.column if pf else None

    # ---- deciding ----------------------------------------------------------------------------
    def decide(
        self, profile: Profile, cands: list[Candidate], claims: dict[str, dict[str, float]]
    ) -> TokenMapping:
        token = profile.token
        # rows claim columns from rows, header values from header values; totals share freely
        group = (
            "row" if token.kind == TokenKind.ROW else ("total" if profile.is_total else "scalar")
        )
        taken = claims.setdefault(group, {}) if group != "total" else {}
        unique: dict[tuple[str, str | None], Candidate] = {}
        for cand in cands:
            if cand.column is not None and cand.target in taken and cand.score < taken[cand.target]:
                cand.score *= 0.75  # another token of the template reads this column better
            key = cand.key()
            if key not in unique or cand.score > unique[key].score:
                unique[key] = cand
        ranked = sorted(unique.values(), key=lambda c: c.score, reverse=True)
        words = list(profile.name)
        runners = [
            CandidateTarget(
                target=c.target,
                aggregate=c.aggregate,
                confidence=round(min(c.score, 1.0), 3),
                reason=c.reason,
            )
            for c in ranked[: RUNNERS_UP + 1]
        ]
        kind = TokenKind.TOTAL if profile.is_total and token.kind != TokenKind.ROW else token.kind
        if not ranked or (ranked[0].score < self.threshold and not _clear_winner(ranked, claims)):
            best = ranked[0] if ranked else None
            reason = (
                f"nothing good enough (best {best.target} {best.score:.2f})"
                if best
                else "no candidate in the schema"
            )
            return TokenMapping(
                token=token.name,
                kind=token.kind,
                reason=reason,
                formatter=_formatter(token, None, words),
                candidates=runners[:RUNNERS_UP],
            )
        best = ranked[0]
        if best.column is not None and best.aggregate in (None, "first", "last"):
            taken[best.target] = max(taken.get(best.target, 0.0), best.score)
        kind = best.kind or (
            TokenKind.SCALAR
            if token.kind == TokenKind.TOTAL and best.aggregate in (None, "first", "last")
            else kind
        )
        if token.kind == TokenKind.ROW:
            kind = TokenKind.ROW
        aggregate = best.aggregate
        formatter = best.formatter or _formatter(token, best.column, words)
        if kind == TokenKind.TOTAL and aggregate in ("count", "count_distinct"):
            formatter = best.formatter or "integer"
        if kind == TokenKind.SCALAR and best.target.startswith(PARAM_PREFIX):
            aggregate = None
        elif kind == TokenKind.SCALAR and aggregate is None and best.column is not None:
            wants_last = set(profile.all_words) & {"closing", "end", "last", "current", "new"}
            if wants_last:
                aggregate = "last"
            elif best.column.kind in ("decimal", "float"):
                aggregate = "first"
        return TokenMapping(
            token=token.name,
            kind=kind,
            target=best.target,
            aggregate=aggregate,
            confidence=round(min(best.score, 1.0), 3),
            reason=best.reason,
            formatter=formatter,
            candidates=[
                r for r in runners if (r.target, r.aggregate) != (best.target, best.aggregate)
            ][:RUNNERS_UP],
        )

    def run(self, mapper_name: str) -> Contract:
        row = self.choose_row_table()
        mappings: dict[str, TokenMapping] = {}
        taken: dict[str, dict[str, float]] = {}
        # best-first: the tokens whose best column is clearest claim it first
        pending: list[tuple[Profile, list[Candidate]]] = []
        for profile in self.profiles.values():
            token = profile.token
            if token.kind == TokenKind.ROW:
                cands = self.row_candidates(profile, row) if row else []
            elif profile.is_total:
                cands = self.total_candidates(profile, row)
                if not any(c.score >= self.threshold for c in cands):
                    cands += self.scalar_candidates(profile, row)
            else:
                cands = self.scalar_candidates(profile, row)
            pending.append((profile, cands))
        pending.sort(key=lambda p: max((c.score for c in p[1]), default=0.0), reverse=True)
        for profile, cands in pending:
            mappings[profile.token.name] = self.decide(profile, cands, taken)
        ordered = [mappings[t.name] for t in self.template.tokens]
        row_date = None
        for mapping in ordered:
            if (
                mapping.kind == TokenKind.ROW
                and mapping.formatter == "date"
                and mapping.target_kind == "column"
                and row
                and mapping.target.split(".")[0] == row
            ):
                row_date = mapping.target
                break
        return assemble_contract(self.template, self.schema, mapper_name, ordered, row, row_date)


def _sums_to_gap(
    parts: list[tuple[_Table, ColumnInfo, tuple[str, ...]]],
    gross: list[tuple[_Table, ColumnInfo, tuple[str, ...]]],
    nets: list[tuple[_Table, ColumnInfo, tuple[str, ...]]],
) -> bool:
    """True when ``parts`` add up to gross - net of their own table on every sample row.

    Deductions summed from the columns the vocabulary could read are then all of them;
    otherwise gross - net is the honest sum of the deductions.
    """
    table = parts[0][0]
    same_gross = [g for g in gross if g[0] is table]
    same_net = [n for n in nets if n[0] is table]
    if not same_gross or not same_net:
        return False
    info = table.info
    columns = [derive.column_values(info, c.name) for _, c, _ in parts]
    grosses = derive.column_values(info, same_gross[0][1].name)
    net_values = derive.column_values(info, same_net[0][1].name)
    checked = 0
    for i, (g, n) in enumerate(zip(grosses, net_values, strict=False)):
        values = [col[i] if i < len(col) else None for col in columns]
        if g is None or n is None or any(v is None for v in values):
            continue
        if abs(sum(v for v in values if v is not None) - (g - n)) > Decimal("0.01"):
            return False
        checked += 1
    return checked >= 2


def _parts_sum_score(
    profile: Profile,
    parts: list[tuple[_Table, ColumnInfo, tuple[str, ...]]],
    gross: list[tuple[_Table, ColumnInfo, tuple[str, ...]]],
    nets: list[tuple[_Table, ColumnInfo, tuple[str, ...]]],
) -> float:
    """How sure a sum of like columns (taxes, contributions) is of the token asking for it."""
    if _sums_to_gap(parts, gross, nets):
        return 0.76  # they are all of what lies between gross and net
    table = parts[0][0]
    if any(g[0] is table for g in gross) and any(n[0] is table for n in nets):
        return 0.7  # they are not all of it: gross - net says more
    if set(canonical_words(profile.token.name)) & {"total", "sum"}:
        return 0.8  # "Total tax" over CGST, SGST and IGST: every one of them, not the first
    return 0.7


def _clear_winner(ranked: list[Candidate], claims: dict[str, dict[str, float]]) -> bool:
    """A plain column well ahead of every other candidate that no other token reads."""
    best = ranked[0]
    if best.score < CLEAR_FLOOR or best.column is None or best.aggregate is not None:
        return False
    if any(best.target in taken for taken in claims.values()):
        return False
    runner_up = ranked[1].score if len(ranked) > 1 else 0.0
    return best.score - runner_up >= CLEAR_MARGIN


def clear_word_caches() -> None:
    """Forget every memoised word reading and match (benchmarks time a cold first run)."""
    from neurareport_resources.contracts import vocabulary

    match_words.cache_clear()
    vocabulary.word_similarity.cache_clear()
    vocabulary._canonical.cache_clear()


def table_relevance(template: TemplateSpec, schema: SourceSchema) -> dict[str, float]:
    """How much each table's columns say about the template's tokens (sum of best scores)."""
    proposal = _Proposal(template, schema, THRESHOLD)
    return {
        name: sum(
            max((c.score for c in proposal.columns_of(p, [(name, 1.0)])), default=0.0)
            for p in proposal.profiles.values()
        )
        for name in proposal.tables
    }


class HeuristicMapper:
    """Offline mapper: scores every candidate for every token, keeps the best above a threshold."""

    name = "heuristic"

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold

    def propose(self, template: TemplateSpec, schema: SourceSchema) -> Contract:
        """A draft contract for ``template`` over ``schema`` (not yet validated)."""
        return _Proposal(template, schema, self.threshold).run(self.name)


# ---- contract assembly (shared by every mapper) ------------------------------------------------


def _date_columns(table: TableInfo) -> list[ColumnInfo]:
    return [c for c in table.columns if c.kind in ("date", "datetime")]


def _period_filter(table: TableInfo, date_column: str | None = None) -> PeriodFilter | None:
    """``period``-like column first (month key), else the row date column, else one date."""
    for column in table.columns:
        words = canonical_words(column.name)
        if words and set(words) <= PERIOD_WORDS:
            if column.kind in ("date", "datetime"):
                return PeriodFilter(column=f"{table.name}.{column.name}", mode="month_start")
            if column.kind == "text":
                return PeriodFilter(column=f"{table.name}.{column.name}", mode="month_text")
    if date_column:
        return PeriodFilter(column=date_column, mode="between")
    dates = _date_columns(table)
    if len(dates) == 1:
        return PeriodFilter(column=f"{table.name}.{dates[0].name}", mode="between")
    return None


def _referenced_tables(mapping: TokenMapping, schema: SourceSchema) -> set[str]:
    from neurareport_resources.contracts.sqlbuild import parse_expression, referenced_tables

    if mapping.target_kind == "column":
        table = schema.table(mapping.target.split(".", 1)[0])
        return {table.name} if table else set()
    if mapping.target_kind == "sql":
        try:
            node = parse_expression(mapping.target[len(SQL_PREFIX) :], schema.dialect)
        except ValueError:
            return set()
        found = set()
        for name in referenced_tables(node):
            table = schema.table(name)
            if table is not None:
                found.add(table.name)
        return found
    return set()


def assemble_contract(
    template: TemplateSpec,
    schema: SourceSchema,
    mapper_name: str,
    mappings: list[TokenMapping],
    row_table_name: str | None,
    row_date: str | None = None,
    joins: list[Join] | None = None,
) -> Contract:
    """Build a contract from token mappings: the row source joins every table its row and
    total tokens read (outward, along declared or implied keys); period filters and orderings
    follow from the schema (``period`` column, else the row date column)."""
    row_table = schema.table(row_table_name) if row_table_name else None
    if row_table is not None and row_date is None:
        dates = _date_columns(row_table)
        row_date = f"{row_table.name}.{dates[0].name}" if dates else None
    row_source = RowSource()
    if row_table is not None:
        needed: set[str] = set()
        for m in mappings:
            if m.kind in (TokenKind.ROW, TokenKind.TOTAL):
                needed |= _referenced_tables(m, schema)
        needed.discard(row_table.name)
        all_joins = list(joins or [])
        for join in SchemaGraph(schema).joins_for(row_table.name, needed):
            if all(j.table != join.table for j in all_joins):
                all_joins.append(join)
        order = [row_date] if row_date else []
        for name in ORDER_TIEBREAK:
            col = row_table.column(name)
            if col is not None and col.kind in ("integer", "decimal"):
                order.append(f"{row_table.name}.{col.name}")
        row_source = RowSource(
            table=row_table.name,
            joins=all_joins,
            date_column=row_date,
            period_filter=_period_filter(row_table, row_date),
            order_by=order,
        )
    scalar_tables = set()
    for m in mappings:
        if m.kind == TokenKind.SCALAR:
            scalar_tables |= _referenced_tables(m, schema)
    table_filters: dict[str, PeriodFilter] = {}
    table_order: dict[str, str] = {}
    for name in sorted(scalar_tables):
        table = schema.table(name)
        if table is None:
            continue
        pf = _period_filter(table, None)
        if pf is not None:
            table_filters[table.name] = pf
        dates = [
            c for c in _date_columns(table) if not set(canonical_words(c.name)) <= PERIOD_WORDS
        ]
        if dates:
            table_order[table.name] = f"{table.name}.{dates[0].name}"
    return Contract(
        template=template.name,
        template_hash=template.content_hash,
        source_name=schema.source_name,
        dialect=schema.dialect,
        schema_hash=schema.schema_hash(),
        mapper=mapper_name,
        prompt_version=PROMPT_VERSION,
        mappings=mappings,
        row_source=row_source,
        table_filters=table_filters,
        table_order=table_order,
    )
