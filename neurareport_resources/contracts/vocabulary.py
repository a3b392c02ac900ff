"""Words the heuristic mapper understands: abbreviations, translations and synonym groups.

Every identifier or label is reduced to canonical English words: ``TXN_AMT`` ->
``transaction amount``, ``Kontoinhaber`` -> ``account holder``, ``Date de valeur`` ->
``value date``, ``maskedPan`` -> ``masked card number``. Two names match when their
canonical words overlap. The knowledge is data — abbreviations of core banking, card,
payroll, inventory, utility and trade systems; German, French and Spanish words — so a new
domain is a dictionary edit, not a code change.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from neurareport_resources.templating.names import split_identifier

STOP_WORDS = frozenset(
    {
        # English
        "the",
        "of",
        "a",
        "an",
        "and",
        "is",
        "at",
        "by",
        "this",
        "your",
        "our",
        "its",
        "with",
        # Spanish / French / German articles and prepositions
        "de",
        "del",
        "la",
        "le",
        "les",
        "el",
        "los",
        "las",
        "der",
        "die",
        "das",
        "des",
        "dem",
        "den",
        "d",
        "l",
        "per",
        "for",
        "y",
        "und",
        "et",
        "en",
        "am",
        "im",
        "vom",
        "zum",
        "zur",
        "pour",
        "par",
        "sur",
        "je",
    }
)

# abbreviation or foreign word -> canonical English word(s) ("_" joins several)
CANONICAL: dict[str, str] = {
    # ---- general abbreviations
    "txn": "transaction",
    "trx": "transaction",
    "tx": "transaction",
    "trans": "transaction",
    "tran": "transaction",
    "trn": "transaction",
    "trxn": "transaction",
    "dt": "date",
    "dte": "date",
    "amt": "amount",
    "amnt": "amount",
    "bal": "balance",
    "blnc": "balance",
    "acct": "account",
    "acc": "account",
    "acnt": "account",
    "accnt": "account",
    "no": "number",
    "num": "number",
    "nbr": "number",
    "nr": "number",
    "nro": "number",
    "nmbr": "number",
    "nº": "number",
    "desc": "description",
    "descr": "description",
    "dscr": "description",
    "dsc": "description",
    "cat": "category",
    "categ": "category",
    "ctg": "category",
    "ccy": "currency",
    "cur": "currency",
    "crncy": "currency",
    "ccy_cd": "currency",
    "cust": "customer",
    "clnt": "customer",
    "cif": "customer",
    "qty": "quantity",
    "qnty": "quantity",
    "inv": "invoice",
    "emp": "employee",
    "empl": "employee",
    "addr": "address",
    "adr": "address",
    "nm": "name",
    "ref": "reference",
    "tot": "total",
    "ttl": "total",
    "cnt": "count",
    "opn": "opening",
    "open": "open",
    "cls": "closing",
    "clos": "closing",
    "close": "closing",
    "beg": "opening",
    "bgn": "opening",
    "begin": "opening",
    "cr": "credit",
    "dr": "debit",
    "yr": "year",
    "mo": "month",
    "mth": "month",
    "mon": "month",
    "pct": "percent",
    "perc": "percent",
    "prc": "price",
    "px": "price",
    "org": "organization",
    "dept": "department",
    "dpt": "department",
    "mgr": "manager",
    "tel": "phone",
    "ph": "phone",
    "phn": "phone",
    "mob": "phone",
    "mobile": "phone",
    "telephone": "phone",
    "hldr": "holder",
    "stmt": "statement",
    "stmnt": "statement",
    "pd": "period",
    "avg": "average",
    "mean": "average",
    "mgmt": "management",
    "prod": "product",
    "prd": "product",
    "itm": "item",
    "seq": "sequence",
    "cd": "code",
    "typ": "type",
    "tp": "type",
    "sal": "salary",
    "hrs": "hours",
    "hr": "hours",
    "hour": "hours",
    "st": "start",
    "strt": "start",
    "fname": "first_name",
    "lname": "last_name",
    "firstname": "first_name",
    "lastname": "last_name",
    "surname": "last_name",
    "forename": "first_name",
    "given": "first",
    "family": "last",
    "eml": "email",
    "mail": "email",
    "pmt": "payment",
    "pymt": "payment",
    "paymt": "payment",
    "vat": "tax",
    "gst": "tax",
    # sales taxes split by level of government (India's GST, Canada's): each a tax of its own
    "cgst": "central_tax",
    "sgst": "state_tax",
    "utgst": "union_tax",
    "igst": "integrated_tax",
    "hst": "harmonized_tax",
    "qst": "quebec_tax",
    "disc": "discount",
    "dsct": "discount",
    "shp": "shipping",
    "wh": "warehouse",
    "whse": "warehouse",
    "loc": "location",
    "stat": "status",
    "sts": "status",
    "upd": "updated",
    "crt": "created",
    "dob": "birth_date",
    "pos": "position",
    "pk": "id",
    "ind": "indicator",
    "flg": "flag",
    "lmt": "limit",
    "lim": "limit",
    "avl": "available",
    "avail": "available",
    "availability": "available",
    "ldgr": "ledger",
    "od": "overdraft",
    "int": "interest",
    "rt": "rate",
    "lst": "last",
    "frst": "first",
    "fst": "first",
    "grs": "gross",
    "wrkd": "worked",
    "payrl": "payroll",
    "cst": "cost",
    "ctr": "center",
    "centre": "center",
    "narr": "narrative",
    "narration": "narrative",
    "particulars": "narrative",
    "chq": "cheque",
    "check": "cheque",
    "brn": "branch",
    "br": "branch",
    "brch": "branch",
    "seg": "segment",
    "pstl": "postcode",
    "pst": "postcode",
    "postal": "postcode",
    "zip": "postcode",
    "zipcode": "postcode",
    "ctry": "country",
    "cntry": "country",
    "usr": "user",
    "val": "value",
    "post": "posting",
    "posted": "posting",
    "bk": "booking",
    "bkg": "booking",
    "booked": "booking",
    # cards
    "pan": "card_number",
    "mcc": "merchant_category",
    "fx": "exchange",
    "auth": "authorization",
    "authorisation": "authorization",
    "apr": "annual_rate",
    "orig": "original",
    "bill": "billing",
    "billed": "billing",
    "merch": "merchant",
    "mrch": "merchant",
    # inventory
    "sku": "sku",
    "uom": "unit_measure",
    "onhand": "on_hand",
    "doc": "document",
    "docno": "document_number",
    "rmk": "remark",
    "rmks": "remark",
    "remarks": "remark",
    "mvmt": "movement",
    "mvt": "movement",
    "whs": "warehouse",
    # trading
    "trd": "trade",
    "stl": "settlement",
    "setl": "settlement",
    "sttl": "settlement",
    "settle": "settlement",
    "sec": "security",
    "secu": "social_insurance",
    "ntnl": "notional",
    "comm": "commission",
    "commn": "commission",
    "exec": "execution",
    "trdr": "trader",
    "cpty": "counterparty",
    "ctpy": "counterparty",
    "cparty": "counterparty",
    "prtf": "portfolio",
    "ptf": "portfolio",
    "pf": "portfolio",
    "pm": "portfolio_manager",
    "isin": "isin",
    "lei": "lei",
    "buy": "buy",
    "bought": "buy",
    "purchase": "buy",
    "sell": "sell",
    "sold": "sell",
    "sale": "sell",
    "side": "side",
    # utility
    "mtr": "meter",
    "rdg": "reading",
    "rd": "reading",
    "read": "reading",
    "prev": "previous",
    "prv": "previous",
    "curr": "current",
    "crnt": "current",
    "pres": "current",
    "present": "current",
    "cons": "consumption",
    "consump": "consumption",
    "usage": "consumption",
    "used": "consumption",
    "svc": "service",
    "srv": "service",
    "chg": "charge",
    "chrg": "charge",
    "prem": "premises",
    "premise": "premises",
    "std": "standard",
    "stdg": "standing",
    "trf": "tariff",
    "kwh": "kwh",
    "m3": "m3",
    "cyc": "cycle",
    # Spanish
    "fecha": "date",
    "importe": "amount",
    "monto": "amount",
    "saldo": "balance",
    "descripcion": "description",
    "concepto": "description",
    "detalle": "description",
    "cuenta": "account",
    "titular": "holder",
    "moneda": "currency",
    "divisa": "currency",
    "categoria": "category",
    "numero": "number",
    "inicial": "opening",
    "apertura": "opening",
    "cierre": "closing",
    "cliente": "customer",
    "nombre": "name",
    "factura": "invoice",
    "cantidad": "quantity",
    "precio": "price",
    "producto": "product",
    "empleado": "employee",
    "salario": "salary",
    "sueldo": "salary",
    "departamento": "department",
    "inicio": "start",
    "fin": "end",
    "periodo": "period",
    "movimiento": "transaction",
    "abono": "credit",
    "credito": "credit",
    "cargo": "debit",
    "debito": "debit",
    "direccion": "address",
    "correo": "email",
    "telefono": "phone",
    "ciudad": "city",
    "pais": "country",
    "pedido": "order",
    "linea": "line",
    "impuesto": "tax",
    "descuento": "discount",
    "proveedor": "supplier",
    "vencimiento": "due",
    "estado": "status",
    "sucursal": "branch",
    "oficina": "branch",
    "suma": "total",
    "mes": "month",
    "ano": "year",
    "tipo": "type",
    "codigo": "code",
    "unidad": "unit",
    "unitario": "unit",
    "horas": "hours",
    "hora": "hours",
    # Italian (registro IVA, fatture)
    "dal": "start",
    "al": "end",
    "stampa": "print",
    "data": "date",
    "imponibile": "net",
    "imposta": "tax",
    "ritenuta": "withholding",
    "ritenute": "withholding",
    "clienti": "customer",
    "documento": "document",
    "documenti": "document",
    "scadenza": "due",
    "aliquota": "rate",
    "comune": "city",
    "totale": "total",
    "generale": "grand",
    "registrazione": "posting",
    "fattura": "invoice",
    "fatture": "invoice",
    # accounting English
    "residual": "remaining",
    "desde": "start",
    "hasta": "end",
    "impresion": "print",
    "emision": "issue",
    "expedicion": "issue",
    "facturado": "invoiced",
    "emitida": "issued",
    "emitidas": "issued",
    "poblacion": "city",
    "localidad": "city",
    "domicilio": "address",
    "cobro": "payment",
    "retencion": "withholding",
    "retenciones": "withholding",
    "iva": "tax",
    "contratacion": "hire",
    "alta": "hire",
    "puesto": "position",
    "gestor": "manager",
    # German
    "datum": "date",
    "betrag": "amount",
    "kontostand": "balance",
    "buchungstext": "booking_text",
    "verwendungszweck": "purpose",
    "zweck": "purpose",
    "gegenpartei": "counterparty",
    "gegenkonto": "counterparty_account",
    "auftraggeber": "payer",
    "kreditlinie": "credit_limit",
    "kreditrahmen": "credit_limit",
    "dispositionskredit": "overdraft",
    "neuer": "new",
    "neu": "new",
    "konto": "account",
    "kontonummer": "account_number",
    "inhaber": "holder",
    "kontoinhaber": "holder",
    "wahrung": "currency",
    "waehrung": "currency",
    "kategorie": "category",
    "nummer": "number",
    "anfang": "opening",
    "anfangssaldo": "opening_balance",
    "endsaldo": "closing_balance",
    "ende": "end",
    "kunde": "customer",
    "kunden": "customer",
    "rechnung": "invoice",
    "menge": "quantity",
    "preis": "price",
    "summe": "total",
    "gesamt": "total",
    "anzahl": "count",
    "durchschnitt": "average",
    "gewicht": "weight",
    "empfaenger": "recipient",
    "versand": "shipping",
    "sendung": "shipment",
    "strasse": "street",
    "ort": "city",
    "sitz": "city",
    "hauswaehrung": "local_currency",
    "sachkonto": "general_ledger_account",
    "hauptbuch": "general_ledger",
    "buchungskreis": "company_code",
    "geschaeftsjahr": "fiscal_year",
    "buchungsperiode": "fiscal_period",
    "belegart": "document_type",
    "debitor": "customer",
    "kreditor": "supplier",
    "zuordnung": "assignment",
    "steuerkennzeichen": "tax_code",
    "steuerkz": "tax_code",
    "wohnort": "city",
    "stadt": "city",
    "land": "country",
    "plz": "postcode",
    "postleitzahl": "postcode",
    "buchung": "booking",
    "buchungsdatum": "booking_date",
    "valuta": "value_date",
    "wertstellung": "value_date",
    "soll": "debit",
    "haben": "credit",
    "lastschrift": "debit",
    "gutschrift": "credit",
    "personal": "personnel",
    "pers": "personnel",
    "vorname": "first_name",
    "nachname": "last_name",
    "familienname": "last_name",
    "geburtsdatum": "birth_date",
    "geburt": "birth",
    "eintritt": "hire",
    "eintrittsdatum": "hire_date",
    "austritt": "exit",
    "abteilung": "department",
    "bezeichnung": "name",
    "kostenstelle": "cost_center",
    "kst": "cost_center",
    "steuer": "tax",
    "steuerklasse": "tax_class",
    "klasse": "class",
    "lohnsteuer": "income_tax",
    "lst_": "income_tax",
    "einkommensteuer": "income_tax",
    "lohn": "pay",
    "gehalt": "salary",
    "entgelt": "pay",
    "brutto": "gross",
    "bruttolohn": "gross_pay",
    "netto": "net",
    "nettolohn": "net_pay",
    "kirche": "church",
    "kirchensteuer": "church_tax",
    "kist": "church_tax",
    "solidaritaetszuschlag": "solidarity_surcharge",
    "solidaritatszuschlag": "solidarity_surcharge",
    "soli": "solidarity_surcharge",
    "solz": "solidarity_surcharge",
    "zuschlag": "surcharge",
    "kv": "health_insurance",
    "krankenversicherung": "health_insurance",
    "rv": "pension_insurance",
    "rentenversicherung": "pension_insurance",
    "av": "unemployment_insurance",
    "arbeitslosenversicherung": "unemployment_insurance",
    "pv": "care_insurance",
    "pflegeversicherung": "care_insurance",
    "sv": "social_insurance",
    "sozialversicherung": "social_insurance",
    "versicherung": "insurance",
    "ag": "employer",
    "arbeitgeber": "employer",
    "arbeitnehmer": "employee",
    "anteil": "share",
    "beitrag": "contribution",
    "beitraege": "contribution",
    "beitrage": "contribution",
    "abzug": "deduction",
    "abzuege": "deduction",
    "abzuge": "deduction",
    "stunde": "hours",
    "stunden": "hours",
    "arbeitsstunden": "hours",
    "ueberstunden": "overtime",
    "uberstunden": "overtime",
    "auszahlung": "payment",
    "auszahlungsbetrag": "net_pay",
    "ueberweisung": "transfer",
    "abrechnung": "payroll",
    "abrechnungsmonat": "payroll_month",
    "monat": "month",
    "jahr": "year",
    "mitarbeiter": "employee",
    "beschaeftigte": "employee",
    "mandant": "tenant",
    "urlaub": "vacation",
    "resturlaub": "remaining_vacation",
    "tage": "days",
    "rest": "remaining",
    "konfession": "religion",
    "leiter": "manager",
    "artikel": "item",
    "lager": "warehouse",
    "lagerort": "location",
    "bestand": "stock",
    "lieferant": "supplier",
    "wert": "value",
    "zeitraum": "period",
    "stichtag": "as_of",
    "stand": "as_of",
    "druckdatum": "print_date",
    "erstellt": "created",
    "gedruckt": "printed",
    "zaehler": "meter",
    "zahler": "meter",
    "zaehlerstand": "meter_reading",
    "verbrauch": "consumption",
    "tarif": "tariff",
    "grundgebuehr": "standing_charge",
    "abschlag": "instalment",
    "filiale": "branch",
    "berater": "advisor",
    "limit": "limit",
    "dispo": "overdraft",
    "zins": "interest",
    "zinsen": "interest",
    "zinssatz": "interest_rate",
    # French
    "compte": "account",
    "solde": "balance",
    "montant": "amount",
    "libelle": "description",
    "intitule": "name",
    "designation": "description",
    "operation": "transaction",
    "mouvement": "transaction",
    "ecriture": "entry",
    "titulaire": "holder",
    "agence": "branch",
    "devise": "currency",
    "nom": "name",
    "prenom": "first_name",
    "adresse": "address",
    "ville": "city",
    "pays": "country",
    "facture": "invoice",
    "quantite": "quantity",
    "prix": "price",
    "unitaire": "unit",
    "tva": "tax",
    "taxe": "tax",
    "ht": "net",
    "ttc": "gross",
    "brut": "gross",
    "salaire": "salary",
    "periode": "period",
    "mois": "month",
    "annee": "year",
    "debut": "start",
    "edite": "printed",
    "edition": "print",
    "arrete": "as_of",
    "moyenne": "average",
    "somme": "total",
    "fournisseur": "supplier",
    "reference": "reference",
    "echeance": "due",
    "reglement": "payment",
    "paiement": "payment",
    "releve": "statement",
    "heures": "hours",
    "cotisation": "contribution",
    "salarie": "employee",
    "employeur": "employer",
    "retraite": "pension",
    "maladie": "health",
    "chomage": "unemployment",
    "impot": "tax",
    "prelevement": "withholding",
    "cumul": "cumulative",
    "entree": "in",
    "sortie_": "out",
    "sortie": "out",
    "entrepot": "warehouse",
    "emplacement": "location",
    "valeur": "value",
    "cout": "cost",
    "depense": "debit",
    "recette": "credit",
    "frais": "fee",
    "emission": "issue",
    "conseiller": "advisor",
    "taux": "rate",
    "interet": "interest",
    "plafond": "limit",
    "decouvert": "overdraft",
    "disponible": "available",
    "client": "customer",
    "caisse": "branch",
    "consommation": "consumption",
    "compteur": "meter",
    "index": "reading",
    "abonnement": "standing_charge",
    "ancien": "previous",
    "nouveau": "current",
    "achat": "buy",
    "vente": "sell",
    "courtage": "commission",
    "contrepartie": "counterparty",
    # words that are already canonical but end like a plural
    "status": "status",
    "premises": "premises",
    "address": "address",
    "business": "business",
    "analysis": "analysis",
    "series": "series",
    "hours": "hours",
    "days": "days",
    "sales": "sell",
    "purchases": "buy",
    "earnings": "pay",
    "wages": "pay",
    "wage": "pay",
    "payout": "net_pay",
    "takehome": "net_pay",
    "since": "start",
    "until": "end",
    "thru": "end",
    "from": "start",
    "to": "end",
    "von": "start",
    "bis": "end",
    "ab": "start",
    "du": "start",
    "au": "end",
    "ytd": "year_to_date",
    "subtotal": "subtotal",
    "mstr": "master",
    "mst": "master",
    "hist": "history",
    "postcode": "postcode",
    # more abbreviations of utility, payroll and bookkeeping systems
    "rcvd": "received",
    # French payroll and banking
    "salarial": "employee",
    "salariale": "employee",
    "salariales": "employee",
    "salariaux": "employee",
    "patronal": "employer",
    "patronale": "employer",
    "patronales": "employer",
    "patronaux": "employer",
    "emploi": "job",
    "poste": "job",
    "matricule": "personnel_number",
    "imposable": "taxable",
    "paye": "paid",
    "pas": "withholding",
    "conges": "vacation",
    # German time recording
    "ist": "actual",
    "kommen": "arrival",
    "gehen": "departure",
    "pause": "break",
    "arbeitszeit": "working_hours",
    "zeit": "time",
    "vorgesetzter": "manager",
    # deposits, telecom
    "tenor": "term",
    "td": "term_deposit",
    "rm": "relationship_manager",
    "msisdn": "mobile_number",
    "evt": "event",
    "tm": "time",
    "dur": "duration",
    "dest": "destination",
    "roam": "roaming",
    "next": "next",
    "n": "number",
    "sn": "serial_number",
    "ser": "serial",
    "srl": "serial",
    "ser_no": "serial_number",
    "ss": "social_insurance",
    "recd": "received",
    "rcv": "received",
    "dep": "deposit",
    "rdr": "reader",
    "ouverture": "opening",
    "categorie": "category",
    "apres": "after",
    "pcode": "postcode",
    "pc": "postcode",
    "stkl": "tax_class",
    "woch": "week",
    "woche": "week",
    "wochen": "week",
    "ausz": "payment",
    "dat": "date",
    "taetigkeit": "job",
    "tatigkeit": "job",
    "beruf": "job",
    "method": "method",
    "methode": "method",
    "mode": "method",
    "outstanding": "outstanding",
    "owed": "outstanding",
    "employer": "employer",
    "company": "company",
    "firma": "company",
    "societe": "company",
    "entreprise": "company",
    "yes": "yes",
    "on": "date",
    "today": "current",
    "units": "quantity",
    "pieces": "quantity",
    "pcs": "quantity",
    "each": "unit",
    "appt": "appointment",
    "appts": "appointment",
}
# Abbreviations common across core banking, payments, cards, treasury, inventory, utility,
# insurance and payroll systems (the forms data dictionaries and column-naming standards use),
# kept apart from the entries above, which win where both name a word.
COMMON_ABBREVIATIONS: dict[str, str] = {
    # balances, holds and clearing
    "clr": "cleared",
    "clrd": "cleared",
    "unclr": "uncleared",
    "unclrd": "uncleared",
    "ledg": "ledger",
    "lgr": "ledger",
    "hld": "held",
    "hold": "held",
    "blk": "blocked",
    "blkd": "blocked",
    "frz": "frozen",
    "frzn": "frozen",
    "uncollected": "uncleared",
    # dates and terms
    "mat": "maturity",
    "mature": "maturity",
    "matures": "maturity",
    "matured": "maturity",
    "maturing": "maturity",
    "outstd": "outstanding",
    "outstdg": "outstanding",
    "mty": "maturity",
    "matur": "maturity",
    "eff": "effective",
    "effv": "effective",
    "incept": "inception",
    "incp": "inception",
    "rnwl": "renewal",
    "renew": "renewal",
    "expiry": "expiry",
    "xpry": "expiry",
    "frm": "from",
    "thru": "until",
    "till": "until",
    "upto": "until",
    "cyc": "cycle",
    "freq": "frequency",
    # payments and remittances
    "lcy": "local_currency",
    "fcy": "foreign_currency",
    "exch": "exchange",
    "xchg": "exchange",
    "xrate": "exchange_rate",
    "benef": "beneficiary",
    "bene": "beneficiary",
    "benf": "beneficiary",
    "bnf": "beneficiary",
    "bnfcry": "beneficiary",
    "payee": "beneficiary",
    "rmtr": "remitter",
    "remit": "remittance",
    "rmt": "remittance",
    "rmtnc": "remittance",
    "swift": "bic",
    "bic": "bic",
    "purp": "purpose",
    "prps": "purpose",
    "instr": "instruction",
    "ssi": "settlement_instruction",
    "outw": "outward",
    "inw": "inward",
    "rsn": "reason",
    "rvsl": "reversal",
    "rvsd": "reversal",
    "chrg": "charge",
    "chrgs": "charge",
    "chgs": "charge",
    "txt": "text",
    "str": "text",
    "csh": "cash",
    "adv": "advance",
    "min": "minimum",
    "max": "maximum",
    "ovrlmt": "overlimit",
    "aprv": "approval",
    "appr": "approval",
    "decl": "declined",
    "emboss": "cardholder",
    "embossed": "cardholder",
    "embs": "cardholder",
    # loans and interest
    "accr": "accrued",
    "accrd": "accrued",
    "acrd": "accrued",
    "prin": "principal",
    "prncpl": "principal",
    "princ": "principal",
    "instl": "instalment",
    "emi": "instalment",
    "sanc": "sanctioned",
    "disb": "disbursed",
    "disbd": "disbursed",
    "outst": "outstanding",
    "dpd": "days_past_due",
    "arr": "arrears",
    "arrs": "arrears",
    "arrears": "arrears",
    "adj": "adjustment",
    "adjmt": "adjustment",
    "wrtoff": "write_off",
    # treasury and trading
    "brkr": "broker",
    "brk": "broker",
    "brkg": "brokerage",
    "notl": "notional",
    "nom": "nominal",
    "mtm": "mark_to_market",
    "pnl": "profit_loss",
    "fwd": "forward",
    "spt": "spot",
    "swp": "swap",
    "yld": "yield",
    "cpn": "coupon",
    "dlr": "dealer",
    "bs": "side",
    # inventory and purchasing
    "shpd": "shipped",
    "shipd": "shipped",
    "backord": "backorder",
    "bkord": "backorder",
    "alloc": "allocated",
    "allc": "allocated",
    "allocd": "allocated",
    "resv": "reserved",
    "rsv": "reserved",
    "rsrv": "reserved",
    "ord": "order",
    "ordd": "ordered",
    "backorder": "backorder",
    "backordered": "backorder",
    "backorders": "backorder",
    "lvl": "level",
    "rop": "reorder_point",
    "reord": "reorder",
    "ext": "extended",
    "mfg": "manufactured",
    "mfr": "manufacturer",
    "suppl": "supplier",
    "supp": "supplier",
    "splr": "supplier",
    "vend": "vendor",
    "vndr": "vendor",
    "po": "purchase_order",
    "grn": "goods_receipt",
    "wt": "weight",
    "wgt": "weight",
    "pref": "preferred",
    # utility
    "est": "estimated",
    "estd": "estimated",
    "act": "actual",
    "stdg": "standing",
    "stndg": "standing",
    "engy": "energy",
    "enrgy": "energy",
    "nrg": "energy",
    "dd": "direct_debit",
    "mpan": "meter_point",
    "mprn": "meter_point",
    # payroll and insurance
    "ee": "employee",
    "er": "employer",
    "ni": "insurance",  # UK National Insurance (ni_ee, ni_er, "Employee NI")
    "nic": "insurance",
    "ot": "overtime",
    "pto": "vacation",
    "hrly": "hourly",
    "ann": "annual",
    "bns": "bonus",
    "ded": "deduction",
    "deds": "deduction",
    "alw": "allowance",
    "allw": "allowance",
    "reimb": "reimbursement",
    "geb": "birth",
    "gebdat": "birth_date",
    "eintr": "hire",
    "austr": "exit",
    "abr": "payroll",
    "krank": "sick",
    "krankheit": "sick",
    "fehl": "absence",
    "ueb": "overtime",
    "taet": "job",
    "vwl": "capital_formation_benefit",
    "ges": "total",
    # French bookkeeping and billing
    "mnt": "amount",
    "mt": "amount",
    "cpte": "account",
    "lib": "description",
    "libelle": "description",
    "ech": "due_date",
    "echeance": "due_date",
    "qte": "quantity",
    "fourn": "supplier",
    "frs": "supplier",
    "reglt": "payment",
    "rglt": "payment",
    # purchasing and delivery
    "req": "required",
    "reqd": "required",
    "deliv": "delivery",
    "dlv": "delivery",
    "dlvry": "delivery",
    "mthd": "method",
    "meth": "method",
    "unpaid": "outstanding",
    # German departments, travel and expenses
    "abt": "department",
    "reise": "trip",
    "ziel": "destination",
    "anlass": "purpose",
    "erstattung": "reimbursement",
    "vorschuss": "advance",
    "ausgezahlt": "paid",
    "uebernachtung": "accommodation",
    "uebern": "accommodation",
    "verpflegung": "meals",
    "verpfl": "meals",
    "fahrt": "travel",
    "kosten": "cost",
    "kost": "cost",
    "pausch": "flat_rate",
    "pauschale": "flat_rate",
    "neben": "incidental",
    "genehmigt": "approved",
    "beleg": "document",
    "belege": "document",
    # custody, acquiring, sales and shipping
    "unrlzd": "unrealized",
    "unrlsd": "unrealized",
    "unrealised": "unrealized",
    "rlzd": "realized",
    "realised": "realized",
    "pl": "profit_loss",
    "mdr": "merchant_discount_rate",
    "kd": "customer",
    "umsatz": "revenue",
    "ums": "revenue",
    "vertreter": "agent",
    "bl": "bill_of_lading",
    "imp": "importer",
    "etd": "departure_date",
    "eta": "arrival_date",
    "pkg": "package",
    "pkgs": "package",
    "vsl": "vessel",
    "wdl": "withdrawal",
    "wdrl": "withdrawal",
    "wthdrwl": "withdrawal",
    "buch": "booking",
    "ust": "tax",
    "mwst": "tax",
    "odometer": "odometer",
    "odo": "odometer",
    "xfer": "transfer",
    "xfr": "transfer",
    "hazmat": "hazardous_material",
    "wht": "withholding_tax",
    "cf": "cash_flow",
    "bez": "description",
    "nutzungsdauer": "useful_life",
    "nd": "useful_life",
    "jahre": "years",
    "afa": "depreciation",
    "abschreibung": "depreciation",
    "kum": "cumulative",
    "kumuliert": "cumulative",
    "anschaffung": "acquisition",
    "ansch": "acquisition",
    "anschaffungskosten": "acquisition_cost",
    "satz": "rate",
    "kto": "account",
    "gegen": "counterparty",
    "mdl": "model",
    "mk": "make",
    # general data-dictionary abbreviations (naming standards of banking and ERP systems)
    "accum": "accumulated",
    "accrl": "accrual",
    "actv": "active",
    "actvty": "activity",
    "addl": "additional",
    "agt": "agent",
    "agmt": "agreement",
    "agrmt": "agreement",
    "alt": "alternate",
    "amort": "amortization",
    "anniv": "anniversary",
    "appl": "application",
    "applcn": "application",
    "approx": "approximate",
    "apprvd": "approved",
    "asgn": "assigned",
    "assoc": "associate",
    "attr": "attribute",
    "aud": "audit",
    "authd": "authorized",
    "bck": "back",
    "bankr": "bankruptcy",
    "bcc": "blind_copy",
    "bdgt": "budget",
    "bgt": "budget",
    "ben": "beneficiary",
    "bfwd": "brought_forward",
    "bkr": "broker",
    "blng": "billing",
    "bnk": "bank",
    "bnft": "benefit",
    "bsn": "business",
    "bus": "business",
    "busn": "business",
    "calc": "calculated",
    "cancl": "cancelled",
    "canc": "cancelled",
    "cfwd": "carried_forward",
    "chk": "cheque",
    "chnl": "channel",
    "cht": "chart",
    "clm": "claim",
    "clsd": "closed",
    "cmpny": "company",
    "co": "company",
    "coll": "collateral",
    "cond": "condition",
    "conf": "confirmation",
    "confd": "confirmed",
    "consol": "consolidated",
    "contr": "contract",
    "corp": "corporate",
    "corr": "correction",
    "crdt": "credit",
    "crd": "card",
    "cred": "credit",
    "ctgy": "category",
    "ctrct": "contract",
    "cvr": "cover",
    "cycl": "cycle",
    "dbt": "debit",
    "desig": "designation",
    "dflt": "default",
    "dist": "district",
    "dlvr": "delivery",
    "dmg": "damage",
    "dnm": "denomination",
    "dom": "domestic",
    "dpst": "deposit",
    "drv": "driver",
    "dscnt": "discount",
    "dstn": "destination",
    "dtl": "detail",
    "ea": "each",
    "elig": "eligible",
    "empr": "employer",
    "enc": "encumbrance",
    "engmt": "engagement",
    "entl": "entitlement",
    "eqp": "equipment",
    "eqty": "equity",
    "exc": "exception",
    "excl": "excluding",
    "exmpt": "exempt",
    "expd": "expired",
    "fac": "facility",
    "fdbk": "feedback",
    "fisc": "fiscal",
    "flr": "floor",
    "fmt": "format",
    "fnd": "fund",
    "frgn": "foreign",
    "frt": "freight",
    "fut": "future",
    "fy": "fiscal_year",
    "gen": "general",
    "geo": "geography",
    "gl": "general_ledger",
    "govt": "government",
    "grp": "group",
    "gtd": "guaranteed",
    "gty": "guarantee",
    "guar": "guarantee",
    "hdr": "header",
    "hlth": "health",
    "hsehld": "household",
    "idx": "index",
    "immed": "immediate",
    "incl": "including",
    "insp": "inspection",
    "instn": "institution",
    "intl": "international",
    "invt": "inventory",
    "iss": "issue",
    "issd": "issued",
    "jrnl": "journal",
    "jnl": "journal",
    "jur": "jurisdiction",
    "kyc": "know_your_customer",
    "lang": "language",
    "lbl": "label",
    "ldr": "leader",
    "lgl": "legal",
    "lic": "license",
    "liab": "liability",
    "liq": "liquidity",
    "maint": "maintenance",
    "mand": "mandate",
    "mbr": "member",
    "med": "medical",
    "mem": "member",
    "memb": "member",
    "mkt": "market",
    "mktg": "marketing",
    "mnth": "month",
    "mod": "modified",
    "msg": "message",
    "mtg": "mortgage",
    "mtge": "mortgage",
    "mult": "multiple",
    "natl": "national",
    "neg": "negative",
    "nego": "negotiated",
    "notif": "notification",
    "nxt": "next",
    "obj": "object",
    "obl": "obligation",
    "occ": "occupation",
    "occp": "occupation",
    "ofc": "office",
    "offr": "officer",
    "opr": "operator",
    "ops": "operations",
    "opt": "option",
    "orgn": "origin",
    "ovd": "overdue",
    "ovdr": "overdraft",
    "ovrd": "override",
    "pbl": "payable",
    "pen": "penalty",
    "pend": "pending",
    "perf": "performance",
    "perm": "permanent",
    "phys": "physical",
    "plcy": "policy",
    "pnlty": "penalty",
    "pract": "practice",
    "pri": "primary",
    "prim": "primary",
    "priv": "private",
    "prnt": "parent",
    "proc": "processed",
    "prof": "profile",
    "proj": "project",
    "prop": "property",
    "prty": "priority",
    "pstn": "position",
    "ptnr": "partner",
    "pts": "points",
    "pur": "purchase",
    "purch": "purchase",
    "pvt": "private",
    "qtr": "quarter",
    "qtrly": "quarterly",
    "qual": "qualification",
    "rcpt": "receipt",
    "rcvbl": "receivable",
    "recon": "reconciliation",
    "recv": "receivable",
    "redm": "redemption",
    "regn": "region",
    "rel": "relationship",
    "relshp": "relationship",
    "rem": "remaining",
    "rep": "representative",
    "repmt": "repayment",
    "res": "reserve",
    "resp": "responsible",
    "ret": "return",
    "rev": "revenue",
    "rfnd": "refund",
    "rgn": "region",
    "rlshp": "relationship",
    "rmng": "remaining",
    "rnd": "round",
    "rpt": "report",
    "rsk": "risk",
    "rtg": "rating",
    "rtn": "return",
    "sched": "scheduled",
    "schd": "scheduled",
    "scr": "score",
    "sev": "severity",
    "sgmt": "segment",
    "shr": "share",
    "sig": "signature",
    "sngl": "single",
    "spcl": "special",
    "src": "source",
    "srvc": "service",
    "ssn": "social_security_number",
    "stk": "stock",
    "subs": "subscription",
    "sumry": "summary",
    "sup": "supplier",
    "susp": "suspense",
    "svgs": "savings",
    "sys": "system",
    "tbl": "table",
    "tchr": "teacher",
    "tgt": "target",
    "thr": "threshold",
    "tkt": "ticket",
    "tml": "terminal",
    "tnr": "tenor",
    "tsk": "task",
    "twn": "town",
    "uncl": "unclassified",
    "unq": "unique",
    "unt": "unit",
    "usg": "usage",
    "util": "utilization",
    "var": "variance",
    "vch": "voucher",
    "vchr": "voucher",
    "ver": "version",
    "vol": "volume",
    "vou": "voucher",
    "whld": "withholding",
    "wkly": "weekly",
    "wrk": "work",
    "yrly": "yearly",
}
# SAP's standard field names (the data elements every SAP ERP and S/4HANA system shares, so a
# schema exported from SAP FI/CO, SD or MM reads the same everywhere): German abbreviations of
# five or so letters that no spelling rule can read (BUKRS Buchungskreis, BELNR Belegnummer)
SAP_FIELDS: dict[str, str] = {
    "bukrs": "company_code",
    "butxt": "company_name",
    "ort01": "city",
    "land1": "country",
    "pstlz": "postcode",
    "stras": "street",
    "name1": "name",
    "belnr": "document_number",
    "gjahr": "fiscal_year",
    "monat": "fiscal_period",
    "buzei": "line_position",
    "blart": "document_type",
    "bldat": "document_date",
    "budat": "posting_date",
    "cpudt": "entry_date",
    "usnam": "user_entered",
    "ernam": "created_by",
    "erdat": "created_date",
    "aedat": "changed_date",
    "waers": "currency",
    "hwaer": "local_currency",
    "kursf": "exchange_rate",
    "xblnr": "reference",
    "bktxt": "header_text",
    "shkzg": "debit_credit_indicator",
    "wrbtr": "document_currency_amount",
    "dmbtr": "local_currency_amount",
    "hkont": "general_ledger_account",
    "saknr": "general_ledger_account",
    "kostl": "cost_center",
    "prctr": "profit_center",
    "aufnr": "order_number",
    "gsber": "business_area",
    "mwskz": "tax_code",
    "wmwst": "tax_amount",
    "sgtxt": "line_position_text",
    "zuonr": "assignment",
    "augbl": "clearing_document",
    "augdt": "clearing_date",
    "zterm": "payment_terms",
    "zfbdt": "baseline_date",
    "kunnr": "customer_number",
    "lifnr": "supplier_number",
    "stcd1": "tax_number",
    "matnr": "material_number",
    "maktx": "material_description",
    "werks": "plant",
    "lgort": "storage_location",
    "meins": "unit_measure",
    "netwr": "net_value",
    "vbeln": "sales_document",
    "posnr": "item_number",
    "fkdat": "billing_date",
    "ebeln": "purchase_order",
    "ebelp": "purchase_order_item",
    "brgew": "gross_weight",
    "ntgew": "net_weight",
}
for _abbreviation, _meaning in SAP_FIELDS.items():
    COMMON_ABBREVIATIONS.setdefault(_abbreviation, _meaning)

# the meanings the curated entries give: the words the vocabulary "knows" (a known word is
# compared by meaning, an unknown one also by its spelling); the common list only adds readings
# of abbreviations, it does not make "origin" or "insured" known words
CURATED_MEANINGS = frozenset(CANONICAL.values())
for _abbreviation, _meaning in COMMON_ABBREVIATIONS.items():
    CANONICAL.setdefault(_abbreviation, _meaning)

# canonical words that stay one word (the others split at "_": "value_date" -> value, date)
ATOMIC = frozenset({"as_of", "on_hand", "year_to_date", "amount_payable"})

# multi-word phrases (folded words as written, any language) read as one idea
PHRASES: dict[tuple[str, ...], str] = {
    ("as", "of"): "as_of",
    ("as", "at"): "as_of",
    ("year", "to", "date"): "year_to_date",
    ("code", "postal"): "postcode",
    ("post", "code"): "postcode",
    ("cd", "post"): "postcode",
    ("p", "l"): "profit_loss",
    ("bill", "of", "lading"): "bill_of_lading",
    ("port", "of", "loading"): "port_loading",
    ("port", "of", "discharge"): "port_discharge",
    ("post", "cd"): "postcode",
    ("postal", "code"): "postcode",
    ("zip", "code"): "postcode",
    ("unit", "of", "measure"): "unit_measure",
    ("on", "hand"): "on_hand",
    ("e", "mail"): "email",
    ("correo", "electronico"): "email",
    ("courrier", "electronique"): "email",
    ("account", "holder"): "holder",
    ("date", "entree"): "hire_date",
    ("k", "wh"): "kwh",
    ("m", "wh"): "mwh",
    ("date", "d", "entree"): "hire_date",
    ("securite", "sociale"): "social_insurance",
    ("net", "a", "payer"): "net_pay",
    ("carried", "over"): "carried_over",
    ("soll", "stunden"): "target_hours",
    ("soll", "std"): "target_hours",
    ("ist", "stunden"): "actual_hours",
    ("ist", "std"): "actual_hours",
    ("neuer", "saldo"): "closing_balance",
    ("alter", "saldo"): "opening_balance",
    ("pay", "by"): "due_date",
    ("to", "pay"): "amount_payable",
    ("a", "regler"): "amount_payable",
    ("statement", "balance"): "closing_balance",
    ("new", "balance"): "closing_balance",
    ("account", "owner"): "holder",
    ("card", "holder"): "holder",
    ("amount", "due"): "amount_payable",
    ("balance", "due"): "outstanding",
    ("social", "security"): "social_insurance",
    ("unit", "amount"): "unit_price",
    ("total", "due"): "amount_payable",
    ("montant", "du"): "amount_payable",
    ("a", "payer"): "amount_payable",
    ("zu", "zahlen"): "amount_payable",
    ("nombre", "de"): "count",
    ("nombre", "d"): "count",
    ("number", "of"): "count",
    ("no", "of"): "count",
    ("nb", "de"): "count",
    ("date", "de", "valeur"): "value_date",
    ("date", "d", "operation"): "transaction_date",
    ("raison", "sociale"): "company_name",
    ("razon", "social"): "company_name",
    ("ragione", "sociale"): "company_name",
    ("ritenuta", "acconto"): "withholding",
    ("partita", "iva"): "tax_number",
    ("base", "imponible"): "net",
    ("excl", "vat"): "net",
    ("excl", "tax"): "net",
    ("excluding", "vat"): "net",
    ("excluding", "tax"): "net",
    ("ex", "vat"): "net",
    ("before", "tax"): "net",
    ("before", "vat"): "net",
    ("reste", "a", "payer"): "outstanding",
    ("arrete", "au"): "as_of",
    ("situation", "au"): "as_of",
    ("edite", "le"): "print_date",
    ("date", "d", "edition"): "print_date",
    ("erstellt", "am"): "print_date",
    ("gedruckt", "am"): "print_date",
    ("printed", "on"): "print_date",
    ("run", "date"): "print_date",
    ("date", "printed"): "print_date",
    ("print", "date"): "print_date",
    ("printed", "at"): "print_date",
    ("generated", "on"): "print_date",
    ("generated", "at"): "print_date",
}

# canonical words that mean nearly the same thing (a weaker match than equality)
SYNONYM_GROUPS: list[frozenset[str]] = [
    frozenset({"inception", "commencement", "start"}),
    frozenset({"capacity", "limit", "maximum"}),
    frozenset({"first", "start", "initial"}),
    frozenset({"final", "end"}),
    frozenset({"town", "city"}),
    frozenset({"consignee", "importer", "receiver"}),
    frozenset({"shipper", "exporter", "consignor"}),
    frozenset({"cover", "coverage", "policy"}),
    frozenset(
        {
            "holder",
            "owner",
            "customer",
            "client",
            "payer",
            "name",
            "cardholder",
            "company",
            "borrower",
        }
    ),
    frozenset(
        {
            "description",
            "memo",
            "narrative",
            "detail",
            "text",
            "label",
            "purpose",
            "note",
            "payee",
            "merchant",
            "remark",
            "comment",
        }
    ),
    frozenset({"amount", "value", "sum", "money", "total", "pay", "revenue", "proceed"}),
    frozenset({"category", "class", "classification", "group"}),
    frozenset({"opening", "start", "beginning", "initial", "previous", "starting"}),
    frozenset({"closing", "end", "ending", "final", "current", "new"}),
    frozenset({"date", "day", "on"}),
    frozenset({"credit", "deposit", "income", "inflow", "received", "incoming", "refund"}),
    frozenset({"debit", "withdrawal", "outflow", "expense", "spent", "outgoing"}),
    frozenset({"quantity", "unit", "count", "volume", "piece"}),
    frozenset({"price", "cost", "fee", "charge"}),
    frozenset({"price", "rate", "tariff"}),
    frozenset({"rate", "percent", "ratio"}),
    frozenset({"salary", "pay", "wage", "compensation"}),
    frozenset({"employee", "staff", "worker", "personnel"}),
    frozenset({"customer", "buyer", "client", "company"}),
    frozenset({"customer", "partner"}),  # Odoo's res_partner, SAP's business partner
    frozenset({"standard", "standing"}),
    frozenset({"supplier", "vendor"}),
    frozenset({"email", "mail"}),
    frozenset({"phone", "mobile"}),
    frozenset({"due", "deadline"}),
    frozenset({"hire", "joined", "entry"}),
    frozenset({"position", "title", "role", "job"}),
    frozenset({"transaction", "movement", "entry", "operation", "posting", "activity"}),
    frozenset({"posting", "booking"}),
    frozenset({"consideration", "notional", "principal"}),
    frozenset({"counterparty", "broker", "dealer"}),
    frozenset({"commission", "brokerage"}),
    frozenset({"security", "instrument", "stock", "asset"}),
    frozenset({"branch", "office", "agency"}),
    frozenset({"reference", "document", "voucher"}),
    frozenset({"location", "bin"}),
    frozenset({"consumption", "kwh", "m3", "energy"}),
    frozenset({"meter", "device"}),
    frozenset({"tariff", "plan"}),
    frozenset({"account", "portfolio", "book"}),
    frozenset({"exchange", "conversion"}),
    frozenset({"item", "product", "article", "sku"}),
    frozenset({"premises", "site", "property", "supply"}),
    frozenset({"reading", "index"}),
    frozenset({"year_to_date", "cumulative"}),
    frozenset({"paid", "payment", "settled", "pay", "settlement"}),
    frozenset({"deductible", "excess", "franchise"}),
    frozenset({"month", "period"}),
    frozenset({"department", "service", "division"}),
    frozenset({"term", "tenor", "duration"}),
    frozenset({"mobile_number", "phone"}),
    frozenset({"job", "position", "title", "role"}),
    frozenset({"entitlement", "entitled", "allowance", "quota"}),
    frozenset({"taken", "used"}),
    frozenset({"original", "origination", "originated"}),
    frozenset({"adjuster", "handler", "examiner"}),
    frozenset({"cover", "coverage", "product"}),
    frozenset({"loss", "claim", "damage", "incident"}),
    frozenset({"outstanding", "balance", "remaining"}),
    frozenset({"overdraft", "credit_limit", "limit"}),
    frozenset({"purpose", "description"}),
    frozenset({"after", "running", "resulting"}),
    frozenset({"visit", "appointment", "consultation"}),
    frozenset({"amount_payable", "gross", "total", "due"}),
    frozenset({"row", "line"}),  # a document's "Row total" is its line total
    # "Amount due" on a document that stores its total and what is left: what is left
    frozenset({"amount_payable", "remaining", "outstanding"}),
]

DATE_WORDS = frozenset(
    {
        "date",
        "day",
        "start",
        "end",
        "from",
        "until",
        "since",
        "due",
        "birth",
        "hire",
        "created",
        "updated",
        "posting",
        "booking",
        "time",
        "opened",
        "as_of",
        "month",
    }
)
MONEY_WORDS = frozenset(
    {
        "amount",
        "balance",
        "total",
        "debit",
        "credit",
        "price",
        "salary",
        "cost",
        "fee",
        "revenue",
        "tax",
        "discount",
        "subtotal",
        "opening",
        "closing",
        "value",
        "pay",
        "gross",
        "net",
        "limit",
        "charge",
        "commission",
        "notional",
        "consideration",
        "proceeds",
        "surcharge",
        "contribution",
        "deduction",
        "insurance",
    }
)
COUNT_WORDS = frozenset({"count", "quantity"})
# generic words that say little on their own: they weigh half when matching
SOFT_WORDS = frozenset(
    {"name", "full", "amount", "value", "money", "text", "number", "code", "detail", "running"}
)
# column words that only say what kind of value it is: barely held against a column
# when the token does not say them ("full_name" for "Holder", "charge_amt" for "Cost")
GENERIC_WORDS = frozenset(
    {
        "name",
        "full",
        "amount",
        "text",
        "flag",
        "indicator",
        "m3",
        "kg",
        "lb",
        "ccf",
        "gal",
        "km",
        "ltr",
        "kw",
    }
)
ROW_ENTITY_WORDS = frozenset(
    {
        "case",
        "claim",
        "ticket",
        "deal",
        "contract",
        "subscription",
        "instalment",
        "installment",
        "transaction",
        "entry",
        "item",
        "line",
        "row",
        "movement",
        "record",
        "operation",
        "order",
        "invoice",
        "employee",
        "posting",
        "trade",
        "reading",
        "shipment",
        "visit",
        "appointment",
        "booking",
        "payment",
        "history",
        "journal",
        "detail",
        "level",
        "position",
    }
)
# who a value is about: a value about one party is never another party's
PARTY_WORDS = frozenset(
    {
        "customer",
        "employee",
        "employer",
        "advisor",
        "manager",
        "agent",
        "broker",
        "carrier",
        "supplier",
        "recipient",
        "sender",
        "merchant",
        "counterparty",
        "branch",
        "trader",
        "doctor",
        "patient",
        "approver",
        "landlord",
        "guarantor",
        "beneficiary",
        "insurer",
    }
)
# pairs of words that name different shares of the same amount
OPPOSITES: tuple[frozenset[str], ...] = (
    frozenset({"gross", "net"}),
    frozenset({"employee", "employer"}),
    frozenset({"debit", "credit"}),
    frozenset({"buy", "sell"}),
    frozenset({"opening", "closing"}),
    frozenset({"previous", "current"}),
    frozenset({"in", "out"}),
    frozenset({"first", "last"}),
    frozenset({"start", "end"}),
    frozenset({"minimum", "maximum"}),
    frozenset({"original", "billing"}),
    frozenset({"ledger", "available"}),
)

# English words schemas are made of: a compound such as "invoicenumber" (PostgreSQL folds
# unquoted camelCase) or "versanddatum" is split where its tail is one of these
BASE_WORDS = frozenset(
    {
        "name",
        "date",
        "time",
        "number",
        "amount",
        "id",
        "code",
        "type",
        "status",
        "total",
        "price",
        "email",
        "phone",
        "address",
        "city",
        "country",
        "account",
        "customer",
        "invoice",
        "line",
        "order",
        "product",
        "quantity",
        "balance",
        "currency",
        "category",
        "description",
        "first",
        "last",
        "start",
        "end",
        "opening",
        "closing",
        "tax",
        "net",
        "gross",
        "rate",
        "unit",
        "item",
        "employee",
        "department",
        "manager",
        "title",
        "salary",
        "hour",
        "payment",
        "due",
        "issue",
        "value",
        "count",
        "period",
        "month",
        "year",
        "day",
        "holder",
        "street",
        "post",
        "zip",
        "region",
        "state",
        "reference",
        "note",
        "comment",
        "created",
        "updated",
        "birth",
        "hire",
        "location",
        "office",
        "branch",
        "bank",
        "card",
        "fee",
        "discount",
        "revenue",
        "cost",
        "charge",
        "credit",
        "debit",
        "deposit",
        "withdrawal",
        "key",
        "label",
        "text",
        "memo",
        "owner",
        "client",
        "vendor",
        "supplier",
        "weight",
        "size",
        "level",
        "insurance",
        "flag",
        "appointment",
        "visit",
        "paid",
        "limit",
        "reading",
        "meter",
        "trade",
        "settlement",
        "security",
        "counterparty",
        "portfolio",
        "merchant",
        "hand",
        "serial",
        "stock",
        "warehouse",
    }
)
_COMPOUND_TAILS = 2  # at most three parts
# every English word a translation produces is a known word too
_CANONICAL_TARGETS = frozenset(
    part for value in CURATED_MEANINGS for part in value.split("_") if len(part) >= 4
)
_GERMAN_FOLDS = (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"))


def fold(text: str) -> str:
    """Lower-case ASCII: German umlauts as ae/oe/ue/ss, other accents dropped (é -> e)."""
    text = text.lower()
    for umlaut, plain in _GERMAN_FOLDS:
        text = text.replace(umlaut, plain)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def singular(word: str) -> str:
    """Crude singular of an English/Spanish plural (``transactions`` -> ``transaction``)."""
    if word in CANONICAL:
        return word
    if len(word) > 4 and word.endswith("sses"):
        return word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _german_singular(word: str) -> str:
    """``abrechnungen`` -> ``abrechnung``, ``abteilungen`` -> ``abteilung`` when that is known."""
    for suffix in ("en", "n", "e"):
        if (
            len(word) > len(suffix) + 3
            and word.endswith(suffix)
            and word[: -len(suffix)] in CANONICAL
        ):
            return word[: -len(suffix)]
    return word


def _known(word: str) -> bool:
    return (
        word in BASE_WORDS
        or word in _CANONICAL_TARGETS
        or word in CANONICAL
        or singular(word) in BASE_WORDS
        or _german_singular(word) in CANONICAL
    )


_KEY_TAILS = frozenset({"id", "no", "nr", "dt", "cd", "nm", "amt", "qty", "bal"})
# short abbreviations of the common list are read as whole words, never as the head of a
# compound ("appr|over" is not "approver")
_NO_COMPOUND_HEAD = frozenset(a for a in COMMON_ABBREVIATIONS if len(a) <= 4)


def split_compound(word: str, depth: int = _COMPOUND_TAILS) -> list[str]:
    """``invoicenumber`` -> [invoice, number]; ``versanddatum`` -> [versand, datum].

    Only unknown words of 6+ letters are split, at the longest known tail (4+ letters, a
    short plain word, or ``id``/``no``/``dt``…); the head is split again if it can be.
    """
    if depth <= 0 or len(word) < 6 or _known(word):
        return [word]
    for cut in range(3, len(word) - 1):
        head, tail = word[:cut], word[cut:]
        # short tails only when they are plain words or key abbreviations ("rep|ort" is no split);
        # a key abbreviation only after a known head ("insurance|no", not "repa|id")
        if len(tail) < 4 and tail not in BASE_WORDS and tail not in _KEY_TAILS:
            continue
        if tail in _KEY_TAILS and not _known(head):
            continue
        if not _known(tail):
            continue
        # German joins parts with -s- / -n- / -e-: "sendungsnummer", "kundenname"
        for candidate in (head, head[:-1] if head[-1] in "sne" else head):
            if _known(candidate) and candidate not in _NO_COMPOUND_HEAD:
                return [candidate, tail]
        return [*split_compound(head, depth - 1), tail]
    return [word]


# real words that end like a key abbreviation and are no run of abbreviations ("val|id")
_NOT_ABBREVIATION_RUNS = frozenset({"valid", "invalid"})


def split_abbreviations(word: str, depth: int = 2) -> list[str] | None:
    """``txndt`` -> [txn, dt], ``odlimit`` -> [od, limit], ``lasttxndt`` -> [last, txn, dt]:
    abbreviations written together without separators (legacy lower-case schemas).

    Every piece must be an abbreviation the vocabulary reads or a known word of three or more
    letters, and one piece a key's tail (``dt``, ``no``, ``id``, ``amt``…) or a known word of
    four letters or more ("rep|ort" and "co|ver" are words, not runs); the fewest pieces win.
    None when the word is no such run.
    """
    if word in _NOT_ABBREVIATION_RUNS or not word.isalpha():
        return None

    def piece(part: str, first: bool, last: bool) -> bool:
        # two letters only in front ("od|limit") or as a key's tail ("chq|no"): "nomin|ee" is
        # no employee
        if len(part) == 2:
            return (first and part in CANONICAL) or (last and part in _KEY_TAILS)
        return part in CANONICAL or (len(part) >= 3 and _known(part))

    best: list[str] | None = None
    first = depth == 2
    for cut in range(2, len(word) - 1):
        head, tail = word[:cut], word[cut:]
        if not piece(head, first, False):
            continue
        rest = (
            [tail]
            if piece(tail, False, True)
            else (split_abbreviations(tail, depth - 1) if depth else None)
        )
        if rest is not None and (best is None or len(rest) + 1 < len(best)):
            best = [head, *rest]
    if depth == 2 and best is not None:
        anchored = any(p in _KEY_TAILS or (len(p) >= 4 and _known(p)) for p in best)
        return best if anchored else None
    return best


def _translate(raw: str) -> list[str]:
    word = (
        CANONICAL.get(raw)
        or CANONICAL.get(singular(raw))
        or CANONICAL.get(_german_singular(raw))
        or singular(raw)
    )
    if word in ATOMIC:
        return [word]
    # a translation may itself be several words ("kontonummer" -> account_number)
    return [part if part in CANONICAL else singular(part) for part in word.split("_") if part]


_LONGEST_PHRASE = max(len(p) for p in PHRASES)
_OPENING_NEIGHBOURS = frozenset({"bal", "balance", "saldo", "solde", "date", "dt", "dte", "day"})
_NUMBERED = re.compile(r"^([a-z]{2,})\d{1,2}$")


@lru_cache(maxsize=65536)
def _canonical(name: str) -> tuple[str, ...]:
    raw = join_short_pieces([fold(w) for w in split_identifier(name)])
    if len(raw) >= 2 and raw[-1] == "at" and raw[-2] not in ("as", "on"):
        raw[-1] = "date"  # approvedAt, created_at: a timestamp
    for i, word in enumerate(raw):
        # "OPEN_BAL", "open date" open an account; "open qty", "open items" are still owed
        if (
            word == "open"
            and set(raw[i + 1 : i + 2] + raw[max(0, i - 1) : i]) & _OPENING_NEIGHBOURS
        ):
            raw[i] = "opening"
    # compounds are split before phrases are read: "sollstunden" is "soll stunden"
    expanded: list[str] = []
    for word in raw:
        known = (
            word in CANONICAL
            or singular(word) in CANONICAL
            or _german_singular(word) in CANONICAL
            or word in STOP_WORDS
            or word.isdigit()
        )
        expanded.extend([word] if known else split_compound(word))
    raw = expanded
    words: list[str] = []
    i = 0
    while i < len(raw):
        for size in range(min(_LONGEST_PHRASE, len(raw) - i), 1, -1):
            meaning = PHRASES.get(tuple(raw[i : i + size]))
            if meaning is not None:
                words.extend(_translate(meaning))
                i += size
                break
        else:
            word = raw[i]
            i += 1
            if word in STOP_WORDS:
                continue
            if word.isdigit():
                continue  # "SVC_ADDR_1": the digit numbers a part, it names nothing
            numbered = _NUMBERED.match(word)
            if numbered and word not in CANONICAL:
                word = numbered.group(1)  # "ADDR_LN1": a first address line
            if (
                word in CANONICAL
                or singular(word) in CANONICAL
                or _german_singular(word) in CANONICAL
            ):
                words.extend(_translate(word))
                continue
            parts = split_compound(word)
            if parts == [word] and 4 <= len(word) <= 14 and not _known(word):
                parts = split_abbreviations(word) or parts
            for part in parts:
                words.extend(_translate(part))
    return tuple(words)


def canonical_words(name: str) -> list[str]:
    """Canonical English words of an identifier or label (stop words dropped)."""
    return list(_canonical(name))


def raw_words(name: str) -> list[str]:
    """The folded words of ``name`` before translation (``Date de valeur`` -> date, de, valeur)."""
    return [fold(w) for w in split_identifier(name)]


_SYNONYM_INDEX: dict[str, set[int]] = {}
for _i, _group in enumerate(SYNONYM_GROUPS):
    for _w in _group:
        _SYNONYM_INDEX.setdefault(singular(_w), set()).add(_i)
_OPPOSITE_INDEX: dict[str, set[str]] = {}
for _pair in OPPOSITES:
    for _w in _pair:
        _OPPOSITE_INDEX.setdefault(_w, set()).update(_pair - {_w})


SYNONYM = 0.8


def stem(word: str) -> str:
    """A light English stem so ``issued``/``issue`` and ``reading``/``read`` meet."""
    for suffix in ("ing", "ed", "es", "e", "s"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


# words that are near each other only loosely ("Description" of a stock line is the product name)
WEAK_SYNONYM_GROUPS: list[frozenset[str]] = [
    frozenset({"inception", "commencement", "start"}),
    frozenset({"capacity", "limit", "maximum"}),
    frozenset({"first", "start", "initial"}),
    frozenset({"final", "end"}),
    frozenset({"town", "city"}),
    frozenset({"consignee", "importer", "receiver"}),
    frozenset({"shipper", "exporter", "consignor"}),
    frozenset({"cover", "coverage", "policy"}),
    frozenset({"description", "name", "title"}),
    frozenset({"reference", "number", "id"}),
    frozenset({"payment", "execution"}),  # a standing order's or a payment run's executions
]
_WEAK_INDEX: dict[str, set[int]] = {}
for _i, _group in enumerate(WEAK_SYNONYM_GROUPS):
    for _w in _group:
        _WEAK_INDEX.setdefault(_w, set()).add(_i)


def word_weight(word: str) -> float:
    """1, or 0.5 for generic words (name, amount, …)."""
    return 0.5 if word in SOFT_WORDS else 1.0


@lru_cache(maxsize=262144)
def word_similarity(a: str, b: str) -> float:
    """1 for the same canonical word, 0.7 for synonyms, 0.5 for a clear prefix, else 0."""
    if a == b:
        return 1.0
    if b in _OPPOSITE_INDEX.get(a, ()):
        return 0.0
    if stem(a) == stem(b):
        return 0.9
    if _SYNONYM_INDEX.get(a, set()) & _SYNONYM_INDEX.get(b, set()):
        return SYNONYM
    if _WEAK_INDEX.get(a, set()) & _WEAK_INDEX.get(b, set()):
        return 0.5
    if a.endswith("er") and b.endswith("ed") and a[:-2] == b[:-2]:
        return 0.9  # approver / approved
    if b.endswith("er") and a.endswith("ed") and a[:-2] == b[:-2]:
        return 0.9
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 7 and _one_letter_apart(short, long_):
        return SYNONYM  # a typo kept in a schema: SAP Business One's "Dscription"
    abbreviated = abbreviation_similarity(short, long_)
    if abbreviated:
        return abbreviated
    # an unknown abbreviation of a synonym: OUTSTD for "balance" (outstanding ~ balance)
    for unknown, other in ((a, b), (b, a)):
        if not is_known(unknown) and unknown.isalpha() and len(unknown) >= 3:
            via = [
                abbreviation_similarity(unknown, synonym) * SYNONYM
                for group in _SYNONYM_INDEX.get(other, ())
                for synonym in SYNONYM_GROUPS[group]
                if synonym != other
            ]
            if via and max(via) > 0:
                return max(via)
    if len(short) >= 3 and long_.startswith(short) and len(short) / len(long_) >= 0.5:
        return 0.5
    common = 0
    if not (short.isalpha() and long_.isalpha()):
        return 0.0
    while common < len(short) and short[common] == long_[common]:
        common += 1
    # entitled / entitlement, originated / original: the same stem spelled on
    if common >= 6 and common >= 0.7 * len(short):
        return 0.8
    return 0.0


def _one_letter_apart(short: str, long_: str) -> bool:
    """``long_`` is ``short`` with one letter more (or one letter changed)."""
    if not (short.isalpha() and long_.isalpha()):
        return False
    if len(long_) == len(short) + 1:
        return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))
    if len(long_) == len(short):
        return sum(x != y for x, y in zip(short, long_, strict=True)) == 1
    return False


def is_known(word: str) -> bool:
    """A word the vocabulary knows (a canonical English word or a base word of schemas), or an
    inflection of one (``opened`` of opening)."""
    return (
        word in BASE_WORDS
        or word in _CANONICAL_TARGETS
        or word in _SYNONYM_INDEX
        or word in ATOMIC
        or word in CANONICAL
        or stem(word) in _KNOWN_STEMS
    )


_KNOWN_STEMS = frozenset(
    stem(w)
    for w in (*BASE_WORDS, *_CANONICAL_TARGETS, *_SYNONYM_INDEX, *CURATED_MEANINGS)
    if "_" not in w and len(w) >= 4
)


def abbreviation_similarity(short: str, long_: str) -> float:
    """How surely an unknown short word abbreviates a longer one, by the rules systems use
    to abbreviate: a prefix (``PRIN`` principal, ``FREQ`` frequency, ``MAT`` maturity), the
    consonant skeleton or another subsequence from the same first letter (``CHNL`` channel,
    ``OUTSTD`` outstanding, ``AFTR`` after), or first and last letter (``LN`` loan).
    Words the vocabulary knows are compared by meaning, never by spelling."""
    if is_known(short) or not short.isalpha() or len(long_) <= len(short):
        return 0.0
    if short[0] != long_[0]:
        return 0.0
    if len(short) == 2:
        return 0.7 if short[1] == long_[-1] else 0.0
    if long_.startswith(short):
        return 0.85
    position = 0
    for letter in short:
        position = long_.find(letter, position)
        if position < 0:
            return 0.0
        position += 1
    # the abbreviation should cover the word, not stop in its first syllable
    return 0.75 if len(short) >= 3 and long_.find(short[-1], 1) >= len(long_) // 2 else 0.55


def opposite(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` name different shares of one thing (gross/net, debit/credit)."""
    return b in _OPPOSITE_INDEX.get(a, ())


_CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
# abbreviations that mean one thing on an amount and another on text or dates:
# raw word -> (reading on a number, reading otherwise)
AMBIGUOUS: dict[str, tuple[str, str]] = {
    "sec": ("seconds", "security"),
    "cls": ("closing", "class"),
    "lst": ("income_tax", "last"),
    "curr": ("current", "currency"),
    "cur": ("current", "currency"),
    "exp": ("expense", "exp"),
    "prem": ("premium", "premises"),
    "pd": ("paid", "period"),
    "nom": ("nominal", "name"),
    "tipo": ("rate", "type"),  # Spanish: tipo de IVA / de interés / de cambio is a rate
}
# abbreviations that mean a kind of date on a date column: raw word -> reading on a date
DATE_READINGS: dict[str, str] = {
    "pst": "posting",
    "prd": "period",
    "exp": "expiry",
    "pd": "paid",
    "eff": "effective",
    "stl": "settlement",
}


def join_short_pieces(raw: list[str]) -> list[str]:
    """Pieces a camelCase split cut out of one abbreviation, joined again: ``SolZ`` -> solz,
    ``KiSt`` -> kist, ``LSt`` -> lst, ``b_s`` -> bs — when one piece has at most two letters
    and the joined word is one the vocabulary knows."""
    joined: list[str] = []
    i = 0
    while i < len(raw):
        if i + 1 < len(raw):
            a, b = raw[i], raw[i + 1]
            both = a + b
            if (
                (len(a) <= 2 or len(b) <= 2)
                and a.isalpha()
                and b.isalpha()
                and (both in CANONICAL or both in AMBIGUOUS)
                and not (a in CANONICAL and b in CANONICAL and len(a) > 1 and len(b) > 1)
            ):
                joined.append(both)
                i += 2
                continue
        joined.append(raw[i])
        i += 1
    return joined


