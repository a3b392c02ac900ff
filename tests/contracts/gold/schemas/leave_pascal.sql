-- HR leave management, PascalCase; the remaining entitlement is not stored
CREATE TABLE Employees (EmployeeId INTEGER PRIMARY KEY, EmployeeNumber TEXT, GivenName TEXT, FamilyName TEXT,
  Department TEXT, ManagerName TEXT, HireDate DATE);
CREATE TABLE LeaveBalances (LeaveBalanceId INTEGER PRIMARY KEY, EmployeeId INTEGER REFERENCES Employees(EmployeeId),
  LeaveYear INTEGER, LeaveType TEXT, EntitledDays DECIMAL(5,1), CarriedOverDays DECIMAL(5,1), TakenDays DECIMAL(5,1),
  PlannedDays DECIMAL(5,1));
INSERT INTO Employees VALUES (11, 'E-0011', 'Oliver', 'Grant', 'Finance', 'Ruth Kim', '2019-03-01'),
  (12, 'E-0012', 'Mei', 'Tanaka', 'Finance', 'Ruth Kim', '2022-08-15'), (13, 'E-0013', 'Jonas', 'Berg', 'IT', 'Paul Eze', '2021-01-10');
INSERT INTO LeaveBalances VALUES
  (1, 11, 2025, 'Annual', 25.0, 3.0, 9.5, 5.0),
  (2, 12, 2025, 'Annual', 25.0, 0.0, 4.0, 10.0),
  (3, 13, 2025, 'Annual', 28.0, 2.0, 12.0, 0.0),
  (4, 11, 2025, 'Sick', 0.0, 0.0, 2.0, 0.0);
