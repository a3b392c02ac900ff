-- SaaS subscription billing, camelCase (JSON API export); invoices.total = subtotal - discountTotal + taxTotal,
-- invoiceItems.amount = quantity * unitAmount; the balance due is not stored
CREATE TABLE plans (planCode TEXT PRIMARY KEY, planName TEXT, monthlyPrice DECIMAL(10,2), currency TEXT);
CREATE TABLE accounts (accountId TEXT PRIMARY KEY, companyName TEXT, billingEmail TEXT, countryCode TEXT,
  vatNumber TEXT, planCode TEXT REFERENCES plans(planCode), createdAt DATE);
CREATE TABLE invoices (invoiceId TEXT PRIMARY KEY, accountId TEXT REFERENCES accounts(accountId), invoiceNo TEXT,
  periodStart DATE, periodEnd DATE, issuedAt DATE, dueAt DATE, subtotal DECIMAL(10,2), discountTotal DECIMAL(10,2),
  taxTotal DECIMAL(10,2), total DECIMAL(10,2), amountPaid DECIMAL(10,2), status TEXT);
CREATE TABLE invoiceItems (itemId TEXT PRIMARY KEY, invoiceId TEXT REFERENCES invoices(invoiceId), description TEXT,
  quantity INTEGER, unitAmount DECIMAL(10,2), amount DECIMAL(10,2), taxRate DECIMAL(5,2));
INSERT INTO plans VALUES ('team', 'Team', 49.00, 'EUR'), ('business', 'Business', 199.00, 'EUR');
INSERT INTO accounts VALUES ('acc_9f2', 'Nordlicht Design GmbH', 'billing@nordlicht.example', 'DE', 'DE298765432', 'business', '2023-06-12'),
  ('acc_3c1', 'Studio Vela', 'hello@vela.example', 'IT', 'IT01234567890', 'team', '2024-02-01');
INSERT INTO invoices VALUES
  ('in_101', 'acc_9f2', 'INV-2025-0101', '2025-03-01', '2025-03-31', '2025-03-01', '2025-03-15', 313.00, 31.30, 53.52, 335.22, 335.22, 'paid'),
  ('in_102', 'acc_3c1', 'INV-2025-0102', '2025-03-01', '2025-03-31', '2025-03-01', '2025-03-15', 98.00, 0.00, 21.56, 119.56, 50.00, 'open'),
  ('in_087', 'acc_9f2', 'INV-2025-0087', '2025-02-01', '2025-02-28', '2025-02-01', '2025-02-15', 199.00, 0.00, 37.81, 236.81, 0.00, 'overdue');
INSERT INTO invoiceItems VALUES
  ('ii_1', 'in_101', 'Business plan (monthly)', 1, 199.00, 199.00, 19.00),
  ('ii_2', 'in_101', 'Additional seats', 6, 19.00, 114.00, 19.00),
  ('ii_3', 'in_102', 'Team plan (monthly)', 2, 49.00, 98.00, 22.00),
  ('ii_4', 'in_087', 'Business plan (monthly)', 1, 199.00, 199.00, 19.00);
