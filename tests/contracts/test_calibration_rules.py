"""General rules of branch contracts5 (issue 11): a clear, unclaimed best column is not given
up; deductions between stored gross and net; a ledger line's balance from debit and credit;
a grand total adds net and tax."""

from __future__ import annotations

from pathlib import Path

from neurareport_resources.contracts import HeuristicMapper
from neurareport_resources.contracts.evaluate import GoldScore, evaluate_gold
from neurareport_resources.contracts.heuristic import CLEAR_FLOOR, Candidate, _clear_winner
from neurareport_resources.contracts.vocabulary import canonical_words
from neurareport_resources.datasources import ColumnInfo


def _gold(tmp_path: Path, schema: str, template: str, truth: str) -> GoldScore:
    root = tmp_path / "gold"
    (root / "schemas").mkdir(parents=True)
    (root / "templates").mkdir()
    (root / "schemas" / "s.sql").write_text(schema)
    (root / "templates" / "t.html").write_text(template)
    (root / "cases.yaml").write_text("cases:\n  - template: t\n    schema: s\n    truth:\n" + truth)
    return evaluate_gold(root, HeuristicMapper().propose)


def _column(target: str, score: float) -> Candidate:
    column = ColumnInfo(name=target.split(".")[1], type="TEXT", kind="text")
    return Candidate(target, score, "test", column=column)


def test_a_clear_unclaimed_best_column_is_taken_below_the_threshold() -> None:
    ahead = [_column("t.a", 0.30), _column("t.b", 0.20)]
    assert _clear_winner(ahead, {})
    # another token reads it: the better reading keeps it
    assert not _clear_winner(ahead, {"row": {"t.a": 0.9}})
    # two near-equal candidates: a guess, so the token stays unresolved
    assert not _clear_winner([_column("t.a", 0.30), _column("t.b", 0.28)], {})
    # too weak to be anything
    assert not _clear_winner([_column("t.a", CLEAR_FLOOR - 0.01)], {})


def test_uk_payroll_words_and_what_lies_between_gross_and_net(tmp_path: Path) -> None:
    assert canonical_words("ni_er_amt_gbp")[:2] == ["insurance", "employer"]
    schema = """
CREATE TABLE payslips (emp_no TEXT PRIMARY KEY, gross_amt DECIMAL(12,2), income_levy_amt DECIMAL(12,2),
  ni_ee_amt DECIMAL(12,2), pension_ee_amt DECIMAL(12,2), ni_er_amt DECIMAL(12,2),
  pension_er_amt DECIMAL(12,2), net_amt DECIMAL(12,2));
INSERT INTO payslips VALUES ('E1', 3000.00, 400.00, 150.00, 90.00, 300.00, 60.00, 2360.00),
  ('E2', 2000.00, 200.00, 80.00, 60.00, 190.00, 40.00, 1660.00);
"""
    template = """<table>{% for p in rows %}<tr><td>{{ p.employee_no }}</td><td>{{ p.gross_pay }}</td>
<td>{{ p.employee_ni }}</td><td>{{ p.total_deductions }}</td><td>{{ p.net_pay }}</td>
<td>{{ p.employer_cost }}</td></tr>{% endfor %}</table>"""
    truth = """      row.employee_no: payslips.emp_no
      row.gross_pay: payslips.gross_amt
      row.employee_ni: payslips.ni_ee_amt
      # the levy is a word the vocabulary cannot read: gross - net holds every deduction
      row.total_deductions: SQL:payslips.gross_amt - payslips.net_amt
      row.net_pay: payslips.net_amt
      row.employer_cost: SQL:payslips.gross_amt + payslips.ni_er_amt + payslips.pension_er_amt
"""
    result = _gold(tmp_path, schema, template, truth)
    assert result.accuracy == 1.0, "\n".join(result.misses)


