-- card disputes and chargebacks, camelCase with type suffixes (Id, Dt, Amt, Cd, Txt, Nm)
CREATE TABLE cardHolder (chId INTEGER PRIMARY KEY, chNm TEXT, panMaskTxt TEXT, emailAddrTxt TEXT);
CREATE TABLE dispute (dispId INTEGER PRIMARY KEY, chId INTEGER REFERENCES cardHolder(chId), txnDt DATE, openDt DATE, closeDt DATE, merchNm TEXT,
  txnAmt DECIMAL(10,2), dispAmt DECIMAL(10,2), rsnCd TEXT, rsnTxt TEXT, stsCd TEXT, provCrAmt DECIMAL(10,2), caseRefTxt TEXT);
INSERT INTO cardHolder VALUES (5, 'LIAM O''BRIEN', '5412 75** **** 9031', 'liam.obrien@example.ie');
INSERT INTO dispute VALUES
  (101, 5, '2025-02-11', '2025-02-20', '2025-03-14', 'SKYTRAVEL ONLINE', 420.00, 420.00, '13.1', 'Merchandise/services not received', 'WON', 420.00, 'CB-25-00311'),
  (102, 5, '2025-02-27', '2025-03-03', NULL, 'STREAMFLIX', 12.99, 12.99, '12.6', 'Duplicate processing', 'OPEN', 12.99, 'CB-25-00402'),
  (103, 5, '2025-03-01', '2025-03-09', '2025-03-25', 'HOTEL LUNA', 310.00, 110.00, '13.3', 'Not as described', 'LOST', 0.00, 'CB-25-00455');
