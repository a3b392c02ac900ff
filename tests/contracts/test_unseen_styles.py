"""General rules for naming styles the tuning batches did not have (issue 11, branch contracts4):
SAP's standard field names, Spanish invoicing words, Hungarian notation, lowercase names
without separators, and the derived values and totals such schemas call for."""

from __future__ import annotations

from pathlib import Path

import pytest

from neurareport_resources.contracts import HeuristicMapper
from neurareport_resources.contracts.evaluate import GoldScore, evaluate_gold
from neurareport_resources.contracts.validate import validate_contract
from neurareport_resources.contracts.vocabulary import canonical_words, uses_hungarian_notation
from neurareport_resources.datasources import sqlite_source_from_sql
from neurareport_resources.templating import import_template, load_template
from neurareport_resources.templating.names import looks_like_total


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
        ("Buchungskreis", ["company", "code"]),  # SAP's company code, in the German UI's words
        ("Kreditorennummer", ["supplier", "number"]),
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


def test_a_signed_amount_splits_by_its_sign_when_the_indicator_only_repeats_it(
    tmp_path: Path,
) -> None:
    schema = """
CREATE TABLE acct_txn (txn_id INTEGER PRIMARY KEY, posted DATE, dc_flag TEXT, amt DECIMAL(12,2));
INSERT INTO acct_txn VALUES (1, '2025-03-01', 'C', 500.00), (2, '2025-03-04', 'D', -120.00),
  (3, '2025-03-09', 'D', -30.50), (4, '2025-03-20', 'C', 75.00);
"""
    template = """<table><tr><th>Date</th><th>Debit</th><th>Credit</th></tr>
{% for r in rows %}<tr><td>{{ r.date | date }}</td><td>{{ r.debit | money }}</td>
<td>{{ r.credit | money }}</td></tr>{% endfor %}
<tfoot><tr><td>Total</td><td>{{ total_debits | money }}</td><td>{{ total_credits | money }}</td>
</tr></tfoot></table>"""
    cases = """cases:
  - template: t
    schema: s
    truth:
      row.date: acct_txn.posted
      row.debit: "SQL:CASE WHEN acct_txn.amt < 0 THEN -acct_txn.amt END"
      row.credit: "SQL:CASE WHEN acct_txn.amt > 0 THEN acct_txn.amt END"
      total_debits: "SQL:CASE WHEN acct_txn.amt < 0 THEN -acct_txn.amt END @sum"
      total_credits: "SQL:CASE WHEN acct_txn.amt > 0 THEN acct_txn.amt END @sum"
"""
    result = _gold(tmp_path, schema, template, cases)
    assert result.accuracy == 1.0, "\n".join(result.misses)


def test_an_invoice_gross_and_what_is_still_owed_from_its_stored_parts(tmp_path: Path) -> None:
    schema = """
CREATE TABLE bills (bill_no TEXT PRIMARY KEY, issued DATE, net_amt DECIMAL(12,2),
  vat_rate DECIMAL(5,2), vat_amt DECIMAL(12,2), withholding_amt DECIMAL(12,2),
  amt_paid DECIMAL(12,2));
INSERT INTO bills VALUES ('B-1', '2025-03-02', 1000.00, 20.00, 200.00, 150.00, 1050.00),
  ('B-2', '2025-03-11', 400.00, 20.00, 80.00, 0.00, 100.00),
  ('B-3', '2025-03-19', 250.00, 10.00, 25.00, 0.00, 0.00);
"""
    template = """<table><tr><th>Bill</th><th>Amount excl. VAT</th><th>VAT %</th><th>Gross</th>
<th>Balance due</th></tr>
{% for r in rows %}<tr><td>{{ r.bill }}</td><td>{{ r.amount_excl_vat | money }}</td>
<td>{{ r.vat_pct }}</td><td>{{ r.gross | money }}</td><td>{{ r.balance_due | money }}</td>
</tr>{% endfor %}
<tfoot><tr><td colspan="3">Total</td><td>{{ total_gross | money }}</td>
<td>{{ total_balance_due | money }}</td></tr></tfoot></table>"""
    gross = "bills.net_amt + bills.vat_amt - bills.withholding_amt"
    cases = f"""cases:
  - template: t
    schema: s
    truth:
      row.bill: bills.bill_no
      row.amount_excl_vat: bills.net_amt
      row.vat_pct: bills.vat_rate
      row.gross: "SQL:{gross}"
      row.balance_due: "SQL:{gross} - bills.amt_paid"
      total_gross: "SQL:{gross} @sum"
      total_balance_due: "SQL:{gross} - bills.amt_paid @sum"
"""
    result = _gold(tmp_path, schema, template, cases)
    assert result.accuracy == 1.0, "\n".join(result.misses)