def test_a_ledger_lines_balance_is_debit_minus_credit_and_a_grand_total_adds_tax(
    tmp_path: Path,
) -> None:
    schema = """
CREATE TABLE ledger_lines (line_id INTEGER PRIMARY KEY, posted DATE, debit DECIMAL(12,2),
  credit DECIMAL(12,2), net_amount DECIMAL(12,2), tax_amount DECIMAL(12,2));
INSERT INTO ledger_lines VALUES (1, '2025-03-01', 120.00, 0.00, 100.00, 20.00),
  (2, '2025-03-04', 0.00, 60.00, 50.00, 10.00), (3, '2025-03-09', 240.00, 0.00, 200.00, 40.00);
"""
    template = """<table>{% for r in rows %}<tr><td>{{ r.date }}</td><td>{{ r.debit }}</td>
<td>{{ r.credit }}</td><td>{{ r.balance }}</td><td>{{ r.running_balance }}</td><td>{{ r.net_amount }}</td>
<td>{{ r.tax_amount }}</td></tr>{% endfor %}
<tfoot><tr><td>Total</td><td>{{ grand_total }}</td></tr></tfoot></table>"""
    truth = """      row.date: ledger_lines.posted
      row.debit: ledger_lines.debit
      row.credit: ledger_lines.credit
      row.balance: SQL:COALESCE(ledger_lines.debit, 0) - COALESCE(ledger_lines.credit, 0)
      row.running_balance: UNRESOLVED  # a running balance is no one line's net
      row.net_amount: ledger_lines.net_amount
      row.tax_amount: ledger_lines.tax_amount
      grand_total: SQL:ledger_lines.net_amount + ledger_lines.tax_amount @sum
"""
    result = _gold(tmp_path, schema, template, truth)
    assert result.accuracy == 1.0, "\n".join(result.misses)


def test_who_did_it_is_never_a_date_and_a_mostly_empty_column_loses_a_tie(
    tmp_path: Path,
) -> None:
    schema = """
CREATE TABLE entries (entry_no INTEGER PRIMARY KEY, entry_date DATE, lettering_date DATE,
  approved_date DATE, amount DECIMAL(12,2));
INSERT INTO entries VALUES (1, '2025-03-01', NULL, '2025-03-02', 10.00),
  (2, '2025-03-04', '2025-03-20', '2025-03-05', 20.00), (3, '2025-03-09', NULL, '2025-03-10', 30.00);
"""
    template = """<p>Approved by {{ approved_by }}</p><p>Validé par {{ valide_par }}</p>
<table>{% for r in rows %}<tr><td>{{ r.entry_no }}</td><td>{{ r.amount }}</td></tr>{% endfor %}</table>"""
    truth = """      approved_by: UNRESOLVED
      valide_par: UNRESOLVED
      row.entry_no: entries.entry_no
      row.amount: entries.amount
"""
    result = _gold(tmp_path, schema, template, truth)
    assert result.accuracy == 1.0, "\n".join(result.misses)


def test_a_plural_and_what_was_done_to_it_is_counted(tmp_path: Path) -> None:
    schema = """
CREATE TABLE employees (emp_no TEXT PRIMARY KEY, full_name TEXT);
CREATE TABLE payslips (slip_id INTEGER PRIMARY KEY, emp_no TEXT REFERENCES employees(emp_no),
  gross_amt DECIMAL(12,2));
INSERT INTO employees VALUES ('E1', 'Ann Lee'), ('E2', 'Bo Chan');
INSERT INTO payslips VALUES (1, 'E1', 3000.00), (2, 'E2', 2000.00), (3, 'E1', 150.00);
"""
    template = """<table>{% for p in rows %}<tr><td>{{ p.employee }}</td><td>{{ p.gross }}</td></tr>
{% endfor %}</table><p>Employees paid: {{ employees_paid }}</p>"""
    truth = """      row.employee: employees.full_name
      row.gross: payslips.gross_amt
      employees_paid: [payslips.emp_no @count_distinct, employees.emp_no @count_distinct]
"""
    result = _gold(tmp_path, schema, template, truth)
    assert result.accuracy == 1.0, "\n".join(result.misses)


