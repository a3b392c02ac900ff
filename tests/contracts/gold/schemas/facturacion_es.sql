-- Spanish banking schema
CREATE TABLE clientes (id_cliente INTEGER PRIMARY KEY, nombre TEXT, correo TEXT, telefono TEXT, ciudad TEXT, pais TEXT);
CREATE TABLE cuentas (id_cuenta INTEGER PRIMARY KEY, id_cliente INTEGER REFERENCES clientes(id_cliente),
  numero_cuenta TEXT, moneda TEXT, saldo_inicial DECIMAL(18,2), saldo_final DECIMAL(18,2));
CREATE TABLE movimientos (id_movimiento INTEGER PRIMARY KEY, id_cuenta INTEGER REFERENCES cuentas(id_cuenta),
  fecha DATE, concepto TEXT, importe DECIMAL(18,2), saldo DECIMAL(18,2), categoria TEXT);
INSERT INTO clientes VALUES (1, 'Lucía Pérez', 'lucia@example.es', '+34 91 555', 'Madrid', 'ES');
INSERT INTO cuentas VALUES (3, 1, 'ES91-2100-0418', 'EUR', 500.00, 1320.40);
INSERT INTO movimientos VALUES (1, 3, '2025-03-01', 'Nómina', 1500.00, 2000.00, 'ingresos'),
  (2, 3, '2025-03-07', 'Alquiler', -679.60, 1320.40, 'vivienda');
