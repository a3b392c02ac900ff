"""What statement words mean: column labels, balance and total rows, section headings.

Vocabulary only (English, German, French, Spanish, Italian, Dutch, Portuguese). Labels
are hints: the table is found from dates and amounts, and arithmetic decides the roles;
a label breaks ties and names columns when the numbers cannot.
"""

from __future__ import annotations

import re
from functools import lru_cache

from neurareport_resources.extraction.dates import _fold

MONEY_ROLES = ("debit", "credit", "amount", "balance")

_ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "date": (
        "date", "datum", "fecha", "data", "buchungstag", "buchungsdatum", "buchung", "posting date",
        "post date", "trans date", "transaction date", "txn date", "tran date", "booking date",
        "date operation", "fecha operacion", "date op", "date de l operation", "date operation",
        "data operazione", "data contabile", "boekdatum", "boekingsdatum", "transactiedatum",
        "data movimento", "data lancamento", "data mov", "fecha oper", "f operacion", "bu tag",
        "tag", "posted", "date posted", "trans", "date of transaction", "transaction", "dt",
    ),
    "value_date": (
        "value date", "valuta", "wertstellung", "date valeur", "valeur", "fecha valor", "value",
        "data valuta", "valutadatum", "rentedatum", "data valor", "wert", "f valor", "val date",
        "effective date", "date de valeur", "val", "wertst", "wertstellung", "valuta datum",
    ),
    "description": (
        "description", "details", "transaction details", "particulars", "narrative", "memo",
        "reference", "verwendungszweck", "buchungstext", "text", "libelle", "concepto",
        "descripcion", "operation", "designation", "beschreibung", "detail", "payee",
        "transaction description", "nature de l operation", "vorgang", "erlauterung",
        "descrizione", "causale", "omschrijving", "mededeling", "descricao", "historico",
        "movimento", "merchant", "narration", "remarks", "details of transaction",
        "libelle de l operation", "operations", "concept", "naam omschrijving",
    ),
    "debit": (
        "debit", "debits", "withdrawals", "withdrawal", "paid out", "money out", "out", "soll",
        "belastung", "belastungen", "lastschrift", "cargo", "cargos", "debe", "debit amount",
        "payments", "withdrawals debits", "ausgang", "ausgange", "addebiti", "addebito", "dare",
        "af", "debet", "debito", "debitos", "saida", "saidas", "uscite", "retraits", "sorties",
        "minus", "subtractions", "withdrawals subtractions", "charges", "dr", "spent",
        "payments out", "amount debited", "withdrawal amt", "debit amt", "afschrijving",
        "afschrijvingen", "afgeschreven", "debet bedrag", "egresos", "retiros",
    ),
    "credit": (
        "credit", "credits", "deposits", "deposit", "paid in", "money in", "in", "haben",
        "gutschrift", "gutschriften", "abono", "abonos", "haber", "credit amount", "receipts",
        "deposits credits", "eingang", "eingange", "accrediti", "accredito", "avere", "bij",
        "credito", "creditos", "entrada", "entradas", "entrate", "versements", "entrees",
        "plus", "additions", "deposits additions", "cr", "received", "payments in",
        "amount credited", "deposit amt", "credit amt", "bijschrijving", "bijschrijvingen",
        "bijgeschreven", "ingresos", "depositos",
    ),
    "amount": (
        "amount", "betrag", "montant", "importe", "umsatz", "value amount", "sum", "importo",
        "bedrag", "valor", "montante", "amount eur", "transaction amount", "betrag eur",
    ),
    "balance": (
        "balance", "saldo", "solde", "kontostand", "running balance", "balance amount", "saldo eur",
        "saldo contabile", "ending daily balance", "daily balance", "closing balance",
        "available balance", "ledger balance",
    ),
}  # fmt: skip
_ROLE_LOOKUP = {word: role for role, words in _ROLE_WORDS.items() for word in words}
_GLUED_CURRENCY = re.compile(r"(?<=[a-z])(?:eur|usd|gbp|chf)\b")
_CURRENCY_TOKENS = re.compile(
    r"\b(?:eur|usd|gbp|chf|aud|cad|jpy|sek|nok|dkk|pln|inr|ngn|sgd|in|en)\b|[€$£₹₦]"
)

