-- electricity retail billing, abbreviated snake_case (cust, prem, mtr, rdg, cons, chg, stdg, prd, pd); no declared keys
CREATE TABLE cust_acct (acct_no TEXT, cust_nm TEXT, mail_addr TEXT, pmt_mthd TEXT, tariff_cd TEXT, dd_day INTEGER);
CREATE TABLE prem (prem_id TEXT, acct_no TEXT, svc_addr TEXT, mtr_no TEXT, mpan TEXT, mtr_typ TEXT);
CREATE TABLE bill (bill_no TEXT, prem_id TEXT, bill_dt DATE, due_dt DATE, prd_st_dt DATE, prd_end_dt DATE,
  prev_rdg INTEGER, curr_rdg INTEGER, rdg_typ TEXT, cons_kwh INTEGER, unit_rt DECIMAL(8,4), engy_chg DECIMAL(10,2),
  stdg_chg DECIMAL(10,2), vat_amt DECIMAL(10,2), tot_amt DECIMAL(10,2), pd_amt DECIMAL(10,2));
INSERT INTO cust_acct VALUES ('EA-550192', 'Fiona Gallagher', 'Flat 2, 9 Dock St, Leith EH6 6EY', 'DD', 'E7-VAR', 12);
INSERT INTO prem VALUES ('P-0093311', 'EA-550192', 'Flat 2, 9 Dock St, Leith EH6 6EY', 'S14M022871', '1200023305963', 'SMART');
INSERT INTO bill VALUES
  ('B2501-7731', 'P-0093311', '2025-01-05', '2025-01-19', '2024-12-01', '2024-12-31', 18210, 18655, 'A', 445, 0.2450, 109.03, 15.19, 6.21, 130.43, 130.43),
  ('B2502-8102', 'P-0093311', '2025-02-04', '2025-02-18', '2025-01-01', '2025-01-31', 18655, 19138, 'A', 483, 0.2450, 118.34, 15.19, 6.68, 140.21, 140.21),
  ('B2503-8544', 'P-0093311', '2025-03-05', '2025-03-19', '2025-02-01', '2025-02-28', 19138, 19540, 'E', 402, 0.2450, 98.49, 13.72, 5.61, 117.82, 60.00);
