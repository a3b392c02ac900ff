"""Accuracy on the generated corpus: transaction F1 and header fields, per layout family."""

from __future__ import annotations

from datetime import date

import pytest

from neurareport_resources.extraction import extract_statement
from neurareport_resources.extraction.ocr import tesseract_available
from neurareport_resources.samples import LAYOUT_FAMILIES
from neurareport_resources.samples.scoring import Score, header_score, transaction_score

# the cycle starting 10 Dec crosses New Year: dates without a year must land in both years
PERIODS = (date(2025, 1, 1), date(2024, 12, 10), date(2025, 6, 1))
TEXT_SEEDS = range(3)


def _score(path, truth) -> tuple[Score, Score, bool]:
    result = extract_statement(path, isolate=False)
    found = [(t.txn_date, t.amount, t.balance) for t in result.transactions]
    return (
        transaction_score(truth, found),
        header_score(truth, result.header),
        result.reconciliation.ok,
    )


def test_layout_families_cover_the_issue() -> None:
    assert LAYOUT_FAMILIES[0] == "ruled_basic"
    assert len(LAYOUT_FAMILIES) >= 10


@pytest.mark.parametrize("family", LAYOUT_FAMILIES)
def test_text_pdf_accuracy(family: str, make_statement) -> None:
    total = Score(0, 0, 0)
    header = Score(0, 0, 0)
    for seed in TEXT_SEEDS:
        path, truth = make_statement(
            family, seed=seed, period_start=PERIODS[seed % 3], n_transactions=20 + 17 * seed
        )
        txns, fields, reconciled = _score(path, truth)
        total, header = total + txns, header + fields
        assert reconciled, f"{family} seed {seed} did not reconcile"
    assert total.f1 >= 0.995, (family, total)
    assert header.f1 >= 0.99, (family, header)


needs_tesseract = pytest.mark.skipif(not tesseract_available(), reason="tesseract not installed")


@needs_tesseract
def test_scanned_page_quick(make_statement) -> None:
    path, truth = make_statement("ruled_basic", seed=11, n_transactions=18, scanned=True)
    result = extract_statement(path, isolate=False)
    assert result.has_text_layer is False
    assert result.pages[0].strategy == "ocr"
    assert {"scanned", "ocr"} <= set(result.pages[0].flags)
    assert result.pages[0].rejected["pdfium_words"] == "page has no text layer"
    found = [(t.txn_date, t.amount, t.balance) for t in result.transactions]
    assert transaction_score(truth, found).f1 >= 0.97
    assert header_score(truth, result.header).f1 >= 0.99


@needs_tesseract
@pytest.mark.slow
def test_scanned_accuracy_all_families(make_statement) -> None:
    total = Score(0, 0, 0)
    header = Score(0, 0, 0)
    for family in LAYOUT_FAMILIES:
        path, truth = make_statement(family, seed=21, n_transactions=30, scanned=True)
        txns, fields, _ = _score(path, truth)
        total, header = total + txns, header + fields
    assert total.f1 >= 0.97, total
    assert header.f1 >= 0.99, header
