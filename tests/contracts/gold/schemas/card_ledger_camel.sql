-- credit-card ledger, camelCase (JSON-API style); amounts from the cardholder's view:
-- purchases and fees negative, payments and refunds positive
CREATE TABLE cardAccounts (cardAccountId INTEGER PRIMARY KEY, cardholderName TEXT, maskedPan TEXT,
  productName TEXT, creditLimit DECIMAL(12,2), statementBalance DECIMAL(12,2), minimumPaymentDue DECIMAL(12,2),
  paymentDueDate DATE, billingCurrency TEXT, openedAt DATE);
CREATE TABLE cardTransactions (transactionId TEXT PRIMARY KEY, cardAccountId INTEGER REFERENCES cardAccounts(cardAccountId),
  transactionDate DATE, postingDate DATE, merchantName TEXT, merchantCity TEXT, mccCode TEXT, mccDescription TEXT,
  originalAmount DECIMAL(12,2), originalCurrency TEXT, fxRate DECIMAL(10,6), billingAmount DECIMAL(12,2),
  transactionType TEXT, authCode TEXT);
INSERT INTO cardAccounts VALUES (7001, 'Jordan Ellis', '4111 **** **** 1234', 'Platinum Rewards', 8000.00, 1326.39, 40.00,
  '2025-04-25', 'USD', '2021-09-01'),
  (7002, 'Priya Raman', '5500 **** **** 9876', 'Classic', 2500.00, 310.00, 25.00, '2025-04-22', 'USD', '2023-02-14');
INSERT INTO cardTransactions VALUES
  ('ct_01', 7001, '2025-03-02', '2025-03-03', 'BLUE BOTTLE COFFEE', 'Oakland', '5814', 'Fast food restaurants', 6.75, 'USD', 1.000000, -6.75, 'PURCHASE', 'A1B2C3'),
  ('ct_02', 7001, '2025-03-05', '2025-03-06', 'HOTEL LUTETIA', 'Paris', '7011', 'Hotels and motels', 420.00, 'EUR', 1.085000, -455.70, 'PURCHASE', 'Q9W8E7'),
  ('ct_03', 7001, '2025-03-07', '2025-03-07', 'FOREIGN TRANSACTION FEE', NULL, NULL, NULL, 13.67, 'USD', 1.000000, -13.67, 'FEE', NULL),
  ('ct_04', 7001, '2025-03-12', '2025-03-12', 'PAYMENT - THANK YOU', NULL, NULL, NULL, 900.00, 'USD', 1.000000, 900.00, 'PAYMENT', NULL),
  ('ct_05', 7001, '2025-03-18', '2025-03-19', 'AMAZON MKTPLACE', 'Seattle', '5942', 'Book stores', 59.99, 'USD', 1.000000, -59.99, 'PURCHASE', 'Z1X2C3'),
  ('ct_06', 7001, '2025-03-21', '2025-03-22', 'AMAZON MKTPLACE', 'Seattle', '5942', 'Book stores', 19.99, 'USD', 1.000000, 19.99, 'REFUND', 'Z1X2C4'),
  ('ct_07', 7001, '2025-03-26', '2025-03-27', 'SHELL OIL 5741', 'Reno', '5541', 'Service stations', 52.10, 'USD', 1.000000, -52.10, 'PURCHASE', 'P0O9I8');
