-- German fixed-asset register (Anlagenbuchhaltung), PascalCase German abbreviations (AnlNr, AnschDat, AK, AfA, ND, RBW, KSt)
CREATE TABLE AnlKlasse (KlasseNr TEXT PRIMARY KEY, KlasseBez TEXT, Sachkonto TEXT);
CREATE TABLE Anlage (AnlNr TEXT PRIMARY KEY, KlasseNr TEXT REFERENCES AnlKlasse(KlasseNr), AnlBez TEXT, AnschDat DATE, AnschKost DECIMAL(12,2),
  NdJahre INTEGER, AfaJahr DECIMAL(12,2), AfaKum DECIMAL(12,2), Restbuchwert DECIMAL(12,2), KSt TEXT, Standort TEXT, InvNr TEXT);
INSERT INTO AnlKlasse VALUES ('0480', 'Betriebs- und Geschäftsausstattung', '0480'), ('0320', 'Pkw', '0320');
INSERT INTO Anlage VALUES
  ('A-1001', '0480', 'Server Rack HPE', '2022-07-01', 18000.00, 5, 3600.00, 9000.00, 9000.00, '1000', 'Köln', 'INV-7781'),
  ('A-1017', '0320', 'VW Passat Variant', '2023-02-15', 38400.00, 6, 6400.00, 13866.67, 24533.33, '2100', 'Köln', 'INV-7822'),
  ('A-1030', '0480', 'Konferenztisch', '2024-09-10', 4200.00, 13, 323.08, 430.77, 3769.23, '1000', 'Bonn', 'INV-7903');
