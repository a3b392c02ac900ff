"""The fast path on the demo's layout: header, rows, provenance, reconciliation, JSON."""

from __future__ import annotations

import json
from decimal import Decimal

from neurareport_resources.extraction import extract_statement, probe_pdf


def test_ruled_basic_matches_truth(make_statement) -> None:
    path, truth = make_statement("ruled_basic", seed=7, n_transactions=60)
    result = extract_statement(path, isolate=False)
    header = result.header
    assert header.account_number == truth.account_number
    assert header.holder == truth.holder
    assert header.currency == truth.currency
    assert (header.period_start, header.period_end) == (truth.period_start, truth.period_end)
    assert header.opening_balance == truth.opening_balance
    assert header.closing_balance == truth.closing_balance
    got = [(t.txn_date, t.amount, t.balance, t.description) for t in result.transactions]
    want = [(t.txn_date, t.amount, t.balance, t.description) for t in truth.transactions]
    assert got == want
    assert result.reconciliation.ok, result.reconciliation.message
    assert result.reconciliation.opening_plus_net_equals_closing
    assert result.page_count == truth.page_count >= 2


def test_rows_keep_provenance(make_statement) -> None:
    path, truth = make_statement("ruled_basic", seed=7, n_transactions=60)
    result = extract_statement(path, isolate=False)
    assert [t.row_no for t in result.transactions] == list(range(1, len(truth.transactions) + 1))
    assert {t.strategy for t in result.transactions} == {"pdfium_words"}
    assert {t.page for t in result.transactions} == set(range(1, truth.page_count + 1))
    for txn in result.transactions:
        x0, top, x1, bottom = txn.bbox
        assert 0 <= x0 < x1 <= 595 and 0 <= top < bottom <= 842
    pages = result.pages
    assert [p.strategy for p in pages] == ["pdfium_words"] * truth.page_count
    assert pages[0].columns == ["date", "description", "debit", "credit", "balance"]
    assert pages[0].table_rows and len(pages[0].table_rows[1]) == 5


def test_to_dict_is_the_cli_json(make_statement) -> None:
    path, truth = make_statement("ruled_basic", seed=3)
    data = extract_statement(path, isolate=False).to_dict()
    json.dumps(data)  # plain JSON types only
    assert list(data) == [
        "account_number", "currency", "period_start", "period_end", "opening_balance",
        "closing_balance", "holder", "kind", "status", "review", "transactions", "accounts",
        "pages", "page_flags", "reconciliation",
    ]  # fmt: skip
    assert data["status"] == "ok" and data["review"] == [] and data["kind"] == "account"
    assert len(data["accounts"]) == 1
    assert data["accounts"][0]["transactions"] == data["transactions"]
    assert data["period_start"] == truth.period_start.isoformat()
    assert data["opening_balance"] == f"{truth.opening_balance:.2f}"
    first = data["transactions"][0]
    assert set(first) == {
        "date", "description", "amount", "balance", "page", "row_no", "strategy", "account_number",
    }  # fmt: skip
    assert Decimal(first["amount"]) == truth.transactions[0].amount
    assert data["pages"] == truth.page_count
    assert data["page_flags"][0]["strategy"] == "pdfium_words"
    assert data["reconciliation"]["ok"] is True


def test_isolated_extraction_gives_the_same_result(make_statement) -> None:
    path, _ = make_statement("ruled_basic", seed=3)
    assert extract_statement(path).to_dict() == extract_statement(path, isolate=False).to_dict()


def test_probe(make_statement) -> None:
    path, truth = make_statement("ruled_basic", seed=3)
    probe = probe_pdf(path)
    assert probe.page_count == truth.page_count
    assert probe.size_bytes == path.stat().st_size
    assert len(probe.sha256) == 64
    assert probe.encrypted is False
    assert probe.has_text_layer is True


def test_day_month_order_settled_by_the_period_when_values_cannot(tmp_path) -> None:
    from datetime import date

    from neurareport_resources.samples import generate_statement, random_statement_spec

    spec = random_statement_spec("us_month_first_crdr", seed=4, period_start=date(2025, 3, 1))
    # every day <= 12: "03/05/2025" reads both ways; only month-first stays in March
    spec.transactions = [
        (date(2025, 3, 1 + i % 12), text, amount)
        for i, (_, text, amount) in enumerate(sorted(spec.transactions, key=lambda t: t[0]))
    ]
    spec.transactions.sort(key=lambda t: t[0])
    truth = generate_statement(spec, tmp_path / "ambiguous.pdf")
    result = extract_statement(tmp_path / "ambiguous.pdf", isolate=False)
    assert [t.txn_date for t in result.transactions] == [t.txn_date for t in truth.transactions]


def test_subtotal_and_forward_rows_are_not_transactions(make_statement) -> None:
    path, truth = make_statement("daymonth_forward_rows", seed=2, n_transactions=50)
    result = extract_statement(path, isolate=False)
    assert truth.page_count >= 2
    assert len(result.transactions) == len(truth.transactions)
    texts = {t.description.lower() for t in result.transactions}
    assert not texts & {"total", "balance brought forward", "balance carried forward"}
    assert result.reconciliation.ok
