-- The built-in categorisation rules, one row per rule; a lower priority wins.
--   match_kind   keyword      -> pattern (RE2) searched in nr_fold(description): the
--                                description upper-cased with accents removed, so the
--                                patterns below are ASCII ('PRELEVEMENT' matches
--                                'Prélèvement', 'GEBU?E?HR' matches 'Gebühr' and 'GEBUEHR')
--                counterparty -> pattern matched against nr_counterparty(description)
--                amount       -> no pattern; only direction and the amount range decide
--                recurring    -> the row's counterparty recurs (see recurring.sql), over
--                                the tenant's earlier months too
--   direction    in (amount > 0), out (amount < 0) or any
--   min_amount / max_amount bound abs(amount); NULL = unbounded
--
-- One category per counterparty: categorize.sql gives every row of a counterparty (and
-- direction) the category most of its rows matched here, so "MONTHLY ACCOUNT FEE" is one
-- category whatever its amount. Only tenant rules split a counterparty.
--
-- The vocabulary covers English, German, French and Spanish bank descriptions. German
-- compounds ("Kontoführungsgebühr", "Zinsgutschrift", "Wohnungsmiete") are matched by
-- their stem without a word boundary on the compound side.
--
-- Order: purpose first (salary, tax, rent, utilities, …), then the payment method as a
-- fallback (card payments, direct debits, transfers), then the amount-only fallbacks.
-- Tenant overrides (templates/tenants/<tenant>/categories.yaml) are inserted into the
-- same table with priorities below 100, so they always win over these rows.
CREATE OR REPLACE TEMP TABLE nr_category_rules (
    priority INTEGER NOT NULL,
    rule_name VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    match_kind VARCHAR NOT NULL CHECK (match_kind IN ('keyword', 'counterparty', 'amount', 'recurring')),
    pattern VARCHAR,
    direction VARCHAR NOT NULL CHECK (direction IN ('in', 'out', 'any')),
    min_amount DECIMAL(18, 2),
    max_amount DECIMAL(18, 2)
);