# rows that carry a balance or a total, not a transaction
_OPENING_WORDS = (
    "brought forward", "opening balance", "previous balance", "ubertrag", "vortrag",
    "alter kontostand", "anfangssaldo", "alter saldo", "solde initial", "solde precedent",
    "ancien solde", "saldo inicial", "saldo anterior", "starting balance", "beginning balance",
    "balance forward", "balance brought forward", "saldo iniziale", "saldo precedente",
    "beginsaldo", "vorig saldo", "saldo vorig", "oud saldo", "saldo anterior", "saldo inicial",
    "start balance", "balance b f", "b f", "report", "solde reporte", "balance at start",
    "opening bal", "saldo vortrag", "previous statement balance", "last statement balance",
    # card statements: what the holder owed at the last statement
    "balance from last statement", "saldo letzte abrechnung", "vorheriger saldo",
    "saldovortrag", "solde du releve precedent", "deuda anterior", "saldo precedente",
    "saldo iniziale", "vorig saldo", "saldo vorige opgave", "saldo do extrato anterior",
    "saldo inicial do periodo", "alter saldo", "ancien solde",
)  # fmt: skip
_CLOSING_WORDS = (
    "carried forward", "closing balance", "new balance", "neuer kontostand", "endsaldo",
    "schlusssaldo", "neuer saldo", "solde final", "nouveau solde", "saldo final", "ending balance",
    "balance carried forward", "saldo finale", "eindsaldo", "nieuw saldo", "saldo atual",
    "saldo finale contabile", "closing bal", "c f", "balance c f", "end balance",
    "balance at end", "statement balance",
    "nouveau solde crediteur", "nouveau solde debiteur", "saldo actual",
    "a reporter", "zu ubertragen", "saldo da riportare", "solde a reporter",
    # card statements: what the holder owes now
    "new balance total", "rechnungsbetrag", "saldo zu ihren lasten", "solde a payer",
    "nuevo saldo", "saldo pendiente", "deuda total", "nuovo saldo", "saldo da pagare",
    "importo dovuto", "nieuw saldo", "te betalen", "openstaand saldo", "novo saldo",
    "saldo em divida", "total a pagar", "saldo atual", "saldo final do periodo",
    "total amount due", "amount due", "balance due", "total due", "debit balance",
    "saldo a debito", "saldo debitore", "saldo deudor", "saldo devedor", "saldo a vostro debito",
    "importo da pagare", "montant a payer", "importe a pagar", "valor a pagar", "zu zahlen",
    "amount to pay", "payment amount due", "totaal verschuldigd", "total owed",
)  # fmt: skip
# printed at both ends of a page (Dutch and Portuguese "transport", German "Übertrag"):
# the row's place says whether it brings a balance forward or carries it on
_FORWARD_WORDS = (
    "transport", "transporte", "ubertrag", "a transportar", "transportado", "report",
    "a reporter", "zu ubertragen", "saldo ubertrag", "suma y sigue", "riporto", "a riportare",
    "da riportare", "saldo riportato", "saldo over", "suma anterior", "som vorige",
    "zwischensaldo", "saldo a cuenta nueva", "saldo a nueva cuenta",
    # a balance at a date, printed above the rows and again under them ("SOLDE CREDITEUR AU
    # 01.03.2023", "Kontostand am 28.02.2023"): the row's place or the date says which end
    "solde crediteur", "solde debiteur", "solde au", "kontostand am", "kontostand vom",
    "balance as at", "balance as of", "balance on", "saldo al", "saldo am", "saldo per",
)  # fmt: skip
_TOTAL_WORDS = (
    "total", "totals", "subtotal", "sub-total", "sub total", "summe", "zwischensumme", "totaux",
    "total des operations", "suma y sigue", "suma", "totale", "totaal", "subtotaal", "totale movimenti",
    "total movimentos", "total debits", "total credits", "total deposits", "total withdrawals",
    "page total", "totals for period", "umsatzsumme", "summe soll", "summe haben", "gesamt",
    "total for", "totale operazioni", "sommes", "total du", "daily total", "totales", "totali",
    "totais", "somme precedente", "totale precedente", "total this page", "total on this page",
    "totals this page", "page totals", "totals on this page",
)  # fmt: skip
_SPECIAL_PHRASES: tuple[tuple[str, str], ...] = tuple(
    sorted(
        [(w, "forward") for w in _FORWARD_WORDS]
        + [(w, "opening") for w in _OPENING_WORDS if w not in _FORWARD_WORDS]
        + [(w, "closing") for w in _CLOSING_WORDS if w not in _FORWARD_WORDS]
        + [(w, "subtotal") for w in _TOTAL_WORDS if w not in _FORWARD_WORDS],
        key=lambda item: -len(item[0]),
    )
)

