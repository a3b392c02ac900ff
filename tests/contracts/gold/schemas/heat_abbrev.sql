-- district heating billing, abbreviated snake_case (cust, inst, sub_stn, rd, mwh, flow, ret_temp, chg); no declared keys
CREATE TABLE cust (cust_no TEXT, cust_nm TEXT, corr_addr TEXT, inst_addr TEXT, sub_stn_id TEXT, cntrct_cap_kw DECIMAL(8,1), tariff TEXT);
CREATE TABLE heat_rd (rd_id INTEGER, cust_no TEXT, rd_dt DATE, rd_mwh DECIMAL(10,3), prev_rd_mwh DECIMAL(10,3), cons_mwh DECIMAL(10,3),
  flow_m3 DECIMAL(10,2), avg_ret_temp_c DECIMAL(4,1), rd_src TEXT, engy_chg DECIMAL(10,2), cap_chg DECIMAL(10,2));
INSERT INTO cust VALUES ('FW-20931', 'Wohnbau Ost eG', 'Postfach 1140, 04001 Leipzig', 'Eisenbahnstr. 88, 04315 Leipzig', 'US-0447', 180.0, 'FW-GEW');
INSERT INTO heat_rd VALUES
  (1, 'FW-20931', '2025-01-31', 1412.620, 1338.150, 74.470, 1630.20, 41.5, 'FERN', 7149.12, 612.00),
  (2, 'FW-20931', '2025-02-28', 1479.004, 1412.620, 66.384, 1455.80, 40.8, 'FERN', 6372.86, 612.00),
  (3, 'FW-20931', '2025-03-31', 1531.904, 1479.004, 52.900, 1198.40, 39.9, 'SCHAETZ', 5078.40, 612.00);
