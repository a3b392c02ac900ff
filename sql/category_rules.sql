-- The built-in categorisation rules, one row per rule; a lower priority wins.
--   match_kind   keyword      -> pattern (RE2, case-insensitive) searched in the description
--                counterparty -> pattern matched against nr_counterparty(description)
--                amount       -> no pattern; only direction and the amount range decide
--                recurring    -> the row's counterparty recurs (see recurring.sql)
--   direction    in (amount > 0), out (amount < 0) or any
--   min_amount / max_amount bound abs(amount); NULL = unbounded
-- Tenant overrides (templates/tenants/<tenant>/categories.yaml) are inserted into
-- the same table with priorities below 100, so they always win over these rows.
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
    (100, 'builtin:salary',          'salary',              'keyword', '\b(SALARY|PAYROLL|WAGES|PAYSLIP)\b',                   'in',  NULL, NULL),
    (110, 'builtin:interest-in',     'interest',            'keyword', '\b(INTEREST|INT PAID|GROSS INT)\b',                    'in',  NULL, NULL),
    (115, 'builtin:refund',          'refunds',             'keyword', '\b(REFUND|REVERSAL|CASHBACK|CHARGEBACK)\b',            'in',  NULL, NULL),
    (120, 'builtin:tax',             'taxes',               'keyword', '\b(HMRC|IRS|TAX|VAT|COUNCIL TAX|FINANZAMT)\b',         'any', NULL, NULL),
    (130, 'builtin:rent',            'rent & mortgage',     'keyword', '\b(RENT|MORTGAGE|LANDLORD|LETTING)\b',                 'out', NULL, NULL),
    (140, 'builtin:loan',            'loan repayments',     'keyword', '\b(LOAN|FINANCE|CREDIT CARD|AMEX|BARCLAYCARD)\b',      'out', NULL, NULL),
    (150, 'builtin:utilities',       'utilities',           'keyword', '\b(ENERGY|ELECTRIC|GAS|WATER|EDF|EON|E\.ON|OCTOPUS|BRITISH GAS|THAMES)\b', 'out', NULL, NULL),
    (160, 'builtin:telecoms',        'telecoms',            'keyword', '\b(VODAFONE|O2|EE|BT|VIRGIN MEDIA|SKY|TELEKOM|BROADBAND|MOBILE)\b', 'out', NULL, NULL),
    (170, 'builtin:insurance',       'insurance',           'keyword', '\b(INSURANCE|AVIVA|AXA|ALLIANZ|DIRECT LINE|ADMIRAL)\b', 'out', NULL, NULL),
    (180, 'builtin:subscriptions',   'subscriptions',       'keyword', '\b(NETFLIX|SPOTIFY|DISNEY|APPLE\.COM|ITUNES|GOOGLE|MICROSOFT|ADOBE|AMAZON PRIME|PRIME VIDEO|DROPBOX|GITHUB|SUBSCRIPTION)\b', 'out', NULL, NULL),
    (190, 'builtin:groceries',       'groceries',           'keyword', '\b(TESCO|SAINSBURY|ASDA|ALDI|LIDL|MORRISONS|WAITROSE|CO-OP|COOP|OCADO|REWE|EDEKA|CARREFOUR|WHOLE FOODS|KROGER)\b', 'out', NULL, NULL),
    (200, 'builtin:eating-out',      'eating out',          'keyword', '\b(RESTAURANT|CAFE|COFFEE|STARBUCKS|COSTA|PRET|MCDONALDS|DELIVEROO|JUST EAT|UBER EATS|PIZZA|BAR|PUB)\b', 'out', NULL, NULL),
    (210, 'builtin:fuel',            'fuel',                'keyword', '\b(SHELL|BP|ESSO|TEXACO|PETROL|FUEL)\b',                'out', NULL, NULL),
    (220, 'builtin:transport',       'transport',           'keyword', '\b(TFL|UBER|TRAINLINE|RAIL|BUS|TAXI|PARKING|LYFT|DB BAHN)\b', 'out', NULL, NULL),
    (230, 'builtin:travel',          'travel',              'keyword', '\b(AIRLINE|AIRWAYS|EASYJET|RYANAIR|HOTEL|BOOKING\.COM|AIRBNB|EXPEDIA)\b', 'out', NULL, NULL),
    (240, 'builtin:healthcare',      'healthcare',          'keyword', '\b(PHARMACY|BOOTS|DENTAL|DENTIST|HOSPITAL|CLINIC|DOCTOR)\b', 'out', NULL, NULL),
    (250, 'builtin:shopping',        'shopping',            'keyword', '\b(AMAZON|AMZN|EBAY|ARGOS|JOHN LEWIS|IKEA|ZARA|H&M|PRIMARK)\b', 'out', NULL, NULL),
    (260, 'builtin:cash',            'cash',                'keyword', '\b(ATM|CASH WITHDRAWAL|CASHPOINT)\b',                   'out', NULL, NULL),
    (270, 'builtin:fees',            'fees & charges',      'keyword', '\b(FEE|FEES|CHARGE|CHARGES|COMMISSION|OVERDRAFT)\b',    'out', NULL, 500.00),
    (280, 'builtin:transfer-own',    'transfers',           'keyword', '\b(TRANSFER|TFR|OWN ACCOUNT|SAVINGS)\b',               'any', NULL, NULL),
    (290, 'builtin:payroll-out',     'payroll',             'counterparty', '^(PAYROLL|STAFF|WAGES)',                          'out', NULL, NULL),
    (300, 'builtin:customer-receipt','sales receipts',      'keyword', '\b(INVOICE|INV|CUSTOMER|SALES)\b',                      'in',  NULL, NULL),
    (800, 'builtin:recurring-out',   'recurring payments',  'recurring', NULL,                                                 'out', NULL, NULL),
    (900, 'builtin:other-income',    'other income',        'amount',  NULL,                                                   'in',  0.01, NULL),
    (910, 'builtin:large-payment',   'large payments',      'amount',  NULL,                                                   'out', 5000.00, NULL);
