-- German petty-cash book (Kassenbuch), PascalCase German (BuchNr, BuchDat, BelegNr, Einnahme, Ausgabe, MwStSatz, GegenKto, Saldo)
CREATE TABLE Kasse (KasseNr INTEGER PRIMARY KEY, Bezeichnung TEXT, Filiale TEXT, Verantwortlich TEXT);
CREATE TABLE KassenBuch (BuchNr INTEGER PRIMARY KEY, KasseNr INTEGER REFERENCES Kasse(KasseNr), BuchDat DATE, BelegNr TEXT, BuchText TEXT,
  Einnahme DECIMAL(10,2), Ausgabe DECIMAL(10,2), MwStSatz DECIMAL(4,1), GegenKto TEXT, Saldo DECIMAL(10,2));
INSERT INTO Kasse VALUES (1, 'Hauptkasse', 'Filiale Leipzig', 'S. Richter');
INSERT INTO KassenBuch VALUES
  (501, 1, '2025-03-03', 'K-0301', 'Bareinnahme Verkauf', 420.00, 0.00, 19.0, '8400', 920.00),
  (502, 1, '2025-03-05', 'K-0302', 'Porto Briefmarken', 0.00, 38.50, 0.0, '4910', 881.50),
  (503, 1, '2025-03-12', 'K-0303', 'Büromaterial', 0.00, 64.26, 19.0, '4930', 817.24),
  (504, 1, '2025-03-20', 'K-0304', 'Bankeinzahlung', 0.00, 500.00, 0.0, '1360', 317.24);