# section headings that say which way the money under them went
_MONEY_IN_SECTIONS = (
    "deposits", "deposits and additions", "deposits and other credits", "credits",
    "other credits", "payments and other credits", "payments and credits", "payments credits",
    "money in", "paid in", "receipts", "additions", "credits received", "refunds",
    "payments received", "your payments", "payment received", "gutschriften", "eingange",
    "zahlungseingange", "habenbuchungen", "zahlungen und gutschriften", "eingange gutschriften",
    "credits", "versements", "remises", "paiements et credits", "operations au credit",
    "remboursements", "credits divers", "abonos", "ingresos", "pagos y abonos",
    "operaciones de abono", "accrediti", "entrate", "versamenti", "pagamenti e accrediti",
    "operazioni a credito", "bijschrijvingen", "ontvangsten", "betalingen en creditboekingen",
    "betalingen", "creditos", "entradas", "depositos", "pagamentos e creditos",
    "movimentos a credito",
)  # fmt: skip
_MONEY_OUT_SECTIONS = (
    "withdrawals", "withdrawals and other debits", "other debits", "debits",
    "atm and debit card withdrawals", "atm debit card withdrawals", "electronic withdrawals",
    "checks paid", "cheques paid", "checks", "fees", "service fees", "purchases",
    "purchases and adjustments", "new purchases", "cash advances", "money out", "paid out",
    "purchases and other debits", "withdrawals and debits", "fees charged",
    "interest charged", "lastschriften", "belastungen", "abbuchungen", "ausgange",
    "sollbuchungen", "kaufe", "umsatze", "ihre umsatze", "debits", "prelevements",
    "achats", "vos achats", "operations au debit", "retraits", "paiements par carte",
    "debits divers", "cargos", "compras", "sus compras", "adeudos", "gastos",
    "operaciones de cargo", "addebiti", "uscite", "acquisti", "prelievi",
    "operazioni a debito", "afschrijvingen", "aankopen", "uitgaven", "debitos", "saidas",
    "levantamentos", "movimentos a debito", "despesas",
    # fees, as a section of their own
    "gebuhren", "entgelte", "frais", "commissions", "comisiones", "commissioni", "spese",
    "kosten", "taxas", "comissoes", "charges", "bank charges",
)  # fmt: skip
_SECTION_SIGNS: tuple[tuple[str, int], ...] = tuple(
    sorted(
        [(w, 1) for w in _MONEY_IN_SECTIONS] + [(w, -1) for w in _MONEY_OUT_SECTIONS],
        key=lambda item: -len(item[0]),
    )
)


_SECTION_LOOKUP = dict(_SECTION_SIGNS)
# "Withdrawals (continued)", "Gutschriften Fortsetzung", a count or total after the heading
_CONTINUED = re.compile(
    r"\b(?:continued|cont|suite|fortsetzung|fortgesetzt|continua|continuacion|vervolg|"
    r"continuacao)\b.*$|\s\d+$"
)


def fold_words(text: str) -> str:
    """Lower-case, accents and punctuation removed, spaces collapsed."""
    return " ".join(re.sub(r"[^\w\s]", " ", _fold(text)).split())


@lru_cache(maxsize=4096)
def role_of_label(text: str) -> str | None:
    """The column role a header label names ('Paid out' -> 'debit'), or None."""
    folded = _fold(text)
    folded = _GLUED_CURRENCY.sub(" ", folded)  # OCR glues "SaldoEUR"
    folded = _CURRENCY_TOKENS.sub(" ", folded)
    folded = " ".join(re.sub(r"[^\w\s]", " ", folded).split())
    if not folded:
        return None
    if folded in _ROLE_LOOKUP:
        return _ROLE_LOOKUP[folded]
    words = folded.split()
    for size in (3, 2, 1):
        for start in range(len(words) - size + 1):
            role = _ROLE_LOOKUP.get(" ".join(words[start : start + size]))
            if role and (size > 1 or len(words[start]) > 2):
                return role
    return None


