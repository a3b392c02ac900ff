-- German logistics schema (compound words), written after the mapper was tuned: holdout
CREATE TABLE kunden (kunden_id INTEGER PRIMARY KEY, kundenname TEXT, strasse TEXT, ort TEXT, land TEXT);
CREATE TABLE sendungen (sendung_id INTEGER PRIMARY KEY, kunden_id INTEGER REFERENCES kunden(kunden_id),
  versanddatum DATE, empfaenger TEXT, gewicht_kg DECIMAL(8,2), preis DECIMAL(18,2), status TEXT,
  sendungsnummer TEXT);
INSERT INTO kunden VALUES (1, 'Nordwind GmbH', 'Hafenstr. 1', 'Hamburg', 'DE');
INSERT INTO sendungen VALUES (1, 1, '2025-03-04', 'K. Weber', 12.50, 19.90, 'zugestellt', 'NW-000123');
