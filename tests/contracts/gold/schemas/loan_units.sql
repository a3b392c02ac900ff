-- A consumer-loan servicing store in snake_case with unit suffixes: _amt_eur, _pct, _mths, _dt (dates),
-- _ts (timestamps); an instalment schedule whose rows split what was paid into principal, interest
-- and fees, the outstanding principal after each row stored
CREATE TABLE borrowers (borrower_id INTEGER PRIMARY KEY, full_name TEXT, street_addr TEXT, postcode TEXT,
  town TEXT, email_addr TEXT);
CREATE TABLE loans (loan_ref TEXT PRIMARY KEY, borrower_id INTEGER REFERENCES borrowers(borrower_id),
  product_nm TEXT, disbursed_dt DATE, principal_amt_eur DECIMAL(14,2), nominal_rate_pct DECIMAL(6,3),
  apr_pct DECIMAL(6,3), term_mths INTEGER, maturity_dt DATE, status_cd TEXT);
CREATE TABLE instalments (loan_ref TEXT REFERENCES loans(loan_ref), instalment_no INTEGER, due_dt DATE,
  paid_ts TIMESTAMP, principal_amt_eur DECIMAL(14,2), interest_amt_eur DECIMAL(14,2), fee_amt_eur DECIMAL(14,2),
  outstanding_amt_eur DECIMAL(14,2), PRIMARY KEY (loan_ref, instalment_no));
INSERT INTO borrowers VALUES (501, 'Ana Martins', 'Rua das Flores 12', '4050-262', 'Porto', 'ana.martins@example.pt');
INSERT INTO loans VALUES ('CL-2024-00917', 501, 'Personal loan 36m', '2024-10-15', 9000.00, 6.900, 7.420, 36, '2027-10-15', 'ACTIVE');
INSERT INTO instalments VALUES
  ('CL-2024-00917', 1, '2024-11-15', '2024-11-15 07:02:11', 225.73, 51.75, 2.50, 8774.27),
  ('CL-2024-00917', 2, '2024-12-15', '2024-12-16 07:01:54', 227.03, 50.45, 2.50, 8547.24),
  ('CL-2024-00917', 3, '2025-01-15', '2025-01-15 07:03:40', 228.33, 49.15, 2.50, 8318.91),
  ('CL-2024-00917', 4, '2025-02-15', '2025-02-17 07:00:05', 229.65, 47.83, 2.50, 8089.26),
  ('CL-2024-00917', 5, '2025-03-15', '2025-03-17 07:02:29', 230.97, 46.51, 2.50, 7858.29);
