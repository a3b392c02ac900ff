-- Xero's accounting API objects loaded as tables: PascalCase (InvoiceNumber, SubTotal, TotalTax,
-- AmountDue, AmountPaid, CurrencyCode), GUID keys, Type ACCREC for sales invoices
CREATE TABLE Contacts (ContactID TEXT PRIMARY KEY, Name TEXT, AccountNumber TEXT, EmailAddress TEXT,
  TaxNumber TEXT, DefaultCurrency TEXT);
CREATE TABLE Invoices (InvoiceID TEXT PRIMARY KEY, Type TEXT, InvoiceNumber TEXT, Reference TEXT,
  ContactID TEXT REFERENCES Contacts(ContactID), Date DATE, DueDate DATE, Status TEXT, CurrencyCode TEXT,
  SubTotal DECIMAL(14,2), TotalTax DECIMAL(14,2), Total DECIMAL(14,2), AmountPaid DECIMAL(14,2),
  AmountCredited DECIMAL(14,2), AmountDue DECIMAL(14,2), FullyPaidOnDate DATE, UpdatedDateUTC TIMESTAMP);
INSERT INTO Contacts VALUES
  ('6d037c1a-43a1-4a7e-9a1b-2f6c3b1d0a11', 'Kowhai Cafe Ltd', 'KOW001', 'accounts@kowhai.example', 'NZ 123-456-789', 'NZD'),
  ('9b2e7f55-1c3d-4e8f-b0a2-7c1d2e3f4a22', 'Tui Print Co', 'TUI002', 'billing@tuiprint.example', NULL, 'NZD');
INSERT INTO Invoices VALUES
  ('a1', 'ACCREC', 'INV-0201', 'March retainer', '6d037c1a-43a1-4a7e-9a1b-2f6c3b1d0a11', '2025-03-03', '2025-03-20', 'PAID', 'NZD', 1200.00, 180.00, 1380.00, 1380.00, 0.00, 0.00, '2025-03-18', '2025-03-18 02:11:00'),
  ('a2', 'ACCREC', 'INV-0202', 'Menu design', '6d037c1a-43a1-4a7e-9a1b-2f6c3b1d0a11', '2025-03-10', '2025-03-27', 'AUTHORISED', 'NZD', 800.00, 120.00, 920.00, 400.00, 0.00, 520.00, NULL, '2025-03-25 21:40:00'),
  ('a3', 'ACCREC', 'INV-0203', 'Brochure run', '9b2e7f55-1c3d-4e8f-b0a2-7c1d2e3f4a22', '2025-03-14', '2025-04-14', 'AUTHORISED', 'NZD', 2500.00, 375.00, 2875.00, 0.00, 200.00, 2675.00, NULL, '2025-03-20 04:05:00');
