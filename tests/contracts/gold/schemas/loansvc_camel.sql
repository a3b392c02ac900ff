-- mortgage loan servicing, camelCase with type suffixes (Nm, Nbr, Amt, Pct, Dt, Mths)
CREATE TABLE loanAcct (loanId INTEGER PRIMARY KEY, loanNbr TEXT, borrowerNm TEXT, propertyAddrTxt TEXT, origPrinAmt DECIMAL(14,2),
  intRtPct DECIMAL(6,3), termMths INTEGER, origDt DATE, maturityDt DATE, curPrinBalAmt DECIMAL(14,2), escrowBalAmt DECIMAL(12,2));
CREATE TABLE loanPmt (pmtId INTEGER PRIMARY KEY, loanId INTEGER REFERENCES loanAcct(loanId), pmtRcvdDt DATE, pmtDueDt DATE,
  totPmtAmt DECIMAL(12,2), prinAmt DECIMAL(12,2), intAmt DECIMAL(12,2), escrowAmt DECIMAL(12,2), lateFeeAmt DECIMAL(10,2),
  prinBalAfterAmt DECIMAL(14,2));
INSERT INTO loanAcct VALUES (1, 'ML-55012', 'Grace Okafor', '48 Elm Ave, Columbus OH 43215', 240000.00, 6.125, 360, '2023-05-15', '2053-06-01',
  231918.07, 1850.40);
INSERT INTO loanPmt VALUES
  (1, 1, '2025-01-01', '2025-01-01', 1858.32, 268.32, 1190.00, 400.00, 0.00, 232719.36),
  (2, 1, '2025-02-03', '2025-02-01', 1858.32, 269.69, 1188.63, 400.00, 0.00, 232449.67),
  (3, 1, '2025-03-18', '2025-03-01', 1929.95, 271.06, 1187.26, 400.00, 71.63, 232178.61),
  (4, 1, '2025-04-01', '2025-04-01', 1858.32, 260.54, 1197.78, 400.00, 0.00, 231918.07);
