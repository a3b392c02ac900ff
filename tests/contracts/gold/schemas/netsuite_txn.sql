-- NetSuite through SuiteAnalytics Connect: lowercase names run together (tranid, trandate, entityid,
-- companyname, foreigntotal, foreignamountremaining, linesequencenumber), one transactions table for
-- every kind (type 'CustInvc', 'CustPymt'), lines in transactionline
CREATE TABLE customer (id INTEGER PRIMARY KEY, entityid TEXT, companyname TEXT, email TEXT, phone TEXT,
  creditlimit DECIMAL(16,2), terms TEXT, billcity TEXT);
CREATE TABLE transactions (id INTEGER PRIMARY KEY, tranid TEXT, type TEXT, trandate DATE, duedate DATE,
  entity INTEGER REFERENCES customer(id), currency TEXT, exchangerate DECIMAL(12,6), foreigntotal DECIMAL(16,2),
  foreignamountpaid DECIMAL(16,2), foreignamountremaining DECIMAL(16,2), status TEXT, memo TEXT, otherrefnum TEXT,
  postingperiod TEXT);
CREATE TABLE transactionline (transaction_id INTEGER REFERENCES transactions(id), linesequencenumber INTEGER,
  itemid TEXT, memo TEXT, quantity DECIMAL(12,2), rate DECIMAL(14,4), netamount DECIMAL(16,2), taxamount DECIMAL(16,2),
  PRIMARY KEY (transaction_id, linesequencenumber));
INSERT INTO customer VALUES
  (1101, 'CUST-0087', 'Lakeside Hotels Group', 'ap@lakeside.example', '+1 312 555 0187', 50000.00, 'Net 30', 'Chicago'),
  (1102, 'CUST-0093', 'Pinecrest Medical', 'billing@pinecrest.example', '+1 414 555 0193', 20000.00, 'Net 15', 'Milwaukee');
INSERT INTO transactions VALUES
  (55001, 'INV10231', 'CustInvc', '2025-03-04', '2025-04-03', 1101, 'USD', 1.0, 6480.00, 6480.00, 0.00, 'Paid In Full', 'Spring linen order', 'PO-44120', 'Mar 2025'),
  (55002, 'INV10236', 'CustInvc', '2025-03-12', '2025-03-27', 1102, 'USD', 1.0, 2376.00, 1000.00, 1376.00, 'Open', 'Scrubs restock', 'PM-9931', 'Mar 2025'),
  (55003, 'INV10240', 'CustInvc', '2025-03-21', '2025-04-20', 1101, 'USD', 1.0, 3240.00, 0.00, 3240.00, 'Open', 'Towels, east wing', 'PO-44187', 'Mar 2025');
INSERT INTO transactionline VALUES
  (55001, 1, 'LIN-SHEET-K', 'King sheet set', 200.00, 22.5000, 4500.00, 360.00),
  (55001, 2, 'LIN-PILLOW', 'Pillowcase pair', 150.00, 10.0000, 1500.00, 120.00),
  (55002, 1, 'MED-SCRUB-M', 'Scrub top, medium', 100.00, 14.0000, 1400.00, 112.00),
  (55002, 2, 'MED-SCRUB-P', 'Scrub trousers', 60.00, 12.0000, 720.00, 57.60),
  (55002, 3, 'MED-CAP', 'Surgical cap (box)', 10.00, 8.0000, 80.00, 6.40),
  (55003, 1, 'LIN-TOWEL-B', 'Bath towel', 300.00, 10.0000, 3000.00, 240.00);
