-- card acquiring settlement, camelCase; netAmount is not stored: grossAmount - interchangeFee - schemeFee - acquirerFee
CREATE TABLE merchants (merchantId TEXT PRIMARY KEY, legalName TEXT, tradingName TEXT, mcc TEXT, payoutIban TEXT, country TEXT);
CREATE TABLE settlementBatches (batchId TEXT PRIMARY KEY, merchantId TEXT REFERENCES merchants(merchantId), batchDate DATE,
  payoutDate DATE, currency TEXT, payoutReference TEXT);
CREATE TABLE cardPayments (paymentId TEXT PRIMARY KEY, batchId TEXT REFERENCES settlementBatches(batchId), capturedAt DATE,
  cardBrand TEXT, cardLast4 TEXT, entryMode TEXT, grossAmount DECIMAL(12,2), interchangeFee DECIMAL(12,2),
  schemeFee DECIMAL(12,2), acquirerFee DECIMAL(12,2), paymentType TEXT);
INSERT INTO merchants VALUES ('m_771', 'Café Lumen S.L.', 'Lumen Coffee', '5814', 'ES9121000418450200051332', 'ES');
INSERT INTO settlementBatches VALUES ('b_9001', 'm_771', '2025-03-14', '2025-03-17', 'EUR', 'PO-250317-771');
INSERT INTO cardPayments VALUES
  ('p1', 'b_9001', '2025-03-14', 'VISA', '4242', 'contactless', 12.40, 0.02, 0.01, 0.12, 'sale'),
  ('p2', 'b_9001', '2025-03-14', 'MASTERCARD', '5454', 'chip', 58.90, 0.12, 0.03, 0.59, 'sale'),
  ('p3', 'b_9001', '2025-03-14', 'VISA', '1881', 'contactless', 7.80, 0.02, 0.01, 0.08, 'sale'),
  ('p4', 'b_9001', '2025-03-14', 'AMEX', '0005', 'chip', 120.00, 0.00, 0.00, 2.40, 'sale');
