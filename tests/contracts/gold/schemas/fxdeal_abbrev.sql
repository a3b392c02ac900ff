-- treasury FX dealing, abbreviated snake_case (cpty, trd, val, ccy, amt, rt, trdr, brkr, sts); buy/sell as B/S
CREATE TABLE cpty (cpty_id INTEGER PRIMARY KEY, cpty_nm TEXT, lei TEXT, ctry_cd TEXT, cr_lmt DECIMAL(18,2), ssi_ref TEXT);
CREATE TABLE fx_deal (deal_no TEXT PRIMARY KEY, trd_dt DATE, val_dt DATE, cpty_id INTEGER REFERENCES cpty(cpty_id),
  b_s TEXT, base_ccy TEXT, quote_ccy TEXT, base_amt DECIMAL(18,2), ctr_amt DECIMAL(18,2), deal_rt DECIMAL(12,6),
  trdr_cd TEXT, brkr_fee DECIMAL(10,2), deal_sts TEXT, prod_typ TEXT);
INSERT INTO cpty VALUES (501, 'Nordbank AG', '529900W18LQJJN6SJ336', 'DE', 50000000.00, 'SSI-NB-EUR-01'),
  (502, 'Harbour Capital LLP', '213800D1EI4B9WTWWD28', 'GB', 20000000.00, 'SSI-HC-GBP-03');
INSERT INTO fx_deal VALUES
  ('FX2503-0001', '2025-03-03', '2025-03-05', 501, 'B', 'EUR', 'USD', 5000000.00, 5415000.00, 1.083000, 'JTR', 250.00, 'CONF', 'SPOT'),
  ('FX2503-0002', '2025-03-03', '2025-04-03', 502, 'S', 'GBP', 'USD', 2000000.00, 2532400.00, 1.266200, 'MKL', 180.00, 'CONF', 'FWD'),
  ('FX2503-0003', '2025-03-07', '2025-03-11', 501, 'S', 'EUR', 'CHF', 1500000.00, 1432500.00, 0.955000, 'JTR', 120.00, 'PEND', 'SPOT'),
  ('FX2503-0004', '2025-03-12', '2025-03-14', 502, 'B', 'USD', 'JPY', 3000000.00, 443850000.00, 147.950000, 'MKL', 200.00, 'CONF', 'SPOT');
