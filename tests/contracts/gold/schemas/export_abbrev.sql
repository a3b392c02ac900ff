-- export shipping documents, abbreviated snake_case (shpmt, exp, imp, pol, pod, etd, eta, hs, wt, px, orig); no declared keys
CREATE TABLE shpmt (shpmt_no TEXT, exp_nm TEXT, exp_addr TEXT, imp_nm TEXT, imp_addr TEXT, pol_cd TEXT, pod_cd TEXT, etd DATE, eta DATE,
  incoterm TEXT, vsl_nm TEXT, bl_no TEXT, inv_ccy TEXT);
CREATE TABLE inv_ln (ln_id INTEGER, shpmt_no TEXT, ln_seq INTEGER, hs_cd TEXT, goods_desc TEXT, qty DECIMAL(12,2), uom TEXT, unit_px DECIMAL(12,4),
  ln_val DECIMAL(14,2), net_wt_kg DECIMAL(10,2), gross_wt_kg DECIMAL(10,2), orig_ctry TEXT, pkg_cnt INTEGER);
INSERT INTO shpmt VALUES ('EXP-25-0412', 'Anatolia Textiles A.S.', 'OSB 4. Cad. No 12, Bursa, TR', 'Nordic Home Retail AB', 'Hamngatan 7, Malmo, SE',
  'TRGEM', 'SEMMA', '2025-03-08', '2025-03-21', 'FOB', 'MSC ILONA', 'MEDU7731905', 'EUR');
INSERT INTO inv_ln VALUES
  (1, 'EXP-25-0412', 1, '6302.21', 'Bed linen, printed cotton', 1800.00, 'SET', 14.2500, 25650.00, 2430.00, 2610.00, 'TR', 90),
  (2, 'EXP-25-0412', 2, '6302.60', 'Terry towels, cotton', 4200.00, 'PCS', 3.1000, 13020.00, 1890.00, 2015.00, 'TR', 70),
  (3, 'EXP-25-0412', 3, '6304.92', 'Cushion covers', 2500.00, 'PCS', 2.4000, 6000.00, 410.00, 468.00, 'TR', 25);
