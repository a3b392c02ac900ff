-- A QuickBooks Online "Transaction Detail by Tax Code" export loaded as it came: column headers with
-- spaces and a slash ("Txn Date", "Memo/Description"), amounts per line net of VAT with the VAT beside
-- it, the company's settings in a one-row table
CREATE TABLE "Company Info" ("Company Name" TEXT, "Legal Name" TEXT, "VAT Registration Number" TEXT,
  "Address" TEXT, "Fiscal Year Start" TEXT);
CREATE TABLE "Transaction Detail" ("Txn Date" DATE, "Transaction Type" TEXT, "Num" TEXT, "Name" TEXT,
  "Memo/Description" TEXT, "Account" TEXT, "Tax Code" TEXT, "Tax Rate" DECIMAL(5,2), "Net Amount" DECIMAL(14,2),
  "Tax Amount" DECIMAL(14,2), "Class" TEXT);
INSERT INTO "Company Info" VALUES ('Greenleaf Studio', 'Greenleaf Studio Ltd', 'GB 274 1150 88', '3 Mill Lane, Bristol BS1 4QA', 'January');
INSERT INTO "Transaction Detail" VALUES
  ('2025-01-06', 'Invoice', '1042', 'Harper & Co', 'Brand identity, phase 1', 'Sales', '20.0% S', 20.00, 4500.00, 900.00, 'Design'),
  ('2025-01-14', 'Expense', 'EXP-118', 'Adobe Systems', 'Creative Cloud licences', 'Software', '20.0% S', 20.00, -210.00, -42.00, 'Overhead'),
  ('2025-02-03', 'Invoice', '1043', 'Moss Bakery', 'Packaging artwork', 'Sales', '20.0% S', 20.00, 1250.00, 250.00, 'Design'),
  ('2025-02-17', 'Bill', 'B-77', 'Office Lettings Ltd', 'Studio rent, February', 'Rent', 'Exempt', 0.00, -1800.00, 0.00, 'Overhead'),
  ('2025-02-26', 'Invoice', '1044', 'Northgate Books', 'Book cover set (zero-rated)', 'Sales', '0.0% Z', 0.00, 960.00, 0.00, 'Illustration'),
  ('2025-03-11', 'Expense', 'EXP-131', 'Rail Europe', 'Client visit travel', 'Travel', '5.0% R', 5.00, -140.00, -7.00, 'Design');
