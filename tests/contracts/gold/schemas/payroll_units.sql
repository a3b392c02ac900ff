-- UK payroll in snake_case with unit suffixes (_amt_gbp, _hrs, _pct, _dt) and abbreviations of the
-- trade (paye, ni_ee, ni_er); a payslip row per employee and pay run, net pay stored
CREATE TABLE employees (emp_no TEXT PRIMARY KEY, first_nm TEXT, last_nm TEXT, ni_number TEXT, dept_cd TEXT,
  tax_code TEXT, hire_dt DATE, fte_pct DECIMAL(5,2));
CREATE TABLE pay_runs (run_id INTEGER PRIMARY KEY, pay_dt DATE, period_start_dt DATE, period_end_dt DATE, run_type TEXT);
CREATE TABLE payslips (run_id INTEGER REFERENCES pay_runs(run_id), emp_no TEXT REFERENCES employees(emp_no),
  hours_hrs DECIMAL(8,2), basic_amt_gbp DECIMAL(12,2), overtime_amt_gbp DECIMAL(12,2), gross_amt_gbp DECIMAL(12,2),
  paye_amt_gbp DECIMAL(12,2), ni_ee_amt_gbp DECIMAL(12,2), ni_er_amt_gbp DECIMAL(12,2), pension_ee_amt_gbp DECIMAL(12,2),
  pension_er_amt_gbp DECIMAL(12,2), net_amt_gbp DECIMAL(12,2), PRIMARY KEY (run_id, emp_no));
INSERT INTO employees VALUES
  ('E014', 'Priya', 'Shah', 'QQ123456C', 'OPS', '1257L', '2021-06-01', 100.00),
  ('E022', 'Tom', 'Fletcher', 'QQ654321A', 'OPS', '1257L', '2023-02-13', 100.00),
  ('E031', 'Grace', 'Okafor', 'QQ112233D', 'FIN', 'BR', '2024-09-02', 60.00);
INSERT INTO pay_runs VALUES (2503, '2025-03-28', '2025-03-01', '2025-03-31', 'MONTHLY');
INSERT INTO payslips VALUES
  (2503, 'E014', 162.50, 3250.00, 0.00, 3250.00, 440.60, 164.16, 332.80, 162.50, 97.50, 2482.74),
  (2503, 'E022', 170.00, 2400.00, 210.00, 2610.00, 312.60, 112.96, 244.44, 130.50, 78.30, 2053.94),
  (2503, 'E031', 97.50, 1500.00, 0.00, 1500.00, 300.00, 26.16, 78.84, 75.00, 45.00, 1098.84);
