-- snake_case banking schema with separate debit and credit columns
CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, full_name TEXT, email TEXT, phone TEXT, city TEXT);
CREATE TABLE accounts (account_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(customer_id),
  account_number TEXT, iban TEXT, currency TEXT, opened_on DATE, opening_balance DECIMAL(18,2),
  current_balance DECIMAL(18,2));
CREATE TABLE postings (posting_id INTEGER PRIMARY KEY, account_id INTEGER REFERENCES accounts(account_id),
  value_date DATE, narrative TEXT, debit DECIMAL(18,2), credit DECIMAL(18,2), running_balance DECIMAL(18,2),
  channel TEXT);
INSERT INTO customers VALUES (1, 'Maria Keller', 'maria@example.org', '+49 30 1234', 'Berlin');
INSERT INTO accounts VALUES (10, 1, '4711-001', 'DE89370400440532013000', 'EUR', '2019-05-01', 1000.00, 1850.25);
INSERT INTO postings VALUES (100, 10, '2025-03-02', 'Salary', NULL, 2500.00, 3500.00, 'transfer'),
  (101, 10, '2025-03-05', 'Rent', 900.00, NULL, 2600.00, 'standing order'),
  (102, 10, '2025-03-09', 'Supermarket', 749.75, NULL, 1850.25, 'card');