def test_a_spanish_invoice_rate_stays_a_rate_and_its_total_is_built(tmp_path: Path) -> None:
    schema = """
CREATE TABLE recibos (num_recibo TEXT PRIMARY KEY, base_imponible DECIMAL(12,2),
  tipo_iva DECIMAL(5,2), cuota_iva DECIMAL(12,2), retencion DECIMAL(12,2));
INSERT INTO recibos VALUES ('R-1', 100.00, 21.00, 21.00, 15.00), ('R-2', 80.00, 10.00, 8.00, 0.00);
"""
    template = """<table><tr><th>Recibo</th><th>Base</th><th>% IVA</th><th>Total</th></tr>
{% for r in rows %}<tr><td>{{ r.recibo }}</td><td>{{ r.base_imponible | money }}</td>
<td>{{ r.pct_iva }}</td><td>{{ r.total_recibo | money }}</td></tr>{% endfor %}
<tfoot><tr><td colspan="3">Total facturado</td><td>{{ total_facturado | money }}</td></tr>
</tfoot></table>"""
    cases = """cases:
  - template: t
    schema: s
    truth:
      row.recibo: recibos.num_recibo
      row.base_imponible: recibos.base_imponible
      row.pct_iva: recibos.tipo_iva
      row.total_recibo: "SQL:recibos.base_imponible + recibos.cuota_iva - recibos.retencion"
      total_facturado: "SQL:recibos.base_imponible + recibos.cuota_iva - recibos.retencion @sum"
"""
    result = _gold(tmp_path, schema, template, cases)
    assert result.accuracy == 1.0, "\n".join(result.misses)


def test_a_ledger_line_net_and_sides_are_kept_in_the_books_currency(tmp_path: Path) -> None:
    schema = """
CREATE TABLE je_line (line_no INTEGER PRIMARY KEY, memo TEXT,
  entered_debit DECIMAL(12,2), entered_credit DECIMAL(12,2),
  functional_debit DECIMAL(12,2), functional_credit DECIMAL(12,2));
INSERT INTO je_line VALUES (1, 'Rent', 1100.00, NULL, 1000.00, NULL),
  (2, 'Bank', NULL, 1100.00, NULL, 1000.00), (3, 'Fee', 20.00, NULL, 18.00, NULL);
"""
    template = """<table><tr><th>Memo</th><th>Net</th></tr>
{% for r in rows %}<tr><td>{{ r.memo }}</td><td>{{ r.net | money }}</td></tr>{% endfor %}
<tfoot><tr><td>Total</td><td>{{ total_net | money }}</td></tr></tfoot></table>
<p>No. of lines: {{ no_of_lines }}</p>"""
    net = "COALESCE(je_line.functional_debit, 0) - COALESCE(je_line.functional_credit, 0)"
    cases = f"""cases:
  - template: t
    schema: s
    truth:
      row.memo: je_line.memo
      row.net: "SQL:{net}"
      total_net: "SQL:{net} @sum"
      no_of_lines: SQL:COUNT(*) @count
"""
    result = _gold(tmp_path, schema, template, cases)
    assert result.accuracy == 1.0, "\n".join(result.misses)
    (tmp_path / "gold").rename(tmp_path / "first")
    schema = """
CREATE TABLE posting (posting_id INTEGER PRIMARY KEY, text TEXT, dc TEXT,
  amt_doc_ccy DECIMAL(12,2), amt_local_ccy DECIMAL(12,2));
INSERT INTO posting VALUES (1, 'Rent', 'S', 1100.00, 1000.00), (2, 'Bank', 'H', 1100.00, 1000.00),
  (3, 'Fee', 'S', 20.00, 18.00);
"""
    template = """<table><tr><th>Text</th><th>Soll</th><th>Haben</th></tr>
{% for r in rows %}<tr><td>{{ r.text }}</td><td>{{ r.soll | money }}</td>
<td>{{ r.haben | money }}</td></tr>{% endfor %}</table>"""
    cases = """cases:
  - template: t
    schema: s
    truth:
      row.text: posting.text
      row.soll: "SQL:CASE WHEN posting.dc = 'S' THEN posting.amt_local_ccy END"
      row.haben: "SQL:CASE WHEN posting.dc = 'H' THEN posting.amt_local_ccy END"
"""
    result = _gold(tmp_path, schema, template, cases)
    assert result.accuracy == 1.0, "\n".join(result.misses)


