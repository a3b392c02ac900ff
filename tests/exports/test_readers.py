"""Each bank-export format read into the same statement record as a PDF: exact amounts,
balances, reconciliation, and a clear refusal of damaged files."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from neurareport_resources.exports import ExportFormatError, detect_export, read_export
from neurareport_resources.exports.camt053 import XSD_DIR
from tests.exports import builders as b

EXPECTED = [Decimal("-1250.00"), Decimal("3400.55"), Decimal("-89.99"), Decimal("-0.01")]


def _check(result, *, opening=b.OPENING, closing=b.CLOSING, strategy: str):
    account = result.accounts[0]
    assert [t.amount for t in account.transactions] == EXPECTED
    assert all(isinstance(t.amount, Decimal) for t in account.transactions)
    assert account.header.opening_balance == opening
    assert account.header.closing_balance == closing
    assert account.reconciliation.ok and account.reconciliation.opening_plus_net_equals_closing
    assert result.status == "ok", result.review
    # provenance: the file and the entry number, no page
    assert [(t.page, t.row_no, t.strategy) for t in account.transactions] == [
        (0, n, strategy) for n in range(1, 5)
    ]
    assert result.page_count == 0 and len(result.sha256) == 64
    return account


def test_camt053_is_schema_valid_and_reads_booked_entries(tmp_path: Path):
    path = b.camt053(tmp_path / "march.xml", pending=1)
    schema = etree.XMLSchema(etree.parse(str(XSD_DIR / "camt.053.001.02.xsd")))
    assert schema.validate(etree.parse(str(path))), schema.error_log
    assert detect_export(path).name == "camt053"
    account = _check(read_export(path), strategy="camt053")
    assert account.header.account_number == b.IBAN and account.header.currency == "EUR"
    assert str(account.header.period_start) == "2025-03-01"
    assert account.transactions[0].description == "Hausverwaltung Meier Rent March"


def test_mt940_reads_balances_and_details(tmp_path: Path):
    path = b.mt940(tmp_path / "march.sta")
    account = _check(read_export(path), strategy="mt940")
    assert account.header.account_number == b.IBAN
    assert str(account.header.period_end) == "2025-03-31"
    assert "Salary 03/2025" in account.transactions[1].description


@pytest.mark.parametrize("card", [False, True])
def test_ofx_written_by_ofxtools(tmp_path: Path, card: bool):
    path = b.ofx(tmp_path / "march.ofx", card=card)
    result = read_export(path)
    if card:
        account = _check(
            result, opening=Decimal("-500.00"), closing=Decimal("1560.55"), strategy="ofx"
        )
        assert account.kind == "credit_card" and account.header.currency == "USD"
    else:
        account = _check(result, strategy="ofx")
        assert account.header.account_number == "0532013000"


def test_qfx_sgml(tmp_path: Path):
    account = _check(read_export(b.qfx_sgml(tmp_path / "march.qfx")), strategy="ofx")
    assert account.header.currency == "USD"


def test_csv_german_newest_first_with_preamble(tmp_path: Path):
    account = _check(read_export(b.csv_german(tmp_path / "umsaetze.csv")), strategy="csv")
    assert account.header.account_number == b.IBAN
    assert account.header.currency == "EUR"
    assert [t.balance for t in account.transactions][-1] == b.CLOSING


def test_csv_english_debit_credit_columns(tmp_path: Path):
    _check(read_export(b.csv_english(tmp_path / "activity.csv")), strategy="csv")


def test_csv_profile_pins_columns_and_formats(tmp_path: Path):
    path = tmp_path / "odd.csv"
    # day-first dates that detection could not tell from month-first, a pinned column
    path.write_text("when|what|how much|left\n01/02/2025|a|-1.50|98.50\n02/02/2025|b|2.00|100.50\n")
    profile = {
        "delimiter": "|",
        "decimal": ".",
        "date_format": "%d/%m/%Y",
        "columns": {"date": "when", "description": "what", "amount": "how much", "balance": "left"},
    }
    account = read_export(path, profile=profile).accounts[0]
    assert [str(t.txn_date) for t in account.transactions] == ["2025-02-01", "2025-02-02"]
    assert account.header.opening_balance == Decimal("100.00")
    with pytest.raises(ExportFormatError, match=r"odd\.csv: .*'nope' is not in the header"):
        read_export(path, profile={"columns": {"date": "nope"}})


def test_csv_broken_running_balance_needs_review(tmp_path: Path):
    path = tmp_path / "gap.csv"
    path.write_text(
        "Date,Description,Amount,Balance\n2025-03-01,a,-1.00,99.00\n2025-03-02,b,-2.00,90.00\n"
    )
    result = read_export(path)
    assert result.status == "needs_review"
    assert "break" in result.review[0].reason


def test_truncated_camt_is_refused_naming_the_file(tmp_path: Path):
    path = b.camt053(tmp_path / "cut.xml")
    path.write_bytes(path.read_bytes()[:900])
    with pytest.raises(ExportFormatError, match=r"^cut\.xml: not well-formed XML"):
        read_export(path)


def test_camt_against_the_wrong_schema_is_refused(tmp_path: Path):
    path = b.camt053(tmp_path / "bad.xml")
    # a balance without its credit/debit indicator breaks the schema
    text = path.read_text().replace("<CdtDbtInd>CRDT</CdtDbtInd>", "", 1)
    path.write_text(text)
    with pytest.raises(
        ExportFormatError, match=r"bad\.xml: does not match the camt\.053\.001\.02 schema"
    ):
        read_export(path)


def test_other_iso20022_message_is_refused(tmp_path: Path):
    path = tmp_path / "pain.xml"
    path.write_text(
        '<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"/>'
    )
    with pytest.raises(ExportFormatError, match=r"not a CAMT\.053 statement"):
        read_export(path)


@pytest.mark.parametrize("builder", [b.mt940, b.camt053])
def test_unbalanced_statement_is_refused(tmp_path: Path, builder):
    path = builder(tmp_path / "unbalanced.dat", closing=Decimal("3060.56"))
    with pytest.raises(ExportFormatError, match="do not add up to the file's own balances"):
        read_export(path)


def test_mt940_without_closing_balance(tmp_path: Path):
    path = b.mt940(tmp_path / "cut.sta")
    path.write_text(path.read_text(encoding="latin-1").split(":62F:")[0], encoding="latin-1")
    with pytest.raises(ExportFormatError, match=r"cut\.sta: message 1: no :62F: balance"):
        read_export(path)


def test_unknown_text_is_not_an_export(tmp_path: Path):
    path = tmp_path / "notes.txt"
    path.write_text("hello\nthis is not a statement\n")
    assert detect_export(path) is None
    with pytest.raises(ExportFormatError, match="not a bank export"):
        read_export(path)
