-- Italian invoicing (registro IVA vendite): Italian snake_case, taxable amount, VAT and withholding
-- stored per invoice, the invoice total not stored (totale = imponibile + imposta - ritenuta)
CREATE TABLE clienti (id_cliente INTEGER PRIMARY KEY, ragione_sociale TEXT, partita_iva TEXT, codice_fiscale TEXT,
  indirizzo TEXT, comune TEXT, provincia TEXT, cap TEXT);
CREATE TABLE fatture (id_fattura INTEGER PRIMARY KEY, numero_documento TEXT, data_documento DATE,
  data_registrazione DATE, id_cliente INTEGER REFERENCES clienti(id_cliente), imponibile DECIMAL(12,2),
  aliquota_iva DECIMAL(5,2), imposta DECIMAL(12,2), ritenuta_acconto DECIMAL(12,2), data_scadenza DATE,
  stato_pagamento TEXT);
INSERT INTO clienti VALUES (1, 'Studio Rossi & Associati', '01234567890', 'RSSMRA70A01H501U', 'Via Roma 10', 'Milano', 'MI', '20121'),
  (2, 'Trattoria Da Gino S.n.c.', '09876543210', '09876543210', 'Piazza Duomo 3', 'Firenze', 'FI', '50122');
INSERT INTO fatture VALUES
  (101, 'FT 2025/041', '2025-03-05', '2025-03-06', 1, 2000.00, 22.00, 440.00, 400.00, '2025-04-04', 'PAGATA'),
  (102, 'FT 2025/042', '2025-03-12', '2025-03-12', 2, 850.00, 10.00, 85.00, 0.00, '2025-04-11', 'APERTA'),
  (103, 'FT 2025/043', '2025-03-28', '2025-03-29', 1, 1200.00, 22.00, 264.00, 240.00, '2025-04-27', 'APERTA');
