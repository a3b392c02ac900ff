"""CAMT.053 (ISO 20022 bank-to-customer statement), validated against its own XSD.

The schemas of the versions banks send most (001.02, .04, .06, .08) ship in ``xsd/``
(ISO 20022 message schemas, unmodified); a document of another version is refused by
name. Only booked entries (``Sts`` BOOK) become ledger rows; ``CdtDbtInd`` gives each
sign, and the ``OPBD``/``CLBD`` balances (``PRCD`` when no ``OPBD``) frame the statement:
entries that do not walk from one to the other mean the file is damaged.

The XML is parsed without DTDs, entities or network access, and with lxml's default
limits on tree size.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, ClassVar

from lxml import etree

from neurareport_resources.exports.base import ExportAccount, ExportEntry, ExportFormatError

XSD_DIR = Path(__file__).with_name("xsd")
_NAMESPACE = re.compile(r"urn:iso:std:iso:20022:tech:xsd:(camt\.\d{3}\.\d{3}\.\d{2})")
_OPENING = ("OPBD", "PRCD")
_CLOSING = ("CLBD",)


def supported_versions() -> list[str]:
    """The camt.053 versions whose schema ships with NeuraReport."""
    return sorted(p.stem for p in XSD_DIR.glob("camt.053.*.xsd"))


@functools.lru_cache(maxsize=8)
def _schema(version: str) -> etree.XMLSchema:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.XMLSchema(etree.parse(str(XSD_DIR / f"{version}.xsd"), parser))


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True
    )


class Camt053Reader:
    """ISO 20022 camt.053 statements (one or more ``Stmt`` per file, one per account)."""

    name: ClassVar[str] = "camt053"
    label: ClassVar[str] = "CAMT.053 (ISO 20022)"

    def sniff(self, head: bytes, file_name: str) -> bool:
        text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if not text.startswith(b"<"):
            return False
        # any ISO 20022 document, so another message type is refused with a reason
        return b"urn:iso:std:iso:20022" in head or file_name.lower().endswith(".xml")

    def read(self, path: Path, profile: dict[str, Any] | None = None) -> list[ExportAccount]:
        try:
            tree = etree.parse(str(path), _parser())
        except etree.XMLSyntaxError as exc:
            raise ExportFormatError(
                path, f"not well-formed XML (truncated or damaged): {exc}"
            ) from None
        root = tree.getroot()
        namespace = etree.QName(root).namespace or ""
        found = _NAMESPACE.fullmatch(namespace)
        if found is None or not found.group(1).startswith("camt.053."):
            what = found.group(1) if found else (namespace or "no namespace")
            raise ExportFormatError(
                path,
                f"an XML file that is not a CAMT.053 statement ({what})",
                "upload the camt.053 end-of-day statement, not another ISO 20022 message",
            )
        version = found.group(1)
        if version not in supported_versions():
            raise ExportFormatError(
                path,
                f"{version} is not a supported CAMT.053 version "
                f"({', '.join(supported_versions())})",
                "ask the bank for one of the supported versions",
            )
        schema = _schema(version)
        if not schema.validate(tree):
            error = schema.error_log.last_error
            raise ExportFormatError(
                path,
                f"does not match the {version} schema (line {error.line}: {error.message})",
            )
        ns = {"c": namespace}
        return [_statement(path, stmt, ns) for stmt in root.iterfind("c:BkToCstmrStmt/c:Stmt", ns)]


def _text(node: Any, xpath: str, ns: dict[str, str]) -> str | None:
    found = node.find(xpath, ns)
    return None if found is None or found.text is None else found.text.strip()


def _amount(path: Path, node: Any, ns: dict[str, str], where: str) -> Decimal:
    text = _text(node, "c:Amt", ns)
    indicator = _text(node, "c:CdtDbtInd", ns)
    try:
        value = Decimal(text or "")
    except InvalidOperation:
        raise ExportFormatError(path, f"{where}: amount {text!r} is not a number") from None
    return value if indicator == "CRDT" else -value


def _date(node: Any, xpath: str, ns: dict[str, str]) -> date | None:
    text = _text(node, f"{xpath}/c:Dt", ns) or _text(node, f"{xpath}/c:DtTm", ns)
    return None if text is None else date.fromisoformat(text[:10])


def _statement(path: Path, stmt: Any, ns: dict[str, str]) -> ExportAccount:
    statement_id = _text(stmt, "c:Id", ns)
    account_number = _text(stmt, "c:Acct/c:Id/c:IBAN", ns) or _text(
        stmt, "c:Acct/c:Id/c:Othr/c:Id", ns
    )
    where = f"statement {statement_id}"
    balances: dict[str, tuple[Decimal, date | None, str | None]] = {}
    for bal in stmt.iterfind("c:Bal", ns):
        code = _text(bal, "c:Tp/c:CdOrPrtry/c:Cd", ns) or ""
        if code not in balances:
            amt = bal.find("c:Amt", ns)
            balances[code] = (
                _amount(path, bal, ns, f"{where}, balance {code}"),
                _date(bal, "c:Dt", ns),
                None if amt is None else amt.get("Ccy"),
            )
    opening = next((balances[c] for c in _OPENING if c in balances), None)
    closing = next((balances[c] for c in _CLOSING if c in balances), None)
    entries: list[ExportEntry] = []
    skipped = 0
    for number, entry in enumerate(stmt.iterfind("c:Ntry", ns), start=1):
        status = _text(entry, "c:Sts/c:Cd", ns) or _text(entry, "c:Sts", ns)
        if status != "BOOK":
            skipped += 1
            continue
        booked = _date(entry, "c:BookgDt", ns) or _date(entry, "c:ValDt", ns)
        if booked is None:
            raise ExportFormatError(path, f"{where}, entry {number}: no booking or value date")
        entries.append(
            ExportEntry(
                txn_date=booked,
                description=_description(entry, ns),
                amount=_amount(path, entry, ns, f"{where}, entry {number}"),
            )
        )
    currency = _text(stmt, "c:Acct/c:Ccy", ns) or next(
        (b[2] for b in balances.values() if b[2]), None
    )
    return ExportAccount(
        entries=entries,
        account_number=account_number,
        currency=currency,
        opening_balance=None if opening is None else opening[0],
        closing_balance=None if closing is None else closing[0],
        period_start=_period(stmt, ns, "c:FrDtTm", opening),
        period_end=_period(stmt, ns, "c:ToDtTm", closing),
        holder=_text(stmt, "c:Acct/c:Ownr/c:Nm", ns),
        skipped_entries=skipped,
    )


def _period(
    stmt: Any, ns: dict[str, str], tag: str, balance: tuple[Decimal, date | None, Any] | None
) -> date | None:
    text = _text(stmt, f"c:FrToDt/{tag}", ns)
    if text:
        return date.fromisoformat(text[:10])
    return None if balance is None else balance[1]


def _description(entry: Any, ns: dict[str, str]) -> str:
    """Counterparty name, then the remittance text; else the bank's additional entry info."""
    parts: list[str] = []
    indicator = _text(entry, "c:CdtDbtInd", ns)
    for details in entry.iterfind("c:NtryDtls/c:TxDtls", ns):
        party = "c:Cdtr" if indicator == "DBIT" else "c:Dbtr"
        name = _text(details, f"c:RltdPties/{party}/c:Nm", ns) or _text(
            details, f"c:RltdPties/{party}/c:Pty/c:Nm", ns
        )
        if name:
            parts.append(name)
        parts.extend(u.text.strip() for u in details.iterfind("c:RmtInf/c:Ustrd", ns) if u.text)
    if not parts:
        parts.append(_text(entry, "c:AddtlNtryInf", ns) or "")
    return " ".join(p for p in parts if p) or "(no description)"
