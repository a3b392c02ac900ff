-- purchasing, PascalCase abbreviations (PoNo, VendNo, OrdDt, QtyOrd, QtyRcvd, UnitCst, ExtCst, ReqDelivDt)
CREATE TABLE Vend (VendNo TEXT PRIMARY KEY, VendName TEXT, VendCity TEXT, PmtTerms TEXT);
CREATE TABLE PurchOrd (PoNo TEXT PRIMARY KEY, VendNo TEXT REFERENCES Vend(VendNo), OrdDt DATE, ReqDelivDt DATE, BuyerName TEXT, PoSts TEXT);
CREATE TABLE PurchOrdLn (PoLnId INTEGER PRIMARY KEY, PoNo TEXT REFERENCES PurchOrd(PoNo), LnNo INTEGER, ItemNo TEXT, ItemDesc TEXT,
  QtyOrd INTEGER, QtyRcvd INTEGER, UnitCst DECIMAL(10,4), ExtCst DECIMAL(12,2));
INSERT INTO Vend VALUES ('V0042', 'Nordic Steel AB', 'Gothenburg', 'NET30'), ('V0107', 'Pack-It Ltd', 'Leeds', 'NET45');
INSERT INTO PurchOrd VALUES ('PO-25-0311', 'V0042', '2025-03-04', '2025-03-25', 'Ian Moss', 'OPEN'),
  ('PO-25-0318', 'V0107', '2025-03-11', '2025-03-18', 'Ian Moss', 'PART');
INSERT INTO PurchOrdLn VALUES
  (1, 'PO-25-0311', 1, 'ST-8812', 'Steel plate 8mm', 40, 0, 212.5000, 8500.00),
  (2, 'PO-25-0311', 2, 'ST-8820', 'Steel plate 12mm', 25, 10, 301.0000, 7525.00),
  (3, 'PO-25-0318', 1, 'PK-0041', 'Carton 600x400', 2000, 1500, 0.6200, 1240.00);