INSERT INTO nr_category_rules VALUES
    -- income and payroll: salary / Gehalt, Lohn, Bezüge / salaire, paie / nómina, sueldo
    (100, 'builtin:salary',          'salary',              'keyword', '\b(SALARY|PAYROLL|WAGES?|PAYSLIP|GEHALT|LOHN|BEZUGE|BEZUEGE|SALAIRE|PAIE|NOMINA|SUELDO|HABERES)\b|\bGEHALTS?\w*', 'in', NULL, NULL),
    (102, 'builtin:payroll-out',     'payroll',             'keyword', '\b(SALARY|SALARIES|PAYROLL|WAGES?|GEHALT|LOHN|SALAIRE|SALAIRES|NOMINA|NOMINAS|SUELDO)\b', 'out', NULL, NULL),
    (104, 'builtin:payroll-staff',   'payroll',             'counterparty', '^(PAYROLL|STAFF|WAGES)',                 'out', NULL, NULL),
    -- tax and public levies, both directions (a refund from the tax office is tax too)
    (108, 'builtin:tax',             'taxes',               'keyword', '\b(HMRC|IRS|TAX|VAT|COUNCIL TAX|SELF ASSESSMENT|FINANZAMT|FINANZKASSE|UST|KFZ ?STEUER|RUNDFUNK\w*|BEITRAGSSERVICE|GEZ|IMPOTS?|DGFIP|TRESOR PUBLIC|TVA|URSSAF|IMPUESTOS?|AEAT|AGENCIA TRIBUTARIA|HACIENDA|IVA|IBI|SEGURIDAD SOCIAL|TGSS)\b|STEUER', 'any', NULL, NULL),
    (110, 'builtin:interest',        'interest',            'keyword', '\b(INTEREST|INT PAID|GROSS INT|INTERETS?|INTERESES?|AGIOS)\b|ZINS', 'any', NULL, NULL),
    (115, 'builtin:refund',          'refunds',             'keyword', '\b(REFUND|REVERSAL|CASHBACK|CHARGEBACK|STORNO|REMBOURSEMENT|DEVOLUCION|REEMBOLSO|RETROCESION)\b|ERSTATTUNG|RUCKBUCHUNG|RUECKBUCHUNG|RUCKLASTSCHRIFT', 'in', NULL, NULL),
    -- cash: before anything a place name could trigger ("Bargeldauszahlung … Bar")
    (120, 'builtin:cash',            'cash withdrawals',    'keyword', '\b(ATM|CASH WITHDRAWAL|CASHPOINT|GELDAUTOMAT|BARGELD\w*|BARAUSZAHLUNG|AUSZAHLUNG|GA|RETRAIT|DAB|DISTRIBUTEUR|REINTEGRO|CAJERO|DISPOSICION EN EFECTIVO)\b|BARGELD', 'out', NULL, NULL),
    (122, 'builtin:deposit',         'deposits',            'keyword', '\b(CHQ DEPOSIT|CHEQUE|CHECK DEPOSIT|CASH DEPOSIT|PAID IN|COUNTER CREDIT|BAREINZAHLUNG|EINZAHLUNG|SCHECK\w*|REMISE (DE )?CHEQUES?|REMISE CHQ|VERSEMENT( D)? ?ESPECES|INGRESO( EN)? EFECTIVO|INGRESO CHEQUE)\b', 'in', NULL, NULL),
    -- premises: rent / Miete / loyer / alquiler; money in for it is rental income
    (125, 'builtin:rent',            'rent & mortgage',     'keyword', '\b(RENT|MORTGAGE|LANDLORD|LETTING|KALTMIETE|WARMMIETE|HYPOTHEK|BAUFINANZIERUNG|LOYERS?|CREDIT IMMOBILIER|ALQUILER|HIPOTECA|ARRENDAMIENTO)\b|MIETE\b', 'out', NULL, NULL),
    (127, 'builtin:rental-income',   'rental income',       'keyword', '\b(RENT|LETTING|LOYERS?|ALQUILER|ARRENDAMIENTO)\b|MIETE\b', 'in', NULL, NULL),
    (130, 'builtin:loan',            'loan repayments',     'keyword', '\b(LOAN|FINANCE|CREDIT CARD|AMEX|BARCLAYCARD|DARLEHEN|TILGUNG|RATENKREDIT|KREDITKARTE\w*|KREDITRATE|ECHEANCE PRET|REMBOURSEMENT PRET|PRET IMMO\w*|PRESTAMO|AMORTIZACION|CUOTA PRESTAMO)\b', 'out', NULL, NULL),
    (132, 'builtin:loan-received',   'loans received',      'keyword', '\b(LOAN|DRAWDOWN|DARLEHEN|KREDITAUSZAHLUNG|DARLEHENSAUSZAHLUNG|DEBLOCAGE PRET|PRET|PRESTAMO|DISPOSICION PRESTAMO)\b', 'in', NULL, NULL),
    (140, 'builtin:utilities',       'utilities',           'keyword', '\b(ENERGY|ELECTRIC\w*|GAS|WATER|EDF|EON|E\.ON|OCTOPUS|BRITISH GAS|THAMES|STADTWERKE|STROM\w*|ERDGAS|WASSER\w*|ABWASSER|VATTENFALL|ENBW|RWE|ENERGIE\w*|ENGIE|GAZ|EAU|VEOLIA|SUEZ|IBERDROLA|ENDESA|NATURGY|ELECTRICIDAD|AGUA|GAS NATURAL|REPSOL LUZ)\b', 'out', NULL, NULL),
    (150, 'builtin:telecoms',        'telecoms',            'keyword', '\b(VODAFONE|O2|EE|BT|VIRGIN MEDIA|SKY|TELEKOM|TELEFONICA|1&1|CONGSTAR|MOBILFUNK|TELEFON|DSL|GLASFASER|FIBRE|FIBRA|BROADBAND|MOBILE|ORANGE|SFR|BOUYGUES( TELECOM)?|FREE MOBILE|FREEBOX|MOVISTAR|MASMOVIL|JAZZTEL|YOIGO|DIGI)\b', 'out', NULL, NULL),
    (160, 'builtin:insurance',       'insurance',           'keyword', '\b(INSURANCE|AVIVA|AXA|ALLIANZ|DIRECT LINE|ADMIRAL|HUK|HUK COBURG|ERGO|DEVK|DEBEKA|ASSURANCES?|MAIF|MACIF|MATMUT|GROUPAMA|MUTUELLE|SEGUROS?|MAPFRE|MUTUA|SANITAS|ADESLAS|GENERALI|ZURICH)\b|VERSICHERUNG', 'out', NULL, NULL),
    (170, 'builtin:subscriptions',   'subscriptions',       'keyword', '\b(NETFLIX|SPOTIFY|DISNEY|APPLE\.COM|ITUNES|GOOGLE|MICROSOFT|ADOBE|AMAZON PRIME|PRIME VIDEO|DROPBOX|GITHUB|SUBSCRIPTION|ABONNEMENT|ABO|SUSCRIPCION|DAZN)\b', 'out', NULL, NULL),
    (180, 'builtin:groceries',       'groceries',           'keyword', '\b(TESCO|SAINSBURY\w*|ASDA|ALDI|LIDL|MORRISONS|WAITROSE|CO-OP|COOP|OCADO|REWE|EDEKA|NETTO|PENNY|KAUFLAND|TEGUT|BACKEREI|BAECKEREI|SUPERMARKT|CARREFOUR|LECLERC|AUCHAN|INTERMARCHE|MONOPRIX|FRANPRIX|SUPER U|BOULANGERIE|SUPERMARCHE|MERCADONA|EROSKI|ALCAMPO|HIPERCOR|CONSUM|PANADERIA|SUPERMERCADOS?|WHOLE FOODS|KROGER)\b', 'out', NULL, NULL),
    (190, 'builtin:eating-out',      'eating out',          'keyword', '\b(RESTAURANT|RESTAURANTE|CAFE|CAFETERIA|COFFEE|STARBUCKS|COSTA|PRET|MCDONALDS|DELIVEROO|JUST EAT|UBER EATS|LIEFERANDO|PIZZA|PIZZERIA|BAR|PUB|GASTSTATTE|GASTHAUS|GASTHOF|IMBISS|BRASSERIE|BISTRO|TABERNA)\b', 'out', NULL, NULL),
    (200, 'builtin:fuel',            'fuel',                'keyword', '\b(SHELL|BP|ESSO|TEXACO|PETROL|FUEL|TOTALENERGIES|ARAL|TANKSTELLE|AVIA|CARBURANT|STATION SERVICE|REPSOL|CEPSA|GASOLINERA|GALP)\b', 'out', NULL, NULL),
    (210, 'builtin:transport',       'transport',           'keyword', '\b(TFL|UBER|TRAINLINE|RAIL|BUS|TAXI|PARKING|LYFT|DB BAHN|DB VERTRIEB|DEUTSCHE BAHN|BVG|MVG|HVV|PARKHAUS|SNCF|RATP|NAVIGO|PEAGE|RENFE|CABIFY|BOLT|BLABLACAR|PEAJE|AUTOPISTA)\b', 'out', NULL, NULL),
    (220, 'builtin:travel',          'travel',              'keyword', '\b(AIRLINE|AIRWAYS|EASYJET|RYANAIR|LUFTHANSA|EUROWINGS|AIR FRANCE|IBERIA|VUELING|HOTEL|HOTELS|HOTELES|BOOKING\.COM|AIRBNB|EXPEDIA)\b', 'out', NULL, NULL),
    (230, 'builtin:healthcare',      'healthcare',          'keyword', '\b(PHARMACY|BOOTS|DENTAL|DENTIST|HOSPITAL|CLINIC|DOCTOR|APOTHEKE|ARZT|ZAHNARZT|PRAXIS|PHARMACIE|MEDECIN|FARMACIA|CLINICA|DENTISTA)\b', 'out', NULL, NULL),
    (235, 'builtin:leisure',         'leisure & sport',     'keyword', '\b(GYM|FITNESS\w*|MCFIT|PUREGYM|CINEMA|CINEWORLD|ODEON|KINO|CINE|THEATRE|THEATER|TICKETMASTER|EVENTIM|GIMNASIO|SALLE DE SPORT|SPORTVEREIN)\b', 'out', NULL, NULL),
    (240, 'builtin:shopping',        'shopping',            'keyword', '\b(AMAZON|AMZN|EBAY|ARGOS|JOHN LEWIS|IKEA|ZARA|H&M|PRIMARK|ZALANDO|OTTO (GMBH|VERSAND)|MEDIAMARKT|MEDIA MARKT|SATURN|FNAC|DARTY|DECATHLON|EL CORTE INGLES|PAYPAL|KLARNA)\b', 'out', NULL, NULL),
    -- bank fees: fee / Gebühr, Entgelt, Kontoführung / frais, cotisation / comisión
    (250, 'builtin:fees',            'fees & charges',      'keyword', '\b(FEE|FEES|CHARGE|CHARGES|COMMISSION|OVERDRAFT|ENTGELT\w*|KONTOFUHRUNG\w*|KONTOFUEHRUNG\w*|ABSCHLUSS|FRAIS|COTISATION|COMISION|COMISIONES|CUOTA DE MANTENIMIENTO)\b|GEBU?E?HR|ENTGELT', 'out', NULL, NULL),
    -- money in for goods and services: invoice / Rechnung / facture / factura
    (260, 'builtin:customer-receipt','sales receipts',      'keyword', '\b(INVOICE|INV|CUSTOMER|SALES|FACTURE|FACTURES|FACTURA|FACTURAS|FRA)\b|RECHNUNG', 'in', NULL, NULL),
    -- the payment method, when nothing says what the money was for
    (600, 'builtin:transfers',       'transfers',           'keyword', '\b(TRANSFER|TFR|OWN ACCOUNT|SAVINGS|STANDING ORDER|UBERWEISUNG|UEBERWEISUNG|UMBUCHUNG|DAUERAUFTRAG|SPARKONTO|SPARPLAN|TAGESGELD\w*|VIREMENT|VIR|LIVRET|EPARGNE|TRANSFERENCIA|TRASPASO|BIZUM|AHORRO)\b', 'any', NULL, NULL),
    (610, 'builtin:card-payments',   'card payments',       'keyword', '\b(CARD PAYMENT|CARD PURCHASE|CONTACTLESS|POS|DEBIT CARD|VISA|MASTERCARD|MAESTRO|KARTENZAHLUNG|KARTE|GIROCARD|DEBITKARTE|PAIEMENT CB|PAIEMENT PAR CARTE|CB|CARTE|COMPRA TARJETA|COMPRA TARJ|TARJETA|PAGO CON TARJETA)\b', 'out', NULL, NULL),
    (620, 'builtin:direct-debits',   'direct debits',       'keyword', '\b(DIRECT DEBIT|DD|BILL PAYMENT|PRELEVEMENT|PRLV|RECIBO|ADEUDO|DOMICILIACION)\b|LASTSCHRIFT', 'out', NULL, NULL),
    (800, 'builtin:recurring-out',   'recurring payments',  'recurring', NULL,                                                 'out', NULL, NULL),
    (900, 'builtin:other-income',    'other income',        'amount',  NULL,                                                   'in',  0.01, NULL);
