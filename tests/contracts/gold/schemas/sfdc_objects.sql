-- Salesforce objects as a data export shows them: standard objects (Account) with PascalCase fields,
-- a custom invoice object whose custom fields end in "__c" (Account__c is the lookup to Account),
-- 18-character record ids, formula fields stored (Days_Past_Due__c), no balance field
CREATE TABLE Account (Id TEXT PRIMARY KEY, Name TEXT, AccountNumber TEXT, BillingStreet TEXT, BillingCity TEXT,
  BillingPostalCode TEXT, BillingCountry TEXT, Industry TEXT, Phone TEXT);
CREATE TABLE Invoice__c (Id TEXT PRIMARY KEY, Name TEXT, Account__c TEXT REFERENCES Account(Id),
  Invoice_Date__c DATE, Due_Date__c DATE, CurrencyIsoCode TEXT, Net_Amount__c DECIMAL(16,2),
  Tax_Amount__c DECIMAL(16,2), Total_Amount__c DECIMAL(16,2), Amount_Paid__c DECIMAL(16,2),
  Status__c TEXT, PO_Number__c TEXT, Days_Past_Due__c INTEGER, CreatedDate TIMESTAMP);
INSERT INTO Account VALUES
  ('0015g00000Xk1AAAAZ', 'Northwind Traders', 'ACC-10021', '14 Harbour Way', 'Seattle', '98101', 'United States', 'Retail', '+1 206 555 0101'),
  ('0015g00000Xk1BBAAZ', 'Contoso Pharmaceuticals', 'ACC-10034', 'Rue du Rhone 5', 'Geneva', '1204', 'Switzerland', 'Healthcare', '+41 22 555 0134'),
  ('0015g00000Xk1CCAAZ', 'Fabrikam Logistics', 'ACC-10047', '221 Dock Road', 'Rotterdam', '3011', 'Netherlands', 'Transportation', '+31 10 555 0147');
INSERT INTO Invoice__c VALUES
  ('a0F5g000001INV1EAA', 'INV-000481', '0015g00000Xk1AAAAZ', '2025-01-15', '2025-02-14', 'USD', 12000.00, 960.00, 12960.00, 12960.00, 'Paid', 'PO-7781', 0, '2025-01-15 09:12:00'),
  ('a0F5g000001INV2EAA', 'INV-000495', '0015g00000Xk1BBAAZ', '2025-02-03', '2025-03-05', 'USD', 8500.00, 680.00, 9180.00, 4000.00, 'Partially Paid', 'PO-2231', 26, '2025-02-03 14:40:00'),
  ('a0F5g000001INV3EAA', 'INV-000502', '0015g00000Xk1AAAAZ', '2025-02-20', '2025-03-22', 'USD', 3150.00, 252.00, 3402.00, 0.00, 'Sent', NULL, 9, '2025-02-20 11:05:00'),
  ('a0F5g000001INV4EAA', 'INV-000517', '0015g00000Xk1CCAAZ', '2025-03-10', '2025-04-09', 'USD', 22400.00, 1792.00, 24192.00, 0.00, 'Sent', 'PO-5540', 0, '2025-03-10 08:30:00'),
  ('a0F5g000001INV5EAA', 'INV-000523', '0015g00000Xk1BBAAZ', '2025-01-08', '2025-01-22', 'USD', 1875.00, 150.00, 2025.00, 500.00, 'Overdue', 'PO-2198', 69, '2025-01-08 16:20:00');
