-- Spanish invoicing (libro de facturas emitidas): Spanish snake_case column names
CREATE TABLE clientes (cod_cliente TEXT PRIMARY KEY, razon_social TEXT, nif TEXT, domicilio TEXT,
  poblacion TEXT, provincia TEXT, cod_postal TEXT, forma_pago TEXT);
CREATE TABLE facturas (num_factura TEXT PRIMARY KEY, serie TEXT, fecha_emision DATE, fecha_vencimiento DATE,
  cod_cliente TEXT REFERENCES clientes(cod_cliente), base_imponible DECIMAL(12,2), tipo_iva DECIMAL(5,2),
  cuota_iva DECIMAL(12,2), retencion_irpf DECIMAL(12,2), estado TEXT, fecha_cobro DATE);
INSERT INTO clientes VALUES ('CL0012', 'Construcciones Olmedo S.L.', 'B47123456', 'Calle Mayor 22', 'Valladolid', 'Valladolid', '47001', 'TRANSFERENCIA'),
  ('CL0040', 'Lucia Ferrer Pons', '43123987K', 'Av. Diagonal 410', 'Barcelona', 'Barcelona', '08037', 'DOMICILIACION');
INSERT INTO facturas VALUES
  ('A-2025-0101', 'A', '2025-03-03', '2025-04-02', 'CL0012', 2500.00, 21.00, 525.00, 0.00, 'COBRADA', '2025-03-28'),
  ('A-2025-0107', 'A', '2025-03-14', '2025-04-13', 'CL0040', 800.00, 21.00, 168.00, 120.00, 'PENDIENTE', NULL),
  ('A-2025-0112', 'A', '2025-03-22', '2025-04-21', 'CL0012', 4100.00, 21.00, 861.00, 0.00, 'PENDIENTE', NULL),
  ('A-2025-0115', 'A', '2025-03-29', '2025-04-28', 'CL0040', 350.00, 10.00, 35.00, 52.50, 'COBRADA', '2025-03-31');
