-- bond portfolio cash flows, abbreviated snake_case (sec, isin, cpn, freq, mat, nom, accr, cf, pmt)
CREATE TABLE bond_sec (sec_id INTEGER PRIMARY KEY, isin TEXT, issr_nm TEXT, cpn_rt DECIMAL(6,3), cpn_freq INTEGER, iss_dt DATE, mat_dt DATE, ccy TEXT, rtg TEXT);
CREATE TABLE bond_cf (cf_id INTEGER PRIMARY KEY, sec_id INTEGER REFERENCES bond_sec(sec_id), pmt_dt DATE, nom_amt DECIMAL(16,2), cpn_amt DECIMAL(14,2), prin_amt DECIMAL(16,2), cf_typ TEXT, wht_amt DECIMAL(12,2));
INSERT INTO bond_sec VALUES (1, 'XS2310118893', 'Iberdrola Finanzas', 1.250, 1, '2021-03-10', '2028-03-10', 'EUR', 'BBB+'), (2, 'DE000A3H2UK7', 'KfW', 0.000, 1, '2020-09-15', '2025-09-15', 'EUR', 'AAA');
INSERT INTO bond_cf VALUES
  (1, 1, '2025-03-10', 500000.00, 6250.00, 0.00, 'CPN', 1718.75),
  (2, 2, '2025-09-15', 300000.00, 0.00, 300000.00, 'RED', 0.00),
  (3, 1, '2026-03-10', 500000.00, 6250.00, 0.00, 'CPN', 1718.75);
