"""General rules for naming styles the tuning batches did not have (issue 11, branch contracts4):
SAP's standard field names, Spanish invoicing words, Hungarian notation, lowercase names
without separators, and the derived values and totals such schemas call for."""

from __future__ import annotations

from pathlib import Path

import pytest

from neurareport_resources.contracts import HeuristicMapper
from neurareport_resources.contracts.evaluate import GoldScore, evaluate_gold
from neurareport_resources.contracts.vocabulary import canonical_words, uses_hungarian_notation


@pytest.mark.parametrize(
    ("name", "words"),
    [
        # SAP data elements are the same in every SAP system: read them as what they mean
        ("BUKRS", ["company", "code"]),
        ("BELNR", ["document", "number"]),
        ("BUDAT", ["posting", "date"]),
        ("BLDAT", ["document", "date"]),
        ("KOSTL", ["cost", "center"]),
        ("ORT01", ["city"]),
        # German bookkeeping words: a Beleg is an accounting document, not a till receipt
        ("Belegnr", ["document", "number"]),
        ("Hauswährung", ["local", "currency"]),
        ("Sachkonto", ["general", "ledger", "account"]),
        # Spanish: report bounds and invoice words
        ("fecha_desde", ["date", "start"]),
        ("fecha_hasta", ["date", "end"]),
        ("fecha_impresion", ["date", "print"]),
        ("fecha_expedicion", ["date", "issue"]),
        ("razon_social", ["company", "name"]),
        ("retencion_irpf", ["withholding", "irpf"]),
    ],
)
def test_sap_german_and_spanish_names(name: str, words: list[str]) -> None:
    assert canonical_words(name) == words


@pytest.mark.parametrize(
    ("name", "words"),
    [
        # legacy lower-case schemas write abbreviations together: one run, read piece by piece
        ("txndt", ["transaction", "date"]),
        ("chqno", ["cheque", "number"]),
        ("odlimit", ["overdraft", "limit"]),
        ("lasttxndt", ["last", "transaction", "date"]),
        # words that only look like runs stay words
        ("report_month", ["report", "month"]),
        ("cover", ["cover"]),
        ("nominee", ["nominee"]),
        ("valid", ["valid"]),
    ],
)
def test_runs_of_abbreviations_without_separators(name: str, words: list[str]) -> None:
    assert canonical_words(name) == words


def test_hungarian_notation_is_a_table_wide_habit() -> None:
    hungarian = ["intInvoiceID", "strInvoiceNo", "dtmDueDate", "curNetAmount", "curPaidAmount"]
    assert uses_hungarian_notation(hungarian)
    # one camelCase "curBalance" among plain names is a current balance, not a type prefix
    assert not uses_hungarian_notation(["accountId", "curBalance", "openedOn", "holderName"])


def _gold(tmp_path: Path, schema: str, template: str, cases: str) -> GoldScore:
    root = tmp_path / "gold"
    (root / "schemas").mkdir(parents=True)
    (root / "templates").mkdir()
    (root / "schemas" / "s.sql").write_text(schema)
    (root / "templates" / "t.html").write_text(template)
    (root / "cases.yaml").write_text(cases)
    return evaluate_gold(root, HeuristicMapper().propose)


def test_hungarian_prefixes_say_the_type_not_the_meaning(tmp_path: Path) -> None:
    schema = """
CREATE TABLE tblCustomer (intCustomerID INTEGER PRIMARY KEY, strCompanyName TEXT,
  curCreditLimit DECIMAL(12,2), blnOnHold INTEGER);
CREATE TABLE tblInvoice (intInvoiceID INTEGER PRIMARY KEY, strInvoiceNo TEXT, dtmDueDate DATE,
  intCustomerID INTEGER REFERENCES tblCustomer(intCustomerID), curNetAmount DECIMAL(12,2),
  curPaidAmount DECIMAL(12,2), strStatus TEXT);
INSERT INTO tblCustomer VALUES (7, 'Harbour Cafe', 5000.00, 1);
INSERT INTO tblInvoice VALUES (1, 'I-1', '2025-04-01', 7, 100.00, 20.00, 'OPEN'),
  (2, 'I-2', '2025-04-09', 7, 50.00, 50.00, 'PAID');
"""
    template = """<p>{{ company }} &middot; On hold: {{ on_hold }}</p><table><tr><th>Invoice</th><th>Due</th><th>Net amount</th><th>Paid</th></tr>
{% for r in rows %}<tr><td>{{ r.invoice_no }}</td><td>{{ r.due_date | date }}</td>
<td>{{ r.net_amount | money }}</td><td>{{ r.paid | money }}</td><td>{{ r.currency }}</td>
</tr>{% endfor %}</table>"""
    cases = """cases:
  - template: t
    schema: s
    truth:
      company: tblCustomer.strCompanyName
      on_hold: tblCustomer.blnOnHold  # "bln" is the boolean type, not a word of the name
      row.invoice_no: tblInvoice.strInvoiceNo
      row.due_date: tblInvoice.dtmDueDate
      row.net_amount: tblInvoice.curNetAmount
      row.paid: tblInvoice.curPaidAmount
      row.currency: UNRESOLVED  # "cur" is the money type: no column holds a currency
"""
    result = _gold(tmp_path, schema, template, cases)
    assert result.accuracy == 1.0, "\n".join(result.misses)