def test_no_of_a_plural_counts_the_rows() -> None:
    assert looks_like_total("no_of_transactions") and looks_like_total("nr_of_lines")
    assert not looks_like_total("no_of_account")  # "number of the account": an identifier


def test_backorder_is_ordered_less_shipped_and_orders_from_bounds_the_period(
    tmp_path: Path,
) -> None:
    schema = """
CREATE TABLE so_lines (order_no TEXT, line_no INTEGER, order_date DATE, qty_ordered INTEGER,
  qty_delivered INTEGER, PRIMARY KEY (order_no, line_no));
INSERT INTO so_lines VALUES ('S1', 1, '2025-03-02', 10, 4), ('S1', 2, '2025-03-02', 5, 5),
  ('S2', 1, '2025-03-14', 8, 0);
"""
    template = """<p>Orders from {{ orders_from | date }} to {{ orders_to | date }}</p>
<table><tr><th>Order</th><th>Line</th><th>Ordered</th><th>Delivered</th><th>Backorder qty</th></tr>
{% for r in rows %}<tr><td>{{ r.order }}</td><td>{{ r.line }}</td><td>{{ r.ordered }}</td><td>{{ r.delivered }}</td>
<td>{{ r.backorder_qty }}</td></tr>{% endfor %}
<tfoot><tr><td colspan="4">Total</td><td>{{ total_backorder }}</td></tr></tfoot></table>
<p>Invoice sent: {{ oldest_open_since | date }}</p>"""
    open_qty = "so_lines.qty_ordered - so_lines.qty_delivered"
    cases = f"""cases:
  - template: t
    schema: s
    truth:
      orders_from: PARAM:period_start
      orders_to: PARAM:period_end
      row.order: so_lines.order_no  # a composite key's own parts number the rows: shown
      row.line: so_lines.line_no
      row.ordered: so_lines.qty_ordered
      row.delivered: so_lines.qty_delivered
      row.backorder_qty: "SQL:{open_qty}"
      total_backorder: "SQL:{open_qty} @sum"
      oldest_open_since: UNRESOLVED  # a date: never a difference of quantities
"""
    result = _gold(tmp_path, schema, template, cases)
    assert result.accuracy == 1.0, "\n".join(result.misses)


def test_values_shown_once_outside_the_rows_of_a_wide_export(tmp_path: Path) -> None:
    schema = """
CREATE TABLE purchase_export (po_number TEXT, po_line INTEGER, supplier_no TEXT,
  supplier_name TEXT, item TEXT, line_amount DECIMAL(12,2), freight_amount DECIMAL(12,2),
  tax_amount DECIMAL(12,2));
INSERT INTO purchase_export VALUES ('P1', 1, 'S10', 'Bolt Co', 'M8 bolts', 120.00, 8.00, 24.00),
  ('P1', 2, 'S10', 'Bolt Co', 'Washers', 30.00, 2.50, 6.00),
  ('P2', 1, 'S22', 'Pack Ltd', 'Boxes', 75.00, 5.00, 15.00);
"""
    template = """<table><tr><th>PO number</th><th>Item</th><th>Line amount</th></tr>
{% for r in rows %}<tr><td>{{ r.po_number }}</td><td>{{ r.item }}</td>
<td>{{ r.line_amount | money }}</td></tr>{% endfor %}</table>
<p>Suppliers: {{ suppliers }} &middot; Freight: {{ freight | money }}
&middot; Tax number: {{ tax_number }}</p>"""
    cases = """cases:
  - template: t
    schema: s
    truth:
      row.po_number: purchase_export.po_number
      row.item: purchase_export.item
      row.line_amount: purchase_export.line_amount
      suppliers: [purchase_export.supplier_no @count_distinct, purchase_export.supplier_name @count_distinct]
      freight: purchase_export.freight_amount @sum
      tax_number: UNRESOLVED  # an identifier: the tax amount is no answer
"""
    result = _gold(tmp_path, schema, template, cases)
    assert result.accuracy == 1.0, "\n".join(result.misses)


