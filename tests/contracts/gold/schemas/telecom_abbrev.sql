-- mobile telecom billing, abbreviated snake_case; call records (CDRs) per subscriber
CREATE TABLE sub_acct (sub_id INTEGER PRIMARY KEY, msisdn TEXT, cust_nm TEXT, bill_addr TEXT, plan_cd TEXT, plan_desc TEXT,
  acct_bal DECIMAL(10,2), cr_lmt DECIMAL(10,2));
CREATE TABLE cdr (cdr_id INTEGER PRIMARY KEY, sub_id INTEGER REFERENCES sub_acct(sub_id), evt_dt DATE, evt_tm TEXT,
  dest_num TEXT, dur_sec INTEGER, evt_typ TEXT, roam_flg TEXT, chg_amt DECIMAL(8,3), dest_ctry TEXT);
INSERT INTO sub_acct VALUES (3001, '+44 7700 900123', 'Dan Whitaker', '5 Mill Lane, York YO1 7HB', 'UNL20', 'Unlimited 20GB', -23.45, 150.00);
INSERT INTO cdr VALUES
  (1, 3001, '2025-03-02', '09:14', '+44 20 7946 0011', 312, 'VOICE', 'N', 0.000, 'GB'),
  (2, 3001, '2025-03-04', '18:40', '+33 1 70 18 99 00', 95, 'VOICE', 'Y', 1.425, 'FR'),
  (3, 3001, '2025-03-04', '18:52', '+33 6 12 34 56 78', 0, 'SMS', 'Y', 0.250, 'FR'),
  (4, 3001, '2025-03-09', '11:03', '+1 212 555 0199', 640, 'VOICE', 'N', 3.200, 'US');
