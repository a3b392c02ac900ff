"""Scoring a mapper on a gold set: top-1 by token class and UNRESOLVED precision/recall.

A gold folder holds ``cases.yaml``, ``schemas/<schema>.sql`` (CREATE TABLE and INSERT
statements in SQLite, PostgreSQL or MySQL syntax) and ``templates/<template>/`` (a
template folder) or ``templates/<template>.html`` (a single file). ``cases.yaml``::

    cases:
      - template: payslip            # templates/payslip/ or templates/payslip.html
        schema: hr_upper             # schemas/hr_upper.sql
        holdout: true                # optional: scored apart from the tuning cases
        batch: 13                    # optional: the batch it was written in (scored apart too)
        classes: {net_pay: total}    # optional: a token's class when it is not evident
        truth:
          employee: EMP.EMP_NM                       # a column
          from: PARAM:period_start                   # a run parameter
          row.net: SQL:PAY.GRS_AMT - PAY.DED_AMT     # an expression
          total_net: SQL:PAY.GRS_AMT - PAY.DED_AMT @sum   # a total: " @aggregate"
          row.channel: [PAY.CHNL, PAY.CHNL_CD]       # a list: any of these is right
          pension: UNRESOLVED                        # not in the data

A prediction is right when it names the same target — columns compared without regard to
case, parameters by the parameter they stand for (``as_of`` = ``as_of_date``), SQL after
parsing — or when it reads the **same columns** and gives the **same values on the case's
data** (``CASE WHEN amt < 0 THEN -amt END`` = ``amt`` summed with ``sum_negative_abs``).
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import sqlglot
import yaml
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError

from neurareport_resources.contracts.model import (
    PARAM_PREFIX,
    SQL_PREFIX,
    UNRESOLVED,
    Contract,
    ContractError,
    TokenMapping,
    target_kind,
)
from neurareport_resources.contracts.params import param_concept
from neurareport_resources.contracts.sqlbuild import (
    AGGREGATE_NODES,
    aggregate_expression,
    table_node,
)
from neurareport_resources.datasources import SourceSchema, sqlite_source_from_sql
from neurareport_resources.templating import (
    TemplateError,
    TemplateSpec,
    TokenKind,
    import_template,
    load_template,
)

TOKEN_CLASSES = ("column", "parameter", "expression", "total", "unresolved")
SCALAR_PICKS = (None, "first", "last")
MAX_COMPARED_ROWS = 2000


class GoldError(ValueError):
    """A gold folder that cannot be read; the message names the file and what to fix."""


@dataclass
class GoldCase:
    """One template on one schema with the right target(s) of every token."""

    name: str
    template: TemplateSpec
    schema: SourceSchema
    truth: dict[str, list[str]]
    database: Path
    holdout: bool = False
    classes: dict[str, str] = field(default_factory=dict)
    batch: int | None = None

    def token_class(self, token: str) -> str:
        """column | parameter | expression | total | unresolved (from the first right answer)."""
        if token in self.classes:
            return self.classes[token]
        target, aggregate = split_option(self.truth[token][0])
        kind = target_kind(target)
        if kind == "unresolved":
            return "unresolved"
        if kind == "param":
            return "parameter"
        if aggregate not in SCALAR_PICKS or _has_aggregate(target):
            return "total"
        if kind == "sql":
            return "expression"
        if self.template.token(token).kind == TokenKind.TOTAL:
            return "total"  # a stored total: invoices.gross_total for "Total"
        return "column"


@dataclass
class ClassScore:
    """Tokens of one class and how many were right."""

    tokens: int = 0
    correct: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.tokens if self.tokens else 0.0


@dataclass
class GoldScore:
    """Counts behind the metrics, per token class, plus the misses for a readable report."""

    tokens: int = 0
    correct: int = 0
    predicted_unresolved: int = 0
    true_unresolved: int = 0
    both_unresolved: int = 0
    by_class: dict[str, ClassScore] = field(
        default_factory=lambda: {name: ClassScore() for name in TOKEN_CLASSES}
    )
    misses: list[str] = field(default_factory=list)
    cases: int = 0

    @property
    def accuracy(self) -> float:
        """Top-1: share of tokens whose proposed target is right."""
        return self.correct / self.tokens if self.tokens else 0.0

    @property
    def unresolved_precision(self) -> float:
        """Of the tokens left UNRESOLVED, the share that truly are not in the data."""
        return (
            self.both_unresolved / self.predicted_unresolved if self.predicted_unresolved else 1.0
        )

    @property
    def unresolved_recall(self) -> float:
        """Of the tokens truly not in the data, the share left UNRESOLVED."""
        return self.both_unresolved / self.true_unresolved if self.true_unresolved else 1.0

    def as_dict(self) -> dict[str, Any]:
        """The figures as JSON-ready numbers."""
        return {
            "cases": self.cases,
            "tokens": self.tokens,
            "top1": round(self.accuracy, 4),
            "by_class": {
                name: {"tokens": c.tokens, "top1": round(c.accuracy, 4)}
                for name, c in self.by_class.items()
            },
            "unresolved_precision": round(self.unresolved_precision, 4),
            "unresolved_recall": round(self.unresolved_recall, 4),
            "misses": self.misses,
        }


def split_option(option: str) -> tuple[str, str | None]:
    """``"t.c @sum"`` -> ``("t.c", "sum")``; no ``@`` -> aggregate None."""
    target, _, aggregate = option.partition(" @")
    return target.strip(), (aggregate.strip() or None)


def _resolve_template(gold_dir: Path, name: str, work_dir: Path) -> TemplateSpec:
    folder = gold_dir / "templates" / name
    if folder.is_dir():
        return load_template(folder)
    single = gold_dir / "templates" / f"{name}.html"
    if single.is_file():
        return load_template(import_template(single, work_dir / "templates", name))
    raise GoldError(f"{gold_dir / 'cases.yaml'}: template {name!r} not found; add {folder}/")


def load_gold(gold_dir: Path, work_dir: Path) -> list[GoldCase]:
    """Every case of ``gold_dir`` with its schema loaded into SQLite under ``work_dir``."""
    gold_dir, work_dir = Path(gold_dir), Path(work_dir)
    work_dir.mkdir(parents=True, exist_ok=True)
    spec_path = gold_dir / "cases.yaml"
    try:
        spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise GoldError(f"{spec_path}: cannot read the gold cases ({exc})") from exc
    if not isinstance(spec, dict) or not isinstance(spec.get("cases"), list):
        raise GoldError(f"{spec_path}: expected a mapping with a 'cases' list")
    cases: list[GoldCase] = []
    schemas: dict[str, tuple[SourceSchema, Path]] = {}
    for number, case in enumerate(spec["cases"], 1):
        try:
            template_name, schema_name = case["template"], case["schema"]
            truth_spec = dict(case["truth"])
        except (KeyError, TypeError) as exc:
            raise GoldError(f"{spec_path}: case {number} needs template, schema and truth") from exc
        if schema_name not in schemas:
            database = work_dir / f"{schema_name}.db"
            source = sqlite_source_from_sql(
                gold_dir / "schemas" / f"{schema_name}.sql", database, name=schema_name
            )
            try:
                schemas[schema_name] = (source.discover_schema(), database)
            finally:
                source.dispose()
        schema, database = schemas[schema_name]
        template = _resolve_template(gold_dir, template_name, work_dir)
        truth = {
            str(token): [str(v) for v in value] if isinstance(value, list) else [str(value)]
            for token, value in truth_spec.items()
        }
        names = set(template.token_names)
        if names != set(truth):
            raise GoldError(
                f"{spec_path}: case {template_name}@{schema_name}: truth tokens differ from the "
                f"template's: {sorted(names ^ set(truth))}"
            )
        classes = {str(k): str(v) for k, v in (case.get("classes") or {}).items()}
        unknown = set(classes.values()) - set(TOKEN_CLASSES)
        if unknown:
            raise GoldError(f"{spec_path}: unknown token class(es) {sorted(unknown)}")
        cases.append(
            GoldCase(
                f"{template_name}@{schema_name}",
                template,
                schema,
                truth,
                database,
                bool(case.get("holdout", False)),
                classes,
                case.get("batch"),
            )
        )
    return cases


# ---- comparing one prediction with one right answer ---------------------------------------


def _parse(text: str) -> exp.Expression | None:
    for dialect in ("sqlite", "postgres", None):
        try:
            node = sqlglot.parse_one(text, read=dialect)
        except (ParseError, TokenError, ValueError):
            continue
        if isinstance(node, exp.Expression):
            return node
    return None


def _has_aggregate(target: str) -> bool:
    if not target.startswith(SQL_PREFIX):
        return False
    node = _parse(target[len(SQL_PREFIX) :])
    return node is not None and node.find(*AGGREGATE_NODES) is not None


def _value_node(target: str, schema: SourceSchema, row_table: str | None) -> exp.Expression | None:
    """The target as an SQL expression with every column qualified, or None."""
    kind = target_kind(target)
    if kind == "column":
        table, _, column = target.partition(".")
        node: exp.Expression | None = exp.column(column, table=table, quoted=True)
    elif kind == "sql":
        node = _parse(target[len(SQL_PREFIX) :])
    else:
        return None
    if node is None:
        return None

    def qualify(n: exp.Expression) -> exp.Expression:
        if isinstance(n, exp.Column) and not n.table:
            owners = [t.name for t in schema.tables if t.column(n.name) is not None]
            if row_table and row_table in owners:
                owners = [row_table]
            if len(owners) == 1:
                return exp.column(n.name, table=owners[0], quoted=True)
        if isinstance(n, exp.Identifier) and not n.quoted:
            return exp.to_identifier(n.name, quoted=True)
        return n

    return node.transform(qualify)


def _columns(node: exp.Expression) -> frozenset[tuple[str, str]]:
    return frozenset((c.table.lower(), c.name.lower()) for c in node.find_all(exp.Column))


def _normal_sql(node: exp.Expression) -> str:
    def lower(n: exp.Expression) -> exp.Expression:
        if isinstance(n, exp.Identifier):
            return exp.to_identifier(n.name.lower())
        return n

    return "".join(node.transform(lower).sql(dialect="sqlite").split()).upper()


def _scalar_pick(aggregate: str | None) -> bool:
    return aggregate in SCALAR_PICKS


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None


def _same_value(a: Any, b: Any) -> bool:
    """Numbers within half a cent; a blank equals 0 (a debit column may show 0 or nothing)."""
    blank_a = a is None or (isinstance(a, str) and not a.strip())
    blank_b = b is None or (isinstance(b, str) and not b.strip())
    if blank_a and blank_b:
        return True
    number_a, number_b = _number(a), _number(b)
    if blank_a or blank_b:
        other = number_b if blank_a else number_a
        return other is not None and other == 0
    if number_a is not None and number_b is not None:
        return abs(number_a - number_b) <= Decimal("0.005")
    return str(a).strip() == str(b).strip()


class Judge:
    """Decides whether predictions are right for one case (opens its SQLite data once)."""

    def __init__(self, case: GoldCase) -> None:
        self.case = case
        self._con: sqlite3.Connection | None = None

    def close(self) -> None:
        if self._con is not None:
            self._con.close()

    def _query(self, sql: str) -> list[tuple[Any, ...]] | None:
        if self._con is None:
            uri = f"{self.case.database.resolve().as_uri()}?mode=ro"
            self._con = sqlite3.connect(uri, uri=True)
        try:
            return self._con.execute(sql).fetchmany(MAX_COMPARED_ROWS)
        except sqlite3.Error:
            return None

    def right(self, mapping: TokenMapping, option: str, row_table: str | None) -> bool:
        target, aggregate = split_option(option)
        predicted = mapping.target.strip()
        kind, predicted_kind = target_kind(target), target_kind(predicted)
        if kind in ("unresolved", "literal") or predicted_kind in ("unresolved", "literal"):
            return kind == predicted_kind and target == predicted
        if kind == "param" or predicted_kind == "param":
            return (
                kind == predicted_kind
                and param_concept(target[len(PARAM_PREFIX) :])
                == param_concept(predicted[len(PARAM_PREFIX) :])
                and _scalar_pick(mapping.aggregate)
            )
        schema = self.case.schema
        truth_node = _value_node(target, schema, row_table)
        predicted_node = _value_node(predicted, schema, row_table)
        if truth_node is None or predicted_node is None:
            return False
        truth_agg = aggregate if not _scalar_pick(aggregate) else None
        predicted_agg = mapping.aggregate if not _scalar_pick(mapping.aggregate) else None
        truth_total = truth_agg is not None or truth_node.find(*AGGREGATE_NODES) is not None
        predicted_total = (
            predicted_agg is not None or predicted_node.find(*AGGREGATE_NODES) is not None
        )
        if truth_total != predicted_total:
            return False
        if _normal_sql(truth_node) == _normal_sql(predicted_node) and truth_agg == predicted_agg:
            return True
        return self._same_on_data(
            truth_node, truth_agg, predicted_node, predicted_agg, truth_total, row_table
        )

    def _same_on_data(
        self,
        truth: exp.Expression,
        truth_agg: str | None,
        predicted: exp.Expression,
        predicted_agg: str | None,
        aggregated: bool,
        row_table: str | None,
    ) -> bool:
        columns = _columns(truth)
        # COUNT(*) reads no column: it may equal a count over the row table's rows
        if columns != _columns(predicted) and (columns or not aggregated):
            return False
        tables = sorted({t for t, _ in columns | _columns(predicted)}) or (
            [row_table] if row_table else []
        )
        if not tables:
            return False
        try:
            if aggregated:
                truth = (
                    truth
                    if truth.find(*AGGREGATE_NODES)
                    else aggregate_expression(truth_agg or "sum", truth)
                )
                predicted = (
                    predicted
                    if predicted.find(*AGGREGATE_NODES)
                    else aggregate_expression(predicted_agg or "sum", predicted)
                )
        except ContractError:
            return False
        select = exp.select(
            exp.alias_(truth.copy(), "truth"), exp.alias_(predicted.copy(), "predicted")
        )
        select = select.from_(table_node(tables[0]))
        for table in tables[1:]:  # the same product of rows for both: a plain cross join
            select = select.join(table_node(table))
        found = self._query(select.sql(dialect="sqlite"))
        if not found or all(row[0] in (None, "") for row in found):
            return False  # nothing to compare on: only a textual match counts
        return all(_same_value(a, b) for a, b in found)


def score_cases(
    cases: list[GoldCase], propose: Callable[[TemplateSpec, SourceSchema], Contract]
) -> GoldScore:
    """Run ``propose(template, schema)`` on every case and count right answers by class.

    A case the mapper gives no contract for (it raises ``ContractError``, e.g. an LLM whose
    answers never validate) is scored as an analyst would receive it: every token given up.
    """
    result = GoldScore()
    for case in cases:
        contract: Contract | None
        try:
            contract = propose(case.template, case.schema)
        except ContractError as exc:
            contract = None
            result.misses.append(f"{case.name}: no contract ({str(exc).splitlines()[0]})")
        judge = Judge(case)
        try:
            result.cases += 1
            for token, accepted in case.truth.items():
                token_class = case.token_class(token)
                truly_unresolved = accepted == [UNRESOLVED]
                mapping = contract.mapping_for(token) if contract else None
                predicted_unresolved = mapping is None or not mapping.resolved
                result.tokens += 1
                result.by_class[token_class].tokens += 1
                result.true_unresolved += truly_unresolved
                result.predicted_unresolved += predicted_unresolved
                result.both_unresolved += truly_unresolved and predicted_unresolved
                if mapping is None or contract is None:
                    right = truly_unresolved
                else:
                    row_table = contract.row_source.table
                    right = any(judge.right(mapping, option, row_table) for option in accepted)
                if right:
                    result.correct += 1
                    result.by_class[token_class].correct += 1
                else:
                    target = mapping.target if mapping else UNRESOLVED
                    agg = f" @{mapping.aggregate}" if mapping and mapping.aggregate else ""
                    result.misses.append(
                        f"{case.name}: [{token_class}] {token} -> {target}{agg} "
                        f"(truth {' | '.join(accepted)})"
                    )
        finally:
            judge.close()
    return result


def evaluate_gold(
    gold_dir: Path,
    propose: Callable[[TemplateSpec, SourceSchema], Contract],
    *,
    holdout: bool | None = None,
) -> GoldScore:
    """Load ``gold_dir`` in a temporary folder and score ``propose`` on it.

    ``holdout=True`` scores only the holdout cases, ``False`` only the others.
    """
    with tempfile.TemporaryDirectory(prefix="nr-gold-") as tmp:
        try:
            cases = load_gold(Path(gold_dir), Path(tmp))
        except TemplateError as exc:
            raise GoldError(str(exc)) from exc
        if holdout is not None:
            cases = [c for c in cases if c.holdout == holdout]
        return score_cases(cases, propose)