def test_an_italian_register_and_an_erp_open_items_list(tmp_path: Path) -> None:
    schema = """
CREATE TABLE soggetti (id_soggetto INTEGER PRIMARY KEY, ragione_sociale TEXT);
CREATE TABLE documenti (id_documento INTEGER PRIMARY KEY, numero TEXT, data_documento DATE,
  id_soggetto INTEGER REFERENCES soggetti(id_soggetto), imponibile DECIMAL(12,2),
  imposta DECIMAL(12,2), ritenuta DECIMAL(12,2));
INSERT INTO soggetti VALUES (1, 'Rossi S.r.l.'), (2, 'Bianchi S.p.A.');
INSERT INTO documenti VALUES (1, 'FT 1', '2025-03-03', 1, 1000.00, 220.00, 200.00),
  (2, 'FT 2', '2025-03-20', 2, 500.00, 110.00, 0.00);
"""
    template = """<p>Stampa {{ data_stampa | date }} &middot; dal {{ dal | date }} al {{ al | date }}</p>
<table><tr><th>Numero</th><th>Ragione sociale</th><th>Imponibile</th><th>Totale documento</th></tr>
{% for r in rows %}<tr><td>{{ r.numero }}</td><td>{{ r.ragione_sociale }}</td>
<td>{{ r.imponibile | money }}</td><td>{{ r.totale_documento | money }}</td></tr>{% endfor %}</table>"""
    total = "documenti.imponibile + documenti.imposta - documenti.ritenuta"
    cases = f"""cases:
  - template: t
    schema: s
    truth:
      data_stampa: PARAM:print_date
      dal: PARAM:period_start
      al: PARAM:period_end
      row.numero: documenti.numero
      row.ragione_sociale: soggetti.ragione_sociale
      row.imponibile: documenti.imponibile
      row.totale_documento: "SQL:{total}"
"""
    result = _gold(tmp_path, schema, template, cases)
    assert result.accuracy == 1.0, "\n".join(result.misses)
    (tmp_path / "gold").rename(tmp_path / "italian")
    schema = """
CREATE TABLE res_partner (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE account_move (id INTEGER PRIMARY KEY, name TEXT, partner_id INTEGER
  REFERENCES res_partner(id), amount_total DECIMAL(12,2), amount_residual DECIMAL(12,2));
INSERT INTO res_partner VALUES (7, 'Deco Addict'), (9, 'Azure Interior');
INSERT INTO account_move VALUES (1, 'INV/1', 7, 1150.00, 0.00), (2, 'INV/2', 7, 2760.00, 2760.00),
  (3, 'INV/3', 9, 736.00, 336.00);
"""
    template = """<table><tr><th>Customer</th><th>Total</th><th>Paid</th></tr>
{% for r in rows %}<tr><td>{{ r.customer }}</td><td>{{ r.total | money }}</td>
<td>{{ r.paid | money }}</td></tr>{% endfor %}</table><p>Customers: {{ customers }}</p>"""
    cases = """cases:
  - template: t
    schema: s
    truth:
      row.customer: res_partner.name
      row.total: account_move.amount_total
      row.paid: "SQL:account_move.amount_total - account_move.amount_residual"
      customers: [account_move.partner_id @count_distinct, res_partner.id @count_distinct]
"""
    result = _gold(tmp_path, schema, template, cases)
    assert result.accuracy == 1.0, "\n".join(result.misses)


def test_a_name_column_holding_document_numbers_is_the_number(tmp_path: Path) -> None:
    schema = """
CREATE TABLE account_move (id INTEGER PRIMARY KEY, name TEXT, ref TEXT, date DATE);
INSERT INTO account_move VALUES (1, 'INV/2025/00031', 'PO 5521', '2025-03-03'),
  (2, 'INV/2025/00032', NULL, '2025-03-17'), (3, 'BNK1/2025/00012', 'Payment', '2025-03-25');
"""
    template = """<table><tr><th>Number</th><th>Date</th></tr>
{% for r in rows %}<tr><td>{{ r.number }}</td><td>{{ r.date | date }}</td></tr>{% endfor %}</table>"""
    cases = """cases:
  - template: t
    schema: s
    truth:
      row.number: account_move.name
      row.date: account_move.date
"""
    result = _gold(tmp_path, schema, template, cases)
    assert result.accuracy == 1.0, "\n".join(result.misses)


