"""Values a schema does not store but holds the parts of, checked on its own rows.

A template asks for *net pay*, *available*, *stock value*, *money out*, a customer's
*address*; the schema has gross and deductions, on-hand and reserved, quantity and unit
cost, a signed amount or a DR/CR indicator, street, postcode and city. This module proposes
the SQL expression — and checks it on the sample rows first: when a stored column already
equals the derived value on every row, that column is the answer (the data decides);
when the derived value is implausible (a negative "available"), it is not proposed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlglot import exp

from neurareport_resources.contracts.vocabulary import column_words
from neurareport_resources.datasources import ColumnInfo, SourceSchema, TableInfo

NUMERIC = ("integer", "decimal", "float")
TOLERANCE = Decimal("0.011")

# the two sides of a movement, in canonical words
OUT_WORDS = frozenset(
    {"debit", "withdrawal", "outflow", "expense", "spent", "outgoing", "buy", "charge"}
)
IN_WORDS = frozenset(
    {"credit", "deposit", "income", "inflow", "received", "incoming", "sell", "refund", "receipt"}
)
# "in"/"out" are sides only at the end of a short name ("qty_in", "Money out")
EDGE_SIDE_WORDS = {"out": "out", "in": "in"}
# indicator values (upper case) for the out side and the in side, by convention
SIDE_CODES: tuple[tuple[frozenset[str], frozenset[str]], ...] = (
    (frozenset({"D", "DR", "DB", "DEB", "DEBIT"}), frozenset({"C", "CR", "CRED", "CREDIT"})),
    (frozenset({"B", "BUY", "BOUGHT", "P", "PURCHASE"}), frozenset({"S", "SELL", "SOLD", "SALE"})),
    (frozenset({"S", "SOLL"}), frozenset({"H", "HABEN"})),
    (frozenset({"OUT", "O", "ISSUE", "GI"}), frozenset({"IN", "I", "RECEIPT", "GR"})),
    (frozenset({"W", "WD", "WITHDRAWAL"}), frozenset({"DEP", "DEPOSIT"})),
    (frozenset({"-"}), frozenset({"+"})),
)


def side_of(words: list[str]) -> str | None:
    """``"out"``, ``"in"`` or None: which half of a movement the words name."""
    found = set(words)
    out, in_ = bool(found & OUT_WORDS), bool(found & IN_WORDS)
    if words and words[-1] in EDGE_SIDE_WORDS and len(words) <= 3:
        out = out or words[-1] == "out"
        in_ = in_ or words[-1] == "in"
    if out == in_:
        return None
    return "out" if out else "in"


def number(value: str | None) -> Decimal | None:
    """A sample value as a number, or None."""
    if value is None:
        return None
    try:
        return Decimal(value.strip())
    except (InvalidOperation, ValueError):
        return None


def column_values(table: TableInfo, column: str) -> list[Decimal | None]:
    """The column's sample values as numbers, one per sample row."""
    return [number(row.get(column)) for row in table.sample_rows]


def text_values(table: TableInfo, column: str) -> list[str]:
    """Distinct non-empty sample values of a column, upper-cased and stripped."""
    seen: list[str] = []
    for row in table.sample_rows:
        value = row.get(column)
        if value is None or not value.strip():
            continue
        text = value.strip().upper()
        if text not in seen:
            seen.append(text)
    return seen


@dataclass(frozen=True)
class Indicator:
    """A text column telling which side a row is on (``DR_CR_IND`` with D/C)."""

    column: ColumnInfo
    out_values: tuple[str, ...]
    in_values: tuple[str, ...]

    def values(self, side: str) -> tuple[str, ...]:
        """The codes of ``side`` (out/in)."""
        return self.out_values if side == "out" else self.in_values


def find_indicators(table: TableInfo) -> list[Indicator]:
    """Text columns whose few distinct values are the codes of both sides of a movement."""
    found: list[Indicator] = []
    for column in table.columns:
        if column.kind not in ("text", "other") or column.primary_key:
            continue
        values = text_values(table, column.name)
        if not 2 <= len(values) <= 6:
            continue
        for out_codes, in_codes in SIDE_CODES:
            outs = tuple(v for v in values if v in out_codes)
            ins = tuple(v for v in values if v in in_codes and v not in outs)
            if outs and ins:
                found.append(Indicator(column, outs, ins))
                break
    return found


