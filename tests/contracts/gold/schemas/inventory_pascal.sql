-- inventory, PascalCase (SQL Server style); stock value is not stored: QuantityOnHand x UnitCost
CREATE TABLE Warehouses (WarehouseId INTEGER PRIMARY KEY, WarehouseCode TEXT, WarehouseName TEXT, City TEXT);
CREATE TABLE Suppliers (SupplierId INTEGER PRIMARY KEY, SupplierName TEXT, ContactEmail TEXT);
CREATE TABLE Products (ProductId INTEGER PRIMARY KEY, Sku TEXT, ProductName TEXT, CategoryName TEXT,
  UnitOfMeasure TEXT, UnitCost DECIMAL(12,4), ListPrice DECIMAL(12,2), ReorderLevel INTEGER,
  SupplierId INTEGER REFERENCES Suppliers(SupplierId), IsDiscontinued BOOLEAN);
CREATE TABLE StockLevels (StockLevelId INTEGER PRIMARY KEY, ProductId INTEGER REFERENCES Products(ProductId),
  WarehouseId INTEGER REFERENCES Warehouses(WarehouseId), QuantityOnHand INTEGER, QuantityReserved INTEGER,
  BinLocation TEXT, LastCountedOn DATE);
CREATE TABLE StockMovements (MovementId INTEGER PRIMARY KEY, ProductId INTEGER REFERENCES Products(ProductId),
  WarehouseId INTEGER REFERENCES Warehouses(WarehouseId), MovementDate DATE, MovementType TEXT,
  Quantity INTEGER, UnitCost DECIMAL(12,4), DocumentNo TEXT, Remarks TEXT);
INSERT INTO Warehouses VALUES (1, 'RTM', 'Rotterdam DC', 'Rotterdam'), (2, 'LYS', 'Lyon Hub', 'Lyon');
INSERT INTO Suppliers VALUES (31, 'Nordic Fasteners AB', 'orders@nordicfast.example'), (32, 'Tecno Valvole SpA', 'sales@tecnovalv.example');
INSERT INTO Products VALUES
  (101, 'BLT-M8-50', 'Hex bolt M8x50 zinc', 'Fasteners', 'box', 7.2500, 12.90, 40, 31, 0),
  (102, 'NUT-M8', 'Hex nut M8', 'Fasteners', 'box', 2.1000, 3.95, 60, 31, 0),
  (103, 'VLV-BALL-25', 'Ball valve DN25 brass', 'Valves', 'pcs', 14.8000, 27.50, 15, 32, 0),
  (104, 'VLV-GATE-50', 'Gate valve DN50', 'Valves', 'pcs', 41.0000, 79.00, 5, 32, 1);
INSERT INTO StockLevels VALUES
  (1, 101, 1, 120, 20, 'A-01-03', '2025-03-28'),
  (2, 102, 1, 300, 0, 'A-01-04', '2025-03-28'),
  (3, 103, 1, 45, 5, 'B-02-01', '2025-03-27'),
  (4, 103, 2, 12, 0, 'C-11-07', '2025-03-14'),
  (5, 104, 2, 3, 3, 'C-12-01', '2025-02-20');
INSERT INTO StockMovements VALUES
  (9001, 101, 1, '2025-03-03', 'IN', 100, 7.2500, 'GRN-5531', 'PO 4410'),
  (9002, 103, 1, '2025-03-06', 'OUT', 10, 14.8000, 'DN-88123', NULL),
  (9003, 102, 1, '2025-03-10', 'IN', 250, 2.1000, 'GRN-5540', 'PO 4415'),
  (9004, 101, 1, '2025-03-17', 'OUT', 35, 7.2500, 'DN-88190', 'urgent'),
  (9005, 104, 2, '2025-03-25', 'OUT', 2, 41.0000, 'DN-88244', NULL),
  (9006, 103, 2, '2025-03-29', 'ADJ', -1, 14.8000, 'ADJ-0007', 'count difference');
