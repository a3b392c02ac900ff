"""OFX 2 statement: one account and month as ``STMTTRN`` lines with the ledger balance.

XML OFX 2.2 (``<?OFX OFXHEADER="200" VERSION="220"?>``), a ``STMTRS`` with the account
(``BANKACCTFROM``: bank id, account number, CHECKING), the period's ``BANKTRANLIST`` and
``LEDGERBAL`` (the statement's closing balance on its last day). A credit-card statement
(report ``statement_kind`` ``credit_card``) is a ``CCSTMTRS`` in ``CREDITCARDMSGSRSV1``
with ``CCACCTFROM``; its ``BALAMT`` is negative when the holder owes money (the
statement prints what is owed as a positive balance). ``FITID`` is stable for a
row across re-renders, so importing the same month twice does not duplicate lines. Xero,
QuickBooks and most desktop finance programs import it.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

from neurareport_resources.atomic import atomic_write_bytes
from neurareport_resources.rendering.formats.bank_lines import amount_cell, bank_lines
from neurareport_resources.rendering.formats.base import (
    NotApplicable,
    Renderer,
    RenderJob,
    RenderOutput,
)

OFX_HEADER = (
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
    '<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>\n'
)
# OFX has no field for "unknown bank": a statement without a routing / sort code says 0
UNKNOWN_BANK_ID = "0"
NAME_LENGTH = 32  # OFX 2.2: NAME is at most 32 characters; MEMO carries the full text


def _day(value: dt.date) -> str:
    return value.strftime("%Y%m%d")


def _stamp(value: dt.datetime | dt.date | None) -> str:
    if isinstance(value, dt.datetime):
        value = value.astimezone(dt.UTC) if value.tzinfo else value
        return value.strftime("%Y%m%d%H%M%S")
    if isinstance(value, dt.date):
        return _day(value) + "000000"
    return "19700101000000"


def _add(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if text is not None:
        element.text = text
    return element


def render(job: RenderJob, path: Path) -> RenderOutput:
    account_number, currency = job.single_account("ofx")
    lines = bank_lines(job.rows("ofx"), "ofx")
    analysis = job.context.get("analysis")
    summary = next(
        (
            a
            for a in (analysis.accounts if analysis is not None else [])
            if a.closing_balance is not None
        ),
        None,
    )
    if summary is None or summary.closing_balance is None:
        raise NotApplicable("ofx needs the statement's closing balance (LEDGERBAL); none was read")
    if not account_number:
        raise NotApplicable("ofx needs the account number (ACCTID); the statement has none")
    if not currency:
        raise NotApplicable("ofx needs the account's currency (CURDEF); the statement has none")
    dates = [line.date for line in lines]
    start = summary.period_start or (min(dates) if dates else None)
    end = summary.period_end or (max(dates) if dates else None)
    if start is None or end is None:
        raise NotApplicable("ofx needs the statement period; no period and no transactions")
    report = job.context.get("report") or {}

    ofx = ET.Element("OFX")
    signon = _add(_add(ofx, "SIGNONMSGSRSV1"), "SONRS")
    status = _add(signon, "STATUS")
    _add(status, "CODE", "0")
    _add(status, "SEVERITY", "INFO")
    _add(signon, "DTSERVER", _stamp(report.get("generated_at")))
    _add(signon, "LANGUAGE", "ENG")
    card = report.get("statement_kind") == "credit_card"
    messages, wrapper, response = (
        ("CREDITCARDMSGSRSV1", "CCSTMTTRNRS", "CCSTMTRS")
        if card
        else ("BANKMSGSRSV1", "STMTTRNRS", "STMTRS")
    )
    transaction = _add(_add(ofx, messages), wrapper)
    _add(transaction, "TRNUID", f"{job.basename}"[:36])
    status = _add(transaction, "STATUS")
    _add(status, "CODE", "0")
    _add(status, "SEVERITY", "INFO")
    statement = _add(transaction, response)
    _add(statement, "CURDEF", currency.upper())
    if card:
        account = _add(statement, "CCACCTFROM")
        _add(account, "ACCTID", "".join(account_number.split())[:22])
    else:
        account = _add(statement, "BANKACCTFROM")
        _add(account, "BANKID", str(report.get("bank_id") or UNKNOWN_BANK_ID)[:9])
        _add(account, "ACCTID", "".join(account_number.split())[:22])
        _add(account, "ACCTTYPE", "CHECKING")
    listing = _add(statement, "BANKTRANLIST")
    _add(listing, "DTSTART", _day(start))
    _add(listing, "DTEND", _day(end))
    for line in lines:
        entry = _add(listing, "STMTTRN")
        _add(entry, "TRNTYPE", "CREDIT" if line.amount > 0 else "DEBIT")
        _add(entry, "DTPOSTED", _day(line.date))
        _add(entry, "TRNAMT", amount_cell(line.amount))
        _add(entry, "FITID", line.fitid)
        _add(entry, "NAME", (line.description or "(no description)")[:NAME_LENGTH])
        if len(line.description) > NAME_LENGTH:
            _add(entry, "MEMO", line.description[:255])
    balance = _add(statement, "LEDGERBAL")
    closing = -summary.closing_balance if card else summary.closing_balance
    _add(balance, "BALAMT", amount_cell(closing))
    _add(balance, "DTASOF", _day(end))
    body = ET.tostring(ofx, encoding="unicode")
    atomic_write_bytes(path, (OFX_HEADER + body + "\n").encode("utf-8"))
    return RenderOutput(rows=len(lines))


RENDERER = Renderer(
    name="ofx",
    extension="ofx",
    media_type="application/x-ofx",
    render=render,
    description="OFX 2.2 bank statement with the ledger balance (per account and month)",
)
