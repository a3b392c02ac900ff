-- point-of-sale export, PascalCase; a line's net amount is not stored: Qty * UnitPrice - LineDiscount
CREATE TABLE Stores (StoreId INTEGER PRIMARY KEY, StoreName TEXT, Region TEXT, ManagerName TEXT);
CREATE TABLE SalesReceipts (ReceiptId INTEGER PRIMARY KEY, StoreId INTEGER REFERENCES Stores(StoreId),
  ReceiptNo TEXT, ReceiptDate DATE, CashierName TEXT, PaymentMethod TEXT, TotalGross DECIMAL(10,2), TotalVat DECIMAL(10,2));
CREATE TABLE ReceiptLines (LineId INTEGER PRIMARY KEY, ReceiptId INTEGER REFERENCES SalesReceipts(ReceiptId),
  ArticleNo TEXT, ArticleName TEXT, Qty INTEGER, UnitPrice DECIMAL(10,2), LineDiscount DECIMAL(10,2), VatRate DECIMAL(5,2));
INSERT INTO Stores VALUES (3, 'Utrecht Centrum', 'NL-Midden', 'Sanne de Vries');
INSERT INTO SalesReceipts VALUES (880101, 3, 'R-3-880101', '2025-03-08', 'Pieter', 'card', 41.45, 3.42),
  (880102, 3, 'R-3-880102', '2025-03-08', 'Pieter', 'cash', 12.50, 1.03),
  (880207, 3, 'R-3-880207', '2025-03-09', 'Lotte', 'card', 27.96, 2.31);
INSERT INTO ReceiptLines VALUES
  (1, 880101, 'A-1001', 'Espresso beans 1kg', 1, 24.95, 0.00, 9.00),
  (2, 880101, 'A-2040', 'Milk frother', 1, 19.50, 3.00, 21.00),
  (3, 880102, 'A-3002', 'Croissant', 5, 2.50, 0.00, 9.00),
  (4, 880207, 'A-1001', 'Espresso beans 1kg', 1, 24.95, 2.49, 9.00),
  (5, 880207, 'A-3002', 'Croissant', 2, 2.75, 0.00, 9.00);
