"""The header read: a statement's period from its first pages, as the full read finds it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from neurareport_resources.extraction import (
    ExtractionLimits,
    LimitExceededError,
    NotAPdfError,
    extract_statement,
    read_statement_header,
)
from neurareport_resources.extraction.engine import HEADER_PAGES, extract_in_process
from neurareport_resources.samples import LAYOUT_FAMILIES


@pytest.mark.parametrize("family", LAYOUT_FAMILIES)
def test_header_read_finds_the_full_reads_period(make_statement, family: str) -> None:
    path, truth = make_statement(family, seed=4, period_start=date(2025, 2, 1), n_transactions=90)
    full = extract_statement(path, isolate=False).header
    header = read_statement_header(path, isolate=False)
    assert (header.period_start, header.period_end) == (full.period_start, full.period_end)
    assert (header.period_start, header.period_end) == (truth.period_start, truth.period_end)
    assert header.account_number == full.account_number
    assert header.currency == full.currency


def test_a_long_statement_is_read_only_on_its_first_pages(make_statement) -> None:
    path, truth = make_statement("ruled_basic", seed=2, n_transactions=400)
    assert truth.page_count > 10
    read = extract_in_process(path, first_pages=HEADER_PAGES)
    assert [page.page for page in read.pages] == list(range(1, HEADER_PAGES + 1))
    assert read.page_count == truth.page_count
    assert read.header.period_end == truth.period_end


def test_a_period_valid_in_one_day_order_only_settles_the_header_read(make_statement) -> None:
    # month-first dates 01/05 .. 01/09 on the first pages read either way; the period
    # 01/05/2025 - 02/04/2025 does not: read day-first it would end before it starts
    path, truth = make_statement(
        "us_month_first_crdr", seed=7, period_start=date(2025, 1, 5), n_transactions=250
    )
    read = extract_in_process(path, first_pages=HEADER_PAGES)
    assert len(read.pages) == HEADER_PAGES < truth.page_count
    header = read_statement_header(path)
    assert (header.period_start, header.period_end) == (date(2025, 1, 5), date(2025, 2, 4))
    assert (header.period_start, header.period_end) == (truth.period_start, truth.period_end)


def test_header_read_keeps_the_limits_and_errors(make_statement, tmp_path: Path) -> None:
    not_pdf = tmp_path / "notes.pdf"
    not_pdf.write_text("Date,Amount\n2025-01-01,12.00\n")
    with pytest.raises(NotAPdfError) as caught:
        read_statement_header(not_pdf)
    assert "notes.pdf" in str(caught.value)
    path, _ = make_statement("ruled_basic", seed=2, n_transactions=400)
    with pytest.raises(LimitExceededError, match="page limit"):
        read_statement_header(path, limits=ExtractionLimits(max_pages=5))
