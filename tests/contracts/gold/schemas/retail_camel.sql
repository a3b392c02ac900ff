-- camelCase invoicing schema
CREATE TABLE customers (customerId INTEGER PRIMARY KEY, firstName TEXT, lastName TEXT, emailAddress TEXT,
  loyaltyTier TEXT, countryCode TEXT);
CREATE TABLE invoices (invoiceId INTEGER PRIMARY KEY, invoiceNumber TEXT, customerId INTEGER REFERENCES customers(customerId),
  issueDate DATE, dueDate DATE, currencyCode TEXT, netTotal DECIMAL(18,2), taxTotal DECIMAL(18,2),
  grossTotal DECIMAL(18,2), paymentStatus TEXT);
CREATE TABLE invoiceLines (lineId INTEGER PRIMARY KEY, invoiceId INTEGER REFERENCES invoices(invoiceId),
  productName TEXT, quantity INTEGER, unitPrice DECIMAL(18,2), lineAmount DECIMAL(18,2), taxRate DECIMAL(5,2));
INSERT INTO customers VALUES (1, 'Lena', 'Berg', 'lena@example.com', 'gold', 'SE');
INSERT INTO invoices VALUES (5, 'INV-2025-0005', 1, '2025-03-03', '2025-04-02', 'SEK', 100.00, 25.00, 125.00, 'open');
INSERT INTO invoiceLines VALUES (1, 5, 'Coffee beans', 2, 40.00, 80.00, 25.00), (2, 5, 'Filter', 1, 20.00, 20.00, 25.00);
