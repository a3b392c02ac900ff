-- German current account (Girokonto), snake_case German; betrag is signed (Soll negative, Haben positive)
CREATE TABLE konten (konto_id INTEGER PRIMARY KEY, kontonummer TEXT, iban TEXT, bic TEXT, kontoinhaber TEXT,
  waehrung TEXT, kreditlinie DECIMAL(12,2), eroeffnet_am DATE);
CREATE TABLE umsaetze (umsatz_id INTEGER PRIMARY KEY, konto_id INTEGER REFERENCES konten(konto_id), buchungstag DATE,
  wertstellung DATE, buchungstext TEXT, verwendungszweck TEXT, gegenkonto_name TEXT, gegenkonto_iban TEXT,
  betrag DECIMAL(12,2), saldo DECIMAL(12,2));
INSERT INTO konten VALUES (1, '0532013000', 'DE89370400440532013000', 'COBADEFFXXX', 'Sabine Krüger', 'EUR', 2000.00, '2012-04-02');
INSERT INTO umsaetze VALUES
  (1, 1, '2025-03-03', '2025-03-03', 'LASTSCHRIFT', 'Miete März Whg 4', 'Hausverwaltung Nord GmbH', 'DE12500105170648489890', -950.00, 2130.44),
  (2, 1, '2025-03-05', '2025-03-05', 'KARTENZAHLUNG', 'REWE Markt 1234', 'REWE', NULL, -67.18, 2063.26),
  (3, 1, '2025-03-28', '2025-03-28', 'GUTSCHRIFT', 'Gehalt 03/2025', 'Technik Werk AG', 'DE44500105175407324931', 3412.60, 5475.86),
  (4, 1, '2025-03-29', '2025-04-01', 'DAUERAUFTRAG', 'Sparrate', 'Sabine Krüger', 'DE02120300000000202051', -300.00, 5175.86);
