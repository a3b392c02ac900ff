-- card-acquiring payouts, camelCase with type suffixes (Nm, Dt, Amt, Cnt, Txt, Pct)
CREATE TABLE merchantAcct (merchantId INTEGER PRIMARY KEY, merchantNm TEXT, tradingNm TEXT, mccCd TEXT, mdrPct DECIMAL(5,3), payoutAcctMaskedTxt TEXT);
CREATE TABLE settleBatch (batchId INTEGER PRIMARY KEY, merchantId INTEGER REFERENCES merchantAcct(merchantId), batchDt DATE, payoutDt DATE,
  txnCnt INTEGER, grossSalesAmt DECIMAL(12,2), refundAmt DECIMAL(12,2), chgbkAmt DECIMAL(12,2), mdrFeeAmt DECIMAL(12,2), netSettleAmt DECIMAL(12,2), batchStsCd TEXT);
INSERT INTO merchantAcct VALUES (9001, 'Casa Verde Lda', 'Casa Verde Restaurante', '5812', 1.450, 'PT50 **** **** 4471');
INSERT INTO settleBatch VALUES
  (1, 9001, '2025-03-01', '2025-03-03', 212, 8420.50, 0.00, 0.00, 122.10, 8298.40, 'PAID'),
  (2, 9001, '2025-03-02', '2025-03-04', 187, 7315.00, 45.00, 0.00, 105.42, 7164.58, 'PAID'),
  (3, 9001, '2025-03-03', '2025-03-05', 96, 3102.80, 0.00, 62.00, 44.99, 2995.81, 'PAID');
