-- purchasing, PascalCase; the open quantity and the line value are not stored
CREATE TABLE Suppliers (SupplierId INTEGER PRIMARY KEY, Name TEXT, Email TEXT, Country TEXT, PaymentTermsDays INTEGER);
CREATE TABLE PurchaseOrders (PurchaseOrderId INTEGER PRIMARY KEY, PoNumber TEXT, SupplierId INTEGER REFERENCES Suppliers(SupplierId),
  OrderDate DATE, ExpectedDate DATE, Status TEXT, BuyerName TEXT);
CREATE TABLE PurchaseOrderLines (LineId INTEGER PRIMARY KEY, PurchaseOrderId INTEGER REFERENCES PurchaseOrders(PurchaseOrderId),
  ItemCode TEXT, ItemDescription TEXT, OrderedQty INTEGER, ReceivedQty INTEGER, UnitCost DECIMAL(12,4), Uom TEXT);
INSERT INTO Suppliers VALUES (70, 'Helvetica Bearings AG', 'orders@helvbear.example', 'CH', 30), (71, 'Polymer Works Ltd', 'sales@polyworks.example', 'GB', 45);
INSERT INTO PurchaseOrders VALUES (9001, 'PO-25-0117', 70, '2025-03-04', '2025-03-25', 'partially received', 'Tomas Novak'),
  (9002, 'PO-25-0131', 71, '2025-03-12', '2025-04-02', 'open', 'Tomas Novak');
INSERT INTO PurchaseOrderLines VALUES
  (1, 9001, 'BRG-6204', 'Deep groove ball bearing 6204', 500, 500, 2.1500, 'pcs'),
  (2, 9001, 'BRG-6305', 'Deep groove ball bearing 6305', 200, 120, 3.8000, 'pcs'),
  (3, 9001, 'SEAL-35', 'Shaft seal 35x52x7', 300, 0, 0.9200, 'pcs'),
  (4, 9002, 'PA6-GR', 'PA6 granulate natural', 25, 0, 48.0000, 'bag');
