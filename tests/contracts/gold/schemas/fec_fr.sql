-- A French "fichier des écritures comptables" (FEC, article A47 A-1 du LPF) loaded as one table with
-- the legal column names (PascalCase French: JournalCode, EcritureDate, CompteNum, CompAuxLib, PieceRef,
-- Debit, Credit, EcritureLet), plus the company's identity in a one-row table
CREATE TABLE societe (siren TEXT PRIMARY KEY, denomination TEXT, adresse TEXT, exercice_debut DATE, exercice_fin DATE);
CREATE TABLE fec (JournalCode TEXT, JournalLib TEXT, EcritureNum TEXT, EcritureDate DATE, CompteNum TEXT,
  CompteLib TEXT, CompAuxNum TEXT, CompAuxLib TEXT, PieceRef TEXT, PieceDate DATE, EcritureLib TEXT,
  Debit DECIMAL(15,2), Credit DECIMAL(15,2), EcritureLet TEXT, DateLet DATE, ValidDate DATE,
  Montantdevise DECIMAL(15,2), Idevise TEXT);
INSERT INTO societe VALUES ('512345678', 'Atelier Vauban SAS', '8 quai Vauban, 67000 Strasbourg', '2025-01-01', '2025-12-31');
INSERT INTO fec VALUES
  ('VE', 'Ventes', 'VE-0031', '2025-03-03', '411000', 'Clients', 'C0042', 'Brasserie du Port', 'F2025-031', '2025-03-03', 'Facture menuiserie', 2400.00, 0.00, 'A', '2025-03-28', '2025-03-04', NULL, NULL),
  ('VE', 'Ventes', 'VE-0031', '2025-03-03', '706000', 'Prestations de services', NULL, NULL, 'F2025-031', '2025-03-03', 'Facture menuiserie', 0.00, 2000.00, NULL, NULL, '2025-03-04', NULL, NULL),
  ('VE', 'Ventes', 'VE-0031', '2025-03-03', '445710', 'TVA collectée', NULL, NULL, 'F2025-031', '2025-03-03', 'Facture menuiserie', 0.00, 400.00, NULL, NULL, '2025-03-04', NULL, NULL),
  ('AC', 'Achats', 'AC-0018', '2025-03-10', '607000', 'Achats de marchandises', NULL, NULL, 'BOIS-7781', '2025-03-08', 'Chêne massif', 850.00, 0.00, NULL, NULL, '2025-03-11', NULL, NULL),
  ('AC', 'Achats', 'AC-0018', '2025-03-10', '445660', 'TVA déductible', NULL, NULL, 'BOIS-7781', '2025-03-08', 'Chêne massif', 170.00, 0.00, NULL, NULL, '2025-03-11', NULL, NULL),
  ('AC', 'Achats', 'AC-0018', '2025-03-10', '401000', 'Fournisseurs', 'F0007', 'Scierie des Vosges', 'BOIS-7781', '2025-03-08', 'Chêne massif', 0.00, 1020.00, NULL, NULL, '2025-03-11', NULL, NULL),
  ('BQ', 'Banque', 'BQ-0055', '2025-03-28', '512000', 'Banque CIC', NULL, NULL, 'VIR-0328', '2025-03-28', 'Règlement Brasserie du Port', 2400.00, 0.00, NULL, NULL, '2025-03-29', NULL, NULL),
  ('BQ', 'Banque', 'BQ-0055', '2025-03-28', '411000', 'Clients', 'C0042', 'Brasserie du Port', 'VIR-0328', '2025-03-28', 'Règlement Brasserie du Port', 0.00, 2400.00, 'A', '2025-03-28', '2025-03-29', NULL, NULL);
