-- insurance claims, snake_case
CREATE TABLE policies (policy_no TEXT PRIMARY KEY, holder_name TEXT, holder_address TEXT, product TEXT, start_date DATE,
  end_date DATE, sum_insured DECIMAL(12,2), annual_premium DECIMAL(10,2));
CREATE TABLE claims (claim_no TEXT PRIMARY KEY, policy_no TEXT REFERENCES policies(policy_no), loss_date DATE, reported_date DATE,
  claim_type TEXT, description TEXT, amount_claimed DECIMAL(12,2), deductible DECIMAL(10,2), amount_paid DECIMAL(12,2),
  status TEXT, adjuster TEXT);
INSERT INTO policies VALUES ('HH-778120', 'Lena Vogt', 'Bergstrasse 8, 8032 Zurich', 'Household contents', '2024-07-01', '2025-06-30', 120000.00, 486.00),
  ('MT-102244', 'Paul Meier', 'Seeweg 2, 6300 Zug', 'Motor comprehensive', '2025-01-01', '2025-12-31', 38000.00, 1290.00);
INSERT INTO claims VALUES
  ('CL-25-00311', 'HH-778120', '2025-02-27', '2025-03-01', 'water damage', 'Burst pipe in kitchen', 8400.00, 500.00, 7900.00, 'settled', 'R. Baumann'),
  ('CL-25-00342', 'MT-102244', '2025-03-10', '2025-03-11', 'glass', 'Windscreen chip', 950.00, 200.00, 750.00, 'settled', 'S. Frei'),
  ('CL-25-00390', 'HH-778120', '2025-03-22', '2025-03-24', 'theft', 'Bicycle stolen from cellar', 2100.00, 500.00, 0.00, 'open', 'R. Baumann');
