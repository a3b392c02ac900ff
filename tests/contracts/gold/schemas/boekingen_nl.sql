-- Dutch bookkeeping export (Exact/Twinfield style): Dutch snake_case, debet and credit columns
-- (0.00 on the other side), BTW (VAT) codes and amounts, relations and ledger accounts by code
CREATE TABLE administratie (adm_code TEXT PRIMARY KEY, naam TEXT, vestigingsplaats TEXT, btw_nummer TEXT,
  kvk_nummer TEXT);
CREATE TABLE grootboekrekeningen (rekeningnummer TEXT PRIMARY KEY, omschrijving TEXT, rekeningsoort TEXT);
CREATE TABLE relaties (relatiecode TEXT PRIMARY KEY, naam TEXT, plaats TEXT, land TEXT, iban TEXT);
CREATE TABLE dagboeken (dagboekcode TEXT PRIMARY KEY, omschrijving TEXT, soort TEXT);
CREATE TABLE boekingsregels (regel_id INTEGER PRIMARY KEY, adm_code TEXT REFERENCES administratie(adm_code),
  dagboekcode TEXT REFERENCES dagboeken(dagboekcode), boekstuknummer TEXT, boekdatum DATE,
  rekeningnummer TEXT REFERENCES grootboekrekeningen(rekeningnummer),
  relatiecode TEXT REFERENCES relaties(relatiecode), omschrijving TEXT, debet DECIMAL(14,2),
  credit DECIMAL(14,2), btw_code TEXT, btw_bedrag DECIMAL(14,2), factuurnummer TEXT);
INSERT INTO administratie VALUES ('001', 'Bakkerij De Molen B.V.', 'Utrecht', 'NL812345678B01', '30123456');
INSERT INTO grootboekrekeningen VALUES ('1300', 'Debiteuren', 'Balans'), ('1600', 'Crediteuren', 'Balans'),
  ('1510', 'Af te dragen BTW', 'Balans'), ('1520', 'Voorbelasting', 'Balans'), ('8000', 'Omzet brood', 'Winst & verlies'),
  ('7000', 'Inkoop grondstoffen', 'Winst & verlies'), ('1100', 'Bank', 'Balans');
INSERT INTO relaties VALUES ('D100', 'Hotel Centraal', 'Utrecht', 'NL', 'NL91ABNA0417164300'),
  ('C200', 'Meelfabriek Noord', 'Groningen', 'NL', 'NL20INGB0001234567'),
  ('D110', 'Cafe Zuid', 'Antwerpen', 'BE', 'BE68539007547034');
INSERT INTO dagboeken VALUES ('VK', 'Verkoopboek', 'Verkoop'), ('IK', 'Inkoopboek', 'Inkoop'), ('BNK', 'Bankboek', 'Bank');
INSERT INTO boekingsregels VALUES
  (1, '001', 'VK', 'VK25-031', '2025-03-03', '1300', 'D100', 'Levering brood week 9', 1090.00, 0.00, NULL, 0.00, 'F25-031'),
  (2, '001', 'VK', 'VK25-031', '2025-03-03', '8000', 'D100', 'Levering brood week 9', 0.00, 1000.00, 'L', 0.00, 'F25-031'),
  (3, '001', 'VK', 'VK25-031', '2025-03-03', '1510', 'D100', 'BTW 9%', 0.00, 90.00, 'L', 90.00, 'F25-031'),
  (4, '001', 'IK', 'IK25-014', '2025-03-07', '7000', 'C200', 'Meel 2000 kg', 1400.00, 0.00, 'L', 0.00, 'M-7781'),
  (5, '001', 'IK', 'IK25-014', '2025-03-07', '1520', 'C200', 'BTW 9%', 126.00, 0.00, 'L', 126.00, 'M-7781'),
  (6, '001', 'IK', 'IK25-014', '2025-03-07', '1600', 'C200', 'Meel 2000 kg', 0.00, 1526.00, NULL, 0.00, 'M-7781'),
  (7, '001', 'BNK', 'BNK25-022', '2025-03-18', '1100', 'D100', 'Ontvangst F25-031', 1090.00, 0.00, NULL, 0.00, 'F25-031'),
  (8, '001', 'BNK', 'BNK25-022', '2025-03-18', '1300', 'D100', 'Ontvangst F25-031', 0.00, 1090.00, NULL, 0.00, 'F25-031'),
  (9, '001', 'VK', 'VK25-036', '2025-03-24', '1300', 'D110', 'Levering gebak', 436.00, 0.00, NULL, 0.00, 'F25-036'),
  (10, '001', 'VK', 'VK25-036', '2025-03-24', '8000', 'D110', 'Levering gebak', 0.00, 400.00, 'L', 0.00, 'F25-036'),
  (11, '001', 'VK', 'VK25-036', '2025-03-24', '1510', 'D110', 'BTW 9%', 0.00, 36.00, 'L', 36.00, 'F25-036');
