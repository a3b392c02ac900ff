-- broker trade store, abbreviated snake_case (front-office extract). ntnl_amt = qty * px;
-- net_stl_amt = notional plus (buys) or minus (sells) commission and fees
CREATE TABLE cpty (cpty_cd TEXT PRIMARY KEY, cpty_nm TEXT, lei_cd TEXT, ctry_cd TEXT);
CREATE TABLE prtf (prtf_cd TEXT PRIMARY KEY, prtf_nm TEXT, pm_nm TEXT, base_ccy TEXT);
CREATE TABLE trd (trd_id TEXT PRIMARY KEY, prtf_cd TEXT REFERENCES prtf(prtf_cd), cpty_cd TEXT REFERENCES cpty(cpty_cd),
  trd_dt DATE, stl_dt DATE, isin TEXT, sec_desc TEXT, b_s_ind TEXT, qty DECIMAL(18,4), px DECIMAL(18,6),
  ntnl_amt DECIMAL(18,2), comm_amt DECIMAL(18,2), fee_amt DECIMAL(18,2), net_stl_amt DECIMAL(18,2), trd_ccy TEXT,
  exec_venue TEXT, trdr_id TEXT);
INSERT INTO cpty VALUES ('GSI', 'Goldman Sachs International', 'W22LROWP2IHZNBB6K528', 'GB'),
  ('BNPP', 'BNP Paribas SA', 'R0MUWSFPU8MPRO8K5P83', 'FR');
INSERT INTO prtf VALUES ('EQ-EUR-01', 'European Equity Income', 'Claire Dubois', 'EUR');
INSERT INTO trd VALUES
  ('T-1001', 'EQ-EUR-01', 'GSI', '2025-03-03', '2025-03-05', 'DE0007164600', 'SAP SE', 'B', 500, 182.400000, 91200.00, 45.60, 12.00, 91257.60, 'EUR', 'XETR', 'cdu'),
  ('T-1002', 'EQ-EUR-01', 'BNPP', '2025-03-03', '2025-03-05', 'FR0000120271', 'TotalEnergies SE', 'S', 1200, 58.150000, 69780.00, 34.89, 9.50, 69735.61, 'EUR', 'XPAR', 'cdu'),
  ('T-1003', 'EQ-EUR-01', 'GSI', '2025-03-12', '2025-03-14', 'NL0010273215', 'ASML Holding NV', 'B', 80, 655.200000, 52416.00, 26.21, 8.00, 52450.21, 'EUR', 'XAMS', 'mlo'),
  ('T-1004', 'EQ-EUR-01', 'BNPP', '2025-03-20', '2025-03-24', 'DE0007164600', 'SAP SE', 'S', 200, 190.100000, 38020.00, 19.01, 6.00, 37994.99, 'EUR', 'XETR', 'mlo');
