-- German payroll (Gehaltsabrechnung), PascalCase German abbreviations (PersNr, KSt, StKl, LSt, SolZ, KiSt, SvAn/SvAg);
-- the statutory net (NettoBez) is stored, the payout is net minus the VWL deduction
CREATE TABLE MaStamm (PersNr INTEGER PRIMARY KEY, Name TEXT, Vorname TEXT, GebDat DATE, EintrDat DATE, KSt TEXT,
  TaetBez TEXT, WoStd DECIMAL(5,2), StKl INTEGER, Konf TEXT, Krankenkasse TEXT, BankIban TEXT);
CREATE TABLE GehAbr (AbrNr INTEGER PRIMARY KEY, PersNr INTEGER REFERENCES MaStamm(PersNr), AbrMon DATE, GesBrutto DECIMAL(10,2),
  StBrutto DECIMAL(10,2), LSt DECIMAL(10,2), SolZ DECIMAL(10,2), KiSt DECIMAL(10,2), SvAn DECIMAL(10,2), SvAg DECIMAL(10,2),
  NettoBez DECIMAL(10,2), VwlAbzug DECIMAL(10,2), AuszBetr DECIMAL(10,2), UrlTage DECIMAL(4,1), KrankTage DECIMAL(4,1));
INSERT INTO MaStamm VALUES
  (1042, 'Hoffmann', 'Katrin', '1986-02-14', '2017-04-01', '4100', 'Sachbearbeiterin Einkauf', 40.00, 1, 'ev', 'TK', 'DE02120300000000202051'),
  (1077, 'Yilmaz', 'Emre', '1991-11-30', '2021-09-15', '4300', 'Lagerist', 38.50, 3, '-', 'AOK Bayern', 'DE12500105170648489890'),
  (1103, 'Schulze', 'Jonas', '1979-06-08', '2010-01-01', '4100', 'Teamleiter Einkauf', 40.00, 4, 'rk', 'Barmer', 'DE89370400440532013000');
INSERT INTO GehAbr VALUES
  (9001, 1042, '2025-02-01', 4200.00, 4200.00, 612.50, 0.00, 49.00, 869.40, 882.00, 2669.10, 40.00, 2629.10, 2.0, 0.0),
  (9002, 1077, '2025-02-01', 3150.00, 3150.00, 198.16, 0.00, 0.00, 652.05, 661.50, 2299.79, 0.00, 2299.79, 0.0, 3.0),
  (9003, 1103, '2025-02-01', 6100.00, 5900.00, 1162.33, 12.40, 104.61, 1262.70, 1281.00, 3557.96, 40.00, 3517.96, 1.0, 0.0),
  (9004, 1042, '2025-03-01', 4450.00, 4450.00, 676.58, 0.00, 54.12, 921.15, 934.50, 2798.15, 40.00, 2758.15, 5.0, 0.0),
  (9005, 1077, '2025-03-01', 3150.00, 3150.00, 198.16, 0.00, 0.00, 652.05, 661.50, 2299.79, 0.00, 2299.79, 0.0, 0.0),
  (9006, 1103, '2025-03-01', 6100.00, 5900.00, 1162.33, 12.40, 104.61, 1262.70, 1281.00, 3557.96, 40.00, 3517.96, 0.0, 1.0);