def is_signed(table: TableInfo, column: ColumnInfo) -> bool:
    """True when the samples hold both negative and positive amounts."""
    values = [v for v in column_values(table, column.name) if v is not None]
    return any(v < 0 for v in values) and any(v > 0 for v in values)


def sign_repeats(table: TableInfo, indicator: Indicator, measure: ColumnInfo) -> bool:
    """True when the amount's sign says what the indicator says on every sample row (DR rows
    negative, CR rows positive): the amount is signed and the indicator adds nothing."""
    seen = set()
    for row in table.sample_rows:
        code = (row.get(indicator.column.name) or "").strip().upper()
        value = number(row.get(measure.name))
        if value is None or not code:
            continue
        side = (
            "out" if code in indicator.out_values else "in" if code in indicator.in_values else None
        )
        if side is None:
            continue
        if (value < 0) != (side == "out") or value == 0:
            return False
        seen.add(side)
    return seen == {"out", "in"}


def never_negative(table: TableInfo, column: ColumnInfo) -> bool:
    """True when no sample value is below zero."""
    return all(v is None or v >= 0 for v in column_values(table, column.name))


# ---- SQL text ----------------------------------------------------------------------------


def _needs_quotes(name: str, dialect: str) -> bool:
    simple = name.replace("_", "").isalnum() and not name[0].isdigit()
    if not simple:
        return True
    # PostgreSQL folds unquoted names to lower case: mixed-case names keep their quotes there
    return dialect in ("postgres", "postgresql") and name != name.lower()


def col(table: str, column: str, dialect: str) -> exp.Column:
    """``table.column`` as an expression node, quoted only where the dialect needs it."""
    return exp.Column(
        this=exp.to_identifier(column, quoted=_needs_quotes(column, dialect)),
        table=exp.to_identifier(table, quoted=_needs_quotes(table, dialect)),
    )


def sql_text(node: exp.Expression, dialect: str) -> str:
    """The expression as contract text (``SQL:`` goes in front)."""
    return node.sql(dialect=dialect)


def side_case(
    indicator_table: str,
    indicator: Indicator | None,
    side: str,
    measure_table: str,
    measure: ColumnInfo,
    dialect: str,
    *,
    count: bool = False,
) -> exp.Expression:
    """``CASE WHEN ind = 'D' THEN amt END`` (indicator) or ``CASE WHEN amt < 0 THEN -amt END``
    (signed amount); ``count`` puts 1 in place of the amount, wrapped in COUNT."""
    amount = col(measure_table, measure.name, dialect)
    zero = exp.Literal.number(0)
    if indicator is not None:
        ind = col(indicator_table, indicator.column.name, dialect)
        codes = indicator.values(side)
        condition: exp.Expression = (
            exp.EQ(this=ind, expression=exp.Literal.string(codes[0]))
            if len(codes) == 1
            else exp.In(this=ind, expressions=[exp.Literal.string(c) for c in codes])
        )
        value: exp.Expression = amount
    elif side == "out":
        condition = exp.LT(this=amount.copy(), expression=zero)
        value = exp.Neg(this=amount)
    else:
        condition = exp.GT(this=amount.copy(), expression=zero)
        value = amount
    then = exp.Literal.number(1) if count else value
    case = exp.Case(ifs=[exp.If(this=condition, true=then)])
    return exp.Count(this=case) if count else case


def concat(parts: list[tuple[str, str]], separators: list[str], dialect: str) -> exp.Expression:
    """``a || ' ' || b`` over ``(table, column)`` parts joined by ``separators``."""
    node: exp.Expression = col(parts[0][0], parts[0][1], dialect)
    for (table, column), sep in zip(parts[1:], separators, strict=True):
        node = exp.DPipe(this=node, expression=exp.Literal.string(sep), safe=True)
        node = exp.DPipe(this=node, expression=col(table, column, dialect), safe=True)
    return node


# ---- arithmetic recipes, checked on the rows -----------------------------------------------


@dataclass(frozen=True)
class Derived:
    """A derived value: either a stored column that equals it on the data, or an expression."""

    expression: exp.Expression
    description: str
    stored: tuple[str, ColumnInfo] | None
    plausible: bool
    tables: frozenset[str]


def _row_values(
    rows: list[dict[str, str | None]], columns: Iterable[str]
) -> list[list[Decimal | None]]:
    return [[number(row.get(c)) for c in columns] for row in rows]


