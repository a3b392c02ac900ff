-- portfolio holdings, snake_case; market_value = quantity * market_price,
-- unrealized_pnl = market_value - quantity * avg_cost; cost basis not stored
CREATE TABLE portfolios (portfolio_code TEXT PRIMARY KEY, portfolio_name TEXT, manager_name TEXT, base_currency TEXT,
  inception_date DATE);
CREATE TABLE securities (security_id INTEGER PRIMARY KEY, isin TEXT, ticker TEXT, security_name TEXT, asset_class TEXT,
  currency TEXT, country TEXT);
CREATE TABLE positions (position_id INTEGER PRIMARY KEY, portfolio_code TEXT REFERENCES portfolios(portfolio_code),
  security_id INTEGER REFERENCES securities(security_id), as_of_date DATE, quantity DECIMAL(18,4), avg_cost DECIMAL(18,4),
  market_price DECIMAL(18,4), market_value DECIMAL(18,2), unrealized_pnl DECIMAL(18,2));
INSERT INTO portfolios VALUES ('GLB-BAL', 'Global Balanced Fund', 'Amara Okoye', 'USD', '2016-01-04');
INSERT INTO securities VALUES (1, 'US0378331005', 'AAPL', 'Apple Inc.', 'Equity', 'USD', 'US'),
  (2, 'US5949181045', 'MSFT', 'Microsoft Corp.', 'Equity', 'USD', 'US'),
  (3, 'US912828YK06', 'T 1.5 10/31/24', 'US Treasury 1.5% 2024', 'Fixed income', 'USD', 'US'),
  (4, 'IE00B4L5Y983', 'IWDA', 'iShares Core MSCI World ETF', 'Fund', 'USD', 'IE');
INSERT INTO positions VALUES
  (1, 'GLB-BAL', 1, '2025-03-31', 1200, 151.2000, 222.1300, 266556.00, 85116.00),
  (2, 'GLB-BAL', 2, '2025-03-31', 450, 280.5000, 375.3900, 168925.50, 42700.50),
  (3, 'GLB-BAL', 3, '2025-03-31', 250000, 0.9820, 0.9905, 247625.00, 2125.00),
  (4, 'GLB-BAL', 4, '2025-03-31', 3000, 74.1000, 98.6200, 295860.00, 73560.00);
