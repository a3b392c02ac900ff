-- Warehouse stock in snake_case whose names carry their unit: _qty, _kg, _eur, _ts (timestamps),
-- _pct; a snapshot per item and warehouse, the value not stored
CREATE TABLE items (sku TEXT PRIMARY KEY, item_desc TEXT, uom TEXT, category_cd TEXT, unit_weight_kg DECIMAL(10,3),
  vat_rate_pct DECIMAL(5,2));
CREATE TABLE warehouses (wh_code TEXT PRIMARY KEY, wh_name TEXT, city TEXT, country_iso TEXT);
CREATE TABLE stock_snapshots (snapshot_id INTEGER PRIMARY KEY, sku TEXT REFERENCES items(sku),
  wh_code TEXT REFERENCES warehouses(wh_code), snapshot_ts TIMESTAMP, on_hand_qty DECIMAL(12,2),
  reserved_qty DECIMAL(12,2), unit_cost_eur DECIMAL(12,4), last_receipt_ts TIMESTAMP, last_issue_ts TIMESTAMP);
INSERT INTO items VALUES
  ('BRG-6204', 'Deep groove ball bearing 6204', 'PCS', 'BEARING', 0.106, 21.00),
  ('BLT-M10-40', 'Hex bolt M10x40 8.8 zinc', 'BOX', 'FASTENER', 2.150, 21.00),
  ('OIL-HLP46-20', 'Hydraulic oil HLP 46, 20 l', 'CAN', 'LUBRICANT', 18.400, 21.00),
  ('CHN-08B-5M', 'Roller chain 08B-1, 5 m', 'ROLL', 'TRANSMISSION', 3.300, 21.00);
INSERT INTO warehouses VALUES ('MAD1', 'Madrid Central', 'Madrid', 'ES'), ('VLC2', 'Valencia Port', 'Valencia', 'ES');
INSERT INTO stock_snapshots VALUES
  (1, 'BRG-6204', 'MAD1', '2025-03-31 23:59:00', 1250.00, 200.00, 2.3500, '2025-03-18 10:22:00', '2025-03-31 15:40:00'),
  (2, 'BLT-M10-40', 'MAD1', '2025-03-31 23:59:00', 84.00, 0.00, 18.9000, '2025-02-27 08:05:00', '2025-03-29 11:10:00'),
  (3, 'OIL-HLP46-20', 'MAD1', '2025-03-31 23:59:00', 36.00, 12.00, 54.7500, '2025-03-04 13:30:00', '2025-03-26 09:00:00'),
  (4, 'BRG-6204', 'VLC2', '2025-03-31 23:59:00', 480.00, 480.00, 2.4100, '2025-03-21 16:45:00', NULL),
  (5, 'CHN-08B-5M', 'VLC2', '2025-03-31 23:59:00', 22.00, 5.00, 31.2000, '2025-01-15 12:00:00', '2025-03-12 14:25:00');
