-- Odoo accounting as its PostgreSQL tables look: models as table names (account_move,
-- account_move_line, res_partner, account_account), many2one columns ending in _id, signed
-- balance plus debit/credit on each line, amount_residual for what is still open
CREATE TABLE res_partner (id INTEGER PRIMARY KEY, name TEXT, ref TEXT, vat TEXT, street TEXT, zip TEXT,
  city TEXT, email TEXT);
CREATE TABLE account_account (id INTEGER PRIMARY KEY, code TEXT, name TEXT, account_type TEXT);
CREATE TABLE account_move (id INTEGER PRIMARY KEY, name TEXT, move_type TEXT, state TEXT, date DATE,
  invoice_date DATE, invoice_date_due DATE, partner_id INTEGER REFERENCES res_partner(id), ref TEXT,
  amount_untaxed DECIMAL(16,2), amount_tax DECIMAL(16,2), amount_total DECIMAL(16,2),
  amount_residual DECIMAL(16,2), payment_state TEXT, invoice_origin TEXT);
CREATE TABLE account_move_line (id INTEGER PRIMARY KEY, move_id INTEGER REFERENCES account_move(id),
  account_id INTEGER REFERENCES account_account(id), partner_id INTEGER REFERENCES res_partner(id),
  name TEXT, date DATE, date_maturity DATE, debit DECIMAL(16,2), credit DECIMAL(16,2), balance DECIMAL(16,2),
  amount_residual DECIMAL(16,2), reconciled INTEGER);
INSERT INTO res_partner VALUES (7, 'Deco Addict', 'DA-01', 'BE0477472701', '77 Santa Barbara Rd', '94523', 'Pleasant Hill', 'deco@example.com'),
  (9, 'Azure Interior', 'AZ-02', 'US12345671', '4557 De Silva St', '94538', 'Fremont', 'azure@example.com');
INSERT INTO account_account VALUES (1, '121000', 'Account Receivable', 'asset_receivable'), (2, '400000', 'Product Sales', 'income'),
  (3, '251000', 'Tax Received', 'liability_current'), (4, '101401', 'Bank', 'asset_cash');
INSERT INTO account_move VALUES
  (31, 'INV/2025/00031', 'out_invoice', 'posted', '2025-03-03', '2025-03-03', '2025-04-02', 7, 'PO 5521', 1000.00, 150.00, 1150.00, 0.00, 'paid', 'S00041'),
  (32, 'INV/2025/00032', 'out_invoice', 'posted', '2025-03-17', '2025-03-17', '2025-04-16', 7, NULL, 2400.00, 360.00, 2760.00, 2760.00, 'not_paid', 'S00044'),
  (33, 'BNK1/2025/00012', 'entry', 'posted', '2025-03-25', NULL, NULL, 7, 'Payment INV/2025/00031', 0.00, 0.00, 1150.00, 0.00, 'not_paid', NULL),
  (34, 'INV/2025/00033', 'out_invoice', 'posted', '2025-03-21', '2025-03-21', '2025-04-20', 9, 'Q-88', 640.00, 96.00, 736.00, 336.00, 'partial', 'S00047');
INSERT INTO account_move_line VALUES
  (301, 31, 1, 7, 'INV/2025/00031', '2025-03-03', '2025-04-02', 1150.00, 0.00, 1150.00, 0.00, 1),
  (302, 31, 2, 7, 'Office chairs', '2025-03-03', NULL, 0.00, 1000.00, -1000.00, 0.00, 0),
  (303, 31, 3, 7, 'Tax 15%', '2025-03-03', NULL, 0.00, 150.00, -150.00, 0.00, 0),
  (321, 32, 1, 7, 'INV/2025/00032', '2025-03-17', '2025-04-16', 2760.00, 0.00, 2760.00, 2760.00, 0),
  (322, 32, 2, 7, 'Desks', '2025-03-17', NULL, 0.00, 2400.00, -2400.00, 0.00, 0),
  (323, 32, 3, 7, 'Tax 15%', '2025-03-17', NULL, 0.00, 360.00, -360.00, 0.00, 0),
  (331, 33, 4, 7, 'Payment INV/2025/00031', '2025-03-25', NULL, 1150.00, 0.00, 1150.00, 0.00, 0),
  (332, 33, 1, 7, 'Payment INV/2025/00031', '2025-03-25', NULL, 0.00, 1150.00, -1150.00, 0.00, 1),
  (341, 34, 1, 9, 'INV/2025/00033', '2025-03-21', '2025-04-20', 736.00, 0.00, 736.00, 336.00, 0),
  (342, 34, 2, 9, 'Lamps', '2025-03-21', NULL, 0.00, 640.00, -640.00, 0.00, 0),
  (343, 34, 3, 9, 'Tax 15%', '2025-03-21', NULL, 0.00, 96.00, -96.00, 0.00, 0);
