"""Xero, QuickBooks and OFX exports read back by independent parsers: amounts and dates exact."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from decimal import Decimal
from pathlib import Path

import duckdb
from ofxtools.Parser import OFXTree

from neurareport_resources.rendering import write_report_bundle
from tests.outputs.conftest import awkward_month, bundle_inputs
from tests.reports.conftest import load_month

EXPORTS = ("xero_csv", "qbo_csv", "qbo4_csv", "ofx")


def _expected(month) -> Counter:
    rows, _ = month
    return Counter((r["txn_date"], r["amount"], " ".join(r["description"].split())) for r in rows)


def _unneutralised(text: str) -> str:
    # the exports keep a spreadsheet from reading text as a formula: a leading apostrophe
    return text[1:] if text.startswith("'") and text[1:2] in "=+-@" else text


def _render(inputs, folder: Path):
    return write_report_bundle(
        folder, basename="acme-2025-03-12345678", formats=EXPORTS, isolate=False, **inputs
    )


def test_xero_csv_reads_back_with_the_published_columns(month, inputs, tmp_path) -> None:
    bundle = _render(inputs, tmp_path / "out")
    path = bundle.file("xero_csv").path
    assert path.name == "acme-2025-03-12345678.xero.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        lines = list(reader)
    # Xero's statement import template, required columns starred
    assert header == ["*Date", "*Amount", "Payee", "Description", "Reference", "Cheque Number"]
    read = Counter(
        (
            dt.datetime.strptime(date, "%d/%m/%Y").date(),
            Decimal(amount),
            _unneutralised(description),
        )
        for date, amount, _payee, description, _ref, _cheque in lines
    )
    assert read == _expected(month)
    assert bundle.file("xero_csv").rows == len(month[0]) == 44
    # amounts as Xero wants them: plain, signed, two places, no thousands separator
    assert "-1234567.89" in path.read_text(encoding="utf-8")


def test_quickbooks_three_and_four_column_csvs_read_back(month, inputs, tmp_path) -> None:
    bundle = _render(inputs, tmp_path / "out")
    with open(bundle.file("qbo_csv").path, encoding="utf-8", newline="") as handle:
        three = list(csv.DictReader(handle))
    with open(bundle.file("qbo4_csv").path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        four = list(reader)
        assert reader.fieldnames == ["Date", "Description", "Credit", "Debit"]
    assert list(three[0]) == ["Date", "Description", "Amount"]
    read3 = Counter(
        (
            dt.datetime.strptime(r["Date"], "%m/%d/%Y").date(),
            Decimal(r["Amount"]),
            _unneutralised(r["Description"]),
        )
        for r in three
    )
    assert read3 == _expected(month)
    read4 = Counter()
    for r in four:
        # exactly one of Credit or Debit, both positive
        assert (r["Credit"] == "") != (r["Debit"] == ""), r
        amount = Decimal(r["Credit"]) if r["Credit"] else -Decimal(r["Debit"])
        assert amount != 0 or r["Debit"] == "0.00"
        assert not (r["Credit"] + r["Debit"]).startswith("-")
        read4[
            (
                dt.datetime.strptime(r["Date"], "%m/%d/%Y").date(),
                amount,
                _unneutralised(r["Description"]),
            )
        ] += 1
    assert read4 == _expected(month)


def test_ofx_parses_back_with_ofxtools(month, inputs, tmp_path) -> None:
    bundle = _render(inputs, tmp_path / "out")
    parser = OFXTree()
    parser.parse(str(bundle.file("ofx").path))
    ofx = parser.convert()
    (statement,) = ofx.statements
    assert statement.curdef == "GBP"
    assert statement.account.acctid == "12345678"
    assert statement.banktranlist.dtstart.date() == dt.date(2025, 3, 1)
    assert statement.banktranlist.dtend.date() == dt.date(2025, 3, 31)
    _rows, header = month
    assert statement.ledgerbal.balamt == header["closing_balance"]
    read = Counter()
    for txn in statement.transactions:
        assert txn.trntype == ("CREDIT" if txn.trnamt > 0 else "DEBIT")
        text = txn.memo or txn.name
        read[(txn.dtposted.date(), txn.trnamt, text)] += 1
    assert read == _expected(month)
    # FITIDs are unique in the file and the same when the month is rendered again
    fitids = [t.fitid for t in statement.transactions]
    assert len(set(fitids)) == len(fitids)
    again = _render(inputs, tmp_path / "again")
    assert again.file("ofx").sha256 == bundle.file("ofx").sha256
    # the opening balance walks through every line to the ledger balance
    total = sum((t.trnamt for t in statement.transactions), Decimal(0))
    assert header["opening_balance"] + total == statement.ledgerbal.balamt


def test_a_report_over_two_accounts_skips_the_bank_imports(tmp_path) -> None:
    conn = duckdb.connect()
    load_month(conn, [awkward_month("11112222", seed=3), awkward_month("33334444", seed=4)])
    bundle = write_report_bundle(
        tmp_path / "combined",
        basename="acme-2025-03-combined",
        formats=("csv", *EXPORTS),
        isolate=False,
        **bundle_inputs(conn),
    )
    assert [f.kind for f in bundle.files] == ["csv"]
    assert set(bundle.skipped) == set(EXPORTS)
    assert "2 accounts" in bundle.skipped["ofx"]


def test_bank_export_cli_reads_the_warehouse(tmp_path, monkeypatch, capsys) -> None:
    import json

    import pyarrow as pa

    from neurareport_assets.cli import main
    from neurareport_resources.analysis.synthetic import ledger_table
    from neurareport_resources.warehouse import Warehouse
    from neurareport_resources.warehouse.tables import TABLE_SCHEMAS

    monkeypatch.setenv("NEURAREPORT_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("NEURAREPORT_ENV", "local")
    wh = Warehouse(str(tmp_path / "home" / "data" / "warehouse"))
    period = dt.date(2025, 3, 1)
    one, two = awkward_month("11112222", seed=3), awkward_month("33334444", seed=4)
    wh.write_partition("transactions", "acme", period, ledger_table(one[0] + two[0]))
    headers = [
        dict(header, account_index=0, kind="account", needs_review=False, review_reason=None)
        for header in (one[1], two[1])
    ]
    wh.write_partition(
        "statements",
        "acme",
        period,
        pa.Table.from_pylist(headers, schema=TABLE_SCHEMAS["statements"]),
    )
    out = tmp_path / "exports"
    common = ["bank-export", "--tenant", "acme", "--period", "2025-03", "--out", str(out)]
    # two accounts: the command asks which
    assert main([*common, "--format", "ofx"]) == 2
    assert "choose one with --account" in capsys.readouterr().err
    assert main([*common, "--format", "ofx", "--format", "qbo_csv", "--account", "33334444"]) == 0
    written = json.loads(capsys.readouterr().out)["files"]
    assert [f["format"] for f in written] == ["ofx", "qbo_csv"]
    parser = OFXTree()
    parser.parse(written[0]["path"])
    (statement,) = parser.convert().statements
    assert statement.account.acctid == "33334444"
    assert statement.ledgerbal.balamt == two[1]["closing_balance"]
    assert Counter((t.dtposted.date(), t.trnamt) for t in statement.transactions) == Counter(
        (r["txn_date"], r["amount"]) for r in two[0]
    )
    assert sorted(p.name for p in out.iterdir()) == [
        "acme-2025-03-33334444.ofx",
        "acme-2025-03-33334444.qbo.csv",
    ]
    assert main([*common, "--format", "ofx", "--account", "99"]) == 2
    assert "no transactions for account 99" in capsys.readouterr().err


def test_a_credit_card_month_is_an_ofx_card_statement(tmp_path) -> None:
    rows, header = awkward_month("4929000011112222", seed=8)
    # a card: the statement prints what is owed; purchases are negative for the holder
    owed_opening = Decimal("500.00")
    owed = owed_opening - sum((r["amount"] for r in rows), Decimal(0))
    header = dict(header, opening_balance=owed_opening, closing_balance=owed)
    conn = duckdb.connect()
    load_month(conn, [(rows, header)])
    bundle = write_report_bundle(
        tmp_path / "card",
        basename="card",
        formats=("ofx",),
        isolate=False,
        **bundle_inputs(conn, statement_kind="credit_card"),
    )
    text = bundle.file("ofx").path.read_text(encoding="utf-8")
    assert "<CREDITCARDMSGSRSV1>" in text and "<BANKACCTFROM>" not in text
    parser = OFXTree()
    parser.parse(str(bundle.file("ofx").path))
    (statement,) = parser.convert().statements
    assert type(statement).__name__ == "CCSTMTRS"
    assert statement.account.acctid == "4929000011112222"
    # OFX: a negative ledger balance is money owed
    assert statement.ledgerbal.balamt == -owed
    total = sum((t.trnamt for t in statement.transactions), Decimal(0))
    assert -owed_opening + total == statement.ledgerbal.balamt
