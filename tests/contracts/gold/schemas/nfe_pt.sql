-- Brazilian invoicing (notas fiscais de saída): Portuguese snake_case, the note's taxes stored per
-- note (ICMS, IPI) and its total not stored (vNF = produtos - desconto + frete + IPI), CNPJ/CPF ids
CREATE TABLE empresa (cnpj TEXT PRIMARY KEY, razao_social TEXT, nome_fantasia TEXT, municipio TEXT,
  uf TEXT, inscricao_estadual TEXT);
CREATE TABLE destinatarios (cod_destinatario TEXT PRIMARY KEY, nome TEXT, cpf_cnpj TEXT, municipio TEXT,
  uf TEXT, email TEXT);
CREATE TABLE notas_fiscais (chave_acesso TEXT PRIMARY KEY, numero_nf INTEGER, serie TEXT, data_emissao DATE,
  data_saida DATE, cnpj_emitente TEXT REFERENCES empresa(cnpj),
  cod_destinatario TEXT REFERENCES destinatarios(cod_destinatario), natureza_operacao TEXT, cfop TEXT,
  valor_produtos DECIMAL(14,2), valor_desconto DECIMAL(14,2), valor_frete DECIMAL(14,2),
  valor_icms DECIMAL(14,2), valor_ipi DECIMAL(14,2), situacao TEXT);
CREATE TABLE itens_nf (chave_acesso TEXT REFERENCES notas_fiscais(chave_acesso), num_item INTEGER,
  cod_produto TEXT, descricao TEXT, ncm TEXT, unidade TEXT, quantidade DECIMAL(12,3),
  valor_unitario DECIMAL(14,4), aliquota_icms DECIMAL(5,2), PRIMARY KEY (chave_acesso, num_item));
INSERT INTO empresa VALUES ('12345678000190', 'Metalurgica Paulista Ltda', 'MetalPaulista', 'Sao Paulo', 'SP', '110042490114');
INSERT INTO destinatarios VALUES
  ('D001', 'Construtora Horizonte S.A.', '33444555000166', 'Belo Horizonte', 'MG', 'compras@horizonte.example'),
  ('D002', 'Ferragens Sul Ltda', '77888999000122', 'Porto Alegre', 'RS', 'nfe@ferragenssul.example'),
  ('D003', 'Joao Pereira da Silva', '12345678909', 'Campinas', 'SP', NULL);
INSERT INTO notas_fiscais VALUES
  ('35250312345678000190550010000045101000045101', 4510, '1', '2025-03-04', '2025-03-05', '12345678000190', 'D001', 'Venda de producao', '6101', 18400.00, 400.00, 650.00, 2160.00, 900.00, 'AUTORIZADA'),
  ('35250312345678000190550010000045111000045111', 4511, '1', '2025-03-11', '2025-03-11', '12345678000190', 'D002', 'Venda de producao', '6101', 7250.00, 0.00, 320.00, 870.00, 362.50, 'AUTORIZADA'),
  ('35250312345678000190550010000045121000045121', 4512, '1', '2025-03-19', '2025-03-20', '12345678000190', 'D003', 'Venda a consumidor', '5102', 980.00, 30.00, 0.00, 176.40, 0.00, 'AUTORIZADA'),
  ('35250312345678000190550010000045131000045131', 4513, '1', '2025-03-27', NULL, '12345678000190', 'D001', 'Venda de producao', '6101', 3300.00, 0.00, 150.00, 396.00, 165.00, 'CANCELADA');
INSERT INTO itens_nf VALUES
  ('35250312345678000190550010000045101000045101', 1, 'PF-220', 'Perfil U 220mm', '73089010', 'BR', 40.000, 310.0000, 12.00),
  ('35250312345678000190550010000045101000045101', 2, 'CH-060', 'Chapa 6mm', '72085200', 'PC', 12.000, 500.0000, 12.00),
  ('35250312345678000190550010000045111000045111', 1, 'PF-150', 'Perfil U 150mm', '73089010', 'BR', 25.000, 210.0000, 12.00),
  ('35250312345678000190550010000045111000045111', 2, 'PR-M12', 'Parafuso M12 (cx 100)', '73181500', 'CX', 10.000, 200.0000, 12.00),
  ('35250312345678000190550010000045121000045121', 1, 'PR-M12', 'Parafuso M12 (cx 100)', '73181500', 'CX', 4.900, 200.0000, 18.00),
  ('35250312345678000190550010000045131000045131', 1, 'CH-060', 'Chapa 6mm', '72085200', 'PC', 6.600, 500.0000, 12.00);
