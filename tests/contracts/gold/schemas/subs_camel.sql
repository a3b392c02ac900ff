-- SaaS subscriptions, camelCase with type suffixes (Nm, Cd, Qty, Amt, Pct, Dt, Flg)
CREATE TABLE acct (acctId INTEGER PRIMARY KEY, custNm TEXT, billingCtryCd TEXT, csmNm TEXT, segmentCd TEXT);
CREATE TABLE subscr (subscrId INTEGER PRIMARY KEY, acctId INTEGER REFERENCES acct(acctId), planCd TEXT, seatsQty INTEGER, listPriceAmt DECIMAL(10,2),
  discPct DECIMAL(5,2), mrrAmt DECIMAL(12,2), startDt DATE, renewDt DATE, autoRenewFlg TEXT, termMths INTEGER);
INSERT INTO acct VALUES (1, 'Brightline Logistics', 'NL', 'Eva Jansen', 'MID'), (2, 'Quarry & Co', 'GB', 'Tom Reid', 'SMB'), (3, 'Helvetic Pharma AG', 'CH', 'Eva Jansen', 'ENT');
INSERT INTO subscr VALUES
  (11, 1, 'PRO', 40, 29.00, 10.00, 1044.00, '2024-04-01', '2025-04-01', 'Y', 12),
  (12, 2, 'TEAM', 8, 15.00, 0.00, 120.00, '2024-05-15', '2025-05-15', 'N', 12),
  (13, 3, 'ENTERPRISE', 250, 45.00, 22.50, 8718.75, '2023-06-01', '2025-06-01', 'Y', 24);