def test_taxes_split_by_government_add_up_and_a_return_period_is_the_period(
    tmp_path: Path,
) -> None:
    assert canonical_words("cgst_amt") == ["central", "tax", "amount"]
    schema = """
CREATE TABLE contacts (contact_id TEXT PRIMARY KEY, name TEXT);
CREATE TABLE bills (bill_id INTEGER PRIMARY KEY, contact_id TEXT REFERENCES contacts(contact_id),
  taxable_value DECIMAL(12,2), gst_rate DECIMAL(5,2), cgst_amt DECIMAL(12,2), sgst_amt DECIMAL(12,2),
  igst_amt DECIMAL(12,2));
INSERT INTO contacts VALUES ('c1', 'Sharma Traders'), ('c2', 'Deccan Foods');
INSERT INTO bills VALUES (1, 'c1', 1000.00, 18.00, 90.00, 90.00, 0.00),
  (2, 'c2', 500.00, 18.00, 0.00, 0.00, 90.00), (3, 'c1', 200.00, 18.00, 18.00, 18.00, 0.00);
"""
    template = """<p>Return period {{ return_period }}</p><table>{% for b in rows %}<tr>
<td>{{ b.taxable_value }}</td><td>{{ b.cgst }}</td><td>{{ b.sgst }}</td><td>{{ b.igst }}</td>
<td>{{ b.total_tax }}</td></tr>{% endfor %}<tfoot><tr><td>{{ total_tax_amount }}</td></tr></tfoot></table>
<p>Customers: {{ number_of_customers }}</p>"""
    truth = """      return_period: PARAM:period
      row.taxable_value: bills.taxable_value
      row.cgst: bills.cgst_amt
      row.sgst: bills.sgst_amt
      row.igst: bills.igst_amt
      row.total_tax: SQL:bills.cgst_amt + bills.sgst_amt + bills.igst_amt
      total_tax_amount: SQL:bills.cgst_amt + bills.sgst_amt + bills.igst_amt @sum
      number_of_customers: [bills.contact_id @count_distinct, contacts.contact_id @count_distinct]
"""
    result = _gold(tmp_path, schema, template, truth)
    assert result.accuracy == 1.0, "\n".join(result.misses)


def test_values_that_spell_what_they_number_answer_a_number_token(tmp_path: Path) -> None:
    schema = """
CREATE TABLE docs (id INTEGER PRIMARY KEY, tranid TEXT, memo TEXT, total DECIMAL(12,2));
INSERT INTO docs VALUES (1, 'INV10231', 'linen', 10.00), (2, 'INV10236', 'scrubs', 20.00),
  (3, 'INV10240', 'towels', 30.00);
"""
    template = """<table>{% for d in rows %}<tr><td>{{ d.invoice_no }}</td><td>{{ d.memo }}</td>
<td>{{ d.total }}</td></tr>{% endfor %}</table>"""
    truth = """      row.invoice_no: docs.tranid
      row.memo: docs.memo
      row.total: docs.total
"""
    result = _gold(tmp_path, schema, template, truth)
    assert result.accuracy == 1.0, "\n".join(result.misses)


def test_a_count_of_what_the_parents_numbers_spell_counts_the_parents(tmp_path: Path) -> None:
    schema = """
CREATE TABLE txns (id INTEGER PRIMARY KEY, tranid TEXT, trandate DATE);
CREATE TABLE txn_lines (txn_id INTEGER REFERENCES txns(id), line_no INTEGER, itemid TEXT,
  netamount DECIMAL(12,2), PRIMARY KEY (txn_id, line_no));
INSERT INTO txns VALUES (1, 'INV10231', '2025-03-04'), (2, 'INV10236', '2025-03-12');
INSERT INTO txn_lines VALUES (1, 1, 'SHEET', 4500.00), (1, 2, 'PILLOW', 1500.00), (2, 1, 'SCRUB', 1400.00);
"""
    template = """<table>{% for l in rows %}<tr><td>{{ l.item }}</td><td>{{ l.net_amount }}</td></tr>
{% endfor %}</table><p>Lines: {{ line_count }} &middot; Invoices: {{ invoice_count }}</p>"""
    truth = """      row.item: txn_lines.itemid
      row.net_amount: txn_lines.netamount
      line_count: SQL:COUNT(*) @count
      invoice_count: [txn_lines.txn_id @count_distinct, txns.id @count_distinct]
"""
    result = _gold(tmp_path, schema, template, truth)
    assert result.accuracy == 1.0, "\n".join(result.misses)


