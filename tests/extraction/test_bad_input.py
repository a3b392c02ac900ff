"""Bad input: every failure is a typed error with a one-line, actionable message."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reportlab.pdfgen import canvas

from neurareport_resources.extraction import (
    CorruptPdfError,
    EmptyDocumentError,
    ExtractionError,
    NotAPdfError,
    PasswordRequiredError,
    WrongPasswordError,
    extract_statement,
    probe_pdf,
)


def _one_line(error: ExtractionError, path: Path) -> None:
    text = str(error)
    assert "\n" not in text
    assert path.name in text
    assert error.path == path
    assert error.reason and error.reason in text


@pytest.mark.parametrize("isolate", [False, True])
def test_not_a_pdf(tmp_path: Path, isolate: bool) -> None:
    path = tmp_path / "statement.pdf"
    path.write_text("Date,Amount\n2025-01-01,12.00\n")
    with pytest.raises(NotAPdfError) as caught:
        extract_statement(path, isolate=isolate)
    _one_line(caught.value, path)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(NotAPdfError, match="empty"):
        probe_pdf(path)


@pytest.mark.parametrize("isolate", [False, True])
def test_truncated_pdf(make_statement, tmp_path: Path, isolate: bool) -> None:
    source, _ = make_statement("ruled_basic", seed=3)
    path = tmp_path / "truncated.pdf"
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(CorruptPdfError) as caught:
        extract_statement(path, isolate=isolate)
    _one_line(caught.value, path)
    assert "truncated" in str(caught.value)


def test_garbled_pdf(tmp_path: Path) -> None:
    path = tmp_path / "garbled.pdf"
    path.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 500 + b"\n%%EOF\n")
    with pytest.raises(CorruptPdfError):
        extract_statement(path, isolate=False)


@pytest.mark.parametrize("isolate", [False, True])
def test_encrypted_without_and_with_wrong_password(make_statement, isolate: bool) -> None:
    path, truth = make_statement("ruled_basic", seed=5, password="s3cret")
    with pytest.raises(PasswordRequiredError) as missing:
        extract_statement(path, isolate=isolate)
    _one_line(missing.value, path)
    assert "password" in str(missing.value)
    with pytest.raises(WrongPasswordError) as wrong:
        extract_statement(path, password="guess", isolate=isolate)
    _one_line(wrong.value, path)
    result = extract_statement(path, password="s3cret", isolate=isolate)
    assert result.encrypted is True
    assert [t.amount for t in result.transactions] == [t.amount for t in truth.transactions]
    assert probe_pdf(path, password="s3cret").encrypted is True
    with pytest.raises(PasswordRequiredError):
        probe_pdf(path)


def test_zero_pages(tmp_path: Path) -> None:
    path = tmp_path / "zero.pdf"
    document = pdfium.PdfDocument.new()
    document.save(str(path))
    document.close()
    with pytest.raises(EmptyDocumentError, match="no pages") as caught:
        extract_statement(path, isolate=False)
    _one_line(caught.value, path)


def test_page_without_table_is_flagged_and_the_rest_goes_on(make_statement, tmp_path: Path) -> None:
    source, truth = make_statement("ruled_basic", seed=3)
    cover = tmp_path / "cover.pdf"
    pdf = canvas.Canvas(str(cover))
    pdf.drawString(72, 720, "Dear customer, please find your statement enclosed.")
    pdf.drawString(72, 700, "Our terms and conditions changed on 1 March; see our website.")
    pdf.showPage()
    pdf.save()
    merged = pdfium.PdfDocument(str(cover))
    merged.import_pages(pdfium.PdfDocument(str(source)))
    path = tmp_path / "with-cover.pdf"
    merged.save(str(path))
    result = extract_statement(path, isolate=False)
    assert result.pages[0].flags == ["no_table"]
    assert result.pages[0].strategy is None
    assert "pdfium_words" in result.pages[0].rejected
    assert len(result.transactions) == len(truth.transactions)
    assert result.transactions[0].page == 2


def test_document_without_any_table(tmp_path: Path) -> None:
    path = tmp_path / "letter.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.drawString(72, 720, "Dear customer, this letter holds no statement at all, only words.")
    pdf.showPage()
    pdf.save()
    with pytest.raises(EmptyDocumentError, match="no transaction table") as caught:
        extract_statement(path, isolate=False)
    _one_line(caught.value, path)


@pytest.mark.parametrize("isolate", [False, True])
def test_probe_errors(tmp_path: Path, isolate: bool) -> None:
    path = tmp_path / "notes.pdf"
    path.write_text("not a pdf at all")
    with pytest.raises(NotAPdfError):
        probe_pdf(path, isolate=isolate)
