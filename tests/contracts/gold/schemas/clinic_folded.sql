-- camelCase as PostgreSQL folds it (all lower case, no separators); second holdout
CREATE TABLE patients (patientid INTEGER PRIMARY KEY, firstname TEXT, lastname TEXT, dateofbirth DATE,
  insuranceno TEXT, phonenumber TEXT);
CREATE TABLE appointments (apptid INTEGER PRIMARY KEY, patientid INTEGER REFERENCES patients(patientid),
  apptdate DATE, doctorname TEXT, reason TEXT, feeamount DECIMAL(10,2), paidflag BOOLEAN);
INSERT INTO patients VALUES (1, 'Ada', 'Moss', '1980-07-01', 'INS-99812', '+44 20 7000');
INSERT INTO appointments VALUES (1, 1, '2025-03-10', 'Dr. Patel', 'check-up', 80.00, 1);