# a balance named by two words: "balance" in some language and where in time it stands
BALANCE_WORDS = frozenset(
    ["balance", "saldo", "solde", "kontostand", "stand", "bal", "saldi", "soldes", "balans"]
)
_START_WORDS = frozenset(
    [
        "opening",
        "previous",
        "old",
        "initial",
        "inicial",
        "iniziale",
        "anterior",
        "precedent",
        "precedente",
        "alter",
        "alte",
        "alt",
        "vorig",
        "vorige",
        "begin",
        "beginning",
        "start",
        "starting",
        "brought",
        "ancien",
        "ancienne",
        "vortrag",
        "eroffnung",
        "anfang",
        "anfangs",
        "oud",
    ]
)
_END_WORDS = frozenset(
    [
        "closing",
        "end",
        "ending",
        "final",
        "finale",
        "fin",
        "new",
        "nouveau",
        "nouvelle",
        "nuevo",
        "neuer",
        "neue",
        "neu",
        "eind",
        "nieuw",
        "atual",
        "actual",
        "novo",
        "nuovo",
        "nueva",
        "nuova",
        "nieuwe",
        "neues",
        "carried",
        "schluss",
        "end",
        "ending",
        "current",
    ]
)


def _composed_balance(folded: str) -> str | None:
    words = folded.split()
    if not 2 <= len(words) <= 6 or not BALANCE_WORDS & set(words):
        return None
    if _START_WORDS & set(words):
        return "opening"
    if _END_WORDS & set(words):
        return "closing"
    return None


_SPECIAL_LOOKUP: dict[str, str] = {}
for _phrase, _kind in reversed(_SPECIAL_PHRASES):  # the longer phrase wins a tie
    _SPECIAL_LOOKUP[_phrase] = _kind
_LONGEST_PHRASE = max(len(phrase.split()) for phrase, _ in _SPECIAL_PHRASES)


@lru_cache(maxsize=16384)
def special_row_kind(description: str, exact: bool = False) -> str | None:
    """'opening', 'closing', 'forward' (either end) or 'subtotal' when a row's words name a
    balance or total line, else None. ``exact``: the words are the phrase alone.

    Otherwise the phrase may start or end the text, or stand inside a short text; the
    longest phrase found wins. Dictionary lookups of word runs: a 1,000-page statement
    asks for every row.
    """
    folded = fold_words(description)
    if not folded:
        return None
    found = _SPECIAL_LOOKUP.get(folded)
    if found is not None or exact:
        return found
    words = folded.split()
    best: tuple[int, str] | None = None
    inside = len(folded) < 60
    for size in range(min(_LONGEST_PHRASE, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            at_edge = start == 0 or start + size == len(words)
            if not at_edge and not inside:
                continue
            phrase = " ".join(words[start : start + size])
            kind = _SPECIAL_LOOKUP.get(phrase)
            if kind is None or (not at_edge and len(phrase) <= 6):
                continue
            if best is None or len(phrase) > best[0]:
                best = (len(phrase), kind)
        if best is not None:
            return best[1]
    return _composed_balance(folded)


@lru_cache(maxsize=8192)
def section_sign(text: str) -> int | None:
    """+1 / -1 when ``text`` is a section heading naming money in or out, else None."""
    folded = _CONTINUED.sub("", fold_words(text)).strip()
    if not folded or len(folded) > 60:
        return None
    # the heading is the phrase alone: "SCHOOL FEES" in a description is not a section
    return _SECTION_LOOKUP.get(folded)


_PAGE_NUMBER = re.compile(
    r"^[-–\s]*(?:(?:page|seite|blatt|pagina|página|pag|pág|p|folha|hoja|feuille|blad)\.?\s*)?"
    r"\d{1,4}\s*(?:(?:of|von|de|di|sur|van|da|/)\s*\d{1,4})?[-–\s]*$",
    re.IGNORECASE,
)


def is_page_number(text: str) -> bool:
    """A page's number as printed in its header or footer ("Page 2 of 5", "Seite 2/5",
    "- 2 -"): never part of a transaction's description."""
    stripped = text.strip()
    return bool(stripped) and not stripped.isdigit() and bool(_PAGE_NUMBER.match(stripped))


# headings over a list of transactions that say nothing of its direction ("Operazioni",
# "Buchungen", "Account activity"): a line of them alone ends the row above
_LIST_HEADINGS = frozenset(
    [
        "transactions", "transaction details", "account activity", "transaction detail",
        "operazioni", "movimenti", "movimenti del periodo", "elenco movimenti",
        "buchungen", "umsatze", "kontobewegungen", "operations", "detail des operations",
        "movimientos", "detalle de movimientos", "mutaties", "transacties", "movimentos",
        "extrato de movimentos", "transakcje", "operacje",
    ]
)  # fmt: skip


def is_list_heading(text: str) -> bool:
    """A line naming the list of transactions below it, and nothing else."""
    return fold_words(text) in _LIST_HEADINGS
