-- German time recording, snake_case German; worked hours are not stored: (gehen - kommen) in hours less the break
CREATE TABLE personal_stamm (pers_nr TEXT PRIMARY KEY, vorname TEXT, nachname TEXT, abteilung TEXT, sollstunden_woche DECIMAL(4,1),
  vorgesetzter TEXT);
CREATE TABLE zeiterfassung (buchung_id INTEGER PRIMARY KEY, pers_nr TEXT REFERENCES personal_stamm(pers_nr), datum DATE,
  kommen_std DECIMAL(5,2), gehen_std DECIMAL(5,2), pause_std DECIMAL(4,2), soll_std DECIMAL(4,2), abwesenheit TEXT,
  bemerkung TEXT);
INSERT INTO personal_stamm VALUES ('0815', 'Katrin', 'Zimmermann', 'Einkauf', 40.0, 'Herr Brandt');
INSERT INTO zeiterfassung VALUES
  (1, '0815', '2025-03-03', 7.50, 16.25, 0.75, 8.00, NULL, NULL),
  (2, '0815', '2025-03-04', 8.00, 17.50, 1.00, 8.00, NULL, 'Lieferantentermin'),
  (3, '0815', '2025-03-05', 0.00, 0.00, 0.00, 8.00, 'Urlaub', NULL),
  (4, '0815', '2025-03-06', 7.75, 15.75, 0.50, 8.00, NULL, NULL);
