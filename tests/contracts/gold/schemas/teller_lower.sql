-- legacy branch system: lowercase names without separators (custid, txnamt, opndt, brcd)
CREATE TABLE custmast (custid TEXT PRIMARY KEY, custname TEXT, custaddr TEXT, custcity TEXT, custphone TEXT,
  opndt DATE, kyclvl TEXT, brcd TEXT);
CREATE TABLE acctmast (acctno TEXT PRIMARY KEY, custid TEXT REFERENCES custmast(custid), accttype TEXT,
  curbal DECIMAL(14,2), odlimit DECIMAL(14,2), intrate DECIMAL(6,3), lasttxndt DATE);
CREATE TABLE txnhist (txnid INTEGER PRIMARY KEY, acctno TEXT REFERENCES acctmast(acctno), txndt DATE,
  valdt DATE, txntype TEXT, txndesc TEXT, txnamt DECIMAL(14,2), balafter DECIMAL(14,2), tellerid TEXT, chqno TEXT);
INSERT INTO custmast VALUES ('C100245', 'Priya Raman', '14 Lake View Rd', 'Chennai', '+91 44 5550 1212', '2016-07-11', 'FULL', 'CHN01'),
  ('C100388', 'Arjun Mehta', '7 Marine Dr', 'Mumbai', '+91 22 5550 7788', '2020-02-03', 'MIN', 'MUM03');
INSERT INTO acctmast VALUES ('5010022451', 'C100245', 'SB', 48210.50, 0.00, 3.500, '2025-03-28'),
  ('5010031177', 'C100388', 'CA', 12450.00, 50000.00, 0.000, '2025-03-21');
INSERT INTO txnhist VALUES
  (900101, '5010022451', '2025-03-01', '2025-03-01', 'CR', 'SALARY MAR', 65000.00, 71210.50, 'T017', NULL),
  (900155, '5010022451', '2025-03-05', '2025-03-05', 'DR', 'RENT TRANSFER', -18000.00, 53210.50, 'SYS', NULL),
  (900201, '5010022451', '2025-03-12', '2025-03-13', 'DR', 'CHQ 000451', -4000.00, 49210.50, 'T017', '000451'),
  (900288, '5010022451', '2025-03-28', '2025-03-28', 'DR', 'ATM WDL', -1000.00, 48210.50, 'ATM', NULL),
  (900190, '5010031177', '2025-03-10', '2025-03-10', 'CR', 'CASH DEP', 20000.00, 32450.00, 'T022', NULL),
  (900240, '5010031177', '2025-03-21', '2025-03-21', 'DR', 'SUPPLIER NEFT', -20000.00, 12450.00, 'SYS', NULL);
