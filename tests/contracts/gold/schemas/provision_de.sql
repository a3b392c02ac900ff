-- German sales commissions (Provisionsabrechnung), PascalCase German abbreviations (VertrNr, KdNr, BelegDat, NettoUms, MwSt, ProvSatz, ProvBetr)
CREATE TABLE Vertreter (VertrNr INTEGER PRIMARY KEY, Name TEXT, Vorname TEXT, Gebiet TEXT, ProvSatz DECIMAL(5,2), EintrDat DATE);
CREATE TABLE Umsatz (BelegNr TEXT PRIMARY KEY, VertrNr INTEGER REFERENCES Vertreter(VertrNr), BelegDat DATE, KdNr TEXT, KdName TEXT,
  NettoUms DECIMAL(12,2), MwSt DECIMAL(12,2), BruttoUms DECIMAL(12,2), ProvBetr DECIMAL(10,2), ZahlStatus TEXT);
INSERT INTO Vertreter VALUES (21, 'Wagner', 'Tobias', 'Nord', 4.50, '2019-02-01'), (22, 'Klein', 'Miriam', 'Süd', 5.00, '2021-07-01');
INSERT INTO Umsatz VALUES
  ('RE-25-1101', 21, '2025-03-04', 'K-3001', 'Holzbau Petersen GmbH', 12400.00, 2356.00, 14756.00, 558.00, 'bezahlt'),
  ('RE-25-1117', 21, '2025-03-12', 'K-3044', 'Nordwerk AG', 8650.00, 1643.50, 10293.50, 389.25, 'offen'),
  ('RE-25-1130', 21, '2025-03-26', 'K-3001', 'Holzbau Petersen GmbH', 3200.00, 608.00, 3808.00, 144.00, 'bezahlt');
