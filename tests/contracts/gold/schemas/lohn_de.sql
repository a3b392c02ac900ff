-- German payroll (Lohnbuchhaltung), lower-case German compounds; one Abrechnung per employee and month.
-- The employee shares of the social insurances are stored one column each; the payout is not
-- stored: netto = brutto - steuern - sozialversicherung
CREATE TABLE abteilungen (abteilung_nr INTEGER PRIMARY KEY, bezeichnung TEXT, kostenstelle TEXT, leiter TEXT);
CREATE TABLE mitarbeiter (personalnummer TEXT PRIMARY KEY, vorname TEXT, nachname TEXT, geburtsdatum DATE,
  eintrittsdatum DATE, abteilung_nr INTEGER REFERENCES abteilungen(abteilung_nr), steuerklasse INTEGER,
  konfession TEXT, iban TEXT, strasse TEXT, plz TEXT, wohnort TEXT);
CREATE TABLE lohnabrechnungen (abrechnung_id INTEGER PRIMARY KEY,
  personalnummer TEXT REFERENCES mitarbeiter(personalnummer), abrechnungsmonat DATE, arbeitsstunden DECIMAL(6,2),
  ueberstunden DECIMAL(6,2), bruttolohn DECIMAL(10,2), lohnsteuer DECIMAL(10,2), solidaritaetszuschlag DECIMAL(10,2),
  kirchensteuer DECIMAL(10,2), kv_an DECIMAL(10,2), rv_an DECIMAL(10,2), av_an DECIMAL(10,2), pv_an DECIMAL(10,2),
  auszahlungsdatum DATE);
INSERT INTO abteilungen VALUES (10, 'Vertrieb', 'KST-4100', 'Dr. Petra Vogel'), (20, 'Produktion', 'KST-5200', 'Jens Albers');
INSERT INTO mitarbeiter VALUES
  ('P-0042', 'Anna', 'Schmidt', '1990-04-18', '2019-08-01', 10, 1, 'rk', 'DE02120300000000202051', 'Lindenweg 4', '80331', 'München'),
  ('P-0057', 'Mehmet', 'Yilmaz', '1985-11-02', '2016-01-15', 20, 3, NULL, 'DE44500105175407324931', 'Hafenstraße 12', '20457', 'Hamburg'),
  ('P-0103', 'Lukas', 'Becker', '1998-02-27', '2023-05-01', 20, 1, 'ev', 'DE89370400440532013000', 'Am Markt 1', '50667', 'Köln');
INSERT INTO lohnabrechnungen VALUES
  (1, 'P-0042', '2025-03-01', 168.00, 4.00, 4200.00, 583.16, 0.00, 46.65, 342.30, 390.60, 54.60, 71.40, '2025-03-28'),
  (2, 'P-0057', '2025-03-01', 160.00, 0.00, 3650.00, 226.83, 0.00, 0.00, 297.48, 339.45, 47.45, 82.13, '2025-03-28'),
  (3, 'P-0103', '2025-03-01', 172.50, 12.50, 3100.00, 315.58, 0.00, 25.24, 252.65, 288.30, 40.30, 52.70, '2025-03-28'),
  (4, 'P-0042', '2025-02-01', 160.00, 0.00, 4200.00, 583.16, 0.00, 46.65, 342.30, 390.60, 54.60, 71.40, '2025-02-27');
