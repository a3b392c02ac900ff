-- one wide denormalised sales export (BI extract): every order line carries its order, customer,
-- product and shipment attributes; no keys declared
CREATE TABLE sales_export (order_number TEXT, order_line INTEGER, order_date DATE, requested_ship_date DATE,
  actual_ship_date DATE, customer_number TEXT, customer_name TEXT, customer_segment TEXT, bill_to_city TEXT,
  ship_to_city TEXT, ship_to_country TEXT, sales_region TEXT, sales_rep_name TEXT, item_number TEXT,
  item_description TEXT, product_family TEXT, uom TEXT, ordered_qty DECIMAL(10,2), shipped_qty DECIMAL(10,2),
  list_price DECIMAL(12,2), discount_amount DECIMAL(12,2), extended_net_amount DECIMAL(12,2),
  standard_cost DECIMAL(12,2), freight_charge DECIMAL(12,2), warehouse_code TEXT, carrier_name TEXT,
  tracking_number TEXT, order_status TEXT, currency_code TEXT, invoice_number TEXT);
INSERT INTO sales_export VALUES
  ('SO-88012', 1, '2025-03-02', '2025-03-06', '2025-03-06', 'C-2201', 'Alpine Outfitters', 'Retail', 'Denver', 'Denver', 'US', 'West', 'Maria Lopez', 'TNT-2P', 'Trail tent 2-person', 'Camping', 'EA', 10.00, 10.00, 189.00, 140.00, 1750.00, 98.00, 45.00, 'DEN1', 'UPS', '1Z999AA10123456784', 'SHIPPED', 'USD', 'IN-55102'),
  ('SO-88012', 2, '2025-03-02', '2025-03-06', '2025-03-06', 'C-2201', 'Alpine Outfitters', 'Retail', 'Denver', 'Denver', 'US', 'West', 'Maria Lopez', 'SLP-20', 'Sleeping bag -7C', 'Camping', 'EA', 12.00, 12.00, 129.00, 0.00, 1548.00, 61.00, 0.00, 'DEN1', 'UPS', '1Z999AA10123456784', 'SHIPPED', 'USD', 'IN-55102'),
  ('SO-88040', 1, '2025-03-11', '2025-03-15', '2025-03-18', 'C-3107', 'Lakeshore Sports', 'Wholesale', 'Chicago', 'Milwaukee', 'US', 'Central', 'Dev Patel', 'KYK-10', 'Kayak 10ft', 'Water', 'EA', 8.00, 5.00, 499.00, 250.00, 2245.00, 288.00, 120.00, 'CHI2', 'FedEx', '770011223344', 'PARTIAL', 'USD', 'IN-55140'),
  ('SO-88040', 2, '2025-03-11', '2025-03-15', '2025-03-15', 'C-3107', 'Lakeshore Sports', 'Wholesale', 'Chicago', 'Milwaukee', 'US', 'Central', 'Dev Patel', 'PDL-AL', 'Paddle aluminium', 'Water', 'EA', 16.00, 16.00, 39.00, 24.00, 600.00, 17.50, 0.00, 'CHI2', 'FedEx', '770011223344', 'SHIPPED', 'USD', 'IN-55140'),
  ('SO-88077', 1, '2025-03-24', '2025-03-28', NULL, 'C-2201', 'Alpine Outfitters', 'Retail', 'Denver', 'Boulder', 'US', 'West', 'Maria Lopez', 'STV-1B', 'Camp stove single burner', 'Camping', 'EA', 20.00, 0.00, 59.00, 0.00, 0.00, 27.00, 0.00, 'DEN1', NULL, NULL, 'BACKORDER', 'USD', NULL);