# Hungarian notation (VB/Access-era schemas: strCompanyName, curNetAmount, dtmDueDate): a
# lower-case type prefix glued to a PascalCase name says the type, not the meaning
HUNGARIAN_PREFIXES = frozenset(
    {"str", "int", "lng", "dbl", "sng", "cur", "dtm", "bln", "ysn", "chr", "byt", "mny", "vch"}
)
_HUNGARIAN = re.compile(r"^([a-z]{3})(?=[A-Z])")


def hungarian_prefix(name: str) -> str | None:
    """The type prefix of a Hungarian-notation name (``cur`` of ``curNetAmount``), or None."""
    found = _HUNGARIAN.match(name)
    return found.group(1) if found and found.group(1) in HUNGARIAN_PREFIXES else None


def uses_hungarian_notation(names: list[str]) -> bool:
    """True when at least half of a table's column names carry a type prefix, of two kinds
    or more: then ``cur`` is the currency type, not "current" (``curBalance`` alone stays
    a current balance)."""
    prefixes = [hungarian_prefix(n) for n in names]
    marked = [p for p in prefixes if p is not None]
    return len(set(marked)) >= 2 and 2 * len(marked) >= len(names)


def column_words(
    name: str,
    samples: tuple[str, ...] = (),
    numeric: bool | None = None,
    temporal: bool = False,
) -> list[str]:
    """Canonical words of a column name, read with its type and samples: ``CURR_RDG`` holding
    numbers is a *current* reading, ``CURR_CD`` holding EUR a currency; ``RATE_CLS`` (text)
    a class, ``CLS_BAL`` (amount) a closing balance; ``LST`` an amount is income tax;
    ``pstDt`` (a date) a posting date, ``PRD_ST_DT`` a period's start."""
    if numeric is not None:
        raw = join_short_pieces([fold(w) for w in split_identifier(name)])
        if temporal and any(w in DATE_READINGS for w in raw):
            raw = [DATE_READINGS.get(w, w) for w in raw]
        if any(w in AMBIGUOUS for w in raw):
            raw = [AMBIGUOUS[w][0 if numeric else 1] if w in AMBIGUOUS else w for w in raw]
        name = "_".join(raw)
    words = canonical_words(name)
    if not samples:
        return words
    codes = all(_CURRENCY_RE.match(s) for s in samples)
    if "currency" in words and not codes:
        words = ["current" if w == "currency" else w for w in words]
    elif "current" in words and codes:
        words = ["currency" if w == "current" else w for w in words]
    return words
