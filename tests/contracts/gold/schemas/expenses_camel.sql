-- expense management, camelCase; amountReimbursable = amountOriginal * exchangeRate (in the home currency)
CREATE TABLE employees (employeeId TEXT PRIMARY KEY, firstName TEXT, lastName TEXT, department TEXT, costCenter TEXT,
  homeCurrency TEXT, managerName TEXT);
CREATE TABLE expenseReports (reportId TEXT PRIMARY KEY, employeeId TEXT REFERENCES employees(employeeId), reportNumber TEXT,
  title TEXT, submittedAt DATE, approvedAt DATE, approverName TEXT, status TEXT);
CREATE TABLE expenseLines (lineId TEXT PRIMARY KEY, reportId TEXT REFERENCES expenseReports(reportId), expenseDate DATE,
  merchant TEXT, category TEXT, amountOriginal DECIMAL(10,2), currencyOriginal TEXT, exchangeRate DECIMAL(10,6),
  amountReimbursable DECIMAL(10,2), receiptAttached BOOLEAN, notes TEXT);
INSERT INTO employees VALUES ('e_117', 'Marta', 'Kowalski', 'Sales', 'CC-310', 'EUR', 'Ines Duarte');
INSERT INTO expenseReports VALUES ('r_5501', 'e_117', 'EXP-2025-0342', 'Client visit London', '2025-03-21', '2025-03-24',
  'Ines Duarte', 'approved');
INSERT INTO expenseLines VALUES
  ('l1', 'r_5501', '2025-03-17', 'British Airways', 'Airfare', 312.40, 'GBP', 1.190000, 371.76, 1, NULL),
  ('l2', 'r_5501', '2025-03-17', 'Premier Inn Southwark', 'Lodging', 189.00, 'GBP', 1.190000, 224.91, 1, '2 nights'),
  ('l3', 'r_5501', '2025-03-18', 'Dishoom', 'Meals', 64.50, 'GBP', 1.190000, 76.76, 0, 'client dinner'),
  ('l4', 'r_5501', '2025-03-19', 'Uber', 'Ground transport', 22.80, 'GBP', 1.190000, 27.13, 1, NULL);
