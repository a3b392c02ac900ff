-- inventory transfers between sites, PascalCase with abbreviations (Xfer, Src, Dest, Qty, Shp, Rcv, Uom)
CREATE TABLE Site (SiteCode TEXT PRIMARY KEY, SiteName TEXT, SiteCountry TEXT);
CREATE TABLE Product (Sku TEXT PRIMARY KEY, ProdDesc TEXT, Uom TEXT, UnitCostEur DECIMAL(10,4), HazmatFlag TEXT);
CREATE TABLE XferHdr (XferNo TEXT PRIMARY KEY, SrcSite TEXT REFERENCES Site(SiteCode), DestSite TEXT REFERENCES Site(SiteCode), ShipDt DATE, EtaDt DATE, RcvDt DATE, CarrierName TEXT, XferStatus TEXT);
CREATE TABLE XferLine (XferLineId INTEGER PRIMARY KEY, XferNo TEXT REFERENCES XferHdr(XferNo), Sku TEXT REFERENCES Product(Sku), QtyShp INTEGER, QtyRcv INTEGER, DmgQty INTEGER);
INSERT INTO Site VALUES ('DC-NL', 'Venlo DC', 'NL'), ('ST-BE', 'Ghent Store', 'BE'), ('ST-DE', 'Aachen Store', 'DE');
INSERT INTO Product VALUES ('P-100', 'LED bulb E27 9W', 'EA', 1.8500, 'N'), ('P-220', 'Lithium AA 4-pack', 'PK', 3.2000, 'Y'), ('P-310', 'Extension lead 3m', 'EA', 4.9000, 'N');
INSERT INTO XferHdr VALUES ('TR-9001', 'DC-NL', 'ST-BE', '2025-03-04', '2025-03-06', '2025-03-06', 'DHL Freight', 'RECEIVED'),
  ('TR-9002', 'DC-NL', 'ST-DE', '2025-03-10', '2025-03-11', NULL, 'Dachser', 'IN TRANSIT');
INSERT INTO XferLine VALUES (1, 'TR-9001', 'P-100', 500, 496, 4), (2, 'TR-9001', 'P-220', 120, 120, 0), (3, 'TR-9002', 'P-310', 80, 0, 0);
