-- gas supply, abbreviated snake_case; inv.tot_amt = net charges + vat_amt
CREATE TABLE svc_pt (svc_pt_id INTEGER PRIMARY KEY, acct_ref TEXT, cust_nm TEXT, prem_addr TEXT, prem_city TEXT,
  prem_pcode TEXT, mtr_sn TEXT, tariff_cd TEXT);
CREATE TABLE gas_rdg (rdg_id INTEGER PRIMARY KEY, svc_pt_id INTEGER REFERENCES svc_pt(svc_pt_id), rdg_dt DATE,
  rdg_val_m3 DECIMAL(10,1), est_flg TEXT, cal_val DECIMAL(6,2), vol_corr DECIMAL(6,5));
CREATE TABLE inv (inv_no TEXT PRIMARY KEY, svc_pt_id INTEGER REFERENCES svc_pt(svc_pt_id), inv_dt DATE, due_dt DATE,
  kwh_billed DECIMAL(10,1), unit_rt DECIMAL(8,4), std_chg DECIMAL(8,2), vat_amt DECIMAL(8,2), tot_amt DECIMAL(10,2));
INSERT INTO svc_pt VALUES (44, 'G-1002-338', 'Ms Amelia Hughes', '9 Orchard Close', 'Leeds', 'LS6 2QF', 'G4A-7781203', 'STD-VAR');
INSERT INTO gas_rdg VALUES (1, 44, '2025-01-31', 8812.0, 'N', 39.40, 1.02264),
  (2, 44, '2025-02-28', 8901.5, 'N', 39.20, 1.02264), (3, 44, '2025-03-31', 8975.0, 'Y', 39.30, 1.02264);
INSERT INTO inv VALUES ('INV-55120', 44, '2025-04-03', '2025-04-24', 840.6, 0.0632, 9.18, 3.11, 65.42);
