-- fleet fuel cards, abbreviated snake_case (veh, reg, drv, stn, prod, vol, ltr, ppl, odo); no declared keys
CREATE TABLE veh (veh_id TEXT, reg_no TEXT, mk_mdl TEXT, drv_nm TEXT, cost_ctr TEXT, fuel_typ TEXT);
CREATE TABLE fuel_txn (txn_id INTEGER, veh_id TEXT, txn_dt DATE, txn_tm TEXT, stn_nm TEXT, stn_city TEXT, prod_cd TEXT, vol_ltr DECIMAL(8,2),
  ppl DECIMAL(6,3), net_amt DECIMAL(10,2), vat_amt DECIMAL(10,2), gross_amt DECIMAL(10,2), odo_km INTEGER, card_no TEXT);
INSERT INTO veh VALUES ('V-118', 'KL 22 AB 4410', 'Skoda Octavia', 'Rahul Menon', 'CC-310', 'DIESEL');
INSERT INTO fuel_txn VALUES
  (1, 'V-118', '2025-03-02', '07:41', 'Shell Ring Road', 'Leeds', 'DSL', 52.10, 1.459, 63.34, 12.67, 76.01, 48210, '7077********0118'),
  (2, 'V-118', '2025-03-11', '18:05', 'BP Kirkstall', 'Leeds', 'DSL', 48.75, 1.469, 59.68, 11.94, 71.62, 48902, '7077********0118'),
  (3, 'V-118', '2025-03-24', '12:30', 'Esso Harrogate Rd', 'Harrogate', 'DSL+', 50.02, 1.529, 63.73, 12.75, 76.48, 49611, '7077********0118');
