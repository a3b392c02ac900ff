"""The general rules the offline mapper learnt for schemas it has not seen (issue 11):
abbreviations by type, joined camelCase pieces, acronyms, counts and recipes."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from neurareport_resources.contracts import HeuristicMapper
from neurareport_resources.contracts.derive import evaluate
from neurareport_resources.contracts.evaluate import evaluate_gold
from neurareport_resources.contracts.heuristic import _expand_acronyms
from neurareport_resources.contracts.profile import profile_token
from neurareport_resources.contracts.vocabulary import canonical_words, column_words, is_known
from neurareport_resources.templating import Token, TokenKind


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("SolZ", ["solidarity", "surcharge"]),  # one abbreviation cut in two by its capitals
        ("KiSt", ["church", "tax"]),
        ("StKl", ["tax", "class"]),
        ("b_s", ["side"]),
        ("CD_POST", ["postcode"]),  # a type prefix beside "post" is a postal code
        ("NM_BENE", ["name", "beneficiary"]),
        ("AMT_BAL_CLR", ["amount", "balance", "cleared"]),
        ("approverName", ["approver", "name"]),  # a short abbreviation never heads a compound
        ("UNRLZD_PL", ["unrealized", "profit", "loss"]),
    ],
)
def test_names_read_by_the_common_abbreviations(name: str, words: list[str]) -> None:
    assert canonical_words(name) == words


def test_an_abbreviation_is_read_by_its_column_type() -> None:
    assert column_words("pstDt", numeric=False, temporal=True) == ["posting", "date"]
    assert column_words("PRD_ST_DT", numeric=False, temporal=True) == ["period", "start", "date"]
    assert column_words("pd_amt", numeric=True) == ["paid", "amount"]
    assert column_words("LSt", numeric=True) == ["income", "tax"]
    assert column_words("exp_nm", numeric=False) == ["exp", "name"]  # left to its spelling


def test_the_common_list_does_not_make_real_words_known() -> None:
    # "origin" and "insured" still meet ORIG and INS... by their spelling
    assert not is_known("origin") and not is_known("insured")


def test_acronyms_of_the_label_words() -> None:
    assert _expand_acronyms(("port", "loading"), ("pol", "code")) == ("port", "loading", "code")
    assert _expand_acronyms(("price", "litre"), ("ppl",)) == ("price", "litre")
    # two letters, or words that are themselves abbreviations, spell nothing
    assert _expand_acronyms(("lc", "number"), ("ln", "id")) == ("ln", "id")


def _token(field: str, label: str, filters: tuple[str, ...] = ()) -> Token:
    return Token(name=field, field=field, kind=TokenKind.SCALAR, label=label, filters=filters)


def test_profiles_of_counts_orders_and_units() -> None:
    term = profile_token(_token("term", "Term (months)"))
    assert term.expected == "number"  # a unit in brackets: a duration, not a date
    last = profile_token(_token("last_payment", "Last payment received", ("date",)))
    assert (last.aggregate, last.is_total, last.name) == ("max", True, ("payment",))
    count = profile_token(_token("instalments", "Instalments"))
    assert (count.aggregate, count.is_total) == ("count", True)
    reading = profile_token(_token("last_odometer", "Last odometer reading"))
    assert reading.aggregate == "max" and reading.name[0] == "latest"


def test_open_value_is_checked_on_the_rows() -> None:
    assert evaluate("minus_times", [Decimal(10), Decimal(4), Decimal("2.5")]) == Decimal(15)


SCHEMA = """
CREATE TABLE SUPPL_MST (ID_SUPPL TEXT PRIMARY KEY, NM_SUPPL TEXT, CD_POST TEXT);
CREATE TABLE PO_HDR (NBR_PO TEXT PRIMARY KEY, ID_SUPPL TEXT REFERENCES SUPPL_MST(ID_SUPPL),
  DT_REQD DATE, NM_BUYER TEXT);
CREATE TABLE PO_LN (ID_LN INTEGER PRIMARY KEY, NBR_PO TEXT REFERENCES PO_HDR(NBR_PO),
  QTY_ORD INTEGER, QTY_RCVD INTEGER, AMT_UNIT_CST DECIMAL(10,2), WT_GRS_KG DECIMAL(8,2),
  WT_NET_KG DECIMAL(8,2));
INSERT INTO SUPPL_MST VALUES ('S1', 'Acme Bolts', '1011 AB'), ('S2', 'Pack Co', '2022 CD');
INSERT INTO PO_HDR VALUES ('P1', 'S1', '2025-03-20', 'Ian'), ('P2', 'S2', '2025-03-12', 'Ian');
INSERT INTO PO_LN VALUES (1, 'P1', 40, 0, 2.50, 120.00, 110.00), (2, 'P1', 25, 10, 3.00, 80.00, 71.50),
  (3, 'P2', 200, 150, 0.40, 45.00, 40.00);
"""
TEMPLATE = """<h1>Open order lines</h1><p>Buyer {{ buyer }}</p>
<table><thead><tr><th>Supplier</th><th>Postcode</th><th>Qty ordered</th><th>Qty received</th>
<th>Unit cost</th><th>Open value</th></tr></thead>
<tbody>{% for l in rows %}<tr><td>{{ l.supplier }}</td><td>{{ l.postcode }}</td><td>{{ l.ordered }}</td>
<td>{{ l.received }}</td><td>{{ l.unit_cost }}</td><td>{{ l.open_value | money }}</td></tr>{% endfor %}
</tbody><tfoot><tr><td colspan="5">Total</td><td>{{ total_open_value | money }}</td></tr></tfoot></table>
<p>Suppliers: {{ supplier_count }} &middot; Earliest required date: {{ earliest_required | date }}</p>
<p>Tare weight: {{ tare_weight }} kg &middot; Freight: {{ freight | money }}</p>"""
CASES = """cases:
  - template: open_lines
    schema: po
    truth:
      buyer: PO_HDR.NM_BUYER
      row.supplier: SUPPL_MST.NM_SUPPL
      row.postcode: SUPPL_MST.CD_POST
      row.ordered: PO_LN.QTY_ORD
      row.received: PO_LN.QTY_RCVD
      row.unit_cost: PO_LN.AMT_UNIT_CST
      row.open_value: SQL:(PO_LN.QTY_ORD - PO_LN.QTY_RCVD) * PO_LN.AMT_UNIT_CST
      total_open_value: SQL:(PO_LN.QTY_ORD - PO_LN.QTY_RCVD) * PO_LN.AMT_UNIT_CST @sum
      supplier_count: [PO_HDR.ID_SUPPL @count_distinct, SUPPL_MST.ID_SUPPL @count_distinct]
      earliest_required: PO_HDR.DT_REQD @min
      tare_weight: SQL:PO_LN.WT_GRS_KG - PO_LN.WT_NET_KG @sum
      freight: UNRESOLVED
"""


def test_recipes_counts_and_parent_dates_end_to_end(tmp_path: Path) -> None:
    root = tmp_path / "gold"
    (root / "schemas").mkdir(parents=True)
    (root / "templates").mkdir()
    (root / "schemas" / "po.sql").write_text(SCHEMA)
    (root / "templates" / "open_lines.html").write_text(TEMPLATE)
    (root / "cases.yaml").write_text(CASES)
    result = evaluate_gold(root, HeuristicMapper().propose)
    assert result.accuracy == 1.0, "\n".join(result.misses)
