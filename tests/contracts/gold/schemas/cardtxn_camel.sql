-- card issuing ledger, camelCase with abbreviated type suffixes (Nm, Amt, Dt, Cd, Ind, Txt); billed amounts
-- unsigned beside a debit/credit indicator
CREATE TABLE cardAcct (cardAcctId INTEGER PRIMARY KEY, embossNm TEXT, panLast4 TEXT, prodCd TEXT, billAddrTxt TEXT,
  crLmtAmt DECIMAL(12,2), cashLmtAmt DECIMAL(12,2), stmtBalAmt DECIMAL(12,2), prevBalAmt DECIMAL(12,2), minPayAmt DECIMAL(12,2),
  pmtDueDt DATE, aprPct DECIMAL(6,3));
CREATE TABLE cardTxn (txnId INTEGER PRIMARY KEY, cardAcctId INTEGER REFERENCES cardAcct(cardAcctId), txnDt DATE, postDt DATE,
  merchNm TEXT, merchCityNm TEXT, merchCtryCd TEXT, mccCd TEXT, origCcyCd TEXT, origAmt DECIMAL(12,2), billAmt DECIMAL(12,2),
  drCrInd TEXT, authCd TEXT);
INSERT INTO cardAcct VALUES (77001, 'PRIYA NAIR', '4821', 'PLAT-REWARDS', '12 Orchard Rd, Singapore 238826', 20000.00, 4000.00,
  2387.60, 1510.00, 119.38, '2025-04-22', 26.900);
INSERT INTO cardTxn VALUES
  (1, 77001, '2025-03-03', '2025-03-04', 'COLD STORAGE', 'SINGAPORE', 'SG', '5411', 'SGD', 142.60, 142.60, 'D', 'A19921'),
  (2, 77001, '2025-03-06', '2025-03-08', 'HOTEL KYOTO STN', 'KYOTO', 'JP', '7011', 'JPY', 68000.00, 598.40, 'D', 'A20577'),
  (3, 77001, '2025-03-10', '2025-03-10', 'PAYMENT THANK YOU', 'SINGAPORE', 'SG', '0000', 'SGD', 1510.00, 1510.00, 'C', NULL),
  (4, 77001, '2025-03-15', '2025-03-17', 'AMAZON MKTPLACE', 'SEATTLE', 'US', '5942', 'USD', 48.50, 65.20, 'D', 'A31118'),
  (5, 77001, '2025-03-18', '2025-03-19', 'AMAZON MKTPLACE', 'SEATTLE', 'US', '5942', 'USD', 20.00, 26.90, 'C', NULL),
  (6, 77001, '2025-03-24', '2025-03-25', 'SINGAPORE AIRLINES', 'SINGAPORE', 'SG', '4511', 'SGD', 1608.30, 1608.30, 'D', 'A44021');
