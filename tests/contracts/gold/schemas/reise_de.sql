-- German travel expenses (Reisekosten), PascalCase German abbreviations (PersNr, KSt, Abt, Beg, Km, Pausch, Verpfl, Ges, Ausz)
CREATE TABLE MitArb (PersNr INTEGER PRIMARY KEY, Name TEXT, Vorname TEXT, Abt TEXT, KSt TEXT, Vorgesetzter TEXT);
CREATE TABLE ReiseAbr (AbrNr INTEGER PRIMARY KEY, PersNr INTEGER REFERENCES MitArb(PersNr), ReiseBeg DATE, ReiseEnde DATE, Ziel TEXT,
  Zweck TEXT, FahrtKm INTEGER, KmPausch DECIMAL(8,2), FahrtKost DECIMAL(8,2), UebernKost DECIMAL(8,2), VerpflMehr DECIMAL(8,2),
  NebenKost DECIMAL(8,2), GesBetr DECIMAL(10,2), Vorschuss DECIMAL(10,2), AuszDat DATE);
INSERT INTO MitArb VALUES (311, 'Brandt', 'Lena', 'Vertrieb', '5200', 'M. Keller'), (318, 'Öztürk', 'Can', 'Vertrieb', '5200', 'M. Keller');
INSERT INTO ReiseAbr VALUES
  (7001, 311, '2025-03-03', '2025-03-05', 'Hamburg', 'Kundentermin Nordlicht GmbH', 0, 0.00, 189.90, 258.00, 70.00, 12.50, 530.40, 200.00, '2025-03-20'),
  (7002, 311, '2025-03-17', '2025-03-17', 'Stuttgart', 'Messe LogiMAT', 412, 123.60, 0.00, 0.00, 14.00, 18.00, 155.60, 0.00, '2025-03-28'),
  (7003, 318, '2025-03-10', '2025-03-12', 'Wien', 'Schulung Partnerportal', 0, 0.00, 311.20, 356.00, 84.00, 0.00, 751.20, 300.00, '2025-03-28');
