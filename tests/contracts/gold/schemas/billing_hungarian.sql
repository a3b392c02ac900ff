-- Access/VB-era billing database in Hungarian notation (tbl prefix, int/str/dtm/cur/bln/dbl type prefixes)
CREATE TABLE tblCustomer (intCustomerID INTEGER PRIMARY KEY, strCompanyName TEXT, strContactName TEXT,
  strEmail TEXT, strCity TEXT, strCountry TEXT, curCreditLimit DECIMAL(12,2), blnOnHold INTEGER);
CREATE TABLE tblInvoice (intInvoiceID INTEGER PRIMARY KEY, strInvoiceNo TEXT, intCustomerID INTEGER
  REFERENCES tblCustomer(intCustomerID), dtmInvoiceDate DATE, dtmDueDate DATE, curNetAmount DECIMAL(12,2),
  curTaxAmount DECIMAL(12,2), curPaidAmount DECIMAL(12,2), strStatus TEXT, strPONumber TEXT);
CREATE TABLE tblInvoiceLine (intLineID INTEGER PRIMARY KEY, intInvoiceID INTEGER REFERENCES tblInvoice(intInvoiceID),
  strItemCode TEXT, strItemDesc TEXT, dblQuantity DECIMAL(10,2), curUnitPrice DECIMAL(12,2), dblDiscountPct DECIMAL(5,2));
INSERT INTO tblCustomer VALUES (301, 'Harbourside Cafe Ltd', 'Tom Reilly', 'accounts@harbourside.example', 'Cork', 'IE', 5000.00, 0),
  (302, 'Northwind Catering', 'Ana Silva', 'ap@northwind.example', 'Dublin', 'IE', 12000.00, 1);
INSERT INTO tblInvoice VALUES
  (7001, 'INV-24-7001', 301, '2025-03-04', '2025-04-03', 1200.00, 276.00, 1476.00, 'PAID', 'PO-118'),
  (7002, 'INV-24-7002', 301, '2025-03-18', '2025-04-17', 860.00, 197.80, 500.00, 'PART', 'PO-124'),
  (7003, 'INV-24-7003', 302, '2025-03-09', '2025-04-08', 4300.00, 989.00, 0.00, 'OPEN', NULL),
  (7004, 'INV-24-7004', 302, '2025-03-25', '2025-04-24', 2150.00, 494.50, 0.00, 'OPEN', 'NW-2203');
INSERT INTO tblInvoiceLine VALUES
  (1, 7001, 'ESP-1KG', 'Espresso beans 1kg', 40.00, 30.00, 0.00),
  (2, 7002, 'ESP-1KG', 'Espresso beans 1kg', 20.00, 30.00, 0.00),
  (3, 7002, 'CUP-12', 'Paper cups 12oz (500)', 4.00, 65.00, 0.00),
  (4, 7003, 'MCH-GRD', 'Grinder service', 1.00, 4300.00, 0.00),
  (5, 7004, 'ESP-1KG', 'Espresso beans 1kg', 75.00, 30.00, 4.44);
