-- energy billing, snake_case with abbreviations
CREATE TABLE tariffs (tariff_code TEXT PRIMARY KEY, tariff_name TEXT, standing_charge DECIMAL(10,4));
CREATE TABLE premises (premise_id INTEGER PRIMARY KEY, holder_name TEXT, street_addr TEXT, postcode TEXT,
  tariff_code TEXT REFERENCES tariffs(tariff_code), meter_serial TEXT);
CREATE TABLE meter_reads (read_id INTEGER PRIMARY KEY, premise_id INTEGER REFERENCES premises(premise_id),
  read_dt DATE, kwh_used DECIMAL(12,3), unit_rate DECIMAL(10,4), charge_amt DECIMAL(18,2), read_type TEXT);
INSERT INTO tariffs VALUES ('FLEX1', 'Flexible Saver', 0.4500);
INSERT INTO premises VALUES (1, 'Sam Doyle', '12 High Street', 'AB1 2CD', 'FLEX1', 'E10K-55123');
INSERT INTO meter_reads VALUES (1, 1, '2025-03-01', 210.500, 0.2800, 58.94, 'actual'),
  (2, 1, '2025-03-31', 198.250, 0.2800, 55.51, 'estimated');
