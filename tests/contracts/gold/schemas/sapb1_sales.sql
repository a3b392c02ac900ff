-- SAP Business One sales documents as its tables are named: OCRD (business partners: CardCode,
-- CardName, LicTradNum = tax id), OINV (A/R invoice headers: DocNum, DocDate, DocDueDate, DocTotal,
-- VatSum, PaidToDate, DocCur, NumAtCard = the customer's reference), INV1 (lines: LineNum, ItemCode,
-- Dscription [sic], Quantity, Price, LineTotal, VatPrcnt)
CREATE TABLE OCRD (CardCode TEXT PRIMARY KEY, CardName TEXT, CardType TEXT, LicTradNum TEXT, Phone1 TEXT,
  E_Mail TEXT, City TEXT, Country TEXT, CreditLine DECIMAL(19,6));
CREATE TABLE OINV (DocEntry INTEGER PRIMARY KEY, DocNum INTEGER, CardCode TEXT REFERENCES OCRD(CardCode),
  DocDate DATE, DocDueDate DATE, TaxDate DATE, NumAtCard TEXT, DocCur TEXT, DocTotal DECIMAL(19,6),
  VatSum DECIMAL(19,6), PaidToDate DECIMAL(19,6), DocStatus TEXT, Comments TEXT, SlpCode INTEGER);
CREATE TABLE INV1 (DocEntry INTEGER REFERENCES OINV(DocEntry), LineNum INTEGER, ItemCode TEXT,
  Dscription TEXT, Quantity DECIMAL(19,6), Price DECIMAL(19,6), LineTotal DECIMAL(19,6),
  VatPrcnt DECIMAL(19,6), WhsCode TEXT, PRIMARY KEY (DocEntry, LineNum));
INSERT INTO OCRD VALUES ('C20000', 'Maxi-Teq Ltd', 'C', 'GB 774 1235 01', '+44 20 7946 0011', 'ap@maxiteq.example', 'London', 'GB', 15000),
  ('C30000', 'Earthshaker Corp', 'C', 'US 94-1234567', '+1 415 555 0142', 'billing@earthshaker.example', 'San Francisco', 'US', 40000);
INSERT INTO OINV VALUES
  (301, 1201, 'C20000', '2025-03-03', '2025-04-02', '2025-03-03', 'PO 5521', 'GBP', 1440.00, 240.00, 1440.00, 'C', 'Printers', 4),
  (302, 1202, 'C30000', '2025-03-11', '2025-04-10', '2025-03-11', 'ES-0091', 'GBP', 6000.00, 1000.00, 2500.00, 'O', NULL, 7),
  (303, 1203, 'C20000', '2025-03-24', '2025-04-23', '2025-03-24', 'PO 5588', 'GBP', 540.00, 90.00, 0.00, 'O', 'Toner', 4);
INSERT INTO INV1 VALUES
  (301, 0, 'P10010', 'Laser printer A4', 2, 500.00, 1000.00, 20.00, '01'),
  (301, 1, 'P10022', 'Toner cartridge', 4, 50.00, 200.00, 20.00, '01'),
  (302, 0, 'S20001', 'Installation service', 10, 500.00, 5000.00, 20.00, '02'),
  (303, 0, 'P10022', 'Toner cartridge', 9, 50.00, 450.00, 20.00, '01');