def test_net_without_a_gross_column_is_the_amounts_less_what_is_withheld(tmp_path: Path) -> None:
    schema = """
CREATE TABLE dividend_events (event_id INTEGER PRIMARY KEY, pay_date DATE, face_value DECIMAL(14,2),
  dividend_amount DECIMAL(14,2), special_amount DECIMAL(14,2), withholding_tax DECIMAL(14,2));
INSERT INTO dividend_events VALUES (1, '2025-03-10', 10000.00, 250.00, 0.00, 37.50),
  (2, '2025-03-24', 10000.00, 250.00, 100.00, 52.50);
"""
    template = """<table><tr><th>Pay date</th><th>Dividend</th><th>Net</th></tr>
{% for r in rows %}<tr><td>{{ r.pay_date | date }}</td><td>{{ r.dividend | money }}</td>
<td>{{ r.net | money }}</td></tr>{% endfor %}</table>"""
    net = (
        "dividend_events.dividend_amount + dividend_events.special_amount"
        " - dividend_events.withholding_tax"
    )
    cases = f"""cases:
  - template: t
    schema: s
    truth:
      row.pay_date: dividend_events.pay_date
      row.dividend: dividend_events.dividend_amount
      row.net: "SQL:{net}"  # the face value is a size, not money paid out
"""
    result = _gold(tmp_path, schema, template, cases)
    assert result.accuracy == 1.0, "\n".join(result.misses)


def test_a_standing_orders_next_execution_is_its_next_payment(tmp_path: Path) -> None:
    schema = """
CREATE TABLE STO_MST (ID_STO INTEGER PRIMARY KEY, NM_PAYEE TEXT, DT_CRT DATE, NXT_EXEC_DT DATE,
  AMT_STO DECIMAL(12,2));
INSERT INTO STO_MST VALUES (1, 'Landlord Ltd', '2024-01-12', '2025-04-01', 950.00),
  (2, 'Gym', '2024-06-30', '2025-04-05', 39.00);
"""
    template = """<table><tr><th>Payee</th><th>Next payment</th></tr>
{% for r in rows %}<tr><td>{{ r.payee }}</td><td>{{ r.next_payment | date }}</td></tr>{% endfor %}
</table>"""
    cases = """cases:
  - template: t
    schema: s
    truth:
      row.payee: STO_MST.NM_PAYEE
      row.next_payment: STO_MST.NXT_EXEC_DT
"""
    result = _gold(tmp_path, schema, template, cases)
    assert result.accuracy == 1.0, "\n".join(result.misses)


def test_the_new_expressions_pass_the_read_only_validation(tmp_path: Path) -> None:
    (tmp_path / "s.sql").write_text(
        """
CREATE TABLE gl_line (line_no INTEGER PRIMARY KEY, memo TEXT, net_amt DECIMAL(12,2),
  vat_amt DECIMAL(12,2), amt_paid DECIMAL(12,2), accounted_dr DECIMAL(12,2),
  accounted_cr DECIMAL(12,2));
INSERT INTO gl_line VALUES (1, 'A', 100.00, 20.00, 50.00, 120.00, NULL),
  (2, 'B', 10.00, 2.00, 12.00, NULL, 12.00);
"""
    )
    (tmp_path / "t.html").write_text(
        """<table>{% for r in rows %}<tr><td>{{ r.memo }}</td><td>{{ r.gross | money }}</td>
<td>{{ r.balance_due | money }}</td><td>{{ r.net_movement | money }}</td></tr>{% endfor %}
</table>"""
    )
    source = sqlite_source_from_sql(tmp_path / "s.sql", tmp_path / "s.db")
    try:
        schema = source.discover_schema()
        template = load_template(import_template(tmp_path / "t.html", tmp_path / "tpl", "t"))
        contract = HeuristicMapper().propose(template, schema)
        targets = {m.token: m.target for m in contract.mappings}
        assert targets["row.gross"].startswith("SQL:")
        assert targets["row.balance_due"].startswith("SQL:")
        assert "COALESCE" in targets["row.net_movement"]
        check = validate_contract(contract, source, schema=schema, template=template)
        assert check.ok, check.errors
    finally:
        source.dispose()