def evaluate(op: str, operands: list[Decimal | None], added: int = 1) -> Decimal | None:
    """``minus``: first minus the rest; ``plus``: the sum; ``times``: the product;
    ``times_minus``: first times second minus the rest; ``minus_times``: first minus second,
    times the third; ``plus_minus``: the first ``added`` summed, the rest taken off."""
    if any(v is None for v in operands):
        return None
    values = [v for v in operands if v is not None]
    if op == "times":
        result = Decimal(1)
        for v in values:
            result *= v
        return result
    if op == "minus":
        return values[0] - sum(values[1:], Decimal(0))
    if op == "times_minus":
        return values[0] * values[1] - sum(values[2:], Decimal(0))
    if op == "minus_times":
        return (values[0] - values[1]) * values[2]
    if op == "plus_minus":
        return sum(values[:added], Decimal(0)) - sum(values[added:], Decimal(0))
    return sum(values, Decimal(0))


def arithmetic(
    schema: SourceSchema,
    operands: list[tuple[TableInfo, ColumnInfo]],
    op: str,
    dialect: str,
    description: str,
    must_be_positive: bool,
    stored_candidates: list[tuple[TableInfo, ColumnInfo]],
    added: int = 1,
    zero_missing: bool = False,
) -> Derived:
    """Build ``a - b - c`` / ``a + b`` / ``a * b`` and check it on the sample rows.

    Operands from one table are checked row by row; a stored column of that table equal to
    the result on every row (at least two) is returned as ``stored``. ``zero_missing`` reads an
    empty operand as 0 (``COALESCE(dr, 0) - COALESCE(cr, 0)``: a line fills one side only).
    """
    nodes: list[exp.Expression] = [col(t.name, c.name, dialect) for t, c in operands]
    if zero_missing:
        nodes = [exp.Coalesce(this=n, expressions=[exp.Literal.number(0)]) for n in nodes]
    node = nodes[0]
    if op == "times_minus":
        node = exp.Mul(this=node, expression=nodes[1])
        for other in nodes[2:]:
            node = exp.Sub(this=node, expression=other)
        nodes = []
    if op == "minus_times":
        node = exp.Mul(
            this=exp.Paren(this=exp.Sub(this=node, expression=nodes[1])), expression=nodes[2]
        )
        nodes = []
    if op == "plus_minus":
        for i, other in enumerate(nodes[1:], 1):
            node = (
                exp.Add(this=node, expression=other)
                if i < added
                else exp.Sub(this=node, expression=other)
            )
        nodes = []
    for other in nodes[1:]:
        if op == "minus":
            node = exp.Sub(this=node, expression=other)
        elif op == "plus":
            node = exp.Add(this=node, expression=other)
        else:
            node = exp.Mul(this=node, expression=other)
    tables = frozenset(t.name for t, _ in operands)
    stored: tuple[str, ColumnInfo] | None = None
    plausible = True
    if len(tables) == 1:
        table = operands[0][0]
        names = [c.name for _, c in operands]
        rows = _row_values(table.sample_rows, names)
        if zero_missing:
            rows = [[Decimal(0) if v is None else v for v in row] for row in rows]
        results = [evaluate(op, row, added) for row in rows]
        known = [r for r in results if r is not None]
        if must_be_positive and known:
            # most rows come out non-negative (a sick-leave row may go below zero)
            plausible = sum(1 for r in known if r >= 0) >= 0.6 * len(known)
        if len(known) >= 2:
            for other_table, candidate in stored_candidates:
                if other_table.name != table.name or candidate.name in names:
                    continue
                values = column_values(table, candidate.name)
                pairs = [(r, v) for r, v in zip(results, values, strict=True) if r is not None]
                if (
                    len(pairs) >= 2
                    and all(v is not None and abs(r - v) <= TOLERANCE for r, v in pairs)
                    and any(r != 0 for r, _ in pairs)
                ):
                    stored = (table.name, candidate)
                    break
    return Derived(node, description, stored, plausible, tables)


def words_of(column: ColumnInfo, name: str | None = None) -> list[str]:
    """Canonical words of a column, read with its samples (``CURR_RDG`` is a current reading);
    ``name`` reads another spelling of it (the name without its Hungarian type prefix)."""
    return column_words(
        name or column.name,
        tuple(column.samples),
        numeric=column.kind in NUMERIC,
        temporal=column.kind in ("date", "datetime"),
    )
