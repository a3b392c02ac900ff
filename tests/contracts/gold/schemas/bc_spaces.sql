-- Dynamics 365 Business Central / NAV tables as SQL Server shows them: names with spaces, a trailing
-- underscore where the UI has a full stop ("No_", "Cust_ Ledger Entry"), "(LCY)" for local-currency
-- amounts; customer ledger amounts are signed from the company's view (invoices +, payments -)
CREATE TABLE "Customer" ("No_" TEXT PRIMARY KEY, "Name" TEXT, "Address" TEXT, "City" TEXT, "Post Code" TEXT,
  "Country_Region Code" TEXT, "Credit Limit (LCY)" DECIMAL(20,2), "Salesperson Code" TEXT,
  "Payment Terms Code" TEXT);
CREATE TABLE "Cust_ Ledger Entry" ("Entry No_" INTEGER PRIMARY KEY,
  "Customer No_" TEXT REFERENCES "Customer"("No_"), "Posting Date" DATE, "Document Type" TEXT,
  "Document No_" TEXT, "Description" TEXT, "Currency Code" TEXT, "Amount" DECIMAL(20,2),
  "Amount (LCY)" DECIMAL(20,2), "Remaining Amount" DECIMAL(20,2), "Due Date" DATE, "Open" INTEGER,
  "External Document No_" TEXT);
INSERT INTO "Customer" VALUES ('C10000', 'Adatum Corporation', 'Station Road 21', 'Cambridge', 'CB1 2FB', 'GB', 25000.00, 'JR', '30 DAYS'),
  ('C20000', 'Trey Research', 'Kingsway 8', 'London', 'WC2B 6XF', 'GB', 10000.00, 'PS', '14 DAYS');
INSERT INTO "Cust_ Ledger Entry" VALUES
  (1201, 'C10000', '2025-03-03', 'Invoice', 'PSI-103017', 'Order 101005', NULL, 4250.00, 4250.00, 0.00, '2025-04-02', 0, 'PO-88'),
  (1202, 'C10000', '2025-03-12', 'Invoice', 'PSI-103022', 'Order 101011', 'EUR', 2000.00, 1712.40, 2000.00, '2025-04-11', 1, 'PO-91'),
  (1203, 'C10000', '2025-03-20', 'Payment', 'PAY-2025-114', 'Payment PSI-103017', NULL, -4250.00, -4250.00, 0.00, '2025-03-20', 0, NULL),
  (1204, 'C10000', '2025-03-26', 'Credit Memo', 'PSCM-104004', 'Return order 7', NULL, -310.00, -310.00, -310.00, '2025-03-26', 1, 'RMA-12'),
  (1205, 'C20000', '2025-03-14', 'Invoice', 'PSI-103024', 'Order 101014', NULL, 980.00, 980.00, 980.00, '2025-03-28', 1, NULL);
