"""Words the heuristic mapper understands: abbreviations, translations and synonym groups.

Every identifier is reduced to canonical English words; two names match when their
canonical words overlap. Kept as data so a new domain is a dictionary edit.
"""

from __future__ import annotations

from neurareport_resources.templating.names import split_identifier

STOP_WORDS = frozenset(
    {
        "the",
        "of",
        "a",
        "an",
        "de",
        "del",
        "la",
        "el",
        "los",
        "las",
        "der",
        "die",
        "das",
        "des",
        "per",
        "for",
        "von",
        "y",
        "and",
        "und",
        "en",
        "al",
        "is",
    }
)

# abbreviation or foreign word -> canonical English word (after singularisation)
CANONICAL: dict[str, str] = {
    # abbreviations
    "txn": "transaction",
    "trx": "transaction",
    "tx": "transaction",
    "trans": "transaction",
    "tran": "transaction",
    "trn": "transaction",
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
    "desc": "description",
    "descr": "description",
    "dscr": "description",
    "dsc": "description",
    "cat": "category",
    "categ": "category",
    "ctg": "category",
    "ccy": "currency",
    "cur": "currency",
    "curr": "currency",
    "crncy": "currency",
    "cust": "customer",
    "clnt": "customer",
    "qty": "quantity",
    "inv": "invoice",
    "emp": "employee",
    "empl": "employee",
    "addr": "address",
    "nm": "name",
    "ref": "reference",
    "tot": "total",
    "ttl": "total",
    "cnt": "count",
    "opn": "opening",
    "open": "opening",
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
    "prc": "price",
    "org": "organization",
    "dept": "department",
    "dpt": "department",
    "mgr": "manager",
    "tel": "phone",
    "ph": "phone",
    "hldr": "holder",
    "stmt": "statement",
    "stmnt": "statement",
    "pd": "period",
    "per": "period",
    "avg": "average",
    "mgmt": "management",
    "prod": "product",
    "sku": "product",
    "itm": "item",
    "ln": "line",
    "seq": "sequence",
    "cd": "code",
    "typ": "type",
    "sal": "salary",
    "hrs": "hours",
    "hr": "hours",
    "st": "start",
    "strt": "start",
    "fn": "first",
    "ln_": "last",
    "fname": "first",
    "lname": "last",
    "eml": "email",
    "mail": "email",
    "pmt": "payment",
    "pymt": "payment",
    "tax": "tax",
    "vat": "tax",
    "disc": "discount",
    "dsct": "discount",
    "ship": "shipping",
    "shp": "shipping",
    "wh": "warehouse",
    "loc": "location",
    "stat": "status",
    "sts": "status",
    "upd": "updated",
    "crt": "created",
    "dob": "birth",
    "pos": "position",
    "iban": "iban",
    "bic": "bic",
    "id": "id",
    "pk": "id",
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
    "suma": "total",
    "mes": "month",
    "ano": "year",
    "año": "year",
    "tipo": "type",
    "codigo": "code",
    "unidad": "unit",
    "unitario": "unit",
    "horas": "hours",
    "hora": "hours",
    "contratacion": "hire",
    "alta": "hire",
    "puesto": "position",
    "cargo_": "position",
    # German
    "datum": "date",
    "betrag": "amount",
    "kontostand": "balance",
    "buchungstext": "description",
    "verwendungszweck": "description",
    "konto": "account",
    "kontonummer": "account_number",
    "inhaber": "holder",
    "kontoinhaber": "account_holder",
    "waehrung": "currency",
    "währung": "currency",
    "kategorie": "category",
    "nummer": "number",
    "anfang": "opening",
    "ende": "end",
    "kunde": "customer",
    "rechnung": "invoice",
    "menge": "quantity",
    "preis": "price",
    "summe": "total",
    "gesamt": "total",
    "anzahl": "count",
    # more abbreviations and words for period bounds
    "fst": "first",
    "frst": "first",
    "lst": "last",
    "grs": "gross",
    "wrkd": "worked",
    "payrl": "payroll",
    "cst": "cost",
    "ctr": "center",
    "from": "start",
    "to": "end",
    "since": "start",
    "until": "end",
    # German words common in business schemas
    "gewicht": "weight",
    "empfaenger": "recipient",
    "empfänger": "recipient",
    "versand": "shipping",
    "sendung": "shipment",
    "strasse": "street",
    "straße": "street",
    "ort": "city",
    "stadt": "city",
    "land": "country",
    "kunden": "customer",
    "plz": "postcode",
    "status": "status",
}

