-- French bank bookkeeping (comptabilité), snake_case French, separate debit and credit columns
CREATE TABLE clients (id_client INTEGER PRIMARY KEY, raison_sociale TEXT, nom_contact TEXT, adresse TEXT,
  code_postal TEXT, ville TEXT, siret TEXT, telephone TEXT);
CREATE TABLE comptes (id_compte INTEGER PRIMARY KEY, id_client INTEGER REFERENCES clients(id_client), iban TEXT,
  libelle_compte TEXT, devise TEXT, date_ouverture DATE, solde_initial DECIMAL(15,2), decouvert_autorise DECIMAL(15,2));
CREATE TABLE ecritures (id_ecriture INTEGER PRIMARY KEY, id_compte INTEGER REFERENCES comptes(id_compte),
  date_operation DATE, date_valeur DATE, libelle TEXT, reference_piece TEXT, debit DECIMAL(15,2), credit DECIMAL(15,2),
  solde_apres DECIMAL(15,2), categorie TEXT);
INSERT INTO clients VALUES (1, 'Boulangerie Lemaire SARL', 'Claire Lemaire', '12 rue des Lilas', '69003', 'Lyon',
  '81234567800019', '+33 4 78 00 11 22');
INSERT INTO comptes VALUES (11, 1, 'FR7630006000011234567890189', 'Compte courant professionnel', 'EUR', '2017-09-01',
  8420.15, 3000.00);
INSERT INTO ecritures VALUES
  (1, 11, '2025-03-01', '2025-03-01', 'PRLV URSSAF', 'PR-2025-031', 1250.00, NULL, 7170.15, 'charges sociales'),
  (2, 11, '2025-03-03', '2025-03-04', 'REMISE CB 28/02', 'RCB-0228', NULL, 2310.40, 9480.55, 'ventes'),
  (3, 11, '2025-03-07', '2025-03-07', 'VIR MINOTERIE DU RHONE', 'FAC-8841', 3120.00, NULL, 6360.55, 'achats'),
  (4, 11, '2025-03-14', '2025-03-15', 'REMISE CB 13/03', 'RCB-0313', NULL, 2984.10, 9344.65, 'ventes'),
  (5, 11, '2025-03-20', '2025-03-20', 'PRLV EDF PRO', 'PR-EDF-03', 412.36, NULL, 8932.29, 'energie'),
  (6, 11, '2025-03-31', '2025-03-31', 'FRAIS TENUE DE COMPTE', 'FR-0331', 18.00, NULL, 8914.29, 'frais bancaires');
