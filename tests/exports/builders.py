"""Real bank-export files for the tests, each from a plain list of entries.

CAMT.053 is built with lxml and checked against the shipped ISO 20022 schema, OFX with
``ofxtools``' own models and serialiser (an independent writer), QFX as the SGML a bank
sends, MT940 as SWIFT text, CSV with the ``csv`` module in a bank's dialect.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from lxml import etree


@dataclass(frozen=True)
class Entry:
    booked: date
    amount: Decimal  # signed: money in > 0
    text: str
    party: str = ""


ENTRIES = [
    Entry(date(2025, 3, 3), Decimal("-1250.00"), "Rent March", "Hausverwaltung Meier"),
    Entry(date(2025, 3, 10), Decimal("3400.55"), "Salary 03/2025", "Acme GmbH"),
    Entry(date(2025, 3, 14), Decimal("-89.99"), "Card payment", "Bookshop"),
    Entry(date(2025, 3, 28), Decimal("-0.01"), "Rounding fee", "Bank"),
]
OPENING = Decimal("1000.00")
CLOSING = OPENING + sum((e.amount for e in ENTRIES), Decimal(0))  # 3060.55
IBAN = "DE89370400440532013000"


def camt053(
    path: Path,
    entries: list[Entry] = ENTRIES,
    *,
    opening: Decimal = OPENING,
    closing: Decimal | None = None,
    pending: int = 0,
    iban: str = IBAN,
) -> Path:
    """A camt.053.001.02 statement with OPBD/CLBD and one Ntry per entry."""
    closing = CLOSING if closing is None else closing
    ns = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"

    def sub(parent, tag, text=None, **attrs):
        node = etree.SubElement(parent, f"{{{ns}}}{tag}", **attrs)
        if text is not None:
            node.text = text
        return node

    doc = etree.Element(f"{{{ns}}}Document", nsmap={None: ns})
    stmt_root = sub(doc, "BkToCstmrStmt")
    grp = sub(stmt_root, "GrpHdr")
    sub(grp, "MsgId", "MSG-2025-03")
    sub(grp, "CreDtTm", "2025-04-01T06:00:00")
    stmt = sub(stmt_root, "Stmt")
    sub(stmt, "Id", "STMT-2025-03")
    sub(stmt, "CreDtTm", "2025-04-01T06:00:00")
    period = sub(stmt, "FrToDt")
    sub(period, "FrDtTm", "2025-03-01T00:00:00")
    sub(period, "ToDtTm", "2025-03-31T23:59:59")
    acct = sub(stmt, "Acct")
    sub(sub(acct, "Id"), "IBAN", iban)
    sub(acct, "Ccy", "EUR")
    for code, value, day in (("OPBD", opening, "2025-03-01"), ("CLBD", closing, "2025-03-31")):
        bal = sub(stmt, "Bal")
        sub(sub(sub(bal, "Tp"), "CdOrPrtry"), "Cd", code)
        sub(bal, "Amt", f"{abs(value):.2f}", Ccy="EUR")
        sub(bal, "CdtDbtInd", "CRDT" if value >= 0 else "DBIT")
        sub(sub(bal, "Dt"), "Dt", day)
    rows = [(e, "BOOK") for e in entries] + [(entries[0], "PDNG")] * pending
    for entry, status in rows:
        ntry = sub(stmt, "Ntry")
        sub(ntry, "Amt", f"{abs(entry.amount):.2f}", Ccy="EUR")
        sub(ntry, "CdtDbtInd", "CRDT" if entry.amount > 0 else "DBIT")
        sub(ntry, "Sts", status)
        sub(sub(ntry, "BookgDt"), "Dt", entry.booked.isoformat())
        sub(sub(ntry, "ValDt"), "Dt", entry.booked.isoformat())
        sub(ntry, "BkTxCd")
        tx = sub(sub(ntry, "NtryDtls"), "TxDtls")
        party = sub(sub(tx, "RltdPties"), "Cdtr" if entry.amount < 0 else "Dbtr")
        sub(party, "Nm", entry.party)
        sub(sub(tx, "RmtInf"), "Ustrd", entry.text)
    path.write_bytes(etree.tostring(doc, xml_declaration=True, encoding="UTF-8"))
    return path


def mt940(
    path: Path,
    entries: list[Entry] = ENTRIES,
    *,
    opening: Decimal = OPENING,
    closing: Decimal | None = None,
    iban: str = IBAN,
) -> Path:
    """One MT940 message with {1:}/{4:} blocks, :60F:, :61:+:86: per entry and :62F:."""
    closing = CLOSING if closing is None else closing

    def money(value: Decimal) -> str:
        return f"{abs(value):.2f}".replace(".", ",")

    def balance(tag: str, day: str, value: Decimal) -> str:
        return f":{tag}:{'C' if value >= 0 else 'D'}{day}EUR{money(value)}"

    lines = [
        "{1:F01DEUTDEFFAXXX0000000000}{2:O9400000250401DEUTDEFFAXXX00000000002504010600N}{4:",
        ":20:STMT2025-03",
        f":25:{iban}",
        ":28C:3/1",
        balance("60F", "250228", opening),
    ]
    for entry in entries:
        day = entry.booked.strftime("%y%m%d")
        mark = "C" if entry.amount > 0 else "D"
        lines.append(f":61:{day}{day[2:]}{mark}{money(entry.amount)}NTRFNONREF")
        lines.append(f":86:{entry.party} {entry.text}")
    lines += [balance("62F", "250331", closing), "-}"]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="latin-1")
    return path


def ofx(path: Path, entries: list[Entry] = ENTRIES, *, card: bool = False) -> Path:
    """An OFX 2.2 file serialised by ofxtools from its own models."""
    import xml.etree.ElementTree as ET
    from datetime import UTC, datetime

    from ofxtools import header as ofx_header
    from ofxtools.models import (
        BANKACCTFROM,
        BANKMSGSRSV1,
        BANKTRANLIST,
        CCACCTFROM,
        CCSTMTRS,
        CCSTMTTRNRS,
        CREDITCARDMSGSRSV1,
        LEDGERBAL,
        OFX,
        SIGNONMSGSRSV1,
        SONRS,
        STATUS,
        STMTRS,
        STMTTRN,
        STMTTRNRS,
    )

    def at(day: date) -> datetime:
        return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)

    trans = [
        STMTTRN(
            trntype="CREDIT" if e.amount > 0 else "DEBIT",
            dtposted=at(e.booked),
            trnamt=e.amount,
            fitid=f"F{n:04d}",
            name=e.party[:32],
            memo=e.text,
        )
        for n, e in enumerate(entries, start=1)
    ]
    tranlist = BANKTRANLIST(*trans, dtstart=at(date(2025, 3, 1)), dtend=at(date(2025, 3, 31)))
    closing = CLOSING if not card else sum((e.amount for e in entries), Decimal("-500.00"))
    ledger = LEDGERBAL(balamt=closing, dtasof=at(date(2025, 3, 31)))
    status = STATUS(code=0, severity="INFO")
    if card:
        stmt = CCSTMTRS(
            curdef="USD",
            ccacctfrom=CCACCTFROM(acctid="4111111111111111"),
            banktranlist=tranlist,
            ledgerbal=ledger,
        )
        msgs = {
            "creditcardmsgsrsv1": CREDITCARDMSGSRSV1(
                CCSTMTTRNRS(trnuid="1", status=status, ccstmtrs=stmt)
            )
        }
    else:
        stmt = STMTRS(
            curdef="EUR",
            bankacctfrom=BANKACCTFROM(bankid="37040044", acctid="0532013000", accttype="CHECKING"),
            banktranlist=tranlist,
            ledgerbal=ledger,
        )
        msgs = {"bankmsgsrsv1": BANKMSGSRSV1(STMTTRNRS(trnuid="1", status=status, stmtrs=stmt))}
    signon = SIGNONMSGSRSV1(
        sonrs=SONRS(status=status, dtserver=at(date(2025, 4, 1)), language="ENG")
    )
    document = OFX(signonmsgsrsv1=signon, **msgs)
    body = ET.tostring(document.to_etree()).decode()
    path.write_text(str(ofx_header.make_header(version=220)) + body, encoding="utf-8")
    return path


def qfx_sgml(path: Path, entries: list[Entry] = ENTRIES) -> Path:
    """An OFX 1.02 SGML file as Quicken downloads it (.qfx): unclosed leaf tags."""
    trans = "".join(
        f"<STMTTRN><TRNTYPE>{'CREDIT' if e.amount > 0 else 'DEBIT'}"
        f"<DTPOSTED>{e.booked:%Y%m%d}120000<TRNAMT>{e.amount}<FITID>Q{n}"
        f"<NAME>{e.party}<MEMO>{e.text}</STMTTRN>\n"
        for n, e in enumerate(entries, start=1)
    )
    text = (
        "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\n"
        "CHARSET:1252\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n"
        "<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS>"
        "<DTSERVER>20250401120000<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>\n"
        "<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>"
        "<STMTRS><CURDEF>USD<BANKACCTFROM><BANKID>121000248<ACCTID>987654321"
        "<ACCTTYPE>CHECKING</BANKACCTFROM>\n"
        "<BANKTRANLIST><DTSTART>20250301<DTEND>20250331\n"
        f"{trans}</BANKTRANLIST>"
        f"<LEDGERBAL><BALAMT>{CLOSING}<DTASOF>20250331</LEDGERBAL>"
        "</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n"
    )
    path.write_text(text, encoding="ascii")
    return path


def csv_german(path: Path, entries: list[Entry] = ENTRIES, *, iban: str = IBAN) -> Path:
    """Semicolon, decimal comma, dd.mm.yyyy, a preamble, newest first, running balance."""
    running = OPENING
    rows = []
    for e in entries:
        running += e.amount
        rows.append(
            [
                e.booked.strftime("%d.%m.%Y"),
                e.booked.strftime("%d.%m.%Y"),
                e.party,
                e.text,
                _comma(e.amount),
                _comma(running),
                "EUR",
            ]
        )
    with open(path, "w", encoding="cp1252", newline="") as handle:
        handle.write(f"Kontonummer:;{iban}\n")
        handle.write("Zeitraum:;01.03.2025 - 31.03.2025\n\n")
        writer = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(
            [
                "Buchungstag",
                "Valuta",
                "Auftraggeber/Empfänger",
                "Verwendungszweck",
                "Betrag",
                "Saldo",
                "Währung",
            ]
        )
        writer.writerows(reversed(rows))
    return path


def csv_english(path: Path, entries: list[Entry] = ENTRIES) -> Path:
    """Comma, decimal point with thousands groups, mm/dd/yyyy, debit and credit columns."""
    running = OPENING
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Date", "Description", "Debit", "Credit", "Balance"])
        for e in entries:
            running += e.amount
            writer.writerow(
                [
                    e.booked.strftime("%m/%d/%Y"),
                    f"{e.party} {e.text}",
                    f"{-e.amount:,.2f}" if e.amount < 0 else "",
                    f"{e.amount:,.2f}" if e.amount > 0 else "",
                    f"{running:,.2f}",
                ]
            )
    return path


def _comma(value: Decimal) -> str:
    return f"{value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
