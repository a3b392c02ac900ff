"""Bank-statement extraction: any PDF layout in, a reconciled ledger with provenance out.

A plain library (no Dagster). Each page is read by strategies tried in order
(pdfium text positions, pdfplumber ruling lines, tesseract OCR, an optional
column-role advisor); the statement's number and date conventions are decided
once per statement, and reconciliation picks between candidate readings.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

from neurareport_resources.extraction.engine import extract_in_process, probe_document
from neurareport_resources.extraction.errors import (
    CorruptPdfError,
    EmptyDocumentError,
    ExtractionError,
    LimitExceededError,
    NotAPdfError,
    PasswordRequiredError,
    WrongPasswordError,
)
from neurareport_resources.extraction.isolation import run_isolated
from neurareport_resources.extraction.model import (
    ExtractedTransaction,
    ExtractionLimits,
    PageReport,
    PdfProbe,
    Reconciliation,
    StatementExtraction,
    StatementHeader,
)


def extract_statement(
    path: Path,
    *,
    password: str | None = None,
    limits: ExtractionLimits | None = None,
    isolate: bool = True,
    column_role_advisor: Callable[..., Any] | None = None,
) -> StatementExtraction:
    """Read a bank-statement PDF into a header, ledger rows, page reports and a reconciliation.

    With ``isolate`` (the default) the PDF is parsed in a child process under
    ``limits`` (time, memory, pages, file size); a file over a limit raises
    :class:`LimitExceededError` and nothing else is affected. Raises an
    :class:`ExtractionError` subclass whose message names the file, the problem and
    the remedy. ``column_role_advisor(labels, sample_rows) -> roles`` is consulted
    only for pages whose columns the rules could not map; it must be picklable to
    run isolated (otherwise the extraction runs in this process).
    """
    path = Path(path)
    limits = limits or ExtractionLimits()
    if isolate and column_role_advisor is not None:
        try:
            pickle.dumps(column_role_advisor)
        except Exception:
            isolate = False  # the advisor cannot cross into the child process
    if isolate:
        return run_isolated(
            path, password=password, limits=limits, column_role_advisor=column_role_advisor
        )
    return extract_in_process(
        path, password=password, limits=limits, column_role_advisor=column_role_advisor
    )


def probe_pdf(path: Path, *, password: str | None = None) -> PdfProbe:
    """Hash, size, page count, encryption and text layer of a PDF, without reading tables.

    Raises the same errors as :func:`extract_statement` for files that are not
    PDFs, truncated, or locked (without or with a wrong password).
    """
    return probe_document(Path(path), password, ExtractionLimits())


__all__ = [
    "CorruptPdfError",
    "EmptyDocumentError",
    "ExtractedTransaction",
    "ExtractionError",
    "ExtractionLimits",
    "LimitExceededError",
    "NotAPdfError",
    "PageReport",
    "PasswordRequiredError",
    "PdfProbe",
    "Reconciliation",
    "StatementExtraction",
    "StatementHeader",
    "WrongPasswordError",
    "extract_statement",
    "probe_pdf",
]
