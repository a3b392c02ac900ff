-- the platform warehouse's two report views (second holdout)
CREATE TABLE statements (tenant TEXT, period DATE, statement_id TEXT, file_name TEXT, account_number TEXT,
  currency TEXT, holder TEXT, period_start DATE, period_end DATE, opening_balance DECIMAL(18,2),
  closing_balance DECIMAL(18,2), page_count INTEGER);
CREATE TABLE transactions (tenant TEXT, period DATE, statement_id TEXT, account_number TEXT, currency TEXT,
  txn_date DATE, description TEXT, amount DECIMAL(18,2), balance DECIMAL(18,2), category TEXT,
  category_rule TEXT, page INTEGER, row_no INTEGER, strategy TEXT);
INSERT INTO statements VALUES ('acme', '2025-03-01', 's1', 'march.pdf', 'DE001', 'EUR', 'Jane Roe',
  '2025-03-01', '2025-03-31', 1000.00, 2524.65, 2);
INSERT INTO transactions VALUES ('acme', '2025-03-01', 's1', 'DE001', 'EUR', '2025-03-02', 'Salary', 2500.00,
  3500.00, 'income', 'salary-rule', 1, 1, 'lines');