def test_a_line_token_takes_the_integer_that_numbers_the_rows(tmp_path: Path) -> None:
    schema = """
CREATE TABLE po_lines (po_ln_id INTEGER PRIMARY KEY, po_no TEXT, ln_no INTEGER, item_no TEXT,
  qty_ord INTEGER);
INSERT INTO po_lines VALUES (501, 'PO-1', 1, 'A-10', 5), (502, 'PO-1', 2, 'B-20', 3), (503, 'PO-2', 1, 'A-10', 9);
"""
    template = """<table>{% for l in rows %}<tr><td>{{ l.line }}</td><td>{{ l.item }}</td>
<td>{{ l.qty_ordered }}</td></tr>{% endfor %}</table>"""
    truth = """      row.line: po_lines.ln_no
      row.item: po_lines.item_no
      row.qty_ordered: po_lines.qty_ord
"""
    result = _gold(tmp_path, schema, template, truth)
    assert result.accuracy == 1.0, "\n".join(result.misses)


def test_amount_due_is_what_is_left_where_the_total_is_stored_too(tmp_path: Path) -> None:
    schema = """
CREATE TABLE moves (id INTEGER PRIMARY KEY, name TEXT, amount_total DECIMAL(12,2),
  amount_residual DECIMAL(12,2));
INSERT INTO moves VALUES (1, 'INV/2025/0001', 1150.00, 0.00), (2, 'INV/2025/0002', 460.00, 460.00),
  (3, 'INV/2025/0003', 230.00, 100.00);
"""
    template = """<table>{% for m in rows %}<tr><td>{{ m.total }}</td><td>{{ m.amount_due }}</td></tr>
{% endfor %}<tfoot><tr><td>{{ sum_amount_due }}</td></tr></tfoot></table>"""
    truth = """      row.total: moves.amount_total
      row.amount_due: moves.amount_residual
      sum_amount_due: moves.amount_residual @sum
"""
    result = _gold(tmp_path, schema, template, truth)
    assert result.accuracy == 1.0, "\n".join(result.misses)


def test_distinct_counts_a_footer_total_of_a_total_column_and_a_typo_kept_in_a_schema(
    tmp_path: Path,
) -> None:
    schema = """
CREATE TABLE doc_lines (doc_entry INTEGER, line_num INTEGER, item_code TEXT, dscription TEXT,
  quantity DECIMAL(12,2), line_total DECIMAL(12,2), PRIMARY KEY (doc_entry, line_num));
INSERT INTO doc_lines VALUES (1, 0, 'P1', 'Printer', 2, 1000.00), (1, 1, 'P2', 'Toner', 4, 200.00),
  (2, 0, 'P2', 'Toner', 9, 450.00);
"""
    template = """<table>{% for l in rows %}<tr><td>{{ l.item_code }}</td><td>{{ l.description }}</td>
<td>{{ l.row_total }}</td></tr>{% endfor %}<tfoot><tr><td>Total</td><td>{{ total_row_total }}</td>
</tr></tfoot></table><p>Items sold: {{ distinct_items }}</p>"""
    truth = """      row.item_code: doc_lines.item_code
      row.description: doc_lines.dscription
      row.row_total: doc_lines.line_total
      total_row_total: doc_lines.line_total @sum
      distinct_items: doc_lines.item_code @count_distinct
"""
    result = _gold(tmp_path, schema, template, truth)
    assert result.accuracy == 1.0, "\n".join(result.misses)
