-- French payroll (paie), snake_case French; net_a_payer = salaire_brut - cotisations_salariales - prelevement_source
CREATE TABLE salaries (matricule TEXT PRIMARY KEY, nom TEXT, prenom TEXT, poste TEXT, service TEXT, date_entree DATE,
  numero_secu TEXT, coefficient INTEGER);
CREATE TABLE bulletins (id_bulletin INTEGER PRIMARY KEY, matricule TEXT REFERENCES salaries(matricule), periode DATE,
  heures_payees DECIMAL(6,2), salaire_brut DECIMAL(10,2), cotisations_salariales DECIMAL(10,2),
  cotisations_patronales DECIMAL(10,2), net_imposable DECIMAL(10,2), prelevement_source DECIMAL(10,2),
  net_a_payer DECIMAL(10,2), date_paiement DATE);
INSERT INTO salaries VALUES ('M0042', 'Lefèvre', 'Camille', 'Comptable', 'Finance', '2018-10-01', '2 85 07 75 112 048 32', 250),
  ('M0077', 'Benali', 'Yacine', 'Technicien', 'Maintenance', '2021-04-12', '1 92 11 13 055 211 07', 190);
INSERT INTO bulletins VALUES
  (1, 'M0042', '2025-03-01', 151.67, 3200.00, 704.00, 1344.00, 2560.00, 115.20, 2380.80, '2025-03-31'),
  (2, 'M0077', '2025-03-01', 151.67, 2400.00, 528.00, 1008.00, 1920.00, 38.40, 1833.60, '2025-03-31'),
  (3, 'M0042', '2025-02-01', 151.67, 3200.00, 704.00, 1344.00, 2560.00, 115.20, 2380.80, '2025-02-28');
