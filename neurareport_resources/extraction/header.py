"""The statement header: holder, account, period, currency, opening and closing balance.

Read from the text around the table, in any of the languages the labels module knows:
a label chunk and the value beside it (or under it), a label glued to its value, an IBAN
anywhere (checked by its mod-97 digits), a period as two dates in either day order, and
the holder as the first line of the address block when nothing labels it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

from neurareport_resources.extraction.dates import _fold, find_date_parts, fold_month, resolve_date
from neurareport_resources.extraction.labels import BALANCE_WORDS, fold_words, special_row_kind
from neurareport_resources.extraction.model import StatementHeader
from neurareport_resources.extraction.numbers import parse_amount, repair_ocr_amount, scan_money
from neurareport_resources.extraction.words import Line, Word

_LABELS: dict[str, tuple[str, ...]] = {
    "holder": (
        "account holder", "holder", "customer name", "customer", "name", "account name",
        "kontoinhaber", "inhaber", "titulaire", "titulaire du compte", "titular", "client",
        "intestatario", "intestato a", "rekeninghouder", "ten name van", "tenaamstelling",
        "titular da conta", "cliente", "nome", "nombre", "kunde", "kundenname",
        "name of account holder", "a c name", "ac name", "acct name", "account title",
        "name of customer", "customer s name", "nom du titulaire", "nombre del titular",
    ),
    "account_number": (
        "account number", "account no", "account", "kontonummer", "konto", "konto nr",
        "numero de compte", "n de compte", "no de compte", "compte", "numero de cuenta",
        "cuenta", "account num", "a c no", "ac no", "conto", "conto corrente", "conto corrente n",
        "numero conto", "n conto", "rekeningnummer", "rekeningnr", "rekening", "conta", "n conta",
        "numero da conta", "conta n", "cuenta n", "n cuenta", "numero cuenta", "account nr",
        "kontonr", "konto nummer", "compte n", "compte no", "numero de compte courant",
        "a c", "acct", "acct no", "account no", "ac", "c c", "cc", "conto n",
        "girokonto", "girokonto nummer", "tagesgeldkonto", "sparkonto", "kontokorrent",
    ),
    "card": (
        "card number", "card no", "kartennummer", "karte", "numero de carte", "carte n", "carte",
        "n de tarjeta", "numero de tarjeta", "tarjeta", "numero carta", "carta n", "carta",
        "kaartnummer", "numero do cartao", "cartao n", "cartao", "nº de tarjeta", "card",
    ),
    "iban": ("iban", "iban n", "iban nr"),
    "period": (
        "statement period", "period", "zeitraum", "abrechnungszeitraum", "periode", "periodo",
        "for the period", "statement dates", "auszugszeitraum", "periode du", "periodo de",
        "periodo di riferimento", "over de periode", "periode van", "periodo del",
        "kontoauszug vom", "releve du", "extracto del", "estratto conto dal", "from",
        "statement from", "period covered", "fur den zeitraum",
    ),
    "currency": (
        "currency", "wahrung", "devise", "moneda", "divisa", "account currency", "valuta",
        "munteenheid", "moeda", "kontowahrung", "devise du compte", "monnaie",
        "monnaie du compte", "divisa del conto", "valuta del conto", "moneda de la cuenta",
        "moeda da conta", "rekeningvaluta", "currency of account", "wahrung des kontos", "ccy",
    ),
}  # fmt: skip
_LABEL_LOOKUP = {label: field for field, labels in _LABELS.items() for label in labels}
_LABELS_BY_LENGTH = sorted(_LABEL_LOOKUP, key=len, reverse=True)
# a label the value was printed against without a space ("Periodo di riferimentoDal ...")
_GLUED_LABEL = re.compile(
    "^(" + "|".join(re.escape(label) for label in _LABELS_BY_LENGTH if len(label) >= 5) + ")"
)
_NOT_ACCOUNT = (
    "sort code", "bic", "swift", "blz", "cab", "abi", "agencia", "branch", "bsb", "routing",
    "bankleitzahl", "code banque", "code guichet", "sucursal", "filiale",
)  # fmt: skip
_SYMBOLS: tuple[tuple[str, str], ...] = (
    ("A$", "AUD"), ("AU$", "AUD"), ("C$", "CAD"), ("CA$", "CAD"), ("S$", "SGD"), ("HK$", "HKD"),
    ("NZ$", "NZD"), ("R$", "BRL"), ("US$", "USD"), ("€", "EUR"), ("£", "GBP"), ("₹", "INR"),
    ("Rs.", "INR"), ("Rs", "INR"), ("₦", "NGN"), ("¥", "JPY"), ("Fr.", "CHF"), ("SFr", "CHF"),
    ("zł", "PLN"), ("Kč", "CZK"), ("Ft", "HUF"), ("Euro", "EUR"), ("EURO", "EUR"), ("$", "USD"),
)  # fmt: skip
_ISO_CODES = (
    "EUR", "USD", "GBP", "CHF", "AUD", "CAD", "JPY", "SEK", "NOK", "DKK", "PLN", "CZK", "NZD",
    "ZAR", "INR", "SGD", "HKD", "NGN", "BRL", "MXN", "HUF", "RON", "TRY", "MYR", "AED", "KES",
)  # fmt: skip
_CURRENCY_MARK = "|".join(
    [re.escape(symbol) for symbol, _ in sorted(_SYMBOLS, key=lambda pair: -len(pair[0]))]
    + list(_ISO_CODES)
)
# a currency code or symbol printed right on an amount with cents, on either side
_AMOUNT_WITH_CURRENCY = re.compile(
    rf"(?<![A-Za-z])(?P<before>{_CURRENCY_MARK})\s?[-+]?\d[\d.,' ]*[.,]\d{{2}}(?!\d)"
    rf"|(?<![\d.,])\d[\d.,' ]*[.,]\d{{2}}\s?(?P<after>{_CURRENCY_MARK})(?![A-Za-z])"
)
# the bank's share capital in its legal fine print
_SHARE_CAPITAL = re.compile(
    r"capital|kapital|kapitaal|capitale|share\s+cap|stammkap|grundkap", re.IGNORECASE
)
_IBAN = re.compile(r"\b([A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?)\b")
_CARD = re.compile(r"(?:[0-9X*•]{4}[ -]?){3}[0-9]{4}|[0-9X*•]{6,12}[0-9]{4}")
# a postcode with its town: "45283 Hamburg", "75008 Paris", "SW1A 1AA", "Austin, TX 78701"
_TOWN_LINE = re.compile(
    r"^\s*(?:[A-Z]{1,2}-)?\d{4,6}\s+\w|\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b"
    r"|\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b|\w\s+\d{4,6}$|^\s*\d{4}\s?[A-Z]{2}\b"
)


_NUMBER_WORD = re.compile(r"\s+(?:n|no|nr|num|number|nummer|numero|#)$")
_NUMBER_OF = re.compile(r"^(?:n|no|nr|num|numero|number)\s+(?:(?:de|di|do|da|del|du|of|van)\s+)?")


def _folded_label(text: str) -> str:
    """A label as compared: folded, with a "No." / "nº" / "Nr." before or after dropped
    ("Nº de conta", "Account No.")."""
    folded = _NUMBER_WORD.sub("", fold_words(text.rstrip(":.").strip()))
    return _NUMBER_OF.sub("", folded) if " " in folded else folded


@lru_cache(maxsize=16384)
def _split_label(text: str) -> tuple[str, str] | None:
    """(field, value) when ``text`` is a known label, or starts with one ('IBAN: DE12…',
    'Periodo di riferimentoDal 09/11/2026 …' where the value touches its label)."""
    folded = _folded_label(text)
    if folded in _LABEL_LOOKUP:
        return _LABEL_LOOKUP[folded], ""
    if "iban" in folded.split() and len(folded.split()) <= 3:
        return "iban", ""  # "Codice IBAN", "IBAN-Nummer", "Votre IBAN"
    if ":" in text:
        label, _, value = text.partition(":")
        field = _LABEL_LOOKUP.get(_folded_label(label))
        if field:
            return field, value.strip()
    if not any(ch.isdigit() for ch in text):
        return None  # a glued value is a number, an account or a date
    match = _GLUED_LABEL.match(_fold(text))
    if match is None:
        return None
    label = match.group(1)
    rest = text[len(label) :]
    glued = text[len(label) - 1].islower() and rest[:1].isupper()  # "riferimentoDal"
    if rest and (rest[0] in " .:" or glued) and any(ch.isdigit() for ch in rest):
        return _LABEL_LOOKUP[label], rest.lstrip(" .:")
    return None


def _is_label(text: str) -> bool:
    return _split_label(text) is not None or _balance_label(text) is not None


def _balance_label(text: str) -> str | None:
    # a card's minimum payment ("Minimaal te betalen", "Pagamento minimo") is no balance
    if _MINIMUM_PAYMENT.search(fold_words(text)):
        return None
    kind = special_row_kind(text.rstrip(":"))
    return kind if kind in ("opening", "closing") else None


_MINIMUM_PAYMENT = re.compile(r"\b(?:minim|mindest|min\b)")


def label_values(lines: Iterable[Line]) -> dict[str, str]:
    """Label -> printed value, from 'Label: value', a label chunk and its right-hand
    neighbour, or a label with its value glued on; the first occurrence wins."""
    found: dict[str, str] = {}
    for line in lines:
        chunks = [part for chunk in line.chunks for part in _label_parts(chunk)]
        for index, chunk in enumerate(chunks):
            split = _split_label(chunk.text)
            if split is None:
                kind = _balance_label(chunk.text)
                split = (kind, "") if kind else None
            if split is None:
                continue
            field, value = split
            if not value and index + 1 < len(chunks) and not _is_label(chunks[index + 1].text):
                value = chunks[index + 1].text
                # an amount whose thousands space was drawn wide: "1" and "609.30"
                if re.fullmatch(r"[-+]?\d{1,3}", value) and index + 2 < len(chunks):
                    joined = f"{value} {chunks[index + 2].text}"
                    if scan_money(joined) is not None:
                        value = joined
            if value and field not in found:
                found[field] = value
    return found


_NUMBERED_FIELDS = frozenset({"account_number", "iban", "card", "period"})


def _label_parts(chunk: Word) -> list[Word]:
    """A chunk holding a labelled value and then another label ("Sort code 20-00-00  Account
    no 12345678", printed as one string) as one chunk per label. A later label (of a number
    or a period) starts a part only after a value with a digit in it and before another, so
    names and phrases stay whole."""
    text = chunk.text
    starts = [0]
    for match in re.finditer(r"(?<=\s)\S", text):
        begin = match.start()
        if not any(ch.isdigit() for ch in text[starts[-1] : begin]):
            continue
        label = _GLUED_LABEL.match(_fold(text[begin:]))
        if (
            label
            and _LABEL_LOOKUP[label[1]] in _NUMBERED_FIELDS
            and text[begin + len(label[1]) : begin + len(label[1]) + 1] in (" ", ":", ".")
            and any(ch.isdigit() for ch in text[begin + len(label[1]) :])
        ):
            starts.append(begin)
    if len(starts) == 1:
        return [chunk]
    ends = [*starts[1:], len(text)]
    return [replace(chunk, text=text[a:b].strip()) for a, b in zip(starts, ends, strict=True)]


def iban_ok(text: str) -> bool:
    """True when ``text`` (spaces allowed) passes the IBAN mod-97 check."""
    compact = text.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{8,30}", compact):
        return False
    rearranged = compact[4:] + compact[:4]
    digits = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(digits) % 97 == 1


def find_iban(texts: Iterable[str]) -> str | None:
    """The first valid IBAN printed anywhere, without its spaces."""
    for text in texts:
        for match in _IBAN.finditer(text.upper()):
            candidate = match.group(1)
            # the regex may swallow a following word: shorten until the checksum holds
            parts = candidate.split(" ")
            for end in range(len(parts), 0, -1):
                joined = "".join(parts[:end])
                if iban_ok(joined):
                    return joined
    return None


def account_number_in(value: str) -> str | None:
    """The account number a labelled value holds, or None if it holds none.

    A number printed in even groups ("DE89 3704 0044", "**** **** **** 1234") is one
    number and loses its spaces; parts of different shapes ("40-12-77 31415926", a sort
    code and an account number) keep theirs."""
    value = value.strip().strip(":").strip()
    value = re.sub(r"^(?:n[°ºo]\.?|nr\.?|no\.?|#)\s*", "", value, flags=re.IGNORECASE)
    # a later page's "727-9112983-18 ((continúa))", "… (continued)": the number alone
    value = re.sub(r"\s*\(.*$", "", value)
    if not any(ch.isdigit() for ch in value):
        return None
    token = _number_groups(value.split("  ")[0])
    compact = token.replace(" ", "")
    if iban_ok(compact):
        return compact
    groups = token.split()
    if len(groups) > 1 and len({("-" in g, "/" in g) for g in groups}) > 1:
        return " ".join(groups)
    # account numbers printed in groups are one number; dashes are part of how banks write it
    if re.fullmatch(r"[0-9A-Z*X•\- ]{4,40}", token.upper()):
        return compact
    return compact if re.fullmatch(r"[\w\-/.*]{4,40}", compact) else None


def _number_groups(text: str) -> str:
    """The groups of a labelled value that make its number, without the words printed
    around it ("000401234567 - MR RAVI SHANKAR", "1234567890 Savings Account", "Current
    Account 1234 5678"); a short block of capitals between digit groups stays ("GB29 NWBK
    6016 …"), as do masks ("XXXX XXXX 1234")."""
    groups = text.split()
    numbered = [
        any(ch.isdigit() for ch in g) or (set(g.upper()) <= set("X*•-") and g != "-")
        for g in groups
    ]
    if True not in numbered:
        return text
    start = numbered.index(True)
    stop = start + 1
    while stop < len(groups) and (
        numbered[stop]
        or (
            stop + 1 < len(groups)
            and numbered[stop + 1]
            and groups[stop].isalpha()
            and groups[stop].isupper()
            and len(groups[stop]) <= 4
        )
    ):
        stop += 1
    return " ".join(groups[start:stop])


# "Account Number: 000401234567 - MR RAVI SHANKAR": the holder printed after the number
_NAME_AFTER_NUMBER = re.compile(r"\d\s+[-–]\s+([^\W\d_][^\d:|]{2,60})$")


def parse_header(
    lines: list[Line],
    *,
    decimal_sep: str,
    day_first: bool,
    currency_hints: Iterable[str] = (),
) -> StatementHeader:
    """Read the statement header from the text above (and around) the account's table."""
    values = label_values(lines)
    texts = [line.text for line in lines]
    header = StatementHeader()
    header.holder = _clean_holder(_holder(values.get("holder"), lines))
    account = account_number_in(values["account_number"]) if "account_number" in values else None
    if account is None:
        account = find_iban(texts)
    if account is None and "card" in values:
        account = account_number_in(values["card"])
    if account is None:
        account = _card_number(texts)
    header.account_number = account
    if header.holder is None and "account_number" in values:
        named = _NAME_AFTER_NUMBER.search(values["account_number"].strip())
        header.holder = _clean_holder(named[1]) if named else None
    period = _period(values.get("period"), texts, day_first)
    if period is not None:
        header.period_start, header.period_end = period
    for field in ("opening", "closing"):
        raw = values.get(field)
        cleaned = (raw if scan_money(raw) else repair_ocr_amount(raw)) if raw else None
        if cleaned:
            setattr(header, f"{field}_balance", parse_amount(cleaned, decimal_sep))
    _dated_balances(header, lines, day_first, decimal_sep)
    header.currency = _currency(values.get("currency"), texts, currency_hints)
    return header


def _dated_balances(
    header: StatementHeader, lines: list[Line], day_first: bool, decimal_sep: str
) -> None:
    """'Balance as at 01/06/2022  3,847.71' names no start or end: its date does. The one at
    the period's start (or the earlier of two) opens, the one at its end closes."""
    found: list[tuple[date, Decimal]] = []
    for line in lines:
        words = set(fold_words(line.text).split())
        # a balance printed at both ends ("Solde créditeur au 01.03.2023"): its date decides
        if not words & BALANCE_WORDS or special_row_kind(line.text) not in (None, "forward"):
            continue
        dates = [
            d
            for part in find_date_parts(line.text)
            if (d := resolve_date(part, day_first=day_first)) is not None
        ]
        amounts = [
            a
            for chunk in line.chunks
            if scan_money(chunk.text) and (a := parse_amount(chunk.text, decimal_sep)) is not None
        ]
        if len(dates) == 1 and len(amounts) == 1:
            found.append((dates[0], amounts[0]))
    if not found:
        return
    found.sort()
    start, end = header.period_start, header.period_end
    for when, amount in found:
        opens = when <= start if start else when == found[0][0] and len(found) > 1
        closes = when >= end if end else when == found[-1][0] and len(found) > 1
        if opens and header.opening_balance is None:
            header.opening_balance = amount
        elif closes and header.closing_balance is None:
            header.closing_balance = amount


def _card_number(texts: list[str]) -> str | None:
    for text in texts:
        match = _CARD.search(text)
        if match and any(ch in match.group(0) for ch in "X*•"):
            return re.sub(r"[ -]", "", match.group(0))
    return None


def _period(labelled: str | None, texts: list[str], day_first: bool) -> tuple[date, date] | None:
    """The statement period: two dates after a period label, else the first line holding
    two dates in order. When both day orders make a period (start before end, at most
    about a year), the one nearest a statement's usual month wins, then the table's."""
    candidates = ([labelled] if labelled else []) + texts
    for text in candidates:
        parts = find_date_parts(text)
        if len(parts) < 2:
            continue
        readings: list[tuple[date, date]] = []
        for order in (day_first, not day_first):
            end = resolve_date(parts[1], day_first=order)
            # "1 March to 31 March 2023": the start takes the end's year (or the one before)
            year_of_end = (end, end) if end is not None and parts[0].year is None else None
            start = resolve_date(parts[0], day_first=order, period=year_of_end)
            if start is None or end is None:
                continue
            if start.year and parts[0].year is None and parts[1].year is not None:
                start = start.replace(
                    year=end.year if start <= end.replace(year=start.year) else end.year - 1
                )
            if start < end and (end - start).days <= 400:
                readings.append((start, end))
        if readings:
            return min(readings, key=lambda r: abs((r[1] - r[0]).days - 30) > 15)
    return _month_named(texts, labelled)


# "Kontoauszug März 2023", "Statement for March 2023": a statement of one calendar month
_STATEMENT_OF_MONTH = re.compile(
    r"\b(?:kontoauszug|statement|releve|extracto|estratto conto|rekeningafschrift|extrato)"
    r"\b(?:\s+(?:for|of|du|de|del|di|van|vom|fur))?(?:\s+the\s+month\s+of)?\s+"
    r"(?P<month>[a-z]+)\.?\s+(?P<year>\d{4})$"
)


# a period label's value that names a month: "Periode : MARET 2023"
_MONTH_AND_YEAR = re.compile(r"^(?P<month>[a-z]+)\.?\s+(?P<year>\d{4})$")


def _month_named(texts: list[str], labelled: str | None = None) -> tuple[date, date] | None:
    """A whole month, when the header names the statement's month and no dates."""
    named = [(_MONTH_AND_YEAR, labelled)] if labelled else []
    for pattern, text in [*named, *((_STATEMENT_OF_MONTH, text) for text in texts)]:
        match = pattern.search(_fold(" ".join(text.split())))
        month = fold_month(match["month"]) if match else None
        if match and month:
            year = int(match["year"])
            following = date(year + month // 12, month % 12 + 1, 1)
            return date(year, month, 1), following - timedelta(days=1)
    return None


def _letters_read_as_digits(text: str) -> str:
    """A scan's 'l' and 'o' read as '1' and '0' inside a word of letters ("S.r.1.",
    "Wi11iams"): a word that starts with a letter, has two letters or more and no digit
    but 0 and 1 gets its letters back; "221B" and "10th" keep theirs."""

    def mend(match: re.Match[str]) -> str:
        word = match.group(0)
        if (
            word[0].isdigit()
            or sum(ch.isalpha() for ch in word) < 2
            or set(filter(str.isdigit, word)) - {"0", "1"}
        ):
            return word
        lower = sum(ch.islower() for ch in word) * 2 >= sum(ch.isalpha() for ch in word)
        return word.translate(str.maketrans("01", "ol" if lower else "OI"))

    return re.sub(r"[^\s]*[A-Za-z][^\s]*", mend, text)


def _clean_holder(name: str | None) -> str | None:
    """A name without the marks a scan adds around it: a dash or quote before it, a full
    stop after its last word unless that word is an abbreviation ("Ltd.", "S.r.l.")."""
    if name is None:
        return None
    name = name.strip().lstrip("-~_'\"`.,:;| ").rstrip(",:;|_~ ")
    last = name.rsplit(" ", 1)[-1]
    if (
        last.endswith(".")
        and "." not in last[:-1]
        and len(last) > 4
        and _fold(last[:-1]) not in _NAME_ABBREVIATIONS
    ):
        name = name[:-1]
    return name or None


# words a company or person's name may end with, full stop included
_NAME_ABBREVIATIONS = frozenset(
    ["corp", "bros", "assoc", "intl", "cie", "mgmt", "comp", "assn", "ltda", "gmbh"]
)


def _holder(labelled: str | None, lines: list[Line]) -> str | None:
    """A labelled holder, else the first line of the address block: two to five lines
    aligned on the left (or centred) in body-size text, one of the later ones a postcode
    and town."""
    # a name has no digits: "Customer service +44 20 7946 …" is not a labelled customer
    if (
        labelled
        and sum(ch.isalpha() for ch in labelled) >= 3
        and not any(ch.isdigit() for ch in labelled)
    ):
        return labelled.strip()
    firsts = [(line, line.chunks[0]) for line in lines if line.chunks]
    if not firsts:
        return None
    body = sorted(c.bottom - c.top for _, c in firsts)[len(firsts) // 2]
    for start in range(len(firsts)):
        line, chunk = firsts[start]
        text = _letters_read_as_digits(chunk.text.strip())
        if (
            chunk.bottom - chunk.top > 1.8 * body
            or _is_label(text)
            or _names_the_document(text)
            or any(ch.isdigit() for ch in text)
            or len(text) < 3
            or len(text.split()) > 6
        ):
            continue
        block = [chunk]
        previous = line
        for following, next_chunk in firsts[start + 1 : start + 5]:
            height = max(previous.bottom - previous.top, 1.0)
            # typed addresses keep their left edge to a few points; allow a little play
            play = max(20.0, 3.0 * body)
            aligned = (
                abs(next_chunk.x0 - chunk.x0) <= play
                or abs((next_chunk.x0 + next_chunk.x1) / 2 - (chunk.x0 + chunk.x1) / 2) <= play
            )
            if not aligned or following.top - previous.bottom > 1.2 * height:
                break
            if _is_label(next_chunk.text):
                break
            block.append(next_chunk)
            previous = following
        if 2 <= len(block) <= 5 and any(_is_town_line(c.text) for c in block[1:]):
            if _fold(text).strip(" .") in _SALUTATIONS and len(block) >= 3:
                return block[1].text.strip()  # "Frau" above "Dr. Jürgen Weiß"
            return text
    return None


# a line of its own above the name in an address block
_SALUTATIONS = frozenset(
    ["frau", "herr", "herrn", "firma", "eheleute", "mr", "mrs", "ms", "miss", "messrs",
     "madame", "monsieur", "mme", "m", "mlle", "senor", "senora", "sr", "sra", "don", "dona",
     "signor", "signora", "sig", "sig.ra", "spett.le", "dhr", "mevr", "de heer", "mevrouw",
     "exmo sr", "exma sra", "to"]
)  # fmt: skip


# a line above the address that names the document or the bank, not the holder
_DOCUMENT_WORDS = frozenset(
    ["statement", "kontoauszug", "auszug", "releve", "extracto", "estratto", "extrato",
     "rekeningafschrift", "afschrift", "bank", "banque", "banca", "banco", "sparkasse",
     "volksbank", "raiffeisenbank"]
)  # fmt: skip


def _names_the_document(text: str) -> bool:
    """'Consolidated Statement', 'DBS Bank Ltd', 'Kontoauszug'."""
    return any(word in _DOCUMENT_WORDS for word in fold_words(text).split())


def _is_town_line(text: str) -> bool:
    """A postcode and town ("89441 Paris", "SW1A 1AA", "NY 10001"); not a service line of
    the bank's fine print ("Klantenservice 020 7619 555 | BIC … | KvK 467756")."""
    if len(text.split()) > 6 or any(mark in text for mark in "|@:") or "www" in text.lower():
        return False
    return bool(_TOWN_LINE.search(text))


def _currency(labelled: str | None, texts: list[str], hints: Iterable[str]) -> str | None:
    """An ISO code: from a 'Currency' label, else one printed on an amount, else a code in
    the text, else a symbol."""
    if labelled:
        match = re.search(r"\b([A-Z]{3})\b", labelled.upper())
        if match:
            return match.group(1)
    # the table's own labels and amounts first, then the header; a currency printed on an
    # amount ("160.17S$", "EUR 1.234,56") before one merely named; the fine print's share
    # capital ("Capitale sociale EUR 2.500.000") names no account's currency
    for group in (list(hints), [t for t in texts if not _SHARE_CAPITAL.search(t)]):
        for text in group:
            for amount in _AMOUNT_WITH_CURRENCY.finditer(text):
                code = _currency_code(amount.group("before") or amount.group("after"))
                if code:
                    return code
        for text in group:
            for code in _ISO_CODES:
                if re.search(rf"(?<![A-Z]){code}(?![A-Z])", text):
                    return code
        for text in group:
            for symbol, code in _SYMBOLS:
                if symbol in text:
                    return code
    return None


def _currency_code(mark: str) -> str | None:
    mark = mark.strip()
    if mark.upper() in _ISO_CODES:
        return mark.upper()
    return next((code for symbol, code in _SYMBOLS if mark == symbol), None)


def period_of(header: StatementHeader) -> tuple[date, date] | None:
    """The statement period as a (start, end) pair when both ends are known."""
    if header.period_start and header.period_end:
        return header.period_start, header.period_end
    return None


def as_decimal(value: Decimal | None) -> Decimal | None:
    """Money as read, quantized to cents."""
    return None if value is None else value.quantize(Decimal("0.01"))