# canonical words that mean nearly the same thing (a weaker match than equality)
SYNONYM_GROUPS: list[frozenset[str]] = [
    frozenset({"holder", "owner", "customer", "client", "accountholder", "payer", "name"}),
    frozenset(
        {
            "description",
            "memo",
            "narrative",
            "detail",
            "text",
            "label",
            "particular",
            "purpose",
            "note",
            "payee",
            "merchant",
        }
    ),
    frozenset({"amount", "value", "sum", "money", "total"}),
    frozenset({"category", "class", "classification", "group"}),
    frozenset({"opening", "start", "beginning", "initial", "previous", "starting"}),
    frozenset({"closing", "end", "ending", "final", "current"}),
    frozenset({"date", "day", "posted", "booking", "booked", "on"}),
    frozenset({"credit", "deposit", "income", "inflow", "received", "in", "incoming"}),
    frozenset({"debit", "withdrawal", "outflow", "expense", "spent", "charge", "out", "outgoing"}),
    frozenset({"quantity", "unit", "count"}),
    frozenset({"price", "rate", "cost", "charge", "fee"}),
    frozenset({"salary", "pay", "wage", "compensation"}),
    frozenset({"employee", "staff", "worker"}),
    frozenset({"customer", "buyer", "client"}),
    frozenset({"supplier", "vendor"}),
    frozenset({"total", "gross"}),
    frozenset({"email", "mail"}),
    frozenset({"phone", "telephone", "mobile"}),
    frozenset({"due", "deadline"}),
    frozenset({"hire", "joined", "start"}),
    frozenset({"position", "title", "role", "job"}),
    frozenset({"transaction", "movement", "entry", "operation", "booking"}),
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
        "posted",
        "booked",
        "time",
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
        "payment",
        "subtotal",
        "opening",
        "closing",
        "value",
        "pay",
        "gross",
        "net",
    }
)
COUNT_WORDS = frozenset({"count", "quantity"})
# generic words that say little on their own: they weigh half when matching
SOFT_WORDS = frozenset({"name", "full", "amount", "value", "money", "text", "number"})
ROW_ENTITY_WORDS = frozenset(
    {
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
    }
)


def singular(word: str) -> str:
    """Crude singular of an English/Spanish plural (``transactions`` -> ``transaction``)."""
    if len(word) > 4 and word.endswith("sses"):
        return word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


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
    }
)
_COMPOUND_TAILS = 2  # at most three parts


def _known(word: str) -> bool:
    return word in BASE_WORDS or word in CANONICAL or singular(word) in BASE_WORDS


def split_compound(word: str, depth: int = _COMPOUND_TAILS) -> list[str]:
    """``invoicenumber`` -> [invoice, number]; ``versanddatum`` -> [versand, datum].

    Only unknown words of 6+ letters are split, at the longest known tail (4+ letters, a
    short plain word, or ``id``/``no``/``dt``…); the head is split again if it can be.
    """
    if depth <= 0 or len(word) < 6 or _known(word):
        return [word]
    for cut in range(3, len(word) - 1):
        head, tail = word[:cut], word[cut:]
        # short tails only when they are plain words or key abbreviations ("rep|ort" is no split)
        if (
            len(tail) < 4
            and tail not in BASE_WORDS
            and tail not in ("id", "no", "nr", "dt", "cd", "nm")
        ):
            continue
        if not _known(tail):
            continue
        # German joins parts with -s- / -n-: "sendungsnummer", "kundenname"
        for candidate in (head, head[:-1] if head[-1] in "sn" else head):
            if _known(candidate):
                return [candidate, tail]
        return [*split_compound(head, depth - 1), tail]
    return [word]


def canonical_words(name: str) -> list[str]:
    """Canonical English words of an identifier or label (stop words dropped)."""
    out: list[str] = []
    for raw in split_identifier(name):
        if raw in STOP_WORDS:
            continue
        for part_raw in split_compound(raw):
            word = (
                CANONICAL.get(part_raw) or CANONICAL.get(singular(part_raw)) or singular(part_raw)
            )
            # a translation may itself be two words ("kontonummer" -> account_number)
            out.extend(singular(part) for part in word.split("_") if part)
    return out


_SYNONYM_INDEX: dict[str, set[int]] = {}
for _i, _group in enumerate(SYNONYM_GROUPS):
    for _w in _group:
        _SYNONYM_INDEX.setdefault(singular(_w), set()).add(_i)


def stem(word: str) -> str:
    """A light English stem so ``issued``/``issue`` and ``reading``/``read`` meet."""
    for suffix in ("ing", "ed", "es", "e", "s"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def word_weight(word: str) -> float:
    """1, or 0.5 for generic words (name, amount, …)."""
    return 0.5 if word in SOFT_WORDS else 1.0


def word_similarity(a: str, b: str) -> float:
    """1 for the same canonical word, 0.7 for synonyms, 0.5 for a clear prefix, else 0."""
    if a == b:
        return 1.0
    if stem(a) == stem(b):
        return 0.9
    if _SYNONYM_INDEX.get(a, set()) & _SYNONYM_INDEX.get(b, set()):
        return 0.7
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 3 and long_.startswith(short) and len(short) / len(long_) >= 0.4:
        return 0.5
    return 0.0
