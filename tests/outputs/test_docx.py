"""The Word report opened back with python-docx: headings, tables, charts, ledger rows, page numbers."""

from __future__ import annotations

import time
from decimal import Decimal

import docx

from neurareport_resources.rendering import write_report_bundle
from neurareport_resources.rendering.formatting import format_amount, locale_for


def test_docx_has_headings_tables_charts_ledger_and_page_numbers(month, inputs, tmp_path) -> None:
    started = time.perf_counter()
    bundle = write_report_bundle(
        tmp_path / "out",
        basename="acme-2025-03-12345678",
        formats=("docx",),
        isolate=False,
        **inputs,
    )
    elapsed = time.perf_counter() - started
    file = bundle.file("docx")
    assert file.path.name == "acme-2025-03-12345678.docx"
    assert file.media_type.endswith("wordprocessingml.document")
    document = docx.Document(str(file.path))
    headings = [
        p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))
    ]
    assert headings[0] == "Monthly account report"
    for section in ("Summary", "Cash flow by category", "Daily balance trend", "All transactions"):
        assert section in headings
    # summary, categories, largest transactions, ledger
    assert len(document.tables) == 4
    summary, categories, _largest, ledger = document.tables
    rows, header = month
    locale = locale_for("GBP")
    assert [c.text for c in summary.rows[1].cells][:2] == ["12345678", "GBP"]
    assert summary.rows[1].cells[5].text == format_amount(header["closing_balance"], locale)
    assert categories.rows[0].cells[0].text == "Category"
    # the ledger: a header row (repeated on every page) and one row per transaction, amounts exact
    assert [c.text for c in ledger.rows[0].cells] == [
        "Date",
        "Description",
        "Amount",
        "Balance",
        "Category",
    ]
    assert len(ledger.rows) - 1 == len(rows) == file.rows
    assert ledger.rows[0]._tr.trPr.xml.count("tblHeader") == 1
    printed = sorted(c.cells[2].text for c in ledger.rows[1:])
    assert printed == sorted(format_amount(r["amount"], locale) for r in rows)
    assert format_amount(Decimal("-1234567.89"), locale) in printed
    # two charts as PNG images
    images = [r for r in document.part.rels.values() if "image" in r.reltype]
    assert len(images) == 2
    assert all(r.target_part.blob[:8] == b"\x89PNG\r\n\x1a\n" for r in images)
    # page N of M in the footer
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert " PAGE " in footer and " NUMPAGES " in footer
    assert elapsed < 10


def test_docx_is_byte_identical_when_rendered_again(inputs, tmp_path) -> None:
    first = write_report_bundle(
        tmp_path / "a", basename="r", formats=("docx",), isolate=False, **inputs
    )
    time.sleep(1.1)
    second = write_report_bundle(
        tmp_path / "b", basename="r", formats=("docx",), isolate=False, **inputs
    )
    assert first.file("docx").sha256 == second.file("docx").sha256
