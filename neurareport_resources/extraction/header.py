"""The statement header: holder, account, period, currency, opening and closing balance."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from neurareport_resources.extraction.dates import _fold, find_dates
from neurareport_resources.extraction.model import StatementHeader
from neurareport_resources.extraction.numbers import amount_text, parse_amount, repair_ocr_amount
from neurareport_resources.extraction.words import Line

_LABELS: dict[str, tuple[str, ...]] = {
    "holder": (
        "account holder", "holder", "customer name", "customer", "name", "account name",
        "kontoinhaber", "inhaber", "titulaire", "titulaire du compte", "titular", "client",
    ),
    "account_number": (
        "account number", "account no", "account", "kontonummer", "konto", "konto nr",
        "numero de compte", "n de compte", "no de compte", "compte", "numero de cuenta",
        "cuenta", "account num",
    ),
    "iban": ("iban",),
    "period": (
        "statement period", "period", "zeitraum", "abrechnungszeitraum", "periode", "periodo",
        "for the period", "statement dates", "auszugszeitraum",
    ),
    "currency": ("currency", "wahrung", "devise", "moneda", "divisa", "account currency"),
    "opening": (
        "opening balance", "previous balance", "balance brought forward", "brought forward",
        "alter kontostand", "anfangssaldo", "alter saldo", "solde initial", "solde precedent",
        "ancien solde", "saldo inicial", "saldo anterior", "starting balance",
        "beginning balance",
    ),
    "closing": (
        "closing balance", "new balance", "balance carried forward", "neuer kontostand",
        "endsaldo", "schlusssaldo", "neuer saldo", "solde final", "nouveau solde",
        "saldo final", "ending balance",
    ),
}  # fmt: skip
_LABEL_LOOKUP = {label: field for field, labels in _LABELS.items() for label in labels}
_SYMBOLS = {"€": "EUR", "£": "GBP", "$": "USD", "¥": "JPY", "CHF": "CHF", "Fr.": "CHF"}
_ISO_CODES = (
    "EUR", "USD", "GBP", "CHF", "AUD", "CAD", "JPY", "SEK", "NOK", "DKK", "PLN", "CZK", "NZD",
    "ZAR", "INR", "SGD", "HKD",
)  # fmt: skip


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", _fold(text)).split())


def _split_label(text: str) -> tuple[str, str] | None:
    """(field, value) when ``text`` starts with a known label: 'Account No.: 123' -> value."""
    folded = _normal(text)
    if folded in _LABEL_LOOKUP:
        return _LABEL_LOOKUP[folded], ""
    if ":" in text:
        label, _, value = text.partition(":")
        field = _LABEL_LOOKUP.get(_normal(label))
        if field:
            return field, value.strip()
    return None


def label_values(lines: Iterable[Line]) -> dict[str, str]:
    """Label -> printed value pairs, from 'Label: value' chunks or a label chunk and its neighbour."""
    found: dict[str, str] = {}
    for line in lines:
        chunks = line.chunks
        for index, chunk in enumerate(chunks):
            split = _split_label(chunk.text)
            if split is None:
                continue
            field, value = split
            if (
                not value
                and index + 1 < len(chunks)
                and _split_label(chunks[index + 1].text) is None
            ):
                value = chunks[index + 1].text
            if value and field not in found:
                found[field] = value
    return found


def parse_header(
    lines: list[Line],
    *,
    decimal_sep: str,
    day_first: bool,
    currency_hints: Iterable[str] = (),
) -> StatementHeader:
    """Read the statement header from the text above (and around) the first table."""
    values = label_values(lines)
    header = StatementHeader()
    header.holder = values.get("holder") or None
    account = values.get("account_number") or values.get("iban")
    if account:
        header.account_number = account.strip()
    if "period" in values:
        dates = find_dates(values["period"], day_first=day_first)
        if len(dates) >= 2:
            header.period_start, header.period_end = dates[0], dates[1]
    if header.period_start is None:
        for line in lines:
            dates = find_dates(line.text, day_first=day_first)
            if len(dates) >= 2 and dates[0] < dates[1]:
                header.period_start, header.period_end = dates[0], dates[1]
                break
    for field in ("opening", "closing"):
        raw = values.get(field)
        cleaned = (amount_text(raw) or repair_ocr_amount(raw)) if raw else None
        if cleaned:
            amount = parse_amount(cleaned, decimal_sep)
            setattr(header, f"{field}_balance", amount)
    header.currency = _currency(values.get("currency"), lines, currency_hints)
    return header


def _currency(labelled: str | None, lines: list[Line], hints: Iterable[str]) -> str | None:
    """An ISO code: from a 'Currency' label, else a code in the text, else a symbol."""
    if labelled:
        match = re.search(r"\b([A-Z]{3})\b", labelled.upper())
        if match:
            return match.group(1)
    texts = [line.text for line in lines] + list(hints)
    for text in texts:
        for code in _ISO_CODES:
            if re.search(rf"\b{code}\b", text):
                return code
    for text in texts:
        for symbol, code in _SYMBOLS.items():
            if symbol in text:
                return code
    return None


def period_of(header: StatementHeader) -> tuple[date, date] | None:
    """The statement period as a (start, end) pair when both ends are known."""
    if header.period_start and header.period_end:
        return header.period_start, header.period_end
    return None


def as_decimal(value: Decimal | None) -> Decimal | None:
    """Money as read, quantized to cents."""
    return None if value is None else value.quantize(Decimal("0.01"))
