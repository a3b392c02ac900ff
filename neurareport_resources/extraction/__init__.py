"""Bank-statement extraction: any PDF layout in, a reconciled ledger with provenance out.

A plain library (no Dagster). Each page is read by strategies tried in order
(pdfium text positions, pdfplumber ruling lines, tesseract OCR, an optional
column-role advisor); the statement's number and date conventions are decided
once per statement, and reconciliation picks between candidate readings.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

# The engine and the worker plumbing are imported inside the functions that use them: a
# caller that isolates (the default) never loads the parser, only its worker does, and
# the worker, which imports this package, never loads the process plumbing.
from neurareport_resources.extraction.errors import (
    CorruptPdfError,
    EmptyDocumentError,
    ExtractionError,
    LimitExceededError,
    NotAPdfError,
    PasswordRequiredError,
    WrongPasswordError,
)
from neurareport_resources.extraction.model import (
    UNVERIFIED_SIGNS,
    AccountExtraction,
    ExtractedTransaction,
    ExtractionLimits,
    PageReport,
    PdfProbe,
    Reconciliation,
    ReviewNote,
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
    the remedy.

    The result's ``status`` is ``needs_review`` (with the reasons in ``review``) when the
    statement does not reconcile or nothing printed on it can check the amounts' signs.

    ``column_role_advisor(labels, sample_rows) -> roles | None`` (e.g. an LLM) is
    consulted only for accounts whose money columns the arithmetic could not name (no
    running balance, no totals): ``labels`` are the header labels over
    ``[date, description, money columns...]``, ``sample_rows`` the cell texts of up to
    eight rows in that order, and the answer names one role per position (date,
    value_date, description, debit, credit, amount, balance, other). The isolated run
    comes first; only when it leaves signs unverified is the file re-read in this
    process with the advisor.
    """
    from neurareport_resources.extraction.isolation import run_isolated

    path = Path(path)
    limits = limits or ExtractionLimits()
    if not isolate:
        from neurareport_resources.extraction.engine import extract_in_process

        return extract_in_process(
            path, password=password, limits=limits, column_role_advisor=column_role_advisor
        )
    result: StatementExtraction = run_isolated(path, password=password, limits=limits)
    if column_role_advisor is None or not any(
        note.code == UNVERIFIED_SIGNS for note in result.review
    ):
        return result
    # the child proved the file parses within the limits; the advisor (often an LLM
    # client that cannot cross a process boundary) is consulted here
    from neurareport_resources.extraction.engine import extract_in_process

    return extract_in_process(
        path, password=password, limits=limits, column_role_advisor=column_role_advisor
    )


def probe_pdf(
    path: Path,
    *,
    password: str | None = None,
    limits: ExtractionLimits | None = None,
    isolate: bool = True,
) -> PdfProbe:
    """Hash, size, page count, encryption and text layer of a PDF, without reading tables.

    Raises the same errors as :func:`extract_statement` for files that are not
    PDFs, truncated, or locked (without or with a wrong password). Checking the
    text layer loads the first pages, so by default it also runs in the limited
    worker process.
    """
    probe: PdfProbe = _read_first_pages("probe", path, password, limits, isolate)
    return probe


def read_statement_header(
    path: Path,
    *,
    password: str | None = None,
    limits: ExtractionLimits | None = None,
    isolate: bool = True,
) -> StatementHeader:
    """The statement header (account, currency, period) read from the first pages only.

    Enough to decide which month a statement belongs to without parsing every page;
    the full read (:func:`extract_statement`) happens once, in extraction. Same limits
    and errors as :func:`extract_statement`.
    """
    header: StatementHeader = _read_first_pages("header", path, password, limits, isolate)
    return header


def _read_first_pages(
    op: str, path: Path, password: str | None, limits: ExtractionLimits | None, isolate: bool
) -> Any:
    """Run the worker's ``op`` (``probe`` or ``header``) in the limited worker process, or
    here when ``isolate`` is off: the same engine function either way."""
    path = Path(path)
    limits = limits or ExtractionLimits()
    if isolate:
        from neurareport_resources.extraction.isolation import run_isolated

        return run_isolated(path, password=password, limits=limits, op=op)
    from neurareport_resources.extraction.engine import probe_document, read_header

    if op == "probe":
        return probe_document(path, password, limits)
    return read_header(path, password, limits)


__all__ = [
    "AccountExtraction",
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
    "ReviewNote",
    "StatementExtraction",
    "StatementHeader",
    "WrongPasswordError",
    "extract_statement",
    "probe_pdf",
    "read_statement_header",
]
