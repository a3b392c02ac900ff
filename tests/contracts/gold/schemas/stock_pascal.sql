-- inventory, PascalCase with abbreviations (Whse, Qty, Alloc, Ord, UoM, Std, Cnt, Dt, Lvl)
CREATE TABLE Whse (WhseCode TEXT PRIMARY KEY, WhseName TEXT, WhseCity TEXT, MgrName TEXT);
CREATE TABLE Item (ItemNo TEXT PRIMARY KEY, ItemDesc TEXT, ItemGrp TEXT, BaseUoM TEXT, StdCost DECIMAL(12,4),
  ListPrice DECIMAL(12,2), ReorderLvl INTEGER, PrefVendorName TEXT, WeightKg DECIMAL(8,3));
CREATE TABLE StockBal (StockBalId INTEGER PRIMARY KEY, ItemNo TEXT REFERENCES Item(ItemNo), WhseCode TEXT REFERENCES Whse(WhseCode),
  QtyOnHand INTEGER, QtyAlloc INTEGER, QtyOnOrd INTEGER, BinLoc TEXT, LastCntDt DATE);
INSERT INTO Whse VALUES ('RTM1', 'Rotterdam Central DC', 'Rotterdam', 'Sanne de Vries'), ('ANT2', 'Antwerp Overflow', 'Antwerp', 'Luc Peeters');
INSERT INTO Item VALUES
  ('HX-1001', 'Hex bolt M8x40 zinc', 'FASTENERS', 'BOX', 4.2500, 9.90, 200, 'Bossard BV', 2.100),
  ('HX-1002', 'Hex nut M8 zinc', 'FASTENERS', 'BOX', 1.8000, 4.50, 300, 'Bossard BV', 1.050),
  ('PL-2210', 'Pallet wrap 500mm', 'PACKAGING', 'ROLL', 11.4000, 19.95, 50, 'Raja Benelux', 2.800),
  ('GL-0310', 'Nitrile gloves L', 'SAFETY', 'PACK', 6.1000, 12.50, 120, 'Ansell NV', 0.900);
INSERT INTO StockBal VALUES
  (1, 'HX-1001', 'RTM1', 640, 120, 0, 'A-01-03', '2025-02-27'),
  (2, 'HX-1002', 'RTM1', 1180, 400, 500, 'A-01-04', '2025-02-27'),
  (3, 'PL-2210', 'RTM1', 38, 10, 100, 'C-12-01', '2025-03-10'),
  (4, 'GL-0310', 'RTM1', 260, 0, 0, 'B-04-02', '2025-01-31'),
  (5, 'HX-1001', 'ANT2', 90, 90, 0, 'X-02-11', '2024-12-15');
