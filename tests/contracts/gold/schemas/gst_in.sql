-- An Indian GST sales register store: snake_case with the GST return's abbreviations (gstin,
-- hsn_sac, cgst/sgst/igst amounts, place of supply as a state code), taxable value and invoice value
CREATE TABLE parties (party_id INTEGER PRIMARY KEY, party_name TEXT, gstin TEXT, state_code TEXT, city TEXT);
CREATE TABLE sales_invoices (inv_id INTEGER PRIMARY KEY, inv_no TEXT, inv_dt DATE,
  party_id INTEGER REFERENCES parties(party_id), place_of_supply TEXT, hsn_sac TEXT,
  taxable_value DECIMAL(14,2), gst_rate DECIMAL(5,2), cgst_amt DECIMAL(14,2), sgst_amt DECIMAL(14,2),
  igst_amt DECIMAL(14,2), invoice_value DECIMAL(14,2), irn TEXT);
INSERT INTO parties VALUES (1, 'Sharma Traders', '27AABCS1234F1Z5', '27', 'Pune'),
  (2, 'Deccan Foods Pvt Ltd', '29AAGCD5678K1Z2', '29', 'Bengaluru');
INSERT INTO sales_invoices VALUES
  (1, 'SI/24-25/0915', '2025-03-05', 1, '27', '8471', 50000.00, 18.00, 4500.00, 4500.00, 0.00, 59000.00, 'a1b2c3'),
  (2, 'SI/24-25/0916', '2025-03-12', 2, '29', '8473', 12000.00, 18.00, 0.00, 0.00, 2160.00, 14160.00, 'd4e5f6'),
  (3, 'SI/24-25/0917', '2025-03-21', 1, '27', '9983', 8000.00, 18.00, 720.00, 720.00, 0.00, 9440.00, NULL);
